import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import type { TopLevelSpec } from 'vega-lite';

import { renderSvg, svgToPng, writeFigure } from '../../src/report/render.js';

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const lineSpec: TopLevelSpec = {
  title: 'Sine',
  width: 300,
  height: 200,
  data: { values: Array.from({ length: 50 }, (_, i) => ({ x: i, y: Math.sin(i / 5) })) },
  mark: 'line',
  encoding: {
    x: { field: 'x', type: 'quantitative' },
    y: { field: 'y', type: 'quantitative' },
  },
};

describe('renderSvg', () => {
  it('draws a line chart as SVG', async () => {
    const svg = await renderSvg(lineSpec);
    assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, /<path[^>]* d="M/);
    assert.match(svg, />Sine</);
  });

  it('uses the chart font stack', async () => {
    const svg = await renderSvg(lineSpec);
    assert.match(svg, /font-family="DejaVu Sans, Liberation Sans/);
  });

  it('sizes a long title by DejaVu Sans widths', async () => {
    // 60 bold "a" at 13 px: 60 * 0.675 em * 13 px = 527 px, where Vega's estimate of
    // 0.8 em per character would give 624 px.
    const titled = { ...lineSpec, width: 100, title: 'a'.repeat(60) };
    const svg = await renderSvg(titled);
    const width = Number(/width="(\d+)"/.exec(svg)?.[1]);
    assert.ok(width > 527, `width ${width} should fit the 527 px title`);
    assert.ok(width < 600, `width ${width} should not follow the 624 px estimate`);
  });

  it('rejects a spec that loads data by URL', async () => {
    const remote = { ...lineSpec, data: { url: 'https://example.invalid/data.csv' } };
    await assert.rejects(renderSvg(remote), /example\.invalid\/data\.csv/);
  });
});

describe('svgToPng', () => {
  it('rasterises at twice the size', async () => {
    const svg = await renderSvg(lineSpec);
    const png = svgToPng(svg);
    assert.deepEqual([...png.subarray(0, 8)], pngSignature);
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    const svgWidth = Number(/width="(\d+)"/.exec(svg)?.[1]);
    assert.equal(view.getUint32(16), svgWidth * 2);
  });
});

describe('writeFigure', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-render-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes name.svg and name.png', async () => {
    const figure = await writeFigure(dir, 'sine', lineSpec);
    assert.equal(figure.svgPath, join(dir, 'sine.svg'));
    assert.equal(readFileSync(figure.svgPath, 'utf8'), figure.svg);
    assert.deepEqual([...readFileSync(figure.pngPath).subarray(0, 8)], pngSignature);
  });

  it('rejects a name with a path separator', async () => {
    await assert.rejects(writeFigure(dir, '../escape', lineSpec), /invalid figure name/);
    assert.equal(existsSync(join(dir, '..', 'escape.svg')), false);
  });
});
