/**
 * Renders a Vega-Lite specification to an SVG string without a browser window. Vega-Lite
 * compiles it to a Vega specification, and a Vega view with no renderer draws it headless.
 * This file imports nothing from Node.js, so the same code runs in a browser.
 */
import { parse, View, type Loader, type ViewOptions } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

import { chartConfig } from './theme.js';

/**
 * Returns a loader that rejects every request and records it in `errors`. rnnlab's charts
 * carry their data inline, so a chart that requests a URL is a bug, and a report must never
 * reach the network. Vega only logs a warning when a load fails, so the loader records it.
 */
function offlineLoader(errors: string[]): Loader {
  const reject = (uri: string): Promise<never> => {
    errors.push(`the chart requested ${uri}, but charts must carry their data inline`);
    return Promise.reject(new Error(`charts load nothing, requested ${uri}`));
  };
  return { load: reject, sanitize: reject, http: reject, file: reject };
}

type Logger = NonNullable<ViewOptions['logger']>;

/** Returns a Vega logger that stores error messages instead of printing them. */
function collectingLogger(errors: string[]): Logger {
  let level = 1;
  const logger: Logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: unknown[]) {
      errors.push(args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' '));
      return logger;
    },
    warn: () => logger,
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/**
 * Renders a Vega-Lite specification to SVG text. The spec's own `config` overrides rnnlab's
 * chart theme key by key. Throws when the spec is invalid, when Vega
 * reports an error, or when the spec asks for data or images by URL.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vegaSpec = compile(spec, { config: chartConfig }).spec;
  const errors: string[] = [];
  const view = new View(parse(vegaSpec), {
    renderer: 'none',
    loader: offlineLoader(errors),
    logger: collectingLogger(errors),
  });
  try {
    await view.runAsync();
    const svg = await view.toSVG();
    if (errors.length > 0) throw new Error(`chart rendering failed: ${errors.join('; ')}`);
    return svg;
  } finally {
    view.finalize();
  }
}
