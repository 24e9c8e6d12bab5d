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
  {
    kata: "07_attention",
    decoy:
      "q = x · wq, as numpy's x @ W: wq transposed, one query entry per column",
    check:
      "07 attention: heads are independent: changing head h's rows of wq moves only head h's part (wo = identity)",
    diagnosis: "07_attention/qFirstSlice",
  },
  {
    kata: "07_attention",
    decoy: "k pushed onto values and v onto keys",
    check:
      "07 attention: with one cached position each head's weight is 1, so the output is wo · v",
    diagnosis: "07_attention/weightsOnK",
  },
  {
    kata: "09_adam",
    decoy:
      "the learning rate reaches 0 one step early, lr · (1 - step / (numSteps - 1))",
    check:
      "09 adam: the moments carry over: a second step differs from a fresh optimizer's step",
    diagnosis: "09_adam/momentsReset",
  },
  {
    kata: "09_adam",
    decoy:
      "eps added to the update, not to the denominator (parentheses left out)",
    check:
      "09 adam: a zero gradient leaves the parameter where it is on the first step",
    diagnosis: "09_adam/noEps",
  },
];
