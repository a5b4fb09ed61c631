/**
 * The download cache folder: `$RNNLAB_CACHE_DIR`, else `$XDG_CACHE_HOME/rnnlab`, else
 * `~/.cache/rnnlab`. Verified files live under `dandi/blobs/` named by their digest, and
 * unfinished downloads under `dandi/partial/` as `<asset_id>.part`.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Environment variable that overrides the cache folder. */
export const CACHE_DIR_VARIABLE = 'RNNLAB_CACHE_DIR';

/** Returns the cache folder from the flag, the environment or the platform default. */
export function resolveCacheDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return flag;
  const override = env[CACHE_DIR_VARIABLE];
  if (override) return override;
  const xdg = env.XDG_CACHE_HOME;
  if (xdg) return join(xdg, 'rnnlab');
  return join(homedir(), '.cache', 'rnnlab');
}

/** Path of a verified blob, named by digest algorithm and value. */
export function blobPath(cacheDir: string, algorithm: string, value: string): string {
  const safeAlgorithm = algorithm.replace(/[^A-Za-z0-9-]/g, '_');
  if (!/^[A-Za-z0-9-]+$/.test(value)) throw new Error(`invalid digest value '${value}'`);
  return join(cacheDir, 'dandi', 'blobs', `${safeAlgorithm}-${value}`);
}

/** Path of the unfinished download of an asset. */
export function partialPath(cacheDir: string, assetId: string): string {
  if (!/^[A-Za-z0-9-]+$/.test(assetId)) throw new Error(`invalid asset id '${assetId}'`);
  return join(cacheDir, 'dandi', 'partial', `${assetId}.part`);
}
