/**
 * The kata runner, `deno task kata`: where you are, what fails, hints, reset and skip-ahead.
 * Every status is derived from the files and from running the suites (see
 * `runner/kata_status.ts`); the only thing remembered is the last hint shown of each kata, in
 * `.cache/kata_hints.json`, which is safe to delete.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { runMain, UsageError, UserError } from "../app/cli.ts";
import { parseLesson, wrap } from "./kata_lesson.ts";
import {
  inspect,
  type KataFiles,
  label,
  type Status,
  testKatas,
  TIME_LIMIT_SECONDS,
  uses,
} from "./kata_status.ts";
import {
  generateKata,
  isKataSource,
  listKatas,
  replaceFiles,
} from "./stubs.ts";

/** What `deno task kata --help` prints. */
export const HELP = `Usage: deno task kata [COMMAND] [--time-limit=SECONDS]

  (no command)        where you are: progress, your current kata, its first failing check
  list                every kata: done, failing or not started
  watch               rerun your current kata on every save under katas/; Ctrl-C stops
  hint [NN] [LEVEL]   a hint for your current kata, or kata NN: one more each time
  reset NN            make kata NN the stub again; your files are kept in backups/
  skip NN             fill every kata before NN with the reference solution (backups kept)
  solution NN         the reference solution of kata NN, once it passes (or with --force)

NN is a kata's number or folder: 5, 05 or 05_softmax (so hint 2 is kata 02's next
hint; a level comes after the kata: hint 05 2). --time-limit stops a check that
runs longer (default ${TIME_LIMIT_SECONDS} s). With only Node: npx -y deno@2.9.6 task kata …`;

/** What a command needs: the project, the seed of its test runs, and where it prints. */
interface Context {
  readonly root: URL;
  readonly seed: number;
  readonly limit: number;
  readonly color: boolean;
  readonly tty: boolean;
}

const BAR = 22;

function paint(ctx: Context, code: number, text: string): string {
  return ctx.color ? `\x1b[${code}m${text}\x1b[0m` : text;
}
const green = (ctx: Context, t: string) => paint(ctx, 32, t);
const red = (ctx: Context, t: string) => paint(ctx, 31, t);
const yellow = (ctx: Context, t: string) => paint(ctx, 33, t);
const bold = (ctx: Context, t: string) => paint(ctx, 1, t);
const dim = (ctx: Context, t: string) => paint(ctx, 2, t);

/** The number of a kata, as commands take it: `"05"`. */
function number(kata: string): string {
  return kata.slice(0, 2);
}

/**
 * The kata folder that `arg` names: a number (`5`, `05`), a folder (`05_softmax`) or a topic
 * (`softmax`). Throws a {@link UsageError} listing the katas otherwise.
 */
export function resolveKata(arg: string, katas: readonly string[]): string {
  const wanted = /^\d{1,2}$/.test(arg) ? arg.padStart(2, "0") : arg;
  const found = katas.find((k) =>
    k === wanted || number(k) === wanted || k.slice(3) === wanted
  );
  if (found) return found;
  throw new UsageError(
    `no kata ${arg}: the katas are ${number(katas[0])} to ${
      number(katas[katas.length - 1])
    } (deno task kata list shows them)`,
  );
}

// ---------------------------------------------------------------------------------------
// Where the learner stands

/** Every kata's status, in order, and the first one not done (`undefined`: all done). */
interface Progress {
  readonly katas: readonly string[];
  readonly statuses: ReadonlyMap<string, Status>;
  readonly current?: string;
  /** What each kata's folder holds. */
  readonly files: ReadonlyMap<string, KataFiles>;
}

/**
 * The status of every kata. Katas still the stub are not run (a stub fails by construction);
 * a kata whose test file is missing or changed is not run either; the others run in one
 * `deno test`. `known` holds statuses still true (watch mode: done, and unchanged since).
 * The current kata is the first, in order, that was started and does not pass (or, when it
 * waits for an earlier kata, that one); when every started kata passes, the first stub.
 */
async function progress(
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
  const encode = (text: string) => new TextEncoder().encode(text);
  const width = ctx.tty ? Deno.consoleSize().columns - 1 : 0;
  const onCheck = ctx.tty
    ? (kata: string, check: string) =>
      Deno.stdout.writeSync(encode(
        `\r\x1b[K${
          dim(ctx, `testing ${label(kata)}: ${check}`.slice(0, width))
        }`,
      ))
    : undefined;
  const tested = await testKatas(ctx.root, toRun, { ...ctx, onCheck, signal });
  if (ctx.tty) Deno.stdout.writeSync(encode("\r\x1b[K"));
  for (const [kata, status] of tested) statuses.set(kata, status);
  for (const kata of katas) {
    if (statuses.get(kata)?.kind === "done") {
      statuses.set(kata, {
        kind: "done",
        reference: files.get(kata)!.reference,
      });
    }
  }
  let current = katas.find((k) =>
    !["done", "stub"].includes(statuses.get(k)?.kind ?? "")
  );
  for (
    let s = current ? statuses.get(current) : undefined;
    s?.kind === "waiting";
  ) {
    current = s.needs; // the earlier kata to finish first
    s = statuses.get(s.needs);
  }
  current ??= katas.find((k) => statuses.get(k)?.kind === "stub");
  return { katas, statuses, current, files };
}

function bar(ctx: Context, done: number, total: number): string {
  const filled = Math.round((done / total) * BAR);
  return `[${green(ctx, "█".repeat(filled))}${
    "░".repeat(BAR - filled)
  }] ${done}/${total}`;
}

async function lessonOf(ctx: Context, kata: string) {
  const path = `katas/${kata}/README.md`;
  try {
    return parseLesson(await Deno.readTextFile(new URL(path, ctx.root)));
  } catch (e) {
    const problem = e instanceof Deno.errors.NotFound
      ? "is missing"
      : `is not as it came (${(e as Error).message})`;
    throw new UserError(
      `${path} ${problem}: restore it with git checkout ${path}`,
    );
  }
}

/** How a status reads after "failing" in the list: a short reason, the kind first. */
function reason(status: Status): string {
  switch (status.kind) {
    case "failing":
      return `"${status.check}"`;
    case "waiting":
      return `needs kata ${label(status.needs)} to pass first`;
    case "broken":
      return "does not type-check or load";
    case "testChanged":
      return "its test file is missing or changed";
    case "stuck":
      return `stopped after ${status.seconds} s: "${status.check}"`;
    default:
      return "";
  }
}

/** The lines that say why the current kata is not done. */
function explain(
  ctx: Context,
  kata: string,
  status: Status,
  files: string[],
): string[] {
  // The problem's own lines are indented already; Deno's messages keep theirs (carets).
  const indent = (text: string, trim = true) =>
    text.split("\n").map((l) => `    ${trim ? l.trim() : l}`);
  switch (status.kind) {
    case "stub":
      return [
        wrap(
          `Not started: ${files.join(", ")} ${
            files.length === 1 ? "is" : "are"
          } still the stub. Read the lesson (katas/${kata}/README.md), then replace ` +
            `each "not implemented" throw with your code.`,
          80,
          "  ",
        ),
      ];
    case "failing":
      return [
        `  First failing check: ${bold(ctx, status.check)}`,
        ...indent(red(ctx, status.problem)),
        ...(status.diagnosis
          ? [wrap(`this looks like ${status.diagnosis}`, 80, "    ")]
          : []),
      ];
    case "waiting":
      return [
        `  It builds on your kata ${
          label(status.needs)
        }, which does not pass yet:`,
        ...indent(status.why),
      ];
    case "testChanged":
      return [
        wrap(
          `${status.files.join(", ")} ${
            status.files.length === 1 ? "is" : "are"
          } missing or not as it came, so the runner cannot check this kata. ` +
            `Restore it (your own tests can go in a file of their own): ` +
            `git checkout ${status.files.join(" ")}`,
          80,
          "  ",
        ),
      ];
    case "broken":
      return [
        "  Your code does not type-check or load. Deno says:",
        ...indent(red(ctx, status.message), false),
        `  (To start this kata again from the stub: deno task kata reset ${
          number(kata)
        }, which keeps your files.)`,
      ];
    case "stuck":
      return [
        `  The check "${status.check}" ran for ${status.seconds} s and was stopped.`,
        wrap(
          "It is probably stuck in a loop that never advances (a counter or index that " +
            "is never updated, a stack that never empties).",
          80,
          "  ",
        ),
      ];
    default:
      return [];
  }
}

/** The screen of `deno task kata`: progress, the current kata and how to go on. */
async function whereScreen(
  ctx: Context,
  p: Progress,
  watching: boolean,
): Promise<string> {
  const { katas, statuses, current } = p;
  const passed = katas.filter((k) => statuses.get(k)?.kind === "done");
  const out: string[] = [
    `${bold(ctx, "microgpt katas")} ${bar(ctx, passed.length, katas.length)}`,
  ];
  if (passed.length) out.push("");
  for (const kata of passed) {
    const s = statuses.get(kata);
    const ref = s?.kind === "done" && s.reference
      ? dim(ctx, "  (reference solution)")
      : "";
    out.push(`${green(ctx, "✓")} ${label(kata)}${ref}`);
  }
  // The learner's latest kata that passes (not one that skip filled in).
  const before = current ? katas.indexOf(current) : katas.length;
  const last = passed.filter((k) => katas.indexOf(k) < before).findLast((k) => {
    const s = statuses.get(k);
    return s?.kind === "done" && !s.reference;
  });
  if (last) {
    out.push(
      "",
      `${green(ctx, `${label(last)} passes`)}: well done. See the reference: ` +
        `deno task kata solution ${number(last)}`,
    );
  }
  if (!current) {
    out.push(
      "",
      bold(ctx, `All ${katas.length} katas pass: you have rebuilt microgpt.`),
      "Train it with your own code, and compare with microgpt.py's output:",
      "  deno task run --mine",
    );
    return out.join("\n");
  }
  const lesson = await lessonOf(ctx, current);
  const status = statuses.get(current) ?? { kind: "stub" };
  const files = [...p.files.get(current)!.sources];
  out.push(
    "",
    `${yellow(ctx, "→")} ${bold(ctx, lesson.title)}`,
    "",
    wrap(`Goal. ${lesson.goal}`, 80, "  "),
    "",
    ...explain(ctx, current, status, files),
    "",
    "Go on:",
    `  edit   ${files.join(" ")}   (the lesson: katas/${current}/README.md)`,
    `  test   deno test katas/${current}${
      status.kind === "stub" ? "" : ` -- --seed=${ctx.seed}`
    }`,
    `  hint   deno task kata hint`,
    watching
      ? dim(ctx, "Watching katas/: save a file to run again. Ctrl-C stops.")
      : "  watch  deno task kata watch   (reruns on every save)",
  );
  return out.join("\n");
}

async function whereCommand(ctx: Context): Promise<void> {
  console.log(await whereScreen(ctx, await progress(ctx), false));
}

async function listCommand(ctx: Context): Promise<void> {
  const { katas, statuses } = await progress(ctx);
  const width = Math.max(...katas.map((k) => label(k).length)) + 3;
  const counts = { done: 0, failing: 0, "not started": 0 };
  const rows = katas.map((kata) => {
    const s = statuses.get(kata) ?? { kind: "stub" };
    const name = label(kata).padEnd(width);
    if (s.kind === "done") {
      counts.done++;
      return `${name}${green(ctx, "done")}${
        s.reference ? dim(ctx, "  (reference solution)") : ""
      }`;
    }
    if (s.kind === "stub") {
      counts["not started"]++;
      return `${name}${dim(ctx, "not started")}`;
    }
    counts.failing++;
    const why = reason(s);
    const room = 80 - width - "failing  ".length;
    return `${name}${red(ctx, "failing")}  ${
      why.length > room ? `${why.slice(0, room - 1)}…` : why
    }`;
  });
  console.log(
    [
      `${"kata".padEnd(width)}status`,
      ...rows,
      "",
      `${counts.done} done, ${counts.failing} failing, ${
        counts["not started"]
      } not started` +
      ` (of ${katas.length})`,
    ].join("\n"),
  );
}

async function watchCommand(ctx: Context): Promise<void> {
  const dir = fileURLToPath(new URL("katas/", ctx.root));
  const watcher = Deno.watchFs(dir, { recursive: true });
  const changed = new Set<string>();
  let onChange: (() => void) | undefined;
  (async () => {
    for await (const event of watcher) {
      for (const path of event.paths) {
        const m = /katas[\/\\](\d\d_[^\/\\]+)[\/\\][^\/\\]+\.ts$/.exec(path);
        if (m) {
          changed.add(m[1]);
          onChange?.();
        }
      }
    }
  })();
  Deno.addSignalListener("SIGINT", () => {
    if (ctx.tty) Deno.stdout.writeSync(new TextEncoder().encode("\r\x1b[K"));
    console.log("Stopped watching.");
    Deno.exit(130);
  });
  const known = new Map<string, Status>(); // done, and unchanged since
  for (let first = true;; first = false) {
    const abort = new AbortController();
    onChange = () => abort.abort(); // a save stops a run that is still going
    const p = await progress(ctx, known, abort.signal);
    onChange = undefined;
    if (!abort.signal.aborted) {
      if (ctx.tty) console.clear();
      else if (!first) console.log(`\n${"─".repeat(40)}\n`);
      console.log(await whereScreen(ctx, p, true));
      known.clear();
      for (const [k, s] of p.statuses) if (s.kind === "done") known.set(k, s);
      if (!changed.size) {
        await new Promise<void>((resolve) => (onChange = resolve));
      }
      onChange = undefined;
    }
    await new Promise((resolve) => setTimeout(resolve, 300)); // one save, many events
    for (const k of changed) {
      for (const done of [...known.keys()]) {
        if (uses(done).includes(k)) known.delete(done);
      }
    }
    changed.clear();
  }
}

// ---------------------------------------------------------------------------------------
// Hints

const HINTS_FILE = ".cache/kata_hints.json";

async function shownHints(ctx: Context): Promise<Record<string, number>> {
  try {
    const data = JSON.parse(
      await Deno.readTextFile(new URL(HINTS_FILE, ctx.root)),
    );
    return data && typeof data === "object" && !Array.isArray(data) ? data : {};
  } catch {
    return {}; // missing or unreadable: as if no hint was shown yet
  }
}

async function hintCommand(ctx: Context, args: string[]): Promise<void> {
  const katas = await listKatas(ctx.root);
  let kata: string;
  if (args[0] !== undefined) kata = resolveKata(args[0], katas);
  else {
    const p = await progress(ctx);
    if (!p.current) {
      return console.log(
        "All katas pass: no hint needed. For a given kata: deno task kata hint 05",
      );
    }
    kata = p.current;
  }
  const { hints } = await lessonOf(ctx, kata);
  const shown = await shownHints(ctx);
  let level: number;
  if (args[1] !== undefined) {
    level = Number(args[1]);
    if (!/^\d+$/.test(args[1]) || level < 1 || level > hints.length) {
      throw new UsageError(
        `kata ${
          label(kata)
        } has ${hints.length} hints: give a level from 1 to ${hints.length}`,
      );
    }
  } else {
    const last = Number(shown[kata]);
    const valid = Number.isInteger(last) && last >= 0; // a hand-edited file: start over
    level = Math.min((valid ? last : 0) + 1, hints.length);
  }
  shown[kata] = level;
  await Deno.mkdir(new URL(".cache/", ctx.root), { recursive: true });
  await Deno.writeTextFile(
    new URL(HINTS_FILE, ctx.root),
    JSON.stringify(shown, null, 2) + "\n",
  );
  const hint = hints[level - 1];
  const text = hint.text.split("\n").map((l) => (l ? `  ${l}` : "")).join("\n");
  const next = level < hints.length
    ? `More: deno task kata hint ${number(kata)} gives hint ${level + 1} (${
      hints[level].label
    }).`
    : `That was the last hint. Still stuck? The reference: deno task kata solution ${
      number(kata)
    } --force`;
  console.log(
    [
      bold(
        ctx,
        `${label(kata)}, hint ${level} of ${hints.length}${
          hint.label ? ` (${hint.label})` : ""
        }:`,
      ),
      "",
      text,
      "",
      next,
    ].join("\n"),
  );
}

// ---------------------------------------------------------------------------------------
// Reset, skip and solution

function printKept(kept: { path: string; backup: string }[]): void {
  for (const { path, backup } of kept) {
    console.log(`kept your ${path} as ${backup}`);
  }
}

async function resetCommand(ctx: Context, args: string[]): Promise<void> {
  const katas = await listKatas(ctx.root);
  if (args.length !== 1) {
    throw new UsageError(
      "reset takes one kata: deno task kata reset 05",
    );
  }
  const kata = resolveKata(args[0], katas);
  const { written, kept, folder } = await replaceFiles(
    ctx.root,
    await generateKata(ctx.root, kata),
    new Date(),
    await generateKata(ctx.root, kata, true), // the reference (after a skip) is nobody's work
  );
  if (!written.length) {
    return console.log(`katas/${kata} is already the stub: nothing to reset.`);
  }
  printKept(kept);
  console.log(
    `katas/${kata} is the stub again.` +
      (folder
        ? ` Your files are in ${folder}/: copy one back to undo.`
        : " It held nothing of yours to keep (the reference solution, or missing files)."),
  );
}

async function skipCommand(ctx: Context, args: string[]): Promise<void> {
  const katas = await listKatas(ctx.root);
  if (args.length !== 1) {
    throw new UsageError(
      "skip takes one kata, the one to start at: deno task kata skip 07",
    );
  }
  const kata = resolveKata(args[0], katas);
  const before = katas.slice(0, katas.indexOf(kata));
  if (!before.length) {
    return console.log(`Nothing to skip: ${label(kata)} is the first kata.`);
  }
  const files = new Map<string, string>();
  const stubs = new Map<string, string>(); // replaced without a backup: nobody's work
  for (const k of before) {
    for (const [path, text] of await generateKata(ctx.root, k)) {
      stubs.set(path, text);
    }
    for (const [path, text] of await generateKata(ctx.root, k, true)) {
      files.set(path, text);
    }
  }
  const { written, kept, folder } = await replaceFiles(
    ctx.root,
    files,
    new Date(),
    stubs,
  );
  const range = before.length === 1
    ? `Kata ${number(before[0])}`
    : `Katas ${number(before[0])}–${number(before[before.length - 1])}`;
  const hold = before.length === 1 ? "holds" : "hold";
  const solutions = before.length === 1 ? "solution" : "solutions";
  printKept(kept);
  console.log(
    (written.length
      ? `${range} now ${hold} the reference ${solutions}.`
      : `${range} already ${hold} the reference ${solutions}.`) +
      (folder ? ` Your files are in ${folder}/.` : "") +
      `\nStart at ${label(kata)}: deno task kata`,
  );
}

async function solutionCommand(
  ctx: Context,
  args: string[],
  force: boolean,
): Promise<void> {
  const katas = await listKatas(ctx.root);
  if (args.length !== 1) {
    throw new UsageError("solution takes one kata: deno task kata solution 05");
  }
  const kata = resolveKata(args[0], katas);
  if (!force) {
    const status = (await inspect(ctx.root, kata)).stub
      ? { kind: "stub" }
      : (await testKatas(ctx.root, [kata], ctx)).get(kata);
    if (status?.kind !== "done") {
      throw new UserError(
        `kata ${
          label(kata)
        } does not pass yet, so its solution stays hidden: finish it ` +
          `(deno test katas/${kata}), or look anyway: deno task kata solution ${
            number(kata)
          } --force`,
      );
    }
  }
  for (const [path, text] of await generateKata(ctx.root, kata, true)) {
    if (!isKataSource(path)) continue;
    const source = path.replace(/^katas\//, "solutions/");
    const code = text.split("\n").filter((l) =>
      !/^\s*\/\/#(end)?region\b/.test(l)
    );
    console.log(`${bold(ctx, `// ${source}`)}\n${code.join("\n")}`);
  }
}

// ---------------------------------------------------------------------------------------

/**
 * The `deno task kata` command on the project at `root`.
 *
 * @example
 * ```ts ignore
 * await kataCommand(["hint", "05"], new URL("../", import.meta.url));
 * ```
 */
export async function kataCommand(args: string[], root: URL): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        force: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        "time-limit": { type: "string" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    const option = /'(-[^']*)'/.exec((e as Error).message)?.[1];
    throw new UsageError(
      option
        ? `unknown option ${option}; see deno task kata --help`
        : `${(e as Error).message}; see deno task kata --help`,
    );
  }
  const { force = false, help } = parsed.values;
  if (help) return console.log(HELP);
  const limitText = parsed.values["time-limit"];
  const limit = limitText === undefined
    ? TIME_LIMIT_SECONDS
    : Number(limitText);
  if (!(limit > 0) || !Number.isFinite(limit)) {
    throw new UsageError(
      `--time-limit=${limitText} is not a number of seconds, e.g. --time-limit=60`,
    );
  }
  const tty = Deno.stdout.isTerminal();
  const ctx: Context = {
    root,
    seed: Math.floor(Math.random() * 2 ** 31),
    limit,
    tty,
    color: tty && !Deno.noColor,
  };
  const [command, ...rest] = parsed.positionals;
  const noArgs = (name: string) => {
    if (rest.length) {
      throw new UsageError(
        `${name} takes no argument; see deno task kata --help`,
      );
    }
  };
  if (force && command !== "solution") {
    throw new UsageError(
      "--force goes with solution: deno task kata solution 05 --force",
    );
  }
  switch (command) {
    case undefined:
      return await whereCommand(ctx);
    case "list":
      noArgs("list");
      return await listCommand(ctx);
    case "watch":
      noArgs("watch");
      return await watchCommand(ctx);
    case "hint":
      if (rest.length > 2) {
        throw new UsageError("usage: deno task kata hint [NN] [LEVEL]");
      }
      return await hintCommand(ctx, rest);
    case "reset":
      return await resetCommand(ctx, rest);
    case "skip":
      return await skipCommand(ctx, rest);
    case "solution":
      return await solutionCommand(ctx, rest, force);
    case "help":
      return console.log(HELP);
    default:
      throw new UsageError(
        `no command ${command}: the commands are list, watch, hint, reset, skip and solution ` +
          "(deno task kata --help)",
      );
  }
}

if (import.meta.main) {
  runMain(() => kataCommand(Deno.args, new URL("../", import.meta.url)));
}
