/**
 * Tests for `dataset.ts`: documents are split and stripped like Python's
 * `[line.strip() for line in open(path) if line.strip()]`.
 *
 * @module
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { granted, requirePermissions } from "../tests/harness/permissions.ts";
import { UserError } from "./cli.ts";
import { defaultDocs } from "./bundled.ts";
import { datasetReadError, loadDocs, parseDocs } from "./dataset.ts";

// Python 3.11: [hex(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
const PY_WHITESPACE = [
  0x9,
  0xa,
  0xb,
  0xc,
  0xd,
  0x1c,
  0x1d,
  0x1e,
  0x1f,
  0x20,
  0x85,
  0xa0,
  0x1680,
  0x2000,
  0x2001,
  0x2002,
  0x2003,
  0x2004,
  0x2005,
  0x2006,
  0x2007,
  0x2008,
  0x2009,
  0x200a,
  0x2028,
  0x2029,
  0x202f,
  0x205f,
  0x3000,
].map((c) => String.fromCodePoint(c));

Deno.test("dataset: lines end at \\n", () => {
  assert.deepEqual(parseDocs("emma\nolivia\nava\n"), ["emma", "olivia", "ava"]);
});

Deno.test("dataset: lines end at \\r\\n", () => {
  assert.deepEqual(parseDocs("emma\r\nolivia\r\n"), ["emma", "olivia"]);
});

Deno.test("dataset: a lone \\r ends a line", () => {
  assert.deepEqual(parseDocs("emma\rolivia\r"), ["emma", "olivia"]);
});

Deno.test("dataset: mixed line endings all split", () => {
  assert.deepEqual(parseDocs("a\nb\r\nc\rd\r\re"), ["a", "b", "c", "d", "e"]);
});

Deno.test("dataset: a final line without a newline is kept", () => {
  assert.deepEqual(parseDocs("emma\nolivia"), ["emma", "olivia"]);
});

Deno.test("dataset: empty text has no documents", () => {
  assert.deepEqual(parseDocs(""), []);
});

Deno.test("dataset: a byte order mark is kept, first or later, as microgpt.py's open() keeps it", () => {
  assert.deepEqual(parseDocs("\uFEFFemma\n\uFEFFava"), [
    "\uFEFFemma",
    "\uFEFFava",
  ]);
});

Deno.test("dataset: blank and whitespace-only lines are dropped", () => {
  assert.deepEqual(parseDocs("\n\n  \n\t\nemma\n \u3000 \n\nava\n\n"), [
    "emma",
    "ava",
  ]);
});

Deno.test("dataset: every Python whitespace character is stripped from both ends", () => {
  for (const ws of PY_WHITESPACE) {
    const code = ws.codePointAt(0)!.toString(16);
    assert.deepEqual(parseDocs(`${ws}emma${ws}`), ["emma"], `U+${code}`);
  }
});

Deno.test("dataset: characters JavaScript's trim strips but Python keeps stay", () => {
  // U+FEFF is whitespace for String.prototype.trim, not for Python's str.strip.
  assert.deepEqual(parseDocs("x\n\uFEFFemma\uFEFF"), ["x", "\uFEFFemma\uFEFF"]);
  // U+180E and U+200B are whitespace for neither.
  assert.deepEqual(parseDocs("\u180Eemma\u200B"), ["\u180Eemma\u200B"]);
});

Deno.test("dataset: whitespace Python strips but JavaScript's trim keeps goes", () => {
  assert.deepEqual(parseDocs("\x1cemma\x1f\n\x85ava\x1d\x1e"), ["emma", "ava"]);
});

Deno.test("dataset: only \\n, \\r\\n and \\r end lines, not \\v, \\f, \\x1c, \\x85 or \\u2028", () => {
  assert.deepEqual(parseDocs("a\vb\fc\x1cd\x85e\u2028f\u2029g"), [
    "a\vb\fc\x1cd\x85e\u2028f\u2029g",
  ]);
});

Deno.test("dataset: whitespace inside a document is kept", () => {
  assert.deepEqual(parseDocs("  anne marie\t\n"), ["anne marie"]);
});

Deno.test("dataset: documents padded with whitespace and joined by any line ending parse back", () => {
  // Document edges are never Python whitespace; their insides may be, except "\r" and "\n".
  const edge = fc.constantFrom(
    "a",
    "z",
    "é",
    "中",
    "😀",
    "-",
    "\uFEFF",
    "\u200B",
    "\u180E",
  );
  const inside = fc.oneof(
    edge,
    fc.constantFrom(
      ...PY_WHITESPACE.filter((ws) => ws !== "\r" && ws !== "\n"),
    ),
  );
  const doc = fc.oneof(
    edge,
    fc.tuple(edge, fc.string({ unit: inside }), edge).map((parts) =>
      parts.join("")
    ),
  );
  const pad = fc.string({ unit: fc.constantFrom(...PY_WHITESPACE) });
  const line = fc.record({
    doc: fc.option(doc), // null: a blank line
    left: pad,
    right: pad,
    end: fc.constantFrom("\n", "\r\n", "\r"),
  });
  fc.assert(
    fc.property(
      fc.array(line),
      fc.boolean(),
      (lines, finalEnd) => {
        let text = lines.map((l) => l.left + (l.doc ?? "") + l.right + l.end)
          .join("");
        if (!finalEnd && lines.length > 0) {
          text = text.slice(
            0,
            -lines.at(-1)!.end.length,
          );
        }
        const expected = lines.flatMap((l) => l.doc === null ? [] : [l.doc]);
        assert.deepEqual(parseDocs(text), expected);
      },
    ),
    { seed: 42, numRuns: 500 },
  );
});

const testdata = `${import.meta.dirname}/testdata`;
/** Fails the test, naming the flag, unless it may read the fixtures. */
const needTestdata = () => requirePermissions({ name: "read", path: testdata });

Deno.test({
  name:
    "dataset: loadDocs reads CRLF line endings and keeps a leading BOM, as microgpt.py's open() does",
  fn: async () => {
    needTestdata();
    assert.deepEqual(await loadDocs(`${testdata}/crlf_bom.txt`), [
      "\uFEFFemma",
      "olivia",
      "ava",
    ]);
  },
});

async function assertUserError(path: string, ...parts: string[]) {
  needTestdata();
  await assert.rejects(loadDocs(path), (error) => {
    assert.ok(error instanceof UserError, `expected a UserError, got ${error}`);
    assert.ok(!error.message.includes("\n"), `not one line: ${error.message}`);
    for (const part of [path, ...parts]) {
      assert.ok(
        error.message.includes(part),
        `"${part}" not in: ${error.message}`,
      );
    }
    return true;
  });
}

Deno.test({
  name: "dataset: loadDocs of an empty file is a UserError naming the path",
  fn: () => assertUserError(`${testdata}/empty.txt`, "no documents"),
});

Deno.test({
  name:
    "dataset: loadDocs of a whitespace-only file is a UserError naming the path",
  fn: () => assertUserError(`${testdata}/whitespace_only.txt`, "no documents"),
});

Deno.test({
  name:
    "dataset: loadDocs of a missing file is a UserError that says how to get one",
  fn: () =>
    assertUserError(
      `${testdata}/missing.txt`,
      "not found",
      "deno task download",
    ),
});

Deno.test({
  name: "dataset: loadDocs of a directory is a UserError naming the path",
  fn: () => assertUserError(testdata, "is a directory"),
});

Deno.test({
  name: "dataset: loadDocs of invalid UTF-8 is a UserError naming the path",
  fn: () => assertUserError(`${testdata}/invalid_utf8.txt`, "not valid UTF-8"),
});

Deno.test({
  name:
    "dataset: loadDocs of a symbolic link loop is a UserError naming the path",
  // A Windows checkout may hold the link as a plain text file.
  ignore: Deno.build.os === "windows",
  fn: () =>
    assertUserError(`${testdata}/symlink_loop.txt`, "loop of symbolic links"),
});

Deno.test({
  name:
    "dataset: loadDocs refuses a file followed by /, /. or /.. like Python's open",
  fn: async () => {
    needTestdata();
    for (const after of ["/", "/.", "/..", "//"]) {
      await assertUserError(
        `${testdata}/crlf_bom.txt${after}`,
        "treats a file as a folder",
        'no trailing "/"',
      );
    }
  },
});

Deno.test({
  name:
    "dataset: loadDocs of a path through a missing folder and .. is not found, like Python's open",
  fn: () => assertUserError(`${testdata}/missing/../crlf_bom.txt`, "not found"),
});

Deno.test({
  name: "dataset: loadDocs still reads a path with . and .. through folders",
  fn: async () => {
    needTestdata();
    assert.deepEqual(await loadDocs(`${testdata}/./../testdata/crlf_bom.txt`), [
      "\uFEFFemma",
      "olivia",
      "ava",
    ]);
  },
});

Deno.test({
  name:
    "dataset: loadDocs outside the paths --allow-read grants is a UserError naming the path",
  // Under a wider --allow-read the file is readable, and there is nothing to test.
  ignore: granted({ name: "read", path: "/etc/hostname" }),
  fn: () =>
    assertUserError("/etc/hostname", "not allowed to read", "deno.json"),
});

Deno.test("dataset: an empty path is a UserError, as Python's open refuses it", async () => {
  await assert.rejects(loadDocs(""), (error) => {
    assert.ok(error instanceof UserError, `expected a UserError, got ${error}`);
    assert.match(error.message, /^dataset path is empty — [^\n]+$/);
    return true;
  });
});

Deno.test("dataset: every read error becomes one line with the path and what to do", () => {
  const path = "data/names.txt";
  const cases: [unknown, string][] = [
    [new Deno.errors.NotFound("No such file"), "not found"],
    [new Deno.errors.IsADirectory("Is a directory"), "is a directory"],
    [new Deno.errors.NotADirectory("Not a directory"), "as a folder"],
    [new Deno.errors.FilesystemLoop("Too many levels"), "symbolic links"],
    [new Deno.errors.PermissionDenied("Permission denied"), "readable"],
    [new Deno.errors.NotCapable("Requires read access"), "deno.json grants"],
    [new Error("Input/output error\n(os error 5)"), "Input/output error"],
    ["a string", "a string"],
  ];
  for (const [cause, part] of cases) {
    const error = datasetReadError(cause, path);
    assert.ok(error instanceof UserError);
    assert.ok(!error.message.includes("\n"), `not one line: ${error.message}`);
    assert.match(error.message, / — /, `no advice: ${error.message}`);
    for (const p of [path, part]) {
      assert.ok(error.message.includes(p), `"${p}" not in: ${error.message}`);
    }
  }
  assert.match(
    datasetReadError(new Deno.errors.PermissionDenied("x"), path).message,
    /^permission denied reading dataset file: data\/names\.txt — /,
  );
});

Deno.test("dataset: the default dataset has 8,422 names", () => {
  assert.equal(defaultDocs().length, 8422);
});

Deno.test("dataset: default names are lower-case a-z and '-', never empty", () => {
  for (const name of defaultDocs()) assert.match(name, /^[a-z-]+$/);
});

Deno.test("dataset: default names are sorted and distinct", () => {
  const docs = defaultDocs();
  for (let i = 1; i < docs.length; i++) {
    assert.ok(docs[i - 1] < docs[i], `${docs[i - 1]} before ${docs[i]}`);
  }
});

Deno.test("dataset: the default dataset is the same on every call", () => {
  const first = defaultDocs();
  first.pop();
  assert.deepEqual(defaultDocs(), defaultDocs());
  assert.equal(defaultDocs().length, 8422);
});
