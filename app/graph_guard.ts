/**
 * `deno task graph`'s guards around a learner's module, which is code: before it runs, the
 * folders it may read hold only their own files ({@linkcode checkGraphTrees}: Deno checks a
 * read grant against the path as given, so a symbolic link in `katas/` would let it read
 * anything) and the module is a regular file ({@linkcode checkModuleFile}); it gets a time
 * limit ({@linkcode finishIn}); and whatever goes wrong with it is one line that says so in the
 * learner's terms: a flag-like path, a permission Deno refuses, a missing import, a graph too
 * deep for a recursive walk, any other error.
 *
 * @module
 */
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { osReason, UsageError, UserError } from "./cli.ts";
import type { GraphValue } from "./graph_ops.ts";
import { checkKataTree, oddEntry } from "./kata_tree.ts";
import { refusedPermission } from "./mine.ts";

/** The folders a learner's module may read, beside itself. */
const TREES = ["katas", "solutions", "lib"] as const;

/**
 * Throws a one-line {@linkcode UserError} when `katas/`, `solutions/` or `lib/` under `root`
 * (a URL ending in `/`) holds a symbolic link, a FIFO, a socket or a device
 * ({@linkcode checkKataTree}); `module` when a module of the learner's is to run (else it is
 * for `--mine`, and says so). Needs `--allow-read` of the three folders.
 *
 * @example
 * ```ts
 * await checkGraphTrees(new URL("../", import.meta.url), true);
 * ```
 */
export async function checkGraphTrees(
  root: URL,
  module: boolean,
): Promise<void> {
  for (const name of TREES) {
    const rule = module
      ? `a module of yours may read only the files really inside ${name}/`
      : undefined;
    await checkKataTree(new URL(`${name}/`, root), name, rule);
  }
}

/**
 * Throws a one-line {@linkcode UserError} when the module at `path` is a symbolic link, a
 * FIFO, a socket or a device: only a regular file runs (a link is not followed to grant
 * what it leads to). Nothing at `path` passes: the import says so. Needs `--allow-read` of
 * `path`.
 *
 * @example
 * ```ts
 * await checkModuleFile("my_expr.ts");
 * ```
 */
export async function checkModuleFile(path: string): Promise<void> {
  const odd = await oddEntry(path);
  if (odd === undefined) return;
  const fix = odd.startsWith("a symlink")
    ? "give the path of the file itself"
    : "give a regular .ts file";
  throw new UserError(
    `${path} is ${odd}: deno task graph runs only a regular file — ${fix}`,
  );
}

/**
 * The exit code of `child`, the process running the module `file`; when it does not end in
 * `seconds`, it is killed and the line says so ({@linkcode UserError}).
 *
 * @example
 * ```ts
 * const child = new Deno.Command("deno", { args: ["--version"] }).spawn();
 * await finishIn(child, "my_expr.ts", 30); // 0
 * ```
 */
export async function finishIn(
  child: Deno.ChildProcess,
  file: string,
  seconds: number,
): Promise<number> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"late">((done) => {
    timer = setTimeout(() => done("late"), seconds * 1000);
  });
  const ended = await Promise.race([child.status, late]);
  clearTimeout(timer);
  if (ended !== "late") return ended.code;
  try {
    child.kill("SIGKILL");
  } catch {
    // It ended on its own in the meantime.
  }
  await child.status;
  throw new UserError(
    `${file} did not finish in ${seconds} s: does it loop forever?`,
  );
}

/**
 * The one-line {@linkcode UsageError} for the unknown flag node's `parseArgs` refused
 * (`error`) among `args`: an argument that looks like a module path (`-x.ts`) gets the `--`
 * that passes it; undefined for any other error.
 *
 * @example
 * ```ts
 * flagLike(["-x.ts"], new Error("Unknown option '-x'. To specify …"))?.message;
 * // "-x.ts looks like a flag: put -- before a module path that starts with -, as deno task graph -- -x.ts"
 * ```
 */
export function flagLike(
  args: readonly string[],
  error: unknown,
): UsageError | undefined {
  const flag = /^Unknown option '([^']*)'/.exec(String(
    error instanceof Error ? error.message : error,
  ))?.[1];
  if (flag === undefined) return undefined;
  const arg = args.find((a) => a === flag || a.startsWith(flag)) ?? flag;
  if (/\.(ts|mts|js|mjs)$/.test(arg) || arg.includes("/")) {
    return new UsageError(
      `${arg} looks like a flag: put -- before a module path that starts with -, ` +
        `as deno task graph -- ${arg}`,
    );
  }
  return new UsageError(
    `unknown flag ${arg}: deno task graph --help lists the flags`,
  );
}

/**
 * The one line for a permission Deno refused the module `file` (`error`, a `NotCapable`),
 * said as what the module does ({@linkcode refusedPermission}), never with Deno's advice to run
 * again with a flag; undefined for any other error.
 *
 * @example
 * ```ts
 * refusedLine(new Deno.errors.NotCapable('Requires env access to "HOME", run again with the --allow-env flag'), "my.ts")?.message;
 * // "my.ts: your module reads an environment variable (HOME): a module may only build a Value — remove that"
 * ```
 */
export function refusedLine(
  error: unknown,
  file: string,
): UserError | undefined {
  if (!(error instanceof Deno.errors.NotCapable)) return undefined;
  const refused = refusedPermission(error.message);
  if (refused === undefined) return undefined;
  const may = refused.name === "read"
    ? "a module of yours may read only itself and this project's katas/, solutions/ and lib/"
    : "a module may only build a Value";
  return new UserError(
    `${file}: your module ${refused.does}: ${may} — remove that`,
  );
}

/**
 * The one line for a module `file` that imports a file that does not exist (`why`, Deno's
 * message: `Module not found "file:///…"`), naming the import as written from the module's
 * folder; undefined when the missing module is `file` itself, or for any other message.
 *
 * @example
 * ```ts
 * missingImport('Module not found "file:///r/katas/nothere.ts".', "/r/my12.ts")?.message;
 * // "/r/my12.ts imports ./katas/nothere.ts, which does not exist"
 * ```
 */
export function missingImport(
  why: string,
  file: string,
): UserError | undefined {
  const url = /Module not found "(file:[^"]*)"/.exec(why)?.[1];
  if (url === undefined) return undefined;
  const missing = fileURLToPath(url);
  if (missing === resolve(file)) return undefined;
  const path = relative(dirname(resolve(file)), missing);
  const written = path.startsWith(".") ? path : `./${path}`;
  return new UserError(`${file} imports ${written}, which does not exist`);
}

/**
 * The one line for a walk of the graph of `root` that ran out of stack (`error`, a
 * `RangeError`: a recursive `topoSort` on a long chain): the graph's size, counted here
 * without recursion; undefined for any other error.
 *
 * @example
 * ```ts
 * const leaf = { data: 1, grad: 0, children: [], localGrads: [] };
 * tooDeep(new RangeError("Maximum call stack size exceeded"), leaf)?.message;
 * // "too deep to walk: 1 nodes, in chains too long for a recursive topoSort — build a smaller graph, or make kata 03's topoSort a loop"
 * ```
 */
export function tooDeep(
  error: unknown,
  root: GraphValue,
): UserError | undefined {
  if (
    !(error instanceof RangeError) || !/call stack/.test(error.message)
  ) return undefined;
  const seen = new Set<GraphValue>([root]);
  const todo = [root];
  for (let node = todo.pop(); node !== undefined; node = todo.pop()) {
    for (const child of node.children) {
      if (seen.has(child)) continue;
      seen.add(child);
      todo.push(child);
    }
  }
  return new UserError(
    `too deep to walk: ${seen.size} nodes, in chains too long for a recursive topoSort — ` +
      "build a smaller graph, or make kata 03's topoSort a loop",
  );
}

/**
 * `error`, thrown while the learner's module `file` ran or its graph was drawn, as one line:
 * a {@linkcode UserError} or {@linkcode UsageError} as it is, a refused permission as
 * {@linkcode refusedLine} says it, anything else with its first line and the module to fix.
 *
 * @example
 * ```ts
 * asLine(new TypeError("node.children is not iterable"), "my.ts").message;
 * // "my.ts: its graph cannot be drawn: node.children is not iterable — fix the module"
 * ```
 */
export function asLine(error: unknown, file: string): Error {
  if (error instanceof UserError || error instanceof UsageError) return error;
  const refused = refusedLine(error, file);
  if (refused) return refused;
  const reason = osReason(error);
  if (reason !== undefined) {
    return new UserError(`${file}: ${reason} — give another path`);
  }
  const why = error instanceof Error ? error.message : String(error);
  return new UserError(
    `${file}: its graph cannot be drawn: ${
      why.split("\n")[0]
    } — fix the module`,
  );
}
