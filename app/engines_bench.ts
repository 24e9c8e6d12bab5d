/**
 * `deno bench`: one training step of microgpt (its model, Adam and learning rate) on the
 * bundled names, per engine: kata 11's scalar engine (a graph of `Value`s) against kata 12's
 * fast one (`Float64Array`s). The whole-process figures are `deno task bench`'s.
 *
 * @module
 */
import * as scalar from "../solutions/11_train/train.ts";
import * as fast from "../solutions/12_efficiency/efficiency.ts";
import { defaultDocs } from "./bundled.ts";

const docs = defaultDocs();
// Many steps, so that the learning rate barely decays over the bench's iterations.
const config = { ...scalar.MICROGPT_TRAIN, numSteps: 1e9 };
const scalarRun = scalar.setup(docs, config);
const fastRun = fast.setup(docs, config);
let scalarStep = 0;
let fastStep = 0;

Deno.bench("scalar engine: one training step", {
  group: "step",
  baseline: true,
}, () => {
  scalar.trainStep(scalarRun, scalarStep++);
});

Deno.bench("fast engine: one training step", { group: "step" }, () => {
  fast.trainStep(fastRun, fastStep++);
});
