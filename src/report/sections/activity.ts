/** Hidden activity of one example trial per target interval, for every model. */
import { activityChart } from '../charts/activity.js';
import { escapeHtml } from '../html-escape.js';
import { modelColors } from '../theme.js';
import type { ReportInput, ReportSection } from '../types.js';

/** Builds the activity section with the figures `activity-<model>`. */
export function activitySection(input: ReportInput): ReportSection {
  const colors = modelColors(input.models.map((model) => model.name)).range;
  const withTrials = input.models.filter((model) => model.exampleTrials.length > 0);
  const without = input.models.filter((model) => model.exampleTrials.length === 0);
  const withoutNames = escapeHtml(without.map((model) => model.name).join(', '));
  const missing =
    without.length === 0 ? '' : `<p>No example trials were recorded for ${withoutNames}.</p>`;
  return {
    id: 'activity',
    title: 'Hidden activity',
    html:
      '<p>One example trial per target interval. Rows are hidden units, sorted by the time ' +
      'of their peak in that trial, each scaled to its own minimum and maximum so that weak ' +
      'units stay visible. Dashed lines mark the start of each trial period and the ' +
      'network\'s first go; a period that rounds to zero steps at this dt has no line. ' +
      'Below, the network\'s outputs on the same time axis.</p>\n' +
      missing,
    figures: withTrials.map((model) => ({
      name: `activity-${model.name}`,
      spec: activityChart({
        modelName: model.name,
        trials: model.exampleTrials,
        color: colors[input.models.indexOf(model)],
      }),
      caption: `${model.name}: hidden units against time, and the outputs.`,
    })),
    figureLayout: 'column',
  };
}
