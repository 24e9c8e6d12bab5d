/**
 * Formatting for failure messages: lists and counts as a learner reads them.
 *
 * @module
 */

/** `n` and the noun, singular or plural: `count(1, "character")` is `"1 character"`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** A list as a learner reads it in a message: `list([1, 2.5])` is `"[1, 2.5]"`. */
export function list(xs: readonly unknown[]): string {
  return `[${xs.join(", ")}]`;
}

/** A value in a message: a list as {@link list} writes it, anything else as a string. */
export function fmt(x: unknown): string {
  return Array.isArray(x) ? list(x) : String(x);
}
