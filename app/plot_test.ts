/**
 * Tests of the loss curve's SVG: a long run's losses are drawn without a call per loss on
 * the stack, and the file it writes is one `--plot` may replace.
 *
 * @module
 */
import assert from "node:assert/strict";
import { isLossSvg, lossSvg } from "./plot.ts";

Deno.test("plot: the SVG of 2,000,000 losses is drawn (no spread of them onto the stack), and is a curve --plot may replace", () => {
  const losses = Array.from({ length: 2_000_000 }, (_, i) => 3 - i / 1e6);
  const svg = lossSvg(losses);
  assert.ok(svg.includes(">3.00</text>") && svg.includes(">1.00</text>"));
  assert.ok(isLossSvg(new TextEncoder().encode(svg)));
  assert.ok(!isLossSvg(new TextEncoder().encode("<svg></svg>\n")));
});
