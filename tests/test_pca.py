"""helpers.pca.SnapshotPCA against scikit-learn's full-SVD PCA."""

import numpy as np
import pytest
from sklearn.decomposition import PCA

from helpers.pca import SnapshotPCA


def relative(a, b):
    return np.max(np.abs(a - b)) / np.max(np.abs(b))


@pytest.mark.parametrize("shape, k", [((20, 300), 5), ((20, 300), None), ((400, 30), 10), ((400, 30), None)],
                         ids=["N<M", "N<M all", "N>M", "N>M all"])
def test_matches_sklearn_full_svd(shape, k):
    rng = np.random.default_rng(0)
    X = rng.normal(size=shape) @ np.diag(np.linspace(3, 0.5, shape[1])) + 5.0  # distinct variances, offset mean
    ours = SnapshotPCA(n_components=k).fit(X)
    theirs = PCA(n_components=ours.n_components_, svd_solver="full").fit(X)
    assert relative(ours.components_, theirs.components_) < 1e-8
    assert relative(ours.explained_variance_, theirs.explained_variance_) < 1e-8
    assert relative(ours.explained_variance_ratio_, theirs.explained_variance_ratio_) < 1e-8
    assert relative(ours.singular_values_, theirs.singular_values_) < 1e-8
    assert relative(ours.transform(X), theirs.transform(X)) < 1e-8
    np.testing.assert_allclose(ours.mean_, theirs.mean_, rtol=1e-12)
    np.testing.assert_allclose(np.linalg.norm(ours.components_, axis=1), 1.0, rtol=1e-12)


def test_the_learners_matrix_with_signs():
    x = np.array([[0.387, 123, 789, 256, 4878, 5.42],
                  [0.723, 9.78, 1.90, 1234, 12104, 5.25],
                  [1, 123, 67.98, 7.91, 12756, 5.52],
                  [1.524, 1.34, 23.456, 1.23, 6787, 3.94]])
    before = x.copy()
    ours = SnapshotPCA(n_components=3).fit_transform(x)
    theirs = PCA(n_components=3).fit_transform(x)
    assert relative(ours, theirs) < 1e-10
    np.testing.assert_array_equal(x, before)  # not mutated
    with pytest.raises(ValueError, match="at most 3 components"):
        SnapshotPCA(n_components=4).fit(x)


def test_variance_fraction_matches_sklearn():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(30, 200)) @ np.diag(np.geomspace(10, 0.1, 200))
    for fraction in (0.5, 0.9, 0.99):
        assert SnapshotPCA(n_components=fraction).fit(X).n_components_ == PCA(fraction, svd_solver="full").fit(X).n_components_


def test_inverse_transform_reconstructs_with_all_components():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(10, 50))
    pca = SnapshotPCA().fit(X)
    assert pca.n_components_ == 9
    np.testing.assert_allclose(pca.inverse_transform(pca.transform(X)), X, atol=1e-10)


@pytest.mark.parametrize(
    "X, k, error, words",
    [
        (np.zeros((1, 5)), None, ValueError, "at least 2 samples"),
        (np.zeros(5), None, ValueError, "2-D"),
        (np.array([[1.0, np.nan], [0.0, 1.0]]), None, ValueError, "X contains NaN"),
        (np.array([[1.0, np.inf], [0.0, 1.0]]), None, ValueError, "inf"),
        (np.random.default_rng(0).normal(size=(5, 8)), 5, ValueError, "at most 4 components"),
        (np.random.default_rng(0).normal(size=(5, 8)), 0, ValueError, "out of range"),
        (np.random.default_rng(0).normal(size=(5, 8)), "all", TypeError, "n_components must be"),
        (np.ones((4, 6)), 1, ValueError, "no direction with non-zero variance"),
        (np.array([[1e308, 1.0], [1e308, 2.0]]), None, ValueError, "too large"),
    ],
)
@pytest.mark.filterwarnings("ignore:overflow")
def test_bad_input_gets_a_clear_error(X, k, error, words):
    with pytest.raises(error, match=words):
        SnapshotPCA(n_components=k).fit(X)


def test_transform_before_fit_and_wrong_width():
    with pytest.raises(ValueError, match="not fitted"):
        SnapshotPCA().transform(np.zeros((2, 3)))
    pca = SnapshotPCA(n_components=2).fit(np.random.default_rng(3).normal(size=(6, 4)))
    with pytest.raises(ValueError, match="5 features but the model was fitted with 4"):
        pca.transform(np.zeros((1, 5)))


def test_default_keeps_every_direction_with_variance_on_rank_deficient_data():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(8, 3)) @ rng.normal(size=(3, 20))  # 8 samples of rank 3
    pca = SnapshotPCA().fit(X)
    assert pca.n_components_ == 3
    reference = PCA(n_components=3, svd_solver="full").fit(X)
    np.testing.assert_allclose(pca.explained_variance_, reference.explained_variance_, rtol=1e-10)
    with pytest.raises(ValueError, match="no direction with non-zero variance"):
        SnapshotPCA().fit(np.ones((4, 6)))
