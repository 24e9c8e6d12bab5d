/**
 * The decoys (`tests/mutants/*_decoys.ts`) that still show a diagnosis, a mistake they do not
 * make: the queue of diagnoses to narrow, split or remove, in the suites being rewritten when
 * the decoys came (issue 19). The honesty audit holds this list exactly, under
 * `deno task test`'s `--seed=42`: a decoy that shows a diagnosis and is not listed fails it,
 * and so does a listed one that no longer shows it, so the list only shrinks as the fixes
 * land. Fix a diagnosis by showing it only when a probe confirms it (the learner's value
 * equals what the mistake computes on the failing input and on a second, telling one: see
 * `tests/suites/softmax_suite.ts`), then delete its entries here.
 *
 * @module
 */
import type { Trip } from "./audit.ts";

/** Each decoy that still trips a diagnosis: the check whose failure shows it, and its id. */
export const KNOWN_TRIPPING: readonly Trip[] = [
  {
    kata: "03_backward",
    decoy: "the chain rule without the node's grad: child.grad += localGrad",
    check:
      "03 backward: a second backward sets root.grad to 1 again and adds to the rest (a.grad 4, then 12)",
    diagnosis: "03_backward/markNotOwn",
  },
  {
    kata: "03_backward",
    decoy: "the walk starts at topo.length - 2, skipping the root",
    check:
      "03 backward: a node used by two nodes gets both contributions (L = x + 3x: dL/dx = 4)",
    diagnosis: "03_backward/noFlow",
  },
  {
    kata: "03_backward",
    decoy:
      "the sort skips the children that are not marked (the test inverted)",
    check:
      "03 backward: topoSort lists every node root depends on, each exactly once",
    diagnosis: "03_backward/markNotNew",
  },
  {
    kata: "03_backward",
    decoy:
      "the sort skips the children that are not marked (the test inverted)",
    check:
      "03 backward: a node used by two nodes gets both contributions (L = x + 3x: dL/dx = 4)",
    diagnosis: "03_backward/forwards",
  },
  {
    kata: "03_backward",
    decoy: "the loop over a node's children stops one short",
    check:
      "03 backward: a node used twice by one node gets both (b = a+a; c = b+b gives a.grad = 4)",
    diagnosis: "03_backward/dedup",
  },
  {
    kata: "04_linear",
    decoy: "linear leaves out the first row of w",
    check: "04 linear: linear gives one output per row of w",
    diagnosis: "04_linear/rowMissing",
  },
  {
    kata: "04_linear",
    decoy: "dot's loop stops one short (i < n - 1)",
    check:
      "04 linear: dot adds the products a[i]·b[i] left to right from 0, bit for bit",
    diagnosis: "04_linear/sumSkipsFirst",
  },
  {
    kata: "04_linear",
    decoy: "dot's loop stops one short (i < n - 1)",
    check:
      "04 linear: linear equals the plain matrix × vector product, bit for bit",
    diagnosis: "04_linear/sumSkipsFirst",
  },
];
