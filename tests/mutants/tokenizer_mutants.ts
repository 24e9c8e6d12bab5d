/**
 * Typical mistakes in kata 01 (tokenizer), planted in `solutions/01_tokenizer/tokenizer.ts`.
 *
 * @module
 */
import { D } from "../suites/tokenizer_suite.ts";
import type { Mutant } from "./mutant.ts";

const file = "01_tokenizer/tokenizer.ts";

/** Kata 01's mutants. */
export const tokenizerMutants: readonly Mutant[] = [
  {
    name: "sorts with JS's default sort (UTF-16 units), not by code point",
    file,
    edits: [[
      `[...unique].sort((a, b) =>\n      a.codePointAt(0)! - b.codePointAt(0)!\n    );`,
      `[...unique].sort();`,
    ]],
    expect: D.defaultSort,
  },
  {
    name: 'splits strings into UTF-16 units (split("")) instead of code points',
    file,
    edits: [
      [`new Set([...docs.join("")])`, `new Set(docs.join("").split(""))`],
      [`return [...doc].map((ch) => {`, `return doc.split("").map((ch) => {`],
    ],
    expect: D.unitSplit,
  },
  {
    name: "forgets the +1 for BOS in vocabSize",
    file,
    edits: [[
      `this.vocabSize = this.uchars.length + 1;`,
      `this.vocabSize = this.uchars.length;`,
    ]],
    expect: D.noPlusOne,
  },
  {
    name: "keeps duplicate characters in the vocabulary",
    file,
    edits: [[
      `const unique = new Set([...docs.join("")]);`,
      `const unique = [...docs.join("")];`,
    ]],
    expect: D.duplicates,
  },
  {
    name: "wraps a document without the trailing BOS",
    file,
    edits: [[
      `return [this.bos, ...this.encode(doc), this.bos];`,
      `return [this.bos, ...this.encode(doc)];`,
    ]],
    expect: D.trailingBos,
  },
  {
    name: "lets indexOf's -1 through for an unknown character",
    file,
    edits: [[
      `if (id < 0) {\n        throw new RangeError(\n          \`character \${JSON.stringify(ch)} is not in the vocabulary\`,\n        );\n      }\n`,
      ``,
    ]],
    expect: D.minusOne,
  },
  {
    name: "sorts with localeCompare (language rules), not by code point",
    file,
    edits: [[
      `[...unique].sort((a, b) =>\n      a.codePointAt(0)! - b.codePointAt(0)!\n    );`,
      `[...unique].sort((a, b) => a.localeCompare(b));`,
    ]],
    expect: D.localeCompare,
  },
  {
    name: "wraps a document without the leading BOS",
    file,
    edits: [[
      `return [this.bos, ...this.encode(doc), this.bos];`,
      `return [...this.encode(doc), this.bos];`,
    ]],
    expect: D.leadingBos,
  },
  {
    name: "gives BOS the id 0",
    file,
    edits: [[`this.bos = this.uchars.length;`, `this.bos = 0;`]],
    expect: D.bosZero,
  },
  {
    name:
      'encode splits into UTF-16 units (split("")); the constructor is right',
    file,
    edits: [[
      `return [...doc].map((ch) => {`,
      `return doc.split("").map((ch) => {`,
    ]],
    expect: D.encodeUnits,
  },
  {
    name: "decode joins with join(), which puts commas between characters",
    file,
    edits: [[
      `return ids.map((id) => this.uchars[id]).join("");`,
      `return ids.map((id) => this.uchars[id]).join();`,
    ]],
    expect: D.decodeJoin,
  },
  {
    name: "encode throws a plain Error instead of a RangeError",
    file,
    edits: [[`throw new RangeError(`, `throw new Error(`]],
    expect: D.wrongError,
  },
];
