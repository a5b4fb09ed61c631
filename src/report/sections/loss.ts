/** Loss curves of all models and, when evaluated during training, their success rate. */
import { lossChart } from '../charts/loss.js';
import { successChart } from '../charts/success.js';
import type { ReportFigure, ReportInput, ReportSection } from '../types.js';

const LOSS_CAPTIONS: Record<ReportInput['task']['kind'], string> = {
  classification:
    'Cross-entropy loss per optimiser step on a log scale. The loss is averaged over all ' +
    'steps of a batch, most of which ask for fixation, so a low loss does not mean the ' +
    'network times.',
  regression:
    'Mean squared error per optimiser step on a log scale, averaged over the unmasked steps ' +
    'of a batch. A small error can still hide an output that crosses the threshold too early ' +
    'or too late, which the closed-loop evaluation measures.',
};

/** Builds the training section: `loss` and, when there were periodic evaluations, `success`. */
export function lossSection(input: ReportInput): ReportSection {
  const figures: ReportFigure[] = [
    {
      name: 'loss',
      spec: lossChart({
        series: input.models.map((model) => ({ modelName: model.name, points: model.lossCurve })),
      }),
      caption: LOSS_CAPTIONS[input.task.kind],
    },
  ];
  if (input.models.some((model) => model.evaluationCurve.length > 0)) {
    figures.push({
      name: 'success',
      spec: successChart({
        series: input.models.map((model) => ({
          modelName: model.name,
          points: model.evaluationCurve,
        })),
      }),
      caption: 'Success rate of the periodic closed-loop evaluations during training.',
    });
  }
  return {
    id: 'training',
    title: 'Training',
    html: '<p>Models appear in the experiment\'s order and keep their colour in every chart.</p>',
    figures,
    figureLayout: 'column',
  };
}
