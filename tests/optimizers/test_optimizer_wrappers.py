"""Unit tests of the optimizers that wrap others: LossScaleOptimizer, MultiOptimizer."""

import pytest
import torch

from kerastorch import api_export, optimizers


def _parameters(shapes=((3, 2), (2,)), names=("kernel", "bias"), paths=None):
    generator = torch.Generator().manual_seed(0)
    parameters = []
    for index, (shape, name) in enumerate(zip(shapes, names)):
        parameter = torch.nn.Parameter(torch.randn(shape, generator=generator))
        parameter.keras_name = name
        if paths:
            parameter.path = paths[index]
        parameters.append(parameter)
    return parameters


def _clones(parameters):
    return [torch.nn.Parameter(p.detach().clone()) for p in parameters]


# ------------------------------------------------------------ LossScaleOptimizer
def test_loss_scale_optimizer_unscales_and_applies_finite_gradients():
    parameters = _parameters()
    reference = _clones(parameters)
    optimizer = optimizers.LossScaleOptimizer(optimizers.SGD(learning_rate=0.1), initial_scale=8.0)
    assert float(optimizer.scale_loss(torch.tensor(2.0))) == 16.0
    grads = [torch.ones_like(p) for p in parameters]
    optimizer.apply([g * 8.0 for g in grads], parameters)
    optimizers.SGD(learning_rate=0.1).apply(grads, reference)
    for mine, expected in zip(parameters, reference):
        torch.testing.assert_close(mine, expected)
    assert int(optimizer.iterations) == 1 and int(optimizer.step_counter) == 1
    assert float(optimizer.scale_loss(torch.tensor(2.0))) == 16.0


def test_loss_scale_optimizer_skips_non_finite_steps_and_adapts_the_scale():
    parameters = _parameters()
    optimizer = optimizers.LossScaleOptimizer(
        optimizers.Adam(), initial_scale=4.0, dynamic_growth_steps=2
    )
    finite = [torch.ones_like(p) for p in parameters]
    infinite = [torch.full_like(parameters[0], float("inf")), torch.ones_like(parameters[1])]
    nan = [None, torch.full_like(parameters[1], float("nan"))]
    before = [p.detach().clone() for p in parameters]
    optimizer.apply(infinite, parameters)
    assert all(torch.equal(p, b) for p, b in zip(parameters, before))
    assert float(optimizer.dynamic_scale) == 2.0 and int(optimizer.iterations) == 0
    optimizer.apply(nan, parameters)
    assert float(optimizer.dynamic_scale) == 1.0
    optimizer.apply(finite, parameters)
    assert float(optimizer.dynamic_scale) == 1.0 and int(optimizer.step_counter) == 1
    optimizer.apply(finite, parameters)
    assert float(optimizer.dynamic_scale) == 2.0 and int(optimizer.step_counter) == 0
    assert int(optimizer.iterations) == 2


def test_loss_scale_optimizer_reads_one_flag_per_step(monkeypatch):
    parameters = _parameters()
    optimizer = optimizers.LossScaleOptimizer(optimizers.Adam(weight_decay=0.1))
    optimizer.build(parameters)
    reads = []

    def host_read(*args, **kwargs):
        raise AssertionError("a tensor was read on the host during `apply`")

    original_bool = torch.Tensor.__bool__

    def counted_bool(tensor):
        reads.append(tensor.shape)
        return original_bool(tensor)

    with monkeypatch.context() as patch:
        for name in ("item", "tolist", "numpy", "cpu", "__float__", "__int__", "__index__"):
            patch.setattr(torch.Tensor, name, host_read)
        patch.setattr(torch.Tensor, "__bool__", counted_bool)
        for _ in range(3):
            optimizer.apply([torch.ones_like(p) for p in parameters], parameters)
    assert reads == [torch.Size([])] * 3


def test_loss_scale_optimizer_state_and_delegation():
    parameters = _parameters()
    inner = optimizers.Nadam(learning_rate=0.1, loss_scale_factor=2.0, name="inner")
    optimizer = optimizers.LossScaleOptimizer(inner, name="scaled")
    assert inner.loss_scale_factor is None
    optimizer.build(parameters)
    names = [v.name for v in optimizer.variables]
    assert names[:4] == ["iteration", "learning_rate", "step_counter", "dynamic_scale"]
    # As in Keras, Nadam's momentum product is not listed under a LossScaleOptimizer.
    assert names[4:] == [
        "iteration",
        "learning_rate",
        "kernel_momentum",
        "kernel_velocity",
        "bias_momentum",
        "bias_velocity",
    ]
    optimizer.learning_rate = 0.25
    assert float(inner.learning_rate) == 0.25 and optimizer.learning_rate is inner.learning_rate
    assert optimizer.iterations is inner.iterations
    config = optimizer.get_config()
    assert list(config) == ["name", "inner_optimizer", "initial_scale", "dynamic_growth_steps"]
    clone = optimizers.deserialize(optimizers.serialize(optimizer))
    assert type(clone.inner_optimizer) is optimizers.Nadam
    assert clone.get_config() == config
    assert api_export.lookup("keras.mixed_precision.LossScaleOptimizer") is type(optimizer)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"dynamic": False}, "no longer supports `dynamic=False`"),
        ({"clipnorm": 1.0}, "does not support `clipnorm`"),
        ({"momentum": 0.9}, "does not support arguments: `momentum`"),
    ],
)
def test_loss_scale_optimizer_rejects_base_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        optimizers.LossScaleOptimizer(optimizers.SGD(), **kwargs)


def test_loss_scale_optimizer_finalizes_the_inner_moving_average():
    parameters = _parameters()
    optimizer = optimizers.LossScaleOptimizer(
        optimizers.SGD(learning_rate=1.0, use_ema=True, ema_momentum=0.5), initial_scale=1.0
    )
    for _ in range(2):
        optimizer.apply([torch.ones_like(p) for p in parameters], parameters)
    averages = [
        a.detach().clone() for a in optimizer.inner_optimizer._model_variables_moving_average
    ]
    optimizer.finalize_variable_values(parameters)
    for parameter, average in zip(parameters, averages):
        torch.testing.assert_close(parameter.detach(), average)


# --------------------------------------------------------------- MultiOptimizer
def test_optimizer_map_resolves_exact_keys_then_full_regex_matches():
    default, adam, sgd = optimizers.RMSprop(), optimizers.Adam(), optimizers.SGD()
    optimizer_map = optimizers.OptimizerMap(default, {"encoder/layer_0/dense": adam})
    optimizer_map["encoder/.*"] = sgd
    assert optimizer_map["encoder/layer_0/dense"] is adam
    assert optimizer_map["encoder/layer_1/dense"] is sgd
    assert optimizer_map["decoder/encoder/x"] is default
    assert len(optimizer_map) == 2 and list(optimizer_map) == [
        "encoder/layer_0/dense",
        "encoder/.*",
    ]
    del optimizer_map["encoder/.*"]
    assert optimizer_map["encoder/layer_1/dense"] is default
    parameter = _parameters(paths=["encoder/layer_0/dense", "x"])[0]
    assert optimizer_map(parameter) is adam
    with pytest.raises(TypeError, match="default_optimizer must be a Keras Optimizer"):
        optimizers.OptimizerMap("sgd")
    with pytest.raises(TypeError, match="optimizer_map must be a dictionary"):
        optimizers.OptimizerMap(default, [adam])
    with pytest.raises(ValueError, match="cannot be MultiOptimizer"):
        optimizer_map["m"] = optimizers.MultiOptimizer(optimizers.OptimizerMap(optimizers.SGD()))


def test_multi_optimizer_routes_each_variable_to_its_optimizer():
    paths = ["encoder/kernel", "encoder/bias", "head/kernel"]
    parameters = _parameters(
        shapes=[(3, 2), (2,), (2, 2)], names=["kernel", "bias", "kernel"], paths=paths
    )
    encoder, head = _clones(parameters[:2]), _clones(parameters[2:])
    optimizer = optimizers.MultiOptimizer(
        optimizers.OptimizerMap(
            optimizers.SGD(learning_rate=0.1), {"encoder/.*": optimizers.Adam(learning_rate=0.01)}
        ),
        loss_scale_factor=2.0,
    )
    references = (optimizers.Adam(learning_rate=0.01), optimizers.SGD(learning_rate=0.1))
    grads = [torch.ones_like(p) for p in parameters]
    for _ in range(3):
        optimizer.apply([g * 2.0 for g in grads], parameters)
        references[0].apply(grads[:2], encoder)
        references[1].apply(grads[2:], head)
    for mine, expected in zip(parameters, encoder + head):
        torch.testing.assert_close(mine, expected)
    assert int(optimizer.iterations) == 3
    assert [type(o).__name__ for o in optimizer.optimizers] == ["Adam", "SGD"]
    assert all(o.loss_scale_factor == 2.0 for o in optimizer.optimizers)
    optimizer.loss_scale_factor = None
    assert all(o.loss_scale_factor is None for o in optimizer.optimizers)
    names = [v.name for v in optimizer.variables]
    assert names[:2] == ["iteration", "learning_rate"]
    assert names[2:6] == [
        "iteration",
        "learning_rate",
        "encoder_kernel_momentum",
        "encoder_kernel_velocity",
    ]
    with pytest.raises(AttributeError, match="cannot be accessed on a MultiOptimizer"):
        _ = optimizer.learning_rate
    with pytest.raises(ValueError, match="one-to-one"):
        optimizer.apply(grads[:1])


def test_multi_optimizer_with_a_callable_and_its_checks():
    parameters = _parameters()
    adam = optimizers.Adam()
    optimizer = optimizers.MultiOptimizer(lambda variable: adam)
    optimizer.apply([torch.ones_like(p) for p in parameters], parameters)
    assert optimizer.optimizers == [adam] and int(adam.iterations) == 1
    for bad, match in [
        (lambda v: "adam", "is not an Optimizer instance"),
        (lambda v: optimizers.LossScaleOptimizer(optimizers.SGD()), "LossScaleOptimizer cannot"),
    ]:
        with pytest.raises(ValueError, match=match):
            optimizers.MultiOptimizer(bad).build(_parameters())
    with pytest.raises(ValueError, match="must already be built"):
        optimizers.MultiOptimizer(lambda v: adam).apply([torch.ones(1)])


def test_multi_optimizer_weights_config_and_finalize():
    parameters = _parameters(paths=["a/kernel", "a/bias"])

    def make_map():
        return optimizers.OptimizerMap(
            optimizers.SGD(learning_rate=1.0, momentum=0.5, use_ema=True, name="sgd"),
            {"a/bias": optimizers.Adam(name="adam")},
        )

    optimizer = optimizers.MultiOptimizer(make_map(), name="multi")
    for _ in range(2):
        optimizer.apply([torch.ones_like(p) for p in parameters], parameters)
    restored = optimizers.MultiOptimizer(make_map())
    restored.build(_parameters(paths=["a/kernel", "a/bias"]))
    restored.set_weights([v.detach().clone() for v in optimizer.variables])
    for mine, expected in zip(restored.variables, optimizer.variables):
        torch.testing.assert_close(mine, expected)
    config = optimizer.get_config()
    assert list(config) == ["optimizer_map", "loss_scale_factor", "name"]
    clone = optimizers.deserialize(optimizers.serialize(optimizer))
    assert clone.get_config() == config
    average = optimizer.optimizers[1]._model_variables_moving_average[0].detach().clone()
    optimizer.finalize_variable_values(parameters)
    torch.testing.assert_close(parameters[0].detach(), average)
