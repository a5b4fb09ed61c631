import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { analysePsth } from '../../src/experiment/analyze-psth.js';
import { writeNpy } from '../../src/io/npy.js';
import { runCli } from '../cli/cli-helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const samples = resolve(here, '..', 'fixtures', 'nwb-samples');
const sample = join(samples, 'dandi-cli__sub-anm369963_ses-20170228.nwb');
const work = mkdtempSync(join(tmpdir(), 'rnnlab-analyze-psth-'));
after(() => rmSync(work, { recursive: true, force: true }));

const binMs = 10;
const units = 12;

/**
 * Writes a PSTH folder whose units respond as Gaussian bumps. With `scaled`, unit u peaks at
 * the fraction (u + 0.5) / units of each group's interval T with a width proportional to T,
 * so its responses coincide on t / T. Without it, the peak and width are the same in ms for
 * every group.
 */
function writeSyntheticPsth(dir: string, intervalsMs: number[], scaled: boolean): void {
  mkdirSync(dir, { recursive: true });
  const startS = -0.1;
  const bins = Math.round((Math.max(...intervalsMs) * 1.2 + 100) / binMs);
  const time = new Float64Array(bins).map((_, k) => startS + ((k + 0.5) * binMs) / 1000);
  const psth = new Float64Array(intervalsMs.length * units * bins);
  intervalsMs.forEach((intervalMs, g) => {
    const span = scaled ? intervalMs : 1000;
    for (let u = 0; u < units; u++) {
      const peakMs = ((u + 0.5) / units) * span;
      const widthMs = 0.12 * span;
      for (let k = 0; k < bins; k++) {
        const tMs = time[k] * 1000;
        psth[(g * units + u) * bins + k] = 5 + 20 * Math.exp(-(((tMs - peakMs) / widthMs) ** 2) / 2);
      }
    }
  });
  writeNpy(join(dir, 'psth.npy'), psth, [intervalsMs.length, units, bins]);
  writeNpy(join(dir, 'time.npy'), time, [bins]);
  const metadata = {
    source: 'synthetic',
    alignment: { column: 'set_time', binMs, groupBy: 'ts' },
    groups: intervalsMs.map((intervalMs) => ({ label: String(intervalMs), trialCount: 10 })),
  };
  writeFileSync(join(dir, 'metadata.json'), JSON.stringify(metadata));
}

test('scaled synthetic PSTH gives B near 1', async () => {
  const dir = join(work, 'scaled');
  writeSyntheticPsth(dir, [600, 900, 1200], true);
  const result = await analysePsth(dir);
  assert.deepEqual(
    result.groups.map((group) => group.intervalMs),
    [600, 900, 1200],
  );
  assert.ok(result.scaling.summary.medianScaled > 0.99, `scaled ${result.scaling.summary.medianScaled}`);
  assert.ok(
    result.scaling.summary.medianAbsolute < 0.9,
    `absolute ${result.scaling.summary.medianAbsolute}`,
  );
  assert.equal(result.scaling.summary.fractionScaledBetter, 1);
  // The same path in time T has speed proportional to 1 / T, so S = e^A T^-1.
  assert.ok(Math.abs(result.speed.B - 1) < 0.05, `B = ${result.speed.B}`);
  const shortest = result.kinet.conditions[0];
  // Against the 900 ms reference, a 600 ms scaled trajectory runs 900 / 600 = 1.5 times faster.
  assert.ok(Math.abs(shortest.relativeSpeed - 1.5) < 0.05, `relative speed ${shortest.relativeSpeed}`);
  for (const file of ['analysis.json', 'analysis.html']) assert.ok(existsSync(join(dir, file)), file);
  for (const name of ['analysis-scaling', 'analysis-speed', 'analysis-kinet', 'analysis-pca']) {
    assert.ok(existsSync(join(dir, 'figures', `${name}.svg`)), `${name}.svg`);
    assert.ok(existsSync(join(dir, 'figures', `${name}.png`)), `${name}.png`);
  }
});

test('absolute-time synthetic PSTH gives B near 0', async () => {
  const dir = join(work, 'absolute');
  writeSyntheticPsth(dir, [600, 900, 1200], false);
  const result = await analysePsth(dir);
  assert.ok(result.scaling.summary.medianAbsolute > 0.99, `absolute ${result.scaling.summary.medianAbsolute}`);
  assert.ok(result.scaling.summary.medianScaled < 0.9, `scaled ${result.scaling.summary.medianScaled}`);
  assert.ok(Math.abs(result.speed.B) < 0.2, `B = ${result.speed.B}`);
});

test('PSTH labels in seconds convert to ms', async () => {
  const dir = join(work, 'seconds');
  writeSyntheticPsth(dir, [600, 1200], true);
  const metadata = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8'));
  metadata.groups = [{ label: '0.6', trialCount: 4 }, { label: '1.2', trialCount: 4 }];
  writeFileSync(join(dir, 'metadata.json'), JSON.stringify(metadata));
  const result = await analysePsth(dir, { labelUnit: 's' });
  assert.deepEqual(
    result.groups.map((group) => group.intervalMs),
    [600, 1200],
  );
});

test('analyze on the dandi-cli sample PSTH', () => {
  const dir = join(work, 'dandi');
  const psth = runCli([
    'nwb', 'psth', sample,
    '--align', 'cue_start_time',
    '--window', '-0.5,2.0',
    '--bin', '25',
    '--smooth', '50',
    '--group-by', 'type',
    '--no-figures',
    '--out', dir,
  ]);
  assert.equal(psth.status, 0, psth.stderr);

  const result = runCli(['analyze', dir, '--intervals', '800,1500', '--json']);
  assert.equal(result.status, 0, result.stderr);
  const summary = JSON.parse(result.stdout);
  assert.equal(summary.units, 1);
  assert.deepEqual(
    summary.groups.map((group: { intervalMs: number }) => group.intervalMs),
    [800, 1500],
  );
  assert.ok(Number.isFinite(summary.scalingIndex), `scaling index ${summary.scalingIndex}`);
  assert.ok(Number.isFinite(summary.absoluteIndex), `absolute index ${summary.absoluteIndex}`);
  assert.ok(Number.isFinite(summary.speedExponentB), `B ${summary.speedExponentB}`);
  for (const speed of summary.relativeSpeeds) {
    assert.ok(Number.isFinite(speed.relativeSpeed), `relative speed of ${speed.condition}`);
  }
  const json = JSON.parse(readFileSync(join(dir, 'analysis.json'), 'utf8'));
  assert.equal(json.scaling.units.length, 1);
  assert.ok(readFileSync(join(dir, 'analysis.html'), 'utf8').includes('<svg'));
  for (const name of ['analysis-scaling', 'analysis-speed', 'analysis-kinet']) {
    assert.ok(existsSync(join(dir, 'figures', `${name}.svg`)), `${name}.svg`);
  }

  const mismatched = runCli(['analyze', dir, '--intervals', '800,1500,2000']);
  assert.notEqual(mismatched.status, 0);
  const lines = mismatched.stderr.trim().split('\n');
  assert.equal(lines.length, 1, mismatched.stderr);
  assert.match(lines[0], /--intervals gives 3 intervals but the PSTH has 2 groups/);

  const unlabeled = runCli(['analyze', dir]);
  assert.notEqual(unlabeled.status, 0);
  assert.match(unlabeled.stderr.trim(), /^rnnlab: error: Group '.*' is not an interval; give one/);
});

test('PSTH shorter than an interval is rejected', async () => {
  const dir = join(work, 'short');
  writeSyntheticPsth(dir, [600, 900], true);
  await assert.rejects(
    analysePsth(dir, { intervalsMs: [600, 5000] }),
    /last bin centre is .* ms after the alignment event, short of the longest interval 5000 ms/,
  );
});
