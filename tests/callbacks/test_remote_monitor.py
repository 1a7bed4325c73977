import json

import numpy as np
import pytest
import requests

from kerastorch.callbacks import RemoteMonitor
from kerastorch.callbacks import remote_monitor


class FakeRequests:
    """Stands in for the `requests` module."""

    exceptions = requests.exceptions

    def __init__(self, error=None):
        self.posts = []
        self.error = error

    def post(self, url, data=None, json=None, headers=None):
        if self.error:
            raise self.error
        self.posts.append({"url": url, "data": data, "json": json, "headers": headers})


LOGS = {"loss": 0.5, "accuracy": np.float32(0.25), "confusion": np.array([1.5])}
SENT = {"epoch": 3, "loss": 0.5, "accuracy": 0.25, "confusion": 1.5}


@pytest.mark.parametrize("send_as_json", [False, True])
def test_posts_epoch_logs(send_as_json, monkeypatch):
    fake = FakeRequests()
    monkeypatch.setattr(remote_monitor, "requests", fake)
    callback = RemoteMonitor(root="http://host:1", path="/end", field="payload",
                             headers={"A": "b"}, send_as_json=send_as_json)
    callback.on_epoch_end(3, dict(LOGS))
    (post,) = fake.posts
    assert post["url"] == "http://host:1/end" and post["headers"] == {"A": "b"}
    if send_as_json:
        assert post["data"] is None and post["json"] == SENT
    else:
        assert post["json"] is None and json.loads(post["data"]["payload"]) == SENT


def test_defaults():
    callback = RemoteMonitor()
    assert (callback.root, callback.path, callback.field, callback.headers,
            callback.send_as_json) == ("http://localhost:9000", "/publish/epoch/end/", "data",
                                       None, False)


def test_unreachable_server_warns(monkeypatch):
    monkeypatch.setattr(remote_monitor, "requests",
                        FakeRequests(requests.exceptions.ConnectionError("refused")))
    with pytest.warns(UserWarning, match="Could not reach RemoteMonitor root server at "
                                         "http://localhost:9000"):
        RemoteMonitor().on_epoch_end(0, {"loss": 1.0})


def test_requires_requests(monkeypatch):
    monkeypatch.setattr(remote_monitor, "requests", None)
    callback = RemoteMonitor()  # constructing works; sending needs `requests`
    with pytest.raises(ImportError, match="RemoteMonitor requires the `requests` library."):
        callback.on_epoch_end(0, {"loss": 1.0})
