import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { nwbInfo } from '../../src/cli/nwb.js';
import { readIntervalTable } from '../../src/nwb/intervals.js';
import { withNwbFile } from '../../src/nwb/open-file.js';
import type { NwbSummary } from '../../src/nwb/summary.js';
import { readColumn } from '../../src/nwb/table.js';
import { readUnitSpikes } from '../../src/nwb/units.js';
import { nwb2Base, writeSyntheticFile } from './synthetic-nwb.js';

const here = dirname(fileURLToPath(import.meta.url));
const repository = resolve(here, '..', '..');
const samples = resolve(repository, 'test', 'fixtures', 'nwb-samples');
const folder = mkdtempSync(join(tmpdir(), 'rnnlab-nwb-'));
after(() => rmSync(folder, { recursive: true, force: true }));

const runFile = promisify(execFile);

/** Runs the real command line and returns its exit code, stdout and stderr. */
async function rnnlab(...args: string[]) {
  try {
    const { stdout, stderr } = await runFile(
      process.execPath,
      ['--import', 'tsx', join(repository, 'src', 'cli', 'main.ts'), ...args],
      { cwd: repository },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

/**
 * Expected contents of each sample. Unit and spike counts and the trials row count of the
 * dandi-cli file come from the samples' provenance notes, read there with h5py; column lists
 * are the tables' `colnames` attributes.
 */
const expected: Record<
  string,
  {
    version: string;
    units: { count: number; spikes: number } | null;
    intervals: Record<string, { rows: number; columns: string[] }>;
    electrodes?: number;
  }
> = {
  'dandi-cli__sub-anm369963_ses-20170228.nwb': {
    version: '2.0.2',
    units: { count: 1, spikes: 1679 },
    intervals: {
      trials: {
        rows: 178,
        columns: [
          'start_time',
          'stop_time',
          'type',
          'response',
          'stim_present',
          'is_good',
          'cue_start_time',
          'pole_in_time',
          'pole_out_time',
        ],
      },
    },
    electrodes: 64,
  },
  'neuroconv__test.nwb': {
    version: '2.4.0',
    units: { count: 10, spikes: 1725 },
    intervals: {},
    electrodes: 96,
  },
  'matnwb__ecephys_tutorial_e7401f8.nwb': {
    version: '2.0b',
    units: { count: 3, spikes: 10 },
    intervals: { trials: { rows: 3, columns: ['correct', 'start_time', 'stop_time'] } },
  },
  'pynwb__1.1.2_nwbfile.nwb': { version: '2.1.0', units: null, intervals: {} },
  'pynwb__2.1.0_nwbfile_with_extension.nwb': { version: '2.5.0', units: null, intervals: {} },
  'aqnwb__createESandSES.nwb': { version: '2.9.0', units: null, intervals: {} },
  'nwb-explorer__test_TimeIntervals.nwb': {
    version: '2.0b',
    units: null,
    intervals: {
      epochs: { rows: 4, columns: ['start_time', 'stop_time', 'tags', 'timeseries', 'foo', 'bar'] },
    },
  },
};

test('info --json on every sample', async () => {
  for (const [name, want] of Object.entries(expected)) {
    const summary = JSON.parse(await nwbInfo(join(samples, name), true)) as NwbSummary;
    assert.equal(summary.nwbVersion, want.version, name);
    if (want.units === null) {
      assert.equal(summary.units, null, name);
    } else {
      assert.equal(summary.units?.count, want.units.count, name);
      assert.equal(summary.units?.spikeCount, want.units.spikes, name);
      assert.ok(summary.units?.columns.some((column) => column.name === 'spike_times'), name);
    }
    assert.deepEqual(Object.keys(summary.intervals).sort(), Object.keys(want.intervals).sort());
    for (const [table, shape] of Object.entries(want.intervals)) {
      assert.equal(summary.intervals[table].rows, shape.rows, `${name} ${table}`);
      const columns = summary.intervals[table].columns.map((column) => column.name);
      assert.deepEqual(columns, shape.columns, `${name} ${table}`);
    }
    if (want.electrodes !== undefined) {
      assert.equal(summary.electrodes?.count, want.electrodes, name);
    }
  }
});

test('info command prints JSON', async () => {
  const file = join(samples, 'neuroconv__test.nwb');
  const result = await rnnlab('nwb', 'info', file, '--json');
  assert.equal(result.code, 0, result.stderr);
  const summary = JSON.parse(result.stdout) as NwbSummary;
  assert.equal(summary.units?.spikeCount, 1725);
  assert.equal(summary.timeSeries[0]?.path, '/processing/ecephys/LFP/ElectricalSeries_lfp');
  assert.deepEqual(summary.timeSeries[0]?.shape, [100, 96]);
});

test('info text lists tables and series', async () => {
  const text = await nwbInfo(join(samples, 'dandi-cli__sub-anm369963_ses-20170228.nwb'), false);
  assert.match(text, /units: 1 units, 1679 spikes/);
  assert.match(text, /trials: 178 rows/);
  assert.match(text, /cue_start_time +number \(float64\)/);
  assert.match(text, /lick_left_times \(TimeSeries\): float64 \[782\]/);
});

test('MatNWB region references dereferenced', async () => {
  const file = join(samples, 'matnwb__ecephys_tutorial_e7401f8.nwb');
  const units = await withNwbFile(file, (nwb) => readUnitSpikes(nwb));
  assert.deepEqual(Array.from(units.ids), [1, 2, 3]);
  assert.deepEqual(Array.from(units.spikeTimes[0]), [0.1, 0.21, 0.5, 0.61]);
  assert.deepEqual(Array.from(units.spikeTimes[1]), [0.34, 0.36, 0.66, 0.69]);
  assert.deepEqual(Array.from(units.spikeTimes[2]), [0.4, 0.43]);
});

test('units read by slice match the index', async () => {
  const file = join(samples, 'neuroconv__test.nwb');
  const all = await withNwbFile(file, (nwb) => readUnitSpikes(nwb));
  const some = await withNwbFile(file, (nwb) => readUnitSpikes(nwb, [9, 0]));
  assert.equal(all.spikeTimes.reduce((total, times) => total + times.length, 0), 1725);
  assert.deepEqual(Array.from(some.ids), [all.ids[9], all.ids[0]]);
  assert.deepEqual(Array.from(some.spikeTimes[0]), Array.from(all.spikeTimes[9]));
  assert.deepEqual(Array.from(some.spikeTimes[1]), Array.from(all.spikeTimes[0]));
});

test('epochs ragged and compound columns', async () => {
  const file = join(samples, 'nwb-explorer__test_TimeIntervals.nwb');
  const table = await withNwbFile(file, (nwb) => readIntervalTable(nwb, 'epochs'));
  const tags = table.columns.get('tags');
  assert.equal(tags?.kind, 'ragged');
  if (tags?.kind !== 'ragged') return;
  assert.deepEqual(Array.from(tags.ends), [0, 0, 2, 3]);
  assert.deepEqual(tags.data.kind === 'string' && tags.data.values, ['fizz', 'buzz', 'qaz']);
  const series = table.columns.get('timeseries');
  assert.equal(series?.kind === 'ragged' && series.data.kind, 'compound');
  const bar = table.columns.get('bar');
  assert.deepEqual(bar?.kind === 'string' && bar.values, ['fish', 'fowl', 'dog', 'cat']);
});

test('trials strings and integers typed', async () => {
  const file = join(samples, 'dandi-cli__sub-anm369963_ses-20170228.nwb');
  const table = await withNwbFile(file, (nwb) => readIntervalTable(nwb, 'trials'));
  const type = table.columns.get('type');
  assert.equal(type?.kind, 'string');
  const labels = type?.kind === 'string' ? new Set(type.values) : null;
  assert.deepEqual(labels, new Set(['lick left', 'lick right']));
  assert.equal(table.columns.get('is_good')?.kind, 'number');
  assert.equal(table.ids.length, 178);
});

test('column missing from colnames included', async () => {
  const spec = nwb2Base();
  spec.groups['intervals'] = {};
  spec.groups['intervals/trials'] = {
    neurodata_type: 'TimeIntervals',
    colnames: ['start_time', 'stop_time'],
  };
  spec.datasets['intervals/trials/id'] = new Int32Array([0, 1, 2]);
  spec.datasets['intervals/trials/start_time'] = new Float64Array([0, 10, 20]);
  spec.datasets['intervals/trials/stop_time'] = new Float64Array([9, 19, 29]);
  spec.datasets['intervals/trials/go_time'] = new Float64Array([2, 12, 22]);
  spec.datasets['intervals/trials/outcome'] = ['hit', 'miss', 'hit'];
  const path = join(folder, 'unlisted.nwb');
  await writeSyntheticFile(path, spec);

  const summary = JSON.parse(await nwbInfo(path, true)) as NwbSummary;
  const columns = summary.intervals.trials.columns;
  assert.deepEqual(
    columns.map((column) => [column.name, column.listed]),
    [
      ['start_time', true],
      ['stop_time', true],
      ['go_time', false],
      ['outcome', false],
    ],
  );
  const outcome = await withNwbFile(path, (nwb) => readColumn(nwb, '/intervals/trials', 'outcome'));
  assert.deepEqual(outcome.kind === 'string' && outcome.values, ['hit', 'miss', 'hit']);
});

test('NWB 1.x file rejected', async () => {
  const path = join(folder, 'nwb1.nwb');
  await writeSyntheticFile(path, {
    datasets: { nwb_version: 'NWB-1.0.6', identifier: 'old', session_start_time: 'x' },
  });
  await assert.rejects(nwbInfo(path, true), (error: Error) => {
    assert.match(error.message, /nwb1\.nwb: \/nwb_version: /);
    assert.match(error.message, /NWB version NWB-1\.0\.6 is not supported/);
    return true;
  });
});

test('NWB version other than 2.x rejected', async () => {
  const path = join(folder, 'nwb3.nwb');
  const spec = nwb2Base();
  spec.rootAttributes.nwb_version = '3.0.0';
  await writeSyntheticFile(path, spec);
  await assert.rejects(
    nwbInfo(path, true),
    /nwb3\.nwb: \/: NWB version 3\.0\.0 is not supported: only NWB 2\.x files can be read/,
  );
});

test('numeric nwb_version is read as text', async () => {
  const path = join(folder, 'numeric-version.nwb');
  const spec = nwb2Base();
  spec.rootAttributes.nwb_version = 2.5;
  await writeSyntheticFile(path, spec);
  const summary = JSON.parse(await nwbInfo(path, true)) as NwbSummary;
  assert.equal(summary.nwbVersion, '2.5');
});

test('HDF5 file without nwb_version rejected', async () => {
  const path = join(folder, 'plain.h5');
  await writeSyntheticFile(path, { datasets: { x: new Float64Array([1, 2]) } });
  await assert.rejects(nwbInfo(path, true), /plain\.h5: \/: missing nwb_version attribute/);
});

test('text file rejected without diagnostics', async () => {
  const path = join(folder, 'notes.nwb');
  writeFileSync(path, 'these are notes, not an HDF5 file\n'.repeat(100));
  await assert.rejects(nwbInfo(path, true), /notes\.nwb: \/: not an HDF5 file/);

  const result = await rnnlab('nwb', 'info', path);
  assert.equal(result.code, 1);
  assert.equal(result.stdout, '');
  assert.doesNotMatch(result.stderr, /HDF5-DIAG/);
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.match(result.stderr, /^rnnlab: error: .*notes\.nwb: \/: not an HDF5 file/);
});

test('truncated file rejected', async () => {
  const source = join(samples, 'dandi-cli__sub-anm369963_ses-20170228.nwb');
  const bytes = readFileSync(source);
  for (const keep of [Math.floor(bytes.length / 2), bytes.length - 100]) {
    const path = join(folder, `truncated-${keep}.nwb`);
    writeFileSync(path, bytes.subarray(0, keep));
    await assert.rejects(nwbInfo(path, true), (error: Error) => {
      assert.match(error.message, new RegExp(`truncated-${keep}\\.nwb: /: cannot open`));
      assert.match(error.message, /truncated file/);
      assert.doesNotMatch(error.message, /HDF5-DIAG/);
      return true;
    });
  }

  const result = await rnnlab('nwb', 'info', join(folder, `truncated-${bytes.length - 100}.nwb`));
  assert.equal(result.code, 1);
  assert.doesNotMatch(result.stderr, /HDF5-DIAG/);
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
});

test('damaged attribute rejected in one line', async () => {
  // 0xff over these 64 bytes of the root's attributes makes the HDF5 library call abort().
  const bytes = readFileSync(join(samples, 'nwb-explorer__test_TimeIntervals.nwb'));
  const path = join(folder, 'damaged-attribute.nwb');
  writeFileSync(path, Buffer.from(bytes).fill(0xff, 7936, 8000));

  const result = await rnnlab('nwb', 'info', path);
  assert.equal(result.code, 1);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.match(result.stderr, /^rnnlab: error: .*damaged-attribute\.nwb: \/ attribute nwb_version/);
  assert.match(result.stderr, /HDF5 read failed: the HDF5 library aborted .*probably damaged/);
});

test('damaged HDF5 superblock rejected', async () => {
  const path = join(folder, 'garbage.nwb');
  const signature = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
  writeFileSync(path, Buffer.concat([signature, Buffer.alloc(4000, 0xa5)]));
  await assert.rejects(nwbInfo(path, true), (error: Error) => {
    assert.match(error.message, /garbage\.nwb: \/: cannot open the HDF5 file/);
    assert.doesNotMatch(error.message, /HDF5-DIAG/);
    assert.equal(error.message.split('\n').length, 1);
    return true;
  });
});

test('missing file named in error', async () => {
  await assert.rejects(nwbInfo(join(folder, 'absent.nwb'), true), /absent\.nwb: file not found/);
});

async function unitsFile(name: string, index: Int32Array): Promise<string> {
  const spec = nwb2Base();
  spec.groups['units'] = { neurodata_type: 'Units', colnames: ['spike_times'] };
  spec.datasets['units/id'] = Int32Array.from(index, (_, i) => i);
  spec.datasets['units/spike_times'] = new Float64Array([0.1, 0.2, 0.3, 0.4, 0.5]);
  spec.datasets['units/spike_times_index'] = index;
  const path = join(folder, name);
  await writeSyntheticFile(path, spec);
  return path;
}

test('ragged index past its data rejected', async () => {
  const path = await unitsFile('past-end.nwb', new Int32Array([3, 9]));
  const message = new RegExp(
    'past-end\\.nwb: /units/spike_times_index: ' +
      'row 1 ends at 9 but the indexed dataset has only 5 values',
  );
  await assert.rejects(nwbInfo(path, true), message);
  await assert.rejects(withNwbFile(path, (nwb) => readUnitSpikes(nwb)), message);
});

test('ragged index short of its data rejected', async () => {
  const path = await unitsFile('short.nwb', new Int32Array([2, 4]));
  const message = new RegExp(
    'short\\.nwb: /units/spike_times_index: the last row ends at 4 but the indexed dataset ' +
      'has 5 values, so 1 value\\(s\\) belong to no row',
  );
  await assert.rejects(nwbInfo(path, true), message);
  await assert.rejects(withNwbFile(path, (nwb) => readUnitSpikes(nwb)), message);
});

test('decreasing ragged index rejected', async () => {
  const path = await unitsFile('decreasing.nwb', new Int32Array([4, 2]));
  await assert.rejects(
    nwbInfo(path, true),
    new RegExp(
      "decreasing\\.nwb: /units/spike_times_index: row 1 ends at 2, before the previous row's end",
    ),
  );
});

test('valid synthetic units read', async () => {
  const path = await unitsFile('valid.nwb', new Int32Array([2, 2, 5]));
  const units = await withNwbFile(path, (nwb) => readUnitSpikes(nwb));
  assert.deepEqual(Array.from(units.spikeTimes[0]), [0.1, 0.2]);
  assert.deepEqual(Array.from(units.spikeTimes[1]), []);
  assert.deepEqual(Array.from(units.spikeTimes[2]), [0.3, 0.4, 0.5]);
});

test('reading leaves the file unchanged', async () => {
  const copy = join(folder, 'copy.nwb');
  copyFileSync(join(samples, 'neuroconv__test.nwb'), copy);
  await nwbInfo(copy, true);
  await withNwbFile(copy, (nwb) => readUnitSpikes(nwb));
  assert.deepEqual(readFileSync(copy), readFileSync(join(samples, 'neuroconv__test.nwb')));
});

test('units ragged electrodes column', async () => {
  const file = join(samples, 'dandi-cli__sub-anm369963_ses-20170228.nwb');
  const electrodes = await withNwbFile(file, (nwb) => readColumn(nwb, '/units', 'electrodes'));
  assert.equal(electrodes.kind, 'ragged');
  if (electrodes.kind !== 'ragged') return;
  assert.deepEqual(Array.from(electrodes.ends), [1]);
  assert.deepEqual(electrodes.data.kind === 'number' && Array.from(electrodes.data.values), [48]);
  const quality = await withNwbFile(file, (nwb) => readColumn(nwb, '/units', 'quality'));
  assert.equal(quality.kind, 'string');
});
