/**
 * Text output of the training-step benchmark: a header with the sizes and the machine, one
 * table row per cell, and the peak memory.
 */
import { PYTHON_VARIABLE } from './pytorch.js';
import type { StepBenchmarkReport, StepResult } from './step-benchmark.js';
import { formatTable, type Column } from './table.js';
import type { TimingSummary } from './timing.js';

const MEBIBYTE = 1024 * 1024;

/** Formats a time with three significant digits for values from 1 ms to 999 ms. */
function milliseconds(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function quartiles(timing: TimingSummary): string {
  return `${milliseconds(timing.q1Ms)}-${milliseconds(timing.q3Ms)}`;
}

const COLUMNS: readonly Column<StepResult>[] = [
  { heading: 'cell', align: 'left', value: (row) => row.stepCase.cell },
  { heading: 'kernels', align: 'left', value: (row) => row.rnnlab.kernels },
  {
    heading: 'median ms',
    align: 'right',
    value: (row) => milliseconds(row.rnnlab.timing.medianMs),
  },
  { heading: 'q1-q3 ms', align: 'right', value: (row) => quartiles(row.rnnlab.timing) },
  { heading: 'repeats', align: 'right', value: (row) => String(row.rnnlab.timing.repeats) },
  {
    heading: 'PyTorch median ms',
    align: 'right',
    value: (row) => (row.pytorch ? milliseconds(row.pytorch.timing.medianMs) : '-'),
  },
  {
    heading: 'PyTorch q1-q3 ms',
    align: 'right',
    value: (row) => (row.pytorch ? quartiles(row.pytorch.timing) : '-'),
  },
  {
    heading: 'rnnlab/PyTorch',
    align: 'right',
    value: (row) => (row.ratio === null ? '-' : row.ratio.toFixed(2)),
  },
];

/** Formats the report as the header lines, the table and the memory line. */
export function formatStepReport(report: StepBenchmarkReport): string {
  const { sizes, machine } = report;
  const lines = [
    `Training step (forward, cross-entropy, backward, Adam): batch ${sizes.batchSize}, ` +
      `${sizes.sequenceLength} steps, ${sizes.inputSize} inputs, hidden ${sizes.hiddenSize}, ` +
      `${sizes.outputSize} outputs`,
    `Machine: ${machine.cpuCount} CPUs, ${machine.cpuModel}, Node.js ${machine.nodeVersion}, ` +
      `load average ${machine.loadAverage.toFixed(2)} at the end`,
    pytorchLine(report),
    '',
    formatTable(COLUMNS, report.results),
    '',
    memoryLine(report),
  ];
  return lines.join('\n');
}

function pytorchLine(report: StepBenchmarkReport): string {
  const probe = report.pytorch;
  if (probe === null) return 'PyTorch: not requested (--no-pytorch)';
  if (!probe.found) {
    return (
      `PyTorch: not found (${probe.reason}). To compare, set ${PYTHON_VARIABLE} to a Python ` +
      'interpreter that has PyTorch.'
    );
  }
  const threads = report.results.find((result) => result.pytorch)?.pytorch?.threads ?? 1;
  return `PyTorch: ${probe.torchVersion} on the CPU, ${threads} thread, run by ${probe.python}`;
}

function memoryLine(report: StepBenchmarkReport): string {
  const mebibytes = (bytes: number): string => `${(bytes / MEBIBYTE).toFixed(0)} MiB`;
  const pytorchPeaks = report.results.flatMap((result) =>
    result.pytorch ? [result.pytorch.peakResidentBytes] : [],
  );
  const pytorchPart =
    pytorchPeaks.length > 0 ? `; PyTorch process ${mebibytes(Math.max(...pytorchPeaks))}` : '';
  const rnnlabPart = `rnnlab ${mebibytes(report.peakResidentBytes)}`;
  return `Peak memory (RSS high-water mark): ${rnnlabPart}${pytorchPart}`;
}
