/**
 * What `deno task graph` prints for a root node: the SVG picture of its graph, or a summary
 * when the graph has more nodes than the limit. Shared by the command (`app/graph.ts`) and the
 * process that runs a learner's module (`app/graph_module.ts`).
 *
 * @module
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { COURSE, courseEntry } from "../course/manifest.ts";
import { UserError } from "./cli.ts";
import { compareGrads, graphOf, summary } from "./graph_model.ts";
import { type GraphValue, isGraphValue } from "./graph_ops.ts";
import { loadBackward, type Tree } from "./graph_examples.ts";
import { graphSvg } from "./graph_svg.ts";
import { refusedLine, tooDeep } from "./graph_guard.ts";

/** Over this many nodes, a graph is summed up in words rather than drawn. */
export const NODE_LIMIT = 200;

/**
 * Where an error met while drawing comes from, for {@linkcode notDone}'s line: whether
 * `--mine` was given, the learner's module when it is that module's import or export that
 * threw, and the katas the expression needs when known (a built-in's, in course order).
 */
export interface Blame {
  /** `--mine` was given. */
  readonly mine: boolean;
  /** The learner's module, when it threw while loading or building its Value. */
  readonly module?: string;
  /** The katas the expression needs, when known. */
  readonly needs?: readonly string[];
}

/**
 * The katas a built-in made from kata `kata`'s worked example needs, in course order: kata
 * 02's Value and kata 03's backward, the katas `kata` builds on (course/manifest.ts), and
 * `kata` itself.
 *
 * @example
 * ```ts
 * kataNeeds("05_softmax"); // ["02_value", "03_backward", "04_linear", "05_softmax"]
 * ```
 */
export function kataNeeds(kata: string): string[] {
  const all = new Set([
    "02_value",
    "03_backward",
    ...courseEntry(kata).uses,
    kata,
  ]);
  return COURSE.map((e) => e.kata).filter((k) => all.has(k));
}

/**
 * The first of `needs` (in course order) whose module in the learner's `katas/` still holds a
 * stub's `throw new Error("not implemented: …")`, with that throw's message: the earliest
 * kata not done yet, which `deno task kata` would name too. Undefined when none does (or
 * `katas/` cannot be read).
 */
async function earliestStub(
  needs: readonly string[],
): Promise<{ kata: string; message: string } | undefined> {
  for (const kata of needs) {
    const file = new URL(
      `../katas/${kata}/${courseEntry(kata).module}`,
      import.meta.url,
    );
    let source;
    try {
      source = await Deno.readTextFile(file);
    } catch {
      continue;
    }
    const stub = /throw new Error\("(not implemented: [^"\n]*)"\)/.exec(source);
    if (stub !== null) return { kata, message: stub[1] };
  }
  return undefined;
}

/**
 * The first line of an error's message, with the `file:line:col` a syntax error gives on a
 * later line ("Expression expected at my_expr.ts:3:11"); `module` (its path as given) names
 * the learner's module when the place is in it.
 *
 * @example
 * ```ts
 * firstLine("SyntaxError: Expression expected\n    at file:///tmp/x.ts:2:11");
 * // "SyntaxError: Expression expected at /tmp/x.ts:2:11"
 * ```
 */
export function firstLine(message: string, module?: string): string {
  const [line] = message.split("\n");
  const at = /\n\s*at (file:\/\/\S+?):(\d+):(\d+)\s*$/.exec(message);
  if (at === null || line.includes(" at file:")) return line;
  const file = fileURLToPath(at[1]);
  const shown = module !== undefined && file === resolve(module)
    ? module
    : file;
  return `${line} at ${shown}:${at[2]}:${at[3]}`;
}

/**
 * The one-line error for a kata of the learner's that fails (the kata read from where the
 * error was thrown, `katas/NN_topic/`): a stub's "not implemented" says which kata is not
 * done yet, the earliest of those the expression needs (`blame.needs`, else the thrower's
 * own course/manifest.ts `uses` and itself); another error, that the kata fails, and how to
 * see why. The line starts `--mine:` only when `--mine` was given and the error is not the
 * module's; a module's says the module uses the kata. Any other error is `error` itself.
 *
 * @example
 * ```ts
 * (await notDone(new Error("boom"), { mine: false }) as Error).message; // "boom"
 * ```
 */
export async function notDone(error: unknown, blame: Blame): Promise<unknown> {
  if (!(error instanceof Error) || error instanceof UserError) return error;
  const where = `${error.message}\n${error.stack ?? ""}`;
  const thrower = /katas\/(\d\d_\w+)\//.exec(where)?.[1];
  const stubbed = error.message.startsWith("not implemented");
  if (!stubbed && thrower === undefined) return error;
  let kata = thrower;
  let why = stubbed ? error.message : firstLine(error.message, blame.module);
  if (stubbed) {
    const needs = blame.needs ??
      (thrower === undefined ? [] : [...courseEntry(thrower).uses, thrower]);
    const earliest = await earliestStub(needs);
    if (earliest !== undefined && earliest.kata !== thrower) {
      [kata, why] = [earliest.kata, earliest.message];
    }
  }
  const yours = kata === undefined ? "a kata of yours" : `your kata ${kata}`;
  const state = stubbed ? "is not done yet" : "fails";
  const subject = blame.module !== undefined
    ? `${blame.module} uses ${yours}, which ${state}`
    : `${blame.mine ? "--mine: " : ""}${yours} ${state}`;
  return new UserError(
    stubbed
      ? `${subject} (${why}) — finish it first: \`deno task kata\` shows where you are`
      : `${subject}: ${why} — run \`deno test katas/${kata}\` to see why`,
  );
}

/** What {@linkcode drawGraph} made: the picture or the summary, and the graph's size. */
export interface Drawn {
  /** The SVG picture, or the summary of a graph over the limit. */
  readonly text: string;
  /** Whether `text` is a picture. */
  readonly picture: boolean;
  /** The graph's number of nodes. */
  readonly nodes: number;
  /** The node limit it was drawn with. */
  readonly limit: number;
}

/**
 * The graph of `root`, after kata 03's `backward` from `tree`: the SVG picture, or the
 * summary when it has more than `limit` nodes. A stub of the learner's that throws is the
 * one line of {@linkcode notDone}, blamed on `--mine` when `tree` is `katas`. With
 * `reference` (the same expression built with the solutions), a node whose grad differs from
 * its twin's there is drawn with the expected grad ({@linkcode compareGrads}).
 *
 * @example
 * ```ts
 * import { Value } from "../solutions/02_value/value.ts";
 * const a = new Value(3);
 * (await drawGraph(a.add(a), "solutions")).text.startsWith("<svg"); // true
 * ```
 */
export async function drawGraph(
  root: GraphValue,
  tree: Tree,
  limit = NODE_LIMIT,
  reference?: GraphValue,
): Promise<Drawn> {
  try {
    let graph = graphOf(root, await loadBackward(tree));
    const picture = graph.length <= limit;
    if (picture && reference !== undefined) {
      const solved = graphOf(reference, await loadBackward("solutions"));
      graph = compareGrads(graph, solved);
    }
    return {
      text: picture ? graphSvg(graph) : `${summary(graph)}\n`,
      picture,
      nodes: graph.length,
      limit,
    };
  } catch (error) {
    throw tooDeep(error, root) ??
      await notDone(error, { mine: tree === "katas" });
  }
}

/**
 * Prints what {@linkcode drawGraph} made and returns the exit code. A picture goes to stdout
 * (on a terminal, with a line on stderr saying how to save it, `deno task -q graph <target> >
 * graph.svg`): 0. A summary goes to stdout on a terminal (0); else, as stdout is then a
 * file or a pipe that expects a picture, nothing goes there: stderr gets a first line saying
 * the graph is too big to draw and the summary after it, and the code is 1.
 *
 * @example
 * ```ts
 * await printGraph({ text: "<svg …></svg>\n", picture: true, nodes: 3, limit: 200 }, "value"); // 0
 * ```
 */
export async function printGraph(
  drawn: Drawn,
  target: string,
): Promise<number> {
  const terminal = Deno.stdout.isTerminal();
  if (!drawn.picture && !terminal) {
    console.error(
      `error: the graph is too big to draw: ${drawn.nodes} nodes, over the limit of ` +
        `${drawn.limit} (\`--limit\` raises it); nothing was written to stdout, here is its summary:`,
    );
    await Deno.stderr.write(new TextEncoder().encode(drawn.text));
    return 1;
  }
  await Deno.stdout.write(new TextEncoder().encode(drawn.text));
  if (drawn.picture && terminal) {
    console.error(
      `that is an SVG picture: save it with \`deno task -q graph ${target} > graph.svg\` ` +
        "and open it in a browser",
    );
  }
  return 0;
}

/**
 * The Value a learner's module exports (`exports`, its namespace): its `default` export or
 * the one named `root`, each a Value or a function (sync or async) that returns one. Throws a
 * one-line {@linkcode UserError} naming `file` when there is none, or when the function throws
 * (`mine`: whether `--mine` was given, for {@linkcode notDone}).
 *
 * @example
 * ```ts
 * const leaf = { data: 1, grad: 0, children: [], localGrads: [] };
 * (await exportedValue({ root: () => leaf }, "my_expr.ts")).data; // 1
 * ```
 */
export async function exportedValue(
  exports: Record<string, unknown>,
  file: string,
  mine = false,
): Promise<GraphValue> {
  for (const name of ["default", "root"]) {
    let value = exports[name];
    if (typeof value === "function") {
      try {
        value = await value();
      } catch (error) {
        const done = await notDone(error, { mine, module: file });
        if (done !== error) throw done;
        const refused = refusedLine(error, file);
        if (refused) throw refused;
        const why = error instanceof Error ? error.message : String(error);
        throw new UserError(
          `${file}: its ${name} export threw: ${
            why.split("\n")[0]
          } — fix the module`,
        );
      }
    }
    if (isGraphValue(value)) return value;
  }
  throw new UserError(
    `${file} exports no Value: export one as \`default\` or as \`root\` ` +
      "(or a function that returns one)",
  );
}
