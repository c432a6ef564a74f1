"""Train our softmax regression and scikit-learn's on the same MNIST split, in one run.

    python benchmarks/bench_mnist.py            # the full MNIST if cached, else the offline subset
    python benchmarks/bench_mnist.py full       # download the full MNIST first if needed

Prints each model's test accuracy and training time, and the time ratio. Timings are
wall-clock and noisy; they are printed, never asserted.
"""

import sys

from sklearn.linear_model import LogisticRegression

from helpers.data import load_mnist
from helpers.measure import best_time
from helpers.linear import OneVsRestLogistic, SoftmaxRegression

L2 = 3e-3  # the chapter's penalty; scikit-learn's C = 1 / (n * L2) is the same objective
LEARNING_RATE = 0.2  # the chapter's step for mini-batch training


def main():
    data = load_mnist(sys.argv[1] if len(sys.argv) > 1 else "auto")
    print(data.source)
    X, y, X_test, y_test = data.X_train, data.y_train, data.X_test, data.y_test
    models = {
        "ours: SoftmaxRegression (15 epochs, batch 64)":
            SoftmaxRegression(learning_rate=LEARNING_RATE, epochs=15, batch_size=64, l2=L2),
        "ours: OneVsRestLogistic (15 epochs, batch 64)":
            OneVsRestLogistic(learning_rate=LEARNING_RATE, epochs=15, batch_size=64, l2=L2),
        "scikit-learn LogisticRegression (lbfgs)": LogisticRegression(C=1 / (len(X) * L2), max_iter=1000),
    }
    seconds = {}
    for name, model in models.items():
        seconds[name] = best_time(lambda: model.fit(X, y), repeats=1)
        print(f"{name:48s} test accuracy {model.score(X_test, y_test):.4f}   {seconds[name]:7.2f} s")
    ours, theirs = seconds[list(models)[0]], seconds[list(models)[2]]
    print(f"time ratio, our softmax regression / scikit-learn: {ours / theirs:.2f}")


if __name__ == "__main__":
    main()
