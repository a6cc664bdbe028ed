"""Each role's real tasks, walked in Chromium in Chinese and English, on the served operator with win-back
orders whose lines have left: every page of every role's menu answers without error; the account manager
finds the most urgent order, reads why to call and what to offer, records a contact and sees it on the
card; the supervisor finds where churn is worst and reads the campaign's verdict; the analyst filters
the at-risk list and exports it in their language."""

# ruff: noqa: F811 — the fixtures imported from the dashboard's browser tests are taken as arguments.
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

import pytest

# The browser, the served app and a logged-in tab come from the dashboard's browser tests.
from test_dashboard_browser import PHONE, Served, Tab, browser, open_tab, served  # noqa: F401

ROLES = ("admin", "analyst", "supervisor", "agent")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_every_menu_answers(open_tab: Callable[..., Tab], role: str, lang: str) -> None:
    tab = open_tab(role)
    tab.go(f"{tab.path}?lang={lang}")
    links = tab.page.eval_on_selector_all("header nav a", "links => links.map(a => a.getAttribute('href'))")
    assert len(links) >= 2, links
    for href in links:
        assert tab.go(href) == 200, href
        assert tab.page.locator("html").get_attribute("lang") == ("zh-CN" if lang == "zh" else "en")
        assert tab.page.locator("main h1").count() == 1, href
        # A styled page, never a bare error body.
        assert "Internal error" not in tab.page.content()
    tab.assert_clean()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_account_manager_works_the_most_urgent_order(
    open_tab: Callable[..., Tab], served: Served, lang: str
) -> None:
    store = served.state.store
    tab = open_tab("agent")
    tab.go(f"/queue?lang={lang}&sort=due")
    rows = tab.page.locator("#queue details.order")
    assert rows.count() >= 1
    days = [int(d) for d in tab.page.eval_on_selector_all("#queue summary", "s => s.map(x => x.dataset.due)")]
    assert days == sorted(days)
    # The most urgent order that no other test works on: its row opens its card.
    order_id = None
    for i in range(rows.count()):
        candidate = rows.nth(i).get_attribute("id").removeprefix("order-")
        if not store.contacts(candidate):
            order_id = candidate
            break
    assert order_id is not None
    card = tab.page.locator(f"#order-{order_id}")
    card.locator("summary").click()
    why = card.locator("ul.reasons li")
    assert why.count() >= 1 and why.first.inner_text().strip()
    offer = card.locator(".offer-detail, .order-body p").first.inner_text()
    assert offer.strip()
    form = card.locator("form.contact")
    form.locator("select[name=channel]").select_option("phone")
    form.locator("select[name=reached]").select_option("yes")
    form.locator("select[name=result]").select_option("follow_up")
    form.locator("input[name=note]").fill("回电" if lang == "zh" else "call back")
    assert tab.submit(form.locator("button[type=submit]")) == 200
    assert tab.page.locator("#saved").count() == 1
    # The contact is on the card now.
    card = tab.page.locator(f"#order-{order_id}")
    card.locator("summary").click()
    last = card.locator(".last-contact").inner_text()
    assert ("回电" if lang == "zh" else "call back") in last
    tab.shot(f"07-task-agent-{lang}")
    tab.assert_clean()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_supervisor_finds_the_worst_area_and_the_campaigns_verdict(
    open_tab: Callable[..., Tab], served: Served, lang: str
) -> None:
    tab = open_tab("supervisor")
    tab.go(f"/?lang={lang}")
    assert tab.page.locator("#worst table.worst").count() >= 3
    tab.go("/campaigns")
    verdicts = tab.page.locator("#campaigns td.verdict-cell")
    assert verdicts.count() >= 1
    first = tab.page.locator("#campaigns tbody tr a").first
    tab.follow(first)
    assert tab.page.locator("#verdict").is_visible() and tab.text("#verdict")
    tab.shot(f"07-task-supervisor-{lang}")
    tab.assert_clean()


def test_the_analyst_filters_and_exports_in_their_language(open_tab: Callable[..., Tab], served: Served) -> None:
    tab = open_tab("analyst")
    tab.go("/at-risk?lang=zh&risk=high")
    shown = tab.page.locator("#at-risk tbody tr").count()
    assert shown >= 1
    with tab.page.expect_download() as download:
        tab.page.locator("#export").click()
    body = download.value.path().read_bytes()
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    header = rows[0]
    assert "主要原因" in header and not any(re.fullmatch(r"[a-z_0-9]+", h) for h in header)
    risk = header.index("风险")
    assert {r[risk] for r in rows[1:]} == {"高"}  # the filter holds, said in Chinese
    tab.assert_clean()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_admin_adds_a_user_and_finds_it_in_the_audit_log(
    open_tab: Callable[..., Tab], served: Served, lang: str
) -> None:
    staff_id = f"am_new_{lang}"
    tab = open_tab("admin")
    assert tab.go(f"/admin/users?lang={lang}") == 200
    tab.page.fill("#add-id", staff_id)
    tab.page.fill("#add-name", "新经理" if lang == "zh" else "New Manager")
    tab.page.select_option("#add-role", "agent")
    tab.page.fill("#add-password", "Harbour-lantern-58-meadow")
    assert tab.submit(tab.page.locator("#add-submit")) == 200
    assert tab.page.locator("#users tbody tr", has_text=staff_id).count() == 1
    # The new account manager can sign in.
    other = open_tab()
    other.go("/login")
    form = other.page.locator("main form[action='/login']")
    form.locator("input[name=username]").fill(staff_id)
    form.locator("input[name=password]").fill("Harbour-lantern-58-meadow")
    assert other.submit(form.locator("button[type=submit]")) == 200 and other.path == "/queue"
    # The change is in the audit log, found by its action.
    tab.go("/audit")
    tab.page.select_option("#filter-action", "user.add")
    tab.page.fill("#filter-q", staff_id)
    assert tab.submit(tab.page.locator("#apply")) == 200
    rows = tab.table("#audit")
    assert len(rows) == 1 and rows[0][6] == staff_id and rows[0][2] == served.world.users["admin"]
    tab.shot(f"07-task-admin-{lang}")
    tab.assert_clean()
    other.assert_clean()
