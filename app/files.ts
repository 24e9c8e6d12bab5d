/**
 * The files `deno task run` names, kept apart and written safely. Before training, every
 * output is compared with every input and with the other output: by its entry (its folder's
 * real path, then its name) and by the file there (device and inode where the system gives
 * them, else the real path), so no spelling of a path (`./x`, `a//x`, an absolute path, a
 * symlink, a symlinked folder, a hard link) lets a run overwrite its own dataset, or one
 * output the other. An output is written to a partial file of a unique name, created exclusively (so
 * never through a symlink, never shared with another run), then renamed over the output; the
 * partial file is removed on failure and on SIGINT or SIGTERM.
 *
 * @module
 */
import {
  osErrorCode,
  osReason,
  refusedOutright,
  UsageError,
  UserError,
} from "./cli.ts";
import { cleanupOnSignal } from "./signals.ts";

/** A file a flag names: the flag (`"save"`), its path, and whether the run writes it. */
export interface NamedFile {
  /** The flag's name, without dashes: `"data"`, `"load"`, `"save"`, `"plot"`. */
  readonly flag: string;
  /** The path as the flag gave it. */
  readonly path: string;
  /** Whether the run writes the file (else it reads it). */
  readonly output: boolean;
  /**
   * An output's partial file ({@linkcode partName}): where its folder may not be read, the
   * folder's real path is found by creating this file, then removing it at once.
   */
  readonly part?: string;
}

/** What to do instead, per output flag. */
const INSTEAD: Readonly<Record<string, string>> = {
  save: "save to another file",
  plot: "plot to another file",
};

/**
 * Throws a {@linkcode UsageError} when an output is the same file as an input or as another
 * output. An output is written by renaming a file over its folder's entry, so it is its
 * entry (its folder's real path, then its name), whether or not it exists and whatever it
 * links to: two outputs are one file when their entries are one. An output is an input when
 * its entry is the input's, or when it exists and is the input's file (device and inode,
 * following links: a link to the dataset, a hard link). Needs `--allow-read` of each path,
 * and of its folder or, for an output, `--allow-read` and `--allow-write` of its `part`.
 *
 * @example
 * ```ts
 * await checkDistinct([
 *   { flag: "data", path: "data/names.txt", output: false },
 *   { flag: "save", path: "./data/names.txt", output: true },
 * ]); // throws: --save ./data/names.txt is the file --data reads: save to another file
 * ```
 */
export async function checkDistinct(
  files: readonly NamedFile[],
): Promise<void> {
  const keys = await Promise.all(files.map(identity));
  for (let i = 0; i < files.length; i++) {
    for (let j = 0; j < i; j++) {
      const [a, b] = [files[j], files[i]];
      if (!(a.output || b.output) || !clash(keys[j], keys[i])) continue;
      const [input, output] = a.output && !b.output ? [b, a] : [a, b];
      throw new UsageError(
        input.output
          ? `--${output.flag} ${output.path} is the file --${input.flag} writes: give each its own file`
          : `--${output.flag} ${output.path} is the file --${input.flag} reads: ${
            INSTEAD[output.flag] ?? "write another file"
          }`,
      );
    }
  }
}

/** A named file's entry in its folder, and the file there (following links), if any. */
interface Identity {
  readonly output: boolean;
  readonly entry: string;
  readonly file?: string;
}

/** Whether two named files, one of them an output, are one file (see {@link checkDistinct}). */
function clash(a: Identity, b: Identity): boolean {
  if (a.entry === b.entry) return true;
  if (a.output && b.output) return false; // each renamed over its own entry
  return a.file !== undefined && a.file === b.file;
}

/** What makes `file` the file it is: its entry, and what is there. */
async function identity(file: NamedFile): Promise<Identity> {
  return {
    output: file.output,
    entry: await entry(file.path, file.part),
    file: await fileAt(file.path),
  };
}

/** The file at `path`, following links: device and inode, else its real path; or none. */
async function fileAt(path: string): Promise<string | undefined> {
  try {
    const info = await Deno.stat(path);
    if (info.dev !== null && info.ino !== null) {
      return `inode ${info.dev}:${info.ino}`;
    }
    return `path ${await Deno.realPath(path)}`;
  } catch {
    return undefined; // not there (yet), or a dangling link
  }
}

/**
 * The entry `path` names: its folder's real path, then its name. When the folder may not be
 * read, the real path of `path` itself if it is there and no link, else that of the partial
 * file `part`, created for the purpose (the training process may read neither folder).
 */
async function entry(path: string, part?: string): Promise<string> {
  const slash = path.lastIndexOf("/");
  const folder = slash < 0 ? "." : path.slice(0, slash) || "/";
  const name = path.slice(slash + 1);
  const within = (real: string) => `${real.replace(/\/[^/]*$/, "")}/${name}`;
  try {
    return `${(await Deno.realPath(folder)).replace(/\/$/, "")}/${name}`;
  } catch {
    // The folder is not ours to read: ask a file in it.
  }
  try {
    if (!(await Deno.lstat(path)).isSymlink) return await Deno.realPath(path);
  } catch {
    // Not there yet: the partial file then.
  }
  if (part !== undefined) {
    try {
      (await Deno.open(part, { createNew: true, write: true })).close();
      try {
        return within(await Deno.realPath(part));
      } finally {
        await Deno.remove(part);
      }
    } catch {
      // checkOutput has said why the folder cannot be written.
    }
  }
  return absolute(path);
}

/** `path` made absolute against the working folder, `.`, `..` and empty parts resolved. */
function absolute(path: string): string {
  const full = path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
  const parts: string[] = [];
  for (const part of full.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

/**
 * A partial file's name for `path`, unique to this process and call:
 * `path.<pid>-<random>.part`, in the same folder so that a rename moves it over `path`.
 *
 * @example
 * ```ts
 * partName("m.safetensors"); // "m.safetensors.4242-1f2e3d4c.part"
 * ```
 */
export function partName(path: string): string {
  return `${path}.${Deno.pid}-${crypto.randomUUID().slice(0, 8)}.part`;
}

/**
 * Writes `data` (a text, written as UTF-8, or bytes) to `path` through the partial file `part`
 * ({@linkcode partName}), created exclusively (it fails if anything is there, a symlink
 * included), then renamed over `path`: `path` is either its old self or the whole new data,
 * never half-written nor another run's.
 * `part` is removed on failure, and on SIGINT or SIGTERM while writing.
 *
 * @example
 * ```ts
 * await writeAtomic("out/notes.txt", "hello\n", partName("out/notes.txt")); // needs --allow-read and --allow-write of both paths
 * ```
 */
export async function writeAtomic(
  path: string,
  data: string | Uint8Array,
  part: string,
): Promise<void> {
  let created = false;
  const release = cleanupOnSignal(() => {
    if (created) Deno.removeSync(part);
  });
  try {
    const file = await Deno.open(part, { createNew: true, write: true });
    created = true;
    try {
      const bytes = typeof data === "string"
        ? new TextEncoder().encode(data)
        : data;
      for (let at = 0; at < bytes.length;) {
        at += await file.write(bytes.subarray(at));
      }
    } finally {
      file.close();
    }
    await Deno.rename(part, path);
    created = false;
  } catch (error) {
    if (created) await Deno.remove(part).catch(() => {});
    throw new UserError(`cannot write ${path}: ${why(error, part)}`);
  } finally {
    release();
  }
}

/** Whether `error` says the disk is full (ENOSPC, or a quota: EDQUOT). */
function diskFull(error: unknown): boolean {
  const code = osErrorCode(error);
  return code === 28 || code === 122;
}

/** Why a write failed, and what to do, for {@linkcode writeAtomic}'s line. */
function why(error: unknown, part: string): string {
  const pick = "pick a file path in a folder you can write to";
  if (diskFull(error)) {
    return "the disk is full — free some space, or pick a folder on another disk (the file is as it was before the run)";
  }
  if (error instanceof Deno.errors.AlreadyExists) {
    return `something is already at its partial file ${part} — remove it, or ${pick}`;
  }
  const reason = error instanceof Deno.errors.NotFound
    ? "its folder does not exist"
    : error instanceof Deno.errors.IsADirectory
    ? "it is a folder"
    : error instanceof Deno.errors.PermissionDenied
    ? "permission denied"
    : refusedOutright(error) // never Deno's "--allow-all" advice
    ? "it is not a regular file"
    : osReason(error) ?? (error as Error).message;
  return `${reason} — ${pick}`;
}

/** The largest dataset a run reads, in bytes (64 MiB: 2,000 times makemore's names). */
export const DATASET_LIMIT = 64 * 2 ** 20;

/**
 * The largest checkpoint a run loads, in bytes (32 GiB): above the largest model the size
 * flags allow, with its Adam's moments, in F64 (app/checkpoint_test.ts checks it). Loading
 * reads the header first and checks the file's exact size against it.
 */
export const CHECKPOINT_LIMIT = 32 * 2 ** 30;

/**
 * Refuses, before reading it, an input that is no regular file (a FIFO, a device, a socket,
 * which could hang or never end) or is over `limit` bytes. A path that is missing, a folder
 * or not ours to look at is left to the reader, whose line says so.
 *
 * @example
 * ```ts
 * await checkInput("data", "names.fifo", DATASET_LIMIT); // made by mkfifo
 * // throws: --data names.fifo is not a regular file: give a file
 * ```
 */
export async function checkInput(
  flag: string,
  path: string,
  limit: number,
): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    // Deno refuses device files (the standard input's) outright, before any reader could say why.
    if (refusedOutright(error)) throw systemPath(flag, path, false);
    return;
  }
  if (info.isDirectory) return;
  if (!info.isFile) throw notRegular(flag, path, "give a file");
  if (info.size > limit) {
    throw new UserError(
      `--${flag} ${path} is ${mib(info.size)}, over the ${
        mib(limit)
      } limit: give a smaller file`,
    );
  }
}

/** `bytes` in MiB, for a line. */
function mib(bytes: number): string {
  const n = bytes / 2 ** 20;
  return `${Number.isInteger(n) ? n : n.toFixed(1)} MiB`;
}

/** The line for a `--flag path` that is no regular file, and what to do instead. */
function notRegular(flag: string, path: string, instead: string): UserError {
  return new UserError(`--${flag} ${path} is not a regular file: ${instead}`);
}

/**
 * The line for a `--flag path` that Deno refuses outright (a system file: a device, or a path
 * under `/proc` or `/sys`, however it is reached), which no grant opens.
 */
function systemPath(flag: string, path: string, output: boolean): UserError {
  if (path.startsWith("/dev/")) {
    return notRegular(flag, path, output ? `${flag} to a file` : "give a file");
  }
  return new UserError(
    `--${flag} ${path} leads to a system file (under /dev, /proc or /sys), which Deno does not open: ${
      output ? `${flag} to` : "give"
    } a regular file elsewhere`,
  );
}

/** A file name to suggest in a folder, per output flag. */
const EXAMPLE: Readonly<Record<string, string>> = {
  save: "model.safetensors",
  plot: "loss.svg",
};

/**
 * Refuses, before training, an output the run could not write: a folder (an existing one, or
 * a path ending in `/`, `/.` or `/..`), an existing file that is no regular file (a device,
 * a FIFO), or a path in a folder that is missing or not writable. The last is proven by
 * creating the partial file `part` ({@linkcode partName}) exclusively, then removing it at once.
 * Needs `--allow-read` and `--allow-write` of `path` and `part` (not of their folder).
 *
 * @example
 * ```ts
 * await checkOutput("save", "nope/m.safetensors", partName("nope/m.safetensors"));
 * // throws: --save nope/m.safetensors: its folder nope does not exist: create it or pick another path
 * ```
 */
export async function checkOutput(
  flag: string,
  path: string,
  part: string,
): Promise<void> {
  if (/(^|\/)\.{0,2}$/.test(path)) {
    await fileBeforeSlash(flag, path);
    throw isFolder(flag, path);
  }
  let info: Deno.FileInfo | undefined;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      throw outputError(flag, path, error);
    }
  }
  if (info?.isDirectory) throw isFolder(flag, path);
  if (info !== undefined && !info.isFile) {
    throw notRegular(flag, path, `${flag} to a file`);
  }
  try {
    (await Deno.open(part, { createNew: true, write: true })).close();
    await Deno.remove(part);
  } catch (error) {
    throw outputError(flag, path, error);
  }
}

/**
 * Throws the line for a `--flag path` ending in `/` (or `/.`) whose part before it is a file,
 * not a folder: `data/names.txt/` names no folder.
 */
async function fileBeforeSlash(flag: string, path: string): Promise<void> {
  const before = path.replace(/\/+\.?$/, "");
  if (before === "" || before === path) return;
  try {
    if (!(await Deno.stat(before)).isFile) return;
  } catch {
    return; // missing or not ours to look at: the folder line says enough
  }
  throw new UserError(
    `--${flag} ${path} ends in a folder, but ${before} is a file: give the path of a file, with no / at its end`,
  );
}

/** What an existing output may be, to be replaced: a file the same flag could have written. */
export interface Replaceable {
  /** What such a file is, for the line: `"a checkpoint"`. */
  readonly what: string;
  /** Whether the file's first bytes (up to {@linkcode SNIFF_BYTES}) are of such a file. */
  readonly test: (head: Uint8Array) => boolean;
}

/** How much of an existing output {@linkcode checkReplaceable} reads to tell what it is. */
export const SNIFF_BYTES = 2 ** 20;

/**
 * Refuses, before training, to replace an existing output that is not a file the flag could
 * have written (`kind`): `--save README.md` or `--plot katas/02_value/value.ts` would destroy
 * a file no run made. An empty file, or none, may be written. Reads at most
 * {@linkcode SNIFF_BYTES} of it; needs `--allow-read` of `path`.
 *
 * @example
 * ```ts
 * const svg = { what: "an SVG image", test: (b: Uint8Array) => b[0] === 0x3c };
 * await checkReplaceable("plot", "README.md", svg);
 * // throws: --plot README.md is a file but not an SVG image: … pick a new file name
 * ```
 */
export async function checkReplaceable(
  flag: string,
  path: string,
  kind: Replaceable,
): Promise<void> {
  let head: Uint8Array;
  try {
    using file = await Deno.open(path, { read: true });
    head = new Uint8Array(SNIFF_BYTES);
    let at = 0;
    for (let n: number | null = 0; n !== null && at < head.length;) {
      n = await file.read(head.subarray(at));
      if (n !== null) at += n;
    }
    head = head.subarray(0, at);
  } catch {
    return; // not there (or not a file): checkOutput has said what it had to
  }
  if (head.length === 0 || kind.test(head)) return;
  throw new UserError(
    `--${flag} ${path} is a file but not ${kind.what}: a run replaces only a file it could have written — pick a new file name, or move this one away first`,
  );
}

/** The line for a `--flag path` that is a folder: give a file name in it. */
function isFolder(flag: string, path: string): UserError {
  const example = `${path}${path.endsWith("/") ? "" : "/"}${EXAMPLE[flag]}`;
  return new UserError(
    `--${flag} ${path} is a folder: give a file name in it, such as ${example}`,
  );
}

/**
 * The line for an output `path` that `error` says cannot be written: its folder is missing,
 * not a folder or not writable, or Deno refuses the path (never with Deno's advice).
 *
 * @example
 * ```ts
 * outputError("save", "/m.safetensors", new Deno.errors.PermissionDenied("os error 13")).message;
 * // "--save /m.safetensors: cannot write in /: permission denied — pick a folder you can write to"
 * ```
 */
export function outputError(
  flag: string,
  path: string,
  error: unknown,
): UserError {
  const slash = path.lastIndexOf("/");
  const folder = slash < 0 ? "." : slash === 0 ? "/" : path.slice(0, slash);
  if (refusedOutright(error)) return systemPath(flag, path, true);
  if (error instanceof Deno.errors.NotCapable) {
    return new UserError(
      `--${flag} ${path} cannot be read here: give a regular file, such as one in data/`,
    );
  }
  const line = (what: string) => new UserError(`--${flag} ${path}: ${what}`);
  if (error instanceof Deno.errors.NotFound) {
    return line(
      `its folder ${folder} does not exist: create it or pick another path`,
    );
  }
  if (error instanceof Deno.errors.NotADirectory) {
    return line(
      `a part of its folder ${folder} is a file, not a folder: pick another path`,
    );
  }
  if (diskFull(error)) {
    return line(
      `the disk of ${folder} is full: free some space or pick a folder on another disk`,
    );
  }
  const reason = osReason(error);
  if (reason !== undefined) return line(`${reason} — pick another path`);
  const why = error instanceof Deno.errors.PermissionDenied
    ? "permission denied"
    : (error as Error).message;
  return line(
    `cannot write in ${folder}: ${why} — pick a folder you can write to`,
  );
}
