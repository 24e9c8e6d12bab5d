import assert from "node:assert/strict";
import fc from "fast-check";
import { NUM_RUNS, runContext } from "./context.ts";
import { diagnoses } from "./diagnosis.ts";
import { CheckFailure, ensure } from "./failure.ts";
import { check, forAll, property } from "./property.ts";

const D = diagnoses("99_test", { swap: "a swap", nan: "NaN", other: "other" });

Deno.test("harness: forAll reports the property's message, the smallest input and the seed", () => {
  assert.throws(
    () =>
      forAll(fc.integer({ min: 0, max: 1000 }), (n) => {
        if (n >= 10) throw new CheckFailure(`${n} is too big`, D.other);
      }),
    (e) => {
      assert.ok(e instanceof CheckFailure);
      // The problem, the input, the diagnosis, then the replay command, in that order.
      assert.match(
        e.message,
        new RegExp(
          `^10 is too big\\n    input: 10\\n    this looks like other\\n    replay: .*--seed=${runContext().seed}`,
        ),
      );
      assert.equal(e.diagnosis, D.other);
      return true;
    },
  );
  assert.throws(
    () =>
      forAll(fc.constant(1), () => {
        throw new TypeError("boom");
      }),
    /TypeError: boom/,
  );
});

Deno.test("harness: property runs its body on numRuns cases of the arbitrary; check runs as written", async () => {
  let runs = 0;
  const p = property("counts", fc.integer(), () => {
    runs++;
  }, { numRuns: 7 });
  assert.equal(p.name, "counts");
  await p.run();
  assert.equal(runs, 7);
  await property("default", fc.integer(), () => {
    runs++;
  }).run();
  assert.equal(runs, 7 + NUM_RUNS);
  const c = check("an example", () => {
    throw new CheckFailure("no", D.other);
  });
  assert.equal(c.name, "an example");
  assert.throws(
    () => c.run(),
    (e) => e instanceof CheckFailure && e.diagnosis === D.other,
  );
});

Deno.test("harness: a property's failure is forAll's: the problem, the input, the diagnosis, the replay", () => {
  const p = property("small", fc.integer({ min: 0, max: 1000 }), (n) => {
    ensure(n < 10, `${n} is too big`, D.other);
  });
  assert.throws(() => p.run(), (e) => {
    assert.ok(e instanceof CheckFailure);
    assert.ok(
      e.message.startsWith(
        "10 is too big\n    input: 10\n    this looks like other\n    replay: ",
      ),
      e.message,
    );
    return true;
  });
});

Deno.test("harness: forAll shows the input as plain text, not fast-check's __proto__:null tuple", () => {
  // fast-check's fc.record draws some records without a prototype.
  const record = Object.assign(Object.create(null), {
    seed: 3,
    logits: [1, -0],
  });
  assert.throws(
    () => forAll(fc.constant(record), () => ensure(false, "wrong")),
    (e) => {
      assert.ok(e instanceof CheckFailure);
      assert.ok(
        e.message.startsWith(
          'wrong\n    input: {"seed": 3, "logits": [1, -0]}\n',
        ),
        e.message,
      );
      return true;
    },
  );
});
