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
    //#region answer: Value.add
    if (typeof other === "number") {
      return new Value(this.data + other, [this], [1]);
    }
    return new Value(this.data + other.data, [this, other], [1, 1]);
    //#endregion
  }

  /**
   * this · other. d/dthis = other, d/dother = this (the product rule). A plain number is not
   * made a node: `a.mul(3)` has the one child `a`, with local grad 3.
   */
  mul(other: Value | number): Value {
    //#region answer: Value.mul
    if (typeof other === "number") {
      return new Value(this.data * other, [this], [other]);
    }
    return new Value(this.data * other.data, [this, other], [
      other.data,
      this.data,
    ]);
    //#endregion
  }

  /** this ** n for a plain number n. d/dthis = n · this^(n-1) (the power rule). */
  pow(n: number): Value {
    //#region answer: Value.pow
    return new Value(this.data ** n, [this], [n * this.data ** (n - 1)]);
    //#endregion
  }

  /** Natural log (this > 0). d/dthis = 1 / this. */
  log(): Value {
    //#region answer: Value.log
    return new Value(Math.log(this.data), [this], [1 / this.data]);
    //#endregion
  }

  /** e ** this. d/dthis = e ** this: exp is its own derivative. */
  exp(): Value {
    //#region answer: Value.exp
    return new Value(Math.exp(this.data), [this], [Math.exp(this.data)]);
    //#endregion
  }

  /** max(0, this). d/dthis = 1 where this > 0, else 0. */
  relu(): Value {
    //#region answer: Value.relu
    return new Value(Math.max(0, this.data), [this], [this.data > 0 ? 1 : 0]);
    //#endregion
  }

  // The rest are built from the ops above, as in microgpt.py, so they need no rules of their own.

  /** -this, as this · -1. */
  neg(): Value {
    //#region answer: Value.neg
    return this.mul(-1);
    //#endregion
  }

  /** this - other, as this + (-other): for a plain number, -other is a number too. */
  sub(other: Value | number): Value {
    //#region answer: Value.sub
    return this.add(typeof other === "number" ? -other : other.neg());
    //#endregion
  }

  /** this / other, as this · other^-1: for a plain number, other^-1 is a number too. */
  div(other: Value | number): Value {
    //#region answer: Value.div
    return this.mul(typeof other === "number" ? other ** -1 : other.pow(-1));
    //#endregion
  }

  /**
   * other - this, for a plain number on the left: Python's `__rsub__`, `other + (-self)`,
   * which Python computes as (-self) + other.
   */
  rsub(other: Value | number): Value {
    //#region answer: Value.rsub
    return this.neg().add(other);
    //#endregion
  }

  /**
   * other / this, for a plain number on the left: Python's `__rtruediv__`, `other * self**-1`,
   * which Python computes as self**-1 · other.
   */
  rdiv(other: Value | number): Value {
    //#region answer: Value.rdiv
    return this.pow(-1).mul(other);
    //#endregion
  }
}
