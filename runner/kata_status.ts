/**
 * Where each kata stands, derived every time from the files and from running the suites (no
 * state is stored): a kata whose files are still the generated stubs is not started; the others
 * run under `deno test … -- --report`, and the lines that prints (see `ReportEvent` in
 * `course/report.ts`) say which pass and, for the others, the first failing check.
 *
 * @module
 */
import { REPORT_PREFIX, type ReportEvent } from "../course/report.ts";
export type { ReportEvent };
import { COURSE } from "../course/manifest.ts";
import { generateKata, isKataSource, readOrNull } from "./stubs.ts";

/** Where a kata stands. */
export type Status =
  /** Its suite passes; `reference` when its files are the reference solution's. */
  | { readonly kind: "done"; readonly reference: boolean }
  /** Its files are still the generated stubs. */
  | { readonly kind: "stub" }
  /** Its own check `check` fails (the first that does). */
  | {
    readonly kind: "failing";
    readonly check: string;
    readonly problem: string;
    readonly diagnosis?: string;
  }
  /** An earlier kata it builds on, `needs`, does not pass (`why`, the first line). */
  | { readonly kind: "waiting"; readonly needs: string; readonly why: string }
  /** Its files do not type-check or load: `message` is the start of what Deno says. */
  | { readonly kind: "broken"; readonly message: string }
  /** Its test files (`files`) are missing or not as they came: the runner cannot trust it. */
  | { readonly kind: "testChanged"; readonly files: readonly string[] }
  /** Check `check` ran for longer than the limit and was stopped. */
  | {
    readonly kind: "stuck";
    readonly check: string;
    readonly seconds: number;
  };

/** What a kata's suite runs before its own checks, as a stopped check names it. */
const GATE = "the checks of the earlier katas it builds on";

/** How long one check may run before the runner stops it, unless told otherwise. */
export const TIME_LIMIT_SECONDS = 30;

/** What the learner's folder of a kata holds, compared with what the generator makes. */
export interface KataFiles {
  /** The sources the learner writes, as paths from the project root. */
  readonly sources: readonly string[];
  /** Whether every source is still exactly the generated stub. */
  readonly stub: boolean;
  /** Whether every source is exactly the reference solution (as `skip` writes it). */
  readonly reference: boolean;
  /** The test files that are missing or not as generated. */
  readonly changedTests: readonly string[];
}

/** Reads the learner's files of `kata` once and compares them with its stubs and reference. */
export async function inspect(root: URL, kata: string): Promise<KataFiles> {
  const stubs = await generateKata(root, kata);
  const reference = await generateKata(root, kata, true);
  const current = new Map<string, string | null>();
  for (const path of stubs.keys()) {
    const bytes = await readOrNull(new URL(path, root));
    current.set(path, bytes && new TextDecoder().decode(bytes));
  }
  const paths = [...stubs.keys()];
  const sources = paths.filter(isKataSource);
  return {
    sources,
    stub: sources.every((p) => current.get(p) === stubs.get(p)),
    reference: sources.every((p) => current.get(p) === reference.get(p)),
    changedTests: paths.filter((p) =>
      !isKataSource(p) && current.get(p) !== stubs.get(p)
    ),
  };
}

/** The test files of `kata`, as `deno test` takes them. */
async function testFiles(root: URL, kata: string): Promise<string[]> {
  const files = [...(await generateKata(root, kata)).keys()];
  return files.filter((path) => !isKataSource(path));
}

/**
 * The katas `kata`'s suite loads modules from, its own first, as the course's manifest lists
 * them: `["03_backward", "02_value"]`.
 */
export function uses(kata: string): string[] {
  return [kata, ...(COURSE.find((e) => e.kata === kata)?.uses ?? [])];
}

/**
 * The statuses that report lines give: a kata that began and ended is done, failing (its
 * first failing check) or waiting on an earlier kata; one that did not end is left out.
 */
export function statusesOf(
  events: readonly ReportEvent[],
): Map<string, Status> {
  const out = new Map<string, Status>();
  const first = new Map<string, Status>();
  for (const e of events) {
    if (e.event === "fail" && !first.has(e.kata)) {
      const { check, problem, diagnosis } = e;
      first.set(e.kata, { kind: "failing", check, problem, diagnosis });
    } else if (e.event === "prerequisite" && !first.has(e.kata)) {
      first.set(e.kata, { kind: "waiting", needs: e.needs, why: e.why });
    } else if (e.event === "end") {
      out.set(e.kata, first.get(e.kata) ?? { kind: "done", reference: false });
    }
  }
  return out;
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

/** `"05_softmax"` as the learner reads it: `"05 softmax"`. */
export function label(kata: string): string {
  return kata.replace("_", " ");
}

/** Why a kata with status `s` does not pass, in a few words. */
export function whyNot(s: Status): string {
  switch (s.kind) {
    case "failing":
      return `its check "${s.check}" fails`;
    case "waiting":
      return `it needs kata ${label(s.needs)} first`;
    case "broken":
      return "it does not type-check or load";
    case "testChanged":
      return "its test file is missing or changed";
    case "stuck":
      return `its check "${s.check}" was stopped after ${s.seconds} s`;
    case "stub":
      return "it is not started";
    default:
      return "it passes";
  }
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

/** One `deno test` of `katas`: the statuses its report lines give, and all it printed. */
async function runDenoTest(
  root: URL,
  katas: readonly string[],
  { seed, limit = TIME_LIMIT_SECONDS, onCheck, signal }: TestOptions,
): Promise<
  { statuses: Map<string, Status>; output: string; stopped: boolean }
> {
  const child = new Deno.Command("deno", {
    args: [
      "test",
      "--no-prompt",
      "--parallel",
      ...(await Promise.all(katas.map((k) => testFiles(root, k)))).flat(),
      "--",
      `--seed=${seed}`,
      "--report",
    ],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal,
  }).spawn();
  const events: ReportEvent[] = [];
  const failed = new Set<string>(); // katas with a failed check or prerequisite here
  const running = new Map<string, { check: string; since: number }>();
  let stuck: { kata: string; check: string; seconds: number } | undefined;
  let stopped = false;
  const timer = setInterval(() => {
    for (const [kata, { check, since }] of running) {
      // The gate runs earlier katas' code: when one of them loops, its own run (in this
      // same deno test) should be the one stopped, so the gate gets twice as long.
      const seconds = check === GATE ? 2 * limit : limit;
      if (!stopped && Date.now() - since > seconds * 1000) {
        stuck = { kata, check, seconds };
        stopped = true;
        child.kill("SIGKILL");
      }
    }
    // Every kata still running is in a gate that runs an earlier kata which failed here:
    // none of them can pass, and one may loop on that kata's mistake. Stop now.
    const doomed = [...running].every(([kata, { check, since }]) =>
      check === GATE && Date.now() - since > 1000 &&
      uses(kata).some((u) => u !== kata && failed.has(u))
    );
    if (!stopped && running.size && doomed) {
      stopped = true;
      child.kill("SIGKILL");
    }
  }, 200);
  const other: string[] = [];
  const readOut = (async () => {
    for await (const line of lines(child.stdout)) {
      if (!line.startsWith(REPORT_PREFIX)) {
        other.push(line);
        continue;
      }
      const event = JSON.parse(line.slice(REPORT_PREFIX.length)) as ReportEvent;
      events.push(event);
      if (event.event === "begin") {
        running.set(event.kata, { check: GATE, since: Date.now() });
      } else if (event.event === "check") {
        running.set(event.kata, { check: event.check, since: Date.now() });
        onCheck?.(event.kata, event.check);
      } else if (event.event === "fail" || event.event === "prerequisite") {
        failed.add(event.kata);
      } else if (event.event === "end") {
        running.delete(event.kata);
      }
    }
  })();
  const errors: string[] = [];
  const readErr = (async () => {
    for await (const line of lines(child.stderr)) errors.push(line);
  })();
  try {
    await Promise.all([readOut, readErr, child.status]);
  } catch (e) {
    if (!signal?.aborted) throw e;
  } finally {
    clearInterval(timer);
  }
  const statuses = statusesOf(events);
  if (stuck) {
    const { kata, check, seconds } = stuck;
    statuses.set(kata, { kind: "stuck", check, seconds });
  }
  return { statuses, output: [...errors, ...other].join("\n"), stopped };
}

/** The lines of a byte stream, decoded as UTF-8. */
async function* lines(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<string> {
  let rest = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop() ?? "";
    yield* parts;
  }
  if (rest) yield rest;
}
