import assert from "node:assert/strict";
import { UsageError } from "../app/cli.ts";
import { answerLines, parseLesson, wrap } from "./kata_lesson.ts";
import { resolveKata } from "./context.ts";
import { statusesOf, uses } from "./kata_status.ts";
import { errorExcerpt } from "./run_suites.ts";
import { isKataSource, listKatas } from "./stubs.ts";

const ROOT = new URL("../", import.meta.url);

Deno.test("every lesson has a title, a goal and at least three hints, gentle first", async () => {
  for (const kata of await listKatas(ROOT)) {
    const md = await Deno.readTextFile(
      new URL(`katas/${kata}/README.md`, ROOT),
    );
    const { title, goal, hints } = parseLesson(md);
    assert.match(title, new RegExp(`^${kata.slice(0, 2)} · `), kata);
    assert.ok(
      goal.length > 80,
      `${kata}: a goal of one paragraph, got "${goal}"`,
    );
    assert.ok(hints.length >= 3, `${kata}: ${hints.length} hints`);
    assert.deepEqual(
      hints.slice(0, 3).map((h) => h.label),
      ["a nudge", "the approach", "almost the answer"],
      kata,
    );
  }
});

Deno.test("no hint hands over the code: at most a quarter of the answer's lines appear in one", async () => {
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
    const md = await Deno.readTextFile(
      new URL(`katas/${kata}/README.md`, ROOT),
    );
    for (const [i, hint] of parseLesson(md).hints.entries()) {
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

Deno.test("parseLesson: a lesson off the template says what is missing", () => {
  const hint = (n: number) =>
    `<details>\n<summary>Hint ${n} (x)</summary>\n\nh${n}\n\n</details>\n`;
  const ok = `# 01 · T — t\n\n**Goal.** One\nparagraph.\n\nMore.\n\n${hint(1)}${
    hint(2)
  }`;
  assert.deepEqual(parseLesson(ok), {
    title: "01 · T — t",
    goal: "One paragraph.",
    hints: [{ label: "x", text: "h1" }, { label: "x", text: "h2" }],
  });
  assert.equal(parseLesson(ok.replaceAll("\n", "\r\n")).goal, "One paragraph.");
  assert.throws(() => parseLesson(ok.replace("# 01", "01")), /no title/);
  assert.throws(
    () => parseLesson(ok.replace("**Goal.**", "Goal")),
    /no \*\*Goal\.\*\*/,
  );
  assert.throws(
    () => parseLesson(ok.replace(hint(1), "")),
    /hint 2 comes where hint 1/,
  );
  assert.throws(
    () => parseLesson(ok.replace(hint(1) + hint(2), "")),
    /no hints/,
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
