/**
 * Typical mistakes in kata 02 (value), planted in `solutions/02_value/value.ts`.
 *
 * @module
 */
import { D } from "../value_suite.ts";
import type { Mutant } from "./mutant.ts";

const file = "02_value/value.ts";

/** Kata 02's mutants. */
export const valueMutants: readonly Mutant[] = [
  {
    name: "product rule with the grads swapped",
    file,
    edits: [[`[o.data, this.data]`, `[this.data, o.data]`]],
    expect: D.swappedProduct,
  },
  {
    name: "power rule without the -1 in the exponent",
    file,
    edits: [[`[n * this.data ** (n - 1)]`, `[n * this.data ** n]`]],
    expect: D.powNoMinusOne,
  },
  {
    name: "log's local grad taken as a instead of 1/a",
    file,
    edits: [[`[1 / this.data]`, `[this.data]`]],
    expect: D.logAsA,
  },
  {
    name: "exp's local grad taken as 1",
    file,
    edits: [[`, [Math.exp(this.data)]);`, `, [1]);`]],
    expect: D.expOne,
  },
  {
    name: "relu's output used as its local grad",
    file,
    edits: [[`[this.data > 0 ? 1 : 0]`, `[Math.max(0, this.data)]`]],
    expect: D.reluOutput,
  },
  {
    name: "sub computes b - a",
    file,
    edits: [[
      `return this.add(Value.of(other).neg());`,
      `return Value.of(other).add(this.neg());`,
    ]],
    expect: D.swapped,
  },
  {
    name: "div computes b / a",
    file,
    edits: [[
      `return this.mul(Value.of(other).pow(-1));`,
      `return Value.of(other).mul(this.pow(-1));`,
    ]],
    expect: D.swapped,
  },
  {
    name: "add uses a plain number as if it were a Value",
    file,
    edits: [[
      `const o = Value.of(other);\n    return new Value(this.data + o.data`,
      `const o = other as Value;\n    return new Value(this.data + o.data`,
    ]],
    expect: D.plainNumber,
  },
  {
    name: "neg makes a fresh leaf with no link to its input",
    file,
    edits: [[`return this.mul(-1);`, `return new Value(-this.data);`]],
    expect: D.noLink,
  },
  {
    name: "power rule without the factor n",
    file,
    edits: [[`[n * this.data ** (n - 1)]`, `[this.data ** (n - 1)]`]],
    expect: D.powNoFactor,
  },
  {
    name: "pow computed as exp(n·log(a)), NaN for negative a",
    file,
    edits: [[
      `return new Value(this.data ** n, [this]`,
      `return new Value(Math.exp(n * Math.log(this.data)), [this]`,
    ]],
    expect: D.powViaLog,
  },
  {
    name: "mul uses a plain number as if it were a Value",
    file,
    edits: [[
      `const o = Value.of(other);\n    return new Value(this.data * o.data`,
      `const o = other as Value;\n    return new Value(this.data * o.data`,
    ]],
    expect: D.plainNumber,
  },
  {
    name: "add stores its children as [other, this]",
    file,
    edits: [[`[this, o], [1, 1]`, `[o, this], [1, 1]`]],
    expect: D.childrenOrder,
  },
  {
    name: "Value.of copies a Value into a new leaf",
    file,
    edits: [[
      `return x instanceof Value ? x : new Value(x);`,
      `return new Value(x instanceof Value ? x.data : x);`,
    ]],
    expect: D.ofCopies,
  },
  {
    name: "pow's local grad written as n·a^n / a (NaN at a = 0)",
    file,
    edits: [[`[n * this.data ** (n - 1)]`, `[n * this.data ** n / this.data]`]],
    expect: D.powDivided,
  },
  {
    name: "log's local grad taken as ln a",
    file,
    edits: [[`[1 / this.data]`, `[Math.log(this.data)]`]],
    expect: D.logAsLog,
  },
  {
    name: "exp's local grad taken as a",
    file,
    edits: [[`, [Math.exp(this.data)]);`, `, [this.data]);`]],
    expect: D.expA,
  },
  {
    name: "relu's local grad is 1 everywhere",
    file,
    edits: [[`[this.data > 0 ? 1 : 0]`, `[1]`]],
    expect: D.reluOne,
  },
  {
    name: "relu's local grad uses >= 0, so it is 1 at exactly 0",
    file,
    edits: [[`[this.data > 0 ? 1 : 0]`, `[this.data >= 0 ? 1 : 0]`]],
    expect: D.reluAtZero,
  },
  {
    name: "neg multiplies by 1 instead of -1",
    file,
    edits: [[`return this.mul(-1);`, `return this.mul(1);`]],
    expect: D.negPlus,
  },
  {
    name: "sub gets a derivative rule of its own instead of a + (-b)",
    file,
    edits: [[
      `return this.add(Value.of(other).neg());`,
      `const o = Value.of(other);\n    return new Value(this.data - o.data, [this, o], [1, -1]);`,
    ]],
    expect: D.ownRule,
  },
  {
    name: "rsub(b) computes a - b",
    file,
    edits: [[
      `return Value.of(other).add(this.neg());`,
      `return this.sub(other);`,
    ]],
    expect: D.rsubWrong,
  },
  {
    name: "rdiv(b) computes a / b",
    file,
    edits: [[
      `return Value.of(other).mul(this.pow(-1));`,
      `return this.div(other);`,
    ]],
    expect: D.rdivWrong,
  },
];
