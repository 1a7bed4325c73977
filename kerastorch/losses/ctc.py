"""Connectionist Temporal Classification (CTC) loss, on torch's native `ctc_loss`."""

import torch
import torch.nn.functional as F

from kerastorch.api_export import keras_export
from kerastorch.losses.loss import FixedLossFunctionWrapper
from kerastorch.losses.tensor_utils import to_tensor


@keras_export("keras.losses.ctc")
def ctc(y_true, y_pred) -> torch.Tensor:
    """Computes the CTC loss of label sequences under per-frame logits.

    Class 0 is the blank and also pads the labels: a label sequence's length
    is its count of non-zero entries. Every input sequence is taken at full
    length (`max_length` frames).

    torch's `ctc_loss` reads the sequence lengths on the host, so on an
    accelerator this loss waits for the device, as it does in Keras.

    Args:
        y_true: Integer labels, shape `(batch_size, max_label_length)`,
            padded with 0.
        y_pred: Logits, shape `(batch_size, max_length, num_classes)`.

    Returns:
        The negative log-likelihoods, shape `(batch_size,)`.

    Raises:
        ValueError: if `y_true` is not rank 2 or `y_pred` not rank 3.

    Example:

    >>> ctc(np.array([[1, 2, 0]]), np.zeros((1, 6, 4), "float32")).shape
    torch.Size([1])
    """
    y_pred = to_tensor(y_pred)
    y_true = to_tensor(y_true, device=y_pred.device)
    if y_true.ndim != 2:
        raise ValueError(
            "Targets `y_true` are expected to be a tensor of shape `(batch_size, max_length)` in "
            f"integer format. Received: y_true.shape={tuple(y_true.shape)}"
        )
    if y_pred.ndim != 3:
        raise ValueError(
            "Logits `y_pred` are expected to be a tensor of shape "
            f"`(batch_size, max_length, num_classes)`. Received: y_pred.shape={tuple(y_pred.shape)}"
        )
    if y_pred.dtype in (torch.float16, torch.bfloat16):
        y_pred = y_pred.float()
    batch_size, max_length = y_pred.shape[:2]
    input_lengths = torch.full((batch_size,), max_length, dtype=torch.int32, device=y_pred.device)
    label_lengths = torch.sum(y_true != 0, dim=-1, dtype=torch.int32)
    log_probs = F.log_softmax(y_pred.transpose(0, 1), dim=-1)
    return F.ctc_loss(log_probs, y_true.long(), input_lengths, label_lengths, blank=0, reduction="none")


@keras_export("keras.losses.CTC")
class CTC(FixedLossFunctionWrapper):
    """Connectionist Temporal Classification loss (blank and padding class 0).

    Args:
        reduction: The reduction (see `Loss`); defaults to `"sum_over_batch_size"`.
        name: Name of the loss; defaults to `"ctc"`.
        dtype: Dtype of the computations; defaults to `floatx()`.

    Example:

    >>> CTC()(np.array([[1, 2, 0]]), np.zeros((1, 6, 4), "float32"))
    """

    def __init__(self, reduction="sum_over_batch_size", name="ctc", dtype=None):
        super().__init__(ctc, reduction, name, dtype)
