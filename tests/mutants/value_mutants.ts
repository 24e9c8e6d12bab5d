/**
 * Typical mistakes in kata 02 (value), planted in `solutions/02_value/value.ts`.
 *
 * @module
 */
import { D } from "../suites/value_suite.ts";
import type { Mutant } from "./mutant.ts";

const file = "02_value/value.ts";

/** The body of the solution's `add`. */
const ADD = `if (typeof other === "number") {
      return new Value(this.data + other, [this], [1]);
    }
    return new Value(this.data + other.data, [this, other], [1, 1]);`;

/** The body of the solution's `mul`. */
const MUL = `if (typeof other === "number") {
      return new Value(this.data * other, [this], [other]);
    }
    return new Value(this.data * other.data, [this, other], [
      other.data,
      this.data,
    ]);`;

/** Kata 02's mutants. */
export const valueMutants: readonly Mutant[] = [
  {
    name: "product rule with the grads swapped",
    file,
    edits: [[
      `other.data,\n      this.data,\n    ]`,
      `this.data,\n      other.data,\n    ]`,
    ]],
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
      `return this.add(typeof other === "number" ? -other : other.neg());`,
      `return this.neg().add(other);`,
    ]],
    expect: D.swapped,
  },
  {
    name: "div computes b / a",
    file,
    edits: [[
      `return this.mul(typeof other === "number" ? other ** -1 : other.pow(-1));`,
      `return this.pow(-1).mul(other);`,
    ]],
    expect: D.swapped,
  },
  {
    name: "add reads .data of a plain number, with no typeof check",
    file,
    edits: [[
      ADD,
      `const o = other as Value;\n    return new Value(this.data + o.data, [this, o], [1, 1]);`,
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
    name: "mul reads .data of a plain number, with no typeof check",
    file,
    edits: [[
      MUL,
      `const o = other as Value;\n    return new Value(this.data * o.data, [this, o], [o.data, this.data]);`,
    ]],
    expect: D.plainNumber,
  },
  {
    name: "add stores its children as [other, this]",
    file,
    edits: [[`[this, other], [1, 1]`, `[other, this], [1, 1]`]],
    expect: D.childrenOrder,
  },
  {
    name: "add makes a plain number a new leaf, as microgpt's Value(other)",
    file,
    edits: [[
      ADD,
      `const o = typeof other === "number" ? new Value(other) : other;\n    return new Value(this.data + o.data, [this, o], [1, 1]);`,
    ]],
    expect: D.numberLeaf,
  },
  {
    name: "mul makes a plain number a new leaf, as microgpt's Value(other)",
    file,
    edits: [[
      MUL,
      `const o = typeof other === "number" ? new Value(other) : other;\n    return new Value(this.data * o.data, [this, o], [o.data, this.data]);`,
    ]],
    expect: D.numberLeaf,
  },
  {
    name: "div makes a plain number a leaf to raise it to -1",
    file,
    edits: [[
      `return this.mul(typeof other === "number" ? other ** -1 : other.pow(-1));`,
      `const o = typeof other === "number" ? new Value(other) : other;\n    return this.mul(o.pow(-1));`,
    ]],
    expect: D.numberLeaf,
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
      `return this.add(typeof other === "number" ? -other : other.neg());`,
      `if (typeof other === "number") return this.add(-other);\n    return new Value(this.data - other.data, [this, other], [1, -1]);`,
    ]],
    expect: D.ownRule,
  },
  {
    name: "rsub(b) computes a - b",
    file,
    edits: [[`return this.neg().add(other);`, `return this.sub(other);`]],
    expect: D.rsubWrong,
  },
  {
    name: "rdiv(b) computes a / b",
    file,
    edits: [[`return this.pow(-1).mul(other);`, `return this.div(other);`]],
    expect: D.rdivWrong,
  },
  {
    name:
      "rsub(b) built as microgpt's source reads, b + (-a), the number made a leaf",
    file,
    edits: [[
      `return this.neg().add(other);`,
      `const o = typeof other === "number" ? new Value(other) : other;\n    return o.add(this.neg());`,
    ]],
    expect: D.rOrder,
  },
  {
    name:
      "rdiv(b) built as microgpt's source reads, b · a^-1, the number made a leaf",
    file,
    edits: [[
      `return this.pow(-1).mul(other);`,
      `const o = typeof other === "number" ? new Value(other) : other;\n    return o.mul(this.pow(-1));`,
    ]],
    expect: D.rOrder,
  },
];
