/** Eigenvalue spectra of every square recurrent block, with their spectral radii. */
import { eigenSpectrum } from '../../analysis/spectrum.js';
import { spectrumChart, type BlockSpectrum } from '../charts/spectrum.js';
import { escapeHtml } from '../html-escape.js';
import { cellLayout, gateBlockNames } from '../parameters.js';
import { modelColors } from '../theme.js';
import type { ModelReport, ReportInput, ReportSection } from '../types.js';

/** Computes the spectrum of each gate's H x H recurrent block of a model. */
export function modelSpectra(model: ModelReport): BlockSpectrum[] {
  const layout = cellLayout(model.cell, model.hiddenSize, model.stateDict, model.config.leaky);
  return layout.gates.map((blocks) => {
    const names = gateBlockNames(model.cell, blocks.gate);
    return {
      label: model.cell === 'leaky' ? `${names.recurrent} (effective)` : names.recurrent,
      gate: layout.gates.length > 1 ? `${blocks.gate.name} ${blocks.gate.symbol}` : null,
      spectrum: eigenSpectrum(blocks.recurrent.data, model.hiddenSize),
    };
  });
}

/** Builds the eigenvalue section with the figures `spectrum-<model>`. */
export function spectraSection(input: ReportInput): ReportSection {
  const colors = modelColors(input.models.map((model) => model.name)).range;
  const spectra = input.models.map(modelSpectra);
  const rows = input.models.flatMap((model, k) =>
    spectra[k].map(
      (block) =>
        `<tr><th scope="row">${escapeHtml(model.name)}</th><td>${escapeHtml(block.label)}</td>` +
        `<td>${escapeHtml(block.gate ?? '–')}</td>` +
        `<td>${model.hiddenSize} × ${model.hiddenSize}</td>` +
        `<td>${block.spectrum.spectralRadius.toFixed(3)}</td></tr>`,
    ),
  );
  return {
    id: 'spectra',
    title: 'Eigenvalue spectra',
    html:
      '<p>Each gate\'s recurrent block is a square H × H matrix, so it has H eigenvalues for ' +
      'any hidden size H; no perfect square is needed. Near a fixed point, the linearised ' +
      'recurrent drive decays along eigenvectors with |λ| &lt; 1 and grows along those ' +
      'with |λ| &gt; 1, although in a gated cell the gates and the nonlinearity rescale every ' +
      'block, so a spectrum describes the block, not the whole cell.</p>\n' +
      '<table class="scores">\n<thead><tr><th scope="col">model</th><th scope="col">block</th>' +
      '<th scope="col">gate</th><th scope="col">size</th>' +
      '<th scope="col">spectral radius ρ</th></tr></thead>\n' +
      `<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`,
    figures: input.models.map((model, k) => ({
      name: `spectrum-${model.name}`,
      spec: spectrumChart({ modelName: model.name, blocks: spectra[k], color: colors[k] }),
      caption: `${model.name}: eigenvalues λ of each recurrent block with the unit circle.`,
    })),
    figureLayout: 'column',
  };
}
