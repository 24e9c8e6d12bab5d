import assert from "node:assert/strict";
import fc from "fast-check";
import { Value } from "../../solutions/02_value/value.ts";
import { backward } from "../../solutions/03_backward/backward.ts";
import { allZero, checkGradients } from "./gradients.ts";
import {
  anyReal,
  assertClose,
  BITS,
  CheckFailure,
  checkPrerequisites,
  count,
  diagnoses,
  forAll,
  GATE_RUNS,
  GRADIENT,
  guardReads,
  inGate,
  isClose,
  notImplemented,
  NUM_RUNS,
  numericGrad,
  PrerequisiteFailure,
  real,
  runContext,
  seedArgument,
  weighted,
  weights,
  whichMistake,
} from "./harness.ts";

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

Deno.test("harness: diagnoses get ids from their kata and key", () => {
  assert.deepEqual(D.swap, { id: "99_test/swap", text: "a swap" });
});

Deno.test("harness: numericGrad is within 1e-6 of the analytic gradient", () => {
  const f = ([a, b]: number[]) => Math.sin(a) * Math.exp(b) + a * a * b;
  const [a, b] = [0.7, -0.3];
  const analytic = [
    Math.cos(a) * Math.exp(b) + 2 * a * b,
    Math.sin(a) * Math.exp(b) + a * a,
  ];
  assertClose(numericGrad(f, [a, b]), analytic, "gradient", { tol: GRADIENT });
});

Deno.test("harness: weighted reduces a vector with the given weights, on numbers or nodes", () => {
  assert.equal(weighted([1, 2, 3], [0.5, -1, 2]), 0.5 - 2 + 6);
  const xs = [1, 2, 3].map((x) => new Value(x));
  const loss = weighted(xs, [0.5, -1, 2]);
  assert.equal(loss.data, 0.5 - 2 + 6);
  backward(loss);
  assert.deepEqual(xs.map((x) => x.grad), [0.5, -1, 2]);
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

Deno.test("harness: anyReal uses the whole mantissa, so the order of a sum shows", () => {
  const xs = fc.sample(anyReal(-3, 3), { seed: 4, numRuns: 2000 });
  assert.ok(xs.every((x) => x >= -3 && x <= 3 && x !== 0));
  let differ = 0;
  for (let i = 0; i + 3 <= xs.length; i += 3) {
    const [p, q, r] = xs.slice(i, i + 3);
    if ((p + q) + r !== p + (q + r)) differ++;
  }
  assert.ok(differ > 100, `only ${differ} of 666 triples add up differently`);
});

Deno.test("gradients: checkGradients passes a right gradient and names the input of a wrong one", () => {
  const c = {
    what: "[a·b, a + b]",
    params: [3, 5],
    label: (i: number) => ["a", "b"][i],
    plain: ([a, b]: readonly number[]) => [a * b, a + b],
    weights: [1, -2],
  };
  checkGradients((x) => new Value(x), backward, {
    ...c,
    build: ([a, b]) => [a.mul(b), a.add(b)],
  });
  assert.throws(
    () =>
      checkGradients((x) => new Value(x), backward, {
        ...c,
        build: ([a, b]) => [a.mul(b.data), a.add(b)],
        diagnose: (grads, numeric) =>
          allZero(grads, numeric, 1) ? D.other : undefined,
      }),
    (e) => {
      assert.ok(e instanceof CheckFailure);
      assert.match(
        e.message,
        /^d\(loss\)\/d\(b\): your backward gave -2, the central difference (1|0\.99999\d+|1\.00000\d+) \(loss = the outputs of \[a·b, a \+ b\] times random weights \[1, -2\], summed\)$/,
      );
      assert.equal(e.diagnosis, undefined);
      return true;
    },
  );
  assert.throws(
    () =>
      checkGradients((x) => new Value(x), backward, {
        ...c,
        build: ([a, b]) => [a.mul(b.data), a.add(b.data)],
        diagnose: (grads, numeric) =>
          allZero(grads, numeric, 1) ? D.other : undefined,
      }),
    (e) => e instanceof CheckFailure && e.diagnosis === D.other,
  );
});

Deno.test("harness: real() stays on its grid inside [min, max] and is never 0", () => {
  for (const x of fc.sample(real(-3, 3), { seed: 1, numRuns: 2000 })) {
    assert.ok(x >= -3 && x <= 3, `${x} out of range`);
    assert.notEqual(x, 0);
    assert.ok(Number.isInteger(x * 128 - 0.5), `${x} is off the grid`);
  }
  // fast-check favours small integers, but far less than fc.double favours tiny doubles.
  const nearZero = (xs: number[]) => xs.filter((x) => Math.abs(x) < 0.1).length;
  const grid = nearZero(fc.sample(real(-3, 3), { seed: 2, numRuns: 2000 }));
  const doubles = nearZero(
    fc.sample(fc.double({ min: -3, max: 3 }), { seed: 2, numRuns: 2000 }),
  );
  assert.ok(
    grid < 500 && doubles > 2 * grid,
    `near zero: ${grid} on the grid, ${doubles} doubles`,
  );
  for (const ws of fc.sample(weights(5), { seed: 3, numRuns: 50 })) {
    assert.equal(ws.length, 5);
  }
});

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
          `^10 is too big\\n    input: \\[10\\]\\n    this looks like other\\n    replay: .*--seed=${runContext().seed}`,
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

Deno.test("harness: a failing prerequisite names the earlier kata to finish", async () => {
  const suite = {
    kata: "09_next",
    diagnoses: {},
    prerequisites: () => [{
      kata: "08_before",
      checks: [{
        name: "08 before: holds",
        run: () => {
          throw new Error("no");
        },
      }],
    }],
    checks: () => [],
  };
  await assert.rejects(checkPrerequisites(suite, {}), (e) => {
    assert.ok(e instanceof PrerequisiteFailure);
    assert.match(e.message, /deno test katas\/08_before/);
    // It also says which check of the earlier kata fails, and why.
    assert.match(e.message, /"08 before: holds" fails: Error: no/);
    return true;
  });
  await checkPrerequisites({ ...suite, prerequisites: () => [] }, {});
});

Deno.test("harness: a prerequisite runs as a gate, with GATE_RUNS cases a property", async () => {
  const seen: { gate: boolean; runs: number }[] = [];
  const check = {
    name: "08 before: counts",
    run: () => {
      let runs = 0;
      forAll(fc.integer(), () => {
        runs++;
      });
      seen.push({ gate: inGate(), runs });
    },
  };
  await checkPrerequisites({
    kata: "09_next",
    diagnoses: {},
    prerequisites: () => [{ kata: "08_before", checks: [check] }],
    checks: () => [],
  }, {});
  check.run();
  assert.deepEqual(seen, [
    { gate: true, runs: GATE_RUNS },
    { gate: false, runs: NUM_RUNS },
  ]);
});

Deno.test("harness: --seed after -- is a whole number; anything else is reported, not thrown", () => {
  assert.equal(seedArgument([]), undefined);
  assert.equal(seedArgument(["--seed=42"]), 42);
  assert.equal(seedArgument(["--seed", "-7"]), -7);
  assert.deepEqual(seedArgument(["--seed=abc"]), { bad: "abc" });
  assert.deepEqual(seedArgument(["--seed"]), { bad: "" });
  assert.deepEqual(seedArgument(["--seed=1e3"]), { bad: "1e3" });
});

Deno.test("harness: guardReads fails a loop that keeps reading past its budget", () => {
  const nodes = [{ children: [1] }, { children: [2] }];
  guardReads(nodes, "children", 3, () => new CheckFailure("stuck", D.other));
  assert.deepEqual(nodes[0].children, [1]);
  assert.deepEqual(nodes[1].children, [2]);
  assert.deepEqual(nodes[0].children, [1]);
  assert.throws(
    () => nodes[1].children,
    (e) => e instanceof CheckFailure && e.diagnosis === D.other,
  );
});

Deno.test("harness: count says 1 character, 2 characters", () => {
  assert.equal(count(1, "character"), "1 character");
  assert.equal(count(0, "node"), "0 nodes");
  assert.equal(count(2, "node"), "2 nodes");
});

Deno.test("harness: notImplemented recognises only a stub's throw", () => {
  assert.ok(
    notImplemented(new Error("not implemented: Value.add, see README.md")),
  );
  assert.ok(!notImplemented(new Error("x is not implemented here")));
  assert.ok(!notImplemented("not implemented: f"));
});
