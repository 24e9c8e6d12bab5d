/**
 * Typical mistakes in kata 08 (gpt), planted in `solutions/08_gpt/gpt.ts`.
 *
 * @module
 */
import { D } from "../suites/gpt_suite.ts";
import type { Mutant } from "./mutant.ts";

const file = "08_gpt/gpt.ts";
const MATRIX = `return Array.from(
    { length: nout },
    () => Array.from({ length: nin }, () => new Value(rng.gauss(0, std))),
  );`;
const LM_HEAD = `    lm_head: matrix(vocabSize, nEmbd, rng),\n`;

/** Kata 08's mutants. */
export const gptMutants: readonly Mutant[] = [
  {
    name: "fills the matrix column by column",
    file,
    edits: [[
      MATRIX,
      `const m: Value[][] = Array.from({ length: nout }, () => []);
  for (let c = 0; c < nin; c++) {
    for (let r = 0; r < nout; r++) m[r][c] = new Value(rng.gauss(0, std));
  }
  return m;`,
    ]],
    expect: D.columnMajor,
  },
  {
    name: "draws with 0.08 as the variance",
    file,
    edits: [[
      `new Value(rng.gauss(0, std))`,
      `new Value(rng.gauss(0, std ** 2))`,
    ]],
    expect: D.variance,
  },
  {
    name: "matrix(nout, nin) with nin rows of nout",
    file,
    edits: [[
      MATRIX,
      MATRIX.replace("length: nout", "length: nin").replace(
        "length: nin }, () => new",
        "length: nout }, () => new",
      ),
    ]],
    expect: D.transposedShape,
  },
  {
    name: "makes lm_head after the layers",
    file,
    edits: [
      [LM_HEAD, ``],
      [
        `  const params = Object.values(stateDict).flat(2);`,
        `  stateDict.lm_head = matrix(vocabSize, nEmbd, rng);\n  const params = Object.values(stateDict).flat(2);`,
      ],
    ],
    expect: D.lmHeadLast,
  },
  {
    name: "mlp_fc1 and mlp_fc2 with swapped shapes",
    file,
    edits: [
      [`matrix(4 * nEmbd, nEmbd, rng)`, `matrix(nEmbd, 4 * nEmbd, rng)`],
      [
        `mlp_fc2\`] = matrix(nEmbd, 4 * nEmbd, rng)`,
        `mlp_fc2\`] = matrix(4 * nEmbd, nEmbd, rng)`,
      ],
    ],
    expect: D.mlpShapes,
  },
  {
    name: "one layer whatever nLayer",
    file,
    edits: [
      [`for (let i = 0; i < nLayer; i++)`, `for (let i = 0; i < 1; i++)`],
      [
        `for (let li = 0; li < config.nLayer; li++)`,
        `for (let li = 0; li < 1; li++)`,
      ],
    ],
    expect: D.oneLayer,
  },
  {
    name: "returns the hidden vector instead of the logits",
    file,
    edits: [[`return linear(x, sd.lm_head); // [vocabSize]`, `return x;`]],
    expect: D.noLmHead,
  },
  {
    name: "leaves out the position embedding",
    file,
    edits: [[
      `tokEmb.map((t, i) => t.add(posEmb[i]))`,
      `tokEmb.map((t) => t.mul(1))`,
    ]],
    expect: D.noPos,
  },
  {
    name: "no rmsnorm after the embedding",
    file,
    edits: [[`  x = rmsnorm(x);\n  for (let li`, `  for (let li`]],
    expect: D.noFirstNorm,
  },
  {
    name: "no rmsnorm before attention",
    file,
    edits: [[`let xResidual = x;\n    x = rmsnorm(x);`, `let xResidual = x;`]],
    expect: D.noPreNorm,
  },
  {
    name: "no residual around attention",
    file,
    edits: [[
      `x = attention(x, w, keys[li], values[li], config.nHead);\n    x = x.map((a, i) => a.add(xResidual[i]));`,
      `x = attention(x, w, keys[li], values[li], config.nHead);`,
    ]],
    expect: D.noAttnResidual,
  },
  {
    name: "no residual around the MLP",
    file,
    edits: [[
      `x = linear(x, sd[\`layer\${li}.mlp_fc2\`]); // [nEmbd]\n    x = x.map((a, i) => a.add(xResidual[i]));`,
      `x = linear(x, sd[\`layer\${li}.mlp_fc2\`]); // [nEmbd]`,
    ]],
    expect: D.noMlpResidual,
  },
  {
    name: "no relu",
    file,
    edits: [[`    x = x.map((xi) => xi.relu());\n`, ``]],
    expect: D.noRelu,
  },
  {
    name: "layer 0's weights in every layer",
    file,
    edits: [
      [`sd[\`layer\${li}.attn_wq\`]`, `sd["layer0.attn_wq"]`],
      [`sd[\`layer\${li}.attn_wk\`]`, `sd["layer0.attn_wk"]`],
      [`sd[\`layer\${li}.attn_wv\`]`, `sd["layer0.attn_wv"]`],
      [`sd[\`layer\${li}.attn_wo\`]`, `sd["layer0.attn_wo"]`],
      [`sd[\`layer\${li}.mlp_fc1\`]`, `sd["layer0.mlp_fc1"]`],
      [`sd[\`layer\${li}.mlp_fc2\`]`, `sd["layer0.mlp_fc2"]`],
    ],
    expect: D.layer0Always,
  },
  {
    name: "adds the embeddings on plain numbers",
    file,
    edits: [[
      `tokEmb.map((t, i) => t.add(posEmb[i]))`,
      `tokEmb.map((t, i) => new Value(t.data + posEmb[i].data))`,
    ]],
    expect: D.embDetached,
  },
];
