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
import { checkGradients } from "../harness/gradients.ts";
import {
  asFailure,
  assertClose,
  BITS,
  type Check,
  CheckFailure,
  diagnoses,
  forAll,
  list,
  type Mistake,
  notImplemented,
  real,
  ROUNDING,
  type Suite,
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

/** A configuration, a sequence of inputs and the layer's weights, all plain numbers. */
interface Case {
  readonly nHead: number;
  readonly xs: Matrix;
  readonly w: PlainAttention;
}

const matrix = (rows: number, cols: number, min = -1.5, max = 1.5) =>
  fc.array(fc.array(real(min, max), { minLength: cols, maxLength: cols }), {
    minLength: rows,
    maxLength: rows,
  });

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
      xs: matrix(T, n),
      w: fc.record({
        wq: matrix(n, n),
        wk: matrix(n, n),
        wv: matrix(n, n),
        wo: matrix(n, n),
      }),
    });
  });
}

const describe = ({ nHead, xs }: Case) =>
  `nEmbd ${xs[0].length}, ${nHead} head${
    nHead === 1 ? "" : "s"
  }, ${xs.length} position${xs.length === 1 ? "" : "s"}`;

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
export const attentionSuite: Suite<AttentionImpl> = {
  kata: "07_attention",
  diagnoses: D,
  prerequisites: (impl) => [
    ...linearPrerequisites(impl),
    { kata: "05_softmax", checks: softmaxSuite.checks(impl) },
  ],
  checks: (
    { value: { Value }, backward: { backward }, attention: { attention } },
  ): Check[] => {
    const leaves = (xs: readonly number[]) => xs.map((x) => new Value(x));
    const nodes = (w: PlainAttention) => ({
      wq: w.wq.map(leaves),
      wk: w.wk.map(leaves),
      wv: w.wv.map(leaves),
      wo: w.wo.map(leaves),
    });
    /** Feeds `xs` one position at a time, with a fresh cache; the outputs as numbers. */
    const feed = ({ nHead, xs, w }: Case) => {
      const keys: Node[][] = [];
      const values: Node[][] = [];
      const ws = nodes(w);
      const outs = xs.map((x) =>
        attention(leaves(x), ws, keys, values, nHead).map((o: Node) => o.data)
      );
      return { outs, keys, values };
    };
    /**
     * What attention threw on case `c`, or the state behind it: when the same call on a fresh,
     * empty cache gives another result after a call with another input (say, a module-level
     * cache from an earlier case, whose vectors have another length), that is the mistake.
     */
    const stateBehind = (e: unknown, c: Case): unknown => {
      if (e instanceof CheckFailure || notImplemented(e)) return e;
      const { nHead, xs: [x], w } = c;
      const once = (input: readonly number[]) => {
        try {
          return list(
            attention(leaves(input), nodes(w), [], [], nHead).map((o) =>
              o.data
            ),
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
        `attention threw ${threw} (${
          describe(c)
        }), and on a fresh, empty cache ` +
          `attention(x = ${
            list(x)
          }) gave ${first}, then ${again} after a call ` +
          `with another x${["", ...where].join("\n")}`,
        D.state,
      );
    };
    return [
      {
        name:
          "07 attention: each call returns nEmbd values and appends its k and v to the cache",
        run: () =>
          forAll(cases(), (c) => {
            const { nHead, xs, w } = c;
            const keys: Node[][] = [];
            const values: Node[][] = [];
            const ws = nodes(w);
            xs.forEach((x, t) => {
              let out: Node[];
              try {
                out = attention(leaves(x), ws, keys, values, nHead);
              } catch (e) {
                throw stateBehind(e, c);
              }
              const where = `after call ${t + 1} (${describe(c)})`;
              if (out.length !== x.length) {
                throw new CheckFailure(
                  `${where}: the output has ${out.length} values, expected nEmbd = ${x.length}`,
                );
              }
              if (keys.length !== t + 1 || values.length !== t + 1) {
                throw new CheckFailure(
                  `${where}: the cache holds ${keys.length} keys and ${values.length} values, expected ${
                    t + 1
                  } of each`,
                  D.notAppended,
                );
              }
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
          }),
      },
      {
        name:
          "07 attention: a position's output is the same whether or not later positions follow",
        run: () =>
          forAll(cases({ minT: 2 }), (c) => {
            const all = feed(c).outs;
            for (let t = 0; t < c.xs.length; t++) {
              const alone = feed({ ...c, xs: c.xs.slice(0, t + 1) }).outs[t];
              if (!all[t].every((o, i) => Object.is(o, alone[i]))) {
                throw new CheckFailure(
                  `position ${t}'s output was ${
                    list(all[t])
                  } when the sequence went on, but ` +
                    `${list(alone)} when a fresh sequence stopped there (${
                      describe(c)
                    })`,
                  D.state,
                );
              }
            }
          }),
      },
      {
        name:
          "07 attention: with one cached position each head's weight is 1, so the output is wo · v",
        run: () =>
          forAll(cases({ maxT: 1 }), (c) => {
            const { nHead, xs: [x], w } = c;
            const n = x.length;
            const headDim = n / nHead;
            const v = matVec(w.wv, x);
            const k = matVec(w.wk, x);
            const shifted = Array.from(
              { length: nHead * headDim },
              (_, i) => v[Math.floor(i / headDim) + (i % headDim)] ?? NaN,
            );
            const mistakes: Mistake[] = [
              [D.noWo, v],
              [D.appendAfter, matVec(w.wo, v.map(() => 0))],
              [D.sliceAtH, matVec(w.wo, shifted)],
              [D.vNotSliced, matVec(w.wo, v.map((_, i) => v[i % headDim]))],
              [D.weightsOnK, matVec(w.wo, k)],
            ];
            assertClose(
              feed(c).outs[0],
              matVec(w.wo, v),
              `attention(x = ${list(x)}) on an empty cache (${describe(c)})`,
              { tol: BITS, mistakes },
            );
          }),
      },
      {
        name:
          "07 attention: heads are independent: changing head h's rows of wq moves only head h's part (wo = identity)",
        run: () =>
          forAll(
            cases({ minHeads: 2, minT: 2, maxT: 3 }).chain((c) =>
              fc.tuple(
                fc.constant(c),
                fc.integer({ min: 0, max: c.nHead - 1 }),
                real(0.25, 1),
              )
            ),
            ([c, h, delta]) => {
              const n = c.xs[0].length;
              const headDim = n / c.nHead;
              const eye = Array.from(
                { length: n },
                (_, r) => Array.from({ length: n }, (_, k) => r === k ? 1 : 0),
              );
              const mine = (r: number) => Math.floor(r / headDim) === h;
              const before = { ...c, w: { ...c.w, wo: eye } };
              const wq = c.w.wq.map((row, r) =>
                mine(r) ? row.map((x) => x + delta) : row
              );
              const after = { ...c, w: { ...before.w, wq } };
              const last = c.xs.length - 1;
              const a = feed(before).outs[last];
              const b = feed(after).outs[last];
              const moved = a.flatMap((o, i) =>
                mine(i) || Object.is(o, b[i]) ? [] : [i]
              );
              if (moved.length) {
                const heads = new Set(
                  moved.map((i) => Math.floor(i / headDim)),
                );
                throw new CheckFailure(
                  `adding ${delta} to head ${h}'s rows of wq moved outputs ${
                    list(moved)
                  }, outside head ${h}'s part ${
                    headDim === 1
                      ? `[${h}]`
                      : `[${h * headDim} … ${(h + 1) * headDim - 1}]`
                  }: ${list(a)} became ${list(b)} (${describe(c)})`,
                  heads.size === c.nHead - 1 ? D.qFirstSlice : undefined,
                );
              }
            },
          ),
      },
      {
        name:
          "07 attention: one position at a time equals the whole sequence at once with a causal mask, bit for bit",
        run: () =>
          forAll(cases(), (c) => {
            const { nHead, xs, w } = c;
            const expected = causalAttention(xs, w, nHead);
            const n = xs[0].length;
            const got = feed(c).outs;
            got.forEach((out, t) => {
              assertClose(
                out,
                expected[t],
                `the output at position ${t} (${describe(c)})`,
                {
                  tol: BITS,
                  mistakeTol: ROUNDING,
                  mistakes: [
                    [D.noScale, causalAttention(xs, w, nHead, { scale: 1 })[t]],
                    [
                      D.kNotSliced,
                      causalAttention(xs, w, nHead, {
                        keysFromFirstSlice: true,
                      })[t],
                    ],
                    [
                      D.scaleByEmbd,
                      causalAttention(xs, w, nHead, { scale: n ** 0.5 })[t],
                    ],
                  ],
                  order: D.order,
                },
              );
            });
          }),
      },
      {
        name:
          "07 attention: gradients w.r.t. every input and weight match central differences (nEmbd 4, 2 heads, 3 positions)",
        run: () =>
          forAll(
            fc.record({
              xs: matrix(3, 4, -1, 1),
              // The 64 weights are not shrunk: each try costs 152 runs of the reference.
              p: fc.noShrink(
                fc.array(real(-1, 1), { minLength: 64, maxLength: 64 }),
              ),
              ws: weights(12),
            }),
            ({ xs, p, ws }) => {
              const n = 4;
              const T = 3;
              const split = <T>(flat: readonly T[]) => {
                const rows = (from: number) =>
                  Array.from(
                    { length: n },
                    (_, r) => flat.slice(from + r * n, from + (r + 1) * n),
                  );
                const x = Array.from(
                  { length: T },
                  (_, t) => flat.slice(t * n, (t + 1) * n),
                );
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
              };
              const names = ["wq", "wk", "wv", "wo"];
              /** Whether x[0] gets no gradient from the last position alone. */
              const cacheCut = () => {
                const { x, w } = split([...xs.flat(), ...p]);
                const x0 = leaves(x[0]);
                const keys: Node[][] = [];
                const values: Node[][] = [];
                const wn = nodes(w);
                attention(x0, wn, keys, values, 2);
                const out = attention(leaves(x[1]), wn, keys, values, 2);
                backward(out[0].add(out[1]).add(out[2]).add(out[3]));
                return x0.every((l) => l.grad === 0);
              };
              checkGradients((v) => new Value(v), backward, {
                what: "attention at positions 0, 1, 2",
                params: [...xs.flat(), ...p],
                label: (i) => {
                  if (i < T * n) return `x${Math.floor(i / n)}[${i % n}]`;
                  const k = i - T * n;
                  const m = Math.floor(k / (n * n));
                  const r = Math.floor((k % (n * n)) / n);
                  return `${names[m]}[${r}][${k % n}]`;
                },
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
                diagnose: () => cacheCut() ? D.detached : undefined,
              });
            },
            // 76 inputs, each nudged both ways: 30 cases keep the check short.
            30,
          ),
      },
    ];
  },
};
