/**
 * `deno task run --mine`: training with the learner's own `katas/`. Before the training
 * starts, `app/run.ts` runs the suite of the kata the engine comes from (kata 11's for the
 * scalar engine, kata 12's for the fast one) as the learner would, `deno test` in a child
 * process, with `-- --report`: the suite first runs the checks of every earlier kata it
 * builds on (its gate), then its own. The first kata that does not pass is named from the
 * report's events (`course/report.ts`), with the command that shows why. The training
 * process then only imports the learner's module ({@linkcode importMine}). Both first refuse
 * a `katas/` that holds a symbolic link, a FIFO, a socket or a device (`app/kata_tree.ts`):
 * a linked module would run code from outside `katas/`, read without any permission check.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { courseEntry, kataTitle, kataTopic } from "../course/manifest.ts";
import {
  giveKey,
  keyInput,
  newReportKey,
  outputLines,
  parseReportLine,
  type ReportEvent,
} from "../course/report.ts";
import { spawnDeno, UserError } from "./cli.ts";
import type { EngineName } from "./engines.ts";
import { checkKataTree } from "./kata_tree.ts";

/** The katas an engine can come from: kata 11 (scalar) or kata 12 (fast). */
export type MineKata = "11_train" | "12_efficiency";

/**
 * The kata whose module the engine `engine` is, with `--mine`.
 *
 * @example
 * ```ts
 * mineKata("scalar"); // "11_train"
 * ```
 */
export function mineKata(engine: EngineName): MineKata {
  return engine === "fast" ? "12_efficiency" : "11_train";
}

/** How long `--mine`'s gate lets the kata's modules load: the kata runner's time limit. */
export const LOAD_LIMIT_SECONDS = 30;

/** Why a kata does not pass yet: the kata to work on, and the reason in one line. */
export interface NotYet {
  /** The kata to work on: `kata` itself, or an earlier one it builds on. */
  readonly which: string;
  /** Why, in one line. */
  readonly why: string;
}

/**
 * The one-line error that tells the learner which kata does not pass yet, and how to see why.
 *
 * @example
 * ```ts
 * notYet({ which: "05_softmax", why: "it does not load: boom" }).message;
 * // "--mine: your kata 05_softmax does not pass yet (it does not load: boom) — run `deno test katas/05_softmax` to see why"
 * ```
 */
export function notYet({ which, why }: NotYet): UserError {
  return new UserError(
    `--mine: your kata ${which} does not pass yet (${why}) — run \`deno test katas/${which}\` to see why`,
  );
}

/** The kata that the first line of a load error points at, as `katas/NN_name/`. */
function kataIn(line: string): string | undefined {
  return /katas\/(\d\d_\w+)\//.exec(line)?.[1];
}

/**
 * Why `kata` does not load, from the first error Deno printed when its suite could not run
 * (`output`, everything the run printed): the reason, and the kata it points at.
 */
function loadFailure(kata: string, output: string): NotYet {
  const line = output.split("\n").find((l) =>
    /^error: /.test(l) && l !== "error: Test failed"
  );
  if (line === undefined) {
    return { which: kata, why: "its suite did not run: Deno printed no error" };
  }
  let why = line.slice("error: ".length);
  // Thrown while the module ran: the error's message, as an import that fails gives it.
  const thrown =
    /^(?:Uncaught )?\(in promise\) (?:\w*Error: )?|^Uncaught (?:\w*Error: )?/;
  why = why.replace(thrown, "");
  return { which: kataIn(why) ?? kata, why: `it does not load: ${why}` };
}

/**
 * Why `kata` does not pass, from what its suite run reported (`events`, in order) and printed
 * (`output`); undefined when it passes. An earlier kata that fails the gate is named with
 * the gate's reason, a failing check of `kata` by its name and the first line of its
 * problem; a suite that never ended did not load.
 *
 * @example
 * ```ts
 * verdict("11_train", [
 *   { kata: "11_train", event: "begin", seed: 1 },
 *   { kata: "11_train", event: "prerequisite", needs: "02_value", check: "02 value: add", why: "got 3" },
 * ], "");
 * // { which: "02_value", why: "got 3" }
 * ```
 */
export function verdict(
  kata: string,
  events: readonly ReportEvent[],
  output: string,
): NotYet | undefined {
  for (const e of events) {
    if (e.kata !== kata) continue;
    if (e.event === "prerequisite") return { which: e.needs, why: e.why };
    if (e.event === "fail") {
      const check = `${kataTitle(kata)}: ${e.check}`;
      const why = e.problem.split("\n")[0];
      return { which: kata, why: `"${check}" fails: ${why}` };
    }
    if (e.event === "end") return undefined;
  }
  return loadFailure(kata, output);
}

/** Whether `event` settles whether the suite of `kata` passes: no need to wait for more. */
function decisive(kata: string, event: ReportEvent): boolean {
  return event.kata === kata &&
    (event.event === "prerequisite" || event.event === "fail" ||
      event.event === "end");
}

/**
 * Runs the suite of the learner's kata `kata` (in `katas/` under `root`) as `deno test …
 * -- --report`, with no permissions, and throws the one-line {@link notYet} error when it
 * or an earlier kata it builds on does not pass. It stops the suite at the first failure, and
 * when the kata's modules do not finish loading in `loadLimit` seconds (a loop at the top
 * level of one). First, it refuses with one line a `katas/` that holds a symbolic link, a FIFO,
 * a socket or a device ({@linkcode checkKataTree}), before any of it runs.
 * Needs `--allow-run=deno` and `--allow-read` of `katas/` under `root`.
 *
 * @example
 * ```ts
 * await checkMine("11_train", new URL("../", import.meta.url));
 * ```
 */
export async function checkMine(
  kata: MineKata,
  root: URL,
  loadLimit = LOAD_LIMIT_SECONDS,
): Promise<void> {
  await checkKataTree(new URL("katas/", root));
  const suite = new URL(`katas/${kata}/${kataTopic(kata)}_test.ts`, root);
  // The run's key, on stdin: only report lines that carry it count (course/report.ts).
  const key = newReportKey();
  const child = spawnDeno("to check your katas", {
    args: [
      "test",
      "--no-prompt",
      // As the training imports the module, without type-checking it: a type error alone
      // does not stop --mine.
      "--no-check",
      `--config=${fileURLToPath(new URL("deno.json", root))}`,
      fileURLToPath(suite),
      "--",
      "--report",
    ],
    env: { NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  });
  const given = giveKey(child.stdin, keyInput(key, 1));
  const events: ReportEvent[] = [];
  const printed: string[] = [];
  const errors = new Response(child.stderr).text();
  let loading: string | undefined; // the kata's module, while its test file imports them
  let stalled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  for await (const line of outputLines(child.stdout)) {
    const event = parseReportLine(line, key);
    if (event === undefined) {
      printed.push(line);
      continue;
    }
    events.push(event);
    if (event.kata === kata && event.event === "load") {
      loading = event.module;
      timer = setTimeout(() => {
        stalled = true;
        stop(child);
      }, loadLimit * 1000);
    } else if (event.kata === kata && event.event === "begin") {
      clearTimeout(timer);
    }
    if (decisive(kata, event)) {
      stop(child); // the rest of the suite cannot change the verdict
      break;
    }
  }
  clearTimeout(timer);
  await Promise.all([child.status, given]);
  if (stalled) {
    throw notYet({
      which: kata,
      why:
        `${loading}, or an earlier kata's module it imports, did not finish loading in ` +
        `${loadLimit} s: a loop at the top level?`,
    });
  }
  const why = verdict(kata, events, `${await errors}\n${printed.join("\n")}`);
  if (why) throw notYet(why);
}

/** Stops `child`, unless it has already ended. */
function stop(child: Deno.ChildProcess): void {
  try {
    child.kill();
  } catch {
    // It ended on its own in the meantime.
  }
}

/**
 * The learner's module of kata `kata` (`katas/11_train/train.ts`), imported by a path built
 * at run time, so that a kata that does not even load cannot break a run without `--mine`.
 * {@link checkMine} has run its suite first; should it still not load, the error names the
 * kata. Needs `--allow-read` of `katas/` and `lib/`. It looks at `katas/` again first, and
 * at `lib/` ({@linkcode checkKataTree}): a link made while the suite ran is refused too, and
 * a link in `lib/`, which this process may read.
 *
 * @example
 * ```ts
 * const train = await importMine("11_train");
 * ```
 */
export async function importMine(kata: MineKata): Promise<unknown> {
  await checkKataTree(new URL("../katas/", import.meta.url));
  await checkKataTree(new URL("../lib/", import.meta.url), "lib");
  const module = `../katas/${kata}/${courseEntry(kata).module}`;
  try {
    // deno-lint-ignore house/layers -- the learner's module of a kata the course names: katas/ is below app/
    return await import(new URL(module, import.meta.url).href);
  } catch (error) {
    const why = (error as Error).message.split("\n")[0];
    throw notYet({
      which: kataIn(why) ?? kata,
      why: `it does not load: ${why}`,
    });
  }
}
