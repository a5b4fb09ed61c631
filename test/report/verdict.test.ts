import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { ModelReport } from '../../src/report/types.js';
import { accuracyCaveats, modelVerdict } from '../../src/report/verdict.js';
import { fixtureReport } from './fixture.js';

const [rnn, lstm] = fixtureReport({ hiddenSize: 4, steps: 10, trials: 20 }).models;

/** Returns the model with some evaluation scores replaced. */
function withScores(model: ModelReport, scores: Partial<ModelReport['evaluation']>): ModelReport {
  return { ...model, evaluation: { ...model.evaluation, ...scores } };
}

describe('modelVerdict', () => {
  it('says a silent model does not time', () => {
    assert.equal(
      modelVerdict(rnn),
      'rnn does not time the intervals: 0% of 20 trials within the margin, mean reward 0.000; ' +
        'it gave no go in 20 of 20 trials.',
    );
  });

  it('grades by success rate', () => {
    const verdict = (successRate: number): string =>
      modelVerdict(withScores(lstm, { successRate }));
    assert.match(verdict(0.95), /^lstm times the intervals/);
    assert.match(verdict(0.6), /^lstm times most trials/);
    assert.match(verdict(0.4), /^lstm does not time/);
  });
});

describe('accuracyCaveats', () => {
  it('explains both accuracies of a silent model', () => {
    const caveats = accuracyCaveats(rnn);
    assert.equal(caveats.length, 2);
    assert.match(caveats[0], /per-step accuracy 0\.979 is within 0\.03 of the 0\.979/);
    assert.match(caveats[0], /comes from fixating, not from timing/);
    assert.match(caveats[1], /last-step accuracy is 1\.000 while only 0% of trials succeed/);
  });

  it('notes weak per-step accuracy of a timing model', () => {
    const caveats = accuracyCaveats(lstm);
    assert.equal(caveats.length, 1);
    assert.match(caveats[0], /barely separates/);
  });

  it('stays silent when accuracy separates', () => {
    const baseline = { ...lstm.evaluation.baselines.alwaysFixate, stepAccuracy: 0.5 };
    const clear = withScores(lstm, { stepAccuracy: 0.9, baselines: { alwaysFixate: baseline } });
    assert.deepEqual(accuracyCaveats(clear), []);
  });
});
