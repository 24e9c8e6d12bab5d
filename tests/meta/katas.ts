/**
 * The katas that exist, each with its suite, the modules the suite is handed, its diagnoses
 * and its planted mistakes. The honesty meta-test walks this list (and fails when a folder of
 * `solutions/` is missing from it); later tools (the kata runner) can too.
 *
 * @module
 */
import { adamSuite } from "../suites/adam_suite.ts";
import { attentionSuite } from "../suites/attention_suite.ts";
import { backwardSuite } from "../suites/backward_suite.ts";
import { efficiencySuite } from "../suites/efficiency_suite.ts";
import {
  type Check,
  checkPrerequisites,
  type Diagnosis,
  type Suite,
} from "../harness/harness.ts";
import { gptSuite } from "../suites/gpt_suite.ts";
import { linearSuite } from "../suites/linear_suite.ts";
import { adamMutants } from "../mutants/adam_mutants.ts";
import { attentionMutants } from "../mutants/attention_mutants.ts";
import { backwardMutants } from "../mutants/backward_mutants.ts";
import { efficiencyMutants } from "../mutants/efficiency_mutants.ts";
import { gptMutants } from "../mutants/gpt_mutants.ts";
import { linearMutants } from "../mutants/linear_mutants.ts";
import { rmsnormMutants } from "../mutants/rmsnorm_mutants.ts";
import { samplerMutants } from "../mutants/sampler_mutants.ts";
import { softmaxMutants } from "../mutants/softmax_mutants.ts";
import { rmsnormSuite } from "../suites/rmsnorm_suite.ts";
import { samplerSuite } from "../suites/sampler_suite.ts";
import { softmaxSuite } from "../suites/softmax_suite.ts";
import type { Mutant } from "../mutants/mutant.ts";
import { tokenizerMutants } from "../mutants/tokenizer_mutants.ts";
import { trainMutants } from "../mutants/train_mutants.ts";
import { valueMutants } from "../mutants/value_mutants.ts";
import { tokenizerSuite } from "../suites/tokenizer_suite.ts";
import { trainSuite } from "../suites/train_suite.ts";
import { valueSuite } from "../suites/value_suite.ts";

/** Imports one module of a tree, by its path inside the tree: `"02_value/value.ts"`. */
export type Importer = (path: string) => Promise<unknown>;

/** A kata as the tools see it. */
export interface Kata {
  /** The folder name, `"02_value"`. */
  readonly kata: string;
  /** The module files the suite is handed, inside the tree: its own and earlier katas'. */
  readonly modules: readonly string[];
  /** Its planted mistakes. */
  readonly mutants: readonly Mutant[];
  /** The mistakes its suite can name. */
  readonly diagnoses: readonly Diagnosis[];
  /** The suite's checks and prerequisite check, on modules loaded by `load`. */
  instantiate(load: Importer): Promise<{
    checks: Check[];
    prerequisites: () => Promise<void>;
  }>;
}

/**
 * A kata for the registry: its suite, the module paths each key of the suite's `Impl` is
 * loaded from (inside a tree), and its mutants.
 */
export function defineKata<Impl>(
  suite: Suite<Impl>,
  modules: { readonly [K in keyof Impl]: string },
  mutants: readonly Mutant[],
): Kata {
  return {
    kata: suite.kata,
    modules: Object.values(modules),
    mutants,
    diagnoses: Object.values(suite.diagnoses),
    async instantiate(load) {
      const impl: Record<string, unknown> = {};
      for (const [key, path] of Object.entries(modules)) {
        impl[key] = await load(path as string);
      }
      return {
        checks: suite.checks(impl as Impl),
        prerequisites: () => checkPrerequisites(suite, impl as Impl),
      };
    },
  };
}

/** Kata 11's modules, each with its file in a tree; kata 12 adds its own to them. */
const TRAIN_MODULES = {
  tokenizer: "01_tokenizer/tokenizer.ts",
  value: "02_value/value.ts",
  backward: "03_backward/backward.ts",
  linear: "04_linear/linear.ts",
  softmax: "05_softmax/softmax.ts",
  rmsnorm: "06_rmsnorm/rmsnorm.ts",
  attention: "07_attention/attention.ts",
  gpt: "08_gpt/gpt.ts",
  adam: "09_adam/adam.ts",
  sampler: "10_sampler/sampler.ts",
  train: "11_train/train.ts",
} as const;

/** Every kata, in order. */
export const KATAS: readonly Kata[] = [
  defineKata(
    tokenizerSuite,
    { tokenizer: "01_tokenizer/tokenizer.ts" },
    tokenizerMutants,
  ),
  defineKata(valueSuite, { value: "02_value/value.ts" }, valueMutants),
  defineKata(
    backwardSuite,
    { value: "02_value/value.ts", backward: "03_backward/backward.ts" },
    backwardMutants,
  ),
  defineKata(
    linearSuite,
    {
      value: "02_value/value.ts",
      backward: "03_backward/backward.ts",
      linear: "04_linear/linear.ts",
    },
    linearMutants,
  ),
  defineKata(
    softmaxSuite,
    {
      value: "02_value/value.ts",
      backward: "03_backward/backward.ts",
      linear: "04_linear/linear.ts",
      softmax: "05_softmax/softmax.ts",
    },
    softmaxMutants,
  ),
  defineKata(
    rmsnormSuite,
    {
      value: "02_value/value.ts",
      backward: "03_backward/backward.ts",
      linear: "04_linear/linear.ts",
      rmsnorm: "06_rmsnorm/rmsnorm.ts",
    },
    rmsnormMutants,
  ),
  defineKata(
    attentionSuite,
    {
      value: "02_value/value.ts",
      backward: "03_backward/backward.ts",
      linear: "04_linear/linear.ts",
      softmax: "05_softmax/softmax.ts",
      attention: "07_attention/attention.ts",
    },
    attentionMutants,
  ),
  defineKata(
    gptSuite,
    {
      value: "02_value/value.ts",
      backward: "03_backward/backward.ts",
      linear: "04_linear/linear.ts",
      softmax: "05_softmax/softmax.ts",
      rmsnorm: "06_rmsnorm/rmsnorm.ts",
      attention: "07_attention/attention.ts",
      gpt: "08_gpt/gpt.ts",
    },
    gptMutants,
  ),
  defineKata(
    adamSuite,
    { value: "02_value/value.ts", adam: "09_adam/adam.ts" },
    adamMutants,
  ),
  defineKata(
    samplerSuite,
    {
      value: "02_value/value.ts",
      backward: "03_backward/backward.ts",
      linear: "04_linear/linear.ts",
      softmax: "05_softmax/softmax.ts",
      sampler: "10_sampler/sampler.ts",
    },
    samplerMutants,
  ),
  defineKata(
    trainSuite,
    TRAIN_MODULES,
    trainMutants,
  ),
  defineKata(
    efficiencySuite,
    { ...TRAIN_MODULES, efficiency: "12_efficiency/efficiency.ts" },
    efficiencyMutants,
  ),
];
