/**
 * `rnnlab dandi`: list and download assets of the DANDI Archive.
 */
import cliProgress from 'cli-progress';
import { Command } from 'commander';

import { resolveCacheDir, CACHE_DIR_VARIABLE } from '../dandi/cache.js';
import { DandiClient } from '../dandi/client.js';
import { closeFetchConnections } from '../dandi/connections.js';
import { downloadAsset, type DownloadResult } from '../dandi/download.js';
import { DEFAULT_API_URL, parseDandisetRef } from '../dandi/identifiers.js';

export function registerDandi(program: Command): void {
  const dandi = program.command('dandi').description('list and download DANDI Archive assets');

  dandi
    .command('ls')
    .description('list the assets of a dandiset with their sizes')
    .argument('<dandiset>', 'DANDISET[@VERSION], e.g. 000130 or 000130@draft')
    .option('--glob <pattern>', "keep assets whose path matches, e.g. '*.nwb'")
    .option('--api <url>', 'DANDI API URL', DEFAULT_API_URL)
    .option('--json', 'print one JSON object instead of text')
    .action(async (dandiset: string, options: { glob?: string; api: string; json?: boolean }) => {
      try {
        process.stdout.write(await dandiLs(dandiset, options));
      } finally {
        await closeFetchConnections();
      }
    });

  dandi
    .command('get')
    .description('download an asset, resuming interrupted downloads and verifying its digest')
    .argument('<dandiset>', 'DANDISET[@VERSION], e.g. 000130 or 000130@draft')
    .argument('<path>', 'asset path inside the dandiset, as `rnnlab dandi ls` prints it')
    .option('--out <dir>', 'destination folder', '.')
    .option('--api <url>', 'DANDI API URL', DEFAULT_API_URL)
    .option(
      '--cache-dir <dir>',
      `download cache (default: $${CACHE_DIR_VARIABLE}, else $XDG_CACHE_HOME/rnnlab, ` +
        'else ~/.cache/rnnlab)',
    )
    .action(
      async (
        dandiset: string,
        path: string,
        options: { out: string; api: string; cacheDir?: string },
      ) => {
        try {
          const result = await dandiGet(dandiset, path, { ...options, progress: true });
          process.stdout.write(`${describeResult(result)}\n`);
        } finally {
          await closeFetchConnections();
        }
      },
    );
}

/** Returns the text (or JSON) that `rnnlab dandi ls` prints. */
export async function dandiLs(
  dandiset: string,
  options: { glob?: string; api?: string; json?: boolean },
): Promise<string> {
  const ref = parseDandisetRef(dandiset);
  const client = new DandiClient(options.api);
  const version = await client.resolveVersion(ref.id, ref.version);
  const assets = await client.listAssets(ref.id, version, { glob: options.glob });
  const totalBytes = assets.reduce((sum, asset) => sum + asset.size, 0);
  if (options.json) {
    const listing = { dandiset: ref.id, version, count: assets.length, totalBytes, assets };
    return `${JSON.stringify(listing, null, 2)}\n`;
  }
  const lines = assets.map((asset) => `${formatBytes(asset.size).padStart(10)}  ${asset.path}`);
  const total = formatBytes(totalBytes);
  lines.push(`${assets.length} asset(s), ${total}, dandiset ${ref.id} ${version}`);
  return `${lines.join('\n')}\n`;
}

/** Runs `rnnlab dandi get`; with `progress`, draws a progress bar on stderr. */
export async function dandiGet(
  dandiset: string,
  path: string,
  options: {
    out?: string;
    api?: string;
    cacheDir?: string;
    progress?: boolean;
    maxAttempts?: number;
  },
): Promise<DownloadResult> {
  const ref = parseDandisetRef(dandiset);
  const bar = options.progress
    ? new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: '{bar} {percentage}% | {value_mb}/{total_mb} MB | {eta_formatted} left',
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  try {
    return await downloadAsset({
      client: new DandiClient(options.api),
      dandisetId: ref.id,
      version: ref.version,
      path,
      outDir: options.out ?? '.',
      cacheDir: resolveCacheDir(options.cacheDir),
      maxAttempts: options.maxAttempts,
      onStart: (total, resumed) => {
        if (resumed > 0) process.stderr.write(`resuming at ${formatBytes(resumed)}\n`);
        bar?.start(total, resumed, megabytes(resumed, total));
      },
      onProgress: ({ receivedBytes, totalBytes }) =>
        bar?.update(receivedBytes, megabytes(receivedBytes, totalBytes)),
      onRetry: (attempt, error) => {
        process.stderr.write(`\ntransfer ${attempt} failed (${error.message}); resuming\n`);
      },
    });
  } finally {
    bar?.stop();
  }
}

function describeResult(result: DownloadResult): string {
  const source = result.fromCache
    ? 'from the cache'
    : result.resumedFromBytes > 0
      ? `resumed at ${formatBytes(result.resumedFromBytes)}`
      : 'downloaded';
  return (
    `${result.destination}: ${formatBytes(result.sizeBytes)}, ${source}, ` +
    `${result.digestAlgorithm} ${result.digest} verified`
  );
}

function megabytes(value: number, total: number) {
  return { value_mb: (value / 1e6).toFixed(1), total_mb: (total / 1e6).toFixed(1) };
}

/** Formats a byte count with decimal units, as the DANDI web site shows sizes. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}
