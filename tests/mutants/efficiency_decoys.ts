/**
 * Kata 12's decoys: plausible mistakes in `solutions/12_efficiency/efficiency.ts` that no
 * diagnosis of its suite describes. The suite must catch each one without naming a mistake.
 *
 * @module
 */
import type { Decoy } from "./mutant.ts";

const file = "12_efficiency/efficiency.ts";

/** Kata 12's decoys. */
export const efficiencyDecoys: readonly Decoy[] = [
  {
    name:
      "linearBackward skips the rows whose gradient is negative too (g <= 0)",
    file,
    edits: [[`if (g === 0) continue;`, `if (g <= 0) continue;`]],
  },
  {
    name: "rmsnormBackward's d(ms) with the power -0.5 where -1.5 belongs",
    file,
    edits: [[`(ms + 1e-5) ** -1.5`, `(ms + 1e-5) ** -0.5`]],
  },
  {
    name: "lossAndGrad's d(loss)/d(p) without its minus sign",
    file,
    edits: [[
      `dProbs[target] = (1 / tape.probs[target]) * (-1 * (1 / n));`,
      `dProbs[target] = (1 / tape.probs[target]) * (1 / n);`,
    ]],
  },
  {
    name: "layerBackward's dK fed the key instead of the query",
    file,
    edits: [[`dK[j] += l.q[j] * dDot;`, `dK[j] += k[j] * dDot;`]],
  },
  {
    name: "layerBackward's inverseRoot taken as 1 / headDim",
    file,
    edits: [[`(headDim ** 0.5) ** -1`, `headDim ** -1`]],
  },
  {
    name: "softmaxBackward sums dProbs alone (Σ dProbs, not Σ p·dProbs)",
    file,
    edits: [[`dot += probs[i] * dProbs[i];`, `dot += dProbs[i];`]],
  },
  // Three whose error enters at different stages of layerBackward, each of which a failure
  // names (efficiency_stages_test.ts checks it): d(hidden) in the MLP block, then d(q) and
  // the dx it leaves in the attention block.
  {
    name:
      "layerBackward without relu's mask (d(hidden) passes where hidden ≤ 0)",
    file,
    edits: [[
      `  for (let i = 0; i < 4 * nEmbd; i++) if (l.hidden[i] <= 0) dHidden[i] = 0; // relu\n`,
      ``,
    ]],
  },
  {
    name:
      "layerBackward's d(attention weights) from the keys instead of the values",
    file,
    edits: [[
      `dWeights[s] += dXAttn[j] * v[j];`,
      `dWeights[s] += dXAttn[j] * tapes[s].layers[li].k[j];`,
    ]],
  },
  {
    name:
      "layerBackward drops the residual around attention (dx starts at 0, not as dXMid)",
    file,
    edits: [[`dx.set(dXMid); // through the residual`, `dx.fill(0);`]],
  },
];
