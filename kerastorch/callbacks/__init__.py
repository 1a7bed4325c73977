"""Callbacks: hooks into `fit`, `evaluate` and `predict` (`keras.callbacks`)."""

from kerastorch.callbacks.callback import Callback as Callback
from kerastorch.callbacks.callback_list import CallbackList as CallbackList
from kerastorch.callbacks.history import History as History
from kerastorch.callbacks.progbar_logger import ProgbarLogger as ProgbarLogger
