"""Rebuild the shipped model (data/default_model.json) used for inputs too small to train on.

    python -m engines.linkage.default_model

It is trained, without labels, on a generated registry (a seed of its own, not the benchmark's)
and keeps a stricter threshold than a model trained on the user's own file: small inputs are
scored without term-frequency adjustment, so common names weigh as much as rare ones.
"""

from __future__ import annotations

import sys

from engines.linkage.api import DEFAULT_MODEL
from engines.linkage.features import build_features
from engines.linkage.generator import generate_registry
from engines.linkage.model import train

SEED = 2024
RECORDS = 100_000
THRESHOLD = 0.95


def main(argv: list[str] | None = None) -> int:
    registry = generate_registry(RECORDS, seed=SEED).drop(columns=["person_id", "household_id"])
    model = train(build_features(registry), threshold=THRESHOLD)
    model.save(DEFAULT_MODEL)
    for name, levels in model.weights().items():
        print(name, levels)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
