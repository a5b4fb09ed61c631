import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { escapeHtml, formatDuration } from '../../src/report/html-escape.js';
import { scopeSvgIds } from '../../src/report/html.js';

describe('scopeSvgIds', () => {
  it('prefixes ids and their references', () => {
    const svg =
      '<svg><defs><linearGradient id="gradient_0"/></defs>' +
      '<path fill="url(#gradient_0)"/><use href="#gradient_0"/></svg>';
    assert.equal(
      scopeSvgIds(svg, 'figure-loss-'),
      '<svg><defs><linearGradient id="figure-loss-gradient_0"/></defs>' +
        '<path fill="url(#figure-loss-gradient_0)"/><use href="#figure-loss-gradient_0"/></svg>',
    );
  });

  it('leaves other attributes alone', () => {
    const svg = '<svg><g class="mark-rect" data-id="x"><text>id=&quot;y&quot;</text></g></svg>';
    assert.equal(scopeSvgIds(svg, 'p-'), svg);
  });
});

describe('escapeHtml', () => {
  it('escapes markup characters', () => {
    const escaped = '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;';
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), escaped);
  });
});

describe('formatDuration', () => {
  it('picks the unit', () => {
    assert.equal(formatDuration(42.46), '42.5 s');
    assert.equal(formatDuration(200), '3 min 20 s');
    assert.equal(formatDuration(3900), '1 h 05 min');
  });
});
