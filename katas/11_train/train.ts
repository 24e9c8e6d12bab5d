// Kata 11 · train: your file. Replace each "not implemented" throw, and the
// `void` line above it (there only so that deno lint accepts what the throw
// leaves unused), with your code; the lesson is README.md beside this file.
// Made from solutions/11_train/train.ts by `deno task stubs`.
// deno-lint-ignore-file require-yield ban-unused-ignore
/**
 * Kata 11 · train: microgpt.py from top to bottom, assembled from katas 01–10.
 *
 * Seed the generator, shuffle the documents, build the tokenizer, draw the parameters; then,
 * at every step, take the next document, run the model over its positions, average
 * −log p(next token), backpropagate and let Adam move the parameters; finally sample new
 * names from the trained model, with the same generator.
 *
 * @module
 */
import { Random } from "../../lib/random.ts";
import { Tokenizer } from "../01_tokenizer/tokenizer.ts";
import type { Value } from "../02_value/value.ts";
import { backward } from "../03_backward/backward.ts";
import { sum } from "../04_linear/linear.ts";
import { softmax } from "../05_softmax/softmax.ts";
import { createGpt, type Gpt, gpt, type GptConfig } from "../08_gpt/gpt.ts";
import { Adam, type AdamConfig, MICROGPT_ADAM } from "../09_adam/adam.ts";
import { sample } from "../10_sampler/sampler.ts";

/** A training run's settings: the seed, the number of steps, the model's sizes, Adam's. */
export interface TrainConfig extends Omit<GptConfig, "vocabSize">, AdamConfig {
  /** The generator's seed: it decides the shuffle, the initial weights and the samples. */
  readonly seed: number;
  /** How many documents to train on, one per step (the list starts over when it runs out). */
  readonly numSteps: number;
}

/** microgpt's settings: `random.seed(42)`, `num_steps = 1000`, its model and its Adam. */
export const MICROGPT_TRAIN: TrainConfig = {
  seed: 42,
  numSteps: 1000,
  nEmbd: 16,
  nHead: 4,
  nLayer: 1,
  blockSize: 16,
  ...MICROGPT_ADAM,
};

/** Everything a training run holds: what {@link setup} makes and {@link trainStep} changes. */
export interface Training {
  /** Its settings. */
  readonly config: TrainConfig;
  /** The documents, shuffled: step k trains on `docs[k % docs.length]`. */
  readonly docs: readonly string[];
  /** The vocabulary of the documents. */
  readonly tokenizer: Tokenizer;
  /** The model, its weights drawn right after the shuffle. */
  readonly model: Gpt;
  /** The optimizer of every weight of the model. */
  readonly adam: Adam;
  /** The generator, as the draws of the weights left it: the samples continue it. */
  readonly rng: Random;
}

/**
 * microgpt's preparation: a generator seeded with `config.seed` shuffles a copy of `docs`
 * (the list passed in is left as it is); the tokenizer is built on them; the same generator
 * then draws the model's weights (vocabSize from the tokenizer); Adam gets all of them.
 *
 * @example
 * ```ts
 * const run = setup(["emma", "ava"], { ...MICROGPT_TRAIN, numSteps: 10 });
 * run.tokenizer.vocabSize; // 5: a, e, m, v and BOS
 * ```
 */
export function setup(
  docs: readonly string[],
  config: TrainConfig = MICROGPT_TRAIN,
): Training {
  void [docs, config, createGpt];
  throw new Error("not implemented: setup, see README.md");
}

/**
 * The loss of one document, `tokens` being `[BOS, ...characters, BOS]`: with fresh caches
 * (one list per layer), feed the first n = min(blockSize, tokens.length − 1) tokens, one
 * position at a time; at each position take −log of the probability (softmax of the
 * logits) of the token that comes next; return the mean of the n values.
 *
 * @example
 * ```ts
 * import { Random } from "../../lib/random.ts";
 * import { createGpt, MICROGPT } from "../08_gpt/gpt.ts";
 * const model = createGpt(MICROGPT, new Random(42));
 * documentLoss(model, [26, 4, 12, 12, 0, 26]).data; // 3.2252…, near ln(27) = 3.2958
 * ```
 */
export function documentLoss(model: Gpt, tokens: readonly number[]): Value {
  void [model, tokens, sum, softmax, gpt];
  throw new Error("not implemented: documentLoss, see README.md");
}

/**
 * Training step `step` (0, 1, … numSteps − 1): the loss of document `step % docs.length`,
 * wrapped in BOS; backpropagate it; Adam's step `step` of `numSteps`. Returns the loss.
 *
 * @example
 * ```ts
 * const run = setup(["emma", "ava"], { ...MICROGPT_TRAIN, numSteps: 2 });
 * trainStep(run, 0); // the loss of the first shuffled document, about 1.6 = ln(5)
 * ```
 */
export function trainStep(training: Training, step: number): number {
  void [training, step, backward];
  throw new Error("not implemented: trainStep, see README.md");
}

/**
 * The whole training: steps 0 to numSteps − 1 in turn, yielding each one's loss as soon as
 * it is taken, so the caller can print it (or stop).
 *
 * @example
 * ```ts
 * const run = setup(["emma", "ava"], { ...MICROGPT_TRAIN, numSteps: 3 });
 * for (const loss of train(run)) console.log(loss.toFixed(4));
 * ```
 */
export function* train(training: Training): Generator<number> {
  void training;
  throw new Error("not implemented: train, see README.md");
}

/**
 * One new name: kata 10's `sample` on the model (from BOS, at most blockSize characters, at
 * `temperature`), drawing with the run's own generator, decoded to text.
 *
 * @example
 * ```ts
 * const run = setup(["emma", "ava"], { ...MICROGPT_TRAIN, numSteps: 0 });
 * generate(run, 0.5); // an untrained model: a few random letters
 * ```
 */
export function generate(
  training: Pick<Training, "model" | "tokenizer" | "rng">,
  temperature: number,
): string {
  void [training, temperature, gpt, sample];
  throw new Error("not implemented: generate, see README.md");
}
