"""Runs `examples/mnist_mlp.py`, the first tutorial, as a user would (offline)."""

import importlib.util
import pathlib

import kerastorch

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "mnist_mlp.py"


def load_example():
    spec = importlib.util.spec_from_file_location("mnist_mlp_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_example_falls_back_to_the_embedded_sample_and_reaches_90_percent(
        monkeypatch, capsys):
    def no_network(*args, **kwargs):
        raise Exception("URL fetch failure on https://example.invalid: no network")

    monkeypatch.setattr(kerastorch.datasets.mnist, "load_data", no_network)
    kerastorch.utils.set_random_seed(0)
    history, test_accuracy = load_example().main()
    printed = capsys.readouterr().out
    assert "Falling back to the 5,000-digit MNIST sample" in printed
    assert 'Model: "sequential' in printed and "Total params: " in printed
    assert sorted(history.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert len(history.history["loss"]) == 30
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert test_accuracy >= 0.90


def test_example_uses_the_full_dataset_when_it_loads(monkeypatch, capsys):
    sample = kerastorch.datasets.mnist.load_sample_data()
    monkeypatch.setattr(kerastorch.datasets.mnist, "load_data", lambda: sample)
    kerastorch.utils.set_random_seed(0)
    history, test_accuracy = load_example().main()
    assert "Falling back" not in capsys.readouterr().out
    assert len(history.history["loss"]) == 5
    assert test_accuracy > 0.8

