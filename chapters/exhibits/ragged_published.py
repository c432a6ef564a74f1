"""The two published answers to chapter 6's question, made to run, for comparison.

Shown in chapter 6, which measures them against ``helpers.ragged``. They are not the
recommended way: the cumulative-sum method loses digits to cancellation, and the one-hot
method builds (B, N, K) and (B, N, K, d) arrays.
"""

import numpy as np


def cumsum_class_centroids(X, labels, n_classes):
    """Centroids by sorting, one running sum, and differences at the class boundaries.

    The first answer's idea with its gaps filled: its ``inverse_permutation`` is not defined
    (``np.argsort(order)`` is one). The answer divides by ``np.maximum(counts, 1)``, which gives
    an empty class a centroid of zeros; this version divides by the counts, so an empty class
    gets NaN (0 / 0, warning silenced), as in ``helpers.ragged``.
    Returns ``(centroids (K, d), counts (K,))``.
    """
    X, labels = np.asarray(X, dtype=np.float64), np.asarray(labels)
    order = np.argsort(labels, kind="stable")  # points grouped by class
    counts = np.bincount(labels, minlength=n_classes)
    ends = np.cumsum(counts)  # class c is rows ends[c]-counts[c] : ends[c]
    running = np.concatenate([np.zeros((1, X.shape[1])), np.cumsum(X[order], axis=0)])
    sums = (
        running[ends] - running[ends - counts]
    )  # difference of two large running sums
    with np.errstate(invalid="ignore", divide="ignore"):
        return sums / counts[:, None], counts


def onehot_centroid_hinge_loss(X, labels, delta):
    """The second answer's dense method: a (B, N, K) one-hot matmul, then all B x N x K distances.

    With its divide-by-zero fixed as the answer suggests: sums and counts are kept apart,
    and classes with no points are masked. Memory grows with K: the distance step builds a
    (B, N, K, d) array of differences.
    """
    X, labels = np.asarray(X, dtype=np.float64), np.asarray(labels)
    K = int(labels.max()) + 1
    one_hot = np.eye(K)[labels]  # (B, N, K)
    counts = one_hot.sum(axis=1)  # (B, K)
    sums = one_hot.transpose(0, 2, 1) @ X  # (B, K, d)
    centroids = np.divide(
        sums, counts[..., None], out=np.zeros_like(sums), where=counts[..., None] > 0
    )
    distances = np.linalg.norm(
        X[:, :, None, :] - centroids[:, None, :, :], axis=-1
    )  # (B, N, K)
    hinge = np.maximum(distances - delta, 0.0) ** 2 * one_hot  # own class only
    class_means = np.divide(
        hinge.sum(axis=1), counts, out=np.zeros_like(counts), where=counts > 0
    )
    return class_means.sum(axis=1)


def onehot_gather_hinge_loss(X, labels, delta):
    """The one-hot method done fairly: one batched matmul for the centroids, then a gather.

    ``centroids[b, labels[b]]`` fetches each point's own centroid, so no (B, N, K, d) array is
    built; the largest extra arrays are the (B, N, K) one-hot and a few (B, N, d) ones.
    """
    X, labels = np.asarray(X, dtype=np.float64), np.asarray(labels)
    B, N, d = X.shape
    K = labels.max() + 1
    one_hot = np.eye(K)[labels]  # (B, N, K)
    counts = one_hot.sum(axis=1)  # (B, K)
    sums = one_hot.transpose(0, 2, 1) @ X  # (B, K, d): one batched matmul
    centroids = (
        sums / np.maximum(counts, 1)[..., None]
    )  # empty classes: 0 / 1, never gathered
    item = np.arange(B)[:, None]
    own = centroids[item, labels]  # (B, N, d): centroids[b, labels[b]]
    distances = np.linalg.norm(X - own, axis=-1)  # (B, N), not (B, N, K)
    hinge = np.maximum(distances - delta, 0.0) ** 2
    return (hinge / counts[item, labels]).sum(axis=1)  # each class's mean, summed
