"""Principal component analysis by the snapshot (Gram-matrix) method.

Introduced in chapter 5: ``SnapshotPCA``.
"""

import numpy as np

from ._validation import as_design_matrix


class SnapshotPCA:
    """PCA that eigendecomposes the smaller of the two matrices ``A A^T`` and ``A^T A``.

    Introduced in chapter 5. ``A`` is the centred data, N samples by M features.

    * N <= M (few images of many pixels, the snapshot method): the N x N Gram matrix
      ``A A^T``. If ``A A^T v = lambda v`` then ``A^T v`` is an eigenvector of the
      covariance ``A^T A`` with the same eigenvalue and norm ``sqrt(lambda)``, so the
      components are ``A^T v / sqrt(lambda)``.
    * N > M: the M x M matrix ``A^T A`` directly.

    Either way only ``numpy.linalg.eigh`` of a symmetric matrix is needed (real, sorted
    eigenvalues), and the attributes match ``sklearn.decomposition.PCA``, signs included.

    Parameters
    ----------
    n_components : int, float in (0, 1), or None
        An int keeps that many components; a float keeps the fewest whose explained-variance
        ratios add up to at least that fraction; None keeps every component with non-zero
        variance: at most ``min(N - 1, M)`` (centring removes one dimension: N samples span at
        most N - 1 directions), fewer for rank-deficient data. (scikit-learn's ``PCA()`` keeps
        ``min(N, M)``, the last ones round-off.)

    Attributes
    ----------
    mean_ : ndarray, shape (M,)
    components_ : ndarray, shape (k, M)
        Unit-norm principal axes, by decreasing variance; the sign of each is chosen so its
        largest-magnitude entry is positive (scikit-learn's rule).
    explained_variance_ : ndarray, shape (k,)
        Eigenvalues divided by N - 1.
    explained_variance_ratio_ : ndarray, shape (k,)
        The fraction of the total variance that each component explains.
    singular_values_ : ndarray, shape (k,)
        Square roots of the eigenvalues: the singular values of ``A``.
    n_components_, n_samples_, n_features_in_ : int

    Examples
    --------
    >>> X = np.array([[0.0, 0.0, 1.0], [2.0, 0.0, 1.0], [0.0, 1.0, 1.0], [2.0, 1.0, 1.0]])
    >>> SnapshotPCA(n_components=2).fit(X).explained_variance_.round(6).tolist()
    [1.333333, 0.333333]
    """

    def __init__(self, *, n_components=None):
        self.n_components = n_components

    def fit(self, X):
        """Compute the mean and principal components of ``X`` (N, M); ``X`` is not modified.

        Parameters
        ----------
        X : array_like, shape (N, M)
            At least 2 samples as rows, finite; computed in float64.

        Returns
        -------
        SnapshotPCA
            ``self``, fitted: ``mean_``, ``components_`` and the other attributes are set.

        Raises
        ------
        ValueError
            Fewer than 2 samples, non-finite values, or more components asked for than the
            data has directions with non-zero variance.
        """
        # Read-only use, so no copy; the finiteness check rides on the column means below.
        X = as_design_matrix(X, copy=False, check_finite=False).astype(np.float64, copy=False)
        n, m = X.shape
        if n < 2:
            raise ValueError(f"X needs at least 2 samples to have a variance, got {n}")
        self.mean_ = X.mean(axis=0)
        if not np.isfinite(self.mean_).all():  # a NaN or inf anywhere makes its column's mean non-finite
            as_design_matrix(X, copy=False)  # raises the message that says which
            raise ValueError("X is too large to average in float64 (a column sum overflows); rescale it")
        A = X - self.mean_  # a new array: the caller's X stays as it was
        gram = A @ A.T if n <= m else A.T @ A  # N x N (the snapshot method), else M x M
        eigenvalues, vectors = np.linalg.eigh(gram)
        eigenvalues, vectors = np.clip(eigenvalues[::-1], 0.0, None), vectors[:, ::-1]  # eigh sorts ascending

        max_k = min(n - 1, m)
        total = np.trace(gram) / (n - 1)  # the trace is the sum of squares of A: the total variance
        ratios = eigenvalues[:max_k] / (n - 1) / total if total > 0 else np.zeros(max_k)
        # Eigenvalues below this are round-off of exact zeros (N samples span at most N - 1
        # directions once centred, fewer if the data are rank-deficient).
        tiny = eigenvalues[0] * max(n, m) * np.finfo(np.float64).eps if eigenvalues[0] > 0 else 0.0
        rank = int(np.sum(eigenvalues[:max_k] > tiny))
        k = self._number_of_components(max_k, ratios, n, m) if self.n_components is not None else rank
        if k > rank or k == 0:
            raise ValueError(f"the data has only {rank} directions with non-zero variance; "
                             f"ask for n_components <= {rank}" if rank else
                             "the data has no direction with non-zero variance: every sample is the same")
        if n <= m:  # rows of V^T A / sqrt(lambda): the unit eigenvectors of A^T A
            components = (vectors[:, :k].T / np.sqrt(eigenvalues[:k])[:, None]) @ A
        else:
            components = vectors[:, :k].T
        # scikit-learn's sign rule: the largest-magnitude entry of each component is positive.
        signs = np.sign(components[np.arange(k), np.argmax(np.abs(components), axis=1)])
        self.components_ = components * signs[:, None]
        self.singular_values_ = np.sqrt(eigenvalues[:k])
        self.explained_variance_ = eigenvalues[:k] / (n - 1)
        self.explained_variance_ratio_ = ratios[:k]
        self.n_components_, self.n_samples_, self.n_features_in_ = k, n, m
        return self

    def _number_of_components(self, max_k, ratios, n, m):
        wanted = self.n_components
        if wanted is None:
            return max_k
        if isinstance(wanted, (float, np.floating)) and 0 < wanted < 1:
            return int(min(np.searchsorted(np.cumsum(ratios), wanted, side="right") + 1, max_k))
        if isinstance(wanted, bool) or not isinstance(wanted, (int, np.integer)):
            raise TypeError(f"n_components must be an int, a float in (0, 1) or None, got {wanted!r}")
        if not 1 <= wanted <= max_k:
            raise ValueError(f"n_components={wanted} is out of range: {n} samples with {m} features "
                             f"have at most {max_k} components (N samples span at most N - 1 directions once centred)")
        return int(wanted)

    def _check_fitted(self):
        if not hasattr(self, "components_"):
            raise ValueError("this SnapshotPCA is not fitted yet: call fit(X) first")

    def transform(self, X):
        """Coordinates of ``X`` on the principal axes, shape (n, k).

        Parameters
        ----------
        X : array_like, shape (n, M)
            Samples as rows, with the M features the model was fitted on.

        Returns
        -------
        ndarray, shape (n, k)
            ``(X - mean_) @ components_.T``: row i holds sample i's k coordinates.

        Examples
        --------
        >>> X = np.array([[0.0, 0.0], [2.0, 0.0], [4.0, 0.0]])
        >>> SnapshotPCA(n_components=1).fit(X).transform([[3.0, 0.0]]).tolist()
        [[1.0]]
        """
        self._check_fitted()
        return (as_design_matrix(X, n_features=self.n_features_in_, copy=False) - self.mean_) @ self.components_.T

    def fit_transform(self, X):
        """``fit(X)`` then ``transform(X)``.

        Parameters
        ----------
        X : array_like, shape (N, M)
            At least 2 samples as rows.

        Returns
        -------
        ndarray, shape (N, k)
            The coordinates of the samples of ``X`` on the principal axes fitted to them.
        """
        return self.fit(X).transform(X)

    def inverse_transform(self, Z):
        """Back from k coordinates to M features: the best rank-k reconstruction.

        Parameters
        ----------
        Z : array_like, shape (n, k)
            Coordinates on the ``k = n_components_`` principal axes, as :meth:`transform`
            returns them.

        Returns
        -------
        ndarray, shape (n, M)
            ``Z @ components_ + mean_``. For ``Z = transform(X)`` this is the projection of
            ``X`` onto the k axes: exactly ``X`` when k spans all its variance.

        Examples
        --------
        >>> X = np.array([[0.0, 1.0], [2.0, 1.0], [4.0, 1.0]])
        >>> pca = SnapshotPCA(n_components=1).fit(X)
        >>> pca.inverse_transform(pca.transform(X)).tolist()
        [[0.0, 1.0], [2.0, 1.0], [4.0, 1.0]]
        """
        self._check_fitted()
        Z = as_design_matrix(Z, "Z", n_features=self.n_components_, copy=False)
        return Z @ self.components_ + self.mean_
