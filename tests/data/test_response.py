"""Playing a campaign forward with the simulator's truth: what lines did untreated, how each response type
answers a contact, common random numbers, the oracle's expected uplift and the population's response mix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from churnguard.data.sim.population import build_world, new_subscribers
from churnguard.data.sim.response import ACCEPT, HARM, REACH, answers, expected_uplift, left_untreated, play

LEFT = [f"left_{d}" for d in (30, 60, 90)]
LEFT0 = [f"left0_{d}" for d in (30, 60, 90)]


def _month(rows: list[tuple[str, bool, str, str]]) -> pd.DataFrame:
    """A month of truth from (subscriber_id, churned, churn_kind, top_driver)."""
    frame = pd.DataFrame(rows, columns=["subscriber_id", "churned", "churn_kind", "top_driver"])
    return frame.assign(p_leave=0.05, p_leave_expected=0.05)


def _truth() -> list[pd.DataFrame]:
    m1 = _month(
        [
            ("A", True, "active", "price_shock"),
            ("B", True, "passive", "network"),
            ("C", True, "latent", "network"),  # silent but not gone: not leaving
            # D is absent from M+1: it was gone already
            ("E", False, "", "device_age"),
            ("F", False, "", "contract_end"),
        ]
    )
    m2 = _month([("C", False, "", "network"), ("E", True, "active", "device_age"), ("F", False, "", "contract_end")])
    m3 = _month([("C", False, "", "network"), ("F", True, "passive", "contract_end")])
    return [m1, m2, m3]


def test_left_untreated_accumulates_over_the_months() -> None:
    got = left_untreated(pd.Series(list("ABCDEF")), _truth()).set_index("subscriber_id")
    assert got["left0_30"].tolist() == [True, True, False, True, False, False]
    assert got["left0_60"].tolist() == [True, True, False, True, True, False]
    assert got["left0_90"].tolist() == [True, True, False, True, True, True]
    assert got["driver"].tolist() == ["price_shock", "passive", "network", "social", "device_age", "contract_end"]
    assert all(str(got[c].dtype) == "boolean" for c in LEFT0)


def test_horizons_without_a_truth_month_are_missing() -> None:
    got = left_untreated(pd.Series(list("ABCDEF")), _truth()[:2])
    assert got["left0_60"].notna().all() and got["left0_90"].isna().all()
    assert str(got["left0_90"].dtype) == "boolean"
    none = left_untreated(pd.Series(["A", "B"]), [])
    assert all(none[c].isna().all() for c in LEFT0)
    assert none["driver"].tolist() == ["social", "social"]


def _members(ids: list[str], *, arm: str, channel: str, reason: str) -> pd.DataFrame:
    return pd.DataFrame({"subscriber_id": ids, "arm": arm, "channel": channel, "offer_reason": reason})


def test_control_members_are_never_reached_and_keep_their_untreated_fate() -> None:
    ids = list("ABCDEF")
    members = _members(ids, arm="control", channel="vip_manager", reason="price")
    responses = dict.fromkeys(ids, "persuadable")
    got = play(members, _truth(), responses, seed=3)
    assert got["reached"].isna().all() and got["result"].isna().all() and got["reason_given"].isna().all()
    for new, old in zip(LEFT, LEFT0, strict=True):
        assert got[new].tolist() == got[old].tolist()
    assert not got["saved"].any() and not got["harmed"].any()


def _many(n: int, prefix: str, *, kind: str, driver: str) -> list[pd.DataFrame]:
    """``n`` lines whose untreated fate is the same each month: kind "active" leaves in M+1, "" stays."""
    ids = [f"{prefix}{i:05d}" for i in range(n)]
    churned = kind != ""
    return [_month([(s, churned, kind, driver) for s in ids]) for _ in range(3)]


def test_a_reached_persuadable_who_accepts_stays_for_the_whole_follow_up() -> None:
    n = 2000
    truth = _many(n, "P", kind="active", driver="price_shock")
    ids = truth[0]["subscriber_id"].tolist()
    members = _members(ids, arm="treated", channel="vip_manager", reason="price")
    got = play(members, truth, dict.fromkeys(ids, "persuadable"), seed=11)
    assert got[LEFT0].all().all()  # every one of them would have left
    reached = got["reached"].astype(bool)
    accepted = got["result"] == "accepted"
    assert reached.mean() == pytest.approx(REACH["vip_manager"], abs=0.03)
    assert accepted[reached].mean() == pytest.approx(ACCEPT["persuadable"][0], abs=0.04)
    assert not accepted[~reached].any()
    assert (got.loc[~reached, "result"] == "no_answer").all()
    assert (got.loc[reached & ~accepted, "result"] == "declined").all()
    for column in LEFT:
        assert not got.loc[accepted, column].any()  # saved: not left at any horizon
        assert got.loc[~accepted, column].all()
        assert got[column].mean() == pytest.approx(1 - 0.92 * 0.80, abs=0.04)
    assert got["saved"].tolist() == accepted.tolist()
    assert (got.loc[accepted, "reason_given"] == "accepted the offer").all()
    assert (got.loc[reached & ~accepted, "reason_given"] == "not interested in this offer").all()
    assert got.loc[~reached, "reason_given"].isna().all()


def test_an_offer_that_does_not_answer_the_driver_is_accepted_less_often() -> None:
    truth = _many(2000, "Q", kind="active", driver="price_shock")
    ids = truth[0]["subscriber_id"].tolist()
    members = _members(ids, arm="treated", channel="vip_manager", reason="network")  # fit 2
    got = play(members, truth, dict.fromkeys(ids, "persuadable"), seed=11)
    reached = got["reached"].astype(bool)
    assert (got.loc[reached, "result"] == "accepted").mean() == pytest.approx(ACCEPT["persuadable"][2], abs=0.04)


def test_a_persuadable_who_would_have_stayed_is_not_counted_as_saved() -> None:
    truth = _many(300, "R", kind="", driver="price_shock")
    ids = truth[0]["subscriber_id"].tolist()
    got = play(
        _members(ids, arm="treated", channel="vip_manager", reason="price"),
        truth,
        dict.fromkeys(ids, "persuadable"),
        seed=2,
    )
    assert (got["result"] == "accepted").sum() > 150
    assert not got["saved"].any() and not got[LEFT].any().any()


def test_lost_causes_never_accept_and_leave_as_they_would_have() -> None:
    truth = _many(1000, "L", kind="active", driver="price_shock")
    ids = truth[0]["subscriber_id"].tolist()
    members = _members(ids, arm="treated", channel="vip_manager", reason="price")
    got = play(members, truth, dict.fromkeys(ids, "lost_cause"), seed=5)
    assert got["reached"].astype(bool).sum() > 850
    assert set(got["result"]) == {"declined", "no_answer"}
    assert got[LEFT].all().all() and not got["saved"].any() and not got["harmed"].any()
    reached = got["reached"].astype(bool)
    assert (got.loc[reached, "reason_given"] == "already decided to leave").all()


def test_sure_things_accept_and_change_nothing() -> None:
    truth = _many(1000, "T", kind="", driver="social")
    ids = truth[0]["subscriber_id"].tolist()
    # A line missing from the responses counts as a sure thing.
    responses = {ids[0]: "sure_thing"}
    got = play(_members(ids, arm="treated", channel="call_centre", reason="any"), truth, responses, seed=5)
    assert set(got["response"]) == {"sure_thing"}
    reached = got["reached"].astype(bool)
    assert reached.mean() == pytest.approx(REACH["call_centre"], abs=0.05)
    assert (got.loc[reached, "result"] == "accepted").mean() == pytest.approx(ACCEPT["sure_thing"][1], abs=0.06)
    accepted = got["result"] == "accepted"
    assert (got.loc[accepted, "reason_given"] == "happy as is, took the offer anyway").all()
    assert not got[LEFT].any().any() and not got["saved"].any()


def test_do_not_disturb_is_only_harmed_when_reached_and_staying() -> None:
    staying = _many(2000, "S", kind="", driver="social")
    leaving = _many(2000, "G", kind="active", driver="social")
    truth = [pd.concat([a, b], ignore_index=True) for a, b in zip(staying, leaving, strict=True)]
    ids = truth[0]["subscriber_id"].tolist()
    members = _members(ids, arm="treated", channel="sms", reason="price")
    got = play(members, truth, dict.fromkeys(ids, "do_not_disturb"), seed=8)
    reached = got["reached"].astype(bool)
    stays = ~got["left0_30"].astype(bool)
    assert not (got["result"] == "accepted").any()
    assert not got.loc[~(reached & stays), "harmed"].any()
    assert got.loc[reached & stays, "harmed"].mean() == pytest.approx(HARM, abs=0.05)
    harmed = got["harmed"]
    assert harmed.sum() > 50
    assert got.loc[harmed, LEFT].all().all()  # harmed lines are left at every horizon
    assert not got.loc[stays & ~harmed, LEFT].any().any()
    assert got.loc[~stays, LEFT].all().all()
    assert (got.loc[reached, "reason_given"] == "do not call me again").all()


def test_harm_leaves_unknown_horizons_unknown() -> None:
    truth = _many(1000, "H", kind="", driver="social")[:2]
    ids = truth[0]["subscriber_id"].tolist()
    got = play(
        _members(ids, arm="treated", channel="vip_manager", reason="any"),
        truth,
        dict.fromkeys(ids, "do_not_disturb"),
        seed=1,
    )
    harmed = got["harmed"]
    assert harmed.sum() > 60
    assert got.loc[harmed, ["left_30", "left_60"]].all().all()
    assert got["left_90"].isna().all()


def _mixed(n: int = 600) -> tuple[pd.DataFrame, list[pd.DataFrame], dict[str, str]]:
    rng = np.random.default_rng(0)
    ids = [f"M{i:04d}" for i in range(n)]
    kinds = rng.choice(["", "active", "passive", "latent"], n)
    drivers = rng.choice(["price_shock", "network", "device_age", "social"], n)
    month = _month(list(zip(ids, kinds != "", kinds, drivers, strict=True)))
    truth = [month, month.assign(churned=False, churn_kind=""), month.assign(churned=False, churn_kind="")]
    members = pd.DataFrame(
        {
            "subscriber_id": ids,
            "arm": rng.choice(["treated", "control"], n, p=[0.8, 0.2]),
            "channel": rng.choice(["vip_manager", "call_centre", "sms"], n),
            "offer_reason": rng.choice(["price", "network", "any"], n),
        }
    )
    kinds_of = rng.choice(["persuadable", "sure_thing", "lost_cause", "do_not_disturb"], n)
    return members, truth, dict(zip(ids, kinds_of, strict=True))


def test_the_same_seed_gives_the_same_result_and_another_seed_other_draws() -> None:
    members, truth, responses = _mixed()
    first = play(members, truth, responses, seed=4)
    pd.testing.assert_frame_equal(first, play(members, truth, responses, seed=4))
    other = play(members, truth, responses, seed=5)
    treated = first["arm"] == "treated"
    assert (first.loc[treated, "reached"] != other.loc[treated, "reached"]).sum() > 50
    pd.testing.assert_frame_equal(first[LEFT0], other[LEFT0])  # the truth does not depend on the seed


def test_a_line_meets_the_same_luck_whichever_policy_chose_it() -> None:
    members, truth, responses = _mixed()
    everyone = play(members, truth, responses, seed=9).set_index("subscriber_id")
    subset = members.iloc[1::3]  # keeps its non-default index on purpose
    some = play(subset, truth, responses, seed=9).set_index("subscriber_id")
    assert len(some) == len(subset)
    pd.testing.assert_frame_equal(some, everyone.loc[some.index])


def test_expected_uplift() -> None:
    p = np.array([0.1, 0.1, 0.1, 0.1, 0.1, 0.2])
    response = np.array(["sure_thing", "lost_cause", "do_not_disturb", "persuadable", "persuadable", "persuadable"])
    channel = pd.Series(["vip_manager"] * 5 + ["fax"])  # an unknown channel reaches half the time
    fit = np.array([0, 0, 0, 0, 2, 1])
    got = expected_uplift(p, response, channel, fit)
    assert got[0] == 0.0 and got[1] == 0.0
    assert got[2] == pytest.approx(-0.92 * HARM * 0.9)
    assert got[3] == pytest.approx(0.92 * 0.80 * (1 - 0.9**3))
    assert got[4] == pytest.approx(0.92 * 0.25 * (1 - 0.9**3))
    assert got[3] > got[4] > 0
    assert got[5] == pytest.approx(0.5 * 0.45 * (1 - 0.8**3))
    one_month = expected_uplift(p, response, channel, fit, months=1)
    assert one_month[3] == pytest.approx(0.92 * 0.80 * 0.1)


def test_answers_matches_offer_reasons_to_drivers() -> None:
    driver = pd.Series(["price_shock", "competitor_offer", "passive", "social", "network", "unknown"])
    reason = pd.Series(["price", "competitor", "arrears", "price", "any", "network"])
    assert answers(driver, reason).tolist() == [0, 0, 0, 2, 1, 2]


@pytest.fixture(scope="module")
def population() -> pd.DataFrame:
    world = build_world(np.random.default_rng(1), 20000)
    return new_subscribers(
        np.random.default_rng(1), world, first_index=0, n=20000, month_start=pd.Timestamp("2025-01-01"), opening=True
    )


def test_the_population_response_mix(population: pd.DataFrame) -> None:
    share = population["response"].value_counts(normalize=True)
    expected = {"persuadable": 0.25, "sure_thing": 0.35, "lost_cause": 0.30, "do_not_disturb": 0.10}
    assert set(share.index) == set(expected)
    for kind, target in expected.items():
        assert share[kind] == pytest.approx(target, abs=0.05), kind


def test_do_not_disturb_is_far_more_common_among_prepaid_lines(population: pd.DataFrame) -> None:
    dnd = population["response"] == "do_not_disturb"
    prepaid = population["payment_type"] == "prepaid"
    assert prepaid.sum() > 1000 and (~prepaid).sum() > 1000
    assert dnd[prepaid].mean() >= 3 * dnd[~prepaid].mean()
