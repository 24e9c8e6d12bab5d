// Kata 01 · tokenizer: your file. Replace each "not implemented" throw, and the
// `void` line above it (there only so that deno lint accepts what the throw
// leaves unused), with your code; the lesson is README.md beside this file.
// Made from solutions/01_tokenizer/tokenizer.ts by `deno task stubs`.
/**
 * Kata 01 · tokenizer: characters in, token ids out, and back.
 *
 * microgpt.py, "Let there be a Tokenizer":
 * ```python
 * uchars = sorted(set(''.join(docs)))
 * BOS = len(uchars)
 * vocab_size = len(uchars) + 1
 * ```
 *
 * @module
 */

/**
 * A character-level tokenizer: every distinct character of the dataset is a token, plus one
 * special BOS token that marks where a document starts and ends.
 *
 * @example
 * ```ts
 * const tok = new Tokenizer(["emma", "ava"]);
 * tok.uchars; // ["a", "e", "m", "v"]
 * tok.bos; // 4
 * tok.wrap("ava"); // [4, 0, 3, 0, 4]
 * ```
 */
export class Tokenizer {
  /** The vocabulary: the unique characters of the documents, sorted by Unicode code point. */
  readonly uchars: string[];
  /** The id of the Beginning-of-Sequence token: one past the last character id. */
  readonly bos: number;
  /** How many token ids there are: every character plus BOS. */
  readonly vocabSize: number;

  /** Builds the vocabulary of `docs`. */
  constructor(docs: readonly string[]) {
    void docs;
    throw new Error("not implemented: Tokenizer constructor, see README.md");
  }

  /**
   * The token ids of `doc`, one per character (code point).
   * Throws a RangeError on a character that is not in the vocabulary.
   */
  encode(doc: string): number[] {
    void doc;
    throw new Error("not implemented: Tokenizer.encode, see README.md");
  }

  /** The text of `ids`, each a character id (BOS is not a character). */
  decode(ids: readonly number[]): string {
    void ids;
    throw new Error("not implemented: Tokenizer.decode, see README.md");
  }

  /** A training sequence: `[BOS, ...encode(doc), BOS]`, as microgpt feeds each document. */
  wrap(doc: string): number[] {
    void doc;
    throw new Error("not implemented: Tokenizer.wrap, see README.md");
  }
}
