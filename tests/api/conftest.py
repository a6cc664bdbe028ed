"""The served operator's fixtures (see world.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from world import World, _database, build_world


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, scored_operator: Callable[..., tuple]
) -> Iterator[World]:
    """The served operator on one database or the other (every test using it runs on both)."""
    root = tmp_path_factory.mktemp(f"api-{request.param}")
    for store in _database(request.param, root):
        yield build_world(root, store, scored_operator)


@pytest.fixture(scope="module")
def sqlite_world(tmp_path_factory: pytest.TempPathFactory, scored_operator: Callable[..., tuple]) -> World:
    """The served operator on SQLite only (for tests about the app, not the database)."""
    root = tmp_path_factory.mktemp("api-sqlite-only")
    return build_world(root, str(root / "ops.sqlite"), scored_operator)
