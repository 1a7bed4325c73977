"""`kerastorch.optimizers.schedules` side by side with `keras.optimizers.schedules` (torch backend).

Every schedule's value over a range of steps (staircase, cycle, warmup,
restarts with t_mul / m_mul), its config and serialization, its errors, and
its use as an optimizer's learning rate are compared with Keras.
"""

import warnings

import numpy as np
import pytest
import torch

from kerastorch import optimizers
from kerastorch.optimizers import schedules

keras = pytest.importorskip("keras")

pytestmark = pytest.mark.filterwarnings(
    "ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning"
)

RTOL, ATOL = 1e-5, 1e-6
STEPS = list(range(41)) + [55, 99, 100, 101, 250, 1000, 12345]

# (class name, constructor kwargs)
SCHEDULES = [
    ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 7, "decay_rate": 0.9}),
    ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 7, "decay_rate": 0.5, "staircase": True}),
    ("ExponentialDecay", {"initial_learning_rate": 1e-3, "decay_steps": 100, "decay_rate": 1.5, "name": "grow"}),
    ("InverseTimeDecay", {"initial_learning_rate": 0.1, "decay_steps": 1.0, "decay_rate": 0.5}),
    ("InverseTimeDecay", {"initial_learning_rate": 0.2, "decay_steps": 6, "decay_rate": 0.3, "staircase": True}),
    ("PiecewiseConstantDecay", {"boundaries": [10, 20], "values": [1.0, 0.5, 0.1]}),
    ("PiecewiseConstantDecay", {"boundaries": [5], "values": [0.3, 0.03], "name": "two"}),
    ("PiecewiseConstantDecay", {"boundaries": [3, 9, 27, 81], "values": [1e-1, 5e-2, 1e-2, 5e-3, 1e-3]}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 30}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 10, "end_learning_rate": 0.01, "power": 0.5}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 8, "end_learning_rate": 0.02, "power": 2.0,
                         "cycle": True}),
    ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 30}),
    ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 30, "alpha": 0.1}),
    ("CosineDecay", {"initial_learning_rate": 0.0, "decay_steps": 25, "warmup_target": 0.1, "warmup_steps": 10}),
    ("CosineDecay", {"initial_learning_rate": 0.01, "decay_steps": 20, "alpha": 0.2, "warmup_target": 0.05,
                     "warmup_steps": 7}),
    ("CosineDecay", {"initial_learning_rate": 0.01, "decay_steps": 20, "warmup_target": 0.05}),
    ("CosineDecayRestarts", {"initial_learning_rate": 0.1, "first_decay_steps": 5}),
    ("CosineDecayRestarts", {"initial_learning_rate": 0.1, "first_decay_steps": 6, "t_mul": 1.0, "m_mul": 0.8}),
    ("CosineDecayRestarts", {"initial_learning_rate": 0.1, "first_decay_steps": 4, "t_mul": 1.5, "m_mul": 0.5,
                             "alpha": 0.1}),
    ("CosineDecayRestarts", {"initial_learning_rate": 0.05, "first_decay_steps": 3, "t_mul": 3.0, "alpha": 0.05,
                             "name": "sgdr"}),
]


def _case_id(case):
    name, kwargs = case
    return name + "".join(f"-{k}={v}" for k, v in kwargs.items() if k not in ("initial_learning_rate",))


def _pair(case):
    name, kwargs = case
    return getattr(schedules, name)(**kwargs), getattr(keras.optimizers.schedules, name)(**kwargs)


def _numpy(x):
    return keras.ops.convert_to_numpy(x) if not isinstance(x, torch.Tensor) else x.detach().cpu().numpy()


@pytest.mark.parametrize("case", SCHEDULES, ids=_case_id)
def test_values_over_steps_match_keras(case):
    ours, theirs = _pair(case)
    for step in STEPS:
        step_tensor = torch.tensor(step, dtype=torch.int64)  # as the optimizers' `iterations`
        received, expected = ours(step_tensor), theirs(step_tensor)
        assert isinstance(received, torch.Tensor) and received.dtype == torch.float32
        np.testing.assert_allclose(_numpy(received), _numpy(expected), rtol=RTOL, atol=ATOL,
                                   err_msg=f"step {step}")


@pytest.mark.parametrize("case", SCHEDULES, ids=_case_id)
def test_python_and_float_steps_match_keras(case):
    ours, theirs = _pair(case)
    for step in (0, 3, 17, 64):
        np.testing.assert_allclose(_numpy(ours(step)), _numpy(theirs(step)), rtol=RTOL, atol=ATOL)
        float_step = torch.tensor(step + 0.5)
        np.testing.assert_allclose(_numpy(ours(float_step)), _numpy(theirs(float_step)), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("case", SCHEDULES, ids=_case_id)
def test_config_and_serialization_match_keras(case):
    ours, theirs = _pair(case)
    assert ours.get_config() == theirs.get_config()
    assert schedules.serialize(ours) == keras.optimizers.schedules.serialize(theirs)
    rebuilt = type(ours).from_config(ours.get_config())
    assert rebuilt.get_config() == ours.get_config()
    loaded = schedules.deserialize(keras.optimizers.schedules.serialize(theirs))
    assert type(loaded) is type(ours) and loaded.get_config() == theirs.get_config()
    back = keras.optimizers.schedules.deserialize(schedules.serialize(ours))
    assert type(back) is type(theirs) and back.get_config() == ours.get_config()


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 0, "decay_rate": 0.9}),
        ("InverseTimeDecay", {"initial_learning_rate": 0.1, "decay_steps": -1, "decay_rate": 0.9}),
        ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 0}),
        ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 0}),
        ("CosineDecayRestarts", {"initial_learning_rate": 0.1, "first_decay_steps": 0}),
        ("PiecewiseConstantDecay", {"boundaries": [1, 2], "values": [0.1, 0.2]}),
    ],
)
def test_invalid_arguments_raise_like_keras(name, kwargs):
    with pytest.raises(Exception) as expected:
        getattr(keras.optimizers.schedules, name)(**kwargs)
    with pytest.raises(Exception) as received:
        getattr(schedules, name)(**kwargs)
    assert received.type is expected.type
    assert str(received.value) == str(expected.value)


def _variables_pair(seed=0):
    rng = np.random.default_rng(seed)
    initial = [rng.standard_normal(shape).astype("float32") for shape in [(4, 3), (3,)]]
    ours = [torch.nn.Parameter(torch.tensor(v)) for v in initial]
    for parameter, name in zip(ours, ["kernel", "bias"]):
        parameter.keras_name = name
    theirs = [keras.Variable(v, name=name) for v, name in zip(initial, ["kernel", "bias"])]
    return ours, theirs


def _run_optimizers(optimizer, keras_optimizer, steps=12):
    ours, theirs = _variables_pair()
    rng = np.random.default_rng(1)
    for step in range(steps):
        grads = [rng.standard_normal(tuple(v.shape)).astype("float32") for v in ours]
        optimizer.apply([torch.tensor(g) for g in grads], ours)
        keras_optimizer.apply([torch.tensor(g) for g in grads], theirs)
        for mine, reference in zip(ours, theirs):
            np.testing.assert_allclose(mine.detach().numpy(), keras.ops.convert_to_numpy(reference),
                                       rtol=RTOL, atol=ATOL, err_msg=f"step {step}")
        np.testing.assert_allclose(_numpy(optimizer.learning_rate), _numpy(keras_optimizer.learning_rate),
                                   rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("optimizer_name,extra", [("SGD", {}), ("SGD", {"momentum": 0.9}), ("Adam", {}),
                                                  ("RMSprop", {"weight_decay": 0.1})])
@pytest.mark.parametrize("case", SCHEDULES[1::3], ids=_case_id)
def test_optimizer_uses_schedule_like_keras(case, optimizer_name, extra):
    ours, theirs = _pair(case)
    optimizer = getattr(optimizers, optimizer_name)(learning_rate=ours, **extra)
    keras_optimizer = getattr(keras.optimizers, optimizer_name)(learning_rate=theirs, **extra)
    _run_optimizers(optimizer, keras_optimizer)
    assert optimizer.get_config() == keras_optimizer.get_config()
    assert [v.keras_name for v in optimizer.variables] == [v.name for v in keras_optimizer.variables]


def test_schedule_with_gradient_accumulation_matches_keras():
    case = ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.5})
    ours, theirs = _pair(case)
    optimizer = optimizers.SGD(learning_rate=ours, gradient_accumulation_steps=2)
    keras_optimizer = keras.optimizers.SGD(learning_rate=theirs, gradient_accumulation_steps=2)
    _run_optimizers(optimizer, keras_optimizer)


def _warmup_schedule(base):
    class LinearWarmup(base):
        def __init__(self, target, warmup_steps):
            self.target = target
            self.warmup_steps = warmup_steps

        def __call__(self, step):
            return self.target * torch.clamp((step + 1) / self.warmup_steps, max=1.0)

        def get_config(self):
            return {"target": self.target, "warmup_steps": self.warmup_steps}

    return LinearWarmup


def test_user_schedule_subclass_works_in_an_optimizer_like_keras():
    ours = _warmup_schedule(schedules.LearningRateSchedule)(0.1, 5)
    theirs = _warmup_schedule(keras.optimizers.schedules.LearningRateSchedule)(0.1, 5)
    optimizer = optimizers.Adam(learning_rate=ours)
    keras_optimizer = keras.optimizers.Adam(learning_rate=theirs)
    _run_optimizers(optimizer, keras_optimizer, steps=8)
    config, keras_config = optimizer.get_config(), keras_optimizer.get_config()
    assert config["learning_rate"]["config"] == keras_config["learning_rate"]["config"]
    assert config["learning_rate"]["class_name"] == keras_config["learning_rate"]["class_name"]
    clone = optimizers.Adam.from_config(config, custom_objects={"LinearWarmup": type(ours)})
    assert type(clone._learning_rate) is type(ours)
    assert clone._learning_rate.get_config() == ours.get_config()


def test_optimizer_config_with_builtin_schedule_loads_across_libraries():
    theirs = keras.optimizers.Adam(
        learning_rate=keras.optimizers.schedules.CosineDecay(0.0, 100, warmup_target=0.1, warmup_steps=10),
        name="opt",
    )
    ours = optimizers.deserialize(keras.optimizers.serialize(theirs))
    assert isinstance(ours._learning_rate, schedules.CosineDecay)
    assert ours.get_config() == theirs.get_config()
    back = keras.optimizers.deserialize(optimizers.serialize(ours))
    assert back.get_config() == theirs.get_config()


def test_schedules_stay_on_the_step_device_without_host_reads():
    step = torch.tensor(7, dtype=torch.int64)
    for case in SCHEDULES:
        value = _pair(case)[0](step)
        assert value.device == step.device and value.ndim == 0


def test_every_keras_schedule_name_exists():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        public = [name for name in dir(keras.optimizers.schedules) if not name.startswith("_")]
    missing = [name for name in public if not hasattr(schedules, name)]
    assert missing == []
    for name in public:
        if isinstance(getattr(keras.optimizers.schedules, name), type):
            assert issubclass(getattr(schedules, name), schedules.LearningRateSchedule)
