/**
 * Tests of the loss chart's arithmetic (`app/page/chart.js`, which the page of
 * `deno task run --serve` imports too): a long training is drawn with few points and no
 * spread of its losses, and one spike does not squash the curve.
 */
import assert from "node:assert/strict";
import {
  extent,
  lossRange,
  MAX_POINTS,
  quantile,
  runningMeans,
  thin,
  thinMeans,
  ticks,
} from "./page/chart.js";

/** `n` losses falling from 3.3 towards 2.2, wobbling, with a spike of 9 every 5,000 steps. */
const losses = (n: number): number[] =>
  Array.from(
    { length: n },
    (_, i) =>
      i % 5000 === 4999
        ? 9
        : 2.2 + 1.1 * Math.exp(-i / 200) + 0.4 * Math.sin(i * 1.7),
  );

Deno.test("page chart: 150,000 steps are drawn with at most 1,000 points per curve, in step order, keeping the lowest and highest loss, the running means by the mean of each run", () => {
  const ls = losses(150_000);
  const points = thin(ls) as [number, number][];
  assert.ok(points.length <= MAX_POINTS, `${points.length} points`);
  assert.ok(points.length >= MAX_POINTS / 2, `${points.length} points`);
  points.slice(1).forEach(([i], k) => assert.ok(i > points[k][0], `${i}`));
  const { lo, hi } = extent(ls);
  assert.equal(Math.min(...points.map(([, v]) => v)), lo);
  assert.equal(Math.max(...points.map(([, v]) => v)), hi);
  const means = runningMeans(ls) as number[];
  assert.equal(means.length, ls.length);
  const smooth = thinMeans(means) as [number, number][];
  assert.equal(smooth.length, MAX_POINTS);
  smooth.slice(1).forEach(([i], k) => assert.ok(i > smooth[k][0], `${i}`));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(Math.abs(mean(smooth.map(([, v]) => v)) - mean(means)) < 1e-9);
});

Deno.test("page chart: up to 1,000 steps every step is a point, and the means are of the last 100", () => {
  const ls = losses(300);
  assert.deepEqual(thin(ls), ls.map((l, i) => [i, l]));
  assert.deepEqual(thinMeans(ls), ls.map((l, i) => [i, l]));
  const means = runningMeans(ls) as number[];
  assert.equal(means[0], ls[0]);
  const last = ls.slice(-100).reduce((a, b) => a + b, 0) / 100;
  assert.ok(Math.abs(means.at(-1)! - last) < 1e-12);
});

Deno.test("page chart: rare spikes above the 99th percentile are clipped, the start of the curve is not", () => {
  const ls = losses(150_000);
  const means = runningMeans(ls);
  const { lo, hi, clipped } = lossRange(ls, means);
  assert.equal(lo, extent(ls).lo);
  assert.ok(hi < 9, `the axis ends at ${hi}, under the spikes`);
  assert.ok(hi >= extent(means).hi, "the mean curve fits, from its start");
  assert.equal(clipped, ls.filter((l) => l > hi).length);
  assert.ok(clipped >= 30, `${clipped} clipped`);
  const q = quantile(ls, 0.5);
  const below = ls.filter((l) => l <= q).length / ls.length;
  assert.ok(Math.abs(below - 0.5) < 0.01, `${below} of them are below`);
});

Deno.test("page chart: the loss axis has a few round ticks inside its range", () => {
  assert.deepEqual(ticks(1.58, 3.91), [2, 2.5, 3, 3.5]);
  const t = ticks(1.24, 4.1) as number[];
  assert.ok(t.length >= 3 && t.length <= 6, `${t}`);
  assert.ok(t.every((v) => v >= 1.24 && v <= 4.1), `${t}`);
  assert.deepEqual(ticks(2, 2), [2]);
});
