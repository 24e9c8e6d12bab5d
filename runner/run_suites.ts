/**
 * Runs the suites of the learner's katas in one `deno test … -- --report` and reads what it
 * prints: the report lines give each kata's status (`statusesOf`); a check that runs past the
 * time limit is stopped and named, and so is a kata whose modules do not finish loading within
 * it (a loop at their top level); a kata that does not type-check or load is found in what
 * Deno says, and the others run again without it.
 *
 * @module
 */
import {
  giveKey,
  keyInput,
  newReportKey,
  outputLines,
  parseReportLine,
  type ReportEvent,
} from "../course/report.ts";
import {
  GATE,
  LOADING,
  type Status,
  statusesOf,
  testFiles,
  TIME_LIMIT_SECONDS,
  uses,
} from "./kata_status.ts";
import { passSignals } from "../app/signals.ts";
import { whyNot } from "./render.ts";

/** Options of {@link testKatas}. */
export interface TestOptions {
  /** The fast-check seed, passed as `-- --seed=N`. */
  readonly seed: number;
  /** Seconds a check may run before it is stopped. */
  readonly limit?: number;
  /** Told each check as it starts: for a live status line. */
  readonly onCheck?: (kata: string, check: string) => void;
  /** Stops the run (watch mode, on a save): the result is then incomplete. */
  readonly signal?: AbortSignal;
}

/**
 * Runs the suites of `katas` in one `deno test --parallel` (each kata's test files in its own
 * folder of `katas/`) and returns each kata's status. A kata that does not type-check or
 * load stops the whole run before it starts: it is then found in what Deno printed, marked
 * broken, and the katas that do not build on it run again without it.
 */
export async function testKatas(
  root: URL,
  katas: readonly string[],
  options: TestOptions,
): Promise<Map<string, Status>> {
  const result = new Map<string, Status>();
  if (!katas.length) return result;
  const run = await runDenoTest(root, katas, options);
  if (options.signal?.aborted) return result;
  for (const [kata, status] of run.statuses) result.set(kata, status);
  const missing = katas.filter((k) => !result.has(k));
  if (!missing.length) return result;
  // The katas whose own files Deno's errors point at (as file:// URLs, unlike its "Check …"),
  // unless the run was stopped: then the katas left did not end, and tell nothing.
  const at = new RegExp(`${escape(root.href)}katas/(\\d\\d_[a-z0-9_]+)/`, "g");
  const named = new Set(
    run.stopped ? [] : [...run.output.matchAll(at)].map((m) => m[1]),
  );
  const blocker = (k: string) => {
    const s = result.get(k);
    return (s !== undefined && s.kind !== "done") || named.has(k);
  };
  const again: string[] = [];
  for (const k of missing) {
    const needs = uses(k).find((u) => u !== k && blocker(u));
    if (needs) {
      const s = result.get(needs);
      const why = s ? whyNot(s) : "it does not type-check or load";
      result.set(k, { kind: "waiting", needs, why });
    } else if (named.has(k)) {
      const message = excerptFor(run.output, root, k);
      result.set(k, { kind: "broken", message });
    } else {
      again.push(k);
    }
  }
  if (again.length === katas.length) {
    // Nothing here explains why they did not run: say what Deno said.
    const message = errorExcerpt(run.output, root);
    for (const k of again) result.set(k, { kind: "broken", message });
    return result;
  }
  for (const [k, s] of await testKatas(root, again, options)) result.set(k, s);
  return result;
}

/** The first line of an error Deno prints (not its closing "error: Test failed"). */
const ERROR_LINE = /^(TS\d+ \[ERROR\]|error: (?!Test failed$))/;

/**
 * What Deno printed about a module that does not type-check or load: its first error, with
 * the project's `file://` prefix cut off. An error longer than `lines` keeps its first two
 * lines and its last ones (the innermost reason, and where), with `…` between.
 */
export function errorExcerpt(output: string, root: URL, lines = 8): string {
  const all = output.replaceAll(root.href, "").split("\n");
  const start = all.findIndex((l) => ERROR_LINE.test(l));
  if (start < 0) return all.filter((l) => l.trim()).slice(-lines).join("\n");
  const block: string[] = [];
  for (const line of all.slice(start)) {
    if (!line.trim() && block.length > 1) break;
    if (/^ *at ext:|^Stack backtrace|^ ?ERRORS|^ FAILURES/.test(line)) break;
    block.push(line);
  }
  const shown = block.length <= lines ? block : [
    ...block.slice(0, 2),
    "    …",
    ...block.slice(block.length - (lines - 3)),
  ];
  return shown.join("\n").trimEnd();
}

/** The error excerpt that names `kata`'s files, or the first one. */
function excerptFor(output: string, root: URL, kata: string): string {
  const blocks = output.replaceAll(root.href, "").split(/\n(?=TS\d|error: )/);
  const mine = blocks.find((b) =>
    ERROR_LINE.test(b.split("\n")[0]) && b.includes(`katas/${kata}/`)
  );
  return errorExcerpt(mine ?? output, root);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** What one `deno test` gave: the statuses of the katas that ended, and all it printed. */
interface Run {
  readonly statuses: Map<string, Status>;
  readonly output: string;
  /** Whether the run was stopped (a check stuck, or nothing left that can pass). */
  readonly stopped: boolean;
}

/** One `deno test` of `katas`: the statuses its report lines give, and all it printed. */
async function runDenoTest(
  root: URL,
  katas: readonly string[],
  { seed, limit = TIME_LIMIT_SECONDS, onCheck, signal }: TestOptions,
): Promise<Run> {
  const files = (await Promise.all(katas.map((k) => testFiles(root, k))))
    .flat();
  // The run's key, on stdin: only report lines that carry it count (course/report.ts).
  const key = newReportKey();
  const child = passSignals(new Deno.Command("deno", {
    args: [
      "test",
      "--no-prompt",
      "--parallel",
      ...files,
      "--",
      `--seed=${seed}`,
      "--report",
    ],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    signal,
  }).spawn());
  const given = giveKey(child.stdin, keyInput(key, files.length));
  const report = new Report(key, onCheck);
  const watchdog = new Watchdog(report, limit, () => child.kill("SIGKILL"));
  const errors: string[] = [];
  try {
    await Promise.all([
      forEachLine(child.stdout, (line) => report.read(line)),
      forEachLine(child.stderr, (line) => errors.push(line)),
      child.status,
      given,
    ]);
  } catch (e) {
    if (!signal?.aborted) throw e;
  } finally {
    watchdog.stop();
  }
  const statuses = statusesOf(report.events);
  if (watchdog.stuck) {
    const { kata, check, seconds } = watchdog.stuck;
    statuses.set(
      kata,
      check === LOADING
        ? { kind: "loading", module: report.modules.get(kata)!, seconds }
        : { kind: "stuck", check, seconds },
    );
  }
  const output = [...errors, ...report.other].join("\n");
  return { statuses, output, stopped: watchdog.stopped };
}

/** What the suites of a run have reported so far, read line by line as it comes. */
class Report {
  /** Every report event, in order. */
  readonly events: ReportEvent[] = [];
  /** The lines that are not report lines: what Deno itself printed. */
  readonly other: string[] = [];
  /** Each kata still running: the check it is in, and since when. */
  readonly running = new Map<string, { check: string; since: number }>();
  /** The katas with a failed check or prerequisite so far. */
  readonly failed = new Set<string>();
  /** Each kata's own module, as its test file names it when it starts to load. */
  readonly modules = new Map<string, string>();

  constructor(
    private readonly key: string,
    private readonly onCheck?: (kata: string, check: string) => void,
  ) {}

  read(line: string): void {
    const event = parseReportLine(line, this.key);
    if (event === undefined) {
      this.other.push(line);
      return;
    }
    this.events.push(event);
    if (event.event === "load") {
      this.modules.set(event.kata, event.module);
      this.running.set(event.kata, { check: LOADING, since: Date.now() });
    } else if (event.event === "begin") {
      this.running.set(event.kata, { check: GATE, since: Date.now() });
    } else if (event.event === "check") {
      this.running.set(event.kata, { check: event.check, since: Date.now() });
      this.onCheck?.(event.kata, event.check);
    } else if (event.event === "fail" || event.event === "prerequisite") {
      this.failed.add(event.kata);
    } else if (event.event === "end") {
      this.running.delete(event.kata);
    }
  }
}

/**
 * Watches a run's report and stops it (`kill`) when a check runs past the limit, naming that
 * check, or a kata's modules do not finish loading within it (a loop at their top level), or
 * when nothing still running can pass.
 */
class Watchdog {
  /** The check that ran past its limit, when one did. */
  stuck?: { kata: string; check: string; seconds: number };
  /** Whether the run was stopped. */
  stopped = false;
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly report: Report,
    private readonly limit: number,
    private readonly kill: () => void,
  ) {
    this.#timer = setInterval(() => this.#look(), 200);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  #look(): void {
    const { running, failed } = this.report;
    // In the course's order: when a loop at the top level of a kata's module stops the katas
    // that import it from loading too, the first of them is that kata.
    for (const [kata, { check, since }] of [...running].sort()) {
      // The gate runs earlier katas' code: when one of them loops, its own run (in this
      // same deno test) should be the one stopped, so the gate gets twice as long.
      const seconds = check === GATE ? 2 * this.limit : this.limit;
      if (!this.stopped && Date.now() - since > seconds * 1000) {
        this.stuck = { kata, check, seconds };
        this.#stop();
      }
    }
    // Every kata still running is in a gate that runs an earlier kata which failed here:
    // none of them can pass, and one may loop on that kata's mistake. Stop now.
    const doomed = [...running].every(([kata, { check, since }]) =>
      check === GATE && Date.now() - since > 1000 &&
      uses(kata).some((u) => u !== kata && failed.has(u))
    );
    if (!this.stopped && running.size && doomed) this.#stop();
  }

  #stop(): void {
    this.stopped = true;
    this.kill();
  }
}

/** Calls `onLine` with each line of a child's output stream, as it comes, until it ends. */
async function forEachLine(
  stream: ReadableStream<Uint8Array>,
  onLine: (line: string) => void,
): Promise<void> {
  for await (const line of outputLines(stream)) onLine(line);
}
