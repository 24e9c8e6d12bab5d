/**
 * The learner's `katas/` holds only regular files and folders of its own. A symbolic link
 * there would let `--mine` read or run a file from anywhere (Deno checks a read grant against
 * the path as given, and does not check a static import at all) and would let `deno task
 * kata reset` write through it; a FIFO, a socket or a device would block a read. So `--mine`
 * refuses a `katas/` (or a `lib/`) that holds any of them ({@linkcode checkKataTree}), and the kata runner's
 * writer checks each folder it writes through ({@linkcode oddEntry}).
 *
 * @module
 */
import { UserError } from "./cli.ts";
import { courseEntry, kataNumber } from "../course/manifest.ts";

/**
 * What is at `path` when it is neither a regular file nor a folder, found without following a
 * symbolic link: `"a symlink (to ../x.ts)"` (with the link's text), `"a FIFO"`, `"a socket"`
 * or `"a device"`; undefined for a regular file, a folder, or nothing at all. Needs
 * `--allow-read` of `path`.
 *
 * @example
 * ```ts
 * await oddEntry("katas/02_value/value.ts"); // undefined, or "a symlink (to /tmp/value.ts)"
 * ```
 */
export async function oddEntry(
  path: string | URL,
): Promise<string | undefined> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  if (info.isSymlink) return `a symlink (to ${await Deno.readLink(path)})`;
  if (info.isFile || info.isDirectory) return undefined;
  return info.isFifo ? "a FIFO" : info.isSocket ? "a socket" : "a device";
}

/** Whether the symbolic link at `path` leads to a folder (not to a file, nor nowhere). */
async function linksToFolder(path: URL): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch {
    return false; // a dangling link, or a loop
  }
}

/** What `--mine` says about an entry of `katas/` or `lib/`, by the folder's name. */
const RULES: Readonly<Record<string, string>> = {
  katas: "--mine runs only files inside katas/",
  lib: "--mine reads only files inside lib/",
  solutions: "--mine reads only files inside solutions/",
};

/**
 * Whether `path` (`"katas/02_value/value.ts"`) is a file `deno task kata reset` writes: the
 * kata's module, its test file or a given module. Its number when it is, else undefined.
 */
function resetFile(path: string): string | undefined {
  const [, kata, file] = /^katas\/(\d\d_[^/]+)\/([^/]+)$/.exec(path) ?? [];
  if (kata === undefined) return undefined;
  let module: string;
  let given: readonly string[];
  try {
    ({ module, given } = courseEntry(kata));
  } catch {
    return undefined; // not a kata of the course
  }
  const files = [module, module.replace(/\.ts$/, "_test.ts"), ...given];
  return files.includes(file) ? kataNumber(kata) : undefined;
}

/**
 * The one-line error about the entry `path` of `katas/` or `lib/` (`"katas/02_value/value.ts"`),
 * which is `odd` ({@linkcode oddEntry}); `folder` when it stands for a folder. A kata's own
 * file gets the command that writes a fresh one; anything else is to be replaced or removed.
 */
function refusal(
  path: string,
  odd: string,
  folder: boolean,
  rule?: string,
): UserError {
  const MINE_RULE = rule ?? RULES[path.split("/")[0]] ?? RULES.katas;
  const kata = folder ? undefined : resetFile(path);
  const fresh = kata ? ` (deno task kata reset ${kata} gives a fresh one)` : "";
  const fix = !odd.startsWith("a symlink")
    ? "remove it"
    : folder || kata
    ? `replace it with the ${folder ? "folder" : "file"} itself`
    : "replace it with the file itself, or remove it";
  return new UserError(`${path} is ${odd}: ${MINE_RULE} — ${fix}${fresh}`);
}

/**
 * Throws a one-line {@linkcode UserError} when the folder `katas` (a URL ending in `/`), or
 * anything in it, is a symbolic link (to a file or a folder, inside `katas/` or not), a FIFO,
 * a socket or a device: `--mine` runs only the files that are really in `katas/`. Never
 * follows a link. Needs `--allow-read` of `katas`. With `name` `"lib"`, checks `lib/` the
 * same way (the training process may read it, and a kata may import from it), and so
 * `"solutions"`. `rule` says, in the line, what the command reads (by default `--mine`'s rule
 * for `name`).
 *
 * @example
 * ```ts
 * await checkKataTree(new URL("../katas/", import.meta.url));
 * ```
 */
export async function checkKataTree(
  katas: URL,
  name = "katas",
  rule?: string,
): Promise<void> {
  const odd = await oddEntry(new URL(katas.href.replace(/\/$/, "")));
  if (odd) throw refusal(name, odd, true, rule);
  await walk(katas, name, rule);
}

/** Checks the entries of the folder `dir`, shown as `name`, and the folders in it. */
async function walk(dir: URL, name: string, rule?: string): Promise<void> {
  const entries = await Array.fromAsync(Deno.readDir(dir));
  entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (const entry of entries) {
    const path = `${name}/${entry.name}`;
    if (entry.isDirectory) {
      await walk(
        new URL(`${encodeURIComponent(entry.name)}/`, dir),
        path,
        rule,
      );
      continue;
    }
    if (entry.isFile) continue;
    const url = new URL(encodeURIComponent(entry.name), dir);
    const odd = await oddEntry(url);
    if (odd) {
      const folder = entry.isSymlink && await linksToFolder(url);
      throw refusal(path, odd, folder, rule);
    }
  }
}
