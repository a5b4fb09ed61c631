/**
 * Fast Gaussian noise for the recurrent noise of rate networks, drawn from the seeded `Random`.
 */
import type { Real } from './kernels/kernels.js';
import type { Random } from './random.js';

const TWO_TO_MINUS_31 = 2 ** -31;

/**
 * Writes `count` draws of std N(0, 1) at `offset` of `out` by Marsaglia's polar method: with
 * u, v uniform in (-1, 1) and s = u^2 + v^2 < 1, both u f and v f are standard normal, where
 * f = sqrt(-2 ln(s) / s). It needs no sine or cosine, and each uniform uses one 32-bit draw.
 *
 * NOTE: with 32-bit uniforms, s >= 2^-62 caps |z| at sqrt(124 ln 2), about 9.3. That changes
 * nothing for recurrent noise but makes these draws unfit for estimating extreme tails.
 */
export function fillGaussianNoise(
  random: Random,
  out: Real,
  offset: number,
  count: number,
  std: number,
): void {
  let i = 0;
  while (i < count) {
    const u = random.nextUint32() * TWO_TO_MINUS_31 - 1;
    const v = random.nextUint32() * TWO_TO_MINUS_31 - 1;
    const s = u * u + v * v;
    if (s >= 1 || s === 0) continue;
    const factor = std * Math.sqrt((-2 * Math.log(s)) / s);
    out[offset + i] = u * factor;
    if (i + 1 < count) out[offset + i + 1] = v * factor;
    i += 2;
  }
}
