import assert from "node:assert/strict";
import { UsageError, UserError } from "../app/cli.ts";
import { kataNumber } from "../course/manifest.ts";
import { requirePermissions } from "../tests/harness/permissions.ts";
import { hintCommand } from "./cmd_hint.ts";
import {
  answerLines,
  hintsPath,
  lessonPath,
  parseHints,
  parseLesson,
  readHints,
  wrap,
} from "./kata_lesson.ts";
import { type Context, resolveKata } from "./context.ts";
import { statusesOf, uses } from "./kata_status.ts";
import { errorExcerpt } from "./run_suites.ts";
import { isKataSource, listKatas } from "./stubs.ts";

const ROOT = new URL("../", import.meta.url);

Deno.test("every lesson has a title and a goal", async () => {
  requirePermissions({ name: "read", path: new URL("katas/", ROOT) });
  for (const kata of await listKatas(ROOT)) {
    const md = await Deno.readTextFile(new URL(lessonPath(kata), ROOT));
    const { title, goal } = parseLesson(md);
    assert.match(title, new RegExp(`^${kata.slice(0, 2)} · `), kata);
    assert.ok(
      goal.length > 80,
      `${kata}: a goal of one paragraph, got "${goal}"`,
    );
  }
});

Deno.test("every kata has a hints file of at least three hints, gentle first", async () => {
  requirePermissions({ name: "read", path: new URL("course/", ROOT) });
  for (const kata of await listKatas(ROOT)) {
    const hints = await readHints(ROOT, kata);
    assert.ok(hints.length >= 3, `${kata}: ${hints.length} hints`);
    assert.deepEqual(
      hints.slice(0, 3).map((h) => h.label),
      ["a nudge", "the approach", "almost the answer"],
      kata,
    );
  }
});

Deno.test("no hint hands over the code: at most a quarter of the answer's lines appear in one", async () => {
  requirePermissions({ name: "read", path: new URL("course/", ROOT) });
  for (const kata of await listKatas(ROOT)) {
    const answer = new Set<string>();
    for await (
      const entry of Deno.readDir(new URL(`solutions/${kata}/`, ROOT))
    ) {
      if (!isKataSource(entry.name)) continue;
      const text = await Deno.readTextFile(
        new URL(`solutions/${kata}/${entry.name}`, ROOT),
      );
      for (const line of answerLines(text)) answer.add(line);
    }
    for (const [i, hint] of (await readHints(ROOT, kata)).entries()) {
      const given = hint.text.split("\n").map((l) => l.trim()).filter((l) =>
        answer.has(l)
      );
      assert.ok(
        given.length * 4 <= answer.size,
        `${kata} hint ${
          i + 1
        } gives ${given.length} of the answer's ${answer.size} lines:\n` +
          given.join("\n"),
      );
    }
  }
});

Deno.test("deno task kata hint NN 1|2|3 prints each level of every kata's hints file", async () => {
  requirePermissions(
    { name: "read", path: new URL("course/", ROOT) },
    { name: "write", path: new URL(".cache/", ROOT) },
  );
  const root = await hintsOnlyCopy();
  try {
    for (const kata of await listKatas(ROOT)) {
      const hints = parseHints(
        await Deno.readTextFile(new URL(hintsPath(kata), ROOT)),
      );
      for (const [i, hint] of hints.entries()) {
        const level = i + 1;
        const out = await printed(() =>
          hintCommand(context(root), [kataNumber(kata), String(level)])
        );
        const head = `${
          kata.replace("_", " ")
        }, hint ${level} of ${hints.length}`;
        assert.ok(
          out.startsWith(`${head} (${hint.label}):\n\n`),
          `${kata} ${level}: ${out}`,
        );
        const body = hint.text.split("\n").map((l) => (l ? `  ${l}` : ""));
        assert.ok(out.includes(body.join("\n")), `${kata} ${level}: ${out}`);
      }
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("deno task kata hint: a missing hints file says how to restore it", async () => {
  requirePermissions({ name: "write", path: new URL(".cache/", ROOT) });
  const root = await hintsOnlyCopy();
  try {
    await Deno.remove(new URL(hintsPath("05_softmax"), root));
    await assert.rejects(
      () => hintCommand(context(root), ["05", "1"]),
      (e) =>
        e instanceof UserError &&
        e.message ===
          "course/hints/05_softmax.md is missing: restore it with git checkout course/hints/05_softmax.md",
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

/**
 * A project in `.cache/` with what `hint NN LEVEL` reads: the folders of `solutions/` (empty)
 * and the hints files.
 */
async function hintsOnlyCopy(): Promise<URL> {
  await Deno.mkdir(new URL(".cache/", ROOT), { recursive: true });
  const dir = await Deno.makeTempDir({
    dir: new URL(".cache/", ROOT).pathname,
    prefix: "hint_test_",
  });
  const root = new URL(`file://${dir}/`);
  await Deno.mkdir(new URL("course/hints/", root), { recursive: true });
  for (const kata of await listKatas(ROOT)) {
    await Deno.mkdir(new URL(`solutions/${kata}/`, root), { recursive: true });
    await Deno.copyFile(
      new URL(hintsPath(kata), ROOT),
      new URL(hintsPath(kata), root),
    );
  }
  return root;
}

function context(root: URL): Context {
  return { root, seed: 42, limit: 10, color: false, tty: false };
}

/** What `run` prints with console.log, as one string. */
async function printed(run: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => lines.push(args.join(" "));
  try {
    await run();
  } finally {
    console.log = log;
  }
  return lines.join("\n");
}

Deno.test("parseLesson: a lesson off the template says what is missing", () => {
  const ok = `# 01 · T — t\n\n**Goal.** One\nparagraph.\n\nMore.\n`;
  assert.deepEqual(parseLesson(ok), {
    title: "01 · T — t",
    goal: "One paragraph.",
  });
  assert.equal(parseLesson(ok.replaceAll("\n", "\r\n")).goal, "One paragraph.");
  assert.throws(() => parseLesson(ok.replace("# 01", "01")), /no title/);
  assert.throws(
    () => parseLesson(ok.replace("**Goal.**", "Goal")),
    /no \*\*Goal\.\*\*/,
  );
});

Deno.test("parseHints: the hints in order; out of order or none says so", () => {
  const hint = (n: number) =>
    `<details>\n<summary>Hint ${n} (x)</summary>\n\nh${n}\n\n</details>\n`;
  const ok = `# Kata 01's hints\n\nIntro.\n\n${hint(1)}\n${hint(2)}`;
  assert.deepEqual(parseHints(ok), [
    { label: "x", text: "h1" },
    { label: "x", text: "h2" },
  ]);
  assert.deepEqual(parseHints(ok.replaceAll("\n", "\r\n")), parseHints(ok));
  assert.throws(
    () => parseHints(ok.replace(hint(1), "")),
    /hint 2 comes where hint 1/,
  );
  assert.throws(
    () => parseHints(ok.replace(hint(1), "").replace(hint(2), "")),
    /no hint/,
  );
});

Deno.test("answerLines: the code inside answer regions, without comments or short lines", () => {
  const source = [
    "const kept = 1;",
    "  //#region answer: f",
    "  // a comment",
    "  const total = a + b;",
    "  x++;",
    "  //#endregion",
    "const after = 2;",
  ].join("\n");
  assert.deepEqual(answerLines(source), ["const total = a + b;"]);
});

Deno.test("wrap: words to lines of at most the width, each indented", () => {
  assert.equal(wrap("a bb ccc", 6, "  "), "  a bb\n  ccc");
  assert.equal(wrap("averyverylongword x", 5), "averyverylongword\nx");
  assert.equal(wrap("", 10), "");
});

Deno.test("resolveKata: a number, a folder or a topic; anything else lists the katas", () => {
  const katas = ["01_tokenizer", "05_softmax", "11_train"];
  for (const arg of ["5", "05", "05_softmax", "softmax"]) {
    assert.equal(resolveKata(arg, katas), "05_softmax");
  }
  assert.throws(
    () => resolveKata("12", katas),
    (e) =>
      e instanceof UsageError &&
      /no kata 12: the katas are 01 to 11/.test(e.message),
  );
});

Deno.test("statusesOf: done, failing on the first failing check, waiting; unfinished left out", () => {
  const statuses = statusesOf([
    { kata: "01_tokenizer", event: "begin", seed: 1 },
    { kata: "01_tokenizer", event: "end" },
    { kata: "02_value", event: "begin", seed: 1 },
    {
      kata: "02_value",
      event: "fail",
      check: "a",
      problem: "p1",
      diagnosis: "d",
    },
    { kata: "02_value", event: "fail", check: "b", problem: "p2" },
    { kata: "02_value", event: "end" },
    { kata: "03_backward", event: "begin", seed: 1 },
    {
      kata: "03_backward",
      event: "prerequisite",
      needs: "02_value",
      check: "a",
      why: "w",
    },
    { kata: "03_backward", event: "end" },
    { kata: "04_linear", event: "begin", seed: 1 },
  ]);
  assert.deepEqual(Object.fromEntries(statuses), {
    "01_tokenizer": { kind: "done", reference: false },
    "02_value": { kind: "failing", check: "a", problem: "p1", diagnosis: "d" },
    "03_backward": { kind: "waiting", needs: "02_value", why: "w" },
  });
});

Deno.test("errorExcerpt: from Deno's first error line, paths made relative", () => {
  const root = new URL("file:///x/");
  const output = [
    "Check katas/01_tokenizer/tokenizer_test.ts",
    "error: Test failed",
    "TS2322 [ERROR]: Type 'number' is not assignable to type 'string'.",
    "  const s: string = 1;",
    "        ^",
    "    at file:///x/katas/01_tokenizer/tokenizer.ts:3:9",
    "",
    "error: Type checking failed.",
  ].join("\n");
  assert.equal(
    errorExcerpt(output, root),
    [
      "TS2322 [ERROR]: Type 'number' is not assignable to type 'string'.",
      "  const s: string = 1;",
      "        ^",
      "    at katas/01_tokenizer/tokenizer.ts:3:9",
    ].join("\n"),
  );
});

Deno.test("uses: a kata's own folder, then the earlier katas its suite loads", () => {
  assert.deepEqual(uses("03_backward"), ["03_backward", "02_value"]);
  assert.deepEqual(uses("09_adam"), ["09_adam", "02_value"]);
});
