"""Reading, validating and loading data; sample data sets."""

from churnguard.data.ingest import Table, read_table, write_table

__all__ = ["Table", "read_table", "write_table"]
