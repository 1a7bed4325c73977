"""`RemoteMonitor`: posts each epoch's results to an HTTP server."""

import json
import warnings

import numpy as np

from kerastorch.api_export import keras_export
from kerastorch.callbacks.callback import Callback

try:
    import requests
except ImportError:
    requests = None


@keras_export("keras.callbacks.RemoteMonitor")
class RemoteMonitor(Callback):
    """Streams events to a server.

    Requires the `requests` library. At the end of every epoch an HTTP POST
    is sent to `root + path` with the epoch index and its logs as JSON: as the
    request's JSON body with `send_as_json=True`, otherwise JSON-encoded in
    the form field `field`. An unreachable server only warns.

    Args:
        root: Root URL of the target server.
        path: Path relative to `root` to which the events are sent.
        field: Form field under which the data is stored (used only when
            `send_as_json=False`).
        headers: Optional dict of custom HTTP headers.
        send_as_json: Whether to send the request as `application/json`.

    Example:

    ```python
    monitor = kerastorch.callbacks.RemoteMonitor(root="http://localhost:9000")
    model.fit(x, y, epochs=3, callbacks=[monitor])
    ```
    """

    def __init__(
        self,
        root: str = "http://localhost:9000",
        path: str = "/publish/epoch/end/",
        field: str = "data",
        headers: dict = None,
        send_as_json: bool = False,
    ):
        super().__init__()
        self.root = root
        self.path = path
        self.field = field
        self.headers = headers
        self.send_as_json = send_as_json

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        """Posts `{"epoch": epoch, **logs}` to the server.

        Raises:
            ImportError: If `requests` is not installed.
        """
        if requests is None:
            raise ImportError("RemoteMonitor requires the `requests` library.")
        send = {"epoch": epoch}
        for key, value in (logs or {}).items():
            # NumPy scalars and arrays are not JSON-serializable: unwrap them.
            send[key] = value.item() if isinstance(value, (np.ndarray, np.generic)) else value
        try:
            if self.send_as_json:
                requests.post(self.root + self.path, json=send, headers=self.headers)
            else:
                requests.post(self.root + self.path, {self.field: json.dumps(send)},
                              headers=self.headers)
        except requests.exceptions.RequestException:
            warnings.warn(f"Could not reach RemoteMonitor root server at {self.root}",
                          stacklevel=2)
