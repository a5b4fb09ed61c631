import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { analyseIntervalSweep, analyseTimingBehaviour } from '../../src/analysis/behaviour.js';
import { findFixedPoints, type FixedPoint } from '../../src/analysis/fixed-points.js';
import { kinet } from '../../src/analysis/kinet.js';
import { cellMapFromStateDict } from '../../src/analysis/maps/from-state-dict.js';
import { trajectoryPca } from '../../src/analysis/pca.js';
import { temporalScalingIndex } from '../../src/analysis/scaling.js';
import { trajectorySpeed } from '../../src/analysis/speed.js';
import type { StateDict, TrialOutcome } from '../../src/analysis/types.js';
import { behaviourChart } from '../../src/report/charts/analysis-behaviour.js';
import { kinetChart } from '../../src/report/charts/analysis-kinet.js';
import { pcaTrajectoryChart } from '../../src/report/charts/analysis-pca.js';
import { scalingIndexChart } from '../../src/report/charts/analysis-scaling.js';
import { speedChart } from '../../src/report/charts/analysis-speed.js';
import { varianceExplainedChart } from '../../src/report/charts/analysis-variance.js';
import { renderSvg } from '../../src/report/svg.js';
import { syntheticPopulation } from './synthetic.js';

const population = syntheticPopulation({
  intervalsMs: [800, 1100, 1500],
  units: 12,
  dtMs: 20,
  seed: 8,
  timing: 'scaled',
});

async function render(spec: Parameters<typeof renderSvg>[0]): Promise<string> {
  const warnings: string[] = [];
  const svg = await renderSvg(spec, warnings);
  assert.deepEqual(warnings, []);
  return svg;
}

/** Asserts that the SVG contains the pattern, without printing the whole SVG on failure. */
function assertContains(svg: string, pattern: RegExp): void {
  assert.ok(pattern.test(svg), `SVG does not contain ${pattern}`);
}

describe('analysis charts', () => {
  it('draws PCA trajectories with fixed points', async () => {
    const pca = trajectoryPca(population, 3);
    // A two-unit bistable network gives one stable and one unstable kind of point to draw.
    const stateDict: StateDict = {
      'rnn.weight_ih_l0': { shape: [2, 1], data: new Float32Array(2) },
      'rnn.weight_hh_l0': { shape: [2, 2], data: Float32Array.from([1, 0.8, 0.8, 1]) },
    };
    const map = cellMapFromStateDict(stateDict, { cell: 'rnn' });
    const starts = [[0.9, 0.9], [0.05, -0.02], [-0.9, -0.8]].map((s) => Float64Array.from(s));
    const { points } = findFixedPoints(map, [new Float64Array(1)], starts);
    const padded = points.map((point) => ({
      ...point,
      state: Float64Array.from({ length: 12 }, (_, k) => point.state[k % 2]),
    }));
    const svg = await render(
      pcaTrajectoryChart({ pca, conditions: population.conditions, fixedPoints: padded }),
    );
    assertContains(svg, /Population trajectories from set to go/);
    assertContains(svg, /PC1 \(\d+\.\d%\)/);
    assertContains(svg, />stable</);
    assertContains(svg, />unstable</);
    assertContains(svg, />1500 ms</);
  });

  it('rejects a fixed point of another size', () => {
    const pca = trajectoryPca(population, 3);
    const fixedPoints = [{ state: new Float64Array(5), stable: true, kind: 'fixed', q: 0 }];
    assert.throws(
      () =>
        pcaTrajectoryChart({
          pca,
          conditions: population.conditions,
          fixedPoints: fixedPoints as unknown as FixedPoint[],
        }),
      /Fixed point has 5 values, expected 12/,
    );
  });

  it('rejects a component the PCA did not keep', () => {
    const pca = trajectoryPca(population, 2);
    assert.throws(
      () => pcaTrajectoryChart({ pca, conditions: population.conditions, axes: [0, 2] }),
      /Cannot draw PC3/,
    );
  });

  it('draws variance explained', async () => {
    const pca = trajectoryPca(population);
    const svg = await render(varianceExplainedChart({ pca, components: 5 }));
    assertContains(svg, /Variance explained/);
    assertContains(svg, />PC5</);
  });

  it('draws the scaling index histogram', async () => {
    const svg = await render(scalingIndexChart({ scaling: temporalScalingIndex(population) }));
    assertContains(svg, /Temporal scaling of single units/);
    assertContains(svg, /absolute time/);
  });

  it('draws KiNeT time mapping', async () => {
    const svg = await render(kinetChart({ kinet: kinet(population) }));
    assertContains(svg, /relative speed against 1100 ms: 800 ms: 1\.3[78], 1500 ms: 0\.73/);
  });

  it('draws speed against interval', async () => {
    const speed = trajectorySpeed(population);
    const svg = await render(speedChart({ speed }));
    assertContains(svg, new RegExp(`B = ${speed.B.toFixed(2)}`));
  });

  it('draws produced against target', async () => {
    const outcomes: TrialOutcome[] = [];
    for (const targetMs of [600, 800, 1100, 1500]) {
      for (const offset of [-0.1, 0, 0.1]) {
        outcomes.push({ targetMs, producedMs: targetMs * (1 + offset) });
      }
    }
    outcomes.push({ targetMs: 800, producedMs: null });
    const behaviour = analyseTimingBehaviour(outcomes);
    const sweep = analyseIntervalSweep(outcomes, [800, 1500]);
    const svg = await render(behaviourChart({ behaviour, sweep: sweep.targets, modelName: 'GRU' }));
    assertContains(svg, /GRU: Weber fraction 0\.100/);
    assertContains(svg, />untrained</);
  });
});
