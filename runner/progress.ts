/**
 * Where the learner stands: every kata's status, and the kata to work on now.
 *
 * @module
 */
import { kataTitle } from "../course/manifest.ts";
import type { Context } from "./context.ts";
import {
  inspect,
  type KataFiles,
  type Progress,
  type Status,
} from "./kata_status.ts";
import { dim } from "./render.ts";
import { cachedTestKatas } from "./cache.ts";
import { listKatas } from "./stubs.ts";

/**
 * The status of every kata. Katas still the stub are not run (a stub fails by construction);
 * a kata whose test file is missing or changed is not run either; the others run in one
 * `deno test`, but those whose result is cached (`runner/cache.ts`). `known` holds statuses still true (watch mode: done, and unchanged since).
 */
export async function progress(
  ctx: Context,
  known: ReadonlyMap<string, Status> = new Map(),
  signal?: AbortSignal,
): Promise<Progress> {
  const katas = await listKatas(ctx.root);
  const files = new Map<string, KataFiles>();
  const statuses = new Map<string, Status>();
  const toRun: string[] = [];
  for (const kata of katas) {
    const f = await inspect(ctx.root, kata);
    files.set(kata, f);
    if (known.has(kata)) statuses.set(kata, known.get(kata)!);
    else if (f.stub) statuses.set(kata, { kind: "stub" });
    else if (f.changedTests.length) {
      statuses.set(kata, { kind: "testChanged", files: f.changedTests });
    } else toRun.push(kata);
  }
  const onCheck = ctx.tty ? liveLine(ctx) : kataLines();
  const { statuses: tested, seeds } = await cachedTestKatas(ctx.root, toRun, {
    ...ctx,
    onCheck,
    signal,
  });
  if (ctx.tty) write("\r\x1b[K");
  for (const [kata, status] of tested) statuses.set(kata, status);
  for (const kata of katas) {
    if (statuses.get(kata)?.kind === "done") {
      statuses.set(kata, {
        kind: "done",
        reference: files.get(kata)!.reference,
      });
    }
  }
  return {
    katas,
    statuses,
    current: current(katas, statuses),
    files,
    seeds,
  };
}

/**
 * The kata to work on: the first, in order, that was started and does not pass (or, when it
 * waits for an earlier kata, that one); when every started kata passes, the first stub.
 */
function current(
  katas: readonly string[],
  statuses: ReadonlyMap<string, Status>,
): string | undefined {
  let found = katas.find((k) =>
    !["done", "stub"].includes(statuses.get(k)?.kind ?? "")
  );
  for (
    let s = found ? statuses.get(found) : undefined;
    s?.kind === "waiting";
  ) {
    found = s.needs; // the earlier kata to finish first
    s = statuses.get(s.needs);
  }
  return found ?? katas.find((k) => statuses.get(k)?.kind === "stub");
}

/** Prints each check as it starts on one line of the terminal, overwritten by the next. */
function liveLine(ctx: Context): (kata: string, check: string) => void {
  const width = Deno.consoleSize().columns - 1;
  return (kata, check) =>
    write(
      `\r\x1b[K${
        dim(ctx, `testing ${kataTitle(kata)}: ${check}`.slice(0, width))
      }`,
    );
}

/**
 * Where output is not a terminal (a pipe, a log), a line on standard error as each kata's
 * suite starts, so that a long run shows it is moving; standard output keeps the screen.
 */
function kataLines(): (kata: string, check: string) => void {
  const seen = new Set<string>();
  return (kata) => {
    if (seen.has(kata)) return;
    seen.add(kata);
    Deno.stderr.writeSync(
      new TextEncoder().encode(`testing ${kataTitle(kata)}…\n`),
    );
  };
}

function write(text: string): void {
  Deno.stdout.writeSync(new TextEncoder().encode(text));
}
