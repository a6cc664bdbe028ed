"""The monthly churn report on the small simulated operator: its numbers against direct queries (the base
identity, churn-rate arithmetic, breakdowns that add up), the campaign it reports, the surveys' expected
score, an HTML file that makes no request to any network when a browser opens it, and an Excel workbook
that reads back with its numbers."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from playwright.sync_api import sync_playwright
from sklearn.metrics import roc_auc_score

from churnguard.config import Settings
from churnguard.contracts import GONE_STATUSES, sql_list
from churnguard.reports import MonthlyReport, monthly_report
from churnguard.reports.model import ModelReport, model_report
from churnguard.reports.model_render import model_figures, model_html, model_workbook
from churnguard.reports.render import SHEETS, excel_workbook, figures, html_document
from churnguard.reports.text import say
from churnguard.retention.followup import simulate_followup
from churnguard.retention.orders import act_month
from churnguard.retention.policy import DEFAULT_OFFERS, Offer
from churnguard.warehouse import connect
from ledgers import open_keyed

NOW = datetime(2025, 6, 2, 9, 0)
MONTH = "2025-05"
CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
# In the browser, per chart: its text drawn under 11 px, text outside its viewBox, and x labels that overlap.
CHART_CHECK = """() => [...document.querySelectorAll('svg')].map(svg => {
  const box = svg.viewBox.baseVal, scale = svg.getBoundingClientRect().width / box.width;
  const texts = [...svg.querySelectorAll('text')];
  const small = texts.filter(t => parseFloat(getComputedStyle(t).fontSize) * scale < 11).map(t => t.textContent);
  const outside = texts.filter(t => { const b = t.getBBox();
    return b.x < -0.5 || b.y < -0.5 || b.x + b.width > box.width + 0.5 || b.y + b.height > box.height + 0.5; })
    .map(t => t.textContent);
  const xs = [...svg.querySelectorAll('text.x')].map(t => [t.textContent, t.getBBox()]);
  const touching = [];
  for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) {
    const [a, p] = xs[i], [b, q] = xs[j];
    if (p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height)
      touching.push(a + ' / ' + b);
  }
  return {label: svg.getAttribute('aria-label'), small, outside, touching, xs: xs.length};
})"""


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory, small_operator: Path, scored_operator: Callable[..., tuple]
) -> tuple[MonthlyReport, Path, Settings]:
    root = tmp_path_factory.mktemp("report")
    warehouse, settings = scored_operator(root, months=("2025-04", MONTH), now=NOW, control_share=0.3)
    offers = (*DEFAULT_OFFERS, Offer("test_voucher", "Test voucher", "any", 0.5, 0.9))
    with (
        connect(str(warehouse), memory_limit="1GB", threads=1, read_only=True) as wh,
        open_keyed(str(root / "ops.sqlite")) as store,
    ):
        plan = act_month(wh, store, settings, month="2025-04", budget=3000.0, capacity={}, now=NOW, offers=offers)
        simulate_followup(store, small_operator.parent / "delivery", plan.campaign_id, seed=0, now=NOW)
        report = monthly_report(wh, store, settings, month=MONTH)
    return report, warehouse, settings


def _count(warehouse: Path, sql: str, params: list) -> int:
    with connect(str(warehouse), memory_limit="1GB", threads=1, read_only=True) as wh:
        return int(wh.sql.execute(sql, params).fetchone()[0])


def test_the_base_moves_as_the_warehouse_says(built: tuple[MonthlyReport, Path, Settings]) -> None:
    report, warehouse, settings = built
    s = report.summary
    assert s["opening"] + s["new"] - s["churned"] == s["closing"]
    assert s["churn_rate"] == pytest.approx(s["churned"] / s["opening"])
    assert s["churn_target"] == settings.churn_rate_target
    start, end = datetime(2025, 5, 1), datetime(2025, 6, 1)
    gone = (
        "SELECT count(*) FROM (SELECT subscriber_id, min(timestamp) AS t FROM stg_status_changes "
        f"WHERE to_status IN {sql_list(GONE_STATUSES)} GROUP BY 1) WHERE t >= ? AND t < ?"
    )
    assert s["churned"] == _count(warehouse, gone, [start, end]) > 0
    new = "SELECT count(*) FROM stg_subscribers WHERE activation_date >= ? AND activation_date < ?"
    assert s["new"] == _count(warehouse, new, [start.date(), end.date()]) > 0
    # Month to month, one month's closing base is the next one's opening base.
    t = report.trend
    assert list(t["month"])[-1] == MONTH and len(t) == 5  # January … May: the months simulated so far
    assert (t["opening"].iloc[1:].to_numpy() == t["closing"].iloc[:-1].to_numpy()).all()
    assert (t["opening"] + t["new"] - t["churned"] == t["closing"]).all()
    kinds = report.kinds.set_index("kind")["lines"]
    assert kinds["active"] + kinds["passive"] == s["churned"]
    counted = report.kinds[report.kinds["in_churned"]]
    assert counted["lines"].sum() == s["churned"] and set(counted["kind"]) == {"active", "passive"}


def test_breakdowns_add_up_to_the_whole(built: tuple[MonthlyReport, Path, Settings]) -> None:
    report, _, _ = built
    s = report.summary
    for name, frame in report.by.items():
        assert frame["churned"].sum() == s["churned"], name
        assert frame["opening"].sum() == s["opening"], name
        rated = frame[frame["opening"] > 0]
        assert (rated["churn_rate"] == rated["churned"] / rated["opening"]).all(), name
    assert set(report.by) == {"region", "plan", "customer_type", "tier", "stage"}
    assert report.reasons["churners"].sum() <= s["churned"]
    assert report.reasons["share"].sum() == pytest.approx(1.0)
    hv = s["high_value_retention"]
    assert hv == pytest.approx(s["high_value_retained"] / s["high_value_opening"]) and 0 < hv <= 1


def test_the_model_is_judged_per_population_on_the_months_leavers(
    built: tuple[MonthlyReport, Path, Settings],
) -> None:
    report, _, _ = built
    table = report.populations.set_index("population")
    everyone = table.loc["all"]
    assert set(table.index) - {"all"} <= {"active", "silent", "suspended"} and len(table) >= 2
    # The populations split the scored lines and their leavers; the month's scored churners are all here.
    parts = table.drop(index="all")
    assert parts["lines"].sum() == everyone["lines"] and parts["leavers"].sum() == everyone["leavers"]
    assert 0 < everyone["leavers"] <= report.summary["churned"]
    model = report.model.set_index("measure")["value"]
    assert everyone["leavers"] == model["churners_scored"]
    assert everyone["captured_high_tier"] == pytest.approx(model["capture_high"])
    assert 0.5 < everyone["roc_auc"] <= 1
    captured = (parts["captured_high_tier"] * parts["leavers"]).sum() / everyone["leavers"]
    assert captured == pytest.approx(everyone["captured_high_tier"])


def test_the_campaign_complaints_and_surveys(built: tuple[MonthlyReport, Path, Settings]) -> None:
    report, warehouse, _ = built
    campaigns = report.campaigns
    assert list(campaigns["month"]) == ["2025-04"] and campaigns["treated"].iloc[0] > 0
    assert campaigns["contacted"].iloc[0] == campaigns["treated"].iloc[0]  # the play worked every order
    assert campaigns["lift_low"].iloc[0] <= campaigns["lift"].iloc[0] <= campaigns["lift_high"].iloc[0]
    # A verdict for each measured campaign; its ROI only behind a significant gain; whole customers saved.
    for row in campaigns.to_dict("records"):
        assert row["verdict"] in ("not_significant", "significant_gain", "significant_loss", "no_control")
        assert (row["roi"] is None or row["roi"] != row["roi"]) == (row["verdict"] != "significant_gain") or (
            row["verdict"] == "significant_gain" and row["roi"] != row["roi"]
        )
        assert row["saved"] is None or float(row["saved"]).is_integer()
    complaints = "SELECT count(*) FROM stg_complaints WHERE timestamp >= ? AND timestamp < ?"
    total = _count(warehouse, complaints, [datetime(2025, 5, 1), datetime(2025, 6, 1)])
    assert report.complaints["complaints"].sum() == total == report.complaints_by_region["complaints"].sum()
    surveys = report.surveys
    shares = surveys[[f"p{i}" for i in range(1, 6)]]
    assert shares.sum(axis=1).to_numpy() == pytest.approx(1.0)
    expected = sum(i * shares[f"p{i}"] for i in range(1, 6))
    assert surveys["expected"].to_numpy() == pytest.approx(expected.to_numpy())
    assert ((surveys["expected"] >= 1) & (surveys["expected"] <= 5)).all()
    flags = report.survey_flags
    assert flags["flag"].iloc[0].startswith("lowest_mean")
    # The region columns name regions, the score columns hold scores (the lowest and highest means).
    regions = set(surveys["region"])
    assert set(flags["lowest_region"]) <= regions and set(flags["highest_region"]) <= regions
    named = surveys[surveys["region"] != "anonymous"]
    for row in flags.itertuples():
        part = named[named["dimension"] == row.dimension]
        assert row.lowest == part["expected"].min() and row.highest == part["expected"].max()
        assert part.loc[part["expected"].idxmin(), "region"] == row.lowest_region
    # Every number traces to its runs: the scores of the month and the one before, warnings, mart, campaign.
    sources = set(report.sources["source"])
    assert {"scores 2025-04", "scores 2025-05", "warnings 2025-05", "mart 2025-05", "campaign 2025-04"} <= sources


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_html_needs_no_network(built: tuple[MonthlyReport, Path, Settings], tmp_path: Path, lang: str) -> None:
    report, _, _ = built
    page_file = tmp_path / "report.html"
    page_file.write_text(html_document(report, lang=lang, warehouse="w.duckdb", now=NOW), encoding="utf-8")
    text = page_file.read_text(encoding="utf-8")
    for outside in ("<script", "<link", "src=", "@import"):
        assert outside not in text, outside
    assert not re.findall(r"url\((?!#)", text)  # only the charts' own clip paths (url(#…))
    asked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})

        def block(route: object) -> None:
            asked.append(route.request.url)
            route.continue_() if route.request.url.startswith("file:") else route.abort()

        page.route("**/*", block)
        page.goto(page_file.as_uri())
        shot = page.screenshot(full_page=True)
        body = page.inner_text("body")
        charts = page.locator("svg").count()
        browser.close()
    assert asked == [page_file.as_uri()]  # the page itself, nothing else
    assert len(shot) > 50_000 and charts >= 3
    assert say("title", lang, month=MONTH) in body and say("s.surveys", lang) in body
    assert f"{report.summary['opening']:,}" in body


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_chart_is_inline_svg_and_legible(
    built: tuple[MonthlyReport, Path, Settings], tmp_path: Path, lang: str
) -> None:
    """Each chart of the report is an inline SVG (no image, no object, no address anywhere in the file);
    opened in a browser at a laptop's width, its text is 11 px or more, stays inside the chart, and no
    two x labels overlap."""
    report, _, _ = built
    expected = figures(report, lang)
    assert set(expected) == {"s.base", "s.high_value", "s.why", "s.surveys"}
    text = html_document(report, lang=lang, warehouse="w.duckdb", now=NOW)
    assert text.count("<svg") == sum(len(f) for f in expected.values()) >= 5
    for outside in ("<img", "<object", "<embed", "<iframe", "http:", "https:", "xlink:href"):
        assert outside not in text, outside
    assert "matplotlib" not in text
    _check_charts(text, tmp_path / "report.html", f"report-{lang}")


def _check_charts(text: str, page_file: Path, shot: str) -> None:
    page_file.write_text(text, encoding="utf-8")
    asked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})

        def block(route: object) -> None:
            asked.append(route.request.url)
            route.continue_() if route.request.url.startswith("file:") else route.abort()

        page.route("**/*", block)
        page.goto(page_file.as_uri())
        charts = page.evaluate(CHART_CHECK)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
        browser.close()
    assert asked == [page_file.as_uri()]
    assert charts
    faults = [c for c in charts if c["small"] or c["outside"] or c["touching"]]
    assert faults == [], faults


def test_a_months_trend_of_one_month_is_a_point_with_its_value(built: tuple[MonthlyReport, Path, Settings]) -> None:
    """A report whose trend has a single month (the first month loaded) still draws it: a marker and its
    value, on the churn chart and the high-value chart alike."""
    report, _, _ = built
    one = dataclasses.replace(report, trend=report.trend.tail(1).reset_index(drop=True))
    text = html_document(one, lang="en", warehouse="w.duckdb", now=NOW)
    row = one.trend.iloc[0]
    for title, value in ((say("chart.trend", "en"), row["churn_rate"]), (say("chart.hv", "en"), row["hv_retention"])):
        svg = re.search(rf'<svg[^>]*aria-label="{re.escape(title)}".*?</svg>', text, re.S)
        assert svg is not None, title
        assert len(re.findall(r'<circle class="marker s0"', svg.group(0))) == 1
        assert f">{value * 100:.1f}%</text>" in svg.group(0)
        assert re.search(r'class="target".*class="target-label"[^>]*>target ', svg.group(0), re.S)


def test_the_workbook_has_the_charts_formats_and_frozen_headers(
    built: tuple[MonthlyReport, Path, Settings], tmp_path: Path
) -> None:
    """Beside the tables, a native chart for every chart of the HTML report (and none elsewhere), over
    numbers kept as numbers; shares as percentages, counts with thousands separators, money in yuan; each
    sheet's first header row frozen."""
    report, _, _ = built
    path = tmp_path / "report.xlsx"
    excel_workbook(report, lang="en").save(path)
    book = load_workbook(path)
    drawn = figures(report, "en")
    for key in SHEETS:
        sheet = book[say(key, "en")[:31]]
        charts = sheet._charts
        assert len(charts) == len(drawn.get(key, [])), key
        assert sheet.freeze_panes is not None and sheet.freeze_panes.startswith("A"), key
    kinds = {key: [type(c).__name__ for c in book[say(key, "en")[:31]]._charts] for key in drawn}
    assert kinds == {
        "s.base": ["LineChart", "BarChart"],
        "s.high_value": ["LineChart"],
        "s.why": ["BarChart"],
        "s.surveys": ["BarChart"],
    }
    base = book[say("s.base", "en")]
    formats = {r[0].value: r[1].number_format for r in base.iter_rows(min_row=2, max_row=7)}
    assert formats[say("opening", "en")] == "#,##0" and formats[say("churn_rate", "en")] == "0.0%"
    # The trend chart reads the months and the rates written beside the tables, as numbers.
    trend = drawn["s.base"][0]
    cells = [c for row in base.iter_rows() for c in row if c.value == trend.title]
    assert len(cells) == 1
    first = cells[0]
    rates = [base.cell(row=first.row + 2 + i, column=first.column + 1).value for i in range(len(report.trend))]
    assert rates == pytest.approx(list(report.trend["churn_rate"]))
    assert base.cell(row=first.row + 2, column=first.column + 1).number_format == "0.0%"
    retention = book[say("s.retention", "en")]
    header = [c.value for c in next(retention.iter_rows(min_row=1, max_row=1))]
    cost = header.index(say("cost", "en")) + 1
    assert retention.cell(row=2, column=cost).number_format == "¥#,##0"
    assert isinstance(retention.cell(row=2, column=cost).value, int | float)


def test_the_workbook_holds_real_numbers(built: tuple[MonthlyReport, Path, Settings], tmp_path: Path) -> None:
    report, _, _ = built
    path = tmp_path / "report.xlsx"
    excel_workbook(report, lang="zh").save(path)
    book = load_workbook(path)
    assert book.sheetnames == [say(k, "zh")[:31] for k in SHEETS]
    sheet = book[say("s.base", "zh")]
    rows = {r[0]: r[1] for r in sheet.iter_rows(min_row=2, max_row=7, values_only=True)}
    assert rows[say("opening", "zh")] == report.summary["opening"]
    assert rows[say("churned", "zh")] == report.summary["churned"]
    assert rows[say("churn_rate", "zh")] == pytest.approx(report.summary["churn_rate"])
    assert sheet.cell(row=6, column=2).number_format == "0.0%"
    trend = pd.DataFrame(
        [r for r in sheet.iter_rows(values_only=True) if isinstance(r[0], str) and r[0].startswith("2025-")]
    )
    assert list(trend[0])[-1] == MONTH


# ---------------------------------------------------------------- the model report


@pytest.fixture(scope="module")
def model_built(built: tuple[MonthlyReport, Path, Settings]) -> tuple[ModelReport, Path]:
    _, warehouse, settings = built
    with connect(str(warehouse), memory_limit="1GB", threads=1, read_only=True) as wh:
        return model_report(wh, settings, month="2025-04"), warehouse


def test_the_model_report_measures_the_month_against_its_labels(model_built: tuple[ModelReport, Path]) -> None:
    report, warehouse = model_built
    with connect(str(warehouse), memory_limit="1GB", threads=1, read_only=True) as wh:
        joined = wh.sql.execute(
            "SELECT s.p_churn, l.leave AS churn, s.population, s.risk_tier FROM score_monthly s "
            "JOIN lbl_churn l USING (subscriber_id, month) "
            "WHERE s.run_id = (SELECT run_id FROM score_runs WHERE month = '2025-04' ORDER BY created_at DESC "
            "LIMIT 1)"
        ).df()
    s = report.summary
    # Every scored line is labelled and measured: the population of the monthly churn rate.
    assert s["labelled"] == s["lines"]
    assert s["labelled"] == len(joined) and s["churners"] == joined["churn"].sum() > 0
    assert s["roc_auc"] == pytest.approx(roc_auc_score(joined["churn"], joined["p_churn"]))
    d = report.deciles
    assert list(d["decile"]) == list(range(1, 11)) and d["lines"].sum() == len(joined)
    assert d["churners"].sum() == s["churners"] and d["cumulative_capture"].iloc[-1] == pytest.approx(1.0)
    assert d["lift"].iloc[0] == pytest.approx(d["rate"].iloc[0] / s["base_rate"]) == pytest.approx(s["top_decile_lift"])
    assert (d["mean_predicted"].diff().dropna() <= 1e-12).all()  # riskiest first
    assert report.roc["fpr"].iloc[0] == 0 and report.roc["tpr"].iloc[-1] == 1
    imp = report.importance
    assert len(imp) > 0 and (imp["gain"].diff().dropna() <= 0).all() and imp["share"].sum() <= 1 + 1e-9
    assert report.model_id in set(report.versions["id"])
    assert len(report.reliability) > 0 and len(report.drift) > 0
    pops = report.populations.set_index("population")
    assert pops.loc["all", "lines"] == len(joined) and pops.loc["all", "leavers"] == s["churners"]
    parts = pops.drop(index="all")
    assert parts["lines"].sum() == len(joined) and parts["leavers"].sum() == s["churners"]
    assert set(parts.index) <= {"active", "silent", "suspended"}
    for name, row in parts.iterrows():
        mine = joined[joined["population"] == name]
        assert row["leavers"] == mine["churn"].sum()
        high = mine[mine["risk_tier"] == "high"]["churn"].sum()
        if row["leavers"]:
            assert row["captured_high_tier"] == pytest.approx(high / row["leavers"])
        else:
            assert np.isnan(row["captured_high_tier"])
    assert s["high_tier_capture"] == pytest.approx(joined[joined["risk_tier"] == "high"]["churn"].sum() / s["churners"])


def test_the_model_report_renders_offline(model_built: tuple[ModelReport, Path], tmp_path: Path) -> None:
    report, _ = model_built
    page_file = tmp_path / "model.html"
    page_file.write_text(model_html(report, lang="zh", warehouse="w.duckdb", now=NOW), encoding="utf-8")
    asked = _open_offline(page_file)
    assert asked == [page_file.as_uri()]
    path = tmp_path / "model.xlsx"
    model_workbook(report, lang="en").save(path)
    book = load_workbook(path)
    sheet = book[say("m.accuracy", "en")[:31]]
    values = {r[0]: r[1] for r in sheet.iter_rows(min_row=2, max_row=11, values_only=True)}
    assert values[say("roc_auc", "en")] == pytest.approx(report.summary["roc_auc"])
    # ROC, gains, lift and calibration beside the accuracy tables; importance beside its table.
    assert [type(c).__name__ for c in sheet._charts] == ["ScatterChart", "ScatterChart", "BarChart", "ScatterChart"]
    assert len(book[say("m.importance", "en")[:31]]._charts) == 1
    assert all(book[s].freeze_panes for s in book.sheetnames)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_model_reports_charts_are_legible(model_built: tuple[ModelReport, Path], tmp_path: Path, lang: str) -> None:
    report, _ = model_built
    drawn = model_figures(report, lang)
    text = model_html(report, lang=lang, warehouse="w.duckdb", now=NOW)
    assert text.count("<svg") == sum(len(f) for f in drawn.values()) == 5
    roc = re.search(r'<svg[^>]*aria-label="ROC[^"]*".*?</svg>', text, re.S)
    assert roc is not None and 'class="diagonal"' in roc.group(0)
    # The drift table names each feature in words and gives its level, not its PSI alone.
    assert say("psi.stable", lang) in text or say("psi.watch", lang) in text or say("psi.shift", lang) in text
    measured = say(
        "m.measured_on",
        lang,
        lines=f"{int(report.summary['labelled']):,}",
        month=report.month,
        next="2025-05",
        churners=f"{int(report.summary['churners']):,}",
        rate=f"{report.summary['base_rate']:.1%}",
    )
    assert measured in text  # the population the figures are measured on, next to them
    _check_charts(text, tmp_path / "model.html", f"model-report-{lang}")


def _open_offline(page_file: Path) -> list[str]:
    asked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()

        def block(route: object) -> None:
            asked.append(route.request.url)
            route.continue_() if route.request.url.startswith("file:") else route.abort()

        page.route("**/*", block)
        page.goto(page_file.as_uri())
        assert page.locator("svg").count() >= 4
        browser.close()
    return asked


def test_why_they_left_counts_only_risk_raising_reasons() -> None:
    from churnguard.reports.monthly import NO_REASON, NOT_SCORED, main_reason_of

    frame = pd.DataFrame(
        {
            "risk_tier": ["high", "low", "medium", None],
            "reason_1_category": ["usage", "usage", None, None],
            "reason_1_direction": ["down", "up", None, None],
            "reason_2_category": ["price", None, None, None],
            "reason_2_direction": ["up", None, None, None],
            "reason_3_category": [None, None, None, None],
            "reason_3_direction": [None, None, None, None],
        }
    )
    # A risk-lowering first reason (an older scoring run) is skipped for the first that raises it.
    assert main_reason_of(frame).tolist() == ["price", "usage", NO_REASON, NOT_SCORED]


def test_a_regions_report_is_of_its_own_lines(built: tuple[MonthlyReport, Path, Settings]) -> None:
    report, warehouse, settings = built
    county = report.by["region"].sort_values("opening").iloc[-1]["group"]
    with connect(str(warehouse), memory_limit="1GB", threads=1, read_only=True) as wh:
        regional = monthly_report(wh, None, settings, month=MONTH, region=county)
    assert regional.scope == county
    row = report.by["region"].set_index("group").loc[county]
    assert regional.summary["opening"] == row["opening"] < report.summary["opening"]
    assert regional.summary["churned"] == row["churned"]
    assert list(regional.by["region"]["group"]) == [county]
    for name in ("plan", "tier", "stage"):
        assert regional.by[name]["opening"].sum() == row["opening"]
    # Its complaints and latent lines are its own: never more than the company's, and the rate is over
    # its own base.
    mine = regional.complaints.set_index("category")["complaints"]
    company = report.complaints.set_index("category")["complaints"]
    assert (mine <= company.reindex(mine.index)).all() and mine.sum() < company.sum()
    latent = dict(zip(regional.kinds["kind"], regional.kinds["lines"], strict=True))["latent"]
    assert latent <= dict(zip(report.kinds["kind"], report.kinds["lines"], strict=True))["latent"]
    pops = regional.populations.set_index("population")
    assert pops.loc["all", "leavers"] <= report.populations.set_index("population").loc["all", "leavers"]
