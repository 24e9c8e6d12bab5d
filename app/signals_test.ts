import assert from "node:assert/strict";
import { requirePermissions } from "../tests/harness/permissions.ts";
import { signalAndSurvivors, startTask } from "../tests/harness/processes.ts";

const ROOT = new URL("../", import.meta.url);

Deno.test("deno task run: SIGTERM stops the training process too, and exits 143", async () => {
  requirePermissions(
    { name: "run", command: "deno" },
    { name: "run", command: "ps" },
    { name: "read", path: new URL("deno.json", ROOT) },
  );
  // --save makes it train in a second process; killed long before it saves.
  const command = await startTask("run", ROOT, [
    "--steps",
    "100000",
    "--save",
    ".cache/signals_test.json",
  ]);
  const { status, survivors, stderr } = await signalAndSurvivors(
    command,
    "SIGTERM",
  );
  assert.deepEqual(survivors, [], "the training outlived deno task run");
  assert.equal(status.code, 143, stderr);
});

Deno.test("cleanupOnSignal: SIGINT (Ctrl-C) or SIGTERM while a partial file is written removes it and exits 130 or 143", async () => {
  requirePermissions(
    { name: "run", command: "deno" },
    { name: "read", path: new URL(".cache", ROOT) },
    { name: "write", path: new URL(".cache", ROOT) },
  );
  for (const [signal, exit] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    const part = `.cache/signals_test.${signal}.part`;
    const code = `
      import { cleanupOnSignal } from "./app/signals.ts";
      Deno.writeTextFileSync(${JSON.stringify(part)}, "half");
      cleanupOnSignal(() => Deno.removeSync(${JSON.stringify(part)}));
      console.log("ready");
      setTimeout(() => {}, 60_000);
    `;
    const child = new Deno.Command("deno", {
      args: ["eval", "--ext=ts", code],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const reader = child.stdout.getReader();
    await reader.read(); // "ready"
    child.kill(signal);
    reader.releaseLock();
    const out = await child.output();
    assert.equal(out.code, exit, new TextDecoder().decode(out.stderr));
    await assert.rejects(Deno.stat(part), Deno.errors.NotFound, signal);
  }
});
