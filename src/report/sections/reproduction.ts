/** How to reproduce the run: the command, the experiment file and the software versions. */
import { version as vegaVersion } from 'vega';
import { version as vegaLiteVersion } from 'vega-lite';

import { escapeHtml } from '../html-escape.js';
import type { ReportInput, ReportSection } from '../types.js';

/** Builds the reproduction section. */
export function reproductionSection(input: ReportInput): ReportSection {
  // The chart libraries drew this report, so their versions belong beside the run's own.
  const allVersions = { ...input.versions, vega: vegaVersion, 'vega-lite': vegaLiteVersion };
  const versions = Object.entries(allVersions)
    .map(
      ([name, version]) =>
        `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(version)}</td></tr>`,
    )
    .join('\n');
  const config =
    input.configText === undefined
      ? ''
      : `<h3>Experiment file</h3>\n<pre><code>${escapeHtml(input.configText)}</code></pre>\n`;
  const modelConfigs = input.models
    .map(
      (model) =>
        `<details><summary>${escapeHtml(model.name)}: settings after defaults</summary>` +
        `<pre><code>${escapeHtml(JSON.stringify(model.config, null, 2))}</code></pre></details>`,
    )
    .join('\n');
  return {
    id: 'reproduction',
    title: 'Reproduction',
    html:
      `<p>Run on ${escapeHtml(input.createdAt)}. Every random draw in rnnlab comes from a ` +
      'seeded generator whose seeds the experiment file sets, so the command below with the ' +
      'same file and versions runs the same experiment again.</p>\n' +
      `<h3>Command</h3>\n<pre><code>${escapeHtml(input.command)}</code></pre>\n` +
      config +
      `${modelConfigs}\n` +
      `<h3>Versions</h3>\n<table class="facts">\n${versions}\n</table>`,
    figures: [],
  };
}
