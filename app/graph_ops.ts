/**
 * The name of the operation that made a node of a kata 02 `Value` graph. A `Value` keeps no
 * op name, only `data`, `children` and `localGrads`, so the name is read from them: an
 * `op` or `_op` field when the learner's `Value` has one, else the ops of kata 02
 * (and kata 04's `sum` and `dot`) whose result and local grads match what the node holds.
 * A label is a claim: when no op fits it is `?`, and when several fit (relu of a positive
 * number is also `+ 0` and `· 1`) it names each of them, never one picked at random.
 *
 * @module
 */

/** What the graph view reads of a node: the fields of kata 02's `Value`. */
export interface GraphValue {
  /** The number computed in the forward pass. */
  data: number;
  /** d(root)/d(this node), after kata 03's `backward`. */
  grad: number;
  /** The nodes this one was computed from. */
  readonly children: readonly GraphValue[];
  /** d(this)/d(child) for each child. */
  readonly localGrads: readonly number[];
}

/**
 * Whether `value` looks like a kata 02 `Value`: a number `data` and the arrays `children`
 * and `localGrads`.
 *
 * @example
 * ```ts
 * isGraphValue({ data: 1, grad: 0, children: [], localGrads: [] }); // true
 * isGraphValue(1); // false
 * ```
 */
export function isGraphValue(value: unknown): value is GraphValue {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.data === "number" && Array.isArray(v.children) &&
    Array.isArray(v.localGrads);
}

/**
 * The display name of `value`, if it carries one: a non-empty string `name` field (the
 * built-ins name their leaves after the lessons' variables; a module of yours may set
 * `x.name = "x"`), or `label`, micrograd's name for it.
 *
 * @example
 * ```ts
 * nodeName({ data: 1, grad: 0, children: [], localGrads: [], name: "a" } as GraphValue); // "a"
 * ```
 */
export function nodeName(value: GraphValue): string | undefined {
  const own = value as unknown as Record<string, unknown>;
  for (const field of ["name", "label"]) {
    const name = own[field];
    if (typeof name === "string" && name !== "") return name;
  }
  return undefined;
}

/**
 * Whether a and b are equal up to rounding (a relative 1e-9, or 1e-12 near 0).
 *
 * @example
 * ```ts
 * near(0.1 + 0.2, 0.3); // true
 * near(1, 1.001); // false
 * ```
 */
export function near(a: number, b: number): boolean {
  if (a === b || Object.is(a, b)) return true;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
}

/**
 * A number as the graph shows it: at most 4 significant digits, without trailing zeros
 * (`0.09003`, `-1.131`, `7`, `1e-5`).
 *
 * @example
 * ```ts
 * short(1 / 3); // "0.3333"
 * short(12.5); // "12.5"
 * ```
 */
export function short(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e6) return String(n);
  if (n !== 0 && (Math.abs(n) < 1e-3 || Math.abs(n) >= 1e6)) {
    return n.toExponential(3).replace(/\.?0+e/, "e").replace("e+", "e");
  }
  return String(Number(n.toPrecision(4)));
}

/**
 * Below this share of the largest magnitude of its kind in a graph, a number other than 0 is
 * shown as `≈0`: rounding's leftovers, such as a grad of -5.551e-17 beside grads near 1.
 */
export const NEAR_ZERO = 1e-12;

/**
 * A number as a node or an edge shows it, beside numbers of its kind whose largest magnitude
 * is `scale`: `≈0` when it is not 0 but below {@linkcode NEAR_ZERO} of `scale` (a true claim:
 * the exact number stays in the tooltip), else {@linkcode short}'s.
 *
 * @example
 * ```ts
 * shown(-5.551115123125783e-17, 1); // "≈0"
 * shown(-5.551115123125783e-17, 1e-16); // "-5.551e-17"
 * ```
 */
export function shown(n: number, scale: number): string {
  return n !== 0 && Math.abs(n) < NEAR_ZERO * scale ? "≈0" : short(n);
}

/** The ops of one child that fit a node holding `data` with local grad `g` of child `c`. */
function unaryOps(data: number, c: number, g: number): string[] {
  const fits: string[] = [];
  if (g === 1 || near(g, 1)) fits.push(`+ ${short(data - c)}`);
  if (near(data, c * g)) fits.push(g === -1 ? "neg" : `· ${short(g)}`);
  if (near(data, Math.exp(c)) && near(g, data)) fits.push("exp");
  if (c > 0 && near(data, Math.log(c)) && near(g, 1 / c)) fits.push("log");
  if (near(data, Math.max(0, c)) && g === (c > 0 ? 1 : 0)) fits.push("relu");
  const n = powerOf(data, c, g);
  if (n !== undefined) fits.push(`^ ${short(n)}`);
  // x · 1, x + 0 and x^1 are one op seen three ways: keep the one kata 02's table shows.
  return fits.length > 1 ? fits.filter((f) => f !== "^ 1") : fits;
}

/** The exponent n with data = c^n and g = n · c^(n-1), if there is one. */
function powerOf(data: number, c: number, g: number): number | undefined {
  const tries = data !== 0 && c !== 0 ? [(g * c) / data] : [2, 3, 1];
  for (const n of tries) {
    if (
      Number.isFinite(n) && near(data, c ** n) && near(g, n * c ** (n - 1))
    ) {
      return Number(n.toPrecision(12)); // 2, not 1.9999999999999998
    }
  }
  return undefined;
}

/** The ops of several children (`+`, `·`, kata 04's `sum` and `dot`) that fit `node`. */
function naryOps(node: GraphValue): string[] {
  const { data, children, localGrads: g } = node;
  const xs = children.map((c) => c.data);
  const fits: string[] = [];
  const total = xs.reduce((s, x) => s + x, 0);
  if (g.every((gi) => gi === 1) && near(data, total)) {
    fits.push(xs.length === 2 ? "+" : "sum");
  }
  if (xs.length % 2 === 0) {
    let products = 0;
    let pairs = true;
    for (let i = 0; i < xs.length; i += 2) {
      products += xs[i] * xs[i + 1];
      pairs &&= near(g[i], xs[i + 1]) && near(g[i + 1], xs[i]);
    }
    if (pairs && near(data, products)) fits.push(xs.length === 2 ? "·" : "dot");
  }
  return fits;
}

/**
 * The name of the op that made `node`: its own `op` or `_op` field when it has one
 * (a non-empty string), `leaf` for a node without children, else every op of kata 02 (and
 * kata 04's `sum` and `dot`) that fits its data and local grads, joined by ` | `; `?` when
 * none fits.
 *
 * @example
 * ```ts
 * const a = { data: 2, grad: 0, children: [], localGrads: [] };
 * const b = { data: 3, grad: 0, children: [], localGrads: [] };
 * opName({ data: 6, grad: 0, children: [a, b], localGrads: [3, 2] }); // "·"
 * opName({ data: 7, grad: 0, children: [a], localGrads: [2] }); // "?"
 * ```
 */
export function opName(node: GraphValue): string {
  const own = node as unknown as Record<string, unknown>;
  for (const field of ["op", "_op"]) {
    const name = own[field];
    if (typeof name === "string" && name !== "") return name;
  }
  const { children, localGrads } = node;
  if (children.length === 0) return "leaf";
  if (localGrads.length !== children.length) return "?";
  const fits = children.length === 1
    ? unaryOps(node.data, children[0].data, localGrads[0])
    : naryOps(node);
  return fits.length === 0 ? "?" : fits.join(" | ");
}
