/**
 * Symbolic links for tests: `Deno.symlink` wants unscoped read and write permissions, which no
 * test is granted, so a link is made by a `deno eval` of its own (`--allow-run=deno`).
 *
 * @module
 */
import assert from "node:assert/strict";

/**
 * Makes a symbolic link at `path` whose text is `target` (relative to the link's folder, or
 * absolute), as `ln -s target path` does. Needs `--allow-run=deno`.
 *
 * @example
 * ```ts ignore
 * await symlink("/etc/hostname", ".cache/x/katas/02_value/value.ts");
 * ```
 */
export async function symlink(target: string, path: string): Promise<void> {
  const code = `Deno.symlinkSync(${JSON.stringify(target)}, ${
    JSON.stringify(path)
  })`;
  const made = await new Deno.Command("deno", { args: ["eval", code] })
    .output();
  assert.equal(made.code, 0, new TextDecoder().decode(made.stderr));
}
