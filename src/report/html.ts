/**
 * The report as one self-contained HTML page: inline CSS, inline SVG figures, a table of
 * contents, and no script, font, image or style sheet from anywhere else, so it opens
 * offline and can be mailed as one file.
 */
import { figureSlot } from './figure-slot.js';
import { escapeHtml } from './html-escape.js';
import type { ReportFigure, ReportInput, ReportSection } from './types.js';

/** A figure with its rendered SVG text. */
export interface RenderedFigure {
  figure: ReportFigure;
  svg: string;
}

/** A section whose figures have been rendered, in the section's order. */
export interface RenderedSection {
  section: ReportSection;
  figures: RenderedFigure[];
}

const styles = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body {
  margin: 0; background: #fafafa; color: #222;
  font: 16px/1.55 "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
}
header, main { max-width: 1240px; margin: 0 auto; padding: 0 28px; }
header { padding-top: 28px; }
h1 { font-size: 1.7em; margin: 0 0 4px; }
h2 { font-size: 1.35em; margin: 40px 0 12px; padding-bottom: 4px; border-bottom: 1px solid #ddd; }
h3 { font-size: 1.1em; margin: 28px 0 8px; }
p { max-width: 52em; }
.meta { color: #666; margin: 0; }
nav.toc {
  background: #fff; border: 1px solid #e2e2e2; border-radius: 6px;
  padding: 10px 20px; margin: 20px 0 8px; display: inline-block;
}
nav.toc ol { margin: 6px 0; padding-left: 22px; columns: 2; column-gap: 48px; }
nav.toc a { color: #1f5f99; text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
section { background: #fff; border: 1px solid #e8e8e8; border-radius: 6px;
  padding: 4px 24px 20px; margin: 24px 0; }
section > h2 { margin-top: 18px; }
table { border-collapse: collapse; margin: 12px 0; font-size: 0.92em; }
th, td { padding: 5px 12px; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #ccc; }
table.scores td { font-variant-numeric: tabular-nums; }
table.facts th { color: #555; font-weight: normal; white-space: nowrap; }
.score { display: block; font-weight: bold; }
.baseline { display: block; color: #777; font-size: 0.85em; }
ul.caveats { background: #fff8e6; border-left: 4px solid #e0a800; padding: 10px 16px 10px 32px;
  max-width: 52em; }
ul.caveats li { margin: 4px 0; }
ul.verdicts li { margin: 4px 0; }
.equation { font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, monospace;
  font-size: 0.88em; background: #f4f4f4; padding: 8px 12px; border-radius: 4px; }
code, pre { font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, monospace;
  font-size: 0.9em; }
pre { background: #f4f4f4; padding: 10px 14px; border-radius: 4px; overflow-x: auto; }
details { margin: 8px 0; }
.figures { display: flex; flex-wrap: wrap; gap: 20px 28px; align-items: flex-start; }
.figures.column { flex-direction: column; }
figure.chart { margin: 12px 0; max-width: 100%; overflow-x: auto; display: table; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { display: table-caption; caption-side: bottom; color: #555; font-size: 0.88em;
  margin-top: 6px; }
figcaption a { color: #1f5f99; }
`;

/** Lets the page load nothing but its own inline styles, so it cannot reach the network. */
const contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** Builds the report page from rendered sections. */
export function reportHtml(input: ReportInput, sections: RenderedSection[]): string {
  const toc = sections
    .map(({ section }) => `<li><a href="#${section.id}">${escapeHtml(section.title)}</a></li>`)
    .join('\n');
  const body = sections.map(sectionHtml).join('\n');
  const meta = `${input.task.name} · dt ${input.task.dtMs} ms · ${input.createdAt}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}">
<title>${escapeHtml(input.title)}</title>
<style>${styles}</style>
</head>
<body>
<header>
<h1>${escapeHtml(input.title)}</h1>
<p class="meta">${escapeHtml(meta)}</p>
<nav class="toc" aria-label="Contents"><strong>Contents</strong>
<ol>
${toc}
</ol>
</nav>
</header>
<main>
${body}
</main>
</body>
</html>
`;
}

function sectionHtml({ section, figures }: RenderedSection): string {
  let html = section.html;
  const trailing: string[] = [];
  const layout = section.figureLayout ?? 'grid';
  for (const rendered of figures) {
    const slot = figureSlot(rendered.figure.name);
    if (html.includes(slot)) {
      html = html.replace(slot, figureHtml(rendered, columnZoom));
    } else {
      trailing.push(figureHtml(rendered, layout === 'column' ? columnZoom : 1));
    }
  }
  const block =
    trailing.length === 0 ? '' : `<div class="figures ${layout}">\n${trailing.join('\n')}\n</div>`;
  return (
    `<section id="${escapeHtml(section.id)}">\n<h2>${escapeHtml(section.title)}</h2>\n` +
    `${html}\n${block}\n</section>`
  );
}

/**
 * Maximum enlargement of a full-width figure. Charts are laid out at 11 px text for the PNG
 * files, which reads small beside the page's 16 px text, so full-width figures are drawn up
 * to 1.3 times larger, as far as the 1184 px content width allows.
 */
const columnZoom = 1.3;
const contentWidth = 1184;

function figureHtml({ figure, svg }: RenderedFigure, maxZoom: number): string {
  const name = escapeHtml(figure.name);
  return (
    `<figure class="chart" id="figure-${name}" data-figure="${name}">\n` +
    `${zoomSvg(scopeSvgIds(svg, `figure-${figure.name}-`), maxZoom)}\n` +
    `<figcaption>${escapeHtml(figure.caption)} ` +
    `<a href="figures/${name}.svg">SVG</a> · <a href="figures/${name}.png">PNG</a>` +
    '</figcaption>\n</figure>'
  );
}

/**
 * Prefixes every id in an SVG, and every `url(#id)` and `href="#id"` that refers to one, so
 * that gradients and clip paths of different inline figures do not collide in one page.
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/(\s)id="([^"]+)"/g, (_, space: string, id: string) => {
      return `${space}id="${prefix}${id}"`;
    })
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}${id})`)
    .replace(/(\s(?:xlink:)?href)="#([^"]+)"/g, (_, name: string, id: string) => {
      return `${name}="#${prefix}${id}"`;
    });
}

/**
 * Enlarges an SVG's displayed size by up to `maxZoom`, keeping it within the content width.
 * Only the root element's width and height change; its viewBox keeps the drawing the same.
 */
function zoomSvg(svg: string, maxZoom: number): string {
  const match = /^<svg\b[^>]*>/.exec(svg);
  if (!match || maxZoom <= 1) return svg;
  const root = match[0];
  const width = Number(/\swidth="([\d.]+)"/.exec(root)?.[1]);
  const height = Number(/\sheight="([\d.]+)"/.exec(root)?.[1]);
  if (!(width > 0 && height > 0)) return svg;
  const zoom = Math.max(1, Math.min(maxZoom, contentWidth / width));
  const zoomed = root
    .replace(/\swidth="[\d.]+"/, ` width="${Math.round(width * zoom)}"`)
    .replace(/\sheight="[\d.]+"/, ` height="${Math.round(height * zoom)}"`);
  return zoomed + svg.slice(root.length);
}
