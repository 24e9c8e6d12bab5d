/**
 * Typical mistakes in kata 09 (adam), planted in `solutions/09_adam/adam.ts`.
 *
 * @module
 */
import { D } from "../suites/adam_suite.ts";
import type { Mutant } from "./mutant.ts";

const file = "09_adam/adam.ts";
const UPDATE = `p.data -= lrT * mHat / (vHat ** 0.5 + eps);`;

/** Kata 09's mutants. */
export const adamMutants: readonly Mutant[] = [
  {
    name: "leaves the gradients after the step",
    file,
    edits: [[`p.grad = 0;`, ``]],
    expect: D.gradsKept,
  },
  {
    name: "sets the gradient to 0 before the update",
    file,
    edits: [
      [
        `const p = params[i];\n`,
        `const p = params[i];\n      p.grad = 0;\n`,
      ],
      [`      p.grad = 0;\n    }`, `    }`],
    ],
    expect: D.zeroedFirst,
  },
  {
    name: "no eps",
    file,
    edits: [[UPDATE, `p.data -= lrT * mHat / vHat ** 0.5;`]],
    expect: D.noEps,
  },
  {
    name: "bias correction with beta ** step",
    file,
    edits: [
      [`beta1 ** (step + 1)`, `beta1 ** step`],
      [`beta2 ** (step + 1)`, `beta2 ** step`],
    ],
    expect: D.biasAtStep,
  },
  {
    name: "no bias correction",
    file,
    edits: [
      [`m[i] / correction1`, `m[i]`],
      [`v[i] / correction2`, `v[i]`],
    ],
    expect: D.noBias,
  },
  {
    name: "adds the update instead of subtracting it",
    file,
    edits: [[`p.data -= lrT`, `p.data += lrT`]],
    expect: D.plus,
  },
  {
    name: "decays the learning rate one step early",
    file,
    edits: [[`lr * (1 - step / numSteps)`, `lr * (1 - (step + 1) / numSteps)`]],
    expect: D.decayShifted,
  },
  {
    name: "no learning-rate decay",
    file,
    edits: [[`lr * (1 - step / numSteps)`, `lr`]],
    expect: D.noDecay,
  },
  {
    name: "the second moment fed g instead of g²",
    file,
    edits: [[`p.grad ** 2`, `p.grad`]],
    expect: D.gradNotSquared,
  },
  {
    name: "no square root of v̂",
    file,
    edits: [[UPDATE, `p.data -= lrT * mHat / (vHat + eps);`]],
    expect: D.noSqrt,
  },
  {
    name: "eps inside the square root",
    file,
    edits: [[UPDATE, `p.data -= lrT * mHat / (vHat + eps) ** 0.5;`]],
    expect: D.epsInRoot,
  },
  {
    name: "moments that start again at each step",
    file,
    edits: [
      [
        `m[i] = beta1 * m[i] + (1 - beta1) * p.grad;`,
        `m[i] = (1 - beta1) * p.grad;`,
      ],
      [
        `v[i] = beta2 * v[i] + (1 - beta2) * p.grad ** 2;`,
        `v[i] = (1 - beta2) * p.grad ** 2;`,
      ],
    ],
    expect: D.momentsReset,
  },
  {
    name: "beta1 and beta2 swapped",
    file,
    edits: [[
      `const { lr, beta1, beta2, eps } = this.config;`,
      `const { lr, beta1: beta2, beta2: beta1, eps } = this.config;`,
    ]],
    expect: D.betasSwapped,
  },
  {
    name: "the step size computed as lr_t * (m̂ / (…)) instead of left to right",
    file,
    edits: [[UPDATE, `p.data -= lrT * (mHat / (vHat ** 0.5 + eps));`]],
    expect: D.order,
  },
];
