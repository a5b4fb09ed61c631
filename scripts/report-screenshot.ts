/**
 * Renders a report.html in headless Chromium and saves the top of the page as a PNG, the
 * picture of the report in the README. Needs Debian's `chromium` package.
 *
 *     npx tsx scripts/report-screenshot.ts runs/motor-timing/report.html docs/images/report.png
 *
 * Options: --height PX, the height of the picture in CSS pixels (1500), and --scale N, the
 * device pixel ratio (1).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';

const WIDTH = 1280;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { height: { type: 'string', default: '1500' }, scale: { type: 'string', default: '1' } },
});
const [reportPath, picturePath] = positionals;
const height = Number(values.height);
const scale = Number(values.scale);
if (!reportPath || !picturePath || !(height > 0) || !(scale > 0)) {
  process.stderr.write(
    'usage: npx tsx scripts/report-screenshot.ts REPORT.html PICTURE.png [--height PX] [--scale N]\n',
  );
  process.exit(2);
}
if (!existsSync(reportPath)) {
  process.stderr.write(`report not found: ${reportPath}\n`);
  process.exit(1);
}
if (!existsSync(CHROMIUM_PATH)) {
  process.stderr.write(`Chromium not found at ${CHROMIUM_PATH}; install Debian's chromium package\n`);
  process.exit(1);
}

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({
    viewport: { width: WIDTH, height },
    deviceScaleFactor: scale,
  });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pathToFileURL(resolve(reportPath)).href, { waitUntil: 'load' });
  if (errors.length > 0) throw new Error(`the report logged errors: ${errors.join('; ')}`);
  mkdirSync(dirname(picturePath), { recursive: true });
  await page.screenshot({ path: picturePath, clip: { x: 0, y: 0, width: WIDTH, height } });
  process.stdout.write(`wrote ${picturePath}\n`);
} finally {
  await browser.close();
}
