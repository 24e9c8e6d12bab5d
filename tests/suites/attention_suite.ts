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
  isClose,
  list,
  matrix,
  type Mistake,
  notImplemented,
  offBy,
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
  plainSoftmax,
  plainSum,
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
        closeOrConfirmed(
          impl,
          [c, 0, feed(impl, c).outs[0]],
          matVec(c.w.wo, matVec(c.w.wv, c.xs[0])),
          `attention(x = ${list(c.xs[0])}) on an empty cache (${describe(c)})`,
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

/** The learner's output at position `t` of a case: what a mistake is matched against. */
type Observed = readonly [c: Case, t: number, got: readonly number[]];

/**
 * The learner's output `got` (at position `t` of case `c`) against `expected`, bit for bit; a
 * failure names the mistake that {@link confirmedMistake} finds, or, for a check that asks
 * for microgpt's order (`order`) and a difference of rounding alone, `D.order` when the
 * probe confirms it.
 */
function closeOrConfirmed(
  impl: AttentionImpl,
  observed: Observed,
  expected: readonly number[],
  what: string,
  { order = false } = {},
): void {
  try {
    assertClose(observed[2], expected, what, { tol: BITS });
  } catch (e) {
    if (!(e instanceof CheckFailure)) throw e;
    const rounding = order && near(observed[2], expected);
    throw new CheckFailure(
      e.problem,
      confirmedMistake(impl, [observed], rounding),
    );
  }
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
      // Both caches left empty: one that grew, even by too much, was appended to.
      () =>
        keys.length === 0 && values.length === 0 ? D.notAppended : undefined,
    );
    const gotK = keys[t].map((n) => n.data);
    const gotV = values[t].map((n) => n.data);
    const k = matVec(w.wk, x);
    const v = matVec(w.wv, x);
    // x in both caches is x cached instead of k and v; in one of them, another mistake.
    const xCached: Mistake[] = near(gotK, x) && near(gotV, x)
      ? [[D.cachedX, x]]
      : [];
    assertClose(gotK, k, `${where}, keys[${t}] (wk · x)`, {
      mistakes: xCached,
    });
    // Reached with keys[t] right: v projected with wk shows as values[t] equal to it.
    assertClose(gotV, v, `${where}, values[${t}] (wv · x)`, {
      mistakes: [...xCached, [D.vWithWk, k]],
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
      () => remembers(impl, c) ? D.state : undefined,
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
  const eye = identity(n);
  const mine = (r: number) => Math.floor(r / headDim) === h;
  const before = { ...c, w: { ...c.w, wo: eye } };
  const wq = c.w.wq.map((row, r) => mine(r) ? row.map((x) => x + delta) : row);
  const after = { ...c, w: { ...before.w, wq } };
  const last = c.xs.length - 1;
  const a = feed(impl, before).outs[last];
  const b = feed(impl, after).outs[last];
  const both: Observed[] = [[before, last, a], [after, last, b]];
  const moved = a.flatMap((o, i) => mine(i) || Object.is(o, b[i]) ? [] : [i]);
  ensure(
    moved.length === 0,
    () =>
      `adding ${delta} to head ${h}'s rows of wq moved outputs ${
        list(moved)
      }, outside head ${h}'s part ${
        headDim === 1 ? `[${h}]` : `[${h * headDim} … ${(h + 1) * headDim - 1}]`
      }: ${list(a)} became ${list(b)}, output ${moved[0]} ${
        offBy(b[moved[0]], a[moved[0]]).replace(/^off by/, "moved by")
      }, more than rounding: something outside head ${h}'s slice of q reads head ${h}'s rows of wq (${
        describe(c)
      }, wo set to the identity for this check)`,
    () => confirmedMistake(impl, both),
  );
}

function matchesReference(impl: AttentionImpl, c: Case): void {
  const expected = causalAttention(c.xs, c.w, c.nHead);
  feed(impl, c).outs.forEach((out, t) =>
    closeOrConfirmed(
      impl,
      [c, t, out],
      expected[t],
      `the output at position ${t} (${describe(c)})`,
      { order: true },
    )
  );
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
function stateBehind(impl: AttentionImpl, e: unknown, c: Case): unknown {
  if (e instanceof CheckFailure || notImplemented(e)) return e;
  const [first, again] = freshCalls(impl, c);
  if (first === again) return e;
  const [threw, ...where] = asFailure(e).problem.split("\n");
  return new CheckFailure(
    `attention threw ${threw} (${describe(c)}), and on a fresh, empty cache ` +
      `attention(x = ${
        list(c.xs[0])
      }) gave ${first}, then ${again} after a call ` +
      `with another x${["", ...where].join("\n")}`,
    D.state,
  );
}

/** Whether attention on a fresh, empty cache answers otherwise after a call with another x. */
function remembers(impl: AttentionImpl, c: Case): boolean {
  const [first, again] = freshCalls(impl, c);
  return first !== again;
}

/**
 * attention(x[0]) of case `c` on a fresh, empty cache, then again after a call with another
 * x, each as text (a throw included).
 */
function freshCalls(
  { value: { Value }, attention: { attention } }: AttentionImpl,
  { nHead, xs: [x], w }: Case,
): [string, string] {
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
  return [first, once(x)];
}

/** Whether `a` and `b` agree within {@link ROUNDING}, value by value. */
function near(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => isClose(x, b[i], ROUNDING));
}

/**
 * What each mistake in the outputs would give at every position of `c`, computed as the
 * reference does with the weights it amounts to: a head's slice read elsewhere is a rearranged
 * wq, wk or wv, the output projection left out is wo = identity, the keys weighted are wv = wk.
 */
function outputMistakes(c: Case): (readonly [Diagnosis, number[][]])[] {
  const { nHead, xs, w } = c;
  const n = xs[0].length;
  const headDim = n / nHead;
  const first = (r: number) => r % headDim; // row h·headDim + j reads row j
  const atH = (r: number) => Math.floor(r / headDim) + r % headDim; // row h + j
  const pick = (m: Matrix, row: (r: number) => number) =>
    m.map((_, r) => m[row(r)]);
  const using = (changed: Partial<PlainAttention>) =>
    causalAttention(xs, { ...w, ...changed }, nHead);
  return [
    [D.noWo, using({ wo: identity(n) })],
    [D.appendAfter, attendBefore(c)],
    [
      D.sliceAtH,
      using({ wq: pick(w.wq, atH), wk: pick(w.wk, atH), wv: pick(w.wv, atH) }),
    ],
    [D.vNotSliced, using({ wv: pick(w.wv, first) })],
    [D.weightsOnK, using({ wv: w.wk })],
    [D.qFirstSlice, using({ wq: pick(w.wq, first) })],
    [D.noScale, causalAttention(xs, w, nHead, { scale: 1 })],
    [D.kNotSliced, causalAttention(xs, w, nHead, { keysFromFirstSlice: true })],
    [D.scaleByEmbd, causalAttention(xs, w, nHead, { scale: n ** 0.5 })],
  ];
}

/** The `n` × `n` identity matrix. */
function identity(n: number): Matrix {
  return Array.from(
    { length: n },
    (_, r) => Array.from({ length: n }, (_, k) => r === k ? 1 : 0),
  );
}

/**
 * What appending k and v after attending gives: each position attends over the positions
 * before it alone, and position 0 over none (its heads' outputs are 0).
 */
function attendBefore({ nHead, xs, w }: Case): number[][] {
  const headDim = xs[0].length / nHead;
  return xs.map((x, p) => {
    const q = matVec(w.wq, x);
    const ks = xs.slice(0, p).map((xt) => matVec(w.wk, xt));
    const vs = xs.slice(0, p).map((xt) => matVec(w.wv, xt));
    const heads = q.map((_, c) => {
      const cols = Array.from(
        { length: headDim },
        (_, j) => c - (c % headDim) + j,
      );
      const scores = ks.map((k) =>
        plainSum(cols.map((i) => q[i] * k[i])) * (headDim ** 0.5) ** -1
      );
      const weights = plainSoftmax(scores);
      return plainSum(vs.map((v, t) => weights[t] * v[c]));
    });
    return matVec(w.wo, heads);
  });
}

/**
 * The mistake that the learner's outputs show: of the mistakes in the outputs (and, when
 * `rounding`, the same math in another order), the first whose value every observed output
 * matches (one that gives microgpt's values there cannot explain a failure), confirmed on
 * {@link PROBE}.
 */
function confirmedMistake(
  impl: AttentionImpl,
  observed: readonly Observed[],
  rounding = false,
): Diagnosis | undefined {
  const twins = observed.map(([c]) => outputMistakes(c));
  const expected = observed.map(([c, t]) =>
    causalAttention(c.xs, c.w, c.nHead)[t]
  );
  const matching = twins[0].map(([d]) => d).filter((_, i) =>
    observed.every(([, t, got], o) => near(got, twins[o][i][1][t])) &&
    observed.some(([, t], o) => !near(expected[o], twins[o][i][1][t]))
  );
  return onProbe(impl, rounding ? [...matching, D.order] : matching);
}

/**
 * A fixed case on which every mistake in the outputs gives its own values, none of them
 * microgpt's: 2 heads of 3 components (nHead, headDim and nEmbd all differ), 3 positions, and
 * weights with no symmetry (multiples of 1/32 in [-1, 1), from a hash). On a drawn case that
 * shrank to one head, one component or equal weights, several mistakes (and mistakes no
 * diagnosis names) agree.
 */
const PROBE: Case = (() => {
  let i = 0;
  // The top 6 bits of an integer hash (lowbias32) of 1, 2, 3, …
  const next = () => {
    let h = ++i;
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
    h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
    return (((h ^ (h >>> 16)) >>> 26) - 32) / 32;
  };
  const rows = (count: number) =>
    Array.from({ length: count }, () => Array.from({ length: 6 }, next));
  return {
    nHead: 2,
    xs: rows(3),
    w: { wq: rows(6), wk: rows(6), wv: rows(6), wo: rows(6) },
  };
})();

/**
 * The first of `candidates` that the learner's run on {@link PROBE} confirms: its cache must
 * hold wk · x and wv · x for each position (as with every mistake in the outputs), and its
 * outputs must be the mistake's there, or, for `D.order`, microgpt's within rounding.
 */
function onProbe(
  impl: AttentionImpl,
  candidates: readonly Diagnosis[],
): Diagnosis | undefined {
  if (candidates.length === 0) return undefined;
  const { nHead, xs, w } = PROBE;
  const twins = [
    ...outputMistakes(PROBE),
    [D.order, causalAttention(xs, w, nHead)] as const,
  ];
  try {
    const { outs, keys, values } = feed(impl, PROBE);
    const holds = (cache: Node[][], wm: Matrix) =>
      cache.length === xs.length &&
      xs.every((x, t) => near(cache[t].map((n) => n.data), matVec(wm, x)));
    if (!holds(keys, w.wk) || !holds(values, w.wv)) return undefined;
    return candidates.find((d) =>
      twins.some(([twin, twinOuts]) =>
        twin === d && twinOuts.every((o, t) => near(outs[t], o))
      )
    );
  } catch {
    return undefined;
  }
}

/**
 * A cache cut from the graph: x[0] gets no gradient from position 1 alone on the failing case,
 * and on {@link PROBE} neither, where position 1's output is right (a wrong output, such as
 * one that ignores the cache, may not depend on x[0] for another reason).
 */
function cacheCut(
  impl: AttentionImpl,
  xs: Matrix,
  p: readonly number[],
): boolean {
  const { x, w } = split([...xs.flat(), ...p]);
  if (!secondPosition(impl, { nHead: 2, xs: x, w }).cut) return false;
  try {
    const { right, cut } = secondPosition(impl, PROBE);
    return right && cut;
  } catch {
    return false;
  }
}

/**
 * Positions 0 and 1 of case `c` fed to the learner's attention: whether position 1's output is
 * microgpt's (within rounding), and whether the sum of its outputs leaves x[0] no gradient.
 */
function secondPosition(
  { value: { Value }, backward: { backward }, attention: { attention } }:
    AttentionImpl,
  { nHead, xs, w }: Case,
): { right: boolean; cut: boolean } {
  const x0 = leaves(Value, xs[0]);
  const keys: Node[][] = [];
  const values: Node[][] = [];
  const wn = nodes(Value, w);
  attention(x0, wn, keys, values, nHead);
  const out = attention(leaves(Value, xs[1]), wn, keys, values, nHead);
  const right = near(
    out.map((o) => o.data),
    causalAttention(xs.slice(0, 2), w, nHead)[1],
  );
  backward(out.reduce((total, o) => total.add(o)));
  return { right, cut: x0.every((l) => l.grad === 0) };
}
