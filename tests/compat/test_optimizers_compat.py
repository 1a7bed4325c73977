"""kerastorch optimizers side by side with Keras's: same start, same gradients, same values."""

import re
import warnings

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import optimizers

keras = pytest.importorskip("keras")

# Keras's own tensor -> numpy conversion warns under numpy 2; not ours to fix.
pytestmark = pytest.mark.filterwarnings(
    "ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning"
)

RTOL, ATOL = 1e-5, 1e-7
SHAPES = [(4, 3), (3,), (2, 3, 2), (), (5, 2)]
NAMES = ["kernel", "bias", "gamma", "scalar", "embeddings"]

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
    ("AdamW", {}),
    ("AdamW", {"amsgrad": True, "beta_1": 0.8}),
    ("Adamax", {}),
    ("Adamax", {"beta_1": 0.8, "beta_2": 0.9, "epsilon": 1e-3}),
    ("Nadam", {}),
    ("Nadam", {"beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-4}),
    ("Adagrad", {}),
    ("Adagrad", {"initial_accumulator_value": 0.5, "epsilon": 1e-3}),
    ("Adadelta", {}),
    ("Adadelta", {"rho": 0.8, "epsilon": 1e-4}),
    ("Ftrl", {}),
    (
        "Ftrl",
        {
            "learning_rate_power": -0.7,
            "initial_accumulator_value": 0.3,
            "l1_regularization_strength": 0.01,
            "l2_regularization_strength": 0.1,
            "l2_shrinkage_regularization_strength": 0.05,
            "beta": 0.2,
        },
    ),
    ("Lion", {}),
    ("Lion", {"beta_1": 0.5, "beta_2": 0.9}),
    ("Lamb", {}),
    ("Lamb", {"beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-4}),
    ("Adafactor", {}),
    (
        "Adafactor",
        {
            "beta_2_decay": -0.5,
            "epsilon_1": 1e-20,
            "epsilon_2": 0.01,
            "clip_threshold": 0.5,
            "relative_step": False,
        },
    ),
    ("Muon", {}),
    (
        "Muon",
        {
            "nesterov": False,
            "rms_rate": None,
            "exclude_embeddings": False,
            "adam_lr_ratio": 0.5,
            "adam_weight_decay": None,
            "ns_steps": 3,
        },
    ),
    ("Muon", {"exclude_layers": ["kern"], "exclude_embeddings": False, "momentum": 0.9}),
    ("ScheduleFreeAdamW", {}),
    ("ScheduleFreeAdamW", {"warmup_steps": 3, "beta_1": 0.8, "epsilon": 1e-6}),
]
CLASS_NAMES = sorted({name for name, _ in OPTIMIZERS})
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


def _snapshot_schedule_free_momentum(keras_optimizer):
    """Makes Keras's `ScheduleFreeAdamW` read the momentum from before the step.

    Keras's update reads `momentum_old = momentum.value` and then updates
    the momentum in place: on its torch backend the two alias, unlike on JAX
    and TensorFlow (and unlike the formula). kerastorch follows the formula;
    rebinding the updated momentum to a new tensor gives Keras those semantics.
    """
    assign_sub = keras_optimizer.assign_sub

    def assign_sub_out_of_place(variable, value):
        if any(variable is momentum for momentum in keras_optimizer._momentums):
            variable._value = torch.nn.Parameter(variable.value - value, requires_grad=False)
        else:
            assign_sub(variable, value)

    keras_optimizer.assign_sub = assign_sub_out_of_place


def _variables(seed=0, names=NAMES):
    """The same initial values as kerastorch parameters and as Keras variables."""
    rng = np.random.default_rng(seed)
    initial = [rng.standard_normal(shape).astype("float32") for shape in SHAPES]
    ours = []
    for value, name in zip(initial, names):
        parameter = torch.nn.Parameter(torch.tensor(value))
        parameter.keras_name = name
        ours.append(parameter)
    theirs = [keras.Variable(value, name=name) for value, name in zip(initial, names)]
    return ours, theirs


def _make_pair(class_name, kwargs, learning_rates=(0.05, 0.05), names=NAMES, seed=0):
    """Returns (kerastorch optimizer, its variables, Keras optimizer, its variables)."""
    ours, theirs = _variables(seed, names)
    keras_optimizer = getattr(keras.optimizers, class_name)(
        learning_rate=learning_rates[1], **kwargs
    )
    if class_name == "ScheduleFreeAdamW":
        _snapshot_schedule_free_momentum(keras_optimizer)
    return (
        getattr(optimizers, class_name)(learning_rate=learning_rates[0], **kwargs),
        ours,
        keras_optimizer,
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


def _variable_names(optimizer):
    """The names of the optimizer's variables; unnamed ones (`variable_3`) as `variable`.

    Both libraries number unnamed variables with a session-wide counter.
    """
    return [re.sub(r"^variable_\d+$", "variable", v.name) for v in optimizer.variables]


def _assert_same_optimizer_state(optimizer, keras_optimizer):
    ours, theirs = optimizer.variables, keras_optimizer.variables
    assert [tuple(v.shape) for v in ours] == [tuple(v.shape) for v in theirs]
    assert _variable_names(optimizer) == _variable_names(keras_optimizer)
    _assert_same_variables(ours, theirs, "optimizer.variables")


def _apply_both(optimizer, ours, keras_optimizer, theirs, grads):
    optimizer.apply([None if g is None else torch.tensor(g) for g in grads], ours)
    keras_optimizer.apply([None if g is None else torch.tensor(g) for g in grads], theirs)


def _run_side_by_side(class_name, kwargs, drop=None, between_steps=None, grads_seq=None):
    """Applies 5 gradient sets to both; `drop` maps step -> indices of `None` gradients."""
    optimizer, ours, keras_optimizer, theirs = _make_pair(class_name, kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for step, grads in enumerate(grads_seq or _gradients()):
            dropped = (drop or {}).get(step, ())
            grads = [None if i in dropped else g for i, g in enumerate(grads)]
            _apply_both(optimizer, ours, keras_optimizer, theirs, grads)
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
        if step == 2:
            optimizer.learning_rate.assign(0.1)
            keras_optimizer.learning_rate.assign(0.1)
        if step == 3:
            optimizer.learning_rate = torch.tensor(0.01)
            keras_optimizer.learning_rate = 0.01

    optimizer, keras_optimizer = _run_side_by_side(class_name, kwargs, between_steps=change)
    assert optimizer.get_config()["learning_rate"] == keras_optimizer.get_config()["learning_rate"]


@pytest.mark.parametrize(
    "extra", [{}, {"gradient_accumulation_steps": 2}], ids=["plain", "accumulation"]
)
@pytest.mark.parametrize("case", OPTIMIZERS, ids=_optimizer_id)
def test_iterations_assigned_mid_training(case, extra):
    class_name, kwargs = case

    def change(step, optimizer, keras_optimizer):
        if step == 2 and not extra:
            optimizer.iterations.assign(40)
            keras_optimizer.iterations.assign(40)
        if step == 3:
            optimizer._iterations.assign(7)
            keras_optimizer._iterations.assign(7)

    grads_seq = _gradients(steps=7)
    optimizer, keras_optimizer = _run_side_by_side(
        class_name, {**kwargs, **extra}, between_steps=change, grads_seq=grads_seq
    )
    assert int(optimizer.iterations) == int(keras_optimizer.iterations)


@pytest.mark.parametrize("case", OPTIMIZERS, ids=_optimizer_id)
def test_weight_decay_exclusion_matches_keras(case):
    class_name, kwargs = case
    optimizer, ours, keras_optimizer, theirs = _make_pair(
        class_name, {**kwargs, "weight_decay": 0.2}
    )
    optimizer.exclude_from_weight_decay(var_list=[ours[2]], var_names=["bias"])
    keras_optimizer.exclude_from_weight_decay(var_list=[theirs[2]], var_names=["bias"])
    for grads in _gradients():
        _apply_both(optimizer, ours, keras_optimizer, theirs, grads)
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
        _apply_both(optimizer, ours, keras_optimizer, theirs, grads)
        _assert_same_variables(ours, theirs)
    _assert_same_optimizer_state(optimizer, keras_optimizer)
    np.testing.assert_allclose(
        float(optimizer.learning_rate), float(keras_optimizer.learning_rate), rtol=RTOL
    )


def test_keras_schedule_free_adamw_on_torch_reads_the_updated_momentum():
    """Why `_make_pair` patches Keras: unpatched, Keras-on-torch leaves the formula at step 2.

    If this fails, Keras fixed its aliasing and `_snapshot_schedule_free_momentum`
    can go.
    """
    optimizer, ours, _, _ = _make_pair("ScheduleFreeAdamW", {})
    _, theirs = _variables()
    keras_optimizer = keras.optimizers.ScheduleFreeAdamW(learning_rate=0.05)
    for step, grads in enumerate(_gradients(steps=2)):
        _apply_both(optimizer, ours, keras_optimizer, theirs, grads)
        if step == 0:
            _assert_same_variables(ours, theirs)
    with pytest.raises(AssertionError):
        _assert_same_variables(ours, theirs)


CONFIG_CASES = OPTIMIZERS + [
    ("SGD", {"learning_rate": 0.3, "clipnorm": 1.0, "use_ema": True, "ema_momentum": 0.9}),
    ("Adam", {"beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-5, "weight_decay": 0.01}),
    ("Adam", {"global_clipnorm": 2.0, "gradient_accumulation_steps": 4}),
    ("RMSprop", {"rho": 0.8, "epsilon": 1e-3, "clipvalue": 0.5, "loss_scale_factor": 128.0}),
    ("AdamW", {"weight_decay": 0.1, "use_ema": True, "ema_overwrite_frequency": 10}),
    ("Lion", {"learning_rate": 1e-4, "clipnorm": 0.5, "gradient_accumulation_steps": 2}),
    ("Muon", {"weight_decay": None, "exclude_layers": ["head", "out.*"]}),
]


@pytest.mark.parametrize("case", CONFIG_CASES, ids=_optimizer_id)
def test_get_config_matches_keras(case):
    class_name, kwargs = case
    ours = getattr(optimizers, class_name)(name="opt", **kwargs)
    theirs = getattr(keras.optimizers, class_name)(name="opt", **kwargs)
    assert ours.get_config() == theirs.get_config()
    assert list(ours.get_config()) == list(theirs.get_config())
    clone = type(ours).from_config(ours.get_config())
    assert type(clone) is type(ours) and clone.get_config() == ours.get_config()


@pytest.mark.parametrize("class_name", CLASS_NAMES)
def test_default_config_matches_keras(class_name):
    ours = getattr(optimizers, class_name)().get_config()
    theirs = getattr(keras.optimizers, class_name)().get_config()
    # Default names are numbered by session-wide counters (`adam_w_3`).
    assert re.sub(r"_\d+$", "", ours.pop("name")) == re.sub(r"_\d+$", "", theirs.pop("name"))
    assert ours == theirs


@pytest.mark.parametrize("case", CONFIG_CASES, ids=_optimizer_id)
def test_configs_load_across_libraries(case):
    class_name, kwargs = case
    theirs = getattr(keras.optimizers, class_name)(name="opt", **kwargs)
    ours = optimizers.deserialize(keras.optimizers.serialize(theirs))
    assert type(ours) is getattr(optimizers, class_name)
    assert ours.get_config() == theirs.get_config()
    if class_name == "Lamb":
        # Keras cannot deserialize its own Lamb configs (not in its name table).
        assert keras.optimizers.deserialize(keras.optimizers.serialize(theirs)) == "Lamb"
        return
    back = keras.optimizers.deserialize(optimizers.serialize(ours))
    assert back.get_config() == theirs.get_config()


@pytest.mark.parametrize(
    "identifier",
    [name.lower() for name in CLASS_NAMES if name != "Lamb"]
    + ["Adam", "RMSprop", "AdamW", "ADAMAX", "scheduleFreeAdamW"],
)
def test_get_by_name_matches_keras(identifier):
    ours, theirs = optimizers.get(identifier), keras.optimizers.get(identifier)
    assert type(ours).__name__ == type(theirs).__name__
    ours_config, theirs_config = ours.get_config(), theirs.get_config()
    ours_config.pop("name"), theirs_config.pop("name")
    assert ours_config == theirs_config


def test_lamb_by_name_works_unlike_keras():
    """Deliberate: Keras leaves `Lamb` out of its name table, so `get("lamb")` fails there."""
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier"):
        keras.optimizers.get("lamb")
    assert type(optimizers.get("lamb")) is optimizers.Lamb
    config = keras.optimizers.Lamb(name="opt").get_config()
    ours = optimizers.get("Lamb")
    assert ours.get_config() == {**config, "name": ours.name}


@pytest.mark.parametrize(
    "identifier", ["lossscaleoptimizer", "multioptimizer", "optimizermap", "nonexistent"]
)
def test_get_by_name_errors_match_keras(identifier):
    with pytest.raises(Exception) as expected:
        keras.optimizers.get(identifier)
    with pytest.raises(type(expected.value)):
        optimizers.get(identifier)


def test_keras_2_lr_argument_is_accepted_with_a_warning():
    """Deliberate: Keras 3 rejects `lr=`; kerastorch takes it as `learning_rate`, warning."""
    with pytest.raises(ValueError, match="not recognized"):
        keras.optimizers.Adam(lr=0.5)
    with pytest.warns(DeprecationWarning, match="`lr` argument is deprecated") as record:
        ours = optimizers.AdamW(lr=0.5, name="opt")
    assert record[0].filename == __file__
    assert ours.get_config() == keras.optimizers.AdamW(learning_rate=0.5, name="opt").get_config()


@pytest.mark.parametrize("class_name", CLASS_NAMES)
def test_argument_errors_match_keras(class_name):
    for kwargs in ({"betas": 0.9}, {"clipnorm": 1.0, "clipvalue": 1.0}):
        with pytest.raises(ValueError) as expected:
            getattr(keras.optimizers, class_name)(**kwargs)
        with pytest.raises(ValueError) as received:
            getattr(optimizers, class_name)(**kwargs)
        assert str(received.value) == str(expected.value)


@pytest.mark.parametrize(
    "class_name, kwargs",
    [
        ("AdamW", {"weight_decay": None}),
        ("Lion", {"beta_1": 0.0}),
        ("Lion", {"beta_1": 1.5}),
        ("Ftrl", {"initial_accumulator_value": -1.0}),
        ("Ftrl", {"learning_rate_power": 0.5}),
        ("Ftrl", {"l1_regularization_strength": -1.0}),
        ("Ftrl", {"l2_regularization_strength": -1.0}),
        ("Ftrl", {"l2_shrinkage_regularization_strength": -1.0}),
        ("SGD", {"momentum": 1.5}),
        ("Adam", {"learning_rate": 1}),
        ("Nadam", {"gradient_accumulation_steps": 1}),
        ("Adagrad", {"use_ema": True, "ema_momentum": 2.0}),
    ],
)
def test_specific_argument_errors_match_keras(class_name, kwargs):
    with pytest.raises(ValueError) as expected:
        getattr(keras.optimizers, class_name)(**kwargs)
    with pytest.raises(ValueError) as received:
        getattr(optimizers, class_name)(**kwargs)
    assert str(received.value) == str(expected.value)


def _without_modules(config):
    """A config without `module` and `registered_name` keys.

    Keras writes those of its torch backend classes (`torch_adam.Adam`, registered
    as `"Adam"`), kerastorch the public ones; both load in either library.
    """
    if isinstance(config, dict):
        return {
            k: _without_modules(v)
            for k, v in config.items()
            if k not in ("module", "registered_name")
        }
    if isinstance(config, (list, tuple)):
        return [_without_modules(v) for v in config]
    return config


# ------------------------------------------------------------ LossScaleOptimizer
def _loss_scale_pair(inner, inner_kwargs, **kwargs):
    ours, theirs = _variables()
    return (
        optimizers.LossScaleOptimizer(
            getattr(optimizers, inner)(learning_rate=0.05, name="inner", **inner_kwargs), **kwargs
        ),
        ours,
        keras.optimizers.LossScaleOptimizer(
            getattr(keras.optimizers, inner)(learning_rate=0.05, name="inner", **inner_kwargs),
            **kwargs,
        ),
        theirs,
    )


@pytest.mark.parametrize(
    "inner, inner_kwargs",
    [
        ("SGD", {"momentum": 0.9}),
        ("Adam", {}),
        ("Nadam", {"loss_scale_factor": 2.0}),
        ("Lamb", {"gradient_accumulation_steps": 2, "use_ema": True}),
    ],
    ids=["sgd", "adam", "nadam", "lamb_accumulation_ema"],
)
def test_loss_scale_optimizer_matches_keras(inner, inner_kwargs):
    optimizer, ours, keras_optimizer, theirs = _loss_scale_pair(
        inner, inner_kwargs, initial_scale=64.0, dynamic_growth_steps=2
    )
    assert float(optimizer.scale_loss(torch.tensor(1.5))) == float(
        keras_optimizer.scale_loss(torch.tensor(1.5))
    )
    grads_seq = _gradients(steps=9, scale=64.0)
    grads_seq[2][1][0] = np.inf
    grads_seq[5][3] = np.float32(np.nan)
    grads_seq[6][0][1, 1] = -np.inf
    for step, grads in enumerate(grads_seq):
        _apply_both(optimizer, ours, keras_optimizer, theirs, grads)
        _assert_same_variables(ours, theirs, f"step {step}")
        assert float(optimizer.scale_loss(torch.tensor(1.5))) == float(
            keras_optimizer.scale_loss(torch.tensor(1.5))
        )
        assert int(optimizer.iterations) == int(keras_optimizer.iterations)
    _assert_same_optimizer_state(optimizer, keras_optimizer)
    optimizer.finalize_variable_values(ours)
    keras_optimizer.finalize_variable_values(theirs)
    _assert_same_variables(ours, theirs)


def test_loss_scale_optimizer_learning_rate_and_config_match_keras():
    optimizer, ours, keras_optimizer, theirs = _loss_scale_pair(
        "Adam", {}, initial_scale=8.0, dynamic_growth_steps=10, name="scaled"
    )
    optimizer.learning_rate = 0.5
    keras_optimizer.learning_rate = 0.5
    for grads in _gradients(steps=3):
        _apply_both(optimizer, ours, keras_optimizer, theirs, grads)
    _assert_same_variables(ours, theirs)
    assert float(optimizer.learning_rate) == float(keras_optimizer.learning_rate)
    ours_config, theirs_config = optimizer.get_config(), keras_optimizer.get_config()
    assert _without_modules(ours_config) == _without_modules(theirs_config)
    clone = optimizers.LossScaleOptimizer.from_config(theirs_config)
    assert _without_modules(clone.get_config()) == _without_modules(theirs_config)
    back = keras.optimizers.deserialize(optimizers.serialize(optimizer))
    assert _without_modules(back.get_config()) == _without_modules(theirs_config)
    store = {}
    optimizer.save_own_variables(store)
    restored = optimizers.LossScaleOptimizer(optimizers.Adam())
    restored.build(_variables()[0])
    restored.load_own_variables(store)
    _assert_same_variables(restored.variables, keras_optimizer.variables)


@pytest.mark.parametrize(
    "kwargs", [{"dynamic": False}, {"clipnorm": 1.0}, {"use_ema": True}, {"foo": 1}]
)
def test_loss_scale_optimizer_errors_match_keras(kwargs):
    with pytest.raises(ValueError) as expected:
        keras.optimizers.LossScaleOptimizer(keras.optimizers.SGD(), **kwargs)
    with pytest.raises(ValueError) as received:
        optimizers.LossScaleOptimizer(optimizers.SGD(), **kwargs)
    assert str(received.value) == str(expected.value)


def test_loss_scale_optimizer_accepts_default_base_arguments_like_keras():
    kwargs = {"clipnorm": None, "use_ema": False, "ema_momentum": 0.99}
    keras.optimizers.LossScaleOptimizer(keras.optimizers.SGD(), **kwargs)
    optimizer = optimizers.LossScaleOptimizer(optimizers.SGD(loss_scale_factor=4.0), **kwargs)
    assert optimizer.inner_optimizer.loss_scale_factor is None


# --------------------------------------------------------------- MultiOptimizer
def _multi_pair(make_map, loss_scale_factor=None):
    ours, theirs = _variables()
    return (
        optimizers.MultiOptimizer(
            make_map(optimizers), loss_scale_factor=loss_scale_factor, name="multi"
        ),
        ours,
        keras.optimizers.MultiOptimizer(
            make_map(keras.optimizers), loss_scale_factor=loss_scale_factor, name="multi"
        ),
        theirs,
    )


def _optimizer_map(lib):
    return lib.OptimizerMap(
        default_optimizer=lib.SGD(learning_rate=0.05, momentum=0.9, name="sgd"),
        optimizer_map={
            "kernel": lib.Adam(learning_rate=0.05, name="adam"),
            "ga.*|sc.*": lib.Nadam(0.02, name="nadam"),
        },
    )


def _selector(lib):
    adam, lion = lib.Adam(learning_rate=0.05, use_ema=True), lib.Lion(learning_rate=0.01)

    def select(variable):
        return adam if len(variable.shape) >= 2 else lion

    return select


@pytest.mark.parametrize("make_map", [_optimizer_map, _selector], ids=["map", "callable"])
@pytest.mark.parametrize("loss_scale_factor", [None, 4.0])
def test_multi_optimizer_matches_keras(make_map, loss_scale_factor):
    optimizer, ours, keras_optimizer, theirs = _multi_pair(make_map, loss_scale_factor)
    for step, grads in enumerate(_gradients()):
        _apply_both(optimizer, ours, keras_optimizer, theirs, grads)
        _assert_same_variables(ours, theirs, f"step {step}")
    _assert_same_optimizer_state(optimizer, keras_optimizer)
    assert int(optimizer.iterations) == int(keras_optimizer.iterations) == 5
    assert [type(o).__name__ for o in optimizer.optimizers] == [
        type(o).__name__ for o in keras_optimizer.optimizers
    ]
    optimizer.finalize_variable_values(ours)
    keras_optimizer.finalize_variable_values(theirs)
    _assert_same_variables(ours, theirs)
    for target in (optimizer, keras_optimizer):
        with pytest.raises(AttributeError, match="cannot be accessed on a MultiOptimizer"):
            _ = target.learning_rate
        with pytest.raises(AttributeError, match="cannot be set on a MultiOptimizer"):
            target.learning_rate = 0.1


def test_multi_optimizer_config_and_weights_match_keras():
    optimizer, ours, keras_optimizer, theirs = _multi_pair(_optimizer_map, 2.0)
    for grads in _gradients(steps=2):
        _apply_both(optimizer, ours, keras_optimizer, theirs, grads)
    ours_config, theirs_config = optimizer.get_config(), keras_optimizer.get_config()
    assert _without_modules(ours_config) == _without_modules(theirs_config)
    clone = optimizers.MultiOptimizer.from_config(theirs_config)
    assert _without_modules(clone.get_config()) == _without_modules(theirs_config)
    restored, restored_vars = optimizers.MultiOptimizer(_optimizer_map(optimizers)), _variables()[0]
    restored.build(restored_vars)
    restored.set_weights([keras.ops.convert_to_numpy(v) for v in keras_optimizer.variables])
    _assert_same_variables(restored.variables, keras_optimizer.variables)


def test_optimizer_map_lookup_matches_keras():
    maps = []
    for lib in (optimizers, keras.optimizers):
        optimizer_map = lib.OptimizerMap(default_optimizer=lib.RMSprop(name="rms"))
        optimizer_map["encoder/layer_0/dense"] = lib.Adam(name="adam_exact")
        optimizer_map["encoder/.*"] = lib.SGD(name="sgd_encoder")
        optimizer_map["enc.*"] = lib.SGD(name="sgd_enc")
        optimizer_map["decoder"] = lib.Adam(name="adam_decoder")
        maps.append(optimizer_map)
    for key in ["decoder", "encoder/layer_0/dense", "decoder/layer_0/dense", "dense"]:
        assert maps[0][key].name == maps[1][key].name
    for optimizer_map in maps:
        with pytest.raises(ValueError, match="Multiple optimizers"):
            optimizer_map["encoder/x"]
    assert len(maps[0]) == len(maps[1]) == 4 and list(maps[0]) == list(maps[1])
    for lib, optimizer_map in zip((optimizers, keras.optimizers), maps):
        for key, value, match in [
            ("decoder", lib.SGD(), "already exists"),
            (3, lib.SGD(), "key must be a string"),
            ("x", "sgd", "must be a Keras Optimizer"),
            ("y", lib.LossScaleOptimizer(lib.SGD()), "cannot be LossScaleOptimizer"),
        ]:
            with pytest.raises(ValueError, match=match):
                optimizer_map[key] = value


# ------------------------------------------------------------- compile and fit
FIT_OPTIMIZERS = {
    "adamw": lambda lib: lib.optimizers.AdamW(learning_rate=0.01, weight_decay=0.05),
    "adamw_string": lambda lib: "adamw",
    "nadam": lambda lib: lib.optimizers.Nadam(learning_rate=0.01),
    "adagrad": lambda lib: lib.optimizers.Adagrad(learning_rate=0.1, clipnorm=1.0),
    "adamax_string": lambda lib: "adamax",
    "lion": lambda lib: lib.optimizers.Lion(learning_rate=0.003, global_clipnorm=1.0),
    "lamb": lambda lib: lib.optimizers.Lamb(learning_rate=0.01),
    "ftrl": lambda lib: lib.optimizers.Ftrl(learning_rate=0.5, l1_regularization_strength=1e-3),
    "adadelta": lambda lib: lib.optimizers.Adadelta(learning_rate=1.0),
    "adafactor": lambda lib: lib.optimizers.Adafactor(learning_rate=0.01),
    "muon": lambda lib: lib.optimizers.Muon(learning_rate=0.01),
}


@pytest.mark.parametrize("optimizer", sorted(FIT_OPTIMIZERS))
def test_fit_matches_keras(optimizer):
    from tests.compat.twins import assert_same_weights, classification_data, mlp_pair

    x, y = classification_data()
    keras_model, kt_model = mlp_pair(keras)
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        model.compile(
            optimizer=FIT_OPTIMIZERS[optimizer](lib),
            loss="sparse_categorical_crossentropy",
            metrics=["accuracy"],
        )
    expected = keras_model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
    received = kt_model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
    assert list(received.history) == list(expected.history)
    for key in expected.history:
        np.testing.assert_allclose(
            received.history[key], expected.history[key], rtol=1e-4, atol=1e-6, err_msg=key
        )
    assert_same_weights(keras_model, kt_model, rtol=1e-4, atol=1e-6)
    assert type(kt_model.optimizer).__name__ == type(keras_model.optimizer).__name__
    assert int(kt_model.optimizer.iterations) == int(keras_model.optimizer.iterations)


# ---------------------------------------------------------------- public names
def test_every_public_keras_optimizer_name_exists():
    public = [name for name in dir(keras.optimizers) if not name.startswith("_")]
    missing = [name for name in public if not hasattr(optimizers, name)]
    assert missing == []
    assert hasattr(optimizers, "schedules")


def test_legacy_optimizers_raise_like_keras():
    for name in [n for n in dir(keras.optimizers.legacy) if not n.startswith("_")]:
        with pytest.raises(ImportError) as expected:
            getattr(keras.optimizers.legacy, name)()
        with pytest.raises(ImportError, match="not supported in Keras 3"):
            getattr(optimizers.legacy, name)()
        assert "keras.optimizers.legacy" in str(expected.value)


def test_variable_names_follow_keras_paths():
    """Slots are named after the variable's `path` when it has one, as in Keras."""
    ours = _variables()[0]
    ours[0].path = "dense/kernel"
    keras_layer = keras.layers.Dense(3, name="dense")
    keras_layer.build((None, 4))
    optimizer, keras_optimizer = optimizers.Adam(name="adam"), keras.optimizers.Adam(name="adam")
    optimizer.build(ours[:1])
    keras_optimizer.build([keras_layer.kernel])
    assert [v.name for v in optimizer.variables] == [v.name for v in keras_optimizer.variables]
    assert [v.path for v in optimizer.variables] == [v.path for v in keras_optimizer.variables]
