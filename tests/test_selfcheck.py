"""The self-check's feedback is itself right: ``helpers.selfcheck`` against known implementations.

For every exercise: the helper and implementations written differently (another algorithm,
another library) pass; every named mistake, written out as the small wrong function a
reader would write, is rejected with exactly its id; other wrong functions are rejected
without a crash; and reader code that raises, returns None, NaN, the wrong shape or dtype,
or modifies its inputs gets a clear message.
"""

import re
import subprocess
import sys

import numpy as np
import pytest
import scipy.special
from sklearn.decomposition import PCA

import test_selfcheck_class_centroids
import test_selfcheck_cross_entropy_grad
import test_selfcheck_multiclass_hinge_grad
import test_selfcheck_numerical_gradient
import test_selfcheck_softmax_regression_grad
from helpers import activations, gradcheck, linear, losses, pca, ragged
from helpers.selfcheck import EXERCISES, GENERIC_MISTAKES, CheckResult, check, mistakes


def onehot(labels, n_classes):
    return np.eye(n_classes)[labels]


def stable_softmax(z, axis):
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


# ============================================================================ chapter 1: numerical_gradient


def ng_complex_step(f, x):
    x = np.asarray(x, dtype=np.complex128)
    grad = np.zeros(x.shape)
    h = 1e-20
    for i in np.ndindex(x.shape):
        step = np.zeros(x.shape, dtype=np.complex128)
        step[i] = 1j * h
        grad[i] = np.imag(f(x + step)) / h
    return grad


def ng_five_point(f, x):
    x = np.array(x, dtype=np.float64)
    grad, h = np.empty_like(x), 1e-3
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h
        grad[i] = (f(x - 2 * e) - 8 * f(x - e) + 8 * f(x + e) - f(x + 2 * e)) / (12 * h)
    return grad


def ng_restored_arithmetically(f, x):
    x = np.array(x, dtype=float)
    grad, h = np.zeros(x.shape), 1e-5
    for i in np.ndindex(x.shape):
        x[i] += h
        up = f(x)
        x[i] -= 2 * h
        down = f(x)
        x[i] += h             # back to x[i], up to an ulp or two of round-off
        grad[i] = (up - down) / (2 * h)
    return grad


def ng_default_step_vectors(f, x):
    x = np.asarray(x, dtype=float)
    h = np.cbrt(np.finfo(float).eps)  # the default step of helpers.gradcheck, about 6e-6
    grad = np.empty(x.size)
    for i, e in enumerate(np.eye(x.size)):
        step = h * e.reshape(x.shape)
        grad[i] = (f(x + step) - f(x - step)) / (2 * h)
    return grad.reshape(x.shape)


def ng_integer_truncation(f, x):
    x = np.array(x, copy=True)  # keeps an integer dtype: x[i] + h is stored back truncated
    grad, h = np.zeros(x.shape), 1e-5
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        up = f(x)
        x[i] = old - h
        down = f(x)
        x[i] = old
        grad[i] = (up - down) / (2 * h)
    return grad


def ng_integer_output(f, x):
    grad = np.zeros_like(x)  # integer x: an integer gradient, truncated
    work = np.array(x, dtype=float)
    for i in np.ndindex(work.shape):
        old = work[i]
        work[i] = old + 1e-5
        up = f(work)
        work[i] = old - 1e-5
        down = f(work)
        work[i] = old
        grad[i] = (up - down) / 2e-5
    return grad


def ng_all_at_once(f, x):
    x = np.array(x, dtype=float)
    h = 1e-5
    return np.full(x.shape, (f(x + h) - f(x - h)) / (2 * h))


def ng_moved_in_place(f, x):
    grad, h = np.zeros(np.shape(x)), 1e-5
    for i in np.ndindex(x.shape):
        x[i] += h
        up = f(x)
        x[i] -= 2 * h
        down = f(x)           # ... and x[i] is never put back
        grad[i] = (up - down) / (2 * h)
    return grad


def ng_moved_copy(f, x):
    x = np.array(x, dtype=float)
    grad, h = np.zeros(x.shape), 1e-5
    for i in np.ndindex(x.shape):
        x[i] += h
        up = f(x)
        x[i] -= 2 * h
        down = f(x)
        grad[i] = (up - down) / (2 * h)
    return grad


def ng_missing_factor_2(f, x):
    x = np.array(x, dtype=float)
    grad, h = np.zeros(x.shape), 1e-5
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        up = f(x)
        x[i] = old - h
        down = f(x)
        x[i] = old
        grad[i] = (up - down) / h
    return grad


def ng_forward_difference(f, x):
    x = np.array(x, dtype=float)
    grad, h = np.zeros(x.shape), 1e-7  # close to the values: only the points give it away
    f0 = f(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h
        grad[i] = (f(x + e) - f0) / h
    return grad


def ng_backward_difference(f, x):
    x = np.array(x, dtype=float)
    grad, h = np.zeros(x.shape), 1e-5
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h
        grad[i] = (f(x) - f(x - e)) / h
    return grad


def ng_central(h):
    def central(f, x):
        x = np.array(x, dtype=float)
        grad = np.zeros(x.shape)
        for i in np.ndindex(x.shape):
            e = np.zeros_like(x)
            e[i] = h
            grad[i] = (f(x + e) - f(x - e)) / (2 * h)
        return grad

    central.__name__ = f"ng_central_h_{h:g}"
    return central


ng_large_step = ng_central(0.5)  # central differences, but a huge step


# ============================================================================ chapter 1: cross_entropy_grad


def ce_scipy(logits, labels):
    return scipy.special.softmax(logits, axis=1) - onehot(labels, logits.shape[1])


def ce_loop(logits, labels):
    grad = np.empty_like(logits, dtype=float)
    for i, (z, y) in enumerate(zip(logits, labels)):
        grad[i] = np.exp(z - scipy.special.logsumexp(z))
        grad[i, y] -= 1.0
    return grad


def ce_no_max_shift(logits, labels):
    e = np.exp(logits)
    return e / e.sum(axis=1, keepdims=True) - onehot(labels, logits.shape[1])


def ce_global_shift(logits, labels):
    e = np.exp(logits - logits.max())  # the batch's maximum, not each row's
    return e / e.sum(axis=1, keepdims=True) - onehot(labels, logits.shape[1])


def ce_no_onehot(logits, labels):
    return stable_softmax(logits, axis=1)


def ce_wrong_axis(logits, labels):
    return stable_softmax(logits, axis=0) - onehot(labels, logits.shape[1])


def ce_mean(logits, labels):
    return (stable_softmax(logits, axis=1) - onehot(labels, logits.shape[1])) / len(logits)


def ce_flipped(logits, labels):
    return onehot(labels, logits.shape[1]) - stable_softmax(logits, axis=1)


def ce_half_target(logits, labels):
    return stable_softmax(logits, axis=1) - 0.5 * onehot(labels, logits.shape[1])


def ce_modifies_logits(logits, labels):
    logits -= logits.max(axis=1, keepdims=True)  # in place: the caller's logits change
    e = np.exp(logits)
    return e / e.sum(axis=1, keepdims=True) - onehot(labels, logits.shape[1])


# ============================================================================ chapter 2: log_sigmoid


def ls_logaddexp(z):
    return -np.logaddexp(0.0, -z)


def ls_piecewise(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = -np.log1p(np.exp(-z[pos]))
    out[~pos] = z[~pos] - np.log1p(np.exp(z[~pos]))
    return out


def ls_log_of_sigmoid(z):
    return np.log(1.0 / (1.0 + np.exp(-z)))


def ls_log_of_stable_sigmoid(z):
    return np.log(activations.sigmoid(z))


def ls_log_one_plus(z):
    return -np.log(1.0 + np.exp(-z))


def ls_overflow(z):
    return -np.log1p(np.exp(-z))


def ls_log_not_log1p(z):
    return np.minimum(z, 0.0) - np.log(1.0 + np.exp(-np.abs(z)))


def ls_softplus(z):
    return np.logaddexp(0.0, -z)


def ls_crude(z):
    return np.minimum(z, 0.0)


# ============================================================================ chapter 3: multiclass hinge


def rows(labels):
    return np.arange(len(labels))


def hinge_loop(scores, labels):
    losses_ = np.zeros(len(scores))
    for i, (s, y) in enumerate(zip(scores, labels)):
        for j in range(len(s)):
            if j != y:
                losses_[i] += max(0.0, s[j] - s[y] + 1.0)
    return losses_


def hinge_minus_one(scores, labels):
    # every class pays, the true one exactly max(0, 1) = 1: subtract it afterwards
    return np.maximum(0.0, scores - scores[rows(labels), labels][:, None] + 1.0).sum(axis=1) - 1.0


def hinge_true_class_counted(scores, labels):
    return np.maximum(0.0, scores - scores[rows(labels), labels][:, None] + 1.0).sum(axis=1)


def hinge_no_clipping(scores, labels):
    margins = scores - scores[rows(labels), labels][:, None] + 1.0
    margins[rows(labels), labels] = 0.0
    return margins.sum(axis=1)


def hinge_crammer_singer(scores, labels):
    rivals = scores.astype(float).copy()
    rivals[rows(labels), labels] = -np.inf
    return np.maximum(0.0, rivals.max(axis=1) - scores[rows(labels), labels] + 1.0)


def hinge_mean(scores, labels):
    return losses.multiclass_hinge(scores, labels).mean()


def hinge_no_margin(scores, labels):
    margins = np.maximum(0.0, scores - scores[rows(labels), labels][:, None])
    return margins.sum(axis=1)


def hinge_row_not_column(scores, labels):
    margins = np.maximum(0.0, scores - scores[rows(labels), labels] + 1.0)  # (n, k) - (n,): lined up with k
    margins[rows(labels), labels] = 0.0
    return margins.sum(axis=1)


def hinge_squared(scores, labels):
    margins = np.maximum(0.0, scores - scores[rows(labels), labels][:, None] + 1.0) ** 2
    margins[rows(labels), labels] = 0.0
    return margins.sum(axis=1)


def hinge_grad_loop(scores, labels):
    grad = np.zeros_like(scores, dtype=float)
    for i, (s, y) in enumerate(zip(scores, labels)):
        for j in range(len(s)):
            if j != y and s[j] - s[y] + 1.0 > 0:
                grad[i, j] += 1.0
                grad[i, y] -= 1.0
    return grad


def active_rivals(scores, labels):
    active = (scores - scores[rows(labels), labels][:, None] + 1.0 > 0).astype(float)
    active[rows(labels), labels] = 0.0
    return active


def hinge_grad_row_not_column(scores, labels):
    active = (scores - scores[rows(labels), labels] + 1.0 > 0).astype(float)  # (n, k) - (n,)
    active[rows(labels), labels] = 0.0
    active[rows(labels), labels] = -active.sum(axis=1)
    return active


def hinge_grad_kink_active(scores, labels):
    margins = scores - scores[rows(labels), labels][:, None] + 1.0
    margins[rows(labels), labels] = -1.0
    active = (margins >= 0).astype(float)  # a rival exactly at the margin counts
    grad = active.copy()
    grad[rows(labels), labels] = -active.sum(axis=1)
    return grad


def hinge_grad_no_true_term(scores, labels):
    return active_rivals(scores, labels)


def hinge_grad_true_counted(scores, labels):
    active = (scores - scores[rows(labels), labels][:, None] + 1.0 > 0).astype(float)  # y itself: 1 > 0
    grad = active.copy()
    grad[rows(labels), labels] = -active.sum(axis=1)
    return grad


def hinge_grad_no_clipping(scores, labels):
    grad = np.ones_like(scores, dtype=float)
    grad[rows(labels), labels] = -(scores.shape[1] - 1.0)
    return grad


def hinge_grad_crammer_singer(scores, labels):
    rivals = scores.astype(float).copy()
    rivals[rows(labels), labels] = -np.inf
    best = rivals.argmax(axis=1)
    active = rivals[rows(labels), best] - scores[rows(labels), labels] + 1.0 > 0
    grad = np.zeros_like(scores, dtype=float)
    grad[rows(labels)[active], best[active]] = 1.0
    grad[rows(labels)[active], labels[active]] = -1.0
    return grad


def hinge_grad_flipped(scores, labels):
    return -hinge_grad_loop(scores, labels)


def hinge_grad_half(scores, labels):
    return 0.5 * hinge_grad_loop(scores, labels)


# ============================================================================ chapter 4: softmax regression


def sr_reference(W, b, X, y):
    return linear.softmax_objective(W, b, X, y)[1:]


def sr_einsum(W, b, X, y):
    G = (scipy.special.softmax(np.einsum("nd,kd->nk", X, W) + b, axis=1) - onehot(y, len(W))) / len(X)
    return np.einsum("nk,nd->kd", G, X), G.sum(axis=0)


def sr_loop(W, b, X, y):
    grad_W, grad_b = np.zeros_like(W, dtype=float), np.zeros_like(b, dtype=float)
    for x, label in zip(X, y):
        g = stable_softmax(W @ x + b, axis=0)
        g[label] -= 1.0
        grad_W += np.outer(g, x)
        grad_b += g
    return grad_W / len(X), grad_b / len(X)


def sr_parts(W, b, X, y):
    return (stable_softmax(X @ W.T + b, axis=1) - onehot(y, len(W))) / len(X)


def sr_no_max_shift(W, b, X, y):
    e = np.exp(X @ W.T + b)
    G = (e / e.sum(axis=1, keepdims=True) - onehot(y, len(W))) / len(X)
    return G.T @ X, G.sum(axis=0)


def sr_missing_1_over_n(W, b, X, y):
    G = sr_parts(W, b, X, y) * len(X)
    return G.T @ X, G.sum(axis=0)


def sr_transposed(W, b, X, y):
    G = sr_parts(W, b, X, y)
    return X.T @ G, G.sum(axis=0)


def sr_bias_wrong_axis(W, b, X, y):
    G = sr_parts(W, b, X, y)
    return G.T @ X, G.sum(axis=1)


def sr_global_shift(W, b, X, y):
    Z = X @ W.T + b
    e = np.exp(Z - Z.max())  # the batch's largest logit, not each row's
    G = (e / e.sum(axis=1, keepdims=True) - onehot(y, len(W))) / len(X)
    return G.T @ X, G.sum(axis=0)


def sr_classes_from_labels(W, b, X, y):
    G = stable_softmax(X @ W.T + b, axis=1) - np.eye(y.max() + 1)[y]  # k from the labels
    return G.T @ X / len(X), G.sum(axis=0) / len(X)


def sr_classes_from_labels_zeros(W, b, X, y):
    Y = np.zeros((len(y), y.max() + 1))
    Y[rows(y), y] = 1.0
    G = stable_softmax(X @ W.T + b, axis=1)
    G -= Y
    return G.T @ X / len(X), G.mean(axis=0)


def sr_bias_keepdims(W, b, X, y):
    G = sr_parts(W, b, X, y)
    return G.T @ X, G.sum(axis=0, keepdims=True)


def sr_bias_not_summed(W, b, X, y):
    G = sr_parts(W, b, X, y)
    return G.T @ X, G


def sr_bias_not_summed_unscaled(W, b, X, y):
    G = sr_parts(W, b, X, y)
    return G.T @ X, G * len(X)


def sr_no_onehot(W, b, X, y):
    G = stable_softmax(X @ W.T + b, axis=1) / len(X)
    return G.T @ X, G.sum(axis=0)


def sr_swapped(W, b, X, y):
    G = sr_parts(W, b, X, y)
    return G.sum(axis=0), G.T @ X


def sr_half(W, b, X, y):
    G = sr_parts(W, b, X, y)
    return 0.5 * G.T @ X, G.sum(axis=0)


# ============================================================================ chapter 5: snapshot PCA


def pca_helper(X, k):
    return pca.SnapshotPCA(n_components=k).fit(X).components_


def pca_sklearn(X, k):
    return PCA(n_components=k, svd_solver="full").fit(X).components_


def pca_svd_flipped(X, k):
    return -np.linalg.svd(X - X.mean(axis=0), full_matrices=False)[2][:k]  # signs are free


def snapshot(X, k, *, centre=True, normalise=True, ascending=False, rows_for_columns=False, by_lambda=False):
    """The chapter's method with switches for its classic slips (the snapshot branch whenever N <= M)."""
    A = X - X.mean(axis=0) if centre else X
    small = A.shape[0] <= A.shape[1]
    values, vectors = np.linalg.eigh(A @ A.T if small else A.T @ A)
    order = np.arange(k) if ascending else np.argsort(values)[::-1][:k]
    axes = vectors[order] if rows_for_columns else vectors[:, order].T
    if small:
        axes = axes @ A
        if by_lambda:
            axes = axes / values[order][:, None]
        elif normalise:
            axes = axes / np.sqrt(np.abs(values[order]))[:, None]
    return axes


def pca_no_centring(X, k):
    return snapshot(X, k, centre=False)


def pca_no_normalisation(X, k):
    return snapshot(X, k, normalise=False)  # only the N <= M (snapshot) branch shows it


def pca_snapshot_always_no_normalisation(X, k):
    A = X - X.mean(axis=0)  # the snapshot method for every shape, and no 1/sqrt(lambda)
    values, vectors = np.linalg.eigh(A @ A.T)
    return vectors[:, ::-1][:, :k].T @ A


def pca_divided_by_lambda(X, k):
    return snapshot(X, k, by_lambda=True)  # only the N <= M (snapshot) branch shows it


def pca_snapshot_always_by_lambda(X, k):
    A = X - X.mean(axis=0)  # the snapshot method for every shape, and 1/lambda (slip 4)
    values, vectors = np.linalg.eigh(A @ A.T)
    values, vectors = values[::-1][:k], vectors[:, ::-1][:, :k]
    return (A.T @ vectors / values).T


def pca_ascending(X, k):
    return snapshot(X, k, ascending=True)


def pca_ascending_top_k(X, k):
    return pca_helper(X, k)[::-1]  # the right k axes, smallest variance first


def pca_rows_for_columns(X, k):
    return snapshot(X, k, rows_for_columns=True)


def pca_columns(X, k):
    return pca_helper(X, k).T


def pca_random_axes(X, k):
    return np.linalg.qr(np.random.default_rng(0).normal(size=(X.shape[1], k)))[0].T


def pca_doubled(X, k):
    return 2 * pca_helper(X, k)


# ============================================================================ chapter 6: class centroids


def cc_helper(X, labels, n_classes):
    return ragged.class_centroids(X, labels, n_classes)[0]


def cc_add_at(X, labels, n_classes):
    sums = np.zeros((n_classes, X.shape[1]))
    np.add.at(sums, labels, X)
    counts = np.bincount(labels, minlength=n_classes)
    with np.errstate(invalid="ignore"):
        return sums / counts[:, None]


def cc_onehot_matmul(X, labels, n_classes):
    Y = onehot(labels, n_classes)
    with np.errstate(invalid="ignore"):
        return (Y.T @ X) / Y.sum(axis=0)[:, None]


def cc_loop(X, labels, n_classes):
    out = np.full((n_classes, X.shape[1]), np.nan)
    for c in range(n_classes):
        members = X[labels == c]
        if len(members):
            out[c] = members.mean(axis=0)
    return out


def cc_buffered(X, labels, n_classes):
    sums = np.zeros((n_classes, X.shape[1]))
    sums[labels] += X  # buffered: a repeated label keeps only its last point
    counts = np.bincount(labels, minlength=n_classes)
    with np.errstate(invalid="ignore"):
        return sums / counts[:, None]


def cc_buffered_counts(X, labels, n_classes):
    sums, counts = np.zeros((n_classes, X.shape[1])), np.zeros(n_classes)
    sums[labels] += X
    counts[labels] += 1  # buffered too: every present class counts 1
    with np.errstate(invalid="ignore"):
        return sums / counts[:, None]


def cc_zeros_for_empty(X, labels, n_classes):
    sums = np.zeros((n_classes, X.shape[1]))
    np.add.at(sums, labels, X)
    return sums / np.maximum(np.bincount(labels, minlength=n_classes), 1)[:, None]


def cc_sums(X, labels, n_classes):
    sums = np.zeros((n_classes, X.shape[1]))
    np.add.at(sums, labels, X)
    return sums


def cc_compacted(X, labels, n_classes):
    out = np.full((n_classes, X.shape[1]), np.nan)
    for i, c in enumerate(np.unique(labels)):  # row i, not row c
        out[i] = X[labels == c].mean(axis=0)
    return out


def cc_first_appearance(X, labels, n_classes):
    out = np.full((n_classes, X.shape[1]), np.nan)
    for i, c in enumerate(dict.fromkeys(labels.tolist())):
        out[i] = X[labels == c].mean(axis=0)
    return out


def cc_dropped(X, labels, n_classes):
    return np.array([X[labels == c].mean(axis=0) for c in np.unique(labels)])


def cc_integer(X, labels, n_classes):
    out = np.zeros((n_classes, X.shape[1]), dtype=X.dtype)
    for c in range(n_classes):
        members = X[labels == c]
        out[c] = members.mean(axis=0) if len(members) else np.nan
    return out


def cc_medians(X, labels, n_classes):
    out = np.full((n_classes, X.shape[1]), np.nan)
    for c in np.unique(labels):
        out[c] = np.median(X[labels == c], axis=0)
    return out


def cc_sorts_labels(X, labels, n_classes):
    result = cc_loop(X, labels, n_classes)
    labels.sort()  # a reader's "harmless" tidy-up that changes the caller's array
    return result


# ============================================================================ the tables

REFERENCES = {
    "numerical_gradient": gradcheck.numerical_gradient,
    "cross_entropy_grad": losses.cross_entropy_grad,
    "log_sigmoid": activations.log_sigmoid,
    "multiclass_hinge": losses.multiclass_hinge,
    "multiclass_hinge_grad": losses.multiclass_hinge_grad,
    "softmax_regression_grad": sr_reference,
    "snapshot_pca": pca_helper,
    "class_centroids": cc_helper,
}

CORRECT = {
    "numerical_gradient": [ng_five_point, ng_restored_arithmetically, ng_default_step_vectors,
                           ng_central(1e-4), ng_central(1e-6)],
    "cross_entropy_grad": [ce_scipy, ce_loop],
    "log_sigmoid": [scipy.special.log_expit, ls_logaddexp, ls_piecewise],
    "multiclass_hinge": [hinge_loop, hinge_minus_one],
    "multiclass_hinge_grad": [hinge_grad_loop],
    "softmax_regression_grad": [sr_einsum, sr_loop],
    "snapshot_pca": [pca_sklearn, pca_svd_flipped],
    "class_centroids": [cc_add_at, cc_onehot_matmul, cc_loop],
}

# Every named mistake of every exercise, as the wrong function a reader would write.
MISTAKES = {
    "numerical_gradient": {
        "integer_truncation": [ng_integer_truncation, ng_integer_output],
        "perturbed_all_at_once": [ng_all_at_once],
        "moved_input": [ng_moved_in_place, ng_moved_copy],
        "perturbed_several_at_once": [test_selfcheck_numerical_gradient.whole_rows,
                                      test_selfcheck_numerical_gradient.two_axes_assumed],
        "relative_step": [test_selfcheck_numerical_gradient.relative_step,
                          test_selfcheck_numerical_gradient.step_relative_to_largest],
        "x_changed_by_round_off": [test_selfcheck_numerical_gradient.restored_in_place],
        "steps_never_reached": [test_selfcheck_numerical_gradient.flat_view_in_x_order],
        "entries_misplaced": [test_selfcheck_numerical_gradient.nditer_in_memory_order],
        "complex_step": [ng_complex_step],
        "forward_difference": [ng_forward_difference, ng_backward_difference],
        "missing_factor_2": [ng_missing_factor_2],
    },
    "cross_entropy_grad": {
        "per_sample_wrong_axis": [test_selfcheck_cross_entropy_grad.max_without_keepdims],
        "global_shift": [ce_global_shift],
        "no_max_shift": [ce_no_max_shift],
        "clipped_logits": [test_selfcheck_cross_entropy_grad._with_clip(-50, 50)],
        "no_onehot": [ce_no_onehot],
        "wrong_axis": [ce_wrong_axis],
        "mean_not_per_sample": [ce_mean],
        "flipped_sign": [ce_flipped],
    },
    "log_sigmoid": {
        "wrong_sign": [ls_softplus],
        "log_of_sigmoid": [ls_log_of_sigmoid, ls_log_of_stable_sigmoid, ls_log_one_plus],
        "exp_overflow": [ls_overflow],
        "log_not_log1p": [ls_log_not_log1p],
    },
    "multiclass_hinge": {
        "true_scores_wrong_axis": [hinge_row_not_column],
        "mean_not_per_sample": [hinge_mean],
        "true_class_counted": [hinge_true_class_counted],
        "no_clipping": [hinge_no_clipping],
        "crammer_singer": [hinge_crammer_singer],
        "no_margin": [hinge_no_margin],
    },
    "multiclass_hinge_grad": {
        "true_scores_wrong_axis": [hinge_grad_row_not_column],
        "kink_counted_active": [hinge_grad_kink_active],
        "tolerance_at_the_kink": [test_selfcheck_multiclass_hinge_grad.isclose_is_the_kink],
        "no_true_class_term": [hinge_grad_no_true_term],
        "true_class_counted": [hinge_grad_true_counted],
        "no_clipping": [hinge_grad_no_clipping],
        "crammer_singer": [hinge_grad_crammer_singer],
        "flipped_sign": [hinge_grad_flipped],
    },
    "softmax_regression_grad": {
        "per_sample_wrong_axis": [test_selfcheck_softmax_regression_grad.sum_without_keepdims],
        "classes_from_labels": [sr_classes_from_labels, sr_classes_from_labels_zeros],
        "global_shift": [sr_global_shift],
        "no_max_shift": [sr_no_max_shift],
        "clipped_logits": [test_selfcheck_softmax_regression_grad._with_clip(50)],
        "missing_1_over_n": [sr_missing_1_over_n],
        "transposed_weights": [sr_transposed],
        "bias_wrong_axis": [sr_bias_wrong_axis],
        "bias_keepdims": [sr_bias_keepdims],
        "bias_not_summed": [sr_bias_not_summed, sr_bias_not_summed_unscaled],
        "no_onehot": [sr_no_onehot],
    },
    "snapshot_pca": {
        "no_centring": [pca_no_centring],
        "no_normalisation": [pca_no_normalisation, pca_snapshot_always_no_normalisation],
        "divided_by_lambda": [pca_divided_by_lambda, pca_snapshot_always_by_lambda],
        "ascending_eigenvalues": [pca_ascending, pca_ascending_top_k],
        "rows_for_columns": [pca_rows_for_columns],
        "axes_as_columns": [pca_columns],
    },
    "class_centroids": {
        "buffered_fancy_index": [cc_buffered, cc_buffered_counts],
        "zeros_for_empty": [cc_zeros_for_empty],
        "sums_not_means": [cc_sums],
        "classes_out_of_order": [cc_compacted, cc_first_appearance],
        "empty_dropped": [cc_dropped],
        "integer_truncation": [cc_integer],
        "nan_cast_to_integer": [test_selfcheck_class_centroids.nan_like_X],
    },
}

# Wrong in ways no table names: rejected, without a crash and without a wrong name.
UNNAMED = {
    "numerical_gradient": [ng_large_step],
    "cross_entropy_grad": [ce_half_target],
    "log_sigmoid": [ls_crude],
    "multiclass_hinge": [hinge_squared],
    "multiclass_hinge_grad": [hinge_grad_half],
    "softmax_regression_grad": [sr_half, sr_swapped],
    "snapshot_pca": [pca_random_axes, pca_doubled],
    "class_centroids": [cc_medians],
}


def slightly_rotated_axes(X, k):
    axes = pca_helper(X, k)
    angle = 1e-4  # rows stay orthonormal: only the directions are (slightly) wrong
    return np.vstack([np.cos(angle) * axes[0] + np.sin(angle) * axes[1],
                      -np.sin(angle) * axes[0] + np.cos(angle) * axes[1], axes[2:]])


def scaled(exercise, factor):
    """The helper's answer, off by a small relative amount: right in spirit, wrong in the digits."""
    reference = REFERENCES[exercise]

    def nearly(*args):
        out = reference(*args)
        return (out[0] * factor, out[1]) if isinstance(out, tuple) else np.asarray(out) * factor

    nearly.__name__ = f"{exercise}_times_{factor}"
    return nearly


# Off by about 1e-4 relative (1e-6 where the contract promises every digit): the tolerances
# are tight enough to reject them, so a loosened tolerance fails here.
NEARLY_RIGHT = {
    "numerical_gradient": scaled("numerical_gradient", 1 + 1e-4),
    "cross_entropy_grad": scaled("cross_entropy_grad", 1 + 1e-4),
    "log_sigmoid": scaled("log_sigmoid", 1 + 1e-6),
    "multiclass_hinge": scaled("multiclass_hinge", 1 + 1e-6),
    "multiclass_hinge_grad": scaled("multiclass_hinge_grad", 1 + 1e-4),
    "softmax_regression_grad": scaled("softmax_regression_grad", 1 + 1e-4),
    "snapshot_pca": slightly_rotated_axes,
    "class_centroids": scaled("class_centroids", 1 + 1e-6),
}


def params(table):
    return [pytest.param(ex, fn, id=f"{ex}-{fn.__name__}") for ex, fns in table.items() for fn in fns]


def mistake_params():
    return [pytest.param(ex, mistake, fn, id=f"{ex}-{mistake}-{fn.__name__}")
            for ex, table in MISTAKES.items() for mistake, fns in table.items() for fn in fns]


# ============================================================================ the tests


def test_the_eight_exercises_and_their_chapters():
    assert {ex: e.chapter for ex, e in EXERCISES.items()} == {
        "numerical_gradient": 1, "cross_entropy_grad": 1, "log_sigmoid": 2, "multiclass_hinge": 3,
        "multiclass_hinge_grad": 3, "softmax_regression_grad": 4, "snapshot_pca": 5, "class_centroids": 6}
    assert all(e.contract and "\n" not in e.contract and e.signature.startswith("fn(") for e in EXERCISES.values())


@pytest.mark.parametrize("exercise", list(EXERCISES))
def test_the_helper_passes(exercise):
    result = check(exercise, REFERENCES[exercise])
    assert result.passed, result.message
    assert result.mistake is None
    assert re.search(r"(slower than|faster than|about as fast as) the reference", result.message)


@pytest.mark.parametrize("exercise, fn", params(CORRECT))
def test_a_correct_implementation_written_differently_passes(exercise, fn):
    result = check(exercise, fn)
    assert result.passed, result.message


@pytest.mark.parametrize("exercise", list(EXERCISES))
def test_every_named_mistake_has_a_wrong_implementation_here(exercise):
    named = set(mistakes(exercise))
    assert len(named) >= 3
    assert named == set(MISTAKES[exercise])
    assert not named & set(GENERIC_MISTAKES)


@pytest.mark.parametrize("exercise, mistake, fn", mistake_params())
def test_each_named_mistake_is_recognised_by_its_id(exercise, mistake, fn):
    result = check(exercise, fn)
    assert not result.passed
    assert result.mistake == mistake, result.message
    assert mistakes(exercise)[mistake] in result.message  # its title
    assert "Hint:" in result.message and f"(chapter {EXERCISES[exercise].chapter})" in result.message
    assert "expected" in result.message and "got" in result.message


@pytest.mark.parametrize("exercise, fn", params(UNNAMED))
def test_an_unnamed_wrong_implementation_is_rejected_without_a_name(exercise, fn):
    result = check(exercise, fn)
    assert not result.passed
    assert result.mistake in GENERIC_MISTAKES, result.message
    assert result.mistake not in ("raised", "not_implemented")


@pytest.mark.parametrize("exercise", list(EXERCISES))
def test_a_nearly_right_implementation_is_rejected(exercise):
    result = check(exercise, NEARLY_RIGHT[exercise])
    assert (result.passed, result.mistake) == (False, "wrong_values"), result.message


def test_a_central_difference_with_a_poor_step_is_told_about_the_step():
    for h in (1e-2, 1e-3, 1e-9):  # close to the answer, but not within GOOD: truncation, then round-off
        result = check("numerical_gradient", ng_central(h))
        assert (result.passed, result.mistake) == (False, "wrong_values"), result.message
        assert "cube root of eps, about 6e-6" in result.message.split("Hint:")[1]
    result = check("numerical_gradient", ng_missing_factor_2)  # not close: no word about the step
    assert "cube root" not in result.message


def test_the_numerical_gradient_tolerance_is_the_chapters_good():
    from helpers.gradcheck import GOOD
    result = check("numerical_gradient", scaled("numerical_gradient", 1 + 2 * GOOD))
    assert result.mistake == "wrong_values", result.message
    assert check("numerical_gradient", scaled("numerical_gradient", 1 + GOOD / 10)).passed


def test_a_restored_coordinate_is_not_counted_as_moved():
    # x[i] += h; x[i] -= 2 * h; x[i] += h leaves an ulp of difference on most coordinates
    x = np.random.default_rng(1).normal(size=(3, 2))
    work = x.copy()
    for i in np.ndindex(work.shape):
        work[i] += 1e-5
        work[i] -= 2e-5
        work[i] += 1e-5
    assert not np.array_equal(work, x)
    assert check("numerical_gradient", ng_restored_arithmetically).passed


def test_a_forward_difference_is_named_by_the_points_even_when_its_values_pass():
    result = check("numerical_gradient", ng_forward_difference)
    assert result.mistake == "forward_difference"
    assert "never at x - h e_i" in result.message


def test_a_mistake_that_raises_is_named_with_numpys_error():
    result = check("softmax_regression_grad", sr_classes_from_labels)
    assert result.mistake == "classes_from_labels"
    assert "class 2 has no sample" in result.message and "could not be broadcast" in result.message
    result = check("multiclass_hinge", hinge_row_not_column)
    assert result.mistake == "true_scores_wrong_axis" and "(2,3) (2,)" in result.message


def test_a_slow_loop_passes_and_is_timed_against_the_reference():
    result = check("class_centroids", cc_loop)
    assert result.passed
    assert re.search(r"Time on 20,000 points .*: [\d.]+ ms, .* the reference helpers\.ragged\.class_centroids "
                     r"\([\d.]+ ms\)", result.message), result.message


# ---------------------------------------------------------------------------- reader code that misbehaves


@pytest.mark.parametrize("exercise", list(EXERCISES))
def test_the_untouched_stub_is_not_implemented(exercise):
    def stub(*args):
        raise NotImplementedError("your code here")

    result = check(exercise, stub)
    assert (result.passed, result.mistake) == (False, "not_implemented")
    assert result.message.startswith("not implemented yet")


@pytest.mark.parametrize("exercise", list(EXERCISES))
def test_an_exception_becomes_a_message_with_the_input(exercise):
    def broken(*args):
        raise ZeroDivisionError("oops")

    result = check(exercise, broken)
    assert (result.passed, result.mistake) == (False, "raised")
    assert "raised ZeroDivisionError: oops" in result.message
    assert f"when called as {EXERCISES[exercise].signature}" in result.message
    first_argument = list(EXERCISES[exercise].signature[3:-1].split(", "))[0]
    assert f"  {first_argument} = " in result.message  # the input is printed


@pytest.mark.parametrize("exercise", list(EXERCISES))
def test_returning_none_says_so(exercise):
    result = check(exercise, lambda *args: None)
    assert (result.passed, result.mistake) == (False, "returned_none")
    assert "None" in result.message and "return" in result.message


@pytest.mark.parametrize("exercise", list(EXERCISES))
def test_a_wrong_shape_says_so(exercise):
    result = check(exercise, lambda *args: np.zeros((7, 7)))
    assert not result.passed
    if exercise == "softmax_regression_grad":
        assert result.mistake == "wrong_type" and "tuple (grad_W, grad_b)" in result.message
    else:
        assert result.mistake == "wrong_shape" and "shape (7, 7)" in result.message


@pytest.mark.parametrize("exercise", list(EXERCISES))
def test_nan_says_so(exercise):
    reference = REFERENCES[exercise]

    def with_nan(*args):
        out = reference(*args)
        if isinstance(out, tuple):
            return tuple(np.full(np.shape(o), np.nan) for o in out)
        return np.full(np.shape(out), np.nan)

    result = check(exercise, with_nan)
    assert (result.passed, result.mistake) == (False, "not_finite"), result.message
    assert "contains nan" in result.message


def test_a_modified_input_says_which():
    result = check("cross_entropy_grad", ce_modifies_logits)
    assert (result.passed, result.mistake) == (False, "modified_input")
    assert "changed its input logits" in result.message
    result = check("class_centroids", cc_sorts_labels)
    assert (result.passed, result.mistake) == (False, "modified_input")
    assert "changed its input labels" in result.message


def test_a_wrong_dtype_says_so():
    result = check("log_sigmoid", lambda z: activations.log_sigmoid(z).astype(np.float32))
    assert (result.passed, result.mistake) == (False, "wrong_dtype")
    assert "float32" in result.message and "float64" in result.message
    result = check("multiclass_hinge", lambda s, y: losses.multiclass_hinge(s, y).astype(np.int64))
    assert (result.passed, result.mistake) == (False, "wrong_dtype")
    assert "dtype int64" in result.message
    result = check("multiclass_hinge", lambda s, y: [str(v) for v in losses.multiclass_hinge(s, y)])
    assert (result.passed, result.mistake) == (False, "wrong_type")
    assert "not an array of real numbers" in result.message
    # a list of floats is array_like: accepted
    assert check("multiclass_hinge", lambda s, y: list(losses.multiclass_hinge(s, y))).passed


def test_the_extreme_case_is_shown_with_the_numbers():
    message = check("cross_entropy_grad", ce_no_max_shift).message
    assert "extreme logits" in message and "1000." in message and "nan" in message
    assert "NumPy warned" in message and "overflow" in message


def test_nan_in_pca_gets_the_chapter_5_hint():
    def ascending_snapshot(X, k):
        A = X - X.mean(axis=0)
        values, vectors = np.linalg.eigh(A @ A.T)  # the k smallest: 0, or slightly negative
        return (vectors[:, :k].T @ A) / np.sqrt(values[:k])[:, None]

    result = check("snapshot_pca", ascending_snapshot)
    assert not result.passed and result.mistake in ("not_finite", "ascending_eigenvalues")
    assert "eigenvalue" in result.message.split("Hint:")[1]


def test_a_numerical_gradient_is_the_answer_of_one_case():
    # the gradients are also compared with central differences, not only with the helper
    labels = [case_label for case_label in check("cross_entropy_grad", ce_scipy).message.split("; ")]
    assert any("numerical gradient" in label for label in labels)
    assert "numerical gradient" in check("softmax_regression_grad", sr_loop).message
    assert "numerical gradient" in check("multiclass_hinge_grad", hinge_grad_loop).message


# ---------------------------------------------------------------------------- check's own arguments and display


def test_an_unknown_exercise_lists_the_ids():
    with pytest.raises(ValueError, match="cross_entropy_grad.*class_centroids"):
        check("cross_entropy", ce_scipy)
    with pytest.raises(ValueError, match="exercise_id"):
        mistakes(3)


def test_a_non_callable_is_a_type_error():
    with pytest.raises(TypeError, match="callable"):
        check("log_sigmoid", np.zeros(3))


def test_the_result_reads_as_text_and_as_an_accessible_box():
    good, bad = check("log_sigmoid", ls_logaddexp), check("log_sigmoid", ls_overflow)
    assert isinstance(good, CheckResult)
    assert str(good).startswith("\u2713 Passed: log_sigmoid") and repr(good) == str(good)
    assert str(bad).startswith("\u2717 Not yet: log_sigmoid (mistake: exp_overflow)")
    for result, word in ((good, "Passed"), (bad, "Not yet")):
        box = result._repr_html_()
        assert word in box  # the verdict is a word, not a colour alone
        assert "<script" not in box and "http" not in box and "src=" not in box and "<link" not in box
    box = check("class_centroids", lambda X, labels, n_classes: "<b>").\
        _repr_html_()  # the reader's output is shown escaped, never as markup
    assert "<b>" not in box and "&lt;b&gt;" in box


def test_importing_the_module_has_no_side_effects():
    out = subprocess.run([sys.executable, "-c", "import helpers.selfcheck, sys; "
                          "print('matplotlib' in sys.modules)"], capture_output=True, text=True, check=True)
    assert out.stdout == "False\n" and out.stderr == ""


# ---------------------------------------------------------------------------- messages that show the difference


def test_expected_and_got_never_print_alike_when_they_differ():
    from helpers.gradcheck import GOOD

    message = check("numerical_gradient", scaled("numerical_gradient", 1 + 2 * GOOD)).message
    expected = [line for line in message.splitlines() if line.startswith("expected:")][0]
    got = [line for line in message.splitlines() if line.startswith("got:")][0]
    assert expected.split(":", 1)[1].strip() != got.split(":", 1)[1].strip(), message
    assert "3 of 3 entries differ beyond the tolerance" in message
    assert re.search(r"at \[0\]: expected 2\.0, got 2\.0000004\d* \(relative error 2e-07\)", message), message


def test_the_differing_entries_are_named_with_index_values_and_relative_error():
    message = check("class_centroids", scaled("class_centroids", 1 + 1e-6)).message
    assert re.search(r"at \(0, 0\): expected [-\d.e]+, got [-\d.e]+ \(relative error 1e-06\)", message), message


@pytest.mark.parametrize("exercise", list(EXERCISES))
def test_the_wrong_shape_hint_claims_nothing_it_did_not_see(exercise):
    result = check(exercise, lambda *args: np.zeros((7, 7)))
    assert "samples are rows" not in result.message


def test_an_integer_result_is_told_about_fractions_only_where_there_are_fractions():
    hinge = check("multiclass_hinge", lambda s, y: losses.multiclass_hinge(s, y).astype(np.int64))
    assert "cannot hold the fractions" in hinge.message
    assert check("multiclass_hinge_grad", lambda s, y: losses.multiclass_hinge_grad(s, y).astype(np.int8)).passed
