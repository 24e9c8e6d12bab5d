import assert from "node:assert/strict";
import { requirePermissions } from "../tests/harness/permissions.ts";
import { KATAS } from "../tests/meta/katas.ts";
import {
  codeSpan,
  denoFmtMarkdown,
  escapeMarkdown,
  kataSection,
  mistakesGuide,
} from "./mistakes_guide.ts";

const ROOT = new URL("../", import.meta.url);

Deno.test("mistakes guide: every kata, every mutant with the line its learner sees, every decoy", () => {
  for (const kata of KATAS) {
    const section = kataSection(kata);
    assert.match(
      section,
      new RegExp(`^## ${kata.kata.slice(0, 2)} `),
      kata.kata,
    );
    for (const m of kata.mutants) {
      assert.ok(
        section.includes(`- **${escapeMarkdown(m.name)}**:`),
        `${kata.kata}: ${m.name}`,
      );
      assert.ok(
        section.includes(codeSpan(`this looks like ${m.expect.text}`)),
        `${kata.kata}: ${m.expect.id}`,
      );
    }
    for (const d of kata.decoys) {
      assert.ok(section.includes(`- ${escapeMarkdown(d.name)}`), d.name);
    }
  }
});

Deno.test("mistakes guide: laid out by deno fmt, so deno fmt leaves it as it is", async () => {
  requirePermissions({ name: "run", command: "deno" });
  const guide = await mistakesGuide(ROOT);
  assert.equal(await denoFmtMarkdown(guide, ROOT), guide);
  assert.match(guide, /^# Common mistakes, by kata: for facilitators\n/);
  await assert.rejects(
    () => denoFmtMarkdown("x", new URL("file:///nonexistent-folder/")),
  );
});

Deno.test("mistakes guide: escapeMarkdown escapes only what Markdown would read", () => {
  for (
    const plain of [
      "beta ** step",
      "lr_t * (m̂ / (…))",
      "lm_head and mlp_fc1",
      "keys = [...keys, k]",
      "i < n - 1, a <= 0",
      "Array(nLayer).fill([])",
    ]
  ) {
    assert.equal(escapeMarkdown(plain), plain);
  }
  assert.equal(escapeMarkdown("*p* and _q_"), "\\*p\\* and \\_q\\_");
  assert.equal(escapeMarkdown("a `b` c\\d"), "a \\`b\\` c\\\\d");
  assert.equal(escapeMarkdown("<b>"), "\\<b>");
  assert.equal(escapeMarkdown("[a](b)"), "\\[a\\](b)");
});

Deno.test("mistakes guide: codeSpan fences a text with one backtick more than it holds", () => {
  assert.equal(codeSpan("x += 1"), "`x += 1`");
  assert.equal(codeSpan("`=` instead of `+=`"), "`` `=` instead of `+=` ``");
  assert.equal(codeSpan("a ``b`` c"), "``` a ``b`` c ```");
});
