/**
 * Typical mistakes in kata 12 (efficiency), planted in
 * `solutions/12_efficiency/efficiency.ts`.
 *
 * @module
 */
import { D } from "../suites/efficiency_suite.ts";
import type { Mutant } from "./mutant.ts";

const file = "12_efficiency/efficiency.ts";
const LINEAR = `      grad[i] += x[c] * g;
      dx[c] += data[i] * g;`;
const RMSNORM = `dx[i] += scale * dOut[i] + 2 * x[i] * dSquares;`;
const SOFTMAX = `dLogits[j] += probs[j] * (dProbs[j] - dot);`;
const D_PROBS = `dProbs[target] = (1 / tape.probs[target]) * (-1 * (1 / n));`;

/** Kata 12's mutants. */
export const efficiencyMutants: readonly Mutant[] = [
  {
    name: "linearBackward sets w.grad instead of adding to it",
    file,
    edits: [[`grad[i] += x[c] * g;`, `grad[i] = x[c] * g;`]],
    expect: D.assigned,
  },
  {
    name: "linearBackward with the local gradients of the product swapped",
    file,
    edits: [[
      LINEAR,
      `      grad[i] += data[i] * g;
      dx[c] += x[c] * g;`,
    ]],
    expect: D.swappedLocal,
  },
  {
    name: "linearBackward reads w transposed for dx",
    file,
    edits: [[`dx[c] += data[i] * g;`, `dx[c] += data[c * rows + r] * g;`]],
    expect: D.transposed,
  },
  {
    name: "rmsnormBackward treats the scale as a constant",
    file,
    edits: [[RMSNORM, `dx[i] += scale * dOut[i];`]],
    expect: D.constantScale,
  },
  {
    name: "rmsnormBackward without the 2 of d(x²)/dx",
    file,
    edits: [[RMSNORM, `dx[i] += scale * dOut[i] + x[i] * dSquares;`]],
    expect: D.noTwo,
  },
  {
    name: "softmaxBackward elementwise, without the Σ p·dProbs term",
    file,
    edits: [[SOFTMAX, `dLogits[j] += probs[j] * dProbs[j];`]],
    expect: D.noDot,
  },
  {
    name: "softmaxBackward with p(1 − p) for every entry",
    file,
    edits: [[SOFTMAX, `dLogits[j] += probs[j] * (1 - probs[j]) * dProbs[j];`]],
    expect: D.diagonal,
  },
  {
    name: "layerBackward drops the MLP's residual",
    file,
    edits: [[`dXMid.set(dx); // through the residual`, `dXMid.fill(0);`]],
    expect: D.noMlpResidual,
  },
  {
    name: "layerBackward's relu mask inverted",
    file,
    edits: [[
      `if (l.hidden[i] <= 0) dHidden[i] = 0;`,
      `if (l.hidden[i] > 0) dHidden[i] = 0;`,
    ]],
    expect: D.reluInverted,
  },
  {
    name: "layerBackward forgets inverseRoot in the scores' gradient",
    file,
    edits: [[
      `const dDot = dScores[s] * inverseRoot;`,
      `const dDot = dScores[s];`,
    ]],
    expect: D.noInverseRoot,
  },
  {
    name: "layerBackward does not zero dHidden",
    file,
    edits: [[`  dHidden.fill(0);\n`, ``]],
    expect: D.scratchKept,
  },
  {
    name:
      "layerBackward adds the keys' and values' gradients to its own position",
    file,
    edits: [
      [
        `const { v, dV } = tapes[s].layers[li];`,
        `const { v } = tapes[s].layers[li];\n      const { dV } = l;`,
      ],
      [
        `const { k, dK } = tapes[s].layers[li];`,
        `const { k } = tapes[s].layers[li];\n      const { dK } = l;`,
      ],
    ],
    expect: D.ownCache,
  },
  {
    name: "lossAndGrad's gradient is that of the sum, not the mean",
    file,
    edits: [[D_PROBS, `dProbs[target] = (1 / tape.probs[target]) * -1;`]],
    expect: D.gradOfSum,
  },
  {
    name: "lossAndGrad's backward pass targets the token fed in",
    file,
    edits: [[`const target = tokens[t + 1];`, `const target = tokens[t];`]],
    expect: D.currentTarget,
  },
  {
    name: "lossAndGrad returns the sum of the losses",
    file,
    edits: [[`return total * (1 / n);`, `return total;`]],
    expect: D.lossSum,
  },
  {
    name: "lossAndGrad divides the total by n",
    file,
    edits: [[`return total * (1 / n);`, `return total / n;`]],
    expect: D.divideByN,
  },
  {
    name: "lossAndGrad resets model.grad first",
    file,
    edits: [[
      `  const n = Math.min(model.config.blockSize, tokens.length - 1);\n  let total = 0;`,
      `  model.grad.fill(0);\n  const n = Math.min(model.config.blockSize, tokens.length - 1);\n  let total = 0;`,
    ]],
    expect: D.gradReset,
  },
];
