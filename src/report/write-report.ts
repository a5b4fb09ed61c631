/**
 * Writes an experiment report to a folder: `report.html`, self-contained, and every figure
 * under `figures/` as SVG and PNG with stable names. Node.js only.
 */
import { join } from 'node:path';

import { writeFileAtomic } from '../io/atomic-write.js';
import { reportHtml, type RenderedSection } from './html.js';
import { writeFigure } from './render.js';
import { reportSections } from './sections/index.js';
import type { ReportInput, ReportSection } from './types.js';

/** Paths that `writeReport` wrote. */
export interface WrittenReport {
  htmlPath: string;
  /** SVG and PNG files, in the order of the report. */
  figurePaths: string[];
}

/** Options of `writeReport`. */
export interface WriteReportOptions {
  /** Receives chart warnings instead of the console. */
  warnings?: string[];
}

/**
 * Renders every section's figures into `dir/figures/` and writes `dir/report.html`, each file
 * atomically. `extraSections` come after the standard sections and before reproduction.
 * Files from an earlier report in the same folder stay unless overwritten.
 */
export async function writeReport(
  dir: string,
  input: ReportInput,
  extraSections: ReportSection[] = [],
  options: WriteReportOptions = {},
): Promise<WrittenReport> {
  const sections = reportSections(input, extraSections);
  const figuresDir = join(dir, 'figures');
  const figurePaths: string[] = [];
  const rendered: RenderedSection[] = [];
  for (const section of sections) {
    const figures = [];
    for (const figure of section.figures) {
      const written = await writeFigure(figuresDir, figure.name, figure.spec, options.warnings);
      figurePaths.push(written.svgPath, written.pngPath);
      figures.push({ figure, svg: written.svg });
    }
    rendered.push({ section, figures });
  }
  const htmlPath = join(dir, 'report.html');
  writeFileAtomic(htmlPath, reportHtml(input, rendered));
  return { htmlPath, figurePaths };
}
