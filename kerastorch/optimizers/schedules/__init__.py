"""`keras.optimizers.schedules`: learning rates that change with the step."""

from kerastorch.optimizers.schedules.cosine_decay import CosineDecay as CosineDecay
from kerastorch.optimizers.schedules.cosine_decay_restarts import CosineDecayRestarts as CosineDecayRestarts
from kerastorch.optimizers.schedules.exponential_decay import ExponentialDecay as ExponentialDecay
from kerastorch.optimizers.schedules.inverse_time_decay import InverseTimeDecay as InverseTimeDecay
from kerastorch.optimizers.schedules.learning_rate_schedule import (
    LearningRateSchedule as LearningRateSchedule,
)
from kerastorch.optimizers.schedules.learning_rate_schedule import deserialize as deserialize
from kerastorch.optimizers.schedules.learning_rate_schedule import serialize as serialize
from kerastorch.optimizers.schedules.piecewise_constant_decay import (
    PiecewiseConstantDecay as PiecewiseConstantDecay,
)
from kerastorch.optimizers.schedules.polynomial_decay import PolynomialDecay as PolynomialDecay
