"""The dashboard in a real browser: Debian's Chromium (Playwright, sync API) against the app served by
uvicorn on 127.0.0.1 in a background thread, over plain http (Chromium counts http://127.0.0.1 as a
secure context, so the ``Secure`` session cookie is kept).

Each test opens one browser context per role and logs in through the form. Every context blocks and
records any request that leaves the server, and collects console errors; each test ends by asserting
there were none. A full-page screenshot of every step goes to ``test-artifacts/screenshots/``.

The world (tests/api/world.py) is shared by the module, so the one test that writes (recording a
work-order outcome) uses an order no other test looks at."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Route, sync_playwright
from world import PASSWORD, World

from churnguard.api.serving import pseudonym
from churnguard.keys import keyring_of
from churnguard.segments.value import RFM_GROUPS, TIERS

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 820, "height": 1180}
FAILED_LOAD = re.compile(r"^Failed to load resource: the server responded with a status of (\d{3})\b")
# Words a Chinese page may keep in Latin letters: the product's name and the link back to English.
LATIN_OK = {"ChurnGuard", "English"}


@dataclass
class Served:
    base: str
    netloc: str
    app: object
    world: World

    @property
    def state(self) -> object:
        return self.app.state.churnguard

    def serving(self) -> object:
        return self.state.snapshot().serving

    def line(self, subscriber_id: str) -> dict:
        serving = self.serving()
        return serving.row(serving.position(subscriber_id))

    def line_of_pseudonym(self, pid: str) -> dict:
        serving = self.serving()
        return serving.row(serving.position(pid, pseudonymous=True))


@pytest.fixture(scope="module")
def served(sqlite_world: World) -> Iterator[Served]:
    """The app on a free port of 127.0.0.1, served by uvicorn in a thread (the app object in-process, so
    the test can read its store)."""
    app, _clock = sqlite_world.app(reports=True)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield Served(f"http://127.0.0.1:{port}", f"127.0.0.1:{port}", app, sqlite_world)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


class Tab:
    """One browser context (one person) with one page: every request is checked against the server's
    address (anything else is aborted and recorded), console errors and page errors are collected."""

    def __init__(self, browser: Browser, served: Served, viewport: dict[str, int]) -> None:
        self.served = served
        self.context = browser.new_context(viewport=viewport, base_url=served.base, locale="en-US")
        self.context.set_default_timeout(15_000)
        self.requested: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[tuple[str, str]] = []  # (console text, url of the resource it is about)
        self.expected: set[tuple[str, int]] = set()  # (path, status) a test asked for on purpose
        self.context.route("**/*", self._route)
        self.context.on("request", self._request)
        self.page: Page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append((f"page error: {error}", "")))

    def _route(self, route: Route) -> None:
        if urlsplit(route.request.url).netloc == self.served.netloc:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _request(self, request: Request) -> None:
        self.requested.append(request.url)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append((message.text, message.location.get("url", "")))

    # ------------------------------------------------------------------ steps

    def go(self, path: str) -> int:
        response = self.page.goto(path)
        assert response is not None
        return response.status

    def submit(self, button: object) -> int:
        """Clicks a form's submit button and waits for the page it leads to; returns its status."""
        with self.page.expect_navigation() as navigation:
            button.click()
        return navigation.value.status

    def follow(self, link: object) -> None:
        with self.page.expect_navigation():
            link.click()

    def login(self, role: str, password: str = PASSWORD) -> int:
        if urlsplit(self.page.url).path != "/login":
            self.go("/login")
        form = self.page.locator("main form[action='/login']")
        form.locator("input[name=username]").fill(self.served.world.users[role])
        form.locator("input[name=password]").fill(password)
        return self.submit(form.locator("button[type=submit]"))

    def expect_status(self, path: str, status: int) -> None:
        """Chromium logs "Failed to load resource … status of N" for any page answered with an error
        status; that line is the error page itself, not a fault, when the test asked for it."""
        self.expected.add((path, status))

    def shot(self, name: str) -> Path:
        path = SHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5_000
        return path

    @property
    def path(self) -> str:
        return urlsplit(self.page.url).path

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.page.url).query)

    def text(self, selector: str) -> str:
        return self.page.locator(selector).inner_text().strip()

    def table(self, selector: str) -> list[list[str]]:
        return self.page.eval_on_selector_all(
            f"{selector} tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))"
        )

    # ------------------------------------------------------------------ the checks every test ends with

    def assert_clean(self) -> None:
        outside = [u for u in self.requested if urlsplit(u).netloc != self.served.netloc]
        assert outside == [] and self.blocked == [], f"requests to other hosts: {outside + self.blocked}"
        assert self.requested, "the page made no request at all"
        unexpected = []
        for text, url in self.errors:
            hit = FAILED_LOAD.match(text)
            if hit and (urlsplit(url).path, int(hit.group(1))) in self.expected:
                continue
            unexpected.append((text, url))
        assert unexpected == [], f"console errors: {unexpected}"


@pytest.fixture
def open_tab(browser: Browser, served: Served) -> Iterator[Callable[..., Tab]]:
    """``open_tab(role=None, viewport=DESKTOP)``: a new context, logged in as ``role`` when given."""
    tabs: list[Tab] = []

    def open_(role: str | None = None, viewport: dict[str, int] = DESKTOP) -> Tab:
        tab = Tab(browser, served, viewport)
        tabs.append(tab)
        if role is not None:
            assert tab.login(role) == 200
            assert tab.path == ("/queue" if role.startswith("agent") else "/")
        return tab

    yield open_
    for tab in tabs:
        tab.context.close()


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _clear(served: object, line: dict) -> dict:
    """A served line with its name and number as the customer gave them (they are kept encrypted)."""
    ring = keyring_of(served.world.settings)  # type: ignore[attr-defined]
    return line | {k: ring.decrypt(line[k], f"subscribers.{k}") for k in ("name", "msisdn")}


def _money(text: str) -> float:
    """Yuan as the dashboard writes them: with the ¥ sign and grouped thousands."""
    assert text.lstrip("-").startswith("¥"), f"money without its sign: {text!r}"
    return float(text.replace("¥", "").replace(",", ""))


def _total(count_line: str) -> int:
    found = re.search(r"·\s*([\d,]+) lines", count_line)
    assert found, count_line
    return int(found.group(1).replace(",", ""))


def _audit(served: Served, action: str, actor: str) -> list[dict]:
    return [e for e in served.state.store.audit_entries() if e["action"] == action and e["actor"] == actor]


# ---------------------------------------------------------------------------------------------- 1. login


@pytest.mark.parametrize("role", ["supervisor", "analyst", "agent"])
def test_login_refuses_a_wrong_password_and_lands_each_role_on_its_page(
    open_tab: Callable[..., Tab], served: Served, role: str
) -> None:
    tab = open_tab()
    assert tab.go("/") == 200 and tab.path == "/login"  # not logged in: sent to the form
    tab.shot(f"01-login-{role}-form")

    tab.expect_status("/login", 401)
    assert tab.login(role, password="not-the-password-1") == 401
    assert tab.path == "/login"
    assert tab.text("main .error[role=alert]") == "Wrong account or password."
    assert not [c for c in tab.context.cookies() if c["name"] == "cg_session"]
    tab.shot(f"01-login-{role}-wrong-password")

    assert tab.login(role) == 200
    session = [c for c in tab.context.cookies() if c["name"] == "cg_session"]
    assert len(session) == 1 and session[0]["secure"] and session[0]["httpOnly"]  # kept over http to 127.0.0.1
    if role == "agent":
        assert tab.path == "/queue"
        assert tab.text("main h1").startswith("Work-order queue")
        assert tab.page.locator("header nav a[href='/']").count() == 0
    else:
        assert tab.path == "/"
        assert tab.text("main h1").startswith("Overview")
        assert tab.page.locator("#kpi-churn").is_visible()
    tab.shot(f"01-login-{role}-landed")
    tab.assert_clean()


# A page of another origin on the same host (another port of 127.0.0.1: the same site, so its cookies reach
# the service too) that posts a login for the attacker's own account: whoever clicks is signed in as them.
ATTACKER_PAGE = """<!doctype html><html><head><title>Win a prize</title></head><body>
<form method="post" action="{target}/login"><input type="hidden" name="username" value="{username}">
<input type="hidden" name="password" value="{password}"><input type="hidden" name="csrf_token" value="{token}">
<button id="go" type="submit">Claim your prize</button></form></body></html>"""


@contextmanager
def _attacker_site(page: str, cookie: str | None) -> Iterator[str]:
    """The attacker's page served from another port; with ``cookie``, it also plants a login cookie."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = page.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            if cookie is not None:
                self.send_header("Set-Cookie", f"cg_login_csrf={cookie}; Path=/")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.mark.parametrize("planted", [False, True], ids=["token-dash-no-cookie", "planted-cookie-and-its-token"])
def test_a_login_posted_from_another_origin_signs_no_one_in(browser: Browser, served: Served, planted: bool) -> None:
    token, cookie = "-", None
    if planted:
        # The attacker fetches a form of their own from the service: a cookie and the token that goes with it.
        own = httpx.get(served.base + "/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', own.text).group(1)
        cookie = re.search(r"cg_login_csrf=([^;]+)", own.headers["set-cookie"]).group(1)
    attacker = served.world.users["agent_b"]
    before = len(_audit(served, "login", attacker))
    page = ATTACKER_PAGE.format(target=served.base, username=attacker, password=PASSWORD, token=token)
    context = browser.new_context(base_url=served.base, locale="en-US")
    try:
        victim = context.new_page()
        with _attacker_site(page, cookie) as site:
            victim.goto(site)
            if planted:  # the planted cookie is one the service receives
                assert [c["value"] for c in context.cookies(served.base) if c["name"] == "cg_login_csrf"] == [cookie]
            with victim.expect_navigation() as navigation:
                victim.click("#go")
        assert navigation.value.status == 403
        assert "did not come from this site" in victim.inner_text("main")
        victim.screenshot(path=str(SHOTS / f"01-login-forged-{'planted' if planted else 'dash'}.png"), full_page=True)
        assert not [c for c in context.cookies() if c["name"] == "cg_session"]
        victim.goto(served.base + "/at-risk")
        assert urlsplit(victim.url).path == "/login"  # not signed in
        assert len(_audit(served, "login", attacker)) == before  # no password was even checked
    finally:
        context.close()


# ---------------------------------------------------------------------------------------------- 2. overview


def test_the_overview_shows_the_kpis_against_target_and_inline_svg_charts(
    open_tab: Callable[..., Tab], served: Served
) -> None:
    """A supervisor's overview is their region's: the base, churn and high-value retention of the region's
    lines (the report made for the region), the risk figures of its scored lines."""
    tab = open_tab("supervisor")
    snap = served.state.snapshot()
    region = served.world.region
    report = served.state.report_for(snap.serving.month, region)
    summary = report.summary
    inside = snap.serving.lines[snap.serving.region_mask(region)]
    serving = {
        "revenue_at_risk": float(inside["revenue_at_risk"].sum()),
        "high": int((inside["risk_tier"] == "high").sum()),
    }
    assert tab.text("#scope") == region
    assert summary["opening"] < snap.report.summary["opening"]  # the region is part of the company

    churn = tab.page.locator("#kpi-churn")
    assert churn.locator(".label").inner_text() == "Churn rate"
    assert churn.locator(".big").inner_text() == _pct(summary["churn_rate"])
    on_target = summary["churn_rate"] <= summary["churn_target"]
    assert churn.locator(".small").inner_text() == (
        f"target {_pct(summary['churn_target'])} · {'on target' if on_target else 'off target'}"
    )
    assert ("good" if on_target else "bad") in churn.get_attribute("class").split()

    hv = tab.page.locator("#kpi-hv")
    assert hv.locator(".label").inner_text() == "High-value retention"
    assert hv.locator(".big").inner_text() == _pct(summary["high_value_retention"])
    assert f"target {_pct(summary['high_value_target'])}" in hv.locator(".small").inner_text()
    kept = summary["high_value_retention"] >= summary["high_value_target"]
    assert ("good" if kept else "bad") in hv.get_attribute("class").split()

    rar = tab.page.locator("#kpi-rar")
    assert rar.locator(".label").inner_text() == "Revenue at risk (monthly)"
    assert _money(rar.locator(".big").inner_text()) == round(serving["revenue_at_risk"])
    assert _money(tab.text("#kpi-high .big")) == serving["high"]

    # The charts are drawn inline: <svg> elements in the page itself, no image, object or frame.
    charts = tab.page.locator("main svg.chart")
    assert charts.count() >= 3
    assert tab.page.locator("main img, main object, main embed, main iframe").count() == 0
    titles = [charts.nth(i).get_attribute("aria-label") for i in range(charts.count())]
    assert {"Churn rate by month against target", "High-value retention by month"} <= set(titles)
    trend = tab.page.locator("svg[aria-label='Churn rate by month against target'] polyline.series.s0")
    points = trend.get_attribute("points").split()
    assert len(points) == len(report.trend)  # one point per month of the report's trend
    assert tab.page.locator("svg[aria-label='Top reasons among the riskiest lines'] rect.bar").count() >= 1
    tab.shot("02-overview")
    # Each tile opens the list behind it; the high-risk list is the region's high-risk lines.
    tab.follow(tab.page.locator("#kpi-high"))
    assert tab.path == "/at-risk" and tab.query["risk"] == ["high"]
    assert _total(tab.text("#count")) == serving["high"]
    tab.assert_clean()


def test_the_overview_says_where_churn_is_worst_and_keeps_the_company_view_for_admins(
    open_tab: Callable[..., Tab], served: Served
) -> None:
    tab = open_tab("admin")
    snap = served.state.snapshot()
    summary = snap.report.summary
    assert tab.text("#scope") == "whole company"
    assert tab.text("#kpi-churn .big") == _pct(summary["churn_rate"])
    tables = tab.page.eval_on_selector_all(
        "#worst table.worst", "ts => ts.map(t => [...t.tBodies[0].rows].map(r => r.cells[1].innerText))"
    )
    assert len(tables) >= 3
    for shown in tables:
        rates = [float(r.rstrip("%")) for r in shown]
        assert rates and rates == sorted(rates, reverse=True)
    over = tab.page.locator("#worst tr.over")
    assert over.count() >= 1  # above the target: highlighted
    first = tab.page.locator("#worst tr.over a").first
    tab.follow(first)
    assert tab.path == "/at-risk" and tab.query
    # An earlier month from the picker: its report, and the month in the title.
    months = [m for m in snap.serving.months if m < snap.serving.month]
    assert months
    assert tab.go(f"/?month={months[-1]}") == 200
    assert months[-1] in tab.text("main h1")
    assert tab.text("#kpi-churn .big") == _pct(served.state.report_for(months[-1]).summary["churn_rate"])
    tab.shot("02-overview-admin-earlier-month")
    tab.assert_clean()


CHART_OVERFLOW = """svgs => svgs.flatMap(svg => {
  const box = svg.viewBox.baseVal;
  return [...svg.querySelectorAll('text')].flatMap(t => {
    const b = t.getBBox();
    return (b.x < box.x - 0.5 || b.x + b.width > box.x + box.width + 0.5)
      ? [`${svg.getAttribute('aria-label')}: "${t.textContent}" spans x ${b.x.toFixed(0)}..`
         + `${(b.x + b.width).toFixed(0)} of 0..${box.width}`] : [];
  });
})"""


def test_chart_labels_stay_inside_their_charts(open_tab: Callable[..., Tab], served: Served) -> None:
    """Every label of every chart (axis ticks, values, legends) lies inside the chart's viewBox: a label
    that runs past it is cut off on the page."""
    tab = open_tab("supervisor")
    cut = {"/": tab.page.eval_on_selector_all("main svg.chart", CHART_OVERFLOW)}
    customer = f"/customers/{served.world.lines['own']}"
    assert tab.go(customer) == 200
    cut[customer] = tab.page.eval_on_selector_all("main svg.chart", CHART_OVERFLOW)
    tab.shot("02-charts-customer")
    cut = {page: labels for page, labels in cut.items() if labels}
    assert cut == {}, "chart labels cut off:\n" + "\n".join(f"{p}: {label}" for p, ls in cut.items() for label in ls)
    tab.assert_clean()


# Per chart: x-axis labels whose boxes overlap, and text drawn under 11 px (its size in user units times
# the chart's displayed width over its viewBox width).
CHART_TEXT = """svgs => svgs.map(svg => {
  const box = svg.viewBox.baseVal, scale = svg.getBoundingClientRect().width / box.width;
  const xs = [...svg.querySelectorAll('text.x')].map(t => [t.textContent, t.getBBox()]);
  const overlapping = [];
  for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) {
    const [a, p] = xs[i], [b, q] = xs[j];
    if (p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height)
      overlapping.push(`${a} / ${b}`);
  }
  const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  return {chart: svg.getAttribute('aria-label'), overlapping, smallest: Math.min(...sizes), xs: xs.length};
})"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chart_x_labels_never_overlap_and_text_is_legible(
    open_tab: Callable[..., Tab], served: Served, lang: str
) -> None:
    """On the overview and the model page, no two x-axis labels of any chart overlap, and every chart's
    text is at least 11 px as drawn on a laptop's screen."""
    tab = open_tab("analyst")
    found = {}
    for path in ("/", "/model"):
        assert tab.go(f"{path}?lang={lang}") == 200
        found[path] = tab.page.eval_on_selector_all("main svg.chart", CHART_TEXT)
        tab.shot(f"02-charts-{'overview' if path == '/' else 'model'}-{lang}")
    assert len(found["/"]) >= 3 and len(found["/model"]) >= 4  # ROC, gains, lift and calibration at least
    assert sum(c["xs"] for c in found["/model"]) >= 4 * 5
    overlapping = {f"{p} {c['chart']}": c["overlapping"] for p, cs in found.items() for c in cs if c["overlapping"]}
    assert overlapping == {}, overlapping
    small = {f"{p} {c['chart']}": round(c["smallest"], 1) for p, cs in found.items() for c in cs if c["smallest"] < 11}
    assert small == {}, small
    tab.assert_clean()
    # On a phone the charts keep their size (their cards scroll sideways); the page itself does not.
    phone = open_tab("analyst", viewport=PHONE)
    for path in ("/", "/model"):
        assert phone.go(f"{path}?lang={lang}") == 200
        charts = phone.page.eval_on_selector_all("main svg.chart", CHART_TEXT)
        assert charts and min(c["smallest"] for c in charts) >= 11
        assert phone.page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"] + 1, path
    phone.shot(f"02-charts-model-phone-{lang}")
    phone.assert_clean()


# ---------------------------------------------------------------------------------------------- 3. at-risk list


def test_the_at_risk_list_filters_sorts_and_pages(open_tab: Callable[..., Tab], served: Served) -> None:
    tab = open_tab("analyst")
    assert tab.go("/at-risk") == 200
    before = tab.text("#count")
    assert before.startswith("page 1 of ") and _total(before) == len(served.serving().lines)
    tab.shot("03-at-risk")

    # The biggest value tier that has more than one page of lines (but not every line).
    counts = served.serving().lines["tier"].astype(str).value_counts()
    tier = next(t for t, n in counts.items() if 50 < n < len(served.serving().lines))
    label = TIERS[tier][0]
    tab.page.select_option("#filter-tier", tier)
    tab.submit(tab.page.locator("#apply"))
    assert tab.path == "/at-risk" and tab.query["tier"] == [tier]
    after = tab.text("#count")
    assert after != before and after.startswith("page 1 of ")
    assert _total(after) == counts[tier]
    rows = tab.table("#at-risk")
    assert len(rows) == 50 and {r[4] for r in rows} == {label}
    assert tab.page.locator("#filter-tier").input_value() == tier  # the filter stays chosen
    tab.shot("03-at-risk-filtered")

    # Sort by CLV (a column header), highest first; the filter stays.
    tab.follow(tab.page.locator("#at-risk thead a", has_text="CLV"))
    assert tab.query["sort"] == ["clv"] and tab.query["order"] == ["desc"] and tab.query["tier"] == [tier]
    assert "▼" in tab.page.locator("#at-risk thead a", has_text="CLV").inner_text()
    first = tab.table("#at-risk")
    clv = [_money(r[9]) for r in first]
    assert {r[4] for r in first} == {label} and clv == sorted(clv, reverse=True) and clv[0] > clv[-1]
    tab.shot("03-at-risk-sorted-by-clv")

    # The next page: the same filter and order, the lines after those of page 1.
    tab.follow(tab.page.locator("#next"))
    assert tab.query["page"] == ["2"] and tab.query["sort"] == ["clv"] and tab.query["tier"] == [tier]
    assert tab.text("#count").startswith("page 2 of ")
    second = tab.table("#at-risk")
    clv2 = [_money(r[9]) for r in second]
    assert second and {r[4] for r in second} == {label}
    assert clv2 == sorted(clv2, reverse=True) and clv2[0] <= clv[-1]
    assert not {r[0] for r in first} & {r[0] for r in second}
    assert tab.page.locator("#prev").is_visible()
    tab.shot("03-at-risk-page-2")
    tab.assert_clean()


def test_the_at_risk_list_fits_a_tablet(open_tab: Callable[..., Tab]) -> None:
    """At 820 px the page itself does not scroll sideways: only the table's own container may."""
    tab = open_tab("analyst", viewport=TABLET)
    assert tab.go("/at-risk") == 200
    tab.shot("03-at-risk-tablet-820x1180")
    widths = tab.page.evaluate(
        "() => ({page: document.documentElement.scrollWidth, body: document.body.scrollWidth,"
        " view: window.innerWidth, box: document.querySelector('.scroll').getBoundingClientRect().right})"
    )
    assert widths["page"] <= widths["view"] + 1, widths
    assert widths["body"] <= widths["view"] + 1, widths
    assert widths["box"] <= widths["view"] + 1, widths
    assert tab.page.locator("#at-risk tbody tr").count() == 50
    tab.assert_clean()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_account_manager_works_the_queue_on_a_phone(open_tab: Callable[..., Tab], served: Served, lang: str) -> None:
    """At 390 px the queue fits the width: no sideways scrolling; a row opens its card with the number to
    tap, why to call, what to offer and the contact form, all inside the screen."""
    tab = open_tab("agent", viewport=PHONE)
    assert tab.go(f"/queue?lang={lang}") == 200
    tab.shot(f"05-queue-phone-{lang}")
    first = tab.page.locator("#queue details.order").first
    first.locator("summary").click()
    tab.shot(f"05-queue-phone-open-{lang}")
    widths = tab.page.evaluate(
        "() => ({page: document.documentElement.scrollWidth, body: document.body.scrollWidth,"
        " view: window.innerWidth, form: document.querySelector('details[open] form.contact')"
        ".getBoundingClientRect().right})"
    )
    assert widths["view"] == 390
    assert max(widths["page"], widths["body"], widths["form"]) <= widths["view"] + 1, widths
    assert first.locator("a.tel").count() == 1
    assert first.locator("a.tel").get_attribute("href").startswith("tel:")
    assert first.locator(".script").is_visible() and first.locator("select[name=result]").is_visible()
    tab.assert_clean()


# ---------------------------------------------------------------------------------------------- 4. customer 360


def test_an_analyst_sees_the_customer_360_masked_under_a_pseudonym(
    open_tab: Callable[..., Tab], served: Served
) -> None:
    tab = open_tab("analyst")
    assert tab.go("/at-risk") == 200
    link = tab.page.locator("#at-risk tbody tr td:first-child a").first
    pid = link.inner_text().strip()
    assert re.fullmatch(r"P[0-9a-f]{12}", pid), pid
    viewed = len(_audit(served, "customer.view_unmasked", served.world.users["analyst"]))
    tab.follow(link)
    assert tab.path == f"/customers/{pid}"
    assert tab.text("#line-id") == pid
    line = _clear(served, served.line_of_pseudonym(pid))
    assert pseudonym(served.world.key, line["subscriber_id"]) == pid

    assert tab.text("#masking") == "Personal data masked for your role."
    name, msisdn = tab.text("#profile .f-name"), tab.text("#profile .f-msisdn")
    assert name == line["name"][0] + "*" * (len(line["name"]) - 1)
    assert re.fullmatch(r"\d{3}\*{4}\d{4}", msisdn) and msisdn == line["msisdn"][:3] + "****" + line["msisdn"][-4:]
    html = tab.page.content()
    for secret in (line["subscriber_id"], line["name"], line["msisdn"]):
        assert not isinstance(secret, str) or secret not in html
    assert tab.page.locator("#profile .f-account_manager_id").count() == 0

    assert tab.text("#p-churn").startswith(_pct(line["p_churn"]))
    reasons = tab.page.locator("#reasons li")
    assert reasons.count() >= 1 and "Recommended action" in reasons.first.inner_text()
    charts = tab.page.locator("main svg.chart").evaluate_all("s => s.map(x => x.ariaLabel)")
    assert charts == [
        "Churn probability by month",
        "Net bill by month (CNY)",
        "Data use by month (MB)",
        "Outgoing voice by month (minutes)",
    ]
    assert len(_audit(served, "customer.view_unmasked", served.world.users["analyst"])) == viewed
    tab.shot("04-customer-360-analyst-masked")
    tab.assert_clean()


def test_a_supervisor_sees_the_customer_360_unmasked_and_the_view_is_audited(
    open_tab: Callable[..., Tab], served: Served
) -> None:
    tab = open_tab("supervisor")
    assert tab.go("/at-risk") == 200
    link = tab.page.locator("#at-risk tbody tr td:first-child a").first
    sid = link.inner_text().strip()
    assert re.fullmatch(r"S\d+", sid), sid
    before = _audit(served, "customer.view_unmasked", "sup")
    tab.follow(link)
    assert tab.path == f"/customers/{sid}" and tab.text("#line-id") == sid
    line = _clear(served, served.line(sid))
    assert tab.text("#masking") == "Personal data shown unmasked: this view is recorded in the audit log."
    assert tab.text("#profile .f-name") == line["name"]
    assert tab.text("#profile .f-msisdn") == line["msisdn"]
    assert tab.text("#p-churn").startswith(_pct(line["p_churn"]))
    assert tab.page.locator("#reasons li").count() >= 1
    assert tab.page.locator("main svg.chart").count() == 4
    after = _audit(served, "customer.view_unmasked", "sup")
    assert len(after) == len(before) + 1
    entry = after[-1]
    assert entry["object"] == sid and entry["role"] == "supervisor" and entry["outcome"] == "ok"
    tab.shot("04-customer-360-supervisor-unmasked")
    tab.assert_clean()


# ---------------------------------------------------------------------------------------------- 5. work orders


def test_an_account_manager_records_an_outcome_in_the_queue(open_tab: Callable[..., Tab], served: Served) -> None:
    store = served.state.store
    # One of manager A's open orders that no other test touches.
    order_id = next(
        o
        for o in served.world.extra["orders_of_a"]
        if o != served.world.orders["own"] and store.order(o)["status"] == "open"
    )
    version = store.order(order_id)["version"]
    assert store.contacts(order_id) == [] and store.outcomes(order_id) == []

    tab = open_tab("agent")
    card = tab.page.locator(f"#order-{order_id}")
    assert card.count() == 1
    card.scroll_into_view_if_needed()
    card.locator("summary").click()  # the row opens its card
    form = card.locator(f"form[action='/orders/{order_id}/contact']")
    form.locator("select[name=channel]").select_option("phone")
    form.locator("select[name=reached]").select_option("yes")
    form.locator("select[name=result]").select_option("accepted")
    form.locator("input[name=note]").fill("Took the voucher")
    form.locator("input[name=close]").check()
    tab.shot("05-queue-form-filled")
    assert tab.submit(form.locator("button[type=submit]")) == 200

    assert tab.path == "/queue" and tab.query["saved"] == [f"{order_id}:{version + 1}"]
    assert tab.text("#saved") == f"Saved: order {order_id} is now version {version + 1}."
    assert tab.page.locator(f"#order-{order_id}").count() == 0  # done: out of the queue
    tab.shot("05-queue-saved")

    order = store.order(order_id)
    assert order["status"] == "done" and order["version"] == version + 1
    contacts, outcomes = store.contacts(order_id), store.outcomes(order_id)
    assert len(contacts) == 1 and len(outcomes) == 1
    assert contacts[0]["staff_id"] == served.world.users["agent"] and contacts[0]["reached"] is True
    assert contacts[0]["channel"] == "phone" and contacts[0]["note"] == "Took the voucher"
    assert outcomes[0]["result"] == "accepted"
    assert _audit(served, "order.contact", served.world.users["agent"])[-1]["object"] == order_id
    tab.assert_clean()


# ---------------------------------------------------------------------------------------------- 6. language


def test_the_language_switch_turns_the_pages_chinese_and_sticks(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab("supervisor")
    assert tab.go("/at-risk") == 200
    assert tab.text("header nav a[href='/at-risk']") == "At-risk list"
    tab.follow(tab.page.locator("#lang-switch"))
    assert tab.query["lang"] == ["zh"] and tab.path == "/at-risk"
    assert tab.page.locator("html").get_attribute("lang") == "zh-CN"
    assert tab.text("header nav a[href='/at-risk']") == "高危客户"
    assert tab.text("main h1").startswith("高危客户")
    assert tab.text("#count").startswith("第 1/")
    assert tab.text("#lang-switch") == "English"
    assert [c["value"] for c in tab.context.cookies() if c["name"] == "cg_lang"] == ["zh"]
    tab.shot("06-lang-zh-at-risk")

    # The next page, reached by a plain link without ?lang=, is Chinese too (the cookie).
    tab.follow(tab.page.locator("header nav a[href='/']"))
    assert tab.path == "/" and "lang" not in tab.query
    assert tab.text("header nav a[href='/at-risk']") == "高危客户"
    assert tab.text("main h1").startswith("总览")
    assert tab.text("#kpi-churn .label") == "离网率"
    tab.shot("06-lang-zh-overview")
    tab.assert_clean()


def _latin_words(tab: Tab) -> list[str]:
    """Words in Latin letters on the page's visible text, less ids, codes and key=value evidence, the
    device model (a product name) and acronyms (CSV, VIP, RFM, PSI …)."""
    text = tab.page.evaluate(
        """() => {
          const main = document.body.cloneNode(true);
          main.querySelectorAll('.f-device_model, #line-id, a[href^="/customers/"]')
            .forEach(e => e.remove());
          return main.innerText;
        }"""
    )
    text = re.sub(r"\S+=\S*|Mbit/s", " ", text)
    words = re.findall(r"[A-Za-z][A-Za-z0-9_()'\-]*", text)
    return [
        w
        for w in words
        if w not in LATIN_OK
        and "_" not in w
        and not re.fullmatch(r"[A-Z0-9]+", w)
        and not re.fullmatch(r"[PSWF][0-9a-f]{3,}", w)
    ]


def test_chinese_pages_keep_no_english(open_tab: Callable[..., Tab], served: Served) -> None:
    """With Chinese chosen, no page the supervisor works with (nor the error page) shows English words."""
    tab = open_tab("supervisor")
    pages = {
        "/": "overview",
        "/at-risk": "at-risk",
        f"/customers/{served.world.lines['own']}": "customer-360",
        "/queue": "queue",
        "/no-such-page": "not-found",
    }
    left: dict[str, list[str]] = {}
    tab.expect_status("/no-such-page", 404)
    for n, (path, name) in enumerate(pages.items()):
        tab.go(path + "?lang=zh" if n == 0 else path)
        assert tab.page.locator("html").get_attribute("lang") == "zh-CN"
        assert tab.text("#lang-switch") == "English"
        tab.shot(f"06-zh-{n}-{name}")
        words = _latin_words(tab)
        if words:
            left[path] = sorted(set(words))
    assert left == {}, "English left on Chinese pages:\n" + "\n".join(f"{p}: {' '.join(w)}" for p, w in left.items())
    tab.assert_clean()


def test_the_customer_360_names_the_rfm_group_in_the_page_language(
    open_tab: Callable[..., Tab], served: Served
) -> None:
    """The RFM group is shown by its name (segments.value.RFM_GROUPS), not by its code."""
    sid = served.world.lines["own"]
    code = str(served.line(sid)["rfm_group"])
    tab = open_tab("supervisor")
    shown = {}
    for lang, header in (("en", "RFM group"), ("zh", "RFM 分组")):
        assert tab.go(f"/customers/{sid}?lang={lang}") == 200
        shown[lang] = tab.text(f"main table.kv tr:has(th:text-is('{header}')) td")
        tab.shot(f"04-customer-360-rfm-{lang}")
    assert shown == {"en": RFM_GROUPS[code][0], "zh": RFM_GROUPS[code][1]}, f"code {code!r}"
    tab.assert_clean()


# ---------------------------------------------------------------------------------------------- 7. row-level access


def test_an_account_manager_gets_not_found_for_another_managers_customer(
    open_tab: Callable[..., Tab], served: Served
) -> None:
    other = served.world.lines["other"]
    line = _clear(served, served.line(other))
    tab = open_tab("agent")
    tab.expect_status(f"/customers/{other}", 404)
    assert tab.go(f"/customers/{other}") == 404
    assert tab.text("main h1") == "Something is not right (404)"
    assert tab.text("main .error[role=alert]") == "Not found."
    assert tab.page.locator("#profile, #reasons, #line-id, main svg").count() == 0
    body = tab.page.inner_text("body")
    masked_name = line["name"][0] + "*" * (len(line["name"]) - 1)
    masked_msisdn = line["msisdn"][:3] + "****" + line["msisdn"][-4:]
    for secret in (other, line["name"], line["msisdn"], masked_name, masked_msisdn):
        assert not isinstance(secret, str) or secret not in body
    tab.shot("07-other-managers-customer-404")

    # Nor does the list show the line when searched for.
    assert tab.go(f"/at-risk?q={other}") == 200
    assert tab.text("#count").endswith("· 0 lines")
    assert tab.table("#at-risk") == [["None."]]
    tab.shot("07-other-managers-line-not-listed")
    tab.assert_clean()
