"""helpers.data: the IDX parser, the hash-checked download path and the offline fallback.

The download tests run a real HTTP server on 127.0.0.1 that serves IDX files written by
the test; no test touches the internet.
"""

import contextlib
import functools
import gzip
import hashlib
import http.server
import socket
import struct
import threading

import numpy as np
import pytest

import helpers.data
from helpers.data import load_faces, load_mnist, read_idx


def idx_bytes(array):
    array = np.asarray(array, dtype=np.uint8)
    return bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape) + array.tobytes()


@pytest.fixture
def fake_mnist(tmp_path, monkeypatch):
    """Small IDX files in a served folder, with their hashes installed as the 'published' ones."""
    rng = np.random.default_rng(0)
    arrays = {
        "train_images": rng.integers(0, 256, size=(12, 28, 28)), "train_labels": np.arange(12) % 10,
        "test_images": rng.integers(0, 256, size=(5, 28, 28)), "test_labels": np.arange(5),
    }
    served = tmp_path / "served"
    served.mkdir()
    files = {}
    for key, (filename, _) in helpers.data.MNIST_FILES.items():
        payload = gzip.compress(idx_bytes(arrays[key]))
        (served / filename).write_bytes(payload)
        files[key] = (filename, hashlib.sha256(payload).hexdigest())
    monkeypatch.setattr(helpers.data, "MNIST_FILES", files)
    return arrays, served


@contextlib.contextmanager
def serving(directory):
    """An HTTP server on 127.0.0.1 serving ``directory``; yields its base URL."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def server(fake_mnist):
    with serving(fake_mnist[1]) as url:
        yield url


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def closed_port_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"  # nothing listens here once the socket is closed


def test_download_with_correct_hashes_parses_right(fake_mnist, server, tmp_path):
    arrays, _ = fake_mnist
    data = load_mnist("full", cache_dir=tmp_path / "cache", mirrors=(server,))
    assert data.X_train.shape == (12, 784) and data.X_train.dtype == np.float32
    np.testing.assert_allclose(data.X_train, arrays["train_images"].reshape(12, -1) / 255, rtol=1e-6)
    np.testing.assert_array_equal(data.y_test, arrays["test_labels"])
    assert data.y_train.dtype == np.int64 and "full MNIST" in data.source
    # Cached now: "auto" uses it without any server.
    again = load_mnist("auto", cache_dir=tmp_path / "cache", mirrors=(closed_port_url(),))
    assert "full MNIST" in again.source
    np.testing.assert_array_equal(again.X_test, data.X_test)


def test_a_dead_mirror_is_skipped(fake_mnist, server, tmp_path):
    data = load_mnist("full", cache_dir=tmp_path / "cache", mirrors=(closed_port_url(), server))
    assert len(data.y_train) == 12


def test_wrong_hash_fails_clearly_and_leaves_nothing_in_the_cache(fake_mnist, server, tmp_path, monkeypatch):
    files = dict(helpers.data.MNIST_FILES)
    filename, _ = files["test_images"]
    files["test_images"] = (filename, "0" * 64)
    monkeypatch.setattr(helpers.data, "MNIST_FILES", files)
    cache = tmp_path / "cache"
    with pytest.raises(OSError, match=f"could not get {filename} with the right SHA-256"):
        load_mnist("full", cache_dir=cache, mirrors=(server,))
    assert not (cache / filename).exists()
    assert not [p for p in cache.iterdir() if filename in p.name]  # no temporary leftovers either


def test_no_server_full_fails_and_auto_falls_back(fake_mnist, tmp_path):
    with pytest.raises(OSError, match="from any mirror"):
        load_mnist("full", cache_dir=tmp_path / "cache", mirrors=(closed_port_url(),))
    data = load_mnist("auto", cache_dir=tmp_path / "cache", mirrors=(closed_port_url(),))
    assert data.source.startswith("the offline MNIST subset") and "load_mnist('full')" in data.source


def test_offline_split_is_real_stratified_and_deterministic():
    data = load_mnist("offline")
    assert data.X_train.shape == (4000, 784) and data.X_test.shape == (1000, 784)
    assert data.X_train.dtype == np.float32 and 0 <= data.X_train.min() and data.X_train.max() <= 1
    np.testing.assert_array_equal(np.bincount(data.y_train), [400] * 10)
    np.testing.assert_array_equal(np.bincount(data.y_test), [100] * 10)
    again = load_mnist("offline")
    np.testing.assert_array_equal(again.X_test, data.X_test)
    # Real digits: strokes on a dark background, most pixels exactly 0, mean ink near MNIST's 0.13.
    assert 0.7 < np.mean(data.X_train == 0) < 0.85 and 0.1 < data.X_train.mean() < 0.16


@pytest.mark.parametrize(
    "payload, words",
    [
        (b"\x01\x00\x08\x01" + struct.pack(">I", 1) + b"\x00", "two zero bytes"),
        (b"\x00\x00\x0d\x01" + struct.pack(">I", 1) + b"\x00", "not supported"),
        (b"\x00\x00\x08\x03" + struct.pack(">I", 1), "header too short"),
        (idx_bytes(np.zeros((2, 3, 3)))[:-1], "truncated"),
        (idx_bytes(np.zeros((2, 3, 3))) + b"\x00", "truncated or corrupt"),
        (gzip.compress(idx_bytes(np.zeros(4)))[:-6], "gzip stream is corrupt"),
    ],
)
def test_malformed_idx_gets_a_clear_error(payload, words):
    with pytest.raises(ValueError, match=words):
        read_idx(payload, "test.idx")


def test_read_idx_round_trip_and_type_check():
    images = np.random.default_rng(1).integers(0, 256, size=(3, 28, 28))
    np.testing.assert_array_equal(read_idx(idx_bytes(images)), images)
    np.testing.assert_array_equal(read_idx(gzip.compress(idx_bytes(np.arange(7)))), np.arange(7))
    with pytest.raises(TypeError, match="needs the file's bytes"):
        read_idx("not bytes")


def test_unknown_source():
    with pytest.raises(ValueError, match="source must be"):
        load_mnist("kaggle")


def test_offline_faces_are_the_100_lfw_faces():
    faces = load_faces("offline")
    assert faces.images.shape == (100, 25, 25) and faces.X.shape == (100, 625)
    assert faces.X.dtype == np.float64 and 0 <= faces.X.min() and faces.X.max() <= 1
    assert "100 real LFW faces" in faces.source
    # Real faces, not noise: neighbouring pixels are strongly correlated.
    assert np.corrcoef(faces.images[:, :, :-1].ravel(), faces.images[:, :, 1:].ravel())[0, 1] > 0.8


@pytest.fixture
def fake_olivetti(tmp_path, monkeypatch):
    """A MATLAB file laid out like Olivetti's (4096 x 400, column-major 64 x 64 images), served locally."""
    from scipy.io import savemat

    images = np.random.default_rng(0).integers(0, 256, size=(400, 64, 64)).astype(np.uint8)
    served = tmp_path / "served"
    served.mkdir()
    savemat(served / "5976027", {"faces": images.transpose(0, 2, 1).reshape(400, 4096).T})
    sha256 = hashlib.sha256((served / "5976027").read_bytes()).hexdigest()
    monkeypatch.setattr(helpers.data, "OLIVETTI_FILE", ("olivettifaces.mat", sha256))
    with serving(served) as url:
        yield images, url + "5976027"


def test_olivetti_download_parses_right_and_auto_uses_the_cache(fake_olivetti, tmp_path):
    images, url = fake_olivetti
    faces = load_faces("olivetti", cache_dir=tmp_path / "cache", urls=(closed_port_url(), url))
    assert faces.images.shape == (400, 64, 64) and "Olivetti" in faces.source
    scaled = (images - images.min()) / (images.max() - images.min())
    np.testing.assert_allclose(faces.images, scaled, rtol=1e-12)  # rows and columns the right way round
    again = load_faces("auto", cache_dir=tmp_path / "cache", urls=(closed_port_url(),))
    np.testing.assert_array_equal(again.images, faces.images)


def test_olivetti_wrong_hash_fails_and_auto_falls_back(fake_olivetti, tmp_path, monkeypatch):
    _, url = fake_olivetti
    monkeypatch.setattr(helpers.data, "OLIVETTI_FILE", ("olivettifaces.mat", "0" * 64))
    with pytest.raises(OSError, match="could not get olivettifaces.mat with the right SHA-256"):
        load_faces("olivetti", cache_dir=tmp_path / "cache", urls=(url,))
    assert not (tmp_path / "cache" / "olivettifaces.mat").exists()
    faces = load_faces("auto", cache_dir=tmp_path / "cache")
    assert faces.images.shape == (100, 25, 25) and "load_faces('olivetti')" in faces.source
    with pytest.raises(ValueError, match="source must be"):
        load_faces("lfw")
