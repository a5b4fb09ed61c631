/** The report's opening section: the task, the models, training and a verdict per model. */
import { escapeHtml, formatCount, formatDuration } from '../html-escape.js';
import type { ReportInput, ReportSection } from '../types.js';
import { modelVerdict } from '../verdict.js';

/** Builds the summary section. */
export function summarySection(input: ReportInput): ReportSection {
  const { task, models } = input;
  const conditions = Object.entries(task.conditions)
    .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : String(value)}`)
    .join('; ');
  const modelList = models
    .map((model) => `${model.name} (${model.cell}, H = ${model.hiddenSize})`)
    .join(', ');
  const steps = [...new Set(models.map((model) => model.steps))].map(formatCount).join(' / ');
  const times = models
    .map((model) => `${model.name} ${formatDuration(model.trainingSeconds)}`)
    .join(', ');

  const rows: [string, string][] = [
    ['task', `${task.name}: ${task.description}`],
    ['time step dt', `${task.dtMs} ms`],
    ['conditions', conditions || '–'],
    ['models', modelList],
    ['training steps', steps],
    ['training time', times],
  ];
  const table = rows
    .map(([name, value]) => `<tr><th scope="row">${name}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('\n');
  const verdicts = models.map((model) => `<li>${escapeHtml(modelVerdict(model))}</li>`).join('\n');

  return {
    id: 'summary',
    title: 'Summary',
    html:
      `<table class="facts">\n${table}\n</table>\n` +
      '<p>Verdicts come from the closed-loop evaluation on fresh trials: a trial succeeds when ' +
      'the network first says "go" within the task\'s margin of the target interval.</p>\n' +
      `<ul class="verdicts">\n${verdicts}\n</ul>`,
    figures: [],
  };
}
