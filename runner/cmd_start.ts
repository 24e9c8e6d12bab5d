/**
 * `deno task kata start NN` (or its old name, `skip NN`), for a late start in a workshop: every kata before NN filled with the reference
 * solution, the learner's files kept in `backups/`.
 *
 * @module
 */
import { UsageError } from "../app/cli.ts";
import { kataNumber, kataTitle } from "../course/manifest.ts";
import { type Context, resolveKata } from "./context.ts";
import { keptLines, listKatas, writeKatas } from "./stubs.ts";
import { DENO } from "./deno_command.ts";

/** Writes the reference solutions of the katas before the one `args` names. */
export async function startCommand(
  ctx: Context,
  args: string[],
): Promise<void> {
  const katas = await listKatas(ctx.root);
  if (args.length !== 1) {
    throw new UsageError(
      `start takes one kata, the one to start at: ${DENO} task kata start 07`,
    );
  }
  const kata = resolveKata(args[0], katas);
  const before = katas.slice(0, katas.indexOf(kata));
  if (!before.length) {
    return console.log(
      `Nothing to fill in: ${kataTitle(kata)} is the first kata.`,
    );
  }
  const replaced = await writeKatas(ctx.root, before, "reference");
  const one = before.length === 1;
  const range = one
    ? `Kata ${kataNumber(before[0])}`
    : `Katas ${kataNumber(before[0])}–${kataNumber(before[before.length - 1])}`;
  const hold = one ? "holds" : "hold";
  const solutions = one ? "solution" : "solutions";
  for (const line of keptLines(replaced)) console.log(line);
  console.log(
    (replaced.written.length
      ? `${range} now ${hold} the reference ${solutions}.`
      : `${range} already ${hold} the reference ${solutions}.`) +
      (replaced.folder ? ` Your files are in ${replaced.folder}/.` : "") +
      `\nStart at ${kataTitle(kata)}: ${DENO} task kata`,
  );
}
