/**
 * Kata 03's decoys: plausible mistakes in `solutions/03_backward/backward.ts` that no
 * diagnosis of its suite describes. The suite must catch each one without naming a mistake.
 *
 * @module
 */
import type { Decoy } from "./mutant.ts";

const file = "03_backward/backward.ts";

/** Kata 03's decoys. */
export const backwardDecoys: readonly Decoy[] = [
  {
    name: "the chain rule without the node's grad: child.grad += localGrad",
    file,
    edits: [[
      `children[i].grad += localGrads[i] * grad;`,
      `children[i].grad += localGrads[i];`,
    ]],
  },
  {
    name: "the walk starts at topo.length - 2, skipping the root",
    file,
    edits: [[`let k = topo.length - 1;`, `let k = topo.length - 2;`]],
  },
  {
    name: "the sort skips the children that are not marked (the test inverted)",
    file,
    edits: [[
      `children[i].mark === mark) i++`,
      `children[i].mark !== mark) i++`,
    ]],
  },
  {
    name: "every child gets the first local grad, localGrads[0]",
    file,
    edits: [[`localGrads[i] * grad;`, `localGrads[0] * grad;`]],
  },
  {
    name: "the loop over a node's children stops one short",
    file,
    edits: [[
      `for (let i = 0; i < children.length; i++) {`,
      `for (let i = 0; i < children.length - 1; i++) {`,
    ]],
  },
  {
    name:
      "topoSort returns its order root first (reversed), as backward walks it",
    file,
    edits: [[
      `  return topo;\n  //#endregion`,
      `  return topo.reverse();\n  //#endregion`,
    ]],
  },
  {
    name: "the gradient 1 set on topo[0] (a leaf), taken for the root",
    file,
    edits: [[`root.grad = 1; // d(root)/d(root)`, `topo[0].grad = 1;`]],
  },
];
