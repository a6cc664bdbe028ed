"""Playing a retention campaign forward with the simulator's hidden truth.

The simulated months were drawn without any retention work, so the truth says what each line did
untreated. A treated line's contact is then played with its hidden response type:

- the contact reaches the customer with the channel's reach (an account manager's call most often, an
  SMS least);
- a *persuadable* customer who is reached accepts the offer, more often when it answers the reason
  they would leave for, and then stays for the whole follow-up (90 days);
- a *sure thing* often accepts (an offer costs money and changes nothing: they stay anyway), a *lost
  cause* declines and leaves as they would have;
- a *do-not-disturb* customer who is reached declines, asks not to be contacted again
  (``do_not_contact``) and, if they were staying, leaves within the month with probability ``HARM``.

Every random draw comes from a hash of the line and the seed, not from a stream, so a line meets the
same luck whichever policy chose it (policies compare on common random numbers) and a re-run gives
the same result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from churnguard.errors import DataError
from churnguard.months import shift

__all__ = [
    "ACCEPT",
    "HARM",
    "HORIZONS",
    "REACH",
    "answers",
    "expected_uplift",
    "left_untreated",
    "play",
    "read_responses",
    "read_truth",
]

HORIZONS = (30, 60, 90)  # days of follow-up; month M+1, M+1..2, M+1..3 after a campaign on month M
REACH: dict[str, float] = {"vip_manager": 0.92, "call_centre": 0.65, "sms": 0.40}
# P(accept | reached) by response type: (offer answers the reason, general offer, any other offer)
ACCEPT: dict[str, tuple[float, float, float]] = {
    "persuadable": (0.80, 0.45, 0.25),
    "sure_thing": (0.60, 0.60, 0.50),
    "lost_cause": (0.0, 0.0, 0.0),
    "do_not_disturb": (0.0, 0.0, 0.0),
}
HARM = 0.10  # a reached do-not-disturb customer who was staying leaves within the month
# The offer reasons that answer each true driver of leaving (passive churn is answered by arrears offers).
ANSWERS: dict[str, tuple[str, ...]] = {
    "competitor_offer": ("price", "competitor"),
    "price_shock": ("price",),
    "prepaid": ("price",),
    "network": ("network",),
    "contract_end": ("contract",),
    "device_age": ("device",),
    "complaint": ("service",),
    "short_tenure": ("service",),
    "social": (),
    "passive": ("arrears",),
}
_STATED = {
    "accepted": "accepted the offer",
    "sure_thing": "happy as is, took the offer anyway",
    "lost_cause": "already decided to leave",
    "do_not_disturb": "do not call me again",
    "persuadable": "not interested in this offer",
}


def _uniform(ids: pd.Series, seed: int, draw: str) -> np.ndarray:
    key = f"{draw}:{seed}".encode().ljust(16, b"_")[:16].decode()
    hashed = pd.util.hash_array(ids.astype(str).to_numpy(object), hash_key=key)
    return (hashed >> np.uint64(11)).astype(np.float64) / float(2**53)


def left_untreated(members: pd.Series, truth: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Whether each line left (cancelled, ported out, silent or cancelled for arrears) within 30/60/90
    days without treatment, from the truth of the months after the campaign (``truth[0]`` = M+1).
    A horizon whose month was not simulated is missing (NA); a line already gone before M+1 counts as left.
    Also returns the driver of M+1 (``driver``: the true top driver, or ``passive`` for arrears churn)."""
    out = pd.DataFrame({"subscriber_id": members.to_numpy()})
    left = pd.Series(False, index=out.index)
    for k, days in enumerate(HORIZONS):
        if k >= len(truth):
            out[f"left0_{days}"] = pd.array([pd.NA] * len(out), dtype="boolean")
            continue
        month = truth[k].set_index("subscriber_id")
        leaving = month["churned"] & month["churn_kind"].isin(["active", "passive"])
        present = out["subscriber_id"].isin(month.index)
        this = out["subscriber_id"].map(leaving).fillna(False).astype(bool)
        # Absent from M+1 means gone already; absent later means it left in an earlier month (already True).
        left = left | this | (~present if k == 0 else False)
        out[f"left0_{days}"] = pd.array(left.to_numpy(), dtype="boolean")
    if truth:
        first = truth[0].set_index("subscriber_id")
        driver = np.where(first["churn_kind"] == "passive", "passive", first["top_driver"])
        out["driver"] = out["subscriber_id"].map(pd.Series(driver, index=first.index)).fillna("social").to_numpy()
    else:
        out["driver"] = "social"
    return out


def answers(driver: pd.Series, offer_reason: pd.Series) -> np.ndarray:
    """0 where the offer answers the line's true driver, 1 for a general offer, 2 otherwise."""
    match = np.array([r in ANSWERS.get(d, ()) for d, r in zip(driver, offer_reason, strict=True)], dtype=bool)
    return np.where(match, 0, np.where(offer_reason.to_numpy() == "any", 1, 2))


def play(
    members: pd.DataFrame,
    truth: Sequence[pd.DataFrame],
    responses: Mapping[str, str],
    *,
    seed: int,
    recorded: Mapping[str, tuple[bool, str]] | None = None,
) -> pd.DataFrame:
    """What happened to each member of a campaign.

    ``members`` has subscriber_id, arm (treated / control), channel and offer_reason (the offer's reason
    category). Returns, per member: response, reached, result (accepted / declined / no_answer; NA for
    control; a reached do-not-disturb customer's is do_not_contact), reason_given, left0_<d>
    (untreated, the truth) and left_<d> (what was observed) for d in 30/60/90 days, saved and harmed
    (the truth's verdict on the contact).

    ``recorded`` holds what the team already recorded for some lines (reached, result): those contacts
    are not drawn but taken as recorded, and the line's fate follows from them.
    """
    base = left_untreated(members["subscriber_id"], truth)
    ids = members["subscriber_id"].reset_index(drop=True)
    out = base.assign(arm=members["arm"].to_numpy())
    response = ids.map(responses).astype(object).where(lambda r: r.notna(), "sure_thing").to_numpy()
    treated = out["arm"].to_numpy() == "treated"
    reach = members["channel"].map(REACH).fillna(0.5).to_numpy()
    reached = treated & (_uniform(ids, seed, "reach") < reach)
    fit = answers(out["driver"], members["offer_reason"].reset_index(drop=True))
    p_accept = np.array([ACCEPT.get(r, (0, 0, 0))[f] for r, f in zip(response, fit, strict=True)])
    accepted = reached & (_uniform(ids, seed, "accept") < p_accept)
    if recorded:
        known = ids.isin(list(recorded)).to_numpy() & treated
        told = ids[known].map(recorded)
        reached[known] = [bool(r) for r, _ in told]
        accepted[known] = [res == "accepted" for _, res in told]
    staying = ~out[f"left0_{HORIZONS[0]}"].fillna(True).to_numpy(bool)
    harmed = reached & (response == "do_not_disturb") & staying & (_uniform(ids, seed, "harm") < HARM)
    saved_type = accepted & (response == "persuadable")
    for days in HORIZONS:
        untreated = out[f"left0_{days}"]
        observed = pd.array((untreated.fillna(False).to_numpy(bool) & ~saved_type) | harmed, dtype="boolean")
        observed[untreated.isna().to_numpy()] = pd.NA
        out[f"left_{days}"] = observed
    out["response"] = response
    out["reached"] = np.where(treated, reached, None)
    said = np.where(response == "do_not_disturb", "do_not_contact", "declined")
    result = np.where(~treated, None, np.where(accepted, "accepted", np.where(reached, said, "no_answer")))
    if recorded:
        result[known] = [res for _, res in told]  # what the team recorded stands
    out["result"] = result
    stated = np.where(accepted, _STATED["accepted"], pd.Series(response).map(_STATED).to_numpy())
    stated = np.where(accepted & (response == "sure_thing"), _STATED["sure_thing"], stated)
    out["reason_given"] = np.where(reached, stated, None)
    last = next((d for d in reversed(HORIZONS) if not out[f"left0_{d}"].isna().all()), HORIZONS[0])
    out["saved"] = saved_type & out[f"left0_{last}"].fillna(False).to_numpy(bool)
    out["harmed"] = harmed
    return out


def expected_uplift(
    p_leave: np.ndarray, response: np.ndarray, channel: pd.Series, fit: np.ndarray, *, months: int = 3
) -> np.ndarray:
    """The truth's expected fall in P(leave within ``months``) from contacting a line: what an oracle that
    knows each customer's response type would use. ``p_leave`` is the monthly hazard at the origin and
    ``fit`` what :func:`answers` returns for the line's offer."""
    reach = channel.map(REACH).fillna(0.5).to_numpy()
    p_accept = np.array([ACCEPT.get(r, (0, 0, 0))[f] for r, f in zip(response, fit, strict=True)])
    leave = 1 - (1 - p_leave) ** months
    gain = np.where(response == "persuadable", reach * p_accept * leave, 0.0)
    harm = np.where(response == "do_not_disturb", reach * HARM * (1 - p_leave), 0.0)
    return gain - harm


def read_truth(delivery: str | Path, month: str, *, months: int = 3) -> list[pd.DataFrame]:
    """The truth of the ``months`` months after ``month`` that the simulator wrote (fewer at the end of the
    simulation), from ``delivery/_truth/subscriber_months/``."""
    folder = Path(delivery) / "_truth" / "subscriber_months"
    columns = ["subscriber_id", "churned", "churn_kind", "top_driver", "p_leave", "p_leave_expected"]
    out = []
    for k in range(1, months + 1):
        path = folder / f"{shift(month, k)}.parquet"
        if not path.is_file():
            break
        out.append(pq.read_table(path, columns=columns).to_pandas())
    return out


def read_responses(delivery: str | Path) -> dict[str, str]:
    """Each line's hidden response type, from ``delivery/_truth/subscribers/``."""
    path = Path(delivery) / "_truth" / "subscribers" / "subscribers.parquet"
    if not path.is_file():
        raise DataError("outcomes.no_responses", dir=str(delivery), file=str(path))
    frame = pq.read_table(path, columns=["subscriber_id", "response"]).to_pandas()
    return dict(zip(frame["subscriber_id"], frame["response"], strict=True))
