/**
 * `deno task kata hint [NN] [LEVEL]`: a hint of the current kata (or kata NN), from its hints
 * file (`course/hints/NN_topic.md`), one more each time. The only state the runner keeps is
 * the last hint shown of each kata, in `.cache/kata_hints.json`, which is safe to delete.
 *
 * @module
 */
import { UsageError } from "../app/cli.ts";
import { kataNumber, kataTitle } from "../course/manifest.ts";
import { type Context, resolveKata } from "./context.ts";
import { type Hint, readHints } from "./kata_lesson.ts";
import { progress } from "./progress.ts";
import { bold } from "./render.ts";
import { listKatas } from "./stubs.ts";
import { DENO } from "./deno_command.ts";

const HINTS_FILE = ".cache/kata_hints.json";

/** Prints a hint; `args` are the kata and the level, both optional. */
export async function hintCommand(ctx: Context, args: string[]): Promise<void> {
  if (args.length > 2) {
    throw new UsageError(`usage: ${DENO} task kata hint [NN] [LEVEL]`);
  }
  const kata = args[0] !== undefined
    ? resolveKata(args[0], await listKatas(ctx.root))
    : (await progress(ctx)).current;
  if (!kata) {
    return console.log(
      `All katas pass: no hint needed. For a given kata: ${DENO} task kata hint 05`,
    );
  }
  const hints = await readHints(ctx.root, kata);
  const shown = await shownHints(ctx);
  const level = args[1] !== undefined
    ? chosenLevel(kata, args[1], hints.length)
    : nextLevel(shown[kata], hints.length);
  shown[kata] = level;
  await Deno.mkdir(new URL(".cache/", ctx.root), { recursive: true });
  await Deno.writeTextFile(
    new URL(HINTS_FILE, ctx.root),
    JSON.stringify(shown, null, 2) + "\n",
  );
  console.log(hintText(ctx, kata, hints, level));
}

/** The last hint shown of each kata, as `.cache/kata_hints.json` remembers it. */
async function shownHints(ctx: Context): Promise<Record<string, number>> {
  try {
    const data = JSON.parse(
      await Deno.readTextFile(new URL(HINTS_FILE, ctx.root)),
    );
    return data && typeof data === "object" && !Array.isArray(data) ? data : {};
  } catch {
    return {}; // missing or unreadable: as if no hint was shown yet
  }
}

/** The level the learner asked for, `arg`; a {@link UsageError} when there is no such hint. */
function chosenLevel(kata: string, arg: string, count: number): number {
  const level = Number(arg);
  if (!/^\d+$/.test(arg) || level < 1 || level > count) {
    throw new UsageError(
      `kata ${
        kataTitle(kata)
      } has ${count} hints: give a level from 1 to ${count}`,
    );
  }
  return level;
}

/** One more than the last hint shown (the last of `count` stays the last). */
function nextLevel(last: unknown, count: number): number {
  const n = Number(last);
  const valid = Number.isInteger(n) && n >= 0; // a hand-edited file: start over
  return Math.min((valid ? n : 0) + 1, count);
}

/** Hint `level` of `kata`, with what comes next. */
function hintText(
  ctx: Context,
  kata: string,
  hints: readonly Hint[],
  level: number,
): string {
  const hint = hints[level - 1];
  const text = hint.text.split("\n").map((l) => (l ? `  ${l}` : "")).join("\n");
  const next = level < hints.length
    ? `More: ${DENO} task kata hint ${kataNumber(kata)} gives hint ${
      level + 1
    } (${hints[level].label}).`
    : `That was the last hint. Still stuck? The reference: ${DENO} task kata solution ${
      kataNumber(kata)
    } --force`;
  const title = `${kataTitle(kata)}, hint ${level} of ${hints.length}${
    hint.label ? ` (${hint.label})` : ""
  }:`;
  return [bold(ctx, title), "", text, "", next].join("\n");
}
