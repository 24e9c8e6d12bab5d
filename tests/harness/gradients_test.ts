import assert from "node:assert/strict";
import { Value } from "../../solutions/02_value/value.ts";
import { backward } from "../../solutions/03_backward/backward.ts";
import { assertClose, GRADIENT } from "./compare.ts";
import { diagnoses } from "./diagnosis.ts";
import { CheckFailure } from "./failure.ts";
import { allZero, checkGradients, numericGrad, weighted } from "./gradients.ts";

const D = diagnoses("99_test", { swap: "a swap", nan: "NaN", other: "other" });

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
        /^d\(loss\)\/d\(b\): your backward gave -2, the central difference (1|0\.99999\d+|1\.00000\d+), off by 300%: more than a central difference's own error \(about 1e-6\), so the gradient is wrong \(loss = the outputs of \[a·b, a \+ b\] times random weights \[1, -2\], summed\)$/,
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
