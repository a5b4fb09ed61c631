/** Produced against target interval, one chart per model, and the per-target summary. */
import { intervalsChart } from '../charts/intervals.js';
import { escapeHtml, formatCount } from '../html-escape.js';
import { modelColors } from '../theme.js';
import type { ReportInput, ReportSection } from '../types.js';

/** Builds the produced-interval section with the figures `intervals-<model>`. */
export function intervalsSection(input: ReportInput): ReportSection {
  const colors = modelColors(input.models.map((model) => model.name)).range;
  const rows = input.models.flatMap((model) =>
    model.evaluation.producedIntervals.map((summary) => {
      const mean = summary.meanMs === null ? '–' : summary.meanMs.toFixed(0);
      const std = summary.stdMs === null ? '–' : summary.stdMs.toFixed(0);
      return (
        `<tr><th scope="row">${escapeHtml(model.name)}</th><td>${summary.targetMs}</td>` +
        `<td>${formatCount(summary.n)}</td><td>${formatCount(summary.producedCount)}</td>` +
        `<td>${mean}</td><td>${std}</td></tr>`
      );
    }),
  );
  return {
    id: 'intervals',
    title: 'Produced intervals',
    html:
      '<p>Each point is one evaluation trial, jittered sideways so that points do not hide ' +
      'each other. A network that times puts its points inside the grey band around the ' +
      'dashed identity line; trials without a go have no point.</p>\n' +
      '<table class="scores">\n<thead><tr><th scope="col">model</th>' +
      '<th scope="col">target T (ms)</th><th scope="col">trials</th>' +
      '<th scope="col">trials with a go</th><th scope="col">mean t<sub>p</sub> (ms)</th>' +
      `<th scope="col">SD t<sub>p</sub> (ms)</th></tr></thead>\n<tbody>\n${rows.join('\n')}\n` +
      '</tbody>\n</table>',
    figures: input.models.map((model, k) => ({
      name: `intervals-${model.name}`,
      spec: intervalsChart({
        modelName: model.name,
        outcomes: model.evaluation.outcomes,
        summaries: model.evaluation.producedIntervals,
        color: colors[k],
      }),
      caption: `${model.name}: produced interval t_p against target T.`,
    })),
    figureLayout: 'grid',
  };
}
