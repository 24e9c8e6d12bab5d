/**
 * Read guards: a budget of reads on a field, so a learner's loop that never advances fails
 * with a diagnosis instead of hanging.
 *
 * @module
 */
import type { CheckFailure } from "./failure.ts";

/**
 * Makes every read of `key` on `objects` count against one budget: read number `limit + 1`
 * throws `exceeded()`. A learner's loop that never advances keeps reading the same fields, so
 * it fails at once with a diagnosis instead of hanging (the watchdog's `STUCK_AFTER_MS`
 * catches loops that read nothing a suite can count). Returns a function that lifts the
 * budget, for the suite's own reads afterwards.
 *
 * @example
 * ```ts
 * import { CheckFailure } from "./failure.ts";
 * const node = { children: [] as unknown[] };
 * guardReads([node], "children", 2, () => new CheckFailure("loop never ends"));
 * node.children; node.children; // fine
 * // node.children; // throws "loop never ends"
 * ```
 */
export function guardReads<T extends object>(
  objects: Iterable<T>,
  key: keyof T & string,
  limit: number,
  exceeded: () => CheckFailure,
): () => void {
  let reads = 0;
  let armed = true;
  for (const object of objects) {
    const value = object[key];
    Object.defineProperty(object, key, {
      get() {
        if (armed && ++reads > limit) throw exceeded();
        return value;
      },
      configurable: true,
      enumerable: true,
    });
  }
  return () => {
    armed = false;
  };
}
