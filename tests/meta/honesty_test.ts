/**
 * The honesty meta-test: runs the audit of `tests/meta/audit.ts` on every kata of the registry,
 * one step per finding (the decoys known to trip a diagnosis are those of
 * `tests/meta/known_tripping.ts`), and checks that the registry lists every kata of the course
 * (which `course/manifest_test.ts` checks against the folders of `solutions/`), each with at
 * least {@link MIN_DECOYS} decoys.
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
import { KNOWN_TRIPPING } from "./known_tripping.ts";
import { requirePermissions } from "../harness/permissions.ts";

const ROOT = new URL("../../", import.meta.url);
const SOLUTIONS = new URL("solutions/", ROOT);

/** How many decoys each kata has at least (issue 19). */
const MIN_DECOYS = 4;

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

Deno.test(`honesty: every kata has ${MIN_DECOYS} decoys or more, each named once`, () => {
  for (const k of KATAS) {
    const names = [...k.mutants, ...k.decoys].map((m) => m.name);
    assert.deepEqual(
      names.filter((n, i) => names.indexOf(n) !== i),
      [],
      `${k.kata}: mutants and decoys whose names repeat`,
    );
    assert.ok(
      k.decoys.length >= MIN_DECOYS,
      `${k.kata} has ${k.decoys.length} decoys: plant ${MIN_DECOYS} or more in tests/mutants/`,
    );
  }
});

Deno.test("honesty: every entry of KNOWN_TRIPPING names a decoy of its kata", () => {
  const unknown = KNOWN_TRIPPING.filter((t) =>
    !KATAS.find((k) => k.kata === t.kata)?.decoys.some((d) =>
      d.name === t.decoy
    )
  );
  assert.deepEqual(
    unknown,
    [],
    "tests/meta/known_tripping.ts lists decoys that tests/meta/katas.ts does not have",
  );
});

for (const k of KATAS) {
  Deno.test(`honesty: ${k.kata}`, async (t) => {
    requirePermissions({ name: "read", path: SOLUTIONS });
    const { steps } = await audit(k, solutionFiles(SOLUTIONS), {
      knownTripping: KNOWN_TRIPPING,
    });
    for (const { name, problems } of steps) {
      await t.step(name, () => {
        if (problems.length) assert.fail(problems.join("\n"));
      });
    }
  });
}
