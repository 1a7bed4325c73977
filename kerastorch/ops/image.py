"""`keras.ops.image`: image ops (colour spaces, resizing, padding and cropping, patches,
warps, filters, SSIM), computing as Keras's torch backend does.

Images are `(batch, height, width, channels)` or `(batch, channels, height,
width)` per `data_format` (default `keras.config.image_data_format()`); most
ops also take a single, unbatched image.
"""

import functools
import itertools
import math
import operator

import torch
import torch.nn.functional as F

from kerastorch.api_export import keras_export
from kerastorch.backend.config import standardize_data_format
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.ops.nn.convolution import conv
from kerastorch.ops.operation import keras_op
from kerastorch.ops.tensor_args import as_tensor, promoted_dtype

IMAGE = "keras.src.ops.image"
RESIZE_MODES = {"bilinear": "bilinear", "nearest": "nearest-exact", "bicubic": "bicubic"}
INTERPOLATION_ORDERS = {"nearest": 0, "bilinear": 1}
FILL_MODES = {"constant", "nearest", "wrap", "mirror", "reflect"}
SCALE_AND_TRANSLATE_METHODS = {"linear", "bilinear", "trilinear", "cubic", "bicubic", "tricubic",
                               "lanczos3", "lanczos5"}


def _check_rank(images, name="images"):
    if len(images.shape) not in (3, 4):
        raise ValueError(
            f"Invalid {name} rank: expected rank 3 (single image) or rank 4 (batch of images). "
            f"Received input with shape: {name}.shape={tuple(images.shape)}")


def _channel_axis(data_format):
    return -1 if standardize_data_format(data_format) == "channels_last" else -3


def _check_float(images):
    if not images.is_floating_point():
        raise ValueError("Invalid images dtype: expected float dtype. Received: "
                         f"images.dtype={str(images.dtype).replace('torch.', '')}")


def _batched_channels_first(images, data_format):
    """`images` as a `(batch, channels, height, width)` view, and the function undoing it."""
    unbatched = images.ndim == 3
    x = images.unsqueeze(0) if unbatched else images
    channels_last = standardize_data_format(data_format) == "channels_last"
    if channels_last:
        x = x.movedim(-1, 1)

    def restore(y):
        y = y.movedim(1, -1) if channels_last else y
        return y.squeeze(0) if unbatched else y

    return x, restore


def _check_interpolation(interpolation):
    if interpolation not in INTERPOLATION_ORDERS:
        raise ValueError("Invalid value for argument `interpolation`. Expected of one "
                         f"{set(INTERPOLATION_ORDERS)}. Received: interpolation={interpolation}")


def _check_fill_mode(fill_mode):
    if fill_mode not in FILL_MODES:
        raise ValueError(f"Invalid value for argument `fill_mode`. Expected of one {FILL_MODES}. "
                         f"Received: fill_mode={fill_mode}")


@keras_export("keras.ops.image.rgb_to_grayscale")
@keras_op(IMAGE, class_name="RGBToGrayscale", static=("data_format",))
def rgb_to_grayscale(images, data_format=None):
    """Converts RGB images to grayscale, `0.2989 r + 0.587 g + 0.114 b`.

    Args:
        images: Images with 3 (RGB) or 1 (already gray) channels.
        data_format: `"channels_last"` or `"channels_first"`.

    Returns:
        Images with one channel, in the input's dtype.

    Example:

    >>> kerastorch.ops.image.rgb_to_grayscale(torch.ones(2, 4, 4, 3)).shape
    torch.Size([2, 4, 4, 1])
    """
    images = as_tensor(images)
    _check_rank(images)
    axis = _channel_axis(data_format)
    if images.shape[axis] not in (1, 3):
        raise ValueError("Invalid channel size: expected 3 (RGB) or 1 (Grayscale). Received "
                         f"input with shape: images.shape={tuple(images.shape)}")
    if images.shape[axis] == 1:
        return images.clone()
    r, g, b = images.unbind(dim=axis)
    return (0.2989 * r + 0.587 * g + 0.114 * b).to(images.dtype).unsqueeze(axis)


@keras_export("keras.ops.image.rgb_to_hsv")
@keras_op(IMAGE, class_name="RGBToHSV", static=("data_format",))
def rgb_to_hsv(images, data_format=None):
    """Converts RGB images (values in `[0, 1]`) to HSV (hue, saturation, value in `[0, 1]`).

    Args:
        images: Float images with 3 channels.
        data_format: `"channels_last"` or `"channels_first"`.

    Returns:
        HSV images, same shape and dtype.

    Example:

    >>> kerastorch.ops.image.rgb_to_hsv(torch.tensor([[[[1.0, 0.0, 0.0]]]]))
    tensor([[[[0., 1., 1.]]]])
    """
    images = as_tensor(images)
    _check_rank(images)
    _check_float(images)
    axis = _channel_axis(data_format)
    images = torch.where(torch.abs(images) < torch.finfo(images.dtype).eps, 0.0, images)
    r, g, b = images.unbind(dim=axis)
    value = torch.maximum(torch.maximum(r, g), b)
    range_ = value - torch.minimum(torch.minimum(r, g), b)
    saturation = torch.where(value > 0, range_ / torch.where(value > 0, value, 1.0), 0.0)
    norm = 1.0 / (6.0 * torch.where(range_ > 0, range_, 1.0))
    hue = torch.where(value == g, norm * (b - r) + 2.0 / 6.0, norm * (r - g) + 4.0 / 6.0)
    hue = torch.where(value == r, norm * (g - b), hue)
    hue = torch.where(range_ > 0, hue, 0.0) + (hue < 0.0).to(hue.dtype)
    return torch.stack((hue, saturation, value), dim=axis)


@keras_export("keras.ops.image.hsv_to_rgb")
@keras_op(IMAGE, class_name="HSVToRGB", static=("data_format",))
def hsv_to_rgb(images, data_format=None):
    """Converts HSV images (all channels in `[0, 1]`) to RGB.

    Args:
        images: Float images with 3 channels.
        data_format: `"channels_last"` or `"channels_first"`.

    Returns:
        RGB images, same shape and dtype.

    Example:

    >>> kerastorch.ops.image.hsv_to_rgb(torch.tensor([[[[0.0, 1.0, 1.0]]]]))
    tensor([[[[1., 0., 0.]]]])
    """
    images = as_tensor(images)
    _check_rank(images)
    _check_float(images)
    axis = _channel_axis(data_format)
    hue, saturation, value = images.unbind(dim=axis)
    dh = torch.remainder(hue, 1.0) * 6.0
    dr = torch.clip(torch.abs(dh - 3.0) - 1.0, 0.0, 1.0)
    dg = torch.clip(2.0 - torch.abs(dh - 2.0), 0.0, 1.0)
    db = torch.clip(2.0 - torch.abs(dh - 4.0), 0.0, 1.0)
    one_minus_s = 1.0 - saturation
    planes = [value * (one_minus_s + saturation * d) for d in (dr, dg, db)]
    return torch.stack(planes, dim=axis)


def _check_resize_args(images, size, crop_to_aspect_ratio, pad_to_aspect_ratio):
    if len(size) != 2:
        raise ValueError(f"Expected `size` to be a tuple of 2 integers. Received: size={size}")
    if size[0] <= 0 or size[1] <= 0:
        raise ValueError(f"`size` must have positive height and width. Received: size={size}")
    _check_rank(images)
    if pad_to_aspect_ratio and crop_to_aspect_ratio:
        raise ValueError("Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be "
                         "`True`.")


@keras_export("keras.ops.image.resize")
def resize(images, size, interpolation="bilinear", antialias=False, crop_to_aspect_ratio=False,
           pad_to_aspect_ratio=False, fill_mode="constant", fill_value=0.0, data_format=None):
    """Resizes images to `size` (torch's `F.interpolate`, half-pixel centres).

    Args:
        images: Images, batched or not.
        size: `(height, width)` of the output.
        interpolation: `"bilinear"`, `"nearest"` or `"bicubic"` (Lanczos is
            unsupported on torch, as in Keras).
        antialias: Whether to antialias when downsampling (bilinear, bicubic).
        crop_to_aspect_ratio: Whether to first crop the centre to the target
            aspect ratio.
        pad_to_aspect_ratio: Whether to first pad (with `fill_value`) to the
            target aspect ratio.
        fill_mode: Only `"constant"`.
        fill_value: Value of the padding.
        data_format: `"channels_last"` or `"channels_first"`.

    Returns:
        The resized images; integer images are computed in float32 and rounded.

    Example:

    >>> kerastorch.ops.image.resize(torch.ones(2, 4, 4, 3), (8, 6)).shape
    torch.Size([2, 8, 6, 3])
    """
    _check_resize_args(images, size, crop_to_aspect_ratio, pad_to_aspect_ratio)
    return _resize(images, tuple(size), interpolation, antialias, crop_to_aspect_ratio,
                   pad_to_aspect_ratio, fill_mode, fill_value, data_format)


@keras_op(IMAGE, class_name="Resize",
          static=("size", "interpolation", "antialias", "crop_to_aspect_ratio",
                  "pad_to_aspect_ratio", "fill_mode", "fill_value", "data_format"))
def _resize(images, size, interpolation, antialias, crop_to_aspect_ratio, pad_to_aspect_ratio,
            fill_mode, fill_value, data_format):
    if interpolation in ("lanczos3", "lanczos5"):
        raise ValueError("Resizing with Lanczos interpolation is not supported by the PyTorch "
                         f"backend. Received: interpolation={interpolation}.")
    if interpolation not in RESIZE_MODES:
        raise ValueError("Invalid value for argument `interpolation`. Expected of one "
                         f"{RESIZE_MODES}. Received: interpolation={interpolation}")
    if fill_mode != "constant":
        raise ValueError("Invalid value for argument `fill_mode`. Only `'constant'` is "
                         f"supported. Received: fill_mode={fill_mode}")
    images = as_tensor(images)
    out_dtype = images.dtype
    x, restore = _batched_channels_first(images, data_format)
    if x.dtype not in (torch.float32, torch.float64):
        x = x.float()
    height, width = x.shape[-2:]
    target_height, target_width = size
    if crop_to_aspect_ratio:
        crop_height = max(min(height, int(float(width * target_height) / target_width)), 1)
        crop_width = max(min(width, int(float(height * target_width) / target_height)), 1)
        top, left = int((height - crop_height) / 2), int((width - crop_width) / 2)
        x = x[:, :, top:top + crop_height, left:left + crop_width]
    elif pad_to_aspect_ratio:
        pad_height = max(height, int(float(width * target_height) / target_width))
        pad_width = max(width, int(float(height * target_width) / target_height))
        top, left = int((pad_height - height) / 2), int((pad_width - width) / 2)
        x = F.pad(x, (left, left, top, top), value=fill_value)
    mode = RESIZE_MODES[interpolation]
    smooth = interpolation in ("bilinear", "bicubic")
    resized = F.interpolate(x, size=size, mode=mode, align_corners=False if smooth else None,
                            antialias=antialias and smooth)
    if interpolation == "bicubic" and out_dtype is torch.uint8:
        resized = resized.clamp(0, 255)
    if resized.dtype is not out_dtype:
        if not out_dtype.is_floating_point:
            resized = torch.round(resized)
        resized = resized.to(out_dtype)
    return restore(resized)


def _spatial_size(images, data_format):
    if standardize_data_format(data_format) == "channels_last":
        return images.shape[-3], images.shape[-2]
    return images.shape[-2], images.shape[-1]


def _check_non_negative(**values):
    for name, value in values.items():
        if value < 0:
            raise ValueError(f"{name} must be >= 0. Received: {name}={value}")


def _check_pad_crop_args(kind, top, left, bottom, right, target_height, target_width):
    """Keras's checks: exactly two of each side's three arguments, none negative."""
    for names, values in (((f"top_{kind}", f"bottom_{kind}", "target_height"),
                           (top, bottom, target_height)),
                          ((f"left_{kind}", f"right_{kind}", "target_width"),
                           (left, right, target_width))):
        if values.count(None) != 1:
            raise ValueError(f"Must specify exactly two of {', '.join(names)}. Received: "
                             + ", ".join(f"{n}={v}" for n, v in zip(names, values)))
    _check_non_negative(**{name: value for name, value in (
        (f"top_{kind}", top), (f"bottom_{kind}", bottom), ("target_height", target_height),
        (f"left_{kind}", left), (f"right_{kind}", right), ("target_width", target_width))
        if value is not None})


@keras_export("keras.ops.image.pad_images")
@keras_op(IMAGE, class_name="PadImages",
          static=("top_padding", "left_padding", "bottom_padding", "right_padding",
                  "target_height", "target_width", "data_format"))
def pad_images(images, top_padding=None, left_padding=None, bottom_padding=None,
               right_padding=None, target_height=None, target_width=None, data_format=None):
    """Pads images with zeros to a target size (give two of each side's three arguments).

    Args:
        images: Images, batched or not.
        top_padding: Rows added on top.
        left_padding: Columns added on the left.
        bottom_padding: Rows added at the bottom.
        right_padding: Columns added on the right.
        target_height: Height of the output.
        target_width: Width of the output.
        data_format: `"channels_last"` or `"channels_first"`.

    Returns:
        The padded images.

    Example:

    >>> kerastorch.ops.image.pad_images(torch.ones(4, 4, 3), 1, 2, target_height=6,
    ...                                 target_width=7).shape
    torch.Size([6, 7, 3])
    """
    images = as_tensor(images)
    _check_rank(images)
    _check_pad_crop_args("padding", top_padding, left_padding, bottom_padding, right_padding,
                         target_height, target_width)
    height, width = _spatial_size(images, data_format)
    top = target_height - bottom_padding - height if top_padding is None else top_padding
    bottom = target_height - top - height if bottom_padding is None else bottom_padding
    left = target_width - right_padding - width if left_padding is None else left_padding
    right = target_width - left - width if right_padding is None else right_padding
    _check_non_negative(top_padding=top, left_padding=left, right_padding=right,
                        bottom_padding=bottom)
    if standardize_data_format(data_format) == "channels_last":
        return F.pad(images, (0, 0, left, right, top, bottom))
    return F.pad(images, (left, right, top, bottom))


@keras_export("keras.ops.image.crop_images")
@keras_op(IMAGE, class_name="CropImages",
          static=("top_cropping", "left_cropping", "bottom_cropping", "right_cropping",
                  "target_height", "target_width", "data_format"))
def crop_images(images, top_cropping=None, left_cropping=None, bottom_cropping=None,
                right_cropping=None, target_height=None, target_width=None, data_format=None):
    """Crops images to a target size (give two of each side's three arguments).

    Args:
        images: Images, batched or not.
        top_cropping: Rows removed from the top.
        left_cropping: Columns removed from the left.
        bottom_cropping: Rows removed from the bottom.
        right_cropping: Columns removed from the right.
        target_height: Height of the output.
        target_width: Width of the output.
        data_format: `"channels_last"` or `"channels_first"`.

    Returns:
        The cropped images.

    Example:

    >>> kerastorch.ops.image.crop_images(torch.ones(6, 7, 3), 1, 2, target_height=4,
    ...                                  target_width=4).shape
    torch.Size([4, 4, 3])
    """
    images = as_tensor(images)
    _check_rank(images)
    _check_pad_crop_args("cropping", top_cropping, left_cropping, bottom_cropping,
                         right_cropping, target_height, target_width)
    height, width = _spatial_size(images, data_format)
    top = height - target_height - bottom_cropping if top_cropping is None else top_cropping
    if target_height is None:
        target_height = height - bottom_cropping - top
    left = width - target_width - right_cropping if left_cropping is None else left_cropping
    if target_width is None:
        target_width = width - right_cropping - left
    _check_non_negative(top_cropping=top, target_height=target_height, left_cropping=left,
                        target_width=target_width)
    rows, cols = slice(top, top + target_height), slice(left, left + target_width)
    if standardize_data_format(data_format) == "channels_last":
        return images[..., rows, cols, :]
    return images[..., rows, cols]


@keras_export("keras.ops.image.extract_patches")
def extract_patches(images, size, strides=None, dilation_rate=1, padding="valid",
                    data_format=None):
    """Extracts patches from images (or volumes, with a 3-tuple `size`) into channels.

    Args:
        images: Images, batched or not (volumes for a 3-D `size`).
        size: Int or `(height, width)` (or `(depth, height, width)`) of a patch.
        strides: Int or tuple, the patch step (default: `size`).
        dilation_rate: Int or tuple, the dilation inside a patch.
        padding: `"valid"` or `"same"`.
        data_format: `"channels_last"` or `"channels_first"`.

    Returns:
        Patches, flattened in `(*size, channels)` order along the channel axis.

    Example:

    >>> kerastorch.ops.image.extract_patches(torch.ones(2, 4, 4, 3), 2).shape
    torch.Size([2, 2, 2, 12])
    """
    if not isinstance(size, int):
        if not isinstance(size, (tuple, list)):
            raise TypeError("Invalid `size` argument. Expected an int or a tuple. Received: "
                            f"size={size} of type {type(size).__name__}")
        if len(size) not in (2, 3):
            raise ValueError("Invalid `size` argument. Expected a tuple of length 2 or 3. "
                             f"Received: size={size} with length {len(size)}")
    size = (size, size) if isinstance(size, int) else size
    return _extract_patches(images, size, size if strides is None else strides, dilation_rate,
                            padding, standardize_data_format(data_format))


@keras_export("keras.ops.image.extract_patches_3d")
def extract_patches_3d(volumes, size, strides=None, dilation_rate=1, padding="valid",
                       data_format=None):
    """Extracts 3-D patches from volumes into channels.

    Args:
        volumes: `(batch, depth, height, width, channels)` volumes (or
            channels_first), batched or not.
        size: Int or `(depth, height, width)` of a patch.
        strides: Int or 3-tuple, the patch step (default: `size`).
        dilation_rate: Int or 3-tuple, the dilation inside a patch.
        padding: `"valid"` or `"same"`.
        data_format: `"channels_last"` or `"channels_first"`.

    Returns:
        Patches, flattened in `(*size, channels)` order along the channel axis.

    Example:

    >>> kerastorch.ops.image.extract_patches_3d(torch.ones(1, 4, 4, 4, 2), 2).shape
    torch.Size([1, 2, 2, 2, 16])
    """
    size = (size,) * 3 if isinstance(size, int) else size
    strides = size if strides is None else strides
    if isinstance(strides, int):
        strides = (strides,) * 3
    if len(strides) != 3:
        raise ValueError(f"Invalid `strides` argument. Got: {strides}")
    return _extract_patches(volumes, size, strides, dilation_rate, padding,
                            standardize_data_format(data_format))


@keras_op(IMAGE, class_name="ExtractPatches",
          static=("size", "strides", "dilation_rate", "padding", "data_format"))
def _extract_patches(images, size, strides, dilation_rate, padding, data_format):
    images = as_tensor(images)
    channels = images.shape[-1] if data_format == "channels_last" else images.shape[-len(size) - 1]
    out_dim = math.prod(size) * channels
    # A convolution with the identity as kernel copies each patch into the channels.
    kernel = torch.eye(out_dim, dtype=images.dtype, device=images.device).reshape(
        *size, channels, out_dim)
    unbatched = images.ndim == len(size) + 1
    patches = conv(images.unsqueeze(0) if unbatched else images, kernel, strides, padding,
                   data_format, dilation_rate)
    return patches.squeeze(0) if unbatched else patches


def _mirror(index, size):
    s = size - 1
    return torch.abs((index + s) % (2 * s) - s)


_INDEX_FIXERS = {
    "constant": lambda index, size: torch.clip(index, 0, size - 1),
    "nearest": lambda index, size: torch.clip(index, 0, size - 1),
    "wrap": lambda index, size: index % size,
    "mirror": _mirror,
    "reflect": lambda index, size: torch.floor_divide(_mirror(2 * index + 1, 2 * size + 1) - 1,
                                                      2),
}


def _interpolation_nodes(coordinate, order):
    """`(index, weight)` pairs of one axis: the nearest index, or the two linear neighbours."""
    if order == 0:
        if coordinate.is_floating_point():
            coordinate = torch.round(coordinate)
        return [(coordinate.to(torch.int32), 1)]
    lower = torch.floor(coordinate)
    upper_weight = coordinate - lower
    index = lower.to(torch.int32)
    return [(index, 1 - upper_weight), (index + 1, upper_weight)]


@keras_export("keras.ops.image.map_coordinates")
@keras_op(IMAGE, class_name="MapCoordinates", static=("order", "fill_mode", "fill_value"))
def map_coordinates(inputs, coordinates, order, fill_mode="constant", fill_value=0):
    """Samples `inputs` at (fractional) `coordinates`, as `scipy.ndimage.map_coordinates`.

    Args:
        inputs: Tensor of any rank N.
        coordinates: N coordinate tensors (or an `(N, ...)` tensor), one per
            axis of `inputs`, all of the output's shape.
        order: 0 (nearest) or 1 (linear) interpolation.
        fill_mode: How points outside are read: `"constant"` (`fill_value`),
            `"nearest"`, `"wrap"`, `"mirror"` or `"reflect"`.
        fill_value: Value outside `inputs` with `fill_mode="constant"`.

    Returns:
        The sampled values, shaped like one coordinate tensor, in the input's dtype.

    Example:

    >>> kerastorch.ops.image.map_coordinates(torch.tensor([1.0, 3.0]), [[0.5]], order=1)
    tensor([2.])
    """
    inputs = as_tensor(inputs)
    coordinates = [as_tensor(c) for c in coordinates]
    if len(coordinates) != inputs.ndim:
        raise ValueError(
            "First dim of `coordinates` must be the same as the rank of `inputs`. Received "
            f"inputs with shape: {tuple(inputs.shape)} and coordinate leading dim of "
            f"{len(coordinates)}")
    if coordinates[0].ndim < 1:
        raise ValueError("Invalid coordinates rank: expected at least rank 2. Received input "
                         f"with shape: {(len(coordinates),) + tuple(coordinates[0].shape)}")
    integer = not inputs.is_floating_point() and not inputs.is_complex()
    if isinstance(fill_value, (int, float)) and integer:
        fill_value = int(fill_value)
    fix_index = _INDEX_FIXERS.get(fill_mode)
    if fix_index is None:
        raise ValueError("Invalid value for argument `fill_mode`. Expected one of "
                         f"{set(_INDEX_FIXERS)}. Received: fill_mode={fill_mode}")
    if order not in (0, 1):
        raise NotImplementedError("map_coordinates currently requires order<=1")
    axes = []
    for coordinate, size in zip(coordinates, inputs.shape):
        axes.append([(fix_index(index, size), (index >= 0) & (index < size), weight)
                     for index, weight in _interpolation_nodes(coordinate, order)])
    result = 0
    for corner in itertools.product(*axes):
        indices, validities, weights = zip(*corner)
        values = inputs[indices]
        if fill_mode == "constant":
            values = torch.where(functools.reduce(operator.and_, validities), values, fill_value)
        result = result + functools.reduce(operator.mul, weights) * values
    if integer and result.is_floating_point():
        result = torch.round(result)
    return result.to(inputs.dtype)


def _warp(images, coordinates, interpolation, fill_mode, fill_value):
    """Samples each image `b` of `(batch, h, w, c)` `images` at `coordinates[b]`."""
    order = INTERPOLATION_ORDERS[interpolation]
    return torch.stack([map_coordinates(image, coords, order, fill_mode, fill_value)
                        for image, coords in zip(images, coordinates)])


def _channels_last_batch(images, data_format):
    """`images` as a `(batch, height, width, channels)` view, and the function undoing it."""
    unbatched = images.ndim == 3
    x = images.unsqueeze(0) if unbatched else images
    channels_first = standardize_data_format(data_format) == "channels_first"
    if channels_first:
        x = x.movedim(1, -1)

    def restore(y):
        y = y.movedim(-1, 1) if channels_first else y
        return y.squeeze(0) if unbatched else y

    return x, restore


@keras_export("keras.ops.image.affine_transform")
@keras_op(IMAGE, class_name="AffineTransform",
          static=("interpolation", "fill_mode", "fill_value", "data_format"))
def affine_transform(images, transform, interpolation="bilinear", fill_mode="constant",
                     fill_value=0, data_format=None):
    """Warps images by projective transforms `[a0, a1, a2, b0, b1, b2, c0, c1]`.

    The output point `(x, y)` reads the input at `x' = a0 x + a1 y + a2`,
    `y' = b0 x + b1 y + b2` (Keras's torch backend applies `c0`, `c1` to the
    channel index, not as a projective divisor; keep them 0).

    Args:
        images: Images, batched or not.
        transform: `(8,)` or `(batch, 8)` transforms.
        interpolation: `"nearest"` or `"bilinear"`.
        fill_mode: `"constant"`, `"nearest"`, `"wrap"`, `"mirror"` or `"reflect"`.
        fill_value: Value outside the input with `fill_mode="constant"`.
        data_format: `"channels_last"` or `"channels_first"`.

    Returns:
        The warped images.

    Example:

    >>> shift = torch.tensor([1.0, 0, 1, 0, 1, 0, 0, 0])
    >>> kerastorch.ops.image.affine_transform(torch.ones(2, 4, 4, 3), shift).shape
    torch.Size([2, 4, 4, 3])
    """
    _check_interpolation(interpolation)
    _check_fill_mode(fill_mode)
    images, transform = as_tensor(images), as_tensor(transform)
    _check_rank(images)
    if transform.ndim not in (1, 2):
        raise ValueError(
            "Invalid transform rank: expected rank 1 (single transform) or rank 2 (batch of "
            f"transforms). Received input with shape: transform.shape={tuple(transform.shape)}")
    x, restore = _channels_last_batch(images, data_format)
    transform = transform.reshape(-1, 8).expand(x.shape[0], 8)
    grid = torch.meshgrid(*[torch.arange(n, dtype=transform.dtype, device=transform.device)
                            for n in x.shape[1:]], indexing="ij")
    y, xx, c = (g[None] for g in grid)
    a0, a1, a2, b0, b1, b2, c0, c1 = (t[:, None, None, None] for t in transform.unbind(1))
    coordinates = torch.stack([b0 * xx + b1 * y + c0 * c + b2,
                               a0 * xx + a1 * y + c1 * c + a2,
                               c.expand_as(a0 * xx)], dim=1)
    return restore(_warp(x, coordinates, interpolation, fill_mode, fill_value))


def _homography(start_points, end_points):
    """The 8 coefficients mapping each output (end) point to its input (start) point."""
    dtype = promoted_dtype(start_points.dtype, end_points.dtype, float)
    start, end = start_points.to(dtype), end_points.to(dtype)
    rows, targets = [], []
    zeros, ones = torch.zeros_like(end[:, 0, 0]), torch.ones_like(end[:, 0, 0])
    for i in range(4):
        sx, sy, ex, ey = start[:, i, 0], start[:, i, 1], end[:, i, 0], end[:, i, 1]
        rows.append(torch.stack([ex, ey, ones, zeros, zeros, zeros, -sx * ex, -sx * ey], -1))
        rows.append(torch.stack([zeros, zeros, zeros, ex, ey, ones, -sy * ex, -sy * ey], -1))
        targets += [sx, sy]
    compute = promoted_dtype(dtype, "float32")
    solution = torch.linalg.solve(torch.stack(rows, 1).to(compute),
                                  torch.stack(targets, -1).unsqueeze(-1).to(compute))
    return solution.reshape(-1, 8).to(dtype)


def _same_as_images(images, *args, **kwargs):
    return KerasTensor(images.shape, dtype=images.dtype)


@keras_export("keras.ops.image.perspective_transform")
@keras_op(IMAGE, class_name="PerspectiveTransform",
          static=("interpolation", "fill_value", "data_format"), spec=_same_as_images)
def perspective_transform(images, start_points, end_points, interpolation="bilinear",
                          fill_value=0, data_format=None):
    """Warps images so that the 4 `start_points` land on the 4 `end_points`.

    Args:
        images: Images, batched or not.
        start_points: `(4, 2)` or `(batch, 4, 2)` `(x, y)` corners in the input.
        end_points: Corners in the output, same shape.
        interpolation: `"nearest"` or `"bilinear"`.
        fill_value: Value outside the input.
        data_format: `"channels_last"` or `"channels_first"`.

    Returns:
        The warped images.

    Example:

    >>> corners = torch.tensor([[0.0, 0], [3, 0], [0, 3], [3, 3]])
    >>> kerastorch.ops.image.perspective_transform(torch.ones(4, 4, 3), corners, corners).shape
    torch.Size([4, 4, 3])
    """
    images = as_tensor(images)
    start_points = as_tensor(start_points, images.dtype)
    end_points = as_tensor(end_points, images.dtype)
    _check_interpolation(interpolation)
    _check_rank(images)
    for name, points in (("start_points", start_points), ("end_points", end_points)):
        if tuple(points.shape[-2:]) != (4, 2) or points.ndim not in (2, 3):
            raise ValueError(f"Invalid {name} shape: expected (4,2) for a single image or "
                             f"(N,4,2) for a batch. Received shape: {tuple(points.shape)}")
    if start_points.shape != end_points.shape:
        raise ValueError(
            "start_points and end_points must have the same shape. Received "
            f"start_points.shape={tuple(start_points.shape)}, "
            f"end_points.shape={tuple(end_points.shape)}")
    x, restore = _channels_last_batch(images, data_format)
    batch, height, width, channels = x.shape
    transforms = _homography(start_points.reshape(-1, 4, 2), end_points.reshape(-1, 4, 2))
    transforms = transforms.expand(batch, 8)
    grid_y, grid_x = torch.meshgrid(torch.arange(height, dtype=x.dtype, device=x.device),
                                    torch.arange(width, dtype=x.dtype, device=x.device),
                                    indexing="ij")
    a0, a1, a2, a3, a4, a5, a6, a7 = (t[:, None, None] for t in transforms.unbind(1))
    denominator = a6 * grid_x + a7 * grid_y + 1.0
    x_in = (a0 * grid_x + a1 * grid_y + a2) / denominator
    y_in = (a3 * grid_x + a4 * grid_y + a5) / denominator
    order = INTERPOLATION_ORDERS[interpolation]
    outputs = torch.stack([
        torch.stack([map_coordinates(x[b, :, :, c], (y_in[b], x_in[b]), order, "constant",
                                     fill_value) for c in range(channels)], dim=-1)
        for b in range(batch)])
    return restore(outputs.to(x.dtype))


def _gaussian_kernel_1d(size, sigma, dtype, device):
    x = torch.arange(size, dtype=dtype, device=device) - (size - 1) / 2
    kernel = torch.exp(-0.5 * (x / sigma) ** 2)
    return kernel / torch.sum(kernel)


def _blur(x, kernel_size, sigma):
    """Depthwise Gaussian blur of `(batch, channels, h, w)` `x`, Keras's torch arithmetic."""
    kernel_size = [int(k) for k in kernel_size]
    sigma = torch.as_tensor(sigma, device=x.device)
    kernel = torch.outer(_gaussian_kernel_1d(kernel_size[1], sigma[1], x.dtype, x.device),
                         _gaussian_kernel_1d(kernel_size[0], sigma[0], x.dtype, x.device))
    kernel = kernel.view(1, 1, kernel_size[0], kernel_size[1])
    channels = x.shape[1]
    return F.conv2d(x, kernel.expand(channels, 1, *kernel_size), padding=kernel_size[0] // 2,
                    groups=channels)


@keras_export("keras.ops.image.gaussian_blur")
@keras_op(IMAGE, class_name="GaussianBlur", static=("kernel_size", "sigma", "data_format"))
def gaussian_blur(images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format=None):
    """Blurs images with a Gaussian filter (zero padding, same size).

    Args:
        images: Images, batched or not.
        kernel_size: `(height, width)` of the filter.
        sigma: `(sigma_y, sigma_x)` standard deviations.
        data_format: `"channels_last"` or `"channels_first"` (default:
            `keras.config.image_data_format()`).

    Returns:
        The blurred images.

    Example:

    >>> kerastorch.ops.image.gaussian_blur(torch.ones(2, 5, 5, 3)).shape
    torch.Size([2, 5, 5, 3])
    """
    images = as_tensor(images)
    _check_rank(images)
    x, restore = _batched_channels_first(images, data_format)
    return restore(_blur(x, kernel_size, sigma))


@keras_export("keras.ops.image.elastic_transform")
@keras_op(IMAGE, class_name="ElasticTransform",
          static=("alpha", "sigma", "interpolation", "fill_mode", "fill_value", "seed",
                  "data_format"))
def elastic_transform(images, alpha=20.0, sigma=5.0, interpolation="bilinear",
                      fill_mode="reflect", fill_value=0.0, seed=None, data_format=None):
    """Distorts images by a random displacement field, smoothed by a Gaussian filter.

    Args:
        images: Images, batched or not.
        alpha: Scale of the displacements.
        sigma: Standard deviation of the displacements and of their smoothing.
        interpolation: `"nearest"` or `"bilinear"`.
        fill_mode: `"constant"`, `"nearest"`, `"wrap"`, `"mirror"` or `"reflect"`.
        fill_value: Value outside the input with `fill_mode="constant"`.
        seed: Unused: as Keras's torch backend, the field comes from torch's
            global generator.
        data_format: `"channels_last"` or `"channels_first"`.

    Returns:
        The distorted images.

    Example:

    >>> kerastorch.ops.image.elastic_transform(torch.ones(2, 8, 8, 3)).shape
    torch.Size([2, 8, 8, 3])
    """
    _check_interpolation(interpolation)
    _check_fill_mode(fill_mode)
    images = as_tensor(images)
    _check_rank(images)
    x, restore = _channels_last_batch(images, data_format)
    batch, height, width, channels = x.shape
    size = int(6 * sigma) | 1
    noise = torch.normal(0.0, 1.0, size=(2 * batch, 1, height, width), dtype=x.dtype,
                         device=x.device) * sigma
    dy_dx = _blur(noise, (size, size), (sigma, sigma)).reshape(2, batch, height, width)
    grid_y, grid_x = torch.meshgrid(torch.arange(height, device=x.device),
                                    torch.arange(width, device=x.device), indexing="ij")
    rows, cols = grid_y + alpha * dy_dx[1], grid_x + alpha * dy_dx[0]
    order = INTERPOLATION_ORDERS[interpolation]
    outputs = torch.stack([
        torch.stack([map_coordinates(x[b, :, :, c], (rows[b], cols[b]), order, fill_mode,
                                     fill_value) for c in range(channels)], dim=-1)
        for b in range(batch)])
    return restore(outputs.to(x.dtype))


def _triangle_kernel(x):
    return torch.clamp(1 - torch.abs(x), min=0)


def _keys_cubic_kernel(x):
    out = (1.5 * x - 2.5) * x * x + 1.0
    out = torch.where(x >= 1.0, ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0, out)
    return torch.where(x >= 2.0, 0.0, out)


def _lanczos_kernel(radius, x):
    y = radius * torch.sin(math.pi * x) * torch.sin(math.pi * x / radius)
    out = torch.where(x > 0.001, y / torch.where(x != 0, math.pi**2 * x**2, 1), 1)
    return torch.where(x > radius, 0.0, out)


_KERNELS = {"linear": _triangle_kernel, "cubic": _keys_cubic_kernel,
            "lanczos3": functools.partial(_lanczos_kernel, 3.0),
            "lanczos5": functools.partial(_lanczos_kernel, 5.0)}


def _weight_matrix(input_size, output_size, scale, translation, kernel, antialias):
    """`(input_size, output_size)` resampling weights of one axis (JAX's algorithm)."""
    inv_scale = 1.0 / scale
    kernel_scale = torch.clamp(inv_scale, min=1.0) if antialias else 1.0
    sample = (torch.arange(output_size, dtype=scale.dtype, device=scale.device) + 0.5) \
        * inv_scale - translation * inv_scale - 0.5
    distance = torch.abs(sample[None, :] - torch.arange(input_size, dtype=scale.dtype,
                                                        device=scale.device)[:, None])
    weights = kernel(distance / kernel_scale)
    total = torch.sum(weights, dim=0, keepdim=True)
    weights = torch.where(torch.abs(total) > 1000.0 * torch.finfo(torch.float32).eps,
                          weights / torch.where(total != 0, total, 1), 0)
    inside = (sample >= -0.5) & (sample <= input_size - 0.5)
    return torch.where(inside[None, :], weights, 0)


@keras_export("keras.ops.image.scale_and_translate")
@keras_op(IMAGE, class_name="ScaleAndTranslate", static=("spatial_dims", "method", "antialias"))
def scale_and_translate(images, output_shape, scale, translation, spatial_dims, method,
                        antialias=True):
    """Resamples `images` scaled by `scale` and shifted by `translation` (as `jax.image`).

    Args:
        images: Tensor of any rank.
        output_shape: The output's shape.
        scale: One scale per axis in `spatial_dims`.
        translation: One translation per axis in `spatial_dims`.
        spatial_dims: The axes resampled.
        method: `"linear"`/`"bilinear"`/`"trilinear"`, `"cubic"`/`"bicubic"`/
            `"tricubic"`, `"lanczos3"` or `"lanczos5"`.
        antialias: Whether to widen the kernel when downsampling.

    Returns:
        The resampled tensor (integer inputs rounded and clipped to their range).

    Example:

    >>> kerastorch.ops.image.scale_and_translate(torch.ones(4, 4), (8, 8), [2.0, 2.0],
    ...                                          [0.0, 0.0], (0, 1), "linear").shape
    torch.Size([8, 8])
    """
    if method not in SCALE_AND_TRANSLATE_METHODS:
        raise ValueError("Invalid value for argument `method`. Expected of one "
                         f"{SCALE_AND_TRANSLATE_METHODS}. Received: method={method}")
    if method in ("linear", "bilinear", "trilinear"):
        method = "linear"
    elif method in ("cubic", "bicubic", "tricubic"):
        method = "cubic"
    images, scale, translation = as_tensor(images), as_tensor(scale), as_tensor(translation)
    dtype = promoted_dtype(scale.dtype, translation.dtype)
    scale, translation = scale.to(dtype), translation.to(dtype)
    if len(spatial_dims) == 0:
        return images
    integer = not images.is_floating_point()
    output = images.float() if integer else images
    for i, axis in enumerate(spatial_dims):
        axis = axis % images.ndim
        weights = _weight_matrix(images.shape[axis], output_shape[axis], scale[i],
                                 translation[i], _KERNELS[method], antialias).to(output.dtype)
        output = torch.tensordot(output, weights, dims=([axis], [0])).movedim(-1, axis)
    if integer:
        output = torch.clip(torch.round(output), images.min(), images.max()).to(images.dtype)
    return output


@keras_export("keras.ops.image.sobel_edges")
@keras_op(IMAGE, class_name="SobelEdges", static=("data_format",))
def sobel_edges(images, data_format=None):
    """Sobel edge maps of batched images: vertical (`dy`) and horizontal (`dx`) gradients.

    Args:
        images: `(batch, h, w, c)` or `(batch, c, h, w)` images.
        data_format: `"channels_last"` or `"channels_first"`.

    Returns:
        `(batch, h, w, c, 2)` (or `(batch, c, h, w, 2)`): `[..., 0]` is `dy`,
        `[..., 1]` is `dx` (zero padding).

    Example:

    >>> kerastorch.ops.image.sobel_edges(torch.ones(2, 5, 5, 3)).shape
    torch.Size([2, 5, 5, 3, 2])
    """
    images = as_tensor(images)
    channels_last = standardize_data_format(data_format) == "channels_last"
    x = images.movedim(-1, 1) if channels_last else images
    sobel_x = torch.tensor([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=x.dtype, device=x.device)
    channels = x.shape[1]
    kernels = torch.stack([sobel_x.T, sobel_x]).unsqueeze(1).repeat(channels, 1, 1, 1)
    edges = F.conv2d(x, kernels, padding=1, groups=channels)
    edges = edges.unflatten(1, (channels, 2)).movedim(2, -1)
    return edges.movedim(1, 3) if channels_last else edges


@keras_export("keras.ops.image.ssim")
@keras_op(IMAGE, class_name="SSIM",
          static=("max_val", "filter_size", "filter_sigma", "k1", "k2", "data_format"))
def ssim(image1, image2, max_val=1.0, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03,
         data_format=None):
    """Structural similarity of two images, averaged over pixels and channels.

    Args:
        image1: Images, batched or not.
        image2: Images of the same shape.
        max_val: The dynamic range of the values (1.0, 255...).
        filter_size: Size of the Gaussian window.
        filter_sigma: Standard deviation of the Gaussian window.
        k1: SSIM constant of the means.
        k2: SSIM constant of the variances.
        data_format: `"channels_last"` or `"channels_first"`.

    Returns:
        One SSIM per image (a scalar for an unbatched image).

    Example:

    >>> x = torch.rand(2, 16, 16, 3)
    >>> kerastorch.ops.image.ssim(x, x)
    tensor([1., 1.])
    """
    image1, image2 = as_tensor(image1), as_tensor(image2)
    original_dtype = image1.dtype
    compute = promoted_dtype(image1.dtype, float)
    _check_rank(image1, "image1")
    _check_rank(image2, "image2")
    x1, _ = _batched_channels_first(image1.to(compute), data_format)
    x2, _ = _batched_channels_first(image2.to(compute), data_format)
    batch, channels, height, width = x1.shape
    gauss = _gaussian_kernel_1d(filter_size, filter_sigma, to_torch_dtype(compute), x1.device)
    kernel = torch.outer(gauss, gauss)[None, None]
    x1, x2 = x1.reshape(-1, 1, height, width), x2.reshape(-1, 1, height, width)
    # One convolution over the five stacked statistics' inputs.
    filtered = F.conv2d(torch.cat([x1, x2, x1 * x1, x2 * x2, x1 * x2]), kernel)
    mu1, mu2, e11, e22, e12 = filtered.chunk(5)
    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
    mu1_mu2, mu1_sq, mu2_sq = mu1 * mu2, mu1 * mu1, mu2 * mu2
    numerator = (2.0 * mu1_mu2 + c1) * (2.0 * (e12 - mu1_mu2) + c2)
    denominator = (mu1_sq + mu2_sq + c1) * ((e11 - mu1_sq) + (e22 - mu2_sq) + c2)
    per_channel = torch.mean(numerator / denominator, dim=(1, 2, 3)).reshape(batch, channels)
    result = torch.mean(per_channel, dim=-1)
    return (result.squeeze(0) if image1.ndim == 3 else result).to(original_dtype)
