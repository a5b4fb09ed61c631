/**
 * Browser bundle entry of the browser test: builds every report section from the fixture and
 * renders each figure to SVG inside the page, with no Node.js module available.
 */
import { reportSections } from '../../src/report/sections/index.js';
import { renderSvg } from '../../src/report/svg.js';
import { fixtureReport } from './fixture.js';

/** Size of each figure's SVG rendered in the browser, by figure name. */
async function renderReportFigures(): Promise<Record<string, number>> {
  const input = fixtureReport({ hiddenSize: 5, steps: 30, trials: 20 });
  const sizes: Record<string, number> = {};
  for (const section of reportSections(input)) {
    for (const figure of section.figures) {
      const svg = await renderSvg(figure.spec);
      sizes[figure.name] = svg.startsWith('<svg') ? svg.length : 0;
    }
  }
  return sizes;
}

(globalThis as { renderReportFigures?: typeof renderReportFigures }).renderReportFigures =
  renderReportFigures;
