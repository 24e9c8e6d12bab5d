import assert from "node:assert/strict";
import { count, list } from "./format.ts";

Deno.test("harness: count says 1 character, 2 characters", () => {
  assert.equal(count(1, "character"), "1 character");
  assert.equal(count(0, "node"), "0 nodes");
  assert.equal(count(2, "node"), "2 nodes");
});

Deno.test("harness: list writes a list as a learner reads it", () => {
  assert.equal(list([1, 2.5]), "[1, 2.5]");
  assert.equal(list([]), "[]");
});
