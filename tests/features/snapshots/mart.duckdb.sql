WITH "t17" AS (
  SELECT
    *
  FROM "stg_status_changes" AS "t2"
  WHERE
    "t2"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
), "t93" AS (
  SELECT
    "t92"."subscriber_id",
    "t92"."voice_out_minutes",
    "t92"."voice_in_minutes",
    "t92"."voice_out_calls",
    "t92"."voice_in_calls",
    "t92"."sms_out",
    "t92"."sms_in",
    "t92"."data_mb",
    "t92"."data_sessions",
    "t92"."usage_events",
    "t92"."usage_charge",
    "t92"."roaming_events",
    "t92"."onnet_calls",
    "t92"."offnet_calls",
    "t92"."calls_to_competitor_a",
    "t92"."calls_to_competitor_b",
    "t92"."calls_from_competitor_a",
    "t92"."calls_from_competitor_b",
    "t92"."night_calls",
    "t92"."active_days",
    "t92"."cell_dropped_call_rate",
    "t92"."cell_throughput_mbps",
    "t92"."cell_outage_hours",
    "t92"."outage_exposed_share",
    "t92"."distinct_contacts",
    "t92"."churned_contacts",
    "t92"."bill_total",
    "t92"."discount_total",
    "t92"."net_bill",
    "t92"."bill_voice",
    "t92"."bill_data",
    "t92"."bill_sms",
    "t92"."bill_broadband",
    "t92"."bill_iptv",
    "t92"."bill_value_added",
    "t92"."bill_other",
    "t92"."payments_count",
    "t92"."payments_amount",
    "t92"."arrears_balance",
    "t92"."suspended_arrears_now",
    "t92"."arrears_suspensions_12m",
    "t92"."complaints_1m",
    "t92"."complaints_3m",
    "t92"."complaints_network_3m",
    "t92"."complaints_billing_3m",
    "t92"."complaints_service_3m",
    "t92"."complaints_price_3m",
    "t92"."complaints_broadband_3m",
    "t92"."unresolved_complaints_3m",
    "t92"."hours_to_resolve_3m",
    "t92"."regulator_complaints_12m",
    "t92"."last_survey_score",
    "t92"."tenure_months",
    "t92"."months_to_contract_end",
    "t92"."in_contract",
    "t92"."contract_ends_within_2m",
    "t92"."device_age_months",
    "t92"."plan_monthly_fee",
    "t92"."plan_is_5g",
    "t92"."plan_broadband",
    "t92"."plan_iptv",
    "t92"."plan_data_gb",
    "t92"."plan_voice_minutes",
    "t92"."is_prepaid",
    "t92"."is_enterprise",
    "t92"."age",
    "t92"."has_account_manager",
    "t92"."enterprise_id",
    "t92"."month",
    "t92"."voice_minutes",
    "t92"."onnet_share",
    "t92"."competitor_call_share",
    "t92"."competitor_in_share",
    "t92"."days_since_last_use",
    "t92"."churned_contacts_share",
    "t92"."discount_share",
    "t92"."days_since_last_payment",
    "t92"."mean_payment",
    "t92"."arrears_days",
    "t92"."data_use_vs_plan",
    "t92"."voice_use_vs_plan",
    "t92"."low_survey_score",
    "t92"."voice_mom",
    "t92"."voice_vs_3m",
    "t92"."voice_slope_3m",
    "t92"."data_mom",
    "t92"."data_vs_3m",
    "t92"."data_slope_3m",
    "t92"."events_mom",
    "t92"."events_vs_3m",
    "t92"."events_slope_3m",
    "t92"."revenue_mom",
    "t92"."revenue_vs_3m",
    "t92"."revenue_slope_3m",
    "t92"."active_days_mom",
    "t92"."usage_drop_flag",
    "t92"."revenue_drop_flag",
    "t92"."bill_shock",
    "t84"."enterprise_lines",
    "t84"."enterprise_bill",
    "t84"."enterprise_bill_mom"
  FROM (
    SELECT
      "t90"."subscriber_id",
      "t90"."voice_out_minutes",
      "t90"."voice_in_minutes",
      "t90"."voice_out_calls",
      "t90"."voice_in_calls",
      "t90"."sms_out",
      "t90"."sms_in",
      "t90"."data_mb",
      "t90"."data_sessions",
      "t90"."usage_events",
      "t90"."usage_charge",
      "t90"."roaming_events",
      "t90"."onnet_calls",
      "t90"."offnet_calls",
      "t90"."calls_to_competitor_a",
      "t90"."calls_to_competitor_b",
      "t90"."calls_from_competitor_a",
      "t90"."calls_from_competitor_b",
      "t90"."night_calls",
      "t90"."active_days",
      "t90"."cell_dropped_call_rate",
      "t90"."cell_throughput_mbps",
      "t90"."cell_outage_hours",
      "t90"."outage_exposed_share",
      "t90"."distinct_contacts",
      "t90"."churned_contacts",
      "t90"."bill_total",
      "t90"."discount_total",
      "t90"."net_bill",
      "t90"."bill_voice",
      "t90"."bill_data",
      "t90"."bill_sms",
      "t90"."bill_broadband",
      "t90"."bill_iptv",
      "t90"."bill_value_added",
      "t90"."bill_other",
      "t90"."payments_count",
      "t90"."payments_amount",
      "t90"."arrears_balance",
      "t90"."suspended_arrears_now",
      "t90"."arrears_suspensions_12m",
      "t90"."complaints_1m",
      "t90"."complaints_3m",
      "t90"."complaints_network_3m",
      "t90"."complaints_billing_3m",
      "t90"."complaints_service_3m",
      "t90"."complaints_price_3m",
      "t90"."complaints_broadband_3m",
      "t90"."unresolved_complaints_3m",
      "t90"."hours_to_resolve_3m",
      "t90"."regulator_complaints_12m",
      "t90"."last_survey_score",
      "t90"."tenure_months",
      "t90"."months_to_contract_end",
      "t90"."in_contract",
      "t90"."contract_ends_within_2m",
      "t90"."device_age_months",
      "t90"."plan_monthly_fee",
      "t90"."plan_is_5g",
      "t90"."plan_broadband",
      "t90"."plan_iptv",
      "t90"."plan_data_gb",
      "t90"."plan_voice_minutes",
      "t90"."is_prepaid",
      "t90"."is_enterprise",
      "t90"."age",
      "t90"."has_account_manager",
      "t90"."enterprise_id",
      "t90"."month",
      "t90"."voice_minutes",
      "t90"."onnet_share",
      "t90"."competitor_call_share",
      "t90"."competitor_in_share",
      "t90"."days_since_last_use",
      "t90"."churned_contacts_share",
      "t90"."discount_share",
      "t90"."days_since_last_payment",
      "t90"."mean_payment",
      "t90"."arrears_days",
      "t90"."data_use_vs_plan",
      "t90"."voice_use_vs_plan",
      "t90"."low_survey_score",
      CASE
        WHEN "t90"."voice_minutes_m1" > 0
        THEN (
          COALESCE("t90"."voice_minutes", 0) - "t90"."voice_minutes_m1"
        ) / "t90"."voice_minutes_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "voice_mom",
      CASE
        WHEN "t90"."voice_minutes_3m_mean" > 0
        THEN COALESCE("t90"."voice_minutes", 0) / "t90"."voice_minutes_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "voice_vs_3m",
      (
        COALESCE("t90"."voice_minutes", 0) - "t90"."voice_minutes_m2"
      ) / 2.0 AS "voice_slope_3m",
      CASE
        WHEN "t90"."data_mb_m1" > 0
        THEN (
          COALESCE("t90"."data_mb", 0) - "t90"."data_mb_m1"
        ) / "t90"."data_mb_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "data_mom",
      CASE
        WHEN "t90"."data_mb_3m_mean" > 0
        THEN COALESCE("t90"."data_mb", 0) / "t90"."data_mb_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "data_vs_3m",
      (
        COALESCE("t90"."data_mb", 0) - "t90"."data_mb_m2"
      ) / 2.0 AS "data_slope_3m",
      CASE
        WHEN "t90"."usage_events_m1" > 0
        THEN CAST(COALESCE("t90"."usage_events", 0) - "t90"."usage_events_m1" AS DOUBLE) / CAST("t90"."usage_events_m1" AS DOUBLE)
        ELSE CAST(NULL AS DOUBLE)
      END AS "events_mom",
      CASE
        WHEN "t90"."usage_events_3m_mean" > 0
        THEN CAST(COALESCE("t90"."usage_events", 0) AS DOUBLE) / "t90"."usage_events_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "events_vs_3m",
      CAST(COALESCE("t90"."usage_events", 0) - "t90"."usage_events_m2" AS DOUBLE) / 2.0 AS "events_slope_3m",
      CASE
        WHEN "t90"."net_bill_m1" > 0
        THEN (
          COALESCE("t90"."net_bill", 0) - "t90"."net_bill_m1"
        ) / "t90"."net_bill_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "revenue_mom",
      CASE
        WHEN "t90"."net_bill_3m_mean" > 0
        THEN COALESCE("t90"."net_bill", 0) / "t90"."net_bill_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "revenue_vs_3m",
      (
        COALESCE("t90"."net_bill", 0) - "t90"."net_bill_m2"
      ) / 2.0 AS "revenue_slope_3m",
      CASE
        WHEN "t90"."active_days_m1" > 0
        THEN CAST(COALESCE("t90"."active_days", 0) - "t90"."active_days_m1" AS DOUBLE) / CAST("t90"."active_days_m1" AS DOUBLE)
        ELSE CAST(NULL AS DOUBLE)
      END AS "active_days_mom",
      CAST(COALESCE(
        CASE
          WHEN "t90"."usage_events_3m_mean" > 0
          THEN CAST(COALESCE("t90"."usage_events", 0) AS DOUBLE) / "t90"."usage_events_3m_mean"
          ELSE CAST(NULL AS DOUBLE)
        END <= 0.5,
        FALSE
      ) AS BIGINT) AS "usage_drop_flag",
      CAST(COALESCE(
        CASE
          WHEN "t90"."net_bill_3m_mean" > 0
          THEN COALESCE("t90"."net_bill", 0) / "t90"."net_bill_3m_mean"
          ELSE CAST(NULL AS DOUBLE)
        END <= 0.5,
        FALSE
      ) AS BIGINT) AS "revenue_drop_flag",
      CASE
        WHEN "t90"."net_bill_3m_mean" > 0
        THEN "t90"."net_bill" / "t90"."net_bill_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "bill_shock"
    FROM (
      SELECT
        "t89"."subscriber_id",
        "t89"."voice_out_minutes",
        "t89"."voice_in_minutes",
        "t89"."voice_out_calls",
        "t89"."voice_in_calls",
        "t89"."sms_out",
        "t89"."sms_in",
        "t89"."data_mb",
        "t89"."data_sessions",
        "t89"."usage_events",
        "t89"."usage_charge",
        "t89"."roaming_events",
        "t89"."onnet_calls",
        "t89"."offnet_calls",
        "t89"."calls_to_competitor_a",
        "t89"."calls_to_competitor_b",
        "t89"."calls_from_competitor_a",
        "t89"."calls_from_competitor_b",
        "t89"."night_calls",
        "t89"."active_days",
        "t89"."cell_dropped_call_rate",
        "t89"."cell_throughput_mbps",
        "t89"."cell_outage_hours",
        "t89"."outage_exposed_share",
        "t89"."distinct_contacts",
        "t89"."churned_contacts",
        "t89"."bill_total",
        "t89"."discount_total",
        "t89"."net_bill",
        "t89"."bill_voice",
        "t89"."bill_data",
        "t89"."bill_sms",
        "t89"."bill_broadband",
        "t89"."bill_iptv",
        "t89"."bill_value_added",
        "t89"."bill_other",
        "t89"."payments_count",
        "t89"."payments_amount",
        "t89"."arrears_balance",
        "t89"."suspended_arrears_now",
        "t89"."arrears_suspensions_12m",
        "t89"."complaints_1m",
        "t89"."complaints_3m",
        "t89"."complaints_network_3m",
        "t89"."complaints_billing_3m",
        "t89"."complaints_service_3m",
        "t89"."complaints_price_3m",
        "t89"."complaints_broadband_3m",
        "t89"."unresolved_complaints_3m",
        "t89"."hours_to_resolve_3m",
        "t89"."regulator_complaints_12m",
        "t89"."last_survey_score",
        "t89"."tenure_months",
        "t89"."months_to_contract_end",
        "t89"."in_contract",
        "t89"."contract_ends_within_2m",
        "t89"."device_age_months",
        "t89"."plan_monthly_fee",
        "t89"."plan_is_5g",
        "t89"."plan_broadband",
        "t89"."plan_iptv",
        "t89"."plan_data_gb",
        "t89"."plan_voice_minutes",
        "t89"."is_prepaid",
        "t89"."is_enterprise",
        "t89"."age",
        "t89"."has_account_manager",
        "t89"."enterprise_id",
        "t89"."month",
        "t89"."voice_minutes",
        "t89"."onnet_share",
        "t89"."competitor_call_share",
        "t89"."competitor_in_share",
        "t89"."days_since_last_use",
        "t89"."churned_contacts_share",
        "t89"."discount_share",
        "t89"."days_since_last_payment",
        "t89"."mean_payment",
        "t89"."arrears_days",
        "t89"."data_use_vs_plan",
        "t89"."voice_use_vs_plan",
        "t89"."low_survey_score",
        "t41"."voice_minutes_m1",
        "t41"."voice_minutes_m2",
        "t41"."voice_minutes_3m_mean",
        "t41"."data_mb_m1",
        "t41"."data_mb_m2",
        "t41"."data_mb_3m_mean",
        "t41"."usage_events_m1",
        "t41"."usage_events_m2",
        "t41"."usage_events_3m_mean",
        "t41"."active_days_m1",
        "t41"."active_days_m2",
        "t41"."active_days_3m_mean",
        "t41"."net_bill_m1",
        "t41"."net_bill_m2",
        "t41"."net_bill_3m_mean"
      FROM (
        SELECT
          "t87"."subscriber_id",
          COALESCE("t87"."voice_out_minutes", 0) AS "voice_out_minutes",
          COALESCE("t87"."voice_in_minutes", 0) AS "voice_in_minutes",
          COALESCE("t87"."voice_out_calls", 0) AS "voice_out_calls",
          COALESCE("t87"."voice_in_calls", 0) AS "voice_in_calls",
          COALESCE("t87"."sms_out", 0) AS "sms_out",
          COALESCE("t87"."sms_in", 0) AS "sms_in",
          COALESCE("t87"."data_mb", 0) AS "data_mb",
          COALESCE("t87"."data_sessions", 0) AS "data_sessions",
          COALESCE("t87"."usage_events", 0) AS "usage_events",
          COALESCE("t87"."usage_charge", 0) AS "usage_charge",
          COALESCE("t87"."roaming_events", 0) AS "roaming_events",
          COALESCE("t87"."onnet_calls", 0) AS "onnet_calls",
          COALESCE("t87"."offnet_calls", 0) AS "offnet_calls",
          COALESCE("t87"."calls_to_competitor_a", 0) AS "calls_to_competitor_a",
          COALESCE("t87"."calls_to_competitor_b", 0) AS "calls_to_competitor_b",
          COALESCE("t87"."calls_from_competitor_a", 0) AS "calls_from_competitor_a",
          COALESCE("t87"."calls_from_competitor_b", 0) AS "calls_from_competitor_b",
          COALESCE("t87"."night_calls", 0) AS "night_calls",
          COALESCE("t87"."active_days", 0) AS "active_days",
          "t87"."cell_dropped_call_rate",
          "t87"."cell_throughput_mbps",
          "t87"."cell_outage_hours",
          "t87"."outage_exposed_share",
          COALESCE("t87"."distinct_contacts", 0) AS "distinct_contacts",
          COALESCE("t87"."churned_contacts", 0) AS "churned_contacts",
          COALESCE("t87"."bill_total", 0) AS "bill_total",
          COALESCE("t87"."discount_total", 0) AS "discount_total",
          COALESCE("t87"."net_bill", 0) AS "net_bill",
          COALESCE("t87"."bill_voice", 0) AS "bill_voice",
          COALESCE("t87"."bill_data", 0) AS "bill_data",
          COALESCE("t87"."bill_sms", 0) AS "bill_sms",
          COALESCE("t87"."bill_broadband", 0) AS "bill_broadband",
          COALESCE("t87"."bill_iptv", 0) AS "bill_iptv",
          COALESCE("t87"."bill_value_added", 0) AS "bill_value_added",
          COALESCE("t87"."bill_other", 0) AS "bill_other",
          COALESCE("t87"."payments_count", 0) AS "payments_count",
          COALESCE("t87"."payments_amount", 0) AS "payments_amount",
          COALESCE("t87"."arrears_balance", 0) AS "arrears_balance",
          COALESCE("t87"."suspended_arrears_now", 0) AS "suspended_arrears_now",
          COALESCE("t87"."arrears_suspensions_12m", 0) AS "arrears_suspensions_12m",
          COALESCE("t87"."complaints_1m", 0) AS "complaints_1m",
          COALESCE("t87"."complaints_3m", 0) AS "complaints_3m",
          COALESCE("t87"."complaints_network_3m", 0) AS "complaints_network_3m",
          COALESCE("t87"."complaints_billing_3m", 0) AS "complaints_billing_3m",
          COALESCE("t87"."complaints_service_3m", 0) AS "complaints_service_3m",
          COALESCE("t87"."complaints_price_3m", 0) AS "complaints_price_3m",
          COALESCE("t87"."complaints_broadband_3m", 0) AS "complaints_broadband_3m",
          COALESCE("t87"."unresolved_complaints_3m", 0) AS "unresolved_complaints_3m",
          "t87"."hours_to_resolve_3m",
          COALESCE("t87"."regulator_complaints_12m", 0) AS "regulator_complaints_12m",
          "t87"."last_survey_score",
          "t87"."tenure_months",
          "t87"."months_to_contract_end",
          "t87"."in_contract",
          "t87"."contract_ends_within_2m",
          "t87"."device_age_months",
          "t87"."plan_monthly_fee",
          "t87"."plan_is_5g",
          "t87"."plan_broadband",
          "t87"."plan_iptv",
          "t87"."plan_data_gb",
          "t87"."plan_voice_minutes",
          "t87"."is_prepaid",
          "t87"."is_enterprise",
          "t87"."age",
          "t87"."has_account_manager",
          "t87"."enterprise_id",
          '2025-03' AS "month",
          COALESCE("t87"."voice_out_minutes", 0) + COALESCE("t87"."voice_in_minutes", 0) AS "voice_minutes",
          CASE
            WHEN (
              COALESCE("t87"."onnet_calls", 0) + COALESCE("t87"."offnet_calls", 0)
            ) > 0
            THEN CAST(COALESCE("t87"."onnet_calls", 0) AS DOUBLE) / CAST(COALESCE("t87"."onnet_calls", 0) + COALESCE("t87"."offnet_calls", 0) AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "onnet_share",
          CASE
            WHEN (
              COALESCE("t87"."voice_out_calls", 0) + COALESCE("t87"."voice_in_calls", 0)
            ) > 0
            THEN CAST(COALESCE("t87"."offnet_calls", 0) AS DOUBLE) / CAST(COALESCE("t87"."voice_out_calls", 0) + COALESCE("t87"."voice_in_calls", 0) AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "competitor_call_share",
          CASE
            WHEN COALESCE("t87"."voice_in_calls", 0) > 0
            THEN CAST(COALESCE("t87"."calls_from_competitor_a", 0) + COALESCE("t87"."calls_from_competitor_b", 0) AS DOUBLE) / CAST(COALESCE("t87"."voice_in_calls", 0) AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "competitor_in_share",
          CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(CAST("t87"."last_use" AS TIMESTAMP)) AS DOUBLE) / 86400.0 AS "days_since_last_use",
          CASE
            WHEN COALESCE("t87"."distinct_contacts", 0) > 0
            THEN CAST(COALESCE("t87"."churned_contacts", 0) AS DOUBLE) / CAST(COALESCE("t87"."distinct_contacts", 0) AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "churned_contacts_share",
          CASE
            WHEN COALESCE("t87"."bill_total", 0) > 0
            THEN COALESCE("t87"."discount_total", 0) / COALESCE("t87"."bill_total", 0)
            ELSE CAST(NULL AS DOUBLE)
          END AS "discount_share",
          CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(CAST("t87"."last_payment" AS TIMESTAMP)) AS DOUBLE) / 86400.0 AS "days_since_last_payment",
          CASE
            WHEN COALESCE("t87"."payments_count", 0) > 0
            THEN COALESCE("t87"."payments_amount", 0) / CAST(COALESCE("t87"."payments_count", 0) AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "mean_payment",
          CASE
            WHEN COALESCE("t87"."suspended_arrears_now", 0) = 1
            THEN "t87"."days_in_status"
            ELSE 0.0
          END AS "arrears_days",
          CASE
            WHEN "t87"."plan_data_gb" > 0
            THEN (
              COALESCE("t87"."data_mb", 0) / 1024.0
            ) / "t87"."plan_data_gb"
            ELSE CAST(NULL AS DOUBLE)
          END AS "data_use_vs_plan",
          CASE
            WHEN "t87"."plan_voice_minutes" > 0
            THEN COALESCE("t87"."voice_out_minutes", 0) / "t87"."plan_voice_minutes"
            ELSE CAST(NULL AS DOUBLE)
          END AS "voice_use_vs_plan",
          CAST(COALESCE("t87"."last_survey_score" <= 2, FALSE) AS BIGINT) AS "low_survey_score"
        FROM (
          SELECT
            "t29"."subscriber_id",
            "t86"."voice_out_minutes",
            "t86"."voice_in_minutes",
            "t86"."voice_out_calls",
            "t86"."voice_in_calls",
            "t86"."sms_out",
            "t86"."sms_in",
            "t86"."data_mb",
            "t86"."data_sessions",
            "t86"."usage_events",
            "t86"."usage_charge",
            "t86"."roaming_events",
            "t86"."onnet_calls",
            "t86"."offnet_calls",
            "t86"."calls_to_competitor_a",
            "t86"."calls_to_competitor_b",
            "t86"."calls_from_competitor_a",
            "t86"."calls_from_competitor_b",
            "t86"."night_calls",
            "t86"."last_use",
            "t86"."active_days",
            "t86"."cell_dropped_call_rate",
            "t86"."cell_throughput_mbps",
            "t86"."cell_outage_hours",
            "t86"."outage_exposed_share",
            "t86"."distinct_contacts",
            "t86"."churned_contacts",
            "t54"."bill_total",
            "t54"."discount_total",
            "t54"."net_bill",
            "t54"."bill_voice",
            "t54"."bill_data",
            "t54"."bill_sms",
            "t54"."bill_broadband",
            "t54"."bill_iptv",
            "t54"."bill_value_added",
            "t54"."bill_other",
            "t68"."payments_count",
            "t68"."payments_amount",
            "t68"."arrears_balance",
            "t68"."last_payment",
            "t78"."suspended_arrears_now",
            "t78"."days_in_status",
            "t78"."arrears_suspensions_12m",
            "t55"."complaints_1m",
            "t55"."complaints_3m",
            "t55"."complaints_network_3m",
            "t55"."complaints_billing_3m",
            "t55"."complaints_service_3m",
            "t55"."complaints_price_3m",
            "t55"."complaints_broadband_3m",
            "t55"."unresolved_complaints_3m",
            "t55"."hours_to_resolve_3m",
            "t55"."regulator_complaints_12m",
            "t62"."last_survey_score",
            "t63"."tenure_months",
            "t63"."months_to_contract_end",
            "t63"."in_contract",
            "t63"."contract_ends_within_2m",
            "t63"."device_age_months",
            "t63"."plan_monthly_fee",
            "t63"."plan_is_5g",
            "t63"."plan_broadband",
            "t63"."plan_iptv",
            "t63"."plan_data_gb",
            "t63"."plan_voice_minutes",
            "t63"."is_prepaid",
            "t63"."is_enterprise",
            "t63"."age",
            "t63"."has_account_manager",
            "t63"."enterprise_id"
          FROM (
            SELECT
              *
            FROM "stg_subscribers" AS "t1"
            WHERE
              "t1"."activation_date" < MAKE_DATE(2025, 4, 1)
          ) AS "t29"
          ANTI JOIN (
            SELECT DISTINCT
              "t2"."subscriber_id"
            FROM "stg_status_changes" AS "t2"
            WHERE
              "t2"."to_status" IN ('cancelled', 'ported_out')
              AND "t2"."timestamp" < MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
          ) AS "t31"
            ON "t29"."subscriber_id" = "t31"."subscriber_id"
          LEFT OUTER JOIN (
            SELECT
              "t82"."subscriber_id",
              "t82"."voice_out_minutes",
              "t82"."voice_in_minutes",
              "t82"."voice_out_calls",
              "t82"."voice_in_calls",
              "t82"."sms_out",
              "t82"."sms_in",
              "t82"."data_mb",
              "t82"."data_sessions",
              "t82"."usage_events",
              "t82"."usage_charge",
              "t82"."roaming_events",
              "t82"."onnet_calls",
              "t82"."offnet_calls",
              "t82"."calls_to_competitor_a",
              "t82"."calls_to_competitor_b",
              "t82"."calls_from_competitor_a",
              "t82"."calls_from_competitor_b",
              "t82"."night_calls",
              "t82"."last_use",
              "t82"."active_days",
              "t82"."cell_dropped_call_rate",
              "t82"."cell_throughput_mbps",
              "t82"."cell_outage_hours",
              "t82"."outage_exposed_share",
              "t80"."distinct_contacts",
              "t80"."churned_contacts"
            FROM (
              SELECT
                "t76"."subscriber_id",
                "t76"."voice_out_minutes",
                "t76"."voice_in_minutes",
                CAST("t76"."voice_out_calls" AS BIGINT) AS "voice_out_calls",
                CAST("t76"."voice_in_calls" AS BIGINT) AS "voice_in_calls",
                CAST("t76"."sms_out" AS BIGINT) AS "sms_out",
                CAST("t76"."sms_in" AS BIGINT) AS "sms_in",
                "t76"."data_mb",
                CAST("t76"."data_sessions" AS BIGINT) AS "data_sessions",
                CAST("t76"."usage_events" AS BIGINT) AS "usage_events",
                "t76"."usage_charge",
                CAST("t76"."roaming_events" AS BIGINT) AS "roaming_events",
                CAST("t76"."onnet_calls" AS BIGINT) AS "onnet_calls",
                CAST("t76"."offnet_calls" AS BIGINT) AS "offnet_calls",
                CAST("t76"."calls_to_competitor_a" AS BIGINT) AS "calls_to_competitor_a",
                CAST("t76"."calls_to_competitor_b" AS BIGINT) AS "calls_to_competitor_b",
                CAST("t76"."calls_from_competitor_a" AS BIGINT) AS "calls_from_competitor_a",
                CAST("t76"."calls_from_competitor_b" AS BIGINT) AS "calls_from_competitor_b",
                CAST("t76"."night_calls" AS BIGINT) AS "night_calls",
                "t76"."last_use",
                "t76"."active_days",
                CASE
                  WHEN "t76"."cell_n" > 0
                  THEN "t76"."cell_drop" / "t76"."cell_n"
                  ELSE CAST(NULL AS DOUBLE)
                END AS "cell_dropped_call_rate",
                CASE
                  WHEN "t76"."cell_n" > 0
                  THEN "t76"."cell_mbps" / "t76"."cell_n"
                  ELSE CAST(NULL AS DOUBLE)
                END AS "cell_throughput_mbps",
                CASE
                  WHEN "t76"."cell_n" > 0
                  THEN "t76"."cell_outage" / "t76"."cell_n"
                  ELSE CAST(NULL AS DOUBLE)
                END AS "cell_outage_hours",
                CASE
                  WHEN "t76"."cell_n" > 0
                  THEN "t76"."cell_outage_n" / "t76"."cell_n"
                  ELSE CAST(NULL AS DOUBLE)
                END AS "outage_exposed_share"
              FROM (
                SELECT
                  "t69"."subscriber_id",
                  SUM("t69"."minutes") FILTER(WHERE
                    (
                      "t69"."event_type" = 'voice'
                    ) AND (
                      "t69"."direction" = 'out'
                    )) AS "voice_out_minutes",
                  SUM("t69"."minutes") FILTER(WHERE
                    (
                      "t69"."event_type" = 'voice'
                    ) AND (
                      "t69"."direction" = 'in'
                    )) AS "voice_in_minutes",
                  SUM(CAST("t69"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t69"."event_type" = 'voice'
                    ) AND (
                      "t69"."direction" = 'out'
                    )) AS "voice_out_calls",
                  SUM(CAST("t69"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t69"."event_type" = 'voice'
                    ) AND (
                      "t69"."direction" = 'in'
                    )) AS "voice_in_calls",
                  SUM(CAST("t69"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t69"."event_type" = 'sms'
                    ) AND (
                      "t69"."direction" = 'out'
                    )) AS "sms_out",
                  SUM(CAST("t69"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t69"."event_type" = 'sms'
                    ) AND (
                      "t69"."direction" = 'in'
                    )) AS "sms_in",
                  SUM("t69"."mb") FILTER(WHERE
                    "t69"."event_type" = 'data') AS "data_mb",
                  SUM(CAST("t69"."n" AS DOUBLE)) FILTER(WHERE
                    "t69"."event_type" = 'data') AS "data_sessions",
                  SUM(CAST("t69"."n" AS DOUBLE)) AS "usage_events",
                  SUM("t69"."charge") AS "usage_charge",
                  SUM(CAST("t69"."roaming_n" AS DOUBLE)) AS "roaming_events",
                  SUM(CAST("t69"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t69"."event_type" = 'voice'
                    ) AND (
                      "t69"."other_operator" = 'own'
                    )) AS "onnet_calls",
                  SUM(CAST("t69"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t69"."event_type" = 'voice'
                    )
                    AND (
                      (
                        "t69"."other_operator" = 'competitor_a'
                      )
                      OR (
                        "t69"."other_operator" = 'competitor_b'
                      )
                    )) AS "offnet_calls",
                  SUM(CAST("t69"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t69"."event_type" = 'voice'
                    )
                    AND (
                      "t69"."direction" = 'out'
                    )
                    AND (
                      "t69"."other_operator" = 'competitor_a'
                    )) AS "calls_to_competitor_a",
                  SUM(CAST("t69"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t69"."event_type" = 'voice'
                    )
                    AND (
                      "t69"."direction" = 'out'
                    )
                    AND (
                      "t69"."other_operator" = 'competitor_b'
                    )) AS "calls_to_competitor_b",
                  SUM(CAST("t69"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t69"."event_type" = 'voice'
                    )
                    AND (
                      "t69"."direction" = 'in'
                    )
                    AND (
                      "t69"."other_operator" = 'competitor_a'
                    )) AS "calls_from_competitor_a",
                  SUM(CAST("t69"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t69"."event_type" = 'voice'
                    )
                    AND (
                      "t69"."direction" = 'in'
                    )
                    AND (
                      "t69"."other_operator" = 'competitor_b'
                    )) AS "calls_from_competitor_b",
                  SUM(CAST("t69"."night_n" AS DOUBLE)) FILTER(WHERE
                    "t69"."event_type" = 'voice') AS "night_calls",
                  MAX("t69"."last_use") AS "last_use",
                  BIT_COUNT(BIT_OR("t69"."days")) AS "active_days",
                  SUM(CAST("t69"."cell_n" AS DOUBLE)) AS "cell_n",
                  SUM("t69"."cell_drop") AS "cell_drop",
                  SUM("t69"."cell_mbps") AS "cell_mbps",
                  SUM("t69"."cell_outage") AS "cell_outage",
                  SUM(CAST("t69"."cell_outage_n" AS DOUBLE)) AS "cell_outage_n"
                FROM (
                  SELECT
                    "t50"."subscriber_id",
                    "t50"."event_type",
                    "t50"."direction",
                    "t50"."other_operator",
                    COUNT("t50"."subscriber_id") AS "n",
                    SUM(CAST("t50"."duration_s" AS DOUBLE) / 60.0) AS "minutes",
                    SUM("t50"."data_mb") AS "mb",
                    SUM("t50"."charge") AS "charge",
                    MAX("t50"."timestamp") AS "last_use",
                    COUNT("t50"."subscriber_id") FILTER(WHERE
                      "t50"."roaming") AS "roaming_n",
                    COUNT("t50"."subscriber_id") FILTER(WHERE
                      EXTRACT(hour FROM "t50"."timestamp") < 6) AS "night_n",
                    BIT_OR(1 << (
                      EXTRACT(day FROM "t50"."timestamp") - 1
                    )) AS "days",
                    COUNT("t50"."nq_cell") AS "cell_n",
                    SUM("t50"."nq_drop") AS "cell_drop",
                    SUM("t50"."nq_mbps") AS "cell_mbps",
                    SUM("t50"."nq_outage") AS "cell_outage",
                    COUNT("t50"."nq_cell") FILTER(WHERE
                      "t50"."nq_outage" > 0) AS "cell_outage_n"
                  FROM (
                    SELECT
                      "t35"."subscriber_id",
                      "t35"."timestamp",
                      "t35"."event_type",
                      "t35"."direction",
                      "t35"."other_party",
                      "t35"."other_operator",
                      "t35"."duration_s",
                      "t35"."data_mb",
                      "t35"."cell_id",
                      "t35"."roaming",
                      "t35"."charge",
                      "t36"."nq_cell",
                      "t36"."nq_drop",
                      "t36"."nq_mbps",
                      "t36"."nq_outage"
                    FROM (
                      SELECT
                        *
                      FROM "stg_usage" AS "t8"
                      WHERE
                        "t8"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
                        AND "t8"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                    ) AS "t35"
                    LEFT OUTER JOIN (
                      SELECT
                        "t9"."cell_id" AS "nq_cell",
                        "t9"."dropped_call_rate" AS "nq_drop",
                        "t9"."throughput_mbps" AS "nq_mbps",
                        "t9"."outage_hours" AS "nq_outage"
                      FROM "stg_network_quality" AS "t9"
                      WHERE
                        "t9"."month" = '2025-03'
                    ) AS "t36"
                      ON "t35"."cell_id" = "t36"."nq_cell"
                  ) AS "t50"
                  GROUP BY
                    1,
                    2,
                    3,
                    4
                ) AS "t69"
                GROUP BY
                  1
              ) AS "t76"
            ) AS "t82"
            LEFT OUTER JOIN (
              SELECT
                "t71"."subscriber_id",
                COUNT("t71"."subscriber_id") AS "distinct_contacts",
                CAST(COALESCE(SUM(CAST("t71"."churned" AS DOUBLE)), 0) AS BIGINT) AS "churned_contacts"
              FROM (
                SELECT
                  "t40"."subscriber_id",
                  "t40"."other_party",
                  "t40"."n",
                  "t59"."other_party" AS "other_party_right",
                  "t59"."churned"
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
                ) AS "t40"
                LEFT OUTER JOIN (
                  SELECT DISTINCT
                    *
                  FROM (
                    SELECT
                      "t30"."party_id" AS "other_party",
                      1 AS "churned"
                    FROM (
                      SELECT
                        *
                      FROM "stg_subscribers" AS "t1"
                      WHERE
                        "t1"."party_id" IS NOT NULL
                    ) AS "t30"
                    SEMI JOIN (
                      SELECT
                        *
                      FROM "stg_status_changes" AS "t2"
                      WHERE
                        "t2"."to_status" IN ('cancelled', 'ported_out')
                        AND "t2"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
                        AND "t2"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                    ) AS "t33"
                      ON "t30"."subscriber_id" = "t33"."subscriber_id"
                  ) AS "t43"
                ) AS "t59"
                  ON "t40"."other_party" = "t59"."other_party"
              ) AS "t71"
              GROUP BY
                1
            ) AS "t80"
              ON "t82"."subscriber_id" = "t80"."subscriber_id"
          ) AS "t86"
            ON "t29"."subscriber_id" = "t86"."subscriber_id"
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
          ) AS "t54"
            ON "t29"."subscriber_id" = "t54"."subscriber_id"
          LEFT OUTER JOIN (
            SELECT
              COALESCE("t45"."subscriber_id", "t56"."subscriber_id") AS "subscriber_id",
              COALESCE("t56"."payments_count", 0) AS "payments_count",
              COALESCE("t56"."payments_amount", 0) AS "payments_amount",
              COALESCE("t45"."billed_to_date", 0) - COALESCE("t56"."paid_to_date", 0) AS "arrears_balance",
              "t56"."last_payment"
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
            ) AS "t45"
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
            ) AS "t56"
              ON "t45"."subscriber_id" = "t56"."subscriber_id"
          ) AS "t68"
            ON "t29"."subscriber_id" = "t68"."subscriber_id"
          LEFT OUTER JOIN (
            SELECT
              "t73"."subscriber_id",
              "t73"."suspended_arrears_now",
              "t73"."days_in_status",
              "t57"."arrears_suspensions_12m"
            FROM (
              SELECT
                "t52"."subscriber_id",
                CAST("t52"."to_status" = 'suspended_arrears' AS BIGINT) AS "suspended_arrears_now",
                CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(CAST("t52"."timestamp" AS TIMESTAMP)) AS DOUBLE) / 86400.0 AS "days_in_status"
              FROM (
                SELECT
                  "t32"."subscriber_id",
                  "t32"."timestamp",
                  "t32"."from_status",
                  "t32"."to_status",
                  "t32"."reason",
                  ROW_NUMBER() OVER (
                    PARTITION BY "t32"."subscriber_id"
                    ORDER BY "t32"."timestamp" DESC, "t32"."to_status" DESC
                    ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                  ) - 1 AS "rank"
                FROM "t17" AS "t32"
              ) AS "t52"
              WHERE
                "t52"."rank" = 0
            ) AS "t73"
            LEFT OUTER JOIN (
              SELECT
                "t32"."subscriber_id",
                COUNT("t32"."subscriber_id") FILTER(WHERE
                  (
                    "t32"."to_status" = 'suspended_arrears'
                  )
                  AND (
                    "t32"."timestamp" >= MAKE_TIMESTAMP(2024, 4, 1, 0, 0, 0.0)
                  )) AS "arrears_suspensions_12m"
              FROM "t17" AS "t32"
              GROUP BY
                1
            ) AS "t57"
              ON "t73"."subscriber_id" = "t57"."subscriber_id"
          ) AS "t78"
            ON "t29"."subscriber_id" = "t78"."subscriber_id"
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
          ) AS "t55"
            ON "t29"."subscriber_id" = "t55"."subscriber_id"
          LEFT OUTER JOIN (
            SELECT
              "t48"."respondent" AS "subscriber_id",
              "t48"."score" AS "last_survey_score"
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
            ) AS "t48"
            WHERE
              "t48"."rank" = 0
          ) AS "t62"
            ON "t29"."subscriber_id" = "t62"."subscriber_id"
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
          ) AS "t63"
            ON "t29"."subscriber_id" = "t63"."subscriber_id"
        ) AS "t87"
      ) AS "t89"
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
      ) AS "t41"
        ON "t89"."subscriber_id" = "t41"."subscriber_id"
    ) AS "t90"
  ) AS "t92"
  LEFT OUTER JOIN (
    SELECT
      "t77"."enterprise_id",
      "t77"."enterprise_lines",
      "t77"."enterprise_bill",
      CASE
        WHEN "t77"."enterprise_bill_m1" > 0
        THEN (
          "t77"."enterprise_bill" - "t77"."enterprise_bill_m1"
        ) / "t77"."enterprise_bill_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "enterprise_bill_mom"
    FROM (
      SELECT
        "t74"."enterprise_id",
        "t74"."enterprise_lines",
        "t67"."enterprise_bill",
        "t67"."enterprise_bill_m1"
      FROM (
        SELECT
          "t64"."enterprise_id",
          COUNT("t64"."subscriber_id") AS "enterprise_lines"
        FROM (
          SELECT
            "t28"."subscriber_id",
            "t28"."enterprise_id"
          FROM (
            SELECT
              "t1"."subscriber_id",
              "t1"."enterprise_id"
            FROM "stg_subscribers" AS "t1"
            WHERE
              "t1"."enterprise_id" IS NOT NULL
          ) AS "t28"
          SEMI JOIN (
            SELECT
              "t29"."subscriber_id"
            FROM (
              SELECT
                *
              FROM "stg_subscribers" AS "t1"
              WHERE
                "t1"."activation_date" < MAKE_DATE(2025, 4, 1)
            ) AS "t29"
            ANTI JOIN (
              SELECT DISTINCT
                "t2"."subscriber_id"
              FROM "stg_status_changes" AS "t2"
              WHERE
                "t2"."to_status" IN ('cancelled', 'ported_out')
                AND "t2"."timestamp" < MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
            ) AS "t31"
              ON "t29"."subscriber_id" = "t31"."subscriber_id"
          ) AS "t51"
            ON "t28"."subscriber_id" = "t51"."subscriber_id"
        ) AS "t64"
        GROUP BY
          1
      ) AS "t74"
      LEFT OUTER JOIN (
        SELECT
          "t46"."enterprise_id",
          COALESCE(SUM("t46"."net") FILTER(WHERE
            "t46"."month" = '2025-03'), 0) AS "enterprise_bill",
          SUM("t46"."net") FILTER(WHERE
            "t46"."month" = '2025-02') AS "enterprise_bill_m1"
        FROM (
          SELECT
            "t28"."subscriber_id",
            "t28"."enterprise_id",
            "t34"."month",
            "t34"."net"
          FROM (
            SELECT
              "t1"."subscriber_id",
              "t1"."enterprise_id"
            FROM "stg_subscribers" AS "t1"
            WHERE
              "t1"."enterprise_id" IS NOT NULL
          ) AS "t28"
          INNER JOIN (
            SELECT
              "t3"."subscriber_id",
              "t3"."month",
              "t3"."amount" - "t3"."discount" AS "net"
            FROM "stg_bills" AS "t3"
            WHERE
              "t3"."month" IN ('2025-03', '2025-02')
          ) AS "t34"
            ON "t28"."subscriber_id" = "t34"."subscriber_id"
        ) AS "t46"
        GROUP BY
          1
      ) AS "t67"
        ON "t74"."enterprise_id" = "t67"."enterprise_id"
    ) AS "t77"
  ) AS "t84"
    ON "t92"."enterprise_id" = "t84"."enterprise_id"
)
SELECT
  "t96"."subscriber_id",
  "t96"."voice_out_minutes",
  "t96"."voice_in_minutes",
  "t96"."voice_out_calls",
  "t96"."voice_in_calls",
  "t96"."sms_out",
  "t96"."sms_in",
  "t96"."data_mb",
  "t96"."data_sessions",
  "t96"."usage_events",
  "t96"."usage_charge",
  "t96"."roaming_events",
  "t96"."onnet_calls",
  "t96"."offnet_calls",
  "t96"."calls_to_competitor_a",
  "t96"."calls_to_competitor_b",
  "t96"."calls_from_competitor_a",
  "t96"."calls_from_competitor_b",
  "t96"."night_calls",
  "t96"."active_days",
  "t96"."cell_dropped_call_rate",
  "t96"."cell_throughput_mbps",
  "t96"."cell_outage_hours",
  "t96"."outage_exposed_share",
  "t96"."distinct_contacts",
  "t96"."churned_contacts",
  "t96"."bill_total",
  "t96"."discount_total",
  "t96"."net_bill",
  "t96"."bill_voice",
  "t96"."bill_data",
  "t96"."bill_sms",
  "t96"."bill_broadband",
  "t96"."bill_iptv",
  "t96"."bill_value_added",
  "t96"."bill_other",
  "t96"."payments_count",
  "t96"."payments_amount",
  "t96"."arrears_balance",
  "t96"."suspended_arrears_now",
  "t96"."arrears_suspensions_12m",
  "t96"."complaints_1m",
  "t96"."complaints_3m",
  "t96"."complaints_network_3m",
  "t96"."complaints_billing_3m",
  "t96"."complaints_service_3m",
  "t96"."complaints_price_3m",
  "t96"."complaints_broadband_3m",
  "t96"."unresolved_complaints_3m",
  "t96"."hours_to_resolve_3m",
  "t96"."regulator_complaints_12m",
  "t96"."last_survey_score",
  "t96"."tenure_months",
  "t96"."months_to_contract_end",
  "t96"."in_contract",
  "t96"."contract_ends_within_2m",
  "t96"."device_age_months",
  "t96"."plan_monthly_fee",
  "t96"."plan_is_5g",
  "t96"."plan_broadband",
  "t96"."plan_iptv",
  "t96"."plan_data_gb",
  "t96"."plan_voice_minutes",
  "t96"."is_prepaid",
  "t96"."is_enterprise",
  "t96"."age",
  "t96"."has_account_manager",
  "t96"."enterprise_id",
  "t96"."month",
  "t96"."voice_minutes",
  "t96"."onnet_share",
  "t96"."competitor_call_share",
  "t96"."competitor_in_share",
  "t96"."days_since_last_use",
  "t96"."churned_contacts_share",
  "t96"."discount_share",
  "t96"."days_since_last_payment",
  "t96"."mean_payment",
  "t96"."arrears_days",
  "t96"."data_use_vs_plan",
  "t96"."voice_use_vs_plan",
  "t96"."low_survey_score",
  "t96"."voice_mom",
  "t96"."voice_vs_3m",
  "t96"."voice_slope_3m",
  "t96"."data_mom",
  "t96"."data_vs_3m",
  "t96"."data_slope_3m",
  "t96"."events_mom",
  "t96"."events_vs_3m",
  "t96"."events_slope_3m",
  "t96"."revenue_mom",
  "t96"."revenue_vs_3m",
  "t96"."revenue_slope_3m",
  "t96"."active_days_mom",
  "t96"."usage_drop_flag",
  "t96"."revenue_drop_flag",
  "t96"."bill_shock",
  "t96"."enterprise_lines",
  "t96"."enterprise_bill",
  "t96"."enterprise_bill_mom",
  "t99"."rfm_recency_score",
  "t99"."rfm_frequency_score",
  "t99"."rfm_monetary_score"
FROM "t93" AS "t96"
LEFT OUTER JOIN (
  SELECT
    "t97"."subscriber_id",
    GREATEST(
      CAST(CEIL(
        CUME_DIST() OVER (ORDER BY "t97"."r" DESC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) * 5
      ) AS BIGINT),
      1
    ) AS "rfm_recency_score",
    GREATEST(
      CAST(CEIL(
        CUME_DIST() OVER (ORDER BY "t97"."fq" ASC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) * 5
      ) AS BIGINT),
      1
    ) AS "rfm_frequency_score",
    GREATEST(
      CAST(CEIL(
        CUME_DIST() OVER (ORDER BY "t97"."m" ASC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) * 5
      ) AS BIGINT),
      1
    ) AS "rfm_monetary_score"
  FROM (
    SELECT
      "t94"."subscriber_id",
      COALESCE("t94"."days_since_last_use", 999.0) AS "r",
      COALESCE("t94"."active_days", 0) AS "fq",
      COALESCE("t94"."net_bill", 0.0) AS "m"
    FROM "t93" AS "t94"
  ) AS "t97"
) AS "t99"
  ON "t96"."subscriber_id" = "t99"."subscriber_id"

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
