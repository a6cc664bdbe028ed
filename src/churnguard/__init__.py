"""ChurnGuard: telecom customer-churn management.

The names below are what a data scientist needs from Python (see docs/tutorials/python-api.md). They are
imported on first use: the CLI imports this package on every start and must not pay for scikit-learn,
LightGBM and pandas before it needs them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

__all__ = ["BundleError", "ChurnGuardError", "ChurnModel", "DataError", "__version__", "load_sample"]

# name → module that defines it
_LAZY = {
    "ChurnModel": "churnguard.estimator",
    "ChurnGuardError": "churnguard.errors",
    "DataError": "churnguard.errors",
    "BundleError": "churnguard.errors",
    "load_sample": "churnguard.data.samples",
}

if TYPE_CHECKING:
    from churnguard.data.samples import load_sample
    from churnguard.errors import BundleError, ChurnGuardError, DataError
    from churnguard.estimator import ChurnModel


def __getattr__(name: str) -> object:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value  # later lookups skip this function
        return value
    raise AttributeError(f"module 'churnguard' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
