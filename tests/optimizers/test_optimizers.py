"""Unit tests of the optimizer base, SGD, Adam, RMSprop and the schedule base."""

import numpy as np
import pytest
import torch

from kerastorch import api_export, optimizers
from kerastorch.optimizers import schedules

SHAPES = [(5, 3), (3,), ()]


def _parameters(shapes=SHAPES, names=("kernel", "bias", "scale"), dtype=torch.float32, seed=0):
    generator = torch.Generator().manual_seed(seed)
    parameters = []
    for shape, name in zip(shapes, names):
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


def _reference(class_name, kwargs, weights, grads_seq, learning_rate):
    """The Keras update rules in float64 numpy; returns the weights after each step."""
    weights = [w.detach().numpy().astype("float64") for w in weights]
    state = [{} for _ in weights]
    history = []
    for t, grads in enumerate(grads_seq, start=1):
        for w, g, s in zip(weights, grads, state):
            g = g.numpy().astype("float64")
            if class_name == "SGD":
                momentum = kwargs.get("momentum", 0.0)
                if momentum == 0:
                    w -= learning_rate * g
                    continue
                s["m"] = momentum * s.get("m", 0.0) - learning_rate * g
                if kwargs.get("nesterov"):
                    w += momentum * s["m"] - learning_rate * g
                else:
                    w += s["m"]
            elif class_name == "Adam":
                b1, b2 = kwargs.get("beta_1", 0.9), kwargs.get("beta_2", 0.999)
                s["m"] = s.get("m", 0.0) + (g - s.get("m", 0.0)) * (1 - b1)
                s["v"] = s.get("v", 0.0) + (g**2 - s.get("v", 0.0)) * (1 - b2)
                v = s["v"]
                if kwargs.get("amsgrad"):
                    s["v_hat"] = v = np.maximum(s.get("v_hat", 0.0), s["v"])
                alpha = learning_rate * np.sqrt(1 - b2**t) / (1 - b1**t)
                w -= alpha * s["m"] / (np.sqrt(v) + kwargs.get("epsilon", 1e-7))
            else:
                rho, momentum = kwargs.get("rho", 0.9), kwargs.get("momentum", 0.0)
                s["v"] = rho * s.get("v", 0.0) + (1 - rho) * g**2
                denominator = s["v"] + kwargs.get("epsilon", 1e-7)
                if kwargs.get("centered"):
                    s["a"] = rho * s.get("a", 0.0) + (1 - rho) * g
                    denominator = denominator - s["a"] ** 2
                increment = learning_rate * g / np.sqrt(denominator)
                if momentum > 0:
                    s["mo"] = momentum * s.get("mo", 0.0) + increment
                    w -= s["mo"]
                else:
                    w -= increment
        history.append([w.copy() for w in weights])
    return history


CASES = [
    ("SGD", {}),
    ("SGD", {"momentum": 0.9}),
    ("SGD", {"momentum": 0.5, "nesterov": True}),
    ("Adam", {}),
    ("Adam", {"amsgrad": True, "beta_1": 0.8, "epsilon": 1e-3}),
    ("RMSprop", {}),
    ("RMSprop", {"centered": True}),
    ("RMSprop", {"momentum": 0.9, "rho": 0.8}),
    ("RMSprop", {"centered": True, "momentum": 0.5}),
]


def _case_id(case):
    return case[0] + "".join(f"-{k}={v}" for k, v in case[1].items())


def _assert_close(parameters, expected):
    for parameter, value in zip(parameters, expected):
        np.testing.assert_allclose(parameter.detach().numpy(), value, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_updates_follow_keras_rules(case):
    class_name, kwargs = case
    parameters = _parameters()
    grads_seq = _gradients(parameters)
    expected = _reference(class_name, kwargs, parameters, grads_seq, 0.05)
    optimizer = getattr(optimizers, class_name)(learning_rate=0.05, **kwargs)
    for grads, values in zip(grads_seq, expected):
        optimizer.apply(grads, parameters)
        _assert_close(parameters, values)


class _ConstantSchedule(schedules.LearningRateSchedule):
    def __init__(self, value):
        self.value = value

    def __call__(self, step):
        return self.value + 0.0 * step

    def get_config(self):
        return {"value": self.value}


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_tensor_learning_rate_from_schedule_gives_the_same_updates(case):
    class_name, kwargs = case
    parameters = _parameters()
    grads_seq = _gradients(parameters)
    expected = _reference(class_name, kwargs, parameters, grads_seq, 0.05)
    optimizer = getattr(optimizers, class_name)(learning_rate=_ConstantSchedule(0.05), **kwargs)
    for grads, values in zip(grads_seq, expected):
        optimizer.apply(grads, parameters)
        _assert_close(parameters, values)


@pytest.mark.parametrize(
    "class_name, kwargs, names",
    [
        ("SGD", {}, ["iteration", "learning_rate"]),
        (
            "SGD",
            {"momentum": 0.9},
            ["iteration", "learning_rate", "kernel_momentum", "bias_momentum"],
        ),
        (
            "Adam",
            {"amsgrad": True},
            [
                "iteration",
                "learning_rate",
                "kernel_momentum",
                "kernel_velocity",
                "bias_momentum",
                "bias_velocity",
                "kernel_velocity_hat",
                "bias_velocity_hat",
            ],
        ),
        (
            "RMSprop",
            {"centered": True, "momentum": 0.5, "use_ema": True},
            [
                "iteration",
                "learning_rate",
                "kernel_average",
                "bias_average",
                "kernel_velocity",
                "bias_velocity",
                "kernel_momentum",
                "bias_momentum",
                "kernel_average_gradient",
                "bias_average_gradient",
            ],
        ),
    ],
)
def test_variables_are_in_keras_order(class_name, kwargs, names):
    parameters = _parameters(shapes=[(5, 3), (3,)])
    optimizer = getattr(optimizers, class_name)(**kwargs)
    optimizer.build(parameters)
    assert [v.keras_name for v in optimizer.variables] == names
    assert [tuple(v.shape) for v in optimizer.variables[-2:]] == (
        [(), ()] if len(names) == 2 else [(5, 3), (3,)]
    )
    assert all(not v.requires_grad for v in optimizer.variables)


def test_schedule_has_no_learning_rate_variable():
    optimizer = optimizers.Adam(learning_rate=_ConstantSchedule(0.1))
    optimizer.build(_parameters())
    assert [v.keras_name for v in optimizer.variables[:2]] == ["iteration", "kernel_momentum"]


def test_slots_follow_each_variable_dtype_and_memory_layout():
    kernel = torch.nn.Parameter(torch.randn(2, 3, 4, 5).to(memory_format=torch.channels_last))
    double = torch.nn.Parameter(torch.randn(3, dtype=torch.float64))
    optimizer = optimizers.Adam()
    optimizer.build([kernel, double])
    momentum, velocity = optimizer._momentums[0], optimizer._velocities[1]
    assert momentum.is_contiguous(memory_format=torch.channels_last)
    assert velocity.dtype == torch.float64
    assert optimizer.iterations.dtype == torch.int64 and optimizer.iterations.shape == ()


def test_mixed_dtypes_are_updated_as_separate_groups():
    single, double = _parameters(dtype=torch.float32), _parameters(dtype=torch.float64, seed=0)
    joint_single, joint_double = (
        [p.detach().clone() for p in single],
        [p.detach().clone() for p in double],
    )
    joint = [torch.nn.Parameter(p) for p in joint_single + joint_double]
    separate = (optimizers.Adam(learning_rate=0.1), optimizers.Adam(learning_rate=0.1))
    together = optimizers.Adam(learning_rate=0.1)
    for grads in _gradients(single):
        grads64 = [g.double() for g in grads]
        separate[0].apply(grads, single)
        separate[1].apply(grads64, double)
        together.apply(grads + grads64, joint)
    for mine, reference in zip(joint, single + double):
        torch.testing.assert_close(mine, reference)


def test_iterations_count_applies_and_accumulated_updates():
    parameters = _parameters()
    optimizer = optimizers.SGD(gradient_accumulation_steps=3)
    before = [p.detach().clone() for p in parameters]
    for step, grads in enumerate(_gradients(parameters, steps=3)):
        optimizer.apply(grads, parameters)
        if step < 2:
            assert all(torch.equal(p, b) for p, b in zip(parameters, before))
    assert int(optimizer._iterations) == 3 and int(optimizer.iterations) == 1
    assert not all(torch.equal(p, b) for p, b in zip(parameters, before))


_HOST_READS = ("item", "tolist", "numpy", "cpu", "__float__", "__int__", "__bool__", "__index__")


@pytest.mark.parametrize(
    "class_name, kwargs",
    [
        ("Adam", {"weight_decay": 0.01}),
        ("Adam", {"learning_rate": _ConstantSchedule(0.01), "weight_decay": 0.01, "clipnorm": 1.0}),
        ("SGD", {"momentum": 0.9, "nesterov": True, "global_clipnorm": 1.0}),
        ("RMSprop", {"centered": True, "momentum": 0.5, "clipvalue": 0.1}),
        ("Adam", {"use_ema": True, "ema_overwrite_frequency": 2, "gradient_accumulation_steps": 2}),
        ("SGD", {"loss_scale_factor": 8.0}),
    ],
)
def test_apply_reads_nothing_back_from_the_device(monkeypatch, class_name, kwargs):
    parameters = _parameters()
    optimizer = getattr(optimizers, class_name)(**kwargs)
    optimizer.build(parameters)

    def host_read(*args, **kwargs):
        raise AssertionError("a tensor was read on the host during `apply`")

    with monkeypatch.context() as patch:
        for name in _HOST_READS:
            patch.setattr(torch.Tensor, name, host_read)
        for grads in _gradients(parameters):
            optimizer.apply(grads, parameters)
    assert int(optimizer._iterations) == 4


def test_learning_rate_property_and_setter():
    parameters = _parameters()
    optimizer = optimizers.SGD(learning_rate=0.5)
    learning_rate = optimizer.learning_rate
    assert learning_rate is optimizer.variables[1]
    assert float(learning_rate) == pytest.approx(0.5)
    optimizer.learning_rate = 0.25
    assert float(learning_rate) == pytest.approx(0.25)

    before = [p.detach().clone() for p in parameters]
    grads = _gradients(parameters, steps=1)[0]
    optimizer.learning_rate = torch.tensor(0.125)
    optimizer.apply(grads, parameters)
    for p, b, g in zip(parameters, before, grads):
        torch.testing.assert_close(p.detach(), b - 0.125 * g)

    optimizer.learning_rate = _ConstantSchedule(0.1)
    assert len(optimizer.variables) == 1
    assert float(optimizer.learning_rate) == pytest.approx(0.1)
    with pytest.raises(TypeError, match="not settable"):
        optimizer.learning_rate = 0.1


def test_callable_learning_rate():
    parameters = [torch.nn.Parameter(torch.ones(2))]
    optimizer = optimizers.SGD(learning_rate=lambda: 0.5)
    optimizer.apply([torch.ones(2)], parameters)
    torch.testing.assert_close(parameters[0].detach(), torch.full((2,), 0.5))


def _clones(parameters):
    return [torch.nn.Parameter(p.detach().clone()) for p in parameters]


@pytest.mark.parametrize("restore", ["load_own_variables", "set_weights"])
def test_state_changed_outside_apply_is_picked_up(restore):
    parameters = _parameters()
    grads_seq = _gradients(parameters, steps=6)
    reference, reference_parameters = optimizers.Adam(learning_rate=0.1), _clones(parameters)
    restored, restored_parameters = optimizers.Adam(learning_rate=0.7), _clones(parameters)
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
        for mine, theirs in zip(restored_parameters, reference_parameters):
            mine.copy_(theirs)
    assert restored.get_config()["learning_rate"] == pytest.approx(0.1)
    for grads in grads_seq[3:]:
        reference.apply(grads, reference_parameters)
        restored.apply(grads, restored_parameters)
    for mine, theirs in zip(restored_parameters, reference_parameters):
        torch.testing.assert_close(mine, theirs)

    reference.iterations.fill_(100)
    reference.apply(grads_seq[0], reference_parameters)
    assert int(reference.iterations) == 101 and reference._step == 101


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"learning_rate": 1}, ValueError, "should be float"),
        ({"learning_rate": 0.1, "betas": 0.9}, ValueError, "not recognized"),
        ({"clipnorm": 1.0, "clipvalue": 1.0}, ValueError, "Only one of"),
        ({"gradient_accumulation_steps": 1}, ValueError, "gradient_accumulation_steps"),
        ({"use_ema": True, "ema_momentum": 1.5}, ValueError, "ema_momentum"),
        ({"use_ema": True, "ema_overwrite_frequency": 0.5}, ValueError, "ema_overwrite_frequency"),
        ({"momentum": 1}, ValueError, "momentum"),
        ({"momentum": 1.5}, ValueError, "momentum"),
    ],
)
def test_invalid_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        optimizers.SGD(**kwargs)


def test_keras_2_arguments():
    with pytest.warns(DeprecationWarning, match="`lr` argument is deprecated"):
        optimizer = optimizers.Adam(lr=0.5)
    assert optimizer.get_config()["learning_rate"] == 0.5
    with pytest.warns(UserWarning, match="`decay` is no longer supported"):
        optimizers.Adam(decay=0.1)


def test_missing_gradients_skip_their_variables():
    parameters = _parameters()
    optimizer = optimizers.Adam(learning_rate=0.1)
    before = parameters[1].detach().clone()
    grads = _gradients(parameters, steps=1)[0]
    with pytest.warns(UserWarning, match=r"Gradients do not exist for variables \['bias'\]"):
        optimizer.apply([grads[0], None, grads[2]], parameters)
    assert torch.equal(parameters[1], before)
    assert not optimizer._momentums[1].any() and optimizer._momentums[0].any()
    with pytest.raises(ValueError, match="No gradients provided"):
        optimizer.apply([None, None, None], parameters)


def test_apply_checks_its_arguments():
    parameters = _parameters()
    grads = _gradients(parameters, steps=1)[0]
    optimizer = optimizers.SGD()
    with pytest.raises(ValueError, match="must already be built"):
        optimizer.apply(grads)
    optimizer.apply([], parameters)
    assert not optimizer.built
    optimizer.apply(grads, parameters)
    with pytest.raises(ValueError, match="one-to-one"):
        optimizer.apply(grads[:2])
    with pytest.raises(ValueError, match="Unknown variable"):
        optimizer.apply([torch.ones(2)], [torch.nn.Parameter(torch.ones(2))])


def test_variables_may_come_in_any_order_or_subset():
    parameters = _parameters()
    copies = [torch.nn.Parameter(p.detach().clone()) for p in parameters]
    in_order, shuffled = optimizers.RMSprop(momentum=0.5), optimizers.RMSprop(momentum=0.5)
    in_order.build(parameters)
    shuffled.build(copies)
    for grads in _gradients(parameters):
        in_order.apply(grads, parameters)
        shuffled.apply_gradients(zip(reversed(grads), reversed(copies)))
    for mine, theirs in zip(copies, parameters):
        torch.testing.assert_close(mine, theirs)
    returned = shuffled.apply_gradients([(grads[0], copies[0])])
    assert returned is shuffled.iterations and int(returned) == 5


def test_weight_decay_exclusions():
    parameters = _parameters()
    optimizer = optimizers.SGD(learning_rate=0.5, weight_decay=0.1)
    optimizer.exclude_from_weight_decay(var_list=[parameters[2]], var_names=["bias"])
    before = [p.detach().clone() for p in parameters]
    zeros = [torch.zeros_like(p) for p in parameters]
    optimizer.apply(zeros, parameters)
    torch.testing.assert_close(parameters[0].detach(), before[0] * (1 - 0.1 * 0.5))
    assert torch.equal(parameters[1], before[1]) and torch.equal(parameters[2], before[2])


def test_constraints_apply_after_the_update():
    parameter = torch.nn.Parameter(torch.zeros(3))
    parameter.constraint = lambda w: torch.clamp(w, max=0.25)
    optimizers.SGD(learning_rate=1.0).apply([-torch.ones(3)], [parameter])
    torch.testing.assert_close(parameter.detach(), torch.full((3,), 0.25))


def test_moving_average_and_finalize():
    parameter = torch.nn.Parameter(torch.zeros(2))
    optimizer = optimizers.SGD(learning_rate=1.0, use_ema=True, ema_momentum=0.5)
    for _ in range(3):
        optimizer.apply([-torch.ones(2)], [parameter])
    # Averages: 1 (first step copies), then 0.5 * 1 + 0.5 * 2, then 0.5 * 1.5 + 0.5 * 3.
    torch.testing.assert_close(parameter.detach(), torch.full((2,), 3.0))
    optimizer.finalize_variable_values([parameter])
    torch.testing.assert_close(parameter.detach(), torch.full((2,), 2.25))
    with pytest.raises(ValueError, match="length of model variables"):
        optimizer.finalize_variable_values([parameter, parameter])


def test_scale_loss_and_unscaled_gradients():
    parameter = torch.nn.Parameter(torch.zeros(2))
    optimizer = optimizers.SGD(learning_rate=1.0, loss_scale_factor=4.0)
    assert optimizer.scale_loss(torch.tensor(2.0)) == 8.0
    optimizer.apply([torch.full((2,), 4.0)], [parameter])
    torch.testing.assert_close(parameter.detach(), torch.full((2,), -1.0))


def test_clipping_options():
    grads = [torch.tensor([3.0, 4.0]), torch.tensor([0.0]), torch.tensor([12.0])]

    def step(**kwargs):
        parameters = [torch.nn.Parameter(torch.zeros_like(g)) for g in grads]
        optimizers.SGD(learning_rate=1.0, **kwargs).apply(grads, parameters)
        return [-p.detach() for p in parameters]

    clipped = step(clipnorm=1.0)
    torch.testing.assert_close(clipped[0], torch.tensor([0.6, 0.8]))
    torch.testing.assert_close(clipped[1], torch.tensor([0.0]))
    torch.testing.assert_close(clipped[2], torch.tensor([1.0]))
    clipped = step(global_clipnorm=6.5)
    for mine, grad in zip(clipped, grads):
        torch.testing.assert_close(mine, grad * 0.5)
    clipped = step(clipvalue=3.5)
    torch.testing.assert_close(clipped[0], torch.tensor([3.0, 3.5]))
    clipped = step(global_clipnorm=100.0)
    for mine, grad in zip(clipped, grads):
        torch.testing.assert_close(mine, grad)


def test_per_variable_update_step_subclass():
    class SignDescent(optimizers.Optimizer):
        def update_step(self, gradient, variable, learning_rate):
            self.assign_sub(variable, learning_rate * torch.sign(gradient))

    parameter = torch.nn.Parameter(torch.zeros(3))
    SignDescent(learning_rate=0.5).apply([torch.tensor([2.0, -3.0, 0.0])], [parameter])
    torch.testing.assert_close(parameter.detach(), torch.tensor([-0.5, 0.5, 0.0]))

    with pytest.raises(NotImplementedError, match="update_step"):
        optimizers.Optimizer(learning_rate=0.1).apply(
            [torch.ones(1)], [torch.nn.Parameter(torch.ones(1))]
        )


def test_add_variable_initializers():
    optimizer = optimizers.SGD()
    parameter = torch.nn.Parameter(torch.zeros(2, 2))
    assert torch.equal(
        optimizer.add_variable_from_reference(parameter, "acc", 0.1), torch.full((2, 2), 0.1)
    )
    ones = optimizer.add_variable(
        (3,), initializer=lambda shape, dtype: np.ones(shape, dtype), name="x"
    )
    assert torch.equal(ones, torch.ones(3)) and ones.keras_name == "x"


@pytest.mark.parametrize(
    "identifier, cls",
    [("adam", optimizers.Adam), ("SGD", optimizers.SGD), ("rmsprop", optimizers.RMSprop)],
)
def test_get_by_name(identifier, cls):
    assert type(optimizers.get(identifier)) is cls


def test_get_passes_instances_and_rejects_others():
    optimizer = optimizers.Adam()
    assert optimizers.get(optimizer) is optimizer
    assert optimizers.get(None) is None
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier"):
        optimizers.get(42)
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier: nonexistent"):
        optimizers.get("nonexistent")


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_serialization_round_trip(case):
    class_name, kwargs = case
    optimizer = getattr(optimizers, class_name)(learning_rate=0.25, clipnorm=2.0, **kwargs)
    config = optimizers.serialize(optimizer)
    assert config["module"] == "keras.optimizers" and config["class_name"] == class_name
    clone = optimizers.deserialize(config)
    assert type(clone) is type(optimizer) and clone.get_config() == optimizer.get_config()
    assert (
        type(optimizer).from_config(optimizer.get_config()).get_config() == optimizer.get_config()
    )


def test_schedule_serialization():
    optimizer = optimizers.SGD(learning_rate=_ConstantSchedule(0.3))
    config = optimizer.get_config()
    assert config["learning_rate"]["class_name"] == "_ConstantSchedule"
    assert config["learning_rate"]["config"] == {"value": 0.3}
    custom = {"_ConstantSchedule": _ConstantSchedule}
    clone = optimizers.SGD.from_config(config, custom_objects=custom)
    assert isinstance(clone._learning_rate, _ConstantSchedule)
    clone = optimizers.deserialize(optimizers.serialize(optimizer), custom_objects=custom)
    assert clone.get_config() == config
    schedule = schedules.deserialize(schedules.serialize(_ConstantSchedule(0.5)), custom)
    assert schedule.value == 0.5


def test_schedule_base_class():
    schedule = schedules.LearningRateSchedule()
    with pytest.raises(NotImplementedError, match="must override `__call__"):
        schedule(0)
    with pytest.raises(NotImplementedError, match="must override `get_config"):
        schedule.get_config()
    assert _ConstantSchedule.from_config({"value": 2.0}).value == 2.0


@pytest.mark.parametrize(
    "path, obj",
    [
        ("keras.optimizers.Adam", optimizers.Adam),
        ("keras.optimizers.SGD", optimizers.SGD),
        ("keras.optimizers.RMSprop", optimizers.RMSprop),
        ("keras.optimizers.Optimizer", optimizers.Optimizer),
        ("keras.Optimizer", optimizers.Optimizer),
        ("keras.optimizers.get", optimizers.get),
        ("keras.optimizers.schedules.LearningRateSchedule", schedules.LearningRateSchedule),
    ],
)
def test_public_names(path, obj):
    assert api_export.lookup(path) is obj


def test_names_are_unique_per_class():
    first, second = optimizers.RMSprop(), optimizers.RMSprop()
    assert first.name.startswith("rm_sprop") and first.name != second.name
