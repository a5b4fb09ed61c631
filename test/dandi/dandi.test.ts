import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { dandiGet, dandiLs } from '../../src/cli/dandi.js';
import { blobPath, partialPath, resolveCacheDir } from '../../src/dandi/cache.js';
import { DandiEtagHasher, dandiEtagParts } from '../../src/dandi/etag.js';
import { matchesGlob, parseDandisetRef } from '../../src/dandi/identifiers.js';
import {
  singlePartEtag,
  startArchiveServer,
  testBytes,
  type ArchiveServer,
} from './archive-server.js';

const MIB = 2 ** 20;
/** DANDI ETag of an empty file: the MD5 of no part digests, and zero parts. */
const emptyEtag = `${createHash('md5').digest('hex')}-0`;
const repository = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const folder = mkdtempSync(join(tmpdir(), 'rnnlab-dandi-'));
const recording = testBytes(300_000, 1);
const behavior = testBytes(5_000, 2);
const damaged = testBytes(20_000, 3);
let server: ArchiveServer;
let draftOnly: ArchiveServer;
let noGlob: ArchiveServer;
let shiftedRange: ArchiveServer;
let withEmpty: ArchiveServer;

const assets = [
  { assetId: 'a1', path: 'sub-01/sub-01_ses-1_ecephys.nwb', bytes: recording },
  { assetId: 'a2', path: 'sub-01/sub-01_ses-1_behavior.nwb', bytes: behavior },
  { assetId: 'a3', path: 'dandiset.yaml', bytes: Buffer.from('name: test\n') },
  {
    assetId: 'a4',
    path: 'sub-02/sub-02_damaged.nwb',
    bytes: damaged,
    listedEtag: singlePartEtag(testBytes(20_000, 4)),
  },
];

before(async () => {
  server = await startArchiveServer({
    dandisetId: '000999',
    publishedVersion: '0.240101.1200',
    assets,
  });
  draftOnly = await startArchiveServer({ dandisetId: '000998', publishedVersion: null, assets });
  noGlob = await startArchiveServer({
    dandisetId: '000999',
    publishedVersion: null,
    assets,
    ignoreGlob: true,
  });
  shiftedRange = await startArchiveServer({
    dandisetId: '000999',
    publishedVersion: null,
    assets,
    contentRangeShift: 10,
  });
  withEmpty = await startArchiveServer({
    dandisetId: '000997',
    publishedVersion: null,
    assets: [
      { assetId: 'e1', path: 'empty.txt', bytes: Buffer.alloc(0), listedEtag: emptyEtag },
      { assetId: 'e2', path: 'short.nwb', bytes: behavior, listedSize: behavior.length + 100 },
    ],
  });
});

after(async () => {
  await Promise.all(
    [server, draftOnly, noGlob, shiftedRange, withEmpty].map((archive) => archive.close()),
  );
  rmSync(folder, { recursive: true, force: true });
});

/** Options of a get against the local server, with its own output and cache folders. */
function freshFolders(name: string) {
  return {
    api: server.apiUrl,
    out: join(folder, name, 'out'),
    cacheDir: join(folder, name, 'cache'),
  };
}

test('ls follows both listing pages', async () => {
  const text = await dandiLs('000999', { api: server.apiUrl });
  for (const asset of assets) assert.match(text, new RegExp(asset.path.replace('.', '\\.')));
  assert.match(text, /4 asset\(s\), .* dandiset 000999 0\.240101\.1200/);
  const pages = server.requests.filter((request) => request.path.includes('/assets/?'));
  assert.equal(pages.length, 2);
  assert.match(pages[0].path, /versions\/0\.240101\.1200\/assets\/\?page_size=100/);
  assert.match(pages[1].path, /page=2/);
});

test('ls JSON lists sizes', async () => {
  const listing = JSON.parse(await dandiLs('000999@draft', { api: server.apiUrl, json: true }));
  assert.equal(listing.version, 'draft');
  assert.equal(listing.count, 4);
  assert.equal(listing.assets[0].size, recording.length);
  assert.equal(listing.totalBytes, 300_000 + 5_000 + 11 + 20_000);
});

test('ls glob filters on server and client', async () => {
  for (const archive of [server, noGlob]) {
    const listing = JSON.parse(
      await dandiLs('000999', { api: archive.apiUrl, json: true, glob: 'sub-01/*.nwb' }),
    );
    assert.deepEqual(
      listing.assets.map((asset: { path: string }) => asset.path),
      ['sub-01/sub-01_ses-1_ecephys.nwb', 'sub-01/sub-01_ses-1_behavior.nwb'],
    );
  }
  assert.ok(server.requests.some((request) => request.path.includes('glob=sub-01%2F*.nwb')));
});

test('ls uses draft without a published version', async () => {
  const listing = JSON.parse(await dandiLs('000998', { api: draftOnly.apiUrl, json: true }));
  assert.equal(listing.version, 'draft');
});

test('get downloads, verifies and caches', async () => {
  const { api, out, cacheDir } = freshFolders('plain');
  const first = await dandiGet('000999', 'sub-01/sub-01_ses-1_ecephys.nwb', { api, out, cacheDir });
  assert.equal(first.fromCache, false);
  assert.equal(first.digestAlgorithm, 'dandi:dandi-etag');
  assert.equal(first.digest, singlePartEtag(recording));
  assert.deepEqual(readFileSync(join(out, 'sub-01_ses-1_ecephys.nwb')), recording);
  assert.ok(existsSync(blobPath(cacheDir, first.digestAlgorithm, first.digest)));

  const transfersBefore = server.requests.filter((request) => request.path === '/blobs/a1').length;
  const second = await dandiGet('000999', 'sub-01/sub-01_ses-1_ecephys.nwb', {
    api,
    out: join(out, 'again'),
    cacheDir,
  });
  // A cached get copies the verified blob and sends no file transfer request.
  assert.equal(second.fromCache, true);
  const transfersAfter = server.requests.filter((request) => request.path === '/blobs/a1').length;
  assert.equal(transfersAfter, transfersBefore);
  assert.deepEqual(readFileSync(join(out, 'again', 'sub-01_ses-1_ecephys.nwb')), recording);
});

test('get resumes a cut transfer', async () => {
  const { api, out, cacheDir } = freshFolders('cut');
  server.cutTransfers('a1', 1, 150_000);
  const before = server.requests.length;
  const recordingPath = 'sub-01/sub-01_ses-1_ecephys.nwb';
  const result = await dandiGet('000999', recordingPath, { api, out, cacheDir });
  assert.equal(result.attempts, 2);
  assert.deepEqual(readFileSync(join(out, 'sub-01_ses-1_ecephys.nwb')), recording);
  const transfers = server.requests.slice(before).filter((request) => request.path === '/blobs/a1');
  assert.equal(transfers.length, 2);
  assert.equal(transfers[0].range, null);
  // The client resumes from what reached its .part file, at most the 150 000 bytes sent.
  const resumedAt = Number(/^bytes=(\d+)-$/.exec(transfers[1].range ?? '')?.[1]);
  assert.ok(resumedAt > 0, `resumed at ${transfers[1].range}`);
  assert.ok(resumedAt <= 150_000, `resumed at ${transfers[1].range}`);
});

test('get resumes a .part file later', async () => {
  const { api, out, cacheDir } = freshFolders('later');
  server.cutTransfers('a1', 1, 100_000);
  await assert.rejects(
    dandiGet('000999', 'sub-01/sub-01_ses-1_ecephys.nwb', { api, out, cacheDir, maxAttempts: 1 }),
    /stopped at \d+ of 300000 bytes after 1 attempt\(s\).*run the same command again to resume/,
  );
  assert.equal(existsSync(join(out, 'sub-01_ses-1_ecephys.nwb')), false);
  const partBytes = readFileSync(partialPath(cacheDir, 'a1')).length;
  assert.ok(partBytes > 0, `.part has ${partBytes} bytes`);
  assert.ok(partBytes <= 100_000, `.part has ${partBytes} bytes`);

  const recordingPath = 'sub-01/sub-01_ses-1_ecephys.nwb';
  const result = await dandiGet('000999', recordingPath, { api, out, cacheDir });
  assert.equal(result.resumedFromBytes, partBytes);
  assert.equal(server.requests.at(-1)?.range, `bytes=${partBytes}-`);
  assert.deepEqual(readFileSync(join(out, 'sub-01_ses-1_ecephys.nwb')), recording);
  assert.equal(existsSync(partialPath(cacheDir, 'a1')), false);
});

test('get rejects a wrong digest', async () => {
  const { api, out, cacheDir } = freshFolders('damaged');
  await assert.rejects(
    dandiGet('000999', 'sub-02/sub-02_damaged.nwb', { api, out, cacheDir }),
    /digest mismatch for sub-02\/sub-02_damaged\.nwb: the archive lists dandi:dandi-etag/,
  );
  assert.equal(existsSync(join(out, 'sub-02_damaged.nwb')), false);
  assert.equal(existsSync(partialPath(cacheDir, 'a4')), false);
  assert.deepEqual(readdirSync(join(cacheDir, 'dandi', 'partial')), []);
});

test('get unknown path rejected', async () => {
  const { api, out, cacheDir } = freshFolders('missing');
  await assert.rejects(
    dandiGet('000999', 'sub-03/none.nwb', { api, out, cacheDir }),
    /asset 'sub-03\/none\.nwb' not found in dandiset 000999 version 0\.240101\.1200/,
  );
});

test('dandiset references parsed', () => {
  assert.deepEqual(parseDandisetRef('000130'), { id: '000130', version: null });
  assert.deepEqual(parseDandisetRef('DANDI:000130@0.220113.0408'), {
    id: '000130',
    version: '0.220113.0408',
  });
  assert.deepEqual(parseDandisetRef('000130@draft'), { id: '000130', version: 'draft' });
  assert.throws(() => parseDandisetRef('130'), /invalid dandiset '130'/);
  assert.throws(() => parseDandisetRef('000130@'), /invalid dandiset/);
});

test('glob matching follows fnmatch', () => {
  assert.ok(matchesGlob('sub-01/a.nwb', '*.nwb'));
  assert.ok(matchesGlob('sub-01/a.nwb', 'sub-0?/*'));
  assert.ok(matchesGlob('sub-01/a.nwb', 'sub-0[12]/a.nwb'));
  assert.ok(!matchesGlob('sub-03/a.nwb', 'sub-0[!3]/a.nwb'));
  assert.ok(!matchesGlob('sub-01/a.nwbx', '*.nwb'));
  assert.ok(matchesGlob('a+b (1).nwb', 'a+b (1).nwb'));
});

test('glob brackets follow fnmatch', () => {
  // Each expected value is what Python's fnmatch.fnmatchcase returns for the same pair.
  const cases: [string, string, boolean][] = [
    ['a]', 'a[]]', true],
    ['b', 'a[]]', false],
    ['^', '[^a]', true],
    ['b', '[^a]', false],
    [']', '[!]]', false],
    ['x', '[!]]', true],
    ['-', '[!]-]', false],
    ['x', '[!]-]', true],
    ['a\\', 'a[\\]', true],
    ['a!', 'a[!]', false],
    ['a[!]', 'a[!]', true],
    ['d', '[!a-c]', true],
  ];
  for (const [path, pattern, expected] of cases) {
    assert.equal(matchesGlob(path, pattern), expected, `${path} against ${pattern}`);
  }
});

test('cache folder from flag, env, XDG', () => {
  assert.equal(resolveCacheDir('/flag', { RNNLAB_CACHE_DIR: '/env' }), '/flag');
  assert.equal(resolveCacheDir(undefined, { RNNLAB_CACHE_DIR: '/env' }), '/env');
  assert.equal(resolveCacheDir(undefined, { XDG_CACHE_HOME: '/xdg' }), join('/xdg', 'rnnlab'));
  assert.match(resolveCacheDir(undefined, {}), /\.cache[/\\]rnnlab$/);
});

test('etag part sizes follow dandischema', () => {
  // Cases from dandischema's tests of PartGenerator.for_file_size.
  const cases: [number, number, number, number][] = [
    [0, 0, 0, 0],
    [1, 1, 1, 1],
    [64 * MIB, 64 * MIB, 64 * MIB, 1],
    [50 * MIB, 50 * MIB, 50 * MIB, 1],
    [70 * MIB, 64 * MIB, 6 * MIB, 2],
    [140 * MIB, 64 * MIB, 12 * MIB, 3],
    [640 * MIB, 64 * MIB, 64 * MIB, 10],
    [5 * 2 ** 40, 549755814, 549754694, 10000],
  ];
  for (const [size, partSize, finalPartSize, count] of cases) {
    assert.deepEqual(dandiEtagParts(size), { count, partSize, finalPartSize }, `size ${size}`);
  }
  assert.throws(() => dandiEtagParts(5 * 2 ** 40 + 1), /larger than the S3 maximum/);
});

test('etag of a two-part file', () => {
  const bytes = testBytes(70 * MIB, 5);
  const hasher = new DandiEtagHasher(bytes.length);
  // Uneven chunks cross the part boundary at 64 MiB.
  for (let offset = 0; offset < bytes.length; offset += 7 * MIB + 3) {
    hasher.update(bytes.subarray(offset, offset + 7 * MIB + 3));
  }
  const first = createHash('md5').update(bytes.subarray(0, 64 * MIB)).digest();
  const second = createHash('md5').update(bytes.subarray(64 * MIB)).digest();
  const combined = createHash('md5').update(Buffer.concat([first, second])).digest('hex');
  assert.equal(hasher.digest(), `${combined}-2`);
  assert.equal(new DandiEtagHasher(0).digest(), `${createHash('md5').digest('hex')}-0`);
});

test('get command prints the result', async () => {
  const { out, cacheDir } = freshFolders('command');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      join(repository, 'src', 'cli', 'main.ts'),
      'dandi',
      'get',
      '000999',
      'sub-01/sub-01_ses-1_behavior.nwb',
      '--api',
      server.apiUrl,
      '--out',
      out,
    ],
    { cwd: repository, env: { ...process.env, RNNLAB_CACHE_DIR: cacheDir } },
  );
  assert.match(stdout, /sub-01_ses-1_behavior\.nwb: 5\.0 kB, downloaded, /);
  assert.match(stdout, /dandi:dandi-etag [0-9a-f]{32}-1 verified/);
  assert.deepEqual(readFileSync(join(out, 'sub-01_ses-1_behavior.nwb')), behavior);
  assert.ok(existsSync(join(cacheDir, 'dandi', 'blobs')));
});

/** Runs `rnnlab ARGS` in a child process and returns its exit code, stdout and stderr. */
async function rnnlab(args: string[], env: NodeJS.ProcessEnv) {
  const main = join(repository, 'src', 'cli', 'main.ts');
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', main, ...args],
      { cwd: repository, env: { ...process.env, ...env } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

test('get reports misplaced partial content', async () => {
  // The rejected reply's body is never read. Unless the command drops its connections, Node.js
  // exits with code 13 and prints no error.
  const { out, cacheDir } = freshFolders('shifted');
  mkdirSync(dirname(partialPath(cacheDir, 'a1')), { recursive: true });
  writeFileSync(partialPath(cacheDir, 'a1'), recording.subarray(0, 1000));
  const args = ['dandi', 'get', '000999', 'sub-01/sub-01_ses-1_ecephys.nwb', '--out', out];
  const { code, stderr } = await rnnlab([...args, '--api', shiftedRange.apiUrl], {
    RNNLAB_CACHE_DIR: cacheDir,
  });
  assert.equal(code, 1, stderr);
  assert.match(stderr, /rnnlab: error: the partial content from .* starts at byte 1010, not 1000/);
});

test('get saves an empty asset', async () => {
  const { out, cacheDir } = freshFolders('empty');
  const result = await dandiGet('000997', 'empty.txt', { api: withEmpty.apiUrl, out, cacheDir });
  assert.equal(result.digest, emptyEtag);
  assert.equal(result.sizeBytes, 0);
  assert.equal(readFileSync(join(out, 'empty.txt')).length, 0);
});

test('get replaces a damaged cached copy', async () => {
  const { api, out, cacheDir } = freshFolders('damaged-cache');
  const path = 'sub-01/sub-01_ses-1_behavior.nwb';
  const first = await dandiGet('000999', path, { api, out, cacheDir });
  const blob = blobPath(cacheDir, first.digestAlgorithm, first.digest);
  writeFileSync(blob, Buffer.alloc(behavior.length));

  const second = await dandiGet('000999', path, { api, out: join(out, 'again'), cacheDir });
  assert.equal(second.fromCache, false);
  assert.deepEqual(readFileSync(join(out, 'again', 'sub-01_ses-1_behavior.nwb')), behavior);
  assert.deepEqual(readFileSync(blob), behavior);
});

test('get restarts an oversized .part file', async () => {
  const { api, out, cacheDir } = freshFolders('oversized');
  mkdirSync(dirname(partialPath(cacheDir, 'a2')), { recursive: true });
  writeFileSync(partialPath(cacheDir, 'a2'), Buffer.alloc(2 * behavior.length));

  const result = await dandiGet('000999', 'sub-01/sub-01_ses-1_behavior.nwb', {
    api,
    out,
    cacheDir,
  });
  assert.equal(result.resumedFromBytes, 0);
  assert.deepEqual(readFileSync(join(out, 'sub-01_ses-1_behavior.nwb')), behavior);
});

test('get names a reply shorter than the asset', async () => {
  // The metadata lists 100 bytes more than the server sends in a complete reply.
  const { out, cacheDir } = freshFolders('short-reply');
  const options = { api: withEmpty.apiUrl, out, cacheDir, maxAttempts: 2 };
  await assert.rejects(
    dandiGet('000997', 'short.nwb', options),
    /stopped at \d+ of 5100 bytes after 2 attempt\(s\) \(the response ended at byte 5000 of the/,
  );
});
