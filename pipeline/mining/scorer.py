"""The learned scorer: a logistic model over pair features, its weights kept in configs/encoders.yaml.

Kept apart from the mining code so that reading an encoder's calibration (and so the run config)
needs numpy and the feature names only.
"""

from dataclasses import dataclass

import numpy as np

from pipeline.mining.features import FEATURES


@dataclass(frozen=True)
class LinearScorer:
    weights: tuple[float, ...]    # one per name in FEATURES
    bias: float

    def probability(self, features: np.ndarray) -> np.ndarray:
        logits = features @ np.asarray(self.weights) + self.bias
        return 1.0 / (1.0 + np.exp(-logits))

    @classmethod
    def fit(cls, features: np.ndarray, labels: np.ndarray) -> "LinearScorer":
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(max_iter=3000).fit(features, labels)
        return cls(tuple(float(w) for w in model.coef_[0]), float(model.intercept_[0]))

    def to_dict(self) -> dict:
        return {"features": list(FEATURES), "weights": [round(w, 6) for w in self.weights],
                "bias": round(self.bias, 6)}

    @classmethod
    def from_dict(cls, data: dict) -> "LinearScorer":
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"scorer was trained on features {data['features']}, this version has {FEATURES}")
        return cls(tuple(data["weights"]), data["bias"])
