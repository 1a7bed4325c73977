"""Layers: pooling."""

from kerastorch.layers.pooling.average_pooling1d import AveragePooling1D as AveragePooling1D
from kerastorch.layers.pooling.average_pooling2d import AveragePooling2D as AveragePooling2D
from kerastorch.layers.pooling.average_pooling3d import AveragePooling3D as AveragePooling3D
from kerastorch.layers.pooling.global_average_pooling1d import GlobalAveragePooling1D as GlobalAveragePooling1D
from kerastorch.layers.pooling.global_average_pooling2d import GlobalAveragePooling2D as GlobalAveragePooling2D
from kerastorch.layers.pooling.global_average_pooling3d import GlobalAveragePooling3D as GlobalAveragePooling3D
from kerastorch.layers.pooling.global_max_pooling1d import GlobalMaxPooling1D as GlobalMaxPooling1D
from kerastorch.layers.pooling.global_max_pooling2d import GlobalMaxPooling2D as GlobalMaxPooling2D
from kerastorch.layers.pooling.global_max_pooling3d import GlobalMaxPooling3D as GlobalMaxPooling3D
from kerastorch.layers.pooling.max_pooling1d import MaxPooling1D as MaxPooling1D
from kerastorch.layers.pooling.max_pooling2d import MaxPooling2D as MaxPooling2D
from kerastorch.layers.pooling.max_pooling3d import MaxPooling3D as MaxPooling3D
