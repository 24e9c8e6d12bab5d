/**
 * The second process of `deno task graph my_expr.ts`: imports the learner's module (code,
 * run here with no more than the read of that one file and of `katas/`, `solutions/` and
 * `lib/`, which `app/graph.ts` grants it), takes the Value it exports, and prints its graph
 * (`app/graph_draw.ts`). Arguments: the module's path, the tree of kata 03 (`solutions` or
 * `katas`) and the node limit.
 *
 * @module
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { runMain, UserError } from "./cli.ts";
import {
  drawGraph,
  exportedValue,
  firstLine,
  notDone,
  printGraph,
} from "./graph_draw.ts";
import type { Tree } from "./graph_examples.ts";
import { asLine, checkModuleFile, missingImport } from "./graph_guard.ts";

/** The module at `path`, imported; a load that fails is a one-line {@linkcode UserError}. */
async function importModule(
  path: string,
  mine: boolean,
): Promise<Record<string, unknown>> {
  try {
    // deno-lint-ignore house/layers -- the learner's own module, named on the command line
    return await import(pathToFileURL(resolve(path)).href);
  } catch (error) {
    const done = await notDone(error, { mine, module: path });
    if (done !== error) throw done;
    const why = error instanceof Error ? error.message : String(error);
    const missing = missingImport(why, path);
    if (missing) throw missing;
    if (/Module not found|No such file/i.test(why)) {
      throw new UserError(
        `no module at ${path} — give the path of a .ts file that exports a Value`,
      );
    }
    // Refused by Deno: thrown as NotCapable by the module's code, or by an import of its.
    if (
      error instanceof Deno.errors.NotCapable ||
      /^Requires \w+ access/.test(why)
    ) {
      const what = why.split("\n")[0].replace(/, run again with .*$/, "")
        .replace(/^Requires/, "requires");
      throw new UserError(
        `${path} does not load: it ${what}, and a module of yours may read only ` +
          "itself and this project's katas/, solutions/ and lib/ — build the Value without it",
      );
    }
    throw new UserError(
      `${path} does not load: ${firstLine(why, path)} — fix the module`,
    );
  }
}

if (import.meta.main) {
  await runMain(async () => {
    const [path, tree, limit] = Deno.args;
    const mine = tree === "katas";
    let code: number;
    try {
      await checkModuleFile(path);
      const exports = await importModule(path, mine);
      const root = await exportedValue(exports, path, mine);
      const drawn = await drawGraph(root, tree as Tree, Number(limit));
      code = await printGraph(drawn, path);
    } catch (error) {
      throw asLine(error, path);
    }
    Deno.exit(code);
  });
}
