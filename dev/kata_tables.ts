/**
 * The tables of the katas in the READMEs, made from the course's manifest: the top README's
 * list (what each kata builds, and its status) and the map's (`katas/README.md`: where each
 * sits in microgpt.py, and the earlier katas it uses).
 *
 * @module
 */
import { COURSE, kataNumber } from "../course/manifest.ts";
import { markdownTable } from "./markdown.ts";

/**
 * Katas by number, a run of three or more consecutive ones as a range: what the map's "uses"
 * column and the test files' headers say.
 *
 * @example
 * ```ts
 * kataRanges(["02_value", "03_backward", "04_linear", "09_adam"]); // "02–04, 09"
 * kataRanges(["02_value", "03_backward"]); // "02, 03"
 * ```
 */
export function kataRanges(katas: readonly string[]): string {
  const numbers = katas.map((k) => Number(kataNumber(k)));
  const runs: number[][] = [];
  for (const n of numbers) {
    const run = runs.at(-1);
    if (run && run.at(-1) === n - 1) run.push(n);
    else runs.push([n]);
  }
  const two = (n: number) => String(n).padStart(2, "0");
  return runs.flatMap((run) =>
    run.length >= 3 ? [`${two(run[0])}–${two(run.at(-1)!)}`] : run.map(two)
  ).join(", ");
}

/** The top README's table of the katas: each kata, what you build, its status. */
export function kataTable(): string {
  // A kata joins the course when its reference solution does (course/manifest_test.ts), so
  // every kata listed is ready.
  return markdownTable(
    ["kata", "you build", "status"],
    COURSE.map((e) => [`\`${e.kata}\``, e.summary, "ready"]),
  );
}

/** The map's table (`katas/README.md`): each kata, linked to its lesson, and what it uses. */
export function mapTable(): string {
  return markdownTable(
    ["kata", "you build", "in microgpt.py", "uses"],
    COURSE.map((e) => [
      `[\`${e.kata}\`](${e.kata}/README.md)`,
      e.builds,
      e.inMicrogpt,
      e.uses.length ? kataRanges(e.uses) : "none",
    ]),
  );
}
