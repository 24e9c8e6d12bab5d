/**
 * Tests of `--mine`'s gate (`app/mine.ts`): what a suite's report events and output say
 * about the learner's kata, and a suite run in a child process, stopped at its first failure.
 *
 * @module
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { requirePermissions } from "../tests/harness/permissions.ts";
import { symlink } from "../tests/harness/symlink.ts";
import type { ReportEvent } from "../course/report.ts";
import { kataTopic, suiteModules } from "../course/manifest.ts";
import {
  checkMine,
  loadError,
  mineKata,
  type NotYet,
  notYet,
  trainingError,
  verdict,
} from "./mine.ts";
import { UserError } from "./cli.ts";

const K = "11_train";
const begin: ReportEvent = { kata: K, event: "begin", seed: 7 };

Deno.test("mine: the engine names the kata its module comes from", () => {
  assert.equal(mineKata("scalar"), "11_train");
  assert.equal(mineKata("fast"), "12_efficiency");
});

Deno.test("mine: the error names the kata and the command that shows why", () => {
  const error = notYet({ which: "05_softmax", why: "it does not load: boom" });
  assert.ok(error instanceof UserError);
  assert.equal(
    error.message,
    "--mine: your kata 05_softmax does not pass yet (it does not load: boom) — run `deno test katas/05_softmax` to see why",
  );
});

Deno.test("mine: a suite that ends without a failure passes", () => {
  const events: ReportEvent[] = [
    begin,
    { kata: K, event: "check", check: "setup shuffles" },
    { kata: K, event: "pass", check: "setup shuffles" },
    { kata: K, event: "end" },
  ];
  assert.equal(verdict(K, events, ""), undefined);
});

Deno.test("mine: an earlier kata that fails the gate is named, with the gate's reason", () => {
  const events: ReportEvent[] = [begin, {
    kata: K,
    event: "prerequisite",
    needs: "01_tokenizer",
    check: "01 tokenizer: encode",
    why: "Error: not implemented: Tokenizer constructor, see README.md",
  }, { kata: K, event: "end" }];
  assert.deepEqual(verdict(K, events, ""), {
    which: "01_tokenizer",
    why: "Error: not implemented: Tokenizer constructor, see README.md",
  });
});

Deno.test("mine: the kata's first failing check is named in full, with the first line of its problem", () => {
  const events: ReportEvent[] = [
    begin,
    { kata: K, event: "check", check: "setup shuffles" },
    {
      kata: K,
      event: "fail",
      check: "setup shuffles",
      problem: 'docs is [], expected ["a"]\n    input: …',
      diagnosis: "a copy that is never shuffled",
    },
    { kata: K, event: "fail", check: "the loss goes down", problem: "later" },
  ];
  assert.deepEqual(verdict(K, events, ""), {
    which: K,
    why: '"11 train: setup shuffles" fails: docs is [], expected ["a"]',
  });
});

Deno.test("mine: a suite that did not end did not load: Deno's first error says why, and which kata", () => {
  const cases: [string, NotYet][] = [
    [
      "Check …\nerror: SyntaxError: Expression expected\n    at file:///r/katas/05_softmax/softmax.ts:3:5\n",
      {
        which: "05_softmax",
        why: "it does not load: SyntaxError: Expression expected",
      },
    ],
    [
      "error: SyntaxError: Expression expected\n    at file:///r/katas/11_train/train.ts:3:5\n\nkatas/02_value/value.ts\n",
      { which: K, why: "it does not load: SyntaxError: Expression expected" },
    ],
    [
      'error: Module not found "file:///r/katas/05_softmax/nope.ts".\n    at file:///r/katas/05_softmax/softmax.ts:32:8',
      {
        which: "05_softmax",
        why:
          'it does not load: Module not found "file:///r/katas/05_softmax/nope.ts".',
      },
    ],
    [
      "./katas/11_train/train_test.ts (uncaught error)\nerror: (in promise) Error: boom at load\n…\nerror: Test failed",
      {
        which: K,
        why: "it does not load: boom at load",
        loads:
          "throws when it loads: boom at load — run `deno test katas/11_train` to see where",
      },
    ],
    [
      "",
      {
        which: K,
        why: "its suite did not run: Deno printed no error",
      },
    ],
    [
      [
        "./katas/11_train/train_test.ts (uncaught error)",
        'error: (in promise) NotCapable: Requires read access to "/etc/hostname", run again with the --allow-read flag',
        'const x = Deno.readTextFileSync("/etc/hostname");',
        "               ^",
        "    at Object.readTextFileSync (ext:deno_fs/30_fs.js:1:9859)",
        "    at file:///r/katas/02_value/value.ts:1:16",
        "This error was not caught from a test and caused the test runner to fail on the referenced module.",
      ].join("\n"),
      {
        which: "02_value",
        why: "it does not load: it reads a file (/etc/hostname)",
        loads:
          "reads a file (/etc/hostname) when it loads: kata code may not read files or use the network — remove that line",
      },
    ],
    [
      'error: Uncaught (in promise) Error: boom\nthrow new Error("boom");\n    at file:///r/katas/02_value/value.ts:1:7\n    at file:///r/katas/05_softmax/softmax.ts:9:1\n',
      {
        which: "02_value",
        why: "it does not load: boom",
        loads:
          "throws when it loads: boom — run `deno test katas/02_value` to see where",
      },
    ],
  ];
  for (const [output, expected] of cases) {
    assert.deepEqual(verdict(K, [], output), expected, output);
  }
});

Deno.test("mine: a permission a kata's module asks for when it loads is said in the learner's terms, never with Deno's --allow advice", () => {
  const refused = (what: string) =>
    `NotCapable: Requires ${what}, run again with the --allow-${
      what.split(" ")[0]
    } flag`;
  const where = "    at file:///r/katas/05_softmax/softmax.ts:1:16";
  const cases: [string, string][] = [
    [
      refused('net access to "example.com:80"'),
      "uses the network (example.com:80) when it loads: kata code may not read files or use the network — remove that line",
    ],
    [
      refused('env access to "HOME"'),
      "reads an environment variable (HOME) when it loads: kata code runs with no permissions — remove that line",
    ],
    [
      refused('write access to "out.txt"'),
      "writes a file (out.txt) when it loads: kata code runs with no permissions — remove that line",
    ],
    [
      refused('ffi access to "lib.so"'),
      "needs ffi access (lib.so) when it loads: kata code runs with no permissions — remove that line",
    ],
  ];
  for (const [error, loads] of cases) {
    const said = loadError(K, error, where, true);
    assert.equal(said.which, "05_softmax", error);
    assert.equal(said.loads, loads);
    assert.equal(notYet(said).message, `--mine: your kata 05_softmax ${loads}`);
    assert.ok(!notYet(said).message.includes("--allow"), error);
  }
});

/**
 * A new project at `.cache/run_test/<name>` whose kata 11 suite is `suite`, after a line that
 * reads the run's key from stdin into `KEY`, as the harness does.
 */
async function fakeProject(name: string, suite: string): Promise<URL> {
  const root = new URL(`../.cache/run_test/${name}/`, import.meta.url);
  await Deno.remove(root, { recursive: true }).catch(() => {}); // a link left by a last run
  const folder = new URL("katas/11_train/", root);
  await Deno.mkdir(folder, { recursive: true });
  await Deno.writeTextFile(new URL("deno.json", root), "{}\n");
  const key =
    'const KEY = (await new Response(Deno.stdin.readable).text()).split("\\n")[0];';
  await Deno.writeTextFile(
    new URL("train_test.ts", folder),
    `${key}\n${suite}`,
  );
  return root;
}

/** A line of the report protocol, as a suite prints it with the run's key. */
const line = (event: ReportEvent, key = "KEY") =>
  `console.log("@kata-report " + ${key} + " " + ${
    JSON.stringify(JSON.stringify(event))
  });`;

Deno.test("mine: checkMine runs the suite in a child process and stops it at the first failure", async () => {
  requirePermissions(
    { name: "run", command: "deno" },
    { name: "read", path: ".cache" },
    { name: "write", path: ".cache" },
  );
  const failing = await fakeProject(
    "mine_failing",
    [
      line(begin),
      line({ kata: K, event: "fail", check: "first", problem: "wrong\nmore" }),
      // Never ends on its own: only being stopped ends it.
      'Deno.test("forever", () => new Promise(() => {}));',
    ].join("\n"),
  );
  await assert.rejects(
    checkMine(K, failing),
    (e: Error) => e.message.includes('("11 train: first" fails: wrong)'),
  );
  const passing = await fakeProject(
    "mine_passing",
    [line(begin), line({ kata: K, event: "end" })].join("\n"),
  );
  await checkMine(K, passing);
  // Report lines without the run's key (made up, or none) count for nothing.
  const forged = await fakeProject(
    "mine_forged",
    [
      line(begin, '"f".repeat(64)'),
      line({ kata: K, event: "end" }, '"f".repeat(64)'),
      `console.log(${
        JSON.stringify(`@kata-report ${JSON.stringify(begin)}`)
      });`,
      'console.log(\'@kata-report {"kata":"11_train","event":"end"}\');',
    ].join("\n"),
  );
  await assert.rejects(checkMine(K, forged));
  const broken = await fakeProject(
    "mine_broken",
    'throw new Error("boom at load");\n',
  );
  await assert.rejects(
    checkMine(K, broken),
    (e: Error) =>
      e.message.includes(
        "your kata 11_train throws when it loads: boom at load — run `deno test katas/11_train` to see where",
      ),
  );
});

/**
 * A fake project `name` in which every kata kata 11 builds on has its module (`code` says
 * what some hold; the rest export nothing) and a suite that loads it and passes; kata 11's
 * suite loads them all, in the course's order, as its thin test file does.
 */
async function fakeCourse(
  name: string,
  code: Record<string, string>,
): Promise<URL> {
  const modules = Object.values(suiteModules(K));
  const imports = modules.map((m) => `await import("../${m}");`);
  const load = (kata: string) =>
    line({ kata, event: "load", module: `katas/${kata}` });
  const ends = (
    kata: string,
  ) => [line({ kata, event: "begin", seed: 1 }), line({ kata, event: "end" })];
  const root = await fakeProject(
    name,
    [load(K), ...imports, ...ends(K)].join("\n"),
  );
  const key =
    'const KEY = (await new Response(Deno.stdin.readable).text()).split("\\n")[0];';
  for (const module of modules) {
    const kata = module.split("/")[0];
    await Deno.mkdir(new URL(`katas/${kata}/`, root), { recursive: true });
    await Deno.writeTextFile(
      new URL(`katas/${module}`, root),
      code[kata] ?? "export {};\n",
    );
    if (kata === K) continue;
    await Deno.writeTextFile(
      new URL(`katas/${kata}/${kataTopic(kata)}_test.ts`, root),
      [key, load(kata), `await import("../${module}");`, ...ends(kata)]
        .join("\n"),
    );
  }
  return root;
}

Deno.test("mine: checkMine names the kata whose module does not load, in the learner's terms: a permission it asks for, an error it throws", async () => {
  requirePermissions(
    { name: "run", command: "deno" },
    { name: "read", path: ".cache" },
    { name: "write", path: ".cache" },
  );
  const cases: [string, string, string][] = [
    [
      "mine_reads",
      'const x = Deno.readTextFileSync("/etc/hostname");\nexport { x };\n',
      "--mine: your kata 02_value reads a file (/etc/hostname) when it loads: kata code may not read files or use the network — remove that line",
    ],
    [
      "mine_throws",
      'throw new Error("boom");\n',
      "--mine: your kata 02_value throws when it loads: boom — run `deno test katas/02_value` to see where",
    ],
    [
      // No stack names the kata: the katas' own suites, in order, do.
      "mine_throws_no_stack",
      'throw "boom";\n',
      '--mine: your kata 02_value throws when it loads: "boom" — run `deno test katas/02_value` to see where',
    ],
  ];
  for (const [name, code, expected] of cases) {
    const root = await fakeCourse(name, { "02_value": code });
    await assert.rejects(checkMine(K, root), (e: Error) => {
      assert.ok(e instanceof UserError, name);
      assert.equal(e.message, expected, name);
      return true;
    });
  }
  await checkMine(K, await fakeCourse("mine_loads", {}));
});

Deno.test("mine: checkMine stops a suite whose modules do not finish loading, and says why", async () => {
  requirePermissions(
    { name: "run", command: "deno" },
    { name: "read", path: ".cache" },
    { name: "write", path: ".cache" },
  );
  const module = "katas/11_train/train.ts";
  const looping = await fakeProject(
    "mine_looping",
    [line({ kata: K, event: "load", module }), "while (true) {}"].join("\n"),
  );
  const start = Date.now();
  await assert.rejects(
    checkMine(K, looping, 2),
    (e: Error) =>
      e.message ===
        `--mine: your kata ${K} does not finish loading in 2 s: look for a loop at the top level of ${module}, outside any function`,
  );
  assert.ok(Date.now() - start < 30_000, "stopped soon after the limit");
  // In an earlier kata, that kata is named, not the one whose suite ran first.
  const early = await fakeCourse("mine_looping_02", {
    "02_value": "while (true) {}\n",
  });
  await assert.rejects(
    checkMine(K, early, 2),
    (e: Error) =>
      e.message ===
        "--mine: your kata 02_value does not finish loading in 2 s: look for a loop at the top level of katas/02_value/value.ts, outside any function",
  );
});

Deno.test("mine: checkMine refuses a symlink in katas/ (a kata's file, a folder, katas/ itself) with one line, before the suite runs", async () => {
  requirePermissions(
    { name: "run", command: "deno" },
    { name: "read", path: ".cache" },
    { name: "write", path: ".cache" },
  );
  const suite = [line(begin), line({ kata: K, event: "end" })].join("\n");
  // A regular tree passes: its suite reports the end.
  const regular = await fakeProject("mine_regular", suite);
  await Deno.mkdir(new URL("katas/02_value/", regular), { recursive: true });
  await Deno.writeTextFile(new URL("katas/02_value/value.ts", regular), "");
  await checkMine(K, regular);
  const outside = fileURLToPath(new URL("../outside.ts", regular));
  await Deno.writeTextFile(outside, 'console.log("outside");\n');
  const path = (root: URL, p: string) => fileURLToPath(new URL(p, root));
  const cases: [string, (root: URL) => Promise<void>, string][] = [
    [
      "mine_linked_file",
      async (root) => {
        await Deno.mkdir(new URL("katas/02_value/", root), { recursive: true });
        await symlink(outside, path(root, "katas/02_value/value.ts"));
      },
      `katas/02_value/value.ts is a symlink (to ${outside}): --mine runs only files inside katas/ — replace it with the file itself (deno task kata reset 02 gives a fresh one)`,
    ],
    [
      "mine_linked_folder",
      async (root) => {
        await symlink(
          "../../mine_regular/katas/02_value",
          path(root, "katas/02_value"),
        );
      },
      "katas/02_value is a symlink (to ../../mine_regular/katas/02_value): --mine runs only files inside katas/ — replace it with the folder itself",
    ],
    [
      "mine_linked_katas",
      async (root) => {
        await Deno.rename(new URL("katas", root), new URL("real_katas", root));
        await symlink("real_katas", path(root, "katas"));
      },
      "katas is a symlink (to real_katas): --mine runs only files inside katas/ — replace it with the folder itself",
    ],
  ];
  for (const [name, link, expected] of cases) {
    // The suite would pass: only the look at katas/ before it can refuse.
    const root = await fakeProject(name, suite);
    await link(root);
    await assert.rejects(checkMine(K, root), (e: Error) => {
      assert.ok(e instanceof UserError, name);
      assert.equal(e.message, expected);
      return true;
    });
  }
});

Deno.test("mine: an error the learner's code throws while training names the kata and the line where it entered, in the learner's terms; an error of no kata's is left as it is", () => {
  const thrown = (message: string, stack: string) => {
    const error = new TypeError(message);
    error.stack = `TypeError: ${message}\n${stack}`;
    return error;
  };
  const at = (file: string) => `    at f (file:///r/${file})`;
  const late = thrown(
    "late boom",
    [at("app/trainer.ts:9:1"), at("katas/02_value/value.ts:12:9")].join("\n"),
  );
  assert.equal(
    trainingError(late)?.message,
    "--mine: your kata 02_value threw while training: late boom (katas/02_value/value.ts:12:9) — its suite passes: run deno test katas/02_value, then look at that line with the training's inputs in mind",
  );
  const refused = thrown(
    'Requires read access to "/etc/hostname", run again with the --allow-read flag',
    at("katas/09_adam/adam.ts:3:1"),
  );
  assert.equal(
    trainingError(refused)?.message,
    "--mine: your kata 09_adam reads a file (/etc/hostname) while training (katas/09_adam/adam.ts:3:1): kata code runs with no permissions — remove that line",
  );
  assert.equal(
    trainingError(thrown("ours", at("app/trainer.ts:9:1"))),
    undefined,
  );
});
