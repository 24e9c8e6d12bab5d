/**
 * The reference solutions against figures captured from microgpt.py itself
 * (`../shared/reference/`, present beside the repository in CI, absent from a learner's
 * clone, where these tests are ignored and say so).
 *
 * @module
 */
import assert from "node:assert/strict";
import { parseDocs } from "../../app/dataset.ts";
import { Random } from "../../lib/random.ts";
import { EXACTISH, isClose } from "../harness/harness.ts";
import { sharedTest } from "../harness/permissions.ts";
import type { EfficiencyImpl } from "../suites/efficiency_suite.ts";
import { loadModules, suiteModules } from "../../course/manifest.ts";

// The reference solutions of katas 01–12, from the files the course lists for kata 12.
const SOLUTIONS = new URL("../../solutions/", import.meta.url);
const solutions = await loadModules(
  suiteModules("12_efficiency"),
  (path) => import(new URL(path, SOLUTIONS).href),
) as unknown as EfficiencyImpl;
const { Value } = solutions.value;
const { backward } = solutions.backward;
const { sum } = solutions.linear;
const { softmax } = solutions.softmax;
const { createGpt, gpt, MICROGPT } = solutions.gpt;
const { Adam } = solutions.adam;
const { MICROGPT_TRAIN } = solutions.train;
const { createFastGpt, FastAdam, lossAndGrad } = solutions.efficiency;
type Value = InstanceType<typeof Value>;

const goldenUrl = new URL(
  "../../../shared/reference/microgpt_golden_names_seed42.json",
  import.meta.url,
);

const namesUrl = new URL("../../../shared/data/names.txt", import.meta.url);

interface Golden {
  docs_first_20: string[];
  param_order: string[];
  init_params: number[];
  steps: {
    tokens: number[];
    loss: number;
    grads: number[];
    params_after: number[];
  }[];
}

let cached: Golden | undefined;
/** The golden figures, read once for all the tests here (the file is over 1 MB). */
function readGolden(): Golden {
  return cached ??= JSON.parse(Deno.readTextFileSync(goldenUrl)) as Golden;
}

sharedTest(
  "golden: the Adam of kata 09 moves microgpt's 4,192 parameters exactly as microgpt.py did in steps 1–3",
  [goldenUrl],
  () => {
    const golden = readGolden();
    const params = golden.init_params.map((p) => new Value(p));
    const adam = new Adam(params);
    golden.steps.forEach(({ grads, params_after }, step) => {
      params.forEach((p, i) => (p.grad = grads[i]));
      adam.step(step, 1000);
      const wrong = params.flatMap((p, i) =>
        Object.is(p.data, params_after[i])
          ? []
          : [`#${i}: got ${p.data}, expected ${params_after[i]}`]
      );
      assert.deepEqual(wrong, [], `step ${step + 1}: ${wrong.length} differ`);
    });
  },
);

sharedTest(
  "golden: kata 08's createGpt, after microgpt's shuffle, draws microgpt.py's 4,192 initial parameters in its order (#4050 within 2 ulp: V8's Math.cos)",
  [goldenUrl, namesUrl],
  () => {
    const golden = readGolden();
    // microgpt: docs = [line.strip() for line in open('input.txt') if line.strip()]
    const docs = parseDocs(Deno.readTextFileSync(namesUrl));
    const rng = new Random(42);
    rng.shuffle(docs);
    assert.deepEqual(docs.slice(0, 20), golden.docs_first_20);
    const model = createGpt(MICROGPT, rng);
    assert.deepEqual(Object.keys(model.stateDict), golden.param_order);
    const wrong = model.params.flatMap((p, i) => {
      const want = golden.init_params[i];
      if (Object.is(p.data, want)) return [];
      // The one known difference: 2 ulp, from V8's Math.cos in gauss (lib/random_test.ts).
      if (
        i === 4050 &&
        Math.abs(p.data - want) <= 2 * Number.EPSILON * Math.abs(want)
      ) {
        return [];
      }
      return [`#${i}: got ${p.data}, expected ${want}`];
    });
    assert.deepEqual(
      wrong,
      [],
      `${wrong.length} of ${model.params.length} differ`,
    );
  },
);

sharedTest(
  "golden: katas 02–08 give microgpt.py's first loss and all 4,192 of its gradients, bit for bit",
  [goldenUrl],
  () => {
    const golden = readGolden();
    const model = createGpt(MICROGPT, new Random(0));
    model.params.forEach((p, i) => (p.data = golden.init_params[i]));
    // microgpt's training step 1, up to loss.backward().
    const { tokens, loss: want, grads } = golden.steps[0];
    const n = Math.min(MICROGPT.blockSize, tokens.length - 1);
    const keys: Value[][][] = [[]];
    const values: Value[][][] = [[]];
    const losses = Array.from({ length: n }, (_, pos) => {
      const probs = softmax(gpt(model, tokens[pos], pos, keys, values));
      return probs[tokens[pos + 1]].log().neg();
    });
    const loss = sum(losses).mul(1 / n);
    assert.equal(loss.data, want);
    backward(loss);
    const wrong = model.params.flatMap((p, i) =>
      Object.is(p.grad, grads[i])
        ? []
        : [`#${i}: got ${p.grad}, expected ${grads[i]}`]
    );
    assert.deepEqual(wrong, [], `${wrong.length} gradients differ`);
  },
);

sharedTest(
  "golden: kata 12's fast engine gives microgpt.py's losses of steps 1–3 bit for bit, its 3 × 4,192 gradients within 1e-12 (relative, or absolute near 0), and its Adam moves the parameters exactly as microgpt.py did",
  [goldenUrl],
  () => {
    const golden = readGolden();
    const config = { ...MICROGPT_TRAIN, numSteps: 1000 };
    const model = createFastGpt(
      MICROGPT,
      new Random(0),
      Float64Array.from(golden.init_params),
    );
    const adam = new FastAdam(model, config);
    golden.steps.forEach(({ tokens, loss, grads, params_after }, step) => {
      assert.equal(lossAndGrad(model, tokens), loss, `step ${step + 1}: loss`);
      const far = grads.flatMap((g, i) =>
        isClose(model.grad[i], g, EXACTISH)
          ? []
          : [`#${i}: got ${model.grad[i]}, expected ${g}`]
      );
      assert.deepEqual(far, [], `step ${step + 1}: ${far.length} gradients`);
      model.grad.set(grads); // Adam alone, on microgpt.py's own gradients
      adam.step(step, config.numSteps);
      const wrong = params_after.flatMap((p, i) =>
        Object.is(model.data[i], p)
          ? []
          : [`#${i}: got ${model.data[i]}, expected ${p}`]
      );
      assert.deepEqual(wrong, [], `step ${step + 1}: ${wrong.length} differ`);
    });
  },
);
