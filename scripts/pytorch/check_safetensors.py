#!/usr/bin/env python3
"""Check that PyTorch loads rnnlab's safetensors weights and computes the same outputs.

Needs a Python with PyTorch and Node.js with the repository's npm packages installed. Run from
anywhere:

    python3 scripts/pytorch/check_safetensors.py

It runs `scripts/pytorch/save-example-weights.ts`, which builds an rnnlab network for each
cell (rnn, lstm, gru), runs it on random inputs and writes `<cell>/model.safetensors` (the
state dict) and `<cell>/io.safetensors` (inputs, logits and final state). For each cell this
script loads the weights into nn.RNN/nn.LSTM/nn.GRU + nn.Linear with
`load_state_dict(strict=True)`, runs the same inputs and compares logits and final state
elementwise:

    |torch - rnnlab| <= 1e-5 * max(|rnnlab|, 1)

Exits with status 1 when any cell differs.
"""

import os
import subprocess
import sys
import tempfile

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_io import load_safetensors  # noqa: E402

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RELATIVE_TOLERANCE = 1e-5
ABSOLUTE_FLOOR = 1.0


class Model(nn.Module):
    """The PyTorch module whose state_dict names match rnnlab's: `rnn` and `fc`."""

    def __init__(self, cell, nonlinearity, input_size, hidden_size, output_size):
        super().__init__()
        if cell == "rnn":
            self.rnn = nn.RNN(input_size, hidden_size, nonlinearity=nonlinearity)
        elif cell == "lstm":
            self.rnn = nn.LSTM(input_size, hidden_size)
        elif cell == "gru":
            self.rnn = nn.GRU(input_size, hidden_size)
        else:
            raise ValueError(f"unknown cell {cell!r}")
        self.fc = nn.Linear(hidden_size, output_size)

    def forward(self, inputs):
        hidden, state = self.rnn(inputs)
        return self.fc(hidden), state


def max_relative_error(actual, expected):
    """Largest |actual - expected| / max(|expected|, floor) over all elements."""
    scale = expected.abs().clamp(min=ABSOLUTE_FLOOR)
    return float(((actual - expected).abs() / scale).max())


def check_cell(folder, cell):
    tensors, metadata = load_safetensors(os.path.join(folder, cell, "model.safetensors"))
    io, _ = load_safetensors(os.path.join(folder, cell, "io.safetensors"))
    model = Model(
        metadata["cell"],
        metadata.get("nonlinearity", "tanh"),
        int(metadata["inputSize"]),
        int(metadata["hiddenSize"]),
        int(metadata["outputSize"]),
    )
    model.load_state_dict(tensors, strict=True)

    with torch.no_grad():
        logits, state = model(io["inputs"])
    hidden = state[0] if cell == "lstm" else state
    errors = {
        "logits": max_relative_error(logits, io["outputs"]),
        "final h": max_relative_error(hidden, io["finalHidden"]),
    }
    if cell == "lstm":
        errors["final c"] = max_relative_error(state[1], io["finalCell"])
    passed = all(error <= RELATIVE_TOLERANCE for error in errors.values())
    summary = ", ".join(f"{name} {error:.2e}" for name, error in errors.items())
    names = ", ".join(tensors)
    print(f"{cell}: {'ok' if passed else 'MISMATCH'} (max relative error: {summary})")
    print(f"  loaded with strict=True: {names}; inputs {list(io['inputs'].shape)}")
    return passed


def main():
    with tempfile.TemporaryDirectory(prefix="rnnlab-safetensors-") as folder:
        command = ["node", "--import", "tsx", "scripts/pytorch/save-example-weights.ts", folder]
        subprocess.run(command, cwd=REPOSITORY, check=True)
        print(f"PyTorch {torch.__version__}: loading rnnlab's model.safetensors files")
        results = [check_cell(folder, cell) for cell in ("rnn", "lstm", "gru")]
    if not all(results):
        sys.exit(1)


if __name__ == "__main__":
    main()
