"""`compile` / `fit` / `evaluate` / `predict`: arguments, data, logs and custom steps."""

import warnings

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import layers
from kerastorch.metrics.metric import Metric
from kerastorch.trainers import trainer as trainer_module
from kerastorch.trainers.data_adapters.data_adapter_utils import (
    apply_class_weight as _apply_class_weight,
)
from kerastorch.trainers.data_utils import unpack_x_y_sample_weight

X = np.random.RandomState(0).rand(10, 3).astype("float32")
Y = np.random.RandomState(1).rand(10, 1).astype("float32")


def _model(compile=True, **compile_kwargs):
    kerastorch.utils.set_random_seed(0)
    model = kerastorch.Sequential([kerastorch.Input((3,)), layers.Dense(1)])
    if compile:
        model.compile(**{"optimizer": "sgd", "loss": "mse", **compile_kwargs})
    return model


# ------------------------------------------------------------ argument checks
@pytest.mark.parametrize(
    "call",
    [
        lambda m: m.fit(X, Y, verbose=0),
        lambda m: m.evaluate(X, Y, verbose=0),
        lambda m: m.train_on_batch(X, Y),
        lambda m: m.test_on_batch(X, Y),
    ],
    ids=["fit", "evaluate", "train_on_batch", "test_on_batch"],
)
def test_training_before_compile_raises(call):
    with pytest.raises(ValueError, match=r"You must call `compile\(\)` before using the model\. "
                                         r"\(Called: `model\.\w+\(\)`\.\)"):
        call(_model(compile=False))


def test_predict_needs_no_compile():
    model = _model(compile=False)
    np.testing.assert_allclose(model.predict(X, verbose=0), model(X).detach().numpy(),
                               rtol=1e-6)


@pytest.mark.parametrize("batch_size", [0, -1, 2.0, "4"])
@pytest.mark.parametrize("method", ["fit", "evaluate", "predict"])
def test_batch_size_must_be_a_positive_integer(method, batch_size):
    model = _model()
    args = (X,) if method == "predict" else (X, Y)
    with pytest.raises(ValueError, match=rf"`batch_size` must be a positive integer\. "
                                         rf"Received: {batch_size}"):
        getattr(model, method)(*args, batch_size=batch_size, verbose=0)


def test_numpy_integer_batch_size_is_accepted():
    history = _model().fit(X, Y, batch_size=np.int64(4), verbose=0)
    assert history.params["steps"] == 3


@pytest.mark.parametrize("verbose", [3, -1, "silent", None])
@pytest.mark.parametrize("method", ["fit", "evaluate", "predict"])
def test_verbose_values(method, verbose):
    model = _model()
    args = (X,) if method == "predict" else (X, Y)
    with pytest.raises(ValueError, match=rf"`verbose` must be 'auto', 0, 1 or 2\. "
                                         rf"Received: verbose={verbose}"):
        getattr(model, method)(*args, verbose=verbose)


def test_evaluate_rejects_unknown_arguments():
    with pytest.raises(ValueError, match=r"Arguments not recognized: \{'shuffle': True\}"):
        _model().evaluate(X, Y, verbose=0, shuffle=True)


def test_fit_needs_x():
    with pytest.raises(ValueError, match="Expected `x` to be an array or tensor, received `None`"):
        _model().fit(None, Y, verbose=0)


def test_unsupported_data_is_named():
    with pytest.raises(ValueError, match=r"Unrecognized data type: x=abc \(of type <class 'str'>\)"):
        _model().fit("abc", Y, verbose=0)


# ------------------------------------------------------ unpack_x_y_sample_weight
@pytest.mark.parametrize(
    "data, expected",
    [
        ("x", ("x", None, None)),
        (("x",), ("x", None, None)),
        (("x", "y"), ("x", "y", None)),
        (["x", "y"], ("x", "y", None)),
        (("x", "y", "w"), ("x", "y", "w")),
        ({"a": 1}, ({"a": 1}, None, None)),
    ],
)
def test_unpack_x_y_sample_weight(data, expected):
    assert tuple(unpack_x_y_sample_weight(data)) == expected


def test_unpack_rejects_longer_tuples():
    with pytest.raises(ValueError, match=r"Data is expected to be in format `x`, `\(x,\)`, "
                                         r"`\(x, y\)`, or `\(x, y, sample_weight\)`, found: "
                                         r"\(1, 2, 3, 4\)"):
        unpack_x_y_sample_weight((1, 2, 3, 4))


# ------------------------------------------------------------------ class_weight
CLASS_WEIGHT = {0: 0.5, 1: 2.0, 2: 4.0}
EXPECTED_WEIGHTS = [0.5, 2.0, 4.0, 2.0, 1.0]  # class 3 has no weight: 1.0


@pytest.mark.parametrize(
    "labels",
    [
        np.array([0, 1, 2, 1, 3]),
        np.array([[0], [1], [2], [1], [3]]),
        np.array([0.0, 1.0, 2.0, 0.9, 3.1]),
        np.eye(4)[[0, 1, 2, 1, 3]],
        torch.tensor([0, 1, 2, 1, 3]),
        torch.tensor(np.eye(4)[[0, 1, 2, 1, 3]], dtype=torch.float32),
    ],
    ids=["sparse", "sparse_n_by_1", "rounded_floats", "one_hot", "tensor", "one_hot_tensor"],
)
def test_class_weight_becomes_sample_weight(labels):
    weights = _apply_class_weight(CLASS_WEIGHT, labels, None)
    assert weights.dtype == np.float32
    np.testing.assert_array_equal(weights, EXPECTED_WEIGHTS)


def test_no_class_weight_keeps_sample_weight():
    sample_weight = np.ones(5)
    assert _apply_class_weight(None, np.zeros(5), sample_weight) is sample_weight
    assert _apply_class_weight({}, np.zeros(5), None) is None


def test_class_weight_with_sample_weight_raises():
    with pytest.raises(ValueError, match=r"Arguments `sample_weight` and `class_weight` cannot "
                                         r"be specified at the same time"):
        _model().fit(X, Y, class_weight={0: 1.0}, sample_weight=np.ones(10), verbose=0)


def test_class_weight_needs_a_single_output():
    with pytest.raises(ValueError, match="`class_weight` is only supported for models with a "
                                         "single output"):
        _apply_class_weight({0: 1.0}, [np.zeros(3), np.zeros(3)], None)


def test_class_weight_weights_the_loss():
    labels = np.array([0, 1] * 5, dtype="float32")[:, None]
    # Zero weight for every class: the loss, its gradient and the update vanish.
    model = _model()
    before = [w.copy() for w in model.get_weights()]
    history = model.fit(X, labels, class_weight={0: 0.0, 1: 0.0}, epochs=2, verbose=0)
    assert history.history["loss"] == [0.0, 0.0]
    for old, new in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, new)
    # Weight 2 for every class: the loss doubles.
    doubled = _model().train_on_batch(X, labels, class_weight={0: 2.0, 1: 2.0})
    plain = _model().train_on_batch(X, labels)
    np.testing.assert_allclose(doubled, 2 * plain, rtol=1e-5)


# ------------------------------------------------------------- data and devices
def test_fit_on_torch_tensors_matches_numpy():
    numpy_model, tensor_model = _model(), _model()
    numpy_history = numpy_model.fit(X, Y, batch_size=4, epochs=3, shuffle=False, verbose=0)
    x = torch.tensor(X, dtype=torch.float64, requires_grad=True)  # cast and detached
    tensor_history = tensor_model.fit(x, torch.tensor(Y), batch_size=4, epochs=3,
                                      shuffle=False, verbose=0)
    np.testing.assert_allclose(tensor_history.history["loss"], numpy_history.history["loss"],
                               rtol=1e-6)
    for a, b in zip(numpy_model.get_weights(), tensor_model.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6)
    assert x.grad is None
    assert isinstance(tensor_model.predict(torch.tensor(X), verbose=0), np.ndarray)


def test_fit_moves_the_model_to_the_compute_device(monkeypatch):
    # "meta" stands for an accelerator: no CUDA needed to see where things go.
    meta = torch.device("meta")
    monkeypatch.setattr(trainer_module, "get_device", lambda: meta)
    model = _model()
    model.fit(X, Y, epochs=0, verbose=0)
    assert {p.device for p in model.parameters()} == {meta}


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_fit_on_cuda(monkeypatch):
    monkeypatch.setattr(trainer_module, "get_device", lambda: torch.device("cuda"))
    model = _model()
    model.fit(X, Y, epochs=1, verbose=0)
    assert all(p.is_cuda for p in model.parameters())
    assert model.predict(X, verbose=0).shape == (10, 1)


class _TwoHeads(kerastorch.Model):
    """Returns its outputs in the structure given to the constructor."""

    def __init__(self, structure):
        super().__init__()
        self.structure = structure
        self.a = layers.Dense(1)
        self.b = layers.Dense(2)

    def call(self, x):
        a, b = self.a(x), self.b(x)
        if self.structure == "tuple":
            return a, b
        if self.structure == "dict":
            return {"b": b, "a": a}
        return [a, {"inner": b}]


@pytest.mark.parametrize("structure", ["tuple", "dict", "nested"])
@pytest.mark.parametrize("batch_size", [3, 32])
def test_predict_keeps_the_output_structure(structure, batch_size):
    model = _TwoHeads(structure)
    predictions = model.predict(X, batch_size=batch_size, verbose=0)
    expected = model(X)
    assert type(predictions) is type(expected)
    flat = kerastorch.utils.tree.flatten
    assert len(flat(predictions)) == 2
    for got, want in zip(flat(predictions), flat(expected)):
        assert isinstance(got, np.ndarray) and got.shape[0] == 10
        np.testing.assert_allclose(got, want.detach().numpy(), rtol=1e-6)
    if structure == "dict":
        assert list(predictions) == list(expected)


@pytest.mark.parametrize("structure", ["tuple", "dict"])
def test_predict_on_batch_keeps_the_output_structure(structure):
    model = _TwoHeads(structure)
    predictions = model.predict_on_batch(X)
    assert type(predictions) is type(model(X))


# ---------------------------------------------------------------------- metrics
@pytest.fixture
def result_calls(monkeypatch):
    """Counts `result()` calls of every metric class."""
    calls = []
    classes = {Metric}
    pending = [Metric]
    while pending:
        for sub in pending.pop().__subclasses__():
            if sub not in classes:
                classes.add(sub)
                pending.append(sub)
    for cls in classes:
        if "result" in vars(cls):
            original = vars(cls)["result"]

            def counted(self, _original=original):
                calls.append(self.name)
                return _original(self)

            monkeypatch.setattr(cls, "result", counted)
    return calls


def test_step_results_are_computed_only_when_read(result_calls):
    model = _model(metrics=["mae", "mse"])
    batch = (torch.tensor(X), torch.tensor(Y))
    logs = model.train_step(batch)
    assert sorted(logs) == ["loss", "mae", "mse"] and len(logs) == 3 and "mae" in logs
    assert result_calls == []
    assert isinstance(logs["mae"], float) and result_calls == ["mae"]
    raw = dict(logs.items())  # every value, unconverted, for `LogsView`
    assert raw.keys() == {"loss", "mae", "mse"}
    assert all(isinstance(value, torch.Tensor) for value in raw.values())
    assert raw["mae"].item() == logs["mae"]


def test_fit_reads_metrics_once_per_epoch(result_calls):
    counts = []
    for samples in (20, 100):
        result_calls.clear()
        _model(metrics=["mae"]).fit(X.repeat(samples // 10, 0), Y.repeat(samples // 10, 0),
                                    batch_size=2, epochs=2, verbose=0)
        counts.append(len(result_calls))
    assert counts[0] == counts[1]


def test_metrics_names_and_logs():
    model = _model(metrics=["mae"])
    assert model.metrics_names == ["loss", "compile_metrics"]
    logs = model.evaluate(X, Y, verbose=0, return_dict=True)
    assert list(logs) == ["loss", "mae"]
    loss, mae = model.evaluate(X, Y, verbose=0)
    assert (loss, mae) == (logs["loss"], logs["mae"])
    model.reset_metrics()
    assert dict(model.get_metrics_result()) == {"loss": 0.0, "mae": 0.0}


# ------------------------------------------------------------- custom train_step
class _CustomStepModel(kerastorch.Model):
    """A `train_step` written as the Keras guide writes it for the torch backend."""

    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(1)
        self.steps_run = 0

    def call(self, x):
        return self.dense(x)

    def train_step(self, data):
        x, y = data
        self.zero_grad()
        y_pred = self(x, training=True)
        loss = self.compute_loss(y=y, y_pred=y_pred)
        loss.backward()
        trainable_weights = list(self.trainable_weights)
        gradients = [w.grad for w in trainable_weights]
        with torch.no_grad():
            self.optimizer.apply(gradients, trainable_weights)
        self.steps_run += 1
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
        return self.compute_metrics(x, y, y_pred)


class _CustomLogsModel(_CustomStepModel):
    """A custom step that returns its own dict of results."""

    def train_step(self, data):
        super().train_step(data)
        return {m.name: m.result() for m in self.metrics}


@pytest.mark.parametrize("cls", [_CustomStepModel, _CustomLogsModel])
def test_custom_train_step_trains(cls):
    kerastorch.utils.set_random_seed(0)
    model = cls()
    model.compile(optimizer=kerastorch.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
    history = model.fit(X, Y, batch_size=5, epochs=5, verbose=0)
    assert model.steps_run == 10
    assert sorted(history.history) == ["loss", "mae"]
    losses = history.history["loss"]
    assert losses[-1] < losses[0] and all(loss > 0 for loss in losses)
    # The epoch's logged loss is the mean over its batches of the loss the step computed.
    before = model.evaluate(X, Y, verbose=0)[0]
    last = model.fit(X, Y, batch_size=10, epochs=1, shuffle=False, verbose=0)
    np.testing.assert_allclose(last.history["loss"][0], before, rtol=1e-5)


class _RecordingModel(kerastorch.Model):
    """Records the structure of the batches its steps receive."""

    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(1)
        self.batches = []

    def call(self, x):
        if isinstance(x, (list, tuple)):
            x = x[0]
        return self.dense(x)

    def _record(self, data):
        self.batches.append(kerastorch.utils.tree.map_structure(
            lambda t: None if t is None else tuple(t.shape), data))

    def train_step(self, data):
        self._record(data)
        return super().train_step(data)

    def test_step(self, data):
        self._record(data)
        return super().test_step(data)

    def predict_step(self, data):
        self._record(data)
        return super().predict_step(data)


@pytest.mark.parametrize(
    "call, structure",
    [
        (lambda m: m.fit(X, Y, batch_size=10, verbose=0), ((10, 3), (10, 1))),
        (lambda m: m.fit(X, Y, sample_weight=np.ones(10), batch_size=10, verbose=0),
         ((10, 3), (10, 1), (10,))),
        (lambda m: m.evaluate(X, Y, batch_size=10, verbose=0), ((10, 3), (10, 1))),
        (lambda m: m.predict(X, batch_size=10, verbose=0), (10, 3)),
        (lambda m: m.predict([X], batch_size=10, verbose=0), ([(10, 3)],)),
    ],
    ids=["fit", "fit_sample_weight", "evaluate", "predict", "predict_list"],
)
def test_steps_receive_batches_as_keras_packs_them(call, structure):
    # As Keras's data adapters: `(x, y)` without sample weights, so a custom
    # `train_step` may unpack `x, y = data`; `x` alone (or `(x,)`) to predict.
    model = _RecordingModel()
    model.compile("sgd", "mse")
    call(model)
    assert model.batches == [structure]


# ---------------------------------------------------------------- compile config
def test_compile_config():
    model = _model(compile=False)
    assert model.get_compile_config() == {}
    model.compile(optimizer=kerastorch.optimizers.Adam(0.01), loss="mse", metrics=["mae"],
                  loss_weights=None)
    config = model.get_compile_config()
    assert config["optimizer"]["class_name"] == "Adam"
    assert config["optimizer"]["module"] == "keras.optimizers"
    np.testing.assert_allclose(config["optimizer"]["config"]["learning_rate"], 0.01)
    assert {k: v for k, v in config.items() if k != "optimizer"} == {
        "loss": "mse", "loss_weights": None, "metrics": ["mae"], "weighted_metrics": None,
        "run_eagerly": False, "steps_per_execution": 1, "jit_compile": False}


def test_compile_config_serializes_objects():
    model = _model(loss=kerastorch.losses.MeanSquaredError(), optimizer="sgd",
                   metrics=[kerastorch.metrics.MeanAbsoluteError(name="err")])
    config = model.get_compile_config()
    assert config["loss"]["class_name"] == "MeanSquaredError"
    assert config["metrics"][0]["class_name"] == "MeanAbsoluteError"
    assert config["metrics"][0]["config"]["name"] == "err"
    assert config["optimizer"]["class_name"] == "SGD"


def test_jit_compile_true_warns_and_runs_eagerly():
    model = _model(compile=False)
    with pytest.warns(UserWarning, match=r"kerastorch does not support `jit_compile=True` yet; "
                                         r"running without compilation\."):
        model.compile("sgd", "mse", jit_compile=True)
    assert model.jit_compile is False
    assert model.get_compile_config()["jit_compile"] is True
    model.fit(X, Y, verbose=0)


def test_jit_compile_auto_does_not_warn():
    model = _model(compile=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.compile("sgd", "mse")
    assert model.jit_compile is False
