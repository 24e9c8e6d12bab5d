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
    //#region answer: Tokenizer constructor
    // Spreading a string walks code points, so "😀" is one character, not two UTF-16 units.
    const unique = new Set([...docs.join("")]);
    // Python sorts strings by code point; JS's default sort compares UTF-16 units.
    this.uchars = [...unique].sort((a, b) =>
      a.codePointAt(0)! - b.codePointAt(0)!
    );
    this.bos = this.uchars.length;
    this.vocabSize = this.uchars.length + 1;
    //#endregion
  }

  /**
   * The token ids of `doc`, one per character (code point).
   * Throws a RangeError on a character that is not in the vocabulary.
   */
  encode(doc: string): number[] {
    //#region answer: Tokenizer.encode
    return [...doc].map((ch) => {
      const id = this.uchars.indexOf(ch);
      if (id < 0) {
        throw new RangeError(
          `character ${JSON.stringify(ch)} is not in the vocabulary`,
        );
      }
      return id;
    });
    //#endregion
  }

  /** The text of `ids`, each a character id (BOS is not a character). */
  decode(ids: readonly number[]): string {
    //#region answer: Tokenizer.decode
    return ids.map((id) => this.uchars[id]).join("");
    //#endregion
  }

  /** A training sequence: `[BOS, ...encode(doc), BOS]`, as microgpt feeds each document. */
  wrap(doc: string): number[] {
    //#region answer: Tokenizer.wrap
    return [this.bos, ...this.encode(doc), this.bos];
    //#endregion
  }
}
