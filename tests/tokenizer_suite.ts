/**
 * Kata 01 · tokenizer: the property suite, run on `katas/01_tokenizer` and
 * `solutions/01_tokenizer` alike.
 *
 * @module
 */
import fc from "fast-check";
import type * as TokenizerModule from "../solutions/01_tokenizer/tokenizer.ts";
import {
  assertClose,
  type Check,
  CheckFailure,
  forAll,
  type Suite,
} from "./harness.ts";

/** The modules kata 01 is made of. */
export interface TokenizerImpl {
  /** `tokenizer.ts` */
  readonly tokenizer: typeof TokenizerModule;
}

// Characters from several blocks: ASCII, Latin-1, CJK, fullwidth forms (above the UTF-16
// surrogates, U+FF01..) and emoji (astral, U+1F600..: two UTF-16 units each). Fullwidth and
// emoji together tell code-point order from UTF-16 order.
const char = fc.oneof(
  fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz"),
  fc.integer({ min: 0xe0, max: 0xff }),
  fc.integer({ min: 0x4e00, max: 0x4e0f }),
  fc.integer({ min: 0xff21, max: 0xff3a }),
  fc.integer({ min: 0x1f600, max: 0x1f60f }),
).map((c) => typeof c === "number" ? String.fromCodePoint(c) : c);

const doc = fc.array(char, { maxLength: 8 }).map((cs) => cs.join(""));
const docs = fc.array(doc, { minLength: 1, maxLength: 6 });

/** A dataset, plus a document written only with its characters. */
const docsAndText = docs.chain((ds) => {
  const chars = [...new Set(ds.flatMap(codePoints))];
  const text = chars.length === 0
    ? fc.constant("")
    : fc.array(fc.constantFrom(...chars), { maxLength: 12 }).map((cs) =>
      cs.join("")
    );
  return fc.tuple(fc.constant(ds), text);
});

/** The characters of `s`, one per Unicode code point (an astral character is one). */
function codePoints(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length;) {
    const cp = s.codePointAt(i)!;
    out.push(String.fromCodePoint(cp));
    i += cp > 0xffff ? 2 : 1;
  }
  return out;
}

/** The vocabulary microgpt builds, `sorted(set(''.join(docs)))`, computed independently. */
function expectedVocabulary(ds: readonly string[]): string[] {
  const cps = new Set(ds.flatMap(codePoints).map((c) => c.codePointAt(0)!));
  return [...cps].sort((a, b) => a - b).map((cp) => String.fromCodePoint(cp));
}

const show = (xs: readonly string[]) => JSON.stringify(xs);

/** Kata 01's suite. */
export const tokenizerSuite: Suite<TokenizerImpl> = {
  kata: "01_tokenizer",
  checks: ({ tokenizer: { Tokenizer } }): Check[] => [
    {
      name:
        "01 tokenizer: the vocabulary is the unique characters, sorted by code point",
      run: () =>
        // Two worked examples, then random datasets.
        forAll(
          fc.oneof(
            fc.constantFrom(["emma", "olivia", "ava"], ["Ａ😀", "a"]),
            docs,
          ),
          (ds) => checkVocabulary(new Tokenizer(ds).uchars, ds),
        ),
    },
    {
      name:
        "01 tokenizer: BOS is the id after the last character; vocabSize counts BOS",
      run: () =>
        forAll(docs, (ds) => {
          const tok = new Tokenizer(ds);
          const n = expectedVocabulary(ds).length;
          assertClose(tok.bos, n, `bos for ${show(ds)} (${n} characters)`, {
            mistakes: {
              "BOS = 0: BOS comes after the characters, at id len(uchars)": 0,
            },
          });
          assertClose(
            tok.vocabSize,
            n + 1,
            `vocabSize for ${show(ds)} (${n} characters)`,
            {
              mistakes: { "vocabSize without the +1 for BOS": n },
            },
          );
        }),
    },
    {
      name:
        "01 tokenizer: decode(encode(text)) gives the text back, astral characters included",
      run: () =>
        forAll(docsAndText, ([ds, text]) => {
          const tok = new Tokenizer(ds);
          const ids = tok.encode(text);
          const back = tok.decode(ids);
          if (back !== text) {
            throw new CheckFailure(
              `decode(encode(${JSON.stringify(text)})) gave ${
                JSON.stringify(back)
              } (ids ${show(ids.map(String))})`,
            );
          }
        }),
    },
    {
      name:
        "01 tokenizer: encode gives one id per character: its index in the vocabulary",
      run: () =>
        forAll(docsAndText, ([ds, text]) => {
          const tok = new Tokenizer(ds);
          const vocab = expectedVocabulary(ds);
          const expected = codePoints(text).map((c) => vocab.indexOf(c));
          assertClose(
            tok.encode(text),
            expected,
            `encode(${JSON.stringify(text)})`,
            {
              mistakes: {
                "one id per UTF-16 unit: iterate code points ([...text]), not text[i]":
                  text
                    .split("").map((u) => vocab.indexOf(u)),
              },
            },
          );
        }),
    },
    {
      name: "01 tokenizer: wrap(doc) is [BOS, ...encode(doc), BOS]",
      run: () =>
        forAll(docsAndText, ([ds, text]) => {
          const tok = new Tokenizer(ds);
          const bos = expectedVocabulary(ds).length;
          const ids = codePoints(text).map((c) =>
            expectedVocabulary(ds).indexOf(c)
          );
          assertClose(
            tok.wrap(text),
            [bos, ...ids, bos],
            `wrap(${JSON.stringify(text)})`,
            {
              mistakes: {
                "a missing trailing BOS: the last target is BOS, so the model learns to stop":
                  [
                    bos,
                    ...ids,
                  ],
                "a missing leading BOS: the first input is BOS": [...ids, bos],
              },
            },
          );
        }),
    },
    {
      name:
        "01 tokenizer: encode rejects a character that is not in the vocabulary",
      run: () =>
        // Ā (U+0100) is in none of the character blocks the datasets are drawn from.
        forAll(fc.tuple(docsAndText, fc.nat()), ([[ds, text], at]) => {
          const chars = codePoints(text);
          chars.splice(at % (chars.length + 1), 0, "Ā");
          const bad = chars.join("");
          let ids: number[];
          try {
            ids = new Tokenizer(ds).encode(bad);
          } catch (e) {
            if (e instanceof RangeError) return;
            throw e;
          }
          throw new CheckFailure(
            `encode(${JSON.stringify(bad)}) returned ${
              show(ids.map(String))
            } instead of ` +
              `throwing a RangeError for "Ā": indexOf gives -1 for a missing character, check for it`,
          );
        }),
    },
  ],
};

function checkVocabulary(
  uchars: readonly string[],
  ds: readonly string[],
): void {
  const expected = expectedVocabulary(ds);
  if (show(uchars) === show(expected)) return;
  const byUnits = [...new Set(codePoints(ds.join("")))].sort();
  const units = [...new Set(ds.join("").split(""))].sort((a, b) =>
    a.codePointAt(0)! - b.codePointAt(0)!
  );
  const byLocale = [...expected].sort((a, b) => a.localeCompare(b));
  const sortedLike = [
    show(uchars) === show(byUnits) &&
    "JS's default sort, which compares UTF-16 units",
    show(uchars) === show(byLocale) &&
    "localeCompare, which sorts by language rules",
  ].filter(Boolean);
  const mistake = sortedLike.length
    ? `\n    this looks like ${sortedLike.join(", or ")}: sort by code point`
    : uchars.some((c) => /^[\ud800-\udfff]$/.test(c)) ||
        show(uchars) === show(units)
    ? "\n    this looks like splitting into UTF-16 units: an astral character such as 😀 became two halves"
    : new Set(uchars).size !== uchars.length
    ? "\n    the vocabulary has duplicates: keep each character once (a Set)"
    : "";
  throw new CheckFailure(
    `vocabulary of ${show(ds)}: expected ${show(expected)}, got ${
      show(uchars)
    }${mistake}`,
  );
}
