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
 * `throw new Error("not implemented: Value.add, see README.md")`.
 * Test files are copied as they are; a kata's lesson (`README.md`) lives in `katas/` only.
 *
 * `deno task kata reset` and `skip` write `katas/` through {@link writeKatas}, and so does the
 * maintainers' `deno task stubs` (`dev/stubs.ts`), which also checks that `katas/` is what this
 * makes.
 *
 * @module
 */
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
  generators: boolean,
  lets: boolean,
): string {
  const title = kata.replace("_", " · ");
  // A stub's parameters go unused, a generator's body (function*) yields nothing yet, and a
  // module's `let` only the answers change looks like a constant.
  const ignored = ["no-unused-vars"];
  if (generators) ignored.push("require-yield");
  if (lets) ignored.push("prefer-const");
  return `// Kata ${title}: your file. Replace each "not implemented" throw with your\n` +
    `// code; the lesson is README.md beside this file. Made from\n` +
    `// solutions/${kata}/${file} by \`deno task stubs\`.\n` +
    `// deno-lint-ignore-file ${ignored.join(" ")}\n`;
}

/**
 * The stub of one solution file: every answer region replaced by a `throw`.
 *
 * @example
 * ```ts
 * const solution = "function f(): number {\n  //#region answer: f\n  return 1;\n  //#endregion\n}\n";
 * stubSource(solution, "01_tokenizer", "f.ts");
 * // "// Kata 01 · tokenizer: …\nfunction f(): number {\n  throw new Error(\"not implemented: f, see README.md\");\n}\n"
 * ```
 */
export function stubSource(source: string, kata: string, file: string): string {
  const out: string[] = [];
  let open: { line: number; indent: string; what: string } | undefined;
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
      open = { line: i + 1, indent: begin[1], what: begin[2].trim() };
    } else if (REGION_END.test(text)) {
      if (!open) {
        throw regionError(file, i, "closes a region that was never opened");
      }
      out.push(...throwLines(open.indent, open.what));
      open = undefined;
    } else if (!open) {
      out.push(text);
    }
  });
  if (open) {
    throw regionError(file, open.line - 1, "is never closed by //#endregion");
  }
  const stub = out.join("\n");
  // A generator whose body became a throw yields nothing: fewer yields than generators.
  const count = (re: RegExp) => stub.match(re)?.length ?? 0;
  const emptied = count(/\bfunction\s*\*/g) > count(/\byield\b/g);
  return header(kata, file, emptied, /^let /m.test(stub)) + stub;
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
 * are, not stubs (what `deno task kata skip` writes).
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

/** What {@link replaceFiles} did: the files it wrote, and where it kept the old ones. */
export interface Replaced {
  /** Paths written, relative to the project root. */
  readonly written: string[];
  /** For each file that was replaced: its path and its backup's path. */
  readonly kept: { readonly path: string; readonly backup: string }[];
  /** The backup folder, `backups/<time>`, when a file was kept. */
  readonly folder?: string;
}

/**
 * Writes `files` (path relative to `root` → contents) and leaves alone those already holding
 * exactly that. A file about to be replaced is first copied, byte for byte, into one new
 * folder `backups/<time>/` (named from `now`, never an earlier backup's), under its own path,
 * so a learner's work is never lost; unless it holds exactly what `pristine` gives for its
 * path (an untouched stub, or the reference solution), which is nobody's work.
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
  let folder: string | undefined; // made on the first backup, shared by the others
  for (const [path, text] of files) {
    const url = new URL(path, root);
    const bytes = encode(text);
    const current = await readOrNull(url);
    if (current !== null && sameBytes(current, bytes)) continue;
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
    await Deno.writeFile(url, bytes);
    written.push(path);
  }
  return { written, kept, folder };
}

/**
 * Writes the katas `katas` from `solutions/`: their stubs (what `deno task kata reset` makes) or,
 * with `as` `"reference"`, the reference solutions (what `skip` fills in). Through
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

/** The lines that say where each replaced file was kept: `kept your … as …`. */
export function keptLines(replaced: Replaced): string[] {
  return replaced.kept.map(({ path, backup }) =>
    `kept your ${path} as ${backup}`
  );
}
