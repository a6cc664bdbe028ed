"""A campaign's follow-up on the small simulated operator: the simulator plays it forward (every order worked,
every member followed), the warehouse gives the same fate for lines nobody contacted, the report's figures
are the members' arithmetic, and an uplift model learnt from the campaign steers the next one."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from churnguard.config import Settings
from churnguard.contracts import GONE_STATUSES, sql_list
from churnguard.errors import DataError
from churnguard.i18n import t
from churnguard.months import bounds
from churnguard.retention.followup import campaign_report, member_table, observe_followup, simulate_followup
from churnguard.retention.orders import act_month
from churnguard.retention.policy import DEFAULT_OFFERS, Offer
from churnguard.retention.uplift import fit_uplift
from churnguard.warehouse import connect
from ledgers import open_keyed

NOW = datetime(2025, 5, 2, 9, 0)
# Cheap and (by the catalogue's reckoning) effective: many lines are worth a contact, so the arms are large.
OFFERS = (*DEFAULT_OFFERS, Offer("test_voucher", "Test voucher", "any", 0.5, 0.9))


@pytest.fixture(scope="module")
def operator(
    tmp_path_factory: pytest.TempPathFactory, small_operator: Path, scored_operator: Callable[..., tuple]
) -> tuple[Path, Path, Settings]:
    root = tmp_path_factory.mktemp("followup")
    warehouse, settings = scored_operator(root, months=("2025-04", "2025-05"), now=NOW, control_share=0.3)
    return warehouse, small_operator.parent / "delivery", settings


def _leavers(wh: object, month: str) -> set[str]:
    start, end = bounds(month)
    rows = wh.sql.execute(
        f"SELECT DISTINCT subscriber_id FROM stg_status_changes WHERE to_status IN {sql_list(GONE_STATUSES)} "
        "AND timestamp >= ? AND timestamp < ?",
        [start, end],
    ).fetchall()
    return {r[0] for r in rows}


def test_a_campaign_is_played_forward_and_measured(operator: tuple[Path, Path, Settings], store_url: str) -> None:
    warehouse, delivery, settings = operator
    with (
        connect(str(warehouse), memory_limit="1GB", threads=1, read_only=True) as wh,
        open_keyed(store_url) as store,
    ):
        plan = act_month(wh, store, settings, month="2025-04", budget=5000.0, capacity={}, now=NOW, offers=OFFERS)
        assert plan.policy == "expected_value"  # no uplift model yet
        played = simulate_followup(store, delivery, plan.campaign_id, seed=0, now=NOW)
        # Six simulated months: a campaign on April is followed through May and June, not July.
        assert played.horizons == (30, 60)
        orders = store.orders(campaign_id=plan.campaign_id)
        assert len(orders) == len(plan.orders) == played.orders > 0
        assert {o["status"] for o in orders} == {"done"}
        for order in orders[:20]:
            assert len(store.contacts(order["order_id"])) == 1 and len(store.outcomes(order["order_id"])) == 1
        attempts, results = store.campaign_activity(plan.campaign_id)
        assert len(attempts) == len(results) == len(orders)
        assert Counter(r["result"] for r in results)["accepted"] == played.accepted
        assert sum(a["reached"] for a in attempts) == played.reached
        # The control group is never contacted, and what it did is what the warehouse shows.
        control = played.members[played.members["arm"] == "control"]
        assert len(control) == len(plan.control) > 0
        assert control["reached"].isna().all() and control["result"].isna().all()
        gone_in_may = _leavers(wh, "2025-05")
        gone_april = _leavers(wh, "2025-04")
        expected = control["subscriber_id"].isin(gone_in_may | gone_april)
        assert (control["left_30"].astype(bool).to_numpy() == expected.to_numpy()).all()
        followed = pd.DataFrame(store.member_outcomes(plan.campaign_id))
        assert len(followed) == len(plan.orders) + len(plan.control)
        assert followed["left_90"].isna().all() and followed["left_30"].notna().all()
        assert set(followed["source"]) == {"simulated"}

        # Played again: no second contact, the same follow-up.
        again = simulate_followup(store, delivery, plan.campaign_id, seed=0, now=NOW)
        assert again.orders == 0
        assert len(store.campaign_activity(plan.campaign_id)[0]) == len(orders)
        assert pd.DataFrame(store.member_outcomes(plan.campaign_id))[["left_30", "left_60"]].equals(
            followed[["left_30", "left_60"]]
        )

        report = campaign_report(store, plan.campaign_id)
        assert list(report.results["horizon_days"]) == [30, 60] and report.horizon == 60
        r30 = report.results.set_index("horizon_days").loc[30]
        m = played.members
        stay_t = 1 - m.loc[m["arm"] == "treated", "left_30"].astype(bool).mean()
        stay_c = 1 - m.loc[m["arm"] == "control", "left_30"].astype(bool).mean()
        assert r30["retention_treated"] == pytest.approx(stay_t)
        assert r30["retention_control"] == pytest.approx(stay_c)
        assert r30["lift"] == pytest.approx(stay_t - stay_c)
        assert r30["lift_low"] <= r30["lift"] <= r30["lift_high"]
        treated = plan.orders
        accepted = {sid for sid, res in zip(m["subscriber_id"], m["result"], strict=True) if res == "accepted"}
        cost = treated["contact_cost"].sum() + treated.loc[treated["subscriber_id"].isin(accepted), "offer_cost"].sum()
        assert r30["cost"] == pytest.approx(cost)
        assert set(report.by) == {"channel", "offer_id", "tier"}
        assert report.by["channel"]["treated"].sum() == len(treated)

        # Observed follow-up leaves simulated members as they are.
        assert observe_followup(wh, store, plan.campaign_id, now=NOW) == (0, (30, 60))


def test_followup_is_observed_in_the_warehouse(operator: tuple[Path, Path, Settings], tmp_path: Path) -> None:
    warehouse, _, settings = operator
    with (
        connect(str(warehouse), memory_limit="1GB", threads=1, read_only=True) as wh,
        open_keyed(str(tmp_path / "ops.sqlite")) as store,
    ):
        plan = act_month(wh, store, settings, month="2025-05", budget=2000.0, capacity={}, now=NOW, offers=OFFERS)
        written, known = observe_followup(wh, store, plan.campaign_id, now=NOW)
        assert known == (30,)  # June is the last month loaded
        assert written == len(plan.orders) + len(plan.control) > 0
        rows = pd.DataFrame(store.member_outcomes(plan.campaign_id)).set_index("subscriber_id")
        gone = _leavers(wh, "2025-06")
        assert rows["left_30"].to_dict() == {sid: sid in gone for sid in rows.index}
        assert rows["left_60"].isna().all() and set(rows["source"]) == {"warehouse"}
        with pytest.raises(DataError, match="not a member"):
            store.record_member_outcomes(plan.campaign_id, [{"subscriber_id": "S-nobody"}], source="x", now=NOW)


def test_uplift_learnt_from_a_campaign_steers_the_next(operator: tuple[Path, Path, Settings], tmp_path: Path) -> None:
    warehouse, delivery, settings = operator
    with (
        connect(str(warehouse), memory_limit="1GB", threads=1, read_only=True) as wh,
        open_keyed(str(tmp_path / "ops.sqlite")) as store,
    ):
        first = act_month(wh, store, settings, month="2025-04", budget=5000.0, capacity={}, now=NOW, offers=OFFERS)
        simulate_followup(store, delivery, first.campaign_id, seed=0, now=NOW)
        # April's own campaign is not followed yet when April is planned.
        with pytest.raises(DataError, match="Not enough campaign follow-up before 2025-04"):
            fit_uplift(wh, store, settings, month="2025-04", now=NOW)
        card = fit_uplift(wh, store, settings, month="2025-05", now=NOW)
        assert card["campaigns"] == [first.campaign_id]
        assert card["treated"] == len(first.orders) and card["control"] == len(first.control)
        low, high = card["measured_lift_ci"]
        assert low <= card["measured_lift"] <= high
        assert (Path(settings.registry) / "uplift" / "2025-05" / "model_card.json").is_file()
        # By default the model learns through the answers the contacted customers gave.
        assert card["kind"] == "AnswerUplift" and 0 <= card["kappa"] <= 1 and 0 <= card["eta"] <= 1
        assert card["kappa_se"] > 0 and card["eta_se"] > 0
        parts = {k: card[k] for k in ("kappa", "kappa_se", "eta", "eta_se")}
        assert f"keeps {card['kappa']:.0%}" in t("uplift.answers", "en", **parts)
        assert f"{card['eta']:.0%}" in t("uplift.answers", "zh", **parts)
        answered = member_table(store, first.campaign_id)
        said = set(answered.loc[answered["arm"] == "treated", "result"])
        assert said <= {"accepted", "declined", "no_answer", "do_not_contact"} and "accepted" in said
        assert answered.loc[answered["arm"] == "control", "result"].isna().all()
        older = settings.model_copy(update={"uplift_learner": "two_model"})
        assert fit_uplift(wh, store, older, month="2025-05", now=NOW)["kind"] == "ScoreTwoModel"
        card = fit_uplift(wh, store, settings, month="2025-05", now=NOW)

        second = act_month(wh, store, settings, month="2025-05", budget=5000.0, capacity={}, now=NOW, offers=OFFERS)
        assert second.policy == "uplift" and second.uplift_model == card["bundle_id"]
        chosen = pd.concat([second.orders, second.control])
        assert (chosen["uplift"] > 0).all() and (chosen["value"] > 0).all()
        assert store.campaign(second.campaign_id)["policy"] == "uplift"

        # Lines whose contact is expected to drive them away are never chosen, however cheap the offer.
        def effect(lines: pd.DataFrame, offer: Offer) -> np.ndarray:
            return np.where(lines["subscriber_id"].str[-1].isin(list("01234")), -0.05, 0.5)

        third = act_month(
            wh, store, settings, month="2025-05", budget=5000.0, capacity={}, now=NOW, offers=OFFERS, effect=effect
        )
        picked = pd.concat([third.orders, third.control])
        assert third.policy == "uplift" and len(picked) > 0 and third.harmful > 0
        assert not picked["subscriber_id"].str[-1].isin(list("01234")).any()


def test_account_managers_are_held_to_their_workload(operator: tuple[Path, Path, Settings], tmp_path: Path) -> None:
    warehouse, _, settings = operator
    capped = settings.model_copy(update={"manager_workload": 1})
    with (
        connect(str(warehouse), memory_limit="1GB", threads=1, read_only=True) as wh,
        open_keyed(str(tmp_path / "ops.sqlite")) as store,
    ):
        plan = act_month(wh, store, capped, month="2025-04", budget=50000.0, capacity={}, now=NOW, offers=OFFERS)
        vip = plan.orders[plan.orders["channel"] == "vip_manager"]
        assert len(vip) > 0
        load = Counter(o["owner_id"] for o in store.orders(campaign_id=plan.campaign_id) if o["owner_id"])
        assert load and max(load.values()) == 1
        assert plan.unassigned == int(vip["owner_id"].isna().sum()) == len(vip) - len(load)


def test_an_offers_file_replaces_the_catalogue(operator: tuple[Path, Path, Settings], tmp_path: Path) -> None:
    warehouse, _, settings = operator
    path = tmp_path / "offers.toml"
    path.write_text(
        '[[offer]]\nid = "only_one"\nname = "唯一优惠"\nreason = "any"\ncost = 0.2\nsave_rate = 0.9\n', encoding="utf-8"
    )
    with (
        connect(str(warehouse), memory_limit="1GB", threads=1, read_only=True) as wh,
        open_keyed(str(tmp_path / "ops.sqlite")) as store,
    ):
        plan = act_month(
            wh,
            store,
            settings.model_copy(update={"offers_file": str(path)}),
            month="2025-04",
            budget=500.0,
            capacity={},
            now=NOW,
        )
        assert set(plan.orders["offer_id"]) == {"only_one"}
        assert [o["offer_id"] for o in store.offers()] == ["only_one"]


def test_recorded_outcomes_decide_the_play(operator: tuple[Path, Path, Settings], tmp_path: Path) -> None:
    warehouse, delivery, settings = operator
    with (
        connect(str(warehouse), memory_limit="1GB", threads=1, read_only=True) as wh,
        open_keyed(str(tmp_path / "ops.sqlite")) as store,
    ):
        plan = act_month(wh, store, settings, month="2025-04", budget=5000.0, capacity={}, now=NOW, offers=OFFERS)
        # The team reached every customer and every one declined: the simulator must not invent acceptances.
        orders = store.orders(campaign_id=plan.campaign_id)
        store.record_results(
            [{"order_id": o["order_id"], "reached": True, "result": "declined", "status": "done"} for o in orders],
            at=NOW,
        )
        played = simulate_followup(store, delivery, plan.campaign_id, seed=0, now=NOW)
        treated = played.members[played.members["arm"] == "treated"]
        assert played.orders == 0 and played.accepted == 0 and played.reached == len(treated) > 0
        assert not treated["saved"].any()
        assert (treated["result"] == "declined").all()


def test_a_delivery_without_response_types_is_a_clear_error(
    operator: tuple[Path, Path, Settings], tmp_path: Path
) -> None:
    warehouse, delivery, settings = operator
    partial = tmp_path / "delivery"
    shutil.copytree(delivery / "_truth" / "subscriber_months", partial / "_truth" / "subscriber_months")
    with (
        connect(str(warehouse), memory_limit="1GB", threads=1, read_only=True) as wh,
        open_keyed(str(tmp_path / "ops.sqlite")) as store,
    ):
        plan = act_month(wh, store, settings, month="2025-04", budget=500.0, capacity={}, now=NOW, offers=OFFERS)
        with pytest.raises(DataError, match="no simulated response types") as error:
            simulate_followup(store, partial, plan.campaign_id, seed=0, now=NOW)
        assert "_truth" in error.value.hint()
        with pytest.raises(DataError, match="no simulator truth"):
            simulate_followup(store, tmp_path / "nowhere", plan.campaign_id, seed=0, now=NOW)
