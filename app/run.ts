/**
 * `deno task run`: trains microgpt and prints new names. This entry point only reads the
 * flags; the training (`app/trainer.ts`) runs with exactly what the flags need (see
 * {@linkcode permissionFlags}): the dataset and checkpoint to read, the `--save` and `--plot`
 * files to write and the partial files named for them here, nothing else. So the code that trains, yours with `--mine` included, can
 * touch no other file, whatever path a flag names. When that is no more than this process
 * holds (the dataset is `data/names.txt` or the bundled one, nothing to save or load, not
 * `--mine`), it trains here, after giving up the right to start programs; otherwise in a
 * second Deno process granted just that. With `--mine`, it first runs the suite of your kata
 * the engine comes from (`app/mine.ts`), which checks the earlier katas it builds on first:
 * the training process may not start programs. Before that suite, and again in the training
 * process before it imports your module, `--mine` refuses a `katas/` that holds a symbolic
 * link, a FIFO, a socket or a device (`app/kata_tree.ts`): it runs only files really in
 * `katas/`. This process may read `katas/` for that look only; it gives up the right after.
 * With `--serve`, the training always runs in the second process, and this one serves the
 * page that shows it (`app/serve.ts`): only then may it listen on 127.0.0.1 and read
 * `app/page/`; without `--serve`, it gives up both rights at once.
 * Before all that, sizes whose training needs
 * more memory than a Deno process can get here are refused with the estimate
 * (`app/memory.ts`).
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { runMain, spawnDeno } from "./cli.ts";
import { partName } from "./files.ts";
import { checkMemory } from "./memory.ts";
import {
  DOWNLOADED,
  HELP,
  parseRunArgs,
  type Parts,
  permissionFlags,
  type RunOptions,
  trainerFiles,
} from "./run_options.ts";

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false; // missing, or not ours to read: the bundled dataset then
  }
}

/**
 * Trains with `options`: here, when the training needs no file this process does not hold
 * (after giving up the right to start programs), else in a second Deno process granted just
 * what it needs. Returns the exit code.
 */
async function train(options: RunOptions): Promise<number> {
  // DEBUG, which the training may read, this process may read too (see deno.json).
  // The partial files' names are picked here and granted exactly: not their folders.
  const parts: Parts = {
    save: options.save === undefined ? undefined : partName(options.save),
    plot: options.plot === undefined ? undefined : partName(options.plot),
  };
  const { reads, writes } = trainerFiles(options, parts);
  const held = (path: string) =>
    Deno.permissions.querySync({ name: "read", path }).state === "granted";
  if (!options.serve && writes.length === 0 && reads.every(held)) {
    // Training here saves starting a second Deno process.
    await Deno.permissions.revoke({ name: "run" });
    const { runTrainer } = await import("./trainer.ts");
    await runTrainer(options);
    return 0;
  }
  const io = options.serve ? "piped" : "inherit";
  const spawn = () =>
    spawnDeno("for the training run", {
      args: [
        "run",
        "--no-prompt",
        `--config=${here("../deno.json")}`,
        ...permissionFlags(options, parts),
        here("./trainer.ts"),
        JSON.stringify(options),
        JSON.stringify(parts),
      ],
      stdin: io,
      stdout: io,
      stderr: io,
    });
  if (options.serve) {
    const { serveRun } = await import("./serve.ts");
    return await serveRun(options.port, spawn, options.load === undefined);
  }
  return (await spawn().status).code;
}

/** The path of `file`, relative to this module. */
function here(file: string): string {
  return fileURLToPath(new URL(file, import.meta.url));
}

if (import.meta.main) {
  await runMain(async () => {
    const parsed = parseRunArgs(Deno.args, await isFile(DOWNLOADED));
    if (parsed.help) return console.log(HELP);
    // A checkpoint's sizes are its loader's to check, with the same checkMemory.
    if (parsed.options.load === undefined) {
      checkMemory(parsed.options.engine, parsed.options);
    }
    if (parsed.options.mine) {
      const { checkMine, mineKata } = await import("./mine.ts");
      await checkMine(
        mineKata(parsed.options.engine),
        new URL("../", import.meta.url),
      );
    }
    // katas/ is granted (deno.json) only for checkMine's look at it, which never follows a link.
    await Deno.permissions.revoke({ name: "read", path: here("../katas") });
    if (!parsed.options.serve) {
      // Only --serve's page listens on 127.0.0.1 and reads its files (app/serve.ts).
      await Deno.permissions.revoke({ name: "net" });
      await Deno.permissions.revoke({ name: "read", path: here("./page") });
    }
    Deno.exit(await train(parsed.options));
  });
}
