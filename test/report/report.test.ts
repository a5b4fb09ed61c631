import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { Resvg } from '@resvg/resvg-js';

import { figureSlot } from '../../src/report/figure-slot.js';
import { reportSections } from '../../src/report/sections/index.js';
import type { ReportSection } from '../../src/report/types.js';
import { writeReport, type WrittenReport } from '../../src/report/write-report.js';
import { fixtureReport } from './fixture.js';

const input = fixtureReport({ hiddenSize: 6, steps: 60, trials: 40 });

const extraSection: ReportSection = {
  id: 'pca',
  title: 'Principal components',
  html: `<p>Extra analysis.</p>\n${figureSlot('pca')}\n<p>After the figure.</p>`,
  figures: [
    {
      name: 'pca',
      spec: {
        data: { values: [{ x: 1, y: 2 }] },
        mark: 'point',
        encoding: {
          x: { field: 'x', type: 'quantitative' },
          y: { field: 'y', type: 'quantitative' },
        },
      },
      caption: 'A test figure.',
    },
  ],
};

describe('writeReport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-report-'));
  const warnings: string[] = [];
  let written: WrittenReport;
  let html: string;

  before(async () => {
    written = await writeReport(dir, input, [extraSection], { warnings });
    html = readFileSync(written.htmlPath, 'utf8');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('renders charts without warnings', () => {
    assert.deepEqual(warnings, []);
  });

  it('has every section in order', () => {
    const ids = [...html.matchAll(/<section id="([^"]+)">/g)].map((match) => match[1]);
    assert.deepEqual(ids, [
      'summary',
      'training',
      'evaluation',
      'intervals',
      'weights',
      'spectra',
      'activity',
      'pca',
      'reproduction',
    ]);
    for (const id of ids) {
      assert.ok(html.includes(`<a href="#${id}">`), `contents link to ${id}`);
    }
  });

  it('writes SVG and PNG of every figure', () => {
    const names = ['loss', 'success', 'pca'];
    for (const model of ['rnn', 'lstm', 'gru']) {
      for (const kind of ['intervals', 'weights', 'spectrum', 'activity']) {
        names.push(`${kind}-${model}`);
      }
    }
    for (const name of names) {
      assert.ok(existsSync(join(dir, 'figures', `${name}.svg`)), `${name}.svg`);
      assert.ok(existsSync(join(dir, 'figures', `${name}.png`)), `${name}.png`);
      assert.ok(html.includes(`data-figure="${name}"`), `${name} inline`);
    }
    assert.equal(written.figurePaths.length, 2 * names.length);
  });

  it('writes SVG files that parse', () => {
    for (const path of written.figurePaths.filter((p) => p.endsWith('.svg'))) {
      const svg = readFileSync(path, 'utf8');
      const image = new Resvg(svg);
      assert.ok(image.width > 100, `${path}: width ${image.width}`);
      assert.ok(image.height > 50, `${path}: height ${image.height}`);
    }
  });

  it('loads nothing from outside the page', () => {
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<link/i);
    assert.doesNotMatch(html, /<img/i);
    assert.doesNotMatch(html, /@import|@font-face/);
    const sources = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((match) => match[1]);
    const external = sources.filter((url) => !url.startsWith('#') && !url.startsWith('figures/'));
    assert.deepEqual(external, []);
  });

  it('places a slotted figure inside its section', () => {
    const section = html.slice(html.indexOf('<section id="pca">'));
    const figure = section.indexOf('data-figure="pca"');
    assert.ok(figure > section.indexOf('Extra analysis.'));
    assert.ok(figure < section.indexOf('After the figure.'));
    assert.ok(!html.includes(figureSlot('pca')));
  });

  it('puts the baseline beside every score', () => {
    const evaluation = sectionText(html, 'evaluation');
    assert.equal([...evaluation.matchAll(/always fixate/g)].length, 3 * 4 + 1);
    assert.match(evaluation, /always fixate 0\.979/);
  });

  it('explains the non-timing accuracy', () => {
    const evaluation = sectionText(html, 'evaluation');
    assert.match(evaluation, /rnn: per-step accuracy 0\.979 is within 0\.03 of the 0\.979/);
    const lastStep = /rnn: last-step accuracy is 1\.000 while only 0% of trials succeed/;
    assert.match(evaluation, lastStep);
    assert.doesNotMatch(evaluation, /lstm: last-step accuracy/);
  });

  it('states a verdict per model', () => {
    const summary = sectionText(html, 'summary');
    assert.match(summary, /rnn does not time the intervals: 0% of 40 trials/);
    assert.match(summary, /lstm times/);
    assert.match(summary, /gru times/);
  });

  it('explains the LSTM stacking', () => {
    const weights = sectionText(html, 'weights');
    const stacking = /weight_hh_l0<\/code> is \(24, 6\) because PyTorch stacks the 4 gates/;
    assert.match(weights, stacking);
    assert.match(weights, /rows 6–11 are the forget gate f \(W_hf\)/);
    const figure = html.slice(html.indexOf('data-figure="weights-lstm"'));
    const lstmFigure = figure.slice(0, figure.indexOf('</figure>'));
    assert.match(lstmFigure, /rows 6–11 of each stacked matrix/);
  });

  it('reports spectral radii', () => {
    const spectra = html.slice(html.indexOf('<section id="spectra">'));
    const radii = spectra.matchAll(/<td>6 × 6<\/td><td>\d\.\d{3}<\/td>/g);
    assert.equal([...radii].length, 1 + 4 + 3);
  });

  it('scopes SVG ids per figure', () => {
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]);
    assert.equal(new Set(ids).size, ids.length, 'duplicate ids in the page');
    for (const [, target] of html.matchAll(/url\(#([^)]+)\)/g)) {
      assert.ok(ids.includes(target), `url(#${target}) has no element`);
    }
  });
});

describe('reproductionSection', () => {
  it('lists the chart library versions', () => {
    const reproduction = reportSections(input).at(-1);
    assert.equal(reproduction?.id, 'reproduction');
    assert.match(reproduction?.html ?? '', /<th scope="row">vega<\/th><td>\d+\.\d+\.\d+<\/td>/);
    assert.match(reproduction?.html ?? '', /<th scope="row">node<\/th><td>20\.20\.2<\/td>/);
  });
});

describe('reportSections', () => {
  it('names the loss of the task kind', () => {
    const lossCaption = (kind: 'classification' | 'regression'): string => {
      const sections = reportSections({ ...input, task: { ...input.task, kind } });
      const training = sections.find((section) => section.id === 'training');
      return training?.figures.find((figure) => figure.name === 'loss')?.caption ?? '';
    };
    assert.match(lossCaption('classification'), /^Cross-entropy loss/);
    assert.match(lossCaption('regression'), /^Mean squared error/);
  });

  it('rejects a duplicate figure name', () => {
    const figures = [{ ...extraSection.figures[0], name: 'loss' }];
    const clash = { ...extraSection, id: 'clash', figures };
    assert.throws(() => reportSections(input, [clash]), /two report figures are named 'loss'/);
  });

  it('rejects a duplicate section id', () => {
    const clash = { ...extraSection, id: 'summary' };
    const message = /two report sections have the id 'summary'/;
    assert.throws(() => reportSections(input, [clash]), message);
  });
});

/** Returns a section's HTML with tags removed, so that assertions read like the page. */
function sectionText(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}">`);
  const end = html.indexOf('</section>', start);
  return html
    .slice(start, end)
    .replace(/<svg[\s\S]*?<\/svg>/g, '')
    .replace(/<(?!\/?code)[^>]+>/g, '');
}
