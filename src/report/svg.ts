/**
 * Renders a Vega-Lite specification to an SVG string without a browser window. Vega-Lite
 * compiles it to a Vega specification, and a Vega view with no renderer draws it headless.
 * This file imports nothing from Node.js, so the same code runs in a browser, where Vega
 * measures text with a canvas. In Node.js, `renderSvg` of `render.ts` adds font metrics.
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

/** Returns a Vega or Vega-Lite logger that stores errors and warnings as text. */
function collectingLogger(errors: string[], warnings: string[]): Logger {
  let level = 2;
  const logger: Logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: unknown[]) {
      errors.push(formatLogArguments(args));
      return logger;
    },
    warn(...args: unknown[]) {
      warnings.push(formatLogArguments(args));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

function formatLogArguments(args: unknown[]): string {
  return args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' ');
}

/**
 * Renders a Vega-Lite specification to SVG text. The spec's own `config` overrides rnnlab's
 * chart theme key by key. Throws when the spec is invalid, when Vega reports an error, or when
 * the spec requests data or images by URL. Warnings of Vega-Lite and Vega, such as an encoding
 * they had to drop, go to `warnings` when given and to the console otherwise.
 */
export async function renderSvg(spec: TopLevelSpec, warnings?: string[]): Promise<string> {
  const errors: string[] = [];
  const collected: string[] = [];
  const vegaSpec = compile(spec, {
    config: chartConfig,
    logger: collectingLogger(errors, collected),
  }).spec;
  const view = new View(parse(vegaSpec), {
    renderer: 'none',
    loader: offlineLoader(errors),
    logger: collectingLogger(errors, collected),
  });
  try {
    await view.runAsync();
    const svg = await view.toSVG();
    if (errors.length > 0) throw new Error(`chart rendering failed: ${errors.join('; ')}`);
    if (warnings) warnings.push(...collected);
    else for (const warning of collected) console.warn(`chart warning: ${warning}`);
    return svg;
  } finally {
    view.finalize();
  }
}
