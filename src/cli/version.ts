import { readFileSync } from 'node:fs';

/** Returns the version field of rnnlab's package.json. */
export function packageVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  const manifest = JSON.parse(readFileSync(url, 'utf8')) as { version: string };
  return manifest.version;
}
