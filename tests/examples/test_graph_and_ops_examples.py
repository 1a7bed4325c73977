"""Runs `examples/graph_style.py` and `examples/custom_ops_layer.py`."""

import importlib.util
import pathlib

import numpy as np
import torch

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"


def load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_graph_style_builds_a_graph_of_ops_and_runs_it(capsys):
    model, outputs = load("graph_style").main()
    printed = capsys.readouterr().out
    assert outputs.shape == (64, 100) and outputs.dtype == np.float32
    assert (outputs >= 0).all()
    for node in ("matmul (Matmul)", "add (Add)", "relu (Relu)"):
        assert node in printed
    x = torch.rand(3, 784)
    weights = [arg for node in model._nodes for arg in node.call_args
               if isinstance(arg, torch.Tensor)]
    kernel, bias = weights
    torch.testing.assert_close(model(x), torch.relu(x @ kernel + bias))


def test_custom_ops_layer_learns_the_regression():
    history = load("custom_ops_layer").main(epochs=8)
    losses = history.history["val_loss"]
    assert losses[-1] < 0.5 * losses[0]
