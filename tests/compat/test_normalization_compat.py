"""Normalization layers against real Keras: outputs, moving statistics, configs, errors, fit."""

import contextlib
import warnings

import keras
import numpy as np
import pytest
import torch

import kerastorch
from tests.compat.layer_checks import (
    LAYER_NAME,
    assert_fit_matches_keras,
    assert_layer_matches_keras,
    assert_raises_like_keras,
    make_pair,
)
from tests.compat.twins import assert_same_weights, copy_weights

RNG = np.random.default_rng(0)


def data(shape, loc=1.0, scale=2.0):
    """Inputs off zero mean and unit variance, so normalization has work to do."""
    return (RNG.normal(size=shape) * scale + loc).astype("float32")


def numpy_of(x):
    return keras.ops.convert_to_numpy(x)


# (layer, constructor kwargs, input shape); initializers seeded, which draw
# Keras's values in kerastorch too.
SEEDED_GAMMA_BETA = {"gamma_initializer": {"class_name": "RandomNormal",
                                           "config": {"seed": 1, "mean": 1.0}},
                     "beta_initializer": {"class_name": "RandomNormal", "config": {"seed": 2}}}
CASES = [
    ("BatchNormalization", {}, (6, 5)),
    ("BatchNormalization", {"axis": 1}, (4, 3, 5, 6)),
    ("BatchNormalization", {"axis": 2, "center": False}, (4, 3, 5)),
    ("BatchNormalization", {"scale": False, "epsilon": 0.1, "momentum": 0.9}, (4, 3, 5)),
    ("BatchNormalization", {"moving_mean_initializer": "ones",
                            "moving_variance_initializer": {"class_name": "Constant",
                                                            "config": {"value": 2.0}},
                            **SEEDED_GAMMA_BETA}, (4, 3)),
    ("BatchNormalization", {"renorm": True, "renorm_clipping": {"rmax": 2.0, "dmax": 1.0}},
     (6, 4)),
    ("BatchNormalization", {"gamma_regularizer": "l2", "beta_constraint": "non_neg"}, (6, 4)),
    ("LayerNormalization", {}, (4, 6)),
    ("LayerNormalization", {"axis": -1, "epsilon": 1e-5, **SEEDED_GAMMA_BETA}, (4, 3, 6)),
    ("LayerNormalization", {"axis": [1, 2], "center": False}, (4, 3, 6)),
    ("LayerNormalization", {"axis": [-2, -1], "scale": False}, (2, 4, 3, 6)),
    ("LayerNormalization", {"axis": (2, 3), "gamma_regularizer": "l1"}, (2, 4, 3, 6)),
    ("LayerNormalization", {"rms_scaling": True, **SEEDED_GAMMA_BETA}, (4, 3, 6)),
    ("GroupNormalization", {"groups": 2}, (4, 6)),
    ("GroupNormalization", {"groups": 3, **SEEDED_GAMMA_BETA}, (4, 5, 6)),
    ("GroupNormalization", {"groups": -1, "axis": 1}, (2, 4, 5, 3)),
    ("GroupNormalization", {"groups": 1, "axis": 1, "center": False}, (2, 4, 5)),
    ("GroupNormalization", {"groups": 2, "axis": 2, "epsilon": 1e-5}, (2, 3, 4, 5)),
    ("UnitNormalization", {}, (4, 6)),
    ("UnitNormalization", {"axis": [1, 2]}, (4, 3, 6)),
    ("UnitNormalization", {"axis": 1}, (4, 3, 6)),
    ("RMSNormalization", {}, (4, 6)),
    ("RMSNormalization", {"axis": [1, 2], "epsilon": 1e-3}, (4, 3, 6)),
]
IDS = [f"{name}-{i}" for i, (name, _, _) in enumerate(CASES)]


@pytest.mark.parametrize("name, kwargs, shape", CASES, ids=IDS)
def test_inference_outputs_configs_and_shapes_match_keras(name, kwargs, shape):
    expect_warning = pytest.warns(UserWarning, match="rms_scaling")
    with expect_warning if kwargs.get("rms_scaling") else contextlib.nullcontext():
        assert_layer_matches_keras(name, kwargs, data(shape))


def built_pair(name, kwargs, shape):
    """Both layers built for `shape`, kerastorch's holding Keras's (random) weights."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*rms_scaling")
        keras_layer, kt_layer = make_pair(name, kwargs)
    keras_layer.build(shape)
    kt_layer.build(shape)
    assert [w.keras_name for w in kt_layer.weights] == [w.name for w in keras_layer.weights]
    assert [w.keras_trainable for w in kt_layer.weights] == [
        w.trainable for w in keras_layer.weights]
    weights = [w + RNG.uniform(0.5, 1.5, size=w.shape).astype("float32")
               for w in keras_layer.get_weights()]
    keras_layer.set_weights(weights)
    kt_layer.set_weights(weights)
    return keras_layer, kt_layer


def assert_calls_match(keras_layer, kt_layer, shape, calls=3, mask=None, **call_kwargs):
    """Calls both layers `calls` times on fresh data: same outputs, then same weights."""
    for _ in range(calls):
        x = data(shape)
        extra = {} if mask is None else {"mask": mask}
        expected = numpy_of(keras_layer(x, **extra, **call_kwargs))
        kt_extra = {} if mask is None else {"mask": torch.from_numpy(mask)}
        received = kt_layer(torch.from_numpy(x), **kt_extra, **call_kwargs)
        np.testing.assert_allclose(received.detach().numpy(), expected, rtol=1e-5, atol=1e-5)
    for expected, received in zip(keras_layer.get_weights(), kt_layer.get_weights()):
        np.testing.assert_allclose(received, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name, kwargs, shape", CASES, ids=IDS)
@pytest.mark.parametrize("training", [False, True])
def test_outputs_and_updated_weights_match_keras_with_random_weights(name, kwargs, shape,
                                                                     training):
    keras_layer, kt_layer = built_pair(name, kwargs, shape)
    assert_calls_match(keras_layer, kt_layer, shape, training=training)


@pytest.mark.parametrize("shape, mask_shape", [((4, 6, 3), (4, 6)), ((2, 3, 4, 5), (2, 3, 4))])
def test_batch_normalization_mask_leaves_masked_steps_out_of_statistics(shape, mask_shape):
    keras_layer, kt_layer = built_pair("BatchNormalization", {"momentum": 0.5}, shape)
    mask = RNG.random(mask_shape) > 0.4
    assert_calls_match(keras_layer, kt_layer, shape, mask=mask, training=True)
    assert_calls_match(keras_layer, kt_layer, shape, mask=mask, training=False)


def test_batch_normalization_mask_of_wrong_rank_raises_like_keras():
    keras_layer, kt_layer = make_pair("BatchNormalization", {})
    x = data((4, 6, 3))
    assert_raises_like_keras(
        lambda: keras_layer(x, training=True, mask=np.ones((4,), bool)),
        lambda: kt_layer(torch.from_numpy(x), training=True, mask=torch.ones(4, dtype=bool)),
        "mask.shape=(4,)", "inputs.shape=(4, 6, 3)")


@pytest.mark.parametrize("kwargs", [{}, {"renorm": True}])
def test_frozen_batch_normalization_runs_in_inference_mode_like_keras(kwargs):
    keras_layer, kt_layer = built_pair("BatchNormalization", kwargs, (6, 4))
    keras_layer.trainable = False
    kt_layer.trainable = False
    assert_calls_match(keras_layer, kt_layer, (6, 4), training=True)
    assert len(kt_layer.non_trainable_weights) == len(keras_layer.non_trainable_weights)
    assert kt_layer.get_config()["trainable"] is False


def test_batch_normalization_moving_statistics_converge_like_keras():
    keras_layer, kt_layer = make_pair("BatchNormalization", {"momentum": 0.8})
    for _ in range(30):
        x = data((32, 3), loc=4.0, scale=3.0)
        keras_layer(x, training=True)
        kt_layer(torch.from_numpy(x), training=True)
    assert_same_weights(keras_layer, kt_layer, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(kt_layer.moving_variance.detach().numpy(), 9.0, rtol=0.2)


@pytest.mark.parametrize("name, kwargs, shape", [
    ("BatchNormalization", {"axis": 5}, (None, 4)),
    ("LayerNormalization", {"axis": [1, 3]}, (None, 4, 2)),
    ("GroupNormalization", {"axis": -4}, (None, 4, 2)),
    ("UnitNormalization", {"axis": 2}, (None, 4)),
    ("RMSNormalization", {"axis": -3}, (None, 4)),
])
def test_axis_out_of_bounds_in_compute_output_shape_raises_like_keras(name, kwargs, shape):
    keras_layer, kt_layer = make_pair(name, kwargs)
    assert_raises_like_keras(lambda: keras_layer.compute_output_shape(shape),
                             lambda: kt_layer.compute_output_shape(shape),
                             "out of bounds", str(shape))


@pytest.mark.parametrize("name, kwargs, built_shape, bad_shape", [
    ("BatchNormalization", {}, (None, 4), (2, 5)),
    ("BatchNormalization", {}, (None, 4), (2, 3, 4)),
    ("BatchNormalization", {"axis": 1}, (None, 3, 5), (2, 4, 5)),
    ("GroupNormalization", {"groups": 2}, (None, 3, 4), (2, 3, 6)),
    ("GroupNormalization", {"groups": 2}, (None, 4), (2, 3, 4)),
])
def test_wrong_input_raises_like_keras(name, kwargs, built_shape, bad_shape):
    keras_layer, kt_layer = make_pair(name, kwargs)
    keras_layer.build(built_shape)
    kt_layer.build(built_shape)
    x = np.zeros(bad_shape, "float32")
    assert_raises_like_keras(lambda: keras_layer(x), lambda: kt_layer(torch.from_numpy(x)),
                             LAYER_NAME, str(bad_shape))


@pytest.mark.parametrize("name, kwargs", [
    ("BatchNormalization", {"renorm": True, "renorm_clipping": {"rmx": 1.0}}),
    ("BatchNormalization", {"renorm": True, "renorm_clipping": {"rmax": 1.0, "rmin": 2.0}}),
    ("BatchNormalization", {"renorm": True, "renorm_clipping": {"dmax": -1.0}}),
    ("BatchNormalization", {"foo": 1}),
    ("LayerNormalization", {"axis": "last"}),
    ("UnitNormalization", {"axis": 1.5}),
    ("GroupNormalization", {"groups": 0}),
    ("GroupNormalization", {"groups": 2.0}),
])
def test_constructor_errors_match_keras(name, kwargs):
    assert_raises_like_keras(lambda: getattr(keras.layers, name)(**kwargs),
                             lambda: getattr(kerastorch.layers, name)(**kwargs))


@pytest.mark.parametrize("groups, shape, fragment", [
    (4, (None, 3), "cannot be more than the number of channels (3)"),
    (2, (None, 5), "Number of groups (2)"),
    (2, (None, 2, None), "(None, 2, None)"),
])
def test_group_normalization_build_errors_match_keras(groups, shape, fragment):
    keras_layer, kt_layer = make_pair("GroupNormalization", {"groups": groups})
    assert_raises_like_keras(lambda: keras_layer.build(shape), lambda: kt_layer.build(shape),
                             fragment)


def test_group_normalization_minus_one_groups_is_resolved_at_build_like_keras():
    keras_layer, kt_layer = make_pair("GroupNormalization", {"groups": -1})
    keras_layer.build((None, 5, 6))
    kt_layer.build((None, 5, 6))
    assert kt_layer.get_config() == keras_layer.get_config()
    assert kt_layer.groups == 6


@pytest.mark.parametrize("name, kwargs", [
    ("LayerNormalization", {"axis": -1}), ("LayerNormalization", {"axis": [2, 1]}),
    ("RMSNormalization", {"axis": -1}), ("RMSNormalization", {"axis": (2, 1)}),
])
def test_axis_becomes_a_sorted_list_at_build_like_keras(name, kwargs):
    keras_layer, kt_layer = make_pair(name, kwargs)
    keras_layer.build((None, 3, 4))
    kt_layer.build((None, 3, 4))
    assert kt_layer.get_config() == keras_layer.get_config()
    assert [tuple(w.shape) for w in kt_layer.weights] == [tuple(w.shape) for w in
                                                           keras_layer.weights]


@pytest.mark.parametrize("name, axis, shape", [
    ("LayerNormalization", 1, (4, 3, 5)),
    ("LayerNormalization", [1, 2], (2, 3, 4, 5)),
    ("RMSNormalization", 1, (4, 3, 5)),
])
def test_non_trailing_axes_are_normalized_where_keras_on_torch_fails(name, axis, shape):
    # Keras on torch hands non-trailing axes to F.layer_norm / F.rms_norm, which
    # normalize the trailing ones: it raises (or, for equal sizes, computes
    # the wrong axes). kerastorch computes what Keras's other backends do.
    keras_layer, kt_layer = make_pair(name, {"axis": axis})
    x = data(shape)
    with pytest.raises(RuntimeError):
        keras_layer(x)
    axes = tuple(axis) if isinstance(axis, list) else (axis,)
    if name == "LayerNormalization":
        centered = x - x.mean(axis=axes, keepdims=True)
        expected = centered / np.sqrt(x.var(axis=axes, keepdims=True) + 1e-3)
    else:
        expected = x / np.sqrt((x ** 2).mean(axis=axes, keepdims=True) + 1e-6)
    received = kt_layer(torch.from_numpy(x)).detach().numpy()
    np.testing.assert_allclose(received, expected, rtol=1e-5, atol=1e-5)
    assert tuple(kt_layer.weights[0].shape) == tuple(shape[a] for a in axes)


def test_unit_normalization_of_a_zero_vector_matches_keras():
    x = np.zeros((2, 3), "float32")
    x[1] = [3.0, 0.0, 4.0]
    assert_layer_matches_keras("UnitNormalization", {}, x)


@pytest.mark.parametrize("name, kwargs", [
    ("BatchNormalization", {}), ("LayerNormalization", {}), ("GroupNormalization", {"groups": 2}),
    ("UnitNormalization", {}), ("RMSNormalization", {}),
])
def test_half_precision_policy_matches_keras(name, kwargs):
    x = data((4, 6))
    keras_layer = getattr(keras.layers, name)(dtype="float16", **kwargs)
    kt_layer = getattr(kerastorch.layers, name)(dtype="float16", **kwargs)
    for training in (True, False):
        expected = keras_layer(x, training=training)
        received = kt_layer(torch.from_numpy(x), training=training)
        assert kerastorch.backend.standardize_dtype(received.dtype) == \
            keras.backend.standardize_dtype(expected.dtype)
        np.testing.assert_allclose(received.detach().float().numpy(),
                                   numpy_of(expected).astype("float32"), rtol=1e-3, atol=1e-3)


# ------------------------------------------------------------ mask propagation
def test_masking_then_batch_normalization_uses_the_propagated_mask_like_keras():
    x = data((4, 5, 3))
    x[0, 3:] = 0.0
    x[2, :2] = 0.0

    def build(lib):
        inputs = lib.Input((5, 3))
        outputs = lib.layers.BatchNormalization(momentum=0.5)(
            lib.layers.Masking()(inputs))
        return lib.Model(inputs, outputs)

    keras_model, kt_model = build(keras), build(kerastorch)
    expected = numpy_of(keras_model(x, training=True))
    received = kt_model(torch.from_numpy(x), training=True).detach().numpy()
    np.testing.assert_allclose(received, expected, rtol=1e-5, atol=1e-5)
    assert_same_weights(keras_model, kt_model)
    unmasked = keras.layers.BatchNormalization(momentum=0.5)
    unmasked(x, training=True)
    assert not np.allclose(unmasked.get_weights()[2], kt_model.get_weights()[2])


# ------------------------------------------------------- SpectralNormalization
def spectral_pair(inner, power_iterations=1):
    keras_layer = keras.layers.SpectralNormalization(
        getattr(keras.layers, inner[0])(name="inner", **inner[1]),
        power_iterations=power_iterations, name=LAYER_NAME)
    kt_layer = kerastorch.layers.SpectralNormalization(
        getattr(kerastorch.layers, inner[0])(name="inner", **inner[1]),
        power_iterations=power_iterations, name=LAYER_NAME)
    return keras_layer, kt_layer


@pytest.mark.parametrize("inner, shape, power_iterations", [
    (("Dense", {"units": 5}), (3, 4), 1),
    (("Dense", {"units": 3, "use_bias": False}), (2, 6, 4), 3),
    (("EinsumDense", {"equation": "ab,bcd->acd", "output_shape": (3, 2)}), (3, 4), 2),
    (("Embedding", {"input_dim": 7, "output_dim": 3}), (2, 5), 1),
])
def test_spectral_normalization_matches_keras(inner, shape, power_iterations):
    keras_layer, kt_layer = spectral_pair(inner, power_iterations)
    build_shape = (None,) + shape[1:]
    keras_layer.build(build_shape)
    kt_layer.build(build_shape)
    assert [w.keras_name for w in kt_layer.weights] == [w.name for w in keras_layer.weights]
    assert [w.keras_name for w in kt_layer.trainable_weights] == [
        w.name for w in keras_layer.trainable_weights]
    kt_layer.set_weights(keras_layer.get_weights())
    for training in (True, True, False, True):
        if inner[0] == "Embedding":
            x = RNG.integers(0, 7, size=shape)
        else:
            x = data(shape)
        expected = numpy_of(keras_layer(x, training=training))
        received = kt_layer(torch.from_numpy(x), training=training).detach().numpy()
        np.testing.assert_allclose(received, expected, rtol=1e-5, atol=1e-6)
    assert_same_weights(keras_layer, kt_layer)
    assert kt_layer.get_config() == keras_layer.get_config()
    keras_symbolic = keras_layer(keras.Input(batch_shape=build_shape,
                                             dtype="int32" if inner[0] == "Embedding" else None))
    kt_symbolic = kt_layer(kerastorch.Input(batch_shape=build_shape,
                                            dtype="int32" if inner[0] == "Embedding" else None))
    assert kt_symbolic.shape == keras_symbolic.shape


def test_spectral_normalization_leaves_an_all_zero_kernel_like_keras():
    keras_layer, kt_layer = spectral_pair(("Dense", {"units": 2, "kernel_initializer": "zeros"}))
    keras_layer.build((None, 4))
    kt_layer.build((None, 4))
    kt_layer.set_weights(keras_layer.get_weights())
    before = kt_layer.get_weights()
    x = data((3, 4))
    keras_layer(x, training=True)
    received = kt_layer(torch.from_numpy(x), training=True)
    assert_same_weights(keras_layer, kt_layer)
    for old, new in zip(before, kt_layer.get_weights()):
        np.testing.assert_array_equal(new, old)
    assert torch.isfinite(received).all()


def test_spectral_normalization_config_round_trip_and_errors_match_keras():
    keras_layer, kt_layer = spectral_pair(("Dense", {"units": 4}), power_iterations=2)
    assert kt_layer.get_config() == keras_layer.get_config()
    rebuilt = kerastorch.layers.SpectralNormalization.from_config(kt_layer.get_config())
    assert rebuilt.get_config() == kt_layer.get_config()
    assert isinstance(rebuilt.layer, kerastorch.layers.Dense)
    assert_raises_like_keras(
        lambda: keras.layers.SpectralNormalization(keras.layers.Dense(2), power_iterations=0),
        lambda: kerastorch.layers.SpectralNormalization(kerastorch.layers.Dense(2),
                                                        power_iterations=0),
        "power_iterations")
    assert_raises_like_keras(
        lambda: keras.layers.SpectralNormalization(keras.layers.ReLU()).build((None, 3)),
        lambda: kerastorch.layers.SpectralNormalization(kerastorch.layers.ReLU()).build(
            (None, 3)), "ReLU", "kernel")
    assert_raises_like_keras(lambda: keras.layers.SpectralNormalization("dense"),
                             lambda: kerastorch.layers.SpectralNormalization("dense"))


# ------------------------------------------------------------------------ fit
FIT_LAYERS = [
    ("BatchNormalization", {}),
    ("BatchNormalization", {"momentum": 0.5, "epsilon": 0.01, "center": False}),
    ("BatchNormalization", {"renorm": True, "renorm_clipping": {"rmax": 1.2, "dmax": 0.5},
                            "renorm_momentum": 0.5}),
    ("LayerNormalization", {}),
    ("GroupNormalization", {"groups": 2}),
    ("UnitNormalization", {}),
    ("RMSNormalization", {}),
]


@pytest.mark.parametrize("name, kwargs", FIT_LAYERS, ids=[n for n, _ in FIT_LAYERS])
def test_fit_through_the_layer_matches_keras(name, kwargs):
    # The Dense before the normalization has no bias: its gradient is exactly
    # zero through a mean-subtracting layer, so it would only hold each
    # library's rounding noise. 8 features: GroupNormalization's groups hold
    # 4 (Keras computes variances as E[x^2] - E[x]^2, which loses digits on
    # groups of 2 off-centre values; torch's fused kernels do not).
    x = data((16, 5), loc=0.0, scale=1.0)
    y = RNG.normal(size=(16, 2)).astype("float32")

    def build(lib):
        return lib.Sequential([
            lib.Input((5,)),
            lib.layers.Dense(8, use_bias=False),
            getattr(lib.layers, name)(**kwargs),
            lib.layers.Dense(2),
        ])

    assert_fit_matches_keras(build, x, y, batch_size=8)


def test_fit_through_spectral_normalization_matches_keras():
    x = data((16, 5))
    y = RNG.normal(size=(16, 2)).astype("float32")

    def build(lib):
        return lib.Sequential([
            lib.Input((5,)),
            lib.layers.SpectralNormalization(lib.layers.Dense(4), power_iterations=2),
            lib.layers.Dense(2),
        ])

    assert_fit_matches_keras(build, x, y)


def test_evaluate_and_predict_use_moving_statistics_like_keras():
    x = data((16, 5))
    y = RNG.normal(size=(16, 1)).astype("float32")

    def build(lib):
        return lib.Sequential([lib.Input((5,)), lib.layers.BatchNormalization(momentum=0.5),
                               lib.layers.Dense(1)])

    keras_model, kt_model = build(keras), build(kerastorch)
    copy_weights(keras_model, kt_model)
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        model.compile(optimizer=lib.optimizers.SGD(learning_rate=0.1), loss="mse")
        model.fit(x, y, epochs=1, batch_size=4, shuffle=False, verbose=0)
    np.testing.assert_allclose(kt_model.predict(x, verbose=0), keras_model.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(kt_model.evaluate(x, y, verbose=0),
                               keras_model.evaluate(x, y, verbose=0), rtol=1e-5)
    assert_same_weights(keras_model, kt_model)
