/**
 * Gradients: central differences ({@link numericGrad}), the reduction of a vector output to
 * one loss with random weights ({@link weighted}), and the gradient check every kata from 04
 * on uses ({@link checkGradients}): build the kata's outputs from leaf nodes of the learner's
 * own `Value`, reduce them to one loss, run the learner's own `backward`, and compare the
 * gradient of every input with the central difference of the suite's plain-number reference.
 *
 * @module
 */
import { GRADIENT, isClose, offBy } from "./compare.ts";
import type { Diagnosis } from "./diagnosis.ts";
import { CheckFailure } from "./failure.ts";

/**
 * The central-difference estimate of the gradient of `f` at `x`:
 * `(f(x + h·e_i) - f(x - h·e_i)) / 2h` for every coordinate `i`.
 *
 * @example
 * ```ts
 * numericGrad(([a, b]) => a * b, [2, 3]); // ≈ [3, 2]
 * ```
 */
export function numericGrad(
  f: (x: number[]) => number,
  x: readonly number[],
  h = 1e-5,
): number[] {
  return x.map((_, i) => {
    const plus = [...x];
    const minus = [...x];
    plus[i] += h;
    minus[i] -= h;
    return (f(plus) - f(minus)) / (2 * h);
  });
}

/** What {@link weighted} needs of a node: the learner's `Value` has it. */
export interface Scalable<V> {
  /** this + other */
  add(other: V | number): V;
  /** this · other */
  mul(other: V | number): V;
}

/**
 * Reduces a vector output to one number with random weights, `o[0]·w[0] + o[1]·w[1] + …`, so
 * that a gradient check on the result tests every output (a plain sum would hide mistakes
 * that cancel). On nodes (the learner's `Value`s) it builds the same sum as a graph.
 *
 * @example
 * ```ts
 * weighted([1, 2], [0.5, -1]); // 0.5 - 2 = -1.5
 * ```
 */
export function weighted(
  outputs: readonly number[],
  weights: readonly number[],
): number;
/** The same reduction on nodes: a graph whose root is the weighted sum. */
export function weighted<V extends Scalable<V>>(
  outputs: readonly V[],
  weights: readonly number[],
): V;
export function weighted<V extends Scalable<V>>(
  outputs: readonly (number | V)[],
  weights: readonly number[],
): number | V {
  if (outputs.every((o) => typeof o === "number")) {
    return (outputs as number[]).reduce((acc, o, i) => acc + o * weights[i], 0);
  }
  const nodes = outputs as V[];
  return nodes.slice(1).reduce(
    (acc, o, i) => acc.add(o.mul(weights[i + 1])),
    nodes[0].mul(weights[0]),
  );
}

/** What the gradient check needs of the learner's `Value`. */
export interface GradNode<V> extends Scalable<V> {
  /** The forward value. */
  readonly data: number;
  /** d(loss)/d(this), set by `backward`. */
  readonly grad: number;
}

/** One gradient check: the inputs, how the learner's code and the reference use them. */
export interface GradientCase<V> {
  /** What is differentiated, for the message: `"linear(x, w)"`. */
  readonly what: string;
  /** Every input, flattened to plain numbers. */
  readonly params: readonly number[];
  /** The name of input `i` in the learner's terms: `"w[1][0]"`. */
  readonly label: (i: number) => string;
  /** The outputs, computed by the learner's code from one leaf node per input. */
  readonly build: (leaves: V[]) => readonly V[];
  /** The same outputs on plain numbers, computed by the suite's reference. */
  readonly plain: (params: readonly number[]) => readonly number[];
  /** One random weight per output (from the harness's `weights`). */
  readonly weights: readonly number[];
  /**
   * The inputs whose gradients are compared (all by default): for a model with many weights,
   * a random sample of them keeps the central differences cheap.
   */
  readonly coords?: readonly number[];
  /**
   * Names the mistake, given the learner's gradients and the central differences, when they
   * differ in a way a known mistake explains.
   */
  readonly diagnose?: (
    grads: readonly number[],
    numeric: readonly number[],
  ) => Diagnosis | undefined;
}

/**
 * Throws a {@link CheckFailure} naming the first input whose gradient, from the learner's
 * `backward` through the learner's nodes, differs from the central difference of the
 * reference by more than {@link GRADIENT} (among `coords`, when given; elsewhere the
 * `numeric` handed to `diagnose` repeats the learner's gradient).
 */
export function checkGradients<V extends GradNode<V>>(
  leaf: (x: number) => V,
  backward: (root: V) => void,
  c: GradientCase<V>,
): void {
  const leaves = c.params.map(leaf);
  const loss = weighted(c.build(leaves), c.weights);
  const f = (p: number[]) => weighted([...c.plain(p)], c.weights);
  // A wrong forward value makes every gradient wrong too: say so, not "your backward".
  const value = f([...c.params]);
  if (!isClose(loss.data, value, { rtol: 1e-9, atol: 1e-12 })) {
    throw new CheckFailure(
      `the loss of ${c.what} is ${loss.data}, expected ${value} (${
        Number.isFinite(loss.data) ? offBy(loss.data, value) : "not a number"
      }): the forward ` +
        `computation is wrong, so its gradients cannot be right either; fix the values first`,
    );
  }
  backward(loss);
  const grads = leaves.map((l) => l.grad);
  const coords = new Set(c.coords ?? c.params.keys());
  // The central difference in input k (numericGrad's, one coordinate at a time).
  const central = (k: number, h?: number) =>
    numericGrad(
      ([x]) => {
        const p = [...c.params];
        p[k] = x;
        return f(p);
      },
      [c.params[k]],
      h,
    )[0];
  const numeric = grads.map((g, k) => coords.has(k) ? central(k) : g);
  // Near a kink (relu at 0) the step h = 1e-5 can straddle it: a gradient that matches the
  // central difference with h = 1e-7 is right.
  const i = grads.findIndex((g, k) =>
    !isClose(g, numeric[k], GRADIENT) && !isClose(g, central(k, 1e-7), GRADIENT)
  );
  if (i < 0) return;
  throw new CheckFailure(
    `d(loss)/d(${c.label(i)}): your backward gave ${
      grads[i]
    }, the central difference ` +
      `${numeric[i]}${
        gradientGap(grads[i], numeric[i])
      } (loss = the outputs of ${c.what} times random weights ` +
      `[${c.weights.join(", ")}], summed)`,
    c.diagnose?.(grads, numeric),
  );
}

/** How far a gradient is from the central difference, past the latter's own error. */
function gradientGap(grad: number, numeric: number): string {
  if (!Number.isFinite(grad) || !Number.isFinite(numeric)) return "";
  return `, ${
    offBy(grad, numeric)
  }: more than a central difference's own error (about 1e-6), so the gradient is wrong`;
}

/** Whether every gradient in `grads[from..to)` is 0 where the central difference is not. */
export function allZero(
  grads: readonly number[],
  numeric: readonly number[],
  from = 0,
  to = grads.length,
): boolean {
  const g = grads.slice(from, to);
  return g.every((x) => x === 0) &&
    numeric.slice(from, to).some((n) => !isClose(n, 0, GRADIENT));
}
