/**
 * A mutant is a solution with one typical learner mistake planted in it, as text edits of
 * the solution file. The honesty meta-test (`tests/honesty_test.ts`) proves that the kata's
 * suite catches each one, with a failure message that includes `expect`.
 *
 * @module
 */

/** One planted mistake. */
export interface Mutant {
  /** The mistake, in the learner's words. */
  readonly name: string;
  /** The solution file it changes, relative to `solutions/`: `"02_value/value.ts"`. */
  readonly file: string;
  /** `[find, replace]` pairs; each `find` must occur exactly once in the file. */
  readonly edits: readonly (readonly [string, string])[];
  /** Text that some failing check's message must include: the suite names the mistake. */
  readonly expect: string;
}
