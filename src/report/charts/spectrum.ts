/**
 * Eigenvalues of each square recurrent block in the complex plane, one panel per gate, with
 * the unit circle: eigenvalues outside it are directions that the linearised block amplifies
 * at every step.
 */
import type { TopLevelSpec } from 'vega-lite';

import type { EigenSpectrum } from '../../analysis/spectrum.js';
import { referenceColor } from '../theme.js';
import { topLevelSpec, type ViewSpec } from './spec.js';

/** The spectrum of one H x H block, with the label shown above its panel. */
export interface BlockSpectrum {
  /** Block name, for example `W_hf`. */
  label: string;
  /** Gate in words, for example `forget gate f`, or null for a cell with one block. */
  gate: string | null;
  spectrum: EigenSpectrum;
}

/** Options of `spectrumChart`. */
export interface SpectrumChartOptions {
  modelName: string;
  blocks: BlockSpectrum[];
  /** Colour of the model's eigenvalues. */
  color: string;
  /** Side of each square panel in pixels; 180 by default. */
  size?: number;
}

/**
 * Builds the eigenvalue chart of one model: Re(lambda) against Im(lambda) with equal scales,
 * the same limits in every panel, and the spectral radius rho in each panel's title.
 */
export function spectrumChart(options: SpectrumChartOptions): TopLevelSpec {
  const size = options.size ?? 180;
  let extent = 1;
  for (const { spectrum } of options.blocks) {
    for (let k = 0; k < spectrum.real.length; k++) {
      extent = Math.max(extent, Math.abs(spectrum.real[k]), Math.abs(spectrum.imag[k]));
    }
  }
  const limit = Math.ceil(extent * 1.1 * 10) / 10;
  const domain = [-limit, limit];

  const circle = Array.from({ length: 129 }, (_, k) => {
    const angle = (2 * Math.PI * k) / 128;
    return { order: k, re: Math.cos(angle), im: Math.sin(angle) };
  });
  const axes = [
    { re: -limit, im: 0, re2: limit, im2: 0 },
    { re: 0, im: -limit, re2: 0, im2: limit },
  ];

  const panels: ViewSpec[] = options.blocks.map(({ label, gate, spectrum }) => {
    const points = Array.from(spectrum.real, (re, k) => ({ re, im: spectrum.imag[k] }));
    const x = { field: 're', type: 'quantitative', scale: { domain, nice: false }, title: 'Re λ' };
    const y = { field: 'im', type: 'quantitative', scale: { domain, nice: false }, title: 'Im λ' };
    return {
      title: {
        text: gate === null ? label : `${label} (${gate})`,
        subtitle: `spectral radius ρ = ${spectrum.spectralRadius.toFixed(3)}`,
        fontSize: 12,
      },
      width: size,
      height: size,
      layer: [
        {
          data: { values: axes },
          mark: { type: 'rule', color: '#cccccc', strokeWidth: 1 },
          encoding: { x, y, x2: { field: 're2' }, y2: { field: 'im2' } },
        },
        {
          data: { values: circle },
          mark: { type: 'line', color: referenceColor, strokeDash: [4, 3], strokeWidth: 1 },
          encoding: { x, y, order: { field: 'order', type: 'quantitative' } },
        },
        {
          data: { values: points },
          mark: { type: 'point', filled: true, size: 28, opacity: 0.8, color: options.color },
          encoding: { x, y },
        },
      ],
    };
  });

  return topLevelSpec({
    title: {
      text: `${options.modelName}: eigenvalues of the recurrent blocks`,
      subtitle: 'dashed: unit circle |λ| = 1',
    },
    hconcat: panels,
    spacing: 24,
  });
}
