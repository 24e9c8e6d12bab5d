/**
 * Tests that touch files or the network need permission flags; `deno task test` grants exactly
 * those they need. Under a plain `deno test` they are ignored instead of failing or prompting.
 *
 * @module
 */

/**
 * Whether every permission in `descriptors` is already granted (never prompts).
 *
 * @example Skip a test that reads fixtures when run without `--allow-read`
 * ```ts
 * Deno.test({
 *   name: "reads a fixture",
 *   ignore: !granted({ name: "read", path: "lib/testdata" }),
 *   fn: () => {},
 * });
 * ```
 */
export function granted(...descriptors: Deno.PermissionDescriptor[]): boolean {
  return descriptors.every((d) =>
    Deno.permissions.querySync(d).state === "granted"
  );
}
