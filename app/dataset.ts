/**
 * The documents microgpt trains on: one per line of a text file (the default list of first
 * names shipped with this project is `app/bundled.ts`'s, loaded only when it is used).
 *
 * @module
 */
import { osReason, refusedOutright, UserError } from "./cli.ts";

// The characters Python 3.11's `str.isspace` accepts, so `pyStrip` matches `str.strip()`.
// Not JavaScript's `trim` set: Python also strips U+001C..U+001F and U+0085 but keeps U+FEFF.
const PY_WHITESPACE = new Set(
  "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" +
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" +
    "\u2028\u2029\u202f\u205f\u3000",
);

/** A character code that is printable ASCII, so not whitespace: `"!"` to `"~"`. */
const inked = (code: number) => code > 0x20 && code < 0x7f;

/**
 * `line` without the whitespace at either end, as Python's `str.strip()`.
 *
 * @example
 * ```ts
 * pyStrip("\u00a0 emma\t"); // "emma"
 * ```
 */
export function pyStrip(line: string): string {
  // Most lines start and end with a letter: nothing to strip (32,033 of them in names.txt).
  if (inked(line.charCodeAt(0)) && inked(line.charCodeAt(line.length - 1))) {
    return line;
  }
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
 * whitespace, blank lines are dropped, order is kept. A byte order mark (U+FEFF) at the start
 * is kept, as microgpt.py's plain `open()` keeps it: it is not whitespace to `str.strip`, so it
 * becomes the first character of the first document, and a token.
 *
 * @example
 * ```ts
 * parseDocs("emma\r\n\n  olivia \rava"); // ["emma", "olivia", "ava"]
 * ```
 */
export function parseDocs(text: string): string[] {
  // Without a "\r", a plain split is the same, and faster than the pattern.
  return text
    .split(text.includes("\r") ? /\r\n|\r|\n/ : "\n")
    .map(pyStrip)
    .filter((doc) => doc !== "");
}

/**
 * The one-line {@linkcode UserError} for an error thrown while reading the dataset file at
 * `path`: it names the path and says what to do. Deno's error classes (`Deno.errors.*`) get
 * their own advice; anything else keeps the system's message.
 *
 * @example
 * ```ts
 * const error = datasetReadError(new Deno.errors.NotFound("os error 2"), "data/names.txt");
 * error.message; // "dataset file not found: data/names.txt — run `deno task download` or …"
 * ```
 */
export function datasetReadError(error: unknown, path: string): UserError {
  if (path === "") {
    // Deno says "Empty path is not allowed"; Python's open("") says "No such file".
    return new UserError(
      `dataset path is empty — run \`deno task download\` and pass data/names.txt, or pass a file that exists`,
    );
  }
  if (error instanceof Deno.errors.NotFound) {
    return new UserError(
      `dataset file not found: ${path} — run \`deno task download\` or pass a file that exists`,
    );
  }
  if (error instanceof Deno.errors.IsADirectory) {
    return new UserError(
      `dataset path is a directory: ${path} — pass a text file with one document per line`,
    );
  }
  if (error instanceof Deno.errors.NotADirectory) {
    return new UserError(
      `dataset path treats a file as a folder: ${path} — pass the file's path with nothing after its name (no trailing "/")`,
    );
  }
  if (error instanceof Deno.errors.FilesystemLoop) {
    return new UserError(
      `dataset path is a loop of symbolic links: ${path} — point the link at a real file or pass the file itself`,
    );
  }
  if (error instanceof Deno.errors.PermissionDenied) {
    return new UserError(
      `permission denied reading dataset file: ${path} — make it readable by your user or pass a copy you can read`,
    );
  }
  if (refusedOutright(error)) {
    return new UserError(
      `--data ${path} is not a regular file: give a file`,
    );
  }
  if (error instanceof Deno.errors.NotCapable) {
    return new UserError(
      `not allowed to read dataset file: ${path} — this command may only read the paths deno.json grants it (--allow-read); move the file into one of them, such as data/`,
    );
  }
  const message = osReason(error) ??
    (error instanceof Error ? error.message : String(error))
      .replace(/\s+/g, " ").trim();
  return new UserError(
    `cannot read dataset file: ${path} (${message}) — check the path and the file`,
  );
}

/**
 * The parts of `path` the system requires to be folders but Deno would not check: what comes
 * before a trailing separator, a `.` or a `..`. Deno tidies `names.txt/` to `names.txt` and
 * `nope/../names.txt` to `names.txt` before reading, where Python's `open` (and the system)
 * fails with "Not a directory" or "No such file or directory".
 */
function folderParts(path: string): string[] {
  const parts = path.split(Deno.build.os === "windows" ? /[\\/]/ : "/");
  const folders: string[] = [];
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i];
    const last = i === parts.length - 1;
    if (part === "." || part === ".." || (part === "" && last)) {
      const prefix = parts.slice(0, i).join("/");
      if (prefix !== "") folders.push(prefix); // "" is the root or the start of "//"
    }
  }
  return folders;
}

/**
 * Reads a UTF-8 text file and returns its documents (see {@linkcode parseDocs}). Throws a
 * {@linkcode UserError} with one line naming the path when the file is missing, is a
 * directory, cannot be read (a symbolic link loop, a permission denied by the system or by
 * Deno's `--allow-read`), is not valid UTF-8 or holds no documents. Like Python's `open`, a
 * file followed by `/`, `/.` or `/..` is refused rather than tidied away.
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
    for (const folder of folderParts(path)) {
      let info: Deno.FileInfo;
      try {
        info = await Deno.stat(folder);
      } catch (error) {
        // Not allowed to look: leave the verdict to the read below, which Deno allows or not.
        if (error instanceof Deno.errors.NotCapable) continue;
        throw error;
      }
      if (!info.isDirectory) {
        throw new Deno.errors.NotADirectory(`not a directory: ${folder}`);
      }
    }
    bytes = await Deno.readFile(path);
  } catch (error) {
    throw datasetReadError(error, path);
  }
  let text: string;
  try {
    // ignoreBOM keeps a leading BOM in the text, as Python's open() does.
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(
      bytes,
    );
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
