"""The model page as an analyst reads it: ROC, gains, lift and calibration of the latest month whose
leavers are known (the served month's are not yet: June's leavers need July), each with the population it
is measured on and why the monthly report counts otherwise; the inputs' drift in business words, in
English and Chinese; and the full model report, HTML and Excel, for the roles that may read the model."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from html import unescape

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from world import PASSWORD, World

from churnguard.api.pages.model import model_report_for
from churnguard.features.catalog import describe_feature
from churnguard.reports.model_render import measured_on
from churnguard.reports.text import say

SHOWN = "2025-05"  # the latest scored month whose next month is loaded
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def app(sqlite_world: World) -> Iterator[object]:
    app, _ = sqlite_world.app()
    with sqlite_world.client(app):  # the lifespan starts the snapshot's load
        yield app


def _signed_in(world: World, app: object, role: str) -> TestClient:
    client = world.client(app)
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    reply = client.post(
        "/login",
        data={"username": world.users[role], "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert reply.status_code == 303
    return client


def _svg(page: str, label: str) -> str:
    found = re.search(rf'<svg[^>]*aria-label="{label}"[^>]*>.*?</svg>', page, re.S)
    assert found is not None, f"no chart {label!r}"
    return found.group(0)


def _rows(page: str, table_id: str) -> list[list[str]]:
    table = page.split(f'id="{table_id}"')[1].split("</table>")[0]
    body = table.split("<tbody>")[1]
    return [
        [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_the_model_page_draws_roc_gains_lift_and_calibration(sqlite_world: World, app: object) -> None:
    client = _signed_in(sqlite_world, app, "analyst")
    page = client.get("/model?lang=en")
    assert page.status_code == 200
    text = page.text
    report = model_report_for(app.state.churnguard, SHOWN)
    assert report is not None and "labelled" in report.summary
    assert f"Model health · {SHOWN}" in text
    # The served month's leavers are not known yet: the page says which month it shows instead.
    assert "2025-06" in text.split('id="waiting"')[1].split("</p>")[0]
    roc = _svg(text, r"ROC curve \(AUC [0-9.]+\)")
    assert 'class="diagonal"' in roc and 'class="series s0"' in roc
    gains = _svg(text, "Cumulative gains")
    assert 'class="diagonal"' in gains and len(re.findall(r'class="marker s0"', gains)) == 11
    calibration = _svg(text, "Predicted against observed, by decile")
    assert 'class="diagonal"' in calibration
    lift = _svg(text, re.escape(say("chart.lift", "en")))
    assert 'class="target"' in lift and len(re.findall(r'<rect class="bar s0"', lift)) == 10
    # The population next to the figures, and why the monthly report of the month after differs.
    assert unescape(text.split('id="measured-on">')[1].split("</p>")[0]) == measured_on(report, "en")
    against = unescape(text.split('id="against-monthly">')[1].split("</p>")[0])
    monthly = app.state.churnguard.report_for("2025-06").summary
    assert f"counts {monthly['churned']:,} of its {monthly['opening']:,} opening lines" in against
    assert f"the {int(report.summary['churners']):,} leavers among the {int(report.summary['labelled']):,}" in against
    # The gains table beside the charts: lift as a multiple, not a percentage.
    deciles = _rows(text, "deciles")
    assert len(deciles) == 10 and deciles[0][4].endswith("×")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_drift_is_in_business_words(sqlite_world: World, app: object, lang: str) -> None:
    client = _signed_in(sqlite_world, app, "supervisor")
    text = client.get(f"/model?lang={lang}").text
    drift = model_report_for(app.state.churnguard, SHOWN).drift
    assert len(drift) > 0
    rows = _rows(text, "drift-table")
    assert len(rows) == min(len(drift), 30)
    levels = {say(f"psi.{s}", lang) for s in ("stable", "watch", "shift")}
    for row, (_, expected) in zip(rows, drift.head(30).iterrows(), strict=True):
        name, psi, level = row
        assert name == describe_feature(expected["feature"]).name(lang)
        assert name != expected["feature"]  # a name in words, not the column's code
        assert float(psi) == pytest.approx(expected["psi"], abs=0.006)
        assert level in levels and level == say(f"psi.{expected['status']}", lang)
    assert "drift-counts" in text


@pytest.mark.parametrize("role", ["admin", "analyst", "supervisor", "agent"])
def test_the_full_model_report_answers_the_roles_that_read_the_model(
    sqlite_world: World, app: object, role: str
) -> None:
    client = _signed_in(sqlite_world, app, role)
    html = client.get(f"/reports/model/{SHOWN}.html?lang=zh")
    xlsx = client.get(f"/reports/model/{SHOWN}.xlsx")
    if role == "agent":
        assert html.status_code == 403 and xlsx.status_code == 403
        return
    page = client.get("/model").text
    assert f'href="/reports/model/{SHOWN}.html' in page and f'href="/reports/model/{SHOWN}.xlsx' in page
    assert html.status_code == 200 and html.headers["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in html.headers["content-security-policy"]
    assert say("m.title", "zh", month=SHOWN, model="")[:10] in html.text and html.text.count("<svg") == 5
    assert xlsx.status_code == 200 and xlsx.headers["content-type"] == XLSX
    assert f'filename="model-report-{SHOWN}.xlsx"' in xlsx.headers["content-disposition"]
    book = load_workbook(io.BytesIO(xlsx.content))
    assert len(book[say("m.accuracy", "en")[:31]]._charts) == 4
    assert client.get("/reports/model/2019-01.html").status_code == 404
