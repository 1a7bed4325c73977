"""Unit tests of `kerastorch.initializers`: values, shapes, dtypes, seeding, lookup."""

import doctest
import importlib
import math

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import initializers
from kerastorch.backend import config
from kerastorch.backend.random import set_random_seed
from kerastorch.initializers import _random
from kerastorch.initializers.serialization import ALL_OBJECTS_DICT
from kerastorch.initializers.variance_scaling import compute_fans
from kerastorch.saving import register_keras_serializable

RANDOM_CLASSES = [
    initializers.RandomNormal,
    initializers.RandomUniform,
    initializers.TruncatedNormal,
    initializers.VarianceScaling,
    initializers.GlorotUniform,
    initializers.GlorotNormal,
    initializers.HeUniform,
    initializers.HeNormal,
    initializers.LecunUniform,
    initializers.LecunNormal,
    initializers.Orthogonal,
]
DETERMINISTIC_CLASSES = [initializers.Zeros, initializers.Ones, initializers.Constant,
                         initializers.Identity]
FLOAT_DTYPES = ["float16", "bfloat16", "float32", "float64"]
# Non-default constructor arguments of every class, for config round trips.
CUSTOM_ARGS = {
    initializers.Constant: {"value": 3.5},
    initializers.Identity: {"gain": 2.0},
    initializers.RandomNormal: {"mean": 1.0, "stddev": 2.0, "seed": 3},
    initializers.RandomUniform: {"minval": -2.0, "maxval": 5.0, "seed": 3},
    initializers.TruncatedNormal: {"mean": 1.0, "stddev": 2.0, "seed": 3},
    initializers.VarianceScaling: {"scale": 2.0, "mode": "fan_avg", "distribution": "uniform",
                                   "seed": 3, "input_axes": [0], "output_axes": [1]},
    initializers.GlorotUniform: {"seed": 3},
    initializers.GlorotNormal: {"seed": 3, "input_axes": [0], "output_axes": [1]},
    initializers.HeUniform: {"seed": 3},
    initializers.HeNormal: {"seed": 3},
    initializers.LecunUniform: {"seed": 3},
    initializers.LecunNormal: {"seed": 3},
    initializers.Orthogonal: {"gain": 2.0, "seed": 3},
    initializers.STFT: {"side": "imag", "window": "hamming", "scaling": "spectrum",
                        "periodic": True},
}


@pytest.fixture
def restore_floatx():
    floatx = config.floatx()
    yield
    config.set_floatx(floatx)


@pytest.mark.parametrize("cls", RANDOM_CLASSES + DETERMINISTIC_CLASSES)
@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_shape_dtype_device(cls, dtype):
    values = cls()((4, 6), dtype=dtype)
    assert tuple(values.shape) == (4, 6)
    assert values.dtype == getattr(torch, dtype)
    assert values.device.type == "cpu"


@pytest.mark.parametrize("cls", RANDOM_CLASSES + DETERMINISTIC_CLASSES)
def test_default_dtype_is_floatx(cls, restore_floatx):
    assert cls()((3, 3)).dtype == torch.float32
    config.set_floatx("float64")
    assert cls()((3, 3)).dtype == torch.float64


@pytest.mark.parametrize("cls", [c for c in RANDOM_CLASSES if c is not initializers.Orthogonal])
@pytest.mark.parametrize("shape", [(), (5,), (3, 3, 2, 4)])
def test_random_shapes(cls, shape):
    assert tuple(cls()(shape).shape) == shape


@pytest.mark.parametrize("cls", RANDOM_CLASSES)
def test_integer_seed_repeats(cls):
    init = cls(seed=7)
    assert torch.equal(init((20, 30)), init((20, 30)))
    assert torch.equal(init((20, 30)), cls(seed=7)((20, 30)))
    assert not torch.equal(init((20, 30)), cls(seed=8)((20, 30)))


@pytest.mark.parametrize("cls", RANDOM_CLASSES)
def test_unseeded_follows_global_seed(cls):
    init = cls()
    set_random_seed(1337)
    first, second = init((20, 30)), init((20, 30))
    assert not torch.equal(first, second)
    set_random_seed(1337)
    assert torch.equal(init((20, 30)), first)


@pytest.mark.parametrize("cls", RANDOM_CLASSES)
def test_random_rejects_integer_dtype(cls):
    with pytest.raises(ValueError, match="floating-point"):
        cls()((2, 2), dtype="int32")


@pytest.mark.parametrize("seed", ["a", 1.5, np.int64(3)])
def test_rejects_bad_seed(seed):
    with pytest.raises(ValueError, match="`seed` argument"):
        initializers.RandomNormal(seed=seed)


@pytest.mark.parametrize(
    "shape, expected",
    [
        ((), (1, 1)),
        ((7,), (7, 7)),
        ((3, 5), (3, 5)),
        ((3, 16, 32), (48, 96)),
        ((3, 3, 16, 32), (144, 288)),
        ((2, 3, 3, 16, 32), (288, 576)),
    ],
)
def test_compute_fans(shape, expected):
    assert compute_fans(shape) == expected


def test_compute_fans_with_axes():
    assert compute_fans((2, 3, 4, 5), input_axes=[0, 2], output_axes=[1, 3]) == (8, 15)


@pytest.mark.parametrize(
    "cls, limit",
    [
        (initializers.GlorotUniform, math.sqrt(6 / (144 + 288))),
        (initializers.HeUniform, math.sqrt(6 / 144)),
        (initializers.LecunUniform, math.sqrt(3 / 144)),
    ],
)
def test_uniform_variance_scaling_on_conv_kernel(cls, limit):
    values = cls(seed=1)((3, 3, 16, 32))
    assert values.abs().max() <= limit
    assert values.abs().max() > 0.99 * limit
    assert values.std().item() == pytest.approx(limit / math.sqrt(3), rel=0.02)


@pytest.mark.parametrize(
    "cls, stddev",
    [
        (initializers.GlorotNormal, math.sqrt(2 / (144 + 288))),
        (initializers.HeNormal, math.sqrt(2 / 144)),
        (initializers.LecunNormal, math.sqrt(1 / 144)),
    ],
)
def test_normal_variance_scaling_on_conv_kernel(cls, stddev):
    values = cls(seed=1)((3, 3, 16, 32))
    # The truncated draws have the requested stddev after truncation.
    assert values.std().item() == pytest.approx(stddev, rel=0.03)
    assert values.abs().max() < 2 * stddev / 0.87962566103423978


@pytest.mark.parametrize("mode, fan", [("fan_in", 200), ("fan_out", 300), ("fan_avg", 250)])
@pytest.mark.parametrize("distribution", ["truncated_normal", "untruncated_normal", "uniform"])
def test_variance_scaling_variance(mode, fan, distribution):
    values = initializers.VarianceScaling(3.0, mode, distribution, seed=2)((200, 300))
    assert values.var().item() == pytest.approx(3.0 / fan, rel=0.03)
    assert values.mean().item() == pytest.approx(0.0, abs=5 * math.sqrt(3.0 / fan / 60000))


def test_variance_scaling_normal_means_truncated():
    assert initializers.VarianceScaling(distribution="Normal").distribution == "truncated_normal"


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"scale": 0.0}, "`scale` must be positive"),
        ({"mode": "fan"}, "Invalid `mode`"),
        ({"distribution": "cauchy"}, "Invalid `distribution`"),
    ],
)
def test_variance_scaling_rejects(kwargs, match):
    with pytest.raises(ValueError, match=match):
        initializers.VarianceScaling(**kwargs)


def test_truncated_normal_stays_within_two_stddevs():
    # 2M draws: about 9 values have all four candidates outside (-2, 2) and are redrawn.
    values = initializers.TruncatedNormal(mean=1.0, stddev=3.0, seed=0)((2_000_000,))
    assert values.min() > 1.0 - 6.0 and values.max() < 1.0 + 6.0
    assert values.std().item() == pytest.approx(3.0 * 0.87962566103423978, rel=0.01)


def test_standard_truncated_normal_redraws_misses():
    generator = torch.Generator().manual_seed(0)
    values = _random._standard_truncated_normal((500_000,), generator, torch.float64)
    assert values.abs().max() < 2


def test_random_normal_and_uniform_moments():
    normal = initializers.RandomNormal(mean=1.0, stddev=2.0, seed=0)((200, 300))
    assert normal.mean().item() == pytest.approx(1.0, abs=0.05)
    assert normal.std().item() == pytest.approx(2.0, rel=0.02)
    uniform = initializers.RandomUniform(minval=-1.0, maxval=3.0, seed=0)((200, 300))
    assert uniform.min() >= -1.0 and uniform.max() < 3.0
    assert uniform.mean().item() == pytest.approx(1.0, abs=0.05)


@pytest.mark.parametrize("shape", [(5, 5), (6, 3), (3, 6), (3, 3, 4, 8), (2, 2, 8, 4)])
@pytest.mark.parametrize("gain", [1.0, 0.5])
def test_orthogonal(shape, gain):
    values = initializers.Orthogonal(gain=gain, seed=0)(shape, dtype="float64")
    assert tuple(values.shape) == shape
    matrix = values.reshape(-1, shape[-1])
    gram = matrix.T @ matrix if matrix.shape[0] >= matrix.shape[1] else matrix @ matrix.T
    torch.testing.assert_close(gram, gain**2 * torch.eye(gram.shape[0], dtype=torch.float64))


def test_orthogonal_rejects_vectors():
    with pytest.raises(ValueError, match="at least two-dimensional"):
        initializers.Orthogonal()((4,))


def test_constant():
    assert torch.equal(initializers.Constant(2.5)((2, 3)), torch.full((2, 3), 2.5))
    assert torch.equal(initializers.Constant(2.5)((2,), dtype="int32"),
                       torch.tensor([2, 2], dtype=torch.int32))
    row = np.array([1.0, 2.0, 3.0])
    expected = torch.tensor(np.stack([row, row]), dtype=torch.float32)
    assert torch.equal(initializers.Constant(row)((2, 3)), expected)


def test_constant_does_not_alias_its_value():
    value = torch.zeros(3)
    out = initializers.Constant(value)((3,))
    out += 1
    assert torch.equal(value, torch.zeros(3))


@pytest.mark.parametrize(
    "value", [2.0, np.float32(2.0), np.array([1.0, 2.0]), torch.tensor([1, 2], dtype=torch.int32)]
)
def test_constant_config_round_trip(value):
    init = initializers.Constant(value)
    rebuilt = initializers.Constant.from_config(init.get_config())
    assert torch.equal(rebuilt((3, 2), dtype="float64"), init((3, 2), dtype="float64"))


@pytest.mark.parametrize("dtype", ["int32", "bool", "float32"])
def test_zeros_ones_any_dtype(dtype):
    assert torch.equal(initializers.Zeros()((2, 2), dtype=dtype),
                       torch.zeros(2, 2, dtype=getattr(torch, dtype)))
    assert torch.equal(initializers.Ones()((2, 2), dtype=dtype),
                       torch.ones(2, 2, dtype=getattr(torch, dtype)))


def test_identity():
    assert torch.equal(initializers.Identity(gain=3.0)((2, 3)),
                       torch.tensor([[3.0, 0.0, 0.0], [0.0, 3.0, 0.0]]))
    assert initializers.Identity(gain=2.0)((2, 2), dtype="int32").dtype == torch.int32
    with pytest.raises(ValueError, match="only be used for 2D"):
        initializers.Identity()((2, 2, 2))


def test_stft():
    pytest.importorskip("scipy")
    real = initializers.STFT("real", window=None)((8, 1, 5))
    imag = initializers.STFT("imag", window=None)((8, 1, 5))
    assert tuple(real.shape) == (8, 1, 5)
    # Column f of the kernel is the DFT basis exp(-2i pi t f / 8).
    basis = torch.fft.fft(torch.eye(8), dim=0)[:, :5]
    torch.testing.assert_close(real[:, 0], basis.real, atol=1e-5, rtol=0)
    torch.testing.assert_close(imag[:, 0], basis.imag, atol=1e-5, rtol=0)
    window = torch.hann_window(8, periodic=False, dtype=torch.float64)
    scaled = initializers.STFT(window="hann", scaling="spectrum")((8, 1, 5), dtype="float64")
    torch.testing.assert_close(scaled[:, 0, 0], window / window.sum())


@pytest.mark.parametrize(
    "kwargs, match",
    [({"side": "both"}, "side should be"), ({"scaling": "l3"}, "Scaling is invalid")],
)
def test_stft_rejects(kwargs, match):
    with pytest.raises(ValueError, match=match):
        initializers.STFT(**kwargs)


def test_stft_rejects_window_of_wrong_length():
    with pytest.raises(ValueError, match="shape of `window`"):
        initializers.STFT(window=[1.0, 2.0])((3, 1, 3))


@pytest.mark.parametrize("cls", sorted(CUSTOM_ARGS, key=lambda c: c.__name__))
def test_config_round_trip_and_clone(cls):
    init = cls(**CUSTOM_ARGS[cls])
    config = init.get_config()
    rebuilt = cls.from_config(config)
    assert rebuilt.get_config() == config
    assert init.clone().get_config() == config
    if cls is not initializers.STFT:
        assert torch.equal(rebuilt((6, 4)), init((6, 4)))


def test_base_initializer():
    with pytest.raises(NotImplementedError):
        initializers.Initializer()((2, 2))
    assert initializers.Initializer().get_config() == {}


# ----------------------------------------------------------------- lookup


@pytest.mark.parametrize("name", sorted(set(ALL_OBJECTS_DICT) - {"Initializer", "initializer"}))
def test_get_by_name(name):
    init = initializers.get(name)
    assert type(init) is ALL_OBJECTS_DICT[name]
    assert type(initializers.deserialize(name)) is ALL_OBJECTS_DICT[name]


def test_snake_case_aliases_are_the_classes():
    assert initializers.glorot_uniform is initializers.GlorotUniform
    assert initializers.zeros is initializers.Zeros
    assert initializers.OrthogonalInitializer is initializers.Orthogonal


def test_get_other_identifiers():
    assert initializers.get(None) is None
    init = initializers.HeNormal(seed=1)
    assert initializers.get(init) is init
    assert type(initializers.get(initializers.Ones)) is initializers.Ones

    def fn(shape, dtype=None):
        return torch.zeros(shape)

    assert initializers.get(fn) is fn
    config = {"class_name": "RandomNormal", "config": {"stddev": 2.0}}
    assert initializers.get(config).stddev == 2.0


@pytest.mark.parametrize("values", [np.arange(6.0).reshape(2, 3), torch.arange(6.0).reshape(2, 3)])
def test_get_from_values(values):
    init = initializers.get(values)
    out = init((2, 3), dtype="float64")
    assert out.dtype == torch.float64
    np.testing.assert_array_equal(out.numpy(), np.arange(6.0).reshape(2, 3))
    out += 1  # A copy: the source values are untouched.
    assert float(values[0, 0]) == 0.0
    with pytest.raises(ValueError, match="Expected `shape` to be"):
        init((3, 2))


@pytest.mark.parametrize("identifier", ["typo", 3])
def test_get_rejects_unknown(identifier):
    with pytest.raises(ValueError, match="Could not interpret initializer identifier"):
        initializers.get(identifier)


@pytest.mark.parametrize("cls", sorted(CUSTOM_ARGS, key=lambda c: c.__name__))
def test_serialize_round_trip(cls):
    init = cls(**CUSTOM_ARGS[cls])
    serialized = initializers.serialize(init)
    assert serialized["module"] == "keras.initializers"
    assert serialized["class_name"] == cls.__name__
    assert serialized["config"] == init.get_config()
    rebuilt = initializers.deserialize(serialized)
    assert type(rebuilt) is cls and rebuilt.get_config() == init.get_config()


def test_serialize_passes_names_and_none():
    assert initializers.serialize(None) is None
    assert initializers.serialize("he_normal") == "he_normal"


def test_custom_initializer():
    @register_keras_serializable(package="InitializersTest")
    class Twos(initializers.Initializer):
        def __call__(self, shape, dtype=None):
            return 2 * initializers.Ones()(shape, dtype)

    config = initializers.serialize(Twos())
    assert type(initializers.deserialize(config)) is Twos
    assert type(initializers.get("InitializersTest>Twos")) is Twos
    assert type(initializers.deserialize({"class_name": "Mine", "config": {}},
                                         custom_objects={"Mine": Twos})) is Twos


@pytest.mark.parametrize(
    "module",
    ["initializer", "constant_initializers", "random_initializers", "variance_scaling",
     "glorot", "he", "lecun", "orthogonal", "stft", "serialization"],
)
def test_docstring_examples(module):
    if module == "stft":
        pytest.importorskip("scipy")
    mod = importlib.import_module(f"kerastorch.initializers.{module}")
    globs = {**vars(initializers), "torch": torch, "kerastorch": kerastorch}
    result = doctest.testmod(mod, extraglobs=globs, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
