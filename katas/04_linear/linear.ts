// Kata 04 · linear: your file. Replace each "not implemented" throw with your
// code; the lesson is README.md beside this file. Made from
// solutions/04_linear/linear.ts by `deno task stubs`.
// deno-lint-ignore-file no-unused-vars
/**
 * Kata 04 · linear: the matrix × vector product, on {@link Value} nodes.
 *
 * microgpt.py, "Define the model architecture": `linear(x, w)`, the first of its three helper
 * functions. Every layer of the GPT (the q, k, v and output projections, the MLP, the logits)
 * is a `linear`. Python's built-in `sum`, which it uses, is {@link sum} here: later katas
 * use it too.
 *
 * @module
 */
import { Value } from "../02_value/value.ts";

/**
 * The sum of `values`, as Python's `sum`: start from 0, add each value left to right.
 * Gradients flow back to every value (each gets d(sum)/d(value) = 1).
 *
 * @example
 * ```ts
 * import { Value } from "../02_value/value.ts";
 * sum([new Value(1), new Value(2), new Value(3)]).data; // ((0 + 1) + 2) + 3 = 6
 * ```
 */
export function sum(values: readonly Value[]): Value {
  throw new Error("not implemented: sum, see README.md");
}

/**
 * `w` × `x`: one output per row of `w`, the dot product of that row with `x`
 * (`sum(w[r][0]·x[0], w[r][1]·x[1], …)`). `w` is [nout][nin], `x` is [nin], the result [nout].
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
  throw new Error("not implemented: linear, see README.md");
}
