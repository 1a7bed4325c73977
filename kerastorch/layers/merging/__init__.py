"""Layers: merging."""

from kerastorch.layers.merging.add import Add as Add
from kerastorch.layers.merging.add import add as add
from kerastorch.layers.merging.average import Average as Average
from kerastorch.layers.merging.average import average as average
from kerastorch.layers.merging.concatenate import Concatenate as Concatenate
from kerastorch.layers.merging.concatenate import concatenate as concatenate
from kerastorch.layers.merging.dot import Dot as Dot
from kerastorch.layers.merging.dot import dot as dot
from kerastorch.layers.merging.maximum import Maximum as Maximum
from kerastorch.layers.merging.maximum import maximum as maximum
from kerastorch.layers.merging.minimum import Minimum as Minimum
from kerastorch.layers.merging.minimum import minimum as minimum
from kerastorch.layers.merging.multiply import Multiply as Multiply
from kerastorch.layers.merging.multiply import multiply as multiply
from kerastorch.layers.merging.subtract import Subtract as Subtract
from kerastorch.layers.merging.subtract import subtract as subtract
