/**
 * Gives Vega real text widths in Node.js. Without a canvas, Vega estimates 0.8 em per
 * character, which overstates DejaVu Sans by roughly a third, so headless charts get wide
 * margins and truncated titles. This file replaces that estimate with DejaVu Sans's advance
 * widths in every copy of vega-scenegraph that Vega loads. There are two copies, because
 * vega 6.3 pins vega-scenegraph ~5.2.1 while vega-view-transforms, vega-label and
 * vega-parser require ^5.3.0, and the layout code reads the second copy's `textMetrics`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { textWidth } from './text-width.js';

/** The text item fields that the width function reads. */
interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
  limit?: number;
}

/** vega-scenegraph's text measurement hook, which its typings do not declare. */
interface TextMetrics {
  width: (item: TextItem, text?: unknown) => number;
  estimateWidth: (item: TextItem, text?: unknown) => number;
}

let installation: Promise<void> | null = null;

/**
 * Installs DejaVu Sans text widths into Vega, once per process. A copy that measures with a
 * canvas keeps doing so. Resolves when every copy is patched.
 */
export function useDejaVuTextWidths(): Promise<void> {
  installation ??= install();
  return installation;
}

async function install(): Promise<void> {
  for (const path of scenegraphCopies()) {
    const module = (await import(pathToFileURL(path).href)) as { textMetrics?: TextMetrics };
    if (module.textMetrics) patch(module.textMetrics);
  }
}

function patch(metrics: TextMetrics): void {
  if (metrics.width !== metrics.estimateWidth) return;
  metrics.width = (item, text) => {
    const line = text === undefined || text === null ? '' : String(text).trim();
    const weight = item.fontWeight;
    const bold = weight === 'bold' || (typeof weight === 'number' && weight >= 600);
    const width = textWidth(line, item.fontSize ?? 11, bold);
    // Vega truncates text longer than `limit` with an ellipsis, so its width is at most that.
    return item.limit && item.limit > 0 ? Math.min(width, item.limit) : width;
  };
}

/**
 * Returns the entry file of every vega-scenegraph copy reachable from vega, walking the
 * dependencies named `vega*` of each package as Node.js resolves them.
 */
function scenegraphCopies(): string[] {
  const copies = new Set<string>();
  const visited = new Set<string>();
  const start = createRequire(fileURLToPath(import.meta.url)).resolve('vega');
  const queue = [start];
  while (queue.length > 0) {
    const entry = queue.shift() as string;
    if (visited.has(entry)) continue;
    visited.add(entry);
    const manifest = packageManifest(entry);
    if (!manifest) continue;
    if (manifest.name === 'vega-scenegraph') copies.add(entry);
    const resolve = createRequire(entry).resolve;
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      if (!dependency.startsWith('vega')) continue;
      try {
        queue.push(resolve(dependency));
      } catch {
        // A dependency without a resolvable entry, such as a types-only package, has no code.
      }
    }
  }
  return [...copies];
}

/** Reads the package.json of the package that contains `file`, or null when there is none. */
function packageManifest(
  file: string,
): { name?: string; dependencies?: Record<string, string> } | null {
  let dir = dirname(file);
  while (dir !== dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) return JSON.parse(readFileSync(candidate, 'utf8'));
    dir = dirname(dir);
  }
  return null;
}
