/**
 * What `deno task graph` prints for a root node: the SVG picture of its graph, or a summary
 * when the graph has more nodes than the limit. Shared by the command (`app/graph.ts`) and the
 * process that runs a learner's module (`app/graph_module.ts`).
 *
 * @module
 */
import { UserError } from "./cli.ts";
import { graphOf, summary } from "./graph_model.ts";
import { type GraphValue, isGraphValue } from "./graph_ops.ts";
import { loadBackward, type Tree } from "./graph_examples.ts";
import { graphSvg } from "./graph_svg.ts";
import { refusedLine, tooDeep } from "./graph_guard.ts";

/** Over this many nodes, a graph is summed up in words rather than drawn. */
export const NODE_LIMIT = 200;

/**
 * The one-line error for a kata of the learner's that fails (the kata read from where the
 * error was thrown, `katas/NN_topic/`): a stub's "not implemented" says the kata is not
 * done yet; another error, that it fails, and how to see why. Any other error is `error`
 * itself.
 *
 * @example
 * ```ts
 * notDone(new Error("boom")).message; // "boom"
 * ```
 */
export function notDone(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof UserError) return error;
  const where = `${error.message}\n${error.stack ?? ""}`;
  const kata = /katas\/(\d\d_\w+)\//.exec(where)?.[1];
  if (error.message.startsWith("not implemented")) {
    const which = kata === undefined ? "a kata of yours" : `your kata ${kata}`;
    return new UserError(
      `--mine: ${which} is not done yet (${error.message}) — ` +
        "finish it first: `deno task kata` shows where you are",
    );
  }
  if (kata === undefined) return error;
  return new UserError(
    `--mine: your kata ${kata} fails: ${error.message.split("\n")[0]} — ` +
      `run \`deno test katas/${kata}\` to see why`,
  );
}

/**
 * The text to print for the graph of `root`, after kata 03's `backward` from `tree`: the SVG
 * picture, or the summary when it has more than `limit` nodes. A stub of the learner's
 * that throws is the one line of {@linkcode notDone}.
 *
 * @example
 * ```ts
 * import { Value } from "../solutions/02_value/value.ts";
 * const a = new Value(3);
 * (await drawGraph(a.add(a), "solutions")).startsWith("<svg"); // true
 * ```
 */
export async function drawGraph(
  root: GraphValue,
  tree: Tree,
  limit = NODE_LIMIT,
): Promise<string> {
  try {
    const graph = graphOf(root, await loadBackward(tree));
    return graph.length > limit ? `${summary(graph)}\n` : graphSvg(graph);
  } catch (error) {
    throw tooDeep(error, root) ?? notDone(error);
  }
}

/**
 * Prints `text` (what {@linkcode drawGraph} made) on stdout; on a terminal, a picture gets a
 * line on stderr saying how to save it, `deno task -q graph <target> > graph.svg`.
 *
 * @example
 * ```ts
 * await printGraph("<svg …></svg>\n", "value");
 * ```
 */
export async function printGraph(text: string, target: string): Promise<void> {
  await Deno.stdout.write(new TextEncoder().encode(text));
  if (text.startsWith("<svg") && Deno.stdout.isTerminal()) {
    console.error(
      `that is an SVG picture: save it with \`deno task -q graph ${target} > graph.svg\` ` +
        "and open it in a browser",
    );
  }
}

/**
 * The Value a learner's module exports (`exports`, its namespace): its `default` export or
 * the one named `root`, each a Value or a function (sync or async) that returns one. Throws a
 * one-line {@linkcode UserError} naming `file` when there is none, or when the function throws.
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
): Promise<GraphValue> {
  for (const name of ["default", "root"]) {
    let value = exports[name];
    if (typeof value === "function") {
      try {
        value = await value();
      } catch (error) {
        const done = notDone(error);
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
