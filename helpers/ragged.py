"""Per-class reductions over ragged groups, without a Python loop over the classes.

Introduced in chapter 6: ``segment_ids``, ``segment_means``, ``class_centroids``,
``batched_class_centroids``, ``centroid_hinge_loss`` and the reference ``centroid_hinge_loss_loop``.

The idea is one trick: give every (batch item, class) pair its own **segment id**,
``label + item * n_classes``, so that a whole batch becomes one long list of points, each
tagged with the segment it belongs to. Every per-class quantity is then a segment reduction:
a sum over the points of each segment, done here by one sparse indicator matrix product
(``scipy.sparse``) or ``np.bincount``. Empty segments simply have a count of 0.

Speed (``benchmarks/bench_ragged.py`` measures it): the indicator matrix is built in CSC
form, one column per point holding that point's one entry, which is how it is stored, so
building it sorts nothing (a COO-to-CSR conversion sorts every entry, and cost more than the
product); when some (item, class) pairs are absent, the loss renumbers the segments that have
points ``0, 1, 2, ...`` before taking the means, so that an absent class takes no row of the
centroid array (with K = 1,000 classes and N = 1,000 points per item, about a third of the
pairs are absent, since (1 - 1/K)^N is about 1/e, and the centroid array is 37% smaller);
and when every item has N points, the item sums are the row sums of a (B, N) table, not a
``bincount``. Most of the time goes to four passes over arrays the size of the data, each
one NumPy call: the product, the gather of each point's centroid, the subtraction, the norms.
At K = 25 classes (B = 32, N = 1,000, d = 50) the loop visits so few (item, class) pairs that
these four calls alone keep any NumPy version well under 30 times faster than it; the
benchmark prints that lower bound.
"""

import numpy as np
import scipy.sparse

from ._validation import as_float_array, as_labels, check_positive


def _number_of_classes(labels, n_classes):
    largest = int(labels.max()) if labels.size else -1
    if n_classes is None:
        return largest + 1
    check_positive(n_classes, "n_classes", integer=True)
    if largest >= n_classes:
        raise ValueError(f"labels must be < n_classes={n_classes}, found {largest}; "
                         f"pass n_classes={largest + 1} or more, or leave it out")
    return int(n_classes)


def _points(X, ndim, name="X", check_finite=True):
    X = as_float_array(X, name, copy=False, check_finite=check_finite)
    if X.ndim != ndim:
        expected = "(n_points, n_features)" if ndim == 2 else "(batch, n_points, n_features)"
        raise ValueError(f"{name} must be {ndim}-D with shape {expected}, got shape {X.shape}")
    return X


def segment_ids(labels, n_classes):
    """One id per (batch item, class) pair: ``label + n_classes * item``, flattened.

    Introduced in chapter 6: this is the chapter's one idea. Item ``b``'s class ``c`` gets
    the id ``c + n_classes * b``, so the ids of different items never collide and a whole
    batch can be reduced as one flat list of points.

    Parameters
    ----------
    labels : array-like of int, shape (B, N) (or (B, N, 1))
        Class ids in ``[0, n_classes)`` of every point of every item.
    n_classes : int
        K, the number of classes (the same for every item).

    Returns
    -------
    ndarray of int64, shape (B * N,)
        Segment ids in ``[0, B * n_classes)``, in the order of ``labels.ravel()``.

    Examples
    --------
    >>> segment_ids([[0, 1, 1], [1, 0, 2]], n_classes=3).tolist()
    [0, 1, 1, 4, 3, 5]
    """
    check_positive(n_classes, "n_classes", integer=True)
    shape = np.shape(labels)
    if len(shape) == 3 and shape[-1] == 1:
        shape = shape[:-1]  # the question's (B, N, 1) labels: as_labels drops the last axis
    labels = as_labels(labels, shape)
    if labels.ndim != 2:
        raise ValueError(f"labels must be 2-D with shape (B, N), one row per item, got shape {labels.shape}")
    _number_of_classes(labels, n_classes)
    item_of_point = np.repeat(np.arange(labels.shape[0]), labels.shape[1])
    return _segment_ids(labels.ravel(), item_of_point, int(n_classes))


def _segment_ids(flat_labels, item_of_point, n_classes):
    """``label + n_classes * item`` for flat, validated arrays (the kernel of :func:`segment_ids`)."""
    return flat_labels + n_classes * item_of_point


def segment_means(values, segments, n_segments):
    """Average the rows of ``values`` that share a segment id, and count them.

    Introduced in chapter 6. Row ``s`` of a sparse indicator matrix holds ``1 / count_s`` at
    the points of segment ``s``; multiplying it by ``values`` averages them in one pass.

    Parameters
    ----------
    values : ndarray, shape (n,) or (n, d)
        One row per point. Not validated: this is the kernel that :func:`class_centroids`
        and :func:`batched_class_centroids` call after checking their inputs.
    segments : ndarray of int, shape (n,)
        The segment id of each row, in ``[0, n_segments)`` (for instance from
        :func:`segment_ids`).
    n_segments : int
        How many segments there are; ids that no row has are empty segments.

    Returns
    -------
    means : ndarray of float, shape (n_segments,) + values.shape[1:]
        The mean row of each segment; NaN for an empty segment.
    counts : ndarray of int64, shape (n_segments,)
        How many rows each segment has.

    Examples
    --------
    >>> means, counts = segment_means(np.array([[1.0], [3.0], [10.0]]), np.array([0, 0, 2]), 3)
    >>> means.tolist(), counts.tolist()
    ([[2.0], [nan], [10.0]], [2, 0, 1])
    """
    means, counts, _ = _segment_means(values, segments, n_segments)
    means[counts == 0] = np.nan  # an empty class has no mean; NaN says so instead of a fake 0
    return means, counts


def _segment_means(values, segments, n_segments):
    """(means with 0 for empty segments, counts, each point's weight 1 / count of its segment)."""
    counts = np.bincount(segments, minlength=n_segments)
    means, weights = _averages(values, segments, counts)
    return means, counts, weights


def _averages(values, segments, counts):
    """(the mean row of each segment, 0 if empty; each point's weight 1 / count of its segment).

    One product with the sparse (n_segments, n) matrix that holds 1 / count at (segment of
    point i, i). Stored by columns (CSC), point i's column is its one entry: the arrays are
    the matrix as stored, so building it sorts nothing.
    """
    n = len(segments)
    weights = 1.0 / counts[segments]  # every point's segment has at least that point: no 0 here
    averaging = scipy.sparse.csc_array((weights, segments, np.arange(n + 1)), shape=(len(counts), n))
    return averaging @ values, weights


def class_centroids(X, labels, n_classes=None):
    """The mean point of each class, and how many points each class has.

    Introduced in chapter 6.

    Parameters
    ----------
    X : array-like, shape (n, d)
    labels : array-like of int, shape (n,)
        Class ids in ``[0, n_classes)``.
    n_classes : int, optional
        K; default ``labels.max() + 1``.

    Returns
    -------
    centroids : ndarray, shape (K, d)
        NaN rows for classes with no points.
    counts : ndarray of int64, shape (K,)

    Examples
    --------
    >>> centroids, counts = class_centroids([[0.0, 0.0], [2.0, 0.0], [5.0, 5.0]], [0, 0, 2])
    >>> centroids.tolist(), counts.tolist()
    ([[1.0, 0.0], [nan, nan], [5.0, 5.0]], [2, 0, 1])
    """
    X = _points(X, 2)
    labels = as_labels(labels, X.shape[:1], rows_of="X")
    K = _number_of_classes(labels, n_classes)
    return segment_means(X, labels, K)


def batched_class_centroids(X, labels, n_classes=None):
    """Class centroids for every item of a batch at once.

    Introduced in chapter 6.

    Parameters
    ----------
    X : array-like, shape (B, N, d)
    labels : array-like of int, shape (B, N) (or (B, N, 1))
    n_classes : int, optional
        K; default ``labels.max() + 1`` over the whole batch.

    Returns
    -------
    centroids : ndarray, shape (B, K, d)
        NaN where a class is absent from an item.
    counts : ndarray of int64, shape (B, K)

    Examples
    --------
    >>> X = [[[0.0], [2.0], [5.0]], [[1.0], [2.0], [3.0]]]
    >>> centroids, counts = batched_class_centroids(X, [[0, 0, 1], [1, 1, 1]])
    >>> centroids.tolist(), counts.tolist()
    ([[[1.0], [5.0]], [[nan], [2.0]]], [[2, 1], [0, 3]])
    """
    X = _points(X, 3)
    labels = as_labels(labels, X.shape[:2], rows_of="the points of X")
    K = _number_of_classes(labels, n_classes)
    B, N, d = X.shape
    segments = _segment_ids(labels.ravel(), np.repeat(np.arange(B), N), K)  # one id per (item, class)
    centroids, counts = segment_means(X.reshape(B * N, d), segments, B * K)
    return centroids.reshape(B, K, d), counts.reshape(B, K)


def _items(X, labels):
    """A validated batch as a list of (points (N_b, d), labels (N_b,)) pairs, one per item.

    ``X`` is a (B, N, d) array with (B, N) labels, or a list of (N_b, d) arrays with a list of
    (N_b,) label arrays (items of different sizes).
    """
    if isinstance(X, (list, tuple)):
        if not isinstance(labels, (list, tuple)) or len(labels) != len(X):
            raise ValueError("with X as a list of per-item arrays, labels must be a list of the same length")
        points = [_points(x, 2, f"X[{b}]") for b, x in enumerate(X)]
        if len({x.shape[1] for x in points}) > 1:
            raise ValueError(f"every item needs the same number of features, got {[x.shape[1] for x in points]}")
        item_labels = [as_labels(y, x.shape[:1], name=f"labels[{b}]", rows_of=f"X[{b}]") for b, (x, y) in enumerate(zip(points, labels))]
    else:
        X = _points(X, 3)
        labels = as_labels(labels, X.shape[:2], rows_of="the points of X")
        points, item_labels = list(X), list(labels)
    if not points:
        raise ValueError("the batch is empty: pass at least one item")
    return list(zip(points, item_labels))


def _flat_batch(X, labels, check_finite=True):
    """The batch as one list of points: (points (n, d), labels (n,), points per item (B,)).

    ``check_finite=False`` skips the NaN/inf pass over an array ``X``, for a caller that
    checks its result instead (a list of items is always checked, item by item).
    """
    if isinstance(X, (list, tuple)):
        items = _items(X, labels)
        sizes = np.array([len(y) for _, y in items])
        return np.concatenate([x for x, _ in items]), np.concatenate([y for _, y in items]), sizes
    X = _points(X, 3, check_finite=check_finite)
    B, N, d = X.shape
    if B == 0:
        raise ValueError("the batch is empty: X has shape (0, N, d); pass at least one item")
    labels = as_labels(labels, (B, N), rows_of="the points of X")
    return X.reshape(B * N, d), labels.ravel(), np.full(B, N)


def centroid_hinge_loss(X, labels, delta):
    """Per item: the sum over its classes of the mean squared hinge of distances to the centroid.

    Introduced in chapter 6. For item b and each class c present in it, with centroid
    ``mu`` (the mean of the class's points), each point x of the class scores
    ``max(||x - mu|| - delta, 0) ** 2``; the class's loss is the mean over its points, and
    the item's loss is the sum over its classes. Absent classes contribute nothing.
    Vectorized with segment reductions: no Python loop over items or classes.

    Parameters
    ----------
    X : array-like, shape (B, N, d), or a list of B arrays of shape (N_b, d)
    labels : array-like of int, shape (B, N) (or (B, N, 1)), or a list of (N_b,) arrays
    delta : float >= 0
        The margin: points closer than ``delta`` to their centroid cost nothing.

    Returns
    -------
    ndarray, shape (B,)

    Examples
    --------
    >>> X = [[[0.0, 0.0], [2.0, 0.0], [9.0, 9.0]]]
    >>> centroid_hinge_loss(X, [[0, 0, 1]], delta=0.5).tolist()  # class 0: (1 - 0.5)^2; class 1: 0
    [0.25]
    """
    check_positive(delta, "delta", allow_zero=True)
    # X's NaN/inf check comes last, from the result: it would be one more pass over X.
    points, flat_labels, sizes = _flat_batch(X, labels, check_finite=False)
    B = len(sizes)
    item_of_point = np.repeat(np.arange(B), sizes)
    K = int(flat_labels.max()) + 1 if flat_labels.size else 1
    segments = _segment_ids(flat_labels, item_of_point, K)  # one id per (item, class)
    counts = np.bincount(segments, minlength=B * K)
    if not counts.all():
        # Some (item, class) pairs have no points. Renumber the ones that have points
        # 0, 1, 2, ..., in order, so that an absent class takes no row of the centroids.
        present = counts > 0
        segments = (np.cumsum(present) - 1)[segments]
        counts = counts[present]
    # (inf - inf in X's unchecked values is NaN, reported below as X's inf, not warned here)
    with np.errstate(invalid="ignore"):
        centroids, weights = _averages(points, segments, counts)
        offsets = np.take(centroids, segments, axis=0)  # each point's own centroid, gathered
        np.subtract(points, offsets, out=offsets)  # in place: no second (n, d) array
        distances = np.sqrt(np.einsum("ij,ij->i", offsets, offsets))
    hinge = np.maximum(distances - delta, 0.0) ** 2
    # hinge / count summed over a class is the class's mean; summed over all the points of
    # an item, it is the sum of the item's class means (an absent class adds nothing).
    per_point = hinge * weights
    if np.all(sizes == sizes[0]):
        # Every item has the same number of points, N (always so for an array X): the
        # item sums are the row sums of a (B, N) table, cheaper than a bincount.
        losses = per_point.reshape(B, -1).sum(axis=1)
    else:
        losses = np.bincount(item_of_point, weights=per_point, minlength=B)
    if not np.isfinite(losses).all():
        # A NaN or inf anywhere in X makes its item's loss NaN: now check X, to say so.
        as_float_array(points, "X", copy=False)
    return losses


def centroid_hinge_loss_loop(X, labels, delta):
    """The same loss as :func:`centroid_hinge_loss`, by the plain loop (the reference).

    Introduced in chapter 6. The question's loop with its two slips fixed: it reads each
    item's own labels, and sums the per-class means without a ``.mean()`` of a scalar.

    Parameters
    ----------
    X : array-like, shape (B, N, d), or a list of B arrays of shape (N_b, d)
    labels : array-like of int, shape (B, N) (or (B, N, 1)), or a list of (N_b,) arrays
    delta : float >= 0
        The margin: points closer than ``delta`` to their centroid cost nothing.

    Returns
    -------
    ndarray, shape (B,)
        Each item's loss; equal to :func:`centroid_hinge_loss` up to round-off.

    Examples
    --------
    >>> X = [[[0.0, 0.0], [2.0, 0.0], [9.0, 9.0]]]
    >>> centroid_hinge_loss_loop(X, [[0, 0, 1]], delta=0.5).tolist()
    [0.25]
    """
    check_positive(delta, "delta", allow_zero=True)
    items = _items(X, labels)
    losses = np.zeros(len(items))
    for b, (data, item_labels) in enumerate(items):
        for c in np.unique(item_labels):
            subset = data[item_labels == c]
            centroid = subset.mean(axis=0)
            distance = np.linalg.norm(subset - centroid, axis=1)
            losses[b] += np.mean(np.maximum(distance - delta, 0.0) ** 2)
    return losses
