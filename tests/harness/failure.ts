/**
 * How a check fails: a {@link CheckFailure} says what was expected, what came and, when a
 * probe confirmed it, which known mistake it looks like; {@link ensure} throws one.
 *
 * @module
 */
import type { Diagnosis } from "./diagnosis.ts";

/**
 * A failed check: the message says what was expected, what came, and for which input; when
 * the failure matches a known mistake, `diagnosis` names it and the message ends with
 * "this looks like …".
 */
export class CheckFailure extends Error {
  /** The error's name, shown before its message. */
  override name = "CheckFailure";
  /** The known mistake this failure looks like, if any. */
  readonly diagnosis?: Diagnosis;
  /** What went wrong, without the diagnosis line. */
  readonly problem: string;
  /**
   * A failure whose message is `problem`, then "this looks like" and the diagnosis when there
   * is one, then `trailer` (such as the replay line).
   */
  constructor(problem: string, diagnosis?: Diagnosis, trailer = "") {
    super(
      problem +
        (diagnosis ? `\n    this looks like ${diagnosis.text}` : "") + trailer,
    );
    this.problem = problem;
    this.diagnosis = diagnosis;
    // The message says it all: the harness's own stack frames would only bury it.
    this.stack = `${this.name}: ${this.message}`;
  }
}

/**
 * Throws a {@link CheckFailure} unless `condition` holds. The message and the diagnosis may
 * be given as functions, called only on failure: a message that is costly to build (inside a
 * loop), and a probe that runs the learner's code again to confirm a mistake.
 *
 * @example
 * ```ts
 * const D = { negative: { id: "99_demo/negative", text: "a sign flipped" } };
 * const total = 1;
 * ensure(total === 1, `the probabilities sum to ${total}, expected 1`);
 * ensure(total > 0, () => `the total ${total} is not positive`, D.negative);
 * ```
 */
export function ensure(
  condition: unknown,
  message: string | (() => string),
  diagnosis?: Diagnosis | (() => Diagnosis | undefined),
): asserts condition {
  if (condition) return;
  throw new CheckFailure(
    typeof message === "string" ? message : message(),
    typeof diagnosis === "function" ? diagnosis() : diagnosis,
  );
}

/**
 * Whether `error` is a stub's "not implemented" throw (made by `runner/stubs.ts`): the learner
 * has not written that part yet, so no mistake should be diagnosed from it.
 */
export function notImplemented(error: unknown): boolean {
  return error instanceof Error && /^not implemented: /.test(error.message);
}

/** A suite could not run because an earlier kata it builds on does not pass yet. */
export class PrerequisiteFailure extends Error {
  /** The error's name, shown before its message. */
  override name = "PrerequisiteFailure";
  /**
   * A failure whose `message` names the earlier kata to finish; `needs` is that kata,
   * `check` its failing check and `why` the first line of that check's failure.
   */
  constructor(
    message: string,
    readonly needs = "",
    readonly check = "",
    readonly why = "",
  ) {
    super(message);
    this.stack = `${this.name}: ${message}`;
  }
}

/**
 * A failure as `deno test` prints it: `error: `, the failure's name and message, and nothing
 * after. `deno test` prints an `Error` with the place it was thrown, which for the harness's
 * failures (their stack cut to the message) is a line inside Deno itself, `at <anonymous>
 * (ext:core/01_core.js…)`; anything else it prints as `Deno.inspect` shows it, and this shows
 * the failure's text. Only `runSuite` throws it, to `deno test`: the gate and the audit catch
 * the failure itself.
 */
export class Printed {
  /** The failure whose name and message are printed. */
  readonly failure: Error;
  /** What `deno test` prints for `failure`. */
  constructor(failure: Error) {
    this.failure = failure;
  }
  /** The failure's text: `CheckFailure: …`. */
  toString(): string {
    return `${this.failure.name}: ${this.failure.message}`;
  }
  /** What `Deno.inspect`, and so `deno test`, shows. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}

/**
 * `error` as a {@link CheckFailure}: a CheckFailure stays itself; anything else was thrown by
 * the code under test, so the failure says what it was and where it was thrown (the stack is
 * not shown).
 *
 * @example
 * ```ts
 * asFailure(new TypeError("x is undefined")).message; // "TypeError: x is undefined\n    at …"
 * ```
 */
export function asFailure(error: unknown): CheckFailure {
  if (error instanceof CheckFailure) return error;
  if (!(error instanceof Error)) return new CheckFailure(String(error));
  return new CheckFailure(`${error.name}: ${error.message}${where(error)}`);
}

const ROOT = new URL("../../", import.meta.url).href;

/** A stack frame in the project's code: its function (or "") and `path:line:column`. */
interface Frame {
  readonly fn: string;
  readonly at: string;
}

/** The frames of `error`'s stack in the project's files, innermost first, paths from the root. */
function projectFrames(error: Error): Frame[] {
  const frames: Frame[] = [];
  for (const line of (error.stack ?? "").split("\n")) {
    const m = /^at (?:async )?(?:(.+?) \()?(file:\/\/\S+?:\d+:\d+)\)?$/.exec(
      line.trim(),
    );
    if (m && m[2].startsWith(ROOT)) {
      frames.push({ fn: m[1] ?? "", at: m[2].slice(ROOT.length) });
    }
  }
  return frames;
}

/** The kata folder a frame's file is in (`katas/07_attention`), if it is in one. */
function kataFolder(frame: Frame): string | undefined {
  return /^(.*?\d\d_[^/]+)\/[^/]+:\d+:\d+$/.exec(frame.at)?.[1];
}

/** A kata folder's number: `"katas/07_attention"` is `"07"`. */
function kataNumber(folder: string): string {
  return /(\d\d)_[^/]*$/.exec(folder)?.[1] ?? folder;
}

/**
 * Where `error` was thrown: the first frame in the project's code outside `tests/`. When that
 * is inside an earlier kata (or the course's own code) called by the kata under test, the
 * line of the kata under test that made the call comes first: the earlier kata passes its
 * checks, so the mistake is more likely in what this kata gives it.
 */
function where(error: Error): string {
  const frames = projectFrames(error);
  const first = frames.findIndex((f) => !f.at.startsWith("tests/"));
  if (first < 0) return "";
  const thrown = frames[first];
  // The frames from the throw out to the suite's call (the next frame in tests/).
  const end = frames.findIndex((f, i) =>
    i > first && f.at.startsWith("tests/")
  );
  const chain = frames.slice(first, end < 0 ? frames.length : end);
  const current = chain.map(kataFolder).findLast((k) => k !== undefined);
  const inner = kataFolder(thrown);
  const caller = chain.findIndex((f) => kataFolder(f) === current);
  if (current === undefined || inner === current || caller < 1) {
    return `\n    at ${thrown.at}`;
  }
  const callee = chain[caller - 1];
  const calleeKata = kataFolder(callee);
  const called = !calleeKata
    ? `the course's code${callee.fn ? ` (${callee.fn})` : ""}`
    : callee.fn
    ? `${callee.fn} (kata ${kataNumber(calleeKata)})`
    : `kata ${kataNumber(calleeKata)}'s code`;
  // The earlier katas the error went through: they pass their checks (the gate saw to it).
  const earlier = [...new Set(chain.slice(0, caller).map(kataFolder))]
    .filter((k) => k !== undefined).map(kataNumber).sort();
  const passing = earlier.length === 0
    ? "that code is the course's own"
    : earlier.length === 1
    ? `kata ${earlier[0]} passes its checks`
    : `katas ${earlier.join(" and ")} pass their checks`;
  const yours = `your kata ${kataNumber(current)}`;
  return `\n    at ${chain[caller].at}, where ${yours} calls ${called}` +
    `\n    which threw at ${thrown.at}: ${passing}, so look first at what your line gives it`;
}
