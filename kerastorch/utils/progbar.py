"""The progress bar that `fit`, `evaluate`, `predict` and `get_file` print.

The output is byte for byte what Keras 3's `keras.utils.Progbar` writes, so
logs and notebooks look the same. One addition: `would_display()` says, without
changing any state, whether an update would redraw, so a caller can skip
reading metric values off the device when nothing is shown.
"""

import logging
import math
import os
import sys
import time
from typing import Iterable, Optional

import numpy as np
import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import logging_config


def print_msg(message: str, line_break: bool = True) -> None:
    """Writes `message` to stdout and flushes, as Keras's `io_utils.print_msg`.

    With interactive logging disabled
    (`kerastorch.config.disable_interactive_logging()`), the message goes to
    the `"kerastorch"` logger at level INFO instead.

    Args:
        message: The text to write.
        line_break: Whether to append a newline.

    Example:

    >>> print_msg("Epoch 1/5")
    Epoch 1/5
    """
    if not logging_config.is_interactive_logging_enabled():
        logging.getLogger("kerastorch").info(message)
        return
    message = f"{message}\n" if line_break else str(message)
    try:
        sys.stdout.write(message)
    except UnicodeEncodeError:
        # A console that cannot encode the bar gets Keras 2's "=" bar instead.
        encoding = sys.stdout.encoding or "utf-8"
        message = message.replace("━", "=")
        sys.stdout.write(message.encode(encoding, errors="ignore").decode(encoding))
    sys.stdout.flush()


def _format_value(value, by_magnitude: bool = True) -> str:
    """Formats a metric average with 4 decimals, or in scientific notation if small.

    "Small" is `abs(value) <= 1e-3`, or `value <= 1e-3` with
    `by_magnitude=False` (Keras's verbose=2 line, where negative values are
    printed in scientific notation).
    """
    small = abs(value) <= 1e-3 if by_magnitude else value <= 1e-3
    return f" {value:.4e}" if small else f" {value:.4f}"


def _as_number(value):
    """Returns a float for a Python float, else the mean of an array or tensor."""
    if isinstance(value, float):
        return value
    if isinstance(value, torch.Tensor):
        return value.detach().double().mean().item()
    return np.mean(value)


@keras_export("keras.utils.Progbar")
class Progbar:
    """Displays a progress bar.

    If neither `stateful_metrics` nor `stateless_metrics` is given, all metrics
    are stateless: the bar shows their average over the steps seen so far.

    Args:
        target: Total number of steps expected, `None` if unknown.
        width: Width of the bar on screen, in characters.
        verbose: Verbosity mode: 0 (silent), 1 (one redrawn line),
            2 (one line when finished).
        interval: Minimum time between two redraws, in seconds.
        stateful_metrics: Names of metrics shown as given, not averaged.
            Give at most one of `stateful_metrics` and `stateless_metrics`.
        stateless_metrics: Names of metrics averaged over time; all others
            are shown as given.
        unit_name: Name of a step in the time-per-step display
            (`"step"`, `"sample"`, ...).

    Example:

    ```python
    bar = Progbar(target=3)
    for step in range(1, 4):
        bar.update(step, values=[("loss", 1.0 / step)])
    # 3/3 ━━━━━━━━━━━━━━━━━━━━ 0s 12ms/step - loss: 0.3333
    ```
    """

    def __init__(
        self,
        target: Optional[int],
        width: int = 20,
        verbose: int = 1,
        interval: float = 0.05,
        stateful_metrics: Optional[Iterable[str]] = None,
        stateless_metrics: Optional[Iterable[str]] = None,
        unit_name: str = "step",
    ):
        if stateful_metrics is not None and stateless_metrics is not None:
            raise ValueError(
                "Only one of `stateful_metrics` or `stateless_metrics` can be "
                f"provided. Received: stateful_metrics={stateful_metrics}, "
                f"stateless_metrics={stateless_metrics}"
            )
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        if stateless_metrics is not None:
            self.stateful_metrics = None
            self.stateless_metrics = set(stateless_metrics)
        else:
            self.stateful_metrics = set(stateful_metrics or ())
            self.stateless_metrics = None

        # Keras's test: "posix" is in `sys.modules` on every Linux and macOS
        # Python, so there the bar always redraws in place with "\r". Kept so
        # that redirected output matches Keras's byte for byte.
        self._dynamic_display = (
            (hasattr(sys.stdout, "isatty") and sys.stdout.isatty())
            or "ipykernel" in sys.modules
            or "posix" in sys.modules
            or "PYCHARM_HOSTED" in os.environ
        )
        self._seen_so_far = 0
        self._values = {}  # name -> [sum of value * steps, steps]
        self._values_order = []
        self._start = time.time()
        self._last_update = 0
        self._time_after_first_step = None
        self._prev_total_width = 0

    def _resolve_finalize(self, current: int, finalize: Optional[bool]) -> bool:
        if finalize is not None:
            return finalize
        return self.target is not None and current >= self.target

    def would_display(
        self,
        current: int,
        finalize: Optional[bool] = None,
        now: Optional[float] = None,
    ) -> bool:
        """Tells whether `update(current, finalize=finalize)` would print.

        Changes no state. The training loop asks this before each batch's
        update and reads metric values off the device only when the answer
        is `True`.

        Args:
            current: Index of the step the update would report.
            finalize: As in `update`; `None` means `current >= target`.
            now: The time of the update, as `time.time()` gives it; defaults
                to the current time. Pass the same `now` to `update` so both
                take the same decision.

        Returns:
            `True` if the update would write to stdout.

        Example:

        >>> bar = Progbar(target=10, interval=3600)
        >>> bar.would_display(10)
        True
        """
        finalize = self._resolve_finalize(current, finalize)
        if self.verbose == 1:
            now = time.time() if now is None else now
            return finalize or not now - self._last_update < self.interval
        if self.verbose == 2:
            return finalize and self.target is not None and self.target > 0
        return False

    def update(
        self,
        current: int,
        values=None,
        finalize: Optional[bool] = None,
        now: Optional[float] = None,
    ) -> None:
        """Updates the progress bar.

        Args:
            current: Index of the current step.
            values: List of `(name, value_for_last_step)` tuples. A stateful
                metric is shown as given; a stateless one is averaged over
                the steps seen.
            finalize: Whether this is the last update; `None` means
                `current >= target`.
            now: The time of the update, as `time.time()` gives it; defaults
                to the current time.

        Example:

        ```python
        bar = Progbar(target=2, verbose=2)
        bar.update(1, [("loss", 0.5)])
        bar.update(2, [("loss", 0.25)])  # 2/2 - 0s - 31us/step - loss: 0.2500
        ```
        """
        finalize = self._resolve_finalize(current, finalize)
        for name, value in values or ():
            if name not in self._values_order:
                self._values_order.append(name)
            if self.stateful_metrics is not None:
                stateless = name not in self.stateful_metrics
            else:
                stateless = name in self.stateless_metrics
            if stateless and not finalize:
                # At least 1: with an unknown target, the last batch and the
                # epoch end report the same `current`.
                steps = max(current - self._seen_so_far, 1)
                if name in self._values:
                    self._values[name][0] += value * steps
                    self._values[name][1] += steps
                else:
                    self._values[name] = [value * steps, steps]
            else:
                self._values[name] = [value, 1]
        self._seen_so_far = current

        now = time.time() if now is None else now
        time_per_unit = self._estimate_step_duration(current, now)
        if self.verbose == 1:
            if now - self._last_update < self.interval and not finalize:
                return
            print_msg(self._line(current, now, time_per_unit, finalize), line_break=False)
        elif self.verbose == 2 and finalize and self.target is not None and self.target > 0:
            numdigits = int(math.log10(self.target)) + 1
            info = f"%{numdigits}d/%d" % (current, self.target)
            info += f" - {now - self._start:.0f}s"
            info += f" -{self._format_time(time_per_unit)}"
            for name in self._values_order:
                info += f" - {name}:" + _format_value(self._average(name), by_magnitude=False)
            print_msg(info + "\n", line_break=False)
        self._last_update = now

    def add(self, n: int, values=None) -> None:
        """Advances the bar by `n` steps.

        Args:
            n: Number of steps to add to the current position.
            values: As in `update`.

        Example:

        >>> bar = Progbar(target=None, verbose=0)
        >>> bar.add(5)
        """
        self.update(self._seen_so_far + n, values)

    def _average(self, name: str):
        total, count = self._values[name]
        return _as_number(total) / max(1, count)

    def _line(self, current: int, now: float, time_per_unit: float, finalize: bool) -> str:
        """Builds the verbose=1 line, with the escapes that redraw it in place."""
        message = "\b" * self._prev_total_width + "\r" if self._dynamic_display else "\n"
        special_char_len = 0  # escape-sequence characters, invisible on screen
        has_target = self.target is not None and self.target > 0
        if has_target:
            numdigits = int(math.log10(self.target)) + 1
            bar = f"\x1b[1m{f'%{numdigits}d/%d' % (current, self.target)}\x1b[0m "
            special_char_len += 8
            prog_width = int(self.width * float(current) / self.target)
            if prog_width > 0:
                bar += f"\x1b[32m{'━' * prog_width}\x1b[0m"
                special_char_len += 9
            bar += f"\x1b[37m{'━' * (self.width - prog_width)}\x1b[0m"
            special_char_len += 9
        else:
            bar = "%7d/Unknown" % current

        if has_target and not finalize:
            eta = time_per_unit * (self.target - current)
            if eta > 3600:
                eta_format = "%d:%02d:%02d" % (eta // 3600, (eta % 3600) // 60, eta % 60)
            elif eta > 60:
                eta_format = "%d:%02d" % (eta // 60, eta % 60)
            else:
                eta_format = "%ds" % eta
            info = f" \x1b[1m{eta_format}\x1b[0m"
        else:
            info = f" \x1b[1m{now - self._start:.0f}s\x1b[0m"
        special_char_len += 8
        info += self._format_time(time_per_unit)
        for name in self._values_order:
            info += f" - {name}:" + _format_value(self._average(name))

        total_width = len(bar) + len(info) - special_char_len
        message += bar + info
        if self._prev_total_width > total_width:
            message += " " * (self._prev_total_width - total_width)
        if finalize:
            message += "\n"
        self._prev_total_width = total_width
        return message

    def _format_time(self, time_per_unit: float) -> str:
        """Formats a step duration as `" 12ms/step"` (s, ms or us)."""
        if time_per_unit >= 1 or time_per_unit == 0:
            return f" {time_per_unit:.0f}s/{self.unit_name}"
        if time_per_unit >= 1e-3:
            return f" {time_per_unit * 1e3:.0f}ms/{self.unit_name}"
        return f" {time_per_unit * 1e6:.0f}us/{self.unit_name}"

    def _estimate_step_duration(self, current: int, now: float) -> float:
        """Estimates the time of one step, leaving out the (slow) first step.

        Records the time of step 1 when it is reported; falls back to the mean
        over all steps when step 1 was never reported or `current <= 1`.
        """
        if not current:
            return 0
        if self._time_after_first_step is not None and current > 1:
            time_per_unit = (now - self._time_after_first_step) / (current - 1)
        else:
            time_per_unit = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return time_per_unit
