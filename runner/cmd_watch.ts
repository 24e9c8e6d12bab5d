/**
 * `deno task kata watch`: the screen of `deno task kata`, again on every save under `katas/`.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import type { Context } from "./context.ts";
import { type Status, uses } from "./kata_status.ts";
import { progress } from "./progress.ts";
import { whereText } from "./cmd_where.ts";

/**
 * Shows where the learner stands, then again each time a file under `katas/` is saved: a save
 * stops a run still going, and the katas that pass are not run again unless a kata they use
 * changed. Ctrl-C stops.
 */
export async function watchCommand(ctx: Context): Promise<void> {
  const changed = new Set<string>();
  let onChange: (() => void) | undefined;
  watchKatas(ctx.root, (kata) => {
    changed.add(kata);
    onChange?.();
  });
  Deno.addSignalListener("SIGINT", () => {
    if (ctx.tty) Deno.stdout.writeSync(new TextEncoder().encode("\r\x1b[K"));
    console.log("Stopped watching.");
    Deno.exit(130);
  });
  const known = new Map<string, Status>(); // done, and unchanged since
  for (let first = true;; first = false) {
    const abort = new AbortController();
    onChange = () => abort.abort(); // a save stops a run that is still going
    const p = await progress(ctx, known, abort.signal);
    onChange = undefined;
    if (!abort.signal.aborted) {
      if (ctx.tty) console.clear();
      else if (!first) console.log(`\n${"─".repeat(40)}\n`);
      console.log(await whereText(ctx, p, true));
      known.clear();
      for (const [k, s] of p.statuses) if (s.kind === "done") known.set(k, s);
      if (!changed.size) {
        await new Promise<void>((resolve) => (onChange = resolve));
      }
      onChange = undefined;
    }
    await new Promise((resolve) => setTimeout(resolve, 300)); // one save, many events
    for (const k of changed) {
      for (const done of [...known.keys()]) {
        if (uses(done).includes(k)) known.delete(done);
      }
    }
    changed.clear();
  }
}

/** Calls `onSave` with the kata of each TypeScript file saved under `katas/`, from now on. */
function watchKatas(root: URL, onSave: (kata: string) => void): void {
  const dir = fileURLToPath(new URL("katas/", root));
  const watcher = Deno.watchFs(dir, { recursive: true });
  (async () => {
    for await (const event of watcher) {
      for (const path of event.paths) {
        const m = /katas[\/\\](\d\d_[^\/\\]+)[\/\\][^\/\\]+\.ts$/.exec(path);
        if (m) onSave(m[1]);
      }
    }
  })();
}
