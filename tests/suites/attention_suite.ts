/**
 * Kata 07 · attention: the property suite, run on `katas/07_attention` and
 * `solutions/07_attention`, each with its own tree's katas 02–05.
 *
 * Sequences are fed one position at a time, as microgpt does, with a fresh cache per
 * sequence. The cache comes first (what each call appends), then causality, then the case
 * where the answer is known exactly (one cached position: each head's weight is 1), then the
 * heads' independence, then the whole computation against a plain-number reference that
 * processes the sequence at once with a causal mask (`tests/harness/reference.ts`), then gradients.
 *
 * @module
 */
import fc from "fast-check";
import type * as AttentionModule from "../../solutions/07_attention/attention.ts";
import {
  asFailure,
  assertClose,
  BITS,
  CheckFailure,
  checkGradients,
  count,
  diagnoses,
  type Diagnosis,
  ensure,
  list,
  matrix,
  type Mistake,
  notImplemented,
  prerequisite,
  property,
  real,
  reals,
  ROUNDING,
  suite,
  weights,
} from "../harness/harness.ts";
import { linearPrerequisites } from "./linear_suite.ts";
import {
  causalAttention,
  type Matrix,
  matVec,
  type PlainAttention,
} from "../harness/reference.ts";
import { type SoftmaxImpl, softmaxSuite } from "./softmax_suite.ts";

/** The modules kata 07 uses: its own `attention.ts`, and the same tree's katas 02–05. */
export interface AttentionImpl extends SoftmaxImpl {
  /** `attention.ts` */
  readonly attention: typeof AttentionModule;
}

type Node = AttentionImpl["value"]["Value"]["prototype"];
type ValueClass = AttentionImpl["value"]["Value"];

/** A configuration, a sequence of inputs and the layer's weights, all plain numbers. */
interface Case {
  readonly nHead: number;
  readonly xs: Matrix;
  readonly w: PlainAttention;
}

/** Random cases: 1–3 heads of 1–3 components each, `minT`–`maxT` positions. */
function cases(
  { minHeads = 1, minDim = 1, minT = 1, maxT = 4 } = {},
): fc.Arbitrary<Case> {
  return fc.record({
    nHead: fc.integer({ min: minHeads, max: 3 }),
    headDim: fc.integer({ min: minDim, max: 3 }),
    T: fc.integer({ min: minT, max: maxT }),
  }).chain(({ nHead, headDim, T }) => {
    const n = nHead * headDim;
    return fc.record({
      nHead: fc.constant(nHead),
      xs: matrix(T, n, -1.5, 1.5),
      w: fc.record({
        wq: matrix(n, n, -1.5, 1.5),
        wk: matrix(n, n, -1.5, 1.5),
        wv: matrix(n, n, -1.5, 1.5),
        wo: matrix(n, n, -1.5, 1.5),
      }),
    });
  });
}

/** A case of 2 or more heads, a head h of it, and an amount to add to h's rows of wq. */
const headChanges = () =>
  cases({ minHeads: 2, minT: 2, maxT: 3 }).chain((c) =>
    fc.tuple(
      fc.constant(c),
      fc.integer({ min: 0, max: c.nHead - 1 }),
      real(0.25, 1),
    )
  );

/** 3 positions of nEmbd 4, the 64 weights of wq, wk, wv, wo, and weights for the outputs. */
const gradientCases = () =>
  fc.record({
    xs: matrix(3, 4, -1, 1),
    // The 64 weights are not shrunk: each try costs 152 runs of the reference.
    p: fc.noShrink(reals(64, -1, 1)),
    ws: weights(12),
  });

const describe = ({ nHead, xs }: Case) =>
  `nEmbd ${xs[0].length}, ${count(nHead, "head")}, ${
    count(xs.length, "position")
  }`;

/** The mistakes kata 07's suite names. */
export const D = diagnoses("07_attention", {
  notAppended:
    "k and v not appended to the cache you were given: push them onto keys and values (a new array made inside attention is never seen by the caller)",
  cachedX:
    "x cached instead of k and v: append k = linear(x, wk) and v = linear(x, wv)",
  vWithWk: "v projected with wk: v = linear(x, w.wv)",
  state:
    "state kept between calls outside keys and values (a module-level cache?): attend only over the keys and values passed in",
  appendAfter:
    "k and v appended after attending: append them first, so the position attends to itself too",
  noWo:
    "the output projection left out: return linear(the heads' outputs side by side, w.wo)",
  weightsOnK:
    "the weights applied to the keys: each head's output is the weighted sum of the cached values v_h[t]",
  sliceAtH:
    "head h's slice starting at h: it starts at h · headDim, so the heads do not overlap",
  vNotSliced:
    "every head taking the first slice of the values: head h sums v_h[t] = v[t][h·headDim … (h+1)·headDim)",
  kNotSliced:
    "every head scoring against the first slice of the keys: head h uses k_h[t] = k[t][h·headDim … (h+1)·headDim)",
  order:
    "the same math in another order, which rounds differently in the last bits: compute as microgpt does, each score a dot divided by headDim ** 0.5 (your Value's div), softmax, then each weighted sum a dot of the weights with the values, added left to right from 0",
  qFirstSlice:
    "every head taking the first slice of q: head h's query is q[h·headDim … (h+1)·headDim)",
  noScale:
    "the scores not divided by √headDim: score = q_h · k_h[t] / headDim ** 0.5",
  scaleByEmbd:
    "the scores divided by √nEmbd: divide by √headDim, the size of one head's slice",
  detached:
    "a cache that holds copies without their graph (new Value(….data)): later positions' gradients cannot reach earlier positions; cache the nodes k and v themselves",
});

/** Kata 07's suite. */
export const attentionSuite = suite<AttentionImpl>({
  kata: "07_attention",
  diagnoses: D,
  prerequisites: (impl) => [
    ...linearPrerequisites(impl),
    prerequisite(softmaxSuite, impl),
  ],
  properties: (impl) => [
    property(
      "each call returns nEmbd values and appends its k and v to the cache",
      cases(),
      (c) => fillsCache(impl, c),
    ),
    property(
      "a position's output is the same whether or not later positions follow",
      cases({ minT: 2 }),
      (c) => isCausal(impl, c),
    ),
    property(
      "with one cached position each head's weight is 1, so the output is wo · v",
      cases({ maxT: 1 }),
      (c) =>
        assertClose(
          feed(impl, c).outs[0],
          matVec(c.w.wo, matVec(c.w.wv, c.xs[0])),
          `attention(x = ${list(c.xs[0])}) on an empty cache (${describe(c)})`,
          { tol: BITS, mistakes: oneCachedMistakes(c) },
        ),
    ),
    property(
      "heads are independent: changing head h's rows of wq moves only head h's part (wo = identity)",
      headChanges(),
      ([c, h, delta]) => headsIndependent(impl, c, h, delta),
    ),
    property(
      "one position at a time equals the whole sequence at once with a causal mask, bit for bit",
      cases(),
      (c) => matchesReference(impl, c),
    ),
    property(
      "gradients w.r.t. every input and weight match central differences (nEmbd 4, 2 heads, 3 positions)",
      gradientCases(),
      ({ xs, p, ws }) => gradientsMatch(impl, xs, p, ws),
      // 76 inputs, each nudged both ways: 30 cases keep the check short.
      { numRuns: 30 },
    ),
  ],
});

/** Leaves of the learner's `Value` for the numbers `xs`. */
function leaves(Value: ValueClass, xs: readonly number[]): Node[] {
  return xs.map((x) => new Value(x));
}

/** The layer's weights as leaves of the learner's `Value`. */
function nodes(Value: ValueClass, w: PlainAttention) {
  const rows = (m: Matrix) => m.map((r) => leaves(Value, r));
  return { wq: rows(w.wq), wk: rows(w.wk), wv: rows(w.wv), wo: rows(w.wo) };
}

/** Feeds `xs` one position at a time, with a fresh cache; the outputs as numbers. */
function feed(
  { value: { Value }, attention: { attention } }: AttentionImpl,
  { nHead, xs, w }: Case,
): { outs: number[][]; keys: Node[][]; values: Node[][] } {
  const keys: Node[][] = [];
  const values: Node[][] = [];
  const ws = nodes(Value, w);
  const outs = xs.map((x) =>
    attention(leaves(Value, x), ws, keys, values, nHead).map((o: Node) =>
      o.data
    )
  );
  return { outs, keys, values };
}

// What the longer properties check, in the list's order.

function fillsCache(impl: AttentionImpl, c: Case): void {
  const { value: { Value }, attention: { attention } } = impl;
  const { nHead, xs, w } = c;
  const keys: Node[][] = [];
  const values: Node[][] = [];
  const ws = nodes(Value, w);
  xs.forEach((x, t) => {
    let out: Node[];
    try {
      out = attention(leaves(Value, x), ws, keys, values, nHead);
    } catch (e) {
      throw stateBehind(impl, e, c);
    }
    const where = `after call ${t + 1} (${describe(c)})`;
    ensure(
      out.length === x.length,
      `${where}: the output has ${out.length} values, expected nEmbd = ${x.length}`,
    );
    ensure(
      keys.length === t + 1 && values.length === t + 1,
      `${where}: the cache holds ${keys.length} keys and ${values.length} values, expected ${
        t + 1
      } of each`,
      D.notAppended,
    );
    const got = (cache: Node[][]) => cache[t].map((n) => n.data);
    const k = matVec(w.wk, x);
    const v = matVec(w.wv, x);
    assertClose(got(keys), k, `${where}, keys[${t}] (wk · x)`, {
      mistakes: [[D.cachedX, x]],
    });
    assertClose(got(values), v, `${where}, values[${t}] (wv · x)`, {
      mistakes: [[D.cachedX, x], [D.vWithWk, k]],
    });
  });
}

function isCausal(impl: AttentionImpl, c: Case): void {
  const all = feed(impl, c).outs;
  for (let t = 0; t < c.xs.length; t++) {
    const alone = feed(impl, { ...c, xs: c.xs.slice(0, t + 1) }).outs[t];
    ensure(
      all[t].every((o, i) => Object.is(o, alone[i])),
      () =>
        `position ${t}'s output was ${
          list(all[t])
        } when the sequence went on, but ` +
        `${list(alone)} when a fresh sequence stopped there (${describe(c)})`,
      D.state,
    );
  }
}

function headsIndependent(
  impl: AttentionImpl,
  c: Case,
  h: number,
  delta: number,
): void {
  const n = c.xs[0].length;
  const headDim = n / c.nHead;
  const eye = Array.from(
    { length: n },
    (_, r) => Array.from({ length: n }, (_, k) => r === k ? 1 : 0),
  );
  const mine = (r: number) => Math.floor(r / headDim) === h;
  const before = { ...c, w: { ...c.w, wo: eye } };
  const wq = c.w.wq.map((row, r) => mine(r) ? row.map((x) => x + delta) : row);
  const after = { ...c, w: { ...before.w, wq } };
  const last = c.xs.length - 1;
  const a = feed(impl, before).outs[last];
  const b = feed(impl, after).outs[last];
  const moved = a.flatMap((o, i) => mine(i) || Object.is(o, b[i]) ? [] : [i]);
  ensure(
    moved.length === 0,
    () =>
      `adding ${delta} to head ${h}'s rows of wq moved outputs ${
        list(moved)
      }, outside head ${h}'s part ${
        headDim === 1 ? `[${h}]` : `[${h * headDim} … ${(h + 1) * headDim - 1}]`
      }: ${list(a)} became ${list(b)} (${describe(c)})`,
    () => otherHeadsMoved(moved, headDim, c.nHead),
  );
}

function matchesReference(impl: AttentionImpl, c: Case): void {
  const { nHead, xs, w } = c;
  const expected = causalAttention(xs, w, nHead);
  const got = feed(impl, c).outs;
  got.forEach((out, t) => {
    assertClose(
      out,
      expected[t],
      `the output at position ${t} (${describe(c)})`,
      {
        tol: BITS,
        mistakeTol: ROUNDING,
        mistakes: referenceMistakes(c, t),
        order: D.order,
      },
    );
  });
}

/** The first 3 × 4 numbers of `flat` as x[0..2], the next 64 as wq, wk, wv, wo (4 × 4 each). */
function split<T>(flat: readonly T[]) {
  const n = 4;
  const T = 3;
  const rows = (from: number) =>
    Array.from(
      { length: n },
      (_, r) => flat.slice(from + r * n, from + (r + 1) * n),
    );
  const x = Array.from({ length: T }, (_, t) => flat.slice(t * n, (t + 1) * n));
  const at = T * n;
  return {
    x,
    w: {
      wq: rows(at),
      wk: rows(at + n * n),
      wv: rows(at + 2 * n * n),
      wo: rows(at + 3 * n * n),
    },
  };
}

/** The name of input `i` of the gradient check: `x1[2]` or `wv[3][0]`. */
function gradientLabel(i: number): string {
  const n = 4;
  const T = 3;
  const names = ["wq", "wk", "wv", "wo"];
  if (i < T * n) return `x${Math.floor(i / n)}[${i % n}]`;
  const k = i - T * n;
  const m = Math.floor(k / (n * n));
  const r = Math.floor((k % (n * n)) / n);
  return `${names[m]}[${r}][${k % n}]`;
}

function gradientsMatch(
  impl: AttentionImpl,
  xs: Matrix,
  p: readonly number[],
  ws: readonly number[],
): void {
  const { value: { Value }, backward: { backward }, attention: { attention } } =
    impl;
  checkGradients((v) => new Value(v), backward, {
    what: "attention at positions 0, 1, 2",
    params: [...xs.flat(), ...p],
    label: gradientLabel,
    build: (ls) => {
      const { x, w } = split(ls);
      const keys: Node[][] = [];
      const values: Node[][] = [];
      return x.flatMap((xt) => attention(xt, w, keys, values, 2));
    },
    plain: (flat) => {
      const { x, w } = split(flat);
      return causalAttention(x, w, 2).flat();
    },
    weights: ws,
    diagnose: () => cacheCut(impl, xs, p) ? D.detached : undefined,
  });
}

// Probes: what a planted mistake would compute, or a second run that names it.

/**
 * What attention threw on case `c`, or the state behind it: when the same call on a fresh,
 * empty cache gives another result after a call with another input (say, a module-level
 * cache from an earlier case, whose vectors have another length), that is the mistake.
 */
function stateBehind(
  { value: { Value }, attention: { attention } }: AttentionImpl,
  e: unknown,
  c: Case,
): unknown {
  if (e instanceof CheckFailure || notImplemented(e)) return e;
  const { nHead, xs: [x], w } = c;
  const once = (input: readonly number[]) => {
    try {
      return list(
        attention(leaves(Value, input), nodes(Value, w), [], [], nHead).map((
          o,
        ) => o.data),
      );
    } catch (thrown) {
      return `a throw (${asFailure(thrown).problem.split("\n")[0]})`;
    }
  };
  const first = once(x);
  once(x.map((xi) => xi + 1));
  const again = once(x);
  if (first === again) return e;
  const [threw, ...where] = asFailure(e).problem.split("\n");
  return new CheckFailure(
    `attention threw ${threw} (${describe(c)}), and on a fresh, empty cache ` +
      `attention(x = ${list(x)}) gave ${first}, then ${again} after a call ` +
      `with another x${["", ...where].join("\n")}`,
    D.state,
  );
}

/** What the mistakes would output for a single position on an empty cache. */
function oneCachedMistakes({ nHead, xs: [x], w }: Case): Mistake[] {
  const n = x.length;
  const headDim = n / nHead;
  const v = matVec(w.wv, x);
  const k = matVec(w.wk, x);
  const shifted = Array.from(
    { length: nHead * headDim },
    (_, i) => v[Math.floor(i / headDim) + (i % headDim)] ?? NaN,
  );
  return [
    [D.noWo, v],
    [D.appendAfter, matVec(w.wo, v.map(() => 0))],
    [D.sliceAtH, matVec(w.wo, shifted)],
    [D.vNotSliced, matVec(w.wo, v.map((_, i) => v[i % headDim]))],
    [D.weightsOnK, matVec(w.wo, k)],
  ];
}

/** Every head but one moved: each took head 0's slice of q. */
function otherHeadsMoved(
  moved: readonly number[],
  headDim: number,
  nHead: number,
): Diagnosis | undefined {
  const heads = new Set(moved.map((i) => Math.floor(i / headDim)));
  return heads.size === nHead - 1 ? D.qFirstSlice : undefined;
}

/** What the mistakes in the scores would output at position `t`. */
function referenceMistakes({ nHead, xs, w }: Case, t: number): Mistake[] {
  const n = xs[0].length;
  return [
    [D.noScale, causalAttention(xs, w, nHead, { scale: 1 })[t]],
    [
      D.kNotSliced,
      causalAttention(xs, w, nHead, { keysFromFirstSlice: true })[t],
    ],
    [D.scaleByEmbd, causalAttention(xs, w, nHead, { scale: n ** 0.5 })[t]],
  ];
}

/** Whether x[0] gets no gradient from the last position alone: a cache cut from the graph. */
function cacheCut(
  { value: { Value }, backward: { backward }, attention: { attention } }:
    AttentionImpl,
  xs: Matrix,
  p: readonly number[],
): boolean {
  const { x, w } = split([...xs.flat(), ...p]);
  const x0 = leaves(Value, x[0]);
  const keys: Node[][] = [];
  const values: Node[][] = [];
  const wn = nodes(Value, w);
  attention(x0, wn, keys, values, 2);
  const out = attention(leaves(Value, x[1]), wn, keys, values, 2);
  backward(out[0].add(out[1]).add(out[2]).add(out[3]));
  return x0.every((l) => l.grad === 0);
}
