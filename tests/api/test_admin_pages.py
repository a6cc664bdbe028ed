"""The admin's pages, used as an admin uses them: the users page (add, disable and enable, set a password,
change role and region: the accounts' own rules, each change audited, refusals shown in the reader's
language) and the audit log (filters done by the store's query, paging, a CSV export that is itself
audited, times in the operator's time zone)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from world import NOW, PASSWORD, World, _database

from churnguard.config import Settings
from churnguard.errors import ConfigError
from churnguard.retention import open_ops
from churnguard.retention.accounts import Accounts
from churnguard.retention.store import Store
from ledgers import open_keyed

NEW_PASSWORD = "Copper-kettle-91-harbour"

# Entries at known UTC times, around midnight in Shanghai (UTC+8): (actor, action, object, at).
ENTRIES = (
    ("flt_a", "user.add", "Obj-Alpha", datetime(2024, 3, 1, 15, 59, 59)),  # 2024-03-01 23:59:59 in Shanghai
    ("flt_a", "export", "obj-beta 50%", datetime(2024, 3, 1, 16, 0, 0)),  # 2024-03-02 00:00:00
    ("flt_b", "user.add", "gamma", datetime(2024, 3, 2, 10, 0, 0)),  # 2024-03-02 18:00:00
    ("flt_b", "login", None, datetime(2024, 3, 3, 20, 0, 0)),  # 2024-03-04 04:00:00
)


def _csrf(text: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', text).group(1)


@contextmanager
def _signed_in(world: World, role: str, **app_kw: object) -> Iterator[tuple[TestClient, str, object]]:
    """A browser signed in as ``role``: the client, its CSRF token and the app."""
    app, _ = world.app(reports=False, **app_kw)
    with world.client(app) as client:
        page = client.get("/login")
        reply = client.post(
            "/login",
            data={"username": world.users[role], "password": PASSWORD, "csrf_token": _csrf(page.text)},
            follow_redirects=False,
        )
        assert reply.status_code == 303, reply.text
        yield client, _csrf(client.get("/at-risk").text), app


def _can_log_in(client: TestClient, staff_id: str, password: str) -> bool:
    reply = client.post("/api/v1/token", json={"username": staff_id, "password": password})
    assert reply.status_code in (200, 401), reply.text
    return reply.status_code == 200


def _row(page: str, staff_id: str) -> str:
    return page.split(f'id="user-{staff_id}"')[1].split("</tr>")[0]


def _add(client: TestClient, csrf: str, **fields: str) -> object:
    form = {"csrf_token": csrf, "name": "", "region": "", "password": NEW_PASSWORD} | fields
    return client.post("/admin/users", data=form, follow_redirects=False)


def _audit_rows(page: str) -> list[list[str]]:
    """The audit table's rows as the cells' text."""
    body = page.split('id="audit"')[1].split("<tbody>")[1].split("</tbody>")[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        rows.append([re.sub(r"<[^>]+>", "", c).strip() for c in cells])
    return rows


def _seed(store: Store) -> None:
    """ENTRIES, once per store (the world is shared by the module's tests)."""
    if store.find_audit(actor="flt_a", limit=1):
        return
    for actor, action, obj, at in ENTRIES:
        store.audit(actor=actor, role="admin", action=action, outcome="ok", at=at, object=obj, source="10.0.0.1")


# ---------------------------------------------------------------------------------------------- users


def test_an_admin_adds_a_user_who_can_then_log_in(sqlite_world: World) -> None:
    with _signed_in(sqlite_world, "admin") as (client, csrf, app):
        home = client.get("/at-risk")
        assert 'href="/admin/users"' in home.text  # in the admin's menu
        reply = _add(client, csrf, staff_id="newsup", name="新主管", role="supervisor", region=sqlite_world.region)
        assert reply.status_code == 303, reply.text
        page = client.get(reply.headers["location"])
        assert page.status_code == 200
        assert "Account newsup added" in page.text
        row = _row(page.text, "newsup")
        assert "新主管" in row and "Supervisor" in row and sqlite_world.region in row and "active" in row
        assert _can_log_in(client, "newsup", NEW_PASSWORD)
        store = app.state.churnguard.store
        added = [e for e in store.audit_entries() if e["action"] == "user.add" and e["object"] == "newsup"]
        assert [(e["actor"], e["role"], e["object"], e["outcome"]) for e in added] == [("adm", "admin", "newsup", "ok")]
        assert store.verify_audit().intact
        assert not any(NEW_PASSWORD in str(v) for e in store.audit_entries() for v in e.values())


@pytest.mark.parametrize(
    ("fields", "lang", "message"),
    [
        ({"staff_id": "weak1", "password": "password1234"}, "en", "This password is on the list of common passwords."),
        ({"staff_id": "weak2", "password": "password1234"}, "zh", "该密码在常用密码名单中。"),
        ({"staff_id": "weak3", "password": "short"}, "zh", "密码须为 12 到 128 个字符；此密码为 5 个。"),
        ({"staff_id": "nosup", "role": "supervisor"}, "en", "A supervisor needs a region"),
        ({"staff_id": "nosup", "role": "supervisor"}, "zh", "主管账号须指定所辖区域"),
        ({"staff_id": "ana"}, "en", "Account ana already has a login."),
        ({"staff_id": "bad/id"}, "en", "must be 1–32 letters, digits"),
        ({"staff_id": "oddrole", "role": "root"}, "en", "Unknown role 'root'"),
    ],
)
def test_what_the_rules_refuse_is_said_on_the_page(sqlite_world: World, fields: dict, lang: str, message: str) -> None:
    with _signed_in(sqlite_world, "admin") as (client, csrf, app):
        reply = client.post(
            f"/admin/users?lang={lang}",
            data={"csrf_token": csrf, "name": "", "region": "", "role": "agent", "password": NEW_PASSWORD} | fields,
            follow_redirects=False,
        )
        assert reply.status_code == 422
        assert reply.headers["content-type"].startswith("text/html")
        assert message in html.unescape(reply.text) and "Traceback" not in reply.text
        assert ('lang="zh-CN"' in reply.text) == (lang == "zh")
        # What was typed comes back, but never the password.
        assert f'value="{fields["staff_id"]}"' in reply.text
        assert fields.get("password", NEW_PASSWORD) not in reply.text
        if fields["staff_id"] != "ana":
            assert fields["staff_id"] not in {a["staff_id"] for a in Accounts(app.state.churnguard.store).list()}
        assert not [e for e in app.state.churnguard.store.audit_entries() if e["object"] == fields["staff_id"]]


def test_a_disabled_user_cannot_log_in_until_enabled(sqlite_world: World) -> None:
    with open_ops(sqlite_world.settings) as store:
        Accounts(store).add("offagent", name="停用测试", role="agent", password=NEW_PASSWORD, now=datetime(2025, 1, 1))
    with _signed_in(sqlite_world, "admin") as (client, csrf, app):
        token = client.post("/api/v1/token", json={"username": "offagent", "password": NEW_PASSWORD})
        bearer = {"Authorization": "Bearer " + token.json()["access_token"]}
        assert client.get("/api/v1/me", headers=bearer).status_code == 200
        reply = client.post("/admin/users/offagent/disable", data={"csrf_token": csrf}, follow_redirects=False)
        assert reply.status_code == 303
        page = client.get(reply.headers["location"] + "&lang=zh")
        assert "账号 offagent 已停用" in page.text and "已停用" in _row(page.text, "offagent")
        assert client.get("/api/v1/me", headers=bearer).status_code == 401  # its token ended with it
        assert not _can_log_in(client, "offagent", NEW_PASSWORD)
        reply = client.post("/admin/users/offagent/enable", data={"csrf_token": csrf}, follow_redirects=False)
        assert reply.status_code == 303
        assert _can_log_in(client, "offagent", NEW_PASSWORD)
        actions = [
            (e["action"], e["actor"]) for e in app.state.churnguard.store.audit_entries() if e["object"] == "offagent"
        ]
        assert actions == [("user.disable", "adm"), ("user.enable", "adm")]


def test_an_admin_cannot_disable_themselves_nor_drop_their_own_role(sqlite_world: World) -> None:
    with _signed_in(sqlite_world, "admin") as (client, csrf, app):
        page = client.get("/admin/users")
        assert 'action="/admin/users/adm/disable"' not in page.text  # not even offered
        reply = client.post("/admin/users/adm/disable?lang=zh", data={"csrf_token": csrf}, follow_redirects=False)
        assert reply.status_code == 422 and "不能停用您自己的账号。" in reply.text
        form = {"csrf_token": csrf, "role": "analyst", "region": ""}
        reply = client.post("/admin/users/adm/role?lang=en", data=form, follow_redirects=False)
        assert reply.status_code == 422 and "You cannot take the administrator role from yourself" in reply.text
        assert Accounts(app.state.churnguard.store).get("adm")["active"]
        assert Accounts(app.state.churnguard.store).get("adm")["role"] == "admin"
        # A missing account is not found, as anywhere else.
        assert client.post("/admin/users/nobody/disable", data={"csrf_token": csrf}).status_code == 404


def test_role_region_and_password_changes_show_and_hold(sqlite_world: World) -> None:
    with open_ops(sqlite_world.settings) as store:
        Accounts(store).add("mover", name="调岗测试", role="agent", password=NEW_PASSWORD, now=datetime(2025, 1, 1))
    with _signed_in(sqlite_world, "admin") as (client, csrf, app):
        # The rules of adding hold for a change too: a supervisor needs a region.
        form = {"csrf_token": csrf, "role": "supervisor", "region": " "}
        reply = client.post("/admin/users/mover/role", data=form, follow_redirects=False)
        assert reply.status_code == 422 and "A supervisor needs a region" in reply.text
        form["region"] = sqlite_world.region
        reply = client.post("/admin/users/mover/role", data=form, follow_redirects=False)
        assert reply.status_code == 303
        page = client.get(reply.headers["location"])
        assert "Role and region of mover changed." in page.text
        row = _row(page.text, "mover")
        assert "Supervisor" in row and sqlite_world.region in row
        me = client.post("/api/v1/token", json={"username": "mover", "password": NEW_PASSWORD}).json()
        bearer = {"Authorization": "Bearer " + me["access_token"]}
        assert client.get("/api/v1/me", headers=bearer).json()["role"] == "supervisor"  # from the next request
        changed = app.state.churnguard.store.find_audit(action="user.role", text="mover", limit=1)[0]
        assert json.loads(changed["detail"]) == {"role": ["agent", "supervisor"], "region": [None, sqlite_world.region]}
        # A weak new password is refused with the message; a good one ends the account's tokens.
        reply = client.post("/admin/users/mover/password", data={"csrf_token": csrf, "password": "mover12345678"})
        assert reply.status_code == 422 and "too easy to guess" in reply.text
        reply = client.post(
            "/admin/users/mover/password", data={"csrf_token": csrf, "password": PASSWORD}, follow_redirects=False
        )
        assert reply.status_code == 303
        assert client.get("/api/v1/me", headers=bearer).status_code == 401
        assert not _can_log_in(client, "mover", NEW_PASSWORD) and _can_log_in(client, "mover", PASSWORD)
        entries = [e for e in app.state.churnguard.store.audit_entries() if e["object"] == "mover"]
        assert [e["action"] for e in entries] == ["user.role", "user.password"]
        assert not any(PASSWORD in str(v) for e in entries for v in e.values())


@pytest.mark.parametrize("role", ["analyst", "supervisor", "agent"])
def test_other_roles_may_not_manage_users(sqlite_world: World, role: str) -> None:
    with _signed_in(sqlite_world, role) as (client, csrf, app):
        assert 'href="/admin/users"' not in client.get("/at-risk").text
        assert client.get("/admin/users").status_code == 403
        assert _add(client, csrf, staff_id=f"by{role}", role="admin").status_code == 403
        assert client.post("/admin/users/ana/disable", data={"csrf_token": csrf}).status_code == 403
        form = {"csrf_token": csrf, "role": "admin", "region": ""}
        assert client.post(f"/admin/users/{sqlite_world.users[role]}/role", data=form).status_code == 403
        assert client.get("/audit/export").status_code == 403
        accounts = Accounts(app.state.churnguard.store)
        assert accounts.get(sqlite_world.users[role])["role"] == role and accounts.get("ana")["active"]
        assert f"by{role}" not in {a["staff_id"] for a in accounts.list()}
        denied = [e for e in app.state.churnguard.store.audit_entries() if e["action"] == "access.denied"]
        assert denied[-1]["object"] == "audit.read" and denied[-2]["object"] == "users.manage"


# ---------------------------------------------------------------------------------------------- audit log


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_the_store_filters_the_audit_log_in_its_query(tmp_path, kind: str) -> None:
    for url in _database(kind, tmp_path):
        with open_keyed(url) as store:
            _seed(store)
            store.audit(
                actor="flt_c", role="agent", action="login", outcome="ok", at=datetime(2024, 3, 5), object="a_b"
            )

            def ids(**filters: object) -> list[tuple[str, str | None]]:
                return [(e["actor"], e["object"]) for e in store.find_audit(**filters)]

            assert ids(actor="flt_a") == [("flt_a", "obj-beta 50%"), ("flt_a", "Obj-Alpha")]  # newest first
            assert ids(action="user.add") == [("flt_b", "gamma"), ("flt_a", "Obj-Alpha")]
            assert ids(actor="flt_b", action="login") == [("flt_b", None)]
            # since <= at < until, to the second
            assert ids(since=datetime(2024, 3, 1, 16), until=datetime(2024, 3, 2, 16)) == [
                ("flt_b", "gamma"),
                ("flt_a", "obj-beta 50%"),
            ]
            # Any case; % and _ are looked for as themselves.
            assert ids(text="OBJ") == [("flt_a", "obj-beta 50%"), ("flt_a", "Obj-Alpha")]
            assert ids(text="50%") == [("flt_a", "obj-beta 50%")]
            assert ids(text="a_b") == [("flt_c", "a_b")]
            assert ids(text="a%b") == []
            assert ids(actor="nobody") == []
            assert ids(limit=2, offset=1) == [("flt_b", None), ("flt_b", "gamma")]
            assert store.audit_actions() == ["export", "login", "user.add"]
            assert store.verify_audit().intact


def test_the_audit_page_filters_pages_and_shows_local_times(sqlite_world: World) -> None:
    with _signed_in(sqlite_world, "admin") as (client, _, app):
        _seed(app.state.churnguard.store)
        page = client.get("/audit", params={"actor": "flt_a"})
        assert page.status_code == 200
        rows = _audit_rows(page.text)
        # Shanghai is UTC+8: 15:59:59 UTC is a second before midnight there, 16:00:00 UTC is midnight.
        assert [(r[1], r[2], r[5], r[6]) for r in rows] == [
            ("2024-03-02 00:00:00", "flt_a", "export", "obj-beta 50%"),
            ("2024-03-01 23:59:59", "flt_a", "user added", "Obj-Alpha"),
        ]
        assert "When (UTC+08:00)" in page.text and 'datetime="2024-03-02T00:00:00+08:00"' in page.text
        assert "15:59:59" not in page.text and not re.search(r"\d\d:\d\d:\d\d\.\d", page.text)  # no UTC, no µs
        # A day is the operator's day: 2024-03-02 in Shanghai starts at 16:00 UTC the day before.
        page = client.get("/audit", params={"from": "2024-03-02", "to": "2024-03-02"})
        assert [(r[2], r[6]) for r in _audit_rows(page.text)] == [("flt_b", "gamma"), ("flt_a", "obj-beta 50%")]
        page = client.get("/audit", params={"action": "user.add", "from": "2024-03-01", "to": "2024-03-31"})
        assert [(r[2], r[6]) for r in _audit_rows(page.text)] == [("flt_b", "gamma"), ("flt_a", "Obj-Alpha")]
        assert '<option value="user.add" selected>' in page.text
        page = client.get("/audit", params={"q": "OBJ-"})
        assert [r[6] for r in _audit_rows(page.text)] == ["obj-beta 50%", "Obj-Alpha"]
        page = client.get("/audit", params={"actor": "nobody"})
        assert _audit_rows(page.text) == [["No entries match."]]
        bad = client.get("/audit", params={"from": "2024-02-30"})
        assert bad.status_code == 422 and "Not a date: 2024-02-30." in bad.text
        assert 'id="chain"' in page.text and "Log verified: the keyed chain holds" in page.text
        # Paging keeps the filters.
        many = client.get("/audit", params={"action": "login"})
        if len(_audit_rows(many.text)) == 100:
            assert 'href="?action=login&amp;page=2"' in many.text
        page2 = client.get("/audit", params={"actor": "flt_a", "page": 2})
        assert _audit_rows(page2.text) == [["No entries match."]] and 'href="?actor=flt_a&amp;page=1"' in page2.text


def test_the_times_follow_the_timezone_setting(sqlite_world: World) -> None:
    settings = sqlite_world.settings
    try:
        sqlite_world.settings = settings.model_copy(update={"timezone": "Europe/Berlin"})
        with _signed_in(sqlite_world, "admin") as (client, _, app):
            _seed(app.state.churnguard.store)
            rows = _audit_rows(client.get("/audit", params={"actor": "flt_b", "action": "login"}).text)
            assert rows[0][1] == "2024-03-03 21:00:00"  # CET, UTC+1 in March
    finally:
        sqlite_world.settings = settings
    assert Settings(timezone="Asia/Shanghai").timezone == "Asia/Shanghai"
    for wrong in ("Mars/Olympus", "Asia", "../etc/passwd"):
        with pytest.raises(ValueError, match="time zone"):
            Settings(timezone=wrong)
    from churnguard.config import load_settings

    with pytest.raises(ConfigError) as refused:
        load_settings({"timezone": "Beijing"})
    assert refused.value.params["name"] == "timezone"


def test_the_export_has_the_filtered_rows_in_the_readers_language_and_is_audited(sqlite_world: World) -> None:
    with _signed_in(sqlite_world, "admin") as (client, _, app):
        store = app.state.churnguard.store
        _seed(store)
        page = client.get("/audit", params={"actor": "flt_a", "lang": "zh"})
        assert 'href="/audit/export?actor=flt_a"' in page.text
        reply = client.get("/audit/export", params={"actor": "flt_a"})  # the language cookie says zh
        assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/csv")
        assert reply.headers["content-disposition"].startswith('attachment; filename="audit-log-')
        assert reply.content.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(reply.content.decode("utf-8-sig"))))
        assert rows[0] == ["#", "时间（UTC+08:00）", "操作人", "角色", "来源", "操作", "对象", "结果", "变更内容"]
        assert [r[1:] for r in rows[1:]] == [
            ["2024-03-02 00:00:00", "flt_a", "管理员", "10.0.0.1", "导出", "obj-beta 50%", "成功", ""],
            ["2024-03-01 23:59:59", "flt_a", "管理员", "10.0.0.1", "新增账号", "Obj-Alpha", "成功", ""],
        ]
        assert reply.headers["x-audit-log"] == "intact"
        last = store.audit_entries(limit=1, newest_first=True)[0]
        assert (last["actor"], last["action"], last["object"], last["outcome"]) == (
            "adm",
            "export",
            "audit log rows=2",
            "ok",
        )
        # In English, and with a date range: only what the page would show.
        reply = client.get("/audit/export", params={"from": "2024-03-04", "to": "2024-03-04", "lang": "en"})
        rows = list(csv.reader(io.StringIO(reply.content.decode("utf-8-sig"))))
        assert rows[0][:3] == ["#", "When (UTC+08:00)", "Who"] and [r[2] for r in rows[1:]] == ["flt_b"]
        assert store.verify_audit().intact


def test_an_exported_cell_never_runs_as_a_formula(sqlite_world: World) -> None:
    with _signed_in(sqlite_world, "admin") as (client, _, app):
        # A name typed at the login form that is no account is logged as "?", never as typed.
        client.post("/api/v1/token", json={"username": '=HYPERLINK("http://x")', "password": "wrong-password-1"})
        # Text that a spreadsheet would run, however it reached the log (here: written by hand).
        app.state.churnguard.store.audit(
            actor="+cmd", role="-", action="login", outcome="failed", at=NOW, object='=HYPERLINK("http://x")'
        )
        reply = client.get("/audit/export", params={"action": "login", "q": "", "lang": "en"})
        rows = list(csv.reader(io.StringIO(reply.content.decode("utf-8-sig"))))
        assert "?" in [r[2] for r in rows] and not any("HYPERLINK" in r[2] for r in rows)
        assert any(r[2] == "'+cmd" and r[6].startswith("'=HYPERLINK(") for r in rows)
        assert not any(cell.startswith(("=", "+", "@")) for r in rows for cell in r)


# ---------------------------------------------------------------------------------------------- Chinese


class _Text(HTMLParser):
    """The text a reader sees, less data cells (ids, names, sources, objects: class "code") and the header's
    account name: what test_dashboard_browser's check reads, without a browser."""

    SKIP = frozenset({"script", "style", "title"})

    VOID = frozenset({"input", "br", "meta", "link", "img", "hr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in self.VOID:
            classes = (dict(attrs).get("class") or "").split()
            self.stack.append((tag, tag in self.SKIP or "code" in classes or "me" in classes))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if not any(skip for _, skip in self.stack):
            self.parts.append(data)


def _latin_words(page: str) -> list[str]:
    reader = _Text()
    reader.feed(page)
    text = re.sub(r"\S+=\S*", " ", " ".join(reader.parts))
    words = re.findall(r"[A-Za-z][A-Za-z0-9_()'\-]*", text)
    return sorted(
        {w for w in words if w not in {"ChurnGuard", "English"} and "_" not in w and not re.fullmatch(r"[A-Z0-9]+", w)}
    )


def test_the_admin_pages_in_chinese_show_no_english(sqlite_world: World) -> None:
    with _signed_in(sqlite_world, "admin") as (client, csrf, _):
        _add(client, csrf, staff_id="zhcheck", name="中文检查", role="analyst")  # a user.add entry in the log
        client.post("/admin/users/zhcheck/disable", data={"csrf_token": csrf})
        client.get("/audit/export")
        for path in ("/admin/users?lang=zh", "/audit?lang=zh", "/audit?lang=zh&from=2024-02-30"):
            page = client.get(path)
            assert 'lang="zh-CN"' in page.text
            assert _latin_words(page.text) == [], path


@pytest.mark.parametrize("query", ["to=9999-12-31", "from=0001-01-01", "from=2025-13-01"])
def test_a_day_at_the_calendars_end_or_no_day_is_said_not_crashed(sqlite_world: World, query: str) -> None:
    with _signed_in(sqlite_world, "admin") as (client, _, _):
        for path in ("/audit", "/audit/export"):
            reply = client.get(f"{path}?{query}")
            assert reply.status_code < 500, (path, query, reply.status_code)
