/**
 * The live heap of the scalar engine's training step, for `deno task bench:memory`: run with
 * `--v8-flags=--expose-gc` and a case's sizes as JSON, it sets a run up on the long
 * documents, builds one step's graph (the loss of a document of `blockSize` tokens) and
 * prints, as JSON, the bytes V8's heap holds after a full collection: for the weights (the
 * `Value`s and Adam's moments), and for the graph. What `app/memory.ts`'s bytes per weight,
 * node and link are measured by.
 *
 * @module
 */
import {
  documentLoss,
  MICROGPT_TRAIN,
  setup,
} from "../solutions/11_train/train.ts";
import type { ModelSizes } from "../app/memory.ts";

/** The heap's used bytes after a full collection. */
function liveBytes(): number {
  (globalThis as unknown as { gc(): void }).gc();
  return Deno.memoryUsage().heapUsed;
}

if (import.meta.main) {
  const sizes: ModelSizes = JSON.parse(Deno.args[0]);
  const text = await Deno.readTextFile(Deno.args[1]);
  const before = liveBytes();
  const run = setup(text.trim().split("\n"), { ...MICROGPT_TRAIN, ...sizes });
  const weights = liveBytes();
  const loss = documentLoss(run.model, run.tokenizer.wrap(run.docs[0]));
  const graph = liveBytes();
  console.log(JSON.stringify({
    weights: weights - before,
    graph: graph - weights,
    loss: loss.data,
  }));
}
