/**
 * The DANDI ETag, the archive's digest of an asset's bytes (dandischema's
 * `digests/dandietag.py`): the file is cut into S3 multipart-upload parts, and the ETag is
 * `md5(md5(part 1) + md5(part 2) + ...)` in hex, followed by `-` and the part count.
 *
 * Part size rule: 64 MiB, unless that makes 10 000 parts or more (the S3 limit), in which case
 * `ceil(size / 10 000)`. The last part contains the remainder. Files above 5 TiB are rejected.
 * Node.js only, because browsers' Web Crypto has no MD5.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

const MIB = 2 ** 20;
const DEFAULT_PART_SIZE = 64 * MIB;
const MAX_PARTS = 10_000;
const MAX_FILE_SIZE = 5 * 2 ** 40;

/** Part layout of a file: `count` parts of `partSize` bytes, the last of `finalPartSize`. */
export interface PartLayout {
  count: number;
  partSize: number;
  finalPartSize: number;
}

/** Computes DANDI's part layout for a file of `fileSize` bytes. */
export function dandiEtagParts(fileSize: number): PartLayout {
  if (!Number.isSafeInteger(fileSize) || fileSize < 0) {
    throw new Error(`invalid file size ${fileSize}`);
  }
  if (fileSize === 0) return { count: 0, partSize: 0, finalPartSize: 0 };
  if (fileSize > MAX_FILE_SIZE) throw new Error('file is larger than the S3 maximum of 5 TiB');
  let partSize = DEFAULT_PART_SIZE;
  if (Math.ceil(fileSize / partSize) >= MAX_PARTS) partSize = Math.ceil(fileSize / MAX_PARTS);
  let count = Math.floor(fileSize / partSize);
  let finalPartSize = fileSize - count * partSize;
  if (finalPartSize === 0) finalPartSize = partSize;
  else count += 1;
  if (count === 1) partSize = finalPartSize;
  return { count, partSize, finalPartSize };
}

/** Computes the DANDI ETag incrementally from consecutive chunks of a file of known size. */
export class DandiEtagHasher {
  private readonly layout: PartLayout;
  private readonly partDigests: Buffer[] = [];
  private part: Hash = createHash('md5');
  private partFilled = 0;
  private total = 0;
  private readonly fileSize: number;

  constructor(fileSize: number) {
    this.fileSize = fileSize;
    this.layout = dandiEtagParts(fileSize);
  }

  update(chunk: Uint8Array): void {
    let offset = 0;
    while (offset < chunk.length) {
      const partIndex = this.partDigests.length;
      if (partIndex >= this.layout.count) throw new Error('more bytes than the declared size');
      const partSize =
        partIndex === this.layout.count - 1 ? this.layout.finalPartSize : this.layout.partSize;
      const take = Math.min(partSize - this.partFilled, chunk.length - offset);
      this.part.update(chunk.subarray(offset, offset + take));
      this.partFilled += take;
      offset += take;
      if (this.partFilled === partSize) {
        this.partDigests.push(this.part.digest());
        this.part = createHash('md5');
        this.partFilled = 0;
      }
    }
    this.total += chunk.length;
  }

  /** Returns the ETag, e.g. `0f6cb5a9c1f2a4e2c8e9b0d6f3a1b2c3-1`. */
  digest(): string {
    if (this.total !== this.fileSize) {
      throw new Error(`hashed ${this.total} bytes but the file has ${this.fileSize}`);
    }
    const combined = createHash('md5').update(Buffer.concat(this.partDigests)).digest('hex');
    return `${combined}-${this.partDigests.length}`;
  }
}

/** Computes a file's DANDI ETag and SHA-256 in one pass over the file. */
export async function hashFile(
  path: string,
  fileSize: number,
): Promise<{ dandiEtag: string; sha256: string }> {
  const etag = new DandiEtagHasher(fileSize);
  const sha256 = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * MIB })) {
    etag.update(chunk as Buffer);
    sha256.update(chunk as Buffer);
  }
  return { dandiEtag: etag.digest(), sha256: sha256.digest('hex') };
}
