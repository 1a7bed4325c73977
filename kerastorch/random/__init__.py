"""`keras.random`: seeded random draws (normal, uniform, dropout, shuffle, ...) and `SeedGenerator`."""

from kerastorch.random.random import beta as beta
from kerastorch.random.random import binomial as binomial
from kerastorch.random.random import categorical as categorical
from kerastorch.random.random import dropout as dropout
from kerastorch.random.random import gamma as gamma
from kerastorch.random.random import normal as normal
from kerastorch.random.random import randint as randint
from kerastorch.random.random import shuffle as shuffle
from kerastorch.random.random import truncated_normal as truncated_normal
from kerastorch.random.random import uniform as uniform
from kerastorch.random.seed_generator import SeedGenerator as SeedGenerator
