/**
 * Tests that touch files or the network need permission flags; `deno task test` grants exactly
 * those they need. A test never ignores itself for a missing permission: it fails, saying which
 * flag it needs ({@link requirePermissions}), so the honesty meta-test cannot be switched off
 * by a narrower command line.
 *
 * The one exception is named here: tests that compare with the figures in `../shared/`, which
 * sits beside the repository in CI but not in a learner's clone ({@link sharedTest}). Their
 * names then end in {@link SHARED_MARK}, and `.ci/run` fails on any other ignored test.
 *
 * @module
 */

/**
 * Whether every permission in `descriptors` is already granted (never prompts).
 *
 * @example
 * ```ts
 * granted({ name: "read", path: "app/testdata" }); // true under `deno task test`
 * ```
 */
export function granted(...descriptors: Deno.PermissionDescriptor[]): boolean {
  return descriptors.every((d) =>
    Deno.permissions.querySync(d).state === "granted"
  );
}

/** The flag that grants `d`, as a person would type it: `--allow-read=app/testdata`. */
export function flagFor(d: Deno.PermissionDescriptor): string {
  const root = new URL("../../", import.meta.url);
  const parent = new URL("../", root);
  const where = (p: string | URL | undefined) => {
    if (p === undefined) return "";
    const url = new URL(p, root);
    return `=${
      url.href.startsWith(root.href)
        ? decodeURIComponent(url.href.slice(root.href.length)) || "."
        : url.href.startsWith(parent.href) // a sibling such as ../shared/
        ? `../${decodeURIComponent(url.href.slice(parent.href.length))}`
        : url.protocol === "file:"
        ? decodeURIComponent(url.pathname)
        : url.href
    }`;
  };
  switch (d.name) {
    case "read":
    case "write":
    case "ffi":
      return `--allow-${d.name}${where(d.path)}`;
    case "net":
      return `--allow-net${d.host ? `=${d.host}` : ""}`;
    case "env":
      return `--allow-env${d.variable ? `=${d.variable}` : ""}`;
    case "run":
      return `--allow-run${d.command ? `=${d.command}` : ""}`;
    default:
      return `--allow-${d.name}`;
  }
}

/**
 * Throws, with one line naming the missing flags and the command that grants them, unless
 * every permission in `descriptors` is granted. Call it first in a test that needs them.
 *
 * @example
 * ```ts
 * Deno.test("reads a fixture", () => {
 *   requirePermissions({ name: "read", path: "app/testdata" });
 *   // …
 * });
 * ```
 */
export function requirePermissions(
  ...descriptors: Deno.PermissionDescriptor[]
): void {
  const missing = descriptors.filter((d) => !granted(d));
  if (missing.length === 0) return;
  const error = new Error(
    `this test needs ${missing.map(flagFor).join(" ")}: run it with ` +
      "`deno task test`, which grants exactly what the tests need",
  );
  error.stack = error.message;
  throw error;
}

/** The end of a test's name when it is ignored because `../shared/` is absent. */
export const SHARED_MARK = "[ignored: needs ../shared/, absent here]";

/**
 * Registers a test that compares with files of `../shared/` (the reference figures of
 * microgpt.py). It needs read permission for them like any test; where they are absent (a
 * learner's clone) it is ignored, and its name says so with {@link SHARED_MARK}.
 *
 * @example
 * ```ts ignore
 * sharedTest("parity", [new URL("../../shared/data/names.txt", import.meta.url)], () => {});
 * ```
 */
export function sharedTest(
  name: string,
  files: readonly URL[],
  fn: () => void | Promise<void>,
): void {
  const reads = files.map((path) => ({ name: "read", path }) as const);
  const readable = granted(...reads);
  const present = readable && files.every((f) => {
    try {
      return Deno.statSync(f).isFile;
    } catch {
      return false;
    }
  });
  // Without the permission the test runs, and fails saying which flag it needs.
  const ignore = readable && !present;
  Deno.test({
    name: ignore ? `${name} ${SHARED_MARK}` : name,
    ignore,
    fn: () => {
      requirePermissions(...reads);
      return fn();
    },
  });
}
