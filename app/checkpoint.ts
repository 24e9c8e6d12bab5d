/**
 * Checkpoints of a training run, as JSON: the settings, the vocabulary, every weight by name,
 * Adam's moments, the number of steps taken and the generator's state. A run restored from
 * one samples the very names the saved run printed after training.
 *
 * @module
 */
import { UserError } from "./cli.ts";
import type { Engine, RunParts, TrainConfig } from "./engines.ts";
import type { RandomState } from "../lib/random.ts";

/** What a checkpoint file holds. */
export interface Checkpoint {
  /** Always {@linkcode FORMAT}. */
  readonly format: string;
  /** Always 1. */
  readonly version: number;
  /** The run's settings. */
  readonly config: TrainConfig;
  /** How many steps were taken. */
  readonly step: number;
  /** The vocabulary: the characters, sorted by code point (BOS is one past the last). */
  readonly uchars: readonly string[];
  /** Every weight, by microgpt's matrix names. */
  readonly stateDict: Readonly<Record<string, readonly (readonly number[])[]>>;
  /** Adam's moments, one per weight, in `params` order. */
  readonly adam: {
    readonly m: readonly number[];
    readonly v: readonly number[];
  };
  /** The generator, as training left it. */
  readonly rng: RandomState;
}

/** The `format` field of every checkpoint. */
export const FORMAT = "microgpt-katas checkpoint";

/**
 * The checkpoint of a run (its {@linkcode RunParts}, from either engine) after `step` steps.
 *
 * @example
 * ```ts
 * import * as train from "../solutions/11_train/train.ts";
 * import { scalarEngine } from "./engines.ts";
 * const engine = scalarEngine(train);
 * const run = engine.setup(["emma"], { ...train.MICROGPT_TRAIN, numSteps: 1 });
 * checkpointOf(engine.parts(run), 0).uchars; // ["a", "e", "m"]
 * ```
 */
export function checkpointOf(run: RunParts, step: number): Checkpoint {
  return {
    format: FORMAT,
    version: 1,
    config: run.config,
    step,
    uchars: run.uchars,
    stateDict: Object.fromEntries(
      Object.entries(run.weights).map(([name, m]) => [
        name,
        Array.from(
          { length: m.rows },
          (_, r) => Array.from({ length: m.cols }, (_, c) => m.get(r, c)),
        ),
      ]),
    ),
    adam: { m: Array.from(run.m), v: Array.from(run.v) },
    rng: run.rng.getState(),
  };
}

/** Throws the one-line error of an unusable checkpoint. */
function unusable(path: string, why: string): never {
  throw new UserError(
    `checkpoint ${path} cannot be used: ${why} — train again and save a new one with --save`,
  );
}

/**
 * Reads the checkpoint at `path` and restores its run with `engine`'s `setup` (which builds
 * the tokenizer and a model of the saved sizes), then puts back the weights, Adam's moments
 * and the generator. A missing, unreadable, cut short, corrupt or mismatched file throws a
 * one-line {@linkcode UserError}.
 *
 * @example
 * ```ts
 * import * as fast from "../solutions/12_efficiency/efficiency.ts";
 * import { fastEngine } from "./engines.ts";
 * const engine = fastEngine(fast);
 * const { run } = await loadCheckpoint("model.json", engine); // needs --allow-read
 * engine.generate(run, 0.5);
 * ```
 */
export async function loadCheckpoint<Run>(
  path: string,
  engine: Engine<Run>,
): Promise<{ run: Run; checkpoint: Checkpoint }> {
  const checkpoint = parseCheckpoint(path, await readCheckpoint(path));
  return { run: restore(path, checkpoint, engine), checkpoint };
}

/** The text of the checkpoint file at `path`, or the one-line error of why it cannot be read. */
async function readCheckpoint(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new UserError(
        `checkpoint file not found: ${path} — check the path, or make one with --save`,
      );
    }
    if (error instanceof Deno.errors.IsADirectory) {
      throw new UserError(
        `checkpoint path is a folder: ${path} — pass the file --save wrote`,
      );
    }
    if (error instanceof TypeError) unusable(path, "it is not UTF-8 text");
    throw new UserError(
      `cannot read checkpoint ${path}: ${(error as Error).message}`,
    );
  }
}

/**
 * The checkpoint that `text` (read from `path`) holds, with its format, settings, vocabulary
 * and step checked; its weights and Adam's moments are checked as {@link restore} puts them
 * back, against the shapes its settings give.
 */
function parseCheckpoint(path: string, text: string): Checkpoint {
  let c: Checkpoint;
  try {
    c = JSON.parse(text);
  } catch {
    unusable(path, "it is not valid JSON (cut short, or not a checkpoint)");
  }
  if (c === null || typeof c !== "object" || c.format !== FORMAT) {
    unusable(path, `it is not a ${FORMAT} (no "format": "${FORMAT}")`);
  }
  if (c.version !== 1) unusable(path, `version ${c.version} is not 1`);
  const config = c.config ?? {};
  checkConfig(path, config);
  const uchars = c.uchars;
  if (
    !Array.isArray(uchars) || uchars.length === 0 ||
    uchars.some((ch, i) =>
      typeof ch !== "string" || [...ch].length !== 1 ||
      (i > 0 && ch.codePointAt(0)! <= uchars[i - 1].codePointAt(0)!)
    )
  ) {
    unusable(path, "uchars is not a sorted list of distinct characters");
  }
  if (!Number.isSafeInteger(c.step) || c.step < 0 || c.step > config.numSteps) {
    unusable(
      path,
      `step is ${JSON.stringify(c.step)}, not 0..${config.numSteps}`,
    );
  }
  return c;
}

/** Checks a checkpoint's settings: whole sizes of 1 or more, numbers, heads that divide the width. */
function checkConfig(path: string, config: TrainConfig): void {
  for (
    const key of [
      "seed",
      "numSteps",
      "nEmbd",
      "nHead",
      "nLayer",
      "blockSize",
    ] as const
  ) {
    const x = config[key];
    if (!Number.isSafeInteger(x) || (key !== "seed" && x < 1)) {
      unusable(
        path,
        `config.${key} is ${JSON.stringify(x)}, not a whole number`,
      );
    }
  }
  for (const key of ["lr", "beta1", "beta2", "eps"] as const) {
    if (!Number.isFinite(config[key])) {
      unusable(
        path,
        `config.${key} is ${JSON.stringify(config[key])}, not a number`,
      );
    }
  }
  if (config.nEmbd % config.nHead !== 0) {
    unusable(
      path,
      `config.nHead ${config.nHead} does not divide nEmbd ${config.nEmbd}`,
    );
  }
}

/**
 * A run of `engine` made as checkpoint `c` (from `path`) says: set up with its settings and
 * vocabulary, then its weights, Adam's moments and generator put back.
 */
function restore<Run>(path: string, c: Checkpoint, engine: Engine<Run>): Run {
  const run = engine.setup([c.uchars.join("")], c.config);
  const parts = engine.parts(run);
  restoreWeights(path, c, parts);
  const n = parts.m.length;
  for (const key of ["m", "v"] as const) {
    const moments = c.adam?.[key];
    if (
      !Array.isArray(moments) || moments.length !== n ||
      moments.some((x) => !Number.isFinite(x))
    ) {
      unusable(path, `adam.${key} is not ${n} numbers, one per weight`);
    }
    moments.forEach((x, i) => parts[key][i] = x);
  }
  try {
    parts.rng.setState(c.rng);
  } catch {
    unusable(path, "rng is not a generator state");
  }
  return run;
}

/** Puts checkpoint `c`'s weights into the run's matrices, each checked against its shape. */
function restoreWeights(path: string, c: Checkpoint, parts: RunParts): void {
  for (const [name, matrix] of Object.entries(parts.weights)) {
    const saved = c.stateDict?.[name];
    const shape = `${matrix.rows}×${matrix.cols}`;
    if (
      !Array.isArray(saved) || saved.length !== matrix.rows ||
      saved.some((row) =>
        !Array.isArray(row) || row.length !== matrix.cols ||
        row.some((w) => !Number.isFinite(w))
      )
    ) {
      unusable(
        path,
        `weights ${name} are not ${shape} numbers, as its config and ${c.uchars.length} characters make them`,
      );
    }
    saved.forEach((row, r) =>
      row.forEach((w: number, k: number) => matrix.set(r, k, w))
    );
  }
  const extra = Object.keys(c.stateDict).find((k) => !(k in parts.weights));
  if (extra) unusable(path, `weights ${extra} do not belong to its config`);
}
