"""Unit tests every built-in optimizer passes, and each optimizer's own behaviour.

The numbers are compared with Keras's in `tests/compat/test_optimizers_compat.py`;
these tests need only kerastorch.
"""

import copy
import warnings

import numpy as np
import pytest
import torch

from kerastorch import api_export, optimizers
from kerastorch.optimizers import schedules
from kerastorch.optimizers.optimizer_variable import OptimizerVariable

SHAPES = [(5, 3), (3,), (2, 4, 3), ()]
NAMES = ("kernel", "bias", "gamma", "scale")

# Each class with a learning rate that makes its steps visible.
CASES = [
    ("SGD", {"learning_rate": 0.05, "momentum": 0.9}),
    ("Adam", {"learning_rate": 0.05}),
    ("RMSprop", {"learning_rate": 0.01}),
    ("AdamW", {"learning_rate": 0.05, "weight_decay": 0.01}),
    ("Adamax", {"learning_rate": 0.05}),
    ("Nadam", {"learning_rate": 0.05}),
    ("Adagrad", {"learning_rate": 0.2}),
    ("Adadelta", {"learning_rate": 50.0}),
    ("Ftrl", {"learning_rate": 0.5, "l1_regularization_strength": 1e-3}),
    ("Lion", {"learning_rate": 0.02}),
    ("Lamb", {"learning_rate": 0.05}),
    ("Adafactor", {"learning_rate": 0.1}),
    ("Muon", {"learning_rate": 0.05}),
    ("ScheduleFreeAdamW", {"learning_rate": 0.05}),
]
CLASS_NAMES = [name for name, _ in CASES]


def _case_id(case):
    return case[0]


def _parameters(dtype=torch.float32, seed=0, shapes=SHAPES):
    generator = torch.Generator().manual_seed(seed)
    parameters = []
    for shape, name in zip(shapes, NAMES):
        parameter = torch.nn.Parameter(torch.randn(shape, generator=generator, dtype=dtype))
        parameter.keras_name = name
        parameters.append(parameter)
    return parameters


def _gradients(parameters, steps=4, seed=1):
    generator = torch.Generator().manual_seed(seed)
    return [
        [torch.randn(p.shape, generator=generator, dtype=p.dtype) for p in parameters]
        for _ in range(steps)
    ]


def _clones(parameters):
    clones = []
    for parameter in parameters:
        clone = torch.nn.Parameter(parameter.detach().clone())
        clone.keras_name = parameter.keras_name
        clones.append(clone)
    return clones


class _ConstantSchedule(schedules.LearningRateSchedule):
    def __init__(self, value):
        self.value = value

    def __call__(self, step):
        return self.value + 0.0 * step

    def get_config(self):
        return {"value": self.value}


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_training_reduces_a_quadratic_loss(case):
    class_name, kwargs = case
    parameters = _parameters()
    targets = [torch.full_like(p, 0.5) for p in parameters]

    def loss():
        return sum(((p - t) ** 2).sum() for p, t in zip(parameters, targets))

    optimizer = getattr(optimizers, class_name)(**kwargs)
    initial = float(loss())
    for _ in range(30):
        value = loss()
        grads = torch.autograd.grad(value, parameters)
        optimizer.apply(grads, parameters)
    assert float(loss()) < 0.7 * initial
    assert int(optimizer.iterations) == 30


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_schedule_learning_rate_gives_the_float_updates(case):
    class_name, kwargs = case
    kwargs = {**kwargs, "weight_decay": 0.1}
    value = kwargs.pop("learning_rate")
    with_float, with_schedule = _parameters(), _parameters()
    by_float = getattr(optimizers, class_name)(learning_rate=value, **kwargs)
    by_schedule = getattr(optimizers, class_name)(learning_rate=_ConstantSchedule(value), **kwargs)
    for grads in _gradients(with_float):
        by_float.apply(grads, with_float)
        by_schedule.apply(grads, with_schedule)
    for mine, reference in zip(with_schedule, with_float):
        torch.testing.assert_close(mine, reference)


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_float64_variables_keep_their_dtype_and_mixed_groups_match(case):
    class_name, kwargs = case
    single, double = _parameters(), _parameters(dtype=torch.float64, seed=2)
    joint = _clones(single) + _clones(double)
    separate = [getattr(optimizers, class_name)(**kwargs) for _ in range(2)]
    together = getattr(optimizers, class_name)(**kwargs)
    for grads, grads64 in zip(_gradients(single), _gradients(double, seed=3)):
        separate[0].apply(grads, single)
        separate[1].apply(grads64, double)
        together.apply(grads + grads64, joint)
    for mine, reference in zip(joint, single + double):
        assert mine.dtype == reference.dtype
        torch.testing.assert_close(mine, reference)
    for slots in together._slots.values():
        for slot, variable in zip(slots, joint):
            if slot is not None and slot.dtype.is_floating_point:
                assert slot.dtype == variable.dtype


_HOST_READS = ("item", "tolist", "numpy", "cpu", "__float__", "__int__", "__bool__", "__index__")


@pytest.mark.parametrize(
    "extra",
    [
        {"weight_decay": 0.01, "clipnorm": 1.0},
        {"learning_rate": _ConstantSchedule(0.01), "global_clipnorm": 1.0},
        {"use_ema": True, "ema_overwrite_frequency": 2, "gradient_accumulation_steps": 2},
    ],
    ids=["decay_clip", "schedule", "ema_accumulation"],
)
@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_apply_reads_nothing_back_from_the_device(monkeypatch, case, extra):
    class_name, kwargs = case
    parameters = _parameters()
    optimizer = getattr(optimizers, class_name)(**{**kwargs, **extra})
    optimizer.build(parameters)
    grads_seq = _gradients(parameters)

    def host_read(*args, **kwargs):
        raise AssertionError("a tensor was read on the host during `apply`")

    with monkeypatch.context() as patch:
        for name in _HOST_READS:
            patch.setattr(torch.Tensor, name, host_read)
        for grads in grads_seq:
            optimizer.apply(grads, parameters)
    assert int(optimizer._iterations) == 4


@pytest.mark.parametrize("restore", ["load_own_variables", "set_weights"])
@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_restored_state_continues_the_same_trajectory(case, restore):
    class_name, kwargs = case
    parameters = _parameters()
    grads_seq = _gradients(parameters, steps=6)
    reference, reference_parameters = getattr(optimizers, class_name)(**kwargs), _clones(parameters)
    restored, restored_parameters = getattr(optimizers, class_name)(**kwargs), _clones(parameters)
    for grads in grads_seq[:3]:
        reference.apply(grads, reference_parameters)
    restored.build(restored_parameters)
    if restore == "set_weights":
        restored.set_weights([v.detach().clone() for v in reference.variables])
    else:
        store = {}
        reference.save_own_variables(store)
        restored.load_own_variables(store)
    with torch.no_grad():
        torch._foreach_copy_(restored_parameters, reference_parameters)
    for grads in grads_seq[3:]:
        reference.apply(grads, reference_parameters)
        restored.apply(grads, restored_parameters)
    for mine, theirs in zip(restored_parameters, reference_parameters):
        torch.testing.assert_close(mine, theirs)


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_config_round_trips_and_names_resolve(case):
    class_name, kwargs = case
    cls = getattr(optimizers, class_name)
    optimizer = cls(clipvalue=0.5, use_ema=True, **kwargs)
    clone = cls.from_config(optimizer.get_config())
    assert type(clone) is cls and clone.get_config() == optimizer.get_config()
    serialized = optimizers.serialize(optimizer)
    assert serialized["module"] == "keras.optimizers" and serialized["class_name"] == class_name
    assert optimizers.deserialize(serialized).get_config() == optimizer.get_config()
    assert type(optimizers.get(class_name.lower())) is cls
    assert type(optimizers.get(class_name.upper())) is cls
    assert api_export.lookup(f"keras.optimizers.{class_name}") is cls


@pytest.mark.parametrize("class_name", CLASS_NAMES)
def test_keras_2_lr_warning_points_at_the_caller(class_name):
    with pytest.warns(DeprecationWarning, match="`lr` argument is deprecated") as record:
        optimizer = getattr(optimizers, class_name)(lr=0.25)
    assert record[0].filename == __file__
    assert optimizer.get_config()["learning_rate"] == 0.25


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_state_is_keras_variables(case):
    class_name, kwargs = case
    parameters = _parameters()
    optimizer = getattr(optimizers, class_name)(name="opt", **kwargs)
    optimizer.build(parameters)
    assert all(isinstance(v, OptimizerVariable) for v in optimizer.variables)
    assert all(v.path == f"opt/{v.name}" for v in optimizer.variables)
    assert all(not v.requires_grad for v in optimizer.variables)
    optimizer.iterations.assign(10)
    optimizer.learning_rate.assign(0.5)
    optimizer.apply(_gradients(parameters, steps=1)[0], parameters)
    assert int(optimizer.iterations) == 11 and optimizer._local_step == 12
    assert optimizer.get_config()["learning_rate"] == 0.5
    clone = copy.deepcopy(optimizer)
    assert [v.name for v in clone.variables] == [v.name for v in optimizer.variables]
    assert all(v is not w for v, w in zip(clone.variables, optimizer.variables))


SLOT_NAMES = {
    "AdamW": ["kernel_momentum", "kernel_velocity", "bias_momentum", "bias_velocity"],
    "Adamax": ["kernel_momentum", "kernel_norm", "bias_momentum", "bias_norm"],
    "Nadam": ["kernel_momentum", "kernel_velocity", "bias_momentum", "bias_velocity", "variable"],
    "Adagrad": ["kernel_accumulator", "bias_accumulator"],
    "Adadelta": [
        "kernel_accumulated_grad",
        "kernel_accumulated_delta_var",
        "bias_accumulated_grad",
        "bias_accumulated_delta_var",
    ],
    "Ftrl": ["kernel_accumulator", "kernel_linear", "bias_accumulator", "bias_linear"],
    "Lion": ["kernel_momentum", "bias_momentum"],
    "Lamb": ["kernel_momentum", "kernel_velocity", "bias_momentum", "bias_velocity"],
    "Adafactor": ["kernel", "kernel", "kernel_velocity", "bias", "bias", "bias_velocity"],
    "Muon": ["kernel_momentum", "bias_momentum", "bias_velocity"],
    "ScheduleFreeAdamW": ["kernel_momentum", "kernel_velocity", "bias_momentum", "bias_velocity"],
}


@pytest.mark.parametrize("class_name", sorted(SLOT_NAMES))
def test_variables_are_in_keras_order(class_name):
    optimizer = getattr(optimizers, class_name)()
    optimizer.build(_parameters(shapes=[(5, 3), (3,)]))
    names = [v.name for v in optimizer.variables]
    names[-1] = "variable" if names[-1].startswith("variable") else names[-1]
    assert names == ["iteration", "learning_rate"] + SLOT_NAMES[class_name]


@pytest.mark.parametrize(
    "class_name, kwargs, match",
    [
        ("AdamW", {"weight_decay": None}, "weight_decay"),
        ("Lion", {"beta_1": 0.0}, "beta_1"),
        ("Ftrl", {"initial_accumulator_value": -0.1}, "initial_accumulator_value"),
        ("Ftrl", {"learning_rate_power": 0.1}, "learning_rate_power"),
        ("Ftrl", {"l2_shrinkage_regularization_strength": -1.0}, "l2_shrinkage"),
        ("Nadam", {"nesterov": True}, "not recognized"),
    ],
)
def test_invalid_arguments(class_name, kwargs, match):
    with pytest.raises(ValueError, match=match):
        getattr(optimizers, class_name)(**kwargs)


def test_adamw_is_adam_with_decoupled_decay():
    decayed, plain = _parameters(), _parameters()
    adamw = optimizers.AdamW(learning_rate=0.1, weight_decay=0.5)
    adam = optimizers.Adam(learning_rate=0.1)
    for grads in _gradients(decayed, steps=1):
        adamw.apply(grads, decayed)
        with torch.no_grad():
            torch._foreach_mul_(plain, 1 - 0.5 * 0.1)
        adam.apply(grads, plain)
    for mine, reference in zip(decayed, plain):
        torch.testing.assert_close(mine, reference)


def test_lion_moves_each_weight_by_the_learning_rate():
    parameter = torch.nn.Parameter(torch.zeros(4))
    optimizers.Lion(learning_rate=0.1).apply([torch.tensor([3.0, -0.2, 0.0, 1e-8])], [parameter])
    torch.testing.assert_close(parameter.detach(), torch.tensor([-0.1, 0.1, 0.0, -0.1]))


def test_ftrl_l1_zeroes_small_weights():
    parameter = torch.nn.Parameter(torch.ones(3))
    optimizer = optimizers.Ftrl(learning_rate=0.1, l1_regularization_strength=1.0)
    optimizer.apply([torch.tensor([0.5, 3.0, -0.1])], [parameter])
    # linear = g - (sqrt(0.1 + g**2) - sqrt(0.1)) / lr; |linear| <= l1 gives exactly 0.
    linear = optimizer._linears[0]
    assert torch.equal(parameter.detach() == 0, linear.abs() <= 1.0)


def test_adafactor_factors_the_last_two_axes():
    parameters = _parameters()
    optimizer = optimizers.Adafactor()
    optimizer.build(parameters)
    assert [tuple(r.shape) for r in optimizer._r] == [(5,), (), (2, 4), ()]
    assert [tuple(c.shape) for c in optimizer._c] == [(3,), (), (2, 3), ()]
    assert optimizer._r[1].dtype == torch.int32
    optimizer.apply(_gradients(parameters, steps=1)[0], parameters)
    velocity = optimizer._v[2]
    expected = (optimizer._r[2] / optimizer._r[2].mean(-1, keepdim=True)).unsqueeze(-1)
    torch.testing.assert_close(velocity, expected * optimizer._c[2].unsqueeze(-2))


def test_nadam_keeps_the_momentum_schedule_product():
    parameters = _parameters()
    optimizer = optimizers.Nadam()
    for grads in _gradients(parameters, steps=3):
        optimizer.apply(grads, parameters)
    expected = np.prod([0.9 * (1 - 0.5 * 0.96**t) for t in (1, 2, 3)])
    np.testing.assert_allclose(float(optimizer._u_product), expected, rtol=1e-6)
    optimizer._u_product.assign(1.0)
    optimizer.apply(_gradients(parameters, steps=1)[0], parameters)
    np.testing.assert_allclose(float(optimizer._u_product), 0.9 * (1 - 0.5 * 0.96**4), rtol=1e-6)


def test_schedule_free_adamw_follows_its_formula():
    parameters = _parameters(dtype=torch.float64)
    weights = [p.detach().numpy().copy() for p in parameters]
    z = [w.copy() for w in weights]
    v = [np.zeros_like(w) for w in weights]
    lr, beta_1, beta_2, eps, warmup = 0.125, 0.8, 0.99, 1e-8, 2  # lr exact in float32
    optimizer = optimizers.ScheduleFreeAdamW(
        learning_rate=lr, beta_1=beta_1, beta_2=beta_2, epsilon=eps, warmup_steps=warmup
    )
    optimizer.build(parameters)
    assert all(torch.equal(m, p) for m, p in zip(optimizer._momentums, parameters))
    for t, grads in enumerate(_gradients(parameters), start=1):
        optimizer.apply(grads, parameters)
        lr_t = lr * min(t / warmup, 1.0)
        for i, g in enumerate(grads):
            g = g.numpy()
            v[i] = v[i] + (g**2 - v[i]) * (1 - beta_2)
            z_new = z[i] - lr_t * g / (np.sqrt(v[i] / (1 - beta_2**t)) + eps)
            x = (weights[i] - (1 - beta_1) * z[i]) / beta_1
            x = (1 - 1 / t) * x + z_new / t
            weights[i] = (1 - beta_1) * z_new + beta_1 * x
            z[i] = z_new
        for parameter, expected in zip(parameters, weights):
            np.testing.assert_allclose(parameter.detach().numpy(), expected, rtol=1e-10)


def _with_paths(parameters, paths):
    for parameter, path in zip(parameters, paths):
        parameter.path = path
    return parameters


def test_muon_chooses_adamw_for_non_matrices_embeddings_and_excluded_layers():
    shapes = [(4, 3), (4, 3), (4, 3), (3,)]
    parameters = _with_paths(
        _parameters(shapes=shapes),
        ["dense/kernel", "token_embedding/embeddings", "head/kernel", "dense/bias"],
    )
    optimizer = optimizers.Muon(exclude_layers=["^head"])
    optimizer.build(parameters)
    assert [v is None for v in optimizer.adam_velocities] == [True, False, False, False]
    assert optimizer.variables[2].name == "dense_kernel_momentum"
    keep = optimizers.Muon(exclude_embeddings=False)
    keep.build(parameters)
    assert [v is None for v in keep.adam_velocities] == [True, True, True, False]


def test_muon_orthogonalizes_the_momentum_and_decays_each_kind_at_its_rate():
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(8, 5, generator=generator)
    orthogonal = optimizers.Muon().zeropower_via_newtonschulz5(x, 5)
    assert orthogonal.shape == x.shape
    singular_values = torch.linalg.svdvals(orthogonal)
    assert bool((singular_values > 0.5).all() and (singular_values < 1.5).all())
    with pytest.raises(ValueError, match="at least 2 dimensions"):
        optimizers.Muon().zeropower_via_newtonschulz5(torch.ones(3), 5)

    matrix, vector = _parameters(shapes=[(4, 3), (3,)])
    before = [matrix.detach().clone(), vector.detach().clone()]
    optimizer = optimizers.Muon(learning_rate=0.5, weight_decay=0.2, adam_weight_decay=0.1)
    optimizer.apply([torch.zeros(4, 3), torch.zeros(3)], [matrix, vector])
    torch.testing.assert_close(matrix.detach(), before[0] * (1 - 0.2 * 0.5))
    torch.testing.assert_close(vector.detach(), before[1] * (1 - 0.1 * 0.5))


def test_optimizer_variable_methods():
    optimizer = optimizers.SGD(name="sgd_opt")
    assert optimizer.iterations.name == "iteration"
    assert optimizer.iterations.path == "sgd_opt/iteration"
    assert isinstance(optimizer.iterations.assign(3), OptimizerVariable)
    optimizer.iterations.assign_add(2)
    optimizer.learning_rate.assign_sub(0.005)
    assert int(optimizer.iterations) == 5
    np.testing.assert_allclose(float(optimizer.learning_rate), 0.005)
    assert type(optimizer.iterations + 1) is torch.Tensor
    unnamed = optimizer.add_variable((2,))
    assert unnamed.name.startswith("variable")


def test_legacy_optimizers_raise_an_import_error():
    for name in ["Adagrad", "Adam", "Ftrl", "Optimizer", "RMSprop", "SGD"]:
        with pytest.raises(ImportError, match="not supported in Keras 3"):
            getattr(optimizers.legacy, name)(learning_rate=0.1)
    assert api_export.lookup("keras.optimizers.legacy.Adam") is optimizers.legacy.Adam
    assert optimizers.deserialize({"module": "keras.src.x", "class_name": "Adam", "config": {}})


def test_unknown_names_raise_like_keras():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="Could not interpret optimizer identifier: lamb2"):
            optimizers.get("lamb2")
