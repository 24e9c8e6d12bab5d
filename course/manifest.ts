/**
 * The course: every kata, in order, with its files and the earlier katas it uses. This is
 * the one place these facts are written; the kata runner, the gates, the registry of suites
 * (`tests/meta/katas.ts`), the thin `*_test.ts` files and the tables of the READMEs are read
 * or generated from it.
 *
 * @module
 */

/** One kata of the course. */
export interface KataEntry {
  /** The folder name, in `katas/` and `solutions/`: `"05_softmax"`. */
  readonly kata: string;
  /** The learner's module, inside the folder: `"softmax.ts"`. */
  readonly module: string;
  /**
   * Modules of the folder that are given, not written: the learner reads them and does not
   * change them (copied as they are into `katas/`).
   */
  readonly given: readonly string[];
  /**
   * The earlier katas whose modules this kata's suite is handed, in order: its code builds
   * on them, and their checks run first (the gate).
   */
  readonly uses: readonly string[];
  /** What the learner builds, in a few words (the map's table, `katas/README.md`). */
  readonly builds: string;
  /** Where it sits in microgpt.py (the map's table). */
  readonly inMicrogpt: string;
  /** What the learner builds, as the top README's table of the katas names it. */
  readonly summary: string;
  /**
   * A person's estimate for the workshop's schedule (WORKSHOP.md's table of the katas), not
   * a measurement: the minutes a learner at ease with TypeScript and new to backpropagation
   * takes, reading the lesson included, judged from the code to write, the lesson's length
   * and how hard the idea is, which `difficulty` says.
   */
  readonly estimate: {
    readonly minutes: number;
    readonly difficulty: "easy" | "medium" | "hard";
  };
}

const V = "02_value";
const B = "03_backward";
const L = "04_linear";
const S = "05_softmax";
/** Kata 11 puts every earlier kata together; kata 12 checks itself against all of them. */
const TRAIN_USES = [
  "01_tokenizer",
  V,
  B,
  L,
  S,
  "06_rmsnorm",
  "07_attention",
  "08_gpt",
  "09_adam",
  "10_sampler",
];

/** Every kata, in order. */
export const COURSE: readonly KataEntry[] = [
  {
    kata: "01_tokenizer",
    module: "tokenizer.ts",
    given: [],
    uses: [],
    builds: "characters ↔ token ids, with the BOS token",
    inMicrogpt: "the tokenizer: `uchars`, `BOS`, `vocab_size`",
    summary: "characters ↔ token ids, with the BOS token",
    estimate: { minutes: 30, difficulty: "easy" },
  },
  {
    kata: "02_value",
    module: "value.ts",
    given: [],
    uses: [],
    builds: "`Value`: a number that remembers how it was computed",
    inMicrogpt: "the `Value` class: its operations and their local gradients",
    summary:
      "`Value`: a number that remembers how it was computed (add, mul, pow, log…)",
    estimate: { minutes: 45, difficulty: "easy" },
  },
  {
    kata: "03_backward",
    module: "backward.ts",
    given: [],
    uses: [V],
    builds: "backpropagation: a topological sort and the chain rule",
    inMicrogpt: "`Value.backward()`, the end of the `Value` class",
    summary:
      "backpropagation: topological sort and the chain rule, without recursion",
    estimate: { minutes: 75, difficulty: "hard" },
  },
  {
    kata: "04_linear",
    module: "linear.ts",
    given: [],
    uses: [V, B],
    builds: "`sum`, `dot` and matrix × vector, one node per sum",
    inMicrogpt: "the `linear` helper (and Python's `sum`)",
    summary: "`sum`, `dot` and matrix × vector on `Value`s, one node per sum",
    estimate: { minutes: 25, difficulty: "easy" },
  },
  {
    kata: "05_softmax",
    module: "softmax.ts",
    given: [],
    uses: [V, B, L],
    builds: "logits to probabilities, without overflow",
    inMicrogpt: "the `softmax` helper",
    summary: "logits to probabilities, numerically stable",
    estimate: { minutes: 30, difficulty: "easy" },
  },
  {
    kata: "06_rmsnorm",
    module: "rmsnorm.ts",
    given: [],
    uses: [V, B, L],
    builds: "a vector rescaled to a root mean square of 1",
    inMicrogpt: "the `rmsnorm` helper",
    summary: "RMS normalisation",
    estimate: { minutes: 25, difficulty: "easy" },
  },
  {
    kata: "07_attention",
    module: "attention.ts",
    given: [],
    uses: [V, B, L, S],
    builds: "multi-head causal self-attention with a KV cache",
    inMicrogpt: "the `gpt()` function's attention block",
    summary: "multi-head causal self-attention with a KV cache",
    estimate: { minutes: 75, difficulty: "hard" },
  },
  {
    kata: "08_gpt",
    module: "gpt.ts",
    given: [],
    uses: [V, B, L, S, "06_rmsnorm", "07_attention"],
    builds: "the parameters and one forward step of the whole model",
    inMicrogpt:
      "the parameters (`state_dict`, `params`) and the `gpt()` function",
    summary: "the parameters and the whole forward pass",
    estimate: { minutes: 75, difficulty: "hard" },
  },
  {
    kata: "09_adam",
    module: "adam.ts",
    given: [],
    uses: [V],
    builds: "Adam's update, with the learning rate decaying linearly",
    inMicrogpt: "the Adam update in the training loop",
    summary: "the Adam optimizer with linear learning-rate decay",
    estimate: { minutes: 35, difficulty: "medium" },
  },
  {
    kata: "10_sampler",
    module: "sampler.ts",
    given: [],
    uses: [V, B, L, S],
    builds: "one new name, drawn token by token at a temperature",
    inMicrogpt: "the inference loop, for one name",
    summary: "temperature sampling of new names",
    estimate: { minutes: 35, difficulty: "medium" },
  },
  {
    kata: "11_train",
    module: "train.ts",
    given: [],
    uses: TRAIN_USES,
    builds: "the program: shuffle, train, sample",
    inMicrogpt:
      "the top level: the shuffle, the training loop and the inference loop",
    summary:
      "the training loop and the samples: all of microgpt.py, from your katas",
    estimate: { minutes: 60, difficulty: "medium" },
  },
  {
    kata: "12_efficiency",
    module: "efficiency.ts",
    given: ["engine.ts"],
    uses: [...TRAIN_USES, "11_train"],
    builds: "the same GPT on `Float64Array`s, backward pass by hand",
    inMicrogpt: "all of it again, `loss.backward()` written out per layer",
    summary: "a Float64Array engine, proven equal to the scalar one",
    estimate: { minutes: 120, difficulty: "hard" },
  },
];

/** A kata's number, `"05"`, from its folder name. */
export function kataNumber(kata: string): string {
  return kata.slice(0, 2);
}

/** A kata's topic, `"softmax"`, from its folder name: its module key and file stem. */
export function kataTopic(kata: string): string {
  return kata.slice(3);
}

/**
 * A kata as the learner reads it, from its folder name: the prefix of its checks' names
 * (`"05 softmax: …"`), and how the kata runner and `--mine` name it.
 *
 * @example
 * ```ts
 * kataTitle("05_softmax"); // "05 softmax"
 * ```
 */
export function kataTitle(kata: string): string {
  return kata.replace("_", " ");
}

/**
 * The entry of the kata `kata`; throws when the course has none.
 *
 * @example
 * ```ts
 * courseEntry("05_softmax").uses; // ["02_value", "03_backward", "04_linear"]
 * ```
 */
export function courseEntry(kata: string): KataEntry {
  const entry = COURSE.find((e) => e.kata === kata);
  if (!entry) throw new Error(`the course has no kata ${kata}`);
  return entry;
}

/**
 * The module files a kata's suite is handed, inside a tree, each under its key: the earlier
 * katas' modules it uses, then its own.
 *
 * @example
 * ```ts
 * suiteModules("03_backward");
 * // { value: "02_value/value.ts", backward: "03_backward/backward.ts" }
 * ```
 */
export function suiteModules(kata: string): Record<string, string> {
  const entry = courseEntry(kata);
  const modules: Record<string, string> = {};
  for (const k of [...entry.uses, kata]) {
    modules[kataTopic(k)] = `${k}/${courseEntry(k).module}`;
  }
  return modules;
}

/** Imports one module of a tree, by its path inside the tree: `"02_value/value.ts"`. */
export type Importer = (path: string) => Promise<unknown>;

/**
 * Each module of `modules` (key → path inside a tree, as {@link suiteModules} gives them)
 * loaded by `load`, under its key: what a suite is handed.
 *
 * @example
 * ```ts
 * const solutions = new URL("../solutions/", import.meta.url);
 * const impl = await loadModules(
 *   suiteModules("03_backward"),
 *   (path) => import(new URL(path, solutions).href),
 * );
 * Object.keys(impl); // ["value", "backward"]
 * ```
 */
export async function loadModules(
  modules: Readonly<Record<string, string>>,
  load: Importer,
): Promise<Record<string, unknown>> {
  const impl: Record<string, unknown> = {};
  for (const [key, path] of Object.entries(modules)) {
    impl[key] = await load(path);
  }
  return impl;
}
