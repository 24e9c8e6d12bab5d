/**
 * Kata 06's decoys: plausible mistakes in `solutions/06_rmsnorm/rmsnorm.ts` that no
 * diagnosis of its suite describes. The suite must catch each one without naming a mistake.
 *
 * @module
 */
import type { Decoy } from "./mutant.ts";

const file = "06_rmsnorm/rmsnorm.ts";

/** Kata 06's decoys. */
export const rmsnormDecoys: readonly Decoy[] = [
  {
    name: "1e-6 instead of 1e-5",
    file,
    edits: [[`ms.add(1e-5)`, `ms.add(1e-6)`]],
  },
  {
    name: "the power 0.5: each element times the root mean square",
    file,
    edits: [[`.pow(-0.5)`, `.pow(0.5)`]],
  },
  {
    name: "the squares written as xi.mul(2)",
    file,
    edits: [[`xi.mul(xi)`, `xi.mul(2)`]],
  },
  {
    name: "subtracts 1e-5 instead of adding it (NaN for all zeros)",
    file,
    edits: [[`ms.add(1e-5)`, `ms.sub(1e-5)`]],
  },
  {
    name: "each element times the mean square instead of the scale",
    file,
    edits: [[`xi.mul(scale)`, `xi.mul(ms)`]],
  },
];
