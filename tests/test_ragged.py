"""helpers.ragged against plain loops, on batches with missing, single-point and lone classes."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.ragged import (batched_class_centroids, centroid_hinge_loss, centroid_hinge_loss_loop,
                            class_centroids, segment_ids, segment_means)


def relative(a, b):
    return np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300)


def random_batch(seed, B=4, N=30, d=3, K=6):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(B, N, d)) * rng.uniform(0.5, 3, size=(B, 1, 1))
    labels = rng.integers(0, K, size=(B, N))
    labels[0] = 2                     # one class only in item 0
    labels[1, :] = rng.integers(0, 2, size=N)
    labels[1, 0] = 5                  # a single-point class (distance 0) in item 1
    return X, labels


@pytest.mark.parametrize("delta", [0.0, 0.5, 2.0, 100.0])
def test_vectorized_equals_the_loop(delta):
    X, labels = random_batch(0)
    fast, slow = centroid_hinge_loss(X, labels, delta), centroid_hinge_loss_loop(X, labels, delta)
    assert fast.shape == (4,)
    if delta == 100.0:
        np.testing.assert_array_equal(fast, 0.0)  # every point inside the margin
    assert relative(fast, slow) < 1e-10


def test_the_loop_against_a_hand_computed_item():
    X = np.array([[[0.0, 0.0], [4.0, 0.0], [10.0, 10.0], [10.0, 13.0], [10.0, 16.0]]])
    labels = np.array([[0, 0, 3, 3, 3]])
    # class 0: centroid (2, 0), distances 2, 2 -> (2 - 1)^2 = 1 each, mean 1
    # class 3: centroid (10, 13), distances 3, 0, 3 -> 4, 0, 4, mean 8/3; classes 1, 2 absent
    expected = 1 + 8 / 3
    for loss in (centroid_hinge_loss, centroid_hinge_loss_loop):
        np.testing.assert_allclose(loss(X, labels, 1.0), [expected], rtol=1e-14)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), B=st.integers(1, 4), N=st.integers(1, 12), d=st.integers(1, 4),
       K=st.integers(1, 8), delta=st.sampled_from([0.0, 0.3, 1.0]))
def test_property_vectorized_equals_the_loop(seed, B, N, d, K, delta):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(B, N, d))
    labels = rng.integers(0, K, size=(B, N))
    slow = centroid_hinge_loss_loop(X, labels, delta)
    np.testing.assert_allclose(centroid_hinge_loss(X, labels, delta), slow, rtol=1e-10, atol=1e-12)


def test_delta_zero_is_the_within_class_variance():
    X, labels = random_batch(1)
    expected = []
    for x, y in zip(X, labels):
        expected.append(sum(np.sum(np.var(x[y == c], axis=0)) for c in np.unique(y)))  # summed over dims
    assert relative(centroid_hinge_loss(X, labels, 0.0), np.array(expected)) < 1e-12


def test_ragged_lists_match_per_item_arrays():
    rng = np.random.default_rng(2)
    sizes = [5, 1, 17, 9]
    X = [rng.normal(size=(n, 3)) for n in sizes]
    labels = [rng.integers(0, 4, size=n) for n in sizes]
    labels[3][:] = 7  # an item whose only class id is larger than every other item's
    fast = centroid_hinge_loss(X, labels, 0.4)
    per_item = [centroid_hinge_loss(x[None], y[None], 0.4)[0] for x, y in zip(X, labels)]
    assert relative(fast, np.array(per_item)) < 1e-12
    assert relative(fast, centroid_hinge_loss_loop(X, labels, 0.4)) < 1e-10
    assert fast[1] == 0.0  # one point: it is its own centroid


def test_the_question_labels_with_a_trailing_axis():
    X, labels = random_batch(3)
    np.testing.assert_array_equal(centroid_hinge_loss(X, labels[..., None], 0.5), centroid_hinge_loss(X, labels, 0.5))


def test_class_centroids_against_a_loop_with_empty_classes():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(40, 5)) + 100.0
    labels = rng.choice([0, 1, 4], size=40)
    centroids, counts = class_centroids(X, labels, n_classes=6)
    assert centroids.shape == (6, 5) and counts.tolist() == [np.sum(labels == c) for c in range(6)]
    for c in (0, 1, 4):
        np.testing.assert_allclose(centroids[c], X[labels == c].mean(axis=0), rtol=1e-14)
    assert np.isnan(centroids[[2, 3, 5]]).all()


def test_batched_centroids_match_one_item_at_a_time():
    X, labels = random_batch(5)
    centroids, counts = batched_class_centroids(X, labels, n_classes=7)
    assert centroids.shape == (4, 7, 3) and counts.shape == (4, 7)
    for b in range(4):
        one, one_counts = class_centroids(X[b], labels[b], n_classes=7)
        np.testing.assert_allclose(centroids[b], one, rtol=1e-13)
        np.testing.assert_array_equal(counts[b], one_counts)


def test_segment_means_is_a_mean_and_inputs_are_not_modified():
    values = np.arange(12.0).reshape(6, 2)
    segments = np.array([2, 0, 2, 2, 0, 3])
    before = values.copy()
    means, counts = segment_means(values, segments, 5)
    np.testing.assert_allclose(means[[0, 2, 3]], [values[[1, 4]].mean(0), values[[0, 2, 3]].mean(0), values[5]])
    assert np.isnan(means[[1, 4]]).all() and counts.tolist() == [2, 0, 3, 1, 0]
    np.testing.assert_array_equal(values, before)


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda X, y: centroid_hinge_loss(X, -y, 1.0), ValueError, "labels must be >= 0"),
        (lambda X, y: centroid_hinge_loss(X, y.astype(float), 1.0), TypeError, "labels must be integers"),
        (lambda X, y: class_centroids(X[0], y[0], n_classes=2), ValueError, "labels must be < n_classes=2"),
        (lambda X, y: centroid_hinge_loss(X, y[:, :-1], 1.0), ValueError, r"labels must have shape \(4, 30\)"),
        (lambda X, y: centroid_hinge_loss(np.where(X > 2, np.nan, X), y, 1.0), ValueError, "X contains NaN"),
        (lambda X, y: centroid_hinge_loss(X, y, -0.1), ValueError, "delta must be >= 0"),
        (lambda X, y: centroid_hinge_loss(X[:0], y[:0], 1.0), ValueError, "batch is empty"),
        (lambda X, y: centroid_hinge_loss([], [], 1.0), ValueError, "batch is empty"),
        (lambda X, y: centroid_hinge_loss(X[0], y[0], 1.0), ValueError, "must be 3-D"),
        (lambda X, y: centroid_hinge_loss([X[0], X[1][:, :2]], [y[0], y[1]], 1.0), ValueError, "same number of features"),
        (lambda X, y: centroid_hinge_loss_loop(X, y, "1"), TypeError, "delta must be a number"),
    ],
)
def test_bad_input_gets_a_clear_error(call, error, words):
    X, labels = random_batch(6)
    labels[0, 0] = 1  # so that -labels has a negative entry
    with pytest.raises(error, match=words):
        call(X, labels)


def test_segment_ids_give_every_item_class_pair_its_own_id():
    labels = np.array([[0, 2, 2], [1, 1, 0]])
    ids = segment_ids(labels, n_classes=3)
    loop = [c + 3 * b for b in range(2) for c in labels[b]]
    np.testing.assert_array_equal(ids, loop)
    assert ids.dtype == np.int64
    np.testing.assert_array_equal(segment_ids(labels[..., None], n_classes=3), ids)  # the question's (B, N, 1)


@pytest.mark.parametrize(
    "labels, n_classes, error, words",
    [
        ([[0, 3]], 3, ValueError, "< n_classes=3"),
        ([0, 1], 2, ValueError, "2-D with shape"),
        ([[0.0, 1.0]], 2, TypeError, "integers"),
        ([[0, 1]], 0, ValueError, "n_classes must be > 0"),
    ],
)
def test_segment_ids_bad_input(labels, n_classes, error, words):
    with pytest.raises(error, match=words):
        segment_ids(labels, n_classes)


def test_many_classes_most_absent_match_the_loop():
    # The loss renumbers the segments that have points: with K = 1,000 and 60 points per
    # item most classes are absent, and the classes present differ from item to item.
    rng = np.random.default_rng(7)
    X = rng.normal(size=(5, 60, 4)) + 50.0
    labels = rng.integers(0, 1000, size=(5, 60))
    labels[2, :30] = 999  # one large class at the highest id
    for delta in (0.0, 0.7):
        slow = centroid_hinge_loss_loop(X, labels, delta)
        np.testing.assert_allclose(centroid_hinge_loss(X, labels, delta), slow, rtol=1e-10)


def test_inf_in_X_is_reported_as_an_error_not_a_warning():
    X, labels = random_batch(8)
    X[2, 3, 1] = np.inf
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning on the way to the error
        with pytest.raises(ValueError, match="X contains inf"):
            centroid_hinge_loss(X, labels, 1.0)


def test_items_with_no_points_lose_nothing():
    losses = centroid_hinge_loss(np.zeros((2, 0, 3)), np.zeros((2, 0), dtype=int), 1.0)
    assert losses.dtype == np.float64 and losses.tolist() == [0.0, 0.0]


def test_an_empty_item_in_a_list_loses_nothing_and_the_others_are_unchanged():
    # Items of different sizes take the bincount path for the item sums; equal sizes take
    # the row sums of a (B, N) table. Both must give each item its own loss.
    rng = np.random.default_rng(9)
    X = [rng.normal(size=(6, 2)), np.zeros((0, 2)), rng.normal(size=(4, 2))]
    labels = [rng.integers(0, 3, size=6), np.zeros(0, dtype=int), rng.integers(0, 3, size=4)]
    losses = centroid_hinge_loss(X, labels, 0.2)
    alone = [centroid_hinge_loss(x[None], y[None], 0.2)[0] for x, y in zip(X, labels)]
    assert losses[1] == 0.0
    np.testing.assert_allclose(losses, alone, rtol=1e-12)
    np.testing.assert_allclose(losses, centroid_hinge_loss_loop(X, labels, 0.2), rtol=1e-10)
