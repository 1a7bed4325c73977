"""`pad_sequences`: lists of sequences to one padded NumPy array."""

import numpy as np

from kerastorch.api_export import keras_export


@keras_export("keras.utils.pad_sequences", "keras.preprocessing.sequence.pad_sequences")
def pad_sequences(sequences, maxlen=None, dtype="int32", padding="pre", truncating="pre",
                  value=0.0) -> np.ndarray:
    """Pads (and truncates) sequences to the same length.

    Args:
        sequences: List of sequences (lists or arrays; items may be arrays).
        maxlen: Length of the result; default: the longest sequence's.
        dtype: Dtype of the result.
        padding: `"pre"` or `"post"`: where the padding goes.
        truncating: `"pre"` or `"post"`: which end of a long sequence is cut.
        value: The padding value.

    Returns:
        An array of shape `(len(sequences), maxlen) + item shape`.

    Raises:
        ValueError: On a non-iterable sequence, an unknown `padding` /
            `truncating`, items of different shapes, or a string `value` for a
            non-string dtype.

    Example:

    >>> pad_sequences([[1, 2, 3], [4, 5], [6]])
    array([[1, 2, 3],
           [0, 4, 5],
           [0, 0, 6]], dtype=int32)
    """
    lengths, item_shape = [], None
    for sequence in sequences:
        try:
            lengths.append(len(sequence))
        except TypeError as error:
            raise ValueError(
                f"`sequences` must be a list of iterables. Found non-iterable: {sequence}"
            ) from error
        if item_shape is None and len(sequence):
            item_shape = np.asarray(sequence).shape[1:]
    item_shape = item_shape or ()
    if maxlen is None:
        maxlen = max(lengths) if lengths else 0
    is_string_dtype = np.issubdtype(dtype, np.str_) or np.issubdtype(dtype, np.bytes_)
    if isinstance(value, str) and dtype is not object and not is_string_dtype:
        raise ValueError(
            f"`dtype` {dtype} is not compatible with `value`'s type: {type(value)}\n"
            "You should set `dtype=object` for variable length strings."
        )
    padded = np.full((len(lengths), maxlen) + item_shape, value, dtype=dtype)
    for index, sequence in enumerate(sequences):
        if not len(sequence):
            continue
        if truncating not in ("pre", "post"):
            raise ValueError(f'Truncating type "{truncating}" not understood')
        kept = sequence[-maxlen:] if truncating == "pre" else sequence[:maxlen]
        kept = np.asarray(kept, dtype=dtype)
        if kept.shape[1:] != item_shape:
            raise ValueError(
                f"Shape of sample {kept.shape[1:]} of sequence at position {index} is "
                f"different from expected shape {item_shape}"
            )
        if padding == "post":
            padded[index, :len(kept)] = kept
        elif padding == "pre":
            padded[index, len(padded[index]) - len(kept):] = kept
        else:
            raise ValueError(f'Padding type "{padding}" not understood')
    return padded
