/**
 * `deno task kata solution NN [--force]`: the reference solution of kata NN, once it passes.
 *
 * @module
 */
import { UsageError, UserError } from "../app/cli.ts";
import { kataNumber, kataTitle } from "../course/manifest.ts";
import { type Context, resolveKata } from "./context.ts";
import { inspect } from "./kata_status.ts";
import { bold } from "./render.ts";
import { testKatas } from "./run_suites.ts";
import {
  generateKata,
  isKataSource,
  isRegionMarker,
  listKatas,
} from "./stubs.ts";
import { DENO } from "./deno_command.ts";

/**
 * Prints the reference solution of the kata `args` names, without its answer markers: only
 * when the learner's own passes, unless `force`.
 */
export async function solutionCommand(
  ctx: Context,
  args: string[],
  force: boolean,
): Promise<void> {
  const katas = await listKatas(ctx.root);
  if (args.length !== 1) {
    throw new UsageError(
      `solution takes one kata: ${DENO} task kata solution 05`,
    );
  }
  const kata = resolveKata(args[0], katas);
  if (!force && !await passes(ctx, kata)) {
    throw new UserError(
      `kata ${
        kataTitle(kata)
      } does not pass yet, so its solution stays hidden: finish it ` +
        `(${DENO} test katas/${kata}), or look anyway: ${DENO} task kata solution ${
          kataNumber(kata)
        } --force`,
    );
  }
  for (const [path, text] of await generateKata(ctx.root, kata, true)) {
    if (!isKataSource(path)) continue;
    const source = path.replace(/^katas\//, "solutions/");
    const code = text.split("\n").filter((l) => !isRegionMarker(l));
    console.log(`${bold(ctx, `// ${source}`)}\n${code.join("\n")}`);
  }
}

/** Whether the learner's `kata` passes its suite (a stub does not, and is not run). */
async function passes(ctx: Context, kata: string): Promise<boolean> {
  if ((await inspect(ctx.root, kata)).stub) return false;
  return (await testKatas(ctx.root, [kata], ctx)).get(kata)?.kind === "done";
}
