"""Schemathesis fuzzes the REST API from its own OpenAPI spec, once per role, in-process over ASGI.

For every generated request: no 5xx, and no status code the spec does not document (403 for a role
without the right, 404 for a missing object, 409 for a stale version, 422 for bad input are all
documented). For the analyst, who must only ever see masked personal data, every reply is also searched
for mobile numbers, resident ID numbers and the full names of the served lines, and the run must have
seen rows, so that the search could have found something. The search itself is checked on an admin's
unmasked customer page, where it must find all three.

Requests are generated from the spec alone (positive and negative data) and also with the ids of
objects the role can really reach, so that customer pages, orders and campaigns are not only 404s.
Generation is derandomized, so a run is repeatable."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.errors import FailureGroup
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import status_code_conformance
from world import ROLES, World

from churnguard.api.serving import pseudonym
from churnguard.keys import keyring_of
from churnguard.warehouse import connect

BASE_URL = "https://testserver"
CHECKS = [not_a_server_error, status_code_conformance]
EXAMPLES = 20  # per operation and role
TOKEN = "POST /api/v1/token"
REVOKE = "DELETE /api/v1/token"  # ends the token it is sent with: fuzzed with a fresh token per request

PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
# Numbers with a fraction (0.007055192959439686 has 18 decimals) are neither, and are blanked first.
DECIMAL = re.compile(r"\d+\.\d+(?:[eE][-+]?\d+)?")
# Random hexadecimal ids (pseudonyms P + 12, campaigns C + 11 and orders W + 11 hex digits) can hold 11
# digits in a row by chance: those known to the store, and any such id with a letter a-f, are blanked too.
HEX_ID = re.compile(r"(?<![0-9A-Za-z])[A-Z]?[0-9a-f]{11,}(?![0-9A-Za-z])")
HEX_LETTER = re.compile(r"[a-f]")
MASKED_NAME = re.compile(r"^[\u4e00-\u9fff]\*+$")


@dataclass
class Fuzz:
    """One app for the module, a token per role and what the checks need to know."""

    world: World
    app: object
    client: TestClient  # holds the app's lifespan open for the module
    schema: schemathesis.BaseSchema
    session: asgi.ASGIClient
    headers: dict[str, dict[str, str]]
    names: frozenset[str]  # full names of the served lines
    known_ids: frozenset[str]  # pseudonyms, order and campaign ids
    path_ids: dict[str, dict[str, list[str]]]  # role → path parameter → ids the role can reach


@dataclass
class Run:
    calls: int = 0
    statuses: Counter = field(default_factory=Counter)  # (operation, status) → replies
    shown: Counter = field(default_factory=Counter)  # operation → customer records in 2xx replies
    masked_names: set[str] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)


def _texts(value: object) -> Iterator[str]:
    """Every string, key and integer in a parsed JSON reply (a phone number sent as a number counts)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, str):
        yield value
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        yield str(int(value))


def _reply_texts(content: bytes, content_type: str) -> Iterator[str]:
    text = content.decode("utf-8", errors="replace")
    if "json" in content_type:
        try:
            yield from _texts(json.loads(text))
            return
        except ValueError:
            pass
    if "csv" in content_type:
        for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
            yield from row
        return
    yield text


def personal_data(content: bytes, content_type: str, names: frozenset[str], known_ids: frozenset[str]) -> list[str]:
    """What in a reply is unmasked personal data: mobile numbers, resident ID numbers, full names."""
    lengths = sorted({len(n) for n in names})
    found = []
    for text in _reply_texts(content, content_type):
        pieces = {text[i : i + n] for n in lengths for i in range(len(text) - n + 1)}
        found += [f"name {name!r} in {text[:80]!r}" for name in sorted(pieces & names)]
        digits = HEX_ID.sub(
            lambda m: " " if m[0] in known_ids or HEX_LETTER.search(m[0]) else m[0], DECIMAL.sub(" ", text)
        )
        found += [f"mobile number {m} in {text[:80]!r}" for m in PHONE.findall(digits)]
        found += [f"resident ID {m} in {text[:80]!r}" for m in RESIDENT_ID.findall(digits)]
    return found


def _customer_records(content: bytes, content_type: str, run: Run) -> int:
    """How many customers a 2xx reply shows (their masked names are kept to check they are masked)."""
    if "csv" in content_type:
        rows = list(csv.DictReader(io.StringIO(content.decode("utf-8").lstrip("\ufeff"))))
        run.masked_names.update(r["name"] for r in rows if r.get("name"))
        return len(rows)
    if "json" not in content_type:
        return 0
    count = 0
    stack = [json.loads(content)]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("name") and ("msisdn" in item or "subscriber_id" in item):
                count += 1
                run.masked_names.add(str(item["name"]))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


def _request_text(response: schemathesis.Response) -> str:
    request = response.request
    body = request.body.decode("utf-8", "replace") if isinstance(request.body, bytes) else request.body
    reply = response.content.decode("utf-8", "replace")
    kind = request.headers.get("content-type")
    return (
        f"{request.method} {request.url}\n  content-type: {kind!r}\n  body: {body!r}\n"
        f"  status: {response.status_code}\n  reply: {reply[:600]}"
    )


def _exchange(fuzz: Fuzz, role: str | None, case: schemathesis.Case, run: Run) -> None:
    headers = fuzz.headers.get(role, {}) if role else {}
    response = case.call(base_url=BASE_URL, session=fuzz.session, headers=headers)
    label = case.operation.label
    run.calls += 1
    run.statuses[label, response.status_code] += 1
    problems = []
    try:
        case.validate_response(
            response,
            checks=CHECKS,
            headers=headers,
            transport_kwargs={"base_url": BASE_URL, "session": fuzz.session, "headers": headers},
        )
    except FailureGroup as group:
        problems.extend(str(failure.title) + ": " + str(failure.message) for failure in group.exceptions)
    if response.status_code >= 500 and not problems:
        problems.append("server error")
    content_type = response.headers.get("content-type", [""])[0]
    if role == "analyst":
        problems += personal_data(response.content, content_type, fuzz.names, fuzz.known_ids)
        if 200 <= response.status_code < 300:
            run.shown[label] += _customer_records(response.content, content_type, run)
    if problems:
        raise AssertionError(_request_text(response) + "\n  " + "\n  ".join(problems))


def _describe(error: BaseException) -> str:
    parts = [f"{type(error).__name__}: {error}", *getattr(error, "__notes__", [])]
    for inner in getattr(error, "exceptions", ()):
        parts.append(_describe(inner))
    return "\n".join(parts)


def _strategy(operation: schemathesis.APIOperation, ids: dict[str, list[str]]) -> st.SearchStrategy:
    strategies = [
        operation.as_strategy(schemathesis.GenerationMode.POSITIVE),
        operation.as_strategy(schemathesis.GenerationMode.NEGATIVE),
    ]
    wanted = re.findall(r"{(\w+)}", operation.path)
    if wanted and all(ids.get(name) for name in wanted):
        combos = [{name: ids[name][i % len(ids[name])] for name in wanted} for i in range(max(map(len, ids.values())))]
        strategies.append(st.sampled_from(combos).flatmap(lambda p: operation.as_strategy(path_parameters=p)))
    return st.one_of(strategies)


def _fuzz(fuzz: Fuzz, role: str | None, schema: schemathesis.BaseSchema, examples: int = EXAMPLES) -> Run:
    run = Run()
    for result in schema.get_all_operations():
        operation = result.ok()
        strategy = _strategy(operation, fuzz.path_ids.get(role, {}) if role else {})

        @settings(
            max_examples=examples,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
            suppress_health_check=[
                HealthCheck.too_slow,
                HealthCheck.filter_too_much,
                HealthCheck.data_too_large,
                HealthCheck.large_base_example,
            ],
        )
        @given(case=strategy)
        def one(case: schemathesis.Case) -> None:
            _exchange(fuzz, role, case, run)

        try:
            one()
        except Exception as error:
            run.failures.append(f"[{role or 'anonymous'}] {operation.label}\n{_describe(error)}")
    return run


def _names(world: World) -> dict[str, str]:
    """subscriber id → full name, from the warehouse (read before the app opens it)."""
    with connect(str(world.warehouse), memory_limit="1GB", threads=1, read_only=True) as wh:
        frame = wh.sql.execute("SELECT subscriber_id, name FROM stg_subscribers WHERE name IS NOT NULL").df()
    ring = keyring_of(world.settings)  # names are kept encrypted: the detector looks for them in clear
    return {s: ring.decrypt(n, "subscribers.name") for s, n in zip(frame["subscriber_id"], frame["name"], strict=True)}


@pytest.fixture(scope="module")
def fuzz(sqlite_world: World) -> Iterator[Fuzz]:
    world = sqlite_world
    names = _names(world)
    app, _ = world.app(reports=False)
    with world.client(app) as client:
        headers = {role: world.token(client, role) for role in ROLES}
        spec = client.get("/api/openapi.json").json()
        state = app.state.churnguard
        served = set(state.snapshot().serving.lines["subscriber_id"])
        orders = [o["order_id"] for o in state.store.orders(campaign_id=world.campaign)]
        campaigns = [c["campaign_id"] for c in state.store.campaigns()]
        path_ids = {}
        for role in ROLES:
            listed = client.get("/api/v1/subscribers", params={"page_size": 20}, headers=headers[role]).json()
            mine = client.get("/api/v1/work-orders", params={"page_size": 20}, headers=headers[role])
            path_ids[role] = {
                "subscriber_id": [r["subscriber_id"] for r in listed["rows"]],
                "order_id": [o["order_id"] for o in mine.json()["rows"]] if mine.status_code == 200 else orders[:5],
                "campaign_id": campaigns,
                "month": [world.month, "2025-05"],
            }
        known = frozenset({pseudonym(world.key, sid) for sid in served} | set(orders) | set(campaigns))
        schema = schemathesis.openapi.from_dict(spec, config=schemathesis.Config())
        yield Fuzz(
            world=world,
            app=app,
            client=client,
            schema=schema,
            session=asgi.get_client(app),
            headers=headers,
            names=frozenset(names[sid] for sid in served if sid in names),
            known_ids=known,
            path_ids=path_ids,
        )


@pytest.mark.parametrize("role", ROLES)
def test_no_server_error_nor_undocumented_status_and_no_personal_data_for_analysts(fuzz: Fuzz, role: str) -> None:
    # Failed logins are rate-limited per account and address, and a revoked token would end the run: the
    # token endpoint's two operations have tests of their own.
    run = _fuzz(fuzz, role, fuzz.schema.exclude(name=TOKEN).exclude(name=REVOKE))
    assert run.failures == [], "\n\n".join(run.failures)
    operations = {label for label, _ in run.statuses}
    assert len(operations) == len(fuzz.schema) - 2 and run.calls >= 10 * len(operations)
    statuses = Counter(status for _, status in run.statuses.elements())
    assert 401 not in statuses, "the role's token must be accepted"
    assert sum(n for status, n in statuses.items() if 200 <= status < 300) >= 50, statuses
    if role == "analyst":
        # The search above could have failed: customers were shown, in lists, the export and customer pages.
        lists = ("GET /api/v1/subscribers", "GET /api/v1/subscribers/export")
        for label in (*lists, "GET /api/v1/subscribers/{subscriber_id}"):
            assert run.shown[label] > 0, (label, run.shown)
        assert run.masked_names and all(MASKED_NAME.match(n) for n in run.masked_names), run.masked_names
    if role in ("analyst", "agent"):
        assert statuses[403] > 0  # some operations are not theirs


@pytest.mark.parametrize("role", ROLES)
def test_revoking_a_token_fuzzed_with_a_fresh_token_each_time(fuzz: Fuzz, role: str) -> None:
    run = Run()
    operation = next(result.ok() for result in fuzz.schema.include(name=REVOKE).get_all_operations())
    revoked = []

    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None)
    @given(case=operation.as_strategy(schemathesis.GenerationMode.POSITIVE))
    def one(case: schemathesis.Case) -> None:
        headers = fuzz.world.token(fuzz.client, role)
        before = run.statuses[REVOKE, 204]
        _exchange(replace(fuzz, headers={role: headers}), role, case, run)
        if run.statuses[REVOKE, 204] > before:
            # Revoked: the token opens nothing any more.
            assert fuzz.client.get("/api/v1/me", headers=headers).status_code == 401
            revoked.append(headers)

    one()
    assert run.failures == [] and run.statuses[REVOKE, 204] == run.calls >= 1, run.statuses
    assert len(revoked) == run.calls


def test_the_token_endpoint_fuzzed_without_credentials(sqlite_world: World, tmp_path: Path) -> None:
    # A copy of the store: the fuzzer's failed logins must not lock this address for the other tests.
    shutil.copyfile(sqlite_world.store, tmp_path / "ops.sqlite")
    settings = sqlite_world.settings.model_copy(update={"store": str(tmp_path / "ops.sqlite")})
    app, _ = World(**{**sqlite_world.__dict__, "settings": settings}).app(reports=False)
    with sqlite_world.client(app) as client:
        spec = client.get("/api/openapi.json").json()
        schema = schemathesis.openapi.from_dict(spec, config=schemathesis.Config())
        fuzz = Fuzz(sqlite_world, app, client, schema, asgi.get_client(app), {}, frozenset(), frozenset(), {})
        run = _fuzz(fuzz, None, schema.include(name=TOKEN).exclude(name=REVOKE), examples=40)
    assert run.failures == [], "\n\n".join(run.failures)
    statuses = Counter(status for _, status in run.statuses.elements())
    assert statuses[422] > 0 and (statuses[401] > 0 or statuses[429] > 0), statuses


def test_the_detector_finds_what_an_admin_may_see_unmasked(fuzz: Fuzz) -> None:
    headers = fuzz.headers["admin"]
    # A line with a name and a number (ID numbers are not kept: checked on arrival, then dropped).
    listed = fuzz.client.get("/api/v1/subscribers", params={"page_size": 50}, headers=headers).json()["rows"]
    line = listed[0]["subscriber_id"]
    unmasked = fuzz.client.get(f"/api/v1/subscribers/{line}", headers=headers)
    masked = fuzz.client.get(f"/api/v1/subscribers/{line}", params={"masked": "true"}, headers=headers)
    assert unmasked.status_code == masked.status_code == 200
    profile = unmasked.json()
    found = personal_data(unmasked.content, unmasked.headers["content-type"], fuzz.names, fuzz.known_ids)
    assert PHONE.fullmatch(profile["msisdn"]) and profile.get("id_number") is None
    assert f"mobile number {profile['msisdn']} in {profile['msisdn']!r}" in found
    assert f"name {profile['name']!r} in {profile['name']!r}" in found
    # The same page masked is clean: the many decimals and ids of a customer page are not taken for either.
    assert personal_data(masked.content, masked.headers["content-type"], fuzz.names, fuzz.known_ids) == []
    # And in a CSV export, as the export would be laid out, next to the line's pseudonym.
    row = {k: profile[k] for k in ("name", "msisdn")} | {"pseudonym": pseudonym(fuzz.world.key, line)}
    sheet = "\ufeff" + ",".join(row) + "\r\n" + ",".join(row.values()) + "\r\n"
    found = personal_data(sheet.encode("utf-8"), "text/csv; charset=utf-8", fuzz.names, fuzz.known_ids)
    assert sorted(f.split(" ")[0] for f in found) == ["mobile", "name"], found


def test_the_spec_documents_every_refusal_the_api_makes(fuzz: Fuzz) -> None:
    # What the fuzzing above relies on: every operation states its refusals, so that they are not undocumented.
    for path, methods in fuzz.schema.raw_schema["paths"].items():
        for method, operation in methods.items():
            codes = set(operation["responses"])
            assert {"401", "403", "404", "413", "422"} <= codes, (method, path, codes)
            if method in ("patch", "post") and path != "/api/v1/token":
                assert "409" in codes, (method, path, codes)
