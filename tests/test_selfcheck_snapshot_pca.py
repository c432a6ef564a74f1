"""snapshot_pca's self-check: float32 is rejected with digits that show the difference; right variants pass.

Issue 24: computed in float32, the axes were told "|cos| of the angle between them is 1, not 1".
"""

import numpy as np
from sklearn.decomposition import PCA

from selfcheck_adversarial import checker_tests


def float32_arithmetic(X, k):
    A = (X - X.mean(axis=0)).astype(np.float32)
    values, vectors = np.linalg.eigh(A @ A.T)
    top = np.argsort(values)[::-1][:k]
    return (A.T @ vectors[:, top] / np.sqrt(values[top])).T.astype(np.float64)


def float32_result(X, k):
    return float32_arithmetic(X, k).astype(np.float32)


def eig_unsorted(X, k):
    """numpy.linalg.eig does not sort its eigenvalues: the first k are not the top k."""
    A = X - X.mean(axis=0)
    values, vectors = np.linalg.eig(A @ A.T)
    axes = A.T @ vectors[:, :k].real
    return (axes / np.linalg.norm(axes, axis=0)).T


WRONG = [
    (eig_unsorted, "wrong_values", "is not the principal axis"),
    (float32_arithmetic, "wrong_values", ["to within 1e-09 per entry", "|cos| of the angle between them is 1 - ",
                                          "float32"]),
    (float32_result, "wrong_dtype", ["float32", "float64"]),
]


def with_eig(X, k):
    A = X - X.mean(axis=0)
    values, vectors = np.linalg.eig(A @ A.T)
    top = np.argsort(values.real)[::-1][:k]
    axes = A.T @ vectors[:, top].real
    return (axes / np.linalg.norm(axes, axis=0)).T


def with_svd(X, k):
    return np.linalg.svd(X - X.mean(axis=0), full_matrices=False)[2][:k]


def covariance_eigh(X, k):
    values, vectors = np.linalg.eigh(np.cov(X, rowvar=False))
    return vectors[:, ::-1][:, :k].T


def sklearn_randomized(X, k):
    return PCA(n_components=k, svd_solver="randomized", random_state=0).fit(X).components_


RIGHT = [with_eig, with_svd, covariance_eigh, sklearn_randomized]


# The two tests of the tables (tests/selfcheck_adversarial.py)
test_a_wrong_snapshot_pca_fails, test_a_right_snapshot_pca_passes = checker_tests(
    "snapshot_pca", WRONG, RIGHT, never_says="is 1, not 1"
)


def test_the_close_eigenvalue_case_is_what_its_label_says():
    from helpers._selfcheck_snapshot_pca import _pca_cases

    (case,) = [c for c in _pca_cases() if "singular values are close" in c.label]
    X = case.args["X"]
    singular = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    assert X.shape == (5, 8) and case.args["k"] == 2
    np.testing.assert_allclose(singular[:4], [10.0, 9.8, 3.0, 1.0], rtol=1e-12)
    assert singular[4] < 1e-12
