import assert from "node:assert/strict";
import fc from "fast-check";
import {
  anyReal,
  describeModel,
  matrix,
  type ModelConfig,
  modelConfigs,
  pair,
  real,
  reals,
  sequences,
  weights,
} from "./arbitraries.ts";

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

Deno.test("harness: reals and matrix draw the shapes asked for, as the suites' own fc.array did", () => {
  const sample = <T>(arb: fc.Arbitrary<T>) =>
    fc.sample(arb, { seed: 5, numRuns: 50 });
  for (const xs of sample(reals({ minLength: 1, maxLength: 8 }, -5, 5))) {
    assert.ok(xs.length >= 1 && xs.length <= 8);
    assert.ok(xs.every((x) => x >= -5 && x <= 5));
  }
  for (const m of sample(matrix(3, 2))) {
    assert.deepEqual(m.map((row) => row.length), [2, 2, 2]);
  }
  // The same draws as the arrays the suites wrote out, so moving to them keeps every message.
  assert.deepEqual(
    sample(weights(4)),
    sample(fc.array(real(-2, 2), { minLength: 4, maxLength: 4 })),
  );
  assert.deepEqual(
    sample(reals({ minLength: 1, maxLength: 6 }, -3, 3)),
    sample(fc.array(real(-3, 3), { minLength: 1, maxLength: 6 })),
  );
  assert.deepEqual(
    sample(matrix(2, 3, -1.5, 1.5)),
    sample(
      fc.array(fc.array(real(-1.5, 1.5), { minLength: 3, maxLength: 3 }), {
        minLength: 2,
        maxLength: 2,
      }),
    ),
  );
});

Deno.test("harness: modelConfigs draws small GPTs (nEmbd = nHead · headDim), as gpt_suite's configs", () => {
  // gpt_suite.ts's own arbitrary, for the suites that switch to the shared one.
  const gptSuites = (maxLayers = 2) =>
    fc.record({
      vocabSize: fc.integer({ min: 2, max: 5 }),
      nHead: fc.integer({ min: 1, max: 2 }),
      headDim: fc.integer({ min: 1, max: 2 }),
      nLayer: fc.integer({ min: 1, max: maxLayers }),
      blockSize: fc.integer({ min: 1, max: 4 }),
    }).map(({ headDim, ...c }) => ({ ...c, nEmbd: c.nHead * headDim }));
  const sample = <T>(arb: fc.Arbitrary<T>) =>
    fc.sample(arb, { seed: 6, numRuns: 50 });
  assert.deepEqual(
    JSON.stringify(sample(modelConfigs({ maxLayers: 3 }))),
    JSON.stringify(sample(gptSuites(3))),
  );
  for (const c of sample(modelConfigs({ minBlockSize: 2, maxBlockSize: 5 }))) {
    assert.ok(c.blockSize >= 2 && c.blockSize <= 5 && c.nLayer <= 2);
    assert.ok(c.nEmbd === c.nHead || c.nEmbd === 2 * c.nHead);
  }
  assert.equal(
    describeModel({
      vocabSize: 3,
      nEmbd: 2,
      nHead: 1,
      nLayer: 2,
      blockSize: 4,
    }),
    "(vocab 3, nEmbd 2, 1 head, 2 layers, blockSize 4)",
  );
});

Deno.test("harness: sequences and pair draw as the suites' own copies did", () => {
  const sample = <T>(arb: fc.Arbitrary<T>) =>
    JSON.stringify(fc.sample(arb, { seed: 7, numRuns: 50 }));
  // gpt_suite.ts's and efficiency_suite.ts's own sequences, on the configurations each drew.
  const copy = (configs: fc.Arbitrary<ModelConfig>) =>
    configs.chain((c) =>
      fc.record({
        c: fc.constant(c),
        seed: fc.nat(),
        tokens: fc.array(fc.integer({ min: 0, max: c.vocabSize - 1 }), {
          minLength: 1,
          maxLength: c.blockSize,
        }),
      })
    );
  assert.equal(sample(sequences()), sample(copy(modelConfigs())));
  const efficiency = modelConfigs({ minBlockSize: 2, maxBlockSize: 5 });
  assert.equal(sample(sequences(efficiency)), sample(copy(efficiency)));
  for (const { c, tokens } of fc.sample(sequences(), { seed: 8 })) {
    assert.ok(tokens.length >= 1 && tokens.length <= c.blockSize);
    assert.ok(tokens.every((t) => t >= 0 && t < c.vocabSize));
  }
  // value_suite.ts's and backward_suite.ts's own pair.
  assert.equal(sample(pair()), sample(fc.tuple(real(), real())));
});
