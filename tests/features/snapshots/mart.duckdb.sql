WITH "t17" AS (
  SELECT
    *
  FROM "stg_status_changes" AS "t2"
  WHERE
    "t2"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
), "t25" AS (
  SELECT
    *
  FROM "stg_usage" AS "t8"
  WHERE
    "t8"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
    AND "t8"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
)
SELECT
  "t101"."subscriber_id",
  "t101"."voice_out_minutes",
  "t101"."voice_in_minutes",
  "t101"."voice_out_calls",
  "t101"."voice_in_calls",
  "t101"."sms_out",
  "t101"."sms_in",
  "t101"."data_mb",
  "t101"."data_sessions",
  "t101"."usage_events",
  "t101"."usage_charge",
  "t101"."roaming_events",
  "t101"."onnet_calls",
  "t101"."offnet_calls",
  "t101"."calls_to_competitor_a",
  "t101"."calls_to_competitor_b",
  "t101"."calls_from_competitor_a",
  "t101"."calls_from_competitor_b",
  "t101"."night_calls",
  "t101"."active_days",
  "t101"."cell_dropped_call_rate",
  "t101"."cell_throughput_mbps",
  "t101"."cell_outage_hours",
  "t101"."outage_exposed_share",
  "t101"."distinct_contacts",
  "t101"."churned_contacts",
  "t101"."bill_total",
  "t101"."discount_total",
  "t101"."net_bill",
  "t101"."bill_voice",
  "t101"."bill_data",
  "t101"."bill_sms",
  "t101"."bill_broadband",
  "t101"."bill_iptv",
  "t101"."bill_value_added",
  "t101"."bill_other",
  "t101"."payments_count",
  "t101"."payments_amount",
  "t101"."arrears_balance",
  "t101"."suspended_arrears_now",
  "t101"."arrears_suspensions_12m",
  "t101"."complaints_1m",
  "t101"."complaints_3m",
  "t101"."complaints_network_3m",
  "t101"."complaints_billing_3m",
  "t101"."complaints_service_3m",
  "t101"."complaints_price_3m",
  "t101"."complaints_broadband_3m",
  "t101"."unresolved_complaints_3m",
  "t101"."hours_to_resolve_3m",
  "t101"."regulator_complaints_12m",
  "t101"."last_survey_score",
  "t101"."tenure_months",
  "t101"."months_to_contract_end",
  "t101"."in_contract",
  "t101"."contract_ends_within_2m",
  "t101"."device_age_months",
  "t101"."plan_monthly_fee",
  "t101"."plan_is_5g",
  "t101"."plan_broadband",
  "t101"."plan_iptv",
  "t101"."plan_data_gb",
  "t101"."plan_voice_minutes",
  "t101"."is_prepaid",
  "t101"."is_enterprise",
  "t101"."age",
  "t101"."has_account_manager",
  "t101"."enterprise_id",
  "t101"."month",
  "t101"."voice_minutes",
  "t101"."onnet_share",
  "t101"."competitor_call_share",
  "t101"."competitor_in_share",
  "t101"."days_since_last_use",
  "t101"."churned_contacts_share",
  "t101"."discount_share",
  "t101"."days_since_last_payment",
  "t101"."mean_payment",
  "t101"."arrears_days",
  "t101"."data_use_vs_plan",
  "t101"."voice_use_vs_plan",
  "t101"."low_survey_score",
  "t101"."voice_mom",
  "t101"."voice_vs_3m",
  "t101"."voice_slope_3m",
  "t101"."data_mom",
  "t101"."data_vs_3m",
  "t101"."data_slope_3m",
  "t101"."events_mom",
  "t101"."events_vs_3m",
  "t101"."events_slope_3m",
  "t101"."revenue_mom",
  "t101"."revenue_vs_3m",
  "t101"."revenue_slope_3m",
  "t101"."active_days_mom",
  "t101"."usage_drop_flag",
  "t101"."revenue_drop_flag",
  "t101"."bill_shock",
  "t101"."enterprise_lines",
  "t101"."enterprise_bill",
  "t101"."enterprise_bill_mom",
  GREATEST(
    CAST(CEIL(
      CUME_DIST() OVER (
        ORDER BY COALESCE("t101"."days_since_last_use", 999.0) DESC
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) * 5
    ) AS BIGINT),
    1
  ) AS "rfm_recency_score",
  GREATEST(
    CAST(CEIL(
      CUME_DIST() OVER (
        ORDER BY COALESCE("t101"."active_days", 0) ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) * 5
    ) AS BIGINT),
    1
  ) AS "rfm_frequency_score",
  GREATEST(
    CAST(CEIL(
      CUME_DIST() OVER (
        ORDER BY COALESCE("t101"."net_bill", 0.0) ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) * 5
    ) AS BIGINT),
    1
  ) AS "rfm_monetary_score"
FROM (
  SELECT
    "t100"."subscriber_id",
    "t100"."voice_out_minutes",
    "t100"."voice_in_minutes",
    "t100"."voice_out_calls",
    "t100"."voice_in_calls",
    "t100"."sms_out",
    "t100"."sms_in",
    "t100"."data_mb",
    "t100"."data_sessions",
    "t100"."usage_events",
    "t100"."usage_charge",
    "t100"."roaming_events",
    "t100"."onnet_calls",
    "t100"."offnet_calls",
    "t100"."calls_to_competitor_a",
    "t100"."calls_to_competitor_b",
    "t100"."calls_from_competitor_a",
    "t100"."calls_from_competitor_b",
    "t100"."night_calls",
    "t100"."active_days",
    "t100"."cell_dropped_call_rate",
    "t100"."cell_throughput_mbps",
    "t100"."cell_outage_hours",
    "t100"."outage_exposed_share",
    "t100"."distinct_contacts",
    "t100"."churned_contacts",
    "t100"."bill_total",
    "t100"."discount_total",
    "t100"."net_bill",
    "t100"."bill_voice",
    "t100"."bill_data",
    "t100"."bill_sms",
    "t100"."bill_broadband",
    "t100"."bill_iptv",
    "t100"."bill_value_added",
    "t100"."bill_other",
    "t100"."payments_count",
    "t100"."payments_amount",
    "t100"."arrears_balance",
    "t100"."suspended_arrears_now",
    "t100"."arrears_suspensions_12m",
    "t100"."complaints_1m",
    "t100"."complaints_3m",
    "t100"."complaints_network_3m",
    "t100"."complaints_billing_3m",
    "t100"."complaints_service_3m",
    "t100"."complaints_price_3m",
    "t100"."complaints_broadband_3m",
    "t100"."unresolved_complaints_3m",
    "t100"."hours_to_resolve_3m",
    "t100"."regulator_complaints_12m",
    "t100"."last_survey_score",
    "t100"."tenure_months",
    "t100"."months_to_contract_end",
    "t100"."in_contract",
    "t100"."contract_ends_within_2m",
    "t100"."device_age_months",
    "t100"."plan_monthly_fee",
    "t100"."plan_is_5g",
    "t100"."plan_broadband",
    "t100"."plan_iptv",
    "t100"."plan_data_gb",
    "t100"."plan_voice_minutes",
    "t100"."is_prepaid",
    "t100"."is_enterprise",
    "t100"."age",
    "t100"."has_account_manager",
    "t100"."enterprise_id",
    "t100"."month",
    "t100"."voice_minutes",
    "t100"."onnet_share",
    "t100"."competitor_call_share",
    "t100"."competitor_in_share",
    "t100"."days_since_last_use",
    "t100"."churned_contacts_share",
    "t100"."discount_share",
    "t100"."days_since_last_payment",
    "t100"."mean_payment",
    "t100"."arrears_days",
    "t100"."data_use_vs_plan",
    "t100"."voice_use_vs_plan",
    "t100"."low_survey_score",
    "t100"."voice_mom",
    "t100"."voice_vs_3m",
    "t100"."voice_slope_3m",
    "t100"."data_mom",
    "t100"."data_vs_3m",
    "t100"."data_slope_3m",
    "t100"."events_mom",
    "t100"."events_vs_3m",
    "t100"."events_slope_3m",
    "t100"."revenue_mom",
    "t100"."revenue_vs_3m",
    "t100"."revenue_slope_3m",
    "t100"."active_days_mom",
    "t100"."usage_drop_flag",
    "t100"."revenue_drop_flag",
    "t100"."bill_shock",
    "t93"."enterprise_lines",
    "t93"."enterprise_bill",
    "t93"."enterprise_bill_mom"
  FROM (
    SELECT
      "t98"."subscriber_id",
      "t98"."voice_out_minutes",
      "t98"."voice_in_minutes",
      "t98"."voice_out_calls",
      "t98"."voice_in_calls",
      "t98"."sms_out",
      "t98"."sms_in",
      "t98"."data_mb",
      "t98"."data_sessions",
      "t98"."usage_events",
      "t98"."usage_charge",
      "t98"."roaming_events",
      "t98"."onnet_calls",
      "t98"."offnet_calls",
      "t98"."calls_to_competitor_a",
      "t98"."calls_to_competitor_b",
      "t98"."calls_from_competitor_a",
      "t98"."calls_from_competitor_b",
      "t98"."night_calls",
      "t98"."active_days",
      "t98"."cell_dropped_call_rate",
      "t98"."cell_throughput_mbps",
      "t98"."cell_outage_hours",
      "t98"."outage_exposed_share",
      "t98"."distinct_contacts",
      "t98"."churned_contacts",
      "t98"."bill_total",
      "t98"."discount_total",
      "t98"."net_bill",
      "t98"."bill_voice",
      "t98"."bill_data",
      "t98"."bill_sms",
      "t98"."bill_broadband",
      "t98"."bill_iptv",
      "t98"."bill_value_added",
      "t98"."bill_other",
      "t98"."payments_count",
      "t98"."payments_amount",
      "t98"."arrears_balance",
      "t98"."suspended_arrears_now",
      "t98"."arrears_suspensions_12m",
      "t98"."complaints_1m",
      "t98"."complaints_3m",
      "t98"."complaints_network_3m",
      "t98"."complaints_billing_3m",
      "t98"."complaints_service_3m",
      "t98"."complaints_price_3m",
      "t98"."complaints_broadband_3m",
      "t98"."unresolved_complaints_3m",
      "t98"."hours_to_resolve_3m",
      "t98"."regulator_complaints_12m",
      "t98"."last_survey_score",
      "t98"."tenure_months",
      "t98"."months_to_contract_end",
      "t98"."in_contract",
      "t98"."contract_ends_within_2m",
      "t98"."device_age_months",
      "t98"."plan_monthly_fee",
      "t98"."plan_is_5g",
      "t98"."plan_broadband",
      "t98"."plan_iptv",
      "t98"."plan_data_gb",
      "t98"."plan_voice_minutes",
      "t98"."is_prepaid",
      "t98"."is_enterprise",
      "t98"."age",
      "t98"."has_account_manager",
      "t98"."enterprise_id",
      "t98"."month",
      "t98"."voice_minutes",
      "t98"."onnet_share",
      "t98"."competitor_call_share",
      "t98"."competitor_in_share",
      "t98"."days_since_last_use",
      "t98"."churned_contacts_share",
      "t98"."discount_share",
      "t98"."days_since_last_payment",
      "t98"."mean_payment",
      "t98"."arrears_days",
      "t98"."data_use_vs_plan",
      "t98"."voice_use_vs_plan",
      "t98"."low_survey_score",
      CASE
        WHEN "t98"."voice_minutes_m1" > 0
        THEN (
          COALESCE("t98"."voice_minutes", 0) - "t98"."voice_minutes_m1"
        ) / "t98"."voice_minutes_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "voice_mom",
      CASE
        WHEN "t98"."voice_minutes_3m_mean" > 0
        THEN COALESCE("t98"."voice_minutes", 0) / "t98"."voice_minutes_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "voice_vs_3m",
      (
        COALESCE("t98"."voice_minutes", 0) - "t98"."voice_minutes_m2"
      ) / 2.0 AS "voice_slope_3m",
      CASE
        WHEN "t98"."data_mb_m1" > 0
        THEN (
          COALESCE("t98"."data_mb", 0) - "t98"."data_mb_m1"
        ) / "t98"."data_mb_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "data_mom",
      CASE
        WHEN "t98"."data_mb_3m_mean" > 0
        THEN COALESCE("t98"."data_mb", 0) / "t98"."data_mb_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "data_vs_3m",
      (
        COALESCE("t98"."data_mb", 0) - "t98"."data_mb_m2"
      ) / 2.0 AS "data_slope_3m",
      CASE
        WHEN "t98"."usage_events_m1" > 0
        THEN CAST(COALESCE("t98"."usage_events", 0) - "t98"."usage_events_m1" AS DOUBLE) / CAST("t98"."usage_events_m1" AS DOUBLE)
        ELSE CAST(NULL AS DOUBLE)
      END AS "events_mom",
      CASE
        WHEN "t98"."usage_events_3m_mean" > 0
        THEN CAST(COALESCE("t98"."usage_events", 0) AS DOUBLE) / "t98"."usage_events_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "events_vs_3m",
      CAST(COALESCE("t98"."usage_events", 0) - "t98"."usage_events_m2" AS DOUBLE) / 2.0 AS "events_slope_3m",
      CASE
        WHEN "t98"."net_bill_m1" > 0
        THEN (
          COALESCE("t98"."net_bill", 0) - "t98"."net_bill_m1"
        ) / "t98"."net_bill_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "revenue_mom",
      CASE
        WHEN "t98"."net_bill_3m_mean" > 0
        THEN COALESCE("t98"."net_bill", 0) / "t98"."net_bill_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "revenue_vs_3m",
      (
        COALESCE("t98"."net_bill", 0) - "t98"."net_bill_m2"
      ) / 2.0 AS "revenue_slope_3m",
      CASE
        WHEN "t98"."active_days_m1" > 0
        THEN CAST(COALESCE("t98"."active_days", 0) - "t98"."active_days_m1" AS DOUBLE) / CAST("t98"."active_days_m1" AS DOUBLE)
        ELSE CAST(NULL AS DOUBLE)
      END AS "active_days_mom",
      CAST(COALESCE(
        CASE
          WHEN "t98"."usage_events_3m_mean" > 0
          THEN CAST(COALESCE("t98"."usage_events", 0) AS DOUBLE) / "t98"."usage_events_3m_mean"
          ELSE CAST(NULL AS DOUBLE)
        END <= 0.5,
        FALSE
      ) AS BIGINT) AS "usage_drop_flag",
      CAST(COALESCE(
        CASE
          WHEN "t98"."net_bill_3m_mean" > 0
          THEN COALESCE("t98"."net_bill", 0) / "t98"."net_bill_3m_mean"
          ELSE CAST(NULL AS DOUBLE)
        END <= 0.5,
        FALSE
      ) AS BIGINT) AS "revenue_drop_flag",
      CASE
        WHEN "t98"."net_bill_3m_mean" > 0
        THEN "t98"."net_bill" / "t98"."net_bill_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "bill_shock"
    FROM (
      SELECT
        "t97"."subscriber_id",
        "t97"."voice_out_minutes",
        "t97"."voice_in_minutes",
        "t97"."voice_out_calls",
        "t97"."voice_in_calls",
        "t97"."sms_out",
        "t97"."sms_in",
        "t97"."data_mb",
        "t97"."data_sessions",
        "t97"."usage_events",
        "t97"."usage_charge",
        "t97"."roaming_events",
        "t97"."onnet_calls",
        "t97"."offnet_calls",
        "t97"."calls_to_competitor_a",
        "t97"."calls_to_competitor_b",
        "t97"."calls_from_competitor_a",
        "t97"."calls_from_competitor_b",
        "t97"."night_calls",
        "t97"."active_days",
        "t97"."cell_dropped_call_rate",
        "t97"."cell_throughput_mbps",
        "t97"."cell_outage_hours",
        "t97"."outage_exposed_share",
        "t97"."distinct_contacts",
        "t97"."churned_contacts",
        "t97"."bill_total",
        "t97"."discount_total",
        "t97"."net_bill",
        "t97"."bill_voice",
        "t97"."bill_data",
        "t97"."bill_sms",
        "t97"."bill_broadband",
        "t97"."bill_iptv",
        "t97"."bill_value_added",
        "t97"."bill_other",
        "t97"."payments_count",
        "t97"."payments_amount",
        "t97"."arrears_balance",
        "t97"."suspended_arrears_now",
        "t97"."arrears_suspensions_12m",
        "t97"."complaints_1m",
        "t97"."complaints_3m",
        "t97"."complaints_network_3m",
        "t97"."complaints_billing_3m",
        "t97"."complaints_service_3m",
        "t97"."complaints_price_3m",
        "t97"."complaints_broadband_3m",
        "t97"."unresolved_complaints_3m",
        "t97"."hours_to_resolve_3m",
        "t97"."regulator_complaints_12m",
        "t97"."last_survey_score",
        "t97"."tenure_months",
        "t97"."months_to_contract_end",
        "t97"."in_contract",
        "t97"."contract_ends_within_2m",
        "t97"."device_age_months",
        "t97"."plan_monthly_fee",
        "t97"."plan_is_5g",
        "t97"."plan_broadband",
        "t97"."plan_iptv",
        "t97"."plan_data_gb",
        "t97"."plan_voice_minutes",
        "t97"."is_prepaid",
        "t97"."is_enterprise",
        "t97"."age",
        "t97"."has_account_manager",
        "t97"."enterprise_id",
        "t97"."month",
        "t97"."voice_minutes",
        "t97"."onnet_share",
        "t97"."competitor_call_share",
        "t97"."competitor_in_share",
        "t97"."days_since_last_use",
        "t97"."churned_contacts_share",
        "t97"."discount_share",
        "t97"."days_since_last_payment",
        "t97"."mean_payment",
        "t97"."arrears_days",
        "t97"."data_use_vs_plan",
        "t97"."voice_use_vs_plan",
        "t97"."low_survey_score",
        "t45"."voice_minutes_m1",
        "t45"."voice_minutes_m2",
        "t45"."voice_minutes_3m_mean",
        "t45"."data_mb_m1",
        "t45"."data_mb_m2",
        "t45"."data_mb_3m_mean",
        "t45"."usage_events_m1",
        "t45"."usage_events_m2",
        "t45"."usage_events_3m_mean",
        "t45"."active_days_m1",
        "t45"."active_days_m2",
        "t45"."active_days_3m_mean",
        "t45"."net_bill_m1",
        "t45"."net_bill_m2",
        "t45"."net_bill_3m_mean"
      FROM (
        SELECT
          "t95"."subscriber_id",
          COALESCE("t95"."voice_out_minutes", 0) AS "voice_out_minutes",
          COALESCE("t95"."voice_in_minutes", 0) AS "voice_in_minutes",
          COALESCE("t95"."voice_out_calls", 0) AS "voice_out_calls",
          COALESCE("t95"."voice_in_calls", 0) AS "voice_in_calls",
          COALESCE("t95"."sms_out", 0) AS "sms_out",
          COALESCE("t95"."sms_in", 0) AS "sms_in",
          COALESCE("t95"."data_mb", 0) AS "data_mb",
          COALESCE("t95"."data_sessions", 0) AS "data_sessions",
          COALESCE("t95"."usage_events", 0) AS "usage_events",
          COALESCE("t95"."usage_charge", 0) AS "usage_charge",
          COALESCE("t95"."roaming_events", 0) AS "roaming_events",
          COALESCE("t95"."onnet_calls", 0) AS "onnet_calls",
          COALESCE("t95"."offnet_calls", 0) AS "offnet_calls",
          COALESCE("t95"."calls_to_competitor_a", 0) AS "calls_to_competitor_a",
          COALESCE("t95"."calls_to_competitor_b", 0) AS "calls_to_competitor_b",
          COALESCE("t95"."calls_from_competitor_a", 0) AS "calls_from_competitor_a",
          COALESCE("t95"."calls_from_competitor_b", 0) AS "calls_from_competitor_b",
          COALESCE("t95"."night_calls", 0) AS "night_calls",
          COALESCE("t95"."active_days", 0) AS "active_days",
          "t95"."cell_dropped_call_rate",
          "t95"."cell_throughput_mbps",
          "t95"."cell_outage_hours",
          "t95"."outage_exposed_share",
          COALESCE("t95"."distinct_contacts", 0) AS "distinct_contacts",
          COALESCE("t95"."churned_contacts", 0) AS "churned_contacts",
          COALESCE("t95"."bill_total", 0) AS "bill_total",
          COALESCE("t95"."discount_total", 0) AS "discount_total",
          COALESCE("t95"."net_bill", 0) AS "net_bill",
          COALESCE("t95"."bill_voice", 0) AS "bill_voice",
          COALESCE("t95"."bill_data", 0) AS "bill_data",
          COALESCE("t95"."bill_sms", 0) AS "bill_sms",
          COALESCE("t95"."bill_broadband", 0) AS "bill_broadband",
          COALESCE("t95"."bill_iptv", 0) AS "bill_iptv",
          COALESCE("t95"."bill_value_added", 0) AS "bill_value_added",
          COALESCE("t95"."bill_other", 0) AS "bill_other",
          COALESCE("t95"."payments_count", 0) AS "payments_count",
          COALESCE("t95"."payments_amount", 0) AS "payments_amount",
          COALESCE("t95"."arrears_balance", 0) AS "arrears_balance",
          COALESCE("t95"."suspended_arrears_now", 0) AS "suspended_arrears_now",
          COALESCE("t95"."arrears_suspensions_12m", 0) AS "arrears_suspensions_12m",
          COALESCE("t95"."complaints_1m", 0) AS "complaints_1m",
          COALESCE("t95"."complaints_3m", 0) AS "complaints_3m",
          COALESCE("t95"."complaints_network_3m", 0) AS "complaints_network_3m",
          COALESCE("t95"."complaints_billing_3m", 0) AS "complaints_billing_3m",
          COALESCE("t95"."complaints_service_3m", 0) AS "complaints_service_3m",
          COALESCE("t95"."complaints_price_3m", 0) AS "complaints_price_3m",
          COALESCE("t95"."complaints_broadband_3m", 0) AS "complaints_broadband_3m",
          COALESCE("t95"."unresolved_complaints_3m", 0) AS "unresolved_complaints_3m",
          "t95"."hours_to_resolve_3m",
          COALESCE("t95"."regulator_complaints_12m", 0) AS "regulator_complaints_12m",
          "t95"."last_survey_score",
          "t95"."tenure_months",
          "t95"."months_to_contract_end",
          "t95"."in_contract",
          "t95"."contract_ends_within_2m",
          "t95"."device_age_months",
          "t95"."plan_monthly_fee",
          "t95"."plan_is_5g",
          "t95"."plan_broadband",
          "t95"."plan_iptv",
          "t95"."plan_data_gb",
          "t95"."plan_voice_minutes",
          "t95"."is_prepaid",
          "t95"."is_enterprise",
          "t95"."age",
          "t95"."has_account_manager",
          "t95"."enterprise_id",
          '2025-03' AS "month",
          COALESCE("t95"."voice_out_minutes", 0) + COALESCE("t95"."voice_in_minutes", 0) AS "voice_minutes",
          CASE
            WHEN (
              COALESCE("t95"."onnet_calls", 0) + COALESCE("t95"."offnet_calls", 0)
            ) > 0
            THEN CAST(COALESCE("t95"."onnet_calls", 0) AS DOUBLE) / CAST(COALESCE("t95"."onnet_calls", 0) + COALESCE("t95"."offnet_calls", 0) AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "onnet_share",
          CASE
            WHEN (
              COALESCE("t95"."voice_out_calls", 0) + COALESCE("t95"."voice_in_calls", 0)
            ) > 0
            THEN CAST(COALESCE("t95"."offnet_calls", 0) AS DOUBLE) / CAST(COALESCE("t95"."voice_out_calls", 0) + COALESCE("t95"."voice_in_calls", 0) AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "competitor_call_share",
          CASE
            WHEN COALESCE("t95"."voice_in_calls", 0) > 0
            THEN CAST(COALESCE("t95"."calls_from_competitor_a", 0) + COALESCE("t95"."calls_from_competitor_b", 0) AS DOUBLE) / CAST(COALESCE("t95"."voice_in_calls", 0) AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "competitor_in_share",
          CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(CAST("t95"."last_use" AS TIMESTAMP)) AS DOUBLE) / 86400.0 AS "days_since_last_use",
          CASE
            WHEN COALESCE("t95"."distinct_contacts", 0) > 0
            THEN CAST(COALESCE("t95"."churned_contacts", 0) AS DOUBLE) / CAST(COALESCE("t95"."distinct_contacts", 0) AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "churned_contacts_share",
          CASE
            WHEN COALESCE("t95"."bill_total", 0) > 0
            THEN COALESCE("t95"."discount_total", 0) / COALESCE("t95"."bill_total", 0)
            ELSE CAST(NULL AS DOUBLE)
          END AS "discount_share",
          CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(CAST("t95"."last_payment" AS TIMESTAMP)) AS DOUBLE) / 86400.0 AS "days_since_last_payment",
          CASE
            WHEN COALESCE("t95"."payments_count", 0) > 0
            THEN COALESCE("t95"."payments_amount", 0) / CAST(COALESCE("t95"."payments_count", 0) AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "mean_payment",
          CASE
            WHEN COALESCE("t95"."suspended_arrears_now", 0) = 1
            THEN "t95"."days_in_status"
            ELSE 0.0
          END AS "arrears_days",
          CASE
            WHEN "t95"."plan_data_gb" > 0
            THEN (
              COALESCE("t95"."data_mb", 0) / 1024.0
            ) / "t95"."plan_data_gb"
            ELSE CAST(NULL AS DOUBLE)
          END AS "data_use_vs_plan",
          CASE
            WHEN "t95"."plan_voice_minutes" > 0
            THEN COALESCE("t95"."voice_out_minutes", 0) / "t95"."plan_voice_minutes"
            ELSE CAST(NULL AS DOUBLE)
          END AS "voice_use_vs_plan",
          CAST(COALESCE("t95"."last_survey_score" <= 2, FALSE) AS BIGINT) AS "low_survey_score"
        FROM (
          SELECT
            "t30"."subscriber_id",
            "t94"."voice_out_minutes",
            "t94"."voice_in_minutes",
            "t94"."voice_out_calls",
            "t94"."voice_in_calls",
            "t94"."sms_out",
            "t94"."sms_in",
            "t94"."data_mb",
            "t94"."data_sessions",
            "t94"."usage_events",
            "t94"."usage_charge",
            "t94"."roaming_events",
            "t94"."onnet_calls",
            "t94"."offnet_calls",
            "t94"."calls_to_competitor_a",
            "t94"."calls_to_competitor_b",
            "t94"."calls_from_competitor_a",
            "t94"."calls_from_competitor_b",
            "t94"."night_calls",
            "t94"."last_use",
            "t94"."active_days",
            "t94"."cell_dropped_call_rate",
            "t94"."cell_throughput_mbps",
            "t94"."cell_outage_hours",
            "t94"."outage_exposed_share",
            "t94"."distinct_contacts",
            "t94"."churned_contacts",
            "t57"."bill_total",
            "t57"."discount_total",
            "t57"."net_bill",
            "t57"."bill_voice",
            "t57"."bill_data",
            "t57"."bill_sms",
            "t57"."bill_broadband",
            "t57"."bill_iptv",
            "t57"."bill_value_added",
            "t57"."bill_other",
            "t75"."payments_count",
            "t75"."payments_amount",
            "t75"."arrears_balance",
            "t75"."last_payment",
            "t88"."suspended_arrears_now",
            "t88"."days_in_status",
            "t88"."arrears_suspensions_12m",
            "t58"."complaints_1m",
            "t58"."complaints_3m",
            "t58"."complaints_network_3m",
            "t58"."complaints_billing_3m",
            "t58"."complaints_service_3m",
            "t58"."complaints_price_3m",
            "t58"."complaints_broadband_3m",
            "t58"."unresolved_complaints_3m",
            "t58"."hours_to_resolve_3m",
            "t58"."regulator_complaints_12m",
            "t69"."last_survey_score",
            "t70"."tenure_months",
            "t70"."months_to_contract_end",
            "t70"."in_contract",
            "t70"."contract_ends_within_2m",
            "t70"."device_age_months",
            "t70"."plan_monthly_fee",
            "t70"."plan_is_5g",
            "t70"."plan_broadband",
            "t70"."plan_iptv",
            "t70"."plan_data_gb",
            "t70"."plan_voice_minutes",
            "t70"."is_prepaid",
            "t70"."is_enterprise",
            "t70"."age",
            "t70"."has_account_manager",
            "t70"."enterprise_id"
          FROM (
            SELECT
              *
            FROM "stg_subscribers" AS "t1"
            WHERE
              "t1"."activation_date" < MAKE_DATE(2025, 4, 1)
          ) AS "t30"
          ANTI JOIN (
            SELECT DISTINCT
              "t2"."subscriber_id"
            FROM "stg_status_changes" AS "t2"
            WHERE
              "t2"."to_status" IN ('cancelled', 'ported_out')
              AND "t2"."timestamp" < MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
          ) AS "t32"
            ON "t30"."subscriber_id" = "t32"."subscriber_id"
          LEFT OUTER JOIN (
            SELECT
              "t85"."subscriber_id",
              "t85"."voice_out_minutes",
              "t85"."voice_in_minutes",
              "t85"."voice_out_calls",
              "t85"."voice_in_calls",
              "t85"."sms_out",
              "t85"."sms_in",
              "t85"."data_mb",
              "t85"."data_sessions",
              "t85"."usage_events",
              "t85"."usage_charge",
              "t85"."roaming_events",
              "t85"."onnet_calls",
              "t85"."offnet_calls",
              "t85"."calls_to_competitor_a",
              "t85"."calls_to_competitor_b",
              "t85"."calls_from_competitor_a",
              "t85"."calls_from_competitor_b",
              "t85"."night_calls",
              "t85"."last_use",
              "t66"."active_days",
              "t84"."cell_dropped_call_rate",
              "t84"."cell_throughput_mbps",
              "t84"."cell_outage_hours",
              "t84"."outage_exposed_share",
              "t90"."distinct_contacts",
              "t90"."churned_contacts"
            FROM (
              SELECT
                "t78"."subscriber_id",
                "t78"."voice_out_minutes",
                "t78"."voice_in_minutes",
                CAST("t78"."voice_out_calls" AS BIGINT) AS "voice_out_calls",
                CAST("t78"."voice_in_calls" AS BIGINT) AS "voice_in_calls",
                CAST("t78"."sms_out" AS BIGINT) AS "sms_out",
                CAST("t78"."sms_in" AS BIGINT) AS "sms_in",
                "t78"."data_mb",
                CAST("t78"."data_sessions" AS BIGINT) AS "data_sessions",
                CAST("t78"."usage_events" AS BIGINT) AS "usage_events",
                "t78"."usage_charge",
                CAST("t78"."roaming_events" AS BIGINT) AS "roaming_events",
                CAST("t78"."onnet_calls" AS BIGINT) AS "onnet_calls",
                CAST("t78"."offnet_calls" AS BIGINT) AS "offnet_calls",
                CAST("t78"."calls_to_competitor_a" AS BIGINT) AS "calls_to_competitor_a",
                CAST("t78"."calls_to_competitor_b" AS BIGINT) AS "calls_to_competitor_b",
                CAST("t78"."calls_from_competitor_a" AS BIGINT) AS "calls_from_competitor_a",
                CAST("t78"."calls_from_competitor_b" AS BIGINT) AS "calls_from_competitor_b",
                CAST("t78"."night_calls" AS BIGINT) AS "night_calls",
                "t78"."last_use"
              FROM (
                SELECT
                  "t60"."subscriber_id",
                  SUM("t60"."minutes") FILTER(WHERE
                    (
                      "t60"."event_type" = 'voice'
                    ) AND (
                      "t60"."direction" = 'out'
                    )) AS "voice_out_minutes",
                  SUM("t60"."minutes") FILTER(WHERE
                    (
                      "t60"."event_type" = 'voice'
                    ) AND (
                      "t60"."direction" = 'in'
                    )) AS "voice_in_minutes",
                  SUM(CAST("t60"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t60"."event_type" = 'voice'
                    ) AND (
                      "t60"."direction" = 'out'
                    )) AS "voice_out_calls",
                  SUM(CAST("t60"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t60"."event_type" = 'voice'
                    ) AND (
                      "t60"."direction" = 'in'
                    )) AS "voice_in_calls",
                  SUM(CAST("t60"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t60"."event_type" = 'sms'
                    ) AND (
                      "t60"."direction" = 'out'
                    )) AS "sms_out",
                  SUM(CAST("t60"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t60"."event_type" = 'sms'
                    ) AND (
                      "t60"."direction" = 'in'
                    )) AS "sms_in",
                  SUM("t60"."mb") FILTER(WHERE
                    "t60"."event_type" = 'data') AS "data_mb",
                  SUM(CAST("t60"."n" AS DOUBLE)) FILTER(WHERE
                    "t60"."event_type" = 'data') AS "data_sessions",
                  SUM(CAST("t60"."n" AS DOUBLE)) AS "usage_events",
                  SUM("t60"."charge") AS "usage_charge",
                  SUM(CAST("t60"."n" AS DOUBLE)) FILTER(WHERE
                    "t60"."roaming") AS "roaming_events",
                  SUM(CAST("t60"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t60"."event_type" = 'voice'
                    ) AND (
                      "t60"."other_operator" = 'own'
                    )) AS "onnet_calls",
                  SUM(CAST("t60"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t60"."event_type" = 'voice'
                    )
                    AND (
                      (
                        "t60"."other_operator" = 'competitor_a'
                      )
                      OR (
                        "t60"."other_operator" = 'competitor_b'
                      )
                    )) AS "offnet_calls",
                  SUM(CAST("t60"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t60"."event_type" = 'voice'
                    )
                    AND (
                      "t60"."direction" = 'out'
                    )
                    AND (
                      "t60"."other_operator" = 'competitor_a'
                    )) AS "calls_to_competitor_a",
                  SUM(CAST("t60"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t60"."event_type" = 'voice'
                    )
                    AND (
                      "t60"."direction" = 'out'
                    )
                    AND (
                      "t60"."other_operator" = 'competitor_b'
                    )) AS "calls_to_competitor_b",
                  SUM(CAST("t60"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t60"."event_type" = 'voice'
                    )
                    AND (
                      "t60"."direction" = 'in'
                    )
                    AND (
                      "t60"."other_operator" = 'competitor_a'
                    )) AS "calls_from_competitor_a",
                  SUM(CAST("t60"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t60"."event_type" = 'voice'
                    )
                    AND (
                      "t60"."direction" = 'in'
                    )
                    AND (
                      "t60"."other_operator" = 'competitor_b'
                    )) AS "calls_from_competitor_b",
                  SUM(CAST("t60"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t60"."event_type" = 'voice'
                    ) AND "t60"."night") AS "night_calls",
                  MAX("t60"."last_use") AS "last_use"
                FROM (
                  SELECT
                    "t36"."subscriber_id",
                    "t36"."event_type",
                    "t36"."direction",
                    COALESCE("t36"."other_operator", '') AS "other_operator",
                    "t36"."roaming",
                    EXTRACT(hour FROM "t36"."timestamp") < 6 AS "night",
                    COUNT("t36"."subscriber_id") AS "n",
                    SUM(CAST("t36"."duration_s" AS DOUBLE) / 60.0) AS "minutes",
                    SUM("t36"."data_mb") AS "mb",
                    SUM("t36"."charge") AS "charge",
                    MAX("t36"."timestamp") AS "last_use"
                  FROM "t25" AS "t36"
                  GROUP BY
                    1,
                    2,
                    3,
                    4,
                    5,
                    6
                ) AS "t60"
                GROUP BY
                  1
              ) AS "t78"
            ) AS "t85"
            LEFT OUTER JOIN (
              SELECT
                "t42"."subscriber_id",
                COUNT("t42"."n") AS "active_days"
              FROM (
                SELECT
                  "t36"."subscriber_id",
                  CAST("t36"."timestamp" AS DATE) AS "day",
                  COUNT("t36"."subscriber_id") AS "n"
                FROM "t25" AS "t36"
                GROUP BY
                  1,
                  2
              ) AS "t42"
              GROUP BY
                1
            ) AS "t66"
              ON "t85"."subscriber_id" = "t66"."subscriber_id"
            LEFT OUTER JOIN (
              SELECT
                "t67"."subscriber_id",
                SUM("t67"."dropped_call_rate" * CAST("t67"."n" AS DOUBLE)) / SUM(CAST("t67"."n" AS DOUBLE)) AS "cell_dropped_call_rate",
                SUM("t67"."throughput_mbps" * CAST("t67"."n" AS DOUBLE)) / SUM(CAST("t67"."n" AS DOUBLE)) AS "cell_throughput_mbps",
                SUM("t67"."outage_hours" * CAST("t67"."n" AS DOUBLE)) / SUM(CAST("t67"."n" AS DOUBLE)) AS "cell_outage_hours",
                COALESCE(SUM(CAST("t67"."n" AS DOUBLE)) FILTER(WHERE
                  "t67"."outage_hours" > 0), 0) / SUM(CAST("t67"."n" AS DOUBLE)) AS "outage_exposed_share"
              FROM (
                SELECT
                  "t44"."subscriber_id",
                  "t44"."cell_id",
                  "t44"."n",
                  "t37"."dropped_call_rate",
                  "t37"."throughput_mbps",
                  "t37"."outage_hours"
                FROM (
                  SELECT
                    "t27"."subscriber_id",
                    "t27"."cell_id",
                    COUNT("t27"."subscriber_id") AS "n"
                  FROM (
                    SELECT
                      *
                    FROM "stg_usage" AS "t8"
                    WHERE
                      "t8"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
                      AND "t8"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                      AND "t8"."cell_id" IS NOT NULL
                  ) AS "t27"
                  GROUP BY
                    1,
                    2
                ) AS "t44"
                INNER JOIN (
                  SELECT
                    "t9"."cell_id",
                    "t9"."dropped_call_rate",
                    "t9"."throughput_mbps",
                    "t9"."outage_hours"
                  FROM "stg_network_quality" AS "t9"
                  WHERE
                    "t9"."month" = '2025-03'
                ) AS "t37"
                  ON "t44"."cell_id" = "t37"."cell_id"
              ) AS "t67"
              GROUP BY
                1
            ) AS "t84"
              ON "t85"."subscriber_id" = "t84"."subscriber_id"
            LEFT OUTER JOIN (
              SELECT
                "t77"."subscriber_id",
                COUNT("t77"."subscriber_id") AS "distinct_contacts",
                CAST(COALESCE(SUM(CAST("t77"."churned" AS DOUBLE)), 0) AS BIGINT) AS "churned_contacts"
              FROM (
                SELECT
                  "t43"."subscriber_id",
                  "t43"."other_party",
                  "t43"."n",
                  "t64"."other_party" AS "other_party_right",
                  "t64"."churned"
                FROM (
                  SELECT
                    "t26"."subscriber_id",
                    "t26"."other_party",
                    COUNT("t26"."subscriber_id") AS "n"
                  FROM (
                    SELECT
                      *
                    FROM "stg_usage" AS "t8"
                    WHERE
                      "t8"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
                      AND "t8"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                      AND "t8"."other_party" IS NOT NULL
                  ) AS "t26"
                  GROUP BY
                    1,
                    2
                ) AS "t43"
                LEFT OUTER JOIN (
                  SELECT DISTINCT
                    *
                  FROM (
                    SELECT
                      "t31"."party_id" AS "other_party",
                      1 AS "churned"
                    FROM (
                      SELECT
                        *
                      FROM "stg_subscribers" AS "t1"
                      WHERE
                        "t1"."party_id" IS NOT NULL
                    ) AS "t31"
                    SEMI JOIN (
                      SELECT
                        *
                      FROM "stg_status_changes" AS "t2"
                      WHERE
                        "t2"."to_status" IN ('cancelled', 'ported_out')
                        AND "t2"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
                        AND "t2"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                    ) AS "t34"
                      ON "t31"."subscriber_id" = "t34"."subscriber_id"
                  ) AS "t47"
                ) AS "t64"
                  ON "t43"."other_party" = "t64"."other_party"
              ) AS "t77"
              GROUP BY
                1
            ) AS "t90"
              ON "t85"."subscriber_id" = "t90"."subscriber_id"
          ) AS "t94"
            ON "t30"."subscriber_id" = "t94"."subscriber_id"
          LEFT OUTER JOIN (
            SELECT
              "t19"."subscriber_id",
              SUM("t19"."amount") AS "bill_total",
              SUM("t19"."discount") AS "discount_total",
              SUM("t19"."amount" - "t19"."discount") AS "net_bill",
              COALESCE(SUM("t19"."amount") FILTER(WHERE
                "t19"."service" = 'voice'), 0) AS "bill_voice",
              COALESCE(SUM("t19"."amount") FILTER(WHERE
                "t19"."service" = 'data'), 0) AS "bill_data",
              COALESCE(SUM("t19"."amount") FILTER(WHERE
                "t19"."service" = 'sms'), 0) AS "bill_sms",
              COALESCE(SUM("t19"."amount") FILTER(WHERE
                "t19"."service" = 'broadband'), 0) AS "bill_broadband",
              COALESCE(SUM("t19"."amount") FILTER(WHERE
                "t19"."service" = 'iptv'), 0) AS "bill_iptv",
              COALESCE(SUM("t19"."amount") FILTER(WHERE
                "t19"."service" = 'value_added'), 0) AS "bill_value_added",
              COALESCE(SUM("t19"."amount") FILTER(WHERE
                "t19"."service" = 'other'), 0) AS "bill_other"
            FROM (
              SELECT
                *
              FROM "stg_bills" AS "t3"
              WHERE
                "t3"."month" = '2025-03'
            ) AS "t19"
            GROUP BY
              1
          ) AS "t57"
            ON "t30"."subscriber_id" = "t57"."subscriber_id"
          LEFT OUTER JOIN (
            SELECT
              COALESCE("t49"."subscriber_id", "t59"."subscriber_id") AS "subscriber_id",
              COALESCE("t59"."payments_count", 0) AS "payments_count",
              COALESCE("t59"."payments_amount", 0) AS "payments_amount",
              COALESCE("t49"."billed_to_date", 0) - COALESCE("t59"."paid_to_date", 0) AS "arrears_balance",
              "t59"."last_payment"
            FROM (
              SELECT
                "t20"."subscriber_id",
                SUM("t20"."amount" - "t20"."discount") AS "billed_to_date"
              FROM (
                SELECT
                  *
                FROM "stg_bills" AS "t3"
                WHERE
                  "t3"."month" <= '2025-03'
              ) AS "t20"
              GROUP BY
                1
            ) AS "t49"
            FULL OUTER JOIN (
              SELECT
                "t24"."subscriber_id",
                COUNT("t24"."subscriber_id") FILTER(WHERE
                  "t24"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)) AS "payments_count",
                COALESCE(
                  SUM("t24"."amount") FILTER(WHERE
                    "t24"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)),
                  0
                ) AS "payments_amount",
                SUM("t24"."amount") AS "paid_to_date",
                MAX("t24"."timestamp") AS "last_payment"
              FROM (
                SELECT
                  *
                FROM "stg_payments" AS "t7"
                WHERE
                  "t7"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
              ) AS "t24"
              GROUP BY
                1
            ) AS "t59"
              ON "t49"."subscriber_id" = "t59"."subscriber_id"
          ) AS "t75"
            ON "t30"."subscriber_id" = "t75"."subscriber_id"
          LEFT OUTER JOIN (
            SELECT
              "t80"."subscriber_id",
              "t80"."suspended_arrears_now",
              "t80"."days_in_status",
              "t61"."arrears_suspensions_12m"
            FROM (
              SELECT
                "t55"."subscriber_id",
                CAST("t55"."to_status" = 'suspended_arrears' AS BIGINT) AS "suspended_arrears_now",
                CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(CAST("t55"."timestamp" AS TIMESTAMP)) AS DOUBLE) / 86400.0 AS "days_in_status"
              FROM (
                SELECT
                  "t33"."subscriber_id",
                  "t33"."timestamp",
                  "t33"."from_status",
                  "t33"."to_status",
                  "t33"."reason",
                  ROW_NUMBER() OVER (
                    PARTITION BY "t33"."subscriber_id"
                    ORDER BY "t33"."timestamp" DESC, "t33"."to_status" DESC
                    ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                  ) - 1 AS "rank"
                FROM "t17" AS "t33"
              ) AS "t55"
              WHERE
                "t55"."rank" = 0
            ) AS "t80"
            LEFT OUTER JOIN (
              SELECT
                "t33"."subscriber_id",
                COUNT("t33"."subscriber_id") FILTER(WHERE
                  (
                    "t33"."to_status" = 'suspended_arrears'
                  )
                  AND (
                    "t33"."timestamp" >= MAKE_TIMESTAMP(2024, 4, 1, 0, 0, 0.0)
                  )) AS "arrears_suspensions_12m"
              FROM "t17" AS "t33"
              GROUP BY
                1
            ) AS "t61"
              ON "t80"."subscriber_id" = "t61"."subscriber_id"
          ) AS "t88"
            ON "t30"."subscriber_id" = "t88"."subscriber_id"
          LEFT OUTER JOIN (
            SELECT
              "t22"."subscriber_id",
              COUNT("t22"."subscriber_id") FILTER(WHERE
                "t22"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)) AS "complaints_1m",
              COUNT("t22"."subscriber_id") FILTER(WHERE
                "t22"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)) AS "complaints_3m",
              COUNT("t22"."subscriber_id") FILTER(WHERE
                (
                  "t22"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
                )
                AND (
                  "t22"."category" = 'network'
                )) AS "complaints_network_3m",
              COUNT("t22"."subscriber_id") FILTER(WHERE
                (
                  "t22"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
                )
                AND (
                  "t22"."category" = 'billing'
                )) AS "complaints_billing_3m",
              COUNT("t22"."subscriber_id") FILTER(WHERE
                (
                  "t22"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
                )
                AND (
                  "t22"."category" = 'service_attitude'
                )) AS "complaints_service_3m",
              COUNT("t22"."subscriber_id") FILTER(WHERE
                (
                  "t22"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
                )
                AND (
                  "t22"."category" = 'price'
                )) AS "complaints_price_3m",
              COUNT("t22"."subscriber_id") FILTER(WHERE
                (
                  "t22"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
                )
                AND (
                  "t22"."category" = 'broadband'
                )) AS "complaints_broadband_3m",
              COUNT("t22"."subscriber_id") FILTER(WHERE
                (
                  "t22"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
                )
                AND NOT (
                  "t22"."resolved"
                )) AS "unresolved_complaints_3m",
              AVG("t22"."hours_to_resolve") FILTER(WHERE
                "t22"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)) AS "hours_to_resolve_3m",
              COUNT("t22"."subscriber_id") FILTER(WHERE
                "t22"."channel" = 'regulator') AS "regulator_complaints_12m"
            FROM (
              SELECT
                *
              FROM "stg_complaints" AS "t4"
              WHERE
                "t4"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                AND "t4"."timestamp" >= MAKE_TIMESTAMP(2024, 3, 1, 0, 0, 0.0)
            ) AS "t22"
            GROUP BY
              1
          ) AS "t58"
            ON "t30"."subscriber_id" = "t58"."subscriber_id"
          LEFT OUTER JOIN (
            SELECT
              "t52"."respondent" AS "subscriber_id",
              "t52"."score" AS "last_survey_score"
            FROM (
              SELECT
                "t23"."respondent",
                "t23"."city",
                "t23"."date",
                "t23"."dimension",
                "t23"."score",
                ROW_NUMBER() OVER (
                  PARTITION BY "t23"."respondent"
                  ORDER BY "t23"."date" DESC, "t23"."score" ASC
                  ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                ) - 1 AS "rank"
              FROM (
                SELECT
                  *
                FROM "stg_surveys" AS "t5"
                WHERE
                  "t5"."respondent" IS NOT NULL
                  AND "t5"."date" < MAKE_DATE(2025, 4, 1)
                  AND "t5"."dimension" = 'overall'
              ) AS "t23"
            ) AS "t52"
            WHERE
              "t52"."rank" = 0
          ) AS "t69"
            ON "t30"."subscriber_id" = "t69"."subscriber_id"
          LEFT OUTER JOIN (
            SELECT
              "t10"."subscriber_id",
              CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(CAST(CAST("t10"."activation_date" AS TIMESTAMP) AS TIMESTAMP)) AS DOUBLE) / 2629800.0 AS "tenure_months",
              CASE
                WHEN (
                  CAST(EPOCH(CAST(CAST("t10"."contract_end_date" AS TIMESTAMP) AS TIMESTAMP)) - EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) AS DOUBLE) / 2629800.0
                ) >= 0
                THEN CAST(EPOCH(CAST(CAST("t10"."contract_end_date" AS TIMESTAMP) AS TIMESTAMP)) - EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) AS DOUBLE) / 2629800.0
                ELSE CAST(NULL AS DOUBLE)
              END AS "months_to_contract_end",
              CAST((
                "t10"."contract_end_date" IS NOT NULL
              )
              AND (
                "t10"."contract_end_date" >= MAKE_DATE(2025, 4, 1)
              ) AS BIGINT) AS "in_contract",
              CAST(COALESCE(
                (
                  (
                    CAST(EPOCH(CAST(CAST("t10"."contract_end_date" AS TIMESTAMP) AS TIMESTAMP)) - EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) AS DOUBLE) / 2629800.0
                  ) >= 0
                )
                AND (
                  (
                    CAST(EPOCH(CAST(CAST("t10"."contract_end_date" AS TIMESTAMP) AS TIMESTAMP)) - EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) AS DOUBLE) / 2629800.0
                  ) <= 2
                ),
                FALSE
              ) AS BIGINT) AS "contract_ends_within_2m",
              CASE
                WHEN "t10"."device_purchase_date" < MAKE_DATE(2025, 4, 1)
                THEN CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(CAST(CAST("t10"."device_purchase_date" AS TIMESTAMP) AS TIMESTAMP)) AS DOUBLE) / 2629800.0
                ELSE NULL
              END AS "device_age_months",
              "t11"."monthly_fee" AS "plan_monthly_fee",
              CAST("t11"."network" = '5G' AS BIGINT) AS "plan_is_5g",
              CAST("t11"."broadband" AS BIGINT) AS "plan_broadband",
              CAST("t11"."iptv" AS BIGINT) AS "plan_iptv",
              "t11"."data_gb" AS "plan_data_gb",
              CAST("t11"."voice_minutes" AS DOUBLE) AS "plan_voice_minutes",
              CAST("t10"."payment_type" = 'prepaid' AS BIGINT) AS "is_prepaid",
              CAST("t10"."customer_type" = 'enterprise' AS BIGINT) AS "is_enterprise",
              CAST(2025 - "t10"."birth_year" AS DOUBLE) AS "age",
              CAST("t10"."account_manager_id" IS NOT NULL AS BIGINT) AS "has_account_manager",
              "t10"."enterprise_id"
            FROM "stg_subscribers" AS "t10"
            LEFT OUTER JOIN "stg_plans" AS "t11"
              ON "t10"."plan_id" = "t11"."plan_id"
          ) AS "t70"
            ON "t30"."subscriber_id" = "t70"."subscriber_id"
        ) AS "t95"
      ) AS "t97"
      LEFT OUTER JOIN (
        SELECT
          "t12"."subscriber_id",
          MAX("t12"."voice_minutes") FILTER(WHERE
            "t12"."month" = '2025-02') AS "voice_minutes_m1",
          MAX("t12"."voice_minutes") FILTER(WHERE
            "t12"."month" = '2025-01') AS "voice_minutes_m2",
          AVG("t12"."voice_minutes") FILTER(WHERE
            "t12"."month" IN ('2025-02', '2025-01', '2024-12')) AS "voice_minutes_3m_mean",
          MAX("t12"."data_mb") FILTER(WHERE
            "t12"."month" = '2025-02') AS "data_mb_m1",
          MAX("t12"."data_mb") FILTER(WHERE
            "t12"."month" = '2025-01') AS "data_mb_m2",
          AVG("t12"."data_mb") FILTER(WHERE
            "t12"."month" IN ('2025-02', '2025-01', '2024-12')) AS "data_mb_3m_mean",
          MAX("t12"."usage_events") FILTER(WHERE
            "t12"."month" = '2025-02') AS "usage_events_m1",
          MAX("t12"."usage_events") FILTER(WHERE
            "t12"."month" = '2025-01') AS "usage_events_m2",
          AVG("t12"."usage_events") FILTER(WHERE
            "t12"."month" IN ('2025-02', '2025-01', '2024-12')) AS "usage_events_3m_mean",
          MAX("t12"."active_days") FILTER(WHERE
            "t12"."month" = '2025-02') AS "active_days_m1",
          MAX("t12"."active_days") FILTER(WHERE
            "t12"."month" = '2025-01') AS "active_days_m2",
          AVG("t12"."active_days") FILTER(WHERE
            "t12"."month" IN ('2025-02', '2025-01', '2024-12')) AS "active_days_3m_mean",
          MAX("t12"."net_bill") FILTER(WHERE
            "t12"."month" = '2025-02') AS "net_bill_m1",
          MAX("t12"."net_bill") FILTER(WHERE
            "t12"."month" = '2025-01') AS "net_bill_m2",
          AVG("t12"."net_bill") FILTER(WHERE
            "t12"."month" IN ('2025-02', '2025-01', '2024-12')) AS "net_bill_3m_mean"
        FROM (
          SELECT
            *
          FROM "feat_monthly" AS "t0"
          WHERE
            "t0"."month" IN ('2025-02', '2025-01', '2024-12')
        ) AS "t12"
        GROUP BY
          1
      ) AS "t45"
        ON "t97"."subscriber_id" = "t45"."subscriber_id"
    ) AS "t98"
  ) AS "t100"
  LEFT OUTER JOIN (
    SELECT
      "t87"."enterprise_id",
      "t87"."enterprise_lines",
      "t87"."enterprise_bill",
      CASE
        WHEN "t87"."enterprise_bill_m1" > 0
        THEN (
          "t87"."enterprise_bill" - "t87"."enterprise_bill_m1"
        ) / "t87"."enterprise_bill_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "enterprise_bill_mom"
    FROM (
      SELECT
        "t81"."enterprise_id",
        "t81"."enterprise_lines",
        "t74"."enterprise_bill",
        "t74"."enterprise_bill_m1"
      FROM (
        SELECT
          "t71"."enterprise_id",
          COUNT("t71"."subscriber_id") AS "enterprise_lines"
        FROM (
          SELECT
            "t29"."subscriber_id",
            "t29"."enterprise_id"
          FROM (
            SELECT
              "t1"."subscriber_id",
              "t1"."enterprise_id"
            FROM "stg_subscribers" AS "t1"
            WHERE
              "t1"."enterprise_id" IS NOT NULL
          ) AS "t29"
          SEMI JOIN (
            SELECT
              "t30"."subscriber_id"
            FROM (
              SELECT
                *
              FROM "stg_subscribers" AS "t1"
              WHERE
                "t1"."activation_date" < MAKE_DATE(2025, 4, 1)
            ) AS "t30"
            ANTI JOIN (
              SELECT DISTINCT
                "t2"."subscriber_id"
              FROM "stg_status_changes" AS "t2"
              WHERE
                "t2"."to_status" IN ('cancelled', 'ported_out')
                AND "t2"."timestamp" < MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
            ) AS "t32"
              ON "t30"."subscriber_id" = "t32"."subscriber_id"
          ) AS "t54"
            ON "t29"."subscriber_id" = "t54"."subscriber_id"
        ) AS "t71"
        GROUP BY
          1
      ) AS "t81"
      LEFT OUTER JOIN (
        SELECT
          "t50"."enterprise_id",
          COALESCE(SUM("t50"."net") FILTER(WHERE
            "t50"."month" = '2025-03'), 0) AS "enterprise_bill",
          SUM("t50"."net") FILTER(WHERE
            "t50"."month" = '2025-02') AS "enterprise_bill_m1"
        FROM (
          SELECT
            "t29"."subscriber_id",
            "t29"."enterprise_id",
            "t35"."month",
            "t35"."net"
          FROM (
            SELECT
              "t1"."subscriber_id",
              "t1"."enterprise_id"
            FROM "stg_subscribers" AS "t1"
            WHERE
              "t1"."enterprise_id" IS NOT NULL
          ) AS "t29"
          INNER JOIN (
            SELECT
              "t3"."subscriber_id",
              "t3"."month",
              "t3"."amount" - "t3"."discount" AS "net"
            FROM "stg_bills" AS "t3"
            WHERE
              "t3"."month" IN ('2025-03', '2025-02')
          ) AS "t35"
            ON "t29"."subscriber_id" = "t35"."subscriber_id"
        ) AS "t50"
        GROUP BY
          1
      ) AS "t74"
        ON "t81"."enterprise_id" = "t74"."enterprise_id"
    ) AS "t87"
  ) AS "t93"
    ON "t100"."enterprise_id" = "t93"."enterprise_id"
) AS "t101"

SELECT
  "t20"."subscriber_id",
  '2025-03' AS "month",
  CAST("t20"."is_left"
  OR (
    (
      COALESCE("t20"."events_ahead", 0) = 0
    )
    AND (
      COALESCE("t20"."bill_ahead", 0) <= 0
    )
  ) AS BIGINT) AS "churn",
  CASE
    WHEN "t20"."is_left" AND NOT (
      "t20"."let_go"
    )
    THEN 'active'
    WHEN NOT (
      "t20"."is_left" AND NOT (
        "t20"."let_go"
      )
    )
    AND (
      "t20"."let_go"
      OR (
        (
          COALESCE("t20"."events_ahead", 0) = 0
        )
        AND (
          COALESCE("t20"."bill_ahead", 0) <= 0
        )
      )
      OR "t20"."in_arrears"
    )
    THEN 'passive'
    WHEN NOT (
      "t20"."is_left" AND NOT (
        "t20"."let_go"
      )
    )
    AND NOT (
      NOT (
        "t20"."is_left" AND NOT (
          "t20"."let_go"
        )
      )
      AND (
        "t20"."let_go"
        OR (
          (
            COALESCE("t20"."events_ahead", 0) = 0
          )
          AND (
            COALESCE("t20"."bill_ahead", 0) <= 0
          )
        )
        OR "t20"."in_arrears"
      )
    )
    AND (
      (
        (
          COALESCE("t20"."events_next", 0) <= (
            "t20"."events_mean" * 0.5
          )
        )
        AND (
          "t20"."events_mean" > 0
        )
      )
      OR (
        (
          COALESCE("t20"."bill_next", 0) <= (
            "t20"."bill_mean" * 0.5
          )
        )
        AND (
          "t20"."bill_mean" > 0
        )
      )
    )
    THEN 'latent'
    ELSE 'none'
  END AS "kind",
  CAST("t20"."is_left" AND NOT (
    "t20"."let_go"
  ) AS BIGINT) AS "churn_active",
  CAST(NOT (
    "t20"."is_left" AND NOT (
      "t20"."let_go"
    )
  )
  AND (
    "t20"."let_go"
    OR (
      (
        COALESCE("t20"."events_ahead", 0) = 0
      )
      AND (
        COALESCE("t20"."bill_ahead", 0) <= 0
      )
    )
    OR "t20"."in_arrears"
  ) AS BIGINT) AS "churn_passive",
  CAST(NOT (
    "t20"."is_left" AND NOT (
      "t20"."let_go"
    )
  )
  AND NOT (
    NOT (
      "t20"."is_left" AND NOT (
        "t20"."let_go"
      )
    )
    AND (
      "t20"."let_go"
      OR (
        (
          COALESCE("t20"."events_ahead", 0) = 0
        )
        AND (
          COALESCE("t20"."bill_ahead", 0) <= 0
        )
      )
      OR "t20"."in_arrears"
    )
  )
  AND (
    (
      (
        COALESCE("t20"."events_next", 0) <= (
          "t20"."events_mean" * 0.5
        )
      )
      AND (
        "t20"."events_mean" > 0
      )
    )
    OR (
      (
        COALESCE("t20"."bill_next", 0) <= (
          "t20"."bill_mean" * 0.5
        )
      )
      AND (
        "t20"."bill_mean" > 0
      )
    )
  ) AS BIGINT) AS "churn_latent",
  CAST(1 AS BIGINT) AS "horizon"
FROM (
  SELECT
    "t19"."subscriber_id",
    "t19"."events_ahead",
    "t19"."bill_ahead",
    "t19"."events_next",
    "t19"."bill_next",
    "t19"."events_mean",
    "t19"."bill_mean",
    "t19"."subscriber_id" IN (
      SELECT DISTINCT
        "t0"."subscriber_id"
      FROM "stg_status_changes" AS "t0"
      WHERE
        "t0"."timestamp" >= MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
        AND "t0"."timestamp" < MAKE_TIMESTAMP(2025, 5, 1, 0, 0, 0.0)
        AND "t0"."to_status" IN ('cancelled', 'ported_out')
    ) AS "is_left",
    "t19"."subscriber_id" IN (
      SELECT DISTINCT
        "t0"."subscriber_id"
      FROM "stg_status_changes" AS "t0"
      WHERE
        "t0"."timestamp" >= MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
        AND "t0"."timestamp" < MAKE_TIMESTAMP(2025, 5, 1, 0, 0, 0.0)
        AND "t0"."to_status" IN ('cancelled', 'ported_out')
        AND "t0"."from_status" = 'suspended_arrears'
    ) AS "let_go",
    "t19"."subscriber_id" IN (
      SELECT DISTINCT
        "t15"."subscriber_id"
      FROM (
        SELECT
          "t11"."subscriber_id",
          "t11"."since",
          "t9"."subscriber_id" AS "subscriber_id_right",
          "t9"."back_at",
          "t9"."back_to"
        FROM (
          SELECT
            "t0"."subscriber_id",
            "t0"."timestamp" AS "since"
          FROM "stg_status_changes" AS "t0"
          WHERE
            "t0"."timestamp" >= MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
            AND "t0"."timestamp" < MAKE_TIMESTAMP(2025, 5, 1, 0, 0, 0.0)
            AND "t0"."to_status" = 'suspended_arrears'
            AND (
              "t0"."timestamp" + INTERVAL '15' DAY
            ) <= MAKE_TIMESTAMP(2025, 5, 1, 0, 0, 0.0)
        ) AS "t11"
        LEFT OUTER JOIN (
          SELECT
            "t0"."subscriber_id",
            "t0"."timestamp" AS "back_at",
            "t0"."to_status" AS "back_to"
          FROM "stg_status_changes" AS "t0"
          WHERE
            "t0"."from_status" = 'suspended_arrears'
        ) AS "t9"
          ON "t11"."subscriber_id" = "t9"."subscriber_id"
          AND "t9"."back_at" > "t11"."since"
          AND "t9"."back_at" < (
            "t11"."since" + INTERVAL '15' DAY
          )
          AND "t9"."back_to" = 'active'
      ) AS "t15"
      WHERE
        "t15"."back_at" IS NULL
    ) AS "in_arrears"
  FROM (
    SELECT
      "t10"."subscriber_id",
      "t14"."events_ahead",
      "t14"."bill_ahead",
      "t14"."events_next",
      "t14"."bill_next",
      "t14"."events_mean",
      "t14"."bill_mean"
    FROM (
      SELECT
        "t1"."subscriber_id"
      FROM "feat_monthly" AS "t1"
      WHERE
        "t1"."month" = '2025-03' AND "t1"."usage_events" > 0 AND "t1"."net_bill" > 0
    ) AS "t10"
    ANTI JOIN (
      SELECT
        "t13"."subscriber_id",
        "t13"."to_status" AS "status"
      FROM (
        SELECT
          "t2"."subscriber_id",
          "t2"."timestamp",
          "t2"."from_status",
          "t2"."to_status",
          "t2"."reason",
          ROW_NUMBER() OVER (
            PARTITION BY "t2"."subscriber_id"
            ORDER BY "t2"."timestamp" DESC, "t2"."to_status" DESC
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) - 1 AS "rank"
        FROM (
          SELECT
            *
          FROM "stg_status_changes" AS "t0"
          WHERE
            "t0"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
        ) AS "t2"
      ) AS "t13"
      WHERE
        "t13"."rank" = 0 AND "t13"."to_status" <> 'active'
    ) AS "t17"
      ON "t10"."subscriber_id" = "t17"."subscriber_id"
    LEFT OUTER JOIN (
      SELECT
        "t6"."subscriber_id",
        SUM("t6"."usage_events") FILTER(WHERE
          "t6"."month" IN ('2025-04')) AS "events_ahead",
        SUM("t6"."net_bill") FILTER(WHERE
          "t6"."month" IN ('2025-04')) AS "bill_ahead",
        SUM("t6"."usage_events") FILTER(WHERE
          "t6"."month" = '2025-04') AS "events_next",
        SUM("t6"."net_bill") FILTER(WHERE
          "t6"."month" = '2025-04') AS "bill_next",
        AVG("t6"."usage_events") FILTER(WHERE
          "t6"."month" IN ('2025-03', '2025-02', '2025-01')) AS "events_mean",
        AVG("t6"."net_bill") FILTER(WHERE
          "t6"."month" IN ('2025-03', '2025-02', '2025-01')) AS "bill_mean"
      FROM (
        SELECT
          *
        FROM "feat_monthly" AS "t1"
        WHERE
          "t1"."month" IN ('2025-04', '2025-03', '2025-02', '2025-01')
      ) AS "t6"
      GROUP BY
        1
    ) AS "t14"
      ON "t10"."subscriber_id" = "t14"."subscriber_id"
  ) AS "t19"
) AS "t20"
