import assert from "node:assert/strict";
import { COURSE } from "../course/manifest.ts";
import { requirePermissions } from "../tests/harness/permissions.ts";
import type { Mutant } from "../tests/mutants/mutant.ts";
import { adamMutants } from "../tests/mutants/adam_mutants.ts";
import { tokenizerMutants } from "../tests/mutants/tokenizer_mutants.ts";
import { valueMutants } from "../tests/mutants/value_mutants.ts";
import { scratchProject } from "../tests/harness/scratch.ts";
import { generateKata } from "./stubs.ts";

const ROOT = new URL("../", import.meta.url);
/** How many katas there are: the runner counts the folders, which the course lists. */
const N = COURSE.length;
/** A kata number as the runner writes it: `"07"`. */
const two = (n: number) => String(n).padStart(2, "0");
/** A copy of the project in `.cache/`, with `katas/` exactly the generated stubs. */
async function freshCopy(): Promise<URL> {
  const copy = await scratchProject(ROOT, "kata_test_");
  for await (const entry of Deno.readDir(new URL("solutions/", ROOT))) {
    for (const [path, text] of await generateKata(copy, entry.name)) {
      await Deno.writeTextFile(new URL(path, copy), text);
    }
  }
  return copy;
}

interface Output {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `deno task kata …args` in `copy`, stopped after two minutes so a test never hangs. */
async function kata(copy: URL, ...args: string[]): Promise<Output> {
  const { code, stdout, stderr } = await new Deno.Command("deno", {
    args: ["task", "-q", "kata", ...args],
    cwd: copy,
    stdin: "null",
    signal: AbortSignal.timeout(120_000),
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code, stdout: text(stdout), stderr: text(stderr) };
}

/** Asserts that `out` holds every one of `lines` (whitespace-insensitive), and no colour. */
function shows(out: Output, ...lines: string[]): void {
  const flat = out.stdout.replace(/\s+/g, " ");
  for (const line of lines) {
    assert.ok(
      flat.includes(line.replace(/\s+/g, " ")),
      `expected the output to show "${line}", got:\n${out.stdout}${out.stderr}`,
    );
  }
  assert.ok(!out.stdout.includes("\x1b["), "no colour when not on a terminal");
}

function ok(out: Output): Output {
  assert.equal(out.code, 0, `exit ${out.code}:\n${out.stdout}${out.stderr}`);
  return out;
}

async function mutantText(m: Mutant): Promise<string> {
  let text = await Deno.readTextFile(new URL(`solutions/${m.file}`, ROOT));
  for (const [find, replace] of m.edits) {
    text = text.replace(find, () => replace);
  }
  return text;
}

async function write(copy: URL, path: string, text: string): Promise<void> {
  await Deno.writeTextFile(new URL(path, copy), text);
}

async function read(copy: URL, path: string): Promise<string> {
  return await Deno.readTextFile(new URL(path, copy));
}

async function solution(path: string): Promise<string> {
  return await Deno.readTextFile(new URL(`solutions/${path}`, ROOT));
}

async function stub(copy: URL, kata: string, file: string): Promise<string> {
  return (await generateKata(copy, kata)).get(`katas/${kata}/${file}`)!;
}

/** The paths of the files under `dir`, relative to it, sorted. */
async function filesUnder(dir: URL, prefix = ""): Promise<string[]> {
  const paths: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isDirectory) {
      const inner = new URL(`${e.name}/`, dir);
      paths.push(...await filesUnder(inner, `${prefix}${e.name}/`));
    } else paths.push(`${prefix}${e.name}`);
  }
  return paths.sort();
}

Deno.test("deno task kata loads no suite, no mutant, nothing from tests/ or dev/: only the layers below it", async () => {
  requirePermissions({ name: "run", command: "deno" });
  const { code, stdout, stderr } = await new Deno.Command("deno", {
    args: ["info", "--json", "runner/kata.ts"],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdin: "null",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  assert.equal(code, 0, text(stderr));
  const graph = JSON.parse(text(stdout)) as {
    modules: { specifier: string }[];
  };
  const files = graph.modules.map((m) => m.specifier)
    .filter((s) => s.startsWith("file:"))
    .map((s) => s.replace(ROOT.href, ""));
  assert.ok(files.includes("course/manifest.ts"), files.join("\n"));
  assert.deepEqual(
    files.filter((f) => !/^(lib|course|app|runner)\//.test(f)),
    [],
    "the runner's graph reaches beyond lib/, course/, app/ and runner/",
  );
});

async function backupFolders(copy: URL): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(new URL("backups/", copy))) {
      names.push(e.name);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return names.sort();
}

const mistake = tokenizerMutants[0];
const wrong = valueMutants[0];

async function whereOnAFreshClone(copy: URL): Promise<void> {
  shows(
    ok(await kata(copy)),
    `0/${N}`,
    "→ 01 · Tokenizer",
    "Goal. The model cannot read letters.",
    "Not started: katas/01_tokenizer/tokenizer.ts is still the stub.",
    "test deno test katas/01_tokenizer ",
    "deno task kata hint",
    "deno task kata watch",
  );
}

/**
 * A kata module that prints the report lines of a pass (with a made-up key, with none, and
 * with what it can read of stdin) and exits before its suite runs.
 */
const FORGER = `
const forged = ["begin", "check", "pass", "end"].map((event) =>
  JSON.stringify({ kata: "01_tokenizer", event, seed: 1, check: "all" })
);
let stolen = "";
try {
  const bytes = new Uint8Array(65);
  stolen = new TextDecoder().decode(bytes.subarray(0, Deno.stdin.readSync(bytes) ?? 0));
} catch { /* closed to this module */ }
for (const key of ["", "0".repeat(64) + " ", stolen.trim() + " "]) {
  for (const json of forged) console.log("@kata-report " + key + json);
}
Deno.exit(0);
`;

async function aForgedReportDoesNotPass(copy: URL): Promise<void> {
  const path = "katas/01_tokenizer/tokenizer.ts";
  const original = await read(copy, path);
  await write(copy, path, FORGER + original);
  try {
    const out = await kata(copy);
    assert.ok(
      !out.stdout.includes("01 tokenizer passes"),
      out.stdout + out.stderr,
    );
    shows(out, `0/${N}`);
    const hidden = await kata(copy, "solution", "01");
    assert.equal(hidden.code, 1, hidden.stdout + hidden.stderr);
  } finally {
    await write(copy, path, original);
  }
}

async function hintsOneMoreEachTime(copy: URL): Promise<void> {
  shows(
    ok(await kata(copy, "hint")),
    "01 tokenizer, hint 1 of 3 (a nudge):",
  );
  shows(
    ok(await kata(copy, "hint")),
    "hint 2 of 3 (the approach):",
    "gives hint 3",
  );
  shows(
    ok(await kata(copy, "hint", "1", "3")),
    "hint 3 of 3",
    "That was the last hint.",
  );
  shows(ok(await kata(copy, "hint")), "hint 3 of 3");
  shows(
    ok(await kata(copy, "hint", "05_softmax")),
    "05 softmax, hint 1 of 3",
  );
  await Deno.remove(new URL(".cache/kata_hints.json", copy));
  shows(ok(await kata(copy, "hint", "01")), "01 tokenizer, hint 1 of 3");
  await write(copy, ".cache/kata_hints.json", "{ not json");
  shows(ok(await kata(copy, "hint", "01")), "01 tokenizer, hint 1 of 3");
}

async function aMistakeWithItsDiagnosis(copy: URL): Promise<void> {
  await write(copy, `katas/${mistake.file}`, await mutantText(mistake));
  shows(
    ok(await kata(copy)),
    `0/${N}`,
    "→ 01 · Tokenizer",
    "First failing check:",
    `this looks like ${mistake.expect.text}`,
  );
}

/**
 * `deno task kata …args` in `copy` without the permission to run `deno test`: it fails when
 * it tries to, so a call that ends well ran no suite.
 */
async function kataWithoutRun(copy: URL, ...args: string[]): Promise<Output> {
  const config = JSON.parse(await read(copy, "deno.json"));
  const command: string = config.tasks.kata.command;
  const [, ...flags] = command.replace(" --allow-run=deno", "").split(" ");
  assert.ok(!flags.some((f) => f.startsWith("--allow-run")), command);
  const { code, stdout, stderr } = await new Deno.Command("deno", {
    args: [...flags, ...args],
    cwd: copy,
    stdin: "null",
    signal: AbortSignal.timeout(120_000),
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code, stdout: text(stdout), stderr: text(stderr) };
}

/** Appends a byte that changes nothing a suite does to the file `path` of `copy`. */
async function oneByteMore(copy: URL, path: string): Promise<void> {
  await Deno.writeTextFile(new URL(path, copy), "\n", { append: true });
}

async function cachedResults(copy: URL): Promise<void> {
  const first = ok(await kata(copy));
  assert.equal(ok(await kataWithoutRun(copy)).stdout, first.stdout);
  ok(await kataWithoutRun(copy, "list"));
  const ranAgain = async (why: string) => {
    const out = await kataWithoutRun(copy);
    assert.ok(out.code !== 0 && out.stderr.includes("run access"), why);
    const again = ok(await kata(copy));
    assert.equal(ok(await kataWithoutRun(copy)).stdout, again.stdout, why);
  };
  for (
    const path of [
      `katas/${mistake.file}`,
      "tests/harness/permissions.ts",
      "deno.lock",
    ]
  ) {
    const before = await read(copy, path);
    await oneByteMore(copy, path);
    await ranAgain(`one byte more in ${path}`);
    await write(copy, path, before); // as the next steps expect it
  }
  await write(copy, ".cache/kata_results.json", "{ not json");
  await ranAgain("a corrupt cache file");
}

async function skipKeepsTheLearnersFile(copy: URL): Promise<void> {
  const out = ok(await kata(copy, "start", "03"));
  const [folder] = await backupFolders(copy);
  shows(
    out,
    `kept your katas/${mistake.file} as backups/${folder}/katas/${mistake.file}`,
    "Katas 01–02 now hold the reference solutions.",
    "Start at 03 backward",
  );
  assert.equal(
    await read(copy, `backups/${folder}/katas/${mistake.file}`),
    await mutantText(mistake),
  );
  assert.deepEqual(
    await filesUnder(new URL(`backups/${folder}/`, copy)),
    [`katas/${mistake.file}`],
    "only the learner's work is kept: kata 02's untouched stub is not",
  );
  for (const file of ["01_tokenizer/tokenizer.ts", "02_value/value.ts"]) {
    assert.equal(await read(copy, `katas/${file}`), await solution(file));
  }
  const after = ok(await kata(copy));
  shows(
    after,
    `2/${N}`,
    "✓ 01 tokenizer (reference solution)",
    "→ 03 · Backward",
  );
  assert.ok(
    !after.stdout.includes("passes: well done"),
    "no congratulation for a kata that skip filled in",
  );
  shows(
    ok(await kata(copy, "skip", "3")),
    "Katas 01–02 already hold the reference",
  );
  assert.equal(
    (await backupFolders(copy)).length,
    1,
    "nothing new to back up",
  );
}

async function resetKeepsTheLearnersFiles(copy: URL): Promise<void> {
  const path = "katas/02_value/value.ts";
  const mine = [
    `${await solution("02_value/value.ts")}// mine, first\n`,
    "// mine, second\n",
  ];
  const before = await backupFolders(copy);
  shows(
    ok(await kata(copy, "reset", "02")),
    "katas/02_value is the stub again. It held nothing of yours to keep",
  );
  assert.deepEqual(
    await backupFolders(copy),
    before,
    "the reference that skip wrote is nobody's work: no backup",
  );
  for (const text of mine) {
    await write(copy, path, text);
    shows(
      ok(await kata(copy, "reset", "02")),
      "katas/02_value is the stub again.",
    );
    assert.equal(
      await read(copy, path),
      await stub(copy, "02_value", "value.ts"),
    );
  }
  const made = (await backupFolders(copy)).filter((f) => !before.includes(f));
  assert.equal(made.length, 2, `two resets, two backup folders: ${made}`);
  const kept = await Promise.all(
    made.map((f) => read(copy, `backups/${f}/${path}`)),
  );
  assert.deepEqual(kept.sort(), [...mine].sort());
  shows(
    ok(await kata(copy, "reset", "value")),
    "katas/02_value is already the stub",
  );
}

async function listEveryKata(copy: URL): Promise<void> {
  await write(copy, `katas/${wrong.file}`, await mutantText(wrong));
  await write(
    copy,
    "katas/03_backward/backward.ts",
    await solution("03_backward/backward.ts"),
  );
  const listed = ok(await kata(copy, "list"));
  shows(
    listed,
    "01 tokenizer done (reference solution)",
    "02 value failing",
    "03 backward failing needs kata 02 value to pass first",
    "04 linear not started",
    `1 done, 2 failing, ${N - 3} not started (of ${N})`,
  );
  // Piped, the suites that run say so on standard error, a line each as they start.
  assert.match(listed.stderr, /^testing 02 value…$/m, listed.stderr);
}

async function solutionOnceItPasses(copy: URL): Promise<void> {
  const hidden = await kata(copy, "solution", "02");
  assert.equal(hidden.code, 1);
  assert.match(
    hidden.stderr,
    /kata 02 value does not pass yet, so its solution stays hidden/,
  );
  const shown = ok(await kata(copy, "solution", "01"));
  shows(
    shown,
    "// solutions/01_tokenizer/tokenizer.ts",
    "export class Tokenizer",
  );
  assert.ok(
    !shown.stdout.includes("//#region"),
    "the answer markers are left out",
  );
  shows(
    ok(await kata(copy, "solution", "02", "--force")),
    "export class Value",
  );
}

async function aStuckCheckIsStopped(copy: URL): Promise<void> {
  const path = "katas/02_value/value.ts";
  const looping = (await solution("02_value/value.ts")).replace(
    "//#region answer: Value.add",
    "//#region answer: Value.add\n    while (this.data === this.data) this.grad += 0;",
  );
  assert.notEqual(looping, await solution("02_value/value.ts"));
  await write(copy, path, looping);
  shows(
    ok(await kata(copy, "--time-limit=3")),
    `The check "add sums, with local grads [1, 1]" ran for 3 s and was stopped.`,
    "probably stuck in a loop",
  );
}

async function aLoopAtTheTopLevel(copy: URL): Promise<void> {
  const path = "katas/02_value/value.ts";
  await write(
    copy,
    path,
    `while (true) {}\n${await solution("02_value/value.ts")}`,
  );
  // It ends, and says why: no timing here (a loaded machine is slow, not wrong).
  shows(
    ok(await kata(copy, "--time-limit=5")),
    "→ 02 · Value",
    `${path} did not finish loading in 5 s: a loop at the top level?`,
  );
  // outputUntil fails when the notice has not come within 30 s.
  await outputUntil(
    copy,
    ["test", "--no-prompt", "katas/02_value"],
    `${path} (or a module it imports) has been loading for 5 s`,
  );
}

/**
 * Runs `deno …args` in `copy` until its output shows `text` (then stops it), and returns
 * after how many seconds; fails when it has not within 30 s. (`deno test` prints what the
 * tested code writes to stderr on its stdout.)
 */
async function outputUntil(
  copy: URL,
  args: string[],
  text: string,
): Promise<number> {
  const start = Date.now();
  const child = new Deno.Command("deno", {
    args,
    cwd: copy,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  let seen = "";
  try {
    for await (
      const chunk of child.stdout.pipeThrough(new TextDecoderStream())
    ) {
      seen += chunk;
      if (seen.replace(/\s+/g, " ").includes(text)) break;
    }
  } finally {
    clearTimeout(timer);
    try {
      child.kill("SIGKILL");
    } catch {
      // It has ended already.
    }
    await child.status;
  }
  assert.ok(
    seen.replace(/\s+/g, " ").includes(text),
    `deno ${args.join(" ")} did not print "${text}" within 30 s:\n${seen}`,
  );
  return (Date.now() - start) / 1000;
}

async function codeThatDoesNotTypeCheck(copy: URL): Promise<void> {
  await write(
    copy,
    "katas/02_value/value.ts",
    `${await solution(
      "02_value/value.ts",
    )}\nexport const oops: string = 1;\n`,
  );
  shows(
    ok(await kata(copy)),
    "→ 02 · Value",
    "Your code does not type-check or load.",
    "TS2322 [ERROR]",
    "at katas/02_value/value.ts",
  );
  shows(
    ok(await kata(copy, "list")),
    "02 value failing does not type-check or load",
  );
}

async function watchRerunsOnASave(copy: URL): Promise<void> {
  await write(copy, `katas/${wrong.file}`, await mutantText(wrong));
  await write(
    copy,
    "katas/03_backward/backward.ts",
    await stub(copy, "03_backward", "backward.ts"),
  );
  const child = new Deno.Command("deno", {
    args: ["task", "-q", "kata", "watch"],
    cwd: copy,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const decoder = new TextDecoder();
  let seen = "";
  const reader = child.stdout.getReader();
  const until = async (text: string) => {
    const deadline = Date.now() + 90_000;
    while (!seen.replace(/\s+/g, " ").includes(text)) {
      const timeout = new Promise<"late">((r) =>
        setTimeout(() => r("late"), Math.max(0, deadline - Date.now()))
      );
      const next = await Promise.race([reader.read(), timeout]);
      if (next === "late" || next.done) {
        assert.fail(
          `watch did not print "${text}" within 90 s; it printed:\n${seen}`,
        );
      }
      seen += decoder.decode(next.value);
    }
  };
  try {
    await until("Watching katas/");
    assert.match(seen, /→ 02 · Value/);
    seen = "";
    const fixed = `${await solution(wrong.file)}// fixed\n`; // the learner's own
    await write(copy, `katas/${wrong.file}`, fixed);
    await until("Watching katas/");
    shows(
      { code: 0, stdout: seen, stderr: "" },
      "✓ 02 value",
      "02 value passes: well done.",
      "→ 03 · Backward",
    );
  } finally {
    child.kill();
    await reader.cancel();
    await child.stderr.cancel();
    await child.status;
  }
}

async function aStartedKataBeforeAStub(copy: URL): Promise<void> {
  const adam = adamMutants[0];
  await write(copy, `katas/${adam.file}`, await mutantText(adam));
  shows(
    ok(await kata(copy)),
    `2/${N}`,
    "→ 09 · Adam",
    "First failing check:",
    `this looks like ${adam.expect.text}`,
  );
}

async function aTestFileChanged(copy: URL): Promise<void> {
  await Deno.remove(new URL("katas/09_adam/adam_test.ts", copy));
  shows(
    ok(await kata(copy)),
    "→ 09 · Adam",
    "katas/09_adam/adam_test.ts is missing or not as it came",
    "git checkout katas/09_adam/adam_test.ts",
  );
  shows(
    ok(await kata(copy, "list")),
    "09 adam failing its test file is missing or changed",
  );
}

async function badInputIsOneLine(copy: URL): Promise<void> {
  for (
    const [args, says] of [
      [["nope"], "no command nope"],
      [
        ["hint", two(N + 1)],
        `no kata ${two(N + 1)}: the katas are 01 to ${two(N)}`,
      ],
      [
        ["hint", "01", "9"],
        "kata 01 tokenizer has 3 hints: give a level from 1 to 3",
      ],
      [["reset"], "reset takes one kata"],
      [["start", "1", "2"], "start takes one kata, the one to start at"],
      [["list", "extra"], "list takes no argument"],
      [
        ["--time-limit=soon"],
        "--time-limit=soon is not a number of seconds",
      ],
      [["--force"], "--force goes with solution"],
      [["--nope"], "unknown option --nope"],
    ] as const
  ) {
    const out = await kata(copy, ...args);
    assert.equal(out.code, 2, `${args.join(" ")}: ${out.stderr}`);
    assert.equal(out.stderr.trim().split("\n").length, 1, out.stderr);
    assert.ok(
      out.stderr.includes(says),
      `${args.join(" ")}: ${out.stderr}`,
    );
  }
}

/** The walk through, in order: each step starts where the one before left the copy. */
const WALK: readonly (readonly [string, (copy: URL) => Promise<void>])[] = [
  [
    `with no command: 0/${N}, the first kata's goal, not started, how to go on`,
    whereOnAFreshClone,
  ],
  [
    "a forged report: a module that prints a pass's report lines and exits does not pass",
    aForgedReportDoesNotPass,
  ],
  [
    "hint: gentle first, one more each time, remembered in .cache (safe to delete)",
    hintsOneMoreEachTime,
  ],
  [
    "a learner's mistake: the first failing check, with its diagnosis",
    aMistakeWithItsDiagnosis,
  ],
  [
    "cached results: a repeated call with nothing changed runs no deno test; one byte changes that",
    cachedResults,
  ],
  [
    "start 03: 01 and 02 hold the reference, the learner's file is kept",
    skipKeepsTheLearnersFile,
  ],
  [
    "reset 02: the stub again, the learner's files kept, never over a backup",
    resetKeepsTheLearnersFiles,
  ],
  [
    "list: done, failing (with the first failing check or what it waits for), not started",
    listEveryKata,
  ],
  [
    "solution: hidden until the kata passes, or shown with --force",
    solutionOnceItPasses,
  ],
  [
    "a check stuck in a loop is stopped after --time-limit, and named",
    aStuckCheckIsStopped,
  ],
  [
    "a loop at the top level of a kata's module: stopped and named; deno test's notice",
    aLoopAtTheTopLevel,
  ],
  [
    "code that does not type-check: Deno's error, on the kata that has it",
    codeThatDoesNotTypeCheck,
  ],
  [
    "watch: reruns on a save, and moves on when the kata passes",
    watchRerunsOnASave,
  ],
  [
    "skipping ahead: a started kata that fails is the current one, before a stub",
    aStartedKataBeforeAStub,
  ],
  [
    "a test file missing or changed: said so, with the command that restores it",
    aTestFileChanged,
  ],
  ["bad input: one line saying what to do, exit 2", badInputIsOneLine],
];

Deno.test("deno task kata, as a learner and a facilitator use it on a fresh clone", async (t) => {
  requirePermissions(
    { name: "read", path: "katas" },
    { name: "read", path: "deno.json" },
    { name: "write", path: ".cache" },
    { name: "run", command: "deno" },
  );
  const copy = await freshCopy();
  try {
    for (const [name, step] of WALK) await t.step(name, () => step(copy));
  } finally {
    await Deno.remove(copy, { recursive: true });
  }
});
