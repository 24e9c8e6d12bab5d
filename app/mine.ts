/**
 * `deno task run --mine`: training with the learner's own `katas/`. Before the training
 * starts, `app/run.ts` runs the suite of the kata the engine comes from (kata 11's for the
 * scalar engine, kata 12's for the fast one) as the learner would, `deno test` in a child
 * process, with `-- --report`: the suite first runs the checks of every earlier kata it
 * builds on (its gate), then its own. The first kata that does not pass is named from the
 * report's events (`course/report.ts`), with the command that shows why. A suite that does
 * not load names the kata whose module failed: the earliest in the course's order that
 * Deno's error and its stack name, else the first whose own suite does not load; a
 * permission its module asks for, or an error it throws, is said in the learner's terms. The training
 * process then only imports the learner's module ({@linkcode importMine}). Both first refuse
 * a `katas/` that holds a symbolic link, a FIFO, a socket or a device (`app/kata_tree.ts`):
 * a linked module would run code from outside `katas/`, read without any permission check.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import {
  COURSE,
  courseEntry,
  kataTitle,
  kataTopic,
  suiteModules,
} from "../course/manifest.ts";
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
  /**
   * What the kata's module does when it loads and what to do, in the learner's terms, when
   * that says more than `why` (a permission it asks for, an error it throws): the whole line
   * after `your kata NN_name`.
   */
  readonly loads?: string;
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
export function notYet({ which, why, loads }: NotYet): UserError {
  return new UserError(
    loads === undefined
      ? `--mine: your kata ${which} does not pass yet (${why}) — run \`deno test katas/${which}\` to see why`
      : `--mine: your kata ${which} ${loads}`,
  );
}

/**
 * The earliest kata, in the course's order, whose folder `text` (an error and its stack)
 * names as `katas/NN_name/`: the module that failed to load, or the first to import it.
 */
function kataIn(text: string): string | undefined {
  const named = new Set(
    Array.from(text.matchAll(/katas\/(\d\d_\w+)\//g), (m) => m[1]),
  );
  return COURSE.find((e) => named.has(e.kata))?.kata;
}

/**
 * The one line for an error that the learner's code threw while training (`--mine`: its
 * suites passed, so the inputs of training found what they did not), naming the kata where
 * the stack first enters `katas/` and the place; undefined when no kata of the course is on
 * the stack (the error is not the learner's code's).
 *
 * @example
 * ```ts
 * const error = new TypeError("late boom");
 * error.stack = "TypeError: late boom\n    at Value.add (file:///r/katas/02_value/value.ts:12:9)";
 * trainingError(error)?.message;
 * // "--mine: your kata 02_value threw while training: late boom (katas/02_value/value.ts:12:9) — its suite passes: run deno test katas/02_value, then look at that line with the training's inputs in mind"
 * ```
 */
export function trainingError(error: unknown): UserError | undefined {
  const stack = error instanceof Error ? error.stack ?? "" : "";
  const kata = kataIn(stack);
  if (kata === undefined) return undefined;
  const message = (error as Error).message.split("\n")[0];
  const at = new RegExp(`katas/${kata}/[^:\\s)]+:\\d+:\\d+`).exec(stack)?.[0];
  const refused = refusedPermission(message);
  if (refused) {
    return new UserError(
      `--mine: your kata ${kata} ${refused.does} while training${
        at ? ` (${at})` : ""
      }: kata code runs with no permissions — remove that line`,
    );
  }
  return new UserError(
    `--mine: your kata ${kata} threw while training: ${message}${
      at ? ` (${at})` : ""
    } — its suite passes: run deno test katas/${kata}, then look at that line with the training's inputs in mind`,
  );
}

/** What each permission Deno refuses a module lets it do, for {@link loadError}'s line. */
const DOES: Readonly<Record<string, string>> = {
  read: "reads a file",
  write: "writes a file",
  net: "uses the network",
  env: "reads an environment variable",
  run: "runs a program",
  sys: "asks about the system",
};

/** A permission Deno refused: its name (`"env"`) and what the code did, in the learner's words. */
export interface Refused {
  /** The permission's name, as Deno says it: `"read"`, `"env"`, … */
  readonly name: string;
  /** What the code does that asks for it: `"reads an environment variable (HOME)"`. */
  readonly does: string;
}

/**
 * The permission that Deno's `message` (`Requires env access to "HOME", run again with the
 * --allow-env flag`) says it refused, and what the code did, in the learner's terms: never
 * Deno's advice to run again with a flag. Undefined for any other message.
 *
 * @example
 * ```ts
 * refusedPermission('Requires env access to "HOME", run again with the --allow-env flag')?.does;
 * // "reads an environment variable (HOME)"
 * ```
 */
export function refusedPermission(message: string): Refused | undefined {
  const refused = /^Requires (\w+) access(?: to "([^"]*)")?/.exec(message);
  if (refused === null) return undefined;
  const [, name, what] = refused;
  return {
    name,
    does: `${DOES[name] ?? `needs ${name} access`}${
      what === undefined ? "" : ` (${what})`
    }`,
  };
}

/**
 * Why a kata does not load, from Deno's error (`error`, its first line, after `error: `) and
 * where it happened (`where`, the error with its stack): the kata it names, else `kata`. A
 * permission refused is said in the learner's terms (never with Deno's "run again with the
 * --allow-read flag": kata code runs with none); so is an error the module throws (`thrown`).
 *
 * @example
 * ```ts
 * loadError("11_train", 'NotCapable: Requires read access to "/etc/hostname", run again with the --allow-read flag', "at file:///r/katas/02_value/value.ts:1:16", true).loads;
 * // "reads a file (/etc/hostname) when it loads: kata code may not read files or use the network — remove that line"
 * ```
 */
export function loadError(
  kata: string,
  error: string,
  where: string,
  thrown: boolean,
): NotYet {
  const which = kataIn(where) ?? kata;
  const refused = error.startsWith("NotCapable: ")
    ? refusedPermission(error.slice("NotCapable: ".length))
    : undefined;
  if (refused) {
    const { name, does } = refused;
    return {
      which,
      why: `it does not load: it ${does}`,
      loads: `${does} when it loads: kata code ${
        name === "read" || name === "net"
          ? "may not read files or use the network"
          : "runs with no permissions"
      } — remove that line`,
    };
  }
  if (!thrown) return { which, why: `it does not load: ${error}` };
  const message = error.replace(/^\w*Error: /, "");
  return {
    which,
    why: `it does not load: ${message}`,
    loads:
      `throws when it loads: ${message} — run \`deno test katas/${which}\` to see where`,
  };
}

/**
 * Why `kata` does not load, from the first error Deno printed when its suite could not run
 * (`output`, everything the run printed) and the stack below it: the reason, and the kata it
 * points at.
 */
function loadFailure(kata: string, output: string): NotYet {
  const block = errorBlock(output);
  if (block === undefined) {
    return { which: kata, why: "its suite did not run: Deno printed no error" };
  }
  // Thrown while the module ran: the error's message, as an import that fails gives it.
  const thrown = /^(?:Uncaught )?\(in promise\) |^Uncaught /;
  const { error, where } = block;
  return loadError(kata, error.replace(thrown, ""), where, thrown.test(error));
}

/**
 * The first error Deno printed in `output` (after `error: `), and its block: its lines up to
 * the first blank one or Deno's advice after it, the stack included.
 */
function errorBlock(
  output: string,
): { error: string; where: string } | undefined {
  const lines = output.split("\n");
  const at = lines.findIndex((l) =>
    /^error: /.test(l) && l !== "error: Test failed"
  );
  if (at < 0) return undefined;
  const end = lines.findIndex((l, i) =>
    i > at && (l.trim() === "" || l.startsWith("This error was not caught"))
  );
  const where = lines.slice(at, end < 0 ? undefined : end).join("\n");
  return { error: lines[at].slice("error: ".length), where };
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
 * or an earlier kata it builds on does not pass (or does not load: then, should Deno's error
 * name no kata's file, it runs the suites of the katas it builds on, in order, until one
 * does not load). It stops the suite at the first failure, and
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
  const ran = await runSuite(kata, root, loadLimit);
  if (ran.stalled !== undefined) {
    throw notYet(
      await firstStalled(kata, root, loadLimit) ?? {
        which: kata,
        why:
          `${ran.stalled}, or an earlier kata's module it imports, did not finish loading in ` +
          `${loadLimit} s: a loop at the top level?`,
      },
    );
  }
  const why = verdict(kata, ran.events, ran.output);
  if (why === undefined) return;
  const block = errorBlock(ran.output);
  if (!began(kata, ran.events) && block && kataIn(block.where) === undefined) {
    // Deno's error names no kata's file: the first kata whose modules do not load is it.
    throw notYet(await firstUnloaded(kata, root, loadLimit) ?? why);
  }
  throw notYet(why);
}

/** Whether the suite of `kata` reported that its modules loaded: it began its checks. */
function began(kata: string, events: readonly ReportEvent[]): boolean {
  return events.some((e) => e.kata === kata && e.event === "begin");
}

/**
 * The first kata `kata`'s suite loads (those it uses, in the course's order; then itself)
 * of which `fails` says something when its own suite runs alone, stopped once its modules
 * are loaded (before its checks), or after `loadLimit` seconds; none when it says nothing
 * of any.
 */
async function firstFailing(
  kata: string,
  root: URL,
  loadLimit: number,
  fails: (kata: string, path: string, ran: SuiteRun) => NotYet | undefined,
): Promise<NotYet | undefined> {
  for (const path of Object.values(suiteModules(kata))) {
    const k = path.split("/")[0];
    const found = fails(k, path, await runSuite(k, root, loadLimit, true));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The first kata whose own suite does not load, and why ({@link firstFailing}). */
function firstUnloaded(kata: string, root: URL, loadLimit: number) {
  return firstFailing(
    kata,
    root,
    loadLimit,
    (k, _, ran) =>
      ran.stalled === undefined && !began(k, ran.events)
        ? loadFailure(k, ran.output)
        : undefined,
  );
}

/**
 * The first kata whose own modules do not finish loading in `loadLimit` seconds, said
 * without the command that would hang as well ({@link firstFailing}).
 */
function firstStalled(kata: string, root: URL, loadLimit: number) {
  return firstFailing(
    kata,
    root,
    loadLimit,
    (k, path, ran) =>
      ran.stalled === undefined ? undefined : {
        which: k,
        why: "",
        loads:
          `does not finish loading in ${loadLimit} s: look for a loop at the top level of katas/${path}, outside any function`,
      },
  );
}

/** What a suite run reported, what it printed, and the module it stalled loading, if so. */
interface SuiteRun {
  readonly events: readonly ReportEvent[];
  readonly output: string;
  readonly stalled?: string;
}

/**
 * Runs the suite of `kata` in `katas/` under `root` as `deno test … -- --report`, with no
 * permissions, until its verdict is settled ({@link decisive}), or with `loadOnly` until
 * its modules are loaded; stopped when they do not finish loading in `loadLimit` seconds.
 */
async function runSuite(
  kata: string,
  root: URL,
  loadLimit: number,
  loadOnly = false,
): Promise<SuiteRun> {
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
    if (decisive(kata, event) || (loadOnly && began(kata, events))) {
      stop(child); // the rest of the suite cannot change the verdict
      break;
    }
  }
  clearTimeout(timer);
  await Promise.all([child.status, given]);
  const output = `${await errors}\n${printed.join("\n")}`;
  return { events, output, stalled: stalled ? loading : undefined };
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
    const { name, message, stack } = error as Error;
    const line = message.split("\n")[0];
    const first = name === "NotCapable" ? `${name}: ${line}` : line;
    throw notYet(loadError(kata, first, `${message}\n${stack}`, false));
  }
}
