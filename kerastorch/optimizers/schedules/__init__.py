"""`keras.optimizers.schedules`: learning rates that change with the step."""

from kerastorch.optimizers.schedules.learning_rate_schedule import (
    LearningRateSchedule as LearningRateSchedule,
)
from kerastorch.optimizers.schedules.learning_rate_schedule import deserialize as deserialize
from kerastorch.optimizers.schedules.learning_rate_schedule import serialize as serialize
