"""Segments and value: RFM groups, value tiers, CLV, lifecycle stages and migration, behaviour clusters.

Every function here is pure: it takes rows of the monthly mart (or arrays) and keyword parameters and
returns new frames or values, never reading settings, files or the warehouse. See
``docs/concepts/segments.md``.
"""

from churnguard.segments.clusters import (
    DEFAULT_BEHAVIOUR_COLUMNS,
    ClusterModel,
    align,
    assign,
    fit_clusters,
    profiles,
)
from churnguard.segments.lifecycle import STAGES, Migration, lifecycle_stage, migration_matrix
from churnguard.segments.value import (
    DEFAULT_ENTERPRISE_BANDS,
    DEFAULT_INDIVIDUAL_BANDS,
    RFM_GROUPS,
    SERVICE_LEVELS,
    TIERS,
    ServiceLevel,
    clv,
    rfm_groups,
    value_tiers,
)

__all__ = [
    "DEFAULT_BEHAVIOUR_COLUMNS",
    "DEFAULT_ENTERPRISE_BANDS",
    "DEFAULT_INDIVIDUAL_BANDS",
    "RFM_GROUPS",
    "SERVICE_LEVELS",
    "STAGES",
    "TIERS",
    "ClusterModel",
    "Migration",
    "ServiceLevel",
    "align",
    "assign",
    "clv",
    "fit_clusters",
    "lifecycle_stage",
    "migration_matrix",
    "profiles",
    "rfm_groups",
    "value_tiers",
]
