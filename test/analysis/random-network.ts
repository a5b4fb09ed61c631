/**
 * Random PyTorch-style state dicts for the cell-map and fixed-point tests.
 */
import { Random } from '../../src/engine/random.js';
import type { CellKind } from '../../src/analysis/maps/cell-map.js';
import type { StateDict } from '../../src/analysis/types.js';

/** Number of stacked gate blocks G in `rnn.weight_hh_l0` (G H, H). */
export function gateCount(cell: CellKind): number {
  if (cell === 'lstm') return 4;
  if (cell === 'gru') return 3;
  return 1;
}

/**
 * Returns a state dict with every parameter uniform in (-scale / sqrt(H), scale / sqrt(H)),
 * PyTorch's initialisation when scale is 1; a leaky network also gets Dale's signs and a mask
 * when `dale` is set.
 */
export function randomStateDict(
  cell: CellKind,
  H: number,
  I: number,
  seed: number,
  options: { scale?: number; dale?: boolean } = {},
): StateDict {
  const random = new Random(seed);
  const bound = (options.scale ?? 1) / Math.sqrt(H);
  const G = gateCount(cell);
  const uniform = (length: number): Float32Array => {
    const data = new Float32Array(length);
    random.fillUniform(data, -bound, bound);
    return data;
  };
  const stateDict: StateDict = {
    'rnn.weight_ih_l0': { shape: [G * H, I], data: uniform(G * H * I) },
    'rnn.weight_hh_l0': { shape: [G * H, H], data: uniform(G * H * H) },
    'rnn.bias_ih_l0': { shape: [G * H], data: uniform(G * H) },
    'rnn.bias_hh_l0': { shape: [G * H], data: uniform(G * H) },
  };
  if (options.dale) {
    const sign = new Float32Array(H).map((_, k) => (k < Math.round(0.8 * H) ? 1 : -1));
    const mask = new Float32Array(H * H).map((_, index) =>
      index % (H + 1) === 0 || random.uniform() < 0.2 ? 0 : 1,
    );
    stateDict['rnn.dale_sign'] = { shape: [H], data: sign };
    stateDict['rnn.mask'] = { shape: [H, H], data: mask };
  }
  return stateDict;
}
