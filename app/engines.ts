/**
 * The two engines `deno task run` trains with, behind one interface: the scalar engine
 * (kata 11's `train.ts` on katas 01–10: a graph of `Value`s) and the fast engine (kata 12's
 * `efficiency.ts`: `Float64Array` weights and a hand-written backward pass). Both make the
 * same run from the same seed; checkpoints (`app/checkpoint.ts`) see them alike.
 *
 * @module
 */
import type { Random } from "../lib/random.ts";
import type * as TrainModule from "../solutions/11_train/train.ts";
import type * as FastModule from "../solutions/12_efficiency/efficiency.ts";

/** A training run's settings (kata 11's `TrainConfig`). */
export type TrainConfig = TrainModule.TrainConfig;

/** The engines, by their `--engine` names. */
export const ENGINES = ["fast", "scalar"] as const;

/** An engine's `--engine` name. */
export type EngineName = typeof ENGINES[number];

/** One weight matrix of a run, read and written by row and column. */
export interface WeightMatrix {
  /** How many rows. */
  readonly rows: number;
  /** How many columns. */
  readonly cols: number;
  /** The weight at row r, column c. */
  get(r: number, c: number): number;
  /** Sets the weight at row r, column c. */
  set(r: number, c: number, x: number): void;
}

/** What a checkpoint saves of a run, and restores into a new one. */
export interface RunParts {
  /** The run's settings. */
  readonly config: TrainConfig;
  /** The vocabulary's characters, sorted (BOS is one past the last). */
  readonly uchars: readonly string[];
  /** Every weight matrix, by microgpt's names, in the state dict's order. */
  readonly weights: Readonly<Record<string, WeightMatrix>>;
  /** Adam's first moments, one per weight. */
  readonly m: { length: number; [i: number]: number };
  /** Adam's second moments, one per weight. */
  readonly v: { length: number; [i: number]: number };
  /** The generator. */
  readonly rng: Random;
}

/** An engine: how to set a run up, train it, sample from it, and reach its parts. */
export interface Engine<Run = unknown> {
  /** Shuffles the documents, builds the tokenizer, draws the weights (kata 11's `setup`). */
  setup(docs: readonly string[], config: TrainConfig): Run;
  /** Every training step in turn, yielding its loss (kata 11's `train`). */
  train(run: Run): Iterable<number>;
  /** One new name (kata 11's `generate`). */
  generate(run: Run, temperature: number): string;
  /** The run's parts, live: writing to them changes the run. */
  parts(run: Run): RunParts;
}

/** What both engines' runs have in common: kata 11's `Training`, whatever its model. */
interface AnyRun<Model> {
  readonly config: TrainConfig;
  readonly tokenizer: { readonly uchars: readonly string[] };
  readonly model: Model;
  readonly adam: Pick<RunParts, "m" | "v">;
  readonly rng: Random;
}

/**
 * The engine of a kata module whose `setup`, `train` and `generate` share a run type, with
 * `matrices` giving each weight matrix of a model by name.
 */
function engine<Model, Run extends AnyRun<Model>>(
  module: {
    setup(docs: readonly string[], config: TrainConfig): Run;
    train(run: Run): Iterable<number>;
    generate(run: Run, temperature: number): string;
  },
  matrices: (model: Model) => Record<string, WeightMatrix>,
): Engine {
  return {
    setup: (docs, config) => module.setup(docs, config),
    train: (run) => module.train(run as Run),
    generate: (run, temperature) => module.generate(run as Run, temperature),
    parts: (run) => {
      const { config, tokenizer, model, adam, rng } = run as Run;
      const weights = matrices(model);
      return { config, uchars: tokenizer.uchars, weights, ...pick(adam), rng };
    },
  };
}

const pick = ({ m, v }: Pick<RunParts, "m" | "v">) => ({ m, v });

/**
 * The scalar engine of a kata 11 module (the solutions', or with `--mine` the learner's).
 *
 * @example
 * ```ts
 * import * as train from "../solutions/11_train/train.ts";
 * const engine = scalarEngine(train);
 * const run = engine.setup(["emma"], { ...train.MICROGPT_TRAIN, numSteps: 1 });
 * engine.parts(run).m.length; // the number of weights
 * ```
 */
export function scalarEngine(train: typeof TrainModule): Engine {
  type Run = TrainModule.Training;
  return engine<Run["model"], Run>(
    train,
    (model) =>
      Object.fromEntries(
        Object.entries(model.stateDict).map(([name, m]) => [name, {
          rows: m.length,
          cols: m[0].length,
          get: (i: number, j: number) => m[i][j].data,
          set: (i: number, j: number, x: number) => m[i][j].data = x,
        }]),
      ),
  );
}

/**
 * The fast engine of a kata 12 module (the solutions', or with `--mine` the learner's).
 *
 * @example
 * ```ts
 * import * as fast from "../solutions/12_efficiency/efficiency.ts";
 * import { MICROGPT_TRAIN } from "../solutions/11_train/train.ts";
 * const engine = fastEngine(fast);
 * const run = engine.setup(["emma"], { ...MICROGPT_TRAIN, numSteps: 1 });
 * engine.parts(run).m.length; // the number of weights
 * ```
 */
export function fastEngine(fast: typeof FastModule): Engine {
  type Run = FastModule.FastTraining;
  return engine<Run["model"], Run>(fast, (model) =>
    Object.fromEntries(
      Object.entries(model.stateDict).map(([name, m]) => [name, {
        rows: m.rows,
        cols: m.cols,
        get: (i: number, j: number) => m.data[i * m.cols + j],
        set: (i: number, j: number, x: number) => m.data[i * m.cols + j] = x,
      }]),
    ));
}
