import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { parse as parseYaml, YAMLParseError } from 'yaml';

import { ConfigError, parseExperiment, type ExperimentConfig } from './config.js';

/** Reads and validates an experiment file (YAML or JSON). */
export function loadExperiment(path: string): ExperimentConfig {
  if (!existsSync(path)) throw new ConfigError(`experiment file not found: ${path}`);
  if (!statSync(path).isFile()) throw new ConfigError(`experiment file is not a file: ${path}`);

  let document: unknown;
  try {
    document = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const line = error.linePos?.[0];
      const where = line ? `${path}:${line.line}:${line.col}` : path;
      // The parser's first line ends with " at line L, column C:" before a code excerpt.
      const reason = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      throw new ConfigError(`${where}: invalid YAML: ${reason}`);
    }
    throw error;
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new ConfigError(`${path}: expected a mapping with keys name, task and models`);
  }
  return parseExperiment(document, path);
}

/** Reads the experiment a run folder was made from (its experiment.json). */
export function loadRunExperiment(runDir: string): ExperimentConfig {
  const path = join(runDir, 'experiment.json');
  if (!existsSync(path)) {
    throw new ConfigError(`${runDir} is not a run folder: experiment.json not found`);
  }
  return parseExperiment(JSON.parse(readFileSync(path, 'utf8')), path);
}
