// Kata 02 · value: your file. Replace each "not implemented" throw, and the
// `void` line above it (there only so that deno lint accepts what the throw
// leaves unused), with your code; the lesson is README.md beside this file.
// Made from solutions/02_value/value.ts by `deno task stubs`.
/**
 * Kata 02 · value: a number that remembers how it was computed.
 *
 * microgpt.py, "Let there be Autograd": the `Value` class. Each operation makes a new node
 * that keeps its inputs (`children`) and the derivative of its output with respect to each
 * input (`localGrads`). Kata 03 walks these nodes backwards to compute gradients.
 *
 * @module
 */

/**
 * A scalar node of the computation graph.
 *
 * @example
 * ```ts
 * const a = new Value(2);
 * const b = new Value(3);
 * const c = a.mul(b).add(1); // 2 * 3 + 1
 * c.data; // 7
 * ```
 */
export class Value {
  /** The number computed in the forward pass. */
  data: number;
  /** d(loss)/d(this node), filled in by the backward pass (kata 03). */
  grad = 0;
  /** The nodes this one was computed from. */
  readonly children: readonly Value[];
  /** d(this)/d(child) for each child, in the same order as `children`. */
  readonly localGrads: readonly number[];
  /** Kata 03's visit mark: the number of the last `topoSort` that reached this node as a child. */
  mark = 0;

  /** A node holding `data`; ops pass the inputs and local derivatives it came from. */
  constructor(
    data: number,
    children: readonly Value[] = [],
    localGrads: readonly number[] = [],
  ) {
    this.data = data;
    this.children = children;
    this.localGrads = localGrads;
  }

  /**
   * this + other. d/dthis = 1, d/dother = 1. A plain number is not made a node: it needs no
   * gradient, so `a.add(3)` has the one child `a`.
   */
  add(other: Value | number): Value {
    void other;
    throw new Error("not implemented: Value.add, see README.md");
  }

  /**
   * this · other. d/dthis = other, d/dother = this (the product rule). A plain number is not
   * made a node: `a.mul(3)` has the one child `a`, with local grad 3.
   */
  mul(other: Value | number): Value {
    void other;
    throw new Error("not implemented: Value.mul, see README.md");
  }

  /** this ** n for a plain number n. d/dthis = n · this^(n-1) (the power rule). */
  pow(n: number): Value {
    void n;
    throw new Error("not implemented: Value.pow, see README.md");
  }

  /** Natural log (this > 0). d/dthis = 1 / this. */
  log(): Value {
    throw new Error("not implemented: Value.log, see README.md");
  }

  /** e ** this. d/dthis = e ** this: exp is its own derivative. */
  exp(): Value {
    throw new Error("not implemented: Value.exp, see README.md");
  }

  /** max(0, this). d/dthis = 1 where this > 0, else 0. */
  relu(): Value {
    throw new Error("not implemented: Value.relu, see README.md");
  }

  // The rest are built from the ops above, as in microgpt.py, so they need no rules of their own.

  /** -this, as this · -1. */
  neg(): Value {
    throw new Error("not implemented: Value.neg, see README.md");
  }

  /** this - other, as this + (-other): for a plain number, -other is a number too. */
  sub(other: Value | number): Value {
    void other;
    throw new Error("not implemented: Value.sub, see README.md");
  }

  /** this / other, as this · other^-1: for a plain number, other^-1 is a number too. */
  div(other: Value | number): Value {
    void other;
    throw new Error("not implemented: Value.div, see README.md");
  }

  /**
   * other - this, for a plain number on the left: Python's `__rsub__`, `other + (-self)`,
   * which Python computes as (-self) + other.
   */
  rsub(other: Value | number): Value {
    void other;
    throw new Error("not implemented: Value.rsub, see README.md");
  }

  /**
   * other / this, for a plain number on the left: Python's `__rtruediv__`, `other * self**-1`,
   * which Python computes as self**-1 · other.
   */
  rdiv(other: Value | number): Value {
    void other;
    throw new Error("not implemented: Value.rdiv, see README.md");
  }
}
