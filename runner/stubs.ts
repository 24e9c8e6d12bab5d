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
 * Usage (`deno task stubs`):
 * - `deno task stubs KATA…` (or `--all`): write fresh stubs of the named katas, keeping a
 *   backup of any file that would be replaced;
 * - `deno task stubs --check [KATA…]`: exit 1 when `katas/` differs from what this makes.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { runMain, UsageError, UserError } from "../app/cli.ts";
import { COURSE } from "../course/manifest.ts";

const BEGIN = /^([ \t]*)\/\/#region answer: (.+?)\r?$/;
const END = /^[ \t]*\/\/#endregion\r?$/;

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
    const begin = BEGIN.exec(text);
    if (begin) {
      if (open) {
        throw regionError(
          file,
          i,
          `opens inside the region of line ${open.line}`,
        );
      }
      open = { line: i + 1, indent: begin[1], what: begin[2].trim() };
    } else if (END.test(text)) {
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

/** TypeScript files in `katas/<kata>/` that the generator does not make. */
async function extraSources(
  root: URL,
  kata: string,
  files: Map<string, string>,
): Promise<string[]> {
  const extra: string[] = [];
  try {
    for await (const entry of Deno.readDir(new URL(`katas/${kata}/`, root))) {
      const path = `katas/${kata}/${entry.name}`;
      if (entry.name.endsWith(".ts") && !files.has(path)) extra.push(path);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return extra;
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

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
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

/** The paths of `files` whose file under `root` is missing or holds something else. */
async function differing(
  root: URL,
  files: ReadonlyMap<string, string>,
): Promise<string[]> {
  const out: string[] = [];
  for (const [path, text] of files) {
    const current = await readOrNull(new URL(path, root));
    const bytes = new TextEncoder().encode(text);
    if (current === null || !sameBytes(current, bytes)) out.push(path);
  }
  return out;
}

/**
 * The `deno task stubs` command on the project at `root`: writes (or with `--check`, compares)
 * `katas/` from `solutions/`. A file about to be replaced is first copied, byte for byte, to
 * `backups/<time>/katas/…` (never over an earlier backup), so a learner's work is never lost.
 * `now` is the time that names the backup folder.
 *
 * @example
 * ```ts ignore
 * await stubsCommand(["02_value"], new URL("./", import.meta.url));
 * ```
 */
export async function stubsCommand(
  args: string[],
  root: URL,
  now: Date = new Date(),
): Promise<void> {
  const usage = "usage: deno task stubs KATA… | --all | --check [KATA…]  " +
    "(e.g. deno task stubs 02_value)";
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        all: { type: "boolean" },
        check: { type: "boolean" },
        help: { type: "boolean" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}; ${usage}`);
  }
  const { all: everything, check, help } = parsed.values;
  if (help) return console.log(usage);
  const all = await listKatas(root);
  const named = parsed.positionals;
  if (!named.length && !everything && !check) {
    throw new UsageError(`name the katas to reset, or --all; ${usage}`);
  }
  const wanted = named.length ? named : all;
  for (const kata of wanted) {
    if (!all.includes(kata)) {
      throw new UsageError(
        `no kata named ${kata}; the katas are ${all.join(", ")}`,
      );
    }
  }
  const stale: string[] = [];
  const files = new Map<string, string>();
  for (const kata of wanted) {
    const generated = await generateKata(root, kata);
    if (check) stale.push(...await extraSources(root, kata, generated));
    for (const [path, text] of generated) files.set(path, text);
  }
  if (check) {
    stale.push(...await differing(root, files));
  } else {
    const { written, kept } = await replaceFiles(root, files, now);
    for (const { path, backup } of kept) {
      console.log(`kept your ${path} as ${backup}`);
    }
    for (const path of written) console.log(`wrote ${path}`);
  }
  if (stale.length) {
    throw new UserError(
      `katas/ differs from the stubs generated from solutions/ (${
        stale.join(", ")
      }): ` +
        `run \`deno task stubs --all\` and commit the result`,
    );
  }
  if (check) console.log(`katas/ matches solutions/ (${wanted.length} katas)`);
}

if (import.meta.main) {
  runMain(() => stubsCommand(Deno.args, new URL("../", import.meta.url)));
}
