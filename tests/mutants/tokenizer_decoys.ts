/**
 * Kata 01's decoys: plausible mistakes in `solutions/01_tokenizer/tokenizer.ts` that no
 * diagnosis of its suite describes. The suite must catch each one without naming a mistake.
 *
 * @module
 */
import type { Decoy } from "./mutant.ts";

const file = "01_tokenizer/tokenizer.ts";

/** Kata 01's decoys. */
export const tokenizerDecoys: readonly Decoy[] = [
  {
    name: "sorts the vocabulary in descending order",
    file,
    edits: [[
      `a.codePointAt(0)! - b.codePointAt(0)!`,
      `b.codePointAt(0)! - a.codePointAt(0)!`,
    ]],
  },
  {
    name: "builds the vocabulary from the first document only",
    file,
    edits: [[`new Set([...docs.join("")])`, `new Set([...docs[0]])`]],
  },
  {
    name: "gives BOS the id uchars.length + 1",
    file,
    edits: [[
      `this.bos = this.uchars.length;`,
      `this.bos = this.uchars.length + 1;`,
    ]],
  },
  {
    name: "encode counts the ids from 1",
    file,
    edits: [[`return id;`, `return id + 1;`]],
  },
  {
    name: "decode reads each id as a code point (String.fromCodePoint)",
    file,
    edits: [[
      `ids.map((id) => this.uchars[id]).join("")`,
      `ids.map((id) => String.fromCodePoint(id)).join("")`,
    ]],
  },
];
