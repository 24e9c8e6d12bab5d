/**
 * `deno task kata` without a command: where the learner stands, and what to do next.
 *
 * @module
 */
import type { Context } from "./context.ts";
import { readLesson } from "./kata_lesson.ts";
import type { Progress } from "./kata_status.ts";
import { progress } from "./progress.ts";
import { whereScreen } from "./render.ts";

/** Prints progress, the current kata, its first failing check and the commands to go on. */
export async function whereCommand(ctx: Context): Promise<void> {
  console.log(await whereText(ctx, await progress(ctx), false));
}

/** The screen for `p`, with the current kata's lesson read; `watching`: as `watch` shows it. */
export async function whereText(
  ctx: Context,
  p: Progress,
  watching: boolean,
): Promise<string> {
  const lesson = p.current ? await readLesson(ctx.root, p.current) : undefined;
  return whereScreen(ctx, p, lesson, watching);
}
