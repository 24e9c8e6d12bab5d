import assert from "node:assert/strict";
import { diagnoses } from "./diagnosis.ts";

Deno.test("harness: diagnoses get ids from their kata and key", () => {
  const D = diagnoses("99_test", { swap: "a swap", other: "other" });
  assert.deepEqual(D.swap, { id: "99_test/swap", text: "a swap" });
  assert.deepEqual(D.other, { id: "99_test/other", text: "other" });
});
