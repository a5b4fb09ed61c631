/**
 * Downloads DANDI assets into a local cache and copies them to a destination folder. An
 * interrupted transfer is kept as a `.part` file and resumed with an HTTP range request, and
 * every file is checked against the archive's digest before it is used. Node.js only.
 */
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { blobPath, partialPath } from './cache.js';
import type { AssetEntry, AssetMetadata, DandiClient } from './client.js';
import { hashFile } from './etag.js';

/** A response status that retrying cannot fix (4xx), or a reply that breaks the protocol. */
class FatalResponseError extends Error {}

/** Digests this module can verify, most preferred first. */
const VERIFIABLE_DIGESTS = ['dandi:dandi-etag', 'dandi:sha2-256'] as const;

export interface DownloadProgress {
  receivedBytes: number;
  totalBytes: number;
}

export interface DownloadOptions {
  client: DandiClient;
  dandisetId: string;
  /** Version to read, or null for the most recent published one (else draft). */
  version: string | null;
  /** Asset path inside the dandiset, such as `sub-01/sub-01_ses-1_ecephys.nwb`. */
  path: string;
  outDir: string;
  cacheDir: string;
  /** Transfers tried before giving up, each resuming where the previous one stopped. */
  maxAttempts?: number;
  /** A transfer that receives nothing for this long is aborted and resumed. */
  stallTimeoutMs?: number;
  onStart?: (totalBytes: number, resumedFromBytes: number) => void;
  onProgress?: (progress: DownloadProgress) => void;
  onRetry?: (attempt: number, error: Error) => void;
}

export interface DownloadResult {
  destination: string;
  asset: AssetEntry;
  version: string;
  sizeBytes: number;
  digestAlgorithm: string;
  digest: string;
  fromCache: boolean;
  /** Bytes already in the `.part` file when this download started. */
  resumedFromBytes: number;
  attempts: number;
}

/** Downloads one asset (or copies it from the cache) and returns where it went. */
export async function downloadAsset(options: DownloadOptions): Promise<DownloadResult> {
  const { client, cacheDir } = options;
  const version = await client.resolveVersion(options.dandisetId, options.version);
  const asset = await client.findAsset(options.dandisetId, version, options.path);
  const metadata = await client.getAssetMetadata(asset.asset_id);
  const { algorithm, value } = verifiableDigest(metadata, options.path);
  const destination = join(options.outDir, basename(asset.path));
  const blob = blobPath(cacheDir, algorithm, value);
  const result = {
    destination,
    asset,
    version,
    sizeBytes: metadata.contentSize,
    digestAlgorithm: algorithm,
    digest: value,
  };

  if (existsSync(blob) && statSync(blob).size === metadata.contentSize) {
    // The cached copy is hashed again, because the result reports its digest as verified.
    if ((await fileDigest(blob, metadata.contentSize, algorithm)) === value) {
      copyAtomically(blob, destination);
      return { ...result, fromCache: true, resumedFromBytes: 0, attempts: 0 };
    }
    rmSync(blob, { force: true });
  }

  const part = partialPath(cacheDir, asset.asset_id);
  mkdirSync(dirname(part), { recursive: true });
  // transfer() discards a .part file larger than the asset and starts again from byte 0.
  const partBytes = existsSync(part) ? statSync(part).size : 0;
  const resumedFromBytes = partBytes <= metadata.contentSize ? partBytes : 0;
  const attempts = await transfer(options, asset, metadata.contentSize, part);

  const actual = await fileDigest(part, metadata.contentSize, algorithm);
  if (actual !== value) {
    rmSync(part, { force: true });
    throw new Error(
      `digest mismatch for ${options.path}: the archive lists ${algorithm} ${value} ` +
        `but the downloaded bytes give ${actual}; the download was deleted, so run again`,
    );
  }

  mkdirSync(dirname(blob), { recursive: true });
  renameSync(part, blob);
  copyAtomically(blob, destination);
  return { ...result, fromCache: false, resumedFromBytes, attempts };
}

/** Computes a file's digest by `algorithm`, one of {@link VERIFIABLE_DIGESTS}. */
async function fileDigest(path: string, size: number, algorithm: string): Promise<string> {
  const hashes = await hashFile(path, size);
  return algorithm === 'dandi:dandi-etag' ? hashes.dandiEtag : hashes.sha256;
}

function verifiableDigest(metadata: AssetMetadata, path: string) {
  for (const algorithm of VERIFIABLE_DIGESTS) {
    const value = metadata.digest[algorithm];
    if (typeof value === 'string' && value.length > 0) return { algorithm, value };
  }
  throw new Error(
    `asset ${path} lists no ${VERIFIABLE_DIGESTS.join(' or ')} digest, so it cannot be verified`,
  );
}

/** Fills the `.part` file up to `totalBytes`, resuming after each failed transfer. */
async function transfer(
  options: DownloadOptions,
  asset: AssetEntry,
  totalBytes: number,
  part: string,
): Promise<number> {
  const maxAttempts = options.maxAttempts ?? 5;
  let attempts = 0;
  let lastError: Error | null = null;
  let started = false;
  while (true) {
    let offset = existsSync(part) ? statSync(part).size : 0;
    if (offset > totalBytes) {
      rmSync(part, { force: true });
      offset = 0;
    }
    if (!started) {
      options.onStart?.(totalBytes, offset);
      started = true;
    }
    if (offset === totalBytes) {
      // An empty asset needs no transfer, but the digest check still reads its .part file.
      if (!existsSync(part)) writeFileSync(part, new Uint8Array(0));
      return attempts;
    }
    if (attempts >= maxAttempts) {
      throw new Error(
        `download of ${options.path} stopped at ${offset} of ${totalBytes} bytes after ` +
          `${attempts} attempt(s) (${lastError?.message ?? 'no data'}); run the same command ` +
          'again to resume',
      );
    }
    attempts += 1;
    try {
      await transferOnce(options, asset, offset, totalBytes, part);
    } catch (error) {
      lastError = error instanceof Error ? error : new Error(String(error));
      if (lastError instanceof FatalResponseError) throw lastError;
      options.onRetry?.(attempts, lastError);
    }
  }
}

async function transferOnce(
  options: DownloadOptions,
  asset: AssetEntry,
  offset: number,
  totalBytes: number,
  part: string,
): Promise<void> {
  const url = options.client.downloadUrl(asset.asset_id);
  const controller = new AbortController();
  const stallTimeoutMs = options.stallTimeoutMs ?? 60_000;
  let timer = setTimeout(() => controller.abort(), stallTimeoutMs);
  const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
  try {
    const response = await fetch(url, { headers, redirect: 'follow', signal: controller.signal });
    let append = false;
    if (response.status === 206) {
      const start = Number(/^bytes (\d+)-/.exec(response.headers.get('content-range') ?? '')?.[1]);
      if (start !== offset) {
        await response.body?.cancel();
        throw new FatalResponseError(
          `the partial content from ${url} starts at byte ${start}, not ${offset}`,
        );
      }
      append = true;
    } else if (response.status === 416) {
      // The requested range is past the end, so the partial file cannot be trusted.
      await response.body?.cancel();
      rmSync(part, { force: true });
      return;
    } else if (!response.ok) {
      await response.body?.cancel();
      const message = `HTTP ${response.status} while downloading ${asset.path} from ${url}`;
      if (response.status >= 400 && response.status < 500) throw new FatalResponseError(message);
      throw new Error(message);
    }
    if (response.body === null) throw new Error('the response has no body');

    let received = append ? offset : 0;
    const handle = await open(part, append ? 'a' : 'w');
    try {
      for await (const chunk of response.body) {
        clearTimeout(timer);
        timer = setTimeout(() => controller.abort(), stallTimeoutMs);
        if (received + chunk.length > totalBytes) {
          throw new Error(`the server sent more than the asset's ${totalBytes} bytes`);
        }
        await handle.write(chunk);
        received += chunk.length;
        options.onProgress?.({ receivedBytes: received, totalBytes });
      }
    } finally {
      await handle.close();
    }
    if (received < totalBytes) {
      throw new Error(`the response ended at byte ${received} of the asset's ${totalBytes}`);
    }
  } catch (error) {
    if (error instanceof FatalResponseError) throw error;
    if (controller.signal.aborted) {
      throw new Error(`no data for ${stallTimeoutMs / 1000} s from ${url}`);
    }
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : null;
    if (error instanceof Error && cause) throw new Error(`${error.message}: ${cause.message}`);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Copies `source` to `target` through a temporary file, so `target` is never partial. */
function copyAtomically(source: string, target: string): void {
  mkdirSync(dirname(target), { recursive: true });
  const suffix = randomBytes(6).toString('hex');
  const temporary = join(dirname(target), `.${basename(target)}.${suffix}.tmp`);
  try {
    copyFileSync(source, temporary);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
