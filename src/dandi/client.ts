/**
 * A client for the DANDI Archive's REST API (the endpoints dandi-cli's `DandiAPIClient` uses):
 *
 * - `GET {api}/dandisets/{id}/`: `draft_version` and `most_recent_published_version`;
 * - `GET {api}/dandisets/{id}/versions/{version}/assets/?page_size=N`: pages of
 *   `{ count, next, results: [{ asset_id, path, size }] }`, filtered by `glob` or `path`;
 * - `GET {api}/assets/{asset_id}/`: asset metadata with `digest` and `contentSize`;
 * - `GET {api}/assets/{asset_id}/download/`: a redirect to the file.
 *
 * Uses the global `fetch`, so it runs in Node.js and in browsers.
 */
import { DEFAULT_API_URL, matchesGlob } from './identifiers.js';

/** One asset in a listing. */
export interface AssetEntry {
  asset_id: string;
  path: string;
  size: number;
}

/** The parts of an asset's metadata that downloads need. */
export interface AssetMetadata {
  contentSize: number;
  /** Digests by algorithm, e.g. `dandi:dandi-etag` and `dandi:sha2-256`. */
  digest: Record<string, string>;
  path?: string;
}

const DEFAULT_PAGE_SIZE = 100;

export class DandiClient {
  readonly apiUrl: string;

  constructor(apiUrl: string = DEFAULT_API_URL) {
    let parsed: URL;
    try {
      parsed = new URL(apiUrl);
    } catch {
      throw new Error(`invalid API URL '${apiUrl}': expected e.g. ${DEFAULT_API_URL}`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new Error(`invalid API URL '${apiUrl}': only http and https are supported`);
    }
    this.apiUrl = apiUrl.replace(/\/+$/, '');
  }

  /**
   * Returns `version` when given, else the dandiset's most recent published version, or
   * `draft` when it has never been published (the rule dandi-cli follows).
   */
  async resolveVersion(dandisetId: string, version: string | null): Promise<string> {
    if (version !== null) return version;
    const dandiset = (await this.getJson(`/dandisets/${dandisetId}/`)) as {
      most_recent_published_version?: { version?: string } | null;
      draft_version?: { version?: string } | null;
    };
    return (
      dandiset.most_recent_published_version?.version ??
      dandiset.draft_version?.version ??
      'draft'
    );
  }

  /**
   * Lists the assets of one version, following `next` links page by page. With `glob`, the
   * server is asked to filter and the results are filtered again here, so a server without
   * glob support still returns the right assets.
   */
  async listAssets(
    dandisetId: string,
    version: string,
    options: { glob?: string; pathPrefix?: string; pageSize?: number } = {},
  ): Promise<AssetEntry[]> {
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    const query = new URLSearchParams({ page_size: String(pageSize) });
    if (options.glob !== undefined) query.set('glob', options.glob);
    if (options.pathPrefix !== undefined) query.set('path', options.pathPrefix);
    const versionPath = `/dandisets/${dandisetId}/versions/${encodeURIComponent(version)}`;
    let url: string | null = `${this.apiUrl}${versionPath}/assets/?${query}`;

    const assets: AssetEntry[] = [];
    const visited = new Set<string>();
    while (url !== null) {
      if (visited.has(url)) throw new Error(`the asset listing repeats page ${url}`);
      visited.add(url);
      const page = (await this.getJson(url)) as { next?: string | null; results?: unknown };
      if (!Array.isArray(page.results)) {
        throw new Error(`unexpected asset listing from ${url}: 'results' is missing`);
      }
      for (const entry of page.results as AssetEntry[]) assets.push(checkEntry(entry, url));
      url = page.next ?? null;
    }
    const glob = options.glob;
    return glob === undefined ? assets : assets.filter((asset) => matchesGlob(asset.path, glob));
  }

  /** Finds the asset at exactly `path` in one version. */
  async findAsset(dandisetId: string, version: string, path: string): Promise<AssetEntry> {
    const candidates = await this.listAssets(dandisetId, version, { pathPrefix: path });
    const asset = candidates.find((candidate) => candidate.path === path);
    if (asset === undefined) {
      throw new Error(`asset '${path}' not found in dandiset ${dandisetId} version ${version}`);
    }
    return asset;
  }

  async getAssetMetadata(assetId: string): Promise<AssetMetadata> {
    const metadata = (await this.getJson(`/assets/${assetId}/`)) as Partial<AssetMetadata>;
    if (typeof metadata.contentSize !== 'number' || typeof metadata.digest !== 'object') {
      throw new Error(`asset ${assetId} metadata has no contentSize or digest`);
    }
    return {
      contentSize: metadata.contentSize,
      digest: metadata.digest ?? {},
      path: metadata.path,
    };
  }

  /** URL that redirects to the asset's file. */
  downloadUrl(assetId: string): string {
    return `${this.apiUrl}/assets/${assetId}/download/`;
  }

  private async getJson(pathOrUrl: string): Promise<unknown> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.apiUrl}${pathOrUrl}`;
    let response: Response;
    try {
      response = await fetch(url, { headers: { accept: 'application/json' } });
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : null;
      throw new Error(`request to ${url} failed${cause ? `: ${cause.message}` : ''}`);
    }
    if (response.status === 404) throw new Error(`not found: ${url} (HTTP 404)`);
    if (!response.ok) throw new Error(`request to ${url} failed with HTTP ${response.status}`);
    try {
      return await response.json();
    } catch {
      throw new Error(`response from ${url} is not valid JSON`);
    }
  }
}

function checkEntry(entry: AssetEntry, url: string): AssetEntry {
  if (typeof entry?.asset_id !== 'string' || typeof entry.path !== 'string') {
    throw new Error(`unexpected asset listing from ${url}: an entry has no asset_id or path`);
  }
  return { asset_id: entry.asset_id, path: entry.path, size: Number(entry.size) };
}
