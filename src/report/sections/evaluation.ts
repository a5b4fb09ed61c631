/**
 * The evaluation table: each score of each model beside what always fixating scores on the
 * same trials, and plain sentences where an accuracy looks better than the timing is.
 */
import { escapeHtml, formatCount, formatFraction, formatPercent } from '../html-escape.js';
import type { EvaluationScores, ReportInput, ReportSection } from '../types.js';
import { accuracyCaveats } from '../verdict.js';

const columns: { key: keyof EvaluationScores; title: string; percent: boolean }[] = [
  { key: 'successRate', title: 'success rate', percent: true },
  { key: 'meanReward', title: 'mean reward', percent: false },
  { key: 'lastStepAccuracy', title: 'last-step accuracy', percent: false },
  { key: 'stepAccuracy', title: 'per-step accuracy', percent: false },
];

/** Builds the evaluation section. */
export function evaluationSection(input: ReportInput): ReportSection {
  const header = columns.map((column) => `<th scope="col">${column.title}</th>`).join('');
  const rows = input.models.map((model) => {
    const evaluation = model.evaluation;
    const baseline = evaluation.baselines.alwaysFixate;
    const cells = columns.map((column) => {
      const format = column.percent ? formatPercent : formatFraction;
      return (
        `<td><span class="score">${format(evaluation[column.key])}</span>` +
        `<span class="baseline">always fixate ${format(baseline[column.key])}</span></td>`
      );
    });
    return (
      `<tr><th scope="row">${escapeHtml(model.name)}</th>` +
      `<td>${formatCount(evaluation.trials)}</td>${cells.join('')}</tr>`
    );
  });

  const caveats = input.models.flatMap(accuracyCaveats);
  const caveatItems = caveats.map((caveat) => `<li>${escapeHtml(caveat)}</li>`).join('\n');
  const caveatList =
    caveats.length === 0 ? '' : `<ul class="caveats">\n${caveatItems}\n</ul>`;

  return {
    id: 'evaluation',
    title: 'Evaluation',
    html:
      '<p>Scores on fresh trials, run closed-loop: the first "go" ends a trial, and the ' +
      'trial succeeds when the produced interval t<sub>p</sub> satisfies ' +
      '|t<sub>p</sub> − T| ≤ 0.2 T + 25 ms. Mean reward is the task\'s reward per trial. ' +
      'Last-step and per-step accuracy compare the network\'s action with the ground truth, ' +
      'as NeuroGym\'s example notebooks do. Under each score is what a policy that always ' +
      'fixates scores on the same trials.</p>\n' +
      '<table class="scores">\n' +
      `<thead><tr><th scope="col">model</th><th scope="col">trials</th>${header}</tr></thead>\n` +
      `<tbody>\n${rows.join('\n')}\n</tbody>\n</table>\n` +
      caveatList,
    figures: [],
  };
}
