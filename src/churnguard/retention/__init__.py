"""Retention operations: the operational store (work orders, campaigns, contacts, outcomes, audit)."""

from churnguard.retention.store import Store, open_ops, open_store

__all__ = ["Store", "open_ops", "open_store"]
