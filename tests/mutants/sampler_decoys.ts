/**
 * Kata 10's decoys: plausible mistakes in `solutions/10_sampler/sampler.ts` that no
 * diagnosis of its suite describes. The suite must catch each one without naming a mistake.
 *
 * @module
 */
import type { Decoy } from "./mutant.ts";

const file = "10_sampler/sampler.ts";
const CACHES =
  `  const keys: Value[][][] = Array.from({ length: nLayer }, () => []);
  const values: Value[][][] = Array.from({ length: nLayer }, () => []);
`;
const CACHES_IN_LOOP = CACHES.replaceAll("  const", "    const");

/** Kata 10's decoys. */
export const samplerDecoys: readonly Decoy[] = [
  {
    name: "positions counted from 1 (posId = 1 … blockSize)",
    file,
    edits: [[
      `for (let posId = 0; posId < blockSize; posId++)`,
      `for (let posId = 1; posId <= blockSize; posId++)`,
    ]],
  },
  {
    name: "new, empty caches at every position",
    file,
    edits: [
      [CACHES, ``],
      [
        `    const logits = model(`,
        `${CACHES_IN_LOOP}    const logits = model(`,
      ],
    ],
  },
  {
    name: "stops one position early (posId < blockSize - 1)",
    file,
    edits: [[`posId < blockSize;`, `posId < blockSize - 1;`]],
  },
  {
    name: "stops at token 0 instead of BOS",
    file,
    edits: [[`if (tokenId === bos) break;`, `if (tokenId === 0) break;`]],
  },
  {
    name:
      "records each token as it is fed in, not as it is drawn (the name starts with BOS)",
    file,
    edits: [
      [
        `    const logits = model(`,
        `    ids.push(tokenId);\n    const logits = model(`,
      ],
      [
        `    if (tokenId === bos) break;\n    ids.push(tokenId);`,
        `    if (tokenId === bos) break;`,
      ],
    ],
  },
  {
    name: "one cache per position, Array.from({ length: blockSize }, () => [])",
    file,
    edits: [[
      CACHES,
      CACHES.replaceAll("length: nLayer", "length: blockSize"),
    ]],
  },
];
