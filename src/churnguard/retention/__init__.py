"""Retention operations: the operational store (work orders, campaigns, contacts, outcomes, audit)."""

from churnguard.retention.store import Store, open_store

__all__ = ["Store", "open_store"]
