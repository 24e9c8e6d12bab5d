import assert from "node:assert/strict";
import { COURSE } from "../course/manifest.ts";
import { requirePermissions } from "../tests/harness/permissions.ts";
import { markdownTable } from "./markdown.ts";
import {
  answerRegions,
  functionNames,
  NAMES_WIDTH,
  thousands,
  wordCount,
  workshopTable,
} from "./workshop_table.ts";

const ROOT = new URL("../", import.meta.url);

Deno.test("workshop table: one row per kata, counted from its solution and lesson", async () => {
  requirePermissions(
    { name: "read", path: new URL("solutions/", ROOT) },
    { name: "read", path: new URL("katas/", ROOT) },
  );
  const rows = (await workshopTable(ROOT)).split("\n").filter((l) =>
    l.startsWith("| `")
  );
  assert.deepEqual(
    rows.map((r) => r.split("|")[1].trim()),
    COURSE.map((e) => `\`${e.kata}\``),
  );
  const linear = rows[3].split("|").map((c) => c.trim());
  assert.equal(linear[2], "3 (sum, dot, linear)");
  assert.equal(linear[5], "easy");
  assert.equal(linear[6], "25 min");
  const lesson = await Deno.readTextFile(
    new URL("katas/04_linear/README.md", ROOT),
  );
  assert.equal(linear[4], thousands(wordCount(lesson)));
});

Deno.test("workshop table: answer regions by name, with their code lines (no blank line, no comment)", () => {
  const source = [
    "export function sum(xs: number[]): number {",
    "  //#region answer: sum",
    "  // Python's sum starts from 0",
    "  let total = 0;",
    "",
    "  for (const x of xs) total += x;",
    "  return total;",
    "  //#endregion",
    "}",
    "  //#region answer: Value.add",
    "  }",
    "  //#endregion",
  ].join("\n");
  assert.deepEqual(answerRegions(source), [
    {
      name: "sum",
      code: [
        "let total = 0;",
        "for (const x of xs) total += x;",
        "return total;",
      ],
    },
    { name: "Value.add", code: ["}"] },
  ]);
  assert.deepEqual(answerRegions("const x = 1;\n"), []);
});

Deno.test("workshop table: function names, a shared class written once, cut to fit with …", () => {
  assert.equal(
    functionNames([
      "Tokenizer constructor",
      "Tokenizer.encode",
      "Tokenizer.decode",
    ]),
    "Tokenizer: constructor, encode, decode",
  );
  assert.equal(functionNames(["Adam.step"]), "Adam.step");
  assert.equal(functionNames(["Value.add", "sum"]), "Value.add, sum");
  assert.equal(
    functionNames(["Values.add", "Value.mul"]),
    "Values.add, Value.mul",
  );
  const many = Array.from({ length: 20 }, (_, i) => `f${i}`);
  const cut = functionNames(many);
  assert.ok(cut.length <= NAMES_WIDTH, cut);
  assert.match(cut, /^f0, f1, .*, …$/);
  assert.equal(functionNames([]), "");
});

Deno.test("workshop table: words as wc -w counts them, and counts with thousands commas", () => {
  assert.equal(wordCount("# 01 · T\n\n**Goal.**  two\twords\n"), 7); // as wc -w
  assert.equal(wordCount(""), 0);
  assert.equal(thousands(7), "7");
  assert.equal(thousands(4303), "4,303");
  assert.equal(thousands(1234567), "1,234,567");
});

Deno.test("markdownTable: a right-aligned column as deno fmt writes it", () => {
  assert.equal(
    markdownTable(["kata", "n"], [["01", "1,234"], ["02", "5"]], [
      "left",
      "right",
    ]),
    [
      "| kata |     n |",
      "| ---- | ----: |",
      "| 01   | 1,234 |",
      "| 02   |     5 |",
    ].join("\n"),
  );
});
