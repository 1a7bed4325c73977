"""kerastorch optimizers side by side with Keras's: same start, same gradients, same values."""

import warnings

import numpy as np
import pytest
import torch

from kerastorch import optimizers

keras = pytest.importorskip("keras")

# Keras's own tensor -> numpy conversion warns under numpy 2; not ours to fix.
pytestmark = pytest.mark.filterwarnings(
    "ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning"
)

RTOL, ATOL = 1e-5, 1e-7
SHAPES = [(4, 3), (3,), (2, 3, 2), ()]
NAMES = ["kernel", "bias", "gamma", "scalar"]

OPTIMIZERS = [
    ("SGD", {}),
    ("SGD", {"momentum": 0.9}),
    ("SGD", {"momentum": 0.9, "nesterov": True}),
    ("Adam", {}),
    ("Adam", {"amsgrad": True}),
    ("RMSprop", {}),
    ("RMSprop", {"centered": True}),
    ("RMSprop", {"momentum": 0.5}),
    ("RMSprop", {"centered": True, "momentum": 0.5}),
]
VARIANTS = [
    {},
    {"clipnorm": 0.5},
    {"clipvalue": 0.1},
    {"global_clipnorm": 0.5},
    {"weight_decay": 0.1},
]
EXTRAS = {
    "ema": {"use_ema": True, "ema_overwrite_frequency": 3},
    "ema_no_overwrite": {"use_ema": True, "ema_momentum": 0.9},
    "accumulation": {"gradient_accumulation_steps": 2},
    "accumulation_ema": {"gradient_accumulation_steps": 2, "use_ema": True},
    "loss_scale": {"loss_scale_factor": 4.0},
    "weight_decay_clip": {"weight_decay": 0.05, "global_clipnorm": 1.0},
}


def _optimizer_id(case):
    name, kwargs = case
    return name + "".join(f"-{k}={v}" for k, v in kwargs.items())


def _make_pair(class_name, kwargs, learning_rates=(0.05, 0.05), names=NAMES, seed=0):
    """Returns (kerastorch optimizer, its variables, Keras optimizer, its variables)."""
    rng = np.random.default_rng(seed)
    initial = [rng.standard_normal(shape).astype("float32") for shape in SHAPES]
    ours = []
    for value, name in zip(initial, names):
        parameter = torch.nn.Parameter(torch.tensor(value))
        parameter.keras_name = name
        ours.append(parameter)
    theirs = [keras.Variable(value, name=name) for value, name in zip(initial, names)]
    return (
        getattr(optimizers, class_name)(learning_rate=learning_rates[0], **kwargs),
        ours,
        getattr(keras.optimizers, class_name)(learning_rate=learning_rates[1], **kwargs),
        theirs,
    )


def _gradients(steps=5, seed=1, scale=2.0):
    rng = np.random.default_rng(seed)
    return [
        [(scale * rng.standard_normal(shape)).astype("float32") for shape in SHAPES]
        for _ in range(steps)
    ]


def _assert_same_variables(ours, theirs, context=""):
    for mine, reference in zip(ours, theirs):
        np.testing.assert_allclose(
            mine.detach().numpy(),
            keras.ops.convert_to_numpy(reference),
            rtol=RTOL,
            atol=ATOL,
            err_msg=context,
        )


def _assert_same_optimizer_state(optimizer, keras_optimizer):
    ours, theirs = optimizer.variables, keras_optimizer.variables
    assert [tuple(v.shape) for v in ours] == [tuple(v.shape) for v in theirs]
    assert [v.keras_name for v in ours] == [v.name for v in theirs]
    _assert_same_variables(ours, theirs, "optimizer.variables")


def _run_side_by_side(class_name, kwargs, drop=None, between_steps=None):
    """Applies 5 gradient sets to both; `drop` maps step -> indices of `None` gradients."""
    optimizer, ours, keras_optimizer, theirs = _make_pair(class_name, kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for step, grads in enumerate(_gradients()):
            dropped = (drop or {}).get(step, ())
            grads = [None if i in dropped else g for i, g in enumerate(grads)]
            optimizer.apply([None if g is None else torch.tensor(g) for g in grads], ours)
            keras_optimizer.apply([None if g is None else torch.tensor(g) for g in grads], theirs)
            _assert_same_variables(ours, theirs, f"step {step}")
            if between_steps is not None:
                between_steps(step, optimizer, keras_optimizer)
    _assert_same_optimizer_state(optimizer, keras_optimizer)
    return optimizer, keras_optimizer


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: _optimizer_id(("", v)) or "plain")
@pytest.mark.parametrize("case", OPTIMIZERS, ids=_optimizer_id)
def test_updates_match_keras(case, variant):
    class_name, kwargs = case
    _run_side_by_side(class_name, {**kwargs, **variant})


@pytest.mark.parametrize("extra", EXTRAS.values(), ids=EXTRAS.keys())
@pytest.mark.parametrize("case", OPTIMIZERS[1::2], ids=_optimizer_id)
def test_base_options_match_keras(case, extra):
    class_name, kwargs = case
    _run_side_by_side(class_name, {**kwargs, **extra})


@pytest.mark.parametrize("case", OPTIMIZERS, ids=_optimizer_id)
def test_missing_gradients_are_skipped_like_keras(case):
    class_name, kwargs = case
    _run_side_by_side(class_name, {**kwargs, "weight_decay": 0.1}, drop={1: {0}, 3: {1, 3}})


@pytest.mark.parametrize("case", OPTIMIZERS, ids=_optimizer_id)
def test_learning_rate_changed_mid_training(case):
    class_name, kwargs = case

    def change(step, optimizer, keras_optimizer):
        if step == 1:
            optimizer.learning_rate = 0.2
            keras_optimizer.learning_rate = 0.2
        if step == 3:
            optimizer.learning_rate = torch.tensor(0.01)
            keras_optimizer.learning_rate = 0.01

    optimizer, keras_optimizer = _run_side_by_side(class_name, kwargs, between_steps=change)
    assert optimizer.get_config()["learning_rate"] == keras_optimizer.get_config()["learning_rate"]


@pytest.mark.parametrize("case", OPTIMIZERS, ids=_optimizer_id)
def test_weight_decay_exclusion_matches_keras(case):
    class_name, kwargs = case
    optimizer, ours, keras_optimizer, theirs = _make_pair(
        class_name, {**kwargs, "weight_decay": 0.2}
    )
    optimizer.exclude_from_weight_decay(var_list=[ours[2]], var_names=["bias"])
    keras_optimizer.exclude_from_weight_decay(var_list=[theirs[2]], var_names=["bias"])
    for grads in _gradients():
        optimizer.apply([torch.tensor(g) for g in grads], ours)
        keras_optimizer.apply([torch.tensor(g) for g in grads], theirs)
        _assert_same_variables(ours, theirs)


def _inverse_time_schedule(base):
    class InverseTime(base):
        def __init__(self, initial_learning_rate):
            self.initial_learning_rate = initial_learning_rate

        def __call__(self, step):
            return self.initial_learning_rate / (step + 1)

        def get_config(self):
            return {"initial_learning_rate": self.initial_learning_rate}

    return InverseTime


@pytest.mark.parametrize("variant", [{}, {"weight_decay": 0.1}], ids=["plain", "weight_decay"])
@pytest.mark.parametrize("case", OPTIMIZERS, ids=_optimizer_id)
def test_schedule_as_learning_rate(case, variant):
    class_name, kwargs = case
    ours_schedule = _inverse_time_schedule(optimizers.schedules.LearningRateSchedule)(0.1)
    keras_schedule = _inverse_time_schedule(keras.optimizers.schedules.LearningRateSchedule)(0.1)
    optimizer, ours, keras_optimizer, theirs = _make_pair(
        class_name, {**kwargs, **variant}, learning_rates=(ours_schedule, keras_schedule)
    )
    for grads in _gradients():
        optimizer.apply([torch.tensor(g) for g in grads], ours)
        keras_optimizer.apply([torch.tensor(g) for g in grads], theirs)
        _assert_same_variables(ours, theirs)
    _assert_same_optimizer_state(optimizer, keras_optimizer)
    np.testing.assert_allclose(
        float(optimizer.learning_rate), float(keras_optimizer.learning_rate), rtol=RTOL
    )


CONFIG_CASES = OPTIMIZERS + [
    ("SGD", {"learning_rate": 0.3, "clipnorm": 1.0, "use_ema": True, "ema_momentum": 0.9}),
    ("Adam", {"beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-5, "weight_decay": 0.01}),
    ("Adam", {"global_clipnorm": 2.0, "gradient_accumulation_steps": 4}),
    ("RMSprop", {"rho": 0.8, "epsilon": 1e-3, "clipvalue": 0.5, "loss_scale_factor": 128.0}),
]


@pytest.mark.parametrize("case", CONFIG_CASES, ids=_optimizer_id)
def test_get_config_matches_keras(case):
    class_name, kwargs = case
    ours = getattr(optimizers, class_name)(name="opt", **kwargs)
    theirs = getattr(keras.optimizers, class_name)(name="opt", **kwargs)
    assert ours.get_config() == theirs.get_config()
    assert list(ours.get_config()) == list(theirs.get_config())


@pytest.mark.parametrize("class_name", ["SGD", "Adam", "RMSprop"])
def test_default_config_matches_keras(class_name):
    ours = getattr(optimizers, class_name)().get_config()
    theirs = getattr(keras.optimizers, class_name)().get_config()
    ours.pop("name"), theirs.pop("name")
    assert ours == theirs


@pytest.mark.parametrize("case", CONFIG_CASES, ids=_optimizer_id)
def test_configs_load_across_libraries(case):
    class_name, kwargs = case
    theirs = getattr(keras.optimizers, class_name)(name="opt", **kwargs)
    ours = optimizers.deserialize(keras.optimizers.serialize(theirs))
    assert type(ours) is getattr(optimizers, class_name)
    assert ours.get_config() == theirs.get_config()
    back = keras.optimizers.deserialize(optimizers.serialize(ours))
    assert back.get_config() == theirs.get_config()


@pytest.mark.parametrize("identifier", ["adam", "sgd", "rmsprop", "Adam", "RMSprop"])
def test_get_by_name_matches_keras(identifier):
    ours, theirs = optimizers.get(identifier), keras.optimizers.get(identifier)
    assert type(ours).__name__ == type(theirs).__name__
    ours_config, theirs_config = ours.get_config(), theirs.get_config()
    ours_config.pop("name"), theirs_config.pop("name")
    assert ours_config == theirs_config
