// SPDX-License-Identifier: MIT OR Apache-2.0 WITH LLVM-exception
// `log` below follows math/log.c and math/log_data.c of Arm Optimized Routines,
// Copyright (c) 2018, Arm Limited, https://github.com/ARM-software/optimized-routines

/**
 * glibc's `log`, reproduced bit for bit, and the fused multiply-add it is built on.
 *
 * Why this exists: CPython's `math.log` and `random.gauss` call the C library's `log`, which on
 * Linux is glibc's. V8's `Math.log` is another implementation (a port of fdlibm). Both are
 * accurate to within one ulp, but V8 rounds about 1 result in 1,000 to the neighbouring float,
 * and that changes microgpt's initial parameters. `log` here gives glibc's result for every
 * input.
 *
 * Where it comes from: the algorithm of Arm Optimized Routines' `log` (MIT OR Apache-2.0 WITH
 * LLVM-exception), as built into glibc 2.36 for x86_64 with FMA, the variant glibc picks on any
 * CPU with AVX2 and FMA. Its compiler fused some `a * b + c` of the C source into single FMA
 * instructions; each `fma` call below stands exactly where that machine code has one, so every
 * intermediate result is rounded as in glibc. The coefficients and the table are Arm's, and
 * were checked against the copies inside glibc's libm.so.6.
 *
 * `fma` is exported because glibc's `exp` and `pow` need it in the same way.
 *
 * @example Python's `math.log(0.691)` on x86_64 Linux, where `Math.log` is one float away
 * ```ts
 * import { log } from "./libm.ts";
 *
 * log(0.691); // -0.3696154552144672, as in Python
 * Math.log(0.691); // -0.36961545521446726
 * ```
 *
 * @module
 */

/** Scratch space to read and write the bits of a float64 (little-endian: [low word, high]). */
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

// ---------------------------------------------------------------------------------------------
// fma: a * b + c with one rounding
// ---------------------------------------------------------------------------------------------

/** Below this size, 134217729 · x (in `productError`) cannot overflow. */
const SPLIT_MAX = 2 ** 995;
/** Below this size, sums and products of the fast path cannot overflow. */
const SUM_MAX = 2 ** 1000;
/** Above this size, the product's rounding error has no bits below 2^-1074, so it is a float. */
const PRODUCT_MIN = 2 ** -960;

/**
 * `a * b + c` computed exactly and rounded once to the nearest float (ties to even), like C's
 * `fma` and the FMA instruction; JavaScript has no built-in for it. `a * b + c` in JavaScript
 * rounds twice, after the product and after the sum, and can differ in the last bit or more.
 * Exact for every input, infinities, NaN, signed zeros, subnormals and overflow included.
 *
 * @example The rounding error of 0.1 * 10, which `0.1 * 10 - 1` loses
 * ```ts
 * import { fma } from "./libm.ts";
 *
 * 0.1 * 10 - 1; // 0
 * fma(0.1, 10, -1); // 5.551115123125783e-17
 * ```
 */
export function fma(a: number, b: number, c: number): number {
  // Infinities, NaN and zeros: the IEEE rules for `a * b + c` already give fma's answer, except
  // that an infinite c wins over a finite product that would overflow, and a zero c must not
  // change the sign of a product that underflows to zero.
  if (!Number.isFinite(a) || !Number.isFinite(b) || a === 0 || b === 0) {
    return a * b + c;
  }
  if (!Number.isFinite(c)) return c;
  if (c === 0) return a * b;
  const p = a * b;
  const ap = Math.abs(p);
  if (
    Math.abs(a) < SPLIT_MAX && Math.abs(b) < SPLIT_MAX && ap < SUM_MAX &&
    ap > PRODUCT_MIN && Math.abs(c) < SUM_MAX
  ) {
    // The exact value is p + pe + c. Adding the two small parts rounded to odd, then the large
    // part rounded to nearest, rounds the exact sum correctly (Boldo & Melquiond, 2008). A
    // subnormal result is right too: it needs c ≈ -p, which makes c + p exact.
    const pe = productError(a, b, p);
    const s = c + p;
    return s + addRoundToOdd(sumError(c, p, s), pe);
  }
  // Near overflow or underflow the error terms above may not be exact: use integers instead.
  return fmaBigInt(a, b, c);
}

/** The rounding error of s = a + b: a + b = s + error, exactly (Knuth's TwoSum). */
function sumError(a: number, b: number, s: number): number {
  const bb = s - a;
  return (a - (s - bb)) + (b - bb);
}

/** The rounding error of p = a * b: a * b = p + error, exactly (Dekker's product). */
function productError(a: number, b: number, p: number): number {
  // Split each factor into two 26-bit halves, so the partial products are exact.
  const ta = 134217729 * a; // 2^27 + 1
  const aHi = ta - (ta - a);
  const aLo = a - aHi;
  const tb = 134217729 * b;
  const bHi = tb - (tb - b);
  const bLo = b - bHi;
  return ((aHi * bHi - p) + aHi * bLo + aLo * bHi) + aLo * bLo;
}

/** x + y rounded to odd: exact if representable, else the neighbour whose last bit is 1. */
function addRoundToOdd(x: number, y: number): number {
  const s = x + y;
  const e = sumError(x, y, s);
  if (e === 0) return s;
  f64[0] = s;
  if ((u32[0] & 1) === 0) {
    // s is even, so the odd neighbour on e's side is the rounded-to-odd sum.
    if ((s > 0) === (e > 0)) {
      u32[0] |= 1; // one ulp away from zero
    } else if (u32[0] === 0) {
      u32[1]--; // one ulp towards zero, borrowing from the high word
      u32[0] = 0xffffffff;
    } else {
      u32[0]--;
    }
  }
  return f64[0];
}

/** fma for finite, nonzero a, b and c by integer arithmetic: slow, but exact at any exponent. */
function fmaBigInt(a: number, b: number, c: number): number {
  const [ma, ea] = decompose(a);
  const [mb, eb] = decompose(b);
  const [mc, ec] = decompose(c);
  // a·b + c = n · 2^e, with e the smaller of the two exponents so that n is an integer.
  const e = Math.min(ea + eb, ec);
  const n = ((ma * mb) << BigInt(ea + eb - e)) + (mc << BigInt(ec - e));
  if (n === 0n) return 0; // an exact zero sum is +0 when rounding to nearest
  let m = n < 0n ? -n : n;
  // Keep 53 significant bits, but none below 2^-1074 (the subnormals' fixed last bit).
  const q = Math.max(e + m.toString(2).length - 53, -1074);
  if (q > e) {
    const drop = BigInt(q - e);
    const rest = m & ((1n << drop) - 1n);
    const half = 1n << (drop - 1n);
    m >>= drop;
    if (rest > half || (rest === half && (m & 1n) === 1n)) m++; // to nearest, ties to even
  } else {
    m <<= BigInt(e - q);
  }
  // m ≤ 2^53, so Number(m) is exact, and so is each product below unless it overflows.
  const magnitude = q > 971 ? Infinity : Number(m) * pow2(q);
  return n < 0n ? -magnitude : magnitude;
}

/** x = m · 2^e with m an integer (|m| < 2^53): x's signed significand and exponent. */
function decompose(x: number): [bigint, number] {
  f64[0] = x;
  const biased = (u32[1] >>> 20) & 0x7ff;
  let m = BigInt(u32[1] & 0xfffff) * 4294967296n + BigInt(u32[0]);
  if (biased !== 0) m += 1n << 52n; // normal: the implicit leading 1
  return [x < 0 ? -m : m, Math.max(biased, 1) - 1075];
}

/** 2^q for an integer q in [-1074, 1023], built from its bits. */
function pow2(q: number): number {
  if (q < -1022) return pow2(q + 52) * pow2(-52); // subnormal: the product is exact
  f64[0] = 0;
  u32[1] = (q + 1023) << 20;
  return f64[0];
}

// ---------------------------------------------------------------------------------------------
// log: x = 2^k · z with z near 1, then log x = k·ln2 + log(c) + log(1 + r), r = z/c - 1 small
// ---------------------------------------------------------------------------------------------

/** ln 2 as LN2_HI + LN2_LO; LN2_HI has trailing zero bits, so k · LN2_HI is exact. */
const LN2_HI = 0.6931471805598903;
const LN2_LO = 5.497923018708371e-14;
/** log(1 + r) ≈ r + A[0]r² + A[1]r³ + … for the small r left after the table step. */
const A = [
  -0.5000000000000001,
  0.33333333331825593,
  -0.2499999999622955,
  0.20000304511814496,
  -0.16667054827627667,
];
/** log(1 + r) ≈ r + B[0]r² + B[1]r³ + … for x close to 1 (no table step). */
const B = [
  -0.5,
  0.3333333333333352,
  -0.24999999999998432,
  0.19999999999320328,
  -0.16666666669929706,
  0.14285715076560868,
  -0.12499997863982555,
  0.11110712032936046,
  -0.10000486757818193,
  0.09181994006195467,
  -0.08328363062289341,
];
/** x in [NEAR_1_LOW, NEAR_1_HIGH), that is 1 - 1/16 ≤ x < 1 + 0x1.09p-4, skips the table. */
const NEAR_1_LOW = 0.9375;
const NEAR_1_HIGH = 1.064697265625;
/** The smallest positive normal float, 2^-1022; below it are the subnormals. */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * The natural logarithm of `x`, rounded exactly as glibc 2.36's `log` rounds it on x86_64 with
 * FMA, which is what Python's `math.log` returns on such a Linux machine: within about 0.52 ulp
 * of the true value (Arm's bound), and usually the nearest float. Every input behaves as in glibc, so no input needs `Math.log`: positive normal and
 * subnormal numbers give their logarithm, `log(1)` is `0`, `log(±0)` is `-Infinity`,
 * `log(Infinity)` is `Infinity`, and negative numbers, `-Infinity` and `NaN` give `NaN`.
 * (glibc also raises floating-point exceptions there; JavaScript has none.)
 *
 * @example Where `Math.log` rounds to the neighbouring float
 * ```ts
 * import { log } from "./libm.ts";
 *
 * log(4.182); // 1.4307896010064418, as math.log(4.182) in Python
 * Math.log(4.182); // 1.430789601006442
 * ```
 */
export function log(x: number): number {
  if (x >= NEAR_1_LOW && x < NEAR_1_HIGH) return logNear1(x);
  if (x >= MIN_NORMAL && x < Infinity) return logTable(x, 0);
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  if (!(x > 0)) return NaN; // negative, -Infinity or NaN
  // Subnormal: scale into the normal range, and take the 52 doublings back out through k.
  return logTable(x * 4503599627370496, -52); // 2^52
}

/** log x for x = 2^extra · (a positive normal `x`), by the 128-row table. */
function logTable(x: number, extra: number): number {
  // x = 2^k · z with z in [0x1.6p-1, 0x1.6p0) ≈ [0.69, 1.38). The offset 0x3fe6 in the high
  // word is 0x1.6p-1's exponent and first mantissa bits: subtracting it puts k in the exponent
  // bits and the table index i in the top 7 mantissa bits.
  f64[0] = x;
  const high = u32[1];
  const tmp = (high - 0x3fe60000) | 0;
  const i = (tmp >>> 13) & 127;
  const k = (tmp >> 20) + extra;
  u32[1] = high - (tmp & 0xfff00000); // f64 still holds x: take k out of its exponent
  const z = f64[0];
  // c is near the middle of z's subinterval; the table holds 1/c and log(c).
  const invc = LOG_TABLE[2 * i];
  const logc = LOG_TABLE[2 * i + 1];
  const r = fma(z, invc, -1.0); // z/c - 1, rounded once: |r| < 1/256
  // hi + lo = k·ln2 + log(c) + r, with lo collecting what hi's roundings lose.
  const w = fma(k, LN2_HI, logc);
  const hi = w + r;
  const lo = fma(k, LN2_LO, w - hi + r);
  // log(1 + r) - r = A[0]r² + r³(A[1] + A[2]r + r²(A[3] + A[4]r)), added to lo before hi.
  const r2 = r * r;
  const r3 = r * r2;
  const poly = fma(r2, fma(r, A[4], A[3]), fma(r, A[2], A[1]));
  return fma(r3, poly, fma(r2, A[0], lo)) + hi;
}

/** log x for x close to 1: the longer polynomial B in r = x - 1, which is exact here. */
function logNear1(x: number): number {
  if (x === 1) return 0;
  const r = x - 1.0;
  const r2 = r * r;
  const r3 = r * r2;
  // poly = B[1] + B[2]r + B[3]r² + r³(B[4] + B[5]r + B[6]r² + r³(B[7] + … + B[10]r³))
  const p1 = fma(r2, B[3], fma(r, B[2], B[1]));
  const p2 = fma(r2, B[6], fma(r, B[5], B[4]));
  const p3 = fma(r3, B[10], fma(r2, B[9], fma(r, B[8], B[7])));
  const poly = fma(fma(p3, r3, p2), r3, p1);
  // r + B[0]r² in extra precision: rHi keeps r's top bits, so rHi² is exact, and
  // B[0](r² - rHi²) = B[0]·rLo·(rHi + r) is what rHi² misses.
  const rHi = fma(-134217728, r, fma(r, 134217728, r)); // (r + 2^27·r) - 2^27·r
  const rLo = r - rHi;
  const hi = fma(rHi * rHi, B[0], r);
  const lo = fma(B[0] * rLo, r + rHi, fma(rHi * rHi, B[0], r - hi));
  return hi + fma(poly, r3, lo);
}

/**
 * The table of `logTable`, 128 rows [invc, logc], one per subinterval of [0x1.6p-1, 0x1.6p0):
 * invc = 1/c for a c near the middle of the subinterval, and logc = log(c), with c chosen so
 * that k·LN2_HI + logc is exact for every k.
 */
// deno-fmt-ignore
const LOG_TABLE = [
  1.4504249240398293, -0.3718565645633589,
  1.442253508327276, -0.36620682668944937,
  1.4341736174350004, -0.3605888069791945,
  1.426183816329995, -0.3550022171419869,
  1.4182825527052965, -0.34944666968829097,
  1.4104682921759335, -0.3439217713603284,
  1.4027396147468003, -0.3384271921261188,
  1.3950954438932313, -0.332962831494342,
  1.3875338232485754, -0.32752794345742586,
  1.3800539211058593, -0.32212257167088865,
  1.3726542695419708, -0.3167462884799761,
  1.3653332798446802, -0.3113985598928366,
  1.358090204587874, -0.3060794515165526,
  1.3509234892132138, -0.300788424667644,
  1.3438320840699889, -0.2955252968476998,
  1.3368146974742003, -0.29028969275850613,
  1.329870114677736, -0.2850812793277555,
  1.322997339161106, -0.27989987391470095,
  1.316195352741367, -0.27474526621870154,
  1.3094628125672239, -0.2696169863701243,
  1.3027990455471041, -0.26451506180308115,
  1.2962024229438942, -0.2594387762767383,
  1.2896726275815547, -0.2543884090981692,
  1.2832080305745537, -0.24936321635129843,
  1.276807885983376, -0.24436312405975968,
  1.2704714060687552, -0.23938801747897287,
  1.2641976054949482, -0.23443761696705678,
  1.257985357514882, -0.22951151871518505,
  1.2518337750655457, -0.2246094963439873,
  1.2457421919097305, -0.21973149037705753,
  1.2397094966625508, -0.2148770752847895,
  1.2337348463589233, -0.210046029103637,
  1.2278176973028803, -0.20523836373934046,
  1.2219570190618474, -0.20045368751368642,
  1.2161519732977757, -0.1956917537758045,
  1.2104018095009725, -0.19095237845203883,
  1.204705805718973, -0.18623539250290833,
  1.1990631185441964, -0.18154051731551135,
  1.1934733004462308, -0.1768677957431919,
  1.1879350812847385, -0.17221657406412305,
  1.1824481322833125, -0.16758697765942543,
  1.1770114976921955, -0.16297859687290384,
  1.1716248121809465, -0.15839151377804228,
  1.1662869231674715, -0.15382513241456763,
  1.1609977486762766, -0.14927976358922024,
  1.1557563220795803, -0.14475495398119165,
  1.1505619105480347, -0.14025044090817573,
  1.1454138888505974, -0.1357660466685502,
  1.140311877374656, -0.1313018016355727,
  1.1352550225747513, -0.12685731518763532,
  1.1302429094831266, -0.1224325737671279,
  1.1252747693068048, -0.11802724521862729,
  1.1203501571039876, -0.11364127671663482,
  1.1154683327680124, -0.10927434611278386,
  1.1106291463292157, -0.10492665324943573,
  1.1058315813301596, -0.10059761422644442,
  1.1010752177696026, -0.09628717309055901,
  1.0963597137952512, -0.09199534069557558,
  1.0916844827550398, -0.08772190036688698,
  1.0870487291277784, -0.08346643613867855,
  1.082452357388312, -0.07922916827544668,
  1.0778948225025884, -0.0750099004750382,
  1.0733751731601076, -0.07080805133352897,
  1.068893585073351, -0.06662408085151128,
  1.0644491706655506, -0.06245745471915143,
  1.0600414846328305, -0.0583080438042316,
  1.0556701316181605, -0.05417576112313327,
  1.051334750556926, -0.050060547896805474,
  1.0470347288442157, -0.045962101199052086,
  1.0427699229652954, -0.04188056008865715,
  1.0385395013738175, -0.03781540056183985,
  1.034343418940345, -0.03376684757915882,
  1.0301811073173315, -0.029734619131772888,
  1.026052043621297, -0.025718470239212365,
  1.0219561082336197, -0.021718543925430822,
  1.0178926505784922, -0.01773446126981071,
  1.0138614436244586, -0.013766252464051831,
  1.0098620186501341, -0.009813706322574944,
  1.0058938559734134, -0.005876555150052809,
  1.00195696235014, -0.0019550499938532084,
  0.9961089923088509, 0.0038985973556009412,
  0.9884170338185201, 0.011650571286395461,
  0.9808429191005297, 0.019342955478919066,
  0.9733840169987446, 0.0269766014846482,
  0.9660377568876556, 0.034552359728422744,
  0.9588014945307369, 0.04207121767183253,
  0.9516728569073111, 0.049533940950141186,
  0.9446494635965822, 0.056941358295944156,
  0.9377288993026223, 0.06429439168346107,
  0.9309091073790681, 0.0715936354946507,
  0.924187681612722, 0.07884010933776153,
  0.9175626765599192, 0.08603438905970506,
  0.9110320403624034, 0.09317721180013905,
  0.9045935839762024, 0.10026951462748457,
  0.8982456375922825, 0.10731170956330516,
  0.8919860966782501, 0.11430473320717738,
  0.8858131121185129, 0.12124928503033061,
  0.879725075760676, 0.12814583422959913,
  0.8737201372634685, 0.1349951636851756,
  0.8677966405782273, 0.1417978768189414,
  0.8619528050060739, 0.14855476039031146,
  0.8561872354420692, 0.1552661937658968,
  0.8504983927816893, 0.16193275688146969,
  0.8448844572790304, 0.16855539792220497,
  0.8393442741575965, 0.1751343179947753,
  0.8338762249349438, 0.1816702989864325,
  0.8284789320557778, 0.18816387146023317,
  0.8231510800065832, 0.1946155228479256,
  0.8178913903778707, 0.20102572579389744,
  0.8126984007245374, 0.2073952090795501,
  0.8075710029460227, 0.21372429840596396,
  0.8025078881160415, 0.2200135945981856,
  0.7975077379364331, 0.22626374162859975,
  0.792569604966373, 0.23247494747693054,
  0.7876923641254114, 0.23864766620658884,
  0.7828746724940998, 0.24478265647405806,
  0.7781155388790811, 0.25088025827324145,
  0.7734139557869777, 0.2569408552510595,
  0.7687687179914933, 0.26296511155101143,
  0.7641790698041854, 0.2689531327189343,
  0.7596438763692399, 0.27490553924610595,
  0.7551621951078668, 0.2808227248478943,
  0.7507331780216866, 0.286704979267256,
  0.7463557196361751, 0.29255295645509705,
  0.7420289364869653, 0.2983670386142876,
  0.7377521537065876, 0.30414734587282055,
  0.7335242966002608, 0.30989455774829366,
  0.729344777457841, 0.31560871301871884,
];
