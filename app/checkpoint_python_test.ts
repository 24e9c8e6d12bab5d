/**
 * A checkpoint is read by Python: `dev/read_checkpoint.py` (the standard library only: struct,
 * json, array) gives the step, the settings and a tensor's values that the TypeScript side
 * saved.
 *
 * @module
 */
import assert from "node:assert/strict";
import { requirePermissions } from "../tests/harness/permissions.ts";
import * as fast from "../solutions/12_efficiency/efficiency.ts";
import { MICROGPT_TRAIN } from "../solutions/11_train/train.ts";
import { checkpointBytes } from "./checkpoint.ts";
import { fastEngine } from "./engines.ts";

const ROOT = new URL("../", import.meta.url);

Deno.test("checkpoint: dev/read_checkpoint.py reads, with Python's standard library, the step, the settings and every value of a tensor", async () => {
  requirePermissions(
    { name: "read", path: new URL(".cache", ROOT) },
    { name: "write", path: new URL(".cache", ROOT) },
    { name: "run", command: "python3" },
  );
  const engine = fastEngine(fast);
  const run = engine.setup(["emma", "ava"], { ...MICROGPT_TRAIN, numSteps: 2 });
  for (const _ of engine.train(run)) { /* both steps */ }
  const parts = engine.parts(run);
  await Deno.mkdir(new URL(".cache", ROOT), { recursive: true });
  const path = ".cache/checkpoint_python_test.safetensors";
  await Deno.writeFile(new URL(path, ROOT), checkpointBytes(parts, 2));
  for (const name of ["wpe", "layer0.mlp_fc2"]) {
    const out = await new Deno.Command("python3", {
      args: ["dev/read_checkpoint.py", path, name],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, stderr);
    const read = JSON.parse(new TextDecoder().decode(out.stdout));
    const w = parts.weights[name];
    assert.equal(read.step, 2);
    assert.deepEqual(read.config, parts.config);
    assert.deepEqual(read.shape, [w.rows, w.cols]);
    const values = Array.from(
      { length: w.rows * w.cols },
      (_, i) => w.get(Math.floor(i / w.cols), i % w.cols),
    );
    assert.deepEqual(read.values, values, `${name}'s values, bit for bit`);
  }
});
