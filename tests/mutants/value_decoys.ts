/**
 * Kata 02's decoys: plausible mistakes in `solutions/02_value/value.ts` that no diagnosis of
 * its suite describes. The suite must catch each one without naming a mistake.
 *
 * @module
 */
import type { Decoy } from "./mutant.ts";

const file = "02_value/value.ts";

/** Kata 02's decoys. */
export const valueDecoys: readonly Decoy[] = [
  {
    name: "mul's local grads both other.data",
    file,
    edits: [[
      `      other.data,\n      this.data,\n`,
      `      other.data,\n      other.data,\n`,
    ]],
  },
  {
    name: "log's local grad taken as -1/a",
    file,
    edits: [[`[1 / this.data]`, `[-1 / this.data]`]],
  },
  {
    name: "relu's local grad inverted: 1 where a <= 0, 0 where a > 0",
    file,
    edits: [[`[this.data > 0 ? 1 : 0]`, `[this.data > 0 ? 0 : 1]`]],
  },
  {
    name: "pow's local grad with n + 1 in the exponent",
    file,
    edits: [[`[n * this.data ** (n - 1)]`, `[n * this.data ** (n + 1)]`]],
  },
  {
    name: "add with a plain number gives it mul's local grad (the number)",
    file,
    edits: [[
      `new Value(this.data + other, [this], [1])`,
      `new Value(this.data + other, [this], [other])`,
    ]],
  },
  {
    name: "div by a plain number multiplies by it",
    file,
    edits: [[`? other ** -1 :`, `? other :`]],
  },
];
