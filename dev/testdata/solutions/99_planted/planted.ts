/**
 * A planted kata for `dev/sweep_test.ts`: a suite with a check that fails on seed 13 alone
 * and a property whose failure (its input, hence its message) depends on the seed, so a
 * test can show that the sweep reports a failure with its seed, and that the seed replays
 * the same failure under `deno test` (`planted_fixture.ts`, which is no `*_test.ts`: only that
 * test runs it).
 *
 * @module
 */
import fc from "fast-check";
import {
  check,
  ensure,
  property,
  runContext,
  suite,
} from "../../../../tests/harness/harness.ts";
import { defineKata, type Kata } from "../../../../tests/meta/katas.ts";

/** The seed on which the planted check fails. */
export const FAILING_SEED = 13;

/** The planted suite: it needs no modules. */
export const plantedSuite = suite<Record<string, never>>({
  kata: "99_planted",
  diagnoses: {},
  properties: () => [
    check(`fails on seed ${FAILING_SEED} alone`, () =>
      ensure(
        runContext().seed !== FAILING_SEED,
        `the seed is ${FAILING_SEED}`,
      )),
    property(
      "the first number drawn is even",
      fc.noShrink(fc.nat(1_000_000)),
      (n) => ensure(n % 2 === 0, `${n} is odd`),
      { numRuns: 1 },
    ),
  ],
});

/** The planted suite as a kata of the registry. */
export const plantedKata: Kata = defineKata(plantedSuite, {}, []);
