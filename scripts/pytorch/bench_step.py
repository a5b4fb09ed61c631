#!/usr/bin/env python3
"""Time one PyTorch training step, the same step rnnlab's benchmark times.

One step: zero the gradients, run nn.RNN/LSTM/GRU (time-major) and nn.Linear on a batch,
take the mean cross-entropy over every time step and batch row, backpropagate, and take one
Adam step (lr 0.01). Runs on the CPU with one thread. Prints one JSON object:

    {"torchVersion": str, "threads": 1, "cell": str, "timesMs": [float, ...],
     "peakResidentBytes": int}

peakResidentBytes is the process's RSS high-water mark (getrusage ru_maxrss, in KiB on Linux).

Example: python3 scripts/pytorch/bench_step.py --cell lstm --batch 16 --steps 100
"""

import argparse
import json
import resource
import time

import torch
import torch.nn.functional as F
from torch import nn


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cell", choices=["rnn", "lstm", "gru"], required=True)
    parser.add_argument("--batch", type=int, default=16, help="batch size")
    parser.add_argument("--steps", type=int, default=100, help="time steps per sequence")
    parser.add_argument("--inputs", type=int, default=4, help="input size")
    parser.add_argument("--hidden", type=int, default=81, help="hidden size")
    parser.add_argument("--outputs", type=int, default=2, help="output size (classes)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed steps first")
    parser.add_argument("--repeats", type=int, default=30, help="timed steps")
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args()


def main():
    arguments = parse_arguments()
    torch.set_num_threads(1)
    torch.manual_seed(arguments.seed)

    recurrent = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[arguments.cell]
    rnn = recurrent(arguments.inputs, arguments.hidden)
    fc = nn.Linear(arguments.hidden, arguments.outputs)
    parameters = list(rnn.parameters()) + list(fc.parameters())
    optimizer = torch.optim.Adam(parameters, lr=0.01)

    inputs = torch.randn(arguments.steps, arguments.batch, arguments.inputs)
    targets = torch.randint(0, arguments.outputs, (arguments.steps * arguments.batch,))

    def train_step():
        optimizer.zero_grad()
        hidden, _ = rnn(inputs)
        logits = fc(hidden).reshape(-1, arguments.outputs)
        loss = F.cross_entropy(logits, targets)
        loss.backward()
        optimizer.step()

    for _ in range(arguments.warmup):
        train_step()
    times_ms = []
    for _ in range(arguments.repeats):
        start = time.perf_counter()
        train_step()
        times_ms.append((time.perf_counter() - start) * 1000)

    result = {
        "torchVersion": torch.__version__,
        "threads": torch.get_num_threads(),
        "cell": arguments.cell,
        "timesMs": times_ms,
        "peakResidentBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
