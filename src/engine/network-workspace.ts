/**
 * The network's scratch memory for one (seqLen, batch) shape: inputs, targets, mask, outputs
 * and their gradients, and the cell's own workspaces. It grows to the largest shape seen and
 * is reused for smaller ones, so training steps allocate nothing.
 */
import type { Cell } from './cells/cell.js';
import type { Kernels } from './kernels/kernels.js';

export interface WorkspaceSizes {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly outputSize: number;
}

export class NetworkWorkspace {
  /** Inputs (T * B, I). */
  inputs = -1;
  /** Targets (T * B) or (T * B, O). */
  targets = -1;
  /** Per-step loss weights (T * B). */
  mask = -1;
  /** Readout outputs y (T * B, O) and dL/dy. */
  outputs = -1;
  dOutputs = -1;
  /** dL/dr (T * B, H) for the readout's input r. */
  dHidden = -1;
  /** Initial states (B, H) and their gradients, one per state of the cell. */
  states: number[] = [];
  dStates: number[] = [];

  private capacitySeqLen = 0;
  private capacityBatch = 0;
  /** Allocation marks around the workspaces: their start, and the top after them. */
  private start: number;
  private end = -1;

  constructor(
    private readonly kernels: Kernels,
    private readonly cell: Cell,
    private readonly sizes: WorkspaceSizes,
  ) {
    this.start = kernels.mark();
  }

  /** Makes the workspaces large enough for (seqLen, batch), reallocating them if needed. */
  reserve(seqLen: number, batch: number): void {
    if (seqLen <= this.capacitySeqLen && batch <= this.capacityBatch) return;
    const t = Math.max(seqLen, this.capacitySeqLen);
    const b = Math.max(batch, this.capacityBatch);
    const k = this.kernels;
    const rows = t * b;
    const { inputSize, hiddenSize, outputSize } = this.sizes;

    // The old workspaces are freed when nothing was allocated after them. Otherwise, as after
    // an optimizer allocated its buffers, the new ones go on top and the old ones stay unused.
    if (k.mark() === this.end) k.release(this.start);
    else this.start = k.mark();
    this.inputs = k.alloc(rows * inputSize);
    this.targets = k.alloc(rows * outputSize);
    this.mask = k.alloc(rows);
    this.outputs = k.alloc(rows * outputSize);
    this.dOutputs = k.alloc(rows * outputSize);
    this.dHidden = k.alloc(rows * hiddenSize);
    this.states = this.cell.stateNames.map(() => k.alloc(b * hiddenSize));
    this.dStates = this.cell.stateNames.map(() => k.alloc(b * hiddenSize));
    this.cell.allocateWorkspace(t, b);
    this.end = k.mark();
    this.capacitySeqLen = t;
    this.capacityBatch = b;
  }
}
