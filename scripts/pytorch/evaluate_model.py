#!/usr/bin/env python3
"""Score a model trained by rnnlab in PyTorch, on the same trials, and compare with rnnlab.

Needs a Python with PyTorch and NumPy (Debian's python3-torch and python3-numpy) and the
repository built (`npm ci`). Usage, from anywhere:

    python3 scripts/pytorch/evaluate_model.py runs/motor-timing/lstm [--trials 500] [--seed N]

The script asks `rnnlab evaluate DIR --save-trials TMP` for the evaluation trials (inputs and
period boundaries) and for rnnlab's scores of them. It then loads `model.safetensors` into
nn.RNN, nn.LSTM or nn.GRU plus nn.Linear with `load_state_dict(strict=True)`, runs the trials,
takes the argmax of the logits at every step and scores each trial by NeuroGym's MotorTiming
rule, written out again here from its definition (NeuroGym 2.2, envs/native/readysetgo.py):

- a "go" (action 1) during fixation costs 0.1 and the trial goes on;
- the first go in production ends the trial; t_prod = (go step - production start) * dt;
- eps = |t_prod - interval|, threshold = 0.2 * interval + 25 ms; success when eps <= threshold,
  reward max((1 - eps / threshold)^1.5, 0.1); no go at all fails with no reward.

Exits with status 1 when the success rates differ.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_io import load_safetensors  # noqa: E402

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Model(nn.Module):
    """The PyTorch module whose state_dict names match rnnlab's: `rnn` and `fc`."""

    def __init__(self, cell, input_size, hidden_size, output_size):
        super().__init__()
        if cell in ("rnn", "rnn-relu"):
            nonlinearity = "relu" if cell == "rnn-relu" else "tanh"
            self.rnn = nn.RNN(input_size, hidden_size, nonlinearity=nonlinearity)
        elif cell == "lstm":
            self.rnn = nn.LSTM(input_size, hidden_size)
        elif cell == "gru":
            self.rnn = nn.GRU(input_size, hidden_size)
        else:
            raise SystemExit(f"cell {cell!r} has no torch.nn counterpart; use rnn, lstm or gru")
        self.fc = nn.Linear(hidden_size, output_size)

    def forward(self, inputs):
        hidden, _ = self.rnn(inputs)
        return self.fc(hidden)


def rnnlab_command():
    """Returns the command that runs rnnlab: the built CLI, or the sources through tsx."""
    built = os.path.join(REPOSITORY, "dist", "cli", "main.js")
    if os.path.exists(built):
        return ["node", built]
    return ["node", "--import", "tsx", os.path.join(REPOSITORY, "src", "cli", "main.ts")]


def period(trial, name):
    for entry in trial["periods"]:
        if entry["name"] == name:
            return entry
    raise SystemExit(f"trial has no period {name!r}; this script scores MotorTiming only")


def score_motor_timing(trial, decisions):
    """Returns (success, reward) of one trial from its per-step decisions."""
    dt = trial["dtMs"]
    interval = trial["condition"]["intervalMs"]
    fixation = period(trial, "fixation")
    production = period(trial, "production")
    reward = 0.0
    for step in range(trial["lengthSteps"]):
        decision = int(decisions[step])
        if production["startStep"] <= step < production["endStep"]:
            if decision != 1:
                continue
            produced = (step - production["startStep"]) * dt
            eps = abs(produced - interval)
            threshold = 0.2 * interval + 25
            if eps > threshold:
                return False, reward
            return True, reward + max((1 - eps / threshold) ** 1.5, 0.1)
        if fixation["startStep"] <= step < fixation["endStep"] and decision != 0:
            reward -= 0.1
    return False, reward


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("model_dir", help="model folder written by rnnlab train or rnnlab run")
    parser.add_argument("--trials", type=int, default=500)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()

    with open(os.path.join(args.model_dir, "config.json"), encoding="utf8") as file:
        config = json.load(file)
    if config["task"]["name"] != "MotorTiming":
        raise SystemExit(f"this script scores MotorTiming only, not {config['task']['name']}")

    with tempfile.TemporaryDirectory(prefix="rnnlab-evaluate-") as folder:
        command = [*rnnlab_command(), "evaluate", args.model_dir, "--trials", str(args.trials)]
        if args.seed is not None:
            command += ["--seed", str(args.seed)]
        command += ["--save-trials", folder, "--json"]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        inputs = torch.from_numpy(np.load(os.path.join(folder, "inputs.npy")))
        with open(os.path.join(folder, "trials.json"), encoding="utf8") as file:
            trials = json.load(file)["trials"]
        with open(os.path.join(folder, "evaluation.json"), encoding="utf8") as file:
            rnnlab = json.load(file)

    tensors, _ = load_safetensors(os.path.join(args.model_dir, "model.safetensors"))
    network = config["network"]
    model = Model(network["cell"], network["inputSize"], network["hiddenSize"],
                  network["outputSize"])
    model.load_state_dict(tensors, strict=True)
    with torch.no_grad():
        decisions = model(inputs).argmax(dim=2).numpy()

    scores = [score_motor_timing(trial, decisions[:, b]) for b, trial in enumerate(trials)]
    success_rate = sum(success for success, _ in scores) / len(scores)
    mean_reward = sum(reward for _, reward in scores) / len(scores)
    disagreements = sum(
        success != outcome["success"] for (success, _), outcome in zip(scores, rnnlab["outcomes"])
    )

    print(f"PyTorch {torch.__version__}, {len(trials)} trials, seed {rnnlab['evaluationSeed']}")
    print(f"success rate: PyTorch {success_rate:.3f}, rnnlab {rnnlab['successRate']:.3f}")
    print(f"mean reward:  PyTorch {mean_reward:.4f}, rnnlab {rnnlab['meanReward']:.4f}")
    print(f"trials scored differently: {disagreements}")
    if abs(success_rate - rnnlab["successRate"]) > 1e-12:
        sys.exit(1)


if __name__ == "__main__":
    main()
