"""`keras.models`: `Model`, `Sequential` and the functional model."""

from kerastorch.models.functional import Functional as Functional
from kerastorch.models.model import Model as Model
from kerastorch.models.sequential import Sequential as Sequential
