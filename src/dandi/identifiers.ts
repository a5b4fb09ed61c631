/**
 * Dandiset identifiers as users type them: `000130`, `000130@draft`, `000130@0.220113.0408`,
 * or with the `DANDI:` prefix used in citations.
 */

/** The DANDI Archive's public API. */
export const DEFAULT_API_URL = 'https://api.dandiarchive.org/api';

export interface DandisetRef {
  /** Six-digit identifier, such as `000130`. */
  id: string;
  /** `draft`, a published version such as `0.220113.0408`, or null for the default. */
  version: string | null;
}

/** Parses `DANDISET[@VERSION]`. */
export function parseDandisetRef(text: string): DandisetRef {
  const match = /^(?:DANDI:)?(\d{6})(?:@([A-Za-z0-9.]+))?$/i.exec(text.trim());
  if (match === null) {
    throw new Error(
      `invalid dandiset '${text}': expected a six-digit id with an optional version, ` +
        'e.g. 000130 or 000130@draft',
    );
  }
  return { id: match[1], version: match[2] ?? null };
}

/**
 * Matches an asset path against a glob as fnmatch does (Python's `fnmatchcase`, which
 * dandi-cli uses): `*` matches any run of characters including `/`, `?` one character, and
 * `[...]` a character class.
 */
export function matchesGlob(path: string, pattern: string): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (char === '[') {
      // As in fnmatch, a `]` right after `[` or `[!` is a member, not the end of the class.
      let start = i + 1;
      if (pattern[start] === '!') start += 1;
      if (pattern[start] === ']') start += 1;
      const close = pattern.indexOf(']', start);
      if (close === -1) {
        source += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, close);
      const negated = body.startsWith('!');
      if (negated) body = body.slice(1);
      // In fnmatch, `^` and `\` are plain members, so they are escaped for the RegExp, as is `]`.
      body = body.replace(/[\\\]^]/g, '\\$&');
      source += negated ? `[^${body}]` : `[${body}]`;
      i = close;
    } else source += char.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's').test(path);
}
