import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';

import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.js';
import { writeReport } from '../../src/report/write-report.js';
import { fixtureReport } from './fixture.js';

const skip = existsSync(CHROMIUM_PATH)
  ? false
  : `Chromium not found at ${CHROMIUM_PATH}; install Debian's chromium package to run this test`;

interface FigureCheck {
  name: string;
  width: number;
  height: number;
  marks: number;
  visibleMarks: number;
}

describe('report in headless Chromium', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-browser-'));
  const input = fixtureReport({ hiddenSize: 8, steps: 80, trials: 40 });
  let browser: Browser;
  let htmlPath: string;

  before(async () => {
    htmlPath = (await writeReport(dir, input, [], { warnings: [] })).htmlPath;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws every chart without errors', async (t) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const consoleErrors: string[] = [];
    const failedRequests: string[] = [];
    const otherRequests: string[] = [];
    const reportUrl = pathToFileURL(htmlPath).href;
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('requestfailed', (request) => failedRequests.push(request.url()));
    page.on('request', (request) => {
      if (request.url() !== reportUrl) otherRequests.push(request.url());
    });

    await page.goto(reportUrl, { waitUntil: 'load' });
    const figures: FigureCheck[] = await page.$$eval('figure.chart', (elements) =>
      elements.map((element) => {
        const svg = element.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        const marks = svg ? [...svg.querySelectorAll('.role-mark > *')] : [];
        const visible = marks.filter((mark) => {
          const rect = mark.getBoundingClientRect();
          return rect.width > 0 || rect.height > 0;
        });
        return {
          name: element.getAttribute('data-figure') ?? '',
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          marks: marks.length,
          visibleMarks: visible.length,
        };
      }),
    );

    const expected = ['loss', 'success'];
    for (const model of input.models) {
      for (const kind of ['intervals', 'weights', 'spectrum', 'activity']) {
        expected.push(`${kind}-${model.name}`);
      }
    }
    assert.deepEqual(figures.map((figure) => figure.name).sort(), expected.sort());
    for (const figure of figures) {
      assert.ok(figure.width > 100, `${figure.name}: width ${figure.width}`);
      assert.ok(figure.height > 100, `${figure.name}: height ${figure.height}`);
      assert.ok(figure.visibleMarks > 0, `${figure.name}: ${figure.marks} marks, none visible`);
    }
    const sectionIds = await page.$$eval('section', (sections) => sections.map((s) => s.id));
    const tocTargets = await page.$$eval('nav.toc a', (links) =>
      links.map((link) => link.getAttribute('href')),
    );
    assert.deepEqual(
      tocTargets,
      sectionIds.map((id) => `#${id}`),
    );
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(failedRequests, []);
    assert.deepEqual(otherRequests, []);

    const screenshot = join(mkdtempSync(join(tmpdir(), 'rnnlab-screenshot-')), 'report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    assert.ok(statSync(screenshot).size > 10_000, 'screenshot is nearly empty');
    t.diagnostic(`screenshot: ${screenshot}`);
    await page.close();
  });

  it('builds and renders charts in the page', async () => {
    // esbuild (the bundler behind tsx) fails on any Node.js import, so bundling for the
    // browser platform also checks that the report's spec code needs no Node.js module.
    const entry = fileURLToPath(new URL('./browser-entry.ts', import.meta.url));
    const bundle = await build({
      entryPoints: [entry],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.setContent('<!DOCTYPE html><html><body></body></html>');
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
    const sizes: Record<string, number> = await page.evaluate(() =>
      (
        globalThis as unknown as { renderReportFigures: () => Promise<Record<string, number>> }
      ).renderReportFigures(),
    );
    assert.deepEqual(errors, []);
    assert.equal(Object.keys(sizes).length, 2 + 3 * 4);
    for (const [name, size] of Object.entries(sizes)) {
      assert.ok(size > 1000, `${name}: SVG of ${size} characters`);
    }
    await page.close();
  });
});
