/**
 * The katas that exist, each with its suite, the modules the suite is handed, its diagnoses
 * and its planted mistakes. The modules, and the earlier katas they come from, are the
 * course's (`course/manifest.ts`); this file adds what only tests know, each kata's suite,
 * mutants and decoys. The honesty meta-test, the seed sweep and the maintainer's tools walk
 * this list (the honesty meta-test fails when a kata of the course is missing from it); the
 * kata runner and `deno task run --mine` never load it: they run a kata's test file.
 *
 * @module
 */
import {
  type Importer,
  loadModules,
  suiteModules,
} from "../../course/manifest.ts";
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
import { adamDecoys } from "../mutants/adam_decoys.ts";
import { attentionDecoys } from "../mutants/attention_decoys.ts";
import { backwardDecoys } from "../mutants/backward_decoys.ts";
import { efficiencyDecoys } from "../mutants/efficiency_decoys.ts";
import { gptDecoys } from "../mutants/gpt_decoys.ts";
import { linearDecoys } from "../mutants/linear_decoys.ts";
import { rmsnormDecoys } from "../mutants/rmsnorm_decoys.ts";
import { samplerDecoys } from "../mutants/sampler_decoys.ts";
import { softmaxDecoys } from "../mutants/softmax_decoys.ts";
import { tokenizerDecoys } from "../mutants/tokenizer_decoys.ts";
import { trainDecoys } from "../mutants/train_decoys.ts";
import { valueDecoys } from "../mutants/value_decoys.ts";
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
import type { Decoy, Mutant } from "../mutants/mutant.ts";
import { tokenizerMutants } from "../mutants/tokenizer_mutants.ts";
import { trainMutants } from "../mutants/train_mutants.ts";
import { valueMutants } from "../mutants/value_mutants.ts";
import { tokenizerSuite } from "../suites/tokenizer_suite.ts";
import { trainSuite } from "../suites/train_suite.ts";
import { valueSuite } from "../suites/value_suite.ts";

export type { Importer };

/** A kata as the tools see it. */
export interface Kata {
  /** The folder name, `"02_value"`. */
  readonly kata: string;
  /** The module files the suite is handed, inside the tree: its own and earlier katas'. */
  readonly modules: readonly string[];
  /** Its planted mistakes, each with the diagnosis its suite must show. */
  readonly mutants: readonly Mutant[];
  /** Its decoys: planted mistakes that no diagnosis of its suite describes. */
  readonly decoys: readonly Decoy[];
  /** The mistakes its suite can name. */
  readonly diagnoses: readonly Diagnosis[];
  /** The suite's checks and prerequisite check, on modules loaded by `load`. */
  instantiate(load: Importer): Promise<{
    checks: Check[];
    prerequisites: () => Promise<void>;
    /** The earlier katas whose checks the prerequisite check runs, in order. */
    gate: string[];
  }>;
}

/**
 * A kata for the registry: its suite, the module paths each key of the suite's `Impl` is
 * loaded from (inside a tree), its mutants and its decoys.
 */
export function defineKata<Impl>(
  suite: Suite<Impl>,
  modules: { readonly [K in keyof Impl]: string },
  mutants: readonly Mutant[],
  decoys: readonly Decoy[] = [],
): Kata {
  return {
    kata: suite.kata,
    modules: Object.values(modules),
    mutants,
    decoys,
    diagnoses: Object.values(suite.diagnoses),
    async instantiate(load) {
      const impl = await loadModules(modules as Record<string, string>, load);
      return {
        checks: suite.checks(impl as Impl),
        prerequisites: () => checkPrerequisites(suite, impl as Impl),
        gate: (suite.prerequisites?.(impl as Impl) ?? []).map((p) => p.kata),
      };
    },
  };
}

/**
 * A kata of the course for the registry: its suite, handed the modules that
 * `course/manifest.ts` lists for it ({@link suiteModules}), its mutants and its decoys.
 */
export function courseKata<Impl>(
  suite: Suite<Impl>,
  mutants: readonly Mutant[],
  decoys: readonly Decoy[],
): Kata {
  const modules = suiteModules(suite.kata) as { [K in keyof Impl]: string };
  return defineKata(suite, modules, mutants, decoys);
}

/** Every kata, in the order of the course. */
export const KATAS: readonly Kata[] = [
  courseKata(tokenizerSuite, tokenizerMutants, tokenizerDecoys),
  courseKata(valueSuite, valueMutants, valueDecoys),
  courseKata(backwardSuite, backwardMutants, backwardDecoys),
  courseKata(linearSuite, linearMutants, linearDecoys),
  courseKata(softmaxSuite, softmaxMutants, softmaxDecoys),
  courseKata(rmsnormSuite, rmsnormMutants, rmsnormDecoys),
  courseKata(attentionSuite, attentionMutants, attentionDecoys),
  courseKata(gptSuite, gptMutants, gptDecoys),
  courseKata(adamSuite, adamMutants, adamDecoys),
  courseKata(samplerSuite, samplerMutants, samplerDecoys),
  courseKata(trainSuite, trainMutants, trainDecoys),
  courseKata(efficiencySuite, efficiencyMutants, efficiencyDecoys),
];
