/**
 * Kata 01 · tokenizer: the property suite, run on `katas/01_tokenizer` and
 * `solutions/01_tokenizer` alike.
 *
 * @module
 */
import fc from "fast-check";
import type * as TokenizerModule from "../../solutions/01_tokenizer/tokenizer.ts";
import {
  assertClose,
  check,
  CheckFailure,
  count,
  diagnoses,
  type Diagnosis,
  ensure,
  forAll,
  notImplemented,
  property,
  suite,
} from "../harness/harness.ts";

/** The modules kata 01 is made of. */
export interface TokenizerImpl {
  /** `tokenizer.ts` */
  readonly tokenizer: typeof TokenizerModule;
}

/** The learner's `Tokenizer` class. */
type TokenizerClass = TokenizerImpl["tokenizer"]["Tokenizer"];

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

/** A dataset, plus a document of `minLength` or more characters, all from the dataset. */
function docsAndText(minLength = 0): fc.Arbitrary<[string[], string]> {
  const dataset = minLength > 0
    ? fc.tuple(fc.array(char, { minLength: 1, maxLength: 8 }), docs).map((
      [cs, ds],
    ) => [cs.join(""), ...ds])
    : docs;
  return dataset.chain((ds) => {
    const chars = [...new Set(ds.flatMap(codePoints))];
    const text = chars.length === 0
      ? fc.constant("")
      : fc.array(fc.constantFrom(...chars), { minLength, maxLength: 12 }).map(
        (cs) => cs.join(""),
      );
    return fc.tuple(fc.constant(ds), text);
  });
}

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

const show = (xs: readonly (string | number)[]) => JSON.stringify(xs);

/** The mistakes kata 01's suite names. */
export const D = diagnoses("01_tokenizer", {
  defaultSort:
    "JS's default sort, which compares UTF-16 units: sort by code point",
  localeCompare:
    "localeCompare, which sorts by language rules: sort by code point",
  unitSplit:
    "splitting into UTF-16 units: an astral character such as 😀 became two halves; spread the string ([...text]) to get code points",
  duplicates: "a vocabulary with duplicates: keep each character once (a Set)",
  bosZero: "BOS = 0: BOS comes after the characters, at id uchars.length",
  noPlusOne: "vocabSize without the +1 for BOS",
  encodeUnits:
    'encode reading UTF-16 units (text[i] or split("")): iterate code points ([...text]), as the constructor does',
  decodeJoin:
    'join() with no argument, which puts commas between the characters: use join("")',
  trailingBos:
    "a missing trailing BOS: the last target is BOS, so the model learns to stop",
  leadingBos:
    "a missing leading BOS: the first input is BOS, the model's cue to start a name",
  minusOne:
    "indexOf's -1 let through: it means the character is missing; throw a RangeError",
  wrongError:
    "an Error of the wrong type: throw new RangeError(…), what the tests and later katas expect",
});

/** Kata 01's suite. */
export const tokenizerSuite = suite<TokenizerImpl>({
  kata: "01_tokenizer",
  diagnoses: D,
  properties: ({ tokenizer: { Tokenizer } }) => [
    property(
      "the vocabulary is the unique characters, sorted by code point",
      // Two worked examples, then random datasets.
      fc.oneof(fc.constantFrom(["emma", "olivia", "ava"], ["Ａ😀", "a"]), docs),
      (ds) => checkVocabulary(Tokenizer, ds),
    ),
    property(
      "BOS is the id after the last character; vocabSize counts BOS",
      docs,
      (ds) => countsBos(Tokenizer, ds),
    ),
    property(
      "encode gives one id per character: its index in the vocabulary",
      docsAndText(),
      ([ds, text]) => encodesIndices(Tokenizer, ds, text),
    ),
    property(
      "decode(encode(text)) gives the text back, astral characters included",
      docsAndText(),
      ([ds, text]) => roundTrips(new Tokenizer(ds), text),
    ),
    check("wrap(doc) is [BOS, ...encode(doc), BOS]", () => {
      // Non-empty documents first: for "" a missing BOS at either end gives the same [BOS].
      forAll(docsAndText(1), ([ds, text]) => wrapsInBos(Tokenizer, ds, text));
      const tok = new Tokenizer(["ab"]);
      assertClose(tok.wrap(""), [2, 2], `wrap(""), with BOS = 2`);
    }),
    property(
      "encode rejects a character that is not in the vocabulary",
      // Ā (U+0100) is in none of the character blocks the datasets are drawn from.
      fc.tuple(docsAndText(), fc.nat()),
      ([[ds, text], at]) => rejectsUnknown(Tokenizer, ds, text, at),
    ),
  ],
});

// What the properties check, in the list's order.

function checkVocabulary(
  Tokenizer: TokenizerClass,
  ds: readonly string[],
): void {
  const uchars = new Tokenizer(ds).uchars;
  const expected = expectedVocabulary(ds);
  ensure(
    show(uchars) === show(expected),
    () =>
      `vocabulary of ${show(ds)}: expected ${show(expected)}, got ${
        show(uchars)
      }`,
    () => vocabularyMistake(Tokenizer, uchars, ds),
  );
}

function countsBos(Tokenizer: TokenizerClass, ds: readonly string[]): void {
  const tok = new Tokenizer(ds);
  const n = expectedVocabulary(ds).length;
  const chars = count(n, "character");
  ensure(
    tok.bos === n,
    () => `bos for ${show(ds)} (${chars}): expected ${n}, got ${tok.bos}`,
    () => tok.bos === 0 && bosOfAb(Tokenizer) === 0 ? D.bosZero : undefined,
  );
  ensure(
    tok.vocabSize === n + 1,
    () =>
      `vocabSize for ${show(ds)} (${chars}): expected ${
        n + 1
      }, got ${tok.vocabSize}`,
    () =>
      tok.vocabSize === n && vocabSizeOfAb(Tokenizer) === 2
        ? D.noPlusOne
        : undefined,
  );
}

function encodesIndices(
  Tokenizer: TokenizerClass,
  ds: readonly string[],
  text: string,
): void {
  const vocab = expectedVocabulary(ds);
  const expected = codePoints(text).map((c) => vocab.indexOf(c));
  const ids = encodeOrFail(new Tokenizer(ds), text);
  assertClose(ids, expected, `encode(${JSON.stringify(text)})`, {
    mistakes: [[D.encodeUnits, text.split("").map((u) => vocab.indexOf(u))]],
  });
}

function roundTrips(tok: InstanceType<TokenizerClass>, text: string): void {
  const ids = encodeOrFail(tok, text);
  const back = tok.decode(ids);
  ensure(
    back === text,
    () =>
      `decode(${show(ids)}) gave ${JSON.stringify(back)}, expected ${
        JSON.stringify(text)
      }`,
    () => back === codePoints(text).join(",") ? D.decodeJoin : undefined,
  );
}

function wrapsInBos(
  Tokenizer: TokenizerClass,
  ds: readonly string[],
  text: string,
): void {
  const tok = new Tokenizer(ds);
  const bos = expectedVocabulary(ds).length;
  const ids = codePoints(text).map((c) => expectedVocabulary(ds).indexOf(c));
  assertClose(
    tok.wrap(text),
    [bos, ...ids, bos],
    `wrap(${JSON.stringify(text)}), with BOS = ${bos}`,
    {
      mistakes: [
        [D.trailingBos, [bos, ...ids]],
        [D.leadingBos, [...ids, bos]],
      ],
    },
  );
}

function rejectsUnknown(
  Tokenizer: TokenizerClass,
  ds: readonly string[],
  text: string,
  at: number,
): void {
  const chars = codePoints(text);
  chars.splice(at % (chars.length + 1), 0, "Ā");
  const bad = chars.join("");
  let ids: number[];
  try {
    ids = new Tokenizer(ds).encode(bad);
  } catch (e) {
    if (e instanceof RangeError) return;
    if (!(e instanceof Error) || notImplemented(e)) throw e;
    throw new CheckFailure(
      `encode(${JSON.stringify(bad)}) threw ${e.name} ` +
        `(${JSON.stringify(e.message)}), expected a RangeError for "Ā"`,
      D.wrongError,
    );
  }
  throw new CheckFailure(
    `encode(${JSON.stringify(bad)}) returned ${show(ids)} instead of ` +
      `throwing a RangeError for "Ā"`,
    ids.includes(-1) ? D.minusOne : undefined,
  );
}

/** `tok.encode(text)`, or a failure that says encode threw on characters it should know. */
function encodeOrFail(
  tok: InstanceType<TokenizerClass>,
  text: string,
): number[] {
  try {
    return tok.encode(text);
  } catch (e) {
    if (
      e instanceof CheckFailure || !(e instanceof Error) || notImplemented(e)
    ) {
      throw e;
    }
    // Splitting into UTF-16 units throws on an astral character the vocabulary holds.
    const astral = codePoints(text).some((c) => c.length === 2) &&
      codePoints(text).every((c) => tok.uchars.includes(c));
    throw new CheckFailure(
      `encode(${JSON.stringify(text)}) threw ${e.name} (${
        JSON.stringify(e.message)
      }), though every character of the text is in the vocabulary ${
        show(tok.uchars)
      }`,
      astral ? D.encodeUnits : undefined,
    );
  }
}

// Probes: what a planted mistake would compute, to confirm the diagnosis of a failure.

/** Which mistake gave the vocabulary `uchars` for `ds`: a wrong sort, UTF-16 units, duplicates. */
function vocabularyMistake(
  Tokenizer: TokenizerClass,
  uchars: readonly string[],
  ds: readonly string[],
): Diagnosis | undefined {
  const units = [...new Set(ds.join("").split(""))].sort((a, b) =>
    a.codePointAt(0)! - b.codePointAt(0)!
  );
  return wrongSort(Tokenizer, uchars, ds) ??
    (uchars.some((c) => /^[\ud800-\udfff]$/.test(c)) ||
        show(uchars) === show(units)
      ? D.unitSplit
      : new Set(uchars).size !== uchars.length
      ? D.duplicates
      : undefined);
}

/**
 * A dataset whose vocabulary comes out in four different orders: by code point (a, b, à, Ａ, 😀),
 * by JS's default sort, by localeCompare and by code point descending.
 */
const SORT_PROBE = ["bàＡ😀a"];

/** The two wrong sorts, each with the vocabulary it gives for a dataset. */
const SORTS:
  readonly (readonly [Diagnosis, (ds: readonly string[]) => string[]])[] = [
    [D.defaultSort, (ds) => [...new Set(codePoints(ds.join("")))].sort()],
    [
      D.localeCompare,
      (ds) => expectedVocabulary(ds).sort((a, b) => a.localeCompare(b)),
    ],
  ];

/**
 * Which wrong sort gave `uchars` for `ds`: the one that gives them, and gives the learner's
 * vocabulary for {@link SORT_PROBE} too (on a small dataset JS's default sort, localeCompare
 * and other orders can agree).
 */
function wrongSort(
  Tokenizer: TokenizerClass,
  uchars: readonly string[],
  ds: readonly string[],
): Diagnosis | undefined {
  const probe = show(new Tokenizer(SORT_PROBE).uchars);
  return SORTS.find(([, sort]) =>
    show(uchars) === show(sort(ds)) && probe === show(sort(SORT_PROBE))
  )?.[0];
}

/** The learner's BOS for the dataset ["ab"] (2, after its two characters). */
function bosOfAb(Tokenizer: TokenizerClass): number {
  return new Tokenizer(["ab"]).bos;
}

/** The learner's vocabSize for the dataset ["ab"] (3: a, b and BOS). */
function vocabSizeOfAb(Tokenizer: TokenizerClass): number {
  return new Tokenizer(["ab"]).vocabSize;
}
