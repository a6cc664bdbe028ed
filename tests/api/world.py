"""A small operator served by the app (fixtures in conftest.py): the 600-line simulated operator scored
for two months, a campaign
with work orders, and one login per role (two account managers), on SQLite or on PostgreSQL.

``World`` names the objects the access tests reach for: a line and an order of account manager A
("own"), of account manager B ("other"), and ids that do not exist ("missing")."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import psycopg
from fastapi.testclient import TestClient

from churnguard.api import create_app
from churnguard.api.serving import pseudonym
from churnguard.config import Settings
from churnguard.keys import keyring_of
from churnguard.retention import open_ops
from churnguard.retention.accounts import Accounts
from churnguard.retention.orders import act_month
from churnguard.retention.policy import DEFAULT_OFFERS, Offer
from churnguard.retention.winback import winback_month
from churnguard.segmenting import segment_month
from churnguard.warehouse import connect

NOW = datetime(2025, 7, 2, 9, 0)
PASSWORD = "Lantern-orchid-47-railway"
ROLES = ("admin", "analyst", "supervisor", "agent")
# Cheap and (by the catalogue's reckoning) effective, so the campaign has orders for several managers. Named
# in Chinese as an operator's own offer would be: the Chinese pages show an operator's names as given.
OFFERS = (*DEFAULT_OFFERS, Offer("test_voucher", "测试代金券", "any", 0.5, 0.9))
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=test"
BASE = "https://testserver"


class Clock:
    """The app's clock, which a test can move forward (idle and absolute session timeouts)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class World:
    settings: Settings
    warehouse: Path
    store: str
    users: dict[str, str]  # role → account id ("agent" is manager A, "agent_b" manager B)
    region: str
    lines: dict[str, str]  # own / other / out_of_region → subscriber id
    orders: dict[str, str]  # own / other / out_of_region → order id
    campaign: str
    month: str
    key: bytes = b""
    extra: dict = field(default_factory=dict)

    def app(self, **kw: object) -> tuple[object, Clock]:
        clock = Clock(NOW)
        return create_app(self.settings, clock=clock, **kw), clock

    def client(self, app: object) -> TestClient:
        """A client that sends its requests as the service's own pages would: with the service's origin
        (a browser sends it with every form post, and the login form is refused without it)."""
        return TestClient(app, base_url=BASE, headers={"Origin": BASE})

    def token(self, client: TestClient, role: str) -> dict[str, str]:
        reply = client.post("/api/v1/token", json={"username": self.users[role], "password": PASSWORD})
        assert reply.status_code == 200, reply.text
        return {"Authorization": "Bearer " + reply.json()["access_token"]}

    @contextmanager
    def signed_in(self, role: str) -> Iterator[TestClient]:
        """A browser session of ``role`` on a fresh app: the client, signed in through the login form."""
        app, _ = self.app()
        with self.client(app) as client:
            page = client.get("/login")
            token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
            reply = client.post(
                "/login",
                data={"username": self.users[role], "password": PASSWORD, "csrf_token": token},
                follow_redirects=False,
            )
            assert reply.status_code == 303, reply.text
            yield client

    def line_id(self, role: str, which: str) -> str:
        """The id ``role`` uses for a line: analysts know lines only by their pseudonymous id."""
        if which == "missing":
            return "S99999999"
        sid = self.lines[which]
        return pseudonym(self.key, sid) if role == "analyst" else sid


def _database(kind: str, root: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield str(root / "ops.sqlite")
        return
    name = "cg_api_" + uuid.uuid4().hex[:10]
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def build_world(root: Path, store: str, scored_operator: Callable[..., tuple]) -> World:
    warehouse, settings = scored_operator(root, months=("2025-05", "2025-06"), now=NOW, control_share=0.2)
    settings = settings.model_copy(update={"store": store, "lang": "en"})
    with connect(str(warehouse), memory_limit="1GB", threads=1) as wh:
        segment_month(wh, settings, month="2025-06")  # a win-back file is valued by its tier
    with connect(str(warehouse), memory_limit="1GB", threads=1, read_only=True) as wh, open_ops(settings) as ops:
        plan = act_month(wh, ops, settings, month="2025-06", budget=20_000.0, capacity={}, now=NOW, offers=OFFERS)
        orders = ops.orders(campaign_id=plan.campaign_id)
        # Win-back orders: their lines left in June and are not among June's scores (the served month).
        winback = winback_month(wh, ops, settings, month="2025-06", now=NOW, budget=5_000.0, offers=OFFERS)
        assert winback.campaign_id is not None, "the world needs win-back orders"
        gone = ops.orders(campaign_id=winback.campaign_id)
        owned: dict[str, list[dict]] = {}
        for order in orders:
            if order["owner_id"]:
                owned.setdefault(order["owner_id"], []).append(order)
        managers = sorted(owned, key=lambda m: -len(owned[m]))
        assert len(managers) >= 2, "the campaign must give orders to two account managers"
        a, b = managers[:2]
        lines = wh.sql.execute(
            "SELECT subscriber_id, account_manager_id, county FROM stg_subscribers WHERE subscriber_id IN "
            "(SELECT subscriber_id FROM score_monthly WHERE month = '2025-06')"
        ).df()
        manager = dict(zip(lines["subscriber_id"], lines["account_manager_id"], strict=True))
        # An order may go to a colleague when its manager is full: "own" and "other" are orders whose line
        # the same manager manages, so neither is reachable by the other manager by any route.
        mine = [o for o in owned[a] if manager.get(o["subscriber_id"]) == a]
        theirs = [o for o in owned[b] if manager.get(o["subscriber_id"]) == b]
        assert mine and theirs, "each manager must hold an order on a line they manage"
        owned[a] = mine + [o for o in owned[a] if o not in mine]
        owned[b] = theirs + [o for o in owned[b] if o not in theirs]
        own_line = owned[a][0]["subscriber_id"]
        other_line = owned[b][0]["subscriber_id"]
        region = str(lines.loc[lines["subscriber_id"] == own_line, "county"].iloc[0])
        outside = lines[(lines["county"] != region) & lines["account_manager_id"].isna()]["subscriber_id"]
        county = dict(zip(lines["subscriber_id"], lines["county"], strict=True))
        far = [o for o in orders if county.get(o["subscriber_id"]) != region]
        accounts = Accounts(ops)
        users = {"admin": "adm", "analyst": "ana", "supervisor": "sup", "agent": a, "agent_b": b}
        # Account manager A works in the supervisor's region, B in another: whom the supervisor may give orders.
        elsewhere = sorted(set(lines["county"].dropna()) - {region})[0]
        regions = {"supervisor": region, "agent": region, "agent_b": elsewhere}
        for role, staff_id in users.items():
            accounts.add(
                staff_id,
                name={"admin": "Admin", "analyst": "王分析", "supervisor": "李主管"}.get(role, staff_id),
                role="agent" if role.startswith("agent") else role,
                region=regions.get(role),
                password=PASSWORD,
                now=NOW - timedelta(days=1),
            )
        key = keyring_of(settings).pseudonym_key  # the service's key for analysts' pseudonyms
    return World(
        settings=settings,
        warehouse=warehouse,
        store=store,
        users=users,
        region=region,
        lines={"own": own_line, "other": other_line, "out_of_region": str(outside.iloc[0])},
        orders={"own": owned[a][0]["order_id"], "other": owned[b][0]["order_id"], "out_of_region": far[0]["order_id"]},
        campaign=plan.campaign_id,
        month="2025-06",
        key=key,
        extra={
            "orders_of_a": [o["order_id"] for o in owned[a]],
            "all_orders": len(orders),
            "winback": [(o["order_id"], o["owner_id"], o["subscriber_id"]) for o in gone],
        },
    )
