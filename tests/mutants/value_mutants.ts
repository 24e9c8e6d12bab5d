/**
 * Typical mistakes in kata 02 (value), planted in `solutions/02_value/value.ts`.
 *
 * @module
 */
import type { Mutant } from "./mutant.ts";

const file = "02_value/value.ts";

/** Kata 02's mutants. */
export const valueMutants: readonly Mutant[] = [
  {
    name: "product rule with the grads swapped",
    file,
    edits: [[`[o.data, this.data]`, `[this.data, o.data]`]],
    expect: "grads swapped",
  },
  {
    name: "power rule without the -1 in the exponent",
    file,
    edits: [[`[n * this.data ** (n - 1)]`, `[n * this.data ** n]`]],
    expect: "power rule without the -1",
  },
  {
    name: "log's local grad taken as a instead of 1/a",
    file,
    edits: [[`[1 / this.data]`, `[this.data]`]],
    expect: "it is 1/a",
  },
  {
    name: "exp's local grad taken as 1",
    file,
    edits: [[`, [Math.exp(this.data)]);`, `, [1]);`]],
    expect: "exp is its own derivative",
  },
  {
    name: "relu's output used as its local grad",
    file,
    edits: [[`[this.data > 0 ? 1 : 0]`, `[Math.max(0, this.data)]`]],
    expect: "relu's output used as its local grad",
  },
  {
    name: "sub computes b - a",
    file,
    edits: [[
      `return this.add(Value.of(other).neg());`,
      `return Value.of(other).add(this.neg());`,
    ]],
    expect: "operands are swapped",
  },
  {
    name: "div computes b / a",
    file,
    edits: [[
      `return this.mul(Value.of(other).pow(-1));`,
      `return Value.of(other).mul(this.pow(-1));`,
    ]],
    expect: "operands are swapped",
  },
  {
    name: "add uses a plain number as if it were a Value",
    file,
    edits: [[
      `const o = Value.of(other);\n    return new Value(this.data + o.data`,
      `const o = other as Value;\n    return new Value(this.data + o.data`,
    ]],
    expect: "wrap it with Value.of",
  },
  {
    name: "neg makes a fresh leaf with no link to its input",
    file,
    edits: [[`return this.mul(-1);`, `return new Value(-this.data);`]],
    expect: "no link to its inputs",
  },
  {
    name: "power rule without the factor n",
    file,
    edits: [[`[n * this.data ** (n - 1)]`, `[this.data ** (n - 1)]`]],
    expect: "power rule without the factor n",
  },
  {
    name: "pow computed as exp(n·log(a)), NaN for negative a",
    file,
    edits: [[
      `return new Value(this.data ** n, [this]`,
      `return new Value(Math.exp(n * Math.log(this.data)), [this]`,
    ]],
    expect: "exp(n·log(a)) is NaN for a < 0",
  },
  {
    name: "mul uses a plain number as if it were a Value",
    file,
    edits: [[
      `const o = Value.of(other);\n    return new Value(this.data * o.data`,
      `const o = other as Value;\n    return new Value(this.data * o.data`,
    ]],
    expect: "wrap it with Value.of",
  },
  {
    name: "add stores its children as [other, this]",
    file,
    edits: [[`[this, o], [1, 1]`, `[o, this], [1, 1]`]],
    expect: "in the order [b, a]",
  },
];
