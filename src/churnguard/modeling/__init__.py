"""The model zoo, evaluation, metrics and model bundles."""

from churnguard.modeling.crossval import CHAMPION_RULE, Evaluation, choose_champion, cross_validate
from churnguard.modeling.metrics import METRIC_NAMES, capture_rate, score_all, top_lift
from churnguard.modeling.zoo import make_model

__all__ = [
    "CHAMPION_RULE",
    "METRIC_NAMES",
    "Evaluation",
    "capture_rate",
    "choose_champion",
    "cross_validate",
    "make_model",
    "score_all",
    "top_lift",
]
