import json
import sys

import numpy as np
import pytest

import kerastorch
from kerastorch.callbacks import TensorBoard

X = np.random.default_rng(0).normal(size=(16, 3)).astype("float32")
Y = X.sum(axis=1, keepdims=True)


@pytest.fixture
def event_accumulator():
    pytest.importorskip("tensorboard")
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    def read(directory):
        accumulator = EventAccumulator(str(directory), size_guidance={
            "scalars": 0, "histograms": 0, "images": 0, "tensors": 0})
        accumulator.Reload()
        return accumulator

    return read


def model_and_history(log_dir, epochs=2, **kwargs):
    model = kerastorch.Sequential([kerastorch.Input((3,)), kerastorch.layers.Dense(2),
                                   kerastorch.layers.Dense(1)])
    model.compile(kerastorch.optimizers.SGD(0.05), "mse", metrics=["mae"])
    history = model.fit(X, Y, batch_size=4, epochs=epochs, validation_data=(X, Y), verbose=0,
                        shuffle=False, callbacks=[TensorBoard(log_dir, **kwargs)])
    return model, history


def scalars(accumulator, tag):
    return [(event.step, event.value) for event in accumulator.Scalars(tag)]


def test_missing_tensorboard_raises_naming_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch.utils.tensorboard", None)
    with pytest.raises(ImportError, match=r'pip install "kerastorch\[tensorboard\]"'):
        TensorBoard()


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(profile_batch=2), ValueError, "Profiling is not yet available with the torch backend"),
    (dict(profile_batch=(1, 3)), ValueError, r"profile_batch=\(1, 3\) \(must be 0\)"),
    (dict(embeddings_freq=1), NotImplementedError, "embeddings_freq=1"),
])  # fmt: skip
def test_unsupported_options(kwargs, error, match):
    with pytest.raises(error, match=match):
        TensorBoard(**kwargs)


def test_writes_epoch_metrics_learning_rate_and_evaluations(tmp_path, event_accumulator):
    _, history = model_and_history(tmp_path)
    train, validation = event_accumulator(tmp_path / "train"), event_accumulator(
        tmp_path / "validation")
    assert sorted(train.Tags()["scalars"]) == ["epoch_learning_rate", "epoch_loss", "epoch_mae"]
    for name in ("loss", "mae"):
        steps, values = zip(*scalars(train, f"epoch_{name}"))
        assert steps == (0, 1)
        np.testing.assert_allclose(values, history.history[name], rtol=1e-6)
        steps, values = zip(*scalars(validation, f"epoch_{name}"))
        np.testing.assert_allclose(values, history.history[f"val_{name}"], rtol=1e-6)
        # After each validation, against the optimizer's iterations (4 batches an epoch).
        steps, values = zip(*scalars(validation, f"evaluation_{name}_vs_iterations"))
        assert steps == (4, 8)
        np.testing.assert_allclose(values, history.history[f"val_{name}"], rtol=1e-6)
    np.testing.assert_allclose([v for _, v in scalars(train, "epoch_learning_rate")], 0.05)
    assert not train.Tags()["histograms"] and not train.Tags()["images"]


def test_writes_the_model_config_for_the_graph_tab(tmp_path, event_accumulator):
    model, _ = model_and_history(tmp_path, epochs=1)
    (event,) = event_accumulator(tmp_path / "train").Tensors("keras")
    assert event.step == 0
    config = json.loads(event.tensor_proto.string_val[0])
    assert config["class_name"] == "Sequential" and config["config"]["name"] == model.name
    model_and_history(tmp_path / "no_graph", epochs=1, write_graph=False)
    assert not event_accumulator(tmp_path / "no_graph" / "train").Tags()["tensors"]


def test_writes_batch_logs_every_update_freq_batches(tmp_path, event_accumulator):
    model_and_history(tmp_path, update_freq=3, write_steps_per_second=True)
    train = event_accumulator(tmp_path / "train")
    assert [step for step, _ in scalars(train, "batch_loss")] == [3, 6]
    assert [step for step, _ in scalars(train, "batch_steps_per_second")] == [3, 6]
    assert [step for step, _ in scalars(train, "epoch_steps_per_second")] == [0, 1]
    assert all(value > 0 for _, value in scalars(train, "epoch_steps_per_second"))


def test_writes_weight_histograms_and_images(tmp_path, event_accumulator):
    model, _ = model_and_history(tmp_path, epochs=3, histogram_freq=2, write_images=True)
    train = event_accumulator(tmp_path / "train")
    names = [f"{layer.name}/{weight}" for layer in model.layers for weight in ("kernel", "bias")]
    assert sorted(train.Tags()["histograms"]) == sorted(f"{n}/histogram" for n in names)
    # The last bias, of shape (1,), squeezes to a scalar: no image, as in Keras.
    assert sorted(train.Tags()["images"]) == sorted(f"{n}/image" for n in names[:-1])
    kernel = model.layers[0].kernel.detach().numpy()
    histogram = train.Histograms(f"{names[0]}/histogram")
    assert [event.step for event in histogram] == [0, 2]
    assert histogram[-1].histogram_value.num == kernel.size
    np.testing.assert_allclose(histogram[-1].histogram_value.sum, kernel.sum(), rtol=1e-5)
    image = train.Images(f"{names[0]}/image")[-1]
    assert (image.width, image.height) == (3, 2)  # (3, 2) kernel: drawn wider than tall


def test_a_lone_evaluate_writes_its_results(tmp_path, event_accumulator):
    model, _ = model_and_history(tmp_path / "fit", epochs=1)
    results = model.evaluate(X, Y, batch_size=4, verbose=0, return_dict=True,
                             callbacks=[TensorBoard(tmp_path / "evaluate")])
    validation = event_accumulator(tmp_path / "evaluate" / "validation")
    assert scalars(validation, "evaluation_loss_vs_iterations") == [
        (4, pytest.approx(results["loss"]))]
