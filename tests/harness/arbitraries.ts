/**
 * The arbitraries suites share, and the describers of what they draw: reals on a grid, vectors
 * and matrices of them, random weights for a gradient check, and small model configurations.
 * A suite's own arbitraries (a tokenizer's datasets, a graph of ops) stay in the suite.
 *
 * @module
 */
import fc from "fast-check";
import { count } from "./format.ts";

/**
 * Reals in [min, max] on a grid of step 1/128 offset by half a step, so never exactly 0:
 * spread evenly, unlike `fc.double`, which piles up near zero.
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * fc.sample(real(-3, 3), 3); // e.g. [-0.99609375, 2.50390625, 0.00390625]
 * ```
 */
export function real(min = -3, max = 3): fc.Arbitrary<number> {
  return fc.integer({
    min: Math.ceil(min * 128 - 0.5),
    max: Math.floor(max * 128 - 0.5),
  }).map((k) => (k + 0.5) / 128);
}

/**
 * Reals in [min, max] with every bit of the mantissa in use (a grid value of {@link real}
 * times 1 + a random fraction in (0, 1/2] of 53 bits), for checks that must see the order of a sum: on
 * the grid, sums are exact, so every order gives the same bits.
 */
export function anyReal(min = -3, max = 3): fc.Arbitrary<number> {
  const half = fc.integer({ min: 0, max: 2 ** 26 - 1 });
  return fc.tuple(real(min / 1.5, max / 1.5), half, half)
    .map(([r, hi, lo]) => r * (1 + (hi * 2 ** 26 + lo + 1) / 2 ** 53));
}

/** Reals in [min, max] with min > 0, for log and fractional powers. */
export function positive(min = 0.05, max = 4): fc.Arbitrary<number> {
  return real(min, max);
}

/**
 * Arrays of {@link real}s in [min, max]: `length` of them, or from `minLength` (0 by default)
 * to `maxLength`.
 *
 * @example
 * ```ts
 * reals({ minLength: 1, maxLength: 8 }, -5, 5); // logits
 * reals(4, -2, 2); // four weights
 * ```
 */
export function reals(
  length: number | { readonly minLength?: number; readonly maxLength: number },
  min = -3,
  max = 3,
): fc.Arbitrary<number[]> {
  return fc.array(
    real(min, max),
    typeof length === "number"
      ? { minLength: length, maxLength: length }
      : length,
  );
}

/** Random weights in [-2, 2] for `weighted`, one per output. */
export function weights(n: number): fc.Arbitrary<number[]> {
  return reals(n, -2, 2);
}

/**
 * Two {@link real}s in [min, max]: the inputs of a binary operation.
 *
 * @example
 * ```ts
 * property("add sums", pair(), ([a, b]) => adds(Value, a, b));
 * ```
 */
export function pair(min = -3, max = 3): fc.Arbitrary<[number, number]> {
  return fc.tuple(real(min, max), real(min, max));
}

/** Matrices of `rows` rows of `cols` {@link real}s in [min, max]: `[rows][cols]`. */
export function matrix(
  rows: number,
  cols: number,
  min = -3,
  max = 3,
): fc.Arbitrary<number[][]> {
  return fc.array(reals(cols, min, max), { minLength: rows, maxLength: rows });
}

/** The sizes of a GPT, as kata 08's `GptConfig` has them. */
export interface ModelConfig {
  /** How many tokens there are (the characters, and BOS). */
  readonly vocabSize: number;
  /** The width of every vector inside the model: nHead · headDim. */
  readonly nEmbd: number;
  /** Attention heads per layer. */
  readonly nHead: number;
  /** Transformer layers. */
  readonly nLayer: number;
  /** The most positions the model can take. */
  readonly blockSize: number;
}

/**
 * Small random model configurations: a vocabulary of 2–5 tokens, 1–2 heads of 1–2 components,
 * 1 to `maxLayers` layers, a block of `minBlockSize` to `maxBlockSize` positions.
 */
export function modelConfigs(
  { maxLayers = 2, minBlockSize = 1, maxBlockSize = 4 } = {},
): fc.Arbitrary<ModelConfig> {
  return fc.record({
    vocabSize: fc.integer({ min: 2, max: 5 }),
    nHead: fc.integer({ min: 1, max: 2 }),
    headDim: fc.integer({ min: 1, max: 2 }),
    nLayer: fc.integer({ min: 1, max: maxLayers }),
    blockSize: fc.integer({ min: minBlockSize, max: maxBlockSize }),
  }).map(({ headDim, ...c }) => ({ ...c, nEmbd: c.nHead * headDim }));
}

/**
 * A model configuration drawn from `configs`, a seed for its weights, and 1 to `blockSize`
 * tokens to feed it.
 *
 * @example
 * ```ts
 * sequences(modelConfigs({ maxLayers: 1 })); // e.g. { c: {…}, seed: 7, tokens: [1, 0, 2] }
 * ```
 */
export function sequences(
  configs: fc.Arbitrary<ModelConfig> = modelConfigs(),
): fc.Arbitrary<{ c: ModelConfig; seed: number; tokens: number[] }> {
  return configs.chain((c) =>
    fc.record({
      c: fc.constant(c),
      seed: fc.nat(),
      tokens: fc.array(fc.integer({ min: 0, max: c.vocabSize - 1 }), {
        minLength: 1,
        maxLength: c.blockSize,
      }),
    })
  );
}

/**
 * A model configuration in a message:
 * `"(vocab 3, nEmbd 2, 1 head, 2 layers, blockSize 4)"`.
 */
export function describeModel(c: ModelConfig): string {
  return `(vocab ${c.vocabSize}, nEmbd ${c.nEmbd}, ${count(c.nHead, "head")}, ${
    count(c.nLayer, "layer")
  }, blockSize ${c.blockSize})`;
}
