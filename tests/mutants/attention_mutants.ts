/**
 * Typical mistakes in kata 07 (attention), planted in `solutions/07_attention/attention.ts`.
 *
 * @module
 */
import { D } from "../suites/attention_suite.ts";
import type { Mutant } from "./mutant.ts";

const file = "07_attention/attention.ts";
const PUSH = `keys.push(k); // the cache now holds positions 0..this one
  values.push(v);`;
const RETURN = `return linear(xAttn, w.wo); // [nEmbd]`;

/** Kata 07's mutants. */
export const attentionMutants: readonly Mutant[] = [
  {
    name: "never appends k and v to the cache",
    file,
    edits: [[PUSH, ``]],
    expect: D.notAppended,
  },
  {
    name: "appends to new arrays (keys = [...keys, k])",
    file,
    edits: [[PUSH, `keys = [...keys, k];\n  values = [...values, v];`]],
    expect: D.notAppended,
  },
  {
    name: "caches x instead of k and v",
    file,
    edits: [[PUSH, `keys.push([...x]);\n  values.push([...x]);`]],
    expect: D.cachedX,
  },
  {
    name: "projects v with wk",
    file,
    edits: [[`const v = linear(x, w.wv);`, `const v = linear(x, w.wk);`]],
    expect: D.vWithWk,
  },
  {
    name:
      "attends over the previous call's k and v, kept in module variables, instead of the cache",
    file,
    edits: [
      [
        `export function attention(`,
        `let prevK: Value[] | undefined;\nlet prevV: Value[] | undefined;\nexport function attention(`,
      ],
      [
        PUSH,
        `${PUSH}\n  const seenK = prevK ? [prevK, k] : [k];\n  const seenV = prevV ? [prevV, v] : [v];\n  prevK = k;\n  prevV = v;`,
      ],
      [`const kH = keys.map(`, `const kH = seenK.map(`],
      [`const vH = values.map(`, `const vH = seenV.map(`],
    ],
    expect: D.state,
  },
  {
    name: "appends k and v after attending",
    file,
    edits: [[PUSH, ``], [RETURN, `${PUSH}\n  ${RETURN}`]],
    expect: D.appendAfter,
  },
  {
    name: "leaves out the output projection wo",
    file,
    edits: [[RETURN, `return xAttn;`]],
    expect: D.noWo,
  },
  {
    name: "weights the keys instead of the values",
    file,
    edits: [[
      `dot(attnWeights, vH.map((vt) => vt[j]))`,
      `dot(attnWeights, kH.map((kt) => kt[j]))`,
    ]],
    expect: D.weightsOnK,
  },
  {
    name: "head h's slice starts at h instead of h · headDim",
    file,
    edits: [[`const hs = h * headDim;`, `const hs = h;`]],
    expect: D.sliceAtH,
  },
  {
    name: "the values not sliced per head",
    file,
    edits: [[
      `const vH = values.map((vi) => vi.slice(hs, hs + headDim));`,
      `const vH = values;`,
    ]],
    expect: D.vNotSliced,
  },
  {
    name: "the keys not sliced per head",
    file,
    edits: [[
      `const kH = keys.map((ki) => ki.slice(hs, hs + headDim));`,
      `const kH = keys;`,
    ]],
    expect: D.kNotSliced,
  },
  {
    name: "the scores multiplied by headDim ** -0.5",
    file,
    edits: [[`.div(headDim ** 0.5)`, `.mul(headDim ** -0.5)`]],
    expect: D.order,
  },
  {
    name: "every head takes the first slice of q",
    file,
    edits: [[`q.slice(hs, hs + headDim)`, `q.slice(0, headDim)`]],
    expect: D.qFirstSlice,
  },
  {
    name: "the scores not divided by √headDim",
    file,
    edits: [[`.div(headDim ** 0.5)`, ``]],
    expect: D.noScale,
  },
  {
    name: "the scores divided by √nEmbd",
    file,
    edits: [[`.div(headDim ** 0.5)`, `.div(x.length ** 0.5)`]],
    expect: D.scaleByEmbd,
  },
  {
    name: "caches copies of k and v without their graph",
    file,
    edits: [
      [`import type { Value }`, `import { Value }`],
      [
        PUSH,
        `keys.push(k.map((n) => new Value(n.data)));\n  values.push(v.map((n) => new Value(n.data)));`,
      ],
    ],
    expect: D.detached,
  },
];
