// The arithmetic of the page's loss chart (app/page/page.js draws it): plain functions
// on arrays of numbers, with no DOM, so a Deno test (app/chart_test.ts) checks them too.
// Loops, not Math.max(...xs): a spread of 150,000 losses overflows the call stack.

/** The most points a curve of the chart is drawn with, however many steps there are. */
export const MAX_POINTS = 1000;

/** The smallest and largest of `values` (an empty list: lo = hi = 0). */
export function extent(values) {
  if (values.length === 0) return { lo: 0, hi: 0 };
  let lo = values[0];
  let hi = values[0];
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return { lo, hi };
}

/** At each step, the mean of the last `window` values up to it (fewer at the start). */
export function runningMeans(values, window = 100) {
  const means = new Array(values.length);
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    total += values[i] - (i >= window ? values[i - window] : 0);
    means[i] = total / Math.min(i + 1, window);
  }
  return means;
}

/**
 * The points `[index, value]` a curve of `values` is drawn with: all of them up to `max`;
 * beyond, the steps are cut into `max / 2` runs of consecutive steps and each run gives its
 * lowest and its highest value, in step order, so every spike and dip stays drawn.
 */
export function thin(values, max = MAX_POINTS) {
  if (values.length <= max) return values.map((v, i) => [i, v]);
  const runs = Math.floor(max / 2);
  const points = [];
  for (let r = 0; r < runs; r++) {
    const start = Math.floor((r * values.length) / runs);
    const end = Math.floor(((r + 1) * values.length) / runs);
    let [lo, hi] = [start, start];
    for (let i = start; i < end; i++) {
      if (values[i] < values[lo]) lo = i;
      if (values[i] > values[hi]) hi = i;
    }
    if (lo === hi) points.push([lo, values[lo]]);
    else if (lo < hi) points.push([lo, values[lo]], [hi, values[hi]]);
    else points.push([hi, values[hi]], [lo, values[lo]]);
  }
  return points;
}

/**
 * The points `[index, value]` a smooth curve of `values` is drawn with: all of them up to
 * `max`; beyond, the steps are cut into `max` runs of consecutive steps, each drawn as its
 * mean at its middle step.
 */
export function thinMeans(values, max = MAX_POINTS) {
  if (values.length <= max) return values.map((v, i) => [i, v]);
  const points = [];
  for (let r = 0; r < max; r++) {
    const start = Math.floor((r * values.length) / max);
    const end = Math.floor(((r + 1) * values.length) / max);
    let total = 0;
    for (let i = start; i < end; i++) total += values[i];
    points.push([(start + end - 1) / 2, total / (end - start)]);
  }
  return points;
}

/**
 * The value that a share `q` of `values` does not exceed, to within a thousandth of their
 * range (counted in 1,000 bins: no sort of a long list at each frame).
 */
export function quantile(values, q) {
  const { lo, hi } = extent(values);
  if (hi === lo) return hi;
  const bins = new Array(1000).fill(0);
  const width = (hi - lo) / bins.length;
  for (const v of values) {
    bins[Math.min(bins.length - 1, Math.floor((v - lo) / width))]++;
  }
  let seen = 0;
  for (let b = 0; b < bins.length; b++) {
    seen += bins[b];
    if (seen >= q * values.length) return lo + (b + 1) * width;
  }
  return hi;
}

/**
 * The loss axis's range: from the lowest loss up to the highest of the 99th percentile of
 * the losses and the highest mean of 100 steps. A rare spike above it is clipped (drawn at
 * the top edge) instead of squashing the curve; `clipped` counts the steps above.
 */
export function lossRange(losses, means) {
  const { lo, hi: top } = extent(losses);
  const hi = Math.min(top, Math.max(quantile(losses, 0.99), extent(means).hi));
  let clipped = 0;
  for (const l of losses) if (l > hi) clipped++;
  return { lo, hi: hi > lo ? hi : lo + 1, clipped };
}

/** About `count` round values between `lo` and `hi` (steps of 1, 2 or 5 times a power of ten). */
export function ticks(lo, hi, count = 4) {
  const raw = (hi - lo) / count;
  if (!(raw > 0)) return [lo];
  const power = 10 ** Math.floor(Math.log10(raw));
  // The round step nearest `raw` from below: about `count` ticks, a few more at most.
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= 0.75 * raw);
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) {
    out.push(Number(t.toFixed(10)));
  }
  return out;
}
