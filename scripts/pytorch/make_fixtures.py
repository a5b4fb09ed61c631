#!/usr/bin/env python3
"""Write the PyTorch reference fixtures that rnnlab's engine tests compare against.

Needs a Python with PyTorch (the fixtures in the repository were made with Debian's
python3-torch 1.13). Run from the repository root:

    python3 scripts/pytorch/make_fixtures.py

For each case, a model made of `rnn` (nn.RNN, nn.LSTM or nn.GRU, time-major) and `fc`
(nn.Linear) runs on random inputs. The fixture stores the state_dict, the inputs, targets and
per-step mask, the hidden states, the logits, the final state, the masked loss, every
parameter's gradient, and the parameters after 3 Adam steps on the same batch. Losses:

    cross-entropy  sum_{t,b} mask[t,b] CE(logits[t,b], target[t,b]) / sum mask
    mse            sum_{t,b} mask[t,b] sum_o (y[t,b,o] - target[t,b,o])^2 / (sum mask * O)

It also writes `python-written.safetensors`, a file whose bytes rnnlab's encoder must
reproduce exactly, and `../pytorch-schedules/lr-schedules.json`, the learning rate of every
step under CosineAnnealingLR and StepLR when `scheduler.step()` follows each optimizer step.
"""

import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_io import save_safetensors  # noqa: E402

FIXTURE_DIR = os.path.join("test", "fixtures", "pytorch")
SCHEDULE_FIXTURE_DIR = os.path.join("test", "fixtures", "pytorch-schedules")

INPUT_SIZE = 3
HIDDEN_SIZE = 8
OUTPUT_SIZE = 2
SEQUENCE_LENGTH = 7
BATCH_SIZE = 4

ADAM_LR = 0.01
ADAM_BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8
ADAM_STEPS = 3

# name, cell, nonlinearity (vanilla RNN only), loss, trainable initial state, seed
CASES = [
    ("rnn-tanh", "rnn", "tanh", "cross-entropy", False, 101),
    ("rnn-relu", "rnn", "relu", "cross-entropy", False, 102),
    ("lstm", "lstm", None, "cross-entropy", False, 103),
    ("gru", "gru", None, "cross-entropy", False, 104),
    ("gru-mse", "gru", None, "mse", False, 105),
    ("lstm-initial-state", "lstm", None, "cross-entropy", True, 106),
]


class Model(nn.Module):
    """A recurrent layer and a linear readout, named as rnnlab's state dict names them."""

    def __init__(self, cell, nonlinearity, trainable_initial_state):
        super().__init__()
        self.cell = cell
        if cell == "rnn":
            self.rnn = nn.RNN(INPUT_SIZE, HIDDEN_SIZE, nonlinearity=nonlinearity)
        elif cell == "lstm":
            self.rnn = nn.LSTM(INPUT_SIZE, HIDDEN_SIZE)
        else:
            self.rnn = nn.GRU(INPUT_SIZE, HIDDEN_SIZE)
        self.fc = nn.Linear(HIDDEN_SIZE, OUTPUT_SIZE)
        self.trainable_initial_state = trainable_initial_state
        if trainable_initial_state:
            bound = HIDDEN_SIZE**-0.5
            self.h0 = nn.Parameter(torch.empty(1, HIDDEN_SIZE).uniform_(-bound, bound))
            if cell == "lstm":
                self.c0 = nn.Parameter(torch.empty(1, HIDDEN_SIZE).uniform_(-bound, bound))

    def forward(self, inputs):
        batch = inputs.shape[1]
        if self.trainable_initial_state:
            h0 = self.h0.unsqueeze(1).expand(1, batch, HIDDEN_SIZE).contiguous()
            if self.cell == "lstm":
                c0 = self.c0.unsqueeze(1).expand(1, batch, HIDDEN_SIZE).contiguous()
                hidden, state = self.rnn(inputs, (h0, c0))
            else:
                hidden, state = self.rnn(inputs, h0)
        else:
            hidden, state = self.rnn(inputs)
        return hidden, state, self.fc(hidden)


def masked_loss(kind, outputs, targets, mask):
    if kind == "cross-entropy":
        per_step = F.cross_entropy(
            outputs.reshape(-1, OUTPUT_SIZE), targets.reshape(-1), reduction="none"
        )
        return (mask.reshape(-1) * per_step).sum() / mask.sum()
    squared = ((outputs - targets) ** 2).sum(dim=2)
    return (mask * squared).sum() / (mask.sum() * OUTPUT_SIZE)


def tensor_json(tensor):
    """Shape and row-major elements; floats as the shortest decimal that round-trips float32."""
    array = tensor.detach().numpy()
    if np.issubdtype(array.dtype, np.integer):
        data = [int(value) for value in array.ravel()]
    else:
        data = [float(str(value)) for value in array.astype(np.float32).ravel()]
    return {"shape": list(array.shape), "data": data}


def make_case(name, cell, nonlinearity, loss_kind, trainable_initial_state, seed):
    torch.manual_seed(seed)
    model = Model(cell, nonlinearity, trainable_initial_state)
    inputs = torch.randn(SEQUENCE_LENGTH, BATCH_SIZE, INPUT_SIZE)
    if loss_kind == "cross-entropy":
        targets = torch.randint(0, OUTPUT_SIZE, (SEQUENCE_LENGTH, BATCH_SIZE))
    else:
        targets = torch.randn(SEQUENCE_LENGTH, BATCH_SIZE, OUTPUT_SIZE)
    mask = (torch.rand(SEQUENCE_LENGTH, BATCH_SIZE) > 0.3).float()
    # Every fixture has masked-out steps and a full last step, whatever the draw.
    mask[0, 0] = 0.0
    mask[-1, :] = 1.0

    initial_state = {key: value.clone() for key, value in model.state_dict().items()}
    hidden, state, outputs = model(inputs)
    loss = masked_loss(loss_kind, outputs, targets, mask)
    loss.backward()
    gradients = {key: param.grad.clone() for key, param in model.named_parameters()}

    fixture = {
        "description": (
            f"PyTorch {torch.__version__} reference for a {cell} network"
            + (f" ({nonlinearity})" if nonlinearity else "")
            + f" with a {loss_kind} loss, made by scripts/pytorch/make_fixtures.py"
        ),
        "torchVersion": torch.__version__,
        "seed": seed,
        "cell": cell,
        "nonlinearity": nonlinearity,
        "inputSize": INPUT_SIZE,
        "hiddenSize": HIDDEN_SIZE,
        "outputSize": OUTPUT_SIZE,
        "sequenceLength": SEQUENCE_LENGTH,
        "batchSize": BATCH_SIZE,
        "lossKind": loss_kind,
        "trainableInitialState": trainable_initial_state,
        "stateDict": {key: tensor_json(value) for key, value in initial_state.items()},
        "inputs": tensor_json(inputs),
        "targets": tensor_json(targets),
        "mask": tensor_json(mask),
        "hidden": tensor_json(hidden),
        "outputs": tensor_json(outputs),
        "finalHidden": tensor_json(state[0] if cell == "lstm" else state),
        "finalCell": tensor_json(state[1]) if cell == "lstm" else None,
        "loss": float(str(np.float32(loss.item()))),
        "gradients": {key: tensor_json(value) for key, value in gradients.items()},
    }

    optimizer = torch.optim.Adam(model.parameters(), lr=ADAM_LR, betas=ADAM_BETAS, eps=ADAM_EPS)
    model.zero_grad()
    losses = []
    for _ in range(ADAM_STEPS):
        optimizer.zero_grad()
        _, _, outputs = model(inputs)
        step_loss = masked_loss(loss_kind, outputs, targets, mask)
        step_loss.backward()
        optimizer.step()
        losses.append(float(str(np.float32(step_loss.item()))))
    fixture["adam"] = {
        "lr": ADAM_LR,
        "betas": list(ADAM_BETAS),
        "eps": ADAM_EPS,
        "steps": ADAM_STEPS,
        "losses": losses,
        "stateDict": {key: tensor_json(value) for key, value in model.state_dict().items()},
    }

    path = os.path.join(FIXTURE_DIR, f"{name}.json")
    with open(path, "w", encoding="utf-8") as file:
        json.dump(fixture, file, separators=(",", ":"))
        file.write("\n")
    return path


def make_safetensors_case():
    """A file covering every dtype rnnlab reads, with values the test checks exactly."""
    tensors = {
        "rnn.weight_hh_l0": torch.arange(12, dtype=torch.float32).reshape(3, 4) * 0.25 - 1,
        "fc.bias": torch.tensor([0.5, -1.5], dtype=torch.float32),
        "empty": torch.zeros(0, 3, dtype=torch.float32),
        "0": torch.tensor(3.141592653589793, dtype=torch.float64),
        "steps": torch.tensor([-2, 0, 2**40], dtype=torch.int64),
        "counts": torch.tensor([[1, -2], [3, 2**31 - 1]], dtype=torch.int32),
        "shorts": torch.tensor([-300, 300], dtype=torch.int16),
        "half": torch.tensor([1.0, -2.5, 65504.0], dtype=torch.float16),
        "brain": torch.tensor([1.5, -0.125], dtype=torch.bfloat16),
        "gewicht_\u00e4": torch.tensor([-128, 127], dtype=torch.int8),
        "pixels": torch.tensor([0, 1, 128, 255], dtype=torch.uint8),
        "flags": torch.tensor([True, False, True]),
    }
    metadata = {"format": "pt", "writer": "scripts/pytorch/make_fixtures.py"}
    path = os.path.join(FIXTURE_DIR, "python-written.safetensors")
    save_safetensors(path, tensors, metadata)
    return path


SCHEDULE_STEPS = 12


def learning_rates(make_scheduler):
    """The learning rate each of SCHEDULE_STEPS optimizer steps uses under a scheduler."""
    parameter = nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.Adam([parameter], lr=ADAM_LR)
    scheduler = make_scheduler(optimizer)
    rates = []
    for _ in range(SCHEDULE_STEPS):
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    return rates


def make_schedule_case():
    """Learning rates per step of the schedules rnnlab's trainer offers."""
    schedulers = torch.optim.lr_scheduler
    cases = [
        {
            "schedule": {"name": "cosine", "minLr": 0.0},
            "make": lambda o: schedulers.CosineAnnealingLR(o, T_max=SCHEDULE_STEPS),
        },
        {
            "schedule": {"name": "cosine", "minLr": 0.002},
            "make": lambda o: schedulers.CosineAnnealingLR(
                o, T_max=SCHEDULE_STEPS, eta_min=0.002
            ),
        },
        {
            "schedule": {"name": "step", "stepSize": 5, "gamma": 0.5},
            "make": lambda o: schedulers.StepLR(o, step_size=5, gamma=0.5),
        },
    ]
    fixture = {
        "torchVersion": torch.__version__,
        "lr": ADAM_LR,
        "steps": SCHEDULE_STEPS,
        "cases": [
            {"schedule": case["schedule"], "learningRates": learning_rates(case["make"])}
            for case in cases
        ],
    }
    path = os.path.join(SCHEDULE_FIXTURE_DIR, "lr-schedules.json")
    with open(path, "w", encoding="utf-8") as file:
        json.dump(fixture, file, indent=1)
        file.write("\n")
    return path


def main():
    os.makedirs(FIXTURE_DIR, exist_ok=True)
    os.makedirs(SCHEDULE_FIXTURE_DIR, exist_ok=True)
    torch.set_num_threads(1)
    for case in CASES:
        print("wrote", make_case(*case))
    print("wrote", make_safetensors_case())
    print("wrote", make_schedule_case())


if __name__ == "__main__":
    main()
