// Kata 10 · sampler: your file. Replace each "not implemented" throw, and the
// `void` line above it (there only so that deno lint accepts what the throw
// leaves unused), with your code; the lesson is README.md beside this file.
// Made from solutions/10_sampler/sampler.ts by `deno task stubs`.
/**
 * Kata 10 · sampler: a new name, one character at a time, from the model's probabilities.
 *
 * microgpt.py, "Inference": starting from BOS with empty caches, the model gives logits for
 * the next token; divided by the temperature and turned into probabilities by softmax, they
 * weight a random draw (`random.choices`); the drawn token is fed back at the next position,
 * until the model draws BOS (the name is finished) or the block is full.
 *
 * @module
 */
import type { Random } from "../../lib/random.ts";
import type { Value } from "../02_value/value.ts";
import { softmax } from "../05_softmax/softmax.ts";

/**
 * The model as the sampler calls it, microgpt's `gpt(token_id, pos_id, keys, values)`: the
 * logits of the token after `tokenId` at position `posId`, given the caches (one list of
 * cached vectors per layer), which it appends to.
 */
export type Model = (
  tokenId: number,
  posId: number,
  keys: Value[][][],
  values: Value[][][],
) => Value[];

/** What the sampler needs to know of the model and the draw. */
export interface SamplerConfig {
  /** The BOS token's id: the first input, and the token that ends a name. */
  readonly bos: number;
  /** The most positions the model can take: a name has at most this many tokens. */
  readonly blockSize: number;
  /** The model's layers: one key cache and one value cache each. */
  readonly nLayer: number;
  /** The logits are divided by it: below 1 sharpens the probabilities, above 1 flattens them. */
  readonly temperature: number;
}

/**
 * The token ids of one new name (without BOS): from BOS at position 0 with a fresh, empty
 * cache per layer, at each position draw the next token with `rng.choices` from
 * softmax(logits / temperature), stop at BOS or after `blockSize` positions.
 *
 * @example
 * ```ts
 * import { Random } from "../../lib/random.ts";
 * import { Value } from "../02_value/value.ts";
 * // A model that always prefers token 1, then BOS (token 0) once past position 2.
 * const model = (_t: number, pos: number) =>
 *   (pos < 2 ? [0, 5] : [5, 0]).map((x) => new Value(x));
 * sample(model, { bos: 0, blockSize: 8, nLayer: 1, temperature: 0.5 }, new Random(42));
 * // [1, 1]
 * ```
 */
export function sample(
  model: Model,
  config: SamplerConfig,
  rng: Random,
): number[] {
  void [model, config, rng, softmax];
  throw new Error("not implemented: sample, see README.md");
}
