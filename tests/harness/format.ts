/**
 * Formatting for failure messages: lists and counts as a learner reads them.
 *
 * @module
 */
import fc from "fast-check";

/**
 * `n` and the noun, singular or plural: `count(1, "character")` is `"1 character"`,
 * `count(2, "loss", "losses")` is `"2 losses"`.
 */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** A list as a learner reads it in a message: `list([1, 2.5])` is `"[1, 2.5]"`. */
export function list(xs: readonly unknown[]): string {
  return `[${xs.join(", ")}]`;
}

/** A value in a message: a list as {@link list} writes it, anything else as a string. */
export function fmt(x: unknown): string {
  return Array.isArray(x) ? list(x) : String(x);
}

/**
 * A value drawn by an arbitrary, as plain JSON-like text a learner reads (and could paste):
 * `{"seed": 3, "logits": [1, -0, 0.1]}`. Numbers round-trip (`-0`, `NaN` and `Infinity` as
 * such), records print their keys whatever their prototype (fast-check draws some without
 * one, which its own `fc.stringify` shows as `__proto__:null`), typed arrays as lists;
 * anything else (a `Map`, a class's instance) as `fc.stringify` writes it.
 *
 * @example
 * ```ts
 * literal({ seed: 3, logits: [1, 2] }); // '{"seed": 3, "logits": [1, 2]}'
 * ```
 */
export function literal(x: unknown): string {
  if (typeof x === "number") return Object.is(x, -0) ? "-0" : String(x);
  if (typeof x === "string") return JSON.stringify(x);
  if (typeof x === "bigint") return `${x}n`;
  if (typeof x === "function" || typeof x === "symbol") return fc.stringify(x);
  if (typeof x !== "object" || x === null) return String(x);
  if (Array.isArray(x)) return `[${x.map(literal).join(", ")}]`;
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) {
    return literal(Array.from(x as unknown as ArrayLike<number>));
  }
  const proto = Object.getPrototypeOf(x);
  if (proto !== null && proto !== Object.prototype) return fc.stringify(x);
  const entries = Object.entries(x).map(([k, v]) =>
    `${JSON.stringify(k)}: ${literal(v)}`
  );
  return `{${entries.join(", ")}}`;
}
