/**
 * Renders charts to files: SVG through Vega headless, PNG through resvg with the system's
 * fonts. Node.js only; chart specifications and `renderSvg` run in a browser as well.
 */
import { join } from 'node:path';

import { Resvg } from '@resvg/resvg-js';
import type { TopLevelSpec } from 'vega-lite';

import { writeFileAtomic } from '../io/atomic-write.js';
import { renderSvg } from './svg.js';
import { defaultRasterFontFamily } from './theme.js';

export { renderSvg } from './svg.js';

/** Scale of the PNG relative to the SVG's size in CSS pixels; 2 gives sharp print and slides. */
const pngScale = 2;

/**
 * Rasterises SVG text to PNG bytes at `scale` times its size. Text uses the system's fonts,
 * falling back to DejaVu Sans when a chart's families are not installed.
 */
export function svgToPng(svg: string, scale = pngScale): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: defaultRasterFontFamily },
  });
  return resvg.render().asPng();
}

/** Paths and contents of a figure written by `writeFigure`. */
export interface WrittenFigure {
  name: string;
  svgPath: string;
  pngPath: string;
  svg: string;
}

/**
 * Renders a Vega-Lite specification and writes `dir/name.svg` and `dir/name.png`, each
 * atomically. `name` is a file stem such as `loss` or `weights-lstm`.
 */
export async function writeFigure(
  dir: string,
  name: string,
  spec: TopLevelSpec,
): Promise<WrittenFigure> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new Error(`invalid figure name '${name}': use letters, digits, '.', '_' and '-'`);
  }
  const svg = await renderSvg(spec);
  const svgPath = join(dir, `${name}.svg`);
  const pngPath = join(dir, `${name}.png`);
  writeFileAtomic(svgPath, svg);
  writeFileAtomic(pngPath, svgToPng(svg));
  return { name, svgPath, pngPath, svg };
}
