import assert from "node:assert/strict";
import { COURSE } from "../course/manifest.ts";
import { requirePermissions } from "../tests/harness/permissions.ts";
import { lessonPath } from "./kata_lesson.ts";

const ROOT = new URL("../", import.meta.url);

/** A rule of a lesson's shape: what it asks, and what breaks it in `lines` (none: kept). */
interface Rule {
  readonly rule: string;
  broken(lines: readonly string[]): string[];
}

/** Line numbers (from 1) of the lines that match `pattern`, with the line. */
function matching(lines: readonly string[], pattern: RegExp): string[] {
  return lines.flatMap((l, i) =>
    pattern.test(l) ? [`line ${i + 1}: ${l}`] : []
  );
}

/** The rules every lesson keeps: the hints are in `course/hints/`, asked for, not read. */
const ALWAYS: readonly Rule[] = [
  {
    rule:
      "no hint in the lesson (they are in course/hints/, shown by deno task kata hint)",
    broken: (lines) => matching(lines, /<summary>\s*Hint\b|^#+\s*Hints?\s*$/i),
  },
  {
    rule: "says how to ask for a hint: `deno task kata hint`",
    broken: (lines) =>
      lines.some((l) => l.includes("`deno task kata hint")) ? [] : ["missing"],
  },
];

/** The rules of a short lesson (the lesson template, `lesson_template.md`). */
const SHORT: readonly Rule[] = [
  {
    rule: '"## Your task" within the first 100 lines',
    broken: (lines) => {
      const at = lines.findIndex((l) => /^## Your task\s*$/.test(l)) + 1;
      return at >= 1 && at <= 100
        ? []
        : [at ? `at line ${at}` : "no such heading"];
    },
  },
  {
    rule: "at most 300 lines",
    broken: (lines) => lines.length <= 300 ? [] : [`${lines.length} lines`],
  },
  {
    rule:
      'no "Fix:" line (the fixes are in the failure messages and MISTAKES.md)',
    broken: (lines) =>
      matching(lines, /(?:^|[^\w`])(?:Fix:|(\*\*|__)Fix(?::\1|\1:))/),
  },
  {
    rule: 'no "Common mistakes" section (MISTAKES.md is the catalogue)',
    broken: (lines) => matching(lines, /^#+\s*Common mistakes\b/i),
  },
];

/** The text of a lesson, as lines (a final newline ends the last, it does not add one). */
async function lessonLines(kata: string): Promise<string[]> {
  const text = await Deno.readTextFile(new URL(lessonPath(kata), ROOT));
  return text.replace(/\r\n?/g, "\n").replace(/\n$/, "").split("\n");
}

/** What `rules` find broken in the lesson of `kata`, one line each. */
function problems(
  kata: string,
  lines: readonly string[],
  rules: readonly Rule[],
): string[] {
  return rules.flatMap(({ rule, broken }) =>
    broken(lines).map((b) => `${kata}: ${rule}; ${b}`)
  );
}

Deno.test("every lesson keeps its hints out: none in the lesson, and the command that shows them", async () => {
  requirePermissions({ name: "read", path: new URL("katas/", ROOT) });
  const found: string[] = [];
  for (const { kata } of COURSE) {
    found.push(...problems(kata, await lessonLines(kata), ALWAYS));
  }
  assert.deepEqual(found, []);
});

Deno.test("every lesson is short: the task within 100 lines, 300 at most, no fixes, no mistakes catalogue", async () => {
  requirePermissions({ name: "read", path: new URL("katas/", ROOT) });
  const found: string[] = [];
  for (const { kata } of COURSE) {
    found.push(...problems(kata, await lessonLines(kata), SHORT));
  }
  assert.deepEqual(found, [], "these lessons are not in the short shape");
});

Deno.test("lesson shape: each rule catches what it names", () => {
  const short = [
    "# 01 · T — t",
    "",
    "## Your task",
    "Stuck? `deno task kata hint` shows a hint, one level at a time.",
  ];
  assert.deepEqual(problems("k", short, [...ALWAYS, ...SHORT]), []);
  const cases: [string[], string][] = [
    [["<details>", "<summary>Hint 1 (a nudge)</summary>"], "line 6"],
    [["## Hints"], "line 5"],
    [["  Fix: keep [this, other]."], "line 5"],
    [["- **Fix:** push onto keys."], "line 5"],
    [["**Fix**: push onto keys."], "line 5"],
    [["__Fix:__ push onto keys."], "line 5"],
    [["  `this looks like a swap`. Fix: `[this, other]`."], "line 5"],
    [["## Common mistakes"], "line 5"],
  ];
  for (const [extra, where] of cases) {
    const found = problems("k", [...short, ...extra], [...ALWAYS, ...SHORT]);
    assert.equal(found.length, 1, `${extra.join("\n")}: ${found.join("\n")}`);
    assert.match(found[0], new RegExp(`; ${where}: `));
  }
  const late = [
    ...short.slice(0, 2),
    ...Array(100).fill(""),
    ...short.slice(2),
  ];
  assert.deepEqual(problems("k", late, SHORT), [
    'k: "## Your task" within the first 100 lines; at line 103',
  ]);
  assert.deepEqual(problems("k", [...short, ...Array(297).fill("")], SHORT), [
    "k: at most 300 lines; 301 lines",
  ]);
  assert.deepEqual(problems("k", short.slice(0, 3), ALWAYS), [
    "k: says how to ask for a hint: `deno task kata hint`; missing",
  ]);
  const fine = [
    "<summary>Why no recursion?</summary>",
    "Fix the loop, and run again.",
    "The fix: is in the failure message.",
  ];
  assert.deepEqual(
    problems("k", [...short, ...fine], [...ALWAYS, ...SHORT]),
    [],
  );
});
