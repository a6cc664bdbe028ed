"""The service's protections, each tried the way an attacker or a careless client would: passwords,
login limits, sessions and tokens, CSRF, security headers, body and page limits, error bodies that echo
nothing, version conflicts, and an audit log that cannot be quietly rewritten."""

from __future__ import annotations

import re
import sqlite3

import pytest
from world import PASSWORD, World, _database

from churnguard.errors import DataError
from churnguard.retention import open_store
from churnguard.retention.accounts import HASHER, Accounts, check_password


def _login(client, world: World, role: str, password: str = PASSWORD):
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return client.post(
        "/login",
        data={"username": world.users[role], "password": password, "csrf_token": token},
        follow_redirects=False,
    )


def _csrf(page_text: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page_text).group(1)


# ---------------------------------------------------------------- passwords


@pytest.mark.parametrize(
    ("password", "key"),
    [
        ("short-1A", "account.password_length"),
        ("x" * 129, "account.password_length"),
        ("password1234", "account.password_common"),
        ("qwertyuiop123", "account.password_common"),
        ("aaaaaaaaaaaaaaaa", "account.password_weak"),
        ("adm-adm-adm-adm", "account.password_weak"),
    ],
)
def test_weak_short_long_and_common_passwords_are_refused(password: str, key: str) -> None:
    with pytest.raises(DataError) as caught:
        check_password(password, staff_id="adm")
    assert caught.value.key == key


def test_a_chinese_passphrase_and_a_long_one_are_accepted_and_hashed_with_argon2id() -> None:
    check_password("春眠不觉晓处处闻啼鸟夜来风雨声")
    check_password("Lantern orchid railway " * 5)
    hashed = HASHER.hash("春眠不觉晓处处闻啼鸟夜来风雨声")
    m, t = re.search(r"^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=\d+\$", hashed).groups()
    assert int(m) >= 19 * 1024 and int(t) >= 2


def test_accounts_verify_disable_and_new_password(tmp_path) -> None:
    from datetime import datetime

    with open_store(str(tmp_path / "ops.sqlite")) as store:
        accounts = Accounts(store)
        accounts.add("zhang", name="张伟", role="agent", password="春眠不觉晓处处闻啼鸟夜来", now=datetime(2025, 1, 1))
        with pytest.raises(DataError) as again:
            accounts.add(
                "zhang", name="张伟", role="agent", password="春眠不觉晓处处闻啼鸟夜来", now=datetime(2025, 1, 1)
            )
        assert again.value.key == "account.exists"
        assert accounts.verify("zhang", "春眠不觉晓处处闻啼鸟夜来").role == "agent"
        assert accounts.verify("zhang", "春眠不觉晓处处闻啼鸟夜") is None
        assert accounts.verify("nobody", "春眠不觉晓处处闻啼鸟夜来") is None
        accounts.set_password("zhang", "Lantern-orchid-47-railway")
        assert accounts.verify("zhang", "春眠不觉晓处处闻啼鸟夜来") is None
        assert accounts.verify("zhang", "Lantern-orchid-47-railway") is not None
        accounts.disable("zhang")
        assert accounts.verify("zhang", "Lantern-orchid-47-railway") is None
        assert "password_hash" not in accounts.list()[0]


# ---------------------------------------------------------------- login, sessions, tokens


def test_logins_are_audited_and_rate_limited_per_account(sqlite_world: World) -> None:
    app, _ = sqlite_world.app(reports=False)
    store = app.state.churnguard.store
    with sqlite_world.client(app) as client:
        for _ in range(5):
            assert _login(client, sqlite_world, "agent_b", "wrong password here").status_code == 401
        # Locked now, even with the right password, for the window.
        locked = _login(client, sqlite_world, "agent_b")
        assert locked.status_code == 429
        assert (
            client.post(
                "/api/v1/token", json={"username": sqlite_world.users["agent_b"], "password": PASSWORD}
            ).status_code
            == 429
        )
        assert _login(client, sqlite_world, "admin").status_code == 303  # another account is not locked
    entries = [e for e in store.audit_entries() if e["action"] == "login"]
    mine = [e for e in entries if e["actor"] == sqlite_world.users["agent_b"]]
    assert [e["outcome"] for e in mine] == ["failed"] * 5 + ["locked", "locked"]
    assert all(e["source"] == "testclient" and e["at"] is not None for e in mine)
    assert entries[-1]["outcome"] == "ok" and entries[-1]["role"] == "admin"


def test_logins_are_rate_limited_per_address(sqlite_world: World) -> None:
    settings = sqlite_world.settings.model_copy(update={"login_failures_address": 3})
    world = World(**{**sqlite_world.__dict__, "settings": settings})
    app, clock = world.app(reports=False)
    clock.advance(hours=1)  # out of the window of the previous test's failures
    with world.client(app) as client:
        for name in ("nobody1", "nobody2", "nobody3"):
            reply = client.post("/api/v1/token", json={"username": name, "password": "wrong password here"})
            assert reply.status_code == 401
        reply = client.post("/api/v1/token", json={"username": world.users["analyst"], "password": PASSWORD})
        assert reply.status_code == 429


def test_the_session_cookie_is_strict_rotated_at_login_and_times_out(sqlite_world: World) -> None:
    app, clock = sqlite_world.app(reports=False)
    clock.advance(hours=2)
    with sqlite_world.client(app) as client:
        first = _login(client, sqlite_world, "analyst")
        cookie = first.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" in cookie
        old = client.cookies.get("cg_session")
        second = _login(client, sqlite_world, "analyst")
        new = client.cookies.get("cg_session")
        assert second.status_code == 303 and new != old
        # The session that was replaced is dead.
        with sqlite_world.client(app) as thief:
            thief.cookies.set("cg_session", old)
            assert thief.get("/at-risk", follow_redirects=False).status_code == 303
        assert client.get("/at-risk").status_code == 200
        clock.advance(minutes=31)  # idle
        assert client.get("/at-risk", follow_redirects=False).headers["location"] == "/login"
        _login(client, sqlite_world, "analyst")
        for _ in range(25):  # active every 29 minutes, for more than the 12 hours a session may live
            clock.advance(minutes=29)
            reply = client.get("/api/v1/me")
            if reply.status_code != 200:
                break
        assert reply.status_code == 401


def test_tokens_expire_and_end_when_the_account_is_disabled(sqlite_world: World) -> None:
    app, clock = sqlite_world.app(reports=False)
    clock.advance(hours=3)
    with sqlite_world.client(app) as client:
        headers = sqlite_world.token(client, "supervisor")
        assert client.get("/api/v1/me", headers=headers).json()["role"] == "supervisor"
        clock.advance(hours=12, minutes=1)
        assert client.get("/api/v1/me", headers=headers).status_code == 401
        assert client.get("/api/v1/me", headers={"Authorization": "Bearer cgt_forged"}).status_code == 401


def test_logout_ends_the_session(sqlite_world: World) -> None:
    app, clock = sqlite_world.app(reports=False)
    clock.advance(hours=4)
    with sqlite_world.client(app) as client:
        _login(client, sqlite_world, "admin")
        page = client.get("/at-risk")
        secret = client.cookies.get("cg_session")
        assert client.post("/logout", data={"csrf_token": _csrf(page.text)}, follow_redirects=False).status_code == 303
        with sqlite_world.client(app) as again:
            again.cookies.set("cg_session", secret)
            assert again.get("/api/v1/me").status_code == 401


# ---------------------------------------------------------------- CSRF, headers, limits, error bodies


def test_state_changing_browser_requests_need_the_csrf_token(sqlite_world: World) -> None:
    app, clock = sqlite_world.app(reports=False)
    clock.advance(hours=5)
    store = app.state.churnguard.store
    order = sqlite_world.orders["own"]
    before = store.order(order)["version"], len(store.contacts(order))
    with sqlite_world.client(app) as client:
        _login(client, sqlite_world, "agent")
        form = {"version": str(before[0]), "reached": "yes", "result": "accepted", "channel": "phone"}
        assert client.post(f"/orders/{order}/contact", data=form, follow_redirects=False).status_code == 403
        form["csrf_token"] = "forged-token"
        assert client.post(f"/orders/{order}/contact", data=form, follow_redirects=False).status_code == 403
        # The JSON API by cookie needs the token too (a bearer token does not: no ambient credential).
        body = {"version": before[0], "status": "in_progress"}
        assert client.patch(f"/api/v1/work-orders/{order}", json=body).status_code == 403
        # The login form itself is protected by its own token.
        assert (
            client.post("/login", data={"username": "adm", "password": PASSWORD}, follow_redirects=False).status_code
            == 403
        )
    assert (store.order(order)["version"], len(store.contacts(order))) == before


def test_security_headers_on_pages_and_api(sqlite_world: World) -> None:
    app, _ = sqlite_world.app(reports=False)
    with sqlite_world.client(app) as client:
        for reply in (client.get("/login"), client.get("/api/v1/me"), client.get("/api/openapi.json")):
            h = reply.headers
            assert "default-src 'self'" in h["content-security-policy"]
            assert "frame-ancestors 'none'" in h["content-security-policy"]
            assert h["x-content-type-options"] == "nosniff"
            assert h["x-frame-options"] == "DENY"
            assert h["referrer-policy"] == "no-referrer"
            assert h["cache-control"] == "no-store"
        assert "no-store" not in client.get("/static/dashboard.css").headers.get("cache-control", "")


def test_bodies_and_pages_have_limits_and_errors_echo_no_input(sqlite_world: World) -> None:
    app, clock = sqlite_world.app(reports=False)
    clock.advance(hours=6)
    with sqlite_world.client(app) as client:
        headers = sqlite_world.token(client, "admin")
        big = {"version": 1, "note": "x" * 70_000}
        assert (
            client.patch(f"/api/v1/work-orders/{sqlite_world.orders['own']}", json=big, headers=headers).status_code
            == 413
        )
        assert client.get("/api/v1/subscribers", params={"page_size": 5000}, headers=headers).status_code == 422
        # A phone number and an ID number in the wrong places must not come back in the error body.
        secret = {"version": "13812345678", "status": "110105196208216696"}
        reply = client.patch(f"/api/v1/work-orders/{sqlite_world.orders['own']}", json=secret, headers=headers)
        assert reply.status_code == 422
        assert "13812345678" not in reply.text and "110105196208216696" not in reply.text
        assert set(reply.json()["fields"]) == {"version", "status"}
        reply = client.get("/api/v1/subscribers", params={"q": "张三 13812345678"}, headers=headers)
        assert reply.status_code == 422 and "13812345678" not in reply.text and "张三" not in reply.text


def test_a_stale_version_is_a_conflict_and_changes_nothing(world: World) -> None:
    app, clock = world.app(reports=False)
    clock.advance(hours=7)
    store = app.state.churnguard.store
    order = world.extra["orders_of_a"][-1]
    with world.client(app) as client:
        headers = world.token(client, "agent")
        version = client.get(f"/api/v1/work-orders/{order}", headers=headers).json()["version"]
        done = client.patch(
            f"/api/v1/work-orders/{order}", json={"version": version, "status": "in_progress"}, headers=headers
        )
        assert done.status_code == 200 and done.json()["version"] == version + 1
        stale = client.post(
            f"/api/v1/work-orders/{order}/contacts",
            json={"version": version, "reached": True, "result": "accepted", "status": "done"},
            headers=headers,
        )
        assert stale.status_code == 409
        assert store.order(order)["status"] == "in_progress" and store.contacts(order) == []
        # An account manager may change the status of their order, not hand it to someone else.
        assert (
            client.patch(
                f"/api/v1/work-orders/{order}", json={"version": version + 1, "owner_id": "adm"}, headers=headers
            ).status_code
            == 403
        )
    actions = [(e["action"], e["object"], e["outcome"]) for e in store.audit_entries()]
    assert ("order.update", order, "ok") in actions and ("order.contact", order, "conflict") in actions
    assert ("order.update", order, "denied") in actions


# ---------------------------------------------------------------- the audit log


def test_sensitive_views_and_exports_are_audited(sqlite_world: World) -> None:
    app, clock = sqlite_world.app(reports=False)
    clock.advance(hours=8)
    store = app.state.churnguard.store
    with sqlite_world.client(app) as client:
        headers = sqlite_world.token(client, "supervisor")
        line = sqlite_world.lines["own"]
        detail = client.get(f"/api/v1/subscribers/{line}", headers=headers).json()
        assert "*" not in detail["msisdn"]
        masked = client.get(f"/api/v1/subscribers/{line}", params={"masked": True}, headers=headers).json()
        assert "****" in masked["msisdn"]
        export = client.get("/api/v1/subscribers/export", params={"tier": "mid"}, headers=headers)
        assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
        rows = export.content.decode("utf-8-sig").splitlines()
        assert len(rows) > 1 and not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", export.text)
        agent = sqlite_world.token(client, "agent")
        assert client.get("/api/v1/subscribers/export", headers=agent).status_code == 403
    entries = store.audit_entries()
    views = [e for e in entries if e["action"] == "customer.view_unmasked" and e["object"] == line]
    assert (
        len(views) == 1 and views[0]["role"] == "supervisor" and views[0]["actor"] == sqlite_world.users["supervisor"]
    )
    exports = [e for e in entries if e["action"] == "export"]
    assert exports[-1]["object"] == f"subscribers rows={len(rows) - 1}"
    assert [e for e in entries if e["action"] == "access.denied"][-1]["object"] == "subscribers.export"
    assert store.verify_audit() is None


def test_the_audit_log_keeps_writing_after_the_app_stops_and_starts_again(sqlite_world: World) -> None:
    # Every lifespan's end stops the audit writer; the next one's entries must still land, not hang.
    app, _ = sqlite_world.app(reports=False)
    store = app.state.churnguard.store
    before = len(store.audit_entries())
    for _ in range(3):
        with sqlite_world.client(app) as client:
            headers = sqlite_world.token(client, "supervisor")
            reply = client.get("/api/v1/subscribers/export", params={"tier": "mid"}, headers=headers)
            assert reply.status_code == 200
    actions = [e["action"] for e in store.audit_entries()[before:]]
    assert actions.count("export") == 3 and actions.count("login") >= 3


def test_the_audit_log_refuses_changes_and_its_chain_shows_tampering(tmp_path) -> None:
    from datetime import datetime

    path = tmp_path / "ops.sqlite"
    with open_store(str(path)) as store:
        for i in range(4):
            store.audit(actor=f"u{i}", role="agent", action="login", outcome="ok", at=datetime(2025, 1, 1, 9, i))
        assert store.verify_audit() is None
    raw = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute("UPDATE audit_log SET outcome = 'failed' WHERE entry_id = 2")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute("DELETE FROM audit_log WHERE entry_id = 3")
    # Someone with the database owner's rights drops the guard and rewrites history: the chain tells.
    raw.execute("DROP TRIGGER audit_log_no_update")
    raw.execute("UPDATE audit_log SET actor = 'someone_else' WHERE entry_id = 2")
    raw.commit()
    raw.close()
    with open_store(str(path)) as store:
        assert store.verify_audit() == 2


def test_the_audit_log_is_append_only_on_postgresql(tmp_path) -> None:
    from datetime import datetime

    import sqlalchemy as sa

    for url in _database("postgresql", tmp_path):
        with open_store(url) as store:
            for i in range(3):
                store.audit(actor=f"u{i}", role="agent", action="login", outcome="ok", at=datetime(2025, 1, 1, 9, i))
            for statement in ("UPDATE audit_log SET outcome = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log"):
                with pytest.raises(sa.exc.DBAPIError, match="append-only"), store.engine.begin() as conn:
                    conn.execute(sa.text(statement))
            assert len(store.audit_entries()) == 3 and store.verify_audit() is None
