"""The at-risk list exported as people open it: in the reader's language from the dashboard (headers and
coded values), codes for programs without ``lang``; UTF-8 with a BOM so that Excel reads Chinese."""

from __future__ import annotations

import csv
import io
import re

import pytest
from world import World

from churnguard.api.pages.common import alert_text


def _rows(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.parametrize("role", ["supervisor", "analyst"])
def test_the_dashboard_export_is_in_the_readers_language(sqlite_world: World, role: str) -> None:
    with sqlite_world.signed_in(role) as client:
        page = client.get("/at-risk?lang=zh").text
        link = re.search(r'id="export" href="([^"]+)"', page).group(1).replace("&amp;", "&")
        assert "lang=zh" in link
        rows = _rows(client.get(link).content)
        header, first = rows[0], rows[1]
        assert {"终身价值（元）", "主要原因", "层级"} <= set(header)
        assert not any(re.fullmatch(r"[a-z_0-9]+", h) for h in header), header  # no column codes
        for column in ("层级", "主要原因"):
            value = first[header.index(column)]
            assert value and not re.fullmatch(r"[a-z_]+", value), (column, value)
        # Without ``lang`` a program gets the column names and codes.
        plain = _rows(client.get("/api/v1/subscribers/export").content)
        assert "clv" in plain[0] and "tier" in plain[0]
        assert len(plain) == len(rows)


def test_the_openapi_document_says_how_to_authenticate(sqlite_world: World) -> None:
    app, _ = sqlite_world.app()
    with sqlite_world.client(app) as client:
        spec = client.get("/api/openapi.json").json()
    schemes = spec["components"]["securitySchemes"]
    assert schemes["bearer"] == {**schemes["bearer"], "type": "http", "scheme": "bearer"}
    assert schemes["session"]["in"] == "cookie"
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if (path, method) == ("/api/v1/token", "post"):  # logging in; revoking (delete) needs a token
                assert "security" not in operation
            else:
                assert operation["security"] == [{"bearer": []}, {"session": []}], (method, path)
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "page_size":
                    assert parameter["schema"]["maximum"] == sqlite_world.settings.page_size_max


@pytest.mark.parametrize(
    ("lang", "names"), [("en", "Bill for SMS (CNY), Tenure (months)"), ("zh", "短信出帐（元）、在网时长（月）")]
)
def test_a_drift_alert_names_its_inputs_in_business_words(lang: str, names: str) -> None:
    alert = {
        "month": "2025-06",
        "kind": "feature_drift",
        "severity": "warning",
        "detail": "2 feature(s) shifted (PSI >= 0.25): bill_sms, tenure_months",
    }
    text = alert_text(alert, lang)
    assert text.endswith(names) and "bill_sms" not in text
