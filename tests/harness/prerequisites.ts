/**
 * The prerequisite gate: before a kata's own checks, the checks of the earlier katas it
 * builds on, run on the same tree, so a failure names the kata to finish first.
 *
 * @module
 */
import { withContext } from "./context.ts";
import { asFailure, PrerequisiteFailure } from "./failure.ts";
import type { Suite } from "./suite.ts";

/**
 * Throws a {@link PrerequisiteFailure} that names the earlier kata to finish, and the check of
 * it that fails, when one of the suite's prerequisites does not pass. The checks run as a
 * gate: each property tries `GATE_RUNS` cases (see `context.ts`).
 */
export async function checkPrerequisites<Impl>(
  suite: Suite<Impl>,
  impl: Impl,
): Promise<void> {
  for (const pre of suite.prerequisites?.(impl) ?? []) {
    for (const check of pre.checks) {
      try {
        await withContext({ gate: true }, () => check.run());
      } catch (e) {
        const why = asFailure(e).message.split("\n")[0];
        throw new PrerequisiteFailure(
          `kata ${suite.kata} builds on your kata ${pre.kata}, which does not pass yet: ` +
            `finish it first with \`deno test katas/${pre.kata}\`\n` +
            `    (its check "${check.name}" fails: ${why})`,
          pre.kata,
          check.name,
          why,
        );
      }
    }
  }
}
