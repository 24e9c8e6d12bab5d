/**
 * Tests of `checkKataTree` on scratch folders: a link that is no file of a kata is not sent to
 * `deno task kata reset` (which would not remove it), and `lib/` is checked as `katas/` is.
 *
 * @module
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { requirePermissions } from "../tests/harness/permissions.ts";
import { symlink } from "../tests/harness/symlink.ts";
import { checkKataTree } from "./kata_tree.ts";
import { UserError } from "./cli.ts";

const SCRATCH = new URL("../.cache/kata_tree_test/", import.meta.url);

/** A fresh folder `name` in the scratch folder, with `files` (empty regular files) in it. */
async function tree(name: string, files: readonly string[]): Promise<URL> {
  const root = new URL(`${name}/`, SCRATCH);
  await Deno.remove(root, { recursive: true }).catch(() => {});
  for (const file of files) {
    const url = new URL(file, root);
    await Deno.mkdir(new URL("./", url), { recursive: true });
    await Deno.writeTextFile(url, "");
  }
  return root;
}

/** Asserts that `checkKataTree(root, name)` throws the one line `expected`. */
async function refuses(root: URL, name: string, expected: string) {
  await assert.rejects(checkKataTree(root, name), (e: Error) => {
    assert.ok(e instanceof UserError, String(e));
    assert.equal(e.message, expected);
    return true;
  });
}

Deno.test("kata tree: a link beside a kata's files is to be removed, not reset; a link in lib/ is refused as in katas/", async () => {
  requirePermissions(
    { name: "run", command: "deno" },
    { name: "read", path: ".cache" },
    { name: "write", path: ".cache" },
  );
  const outside = fileURLToPath(new URL("outside.txt", SCRATCH));
  await Deno.mkdir(SCRATCH, { recursive: true });
  await Deno.writeTextFile(outside, "secret\n");
  const katas = await tree("katas", ["02_value/value.ts"]);
  await checkKataTree(katas); // a regular tree passes
  await symlink(outside, fileURLToPath(new URL("02_value/leak.txt", katas)));
  await refuses(
    katas,
    "katas",
    `katas/02_value/leak.txt is a symlink (to ${outside}): --mine runs only files inside katas/ — replace it with the file itself, or remove it`,
  );
  const lib = await tree("lib", ["random.ts"]);
  await checkKataTree(lib, "lib");
  await symlink(outside, fileURLToPath(new URL("evil.ts", lib)));
  await refuses(
    lib,
    "lib",
    `lib/evil.ts is a symlink (to ${outside}): --mine reads only files inside lib/ — replace it with the file itself, or remove it`,
  );
});
