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

/** The first stack frame of `error` in the project's code outside `tests/`, if any. */
function where(error: Error): string {
  for (const line of (error.stack ?? "").split("\n")) {
    const m = /(file:\/\/\S+?:\d+:\d+)\)?$/.exec(line.trim());
    if (m && m[1].startsWith(ROOT) && !m[1].startsWith(`${ROOT}tests/`)) {
      return `\n    at ${m[1].slice(ROOT.length)}`;
    }
  }
  return "";
}
