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
    kata: "10_sampler",
    decoy: "positions counted from 1 (posId = 1 … blockSize)",
    check:
      "10 sampler: starts from BOS at position 0 with empty caches, one per layer, and feeds each drawn token back",
    diagnosis: "10_sampler/posStuck",
  },
  {
    kata: "10_sampler",
    decoy: "stops one position early (posId < blockSize - 1)",
    check:
      "10 sampler: starts from BOS at position 0 with empty caches, one per layer, and feeds each drawn token back",
    diagnosis: "10_sampler/startNotBos",
  },
  {
    kata: "10_sampler",
    decoy: "stops at token 0 instead of BOS",
    check:
      "10 sampler: starts from BOS at position 0 with empty caches, one per layer, and feeds each drawn token back",
    diagnosis: "10_sampler/noStop",
  },
  {
    kata: "10_sampler",
    decoy: "stops at token 0 instead of BOS",
    check:
      "10 sampler: a name has at most blockSize tokens and never contains BOS",
    diagnosis: "10_sampler/bosIncluded",
  },
  {
    kata: "11_train",
    decoy:
      "the loss is -log of the target's logit, not of its probability (NaN for a negative logit)",
    check:
      "11 train: the same seed gives the same losses bit for bit; another seed gives other losses",
    diagnosis: "11_train/seedIgnored",
  },
  {
    kata: "11_train",
    decoy:
      "the loss is -log of the target's logit, not of its probability (NaN for a negative logit)",
    check:
      "11 train: on a small dataset and a tiny model, the loss goes down (mean of the last 10 steps below that of the first 10)",
    diagnosis: "11_train/cacheKept",
  },
  {
    kata: "11_train",
    decoy: "the mean over blockSize positions, whatever the document's length",
    check:
      "11 train: documentLoss is the mean of −log p(next token) over a short document (a plain-number reference)",
    diagnosis: "11_train/divideByLength",
  },
];
