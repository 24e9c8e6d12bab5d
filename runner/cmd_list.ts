/**
 * `deno task kata list`: every kata, done, failing or not started.
 *
 * @module
 */
import type { Context } from "./context.ts";
import { progress } from "./progress.ts";
import { listScreen } from "./render.ts";

/** Prints a row for every kata and the count of each kind. */
export async function listCommand(ctx: Context): Promise<void> {
  console.log(listScreen(ctx, await progress(ctx)));
}
