/**
 * `runSuite`: a suite as a `deno test` test, one step per check, after the prerequisite
 * gate, with a watchdog and, under `-- --report`, the report events that the kata runner
 * and `deno task run --mine` read (`course/report.ts`).
 *
 * @module
 */
import { courseEntry, kataTitle } from "../../course/manifest.ts";
import {
  REPORT_KEY_LENGTH,
  type ReportEvent,
  reportLine,
} from "../../course/report.ts";
import { runContext, seedArgument, withContext } from "./context.ts";
import {
  asFailure,
  CheckFailure,
  PrerequisiteFailure,
  Printed,
} from "./failure.ts";
import { checkPrerequisites } from "./prerequisites.ts";
import type { Check, Suite } from "./suite.ts";
import { STUCK_AFTER_MS, type Watchdog, watchdog } from "./watchdog.ts";

type Report = (event: ReportEvent) => void;

/**
 * Registers a suite with `Deno.test`: one test per kata (`"02 value"`, so `--filter 02`
 * selects it), one step per check, named without the repeated kata prefix. `testUrl` is the
 * calling test file's `import.meta.url`: failures print the command that replays them. The
 * command line (`-- --seed=N`, `-- --report`) is read when the test starts.
 *
 * @example
 * ```ts ignore
 * runSuite(softmaxSuite, { value, backward, linear, softmax }, import.meta.url);
 * ```
 */
export function runSuite<Impl>(
  suite: Suite<Impl>,
  impl: Impl,
  testUrl: string,
): void {
  const title = kataTitle(suite.kata);
  const folder = folderOf(suite.kata, testUrl);
  Deno.test(title, async (t) => {
    // Deep enough a stack that an error thrown inside an earlier kata still shows the line of
    // this kata that called it (see `asFailure`).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = Math.max(limit, 100);
    try {
      await run(t);
    } catch (e) {
      // A failure of the harness's own alone (the gate's, a bad seed): its message says it all.
      const own = e instanceof CheckFailure || e instanceof PrerequisiteFailure;
      throw own ? new Printed(e) : e;
    } finally {
      Error.stackTraceLimit = limit;
    }
  });

  async function run(t: Deno.TestContext): Promise<void> {
    const seedArg = seedArgument(Deno.args);
    if (typeof seedArg === "object") {
      throw new CheckFailure(
        `--seed=${seedArg.bad} is not a whole number: give the number a failure printed, ` +
          `as in \`deno test ${folder} -- --seed=1234\``,
      );
    }
    const { seed } = runContext();
    const replay = `deno test ${folder} -- --seed=${seed}`;
    if (importing) {
      throw new Error("runSuite is for a kata's test file, not its modules");
    }
    const report = reporter();
    const dog = watchdog(title, replay);
    await withContext({ replay }, async () => {
      const kata = suite.kata;
      report({ kata, event: "begin", seed });
      try {
        dog.watch("the check of the earlier katas");
        await gate(suite, impl, report);
        for (const check of suite.checks(impl)) {
          const name = check.name.replace(`${title}: `, "");
          await t.step(name, () => step(kata, check, name, dog, report));
        }
      } finally {
        dog.stop();
        report({ kata, event: "end" });
      }
    });
  }
}

/** The folder of the test file `testUrl`, `katas/05_softmax` (or `solutions/…`). */
function folderOf(kata: string, testUrl: string): string {
  return /\/((?:katas|solutions)\/[^/]+)\/[^/]+$/.exec(testUrl)?.[1] ??
    `katas/${kata}`;
}

/**
 * Called by a kata's thin test file before it imports the kata's modules: under
 * `-- --report` it reports that they load (so the kata runner can stop a loop at their top
 * level), and it starts a watchdog that prints a notice when they load for
 * {@link STUCK_AFTER_MS}. The function it returns stops that watchdog: call it once every
 * module is imported.
 *
 * @example
 * ```ts ignore
 * const loaded = loading("05_softmax", import.meta.url);
 * const softmax = await import("./softmax.ts");
 * loaded();
 * ```
 */
export function loading(kata: string, testUrl: string): () => void {
  if (importing) {
    throw new Error("loading is for a kata's test file, not its modules");
  }
  const folder = folderOf(kata, testUrl);
  const module = `${folder}/${courseEntry(kata).module}`;
  reporter()({ kata, event: "load", module });
  importing = true;
  const dog = watchdog(kataTitle(kata), `deno test ${folder}`);
  dog.notice(
    `\n${
      kataTitle(kata)
    }: ${module} (or a module it imports) has been loading for ` +
      `${
        STUCK_AFTER_MS / 1000
      } s and is still going: a loop at the top level, outside ` +
      `any function? Stop it with Ctrl-C, move that code into a function or fix the ` +
      `loop, and run \`deno test ${folder}\` again.\n`,
  );
  return () => {
    importing = false;
    dog.stop();
  };
}

/** Whether a thin test file is importing the kata's modules (between `loading` and `loaded`). */
let importing = false;

/** Under `--report`, what writes report lines: opened once, before any learner module loads. */
let channel: Report | undefined;

/**
 * What reports an event: nothing, unless the run has `-- --report`; then the first call
 * (from `loading`, before the thin test file imports the learner's modules) reads the run's
 * key from stdin, keeps it and the real stdout writer here, and closes stdin to the code that
 * loads after it; each line carries the key (`course/report.ts`). Learner code that prints
 * report lines, or patches `console.log`, has no key to give them.
 */
function reporter(): Report {
  if (!Deno.args.includes("--report")) return () => {};
  if (channel) return channel;
  const key = readKey();
  const stdout = Deno.stdout;
  const write = stdout.writeSync.bind(stdout);
  const bytes = new TextEncoder();
  Object.defineProperty(Deno, "stdin", {
    value: closedStdin(),
    writable: false,
  });
  channel = (event) => {
    const data = bytes.encode(reportLine(event, key) + "\n");
    for (let n = 0; n < data.length;) n += write(data.subarray(n));
  };
  return channel;
}

/** One line of stdin: the run's key, as `--report`'s reader writes it. */
function readKey(): string {
  const line = new Uint8Array(REPORT_KEY_LENGTH + 1);
  let n = 0;
  while (n < line.length) {
    const got = Deno.stdin.readSync(line.subarray(n));
    if (got === null) break;
    n += got;
  }
  const key = new TextDecoder().decode(line.subarray(0, n)).trim();
  if (key.length !== REPORT_KEY_LENGTH) {
    throw new Error(
      "--report needs the run's key on stdin: run the suite with deno task kata",
    );
  }
  return key;
}

/** A stdin that has nothing to read: what the learner's modules see under `--report`. */
function closedStdin(): unknown {
  const closed = () => {
    throw new Error("stdin is closed to the kata's code under --report");
  };
  return {
    read: closed,
    readSync: closed,
    get readable(): never {
      return closed();
    },
    isTerminal: () => false,
    setRaw: closed,
    close: () => {},
  };
}

/** The prerequisite gate, reported when it fails. */
async function gate<Impl>(
  suite: Suite<Impl>,
  impl: Impl,
  report: Report,
): Promise<void> {
  try {
    await checkPrerequisites(suite, impl);
  } catch (e) {
    if (e instanceof PrerequisiteFailure) {
      const { needs, check, why } = e;
      report({ kata: suite.kata, event: "prerequisite", needs, check, why });
    }
    throw e;
  }
}

/** One check as a test step: watched, reported, and failing with the learner's error alone. */
async function step(
  kata: string,
  check: Check,
  name: string,
  dog: Watchdog,
  report: Report,
): Promise<void> {
  dog.watch(name);
  report({ kata, event: "check", check: name });
  try {
    await check.run();
    report({ kata, event: "pass", check: name });
  } catch (e) {
    const failure = asFailure(e); // the learner's error, without the harness's stack
    const { problem, diagnosis } = failure;
    report({
      kata,
      event: "fail",
      check: name,
      problem,
      diagnosis: diagnosis?.text,
    });
    throw new Printed(failure); // its message alone: no frame inside Deno
  } finally {
    dog.rest();
  }
}
