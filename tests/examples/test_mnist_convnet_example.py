"""Runs `examples/mnist_convnet.py`, the keras.io MNIST convnet, as a user would (offline)."""

import importlib.util
import pathlib

import kerastorch

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "mnist_convnet.py"


def load_example():
    spec = importlib.util.spec_from_file_location("mnist_convnet_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_example_falls_back_to_the_embedded_sample_and_reaches_93_percent(
        monkeypatch, capsys):
    def no_network(*args, **kwargs):
        raise Exception("URL fetch failure on https://example.invalid: no network")

    monkeypatch.setattr(kerastorch.datasets.mnist, "load_data", no_network)
    kerastorch.utils.set_random_seed(0)
    history, (test_loss, test_accuracy) = load_example().main()
    printed = capsys.readouterr().out
    assert "Falling back to the 5,000-digit MNIST sample" in printed
    assert "x_train shape: (4000, 28, 28, 1)" in printed
    assert "conv2d (Conv2D)" in printed and "max_pooling2d (MaxPooling2D)" in printed
    assert "Total params: 34,826" in printed
    assert f"Test accuracy: {test_accuracy}" in printed
    assert sorted(history.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert len(history.history["loss"]) == 15
    assert history.params["steps"] == 29  # 3,600 training digits after validation_split=0.1
    assert history.history["loss"][-1] < history.history["loss"][0] / 5
    assert test_accuracy >= 0.93 and test_loss < 0.3


def test_example_uses_the_full_dataset_when_it_loads(monkeypatch, capsys):
    (x_train, y_train), (x_test, y_test) = kerastorch.datasets.mnist.load_sample_data()
    small = (x_train[:640], y_train[:640]), (x_test[:100], y_test[:100])
    monkeypatch.setattr(kerastorch.datasets.mnist, "load_data", lambda: small)
    kerastorch.utils.set_random_seed(0)
    history, (test_loss, test_accuracy) = load_example().main()
    printed = capsys.readouterr().out
    assert "Falling back" not in printed and "640 train samples" in printed
    assert len(history.history["loss"]) == 15
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert 0 <= test_accuracy <= 1 and test_loss > 0
