/**
 * The honesty meta-test: runs the audit of `tests/meta/audit.ts` on every kata of the registry,
 * one step per finding, and checks that the registry lists every kata of the course (which
 * `course/manifest_test.ts` checks against the folders of `solutions/`).
 *
 * It needs to read `solutions/`; without that permission it fails, saying so, instead of
 * being skipped.
 *
 * @module
 */
import assert from "node:assert/strict";
import { COURSE } from "../../course/manifest.ts";
import { audit, solutionFiles } from "./audit.ts";
import { KATAS } from "./katas.ts";
import { requirePermissions } from "../harness/permissions.ts";

const ROOT = new URL("../../", import.meta.url);
const SOLUTIONS = new URL("solutions/", ROOT);

Deno.test("honesty: the kata registry lists every kata of the course, in order", () => {
  assert.deepEqual(
    KATAS.map((k) => k.kata),
    COURSE.map((e) => e.kata),
    "tests/meta/katas.ts must list exactly the katas of course/manifest.ts, in order",
  );
  const ids = KATAS.flatMap((k) => k.diagnoses.map((d) => d.id));
  assert.deepEqual(
    ids.filter((id, i) => ids.indexOf(id) !== i),
    [],
    "diagnosis ids repeat",
  );
});

for (const k of KATAS) {
  Deno.test(`honesty: ${k.kata}`, async (t) => {
    requirePermissions({ name: "read", path: SOLUTIONS });
    const { steps } = await audit(k, solutionFiles(SOLUTIONS));
    for (const { name, problems } of steps) {
      await t.step(name, () => {
        if (problems.length) assert.fail(problems.join("\n"));
      });
    }
  });
}
