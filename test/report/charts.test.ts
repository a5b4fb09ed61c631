import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  activityChart,
  scaledUnitRows,
  unitsByPeakTime,
} from '../../src/report/charts/activity.js';
import { absoluteQuantile } from '../../src/report/charts/heatmap.js';
import { lossChart, movingAverage } from '../../src/report/charts/loss.js';
import { intervalsChart, successMarginMs } from '../../src/report/charts/intervals.js';
import { renderSvg } from '../../src/report/render.js';
import { modelColors, modelPalette } from '../../src/report/theme.js';
import { fixtureReport } from './fixture.js';

describe('movingAverage', () => {
  it('averages a centred window', () => {
    assert.deepEqual(movingAverage([1, 2, 3, 4, 5], 3), [1.5, 2, 3, 4, 4.5]);
  });

  it('returns the input for a window of 1', () => {
    assert.deepEqual(movingAverage([3, 1, 2], 1), [3, 1, 2]);
  });
});

describe('unitsByPeakTime', () => {
  it('orders units by their peak step', () => {
    // T = 3 steps, H = 3 units: unit 0 peaks at t = 2, unit 1 at t = 0, unit 2 at t = 1.
    const hidden = [0, 9, 0, 1, 0, 5, 7, 0, 0];
    assert.deepEqual(unitsByPeakTime(hidden, 3, 3), [1, 2, 0]);
  });
});

describe('scaledUnitRows', () => {
  it('scales each unit to [0, 1]', () => {
    // T = 2, H = 2: unit 0 goes 2 -> 4, unit 1 stays at 3.
    const rows = scaledUnitRows([2, 3, 4, 3], 2, 2, [1, 0]);
    assert.deepEqual([...rows], [0, 0, 0, 1]);
  });
});

describe('absoluteQuantile', () => {
  it('interpolates between order statistics', () => {
    assert.equal(absoluteQuantile([[-4, 1], [2, -3]], 0.5), 2.5);
    assert.equal(absoluteQuantile([[-4, 1], [2, -3]], 1), 4);
  });

  it('returns 0 for no values', () => {
    assert.equal(absoluteQuantile([], 0.99), 0);
  });
});

describe('successMarginMs', () => {
  it('is 0.2 T + 25 ms', () => {
    assert.equal(successMarginMs(800), 185);
    assert.equal(successMarginMs(1500), 325);
  });
});

describe('model colours', () => {
  it('follow the experiment order', () => {
    const colors = modelColors(['rnn', 'lstm', 'gru']);
    assert.deepEqual(colors.domain, ['rnn', 'lstm', 'gru']);
    assert.deepEqual(colors.range, modelPalette.slice(0, 3));
  });

  it('draw each model in its colour', async () => {
    const points = [
      { step: 0, loss: 1 },
      { step: 1, loss: 0.5 },
    ];
    const svg = await renderSvg(
      lossChart({
        series: [
          { modelName: 'gru', points },
          { modelName: 'rnn', points },
        ],
      }),
    );
    // The legend lists models in the given order, gru first in the first palette colour.
    const legend = svg.slice(svg.indexOf('role-legend'));
    assert.ok(legend.indexOf('>gru<') < legend.indexOf('>rnn<'));
    assert.match(svg, new RegExp(`stroke="${modelPalette[0]}"`));
    assert.match(svg, new RegExp(`stroke="${modelPalette[1]}"`));
  });
});

describe('lossChart', () => {
  it('draws a model without steps', async () => {
    const warnings: string[] = [];
    const svg = await renderSvg(
      lossChart({
        series: [
          { modelName: 'rnn', points: [] },
          { modelName: 'lstm', points: [] },
        ],
      }),
      warnings,
    );
    assert.match(svg, />Training loss</);
  });

  it('falls back to linear for zero loss', async () => {
    const points = [
      { step: 0, loss: 0.5 },
      { step: 1, loss: 0 },
    ];
    const spec = JSON.stringify(lossChart({ series: [{ modelName: 'rnn', points }] }));
    assert.doesNotMatch(spec, /"type":"log"/);
  });
});

describe('chart specs', () => {
  const input = fixtureReport({ hiddenSize: 5, steps: 30, trials: 20 });

  it('render without warnings', async () => {
    const warnings: string[] = [];
    const model = input.models[1];
    await renderSvg(
      intervalsChart({
        modelName: model.name,
        outcomes: model.evaluation.outcomes,
        summaries: model.evaluation.producedIntervals,
        color: '#000000',
      }),
      warnings,
    );
    await renderSvg(
      activityChart({ modelName: model.name, trials: model.exampleTrials, color: '#000000' }),
      warnings,
    );
    assert.deepEqual(warnings, []);
  });

  it('note a model that never goes', async () => {
    const model = input.models[0];
    const svg = await renderSvg(
      intervalsChart({
        modelName: model.name,
        outcomes: model.evaluation.outcomes,
        summaries: model.evaluation.producedIntervals,
        color: '#000000',
      }),
    );
    assert.match(svg, /no trial produced a go/);
    assert.match(svg, /20 of 20 trials had no go/);
  });

  it('mark the go in example trials', async () => {
    const model = input.models[1];
    const svg = await renderSvg(
      activityChart({ modelName: model.name, trials: model.exampleTrials, color: '#000000' }),
    );
    assert.equal([...svg.matchAll(/>go</g)].length, model.exampleTrials.length + 1);
    assert.match(svg, />cue</);
    assert.match(svg, />production</);
  });
});
