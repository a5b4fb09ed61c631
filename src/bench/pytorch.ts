/**
 * Times the same training step in PyTorch, through `scripts/pytorch/bench_step.py`, so that
 * rnnlab's numbers come with a reference measured on the same machine in the same run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { StepCase } from './step-case.js';
import { summarizeTimes, type TimingSummary } from './timing.js';

/** The script's path; both src/bench and dist/bench sit two folders below the repository root. */
const BENCH_SCRIPT = fileURLToPath(new URL('../../scripts/pytorch/bench_step.py', import.meta.url));

/** Environment variable that names the Python interpreter to use instead of `python3`. */
export const PYTHON_VARIABLE = 'RNNLAB_PYTHON';

/** A Python with PyTorch that was found, or the reason none was. */
export type PyTorchProbe =
  | { readonly found: true; readonly python: string; readonly torchVersion: string }
  | { readonly found: false; readonly python: string; readonly reason: string };

export interface PyTorchTiming {
  readonly torchVersion: string;
  readonly threads: number;
  readonly timing: TimingSummary;
  /** Peak resident set size of the PyTorch process, in bytes. */
  readonly peakResidentBytes: number;
}

/** Returns the interpreter to try: $RNNLAB_PYTHON when set, otherwise `python3`. */
export function pythonInterpreter(environment: NodeJS.ProcessEnv = process.env): string {
  const configured = environment[PYTHON_VARIABLE]?.trim();
  return configured ? configured : 'python3';
}

/**
 * The interpreter Debian's `python3-torch` package installs into. A `python3` found first on
 * the PATH (a pyenv or virtual environment, say) may lack torch while this one has it.
 */
const DEBIAN_PYTHON = '/usr/bin/python3';

/**
 * Finds a Python with PyTorch: $RNNLAB_PYTHON alone when it is set, otherwise `python3` and
 * then Debian's system interpreter. Returns the first that imports torch, or the reasons none
 * did.
 */
export function findPyTorch(environment: NodeJS.ProcessEnv = process.env): PyTorchProbe {
  const first = probePyTorch(pythonInterpreter(environment));
  if (first.found || environment[PYTHON_VARIABLE]?.trim() || !existsSync(DEBIAN_PYTHON)) {
    return first;
  }
  const debian = probePyTorch(DEBIAN_PYTHON);
  if (debian.found) return debian;
  return { found: false, python: first.python, reason: `${first.reason}; ${debian.reason}` };
}

/** Checks whether `python` runs and imports torch, and returns torch's version. */
export function probePyTorch(python: string): PyTorchProbe {
  const result = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) {
    return { found: false, python, reason: `failed to run ${python}: ${result.error.message}` };
  }
  if (result.status !== 0) {
    const missing = /No module named '?torch/.test(result.stderr);
    const reason = missing
      ? `${python} has no torch module`
      : `${python} failed to import torch: ${lastLine(result.stderr)}`;
    return { found: false, python, reason };
  }
  return { found: true, python, torchVersion: result.stdout.trim() };
}

/**
 * Runs the PyTorch step benchmark for one case with one thread and returns its timing.
 * Throws when the script fails or prints something other than its JSON result.
 */
export function timePyTorchStep(
  python: string,
  stepCase: StepCase,
  warmup: number,
  repeats: number,
): PyTorchTiming {
  const args = [
    BENCH_SCRIPT,
    ...['--cell', stepCase.cell],
    ...['--batch', String(stepCase.batchSize)],
    ...['--steps', String(stepCase.sequenceLength)],
    ...['--inputs', String(stepCase.inputSize)],
    ...['--hidden', String(stepCase.hiddenSize)],
    ...['--outputs', String(stepCase.outputSize)],
    ...['--warmup', String(warmup)],
    ...['--repeats', String(repeats)],
  ];
  const result = spawnSync(python, args, { encoding: 'utf8', timeout: 600_000 });
  if (result.error || result.status !== 0) {
    const reason = result.error?.message ?? lastLine(result.stderr);
    throw new Error(`PyTorch benchmark failed for ${stepCase.cell}: ${reason}`);
  }

  let parsed: {
    torchVersion: string;
    threads: number;
    timesMs: number[];
    peakResidentBytes: number;
  };
  try {
    parsed = JSON.parse(lastLine(result.stdout));
  } catch {
    throw new Error(
      `PyTorch benchmark printed no JSON result for ${stepCase.cell}: ${lastLine(result.stdout)}`,
    );
  }
  return {
    torchVersion: parsed.torchVersion,
    threads: parsed.threads,
    timing: summarizeTimes(parsed.timesMs),
    peakResidentBytes: parsed.peakResidentBytes,
  };
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}
