/**
 * `deno task graph`: the computation graph of a small expression built with kata 02's
 * `Value`, after kata 03's `backward`, as an SVG picture on stdout (redirect it to a file):
 * each node with its number in `topoSort`'s order, its op, data and grad; shared nodes drawn
 * once and marked; each edge labelled with its local grad. The expression is one built in
 * (`--list`: the lessons' worked examples) or the learner's own module, which exports a
 * `Value` as `default` or `root` (or a function returning one). A graph of more than
 * `--limit` nodes is summed up in words instead: on stdout on a terminal; else on stderr,
 * after a line saying it is too big to draw, with nothing on stdout and exit code 1.
 *
 * The learner's module is code: it runs in a second Deno process granted the read of that
 * file and of `katas/`, `solutions/` and `lib/`, nothing else (`app/graph_module.ts`), for
 * 30 s at most, once none of the three holds a symbolic link (`app/graph_guard.ts`). A
 * built-in runs here once the right to start programs is given up; with `--mine` it is built
 * with the learner's `katas/`, after the check that `katas/`, `solutions/` and `lib/` hold
 * no symbolic link (`app/kata_tree.ts`).
 *
 * @module
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runMain, spawnDeno, UsageError } from "./cli.ts";
import {
  drawGraph,
  kataNeeds,
  NODE_LIMIT,
  notDone,
  printGraph,
} from "./graph_draw.ts";
import { EXAMPLES, findExample, type Tree } from "./graph_examples.ts";
import { checkGraphTrees, finishIn, flagLike } from "./graph_guard.ts";
import { LOAD_LIMIT_SECONDS } from "./mine.ts";

const USAGE =
  "usage: deno task graph [--mine] [--limit N] NAME|FILE.ts > graph.svg";

/** `--help`'s text. */
export const HELP = `${USAGE}
Draws the computation graph of a small expression, after kata 03's backward, as SVG on
stdout: each node with its number in topoSort's order, its op, data and grad; shared
nodes drawn once and marked; each edge labelled with its local grad.
  NAME         a built-in expression: the lessons' worked examples (--list lists them)
  FILE.ts      your own module: it exports a Value as default or as root, or a function
               that returns one; it runs with the read of that file, katas/, solutions/
               and lib/ only, for ${LOAD_LIMIT_SECONDS} s at most
  --mine       build the built-ins with your katas/ (02_value, 03_backward and the
               kata of the example), and run backward with your katas/03_backward;
               a built-in's grad that differs from the solutions' is drawn in red,
               with (expected …) under its node
  --limit N    over N nodes, print a summary instead of a picture (default ${NODE_LIMIT});
               with stdout redirected, the summary goes to stderr and the exit code is 1
  --list       list the built-in expressions`;

/** The options of a `deno task graph` command line. */
export interface GraphArgs {
  /** A built-in's name or a module's path; undefined with `--help` or `--list`. */
  readonly target?: string;
  /** Which tree the katas come from. */
  readonly tree: Tree;
  /** The node limit. */
  readonly limit: number;
  /** `--help` or `--list`, when given. */
  readonly show?: "help" | "list";
}

/**
 * The options of `args`; bad flags or a missing name are a one-line {@linkcode UsageError}.
 *
 * @example
 * ```ts
 * parseGraphArgs(["--mine", "value"]); // { target: "value", tree: "katas", limit: 200 }
 * ```
 */
export function parseGraphArgs(args: readonly string[]): GraphArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        mine: { type: "boolean" },
        limit: { type: "string" },
        list: { type: "boolean" },
        help: { type: "boolean" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw flagLike(args, e) ??
      new UsageError(`${(e as Error).message.split("\n")[0]}; ${USAGE}`);
  }
  const { values, positionals } = parsed;
  const tree = values.mine ? "katas" : "solutions";
  const limit = values.limit === undefined ? NODE_LIMIT : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new UsageError(
      `--limit takes a whole number of nodes, 1 or more, not ${values.limit}`,
    );
  }
  const show = values.help ? "help" : values.list ? "list" : undefined;
  if (show) return { tree, limit, show };
  if (positionals.length !== 1) {
    throw new UsageError(
      `give one expression: a built-in name (--list lists them) or your .ts module; ${USAGE}`,
    );
  }
  return { target: positionals[0], tree, limit };
}

/** The built-ins, one a line, as `--list` prints them. */
function list(): string {
  const width = Math.max(...EXAMPLES.map((e) => e.name.length));
  return EXAMPLES.map((e) => `${e.name.padEnd(width)}  ${e.what}`).join("\n");
}

/** Whether `target` names a module rather than a built-in. */
function isModule(target: string): boolean {
  return /\.(ts|mts|js|mjs)$/.test(target) || target.includes("/");
}

/**
 * Runs the learner's module `path` in a second Deno process granted the read of it and of
 * `katas/`, `solutions/` and `lib/`, its output passed through; returns its exit code.
 */
async function runModule(path: string, args: GraphArgs): Promise<number> {
  if (path.includes(",")) {
    throw new UsageError(
      `a module path with a comma cannot be granted to Deno: rename ${path}`,
    );
  }
  const reads = [
    resolve(path),
    here("../katas"),
    here("../solutions"),
    here("../lib"),
  ];
  const child = spawnDeno("to run your module", {
    args: [
      "run",
      "--no-prompt",
      `--config=${here("../deno.json")}`,
      `--allow-read=${reads.join(",")}`,
      here("./graph_module.ts"),
      path,
      args.tree,
      String(args.limit),
    ],
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
  });
  return await finishIn(child, path, LOAD_LIMIT_SECONDS);
}

/** The path of `file`, relative to this module. */
function here(file: string): string {
  return fileURLToPath(new URL(file, import.meta.url));
}

/** `deno task graph` with `args`; returns the exit code. */
async function graphCommand(args: readonly string[]): Promise<number> {
  const parsed = parseGraphArgs(args);
  if (parsed.show !== undefined) {
    console.log(parsed.show === "help" ? HELP : list());
    return 0;
  }
  const target = parsed.target as string;
  if (isModule(target) || parsed.tree === "katas") {
    await checkGraphTrees(new URL("../", import.meta.url), isModule(target));
  }
  if (isModule(target)) return await runModule(target, parsed);
  const example = findExample(target);
  if (example === undefined) {
    throw new UsageError(
      `no built-in expression "${target}": \`deno task graph --list\` lists them; ` +
        "a module of yours is a path ending in .ts",
    );
  }
  await Deno.permissions.revoke({ name: "run" }); // the katas run here: they start nothing
  let root;
  try {
    root = await example.build(parsed.tree);
  } catch (error) {
    const mine = parsed.tree === "katas";
    throw await notDone(error, { mine, needs: kataNeeds(example.kata) });
  }
  // With --mine, the same example built with the solutions: the grads the learner's should be.
  const reference = parsed.tree === "katas"
    ? await example.build("solutions")
    : undefined;
  const drawn = await drawGraph(root, parsed.tree, parsed.limit, reference);
  return await printGraph(drawn, target);
}

if (import.meta.main) {
  await runMain(async () => Deno.exit(await graphCommand(Deno.args)));
}
