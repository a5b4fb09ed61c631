/** The training record of one model: the loss at every step and the periodic evaluations. */
export interface TrainingRecord {
  lossCurve: { step: number; loss: number }[];
  evaluationCurve: { step: number; successRate: number; meanReward: number }[];
  secondsPerStep: { step: number; elapsedSeconds: number }[];
}

/**
 * Formats a training record as CSV, one row per step:
 * `step,loss,eval_success_rate,eval_mean_reward,elapsed_seconds`, where the evaluation columns
 * are empty except on steps with a periodic evaluation.
 */
export function formatMetricsCsv(record: TrainingRecord): string {
  const evaluations = new Map(record.evaluationCurve.map((row) => [row.step, row]));
  const elapsed = new Map(record.secondsPerStep.map((row) => [row.step, row.elapsedSeconds]));
  const lines = ['step,loss,eval_success_rate,eval_mean_reward,elapsed_seconds'];
  for (const { step, loss } of record.lossCurve) {
    const evaluation = evaluations.get(step);
    const seconds = elapsed.get(step);
    lines.push(
      [
        step,
        loss,
        evaluation ? evaluation.successRate : '',
        evaluation ? evaluation.meanReward : '',
        seconds === undefined ? '' : seconds.toFixed(3),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Parses a metrics.csv written by `formatMetricsCsv`. */
export function parseMetricsCsv(text: string): TrainingRecord {
  const rows = text.trim().split('\n');
  const header = rows.shift();
  if (header !== 'step,loss,eval_success_rate,eval_mean_reward,elapsed_seconds') {
    throw new Error(`metrics.csv: unexpected header ${JSON.stringify(header)}`);
  }
  const record: TrainingRecord = { lossCurve: [], evaluationCurve: [], secondsPerStep: [] };
  for (const row of rows) {
    const [step, loss, successRate, meanReward, seconds] = row.split(',');
    const stepNumber = Number(step);
    record.lossCurve.push({ step: stepNumber, loss: Number(loss) });
    if (successRate !== '' && successRate !== undefined) {
      record.evaluationCurve.push({
        step: stepNumber,
        successRate: Number(successRate),
        meanReward: Number(meanReward),
      });
    }
    if (seconds !== '' && seconds !== undefined) {
      record.secondsPerStep.push({ step: stepNumber, elapsedSeconds: Number(seconds) });
    }
  }
  return record;
}
