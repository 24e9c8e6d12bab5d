/**
 * Generates the learner's stubs (`katas/`) from the reference solutions (`solutions/`).
 *
 * A solution marks each answer with a region:
 * ```ts
 * add(other: Value | number): Value {
 *   //#region answer: Value.add
 *   if (typeof other === "number") {
 *     return new Value(this.data + other, [this], [1]);
 *   }
 *   return new Value(this.data + other.data, [this, other], [1, 1]);
 *   //#endregion
 * }
 * ```
 * and the stub keeps everything else (signatures, JSDoc, imports) with the region replaced by
 * `throw new Error("not implemented: Value.add, see README.md")`, after `void other;`: a `void`
 * of the names only the answer used, so that `deno lint` passes on the stub with no file-wide
 * `no-unused-vars` ignore, which it would flag (ban-unused-ignore) once the kata is solved.
 * Test files are copied as they are; a kata's lesson (`README.md`) lives in `katas/` only.
 *
 * `deno task kata reset` and `start` write `katas/` through {@link writeKatas}, and so does the
 * maintainers' `deno task stubs` (`dev/stubs.ts`), which also checks that `katas/` is what this
 * makes.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { UserError } from "../app/cli.ts";
import { partName, writeAtomic } from "../app/files.ts";
import { oddEntry } from "../app/kata_tree.ts";
import { COURSE } from "../course/manifest.ts";

/** A line that opens an answer region; its indent and what it answers are groups 1 and 2. */
export const REGION_BEGIN = /^([ \t]*)\/\/#region answer: (.+?)\r?$/;
/** A line that closes an answer region. */
export const REGION_END = /^[ \t]*\/\/#endregion\r?$/;

/** Whether `line` opens or closes an answer region. */
export function isRegionMarker(line: string): boolean {
  return REGION_BEGIN.test(line) || REGION_END.test(line);
}

function header(
  kata: string,
  file: string,
  voids: boolean,
  generators: boolean,
  lets: boolean,
): string {
  const title = kata.replace("_", " · ");
  const replace = voids
    ? `// Kata ${title}: your file. Replace each "not implemented" throw, and the\n` +
      `// \`void\` line above it (there only so that deno lint accepts what the throw\n` +
      `// leaves unused), with your code; the lesson is README.md beside this file.\n`
    : `// Kata ${title}: your file. Replace each "not implemented" throw with your\n` +
      `// code; the lesson is README.md beside this file.\n`;
  // A generator's body (function*) yields nothing yet, and a module's `let` only the answers
  // change looks like a constant. Once solved, neither ignore is used: ban-unused-ignore,
  // ignored with them, keeps that from being a warning. (Unused names get a `void` instead,
  // so that deno lint still flags the learner's own.)
  const ignored = [
    ...(generators ? ["require-yield"] : []),
    ...(lets ? ["prefer-const"] : []),
  ];
  return replace +
    `// Made from solutions/${kata}/${file} by \`deno task stubs\`.\n` +
    (ignored.length > 0
      ? `// deno-lint-ignore-file ${ignored.join(" ")} ban-unused-ignore\n`
      : "");
}

/** An answer region of a solution: where its throw goes in the stub, and what it held. */
interface Region {
  /** The index, in the stub's lines, of the throw's first line. */
  readonly at: number;
  /** The indentation of the region's lines. */
  readonly indent: string;
  /** The answer, as the solution writes it. */
  readonly answer: string;
}

/**
 * The stub of one solution file: every answer region replaced by a `throw`, after a `void`
 * of the names that only the answer used (the function's parameters, an import), so that
 * `deno lint` passes on the stub with no file-wide ignore, and on the solved file too.
 *
 * @example
 * ```ts
 * const solution = "function f(x: number): number {\n  //#region answer: f\n  return x;\n  //#endregion\n}\n";
 * stubSource(solution, "01_tokenizer", "f.ts");
 * // "// Kata 01 · tokenizer: …\nfunction f(x: number): number {\n  void x;\n  throw new Error(\"not implemented: f, see README.md\");\n}\n"
 * ```
 */
export function stubSource(source: string, kata: string, file: string): string {
  const { lines, regions } = replaceRegions(source, file);
  const code = codeOnly(lines.join("\n"));
  const starts = lineStarts(lines);
  let voids = false;
  for (const r of [...regions].reverse()) {
    const names = unusedNames(code, starts[r.at], r.answer);
    if (names.length > 0) {
      lines.splice(r.at, 0, ...voidLines(r.indent, names));
      voids = true;
    }
  }
  const stub = lines.join("\n");
  // A generator whose body became a throw yields nothing: fewer yields than generators.
  const count = (re: RegExp) => stub.match(re)?.length ?? 0;
  const emptied = count(/\bfunction\s*\*/g) > count(/\byield\b/g);
  return header(kata, file, voids, emptied, /^let /m.test(stub)) + stub;
}

/** The lines of `source` with each answer region replaced by its throw, and the regions. */
function replaceRegions(
  source: string,
  file: string,
): { lines: string[]; regions: Region[] } {
  const lines: string[] = [];
  const regions: Region[] = [];
  let open:
    | { line: number; indent: string; what: string; answer: string[] }
    | undefined;
  source.split("\n").forEach((text, i) => {
    const begin = REGION_BEGIN.exec(text);
    if (begin) {
      if (open) {
        throw regionError(
          file,
          i,
          `opens inside the region of line ${open.line}`,
        );
      }
      open = {
        line: i + 1,
        indent: begin[1],
        what: begin[2].trim(),
        answer: [],
      };
    } else if (REGION_END.test(text)) {
      if (!open) {
        throw regionError(file, i, "closes a region that was never opened");
      }
      const { indent, what, answer } = open;
      regions.push({ at: lines.length, indent, answer: answer.join("\n") });
      lines.push(...throwLines(indent, what));
      open = undefined;
    } else if (open) {
      open.answer.push(text);
    } else {
      lines.push(text);
    }
  });
  if (open) {
    throw regionError(file, open.line - 1, "is never closed by //#endregion");
  }
  return { lines, regions };
}

function regionError(file: string, index: number, problem: string): Error {
  return new Error(`${file}:${index + 1}: this answer region ${problem}`);
}

/** The stub's `throw`, broken over lines the way `deno fmt` would, so stubs stay formatted. */
function throwLines(indent: string, what: string): string[] {
  const message = JSON.stringify(`not implemented: ${what}, see README.md`);
  const line = `${indent}throw new Error(${message});`;
  if (line.length <= 80) return [line];
  return [`${indent}throw new Error(`, `${indent}  ${message},`, `${indent});`];
}

/** `void name;` or `void [a, b];`, broken over lines the way `deno fmt` would. */
function voidLines(indent: string, names: readonly string[]): string[] {
  const line = `${indent}void ${
    names.length === 1 ? names[0] : `[${names.join(", ")}]`
  };`;
  if (line.length <= 80) return [line];
  return [
    `${indent}void [`,
    ...names.map((n) => `${indent}  ${n},`),
    `${indent}];`,
  ];
}

// What a stub leaves unused. The stub's text is read as code only (comments and the insides
// of strings blanked), well enough for the solutions' own style: each answer region is the
// body, or the end of the body, of a function whose parameter list ends in `) {`,
// `): Type {` or `) => {`.

/** `text` with comments and the insides of strings and templates blanked, offsets kept. */
function codeOnly(text: string): string {
  const out = text.split(""); // UTF-16 units, as the offsets of indexOf and slice
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  let i = 0;
  while (i < out.length) {
    const two = text.slice(i, i + 2);
    let end = i + 1;
    if (two === "//") {
      end = text.indexOf("\n", i) < 0 ? text.length : text.indexOf("\n", i);
    } else if (two === "/*") end = text.indexOf("*/", i + 2) + 2 || text.length;
    else if (`"'\``.includes(text[i])) {
      end = i + 1;
      while (end < text.length && text[end] !== text[i]) {
        end += text[end] === "\\" ? 2 : 1;
      }
      blank(i + 1, end);
      i = end + 1;
      continue;
    }
    if (end > i + 1) blank(i, end);
    i = end;
  }
  return out.join("");
}

/** The offset in the joined text where each line starts. */
function lineStarts(lines: readonly string[]): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const line of lines) {
    starts.push(at);
    at += line.length + 1;
  }
  return starts;
}

const IDENTIFIER = /[A-Za-z_$][\w$]*/g;

/** How often `name` occurs in `code` as a name (not as a property: `.name`). */
function uses(code: string, name: string): number {
  const escaped = name.replace(/\$/g, "\\$");
  return code.match(new RegExp(`(?<![\\w$.])${escaped}(?![\\w$])`, "g"))
    ?.length ?? 0;
}

/**
 * The names the stub (`code`, read by {@link codeOnly}) declares but no longer uses, that the
 * answer replaced at `at` used: the parameters of its function, then the module's imports and
 * declarations that only answers used.
 */
function unusedNames(code: string, at: number, answer: string): string[] {
  const fn = enclosingFunction(code, at);
  const params = fn
    ? parameterNames(code.slice(fn.params[0], fn.params[1]))
      .filter((p) => uses(code.slice(fn.params[0], fn.end), p) === 1)
    : [];
  const used = new Set(codeOnly(answer).match(IDENTIFIER));
  const unused = moduleNames(code)
    .filter((n) => used.has(n) && !params.includes(n) && uses(code, n) === 1);
  return [...params, ...unused];
}

/**
 * The function whose body holds offset `at`: the offsets of its parameter list (inside the
 * parentheses) and of the end of its body. Blocks that are not a function's (an `if`, a class)
 * are looked through.
 */
function enclosingFunction(
  code: string,
  at: number,
): { params: [number, number]; end: number } | undefined {
  for (let open = opening(code, at); open >= 0; open = opening(code, open)) {
    const list = parameterList(code, open);
    if (list) return { params: list, end: closing(code, open) };
  }
  return undefined;
}

/** The offset of the `{` that opens the block around offset `at`, or -1. */
function opening(code: string, at: number): number {
  let depth = 0;
  for (let i = at - 1; i >= 0; i--) {
    if (code[i] === "}") depth++;
    else if (code[i] === "{" && depth-- === 0) return i;
  }
  return -1;
}

/** The offset just past the `}` that closes the block opened at `open`. */
function closing(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === "{") depth++;
    else if (code[i] === "}" && --depth === 0) return i + 1;
  }
  return code.length;
}

const NOT_FUNCTIONS = new Set([
  "if",
  "for",
  "while",
  "switch",
  "catch",
  "with",
]);

/**
 * The parameter list (its offsets inside the parentheses) of the function whose body the `{`
 * at `open` starts, if it is a function's: `name(…) {`, `name(…): Type {`, `(…) => {`.
 */
function parameterList(
  code: string,
  open: number,
): [number, number] | undefined {
  for (let close = code.lastIndexOf(")", open); close >= 0;) {
    const between = code.slice(close + 1, open);
    if (/[;{}]/.test(between)) return undefined;
    const start = matchingParen(code, close);
    if (/^\s*(?::[^;{}]*?)?\s*(?:=>)?\s*$/.test(between) && start >= 0) {
      const before = code.slice(0, start).replace(/<[^<>]*>\s*$/, "");
      const word = /([\w$]+)\s*$/.exec(before)?.[1];
      if (word && !NOT_FUNCTIONS.has(word)) return [start + 1, close];
      if (!word && /=>/.test(between)) return [start + 1, close];
      if (word) return undefined; // if (…) { and the like: a block, not a function
    }
    close = code.lastIndexOf(")", close - 1);
  }
  return undefined;
}

/** The offset of the `(` that the `)` at `close` closes, or -1. */
function matchingParen(code: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    if (code[i] === ")") depth++;
    else if (code[i] === "(" && --depth === 0) return i;
  }
  return -1;
}

/** The names a parameter list declares (destructured ones left out): `a`, `b` of `(a: T, b = 1)`. */
function parameterNames(list: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let piece = "";
  for (const part of list.replace(/=>/g, "  ").split("")) {
    if ("([{<".includes(part)) depth++;
    if (")]}>".includes(part)) depth--;
    if (part === "," && depth === 0) {
      names.push(piece);
      piece = "";
    } else piece += part;
  }
  names.push(piece);
  return names.map((p) =>
    /^\s*(?:(?:public|private|protected|readonly|override)\s+)*(?:\.\.\.)?([A-Za-z_$][\w$]*)/
      .exec(p)?.[1]
  ).filter((n): n is string => n !== undefined && n !== "this");
}

/** The names a module's imports (not `import type`) and top-level declarations bring in. */
function moduleNames(code: string): string[] {
  const names: string[] = [];
  for (const m of code.matchAll(/^import\s+(?!type\b)([^;]*?)\s+from\b/gm)) {
    const clause = m[1];
    const braces = /\{([^}]*)\}/.exec(clause)?.[1] ?? "";
    for (const spec of braces.split(",")) {
      const name = /^\s*(?!type\s)(?:[\w$]+\s+as\s+)?([\w$]+)\s*$/.exec(spec)
        ?.[1];
      if (name) names.push(name);
    }
    const outside = clause.replace(/\{[^}]*\}/, "");
    names.push(...(outside.match(/[\w$]+(?=\s*(?:,|$))/g) ?? [])
      .filter((n) => n !== "as"));
  }
  for (
    const m of code.matchAll(
      /^(?:let|const|var|function\*?|class)\s+([\w$]+)/gm,
    )
  ) {
    names.push(m[1]);
  }
  return names;
}

/**
 * Whether `file` is one the learner writes: not a test, bench or lesson, nor (when `file` is a
 * path through its kata's folder, `katas/12_efficiency/engine.ts`) a module the course gives.
 */
export function isKataSource(file: string): boolean {
  const [kata, name] = file.split("/").slice(-2);
  const given = COURSE.find((e) => e.kata === kata)?.given ?? [];
  return file.endsWith(".ts") && !/_(test|bench)\.ts$/.test(file) &&
    !given.includes(name);
}

/** The katas that have a folder in `solutions/`, in order (`["01_tokenizer", …]`). */
export async function listKatas(root: URL): Promise<string[]> {
  const katas: string[] = [];
  for await (const entry of Deno.readDir(new URL("solutions/", root))) {
    if (entry.isDirectory && /^\d\d_/.test(entry.name)) katas.push(entry.name);
  }
  return katas.sort();
}

/**
 * Every file `katas/<kata>/` should hold, generated from `solutions/<kata>/`: path relative
 * to the project root → contents. With `reference`, the sources are the solution's as they
 * are, not stubs (what `deno task kata start` writes).
 */
export async function generateKata(
  root: URL,
  kata: string,
  reference = false,
): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const dir = new URL(`solutions/${kata}/`, root);
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isFile || !entry.name.endsWith(".ts")) continue;
    const text = await Deno.readTextFile(new URL(entry.name, dir));
    files.set(
      `katas/${kata}/${entry.name}`,
      isKataSource(`${kata}/${entry.name}`) && !reference
        ? stubSource(text, kata, entry.name)
        : text,
    );
  }
  return files;
}

/** The file's exact bytes (not decoded, so nothing is lost), or `null` when it is missing. */
export async function readOrNull(url: URL): Promise<Uint8Array | null> {
  try {
    return await Deno.readFile(url);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Whether `a` and `b` hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * Makes a new, empty backup folder, `backups/<stamp>`, and returns its name. A folder that is
 * already there (two runs in the same millisecond) is left alone: the name becomes
 * `<stamp>-2`, `<stamp>-3`, … instead, so a backup never replaces an earlier one.
 */
async function newBackupFolder(root: URL, stamp: string): Promise<string> {
  await checkFolders(root, "backups/");
  await Deno.mkdir(new URL("backups/", root), { recursive: true });
  for (let n = 1;; n++) {
    const folder = `backups/${n === 1 ? stamp : `${stamp}-${n}`}`;
    try {
      await Deno.mkdir(new URL(folder, root)); // fails if it exists: the claim is atomic
      return folder;
    } catch (e) {
      if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
    }
  }
}

/** What the writer does, for its one-line refusals. */
const WRITER = "deno task kata reset and start, and deno task stubs, write";

/**
 * Throws a one-line {@linkcode UserError} when a folder on the way to `path` (relative to
 * `root`: `katas/02_value/value.ts` checks `katas` and `katas/02_value`) is a symbolic link,
 * a FIFO, a socket or a device: the writer never writes through a link to somewhere else.
 */
async function checkFolders(root: URL, path: string): Promise<void> {
  const parts = path.split("/").slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const folder = parts.slice(0, i).join("/");
    const odd = await oddEntry(new URL(folder, root));
    if (odd === undefined) continue;
    throw new UserError(
      `${folder} is ${odd}: ${WRITER} only into folders of the project's own — replace it with the folder itself, then run the command again`,
    );
  }
}

/**
 * The file at `path` (relative to `root`) as the writer finds it: its bytes, or `null` when
 * there is none; when it is a symbolic link, the link's text and its target's bytes (`null`
 * for a link to nothing). Anything else that is not a regular file (a FIFO, a socket, a
 * device, a link to one or to a folder) is a one-line {@linkcode UserError}.
 */
async function currentFile(
  root: URL,
  path: string,
): Promise<{ bytes: Uint8Array | null; link?: string }> {
  const url = new URL(path, root);
  const odd = await oddEntry(url);
  if (odd === undefined) return { bytes: await readOrNull(url) };
  const refuse = (what: string) =>
    new UserError(
      `${path} is ${what}: ${WRITER} only regular files — remove it, then run the command again`,
    );
  if (!odd.startsWith("a symlink")) throw refuse(odd);
  const link = await Deno.readLink(url);
  let target: Deno.FileInfo;
  try {
    target = await Deno.stat(url);
  } catch {
    return { bytes: null, link }; // a link to nothing, or a loop: no bytes to keep
  }
  if (!target.isFile) throw refuse(`${odd}, not to a file`);
  return { bytes: await Deno.readFile(url), link };
}

/** What {@link replaceFiles} did: the files it wrote, and where it kept the old ones. */
export interface Replaced {
  /** Paths written, relative to the project root. */
  readonly written: string[];
  /** For each file that was replaced: its path and its backup's path. */
  readonly kept: { readonly path: string; readonly backup: string }[];
  /**
   * For each symbolic link replaced by a regular file: its path and the link's text. What
   * it pointed to is left as it was (its bytes are in `kept`, unless they were nobody's work).
   */
  readonly unlinked: { readonly path: string; readonly link: string }[];
  /** The backup folder, `backups/<time>`, when a file was kept. */
  readonly folder?: string;
}

/**
 * Writes `files` (path relative to `root` → contents) and leaves alone those already holding
 * exactly that. A file about to be replaced is first copied, byte for byte, into one new
 * folder `backups/<time>/` (named from `now`, never an earlier backup's), under its own path,
 * so a learner's work is never lost; unless it holds exactly what `pristine` gives for its
 * path (an untouched stub, or the reference solution), which is nobody's work. A file is
 * written to a partial file beside it, created exclusively, then renamed over it
 * (`app/files.ts`'s `writeAtomic`): never half-written, and never through a symbolic link.
 * A file that is a symbolic link is replaced by a regular file (its target's bytes kept
 * first, as a file's); what it pointed to is left as it was. A folder on the way that is a
 * link, or a file that is a FIFO, a socket or a device, is refused with one line before
 * anything of it is written.
 *
 * @example
 * ```ts ignore
 * const { kept } = await replaceFiles(root, new Map([["katas/02_value/value.ts", text]]));
 * ```
 */
export async function replaceFiles(
  root: URL,
  files: ReadonlyMap<string, string>,
  now: Date = new Date(),
  pristine: ReadonlyMap<string, string> = new Map(),
): Promise<Replaced> {
  const written: string[] = [];
  const kept: { path: string; backup: string }[] = [];
  const unlinked: { path: string; link: string }[] = [];
  let folder: string | undefined; // made on the first backup, shared by the others
  for (const [path, text] of files) {
    const url = new URL(path, root);
    const bytes = encode(text);
    await checkFolders(root, path);
    const { bytes: current, link } = await currentFile(root, path);
    if (link === undefined && current !== null && sameBytes(current, bytes)) {
      continue;
    }
    const untouched = pristine.has(path) &&
      sameBytes(current ?? new Uint8Array(), encode(pristine.get(path)!));
    if (current !== null && !untouched) {
      folder ??= await newBackupFolder(
        root,
        now.toISOString().replace(/[:.]/g, "-"),
      );
      const backup = `${folder}/${path}`;
      await Deno.mkdir(new URL("./", new URL(backup, root)), {
        recursive: true,
      });
      await Deno.writeFile(new URL(backup, root), current, { createNew: true });
      kept.push({ path, backup });
    }
    await Deno.mkdir(new URL("./", url), { recursive: true });
    const file = fileURLToPath(url);
    await writeAtomic(file, text, partName(file));
    if (link !== undefined) unlinked.push({ path, link });
    written.push(path);
  }
  return { written, kept, unlinked, folder };
}

/**
 * Writes the katas `katas` from `solutions/`: their stubs (what `deno task kata reset` makes) or,
 * with `as` `"reference"`, the reference solutions (what `start` fills in). Through
 * {@link replaceFiles}: a file of the learner's is first kept in one new `backups/<time>/`
 * folder (named from `now`); a file that holds the other of the two, an untouched stub or the
 * reference, is nobody's work and is not kept.
 *
 * @example
 * ```ts ignore
 * const { written, kept, folder } = await writeKatas(root, ["02_value"], "stub");
 * ```
 */
export async function writeKatas(
  root: URL,
  katas: readonly string[],
  as: "stub" | "reference",
  now: Date = new Date(),
): Promise<Replaced> {
  const files = new Map<string, string>();
  const pristine = new Map<string, string>();
  for (const kata of katas) {
    const stubs = await generateKata(root, kata);
    const reference = await generateKata(root, kata, true);
    const [wanted, other] = as === "stub"
      ? [stubs, reference]
      : [reference, stubs];
    for (const [path, text] of wanted) files.set(path, text);
    for (const [path, text] of other) pristine.set(path, text);
  }
  return await replaceFiles(root, files, now, pristine);
}

/**
 * The lines that say where each replaced file was kept (`kept your … as …`), and which
 * symbolic links became files of their own.
 */
export function keptLines(replaced: Replaced): string[] {
  return [
    ...replaced.kept.map(({ path, backup }) =>
      `kept your ${path} as ${backup}`
    ),
    ...replaced.unlinked.map(({ path, link }) =>
      `${path} was a symlink (to ${link}): it is a file of its own now, and ${link} is as it was`
    ),
  ];
}
