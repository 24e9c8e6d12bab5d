/**
 * Typical mistakes in kata 10 (sampler), planted in `solutions/10_sampler/sampler.ts`.
 *
 * @module
 */
import { D } from "../suites/sampler_suite.ts";
import type { Mutant } from "./mutant.ts";

const file = "10_sampler/sampler.ts";
const KEYS =
  `const keys: Value[][][] = Array.from({ length: nLayer }, () => []);`;
const VALUES =
  `const values: Value[][][] = Array.from({ length: nLayer }, () => []);`;
const DRAW = `tokenId = rng.choices(probs.map((p) => p.data));`;

/** Kata 10's mutants. */
export const samplerMutants: readonly Mutant[] = [
  {
    name: "starts from token 0 instead of BOS",
    file,
    edits: [[`let tokenId = bos;`, `let tokenId = 0;`]],
    expect: D.startNotBos,
  },
  {
    name: "calls the model at position 0 every time",
    file,
    edits: [[
      `model(tokenId, posId, keys, values)`,
      `model(tokenId, 0, keys, values)`,
    ]],
    expect: D.posStuck,
  },
  {
    name: "one cache for a single layer",
    file,
    edits: [
      [KEYS, `const keys: Value[][][] = [[]];`],
      [VALUES, `const values: Value[][][] = [[]];`],
    ],
    expect: D.oneLayer,
  },
  {
    name: "one list for every layer, Array(nLayer).fill([])",
    file,
    edits: [
      [KEYS, `const keys: Value[][][] = Array(nLayer).fill([]);`],
      [VALUES, `const values: Value[][][] = Array(nLayer).fill([]);`],
    ],
    expect: D.sharedLayers,
  },
  {
    name: "draws with rng.choices on the logits",
    file,
    edits: [[DRAW, `tokenId = rng.choices(logits.map((l) => l.data));`]],
    expect: D.choicesOnLogits,
  },
  {
    name: "caches made once, shared by every name",
    file,
    edits: [
      [KEYS, `keys ??= Array.from({ length: nLayer }, () => []);`],
      [VALUES, `values ??= Array.from({ length: nLayer }, () => []);`],
      [
        `export function sample(`,
        `let keys: Value[][][] | undefined;\nlet values: Value[][][] | undefined;\nexport function sample(`,
      ],
    ],
    expect: D.notFresh,
  },
  {
    name: "feeds BOS at every position instead of the drawn token",
    file,
    edits: [[
      `model(tokenId, posId, keys, values)`,
      `model(bos, posId, keys, values)`,
    ]],
    expect: D.notFedBack,
  },
  {
    name: "skips a drawn BOS instead of stopping",
    file,
    edits: [[`if (tokenId === bos) break;`, `if (tokenId === bos) continue;`]],
    expect: D.noStop,
  },
  {
    name: "pushes the token before checking for BOS",
    file,
    edits: [[
      `if (tokenId === bos) break;\n    ids.push(tokenId);`,
      `ids.push(tokenId);\n    if (tokenId === bos) break;`,
    ]],
    expect: D.bosIncluded,
  },
  {
    name: "loops while posId <= blockSize",
    file,
    edits: [[`posId < blockSize`, `posId <= blockSize`]],
    expect: D.tooLong,
  },
  {
    name: "multiplies the logits by the temperature",
    file,
    edits: [[`l.div(temperature)`, `l.mul(temperature)`]],
    expect: D.tempMultiplied,
  },
  {
    name: "leaves out the temperature",
    file,
    edits: [[
      `softmax(logits.map((l) => l.div(temperature)))`,
      `softmax(logits)`,
    ]],
    expect: D.tempIgnored,
  },
  {
    name: "takes the likeliest token instead of drawing",
    file,
    edits: [[
      DRAW,
      `tokenId = probs.reduce((best, p, i) => p.data > probs[best].data ? i : best, 0);`,
    ]],
    expect: D.greedy,
  },
  {
    name: "draws with Math.random instead of the seeded rng",
    file,
    edits: [[
      DRAW,
      `let r = Math.random();\n    tokenId = probs.findIndex((p) => (r -= p.data) < 0);\n    if (tokenId < 0) tokenId = probs.length - 1;`,
    ]],
    expect: D.notRng,
  },
];
