/**
 * The loss curve of a run: in the terminal (drawn by the npm package `asciichart`, MIT) and
 * as an SVG image. Both show the mean loss of consecutive groups of steps, as one step's loss
 * depends mostly on which name it trained on.
 *
 * @module
 */
import asciichart from "asciichart";

/**
 * The means of `values` over `points` consecutive groups of about equal size (fewer when
 * there are fewer values).
 *
 * @example
 * ```ts
 * bucketMeans([1, 3, 5, 7], 2); // [2, 6]
 * ```
 */
export function bucketMeans(
  values: readonly number[],
  points: number,
): number[] {
  const n = Math.min(points, values.length);
  return Array.from({ length: n }, (_, i) => {
    const from = Math.floor((i * values.length) / n);
    const to = Math.floor(((i + 1) * values.length) / n);
    const group = values.slice(from, to);
    return group.reduce((a, b) => a + b, 0) / group.length;
  });
}

/**
 * The loss curve as text: `width` columns of group means, `height` rows, with the loss on
 * the left axis.
 *
 * @example
 * ```ts
 * console.log(lossChart([3.3, 3.1, 2.9, 2.7, 2.6], 5, 4));
 * ```
 */
export function lossChart(
  losses: readonly number[],
  width = 60,
  height = 8,
): string {
  const points = bucketMeans(losses, width);
  return asciichart.plot(points, {
    height,
    format: (x: number) => x.toFixed(2).padStart(6),
  });
}

/** The title {@linkcode lossSvg} gives the curve `deno task run --plot` draws. */
const LOSS_TITLE = "training loss";

/**
 * Whether `head`, the first bytes of a file, are of a loss curve {@linkcode lossSvg} drew
 * for `deno task run --plot`: such a file is one a run may replace.
 *
 * @example
 * ```ts
 * isLossSvg(new TextEncoder().encode(lossSvg([3.3, 2.6]))); // true
 * ```
 */
export function isLossSvg(head: Uint8Array): boolean {
  const text = new TextDecoder().decode(head.subarray(0, 512));
  return text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"') &&
    text.includes(`>${LOSS_TITLE}</text>`);
}

/**
 * The loss curve as an SVG image: every step's loss in light grey, the mean of each group of
 * steps in blue, over axes labelled with the steps and the losses.
 *
 * @example
 * ```ts
 * const svg = lossSvg([3.3, 3.1, 2.9, 2.7, 2.6]);
 * svg.startsWith("<svg"); // true
 * ```
 */
export function lossSvg(
  losses: readonly number[],
  title = LOSS_TITLE,
): string {
  const [w, h, left, bottom, top, right] = [640, 360, 56, 36, 28, 16];
  // Loops, not Math.min(...losses): a spread of millions of losses overflows the stack.
  const lo = losses.reduce((m, x) => Math.min(m, x), Infinity);
  const hi = losses.reduce((m, x) => Math.max(m, x), -Infinity);
  const span = hi - lo || 1;
  const x = (i: number, n: number) =>
    left + (n <= 1 ? 0 : (i / (n - 1)) * (w - left - right));
  const y = (v: number) => top + ((hi - v) / span) * (h - top - bottom);
  const line = (vs: readonly number[], n: number, stretch = 1) =>
    vs.map((v, i) =>
      `${x((i + 0.5) * stretch - 0.5, n).toFixed(1)},${y(v).toFixed(1)}`
    ).join(" ");
  const n = losses.length;
  const groups = bucketMeans(losses, 50);
  const ticks = [lo, (lo + hi) / 2, hi].map((v) =>
    `<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${
      v.toFixed(2)
    }</text>`
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="12">`,
    `<rect width="${w}" height="${h}" fill="white"/>`,
    `<text x="${w / 2}" y="18" text-anchor="middle">${title}</text>`,
    `<path d="M${left},${top}V${h - bottom}H${
      w - right
    }" fill="none" stroke="black"/>`,
    ...ticks,
    `<text x="${left}" y="${h - bottom + 16}" text-anchor="middle">1</text>`,
    `<text x="${w - right}" y="${
      h - bottom + 16
    }" text-anchor="end">${n}</text>`,
    `<text x="${(w + left) / 2}" y="${h - 6}" text-anchor="middle">step</text>`,
    `<polyline points="${line(losses, n)}" fill="none" stroke="#ccc"/>`,
    `<polyline points="${
      line(groups, n, n / groups.length)
    }" fill="none" stroke="#1f6fb4" stroke-width="2"/>`,
    `</svg>`,
    "",
  ].join("\n");
}
