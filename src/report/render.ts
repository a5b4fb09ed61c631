/**
 * Renders charts to files: SVG through Vega headless, PNG through resvg with the system's
 * fonts. Node.js only; chart specifications and `renderSvg` run in a browser as well.
 */
import { join } from 'node:path';

import { Resvg } from '@resvg/resvg-js';
import type { TopLevelSpec } from 'vega-lite';

import { writeFileAtomic } from '../io/atomic-write.js';
import { renderSvg as renderSvgWithVega } from './svg.js';
import { useDejaVuTextWidths } from './text-metrics.js';
import { defaultRasterFontFamily } from './theme.js';

/** Scale of the PNG relative to the SVG's size in CSS pixels; 2 gives sharp print and slides. */
const pngScale = 2;

/**
 * Renders a Vega-Lite specification to SVG text, as `renderSvg` of `svg.ts` does, with text
 * laid out by DejaVu Sans's widths instead of Vega's estimate, so titles and legends fit.
 */
export async function renderSvg(spec: TopLevelSpec, warnings?: string[]): Promise<string> {
  await useDejaVuTextWidths();
  return renderSvgWithVega(spec, warnings);
}

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
 * atomically. `name` is a file stem such as `loss` or `weights-lstm`. Chart warnings go to
 * `warnings` when given and to the console otherwise, as in `renderSvg`.
 */
export async function writeFigure(
  dir: string,
  name: string,
  spec: TopLevelSpec,
  warnings?: string[],
): Promise<WrittenFigure> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new Error(`invalid figure name '${name}': use letters, digits, '.', '_' and '-'`);
  }
  const svg = await renderSvg(spec, warnings);
  const svgPath = join(dir, `${name}.svg`);
  const pngPath = join(dir, `${name}.png`);
  writeFileAtomic(svgPath, svg);
  writeFileAtomic(pngPath, svgToPng(svg));
  return { name, svgPath, pngPath, svg };
}
