"""`CSVLogger`: writes each epoch's results as a row of a CSV file."""

import collections
import csv
import os

import numpy as np

from kerastorch.api_export import keras_export
from kerastorch.callbacks.callback import Callback


def _csv_value(value):
    """A log value as Keras writes it: 1-D iterables as a quoted `"[a, b]"` string."""
    if isinstance(value, str):
        return value
    if isinstance(value, collections.abc.Iterable) and not (
        isinstance(value, np.ndarray) and value.ndim == 0
    ):
        return f'"[{", ".join(map(str, value))}]"'
    return value


@keras_export("keras.callbacks.CSVLogger")
class CSVLogger(Callback):
    """Streams the results of every epoch to a CSV file.

    The first row is the header: `epoch`, then the sorted log keys of the
    first epoch; when that epoch had no validation results, `val_` columns are
    added for every key (written `NA` while there are none). Values are
    written as Python writes floats (`repr`), rows end with `\\r\\n` (the csv
    module's Excel dialect), exactly as in Keras. Any value that can be
    represented as a string is supported, including 1-D arrays.

    Args:
        filename: Path of the CSV file, e.g. `"run/log.csv"`.
        separator: String separating the fields of a row.
        append: Whether to append to an existing file (to continue a
            training run; the header is written only if the file is empty)
            instead of overwriting it.

    Example:

    ```python
    csv_logger = kerastorch.callbacks.CSVLogger("training.log")
    model.fit(x_train, y_train, callbacks=[csv_logger])
    ```
    """

    def __init__(self, filename, separator: str = ",", append: bool = False):
        super().__init__()
        self.sep = separator
        self.filename = os.fspath(filename)
        self.append = append
        self.writer = None
        self.keys = None
        self.append_header = True
        self.csv_file = None

    def on_train_begin(self, logs=None) -> None:
        """Opens the file (appending or overwriting) and forgets the previous columns."""
        if self.append:
            if os.path.exists(self.filename):
                with open(self.filename) as f:
                    self.append_header = not bool(len(f.readline()))
            mode = "a"
        else:
            mode = "w"
        if self.csv_file and not self.csv_file.closed:
            self.csv_file.close()
        self.csv_file = open(self.filename, mode)
        self.writer = None
        self.keys = None

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        """Writes the epoch's row (and, at the first epoch, the header) and flushes."""
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs.keys())
            if self.keys and not any(key.startswith("val_") for key in self.keys):
                self.keys.extend([f"val_{key}" for key in self.keys])
        if not self.writer:

            class CustomDialect(csv.excel):
                delimiter = self.sep

            self.writer = csv.DictWriter(
                self.csv_file, fieldnames=["epoch"] + self.keys, dialect=CustomDialect
            )
            if self.append_header:
                self.writer.writeheader()
        row = {"epoch": epoch}
        row.update((key, _csv_value(logs.get(key, "NA"))) for key in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None) -> None:
        """Closes the file."""
        if self.csv_file and not self.csv_file.closed:
            self.csv_file.close()
        self.writer = None
