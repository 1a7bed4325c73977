"""Layers: reshaping."""

from kerastorch.layers.reshaping.cropping1d import Cropping1D as Cropping1D
from kerastorch.layers.reshaping.cropping2d import Cropping2D as Cropping2D
from kerastorch.layers.reshaping.cropping3d import Cropping3D as Cropping3D
from kerastorch.layers.reshaping.flatten import Flatten as Flatten
from kerastorch.layers.reshaping.permute import Permute as Permute
from kerastorch.layers.reshaping.repeat_vector import RepeatVector as RepeatVector
from kerastorch.layers.reshaping.reshape import Reshape as Reshape
from kerastorch.layers.reshaping.up_sampling1d import UpSampling1D as UpSampling1D
from kerastorch.layers.reshaping.up_sampling2d import UpSampling2D as UpSampling2D
from kerastorch.layers.reshaping.up_sampling3d import UpSampling3D as UpSampling3D
from kerastorch.layers.reshaping.zero_padding1d import ZeroPadding1D as ZeroPadding1D
from kerastorch.layers.reshaping.zero_padding2d import ZeroPadding2D as ZeroPadding2D
from kerastorch.layers.reshaping.zero_padding3d import ZeroPadding3D as ZeroPadding3D
