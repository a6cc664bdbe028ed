"""The dashboard's early-warning page shows each rule's hit rate against the base rate, in English and
in Chinese, says which month has no figure yet, and is refused to an account manager."""

from __future__ import annotations

import re

from world import PASSWORD, World


def _login(client, world: World, role: str) -> None:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    reply = client.post(
        "/login",
        data={"username": world.users[role], "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert reply.status_code == 303, reply.text


def _cells(html: str) -> list[list[str]]:
    section = html[html.index('id="hit-rates"') :]
    section = section[: section.index("</section>")]
    rows = re.findall(r"<tr>(.*?)</tr>", section, flags=re.S)
    return [re.findall(r"<t[dh]>(.*?)</t[dh]>", r, flags=re.S) for r in rows]


def test_the_warnings_page_shows_the_hit_rates_in_both_languages(sqlite_world: World) -> None:
    app, _ = sqlite_world.app(reports=True)
    with sqlite_world.client(app) as client:
        _login(client, sqlite_world, "analyst")
        home = client.get("/at-risk")
        assert 'href="/warnings"' in home.text
        page = client.get("/warnings?lang=en")
        assert page.status_code == 200, page.text
        cells = _cells(page.text)
        header = cells[0]
        # May is measured (June is loaded); June waits for July, which the operator does not have.
        assert header[:3] == ["rule", "2025-05", "2025-06"], header
        assert "no figure yet for 2025-06" in page.text
        rows = {r[0]: r for r in cells[1:] if len(r) == len(header)}
        base = rows["base rate (every line open)"]
        assert re.fullmatch(r"\d+\.\d%", base[1]) and base[2] == "–"
        arrears = rows["arrears"]
        assert re.fullmatch(r"\d+\.\d% ×\d+\.\d\d", arrears[1]) and arrears[2] == "–"
        # The latest measured month's counts are there too, headed in words.
        assert "Hit rates of 2025-05, departures in the month after" in page.text
        assert "× base rate" in page.text
        zh = client.get("/warnings?lang=zh")
        assert zh.status_code == 200
        assert "各规则命中率" in zh.text and "基准离网率（全部在网号码）" in zh.text and "欠费" in zh.text
        assert "2025-06 的下月数据尚未载入" in zh.text
        assert "Hit rate" not in zh.text and "base rate" not in zh.text
    with sqlite_world.client(app) as client:
        _login(client, sqlite_world, "agent")
        assert client.get("/warnings", follow_redirects=False).status_code == 403
