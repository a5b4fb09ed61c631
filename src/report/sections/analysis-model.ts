/**
 * One report section per analysed model: what the network's population does between set and
 * go (PCA, temporal scaling, KiNeT, speed), its timing behaviour on fresh trials, and the
 * fixed and slow points of each constant input.
 */
import type { ModelAnalysis } from '../../experiment/analyze-model.js';
import { quotedWeberFraction } from '../../experiment/analyze-model.js';
import { behaviourChart } from '../charts/analysis-behaviour.js';
import { kinetChart } from '../charts/analysis-kinet.js';
import { pcaTrajectoryChart } from '../charts/analysis-pca.js';
import { scalingIndexChart } from '../charts/analysis-scaling.js';
import { speedChart } from '../charts/analysis-speed.js';
import { varianceExplainedChart } from '../charts/analysis-variance.js';
import { figureSlot } from '../figure-slot.js';
import { escapeHtml } from '../html-escape.js';
import type { ReportFigure, ReportSection } from '../types.js';

/** Formats a number with `digits` decimals, or an en dash when it is not finite. */
export function formatNumber(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** Builds the section `analysis-<model>` with the figures `analysis-<kind>-<model>`. */
export function modelAnalysisSection(analysis: ModelAnalysis): ReportSection {
  const name = analysis.name;
  const { scaling, speed, behaviour } = analysis;
  const conditions = analysis.states.readout.conditions;
  const points = analysis.fixedPoints.flatMap((entry) => entry.readoutPoints);
  const figures: ReportFigure[] = [
    {
      name: `analysis-pca-${name}`,
      spec: pcaTrajectoryChart({
        pca: analysis.pca,
        conditions,
        fixedPoints: points,
        title: `${name}: population trajectories from set`,
      }),
      caption:
        `${name}: condition-averaged ${stateName(analysis)} from the end of set to the end of ` +
        'production in the first two principal components, one line per interval, with the ' +
        'fixed and slow points of every constant input (see the table).',
    },
    {
      name: `analysis-variance-${name}`,
      spec: varianceExplainedChart({ pca: analysis.pca, title: `${name}: variance explained` }),
      caption: `${name}: fraction of the trajectories' variance along each principal component.`,
    },
    {
      name: `analysis-scaling-${name}`,
      spec: scalingIndexChart({ scaling, title: `${name}: temporal scaling of single units` }),
      caption:
        `${name}: per unit, the R² of one shared profile across intervals on scaled time ` +
        '(t / T) and on absolute time; scaled populations pile up near 1 on scaled time.',
    },
    {
      name: `analysis-kinet-${name}`,
      spec: kinetChart({ kinet: analysis.kinet, title: `${name}: KiNeT` }),
      caption:
        `${name}: matched time on each trajectory against time on the reference (the middle ` +
        'interval); a relative speed above 1 means the trajectory runs faster than the reference.',
    },
    {
      name: `analysis-speed-${name}`,
      spec: speedChart({ speed, title: `${name}: speed of the population trajectory` }),
      caption: `${name}: mean speed between set and go against the interval, log-log, with the ` +
        'fit log S = A - B log T.',
    },
  ];

  // A network that never responds has nothing to plot against the target.
  const responded = behaviour.behaviour.targets.some((target) => target.responses > 0);
  if (responded) {
    figures.push({
      name: `analysis-behaviour-${name}`,
      spec: behaviourChart({
        behaviour: behaviour.behaviour,
        sweep: behaviour.sweep?.targets,
        modelName: name,
      }),
      caption:
        behaviour.sweep === null
          ? `${name}: produced against target interval on fresh trials.`
          : `${name}: produced against target interval over a sweep that includes intervals ` +
            'the network was not trained on (open squares).',
    });
  }

  const summaryRows = [
    ['conditions', conditions.map((condition) => condition.label).join(', ')],
    [
      'scaling index (median R², scaled / absolute time)',
      `${formatNumber(scaling.summary.medianScaled, 3)} / ` +
        `${formatNumber(scaling.summary.medianAbsolute, 3)} over ${scaling.summary.units} units`,
    ],
    ['speed exponent B (log S = A - B log T)', formatNumber(speed.B, 3)],
    [
      'KiNeT relative speed',
      analysis.kinet.conditions
        .map((condition) => `${condition.label}: ${formatNumber(condition.relativeSpeed, 2)}`)
        .join(', '),
    ],
    ['Weber fraction', formatNumber(quotedWeberFraction(behaviour.behaviour), 3)],
    ['variance explained by PC1-3', formatPercent(analysis.pca.explainedVarianceRatio, 3)],
  ];
  const html =
    `<p>${escapeHtml(name)} (${escapeHtml(analysis.cell)}, hidden ${analysis.hiddenSize}), ` +
    `${analysis.settings.trialsPerInterval} trials per interval averaged from the end of set, ` +
    `behaviour on ${analysis.settings.behaviourTrials} fresh trials per target. Nothing was ` +
    'retrained.</p>\n' +
    `<table class="facts">\n<tbody>\n${summaryRows
      .map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
      .join('\n')}\n</tbody>\n</table>\n` +
    figureSlot(`analysis-pca-${name}`) +
    fixedPointTable(analysis) +
    sweepTable(analysis) +
    (responded ? '' : '<p>The network responded in none of the fresh trials.</p>\n');
  return {
    id: `analysis-${name}`,
    title: `Analysis: ${name}`,
    html,
    figures,
    figureLayout: 'grid',
  };
}

function stateName(analysis: ModelAnalysis): string {
  return analysis.cell === 'leaky' ? 'rates r' : 'hidden states h';
}

function formatPercent(ratios: Float64Array, count: number): string {
  let sum = 0;
  for (let k = 0; k < Math.min(count, ratios.length); k++) sum += ratios[k];
  return `${(100 * sum).toFixed(1)}%`;
}

function fixedPointTable(analysis: ModelAnalysis): string {
  const rows = analysis.fixedPoints.flatMap((entry) => {
    if (entry.points.length === 0) {
      return [
        `<tr><td>${escapeHtml(entry.input.label)}</td><td colspan="5">none with q ≤ 1e-4 ` +
          `from ${entry.starts} starts</td></tr>`,
      ];
    }
    return entry.points.map((point) => {
      const modes = point.unstableModes === 1 ? '1 mode' : `${point.unstableModes} modes`;
      const unstable = point.unstableModes > 0 ? ` (${modes})` : '';
      return (
        `<tr><td>${escapeHtml(entry.input.label)}</td><td>${point.kind}</td>` +
        `<td>${point.q.toExponential(1)}</td><td>${point.stable ? 'stable' : 'unstable'}` +
        `${unstable}</td>` +
        `<td>${point.eigenvalues.spectralRadius.toFixed(3)}</td><td>${point.hits}</td></tr>`
      );
    });
  });
  const space =
    analysis.cell === 'lstm' ? '[h; c]' : analysis.cell === 'leaky' ? 'x (before f)' : 'h';
  return (
    `<h3>Fixed and slow points</h3>\n<p>Minima of q = |F(x, u) - x|² / 2 on the state ${space} ` +
    `for each constant input u of the task, from ${analysis.settings.fixedPointStarts} states ` +
    `sampled along trials, with at most ${analysis.settings.fixedPointIterations} Adam ` +
    'iterations and Newton refinement. Fixed: q ≤ 1e-14; slow: q ≤ 1e-4. A point is stable ' +
    'when every eigenvalue of the Jacobian has |λ| &lt; 1.</p>\n' +
    '<table class="scores">\n<thead><tr><th scope="col">input</th><th scope="col">kind</th>' +
    '<th scope="col">q</th><th scope="col">stability</th>' +
    '<th scope="col">largest |λ|</th><th scope="col">starts</th></tr></thead>\n' +
    `<tbody>\n${rows.join('\n')}\n</tbody>\n</table>\n`
  );
}

function sweepTable(analysis: ModelAnalysis): string {
  const { behaviour } = analysis;
  const stats = new Map(behaviour.behaviour.targets.map((target) => [target.targetMs, target]));
  const rows = behaviour.relativeErrors.map(({ targetMs, trained, meanAbsoluteErrorMs }) => {
    const target = stats.get(targetMs);
    const responses = target === undefined ? '0/0' : `${target.responses}/${target.trials}`;
    return (
      `<tr><td>${targetMs}</td><td>${trained ? 'trained' : 'held out'}</td>` +
      `<td>${formatNumber(target?.meanMs ?? NaN, 0)}</td>` +
      `<td>${formatNumber(target?.sdMs ?? NaN, 0)}</td>` +
      `<td>${formatNumber(meanAbsoluteErrorMs, 0)}</td>` +
      `<td>${formatNumber((100 * meanAbsoluteErrorMs) / targetMs, 1)}%</td>` +
      `<td>${responses}</td></tr>`
    );
  });
  return (
    '<h3>Produced intervals</h3>\n' +
    '<table class="scores">\n<thead><tr><th scope="col">target (ms)</th>' +
    '<th scope="col">training</th><th scope="col">mean (ms)</th><th scope="col">SD (ms)</th>' +
    '<th scope="col">mean |error| (ms)</th><th scope="col">|error| / target</th>' +
    '<th scope="col">responses</th></tr></thead>\n' +
    `<tbody>\n${rows.join('\n')}\n</tbody>\n</table>\n`
  );
}
