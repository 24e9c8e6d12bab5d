/**
 * The training process of `deno task run` (started by `app/run.ts`, with only the
 * permissions its flags need): loads the dataset, trains with the engine `--engine` names
 * (kata 12's fast engine, or kata 11's scalar one; the solutions', or with `--mine` the
 * learner's), saves what the flags ask and samples. What shows of it is the printer's
 * (`app/printers.ts`), one per output mode. With `--serve` it trains once the page's server
 * (`app/serve.ts`, in the process that started this one) says a page has opened, and after
 * the names it answers the page's questions about a name (`app/inspect.ts`) until its
 * standard input closes.
 *
 * @module
 */
import { MICROGPT_ADAM } from "../solutions/09_adam/adam.ts";
import type * as TrainModule from "../solutions/11_train/train.ts";
import type * as FastModule from "../solutions/12_efficiency/efficiency.ts";
import { outputLines } from "../course/report.ts";
import { runMain, UsageError, UserError } from "./cli.ts";
import type { MineKata } from "./mine.ts";
import { loadDocs } from "./dataset.ts";
import { checkMemory, sizeFlags } from "./memory.ts";
import {
  type Engine,
  fastEngine,
  type RunParts,
  scalarEngine,
  type TrainConfig,
} from "./engines.ts";
import { type Printer, printerOf, type Trained, write } from "./printers.ts";
import type { Replaceable } from "./files.ts";
import type { Parts, RunOptions } from "./run_options.ts";

/**
 * The engine `options` name: the solutions', or with `--mine` the learner's. Only that
 * engine's modules are loaded.
 */
async function engineOf(options: RunOptions): Promise<Engine> {
  if (options.engine === "fast") {
    return fastEngine(
      options.mine
        ? await mine("12_efficiency") as typeof FastModule
        : await import("../solutions/12_efficiency/efficiency.ts"),
    );
  }
  return scalarEngine(
    options.mine
      ? await mine("11_train") as typeof TrainModule
      : await import("../solutions/11_train/train.ts"),
  );
}

/**
 * The learner's module of kata `kata`; `app/run.ts` has checked that it and the katas it
 * builds on pass (`app/mine.ts`).
 */
async function mine(kata: MineKata): Promise<unknown> {
  const { importMine } = await import("./mine.ts");
  return await importMine(kata);
}

/** The training settings of `options`: microgpt's Adam, and the flags' sizes and steps. */
function configOf(options: RunOptions): TrainConfig {
  return {
    ...MICROGPT_ADAM,
    seed: options.seed,
    numSteps: options.steps,
    nEmbd: options.nEmbd,
    nHead: options.nHead,
    nLayer: options.nLayer,
    blockSize: options.blockSize,
    lr: options.lr,
  };
}

/**
 * Sets a run up on the dataset of `options` and trains it, telling `printer` each step. A
 * loss that is not finite stops the training with a one-line error. With `--serve`, the
 * training waits for the server's word on `input` that a page is open, and shows the page a
 * name now and then, drawn with a generator of its own.
 */
async function train(
  options: RunOptions,
  engine: Engine,
  printer: Printer,
  input: AsyncIterator<string> | undefined,
): Promise<{ run: unknown; parts: RunParts; trained: Trained }> {
  const docs = options.data === undefined
    ? (await import("./bundled.ts")).defaultDocs()
    : await loadDocs(options.data);
  const config = configOf(options);
  checkVocabulary(options, docs);
  const run = engine.setup(docs, config);
  const parts = engine.parts(run);
  const facts = {
    dataset: options.data,
    numDocs: docs.length,
    vocabSize: parts.uchars.length + 1,
    numParams: parts.m.length,
    config,
  };
  let preview: ((step: number) => void) | undefined;
  if (input !== undefined) {
    const { previewer, waitForStart } = await import("./serve.ts");
    preview = previewer(parts, options);
    await waitForStart(input);
  }
  printer.begin(facts);
  const losses: number[] = [];
  for (const loss of engine.train(run)) {
    losses.push(loss);
    if (!Number.isFinite(loss)) {
      printer.stopped();
      throw new UserError(
        `the loss became ${loss} at step ${losses.length} of ${config.numSteps}: training diverged and was stopped, nothing was saved — try a lower --lr than ${config.lr}`,
      );
    }
    printer.step(losses.length, loss);
    preview?.(losses.length);
  }
  return { run, parts, trained: { ...facts, losses } };
}

/**
 * Checks the sizes again with the dataset's vocabulary (`app/run.ts` assumed makemore's 27
 * tokens, before the dataset was read): the embedding and the head grow with it.
 */
function checkVocabulary(options: RunOptions, docs: readonly string[]): void {
  const chars = new Set<string>();
  for (const doc of docs) for (const ch of doc) chars.add(ch);
  const sizes = { ...options, vocabSize: chars.size + 1 };
  const flags = sizeFlags(sizes);
  checkMemory(
    options.engine,
    sizes,
    `--engine ${options.engine}${flags && ` ${flags}`} on ${
      options.data ?? "the bundled names"
    } (a vocabulary of ${sizes.vocabSize})`,
  );
}

/** Writes the files `options` ask for after training: the checkpoint, the loss curve. */
async function saveOutputs(
  options: RunOptions,
  files: Parts,
  parts: RunParts,
  losses: readonly number[],
): Promise<void> {
  if (options.save === undefined && options.plot === undefined) return;
  const { writeAtomic } = await import("./files.ts");
  if (options.save !== undefined && files.save !== undefined) {
    const { checkpointBytes } = await import("./checkpoint.ts");
    await writeAtomic(
      options.save,
      checkpointBytes(parts, options.steps),
      files.save,
    );
  }
  if (options.plot !== undefined && files.plot !== undefined) {
    const { lossSvg } = await import("./plot.ts");
    await writeAtomic(options.plot, lossSvg([...losses]), files.plot);
  }
}

/**
 * Refuses, before any work, an input that is no regular file or is too large, an output
 * that cannot be written (a folder, no regular file, a folder missing or not writable: proven
 * with its partial file `parts` names) and an output that is an input or the other output
 * (`checkDistinct`, which finds an output's folder through its partial file too: this process
 * may not read the folders).
 */
async function checkFiles(options: RunOptions, parts: Parts): Promise<void> {
  const { data, load, save, plot } = options;
  if ([data, load, save, plot].every((p) => p === undefined)) return; // the bundled names
  const files = await import("./files.ts");
  if (data !== undefined) {
    await files.checkInput("data", data, files.DATASET_LIMIT);
  }
  if (load !== undefined) {
    await files.checkInput("load", load, files.CHECKPOINT_LIMIT);
  }
  for (const flag of ["save", "plot"] as const) {
    const [path, part] = [options[flag], parts[flag]];
    if (path !== undefined && part !== undefined) {
      await files.checkOutput(flag, path, part);
    }
  }
  if (save === undefined && plot === undefined) return;
  await files.checkDistinct(
    (["data", "load", "save", "plot"] as const).flatMap((flag) => {
      const path = options[flag];
      const output = flag === "save" || flag === "plot";
      const part = output ? parts[flag] : undefined;
      return path === undefined ? [] : [{ flag, path, output, part }];
    }),
  );
  // After checkDistinct, whose line says more of an output that is an input.
  for (const flag of ["save", "plot"] as const) {
    const path = options[flag];
    if (path !== undefined) {
      await files.checkReplaceable(flag, path, await replaceable(flag));
    }
  }
}

/**
 * What an existing `--save` or `--plot` file must be for a run to replace it, told by the
 * module that writes such files.
 */
async function replaceable(flag: "save" | "plot"): Promise<Replaceable> {
  return flag === "save"
    ? {
      what: "a checkpoint",
      test: (await import("./checkpoint.ts")).isCheckpoint,
    }
    : {
      what: "a loss curve this command drew",
      test: (await import("./plot.ts")).isLossSvg,
    };
}

/**
 * `options.samples` new names from `run`, at `options.temperature`. Weights so large that the
 * probabilities are not finite (the sampler's `choices` refuses them) get a one-line error.
 */
function sample(engine: Engine, run: unknown, options: RunOptions): string[] {
  try {
    return Array.from(
      { length: options.samples },
      () => engine.generate(run, options.temperature),
    );
  } catch (error) {
    if (
      !(error instanceof RangeError && error.message.startsWith("choices:"))
    ) {
      throw error;
    }
    throw new UserError(
      options.load === undefined
        ? `the trained weights give no finite probabilities to sample from: the last steps overflowed — try a lower --lr than ${options.lr}`
        : `the checkpoint ${options.load} gives no finite probabilities to sample from: its weights overflow — save one from a run with a lower --lr`,
    );
  }
}

/** Samples from the checkpoint at `path`, without training (`--load`). */
async function sampleCheckpoint(
  path: string,
  options: RunOptions,
  engine: Engine,
  printer: Printer,
): Promise<unknown> {
  const { loadCheckpoint } = await import("./checkpoint.ts");
  const { run, checkpoint } = await loadCheckpoint(
    path,
    engine,
    options.engine,
  );
  const names = sample(engine, run, options);
  const numParams = engine.parts(run).m.length;
  printer.loaded({ path, step: checkpoint.step, numParams }, names);
  return run;
}

/**
 * Runs the whole command with `options` (already checked by `app/run_options.ts`), writing
 * the outputs through the partial files `files` names (picked by `app/run.ts`). With
 * `--serve`, `input` is the server's lines. Returns the engine and its run, trained or loaded.
 */
export async function main(
  options: RunOptions,
  files: Parts = {},
  input?: AsyncIterator<string>,
): Promise<{ engine: Engine; run: unknown }> {
  await checkFiles(options, files);
  const engine = await engineOf(options);
  const printer = printerOf(options);
  if (options.load !== undefined) {
    const run = await sampleCheckpoint(options.load, options, engine, printer);
    return { engine, run };
  }
  const { run, parts, trained } = await train(options, engine, printer, input);
  await printer.trained(trained);
  // The checkpoint keeps the generator as training left it: saved before sampling.
  await saveOutputs(options, files, parts, trained.losses);
  printer.sampled(trained, sample(engine, run, options));
  return { engine, run };
}

/**
 * The whole run of `options`: {@link main}, then whatever output is still queued; with
 * `--serve`, then the answers to the page's questions until standard input closes.
 */
export async function runTrainer(
  options: RunOptions,
  files: Parts = {},
): Promise<void> {
  const serve = options.serve ? await import("./serve.ts") : undefined;
  const input = serve && outputLines(Deno.stdin.readable);
  let done;
  try {
    done = await main(options, files, input);
  } catch (error) {
    if (
      !options.mine || error instanceof UserError ||
      error instanceof UsageError
    ) throw error;
    // An error your katas threw (their suites passed): said in your terms, where it entered.
    const { trainingError } = await import("./mine.ts");
    throw trainingError(error) ?? error;
  } finally {
    write(); // what is still queued, before any error line
  }
  if (serve !== undefined && input !== undefined) {
    await serve.answerQueries(done.engine.parts(done.run), input);
  }
}

if (import.meta.main) {
  await runMain(() =>
    runTrainer(JSON.parse(Deno.args[0]), JSON.parse(Deno.args[1] ?? "{}"))
  );
}
