/**
 * Kata 02 · value: the property suite, run on `katas/02_value` and `solutions/02_value`.
 *
 * Kata 02 has no backward pass yet, so derivatives through a small graph are computed here
 * by forward-mode accumulation ({@link derivative}), independently of kata 03.
 *
 * @module
 */
import fc from "fast-check";
import type * as ValueModule from "../solutions/02_value/value.ts";
import {
  assertClose,
  type Check,
  CheckFailure,
  forAll,
  GRADIENT,
  numericGrad,
  positive,
  real,
  type Suite,
} from "./harness.ts";

/** The modules kata 02 is made of. */
export interface ValueImpl {
  /** `value.ts` */
  readonly value: typeof ValueModule;
}

/** A node as the checks see it: the public fields of kata 02's `Value`. */
type Node = ValueModule.Value;

/**
 * d(out)/d(leaf) through the graph below `out`: the sum over paths of the products of local
 * grads, by forward-mode recursion (graphs here are a few nodes deep).
 */
export function derivative(out: Node, leaf: Node): number {
  if (out === leaf) return 1;
  const children = out.children ?? [];
  return children.reduce(
    (acc, child, i) =>
      acc + (out.localGrads?.[i] ?? NaN) * derivative(child, leaf),
    0,
  );
}

const pair = fc.tuple(real(), real());
const FRACTIONAL = [-1, -0.5, 0.5, 1.5, 2, 3] as const;
const INTEGER = [-1, 2, 3] as const;

/** Kata 02's suite. */
export const valueSuite: Suite<ValueImpl> = {
  kata: "02_value",
  checks: ({ value: { Value } }): Check[] => {
    /**
     * Checks a one-input op: forward against plain arithmetic, its local grad against the
     * analytic derivative and the central difference of the op's own forward.
     */
    function unary(
      name: string,
      op: (a: Node) => Node,
      plain: (a: number) => number,
      slope: (a: number) => number,
      mistakes: (a: number) => Record<string, number>,
      arb = real(),
      dataMistakes: Record<string, number> = {},
    ) {
      forAll(arb, (a) => {
        const x = new Value(a);
        const out = op(x);
        assertClose(out.data, plain(a), `${name}(${a}).data`, {
          mistakes: dataMistakes,
        });
        if (out.children.length !== 1 || out.children[0] !== x) {
          throw new CheckFailure(
            `${name}(${a}).children should be [a] (the input node itself), got ${out.children.length} children`,
          );
        }
        assertClose(out.localGrads, [slope(a)], `${name}(${a}).localGrads`, {
          mistakes: Object.fromEntries(
            Object.entries(mistakes(a)).map(([k, v]) => [k, [v]]),
          ),
        });
        const [numeric] = numericGrad(([t]) => op(new Value(t)).data, [a]);
        assertClose(
          out.localGrads[0],
          numeric,
          `${name}(${a}) local grad vs central difference`,
          {
            tol: GRADIENT,
          },
        );
      });
    }

    /** Checks pow(n) on inputs from `arb` (positive ones for a fractional n). */
    function powRule(n: number, arb: fc.Arbitrary<number>) {
      unary(
        `pow(${n}) of`,
        (x) => x.pow(n),
        (t) => t ** n,
        (t) => n * t ** (n - 1),
        (t) => ({
          "the power rule without the -1: d(a^n)/da is n·a^(n-1), not n·a^n":
            n * t ** n,
          "the power rule without the factor n: d(a^n)/da is n·a^(n-1)": t **
            (n - 1),
        }),
        arb,
        {
          "a NaN: for pow, compute a ** n; exp(n·log(a)) is NaN for a < 0": NaN,
        },
      );
    }

    /** Checks a derived op through the graph it builds: value and d/d(each input). */
    function derived(
      name: string,
      op: (a: Node, b: Node) => Node,
      plain: (a: number, b: number) => number,
      grads: (a: number, b: number) => [number, number],
      mistakes: (a: number, b: number) => Record<string, number>,
      arb: fc.Arbitrary<[number, number]> = pair,
    ) {
      forAll(arb, ([a, b]) => {
        const x = new Value(a);
        const y = new Value(b);
        const out = op(x, y);
        assertClose(out.data, plain(a, b), `${name} with a = ${a}, b = ${b}`, {
          mistakes: mistakes(a, b),
        });
        const got = [derivative(out, x), derivative(out, y)];
        assertClose(
          got,
          grads(a, b),
          `[d/da, d/db] of ${name} with a = ${a}, b = ${b}`,
          {
            tol: GRADIENT,
            mistakes: {
              "an op with no link to its inputs (build it from mul/add/pow)": [
                0,
                0,
              ],
              // The gradient of b op a, with respect to a and b.
              "b op a: the operands are swapped": grads(b, a).reverse(),
            },
          },
        );
        const numeric = numericGrad(
          ([s, t]) => op(new Value(s), new Value(t)).data,
          [a, b],
        );
        assertClose(
          got,
          numeric,
          `[d/da, d/db] of ${name} vs central difference`,
          {
            tol: GRADIENT,
          },
        );
      });
    }

    return [
      {
        name:
          "02 value: Value.of keeps a Value and wraps a plain number in a new leaf",
        run: () =>
          forAll(real(), (a) => {
            const x = new Value(a);
            if (Value.of(x) !== x) {
              throw new CheckFailure(
                `Value.of(x) should return x itself, got a new node`,
              );
            }
            const leaf = Value.of(a);
            if (
              !(leaf instanceof Value) || leaf.data !== a ||
              leaf.children.length !== 0
            ) {
              throw new CheckFailure(
                `Value.of(${a}) should be a leaf Value with data ${a}, got ${
                  JSON.stringify(leaf)
                }`,
              );
            }
          }),
      },
      {
        name: "02 value: add sums, with local grads [1, 1]",
        run: () =>
          forAll(pair, ([a, b]) => {
            const x = new Value(a);
            const y = new Value(b);
            const out = x.add(y);
            assertClose(out.data, a + b, `a.add(b) with a = ${a}, b = ${b}`);
            sameChildren(out, [x, y], "a.add(b)");
            assertClose(out.localGrads, [1, 1], `a.add(b).localGrads`);
          }),
      },
      {
        name:
          "02 value: mul multiplies, with local grads [b, a] (the product rule)",
        run: () =>
          forAll(pair, ([a, b]) => {
            const x = new Value(a);
            const y = new Value(b);
            const out = x.mul(y);
            assertClose(out.data, a * b, `a.mul(b) with a = ${a}, b = ${b}`);
            sameChildren(out, [x, y], "a.mul(b)");
            assertClose(
              out.localGrads,
              [b, a],
              `a.mul(b).localGrads with a = ${a}, b = ${b}`,
              {
                mistakes: {
                  "the product rule with the grads swapped: d(a·b)/da is b, not a":
                    [a, b],
                },
              },
            );
          }),
      },
      {
        name:
          "02 value: pow(n) raises to n, with local grad n·a^(n-1) (the power rule)",
        run: () => {
          for (const n of FRACTIONAL) powRule(n, positive());
        },
      },
      {
        name: "02 value: pow(n) also works on negative numbers for integer n",
        run: () => {
          for (const n of INTEGER) powRule(n, real(-3, -0.05));
        },
      },
      {
        name: "02 value: log is the natural log, with local grad 1/a",
        run: () =>
          unary("log", (x) => x.log(), Math.log, (t) => 1 / t, (t) => ({
            "d(ln a)/da taken as a: it is 1/a": t,
            "d(ln a)/da taken as ln a: it is 1/a": Math.log(t),
          }), positive()),
      },
      {
        name:
          "02 value: exp, with local grad exp(a) (exp is its own derivative)",
        run: () =>
          unary("exp", (x) => x.exp(), Math.exp, Math.exp, (t) => ({
            "a local grad of 1: exp is its own derivative, d(e^a)/da = e^a": 1,
            "a local grad of a: exp is its own derivative, d(e^a)/da = e^a": t,
          })),
      },
      {
        name:
          "02 value: relu is max(0, a), with local grad 1 where a > 0 and 0 elsewhere",
        run: () =>
          unary(
            "relu",
            (x) => x.relu(),
            (t) => Math.max(0, t),
            (t) => t > 0 ? 1 : 0,
            (t) => ({
              "relu's output used as its local grad: the slope is 1 where a > 0, else 0":
                Math
                  .max(0, t),
              "a relu local grad of 1 everywhere: it is 0 where a <= 0": 1,
            }),
          ),
      },
      {
        name: "02 value: neg is -a, built on mul, so d/da = -1",
        run: () =>
          derived("a.neg()", (x) => x.neg(), (a) => -a, () => [-1, 0], (a) => ({
            "neg computing +a": a,
          })),
      },
      {
        name: "02 value: sub is a - b, with d/da = 1 and d/db = -1",
        run: () =>
          derived(
            "a.sub(b)",
            (x, y) => x.sub(y),
            (a, b) => a - b,
            () => [1, -1],
            (a, b) => ({
              "b - a: the operands are swapped": b - a,
            }),
          ),
      },
      {
        name: "02 value: div is a / b, with d/da = 1/b and d/db = -a/b²",
        run: () =>
          derived(
            "a.div(b)",
            (x, y) => x.div(y),
            (a, b) => a / b,
            (a, b) => [1 / b, -a / (b * b)],
            (a, b) => ({ "b / a: the operands are swapped": b / a }),
            fc.tuple(real(), positive(0.25, 3)),
          ),
      },
      {
        name:
          "02 value: rsub and rdiv put the other operand on the left: b - a, b / a",
        run: () => {
          derived(
            "a.rsub(b)",
            (x, y) => x.rsub(y),
            (a, b) => b - a,
            () => [-1, 1],
            (a, b) => ({
              "a - b: rsub(b) is b - a": a - b,
            }),
          );
          derived(
            "a.rdiv(b)",
            (x, y) => x.rdiv(y),
            (a, b) => b / a,
            (a, b) => [-b / (a * a), 1 / a],
            (a, b) => ({ "a / b: rdiv(b) is b / a": a / b }),
            fc.tuple(positive(0.25, 3), real()),
          );
        },
      },
      {
        name: "02 value: every op accepts a plain number as the other operand",
        run: () =>
          forAll(fc.tuple(positive(0.25, 3), positive(0.25, 3)), ([a, b]) => {
            const cases: [string, (x: Node) => Node, number, number][] = [
              [`a.add(${b})`, (x) => x.add(b), a + b, 1],
              [`a.mul(${b})`, (x) => x.mul(b), a * b, b],
              [`a.sub(${b})`, (x) => x.sub(b), a - b, 1],
              [`a.div(${b})`, (x) => x.div(b), a / b, 1 / b],
              [`a.rsub(${b})`, (x) => x.rsub(b), b - a, -1],
              [`a.rdiv(${b})`, (x) => x.rdiv(b), b / a, -b / (a * a)],
            ];
            for (const [what, op, data, slope] of cases) {
              const x = new Value(a);
              const out = op(x);
              const hint = {
                "a plain number used as a Value (NaN): wrap it with Value.of first":
                  NaN,
              };
              assertClose(out.data, data, `${what} with a = ${a}`, {
                mistakes: hint,
              });
              assertClose(
                derivative(out, x),
                slope,
                `d/da of ${what} with a = ${a}`,
                {
                  mistakes: hint,
                },
              );
            }
          }),
      },
    ];
  },
};

function sameChildren(out: Node, inputs: Node[], what: string): void {
  if (
    out.children.length !== inputs.length ||
    out.children.some((c, i) => c !== inputs[i])
  ) {
    throw new CheckFailure(
      `${what}.children should be the input nodes themselves, in order [a, b]; got ${out.children.length} children` +
        (out.children.length === 2 && out.children[0] === inputs[1]
          ? " in the order [b, a]"
          : ""),
    );
  }
}
