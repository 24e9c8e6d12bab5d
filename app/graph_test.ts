/**
 * Tests of `deno task graph`: every built-in draws, with the lessons' worked numbers on its
 * nodes (read back from the SVG's text); shared nodes are marked; the numbers follow
 * `topoSort`; a big graph is summed up; and, run as a learner runs it, a module of theirs
 * draws while a bad one gets one line, and `--mine` on unfinished katas says so.
 *
 * @module
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { topoSort } from "../solutions/03_backward/backward.ts";
import type { Value } from "../solutions/02_value/value.ts";
import { PROJECT, scratchProject } from "../tests/harness/scratch.ts";
import { type Ran, runTask } from "../tests/harness/processes.ts";
import { requirePermissions } from "../tests/harness/permissions.ts";
import { symlink } from "../tests/harness/symlink.ts";
import { drawGraph } from "./graph_draw.ts";
import { compareGrads, type GraphNode } from "./graph_model.ts";
import { EXAMPLES, findExample } from "./graph_examples.ts";

const ROOT = new URL("../", import.meta.url);
const READ_TREES = [
  { name: "read", path: new URL("solutions", ROOT) },
  { name: "read", path: new URL("lib", ROOT) },
] as const;

/** A node as the SVG shows it: its number, op, data and grad, read from its text. */
interface Shown {
  readonly id: number;
  readonly kind: string;
  readonly op: string;
  /** Its display name, when it has one. */
  readonly name?: string;
  /** Its first line, after its number. */
  readonly head: string;
  readonly data: number;
  readonly grad: number;
  /** The exact data, from the node's tooltip. */
  readonly exact: number;
  /** The solutions' grad, shown when the node's differs from it (`--mine`). */
  readonly expected?: number;
  readonly uses?: number;
}

/** The nodes of an SVG drawn by `deno task graph`, in the order they are drawn. */
function nodesOf(svg: string): Shown[] {
  const node = new RegExp(
    String
      .raw`<g class="node (\w+)" id="n(\d+)">\n<title>#\d+ (.*?)(?: \((.*)\))?: data (\S+), grad \S+(?: \(expected \S+\))?</title>\n` +
      String.raw`<rect[^>]*/>\n<text class="head"[^>]*>#\d+  (.*?)</text>\n` +
      String.raw`<text class="data"[^>]*>data (\S+)</text>\n` +
      String.raw`<text class="grad(?: wrong)?"[^>]*>grad (\S+)</text>\n` +
      String.raw`(?:<text class="uses"[^>]*>shared: used (\d+)×</text>\n)?` +
      String
        .raw`(?:<text class="expected"[^>]*>\(expected (\S+)\)</text>\n)?</g>`,
    "g",
  );
  return [...svg.matchAll(node)].map((m) => ({
    kind: m[1],
    id: Number(m[2]),
    op: m[3],
    ...(m[4] === undefined ? {} : { name: m[4] }),
    exact: Number(m[5]),
    head: m[6],
    data: number(m[7]),
    grad: number(m[8]),
    uses: m[9] === undefined ? undefined : Number(m[9]),
    ...(m[10] === undefined ? {} : { expected: number(m[10]) }),
  }));
}

/** A number as a node shows it: `≈0` (rounding's leftovers) is read as 0. */
function number(text: string): number {
  return text === "≈0" ? 0 : Number(text);
}

/** The SVG of the built-in `name`, drawn with the solutions. */
async function svgOf(name: string): Promise<string> {
  const example = findExample(name);
  assert.ok(example, name);
  return (await drawGraph(await example.build("solutions"), "solutions")).text;
}

/** Whether `shown` (4 significant digits) and the lesson's `lesson` agree to their digits. */
function agrees(shown: number, lesson: number): boolean {
  return Math.abs(shown - lesson) <= 6e-4 * Math.max(Math.abs(lesson), 1e-3);
}

/**
 * The lessons' worked numbers, per built-in: [op, data, grad] of nodes the picture must
 * show (an op of `undefined` matches any). Each figure is the lesson's, in its words.
 */
const LESSONS: Record<string, [string | undefined, number, number][]> = {
  // Lesson 02, "The idea": a = 2, b = 3, c = a · b = 6, d = c + 1 = 7; dd/da = 3, dd/db = 2.
  value: [["leaf", 2, 3], ["leaf", 3, 2], ["·", 6, 1], ["+ 1", 7, 1]],
  // Lesson 03's worked example: a = 3, b = a + a, c = b + b; b.grad = 2, a.grad = 4.
  backward: [["leaf", 3, 4], ["+", 6, 2], ["+", 12, 1]],
  // Lesson 03: in L = x + 3x, dL/dx = 4.
  "x-plus-3x": [["leaf", 2, 4], ["· 3", 6, 1], ["+", 8, 1]],
  // Lesson 04, going further: L = out[0] + out[1]; x's grads [4, 1]; each row of w gets
  // [0.5, 2]; out[0] = 4.5, out[1] = -0.5.
  linear: [
    ["leaf", 0.5, 4],
    ["leaf", 2, 1],
    ["leaf", 1, 0.5],
    ["leaf", 2, 2],
    ["leaf", 3, 0.5],
    ["leaf", -1, 2],
    ["dot", 4.5, 1],
    ["dot", -0.5, 1],
    ["+", 4, 1],
  ],
  // Lesson 05: softmax([1, 2, 3]) = [0.0900, 0.2447, 0.6652], total 1.5032; going further:
  // Σ w_i · p_i with w = [0.5, -1.5, 2] gives the logits grads -0.04577, -0.61388, 0.65965.
  softmax: [
    ["leaf", 1, -0.04577],
    ["leaf", 2, -0.61388],
    ["leaf", 3, 0.65965],
    ["sum", 1.5032, undefined as unknown as number],
    ["·", 0.09, 0.5],
    ["·", 0.2447, -1.5],
    ["·", 0.6652, 2],
  ],
  // Lesson 06: x = [3, -4], ms = 12.5, s ≈ 0.2828426, y_0 ≈ 0.8485; dL/dx_0 ≈ 0.1810 and
  // dL/dx_1 ≈ 0.1358 for L = y_0.
  rmsnorm: [
    ["leaf", 3, 0.1810],
    ["leaf", -4, 0.1358],
    ["· 0.5", 12.5, undefined as unknown as number],
    ["^ -0.5", 0.2828426, 3],
    ["·", 0.8485, 1],
  ],
  // Lesson 07: position 1's weights [0.3302, 0.6698], its second output 0.6698;
  // x0.grad ≈ [-0.1564, 0.1738].
  attention: [
    ["leaf", 1, -0.1564],
    ["leaf", 0, 0.1738],
    [undefined, 0.3302, undefined as unknown as number],
    [undefined, 0.6698, 1],
  ],
};

Deno.test("graph: every built-in but the training step draws an SVG of at most 200 nodes", async () => {
  requirePermissions(...READ_TREES);
  for (const example of EXAMPLES.filter((e) => e.name !== "step")) {
    const svg = await svgOf(example.name);
    assert.match(svg, /^<svg [^]*<\/svg>\n$/, example.name);
    const nodes = nodesOf(svg);
    assert.ok(nodes.length > 0 && nodes.length <= 200, example.name);
    assert.equal(
      nodes.length,
      (svg.match(/<g class="node/g) ?? []).length,
      `${example.name}: every node read back`,
    );
    assert.equal(svg, await svgOf(example.name), `${example.name}: same bytes`);
  }
});

Deno.test("graph: the nodes show the lessons' worked numbers (data and grad), read from the SVG", async () => {
  requirePermissions(...READ_TREES);
  for (const [name, expected] of Object.entries(LESSONS)) {
    const nodes = nodesOf(await svgOf(name));
    for (const [op, data, grad] of expected) {
      const found = nodes.find((n) =>
        (op === undefined || n.op === op) && agrees(n.data, data) &&
        (grad === undefined || agrees(n.grad, grad))
      );
      assert.ok(
        found,
        `${name}: no node ${
          op ?? "of any op"
        } with data ${data} and grad ${grad}, ` +
          `as the lesson says; the nodes: ${JSON.stringify(nodes)}`,
      );
    }
  }
});

Deno.test("graph: a shared node is drawn once, marked, with one edge per use", async () => {
  requirePermissions(...READ_TREES);
  const svg = await svgOf("backward"); // a = 3, b = a + a, c = b + b
  const nodes = nodesOf(svg);
  assert.deepEqual(
    nodes.map((n) => [n.id, n.kind, n.uses]),
    [[1, "shared", 2], [2, "shared", 2], [3, "root", undefined]],
  );
  assert.equal((svg.match(/<path class="edge"/g) ?? []).length, 4);
  const value = nodesOf(await svgOf("value"));
  assert.ok(value.every((n) => n.kind !== "shared"), "a · b + 1 shares none");
});

Deno.test("graph: the nodes are numbered in the order topoSort lists them, with one labelled edge per child link", async () => {
  requirePermissions(...READ_TREES);
  for (const name of ["softmax", "attention", "linear"]) {
    const example = findExample(name);
    assert.ok(example);
    const root = await example.build("solutions") as Value;
    const { text: svg } = await drawGraph(root, "solutions");
    const nodes = nodesOf(svg);
    const links = topoSort(root).reduce((s, v) => s + v.children.length, 0);
    assert.equal((svg.match(/<path class="edge"/g) ?? []).length, links, name);
    assert.equal((svg.match(/<text class="local"/g) ?? []).length, links, name);
    const byId = [...nodes].sort((a, b) => a.id - b.id);
    assert.deepEqual(byId.map((n) => n.id), nodes.map((_, i) => i + 1), name);
    assert.deepEqual(
      byId.map((n) => n.exact),
      topoSort(root).map((v) => v.data),
      `${name}: node k holds the data of topoSort's k-th node`,
    );
  }
});

Deno.test("graph: the built-ins' nodes carry the lessons' names; rounding's leftovers show ≈0, exact in the tooltip", async () => {
  requirePermissions(...READ_TREES);
  const value = nodesOf(await svgOf("value"));
  assert.deepEqual(value.map((n) => [n.head, n.op, n.name]), [
    ["a", "leaf", "a"],
    ["b", "leaf", "b"],
    ["c = ·", "·", "c"],
    ["d = + 1", "+ 1", "d"],
  ]);
  const svg = await svgOf("attention");
  const heads = nodesOf(svg).map((n) => n.head);
  for (
    const name of ["x0[0]", "x1[1]", "wq[0][1]", "wo[1][0]", "out[1] = dot"]
  ) {
    assert.ok(heads.includes(name), `${name} in ${heads}`);
  }
  // wq[0][0]'s grad is -5.551e-17 where the lesson's arithmetic gives 0.
  const wq =
    /<title>#\d+ leaf \(wq\[0\]\[0\]\): data 1, grad (\S+)<\/title>[^]*?grad (\S+)<\/text>/
      .exec(svg);
  assert.ok(wq, "wq[0][0] drawn");
  assert.ok(Number(wq[1]) !== 0 && Math.abs(Number(wq[1])) < 1e-12, wq[1]);
  assert.equal(wq[2], "≈0");
  assert.ok(
    !/>grad -?\d(\.\d+)?e-1\d</.test(svg),
    "no grad of 1e-10 and less shown",
  );
});

Deno.test("graph: compareGrads marks a grad only against a certain twin: node by node on the same shape, else by a name one node carries", () => {
  const node = (
    id: number,
    name: string | undefined,
    data: number,
    grad: number,
    children: number[] = [],
  ): GraphNode => ({
    id,
    op: children.length === 0 ? "leaf" : "?",
    ...(name === undefined ? {} : { name }),
    data,
    grad,
    children,
    localGrads: children.map(() => 1),
    uses: 0,
  });
  const reference = [node(1, "x", 2, 4), node(2, undefined, 8, 1, [1])];
  // The same shape: every node has its twin, named or not.
  const same = compareGrads(
    [node(1, "x", 2, 1), node(2, undefined, 8, 3, [1])],
    reference,
  );
  assert.deepEqual(same.map((n) => n.expected), [4, 1]);
  // Another shape (one more node): only the named leaf has a twin.
  const other = compareGrads(
    [
      node(1, "x", 2, 1),
      node(2, undefined, 4, 1, [1]),
      node(3, undefined, 8, 3, [2]),
    ],
    reference,
  );
  assert.deepEqual(other.map((n) => n.expected), [4, undefined, undefined]);
  // Equal up to a relative 1e-9, other data, or a name two nodes carry: no mark.
  assert.equal(
    compareGrads([node(1, "x", 2, 4 * (1 + 1e-12))], reference)[0].expected,
    undefined,
  );
  assert.equal(
    compareGrads([node(1, "x", 3, 1)], reference)[0].expected,
    undefined,
  );
  const twice = [
    node(1, "x", 2, 1),
    node(2, "x", 2, 1),
    node(3, undefined, 4, 1, [1, 2]),
  ];
  assert.ok(
    compareGrads(twice, reference).every((n) => n.expected === undefined),
  );
});

Deno.test("graph: a training step is too big to draw: its summary's counts add up", async () => {
  requirePermissions(...READ_TREES);
  const text = await svgOf("step");
  const total = Number(/^(\d+) nodes and \d+ child links/.exec(text)?.[1]);
  assert.ok(total > 1000, text);
  const perOp = text.split("nodes per op:\n")[1].trimEnd().split("\n");
  const counts = perOp.map((line) => Number(/(\d+)$/.exec(line)?.[1]));
  assert.equal(counts.reduce((s, k) => s + k, 0), total, text);
  const leaves = Number(/leaves: (\d+)/.exec(text)?.[1]);
  assert.equal(leaves, counts[perOp.findIndex((l) => /^\s+leaf\s/.test(l))]);
  assert.match(text, /depth \(the longest path from a leaf to the root\): \d+/);
  assert.match(text, /shared nodes \(used more than once\): \d+ \(\d+\.\d%\)/);
});

/** `deno task -q graph ...args` in `cwd` (the project's root by default). */
function graph(args: string[], cwd: URL = ROOT): Promise<Ran> {
  return runTask("graph", args, cwd);
}

/** The run failed with `code` and one line on stderr that says `message`. */
function assertOneLine(ran: Ran, code: number, message: string | RegExp) {
  const lines = ran.stderr.split("\n").filter((l) => l !== "");
  assert.equal(ran.code, code, ran.stderr);
  assert.equal(lines.length, 1, `one line on stderr, got:\n${ran.stderr}`);
  assert.match(lines[0], /^error: /);
  if (typeof message === "string") {
    assert.ok(lines[0].includes(message), lines[0]);
  } else assert.match(lines[0], message);
  assert.equal(ran.stdout, "");
}

const NEEDS = [
  { name: "run", command: "deno" },
  { name: "read", path: new URL(".cache", ROOT) },
  { name: "write", path: new URL(".cache", ROOT) },
] as const;

Deno.test("graph: a learner's module draws; a bad one gets one line and exit code 1", async () => {
  requirePermissions(...NEEDS);
  await Deno.mkdir(new URL(".cache/", ROOT), { recursive: true });
  const dir = await Deno.makeTempDir({
    dir: fileURLToPath(new URL(".cache/", ROOT)),
    prefix: "graph_test_",
  });
  const write = async (name: string, source: string) => {
    await Deno.writeTextFile(`${dir}/${name}`, source);
    return `${dir}/${name}`.slice(fileURLToPath(ROOT).length);
  };
  const value = `import { Value } from "../../solutions/02_value/value.ts";\n`;
  try {
    const square = await write(
      "square.ts",
      `${value}export function root() { const x = new Value(3); return x.mul(x); }\n`,
    );
    const drawn = await graph([square]);
    assert.equal(drawn.code, 0, drawn.stderr);
    assert.deepEqual(
      nodesOf(drawn.stdout).map((n) => [n.op, n.data, n.grad, n.uses]),
      [["leaf", 3, 6, 2], ["·", 9, 1, undefined]],
    );
    const bad: [string, string, string | RegExp][] = [
      [
        "none.ts",
        "export const n = 3;\n",
        "exports no Value: export one as `default` or as `root`",
      ],
      [
        "throws.ts",
        'throw new Error("boom");\n',
        /throws\.ts does not load: boom — fix the module$/,
      ],
      [
        "syntax.ts",
        "const x = ;\nexport default x;\n",
        /syntax\.ts does not load: SyntaxError: Expression expected at \S*syntax\.ts:1:11 — fix the module$/,
      ],
      [
        "root_throws.ts",
        'export function root() { throw new Error("bad"); }\n',
        "its root export threw: bad",
      ],
      [
        "reads.ts",
        'await Deno.readTextFile("deno.json");\nexport default 1;\n',
        "may read only itself and this project's katas/, solutions/ and lib/",
      ],
    ];
    for (const [name, source, message] of bad) {
      assertOneLine(await graph([await write(name, source)]), 1, message);
    }
    assertOneLine(
      await graph([`${square}x.ts`]),
      1,
      /^error: no module at .*square\.tsx\.ts/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("graph: a graph too big to draw, with stdout redirected, writes nothing there: its summary goes to stderr after a line saying so, exit code 1", async () => {
  requirePermissions(...NEEDS);
  const ran = await graph(["step"]);
  assert.equal(ran.code, 1, ran.stderr);
  assert.equal(ran.stdout, "");
  const [first, ...rest] = ran.stderr.trimEnd().split("\n");
  assert.match(
    first,
    /^error: the graph is too big to draw: (\d+) nodes, over the limit of 200 \(`--limit` raises it\); nothing was written to stdout, here is its summary:$/,
  );
  assert.match(rest[0], /^\d+ nodes and \d+ child links/);
  assert.ok(rest.includes("nodes per op:"), ran.stderr);
});

Deno.test("graph: bad flags and names are a usage error; --list names every built-in", async () => {
  requirePermissions(...NEEDS);
  assertOneLine(await graph(["nope"]), 2, 'no built-in expression "nope"');
  assertOneLine(await graph([]), 2, "give one expression");
  assertOneLine(
    await graph(["--limit", "0", "value"]),
    2,
    "--limit takes a whole number",
  );
  const listed = await graph(["--list"]);
  assert.equal(listed.code, 0);
  assert.deepEqual(
    listed.stdout.trim().split("\n").map((l) => l.split(" ")[0]),
    EXAMPLES.map((e) => e.name),
  );
});

/**
 * In the scratch project `copy` (kata 02 done), with a kata 03 `backward` (at `backward`)
 * that sets grads instead of adding to them, `--mine backward` marks each node whose grad
 * differs from the solutions' with the expected one; with the solutions' backward, none.
 */
async function assertMarksWrongGrads(copy: URL, backward: URL): Promise<void> {
  // A backward that sets grads instead of adding to them: a = 3, b = a + a, c = b + b.
  const solved = await Deno.readTextFile(
    new URL("solutions/03_backward/backward.ts", ROOT),
  );
  const overwrites = solved.replace(
    "children[i].grad += localGrads[i] * grad;",
    "children[i].grad = localGrads[i] * grad;",
  );
  assert.notEqual(overwrites, solved);
  await Deno.writeTextFile(backward, overwrites);
  const drawn = await graph(["--mine", "backward"], copy);
  assert.equal(drawn.code, 0, drawn.stderr);
  const shown = nodesOf(drawn.stdout);
  assert.deepEqual(
    shown.map((n) => [n.head, n.grad, n.expected]),
    [["a", 1, 4], ["b = +", 1, 2], ["c = +", 1, undefined]],
  );
  assert.match(drawn.stdout, /red grad: yours differs from the solutions'/);
  // With the solutions' backward, nothing is marked.
  await Deno.writeTextFile(backward, solved);
  const right = await graph(["--mine", "backward"], copy);
  assert.ok(nodesOf(right.stdout).every((n) => n.expected === undefined));
  assert.doesNotMatch(right.stdout, /\(expected|red grad/);
}

Deno.test("graph: katas not done yet: the earliest the expression needs is named, with deno task kata; --mine: only with --mine; a grad of --mine's that differs from the solutions' is marked", async () => {
  requirePermissions(
    ...NEEDS,
    ...[
      "deno.json",
      "deno.lock",
      "app",
      "course",
      "katas",
      "lib",
      "runner",
      "solutions",
      "tests",
    ]
      .map((path) => ({ name: "read", path: new URL(path, ROOT) }) as const),
  );
  const copy = await scratchProject(ROOT, "graph_test_");
  try {
    assertOneLine(
      await graph(["--mine", "value"], copy),
      1,
      /^error: --mine: your kata 02_value is not done yet \(not implemented: Value\.\w+, see README\.md\) — finish it first: `deno task kata` shows where you are$/,
    );
    // Attention's own stub throws first, but the earliest kata it needs is 02.
    assertOneLine(
      await graph(["--mine", "attention"], copy),
      1,
      /^error: --mine: your kata 02_value is not done yet \(not implemented: Value\.\w+, see README\.md\) — finish it first/,
    );
    // A module of the learner's that uses a stub, without --mine: the module uses the kata.
    await Deno.writeTextFile(
      new URL("my_expr.ts", copy),
      'import { Value } from "./katas/02_value/value.ts";\n' +
        "const a = new Value(2);\nexport default a.mul(a);\n",
    );
    assertOneLine(
      await graph(["my_expr.ts"], copy),
      1,
      /^error: my_expr\.ts uses your kata 02_value, which is not done yet \(not implemented: Value\.\w+, see README\.md\) — finish it first: `deno task kata` shows where you are$/,
    );
    // Kata 02 done, kata 03 not: the graph is built, but not sorted.
    await Deno.copyFile(
      new URL("solutions/02_value/value.ts", ROOT),
      new URL("katas/02_value/value.ts", copy),
    );
    assertOneLine(
      await graph(["--mine", "value"], copy),
      1,
      "--mine: your kata 03_backward is not done yet (not implemented: topoSort, see README.md)",
    );
    // A kata that throws something else fails: the line says how to see why.
    const backward = new URL("katas/03_backward/backward.ts", copy);
    await Deno.writeTextFile(
      backward,
      `throw new Error("oops");\n${await Deno.readTextFile(backward)}`,
    );
    assertOneLine(
      await graph(["--mine", "backward"], copy),
      1,
      "--mine: your kata 03_backward fails: oops — run `deno test katas/03_backward` to see why",
    );
    await assertMarksWrongGrads(copy, backward);
  } finally {
    await Deno.remove(copy, { recursive: true });
  }
});

Deno.test("graph: a module whose reads are unclear gets one line in the learner's terms; a flag-like path, the --", async () => {
  requirePermissions(...NEEDS);
  await Deno.mkdir(new URL(".cache/", ROOT), { recursive: true });
  const dir = await Deno.makeTempDir({
    dir: fileURLToPath(new URL(".cache/", ROOT)),
    prefix: "graph_test_",
  });
  const value = `import { Value } from "../../solutions/02_value/value.ts";\n`;
  const write = async (name: string, source: string) => {
    await Deno.writeTextFile(`${dir}/${name}`, `${value}${source}`);
    return `${dir}/${name}`.slice(fileURLToPath(ROOT).length);
  };
  try {
    const env = await write(
      "env.ts",
      'export default () => new Value(Deno.env.get("HOME")!.length);\n',
    );
    assertOneLine(
      await graph([env]),
      1,
      `error: ${env}: your module reads an environment variable (HOME): a module may only build a Value — remove that`,
    );
    const missing = await write(
      "my12.ts",
      'import "../../katas/nothere.ts";\nexport default new Value(1);\n',
    );
    assertOneLine(
      await graph([missing]),
      1,
      `error: ${missing} imports ../../katas/nothere.ts, which does not exist`,
    );
    assertOneLine(
      await graph(["-x.ts"]),
      2,
      "error: -x.ts looks like a flag: put -- before a module path that starts with -, as deno task graph -- -x.ts",
    );
    assertOneLine(await graph(["--", "-x.ts"]), 1, "error: no module at -x.ts");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("graph: a symbolic link in katas/, solutions/ or lib/, or a linked module, is refused before any module runs", async () => {
  requirePermissions(
    ...NEEDS,
    ...PROJECT.map((path) =>
      ({ name: "read", path: new URL(path, ROOT) }) as const
    ),
  );
  const copy = await scratchProject(ROOT, "graph_test_");
  const at = (path: string) => fileURLToPath(new URL(path, copy));
  try {
    await Deno.writeTextFile(
      at("host.ts"),
      'import { Value } from "./solutions/02_value/value.ts";\n' +
        'export default new Value(Deno.readTextFileSync("./katas/host.txt").charCodeAt(0));\n',
    );
    await symlink("/etc/hostname", at("katas/host.txt"));
    assertOneLine(
      await graph(["host.ts"], copy),
      1,
      "error: katas/host.txt is a symlink (to /etc/hostname): a module of yours may read only the files really inside katas/ — replace it with the file itself, or remove it",
    );
    await Deno.remove(at("katas/host.txt"));
    await symlink("/etc", at("solutions/etc"));
    assertOneLine(
      await graph(["host.ts"], copy),
      1,
      "error: solutions/etc is a symlink (to /etc): a module of yours may read only the files really inside solutions/ — replace it with the folder itself",
    );
    assertOneLine(
      await graph(["--mine", "value"], copy),
      1,
      "error: solutions/etc is a symlink (to /etc): --mine reads only files inside solutions/ — replace it with the folder itself",
    );
    await Deno.remove(at("solutions/etc"));
    await symlink("/etc/hostname", at("lib/host.json"));
    assertOneLine(
      await graph(["host.ts"], copy),
      1,
      "error: lib/host.json is a symlink (to /etc/hostname): a module of yours may read only the files really inside lib/",
    );
    await Deno.remove(at("lib/host.json"));
    await symlink("host.ts", at("link.ts"));
    assertOneLine(
      await graph(["link.ts"], copy),
      1,
      "error: link.ts is a symlink (to host.ts): deno task graph runs only a regular file — give the path of the file itself",
    );
  } finally {
    await Deno.remove(copy, { recursive: true });
  }
});
