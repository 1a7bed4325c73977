"""Math `keras.ops` (segments, top-k, logsumexp, cdist, Fourier transforms, erf...)
side by side with `keras.ops` on its torch backend."""

import numpy as np
import pytest
import torch

from tests.compat.ops_checks import (
    output_and_gradient,
    run_eager_case,
    run_error_case,
    run_symbolic_case,
)


def _floats(*shape, dtype="float32", seed=0):
    """Normal samples, the same on every call with the same arguments."""
    rng = np.random.default_rng([seed, *shape])
    return torch.from_numpy(rng.normal(size=shape).astype(dtype))


def _ints(*shape, low=-5, high=6):
    rng = np.random.default_rng([low + 10, high + 10, *shape])
    return torch.from_numpy(rng.integers(low, high, size=shape).astype("int32"))


DATA = _floats(6, 3)
DATA_INT = _ints(6, 3)
IDS = torch.tensor([0, 0, 1, 2, 2, 1])
IDS_OUTSIDE = torch.tensor([0, -1, 1, 5, 1, 0])
SCORES = _floats(4, 6)
SIGNAL = _floats(2, 3, 40)
SQUARE = _floats(3, 4, 4)
SPD = SQUARE @ SQUARE.transpose(-1, -2) + 4 * torch.eye(4)
PAIR = (_floats(3, 8), _floats(3, 8, seed=1))
PAIR64 = (_floats(2, 6, dtype="float64"), _floats(2, 6, dtype="float64", seed=1))
HALF_SPECTRUM = (_floats(2, 5), _floats(2, 5, seed=1))


def _call(op, *args, **kwargs):
    """The case `library.ops.<op>(*args, **kwargs)`."""
    return lambda k: getattr(k.ops, op)(*args, **kwargs)


def _symbolic_segments(op):
    return lambda k: getattr(k.ops, op)(k.Input((3,)), k.Input((), dtype="int32"),
                                        num_segments=4)


def _stft_roundtrip(k, length, stride, fft_length, window="hann", center=True, out_length=None):
    spectrum = k.ops.stft(SIGNAL, length, stride, fft_length, window=window, center=center)
    return spectrum, k.ops.istft(spectrum, length, stride, fft_length, length=out_length,
                                 window=window, center=center)


EAGER = {
    **{f"{op}_{name}": _call(op, data, ids, **kwargs)
       for op in ("segment_sum", "segment_max", "segment_min", "segment_prod")
       for name, data, ids, kwargs in [
           ("float", DATA, IDS, {"num_segments": 3}),
           ("float_inferred", DATA, IDS, {}),
           ("int", DATA_INT, IDS, {"num_segments": 3, "sorted": True}),
           ("dropped_ids", DATA, IDS_OUTSIDE, {"num_segments": 3}),
           ("empty_segment", DATA[:, 0], IDS, {"num_segments": 5}),
       ]},
    "segment_sum_int_empty": _call("segment_sum", DATA_INT, IDS, num_segments=4),
    "segment_prod_int_empty": _call("segment_prod", DATA_INT, IDS, num_segments=4),
    "top_k": lambda k: k.ops.top_k(SCORES, 3),
    "top_k_unsorted": lambda k: k.ops.top_k(SCORES, 2, sorted=False),
    "top_k_int": lambda k: k.ops.top_k(_ints(3, 7, low=0, high=100), 4),
    "top_k_list": lambda k: k.ops.top_k([5, 2, 7, 1, 9], k=2),
    "in_top_k": lambda k: k.ops.in_top_k(torch.tensor([0, 5, 3, 2]), SCORES, 2),
    "in_top_k_ties": lambda k: k.ops.in_top_k(
        [2, 5, 3], [[0.1, 0.4, 0.6, 0.9, 0.5, 0], [0.1, 0.7, 0.9, 0.8, 0.3, 0],
                    [0.1, 0.6, 0.9, 0.9, 0.5, 0]], 3),
    "logsumexp": lambda k: k.ops.logsumexp(SCORES),
    "logsumexp_axis": lambda k: k.ops.logsumexp(SCORES, axis=1),
    "logsumexp_axes_keepdims": lambda k: k.ops.logsumexp(SIGNAL, axis=(0, 2), keepdims=True),
    "logsumexp_float64": lambda k: k.ops.logsumexp(SCORES.double(), axis=-1),
    "logsumexp_int": lambda k: k.ops.logsumexp(_ints(3, 4), axis=0),
    "cdist": lambda k: k.ops.cdist(_floats(3, 4), _floats(5, 4)),
    "cdist_batched": lambda k: k.ops.cdist(_floats(2, 3, 4), _floats(2, 5, 4)),
    "cdist_broadcast": lambda k: k.ops.cdist(_floats(1, 3, 4), _floats(2, 5, 4)),
    "cdist_int": lambda k: k.ops.cdist(_ints(3, 2), _ints(4, 2)),
    "cdist_float64": lambda k: k.ops.cdist(_floats(3, 2, dtype="float64"), _floats(4, 2)),
    "extract_sequences": lambda k: k.ops.extract_sequences(SIGNAL, 8, 3),
    "extract_sequences_list": lambda k: k.ops.extract_sequences([1, 2, 3, 4, 5, 6], 3, 2),
    "extract_sequences_gaps": lambda k: k.ops.extract_sequences(_ints(2, 10), 2, 4),
    "fft": lambda k: k.ops.fft(PAIR),
    "fft_float64": lambda k: k.ops.fft(PAIR64),
    "fft2": lambda k: k.ops.fft2(PAIR),
    "fft2_batched": lambda k: k.ops.fft2((_floats(2, 3, 4), _floats(2, 3, 4, seed=1))),
    "ifft2": lambda k: k.ops.ifft2(PAIR),
    "ifft2_float64": lambda k: k.ops.ifft2(PAIR64),
    "rfft": lambda k: k.ops.rfft(SIGNAL),
    "rfft_crop": lambda k: k.ops.rfft(SIGNAL, fft_length=16),
    "rfft_pad": lambda k: k.ops.rfft(PAIR64[0], fft_length=9),
    "irfft": lambda k: k.ops.irfft(HALF_SPECTRUM),
    "irfft_odd": lambda k: k.ops.irfft(HALF_SPECTRUM, fft_length=9),
    "irfft_roundtrip": lambda k: k.ops.irfft(k.ops.rfft(SIGNAL, 41), 41),
    "stft_1d": lambda k: k.ops.stft(SIGNAL[0, 0], 8, 4, 8),
    "stft_2d_hamming": lambda k: k.ops.stft(SIGNAL[0], 8, 3, 16, window="hamming"),
    "stft_3d_no_center": lambda k: k.ops.stft(SIGNAL, 10, 5, 16, center=False),
    "stft_no_window": lambda k: k.ops.stft(SIGNAL.double(), 6, 2, 8, window=None),
    "stft_array_window": lambda k: k.ops.stft(SIGNAL[0], 4, 2, 4,
                                              window=np.array([0.1, 1.0, 1.0, 0.5])),
    "istft_torch_path": lambda k: _stft_roundtrip(k, 8, 2, 8),
    "istft_torch_path_length": lambda k: _stft_roundtrip(k, 8, 4, 8, out_length=37),
    "istft_padded_window": lambda k: _stft_roundtrip(k, 6, 2, 8),
    "istft_no_center": lambda k: _stft_roundtrip(k, 8, 2, 8, center=False),
    "istft_no_window": lambda k: _stft_roundtrip(k, 8, 2, 8, window=None),
    "istft_hamming_length": lambda k: _stft_roundtrip(k, 7, 3, 10, window="hamming",
                                                      out_length=30),
    "istft_float64": lambda k: k.ops.istft(
        k.ops.stft(SIGNAL[0].double(), 6, 3, 8), 6, 3, 8),
    **{f"{op}_{name}": _call(op, x)
       for op in ("rsqrt", "erf", "erfc", "erfinv")
       for name, x in [("float32", torch.sigmoid(_floats(3, 4))),
                       ("float64", torch.sigmoid(_floats(5, dtype="float64"))),
                       ("list", [0.25, 0.5])]},
    **{f"{op}_int": _call(op, _ints(3, low=1, high=9)) for op in ("rsqrt", "erf", "erfc")},
    "logdet": lambda k: k.ops.logdet(SPD),
    "logdet_matrix": lambda k: k.ops.logdet(SPD[0].double()),
    "view_as_complex": lambda k: k.ops.view_as_complex(_floats(3, 2)),
    "view_as_complex_float64": lambda k: k.ops.view_as_complex(np.ones((2, 4, 2))),
    "view_as_real": lambda k: k.ops.view_as_real(torch.complex(_floats(3), _floats(3, seed=1))),
    "view_as_real_numpy": lambda k: k.ops.view_as_real(np.array([1 + 2j, 3 - 4j])),
    "gradient_segment_sum": lambda k: output_and_gradient(k, "segment_sum", DATA, IDS,
                                                          num_segments=3),
    "gradient_segment_max": lambda k: output_and_gradient(k, "segment_max", DATA, IDS,
                                                          num_segments=3),
    "gradient_top_k": lambda k: output_and_gradient(k, "top_k", SCORES, 2),
    "gradient_logsumexp": lambda k: output_and_gradient(k, "logsumexp", SCORES, axis=1),
    "gradient_cdist": lambda k: output_and_gradient(k, "cdist", _floats(2, 3, 4), _floats(2, 5, 4)),
    "gradient_rsqrt": lambda k: output_and_gradient(k, "rsqrt", torch.sigmoid(SCORES)),
    "gradient_stft": lambda k: output_and_gradient(k, "stft", SIGNAL, 8, 4, 8),
}

SYMBOLIC = {
    **{op: _symbolic_segments(op)
       for op in ("segment_sum", "segment_max", "segment_min", "segment_prod")},
    "segment_sum_unknown": lambda k: k.ops.segment_sum(k.Input((3,), dtype="int32"),
                                                       k.Input((), dtype="int32")),
    "top_k": lambda k: k.ops.top_k(k.Input((5,), dtype="float64"), 2, sorted=False),
    "in_top_k": lambda k: k.ops.in_top_k(k.Input((), dtype="int32"), k.Input((5,)), 2),
    "logsumexp": lambda k: k.ops.logsumexp(k.Input((3, 4), dtype="float64"), axis=1),
    "logsumexp_all": lambda k: k.ops.logsumexp(k.Input((3,)), keepdims=True),
    "cdist": lambda k: k.ops.cdist(k.Input((3, 4)), k.Input((5, 4))),
    "cdist_int": lambda k: k.ops.cdist(k.Input((3, 4), dtype="int32"), np.ones((5, 4))),
    "extract_sequences": lambda k: k.ops.extract_sequences(k.Input((20,)), 4, 3),
    "extract_sequences_unknown": lambda k: k.ops.extract_sequences(k.Input((None,)), 4, 3),
    "fft": lambda k: k.ops.fft((k.Input((8,)), k.Input((8,)))),
    "fft2": lambda k: k.ops.fft2((k.Input((4, 8)), k.Input((4, 8)))),
    "ifft2": lambda k: k.ops.ifft2((k.Input((4, 8)), k.Input((4, 8)))),
    "rfft": lambda k: k.ops.rfft(k.Input((9,))),
    "rfft_length": lambda k: k.ops.rfft(k.Input((9,)), fft_length=16),
    "irfft": lambda k: k.ops.irfft((k.Input((5,)), k.Input((5,)))),
    "irfft_length": lambda k: k.ops.irfft((k.Input((5,)), k.Input((5,))), fft_length=9),
    "stft": lambda k: k.ops.stft(k.Input((40,)), 8, 3, 16),
    "stft_no_center": lambda k: k.ops.stft(k.Input((40,)), 8, 3, 16, window=None, center=False),
    "istft": lambda k: k.ops.istft((k.Input((11, 9)), k.Input((11, 9))), 16, 4, 16),
    "istft_length": lambda k: k.ops.istft((k.Input((11, 9)), k.Input((11, 9))), 16, 4, 16,
                                          length=30, center=False),
    "rsqrt": lambda k: k.ops.rsqrt(k.Input((3,), dtype="int32")),
    "erf": lambda k: k.ops.erf(k.Input((3,))),
    "erfc": lambda k: k.ops.erfc(k.Input((3,), dtype="int32")),
    "erfinv": lambda k: k.ops.erfinv(k.Input((3,), dtype="float64")),
    "logdet": lambda k: k.ops.logdet(k.Input((3, 3))),
    "view_as_complex": lambda k: k.ops.view_as_complex(k.Input((3, 2))),
    "view_as_real": lambda k: k.ops.view_as_real(k.Input((3,), dtype="complex64")),
}

ERRORS = {
    "segment_ids_rank": lambda k: k.ops.segment_sum(DATA, IDS.reshape(2, 3)),
    "segment_ids_length": lambda k: k.ops.segment_max(DATA, IDS[:4]),
    "segment_symbolic_length": lambda k: k.ops.segment_sum(k.Input((3,), batch_size=4),
                                                           k.Input((), batch_size=5)),
    "cdist_rank": lambda k: k.ops.cdist(torch.ones(3), torch.ones(3)),
    "cdist_last_dim": lambda k: k.ops.cdist(torch.ones(2, 3), torch.ones(2, 4)),
    "cdist_symbolic_batch": lambda k: k.ops.cdist(k.Input((3, 4), batch_size=2),
                                                  k.Input((5, 4), batch_size=3)),
    "fft_not_pair": lambda k: k.ops.fft((PAIR[0], PAIR[1], PAIR[0])),
    "fft_shapes": lambda k: k.ops.fft((PAIR[0], PAIR[1][:, :4])),
    "fft_ints": lambda k: k.ops.fft((_ints(3), _ints(3))),
    "fft_symbolic_unknown": lambda k: k.ops.fft((k.Input((None,)), k.Input((None,)))),
    "fft2_symbolic_rank": lambda k: k.ops.fft2((k.Input(()), k.Input(()))),
    "stft_stride": lambda k: k.ops.stft(SIGNAL, 8, 0, 8),
    "stft_dtype": lambda k: k.ops.stft(_ints(20), 8, 2, 8),
    "stft_fft_length": lambda k: k.ops.stft(SIGNAL, 8, 2, 4),
    "stft_window_name": lambda k: k.ops.stft(SIGNAL, 8, 2, 8, window="kaiser"),
    "stft_window_shape": lambda k: k.ops.stft(SIGNAL, 8, 2, 8, window=np.ones(5)),
    "istft_stride": lambda k: k.ops.istft(HALF_SPECTRUM, 8, 2.5, 8),
    "istft_stride_too_long": lambda k: k.ops.istft(HALF_SPECTRUM, 8, 9, 8, center=False),
    "view_as_complex_size": lambda k: k.ops.view_as_complex(torch.ones(3, 3)),
    "view_as_real_real": lambda k: k.ops.view_as_real(torch.ones(3)),
}


@pytest.mark.parametrize("name", sorted(EAGER))
def test_eager_matches_keras(name):
    run_eager_case(EAGER[name])


@pytest.mark.parametrize("name", sorted(SYMBOLIC))
def test_symbolic_matches_keras(name):
    run_symbolic_case(SYMBOLIC[name])


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_errors_match_keras(name):
    run_error_case(ERRORS[name])
