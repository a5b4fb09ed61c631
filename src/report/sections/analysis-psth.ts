/**
 * The page `analysis.html` of a recorded population: the temporal scaling, KiNeT and speed
 * analyses of PSTHs with units as dimensions, as one self-contained HTML file with inline SVG.
 */
import type {
  ConditionAveragedTrajectories,
  KinetAnalysis,
  PsthGroup,
  ScalingAnalysis,
  SpeedAnalysis,
  TrajectoryPca,
} from '../../analysis/index.js';
import { kinetChart } from '../charts/analysis-kinet.js';
import { pcaTrajectoryChart } from '../charts/analysis-pca.js';
import { scalingIndexChart } from '../charts/analysis-scaling.js';
import { speedChart } from '../charts/analysis-speed.js';
import { varianceExplainedChart } from '../charts/analysis-variance.js';
import { escapeHtml } from '../html-escape.js';
import type { ReportFigure } from '../types.js';
import { formatNumber } from './analysis-model.js';

/** The analyses the page shows. */
export interface PsthAnalysisResults {
  trajectories: ConditionAveragedTrajectories;
  pca: TrajectoryPca;
  scaling: ScalingAnalysis;
  kinet: KinetAnalysis;
  speed: SpeedAnalysis;
}

/** Builds the figures `analysis-scaling`, `analysis-speed`, `analysis-kinet` and the PCA's. */
export function psthAnalysisFigures(results: PsthAnalysisResults): ReportFigure[] {
  const figures: ReportFigure[] = [
    {
      name: 'analysis-scaling',
      spec: scalingIndexChart({ scaling: results.scaling }),
      caption:
        'Per unit, the R² of one shared profile across intervals on scaled time (t / T) and ' +
        'on absolute time.',
    },
    {
      name: 'analysis-speed',
      spec: speedChart({ speed: results.speed }),
      caption: 'Mean speed between the alignment event and the interval, with log S = A - B log T.',
    },
    {
      name: 'analysis-kinet',
      spec: kinetChart({ kinet: results.kinet }),
      caption: 'Matched time on each trajectory against time on the reference condition.',
    },
  ];
  // PCA pictures need two components, so a single recorded unit gets none.
  if (results.pca.k >= 2) {
    figures.push(
      {
        name: 'analysis-pca',
        spec: pcaTrajectoryChart({ pca: results.pca, conditions: results.trajectories.conditions }),
        caption: 'Condition-averaged population activity in the first two principal components.',
      },
      {
        name: 'analysis-variance',
        spec: varianceExplainedChart({ pca: results.pca }),
        caption: 'Fraction of the variance along each principal component.',
      },
    );
  }
  return figures;
}

/** What `psthAnalysisPage` shows besides the analyses. */
export interface PsthPageInput {
  /** The NWB file the PSTHs came from. */
  source: string;
  /** Trials column the PSTHs are aligned to. */
  alignment: string;
  groups: readonly PsthGroup[];
  units: number;
  binMs: number;
  scaling: ScalingAnalysis;
  speed: SpeedAnalysis;
  kinet: KinetAnalysis;
  pca: TrajectoryPca;
  /** Rendered figures, in order. */
  figures: { name: string; svg: string; caption: string }[];
}

const styles = `
body { margin: 0 auto; max-width: 1100px; padding: 24px 28px; color: #222; background: #fafafa;
  font: 16px/1.55 "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; }
h1 { font-size: 1.5em; margin: 0 0 8px; }
table { border-collapse: collapse; margin: 12px 0; font-size: 0.92em; }
th, td { padding: 5px 12px; border-bottom: 1px solid #eee; text-align: left; }
th { color: #555; font-weight: normal; }
figure { background: #fff; border: 1px solid #e8e8e8; border-radius: 6px; padding: 12px;
  margin: 16px 0; overflow-x: auto; }
figcaption { color: #555; font-size: 0.9em; margin-top: 6px; }
`;

/** Returns the self-contained HTML page of a recorded population's analysis. */
export function psthAnalysisPage(input: PsthPageInput): string {
  const { scaling, speed, kinet } = input;
  const rows: [string, string][] = [
    ['source', input.source],
    ['aligned to', `${input.alignment} (t = 0), bins of ${formatNumber(input.binMs, 0)} ms`],
    ['units', String(input.units)],
    [
      'groups (interval)',
      input.groups.map((group) => `${group.label} (${group.intervalMs} ms)`).join(', '),
    ],
    [
      'scaling index (median R², scaled / absolute time)',
      `${formatNumber(scaling.summary.medianScaled, 3)} / ` +
        `${formatNumber(scaling.summary.medianAbsolute, 3)} over ${scaling.summary.units} units`,
    ],
    ['speed exponent B (log S = A - B log T)', formatNumber(speed.B, 3)],
    [
      `KiNeT relative speed against ${kinet.referenceLabel}`,
      kinet.conditions
        .map((condition) => `${condition.label}: ${formatNumber(condition.relativeSpeed, 2)}`)
        .join(', '),
    ],
    ['variance explained by PC1', `${(100 * input.pca.explainedVarianceRatio[0]).toFixed(1)}%`],
  ];
  const table = rows
    .map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('\n');
  const figures = input.figures
    .map(
      (figure) =>
        `<figure id="${escapeHtml(figure.name)}">${figure.svg}` +
        `<figcaption>${escapeHtml(figure.caption)}</figcaption></figure>`,
    )
    .join('\n');
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<title>Temporal scaling of a recorded population</title>\n' +
    `<style>${styles}</style>\n</head>\n<body>\n` +
    '<h1>Temporal scaling of a recorded population</h1>\n' +
    '<p>Each group of trials is one condition and each unit one dimension of the population ' +
    'state. Firing rates are resampled from the alignment event on; a condition is analysed ' +
    'up to its interval.</p>\n' +
    `<table>\n<tbody>\n${table}\n</tbody>\n</table>\n${figures}\n</body>\n</html>\n`
  );
}
