/**
 * Typical mistakes in kata 11 (train), planted in `solutions/11_train/train.ts`.
 *
 * @module
 */
import { D } from "../suites/train_suite.ts";
import type { Mutant } from "./mutant.ts";

const file = "11_train/train.ts";
const N = `const n = Math.min(blockSize, tokens.length - 1);`;
const MEAN = `return sum(losses).mul(1 / n);`;
const KEYS =
  `const keys: Value[][][] = Array.from({ length: nLayer }, () => []);`;
const VALUES =
  `const values: Value[][][] = Array.from({ length: nLayer }, () => []);`;
const TARGET = `losses.push(probs[tokens[posId + 1]].log().neg());`;

/** Kata 11's mutants. */
export const trainMutants: readonly Mutant[] = [
  {
    name: "does not shuffle the documents",
    file,
    edits: [[`  rng.shuffle(shuffled);\n`, ``]],
    expect: D.notShuffled,
  },
  {
    name: "seeds the generator with 42 whatever the config",
    file,
    edits: [[`new Random(config.seed)`, `new Random(42)`]],
    expect: D.seedIgnored,
  },
  {
    name: "a generator without a seed",
    file,
    edits: [[`new Random(config.seed)`, `new Random()`]],
    expect: D.unseeded,
  },
  {
    name: "draws the weights before the shuffle",
    file,
    edits: [
      [`  rng.shuffle(shuffled);\n`, ``],
      [
        `  const adam = new Adam(model.params, config);`,
        `  rng.shuffle(shuffled);\n  const adam = new Adam(model.params, config);`,
      ],
    ],
    expect: D.initFirst,
  },
  {
    name: "shuffles the caller's list in place",
    file,
    edits: [[
      `const shuffled = [...docs];`,
      `const shuffled = docs as string[];`,
    ]],
    expect: D.inPlace,
  },
  {
    name: "draws the weights from a second Random(seed)",
    file,
    edits: [[
      `    rng,\n  );\n  const adam`,
      `    new Random(config.seed),\n  );\n  const adam`,
    ]],
    expect: D.freshRng,
  },
  {
    name: "gives Adam copies of the weights",
    file,
    edits: [[
      `new Adam(model.params, config)`,
      `new Adam(model.params.map((p) => new Value(p.data)), config)`,
    ], [`import type { Value }`, `import { Value }`]],
    expect: D.adamParams,
  },
  {
    name: "makes Adam with its default settings",
    file,
    edits: [[`new Adam(model.params, config)`, `new Adam(model.params)`]],
    expect: D.adamConfig,
  },
  {
    name: "the sum of the losses instead of their mean",
    file,
    edits: [[MEAN, `return sum(losses);`]],
    expect: D.sumNotMean,
  },
  {
    name: "the mean over every token",
    file,
    edits: [[MEAN, `return sum(losses).mul(1 / tokens.length);`]],
    expect: D.divideByLength,
  },
  {
    name: "the probability of the current token",
    file,
    edits: [[TARGET, `losses.push(probs[tokens[posId]].log().neg());`]],
    expect: D.currentToken,
  },
  {
    name: "log p without the minus",
    file,
    edits: [[TARGET, `losses.push(probs[tokens[posId + 1]].log());`]],
    expect: D.noNeg,
  },
  {
    name: "n = tokens.length",
    file,
    edits: [[N, `const n = Math.min(blockSize, tokens.length);`]],
    expect: D.pastEnd,
  },
  {
    name: "no truncation to blockSize",
    file,
    edits: [[N, `const n = tokens.length - 1;`]],
    expect: D.noTruncation,
  },
  {
    name: "cuts long documents to blockSize - 1 positions",
    file,
    edits: [[N, `const n = Math.min(blockSize - 1, tokens.length - 1);`]],
    expect: D.cutShort,
  },
  {
    name: "one cache list for all the layers",
    file,
    edits: [[KEYS, `const keys: Value[][][] = [[]];`], [
      VALUES,
      `const values: Value[][][] = [[]];`,
    ]],
    expect: D.oneCache,
  },
  {
    name: "caches kept from one document to the next",
    file,
    edits: [
      [KEYS, `const keys = KEYS;`],
      [VALUES, `const values = VALUES;`],
      [
        `import { sample } from "../10_sampler/sampler.ts";`,
        `import { sample } from "../10_sampler/sampler.ts";\n` +
        `const KEYS: Value[][][] = [[], [], [], []];\n` +
        `const VALUES: Value[][][] = [[], [], [], []];`,
      ],
    ],
    expect: D.cacheKept,
  },
  {
    name: "docs[step] without the modulo",
    file,
    edits: [[`docs[step % docs.length]`, `docs[step]`]],
    expect: D.noModulo,
  },
  {
    name: "returns the loss after Adam's step",
    file,
    edits: [[
      `  return loss.data;\n`,
      `  return documentLoss(model, tokenizer.wrap(doc)).data;\n`,
    ]],
    expect: D.lossAfter,
  },
  {
    name: "no backward",
    file,
    edits: [[`  backward(loss);\n`, ``], [
      `import { backward } from "../03_backward/backward.ts";\n`,
      ``,
    ]],
    expect: D.noBackward,
  },
  {
    name: "Adam's step before backward",
    file,
    edits: [[
      `  backward(loss);\n  adam.step(step, config.numSteps);`,
      `  adam.step(step, config.numSteps);\n  backward(loss);`,
    ]],
    expect: D.noBackward,
  },
  {
    name: "Adam given step + 1",
    file,
    edits: [[
      `adam.step(step, config.numSteps)`,
      `adam.step(step + 1, config.numSteps)`,
    ]],
    expect: D.stepPlusOne,
  },
  {
    name: "the loop stops one step short",
    file,
    edits: [[
      `step < training.config.numSteps;`,
      `step < training.config.numSteps - 1;`,
    ]],
    expect: D.stopsShort,
  },
  {
    name: "the loop starts at step 1",
    file,
    edits: [[
      `for (let step = 0; step < training`,
      `for (let step = 1; step < training`,
    ]],
    expect: D.startsAtOne,
  },
  {
    name: "all the steps, then all the losses",
    file,
    edits: [[
      `  for (let step = 0; step < training.config.numSteps; step++) {\n    yield trainStep(training, step);\n  }`,
      `  const losses: number[] = [];\n  for (let step = 0; step < training.config.numSteps; step++) {\n    losses.push(trainStep(training, step));\n  }\n  yield* losses;`,
    ]],
    expect: D.notLive,
  },
  {
    name: "the temperature left out of generate",
    file,
    edits: [[
      `{ bos: tokenizer.bos, blockSize, nLayer, temperature }`,
      `{ bos: tokenizer.bos, blockSize, nLayer, temperature: 1 }`,
    ]],
    expect: D.temperature,
  },
  {
    name: "generate samples with a new generator",
    file,
    edits: [[
      `    rng,\n  );\n  return tokenizer.decode(ids);`,
      `    new Random(0),\n  );\n  return tokenizer.decode(ids);`,
    ]],
    expect: D.freshRng,
  },
];
