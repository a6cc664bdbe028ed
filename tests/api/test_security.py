"""The service's protections, each tried the way an attacker or a careless client would: passwords,
login limits, sessions and tokens, CSRF, security headers, body and page limits, error bodies that echo
nothing, version conflicts, and an audit log that cannot be quietly rewritten."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from world import BASE, NOW, PASSWORD, World, _database

from churnguard.errors import DataError
from churnguard.retention import open_store
from churnguard.retention.accounts import HASHER, Accounts, check_password
from ledgers import open_keyed


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


def test_a_revoked_token_is_refused(sqlite_world: World) -> None:
    app, clock = sqlite_world.app(reports=False)
    clock.advance(hours=12)
    store = app.state.churnguard.store
    with sqlite_world.client(app) as client:
        one, two = sqlite_world.token(client, "analyst"), sqlite_world.token(client, "analyst")
        assert client.delete("/api/v1/token", headers=one).status_code == 204
        assert client.get("/api/v1/me", headers=one).status_code == 401
        assert client.delete("/api/v1/token", headers=one).status_code == 401
        assert client.get("/api/v1/me", headers=two).status_code == 200  # only the token that was sent
        # By the dashboard's session (with its CSRF token, as any cookie request): every token of the account.
        _login(client, sqlite_world, "analyst")
        page = client.get("/at-risk")
        assert client.delete("/api/v1/token").status_code == 403
        assert client.delete("/api/v1/token", headers={"X-CSRF-Token": _csrf(page.text)}).status_code == 204
        assert client.get("/api/v1/me", headers=two).status_code == 401
    revoked = [(e["actor"], e["object"], e["outcome"]) for e in store.audit_entries() if e["action"] == "token.revoke"]
    assert revoked[-2:] == [("ana", "ana tokens=1", "ok"), ("ana", "ana tokens=1", "ok")]


def test_logout_and_a_new_password_end_the_accounts_tokens(sqlite_world: World) -> None:
    app, clock = sqlite_world.app(reports=False)
    clock.advance(hours=13)
    state = app.state.churnguard
    with sqlite_world.client(app) as client:
        headers = sqlite_world.token(client, "supervisor")
        _login(client, sqlite_world, "supervisor")
        page = client.get("/at-risk")
        assert client.post("/logout", data={"csrf_token": _csrf(page.text)}, follow_redirects=False).status_code == 303
        assert client.get("/api/v1/me", headers=headers).status_code == 401  # the token did not outlive the logout
        headers = sqlite_world.token(client, "supervisor")
        state.accounts.set_password(sqlite_world.users["supervisor"], PASSWORD)  # an admin sets a password
        assert client.get("/api/v1/me", headers=headers).status_code == 401


# ---------------------------------------------------------------- the login form: forgery, limits, what is kept

FOREIGN = {
    "foreign origin": {"Origin": "https://evil.example"},
    "sibling origin": {"Origin": "https://app.testserver"},
    "plain http origin": {"Origin": "http://testserver"},
    "null origin": {"Origin": "null"},
    "foreign referer": {"Referer": "https://evil.example/login"},
    "no origin nor referer": {},
}


@pytest.mark.parametrize(
    "case", ["token '-' without cookie", "no cookie", "another page's token", "no token", *FOREIGN]
)
def test_a_forged_login_post_is_refused_and_signs_no_one_in(sqlite_world: World, case: str) -> None:
    app, clock = sqlite_world.app(reports=False)
    clock.advance(hours=14)
    store = app.state.churnguard.store
    before = len(store.audit_entries())
    # A client that sends no Origin of its own: each case says what the browser would have sent.
    with TestClient(app, base_url=BASE) as client:
        form = {
            "username": sqlite_world.users["admin"],
            "password": PASSWORD,
            "csrf_token": _csrf(client.get("/login").text),
        }
        headers = FOREIGN.get(case, {"Origin": BASE})
        if case == "token '-' without cookie":
            client.cookies.clear()
            form["csrf_token"] = "-"
        elif case == "no cookie":
            client.cookies.clear()
        elif case == "another page's token":
            client.get("/login")  # a new cookie: the first page's token is not its token
        elif case == "no token":
            del form["csrf_token"]
        reply = client.post("/login", data=form, headers=headers, follow_redirects=False)
        assert reply.status_code == 403, case
        assert "cg_session" not in reply.headers.get("set-cookie", "") and "cg_session" not in client.cookies
        assert client.get("/api/v1/me").status_code == 401
        # The same post as the service's own page sends it signs in: by Origin, or by Referer alone.
        form["csrf_token"] = _csrf(client.get("/login").text)
        good = {"Origin": BASE} if "origin" in case else {"Referer": BASE + "/login"}
        assert client.post("/login", data=form, headers=good, follow_redirects=False).status_code == 303
    # The refused post checked no password: the only login in the log is the good one.
    assert [e["outcome"] for e in store.audit_entries()[before:] if e["action"] == "login"] == ["ok"]


def test_a_name_that_is_no_account_is_never_kept_as_typed(sqlite_world: World) -> None:
    app, clock = sqlite_world.app(reports=False)
    clock.advance(hours=15)
    store = app.state.churnguard.store
    before = len(store.audit_entries())
    typed = PASSWORD  # the password, typed into the user-name field by mistake
    with TestClient(app, base_url=BASE, headers={"Origin": BASE}, client=("10.21.0.1", 50000)) as client:
        assert client.post("/api/v1/token", json={"username": typed, "password": "x"}).status_code == 401
        form = {"username": typed, "password": "x", "csrf_token": _csrf(client.get("/login").text)}
        assert client.post("/login", data=form).status_code == 401
        wrong = {"username": sqlite_world.users["agent_b"], "password": "wrong password here"}
        assert client.post("/api/v1/token", json=wrong).status_code == 401
    logins = [e for e in store.audit_entries()[before:] if e["action"] == "login"]
    assert [(e["actor"], e["outcome"]) for e in logins] == [
        ("?", "failed"),
        ("?", "failed"),
        (sqlite_world.users["agent_b"], "failed"),
    ]
    assert not any(typed in str(value) for entry in store.audit_entries() for value in entry.values())


def test_parallel_wrong_logins_check_at_most_the_limit(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    app, clock = world.app(reports=False)
    clock.advance(hours=16)
    state = app.state.churnguard
    if "racer" not in {a["staff_id"] for a in state.accounts.list()}:
        state.accounts.add("racer", name="Racer", role="agent", password=PASSWORD, now=NOW)
    checked, lock, verify = [], threading.Lock(), Accounts.verify

    def counting(self: Accounts, staff_id: str, password: str) -> object:
        with lock:
            checked.append(staff_id)
        return verify(self, staff_id, password)

    monkeypatch.setattr(Accounts, "verify", counting)
    barrier = threading.Barrier(30)
    with TestClient(app, base_url=BASE, client=("10.30.0.1", 50000)) as client:

        def attempt(i: int) -> int:
            barrier.wait()
            return client.post("/api/v1/token", json={"username": "racer", "password": f"wrong-{i}"}).status_code

        with ThreadPoolExecutor(30) as pool:
            statuses = Counter(pool.map(attempt, range(30)))
    assert len(checked) == state.settings.login_failures == 5, f"{len(checked)} of 30 passwords checked"
    assert statuses == {401: 5, 429: 25}
    outcomes = Counter(e["outcome"] for e in state.store.audit_entries() if e["actor"] == "racer")
    assert outcomes == {"failed": 5, "locked": 25}


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
            # The login page names this service to itself only (its form posts must carry their Origin).
            assert h["referrer-policy"] == ("same-origin" if reply.url.path == "/login" else "no-referrer")
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


def _chunked_json(note_bytes: int) -> object:
    """A JSON body streamed in 8 KiB pieces (the client sends it chunked, with no Content-Length)."""
    yield b'{"version": 1, "note": "'
    for start in range(0, note_bytes, 8192):
        yield b"x" * min(8192, note_bytes - start)
    yield b'"}'


def test_a_streamed_body_over_the_limit_is_413(sqlite_world: World) -> None:
    app, clock = sqlite_world.app(reports=False)
    clock.advance(hours=17)
    store = app.state.churnguard.store
    order = sqlite_world.orders["own"]
    before = store.order(order)["version"]
    with sqlite_world.client(app) as client:
        headers = sqlite_world.token(client, "admin") | {"Content-Type": "application/json"}
        reply = client.patch(f"/api/v1/work-orders/{order}", content=_chunked_json(70_000), headers=headers)
        assert "content-length" not in reply.request.headers and reply.request.headers["transfer-encoding"] == "chunked"
        assert reply.status_code == 413 and "65536" in reply.json()["error"]
        form = (b"username=adm&password=" + b"x" * 8192 for _ in range(9))
        reply = client.post("/login", content=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert reply.status_code == 413
        # Within the limit a streamed body is read as any other (version 0 is stale: 409, not 413 or 422).
        small = iter([json.dumps({"version": 0, "status": "in_progress"}).encode()])
        assert client.patch(f"/api/v1/work-orders/{order}", content=small, headers=headers).status_code == 409
    assert store.order(order)["version"] == before


def test_the_limit_counts_every_piece_of_a_stream(sqlite_world: World) -> None:
    # The server hands a streamed body over in pieces: ten of 8 KiB, none alone over the limit.
    app, _ = sqlite_world.app(reports=False)
    pieces = [{"type": "http.request", "body": b"x" * 8192, "more_body": i < 9} for i in range(10)]
    sent: list[dict] = []

    async def receive() -> dict:
        return pieces.pop(0) if pieces else {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "https",
        "path": "/login",
        "raw_path": b"/login",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), (b"content-type", b"application/x-www-form-urlencoded")],
        "client": ("10.40.0.1", 50000),
        "server": ("testserver", 443),
    }
    asyncio.run(app(scope, receive, send))
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 413
    assert len(pieces) == 1  # refused at the ninth piece (8 × 8 KiB is the limit itself), the tenth never read


def test_options_and_405_name_every_method_of_a_resource(sqlite_world: World) -> None:
    app, _ = sqlite_world.app(reports=False)
    order = f"/api/v1/work-orders/{sqlite_world.orders['own']}"
    with sqlite_world.client(app) as client:
        reply = client.options(order)
        assert reply.status_code == 204 and reply.headers["allow"] == "GET, PATCH, OPTIONS"
        assert reply.headers["x-frame-options"] == "DENY"  # the service's headers, as on every reply
        reply = client.delete(order, headers=sqlite_world.token(client, "admin"))
        assert reply.status_code == 405 and reply.headers["allow"] == "GET, PATCH, OPTIONS"
        assert client.get(order + "/contacts").headers["allow"] == "POST, OPTIONS"
        assert client.put("/api/v1/token").headers["allow"] == "POST, DELETE, OPTIONS"
        assert client.options("/api/v1/token").headers["allow"] == "POST, DELETE, OPTIONS"
        page = client.put("/login")  # a dashboard page: the styled error page, with the same header
        assert page.status_code == 405 and page.headers["allow"] == "GET, POST, OPTIONS"
        assert page.headers["content-type"].startswith("text/html")
        assert client.options("/no-such-path").status_code == 404


def test_a_stale_version_is_a_conflict_and_changes_nothing(world: World) -> None:
    app, clock = world.app(reports=False)
    clock.advance(hours=7)
    store = app.state.churnguard.store
    order = world.extra["orders_of_a"][-1]
    before = store.order(order)["status"]
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
    # The change's entry says what changed, before and after; the log still proves itself.
    changed = [e for e in store.audit_entries() if e["action"] == "order.update" and e["outcome"] == "ok"][-1]
    assert json.loads(changed["detail"]) == ({} if before == "in_progress" else {"status": [before, "in_progress"]})
    assert store.verify_audit().intact


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
    assert store.verify_audit().intact


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
    with open_keyed(str(path)) as store:
        for i in range(4):
            store.audit(actor=f"u{i}", role="agent", action="login", outcome="ok", at=datetime(2025, 1, 1, 9, i))
        assert store.verify_audit().intact
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
    with open_keyed(str(path)) as store:  # every kind of tampering: tests/retention/test_audit.py
        found = [(p.key, p.entry) for p in store.verify_audit().problems]
    assert found == [("audit.guard_missing", None), ("audit.edited", 2)]


def test_the_audit_log_is_append_only_on_postgresql(tmp_path) -> None:
    from datetime import datetime

    import sqlalchemy as sa

    for url in _database("postgresql", tmp_path):
        with open_keyed(url) as store:
            for i in range(3):
                store.audit(actor=f"u{i}", role="agent", action="login", outcome="ok", at=datetime(2025, 1, 1, 9, i))
            for statement in ("UPDATE audit_log SET outcome = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log"):
                with pytest.raises(sa.exc.DBAPIError, match="append-only"), store.engine.begin() as conn:
                    conn.execute(sa.text(statement))
            assert len(store.audit_entries()) == 3 and store.verify_audit().intact
