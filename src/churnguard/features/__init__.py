"""Features and labels: snapshot tables now; subscriber × month features later."""

from churnguard.features.catalog import describe_feature
from churnguard.features.snapshot import (
    ColumnSpec,
    Notice,
    Schema,
    TargetMapping,
    detect_target,
    infer_schema,
    leakage_scan,
    map_target,
    prepare,
)

__all__ = [
    "ColumnSpec",
    "Notice",
    "Schema",
    "TargetMapping",
    "describe_feature",
    "detect_target",
    "infer_schema",
    "leakage_scan",
    "map_target",
    "prepare",
]
