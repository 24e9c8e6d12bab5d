/**
 * The gate of each kata's suite (the earlier katas whose checks run first) is the list of
 * katas it uses in the course's manifest: one fact, which this test holds the suites to.
 *
 * @module
 */
import assert from "node:assert/strict";
import { courseEntry } from "../../course/manifest.ts";
import { requirePermissions } from "../harness/permissions.ts";
import { KATAS } from "./katas.ts";

const SOLUTIONS = new URL("../../solutions/", import.meta.url);

Deno.test("course: each suite's gate runs the checks of exactly the katas the manifest says it uses", async () => {
  requirePermissions({ name: "read", path: SOLUTIONS });
  for (const kata of KATAS) {
    const { gate } = await kata.instantiate((path) =>
      import(new URL(path, SOLUTIONS).href)
    );
    assert.deepEqual(
      gate,
      courseEntry(kata.kata).uses,
      `${kata.kata}: its suite's prerequisites differ from course/manifest.ts`,
    );
  }
});
