"""Paged API lists (routes/common.py ``paging``): which rows a page holds, the reply's paging fields, the
operator's page-size cap, and sign-in checked before the page size."""

from __future__ import annotations

import pytest
from world import World

from churnguard.api.routes.common import Paging


def test_a_page_is_its_share_of_the_rows_and_says_where_it_is() -> None:
    rows = list(range(7))
    assert [Paging(p, 3).of(rows) for p in (1, 2, 3, 4)] == [[0, 1, 2], [3, 4, 5], [6], []]
    assert Paging(3, 25).offset == 50
    assert Paging(2, 3).reply(7, [3, 4, 5]) == {"total": 7, "page": 2, "page_size": 3, "rows": [3, 4, 5]}


@pytest.mark.parametrize("path", ["/api/v1/warnings", "/api/v1/audit"])
def test_pages_of_a_list_add_up_to_a_longer_page(sqlite_world: World, path: str) -> None:
    app, clock = sqlite_world.app(reports=False)
    entry = {"actor": "pager", "role": "admin", "action": "paging.test", "outcome": "ok", "source": "test"}
    app.state.churnguard.store.audit_many([{"at": clock(), "object": str(n), **entry} for n in range(12)])
    with sqlite_world.client(app) as client:
        headers = sqlite_world.token(client, "admin")

        def page(number: int, size: int) -> dict:
            reply = client.get(path, params={"page": number, "page_size": size}, headers=headers)
            assert reply.status_code == 200, reply.text
            return reply.json()

        whole = page(2, 4)
        assert len(whole["rows"]) == 4
        halves = [page(3, 2), page(4, 2)]
        assert halves[0]["rows"] + halves[1]["rows"] == whole["rows"]
        if path.endswith("warnings"):
            assert {k: halves[1][k] for k in ("total", "page", "page_size")} == {
                "total": whole["total"],
                "page": 4,
                "page_size": 2,
            }
        too_big = sqlite_world.settings.page_size_max + 1
        assert client.get(path, params={"page_size": too_big}, headers=headers).status_code == 422
        assert client.get(path, params={"page": 0}, headers=headers).status_code == 422
        # Who is asking comes before what they ask for.
        assert client.get(path, params={"page_size": too_big}).status_code == 401
