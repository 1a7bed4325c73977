"""What `compile()` turns its `loss` and `metrics` arguments into.

`CompileLoss` maps the model's outputs to their losses (one, a list, or a dict
keyed by output name) and sums them with `loss_weights`. `CompileMetrics`
resolves metric names once the first batch shows the shapes of targets and
predictions ("accuracy" becomes binary, sparse categorical or categorical
accuracy, as in Keras) and updates every metric on the device.
"""

from kerastorch import losses as losses_module
from kerastorch import metrics as metrics_module
from kerastorch.utils import tree


def is_binary_or_sparse_categorical(y_true, y_pred):
    """Keras's rule: binary if one output unit; sparse if the targets lack the class axis."""
    y_true_rank, y_pred_rank = len(y_true.shape), len(y_pred.shape)
    is_binary = y_pred.shape[-1] == 1
    is_sparse = y_true_rank < y_pred_rank or (y_true.shape[-1] == 1 and y_pred.shape[-1] > 1)
    return is_binary, is_sparse


def get_metric(identifier, y_true, y_pred):
    """Resolves one metric identifier for targets / predictions like these."""
    if str(identifier).lower() in ("accuracy", "acc"):
        is_binary, is_sparse = is_binary_or_sparse_categorical(y_true, y_pred)
        if is_binary:
            metric = metrics_module.BinaryAccuracy(name=str(identifier))
        elif is_sparse:
            metric = metrics_module.SparseCategoricalAccuracy(name=str(identifier))
        else:
            metric = metrics_module.CategoricalAccuracy(name=str(identifier))
    else:
        metric = metrics_module.get(identifier)
    if isinstance(identifier, str):
        name = identifier
    else:
        name = getattr(metric, "name", None) or getattr(metric, "__name__", str(metric))
    if not isinstance(metric, metrics_module.Metric):
        metric = metrics_module.MeanMetricWrapper(metric, name=name)
    metric.name = name
    return metric


def get_loss(identifier, y_true, y_pred):
    """Resolves one loss identifier ("crossentropy" picks the right one, as Keras)."""
    if identifier is None:
        return None
    if str(identifier).lower() in ("crossentropy", "ce"):
        is_binary, is_sparse = is_binary_or_sparse_categorical(y_true, y_pred)
        if is_binary:
            identifier = "binary_crossentropy"
        elif is_sparse:
            identifier = "sparse_categorical_crossentropy"
        else:
            identifier = "categorical_crossentropy"
    loss = losses_module.get(identifier)
    if not isinstance(loss, losses_module.Loss):
        name = getattr(loss, "__name__", None)
        loss = losses_module.LossFunctionWrapper(loss, name=name)
    return loss


def _match_outputs(value, output_names, what):
    """Returns one entry per output from a single value, a list or a dict."""
    count = len(output_names)
    if isinstance(value, dict):
        unknown = [k for k in value if k not in output_names]
        if unknown:
            raise ValueError(
                f"In the dict argument `{what}`, key(s) {unknown} do not correspond "
                f"to any model output. Received:\n{what}={value}\nExpected keys: "
                f"{output_names}"
            )
        return [value.get(name) for name in output_names]
    if isinstance(value, (list, tuple)):
        if len(value) != count:
            raise ValueError(
                f"For a model with {count} outputs, when providing the `{what}` "
                f"argument as a list, it should have as many entries as the model "
                f"has outputs. Received:\n{what}={value}\nof length {len(value)} "
                f"whereas the model has {count} outputs."
            )
        return list(value)
    return [value] * count


def _flatten_like_outputs(structure, y_pred, output_names):
    """Flattens targets (or sample weights) in the order of the model's outputs.

    A dict keyed by output names, for a model whose outputs are a list, is
    taken in the outputs' order (`tree.flatten` would sort its keys); an
    output missing from the dict gets `None`.
    """
    if not isinstance(structure, dict) or isinstance(y_pred, dict) or not output_names:
        return tree.flatten(structure)
    unknown = [key for key in structure if key not in output_names]
    if unknown:
        raise ValueError(
            f"Key(s) {unknown} of the dict of targets or sample weights do not "
            f"correspond to any model output. Expected keys: {output_names}"
        )
    return [structure.get(name) for name in output_names]


class CompileLoss:
    """The training loss: each output's loss, weighted and summed.

    With more than one loss, each output's unweighted loss is also tracked by a
    `Mean` named `"<output>_loss"` (in `metrics`), as Keras logs it.

    Args:
        loss: A loss (name, function or `Loss`), or a list / dict with one per
            output.
        loss_weights: Optional scalar weights, a list or dict like `loss`.
        output_names: Names of the model's outputs.
    """

    def __init__(self, loss, loss_weights=None, output_names=None):
        self._loss_arg = loss
        self._weights_arg = loss_weights
        self.output_names = output_names
        self._losses = None
        self._weights = None
        self._names = None
        self._trackers = []

    @property
    def metrics(self) -> list:
        """The per-output loss trackers (none before `build`, or for a single loss)."""
        return [tracker for tracker in self._trackers if tracker is not None]

    def build(self, y_true, y_pred) -> None:
        """Resolves the losses once the structure of the outputs is known."""
        flat_pred = tree.flatten(y_pred)
        names = self._names = _output_names(self.output_names, flat_pred)
        flat_true = _flatten_like_outputs(y_true, y_pred, names)
        loss_arg = self._loss_arg
        if len(flat_pred) > 1 and not isinstance(loss_arg, (list, tuple, dict)):
            loss_arg = [loss_arg] * len(flat_pred)
        per_output = _match_outputs(loss_arg, names, "loss")
        if len(per_output) != len(flat_pred):
            raise ValueError(
                f"The model has {len(flat_pred)} outputs, but `loss` gives "
                f"{len(per_output)} loss(es): {self._loss_arg}"
            )
        if len(flat_true) != len(flat_pred):
            raise ValueError(
                f"The model has {len(flat_pred)} output(s), but the targets `y` "
                f"have {len(flat_true)} element(s)."
            )
        self._losses = [get_loss(l, t, p) for l, t, p in zip(per_output, flat_true, flat_pred)]
        several = sum(loss is not None for loss in self._losses) > 1
        self._trackers = [
            metrics_module.Mean(name=f"{name}_loss") if several and loss is not None else None
            for name, loss in zip(names, self._losses)
        ]
        weights = self._weights_arg
        if weights is None:
            self._weights = [1.0] * len(flat_pred)
        elif isinstance(weights, (int, float)):
            self._weights = [float(weights)] * len(flat_pred)
        else:
            self._weights = [1.0 if w is None else float(w)
                             for w in _match_outputs(weights, names, "loss_weights")]

    def __call__(self, y_true, y_pred, sample_weight=None):
        """Returns the weighted total loss (a 0-d tensor), or `None` without losses."""
        if self._losses is None:
            self.build(y_true, y_pred)
        flat_pred = tree.flatten(y_pred)
        flat_true = _flatten_like_outputs(y_true, y_pred, self._names)
        flat_weights = (_flatten_like_outputs(sample_weight, y_pred, self._names)
                        if tree.is_nested(sample_weight) else [sample_weight] * len(flat_pred))
        total = None
        for loss, weight, tracker, t, p, sw in zip(self._losses, self._weights, self._trackers,
                                                   flat_true, flat_pred, flat_weights):
            if loss is None:
                continue
            value = loss(t, p, sample_weight=sw)
            if tracker is not None:
                tracker.update_state(value.detach(), sample_weight=p.shape[0])
            if weight != 1.0:
                value = value * weight
            total = value if total is None else total + value
        return total


class CompileMetrics(metrics_module.Metric):
    """All compiled metrics as one metric whose result is a dict name -> value.

    Names follow Keras: each metric keeps its own name (`"accuracy"`); the
    result keys add the output name for a model with several outputs
    (`"cls_accuracy"`), `"weighted_"` for a weighted metric whose name is taken,
    and `"_1"`, `"_2"`... for repeats. Unweighted metrics come first, then
    weighted ones.

    Args:
        metrics: Metrics for the outputs (a list, or a list / dict per output).
        weighted_metrics: Metrics that receive `sample_weight`.
        output_names: Names of the model's outputs.
    """

    def __init__(self, metrics, weighted_metrics=None, output_names=None, name="compile_metrics"):
        super().__init__(name=name)
        self._metrics_arg = metrics
        self._weighted_arg = weighted_metrics
        self.output_names = output_names
        self.built = False
        self._names = None
        self._flat_metrics = []  # per output: its unweighted metrics
        self._flat_weighted = []  # per output: its weighted metrics
        self._keyed = []  # (result key, metric), in Keras's order

    def build(self, y_true, y_pred) -> None:
        """Resolves metric names against the first batch's targets and predictions."""
        flat_pred = tree.flatten(y_pred)
        names = self._names = _output_names(self.output_names, flat_pred)
        flat_true = _flatten_like_outputs(y_true, y_pred, names)
        multi = len(flat_pred) > 1
        self._flat_metrics, self._flat_weighted = [], []
        for index, (t, p) in enumerate(zip(flat_true, flat_pred)):
            self._flat_metrics.append([
                get_metric(m, t, p) for m in self._for_output(self._metrics_arg, names, index, multi)
            ])
            self._flat_weighted.append([
                get_metric(m, t, p) for m in self._for_output(self._weighted_arg, names, index, multi)
            ])
        prefixes = [f"{name}_" if multi else "" for name in names]
        counters = {}
        self._keyed = []
        for prefix, metrics in zip(prefixes, self._flat_metrics):
            for metric in metrics:
                self._keyed.append((_unique_key(prefix + metric.name, counters), metric))
        for prefix, metrics in zip(prefixes, self._flat_weighted):
            for metric in metrics:
                key = prefix + metric.name
                if key in counters:
                    key = _unique_key(f"{prefix}weighted_{metric.name}", counters)
                else:
                    counters[key] = 1
                self._keyed.append((key, metric))
        self.built = True

    @staticmethod
    def _for_output(arg, names, index, multi):
        if arg is None:
            return []
        if isinstance(arg, dict):
            value = arg.get(names[index])
        elif multi and isinstance(arg, (list, tuple)) and arg and all(
                isinstance(a, (list, tuple)) or a is None for a in arg):
            value = arg[index]
        else:
            value = arg
        if value is None:
            return []
        return list(value) if isinstance(value, (list, tuple)) else [value]

    @property
    def metrics(self) -> list:
        """The resolved metric objects: all unweighted ones, then all weighted ones."""
        return [m for metrics in self._flat_metrics + self._flat_weighted for m in metrics]

    @property
    def keyed_metrics(self) -> list:
        """`(result key, metric)` pairs, in the order of `result()` (empty before `build`)."""
        return list(self._keyed)

    @property
    def variables(self) -> list:
        return [v for metric in self.metrics for v in metric.variables]

    def update_state(self, y_true, y_pred, sample_weight=None):
        if not self.built:
            self.build(y_true, y_pred)
        flat_pred = tree.flatten(y_pred)
        flat_true = _flatten_like_outputs(y_true, y_pred, self._names)
        flat_weights = (_flatten_like_outputs(sample_weight, y_pred, self._names)
                        if tree.is_nested(sample_weight) else [sample_weight] * len(flat_pred))
        for metrics, weighted, t, p, sw in zip(self._flat_metrics, self._flat_weighted,
                                               flat_true, flat_pred, flat_weights):
            for metric in metrics:
                metric.update_state(t, p)
            for metric in weighted:
                metric.update_state(t, p, sample_weight=sw)

    def reset_state(self):
        for metric in self.metrics:
            metric.reset_state()

    def result(self) -> dict:
        return {key: metric.result() for key, metric in self._keyed}


def _output_names(output_names, flat_pred):
    """The model's output names, or `output_0`, `output_1`... if they do not fit."""
    if output_names and len(output_names) == len(flat_pred):
        return list(output_names)
    return [f"output_{i}" for i in range(len(flat_pred))]


def _unique_key(key, counters):
    """`key`, or `key_1`, `key_2`... if already used (Keras's rule for repeated names)."""
    if key not in counters:
        counters[key] = 1
        return key
    index = counters[key]
    counters[key] += 1
    return f"{key}_{index}"
