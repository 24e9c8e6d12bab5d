/**
 * `deno task kata reset NN`: kata NN the stub again, the learner's files kept in `backups/`.
 *
 * @module
 */
import { UsageError } from "../app/cli.ts";
import { type Context, resolveKata } from "./context.ts";
import { keptLines, listKatas, writeKatas } from "./stubs.ts";
import { DENO } from "./deno_command.ts";

/** Writes the stubs of the kata `args` names, and says where the learner's files went. */
export async function resetCommand(
  ctx: Context,
  args: string[],
): Promise<void> {
  const katas = await listKatas(ctx.root);
  if (args.length !== 1) {
    throw new UsageError(`reset takes one kata: ${DENO} task kata reset 05`);
  }
  const kata = resolveKata(args[0], katas);
  const replaced = await writeKatas(ctx.root, [kata], "stub");
  if (!replaced.written.length) {
    return console.log(`katas/${kata} is already the stub: nothing to reset.`);
  }
  for (const line of keptLines(replaced)) console.log(line);
  console.log(
    `katas/${kata} is the stub again.` +
      (replaced.folder
        ? ` Your files are in ${replaced.folder}/: copy one back to undo.`
        : " It held nothing of yours to keep (the reference solution, or missing files)."),
  );
}
