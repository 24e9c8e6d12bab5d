import assert from "node:assert/strict";
import {
  assertClose,
  BITS,
  GRADIENT,
  howFar,
  isClose,
  ROUNDING,
  whichMistake,
} from "./compare.ts";
import { diagnoses } from "./diagnosis.ts";
import { CheckFailure } from "./failure.ts";

const D = diagnoses("99_test", { swap: "a swap", nan: "NaN", other: "other" });

Deno.test("harness: isClose mixes relative and absolute tolerance; NaN only matches NaN", () => {
  assert.ok(isClose(1, 1 + 1e-13));
  assert.ok(!isClose(1, 1 + 1e-9));
  assert.ok(isClose(1e6, 1e6 * (1 + 5e-7), GRADIENT));
  assert.ok(!isClose(1e6, 1e6 * (1 + 5e-6), GRADIENT));
  assert.ok(isClose(0, 1e-13));
  assert.ok(isClose(NaN, NaN));
  assert.ok(!isClose(NaN, 0));
});

Deno.test("harness: assertClose names the index, both values and the mistake it looks like", () => {
  assertClose([1, 2], [1, 2 + 1e-14], "ok");
  assert.throws(
    () =>
      assertClose([1, 2, 3], [1, 2, 4], "the grads", {
        mistakes: [[D.other, [0, 0, 0]], [D.swap, [1, 2, 3]]],
      }),
    (e) => {
      assert.ok(e instanceof CheckFailure);
      assert.match(e.message, /the grads: at index 2 expected 4, got 3/);
      assert.match(e.message, /this looks like a swap/);
      assert.equal(e.diagnosis?.id, "99_test/swap");
      return true;
    },
  );
  assert.throws(() => assertClose([1], [1, 2], "n"), /expected 2 values/);
  assert.throws(
    () => assertClose(NaN, 1, "x", { mistakes: [[D.nan, NaN]] }),
    /looks like NaN/,
  );
  // No mistake matches: no diagnosis.
  assert.throws(
    () => assertClose(5, 1, "x", { mistakes: [[D.nan, NaN]] }),
    (e) => e instanceof CheckFailure && e.diagnosis === undefined,
  );
});

Deno.test("harness: isClose never calls a finite number close to Infinity; BITS is exact", () => {
  assert.ok(!isClose(Infinity, 1));
  assert.ok(!isClose(1, -Infinity));
  assert.ok(isClose(Infinity, Infinity));
  assert.ok(!isClose(0.1 + 0.2, 0.3, BITS));
  assert.ok(isClose(-0, 0, BITS));
});

Deno.test("harness: whichMistake names the first mistake the value matches", () => {
  const [a, b] = [D.swap, D.other];
  assert.equal(whichMistake([1, 2], [[a, [2, 1]], [b, [1, 2]]]), b);
  assert.equal(whichMistake(3, [[a, 3], [b, 3]]), a);
  assert.equal(whichMistake(3, [[a, 4]]), undefined);
});

Deno.test("harness: assertClose says how far off a value is, and whether rounding explains it", () => {
  // Another epsilon: two numbers that differ in the 10th digit are not rounding.
  assert.throws(
    () => assertClose(0.30000000006, 0.3, "x"),
    (e) => {
      assert.ok(e instanceof CheckFailure);
      assert.equal(
        e.problem,
        "x: expected 0.3, got 0.30000000006, off by 2e-10 relative, more than rounding (which stays under 1e-12): the formula differs",
      );
      return true;
    },
  );
  // A bit-for-bit check that fails by rounding says so, whether or not it names the order.
  assert.throws(
    () =>
      assertClose([1, 0.1 + 0.2], [1, 0.3], "sum", {
        tol: BITS,
        mistakeTol: ROUNDING,
      }),
    /at index 1 expected 0\.3, got 0\.30000000000000004, off by 1\.9e-16 relative, no more than rounding: the same math done in another order rounds differently/,
  );
  assert.throws(
    () => assertClose([2, 3.3], [2, 3], "y"),
    /expected 3, got 3\.3, off by 10%, more than rounding/,
  );
  assert.equal(
    howFar(-300, 2),
    ", -150 times the expected value, more than rounding (which stays under 1e-12): the formula differs",
  );
  assert.equal(howFar(1e-17, 0), ", off by 1e-17 where 0 was expected");
  // No size for NaN or Infinity, nor for lists of another length.
  assert.equal(howFar(NaN, 1), "");
  assert.equal(howFar(Infinity, 1), "");
  assert.throws(
    () => assertClose(NaN, 1, "z"),
    (e) => e instanceof CheckFailure && e.problem === "z: expected 1, got NaN",
  );
});
