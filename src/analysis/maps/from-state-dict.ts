/**
 * Builds the one-step map of any supported cell from a PyTorch-style state dict.
 */
import { resolveLeakyOptions } from '../../engine/cells/leaky-connectivity.js';
import type { NetworkConfig } from '../../engine/network-config.js';
import type { StateDict } from '../types.js';
import { parameterShape, type CellKind, type CellMap } from './cell-map.js';
import { gruMap } from './gru.js';
import { leakyMap, type RateActivation } from './leaky.js';
import { lstmMap } from './lstm.js';
import { rnnMap } from './rnn.js';

/** Cell kind of a state dict, with the leaky network's settings. */
export interface CellMapConfig {
  cell: CellKind;
  /** Leaky network only: a = dt / tau. */
  alpha?: number;
  /** Leaky network only: transfer function (default 'relu'). */
  activation?: RateActivation;
}

/** Returns the map x' = F(x, u) and its Jacobian for the configured cell. */
export function cellMapFromStateDict(stateDict: StateDict, config: CellMapConfig): CellMap {
  switch (config.cell) {
    case 'rnn':
      return rnnMap(stateDict, 'tanh');
    case 'rnn-relu':
      return rnnMap(stateDict, 'relu');
    case 'lstm':
      return lstmMap(stateDict);
    case 'gru':
      return gruMap(stateDict);
    case 'leaky':
      if (config.alpha === undefined) {
        throw new Error('Missing leak a = dt / tau for the leaky network map');
      }
      return leakyMap(stateDict, { alpha: config.alpha, activation: config.activation });
  }
}

/**
 * Returns the map of a network built from `config`, taking the leaky network's a = dt / tau
 * and transfer function from `config.leaky` with the engine's defaults (tau 100 ms, relu).
 */
export function cellMapFromNetwork(
  stateDict: StateDict,
  config: Pick<NetworkConfig, 'cell' | 'leaky'>,
): CellMap {
  if (config.cell !== 'leaky') return cellMapFromStateDict(stateDict, { cell: config.cell });
  const [H] = parameterShape(stateDict, 'rnn.weight_hh_l0');
  const { alpha, activation } = resolveLeakyOptions(config.leaky, H);
  return cellMapFromStateDict(stateDict, { cell: 'leaky', alpha, activation });
}
