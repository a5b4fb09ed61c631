/**
 * Writes an rnnlab network's weights and outputs for each of rnn, lstm and gru, for
 * `check_safetensors.py` to load into PyTorch:
 *
 *     <folder>/<cell>/model.safetensors   the state dict, with the sizes in its metadata
 *     <folder>/<cell>/io.safetensors      inputs (T, B, I), logits (T, B, O), and the final
 *                                         h (and c) as (1, B, H), PyTorch's layout
 *
 * Usage: node --import tsx scripts/pytorch/save-example-weights.ts <folder>
 */
import { join } from 'node:path';

import { createKernels } from '../../src/engine/kernels/select.js';
import { RecurrentNetwork } from '../../src/engine/network.js';
import { Random } from '../../src/engine/random.js';
import { saveSafetensors } from '../../src/io/safetensors-file.js';

const SIZES = { inputSize: 4, hiddenSize: 16, outputSize: 3 };
const SEQUENCE_LENGTH = 12;
const BATCH_SIZE = 5;
const CELLS = ['rnn', 'lstm', 'gru'] as const;

const folder = process.argv[2];
if (folder === undefined) {
  throw new Error('Missing output folder: usage: save-example-weights.ts <folder>');
}

const kernels = await createKernels();
const random = new Random(2018);
for (const [index, cell] of CELLS.entries()) {
  const network = new RecurrentNetwork(kernels, { cell, ...SIZES, seed: 100 + index });
  const inputs = new Float32Array(SEQUENCE_LENGTH * BATCH_SIZE * SIZES.inputSize);
  random.fillNormal(inputs);
  const result = network.forward(inputs, SEQUENCE_LENGTH, BATCH_SIZE, { returnStates: true });

  const stateShape = [1, BATCH_SIZE, SIZES.hiddenSize];
  const lastStep = (sequence: Float32Array): Float32Array =>
    sequence.slice(sequence.length - BATCH_SIZE * SIZES.hiddenSize);
  const io: Record<string, { shape: number[]; data: Float32Array }> = {
    inputs: { shape: [SEQUENCE_LENGTH, BATCH_SIZE, SIZES.inputSize], data: inputs },
    outputs: { shape: [SEQUENCE_LENGTH, BATCH_SIZE, SIZES.outputSize], data: result.outputs },
    finalHidden: { shape: stateShape, data: lastStep(result.hidden as Float32Array) },
  };
  if (result.cell !== undefined) io.finalCell = { shape: stateShape, data: lastStep(result.cell) };

  const metadata = {
    format: 'pt',
    cell,
    nonlinearity: 'tanh',
    inputSize: String(SIZES.inputSize),
    hiddenSize: String(SIZES.hiddenSize),
    outputSize: String(SIZES.outputSize),
  };
  saveSafetensors(join(folder, cell, 'model.safetensors'), network.stateDict(), metadata);
  saveSafetensors(join(folder, cell, 'io.safetensors'), io);
  console.log(`wrote ${cell} weights (${kernels.name}) to ${join(folder, cell)}`);
}
