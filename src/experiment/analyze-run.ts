/**
 * Analyses every model of a run folder without retraining, writes `<model>/analysis.json`
 * and rewrites `report.html` with one analysis section per model. Node.js only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { KernelImplementation } from '../engine/kernels/select.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { modelAnalysisSection } from '../report/sections/analysis-model.js';
import { writeReport } from '../report/write-report.js';
import { modelAnalysisJson, stringifyAnalysis } from './analyze-json.js';
import { analyseModel, type ModelAnalysis, type ModelAnalysisOptions } from './analyze-model.js';
import { loadRunExperiment } from './load.js';
import { loadModel } from './load-model.js';
import { buildReportInput } from './report-input.js';
import { EXPERIMENT_SOURCE_FILE } from './run-experiment.js';

/** The file each model folder receives. */
export const ANALYSIS_FILE = 'analysis.json';

/** Options of `analyseRun`. */
export interface AnalyseRunOptions extends ModelAnalysisOptions {
  implementation?: KernelImplementation;
  /** Whether to rewrite report.html with the analysis sections (true). */
  report?: boolean;
}

/** What `analyseRun` computed and wrote. */
export interface AnalysedRun {
  models: ModelAnalysis[];
  /** Name of the kernels the networks ran on, for example 'wasm-relaxed-simd'. */
  kernelName: string | null;
  analysisPaths: string[];
  reportPath: string | null;
  seconds: number;
}

/** Analyses the models of the run folder `runDir` in the experiment's order. */
export async function analyseRun(
  runDir: string,
  options: AnalyseRunOptions = {},
): Promise<AnalysedRun> {
  const started = performance.now();
  const experiment = loadRunExperiment(runDir);
  const models: ModelAnalysis[] = [];
  const analysisPaths: string[] = [];
  let kernelName: string | null = null;
  for (const entry of experiment.models) {
    const dir = join(runDir, entry.name);
    const { saved, task, network } = await loadModel(dir, options.implementation ?? 'auto');
    kernelName = network.kernels.name;
    const analysis = analyseModel(entry.name, saved.model, network, task, options);
    const path = join(dir, ANALYSIS_FILE);
    writeFileAtomic(path, stringifyAnalysis(modelAnalysisJson(analysis)));
    models.push(analysis);
    analysisPaths.push(path);
  }

  let reportPath: string | null = null;
  if (options.report ?? true) {
    options.onProgress?.('writing report.html and the analysis figures');
    const sourcePath = join(runDir, EXPERIMENT_SOURCE_FILE);
    const input = await buildReportInput(runDir, experiment, {
      command:
        `rnnlab run ${EXPERIMENT_SOURCE_FILE} --out ${runDir}` +
        ` && rnnlab analyze ${runDir}`,
      configText: existsSync(sourcePath) ? readFileSync(sourcePath, 'utf8') : undefined,
    });
    const sections = models.map((analysis) => modelAnalysisSection(analysis));
    reportPath = (await writeReport(runDir, input, sections)).htmlPath;
  }
  const seconds = (performance.now() - started) / 1000;
  return { models, kernelName, analysisPaths, reportPath, seconds };
}
