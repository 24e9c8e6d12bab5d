/**
 * A scratch copy of the project for tests and benchmarks that run `deno task kata` on it:
 * the files a fresh clone holds, as far as the kata runner is concerned, copied into a new
 * folder under `.cache/` (symbolic links are left out).
 *
 * @module
 */

/** What a fresh clone holds, as far as `deno task kata` is concerned: files and folders. */
export const PROJECT: readonly string[] = [
  "deno.json",
  "deno.lock",
  "app/",
  "course/",
  "katas/",
  "lib/",
  "runner/",
  "solutions/",
  "tests/",
];

/** Copies `path` (a file, or a folder ending in `/`) from the folder `from` to `to`. */
async function copy(from: URL, to: URL, path: string): Promise<void> {
  if (!path.endsWith("/")) {
    await Deno.copyFile(new URL(path, from), new URL(path, to));
    return;
  }
  await Deno.mkdir(new URL(path, to), { recursive: true });
  for await (const entry of Deno.readDir(new URL(path, from))) {
    if (entry.isDirectory) await copy(from, to, `${path}${entry.name}/`);
    else if (entry.isFile) await copy(from, to, `${path}${entry.name}`);
  }
}

/**
 * A new folder `.cache/<prefix>…/` of the project at `root`, holding a copy of
 * {@link PROJECT}; its URL ends in `/`.
 *
 * @example
 * ```ts ignore
 * const copy = await scratchProject(new URL("../../", import.meta.url), "kata_test_");
 * ```
 */
export async function scratchProject(root: URL, prefix: string): Promise<URL> {
  await Deno.mkdir(new URL(".cache/", root), { recursive: true });
  const dir = await Deno.makeTempDir({
    dir: new URL(".cache/", root).pathname,
    prefix,
  });
  const to = new URL(`file://${dir}/`);
  for (const path of PROJECT) await copy(root, to, path);
  return to;
}
