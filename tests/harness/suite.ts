/**
 * What a suite is: a kata's list of named checks, a function of the implementation modules of
 * one tree (`katas/` or `solutions/`), so one suite tests the learner's code and the reference
 * alike. {@link suite} builds one from properties named without the kata prefix.
 *
 * @module
 */
import { kataTitle } from "../../course/manifest.ts";
import type { Diagnosis } from "./diagnosis.ts";

/** One named property of a kata: `run` throws a `CheckFailure` when it does not hold. */
export interface Check {
  /** What holds, in plain words, prefixed by the kata number: `"02 value: add sums"`. */
  readonly name: string;
  /** Throws when the property does not hold. */
  readonly run: () => void | Promise<void>;
}

/** An earlier kata that a suite builds on, with the checks that prove it is done. */
export interface Prerequisite {
  /** The earlier kata's folder name, e.g. `"02_value"`. */
  readonly kata: string;
  /** Its checks, run on the same tree's modules. */
  readonly checks: readonly Check[];
}

/**
 * A kata's property suite: a function of the implementation modules of one tree
 * (`katas/` or `solutions/`), so one suite tests the learner's code and the reference alike.
 */
export interface Suite<Impl> {
  /** The kata's folder name, e.g. `"03_backward"`. */
  readonly kata: string;
  /** The mistakes the checks can name, from `diagnoses`. */
  readonly diagnoses: Readonly<Record<string, Diagnosis>>;
  /** The earlier katas whose modules `impl` includes; checked first. */
  readonly prerequisites?: (impl: Impl) => Prerequisite[];
  /** The kata's own checks, their names prefixed by the kata: `"05 softmax: …"`. */
  readonly checks: (impl: Impl) => Check[];
}

/** What {@link suite} builds a {@link Suite} from. */
export interface SuiteSpec<Impl> {
  /** The kata's folder name, e.g. `"05_softmax"`: its checks' names start `"05 softmax: "`. */
  readonly kata: string;
  /** The mistakes the properties can name, from `diagnoses`. */
  readonly diagnoses: Readonly<Record<string, Diagnosis>>;
  /** The earlier katas whose modules `impl` includes; checked first. */
  readonly prerequisites?: (impl: Impl) => Prerequisite[];
  /** The kata's properties (`property`, `check`), named without the kata prefix. */
  readonly properties: (impl: Impl) => Check[];
}

/**
 * The suite of `spec.kata`: its checks are `spec.properties`, each name prefixed by the kata's
 * title (`"05 softmax: "`), so that `deno test --filter 05` selects them and a prerequisite
 * failure names the kata.
 *
 * @example
 * ```ts
 * import { check, ensure, suite } from "./harness.ts";
 * const demo = suite<{ twice: (x: number) => number }>({
 *   kata: "99_demo",
 *   diagnoses: {},
 *   properties: ({ twice }) => [
 *     check("twice(2) is 4", () => ensure(twice(2) === 4, `twice(2) = ${twice(2)}`)),
 *   ],
 * });
 * demo.checks({ twice: (x) => 2 * x })[0].name; // "99 demo: twice(2) is 4"
 * ```
 */
export function suite<Impl>(spec: SuiteSpec<Impl>): Suite<Impl> {
  const { properties, ...rest } = spec;
  const prefix = `${kataTitle(spec.kata)}: `;
  return {
    ...rest,
    checks: (impl) =>
      properties(impl).map(({ name, run }) => {
        if (name.startsWith(prefix)) {
          throw new Error(
            `"${name}" starts with "${prefix}": suite() adds the prefix, leave it out`,
          );
        }
        return { name: prefix + name, run };
      }),
  };
}

/**
 * `earlier` as a prerequisite of a later kata, whose modules `impl` include the earlier
 * kata's: `prerequisites: (impl) => [prerequisite(softmaxSuite, impl)]`.
 */
export function prerequisite<Impl>(
  earlier: Suite<Impl>,
  impl: Impl,
): Prerequisite {
  return { kata: earlier.kata, checks: earlier.checks(impl) };
}
