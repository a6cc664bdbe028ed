"""The operator's static world: counties and cells, plans, enterprises, and the opening subscriber base.

Everything is drawn from one ``numpy.random.Generator`` so a seed fixes the whole operator. Arrays,
not rows: the base is a dict of columns, so a million subscribers cost seconds, not minutes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["CITY", "COUNTIES", "PLANS", "RESPONSES", "World", "build_world", "new_subscribers"]

CITY = "临江市"
# County, share of lines, urban (better network, more 5G, more competitor activity).
COUNTIES = (
    ("东城区", 0.24, True),
    ("西城区", 0.20, True),
    ("南湖区", 0.16, True),
    ("北山区", 0.14, False),
    ("青溪县", 0.14, False),
    ("云岭县", 0.12, False),
)
# plan_id, name, fee, voice min, data GB, sms, network, broadband, iptv, prepaid?, share of new lines
PLANS = (
    ("P19", "畅聊卡19元", 19.0, 100, 5.0, 50, "4G", False, False, True, 0.10),
    ("P29", "随心卡29元", 29.0, 200, 10.0, 100, "4G", False, False, True, 0.10),
    ("P59", "4G畅享59元", 59.0, 300, 20.0, 100, "4G", False, False, False, 0.16),
    ("P89", "4G畅享89元", 89.0, 500, 40.0, 100, "4G", False, False, False, 0.12),
    ("P129", "5G畅享129元", 129.0, 500, 60.0, 200, "5G", False, False, False, 0.14),
    ("P169", "5G畅享169元", 169.0, 800, 100.0, 200, "5G", False, False, False, 0.09),
    ("P239", "5G尊享239元", 239.0, 1500, 150.0, 300, "5G", False, False, False, 0.04),
    ("F199", "5G融合199元（含宽带）", 199.0, 800, 80.0, 200, "5G", True, False, False, 0.12),
    ("F299", "5G融合299元（宽带+电视）", 299.0, 1200, 120.0, 300, "5G", True, True, False, 0.07),
    ("E99", "集团专享99元", 99.0, 1000, 30.0, 200, "4G", False, False, False, 0.06),
)
DEVICES = (
    "华为 Mate 60",
    "华为 nova 12",
    "荣耀 90",
    "小米 14",
    "Redmi K70",
    "OPPO Reno11",
    "vivo X100",
    "iPhone 15",
    "iPhone 13",
    "三星 Galaxy S23",
)
INDUSTRIES = ("制造业", "零售", "物流", "教育", "医疗", "政府机关", "金融", "建筑")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰"
CHANNELS = ("store", "online", "agent", "telesales")
_AREA_CODES = ("110105", "330102", "330702", "330782", "330783", "330723")
_ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])


@dataclass
class World:
    """Things that do not change month to month, plus each line's hidden traits."""

    cells: pd.DataFrame  # cell_id, county, base_drop, base_mbps, urban
    plans: pd.DataFrame
    enterprises: pd.DataFrame
    managers: np.ndarray


def build_world(rng: np.random.Generator, subscribers: int) -> World:
    """Cells (one per ~150 lines, at least 24), plans and enterprises sized to the operator."""
    n_cells = max(24, subscribers // 150)
    county_idx = rng.choice(len(COUNTIES), size=n_cells, p=[c[1] for c in COUNTIES])
    urban = np.array([COUNTIES[i][2] for i in county_idx])
    cells = pd.DataFrame(
        {
            "cell_id": [f"C{i:06d}" for i in range(n_cells)],
            "county": [COUNTIES[i][0] for i in county_idx],
            "base_drop": np.clip(rng.lognormal(np.log(np.where(urban, 0.004, 0.008)), 0.5), 0.0005, 0.08),
            "base_mbps": np.clip(rng.lognormal(np.log(np.where(urban, 180.0, 90.0)), 0.35), 5, 900),
            "urban": urban,
        }
    )
    plans = pd.DataFrame(
        PLANS,
        columns=[
            "plan_id",
            "name",
            "monthly_fee",
            "voice_minutes",
            "data_gb",
            "sms",
            "network",
            "broadband",
            "iptv",
            "prepaid",
            "share",
        ],
    )
    n_managers = max(4, subscribers // 2500)
    managers = np.array([f"AM{i:04d}" for i in range(n_managers)])
    n_ent = max(3, subscribers // 400)
    enterprises = pd.DataFrame(
        {
            "enterprise_id": [f"E{i:05d}" for i in range(n_ent)],
            "name": [f"{CITY[:2]}{INDUSTRIES[i % len(INDUSTRIES)]}有限公司{i:03d}" for i in range(n_ent)],
            "industry": [INDUSTRIES[i] for i in rng.integers(0, len(INDUSTRIES), n_ent)],
            "city": CITY,
            "account_manager_id": managers[rng.integers(0, n_managers, n_ent)],
        }
    )
    return World(cells=cells, plans=plans, enterprises=enterprises, managers=managers)


def _msisdns(rng: np.random.Generator, first_index: int, n: int) -> np.ndarray:
    # Distinct by construction: a prefix and the line's own serial number, scrambled within the block.
    prefixes = np.array(["135", "138", "139", "150", "158", "182", "187", "198"])
    serial = (np.arange(first_index, first_index + n) * 7919 + 12345) % 100_000_000
    return np.char.add(
        prefixes[(np.arange(first_index, first_index + n)) % len(prefixes)], np.char.zfill(serial.astype(str), 8)
    )


def _digits(values: np.ndarray, width: int) -> list[np.ndarray]:
    return [(values // 10 ** (width - 1 - k)) % 10 for k in range(width)]


def _id_numbers(rng: np.random.Generator, birth_year: np.ndarray) -> np.ndarray:
    """Resident ID numbers with a correct GB 11643 check character, built arithmetically (fast)."""
    n = len(birth_year)
    area = np.array([int(a) for a in _AREA_CODES])[rng.integers(0, len(_AREA_CODES), n)]
    month, day, seq = rng.integers(1, 13, n), rng.integers(1, 29, n), rng.integers(0, 1000, n)
    digits = _digits(area, 6) + _digits(birth_year, 4) + _digits(month, 2) + _digits(day, 2) + _digits(seq, 3)
    total = sum(int(w) * d for w, d in zip(_ID_WEIGHTS, digits, strict=True))
    check = np.array(list("10X98765432"))[total % 11]
    body = area * 10**11 + birth_year * 10**7 + month * 10**5 + day * 10**3 + seq
    return np.char.add(np.char.zfill(body.astype(str), 17), check)


def new_subscribers(
    rng: np.random.Generator, world: World, *, first_index: int, n: int, month_start: pd.Timestamp, opening: bool
) -> pd.DataFrame:
    """``n`` lines: the opening base (``opening``, activated over the past ten years) or this month's joiners."""
    idx = np.arange(first_index, first_index + n)
    plans = world.plans
    plan_pos = rng.choice(len(plans), size=n, p=(plans["share"] / plans["share"].sum()).to_numpy())
    prepaid = plans["prepaid"].to_numpy()[plan_pos]
    enterprise_line = plans["plan_id"].to_numpy()[plan_pos] == "E99"
    n_ent = len(world.enterprises)
    enterprise_id = np.where(
        enterprise_line,
        world.enterprises["enterprise_id"].to_numpy()[np.minimum((rng.pareto(1.2, n) * 3).astype(int), n_ent - 1)],
        None,
    )
    # Tenure in months: many young lines, a long tail of loyal ones; joiners start at zero.
    tenure = np.minimum(rng.exponential(30.0, n), 120).astype(int) if opening else np.zeros(n, dtype=int)
    activation = month_start - pd.to_timedelta(tenure * 30 + rng.integers(0, 28, n), unit="D")
    if not opening:
        activation = month_start + pd.to_timedelta(rng.integers(0, 28, n), unit="D")
    term = np.where(prepaid, 0, rng.choice([0, 12, 24], size=n, p=[0.35, 0.35, 0.30]))
    # Contracts renew in whole terms while the line stays: the end date is the next one ahead.
    renewals = np.where(term > 0, np.ceil(np.maximum(tenure, 1) / np.maximum(term, 1)), 0)
    contract_end = pd.Series(activation + pd.to_timedelta(np.maximum(renewals, 1) * term * 30.4, unit="D"))
    contract_end[term == 0] = pd.NaT
    device_age = np.minimum(rng.exponential(16.0, n), tenure + 36).astype(int)
    birth_year = rng.integers(1950, 2007, n)
    county_pos = rng.choice(len(COUNTIES), size=n, p=[c[1] for c in COUNTIES])
    cells = world.cells
    home_cell = np.zeros(n, dtype=np.int64)
    for i, (county, *_) in enumerate(COUNTIES):
        pool, rows = np.flatnonzero(cells["county"].to_numpy() == county), np.flatnonzero(county_pos == i)
        if len(pool):
            home_cell[rows] = pool[rng.integers(0, len(pool), len(rows))]
    fee = plans["monthly_fee"].to_numpy()[plan_pos]
    vip = (fee >= 199) | enterprise_line
    manager = np.where(vip, world.managers[rng.integers(0, len(world.managers), n)], None)
    names = np.char.add(
        np.array(list(SURNAMES))[rng.integers(0, len(SURNAMES), n)],
        np.array(list(GIVEN))[rng.integers(0, len(GIVEN), n)],
    )
    has_id = rng.random(n) < 0.9
    ids = _id_numbers(rng, birth_year)
    # Loyalty is hidden, but shows as it does in operators' data: loyal customers pay by auto-debit
    # (postpaid) and keep more of their circle on our network, so they churn less on both counts.
    loyalty = rng.normal(0.0, 1.0, n)
    autopay = ~prepaid & (rng.random(n) < 1 / (1 + np.exp(1.5 - 2.0 * loyalty)))
    lines = pd.DataFrame(
        {
            "index": idx,
            "subscriber_id": np.char.add("S", np.char.zfill(idx.astype(str), 8)),
            "msisdn": _msisdns(rng, first_index, n),
            "name": names,
            "id_number": np.where(has_id, ids, None),
            "gender": np.where(rng.random(n) < 0.52, "male", "female"),
            "birth_year": birth_year,
            "city": CITY,
            "county": np.array([c[0] for c in COUNTIES])[county_pos],
            "customer_type": np.where(enterprise_line, "enterprise", "individual"),
            "enterprise_id": enterprise_id,
            "plan_id": plans["plan_id"].to_numpy()[plan_pos],
            "payment_type": np.where(prepaid, "prepaid", "postpaid"),
            "activation_date": pd.Series(activation).dt.normalize(),
            "contract_end_date": contract_end.dt.normalize(),
            "device_model": np.array(DEVICES)[rng.integers(0, len(DEVICES), n)],
            "device_purchase_date": (month_start - pd.to_timedelta(device_age * 30 + 15, unit="D")).normalize(),
            "account_manager_id": manager,
            "acquisition_channel": np.where(
                enterprise_line, "enterprise", np.array(CHANNELS)[rng.integers(0, len(CHANNELS), n)]
            ),
            # hidden traits (never written to operator tables)
            "home_cell": home_cell,
            "usage_level": rng.lognormal(0.0, 0.5, n),
            "price_sensitivity": rng.beta(2, 3, n) + 0.5 * prepaid,
            "pay_reliability": rng.beta(8, 1.2, n),
            "loyalty": loyalty,
            "autopay": autopay,
            "circle_share": np.clip(0.8 + 0.08 * loyalty, 0.55, 0.97),
        }
    )
    # The last draw, one uniform per line as before, so the operator's data do not depend on how the
    # offer response is drawn.
    lines["response"] = _responses(
        rng.random(n), lines["price_sensitivity"].to_numpy(), loyalty, prepaid, autopay, term, tenure
    )
    return lines


RESPONSES = ("persuadable", "sure_thing", "lost_cause", "do_not_disturb")


def _responses(
    u: np.ndarray,
    price_sensitivity: np.ndarray,
    loyalty: np.ndarray,
    prepaid: np.ndarray,
    autopay: np.ndarray,
    term: np.ndarray,
    tenure: np.ndarray,
) -> np.ndarray:
    """How a line answers a retention contact, drawn from traits as retention teams see them: price-sensitive
    customers and those under contract can be won with an offer (persuadable), loyal ones — auto-debit payers
    above all — stay anyway (sure thing), disloyal ones are gone whatever is done (lost cause), and prepaid
    customers and long-standing lines out of contract take a call or message as a reminder to look around
    (do not disturb). About 25 / 35 / 30 / 10 % overall."""
    no_contract = (term == 0) & (tenure >= 24)
    logits = np.column_stack(
        [
            -0.25 + 2.5 * (price_sensitivity - 0.55) + 0.6 * (term > 0),
            0.0 + 0.6 * loyalty + 1.0 * autopay,
            -0.1 - 0.8 * loyalty,
            -1.9 + 1.8 * prepaid + 1.2 * no_contract,
        ]
    )
    weights = np.exp(logits - logits.max(axis=1, keepdims=True))
    cdf = np.cumsum(weights / weights.sum(axis=1, keepdims=True), axis=1)
    return np.array(RESPONSES)[np.minimum((cdf < u[:, None]).sum(axis=1), len(RESPONSES) - 1)]
