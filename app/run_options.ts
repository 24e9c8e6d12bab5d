/**
 * The flags of `deno task run`: parsed as `node:util`'s `parseArgs` does (strict), checked,
 * and turned into the options of a run and the permissions it needs. A bad flag or value is a
 * {@linkcode UsageError}: one line, exit code 2.
 *
 * @module
 */
import { MICROGPT_TRAIN } from "../solutions/11_train/train.ts";
import { UsageError } from "./cli.ts";
import { type EngineName, ENGINES } from "./engines.ts";

/** What a run does, every flag resolved. */
export interface RunOptions {
  /** Training steps (`--steps`). */
  readonly steps: number;
  /** The generator's seed (`--seed`). */
  readonly seed: number;
  /** Adam's learning rate at step 0 (`--lr`). */
  readonly lr: number;
  /** The sampling temperature (`--temperature`). */
  readonly temperature: number;
  /** How many names to sample (`--samples`). */
  readonly samples: number;
  /** The model's sizes (`--n-embd`, `--n-head`, `--n-layer`, `--block-size`). */
  readonly nEmbd: number;
  /** Attention heads per layer. */
  readonly nHead: number;
  /** Transformer layers. */
  readonly nLayer: number;
  /** The most positions the model takes. */
  readonly blockSize: number;
  /** The dataset file, or undefined for the bundled npm dataset. */
  readonly data?: string;
  /** Train with the learner's own `katas/` instead of `solutions/` (`--mine`). */
  readonly mine: boolean;
  /**
   * The engine (`--engine`): `fast` (kata 12, the default) or `scalar` (katas 01–11, the
   * default with `--mine`).
   */
  readonly engine: EngineName;
  /** Where to save a checkpoint after training (`--save`). */
  readonly save?: string;
  /** A checkpoint to sample from, without training (`--load`). */
  readonly load?: string;
  /** Where to write the loss curve as SVG (`--plot`). */
  readonly plot?: string;
  /** Print one JSON object instead of text (`--json`). */
  readonly json: boolean;
  /** Print only the names (`--quiet`). */
  readonly quiet: boolean;
}

/** microgpt's settings (kata 11's `MICROGPT_TRAIN`, and its inference), the number flags' defaults. */
export const DEFAULTS = {
  steps: MICROGPT_TRAIN.numSteps,
  seed: MICROGPT_TRAIN.seed,
  lr: MICROGPT_TRAIN.lr,
  temperature: 0.5,
  samples: 20,
  "n-embd": MICROGPT_TRAIN.nEmbd,
  "n-head": MICROGPT_TRAIN.nHead,
  "n-layer": MICROGPT_TRAIN.nLayer,
  "block-size": MICROGPT_TRAIN.blockSize,
} as const;

/** Where `deno task download` puts makemore's names; used when present and no --data. */
export const DOWNLOADED = "data/names.txt";

/** The text of `deno task run --help`. */
export const HELP =
  `Train microgpt on a list of names, then print new names it makes up.

Usage: deno task run [flags]

  --data FILE          one document per line (default: ${DOWNLOADED} when present,
                       else the first names bundled from npm)
  --steps N            training steps (default ${DEFAULTS.steps})
  --seed N             seed of the shuffle, the weights and the samples (default ${DEFAULTS.seed})
  --lr X               Adam's learning rate, decaying linearly to 0 (default ${DEFAULTS.lr})
  --temperature X      above 0; lower gives safer names (default ${DEFAULTS.temperature})
  --samples N          how many names to print (default ${DEFAULTS.samples})
  --n-embd N           width of the model (default ${DEFAULTS["n-embd"]})
  --n-head N           attention heads; must divide --n-embd (default ${
    DEFAULTS["n-head"]
  })
  --n-layer N          transformer layers (default ${DEFAULTS["n-layer"]})
  --block-size N       longest name the model sees, in characters + 1 (default ${
    DEFAULTS["block-size"]
  })
  --engine NAME        fast: kata 12's Float64Array engine (the default); scalar: the
                       Value graph of katas 01–11. Both print the same losses and names
  --mine               train with your own katas/ instead of solutions/: katas 01–11
                       (with --engine fast, kata 12 too)
  --save FILE          save a checkpoint after training (weights, vocabulary, settings,
                       Adam's state, generator)
  --load FILE          sample from a checkpoint, without training
  --plot FILE.svg      write the loss curve as an SVG image
  --json               print one JSON object (losses and names) instead of text
  --quiet              print only the names, one per line
  --help               show this help

Piped, it prints exactly what microgpt.py prints (after a first line naming the dataset); on a
terminal, one live progress line, then the mean loss of the last 100 steps, a loss curve and
the names.`;

/** What {@linkcode parseRunArgs} gives: options, or a request for the help text. */
export type Parsed = { readonly help: true } | {
  readonly help: false;
  readonly options: RunOptions;
};

/** Flags that mean nothing to a run that only samples from a checkpoint (`--load`). */
const TRAINING_FLAGS = [
  "steps",
  "seed",
  "lr",
  "data",
  "n-embd",
  "n-head",
  "n-layer",
  "block-size",
  "save",
  "plot",
] as const;

function usage(message: string): UsageError {
  return new UsageError(`${message} — see --help`);
}

/** A whole number in [min, max], from the flag's text. */
function whole(flag: string, text: string, min: number, max = 1e9): number {
  const n = /^[+-]?\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max >= 1e9
      ? `${min} or more`
      : `from ${min} to ${max.toLocaleString("en-US")}`;
    throw usage(
      `--${flag} must be a whole number ${range}, got ${JSON.stringify(text)}`,
    );
  }
  return n;
}

/** A finite number above 0, from the flag's text. */
function positive(flag: string, text: string): number {
  const x = text.trim() === "" ? NaN : Number(text);
  if (!Number.isFinite(x) || x <= 0) {
    throw usage(
      `--${flag} must be a number above 0, got ${JSON.stringify(text)}`,
    );
  }
  return x;
}

/** A path flag's value: not empty. */
function path(flag: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (text.trim() === "") throw usage(`--${flag} needs a file path`);
  if (text.includes(",")) {
    // Deno's --allow-read=a,b lists paths with commas: one with a comma cannot be granted.
    throw usage(
      `--${flag} ${text}: a path with a comma cannot be granted to the run; rename or copy the file`,
    );
  }
  return text;
}

/** `--engine`'s value, checked; without one, scalar with `--mine`, else fast. */
function engineName(text: string | undefined, mine: boolean): EngineName {
  if (text === undefined) return mine ? "scalar" : "fast";
  const name = ENGINES.find((e) => e === text.trim());
  if (name === undefined) {
    throw usage(
      `--engine must be ${ENGINES.join(" or ")}, got ${JSON.stringify(text)}`,
    );
  }
  return name;
}

/** The flags, and whether each takes a value (a string) or not (a boolean). */
const FLAGS = {
  steps: "string",
  seed: "string",
  lr: "string",
  temperature: "string",
  samples: "string",
  "n-embd": "string",
  "n-head": "string",
  "n-layer": "string",
  "block-size": "string",
  data: "string",
  save: "string",
  load: "string",
  plot: "string",
  mine: "boolean",
  engine: "string",
  json: "boolean",
  quiet: "boolean",
  help: "boolean",
} as const;

type Flag = keyof typeof FLAGS;

/** What the flags say: a string for each flag that takes a value, true for each other one. */
type Values = {
  -readonly [F in Flag]?: typeof FLAGS[F] extends "string" ? string : boolean;
};

/**
 * `args` read as `parseArgs` of `node:util` reads them with `strict` and no positionals
 * (`--flag value`, `--flag=value`, `-h`; the last of a repeated flag wins), without loading
 * `node:util`, which takes a noticeable part of a whole fast run.
 */
function parseFlags(args: readonly string[]): Values {
  const values: Record<string, string | boolean> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      if (i + 1 < args.length) {
        throw usage(`Unexpected argument '${args[i + 1]}'`);
      }
      break;
    }
    if (arg === "-h") {
      values.help = true;
      continue;
    }
    if (arg.length < 2 || !arg.startsWith("-")) {
      throw usage(`Unexpected argument '${arg}'`);
    }
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--")
      ? arg.slice(2, eq < 0 ? undefined : eq)
      : "";
    if (!Object.hasOwn(FLAGS, name)) {
      throw usage(`Unknown option '${eq < 0 ? arg : arg.slice(0, eq)}'`);
    }
    if (FLAGS[name as Flag] === "boolean") {
      if (eq >= 0) throw usage(`--${name} takes no value`);
      values[name] = true;
    } else if (eq >= 0) {
      values[name] = arg.slice(eq + 1);
    } else if (i + 1 === args.length) {
      throw usage(`--${name} needs a value`);
    } else if (args[i + 1].length > 1 && args[i + 1].startsWith("-")) {
      throw usage(
        `--${name} got a value that starts with a dash: write it as --${name}=-X`,
      );
    } else {
      values[name] = args[++i];
    }
  }
  return values as Values;
}

/**
 * Parses `deno task run`'s flags. `downloaded` says whether {@linkcode DOWNLOADED} exists: it
 * is the dataset when there is no `--data`. Throws a {@linkcode UsageError} naming the first
 * bad flag.
 *
 * @example
 * ```ts
 * const parsed = parseRunArgs(["--steps", "100", "--seed=7"], false);
 * if (!parsed.help) parsed.options.steps; // 100
 * ```
 */
export function parseRunArgs(
  args: readonly string[],
  downloaded: boolean,
): Parsed {
  const values = parseFlags(args);
  if (values.help) return { help: true };
  const text = (name: keyof typeof DEFAULTS) =>
    values[name] ?? String(DEFAULTS[name]);
  const nEmbd = whole("n-embd", text("n-embd"), 1, 1024);
  const nHead = whole("n-head", text("n-head"), 1, 1024);
  if (nEmbd % nHead !== 0) {
    throw usage(
      `--n-head must divide --n-embd: ${nEmbd} / ${nHead} is not a whole number of components per head`,
    );
  }
  if (values.load !== undefined) {
    const clash = TRAINING_FLAGS.find((f) => values[f] !== undefined);
    if (clash) {
      throw usage(
        `--load samples from a saved model without training: drop --${clash}`,
      );
    }
  }
  if (values.json && values.quiet) {
    throw usage("--json and --quiet each choose the output: give one of them");
  }
  const options: RunOptions = {
    steps: whole("steps", text("steps"), 1, 1e7),
    seed: whole("seed", text("seed"), -(2 ** 53) + 1, 2 ** 53 - 1),
    lr: positive("lr", text("lr")),
    temperature: positive("temperature", text("temperature")),
    samples: whole("samples", text("samples"), 0, 1e6),
    nEmbd,
    nHead,
    nLayer: whole("n-layer", text("n-layer"), 1, 64),
    blockSize: whole("block-size", text("block-size"), 1, 4096),
    data: path("data", values.data) ??
      (values.load === undefined && downloaded ? DOWNLOADED : undefined),
    mine: values.mine ?? false,
    engine: engineName(values.engine, values.mine ?? false),
    save: path("save", values.save),
    load: path("load", values.load),
    plot: path("plot", values.plot),
    json: values.json ?? false,
    quiet: values.quiet ?? false,
  };
  const outputs = [options.save, options.plot].filter((p) => p !== undefined);
  if (options.data !== undefined && outputs.includes(options.data)) {
    throw usage(
      `--save and --plot must not overwrite the dataset ${options.data}`,
    );
  }
  if (outputs.length === 2 && options.save === options.plot) {
    throw usage("--save and --plot name the same file: give each its own");
  }
  return { help: false, options };
}

/**
 * The files the training may touch: it may read the dataset, the checkpoint to load and,
 * with `--mine`, the katas (and the `lib/` and `tests/` they use); it may write only the
 * `--save` and `--plot` files and their temporary `.part` files (read too, as a rename
 * needs).
 *
 * @example
 * ```ts
 * const parsed = parseRunArgs(["--data", "names.txt", "--save", "m.json"], false);
 * if (!parsed.help) trainerFiles(parsed.options);
 * // { reads: ["names.txt", "m.json", "m.json.part"], writes: ["m.json", "m.json.part"] }
 * ```
 */
export function trainerFiles(
  options: RunOptions,
): { reads: string[]; writes: string[] } {
  const writes = [options.save, options.plot]
    .filter((p): p is string => p !== undefined)
    .flatMap((p) => [p, `${p}.part`]);
  const reads = [
    options.data,
    options.load,
    ...(options.mine ? ["course", "katas", "lib", "tests"] : []),
    ...writes,
  ].filter((p): p is string => p !== undefined);
  return { reads, writes };
}

/**
 * The permission flags of the training process: the environment variable DEBUG, and the
 * files of {@link trainerFiles}.
 *
 * @example
 * ```ts
 * const parsed = parseRunArgs(["--data", "names.txt", "--save", "m.json"], false);
 * if (!parsed.help) permissionFlags(parsed.options);
 * // ["--allow-env=DEBUG", "--allow-read=names.txt,m.json,m.json.part", "--allow-write=m.json,m.json.part"]
 * ```
 */
export function permissionFlags(options: RunOptions): string[] {
  const { reads, writes } = trainerFiles(options);
  return [
    "--allow-env=DEBUG",
    ...(reads.length ? [`--allow-read=${reads.join(",")}`] : []),
    ...(writes.length ? [`--allow-write=${writes.join(",")}`] : []),
  ];
}
