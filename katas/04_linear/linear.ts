// Kata 04 · linear: your file. Replace each "not implemented" throw, and the
// `void` line above it (there only so that deno lint accepts what the throw
// leaves unused), with your code; the lesson is README.md beside this file.
// Made from solutions/04_linear/linear.ts by `deno task stubs`.
/**
 * Kata 04 · linear: the matrix × vector product, on {@link Value} nodes.
 *
 * microgpt.py, "Define the model architecture": `linear(x, w)`, the first of its three helper
 * functions. Every layer of the GPT (the q, k, v and output projections, the MLP, the logits)
 * is a `linear`. Python's built-in `sum`, which it uses, is {@link sum} here, and each row's
 * sum of products is one {@link dot} node: later katas use both. microgpt builds a node per
 * product and per addition; one node per sum computes the same floats with far fewer nodes.
 *
 * @module
 */
import { Value } from "../02_value/value.ts";

/**
 * The sum of `values`, as Python's `sum`: start from 0, add each value left to right. One
 * node, whatever the count: its children are the values, each with local grad 1
 * (d(sum)/d(value) = 1).
 *
 * @example
 * ```ts
 * import { Value } from "../02_value/value.ts";
 * sum([new Value(1), new Value(2), new Value(3)]).data; // ((0 + 1) + 2) + 3 = 6
 * ```
 */
export function sum(values: readonly Value[]): Value {
  void values;
  throw new Error("not implemented: sum, see README.md");
}

/**
 * The dot product a·b = a[0]·b[0] + a[1]·b[1] + …, summed as Python's `sum` does, as one
 * node: its children are a[0], b[0], a[1], b[1], …, and its local grads b[0], a[0], b[1],
 * a[1], … (d/da[i] = b[i], d/db[i] = a[i]). `a` and `b` have the same length.
 *
 * @example
 * ```ts
 * import { Value } from "../02_value/value.ts";
 * const v = (n: number) => new Value(n);
 * const d = dot([v(1), v(2)], [v(10), v(20)]);
 * d.data; // 0 + 1·10 + 2·20 = 50
 * d.localGrads; // [10, 1, 20, 2]
 * ```
 */
export function dot(a: readonly Value[], b: readonly Value[]): Value {
  void [a, b];
  throw new Error("not implemented: dot, see README.md");
}

/**
 * `w` × `x`: one output per row of `w`, the {@link dot} product of that row with `x`, one node
 * each. `w` is [nout][nin], `x` is [nin], the result [nout].
 *
 * @example
 * ```ts
 * import { Value } from "../02_value/value.ts";
 * const v = (n: number) => new Value(n);
 * const w = [[v(1), v(2)], [v(3), v(4)], [v(5), v(6)]]; // 3 rows, 2 columns
 * linear([v(10), v(1)], w).map((o) => o.data); // [12, 34, 56]
 * ```
 */
export function linear(
  x: readonly Value[],
  w: readonly (readonly Value[])[],
): Value[] {
  void [x, w];
  throw new Error("not implemented: linear, see README.md");
}
