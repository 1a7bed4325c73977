"""`keras.utils` helpers against real Keras: pad_sequences and the re-exported switches."""

import keras
import numpy as np
import pytest

import kerastorch

SEQUENCES = [[1, 2, 3, 4], [5, 6], [], [7]]


@pytest.mark.parametrize("kwargs", [
    {}, {"maxlen": 3}, {"padding": "post"}, {"truncating": "post", "maxlen": 2},
    {"value": -1, "dtype": "float32"}, {"maxlen": 6, "padding": "post", "value": 9},
])
def test_pad_sequences_matches_keras(kwargs):
    expected = keras.utils.pad_sequences(SEQUENCES, **kwargs)
    received = kerastorch.utils.pad_sequences(SEQUENCES, **kwargs)
    np.testing.assert_array_equal(received, expected)
    assert received.dtype == expected.dtype


def test_pad_sequences_of_vectors_matches_keras():
    sequences = [np.ones((3, 2)), np.zeros((1, 2))]
    np.testing.assert_array_equal(kerastorch.utils.pad_sequences(sequences, dtype="float32"),
                                  keras.utils.pad_sequences(sequences, dtype="float32"))


@pytest.mark.parametrize("kwargs", [{"padding": "middle"}, {"truncating": "middle",
                                                            "maxlen": 1}])
def test_pad_sequences_errors_match_keras(kwargs):
    with pytest.raises(ValueError):
        keras.utils.pad_sequences(SEQUENCES, **kwargs)
    with pytest.raises(ValueError, match="not understood"):
        kerastorch.utils.pad_sequences(SEQUENCES, **kwargs)


def test_pad_sequences_non_iterable_raises_value_error():
    with pytest.raises(ValueError, match="non-iterable"):
        kerastorch.utils.pad_sequences([[1], 3])


@pytest.mark.parametrize("name", ["clear_session", "standardize_dtype", "is_keras_tensor",
                                  "enable_interactive_logging", "disable_interactive_logging",
                                  "is_interactive_logging_enabled", "pad_sequences"])
def test_keras_utils_names_exist(name):
    assert hasattr(keras.utils, name)
    assert callable(getattr(kerastorch.utils, name))
