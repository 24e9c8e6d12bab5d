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
