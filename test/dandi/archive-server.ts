/**
 * A local stand-in for the DANDI Archive API on 127.0.0.1, for tests: dandiset versions, a
 * paginated asset listing (two assets per page), asset metadata with digests, a redirecting
 * download endpoint, and file bytes served with HTTP range support.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedAsset {
  assetId: string;
  path: string;
  bytes: Buffer;
  /** Digest the metadata lists; defaults to the true DANDI ETag of `bytes`. */
  listedEtag?: string;
  /** Size the metadata lists; defaults to the length of `bytes`. */
  listedSize?: number;
}

export interface ArchiveServerOptions {
  dandisetId: string;
  publishedVersion: string | null;
  assets: ServedAsset[];
  /** Ignore the `glob` query parameter, as an older server would. */
  ignoreGlob?: boolean;
  /** Offset added to the start of each Content-Range header, as a broken proxy might send. */
  contentRangeShift?: number;
}

export interface LoggedRequest {
  path: string;
  range: string | null;
}

export interface ArchiveServer {
  apiUrl: string;
  requests: LoggedRequest[];
  /** The next `count` file transfers of `assetId` stop after `bytes` bytes and drop the socket. */
  cutTransfers(assetId: string, count: number, bytes: number): void;
  close(): Promise<void>;
}

const PAGE_SIZE = 2;

/** DANDI ETag of a file smaller than one 64 MiB part: md5 of its md5, then `-1`. */
export function singlePartEtag(bytes: Buffer): string {
  const partDigest = createHash('md5').update(bytes).digest();
  return `${createHash('md5').update(partDigest).digest('hex')}-1`;
}

/** Deterministic test bytes: a multiplicative hash of each position. */
export function testBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = (Math.imul(i + seed, 2654435761) >>> 24) & 0xff;
  return bytes;
}

export async function startArchiveServer(options: ArchiveServerOptions): Promise<ArchiveServer> {
  const requests: LoggedRequest[] = [];
  const cuts = new Map<string, { count: number; bytes: number }>();
  let base = '';

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', base);
    requests.push({ path: url.pathname + url.search, range: request.headers.range ?? null });
    try {
      route(url, request, response);
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  });

  function route(url: URL, request: IncomingMessage, response: ServerResponse): void {
    const path = url.pathname;
    const id = options.dandisetId;
    if (path === `/api/dandisets/${id}/`) {
      const published = options.publishedVersion;
      return json(response, {
        identifier: id,
        draft_version: { version: 'draft' },
        most_recent_published_version: published === null ? null : { version: published },
      });
    }
    const listing = new RegExp(`^/api/dandisets/${id}/versions/([^/]+)/assets/$`).exec(path);
    if (listing) return listAssets(url, response);
    const metadata = /^\/api\/assets\/([^/]+)\/$/.exec(path);
    if (metadata) {
      const asset = options.assets.find((candidate) => candidate.assetId === metadata[1]);
      if (!asset) return notFound(response);
      return json(response, {
        path: asset.path,
        contentSize: asset.listedSize ?? asset.bytes.length,
        digest: {
          'dandi:dandi-etag': asset.listedEtag ?? singlePartEtag(asset.bytes),
          'dandi:sha2-256': createHash('sha256').update(asset.bytes).digest('hex'),
        },
      });
    }
    const download = /^\/api\/assets\/([^/]+)\/download\/$/.exec(path);
    if (download) {
      response.writeHead(302, { location: `${base}/blobs/${download[1]}` }).end();
      return;
    }
    const blob = /^\/blobs\/([^/]+)$/.exec(path);
    if (blob) return serveBytes(blob[1], request, response);
    notFound(response);
  }

  function listAssets(url: URL, response: ServerResponse): void {
    const glob = options.ignoreGlob ? null : url.searchParams.get('glob');
    const prefix = url.searchParams.get('path');
    const matching = options.assets.filter(
      (asset) =>
        (glob === null || globToRegExp(glob).test(asset.path)) &&
        (prefix === null || asset.path.startsWith(prefix)),
    );
    const page = Number(url.searchParams.get('page') ?? '1');
    const results = matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    let next: string | null = null;
    if (page * PAGE_SIZE < matching.length) {
      const nextUrl = new URL(url.toString());
      nextUrl.searchParams.set('page', String(page + 1));
      next = nextUrl.toString();
    }
    json(response, {
      count: matching.length,
      next,
      previous: null,
      results: results.map((asset) => ({
        asset_id: asset.assetId,
        path: asset.path,
        size: asset.bytes.length,
      })),
    });
  }

  function serveBytes(assetId: string, request: IncomingMessage, response: ServerResponse): void {
    const asset = options.assets.find((candidate) => candidate.assetId === assetId);
    if (!asset) return notFound(response);
    const total = asset.bytes.length;
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    if (start >= total) {
      response.writeHead(416, { 'content-range': `bytes */${total}` }).end();
      return;
    }
    const body = asset.bytes.subarray(start);
    const headers: Record<string, string | number> = {
      'content-length': body.length,
      'accept-ranges': 'bytes',
      'content-type': 'application/octet-stream',
    };
    const claimed = start + (options.contentRangeShift ?? 0);
    if (range) headers['content-range'] = `bytes ${claimed}-${total - 1}/${total}`;
    response.writeHead(range ? 206 : 200, headers);

    const cut = cuts.get(assetId);
    if (cut && cut.count > 0) {
      cut.count -= 1;
      response.write(body.subarray(0, Math.max(0, cut.bytes - start)), () => {
        setTimeout(() => response.socket?.destroy(), 20);
      });
      return;
    }
    response.end(body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    apiUrl: `${base}/api`,
    requests,
    cutTransfers(assetId, count, bytes) {
      cuts.set(assetId, { count, bytes });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(response: ServerResponse, value: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

function notFound(response: ServerResponse): void {
  response.writeHead(404, { 'content-type': 'application/json' });
  response.end('{"detail":"Not found."}');
}

function globToRegExp(glob: string): RegExp {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`);
}
