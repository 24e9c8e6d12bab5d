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

/** Where `deno task download` puts makemore's names; used when present and no --data. */
export const DOWNLOADED = "data/names.txt";

/** What a flag's text was on the command line: a string, or true for a flag without a value. */
export type Given = Readonly<Record<string, string | true | undefined>>;

/** One flag of `deno task run`: how `--help` shows it, and how its option is read. */
export interface FlagSpec<T> {
  /** The value's placeholder in `--help` (`N`, `FILE`); none for a flag that takes no value. */
  readonly arg?: string;
  /** Its lines in `--help`; the default, when there is one, is added to the last. */
  readonly help: readonly string[];
  /** The default, as `--help` shows it. */
  readonly default?: number;
  /** Whether the flag means nothing to a run that only samples from a checkpoint (`--load`). */
  readonly training?: boolean;
  /** The option from what the command line gave (`downloaded`: see {@linkcode parseRunArgs}). */
  readonly read: (flag: string, given: Given, downloaded: boolean) => T;
}

/**
 * Every flag of `deno task run`, in the order `--help` lists them: the one place a flag is
 * written. {@linkcode RunOptions}, the parser, its checks and {@linkcode HELP} are made from
 * it. The number flags' defaults are microgpt's settings (kata 11's `MICROGPT_TRAIN`, and
 * its inference).
 */
export const FLAGS = {
  data: {
    arg: "FILE",
    help: [
      `one document per line (default: ${DOWNLOADED} when present,`,
      "else the first names bundled from npm)",
    ],
    training: true,
    read: (flag: string, given: Given, downloaded: boolean) =>
      path(flag, textOf(flag, given)) ??
        (given.load === undefined && downloaded ? DOWNLOADED : undefined),
  },
  steps: wholeFlag("training steps", {
    default: MICROGPT_TRAIN.numSteps,
    min: 1,
    max: 1e7,
    training: true,
  }),
  seed: wholeFlag("seed of the shuffle, the weights and the samples", {
    default: MICROGPT_TRAIN.seed,
    min: -(2 ** 53) + 1,
    max: 2 ** 53 - 1,
    training: true,
  }),
  lr: positiveFlag("Adam's learning rate, decaying linearly to 0", {
    default: MICROGPT_TRAIN.lr,
    training: true,
  }),
  temperature: positiveFlag([
    "the sampling temperature, at least 0.000001 (where the likeliest",
    "letter is always picked): lower gives safer names, higher more",
    "varied ones",
  ], {
    default: 0.5,
    least: { value: 1e-6, why: "near 0, the likeliest letter is picked" },
  }),
  samples: wholeFlag("how many names to print", {
    default: 20,
    min: 0,
    max: 1e6,
  }),
  "n-embd": wholeFlag("width of the model", {
    default: MICROGPT_TRAIN.nEmbd,
    min: 1,
    max: 1024,
    training: true,
  }),
  "n-head": wholeFlag("attention heads; must divide --n-embd", {
    default: MICROGPT_TRAIN.nHead,
    min: 1,
    max: 1024,
    training: true,
  }),
  "n-layer": wholeFlag("transformer layers", {
    default: MICROGPT_TRAIN.nLayer,
    min: 1,
    max: 64,
    training: true,
  }),
  "block-size": wholeFlag([
    "longest name the model sees, in characters + 1; longer names",
    "are cut, as microgpt.py cuts them",
  ], {
    default: MICROGPT_TRAIN.blockSize,
    min: 1,
    max: 4096,
    training: true,
  }),
  engine: {
    arg: "NAME",
    help: [
      "fast: kata 12's Float64Array engine (the default); scalar: the",
      "Value graph of katas 01–11 (the default with --mine); both",
      "print the same losses and names",
    ],
    read: (flag: string, given: Given) =>
      engineName(textOf(flag, given), given.mine === true),
  },
  mine: switchFlag([
    "train with your own katas/ instead of solutions/: katas 01–11",
    "(with --engine fast, kata 12 too); names the first kata that",
    "does not pass yet, and the command that shows why",
  ]),
  save: pathFlag("FILE", [
    "save a checkpoint after training, as safetensors (name it",
    "model.safetensors): weights, vocabulary, settings, Adam's",
    "state, generator",
  ], true),
  load: pathFlag("FILE", [
    "sample from a checkpoint --save wrote, without training: the",
    "names the saved run printed (with the same --samples and",
    "--temperature)",
  ]),
  plot: pathFlag("FILE.svg", ["write the loss curve as an SVG image"], true),
  serve: switchFlag([
    "train and show it on a local page, http://127.0.0.1:PORT/: the",
    "loss curve as it falls, steps per second, the names; after",
    "training, the attention weights and next-letter probabilities",
    "of a name you type",
  ]),
  port: wholeFlag("the port of --serve's page; 0 picks a free one", {
    default: 8000,
    min: 0,
    max: 65535,
  }),
  json: switchFlag([
    "print one JSON object (the settings, every loss, the names)",
    "instead of text",
  ]),
  quiet: switchFlag(["print only the names, one per line"]),
  help: switchFlag(["show this help"]),
} as const satisfies Record<string, FlagSpec<unknown>>;

/** {@link FLAGS}, each seen as a {@link FlagSpec}. */
const SPECS: Readonly<Record<string, FlagSpec<unknown>>> = FLAGS;

/** A flag's name, without its dashes. */
export type Flag = keyof typeof FLAGS;

/** The flags that set an option of the run: all but `--help`. */
export type OptionFlag = Exclude<Flag, "help">;

/** `"n-embd"` as an option's name: `"nEmbd"`. */
export type CamelCase<S extends string> = S extends `${infer A}-${infer B}`
  ? `${A}${Capitalize<CamelCase<B>>}`
  : S;

/**
 * What a run does, every flag resolved: one option per flag of {@linkcode FLAGS} but
 * `--help`, named in camelCase (`--n-embd` is `nEmbd`), of the type its `read` gives. A
 * path flag not given is undefined (`data` then means the bundled names).
 */
export type RunOptions = {
  readonly [F in OptionFlag as CamelCase<F>]: ReturnType<
    typeof FLAGS[F]["read"]
  >;
};

/** The text of `deno task run --help`. */
export const HELP =
  `Train microgpt on a list of names, then print new names it makes up.

Usage: deno task run [flags]

${(Object.keys(FLAGS) as Flag[]).map(helpOf).join("\n")}

Piped, it prints exactly what microgpt.py prints (after a first line naming the dataset); on a
terminal, one live progress line, then the mean loss of the last 100 steps, a loss curve and
the names.`;

/** One flag's lines of `--help`: the flag and its value's placeholder, then what it does. */
function helpOf(flag: Flag): string {
  const { usage, lines } = flagHelp(flag);
  return lines.map((line, i) => `${(i ? "" : `  ${usage}`).padEnd(23)}${line}`)
    .join("\n");
}

/**
 * A flag as `--help` describes it (and the README's table of the flags, which
 * `deno task generate` makes from it): how it is given, and what it does in the lines of
 * `--help`, the default added to the last.
 *
 * @example
 * ```ts
 * flagHelp("steps"); // { usage: "--steps N", lines: ["training steps (default 1000)"] }
 * ```
 */
export function flagHelp(flag: Flag): { usage: string; lines: string[] } {
  const spec: FlagSpec<unknown> = FLAGS[flag];
  const lines = [...spec.help];
  if (spec.default !== undefined) {
    lines.push(`${lines.pop()} (default ${spec.default})`);
  }
  return { usage: `--${flag}${spec.arg ? ` ${spec.arg}` : ""}`, lines };
}

/** What {@linkcode parseRunArgs} gives: options, or a request for the help text. */
export type Parsed = { readonly help: true } | {
  readonly help: false;
  readonly options: RunOptions;
};

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
  const given = parseFlags(args);
  if (given.help) return { help: true };
  checkGiven(given);
  const options: Record<string, unknown> = {};
  for (const [flag, spec] of Object.entries(SPECS)) {
    if (flag !== "help") {
      options[camelCase(flag)] = spec.read(flag, given, downloaded);
    }
  }
  checkOptions(options as RunOptions);
  return { help: false, options: options as RunOptions };
}

/** The checks of which flags were given together, before any value is read. */
function checkGiven(given: Given): void {
  if (given.load !== undefined) {
    const clash = Object.entries(SPECS).find(([flag, spec]) =>
      spec.training && given[flag] !== undefined
    );
    if (clash) {
      throw usage(
        `--load samples from a saved model without training: drop --${
          clash[0]
        }`,
      );
    }
  }
  if (given.json && given.quiet) {
    throw usage("--json and --quiet each choose the output: give one of them");
  }
  if (given.serve) {
    const output = (["json", "quiet"] as const).find((flag) => given[flag]);
    if (output !== undefined) {
      throw usage(`--serve shows the run on a page: drop --${output}`);
    }
  } else if (given.port !== undefined) {
    throw usage(
      "--port is the port of --serve's page: add --serve, or drop --port",
    );
  }
}

/** The checks across options: the heads divide the width. */
function checkOptions(options: RunOptions): void {
  const { nEmbd, nHead } = options;
  if (nEmbd % nHead !== 0) {
    throw usage(
      `--n-head must divide --n-embd: ${nEmbd} / ${nHead} is not a whole number of components per head`,
    );
  }
  // Whether the outputs are distinct files is checked by identity, not by spelling, in the
  // training process, which may read them all (app/files.ts).
}

/**
 * `args` read as `parseArgs` of `node:util` reads them with `strict` and no positionals
 * (`--flag value`, `--flag=value`, `-h`; the last of a repeated flag wins), without loading
 * `node:util`, whose loading every run would pay for.
 */
function parseFlags(args: readonly string[]): Given {
  const values: Record<string, string | true> = {};
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
    if (FLAGS[name as Flag].arg === undefined) {
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
  return values;
}

/** The text given to `flag`, if any. */
function textOf(flag: string, given: Given): string | undefined {
  const value = given[flag];
  return typeof value === "string" ? value : undefined;
}

/** A flag whose value is a whole number in [min, max]; `help` is its line(s) of `--help`. */
function wholeFlag(
  help: string | readonly string[],
  { default: fallback, min, max, training = false }: {
    default: number;
    min: number;
    max: number;
    training?: boolean;
  },
): FlagSpec<number> & { readonly min: number; readonly max: number } {
  return {
    arg: "N",
    min,
    max,
    help: typeof help === "string" ? [help] : help,
    default: fallback,
    training,
    read: (flag, given) =>
      whole(flag, textOf(flag, given) ?? String(fallback), min, max),
  };
}

/**
 * A flag whose value is a number above 0, and at least `least.value` when given (`least.why`
 * says what a value near it does); `help` is its line(s) of `--help`.
 */
function positiveFlag(
  help: string | readonly string[],
  { default: fallback, training = false, least }: {
    default: number;
    training?: boolean;
    least?: { readonly value: number; readonly why: string };
  },
): FlagSpec<number> {
  return {
    arg: "X",
    help: typeof help === "string" ? [help] : help,
    default: fallback,
    training,
    read: (flag, given) => {
      const text = textOf(flag, given) ?? String(fallback);
      const x = positive(flag, text);
      if (least !== undefined && x < least.value) {
        throw usage(
          `--${flag} ${text} is too small: use at least ${least.value} (${least.why})`,
        );
      }
      return x;
    },
  };
}

/** A flag whose value is a file path; the option is undefined without it. */
function pathFlag(
  arg: string,
  help: readonly string[],
  training = false,
): FlagSpec<string | undefined> {
  return {
    arg,
    help,
    training,
    read: (flag, given) => path(flag, textOf(flag, given)),
  };
}

/** A flag that takes no value: the option says whether it was given. */
function switchFlag(help: readonly string[]): FlagSpec<boolean> {
  return { help, read: (flag, given) => given[flag] === true };
}

function usage(message: string): UsageError {
  return new UsageError(`${message} — see --help`);
}

/** A whole number in [min, max], from the flag's text. */
function whole(flag: string, text: string, min: number, max: number): number {
  const n = /^[+-]?\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = `from ${min.toLocaleString("en-US")} to ${
      max.toLocaleString("en-US")
    }`;
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

/** `"n-embd"` as an option's name: `"nEmbd"`. */
function camelCase(flag: string): string {
  return flag.replace(/-(.)/g, (_, c: string) => c.toUpperCase());
}

/** The partial files the parent picks for the outputs (`app/files.ts`'s `partName`). */
export interface Parts {
  /** The partial file of `--save`'s checkpoint. */
  readonly save?: string;
  /** The partial file of `--plot`'s SVG. */
  readonly plot?: string;
}

/**
 * The files the training may touch: it may read the dataset, the checkpoint to load and,
 * with `--mine`, the learner's katas and the `lib/` they import (their suites ran before, in
 * `app/run.ts`); it may write only the `--save` and `--plot` files and the partial files
 * `parts` names for them (read too, as a rename needs): those exact names, not their folders.
 *
 * @example
 * ```ts
 * const parsed = parseRunArgs(["--data", "names.txt", "--save", "m.safetensors"], false);
 * if (!parsed.help) trainerFiles(parsed.options, { save: "m.safetensors.7-ab.part" });
 * // { reads: ["names.txt", "m.safetensors", "m.safetensors.7-ab.part"], writes: ["m.safetensors", "m.safetensors.7-ab.part"] }
 * ```
 */
export function trainerFiles(
  options: RunOptions,
  parts: Parts = {},
): { reads: string[]; writes: string[] } {
  const writes = (["save", "plot"] as const).flatMap((flag) => {
    const path = options[flag];
    if (path === undefined) return [];
    const part = parts[flag];
    if (part === undefined) throw new Error(`no partial file for --${flag}`);
    return [path, part];
  });
  const reads = [
    options.data,
    options.load,
    ...(options.mine ? ["katas", "lib"] : []),
    ...writes,
  ].filter((p): p is string => p !== undefined);
  return { reads, writes };
}

/**
 * The permission flags of the training process: the environment variable DEBUG, the
 * machine's memory (to refuse a checkpoint's model too big for it: `app/memory.ts`), and the
 * files of {@link trainerFiles}.
 *
 * @example
 * ```ts
 * const parsed = parseRunArgs(["--data", "names.txt", "--save", "m.safetensors"], false);
 * if (!parsed.help) permissionFlags(parsed.options, { save: "m.safetensors.7-ab.part" });
 * // ["--allow-env=DEBUG", "--allow-sys=systemMemoryInfo", "--allow-read=names.txt,m.safetensors,m.safetensors.7-ab.part", "--allow-write=m.safetensors,m.safetensors.7-ab.part"]
 * ```
 */
export function permissionFlags(
  options: RunOptions,
  parts: Parts = {},
): string[] {
  const { reads, writes } = trainerFiles(options, parts);
  return [
    "--allow-env=DEBUG",
    "--allow-sys=systemMemoryInfo",
    ...(reads.length ? [`--allow-read=${reads.join(",")}`] : []),
    ...(writes.length ? [`--allow-write=${writes.join(",")}`] : []),
  ];
}
