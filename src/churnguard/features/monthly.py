"""Subscriber × month features as Ibis expressions: pure functions of (tables, month).

Nothing here executes or reads settings: the warehouse decides where the expressions run (DuckDB
or Spark). Every feature reads only rows dated before the end of ``month`` (house rule 1); the
leakage test alters later rows and checks nothing changes.

Trend features need the same subscriber's base aggregates of earlier months. Those come in as
``history`` (earlier ``feat_monthly`` rows) rather than from rescanning old CDRs, so one month of
the mart reads one month of usage.
"""

from __future__ import annotations

from datetime import date, datetime

import ibis
import ibis.expr.types as ir

from churnguard.contracts import GONE_STATUSES, SERVICES, SUSPENDED_STATUSES
from churnguard.months import Month, bounds, shift

__all__ = [
    "BASE_COLUMNS",
    "POPULATIONS",
    "Tables",
    "monthly_features",
    "without",
]

Tables = dict[str, ir.Table]
_DAY = 86400.0
_MONTH_DAYS = 30.4375
# Base aggregates kept in feat_monthly so that later months can compute trends from them.
BASE_COLUMNS = ("voice_minutes", "data_mb", "usage_events", "active_days", "net_bill")
# Where each line stands at the month's end (the mart's ``population`` column): "active" is the seed's
# label population (usage and a bill this month); "silent" is open with no usage or no bill (零次户);
# "suspended" is suspended for arrears or on request; "gone" left during the month. Every line that is
# not gone is scored, so every one of them is modelled and measured.
POPULATIONS = ("active", "silent", "suspended", "gone")


def _ratio(num: ir.NumericValue, den: ir.NumericValue) -> ir.FloatingValue:
    """num / den, missing when den is missing or not positive (no engine-specific division by zero)."""
    return ibis.cases((den > 0, num.cast("float64") / den.cast("float64")), else_=ibis.null("float64"))


def _days_before(end: datetime, value: ir.TimestampValue) -> ir.FloatingValue:
    return (ibis.literal(end).epoch_seconds() - value.epoch_seconds()).cast("float64") / _DAY


def without(table: ir.Table, *names: str) -> ir.Table:
    """``table`` less ``names``, as an ordered select (Ibis's drop orders its SQL by a set: not reproducible)."""
    return table.select([c for c in table.columns if c not in names])


def _join(base: ir.Table, part: ir.Table) -> ir.Table:
    joined = base.left_join(part, "subscriber_id")
    return without(joined, "subscriber_id_right")


def _population(t: Tables, start: datetime, end: datetime) -> ir.Table:
    """Lines on the books during the month: activated before its end, not gone before its start."""
    subs, changes = t["subscribers"], t["status_changes"]
    gone = (
        changes.filter(changes.to_status.isin(GONE_STATUSES) & (changes.timestamp < start))
        .select("subscriber_id")
        .distinct()
    )
    live = subs.filter(subs.activation_date < end.date())
    return live.anti_join(gone, "subscriber_id").select("subscriber_id")


# Both engines have these functions; Ibis compiles its own bitwise aggregates for DuckDB only.
@ibis.udf.scalar.builtin
def bit_count(x: int) -> int:
    """Set bits of an integer."""


@ibis.udf.agg.builtin
def bit_or(x: int) -> int:
    """Bitwise OR of a group's values."""


def _usage(t: Tables, start: datetime, end: datetime) -> ir.Table:
    cdr = t["usage"]
    cdr = cdr.filter((cdr.timestamp >= start) & (cdr.timestamp < end))
    # The month's cell figures join each CDR (a small table, probed in the same scan), so the network
    # quality a line met needs no group-by of its own.
    nq = t["network_quality"]
    nq = nq.filter(nq.month == start.strftime("%Y-%m")).select(
        nq_cell=nq.cell_id, nq_drop=nq.dropped_call_rate, nq_mbps=nq.throughput_mbps, nq_outage=nq.outage_hours
    )
    u = cdr.left_join(nq, cdr.cell_id == nq.nq_cell)
    # First stage: one plain group-by on the few categorical fields. The many conditional aggregates
    # then run over these small groups instead of every CDR; active days travel as a bitmask of days.
    keys = {
        "event_type": u.event_type,
        "direction": u.direction,
        "other_operator": u.other_operator,
    }
    g = u.group_by(["subscriber_id", *[v.name(k) for k, v in keys.items()]]).aggregate(
        n=u.subscriber_id.count(),
        minutes=(u.duration_s.cast("float64") / 60.0).sum(),
        mb=u.data_mb.sum(),
        charge=u.charge.sum(),
        last_use=u.timestamp.max(),
        roaming_n=u.subscriber_id.count(where=u.roaming),
        night_n=u.subscriber_id.count(where=u.timestamp.hour() < 6),
        days=bit_or(ibis.literal(1, "int64") << (u.timestamp.day() - 1).cast("int64")),
        cell_n=u.nq_cell.count(),
        cell_drop=u.nq_drop.sum(),
        cell_mbps=u.nq_mbps.sum(),
        cell_outage=u.nq_outage.sum(),
        cell_outage_n=u.nq_cell.count(where=u.nq_outage > 0),
    )
    voice, sms, data = g.event_type == "voice", g.event_type == "sms", g.event_type == "data"
    out, inn = g.direction == "out", g.direction == "in"
    comp_a, comp_b = g.other_operator == "competitor_a", g.other_operator == "competitor_b"
    # Counts are summed as floats (exact far beyond any month's events) and cast back: DuckDB would
    # otherwise widen integer sums to 128 bits, which Ibis does not see and so does not cast away.
    n, minutes, cell_n = g.n.cast("float64"), g.minutes, g.cell_n.cast("float64")
    main = g.group_by("subscriber_id").aggregate(
        voice_out_minutes=minutes.sum(where=voice & out),
        voice_in_minutes=minutes.sum(where=voice & inn),
        voice_out_calls=n.sum(where=voice & out),
        voice_in_calls=n.sum(where=voice & inn),
        sms_out=n.sum(where=sms & out),
        sms_in=n.sum(where=sms & inn),
        data_mb=g.mb.sum(where=data),
        data_sessions=n.sum(where=data),
        usage_events=n.sum(),
        usage_charge=g.charge.sum(),
        roaming_events=g.roaming_n.cast("float64").sum(),
        onnet_calls=n.sum(where=voice & (g.other_operator == "own")),
        offnet_calls=n.sum(where=voice & (comp_a | comp_b)),
        calls_to_competitor_a=n.sum(where=voice & out & comp_a),
        calls_to_competitor_b=n.sum(where=voice & out & comp_b),
        calls_from_competitor_a=n.sum(where=voice & inn & comp_a),
        calls_from_competitor_b=n.sum(where=voice & inn & comp_b),
        night_calls=g.night_n.cast("float64").sum(where=voice),
        last_use=g.last_use.max(),
        active_days=bit_count(bit_or(g.days)).cast("int64"),
        cell_n=cell_n.sum(),
        cell_drop=g.cell_drop.sum(),
        cell_mbps=g.cell_mbps.sum(),
        cell_outage=g.cell_outage.sum(),
        cell_outage_n=g.cell_outage_n.cast("float64").sum(),
    )
    counts = [
        c
        for c in main.columns
        if c not in ("subscriber_id", "voice_out_minutes", "voice_in_minutes", "data_mb", "usage_charge", "last_use")
        and not c.startswith("cell_")
    ]
    # The network quality a subscriber met: cell figures of the month, weighted by their events there.
    main = main.mutate(
        **{c: main[c].cast("int64") for c in counts},
        cell_dropped_call_rate=_ratio(main.cell_drop, main.cell_n),
        cell_throughput_mbps=_ratio(main.cell_mbps, main.cell_n),
        cell_outage_hours=_ratio(main.cell_outage, main.cell_n),
        outage_exposed_share=_ratio(main.cell_outage_n, main.cell_n),
    )
    main = without(main, "cell_n", "cell_drop", "cell_mbps", "cell_outage", "cell_outage_n")
    # Distinct contacts are the one count a first-stage group cannot carry.
    parties = (
        cdr.filter(cdr.other_party.notnull())
        .group_by(["subscriber_id", "other_party"])
        .aggregate(n=cdr.subscriber_id.count())
    )
    return _join(main, _contacts(t, parties, start, end))


def _contacts(t: Tables, parties: ir.Table, start: datetime, end: datetime) -> ir.Table:
    """Distinct contacts, and how many of them left this month and in the last two months (churn
    spreads in circles, and a circle takes weeks to follow)."""
    subs, changes = t["subscribers"], t["status_changes"]
    since = (Month.of(start) - 1).start
    left = changes.filter(
        changes.to_status.isin(GONE_STATUSES) & (changes.timestamp >= since) & (changes.timestamp < end)
    )
    when = left.group_by("subscriber_id").aggregate(this_month=(left.timestamp >= start).cast("int64").max())
    named = subs.filter(subs.party_id.notnull()).inner_join(when, "subscriber_id")
    left_parties = named.group_by(other_party=named.party_id).aggregate(churned=named.this_month.max())
    left_parties = left_parties.mutate(churned_2m=ibis.literal(1).cast("int64"))
    j = parties.left_join(left_parties, "other_party")
    return j.group_by("subscriber_id").aggregate(
        distinct_contacts=j.subscriber_id.count(),
        churned_contacts=j.churned.cast("float64").sum().fill_null(0).cast("int64"),
        churned_contacts_2m=j.churned_2m.cast("float64").sum().fill_null(0).cast("int64"),
    )


def _bills(t: Tables, month: str, start: datetime) -> ir.Table:
    b = t["bills"]
    b = b.filter(b.month == month)
    metrics = {f"bill_{s}": b.amount.sum(where=b.service == s).fill_null(0) for s in SERVICES}
    return b.group_by("subscriber_id").aggregate(
        bill_total=b.amount.sum(), discount_total=b.discount.sum(), net_bill=(b.amount - b.discount).sum(), **metrics
    )


def _discount_months(t: Tables, month: str) -> ir.Table:
    """How many of the last 12 bills, up to ``month``'s, carried a discount. A promotion ends after a
    known number of months (优惠到期), and the first full-price bill is a price shock: a line that has
    had eleven discounted bills of a twelve-month offer is about to meet it."""
    b = t["bills"]
    b = b.filter(b.month.isin([shift(month, -k) for k in range(12)]))
    per_month = b.group_by(["subscriber_id", "month"]).aggregate(discount=b.discount.sum())
    return per_month.group_by("subscriber_id").aggregate(
        discount_months_12m=(per_month.discount > 0).cast("int64").sum()
    )


def _money_to_date(t: Tables, end: datetime, month: str) -> ir.Table:
    """Payments of the month, recency of the last payment, and the balance owed at month end."""
    start = Month.parse(month).start
    p = t["payments"]
    p = p.filter(p.timestamp < end)
    paid = p.group_by("subscriber_id").aggregate(
        payments_count=p.subscriber_id.count(where=p.timestamp >= start),
        payments_amount=p.amount.sum(where=p.timestamp >= start).fill_null(0),
        auto_debit_payments=p.subscriber_id.count(where=(p.timestamp >= start) & (p.channel == "auto_debit")),
        paid_to_date=p.amount.sum(),
        last_payment=p.timestamp.max(),
    )
    b = t["bills"]
    billed = (
        b.filter(b.month <= month).group_by("subscriber_id").aggregate(billed_to_date=(b.amount - b.discount).sum())
    )
    return billed.outer_join(paid, "subscriber_id").select(
        subscriber_id=ibis.coalesce(ibis._.subscriber_id, ibis._.subscriber_id_right),
        payments_count=ibis._.payments_count.fill_null(0),
        payments_amount=ibis._.payments_amount.fill_null(0),
        auto_debit_payment=(ibis._.auto_debit_payments.fill_null(0) > 0).cast("int64"),
        arrears_balance=ibis._.billed_to_date.fill_null(0) - ibis._.paid_to_date.fill_null(0),
        last_payment=ibis._.last_payment,
    )


def _status(t: Tables, end: datetime) -> ir.Table:
    """Status at month end, days in it, and arrears suspensions over the last 12 months."""
    c = t["status_changes"]
    c = c.filter(c.timestamp < end)
    year_ago = (Month.of(end) - 12).start
    w = ibis.window(group_by=c.subscriber_id, order_by=[c.timestamp.desc(), c.to_status.desc()])
    latest = c.mutate(rank=ibis.row_number().over(w)).filter(ibis._.rank == 0)
    now = latest.select(
        "subscriber_id",
        status_now=latest.to_status,
        suspended_arrears_now=(latest.to_status == "suspended_arrears").cast("int64"),
        suspended_request_now=(latest.to_status == "suspended_request").cast("int64"),
        days_in_status=_days_before(end, latest.timestamp),
    )
    suspensions = c.group_by("subscriber_id").aggregate(
        arrears_suspensions_12m=c.subscriber_id.count(
            where=(c.to_status == "suspended_arrears") & (c.timestamp >= year_ago)
        )
    )
    return _join(now, suspensions)


def _experience(t: Tables, start: datetime, end: datetime) -> ir.Table:
    c = t["complaints"]
    three, year = (Month.of(start) - 3).start, (Month.of(start) - 12).start
    c = c.filter((c.timestamp < end) & (c.timestamp >= year))
    in3 = c.timestamp >= three
    count = c.subscriber_id.count
    return c.group_by("subscriber_id").aggregate(
        complaints_1m=count(where=c.timestamp >= start),
        complaints_3m=count(where=in3),
        complaints_network_3m=count(where=in3 & (c.category == "network")),
        complaints_billing_3m=count(where=in3 & (c.category == "billing")),
        complaints_service_3m=count(where=in3 & (c.category == "service_attitude")),
        complaints_price_3m=count(where=in3 & (c.category == "price")),
        complaints_broadband_3m=count(where=in3 & (c.category == "broadband")),
        unresolved_complaints_3m=count(where=in3 & ~c.resolved),
        hours_to_resolve_3m=c.hours_to_resolve.mean(where=in3),
        regulator_complaints_12m=count(where=c.channel == "regulator"),
    )


def _survey(t: Tables, end: datetime) -> ir.Table:
    s = t["surveys"]
    s = s.filter(s.respondent.notnull() & (s.date < end.date()) & (s.dimension == "overall"))
    w = ibis.window(group_by=s.respondent, order_by=[s.date.desc(), s.score.asc()])
    last = s.mutate(rank=ibis.row_number().over(w)).filter(ibis._.rank == 0)
    return last.select(subscriber_id=last.respondent, last_survey_score=last.score)


def _area(t: Tables, month: str, end: datetime) -> ir.Table:
    """Competitive pressure where the line lives: the share of its county's lines ported out to a
    competitor over the last three months (competitors' offers are local and come back)."""
    subs, changes = t["subscribers"], t["status_changes"]
    since = (Month.parse(month) - 2).start
    lines = subs.filter((subs.activation_date < end.date()) & subs.county.notnull()).select("subscriber_id", "county")
    ported = (
        changes.filter((changes.to_status == "ported_out") & (changes.timestamp >= since) & (changes.timestamp < end))
        .select("subscriber_id")
        .distinct()
    )
    gone = lines.semi_join(ported, "subscriber_id")
    size = lines.group_by("county").aggregate(n=lines.subscriber_id.count())
    lost = gone.group_by("county").aggregate(ported=gone.subscriber_id.count())
    rate = without(size.left_join(lost, "county"), "county_right")
    rate = rate.select("county", area_portout_rate_3m=_ratio(rate.ported.fill_null(0), rate.n))
    j = lines.inner_join(rate, "county")
    return j.select("subscriber_id", "area_portout_rate_3m")


def _profile(t: Tables, end: datetime, month_end: date) -> ir.Table:
    s, plans = t["subscribers"], t["plans"]
    p = s.left_join(plans, s.plan_id == plans.plan_id)
    month_end_ts = ibis.literal(end)

    def months_between(later: ir.Value, earlier: ir.Value) -> ir.FloatingValue:
        return (later.cast("timestamp").epoch_seconds() - earlier.cast("timestamp").epoch_seconds()).cast("float64") / (
            _DAY * _MONTH_DAYS
        )

    to_end = months_between(s.contract_end_date, month_end_ts)
    # A purchase after the month is future information: the device age of then is unknown. Only lines
    # that stayed buy later phones, so that gap would tell the model who stays; the device history,
    # where delivered, gives each month the phone in use at its end.
    bought = ibis.cases((s.device_purchase_date < month_end, s.device_purchase_date), else_=None)
    if "devices" in t:
        d = t["devices"]
        in_use = d.filter(d.since < month_end).group_by("subscriber_id").agg(since=d.since.max())
        p = p.left_join(in_use, p.subscriber_id == in_use.subscriber_id)
        bought = in_use.since.coalesce(bought)
    return p.select(
        "subscriber_id",
        tenure_months=months_between(month_end_ts, s.activation_date),
        months_to_contract_end=ibis.cases((to_end >= 0, to_end), else_=ibis.null("float64")),
        # Out of contract since when: a contract that ended last week is not one that ended years ago.
        months_since_contract_end=ibis.cases((to_end < 0, -to_end), else_=ibis.null("float64")),
        in_contract=(s.contract_end_date.notnull() & (s.contract_end_date >= month_end)).cast("int64"),
        contract_ends_within_2m=((to_end >= 0) & (to_end <= 2)).fill_null(False).cast("int64"),
        device_age_months=months_between(month_end_ts, bought),
        plan_monthly_fee=plans.monthly_fee,
        plan_is_5g=(plans.network == "5G").cast("int64"),
        plan_broadband=plans.broadband.cast("int64"),
        plan_iptv=plans.iptv.cast("int64"),
        plan_data_gb=plans.data_gb,
        plan_voice_minutes=plans.voice_minutes.cast("float64"),
        is_prepaid=(s.payment_type == "prepaid").cast("int64"),
        is_enterprise=(s.customer_type == "enterprise").cast("int64"),
        age=(ibis.literal(end.year) - s.birth_year).cast("float64"),
        has_account_manager=s.account_manager_id.notnull().cast("int64"),
        enterprise_id=s.enterprise_id,
    )


_TREND_TYPES = {
    **{f"{s}_{k}": "float64" for s in ("voice", "data", "events", "revenue") for k in ("mom", "vs_3m", "slope_3m")},
    "active_days_mom": "float64",
    "usage_drop_flag": "int64",
    "revenue_drop_flag": "int64",
    "bill_shock": "float64",
}


def _trends(base: ir.Table, history: ir.Table | None, month: str) -> ir.Table:
    """Month-over-month change, ratio to the trailing 3-month mean, 3-month slope, and drop flags."""
    if history is None:  # no earlier months: the trends are unknown, not zero
        return base.mutate(**{name: ibis.null(kind) for name, kind in _TREND_TYPES.items()})
    h = history
    prev = {m: shift(month, -m) for m in (1, 2, 3)}
    agg = {}
    for col in BASE_COLUMNS:
        agg[f"{col}_m1"] = h[col].max(where=h.month == prev[1])
        agg[f"{col}_m2"] = h[col].max(where=h.month == prev[2])
        agg[f"{col}_3m_mean"] = h[col].mean(where=h.month.isin(tuple(prev.values())))
    past = h.filter(h.month.isin(tuple(prev.values()))).group_by("subscriber_id").aggregate(**agg)
    j = _join(base, past)
    out = {}
    for col, short in (
        ("voice_minutes", "voice"),
        ("data_mb", "data"),
        ("usage_events", "events"),
        ("net_bill", "revenue"),
        ("active_days", "active_days"),
    ):
        out[f"{short}_mom"] = _ratio(j[col].fill_null(0) - j[f"{col}_m1"], j[f"{col}_m1"])
        if short == "active_days":
            continue
        out[f"{short}_vs_3m"] = _ratio(j[col].fill_null(0), j[f"{col}_3m_mean"])
        out[f"{short}_slope_3m"] = (j[col].fill_null(0) - j[f"{col}_m2"]).cast("float64") / 2.0
    out["usage_drop_flag"] = (out["events_vs_3m"] <= 0.5).fill_null(False).cast("int64")
    out["revenue_drop_flag"] = (out["revenue_vs_3m"] <= 0.5).fill_null(False).cast("int64")
    out["bill_shock"] = _ratio(j.net_bill, j.net_bill_3m_mean)
    drop = [c for c in j.columns if c.endswith(("_m1", "_m2", "_3m_mean"))]
    return without(j.mutate(**out), *drop)


def _enterprise(t: Tables, features: ir.Table, month: str, lines: ir.Table) -> ir.Table:
    """Enterprise size and the trend of its lines' total bill: group customers leave line by line.

    Computed from the staged tables, not from ``features``: reading ``features`` twice would make the
    engine compute every feature twice.
    """
    subs, b = t["subscribers"], t["bills"]
    members = subs.filter(subs.enterprise_id.notnull()).select("subscriber_id", "enterprise_id")
    bills = b.filter(b.month.isin((month, shift(month, -1)))).select(
        "subscriber_id", "month", net=b.amount - b.discount
    )
    mb = members.inner_join(bills, "subscriber_id")
    ent_bills = mb.group_by("enterprise_id").aggregate(
        enterprise_bill=mb.net.sum(where=mb.month == month).fill_null(0),
        enterprise_bill_m1=mb.net.sum(where=mb.month == shift(month, -1)),
    )
    on_books = members.semi_join(lines, "subscriber_id")
    size = on_books.group_by("enterprise_id").aggregate(enterprise_lines=on_books.subscriber_id.count())
    ent = _settled(without(size.left_join(ent_bills, "enterprise_id"), "enterprise_id_right"))
    ent = ent.mutate(enterprise_bill_mom=_ratio(ent.enterprise_bill - ent.enterprise_bill_m1, ent.enterprise_bill_m1))
    ent = without(ent, "enterprise_bill_m1")
    return without(features.left_join(ent, "enterprise_id"), "enterprise_id_right")


def _rfm(f: ir.Table) -> ir.Table:
    """RFM scores 1–5 from the cumulative share of the month's lines at or below each value.

    Ties share the score of the group's top, so the many lines active every day all score 5, and the
    result is the same on every engine.
    """

    def score(value: ir.NumericValue, *, low_is_good: bool = False) -> ir.IntegerValue:
        share = ibis.cume_dist().over(order_by=value.desc() if low_is_good else value)
        return ibis.greatest((share * 5).ceil(), 1).cast("int64")

    # Scored on a narrow table and joined back: a window over the wide feature rows sorts every column.
    narrow = f.select(
        "subscriber_id",
        r=f.days_since_last_use.fill_null(999.0),
        fq=f.active_days.fill_null(0),
        m=f.net_bill.fill_null(0.0),
    )
    scores = narrow.select(
        "subscriber_id",
        rfm_recency_score=score(narrow.r, low_is_good=True),
        rfm_frequency_score=score(narrow.fq),
        rfm_monetary_score=score(narrow.m),
    )
    # A view keeps Ibis from merging ``f`` into the join, so ``f`` is one shared (CTE) relation.
    return _join(f.view(), scores)


def monthly_features(tables: Tables, month: str, *, history: ir.Table | None = None) -> ir.Table:
    """One row per line on the books in ``month``, with every feature of the catalog.

    ``tables`` are the staged tables (``stg_*`` without the prefix). ``history`` holds earlier rows of
    the mart (at least ``month``'s three predecessors) for trends; without it trend features are absent.
    """
    start, end = bounds(month)
    month_end = end.date()
    base = _population(tables, start, end)
    for part in (
        _usage(tables, start, end),
        _bills(tables, month, start),
        _discount_months(tables, month),
        _money_to_date(tables, end, month),
        _status(tables, end),
        _experience(tables, start, end),
        _survey(tables, end),
        _profile(tables, end, month_end),
        _area(tables, month, end),
    ):
        base = _join(base, part)
    zero = [c for c in base.columns if c.startswith(("voice_", "sms_", "calls_", "complaints_", "bill_"))]
    zero += [
        "data_mb",
        "data_sessions",
        "usage_events",
        "usage_charge",
        "roaming_events",
        "onnet_calls",
        "offnet_calls",
        "night_calls",
        "active_days",
        "distinct_contacts",
        "churned_contacts",
        "churned_contacts_2m",
        "discount_total",
        "discount_months_12m",
        "net_bill",
        "payments_count",
        "payments_amount",
        "auto_debit_payment",
        "arrears_balance",
        "suspended_arrears_now",
        "suspended_request_now",
        "arrears_suspensions_12m",
        "unresolved_complaints_3m",
        "regulator_complaints_12m",
    ]
    # Sums settled before anything is derived from them, and everything once more at the end.
    base = _settled(base)
    f = base.mutate(**{c: base[c].fill_null(0) for c in dict.fromkeys(zero)})
    f = f.mutate(
        month=ibis.literal(month),
        voice_minutes=f.voice_out_minutes + f.voice_in_minutes,
        onnet_share=_ratio(f.onnet_calls, f.onnet_calls + f.offnet_calls),
        competitor_call_share=_ratio(f.offnet_calls, f.voice_out_calls + f.voice_in_calls),
        competitor_in_share=_ratio(f.calls_from_competitor_a + f.calls_from_competitor_b, f.voice_in_calls),
        days_since_last_use=_days_before(end, f.last_use),
        churned_contacts_share=_ratio(f.churned_contacts, f.distinct_contacts),
        churned_contacts_share_2m=_ratio(f.churned_contacts_2m, f.distinct_contacts),
        discount_share=_ratio(f.discount_total, f.bill_total),
        days_since_last_payment=_days_before(end, f.last_payment),
        mean_payment=_ratio(f.payments_amount, f.payments_count),
        arrears_days=ibis.cases((f.suspended_arrears_now == 1, f.days_in_status), else_=0.0),
        data_use_vs_plan=_ratio(f.data_mb / 1024.0, f.plan_data_gb),
        voice_use_vs_plan=_ratio(f.voice_out_minutes, f.plan_voice_minutes),
        low_survey_score=(f.last_survey_score <= 2).fill_null(False).cast("int64"),
    )
    status = f.status_now.fill_null("active")
    silent = (f.usage_events <= 0) | (f.net_bill <= 0)
    population = ibis.cases(
        (status.isin(GONE_STATUSES), "gone"),
        (status.isin(SUSPENDED_STATUSES), "suspended"),
        (silent, "silent"),
        else_="active",
    )
    f = f.mutate(
        population=population,
        silent_now=(silent & ~status.isin(SUSPENDED_STATUSES)).cast("int64"),
        inactive_now=(silent | status.isin(SUSPENDED_STATUSES)).cast("int64"),
    )
    f = without(f, "last_use", "last_payment", "days_in_status", "status_now")
    f = _trends(f, history, month)
    f = _enterprise(tables, f, month, _population(tables, start, end))
    return _rfm(_settled(f))


def _settled(f: ir.Table) -> ir.Table:
    """Every floating column rounded to 6 decimals. A parallel sum adds its parts in whatever order the
    threads finish, so a bill total can come out 57.99999999999999 one run and 58.0 the next; settled
    before anything is derived from it, the same data give the same mart, ties stay ties (RFM scores,
    the model's bins), and a model retrained on it is the same model."""
    floats = {c: f[c].round(6) for c, kind in f.schema().items() if kind.is_floating()}
    return f.mutate(**floats)
