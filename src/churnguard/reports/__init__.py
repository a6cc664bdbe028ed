"""Reports: the monthly churn report, rendered as one self-contained HTML file or an Excel workbook."""

from churnguard.reports.monthly import MonthlyReport, monthly_report

__all__ = ["MonthlyReport", "monthly_report"]
