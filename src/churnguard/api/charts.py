"""The dashboard's charts: the one chart engine of the dashboard and the reports,
``churnguard.reports.charts`` (inline SVG, no script, no external asset; see its docstring for sizing
and legibility). It lives with the reports because the API sits above them and may use them, not the
other way round."""

from __future__ import annotations

from churnguard.reports.charts import Figure, Target, bars, columns, line, xy

__all__ = ["Figure", "Target", "bars", "columns", "line", "xy"]
