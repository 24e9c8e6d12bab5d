/**
 * Tests for `libm.ts`: every expected value below was printed by python3 (CPython 3.11.7,
 * x86_64 with FMA, glibc 2.36) with the one-line command in the comment above it, and is
 * compared bit for bit (`Object.is`, so -0 and 0 differ and NaN equals NaN).
 *
 * @module
 */

import assert from "node:assert/strict";
import { fma, log } from "./libm.ts";

/** The inputs where `f` misses the expected value, one line each, for a failure message. */
function misses(
  f: (...args: number[]) => number,
  cases: readonly (readonly number[])[],
): string[] {
  return cases.flatMap((row) => {
    const args = row.slice(0, -1);
    const want = row[row.length - 1];
    const got = f(...args);
    return Object.is(got, want)
      ? []
      : [`(${args.join(", ")}): got ${got}, expected ${want}`];
  });
}

Deno.test("libm: log gives Python's (glibc's) value bit for bit where Math.log rounds to the neighbouring float", () => {
  // Table range first, then within 1/16 of 1 (the polynomial-only range). 0.9340335014980707
  // is microgpt's 1 - random() for initial parameters #1358 and #1359, 0.739562806398671 that of
  // random.seed(19)'s 9th and 10th gauss values. Math.log gives a different float for each input.
  // python3 -c "import math; print([math.log(x) for x in [0.691, 4.182, 9170.0, 0.8871, 0.9228930137360839, 0.3647812808952339, 0.2758901609418974, 0.04271929188983669, 0.9340335014980707, 0.739562806398671, 0.9439, 1.0304764190275633, 0.96912591257647, 0.951861644761999, 0.9894258166102974]])"
  const cases = [
    [0.691, -0.3696154552144672],
    [4.182, 1.4307896010064418],
    [9170.0, 9.123692565250511],
    [0.8871, -0.11979756345559583],
    [0.9228930137360839, -0.08024196264273181],
    [0.3647812808952339, -1.0084573354339685],
    [0.2758901609418974, -1.2877524600769303],
    [0.04271929188983669, -3.153104660080012],
    [0.9340335014980707, -0.06824297255494845],
    [0.739562806398671, -0.3016960695402479],
    [0.9439, -0.057735050651238365],
    [1.0304764190275633, 0.0300212380468308],
    [0.96912591257647, -0.03136073479354635],
    [0.951861644761999, -0.04933558588471808],
    [0.9894258166102974, -0.010630487330752125],
  ];
  const wrong = misses(log, cases);
  assert.deepEqual(wrong, [], `log missed glibc for ${wrong.length} inputs`);
});

Deno.test("libm: log gives Python's values at 1, powers of two, both ends of the float range and the edges of the near-1 range", () => {
  // 1.1102230246251565e-16 = 2^-53 is the smallest 1 - random(); 0.9375 and 1.064697265625 are
  // where log switches between the table and the near-1 polynomial.
  // python3 -c "import math; print([math.log(x) for x in [1.0, 2.0, 0.5, 10.0, 1e-300, 1e300, 1.7976931348623157e308, 2.2250738585072014e-308, 1.1102230246251565e-16, 0.9999999999999999, 1.0000000000000002, 0.9374999999999999, 0.9375, 1.0646972656249998, 1.064697265625]])"
  const cases = [
    [1.0, 0.0],
    [2.0, 0.6931471805599453],
    [0.5, -0.6931471805599453],
    [10.0, 2.302585092994046],
    [1e-300, -690.7755278982137],
    [1e300, 690.7755278982137],
    [1.7976931348623157e308, 709.782712893384],
    [2.2250738585072014e-308, -708.3964185322641],
    [1.1102230246251565e-16, -36.7368005696771],
    [0.9999999999999999, -1.1102230246251565e-16],
    [1.0000000000000002, 2.2204460492503128e-16],
    [0.9374999999999999, -0.06453852113757129],
    [0.9375, -0.06453852113757118],
    [1.0646972656249998, 0.06269050112342253],
    [1.064697265625, 0.06269050112342274],
  ];
  const wrong = misses(log, cases);
  assert.deepEqual(wrong, [], `log missed glibc for ${wrong.length} inputs`);
});

Deno.test("libm: log of a subnormal number scales it up first, as glibc does", () => {
  // python3 -c "import math; print([math.log(x) for x in [5e-324, 1e-310, 2.225073858507201e-308]])"
  const cases = [
    [5e-324, -744.4400719213812],
    [1e-310, -713.8013788281542],
    [2.225073858507201e-308, -708.3964185322641],
  ];
  const wrong = misses(log, cases);
  assert.deepEqual(wrong, [], `log missed glibc for ${wrong.length} inputs`);
});

Deno.test("libm: log of ±0 is -Infinity, of Infinity is Infinity, of negatives and NaN is NaN, as C's log", () => {
  // Python's math.log raises ValueError for 0 and negatives, so this asks libm directly:
  // python3 -c "import ctypes; log = ctypes.CDLL('libm.so.6').log; log.restype = ctypes.c_double; log.argtypes = [ctypes.c_double]; print([log(x) for x in [0.0, -0.0, -5e-324, -1.0, float('-inf'), float('inf'), float('nan')]])"
  const cases = [
    [0.0, -Infinity],
    [-0.0, -Infinity],
    [-5e-324, NaN],
    [-1.0, NaN],
    [-Infinity, NaN],
    [Infinity, Infinity],
    [NaN, NaN],
  ];
  const wrong = misses(log, cases);
  assert.deepEqual(wrong, [], `log missed glibc for ${wrong.length} inputs`);
});

Deno.test("libm: fma rounds a * b + c once, where JavaScript's a * b + c rounds twice and gets another result", () => {
  // Rows: the product's rounding error (0.1 · 10 - 1 and two more), a sum just above a tie
  // (1 + 2^-53 + 2^-107 + …) that only a sticky bit can see, a factor too large to split, an overflowing product brought back
  // by c, -Infinity against an overflow, a cancellation that leaves only the product's tiny
  // rounding error, a product that underflows to -0, and a product that is a subnormal tie.
  // python3 -c "import ctypes; fma = ctypes.CDLL('libm.so.6').fma; fma.restype = ctypes.c_double; fma.argtypes = [ctypes.c_double] * 3; print([fma(a, b, c) for a, b, c in [(0.1, 10.0, -1.0), (0.3333333333333333, 3.0, -1.0), (1.0000000000000002, 0.9999999999999999, -1.0), (1.1102230328969627e-16, 0.9999999925494195, 1.0), (1e301, 1e-301, -1.0), (1.7976931348623157e308, 1.0000000000000002, -1.7976931348623157e308), (1e308, 10.0, float('-inf')), (1e-140, 1e-140, -1e-280), (-1e-200, 1e-200, 0.0), (2.2227587494850775e-162, 1.1113793747425387e-162, 5e-324)]])"
  const cases = [
    [0.1, 10.0, -1.0, 5.551115123125783e-17],
    [0.3333333333333333, 3.0, -1.0, -5.551115123125783e-17],
    [1.0000000000000002, 0.9999999999999999, -1.0, 1.1102230246251563e-16],
    [1.1102230328969627e-16, 0.9999999925494195, 1.0, 1.0000000000000002],
    [1e301, 1e-301, -1.0, 1.1900908238270366e-16],
    [
      1.7976931348623157e308,
      1.0000000000000002,
      -1.7976931348623157e308,
      3.991680619069439e292,
    ],
    [1e308, 10.0, -Infinity, -Infinity],
    [1e-140, 1e-140, -1e-280, 9.136619874250988e-298],
    [-1e-200, 1e-200, 0.0, -0.0],
    [2.2227587494850775e-162, 1.1113793747425387e-162, 5e-324, 1e-323],
  ];
  const wrong = misses(fma, cases);
  assert.deepEqual(wrong, [], `fma missed C's fma for ${wrong.length} inputs`);
  for (const [a, b, c, want] of cases) {
    assert.ok(
      !Object.is(a * b + c, want),
      `(${a}, ${b}, ${c}): a * b + c already gives ${want}, so this row shows nothing`,
    );
  }
});

Deno.test("libm: fma breaks ties to even, keeps signed zeros, and follows C on overflow, Infinity and NaN", () => {
  // Rows: two ties next to 1 (one rounds up to even, one down), a sum just below such a tie
  // (1 + 2^-53 - 2^-107 - …), a subnormal tie (2.5 · 2^-1074 gives 2 · 2^-1074), an overflow,
  // an exact zero, signed zeros, Infinity and NaN.
  // python3 -c "import ctypes; fma = ctypes.CDLL('libm.so.6').fma; fma.restype = ctypes.c_double; fma.argtypes = [ctypes.c_double] * 3; inf = float('inf'); print([fma(a, b, c) for a, b, c in [(3.3306690738754696e-16, 1.0, 1.0), (1.1102230246251565e-16, 1.0, 1.0), (1.1102230328969627e-16, 0.9999999925494194, 1.0), (2.2227587494850775e-162, 1.1113793747425387e-162, 1e-323), (1e200, 1e200, -1e300), (2.0, 3.0, -6.0), (-0.0, 1.0, -0.0), (0.0, -1.0, 0.0), (inf, 0.0, 1.0), (inf, 2.0, -inf), (float('nan'), 1.0, 1.0), (1.0, 2.0, float('nan'))]])"
  const cases = [
    [3.3306690738754696e-16, 1.0, 1.0, 1.0000000000000004],
    [1.1102230246251565e-16, 1.0, 1.0, 1.0],
    [1.1102230328969627e-16, 0.9999999925494194, 1.0, 1.0],
    [2.2227587494850775e-162, 1.1113793747425387e-162, 1e-323, 1e-323],
    [1e200, 1e200, -1e300, Infinity],
    [2.0, 3.0, -6.0, 0.0],
    [-0.0, 1.0, -0.0, -0.0],
    [0.0, -1.0, 0.0, 0.0],
    [Infinity, 0.0, 1.0, NaN],
    [Infinity, 2.0, -Infinity, NaN],
    [NaN, 1.0, 1.0, NaN],
    [1.0, 2.0, NaN, NaN],
  ];
  const wrong = misses(fma, cases);
  assert.deepEqual(wrong, [], `fma missed C's fma for ${wrong.length} inputs`);
});
