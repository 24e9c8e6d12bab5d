/**
 * Kata 08's decoys: plausible mistakes in `solutions/08_gpt/gpt.ts` that no diagnosis of its
 * suite describes. The suite must catch each one without naming a mistake; the logits check
 * names the block where each of the forward pass's enters (`whereItGoesWrong`).
 *
 * @module
 */
import type { Decoy } from "./mutant.ts";

const file = "08_gpt/gpt.ts";

/** Kata 08's decoys. */
export const gptDecoys: readonly Decoy[] = [
  {
    name: "relu after fc2 instead of between fc1 and fc2",
    file,
    edits: [[
      "    x = x.map((xi) => xi.relu());\n" +
      "    x = linear(x, sd[`layer${li}.mlp_fc2`]); // [nEmbd]\n",
      "    x = linear(x, sd[`layer${li}.mlp_fc2`]); // [nEmbd]\n" +
      "    x = x.map((xi) => xi.relu());\n",
    ]],
  },
  {
    name: "the attention block's residual kept after its rmsnorm",
    file,
    edits: [[
      `    let xResidual = x;\n    x = rmsnorm(x);\n`,
      `    x = rmsnorm(x);\n    let xResidual = x;\n`,
    ]],
  },
  {
    name: "an extra rmsnorm before lm_head",
    file,
    edits: [[
      `return linear(x, sd.lm_head);`,
      `return linear(rmsnorm(x), sd.lm_head);`,
    ]],
  },
  {
    name: "the MLP block's residual kept after its rmsnorm",
    file,
    edits: [[
      `    xResidual = x;\n    x = rmsnorm(x);\n`,
      `    x = rmsnorm(x);\n    xResidual = x;\n`,
    ]],
  },
  {
    name: "the MLP block without its rmsnorm",
    file,
    edits: [[
      `    xResidual = x;\n    x = rmsnorm(x);\n`,
      `    xResidual = x;\n`,
    ]],
  },
  {
    name: "every layer's attention given layer 0's caches",
    file,
    edits: [[`keys[li], values[li]`, `keys[0], values[0]`]],
  },
  {
    name: "the position embedding looked up by the token id",
    file,
    edits: [[`sd.wpe[posId]`, `sd.wpe[tokenId]`]],
  },
  {
    name: "wpe drawn before wte",
    file,
    edits: [[
      `    wte: matrix(vocabSize, nEmbd, rng),\n    wpe: matrix(blockSize, nEmbd, rng),\n`,
      `    wpe: matrix(blockSize, nEmbd, rng),\n    wte: matrix(vocabSize, nEmbd, rng),\n`,
    ]],
  },
  {
    name: "weights drawn with the standard deviation 0.02 instead of 0.08",
    file,
    edits: [[`std = 0.08,`, `std = 0.02,`]],
  },
];
