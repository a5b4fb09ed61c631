// Vectorised elementary functions on four float32 lanes.
//
// The exponential follows Cephes' expf (S. L. Moshier, Cephes Math Library): Cody-Waite
// reduction x = n ln 2 + r with |r| <= ln 2 / 2 and a degree-5 polynomial, about 1e-7 relative
// error. It is evaluated on [-87.33, 88], where 2^n stays a normal float32: e^-87.33 is about
// 1.2e-38 and e^88 about 1.7e38. Adding 1.5 2^23 rounds x log2(e) to the nearest integer n and
// leaves n in the low mantissa bits, which gives both n and the exponent bits of 2^n.
//
// tanh is a rational approximation x P(x^2) / Q(x^2) of degrees 13 and 6, the one common in
// float32 vector libraries, on [-7.905, 7.905], beyond which float32 tanh is within 3e-7 of
// +-1. It keeps the relative accuracy of small arguments, where 1 - 2 / (e^{2x} + 1) would not,
// and needs one division and no exponential. Measured against Math.tanh on a dense grid over
// [-20, 20] and on magnitudes from 1e-8 to 1: at most 3e-7 relative error.
//
// Polynomials use fused multiply-adds in the relaxed SIMD build.
//
// Constants are splat from a table, because a load costs one instruction where V8 builds a
// v128.const from immediates with several.
import { multiplyAccumulate } from './memory';

const EXP_LOW = 0;
const EXP_HIGH = 1;
const LOG2_E = 2;
const ROUNDING = 3;
const LN2_HIGH = 4;
const LN2_LOW = 5;
const EXP_P0 = 6;
const EXP_P1 = 7;
const EXP_P2 = 8;
const EXP_P3 = 9;
const EXP_P4 = 10;
const EXP_P5 = 11;
const ONE = 12;
const TANH_LOW = 13;
const TANH_HIGH = 14;
const TANH_A1 = 15;
const TANH_A3 = 16;
const TANH_A5 = 17;
const TANH_A7 = 18;
const TANH_A9 = 19;
const TANH_A11 = 20;
const TANH_A13 = 21;
const TANH_B0 = 22;
const TANH_B2 = 23;
const TANH_B4 = 24;
const TANH_B6 = 25;

const constants: usize = memory.data<f32>([
  -87.33,
  88.0,
  1.44269504088896341,
  12582912.0,
  0.693359375,
  -2.12194440e-4,
  1.9875691500e-4,
  1.3981999507e-3,
  8.3334519073e-3,
  4.1665795894e-2,
  1.6666665459e-1,
  5.0000001201e-1,
  1.0,
  -7.90531110763549805,
  7.90531110763549805,
  4.89352455891786e-3,
  6.37261928875436e-4,
  1.48572235717979e-5,
  5.12229709037114e-8,
  -8.60467152213735e-11,
  2.00018790482477e-13,
  -2.76076847742355e-16,
  4.89352518554385e-3,
  2.26843463243900e-3,
  1.18534705686654e-4,
  1.19825839466702e-6,
]);

// 127 - 0x4b400000, added to the bits of the rounded value to form the exponent bits of 2^n.
const exponentBias: usize = memory.data<i32>([127 - 0x4b400000]);

// @ts-ignore: decorator
@inline
function constant(index: i32): v128 {
  return v128.load32_splat(constants + (<usize>index << 2));
}


/**
 * Returns e^x per lane. Arguments are clamped to [-87.33, 88], so the result saturates at about
 * 1.2e-38 and 1.7e38 instead of reaching 0 or infinity; NaN stays NaN.
 */
// @ts-ignore: decorator
@inline
export function expLanes(x: v128): v128 {
  // pmax and pmin return their first operand when it is NaN.
  x = f32x4.pmin(f32x4.pmax(x, constant(EXP_LOW)), constant(EXP_HIGH));
  const rounded = multiplyAccumulate(x, constant(LOG2_E), constant(ROUNDING));
  const n = f32x4.sub(rounded, constant(ROUNDING));
  let r = f32x4.sub(x, f32x4.mul(n, constant(LN2_HIGH)));
  r = f32x4.sub(r, f32x4.mul(n, constant(LN2_LOW)));

  let y = multiplyAccumulate(constant(EXP_P0), r, constant(EXP_P1));
  y = multiplyAccumulate(y, r, constant(EXP_P2));
  y = multiplyAccumulate(y, r, constant(EXP_P3));
  y = multiplyAccumulate(y, r, constant(EXP_P4));
  y = multiplyAccumulate(y, r, constant(EXP_P5));
  y = multiplyAccumulate(y, f32x4.mul(r, r), f32x4.add(r, constant(ONE)));

  const bias = v128.load32_splat(exponentBias);
  const powerOfTwo = i32x4.shl(i32x4.add(rounded, bias), 23);
  return f32x4.mul(y, powerOfTwo);
}

/** Returns the logistic sigmoid 1 / (1 + e^-x) per lane. */
// @ts-ignore: decorator
@inline
export function sigmoidLanes(x: v128): v128 {
  const one = constant(ONE);
  return f32x4.div(one, f32x4.add(one, expLanes(f32x4.neg(x))));
}

/** Returns tanh(x) per lane. */
// @ts-ignore: decorator
@inline
export function tanhLanes(x: v128): v128 {
  const clamped = f32x4.pmin(f32x4.pmax(x, constant(TANH_LOW)), constant(TANH_HIGH));
  const s = f32x4.mul(clamped, clamped);
  let p = multiplyAccumulate(constant(TANH_A13), s, constant(TANH_A11));
  p = multiplyAccumulate(p, s, constant(TANH_A9));
  p = multiplyAccumulate(p, s, constant(TANH_A7));
  p = multiplyAccumulate(p, s, constant(TANH_A5));
  p = multiplyAccumulate(p, s, constant(TANH_A3));
  p = multiplyAccumulate(p, s, constant(TANH_A1));
  p = f32x4.mul(p, clamped);
  let q = multiplyAccumulate(constant(TANH_B6), s, constant(TANH_B4));
  q = multiplyAccumulate(q, s, constant(TANH_B2));
  q = multiplyAccumulate(q, s, constant(TANH_B0));
  return f32x4.div(p, q);
}

/** Returns max(x, 0) per lane, with NaN mapped to 0 as `x > 0 ? x : 0` does. */
// @ts-ignore: decorator
@inline
export function reluLanes(x: v128): v128 {
  return v128.and(x, f32x4.gt(x, f32x4.splat(0)));
}

/** Returns the relu derivative per lane: 1 where x > 0, else 0. */
// @ts-ignore: decorator
@inline
export function reluDerivativeLanes(x: v128): v128 {
  return v128.and(constant(ONE), f32x4.gt(x, f32x4.splat(0)));
}

/** Returns softplus log(1 + e^x), evaluated in float64 without overflow for large |x|. */
export function softplus(x: f32): f32 {
  const xd = <f64>x;
  if (xd > 0) return <f32>(xd + Math.log1p(Math.exp(-xd)));
  return <f32>Math.log1p(Math.exp(xd));
}

/** Returns the logistic sigmoid in float64, the softplus derivative. */
export function sigmoid(x: f32): f32 {
  const xd = <f64>x;
  if (xd >= 0) return <f32>(1 / (1 + Math.exp(-xd)));
  const e = Math.exp(xd);
  return <f32>(e / (1 + e));
}
