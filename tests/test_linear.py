"""helpers.linear: the binary logistic regression against scikit-learn."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier

from helpers.gradcheck import GOOD, check_gradient
from helpers.linear import (
    BinaryLogisticRegression, OneVsRestLogistic, SoftmaxRegression, logistic_objective, one_vs_rest_objective,
    softmax_objective,
)


@pytest.fixture(scope="module")
def blobs():
    rng = np.random.default_rng(0)
    X = np.concatenate([rng.normal([0, 0], 1.0, size=(150, 2)), rng.normal([2, 1], 1.0, size=(150, 2))])
    return X, np.repeat([0, 1], 150)


def test_objective_gradient_passes_a_numerical_check(blobs):
    X, y = blobs
    w0, b0 = np.array([0.3, -0.7]), 0.2
    packed = np.append(w0, b0)
    f = lambda p: logistic_objective(p[:-1], p[-1], X, y, l2=0.1)[0]
    grad = lambda p: np.append(*logistic_objective(p[:-1], p[-1], X, y, l2=0.1)[1:])
    assert check_gradient(f, grad, packed).error < GOOD


@pytest.mark.parametrize("l2", [0.0, 0.5])
def test_matches_sklearn(blobs, l2):
    X, y = blobs
    ours = BinaryLogisticRegression(learning_rate=1.0, max_iter=20000, l2=l2, tol=1e-10).fit(X, y)
    # sklearn minimises sum(loss) + ||w||^2 / (2C); ours mean(loss) + l2/2 ||w||^2, so C = 1 / (n l2).
    C = np.inf if l2 == 0 else 1 / (len(X) * l2)
    ref = LogisticRegression(C=C, tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(ours.coef_, ref.coef_[0], rtol=1e-6)
    assert ours.intercept_ == pytest.approx(ref.intercept_[0], rel=1e-6)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-7)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


def test_loss_decreases_and_labels_keep_their_names(blobs):
    X, y = blobs
    names = np.where(y == 1, "cat", "dog")
    model = BinaryLogisticRegression(learning_rate=0.5, max_iter=300).fit(X, names)
    assert list(model.classes_) == ["cat", "dog"]
    assert np.all(np.diff(model.loss_curve_) <= 1e-12)
    assert set(model.predict(X)) <= {"cat", "dog"} and model.score(X, names) > 0.8
    assert model.predict_proba(X).shape == (len(X), 2)
    np.testing.assert_allclose(model.predict_proba(X).sum(axis=1), 1.0)


def test_column_labels_and_no_mutation(blobs):
    X, y = blobs
    X_before = X.copy()
    a = BinaryLogisticRegression(max_iter=50).fit(X, y)
    b = BinaryLogisticRegression(max_iter=50).fit(X, y[:, None].astype(float))
    np.testing.assert_array_equal(a.coef_, b.coef_)
    np.testing.assert_array_equal(X, X_before)


@pytest.mark.parametrize(
    "X, y, kwargs, error, words",
    [
        (np.zeros((3, 2)), [0, 1, 2], {}, ValueError, "exactly two classes, found 3"),
        (np.zeros((3, 2)), [1, 1, 1], {}, ValueError, "exactly two classes, found 1"),
        (np.zeros((3, 2)), [0, 1], {}, ValueError, "2 entries but there are 3 samples"),
        (np.zeros(3), [0, 1, 1], {}, ValueError, "reshape"),
        (np.array([[0.0, np.nan], [1, 1]]), [0, 1], {}, ValueError, "X contains NaN"),
        (np.zeros((2, 2)), [0.0, np.nan], {}, ValueError, "y contains NaN"),
        (np.zeros((2, 2)), [0, 1], {"learning_rate": -1}, ValueError, "learning_rate must be > 0"),
        (np.zeros((2, 2)), [0, 1], {"max_iter": 2.5}, TypeError, "max_iter must be an integer"),
        (np.zeros((2, 2)), [0, 1], {"l2": -0.1}, ValueError, "l2 must be >= 0"),
    ],
)
def test_bad_input_gets_a_clear_error(X, y, kwargs, error, words):
    with pytest.raises(error, match=words):
        BinaryLogisticRegression(**kwargs).fit(X, y)


@pytest.mark.parametrize("make", [lambda: BinaryLogisticRegression(max_iter=10), lambda: SoftmaxRegression(epochs=1),
                                  lambda: OneVsRestLogistic(epochs=1)], ids=["binary", "softmax", "one-vs-rest"])
def test_predict_before_fit_and_wrong_width(make, blobs):
    X, y = blobs
    for method in ("predict", "predict_proba", "decision_function"):
        with pytest.raises(ValueError, match="not fitted"):
            getattr(make(), method)(X)
    model = make().fit(X, y)
    for method in ("predict", "predict_proba", "decision_function"):
        with pytest.raises(ValueError, match="3 features but the model was fitted with 2"):
            getattr(model, method)(np.zeros((1, 3)))


def test_divergence_is_reported():
    X = np.array([[1e3], [2e3], [3e3], [4e3]])
    with pytest.raises(ValueError, match="diverged"):
        BinaryLogisticRegression(learning_rate=1e3, max_iter=50).fit(X, [0, 1, 0, 1])


# ---- multiclass models (chapter 4) -------------------------------------------------------


@pytest.fixture(scope="module")
def three_blobs():
    rng = np.random.default_rng(1)
    X = np.concatenate([rng.normal(c, 0.8, size=(60, 2)) for c in ([0, 0], [2, 0], [0, 2])])
    return X, np.repeat([0, 1, 2], 60)


@pytest.mark.parametrize("objective", [softmax_objective, one_vs_rest_objective])
def test_multiclass_objective_gradients_pass_a_numerical_check(three_blobs, objective):
    X, y = three_blobs
    rng = np.random.default_rng(2)
    packed = rng.normal(size=3 * 2 + 3)
    unpack = lambda p: (p[:6].reshape(3, 2), p[6:])
    f = lambda p: objective(*unpack(p), X, y, l2=0.1)[0]
    grad = lambda p: np.concatenate([g.ravel() for g in objective(*unpack(p), X, y, l2=0.1)[1:]])
    assert check_gradient(f, grad, packed).error < GOOD


def test_softmax_regression_matches_sklearn_multinomial(three_blobs):
    X, y = three_blobs
    l2 = 0.01
    ours = SoftmaxRegression(learning_rate=1.0, epochs=3000, batch_size=len(X), l2=l2).fit(X, y)
    ref = LogisticRegression(C=1 / (len(X) * l2), tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-6)
    # With an L2 penalty the weights are identifiable; the intercepts only up to a common shift.
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-5)


def test_one_vs_rest_is_k_binary_logistic_regressions(three_blobs):
    X, y = three_blobs
    l2 = 0.01
    ovr = OneVsRestLogistic(learning_rate=1.0, epochs=3000, batch_size=len(X), l2=l2).fit(X, y)
    for c in range(3):
        binary = BinaryLogisticRegression(learning_rate=1.0, max_iter=20_000, l2=l2, tol=1e-12).fit(X, (y == c).astype(int))
        np.testing.assert_allclose(ovr.coef_[c], binary.coef_, atol=1e-6)
        assert ovr.intercept_[c] == pytest.approx(binary.intercept_, abs=1e-6)
    ref = OneVsRestClassifier(LogisticRegression(C=1 / (len(X) * l2), tol=1e-12, max_iter=10_000)).fit(X, y)
    np.testing.assert_allclose(ovr.predict_proba(X), ref.predict_proba(X), atol=1e-6)


def test_multiclass_labels_keep_their_values_and_loss_falls(three_blobs):
    X, y = three_blobs
    names = np.array(["zero", "one", "two"])[y]
    for Model in (SoftmaxRegression, OneVsRestLogistic):
        model = Model(epochs=30, batch_size=16).fit(X, names[:, None])
        assert list(model.classes_) == ["one", "two", "zero"]
        assert model.score(X, names) > 0.9 and model.loss_curve_[-1] < model.loss_curve_[0]
        np.testing.assert_allclose(model.predict_proba(X).sum(axis=1), 1.0)
        assert model.coef_.shape == (3, 2) and model.intercept_.shape == (3,)


@pytest.mark.parametrize("Model", [SoftmaxRegression, OneVsRestLogistic])
@pytest.mark.parametrize(
    "X, y, kwargs, error, words",
    [
        (np.zeros((3, 2)), [1, 1, 1], {}, ValueError, "at least two classes"),
        (np.zeros((3, 2)), [0, 1], {}, ValueError, "2 entries but there are 3 samples"),
        (np.zeros(3), [0, 1, 2], {}, ValueError, "reshape"),
        (np.array([[0.0, np.nan], [1, 1]]), [0, 1], {}, ValueError, "X contains NaN"),
        (np.zeros((2, 2)), [0.0, np.nan], {}, ValueError, "y contains NaN"),
        (np.zeros((2, 2)), [0, 1], {"batch_size": 0}, ValueError, "batch_size must be > 0"),
        (np.zeros((2, 2)), [0, 1], {"epochs": 1.5}, TypeError, "epochs must be an integer"),
    ],
)
def test_multiclass_bad_input(Model, X, y, kwargs, error, words):
    with pytest.raises(error, match=words):
        Model(**kwargs).fit(X, y)


@pytest.mark.parametrize("model", [SoftmaxRegression(epochs=3, batch_size=2), OneVsRestLogistic(epochs=3, batch_size=2),
                                   BinaryLogisticRegression(max_iter=20)], ids=["softmax", "one-vs-rest", "binary"])
def test_inputs_are_validated_once_per_fit_not_per_step(model, monkeypatch):
    import helpers._validation
    calls = []
    original = helpers._validation.as_float_array

    def counting(*args, **kwargs):
        calls.append(args[1] if len(args) > 1 else kwargs.get("name"))
        return original(*args, **kwargs)

    for module in ("_validation", "activations", "losses", "linear"):
        monkeypatch.setattr(f"helpers.{module}.as_float_array", counting, raising=False)
    X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
    model.fit(X, [0, 1, 1, 0])
    assert calls == ["X"]  # X once at the door; the 3 epochs x 2 batches (or 20 steps) check nothing


@pytest.mark.parametrize(
    "W, b, X, y, words",
    [
        (np.zeros((2, 3)), np.zeros(2), np.ones((4, 2)), [0, 1, 0, 1], r"W must have shape \(n_classes, n_features\)"),
        (np.zeros((2, 2)), np.zeros(3), np.ones((4, 2)), [0, 1, 0, 1], r"b must have shape \(2,\)"),
        (np.zeros((2, 2)), np.zeros(2), np.ones((4, 2)), [0, 1, 2, 1], r"y must lie in \[0, 2\)"),
        (np.zeros((2, 2)), np.zeros(2), np.ones((4, 2)), [0, 1], "2 entries but there are 4 samples"),
        (np.zeros((2, 2)), np.zeros(2), np.full((4, 2), np.nan), [0, 1, 0, 1], "X contains NaN"),
    ],
)
def test_public_objectives_validate_their_inputs(W, b, X, y, words):
    for objective in (softmax_objective, one_vs_rest_objective):
        with pytest.raises(ValueError, match=words):
            objective(W, b, X, y)


def test_logistic_objective_validates_labels_and_shapes():
    with pytest.raises(ValueError, match=r"y must lie in \[0, 2\)"):
        logistic_objective(np.zeros(2), 0.0, np.ones((3, 2)), [0, 1, 2])
    with pytest.raises(ValueError, match="W must have shape"):
        logistic_objective(np.zeros(3), 0.0, np.ones((3, 2)), [0, 1, 1])
