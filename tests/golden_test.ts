/**
 * The reference solutions against figures captured from microgpt.py itself
 * (`../shared/reference/`, present beside the repository in CI, absent from a learner's
 * clone, where these tests are ignored and say so).
 *
 * @module
 */
import assert from "node:assert/strict";
import { Value } from "../solutions/02_value/value.ts";
import { Adam } from "../solutions/09_adam/adam.ts";
import { sharedTest } from "./permissions.ts";

const goldenUrl = new URL(
  "../../shared/reference/microgpt_golden_names_seed42.json",
  import.meta.url,
);

interface Golden {
  init_params: number[];
  steps: { grads: number[]; params_after: number[] }[];
}

sharedTest(
  "golden: the Adam of kata 09 moves microgpt's 4,192 parameters exactly as microgpt.py did in steps 1–3",
  [goldenUrl],
  () => {
    const golden = JSON.parse(Deno.readTextFileSync(goldenUrl)) as Golden;
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
