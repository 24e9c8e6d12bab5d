/**
 * The graphs `deno task graph` has built in: the worked examples of lessons 02–07, with the
 * lessons' own numbers, and one training step of microgpt's model. Each is built with the
 * katas of one tree, `solutions/` or, with `--mine`, the learner's `katas/` (whose modules
 * import each other, so every node comes from the learner's `Value`).
 *
 * @module
 */
import { Random } from "../lib/random.ts";
import { courseEntry } from "../course/manifest.ts";
import type * as ValueModule from "../solutions/02_value/value.ts";
import type * as LinearModule from "../solutions/04_linear/linear.ts";
import type * as SoftmaxModule from "../solutions/05_softmax/softmax.ts";
import type * as RmsnormModule from "../solutions/06_rmsnorm/rmsnorm.ts";
import type * as AttentionModule from "../solutions/07_attention/attention.ts";
import type * as GptModule from "../solutions/08_gpt/gpt.ts";
import type * as TrainModule from "../solutions/11_train/train.ts";
import type { Value } from "../solutions/02_value/value.ts";
import type { Backward } from "./graph_model.ts";
import type { GraphValue } from "./graph_ops.ts";

/** Where the katas come from: the reference solutions, or the learner's own. */
export type Tree = "solutions" | "katas";

/** The module of kata `kata` (`"04_linear"`) in `tree`, imported at run time. */
export async function loadKata<T>(tree: Tree, kata: string): Promise<T> {
  const path = `../${tree}/${kata}/${courseEntry(kata).module}`;
  // deno-lint-ignore house/layers -- a kata's module, solutions/ or katas/: both below app/
  return await import(new URL(path, import.meta.url).href) as T;
}

/**
 * Kata 03's `topoSort` and `backward` from `tree`.
 *
 * @example
 * ```ts
 * const { topoSort } = await loadBackward("solutions");
 * ```
 */
export function loadBackward(tree: Tree): Promise<Backward> {
  return loadKata<Backward>(tree, "03_backward");
}

/** A built-in graph. */
export interface Example {
  /** Its name on the command line: `"softmax"`. */
  readonly name: string;
  /** The lesson it comes from: `"05_softmax"`. */
  readonly kata: string;
  /** What it is, for `--list`. */
  readonly what: string;
  /** Builds it with the katas of `tree`; the root is the node returned. */
  build(tree: Tree): Promise<GraphValue>;
}

/** Kata 02's `Value` class from `tree`. */
async function valueClass(tree: Tree): Promise<typeof ValueModule.Value> {
  return (await loadKata<typeof ValueModule>(tree, "02_value")).Value;
}

/**
 * `value`, given the display name `name` (the graph shows it on the node): a `name` field
 * set on it, as a module of the learner's may set one too.
 */
function named<T extends Value>(value: T, name: string): T {
  try {
    (value as T & { name?: string }).name = name;
  } catch {
    // A learner's Value whose `name` is read-only keeps its own: the node shows that.
  }
  return value;
}

/** Leaves holding `xs`, named `name[0]`, `name[1]`…, or with `names` when given as a list. */
async function leaves(
  tree: Tree,
  xs: readonly number[],
  names: string | readonly string[],
): Promise<Value[]> {
  const V = await valueClass(tree);
  return xs.map((x, i) =>
    named(new V(x), typeof names === "string" ? `${names}[${i}]` : names[i])
  );
}

/** The matrix `rows` as leaves named `name[i][j]`. */
async function matrix(
  tree: Tree,
  rows: readonly (readonly number[])[],
  name: string,
): Promise<Value[][]> {
  return await Promise.all(
    rows.map((row, i) => leaves(tree, row, `${name}[${i}]`)),
  );
}

/** The identity matrix of size 2, as leaves named `name[i][j]`. */
function identity(tree: Tree, name: string): Promise<Value[][]> {
  return matrix(tree, [[1, 0], [0, 1]], name);
}

/** Every built-in graph, in the lessons' order; `step` last. */
export const EXAMPLES: readonly Example[] = [
  {
    name: "value",
    kata: "02_value",
    what: "lesson 02: a = 2, b = 3, c = a · b, d = c + 1",
    build: async (tree) => {
      const [a, b] = await leaves(tree, [2, 3], ["a", "b"]);
      return named(named(a.mul(b), "c").add(1), "d");
    },
  },
  {
    name: "backward",
    kata: "03_backward",
    what: "lesson 03's worked example: a = 3, b = a + a, c = b + b",
    build: async (tree) => {
      const [a] = await leaves(tree, [3], ["a"]);
      const b = named(a.add(a), "b");
      return named(b.add(b), "c");
    },
  },
  {
    name: "x-plus-3x",
    kata: "03_backward",
    what: "lesson 03: L = x + 3x with x = 2, so dL/dx = 4",
    build: async (tree) => {
      const [x] = await leaves(tree, [2], ["x"]);
      return named(x.add(named(x.mul(3), "3x")), "L");
    },
  },
  {
    name: "linear",
    kata: "04_linear",
    what: "lesson 04: L = out[0] + out[1], out = linear(x, w), x = [0.5, 2], " +
      "w = [[1, 2], [3, -1]]",
    build: async (tree) => {
      const { linear } = await loadKata<typeof LinearModule>(tree, "04_linear");
      const x = await leaves(tree, [0.5, 2], "x");
      const w = await matrix(tree, [[1, 2], [3, -1]], "w");
      const out = linear(x, w).map((o, i) => named(o, `out[${i}]`));
      return named(out[0].add(out[1]), "L");
    },
  },
  {
    name: "softmax",
    kata: "05_softmax",
    what: "lesson 05: Σ w_i · p_i, p = softmax([1, 2, 3]), w = [0.5, -1.5, 2]",
    build: async (tree) => {
      const { sum } = await loadKata<typeof LinearModule>(tree, "04_linear");
      const { softmax } = await loadKata<typeof SoftmaxModule>(
        tree,
        "05_softmax",
      );
      const w = [0.5, -1.5, 2];
      const p = softmax(await leaves(tree, [1, 2, 3], "logits"))
        .map((pi, i) => named(pi, `p[${i}]`));
      return named(sum(p.map((pi, i) => pi.mul(w[i]))), "L");
    },
  },
  {
    name: "rmsnorm",
    kata: "06_rmsnorm",
    what: "lesson 06: y_0 of rmsnorm([3, -4])",
    build: async (tree) => {
      const { rmsnorm } = await loadKata<typeof RmsnormModule>(
        tree,
        "06_rmsnorm",
      );
      return named(rmsnorm(await leaves(tree, [3, -4], "x"))[0], "y[0]");
    },
  },
  {
    name: "attention",
    kata: "07_attention",
    what:
      "lesson 07: position 1's second output, one head, identity weights, " +
      "x0 = [1, 0], x1 = [1, 1]",
    build: async (tree) => {
      const { attention } = await loadKata<typeof AttentionModule>(
        tree,
        "07_attention",
      );
      const w = {
        wq: await identity(tree, "wq"),
        wk: await identity(tree, "wk"),
        wv: await identity(tree, "wv"),
        wo: await identity(tree, "wo"),
      };
      const keys: Value[][] = [];
      const values: Value[][] = [];
      attention(await leaves(tree, [1, 0], "x0"), w, keys, values, 1);
      const out = attention(
        await leaves(tree, [1, 1], "x1"),
        w,
        keys,
        values,
        1,
      );
      return named(out[1], "out[1]");
    },
  },
  {
    name: "step",
    kata: "11_train",
    what:
      'one training step of microgpt\'s model (seed 42) on "emma": its loss',
    build: async (tree) => {
      const { createGpt, MICROGPT } = await loadKata<typeof GptModule>(
        tree,
        "08_gpt",
      );
      const { documentLoss } = await loadKata<typeof TrainModule>(
        tree,
        "11_train",
      );
      const model = createGpt(MICROGPT, new Random(42));
      const bos = MICROGPT.vocabSize - 1; // the tokens of a–z are 0–25
      const emma = [..."emma"].map((c) => c.charCodeAt(0) - 97);
      return documentLoss(model, [bos, ...emma, bos]);
    },
  },
];

/**
 * The built-ins whose pictures the lessons show, one per lesson from 02 to 07, each as
 * `graph.svg` beside the lesson (written by `deno task generate`).
 */
export const LESSON_PICTURES: readonly string[] = [
  "value",
  "backward",
  "linear",
  "softmax",
  "rmsnorm",
  "attention",
];

/**
 * The built-in graph called `name`, if there is one.
 *
 * @example
 * ```ts
 * findExample("softmax")?.kata; // "05_softmax"
 * ```
 */
export function findExample(name: string): Example | undefined {
  return EXAMPLES.find((e) => e.name === name);
}
