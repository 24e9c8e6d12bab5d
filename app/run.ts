/**
 * `deno task run`: trains microgpt and prints new names. This entry point only reads the
 * flags; the training (`app/trainer.ts`) runs with exactly what the flags need (see
 * {@linkcode permissionFlags}): the dataset and checkpoint to read, the `--save` and `--plot`
 * files to write, nothing else. So the code that trains, yours with `--mine` included, can
 * touch no other file, whatever path a flag names. When that is no more than this process
 * holds (the dataset is `data/names.txt` or the bundled one, nothing to save or load, not
 * `--mine`), it trains here, after giving up the right to start programs; otherwise in a
 * second Deno process granted just that.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { runMain, UserError } from "./cli.ts";
import {
  DOWNLOADED,
  HELP,
  parseRunArgs,
  permissionFlags,
  trainerFiles,
} from "./run_options.ts";

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false; // missing, or not ours to read: the bundled dataset then
  }
}

if (import.meta.main) {
  await runMain(async () => {
    const parsed = parseRunArgs(Deno.args, await isFile(DOWNLOADED));
    if (parsed.help) return console.log(HELP);
    // DEBUG, which the training may read, this process may read too (see deno.json).
    const { reads, writes } = trainerFiles(parsed.options);
    const held = (path: string) =>
      Deno.permissions.querySync({ name: "read", path }).state === "granted";
    if (writes.length === 0 && reads.every(held)) {
      // Training here saves starting a second Deno, a noticeable part of a fast run.
      await Deno.permissions.revoke({ name: "run" });
      const { runTrainer } = await import("./trainer.ts");
      return await runTrainer(parsed.options);
    }
    const here = (file: string) =>
      fileURLToPath(new URL(file, import.meta.url));
    const command = new Deno.Command("deno", {
      args: [
        "run",
        "--no-prompt",
        `--config=${here("../deno.json")}`,
        ...permissionFlags(parsed.options),
        here("./trainer.ts"),
        JSON.stringify(parsed.options),
      ],
      stdin: "inherit",
      stdout: "inherit",
      stderr: "inherit",
    });
    let code: number;
    try {
      ({ code } = await command.spawn().status);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      throw new UserError(
        "cannot start `deno` for the training run — put the deno executable on your PATH (or use npx -y deno@2.9.6 task run)",
      );
    }
    Deno.exit(code);
  });
}
