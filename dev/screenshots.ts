/**
 * `deno task screenshots`: regenerates `docs/page.png`, the page of `deno task run --serve`
 * after a default training with the name "emma" inspected, in headless Chromium with the
 * browser test's harness (`tests/harness/browser.ts`). It also prints the page's load times
 * from the browser's Performance API (navigation to DOMContentLoaded, load and first paint),
 * on a first visit and again.
 *
 * @module
 */
import { runMain, UserError } from "../app/cli.ts";
import {
  CHROMIUM,
  hasChromium,
  launchChromium,
  type PageGlobals,
  startServe,
} from "../tests/harness/browser.ts";

/** Where the screenshot goes. */
const PNG = "docs/page.png";

/** The name inspected on the screenshot. */
const NAME = "emma";

/** The page's load times in milliseconds, from the browser's Performance API. */
function loadTimes(): Record<string, number> {
  const [nav] = performance.getEntriesByType("navigation") as unknown as {
    domContentLoadedEventEnd: number;
    loadEventEnd: number;
  }[];
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  return {
    domContentLoaded: nav.domContentLoadedEventEnd,
    load: nav.loadEventEnd,
    firstContentfulPaint: paint?.startTime ?? -1, // -1: none painted yet
  };
}

/** Whether the page shows the run's 20 names (in the page). */
function allNames(): boolean {
  const { document } = globalThis as unknown as PageGlobals;
  return document.querySelectorAll("#samples li").length === 20;
}

/** Load times as one line: milliseconds from the navigation. */
function shown(times: Record<string, number>): string {
  return Object.entries(times).map(([k, v]) =>
    `${k} ${v < 0 ? "(none yet)" : `${v.toFixed(0)} ms`}`
  ).join(", ");
}

async function main(): Promise<void> {
  if (!hasChromium()) {
    throw new UserError(
      `no chromium at ${CHROMIUM}: apt-get install -y chromium, then run deno task screenshots again`,
    );
  }
  const serving = await startServe([]);
  const chromium = await launchChromium();
  try {
    const page = await chromium.browser.newPage();
    await page.setViewport({ width: 1100, height: 900 });
    await page.goto(serving.url, { waitUntil: "load" });
    await page.waitForFunction(allNames, { timeout: 300_000 });
    const times = await page.evaluate(loadTimes); // the page has painted by now
    await page.type("#name", NAME);
    await page.click("#go");
    await page.waitForSelector("table.probs");
    const png = await page.screenshot({ fullPage: true });
    await Deno.mkdir("docs", { recursive: true });
    await Deno.writeFile(PNG, png);
    console.log(`wrote ${PNG}`);
    console.log(`page load, first visit: ${shown(times)}`);
    // Again in a browser that has run the page once (the training is over: the page gets
    // its events at once).
    await page.reload({ waitUntil: "load" });
    await page.waitForFunction(allNames);
    console.log(`page load, again: ${shown(await page.evaluate(loadTimes))}`);
  } finally {
    await chromium.close();
    await serving.stop();
  }
}

if (import.meta.main) await runMain(main);
