import assert from "node:assert/strict";
import { diagnoses } from "./diagnosis.ts";
import { asFailure, CheckFailure, ensure, notImplemented } from "./failure.ts";

const D = diagnoses("99_test", { swap: "a swap", nan: "NaN", other: "other" });

Deno.test("harness: notImplemented recognises only a stub's throw", () => {
  assert.ok(
    notImplemented(new Error("not implemented: Value.add, see README.md")),
  );
  assert.ok(!notImplemented(new Error("x is not implemented here")));
  assert.ok(!notImplemented("not implemented: f"));
});

Deno.test("harness: ensure throws a CheckFailure with the message and diagnosis, only when the condition fails", () => {
  ensure(true, "never shown", D.other);
  let calls = 0;
  const probe = () => {
    calls++;
    return D.swap;
  };
  ensure(1 + 1 === 2, () => `${calls++}`, probe);
  assert.equal(
    calls,
    0,
    "a function message or diagnosis runs only on failure",
  );
  assert.throws(
    () => ensure(false, () => "the sum is 3, expected 2", probe),
    (e) => {
      assert.ok(e instanceof CheckFailure);
      assert.equal(
        e.message,
        "the sum is 3, expected 2\n    this looks like a swap",
      );
      assert.equal(e.diagnosis, D.swap);
      return true;
    },
  );
  assert.throws(
    () => ensure(0, "zero"),
    (e) => e instanceof CheckFailure && e.diagnosis === undefined,
  );
});

Deno.test("harness: asFailure keeps a CheckFailure and words any other error", () => {
  const failure = new CheckFailure("x", D.other);
  assert.equal(asFailure(failure), failure);
  assert.equal(asFailure(new TypeError("boom")).message, "TypeError: boom");
  assert.equal(asFailure("text").message, "text");
});
