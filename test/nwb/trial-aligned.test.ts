import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import h5wasm from 'h5wasm/node';

import { nwbPsth } from '../../src/cli/nwb.js';
import { readNpy } from '../../src/io/npy.js';
import { binSpikes } from '../../src/neural/binning.js';
import { computePsth } from '../../src/neural/psth.js';
import { gaussianKernel, smoothRows } from '../../src/neural/smoothing.js';
import { nwb2Base, writeSyntheticFile } from './synthetic-nwb.js';

const here = dirname(fileURLToPath(import.meta.url));
const samples = resolve(here, '..', 'fixtures', 'nwb-samples');
const sample = join(samples, 'dandi-cli__sub-anm369963_ses-20170228.nwb');
const folder = mkdtempSync(join(tmpdir(), 'rnnlab-psth-'));
after(() => rmSync(folder, { recursive: true, force: true }));

/** Reads the sample's spikes and trial columns with h5wasm directly, bypassing the reader. */
async function readSampleDirectly() {
  const module = await h5wasm.ready;
  module.activate_throwing_error_handler();
  const file = new h5wasm.File(sample, 'r');
  try {
    const numbers = (path: string) => {
      const dataset = file.get(path) as InstanceType<typeof h5wasm.Dataset>;
      return Float64Array.from(dataset.value as Float64Array);
    };
    return {
      spikes: numbers('units/spike_times'),
      start: numbers('intervals/trials/start_time'),
      cue: numbers('intervals/trials/cue_start_time'),
      type: (file.get('intervals/trials/type') as InstanceType<typeof h5wasm.Dataset>)
        .value as string[],
    };
  } finally {
    file.close();
  }
}

test('psth counts match a direct count', async () => {
  const out = join(folder, 'cue');
  const line = await nwbPsth(sample, {
    align: 'cue_start_time',
    relativeTo: 'auto',
    window: '-0.5,1.5',
    bin: '25',
    groupBy: 'type',
    out,
  });
  assert.match(line, /178 trials x 1 units x 80 bins, 2 group\(s\)/);

  const counts = readNpy(join(out, 'counts.npy'));
  assert.equal(counts.dtype, '<i4');
  assert.deepEqual(counts.shape, [178, 1, 80]);
  const metadata = JSON.parse(readFileSync(join(out, 'metadata.json'), 'utf8'));
  assert.equal(metadata.alignment.relativeTo, 'start_time');
  assert.equal(metadata.binEdgesS.length, 81);
  assert.equal(metadata.binEdgesS[0], -0.5);
  assert.equal(metadata.binEdgesS[80], 1.5);

  // The cue times in this file count from each trial's start, so the event is start + cue.
  const direct = await readSampleDirectly();
  let expectedTotal = 0;
  for (let trial = 0; trial < 178; trial++) {
    const event = direct.start[trial] + direct.cue[trial];
    let inWindow = 0;
    for (const time of direct.spikes) {
      if (time >= event - 0.5 && time < event + 1.5) inWindow += 1;
    }
    let binned = 0;
    for (let k = 0; k < 80; k++) binned += counts.data[trial * 80 + k];
    assert.equal(binned, inWindow, `trial ${trial}`);
    expectedTotal += inWindow;
  }
  let total = 0;
  for (const value of counts.data) total += value;
  assert.equal(total, expectedTotal);
  assert.ok(total > 100, `only ${total} spikes in the windows`);

  // Without smoothing each PSTH value is the group's mean count per bin divided by 25 ms.
  const psth = readNpy(join(out, 'psth.npy'));
  assert.deepEqual(psth.shape, [2, 1, 80]);
  assert.deepEqual(metadata.groups.map((group: { label: string }) => group.label), [
    'lick left',
    'lick right',
  ]);
  const leftTrials = direct.type.flatMap((type, trial) => (type === 'lick left' ? [trial] : []));
  assert.equal(metadata.groups[0].trialCount, leftTrials.length);
  for (let k = 0; k < 80; k++) {
    let sum = 0;
    for (const trial of leftTrials) sum += counts.data[trial * 80 + k];
    assert.ok(Math.abs(psth.data[k] - sum / leftTrials.length / 0.025) < 1e-9, `bin ${k}`);
  }

  assert.ok(existsSync(join(out, 'unit-1001.svg')));
  assert.ok(existsSync(join(out, 'unit-1001.png')));
  const csv = readFileSync(join(out, 'psth.csv'), 'utf8').trim().split('\n');
  assert.equal(csv[0], 'group,unit_id,time_s,rate_hz');
  assert.equal(csv.length, 1 + 2 * 80);
});

test('psth where filter keeps matching trials', async () => {
  const out = join(folder, 'filtered');
  await nwbPsth(sample, {
    align: 'pole_in_time',
    relativeTo: 'start_time',
    window: '0,1',
    bin: '100',
    smooth: '50',
    where: ['type=lick right'],
    figures: false,
    out,
  });
  const metadata = JSON.parse(readFileSync(join(out, 'metadata.json'), 'utf8'));
  const direct = await readSampleDirectly();
  const right = direct.type.filter((type) => type === 'lick right').length;
  assert.equal(metadata.trials.ids.length, right);
  assert.deepEqual(metadata.groups, [{ label: 'all', trialCount: right }]);
  assert.equal(existsSync(join(out, 'unit-1001.svg')), false);
});

const cueOptions = { align: 'cue_start_time', relativeTo: 'auto', bin: '10', out: folder };

test('psth missing align column rejected', async () => {
  await assert.rejects(
    nwbPsth(sample, { ...cueOptions, align: 'go_time', window: '0,1' }),
    /align column 'go_time' not found in \/intervals\/trials; time columns: .*cue_start_time/,
  );
});

test('psth integer align column rejected', async () => {
  // is_good is 0 or 1 on every trial, so auto would take it as seconds after start_time.
  await assert.rejects(
    nwbPsth(sample, { ...cueOptions, align: 'is_good', window: '0,1' }),
    /align column 'is_good' in \/intervals\/trials contains int32 values, not times in seconds/,
  );
  await assert.rejects(
    nwbPsth(sample, { ...cueOptions, relativeTo: 'stim_present', window: '0,1' }),
    /relative-to column 'stim_present' in \/intervals\/trials contains int32 values/,
  );
  await assert.rejects(
    nwbPsth(sample, { ...cueOptions, relativeTo: 'trial_start', window: '0,1' }),
    /relative-to column 'trial_start' not found in \/intervals\/trials/,
  );
});

test('psth NaN relative-to column named', async () => {
  // stop_time is NaN on every trial of the sample, while cue_start_time has values.
  await assert.rejects(
    nwbPsth(sample, { ...cueOptions, relativeTo: 'stop_time', window: '0,1' }),
    /178 selected, 178 without a value in cue_start_time or stop_time/,
  );
});

test('psth window start after end rejected', async () => {
  for (const window of ['1,-1', '0.5,0.5']) {
    await assert.rejects(
      nwbPsth(sample, { ...cueOptions, window }),
      /invalid --window .*: the start .* must be before the end/,
    );
  }
  await assert.rejects(
    nwbPsth(sample, { ...cueOptions, window: '0' }),
    /expected START,END in seconds/,
  );
});

test('psth bad filter and bin rejected', async () => {
  const base = { align: 'cue_start_time', relativeTo: 'auto', window: '0,1', out: folder };
  await assert.rejects(nwbPsth(sample, { ...base, bin: '0' }), /invalid --bin '0'/);
  await assert.rejects(nwbPsth(sample, { ...base, bin: '30' }), /not a whole number of 30 ms bins/);
  await assert.rejects(
    nwbPsth(sample, { ...base, bin: '10', where: ['type=lick up'] }),
    /no trial has type=lick up .*values present: lick left, lick right/,
  );
  await assert.rejects(nwbPsth(sample, { ...base, bin: '10', where: ['type'] }), /COLUMN=VALUE/);
});

test('binning edges are half-open', () => {
  const spikes = [Float64Array.of(0.9, 1.0, 1.05, 1.1, 1.2, 2.0)];
  const binned = binSpikes(spikes, Float64Array.of(1, 2), { startS: 0, endS: 0.2 }, 100);
  // Trial 1 covers [1.0, 1.1) and [1.1, 1.2); trial 2 covers [2.0, 2.1) and [2.1, 2.2).
  assert.deepEqual(Array.from(binned.counts), [2, 1, 1, 0]);
  assert.deepEqual(Array.from(binned.edgesS), [0, 0.1, 0.2]);
});

test('binning too many bins rejected', () => {
  const spikes = [Float64Array.of(1)];
  // 5e9 bins of 0.001 ms in 5000 s: one trial's edges alone would not fit in a typed array.
  assert.throws(
    () => binSpikes(spikes, Float64Array.of(0, 10), { startS: 0, endS: 5000 }, 0.001),
    /2 trials x 1 units x 5000000000 bins of 0\.001 ms make 10000000000 counts, more than/,
  );
});

test('psth averages groups in spikes/s', () => {
  const spikes = [Float64Array.of(0.01, 0.02, 1.01), Float64Array.of(2.05)];
  const binned = binSpikes(spikes, Float64Array.of(0, 1, 2), { startS: 0, endS: 0.1 }, 50);
  const psth = computePsth(binned, [[0, 1], [2], []], 50);
  // Group 0: unit 0 has 3 spikes in bin 0 over 2 trials, so 1.5 spikes per 50 ms = 30 Hz.
  assert.deepEqual(Array.from(psth.rates.slice(0, 4)), [30, 0, 0, 0]);
  assert.deepEqual(Array.from(psth.rates.slice(4, 8)), [0, 0, 0, 20]);
  assert.ok(psth.rates.slice(8).every(Number.isNaN));
});

test('Gaussian smoothing keeps constants and mass', () => {
  const kernel = gaussianKernel(20, 10);
  assert.equal(kernel.length, 17);
  assert.ok(Math.abs(kernel.reduce((sum, w) => sum + w, 0) - 1) < 1e-12);
  const constant = smoothRows(new Float64Array(30).fill(5), 30, 20, 10);
  assert.ok(constant.every((value) => Math.abs(value - 5) < 1e-12));
  const impulse = new Float64Array(41);
  impulse[20] = 1;
  const spread = smoothRows(impulse, 41, 20, 10);
  assert.ok(Math.abs(spread.reduce((sum, v) => sum + v, 0) - 1) < 1e-12);
  assert.ok(spread[20] < 1);
  assert.ok(spread[20] > spread[21]);
  assert.ok(spread[21] > spread[23]);
  assert.throws(() => gaussianKernel(0, 10), /sigma must be a positive number/);
});

test('smoothing tiny and huge sigmas', () => {
  const rates = Float64Array.of(0, 20, 40, 0, 20);
  // 2 sigma^2 underflows to 0 for this sigma, so a formula that divides by it gives NaN.
  assert.deepEqual(Array.from(smoothRows(rates, 5, 1e-300, 50)), Array.from(rates));

  // A sigma far wider than the window gives the row's mean, from a kernel no wider than the row.
  const wide = smoothRows(rates, 5, 1e12, 50);
  for (const value of wide) assert.ok(Math.abs(value - 16) < 1e-9, `${value}`);
  assert.equal(gaussianKernel(1e12, 50, 4).length, 9);
});

test('psth selects units and drops NaN events', async () => {
  const spec = nwb2Base();
  spec.groups['units'] = { neurodata_type: 'Units', colnames: ['spike_times'] };
  spec.datasets['units/id'] = new Int32Array([10, 20, 30]);
  spec.datasets['units/spike_times'] = new Float64Array([1.05, 2.05, 1.01, 1.02, 3.01, 2.5]);
  spec.datasets['units/spike_times_index'] = new Int32Array([2, 5, 6]);
  spec.groups['intervals'] = {};
  spec.groups['intervals/trials'] = {
    neurodata_type: 'TimeIntervals',
    colnames: ['start_time', 'stop_time', 'go_time', 'block'],
  };
  spec.datasets['intervals/trials/id'] = new Int32Array([0, 1, 2]);
  spec.datasets['intervals/trials/start_time'] = new Float64Array([0.5, 1.5, 2.5]);
  spec.datasets['intervals/trials/stop_time'] = new Float64Array([1.5, 2.5, 3.5]);
  spec.datasets['intervals/trials/go_time'] = new Float64Array([1, Number.NaN, 3]);
  spec.datasets['intervals/trials/block'] = new Int32Array([1, 1, 2]);
  const path = join(folder, 'selection.nwb');
  await writeSyntheticFile(path, spec);

  const out = join(folder, 'selection');
  await nwbPsth(path, {
    align: 'go_time',
    relativeTo: 'session',
    window: '0,0.1',
    bin: '50',
    units: '30,20',
    groupBy: 'block',
    figures: false,
    out,
  });
  const metadata = JSON.parse(readFileSync(join(out, 'metadata.json'), 'utf8'));
  assert.deepEqual(metadata.units.ids, [30, 20]);
  assert.deepEqual(metadata.trials.rows, [0, 2]);
  assert.deepEqual(metadata.trials.droppedRows, [1]);
  assert.deepEqual(metadata.groups, [
    { label: '1', trialCount: 1 },
    { label: '2', trialCount: 1 },
  ]);
  // Trial 0 (go at 1 s): unit 30 has no spike, unit 20 has 1.01 and 1.02 in bin 0.
  // Trial 2 (go at 3 s): unit 20 has 3.01 in bin 0.
  const counts = readNpy(join(out, 'counts.npy'));
  assert.deepEqual(counts.shape, [2, 2, 2]);
  assert.deepEqual(Array.from(counts.data), [0, 0, 2, 0, 0, 0, 1, 0]);

  await assert.rejects(
    nwbPsth(path, { ...cueOptions, align: 'go_time', window: '0,0.1', units: '40' }),
    /unit id '40' not found in \/units; ids start 10, 20, 30/,
  );
  await assert.rejects(
    nwbPsth(path, { ...cueOptions, align: 'go_time', window: '0,0.1', units: '20,30,20' }),
    /unit id '20' is given twice in --units '20,30,20'/,
  );
});
