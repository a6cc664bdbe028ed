WITH "t17" AS (
  SELECT
    *
  FROM "stg_status_changes" AS "t2"
  WHERE
    "t2"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
), "t95" AS (
  SELECT
    "t94"."subscriber_id",
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
    "t94"."active_days",
    "t94"."cell_dropped_call_rate",
    "t94"."cell_throughput_mbps",
    "t94"."cell_outage_hours",
    "t94"."outage_exposed_share",
    "t94"."distinct_contacts",
    "t94"."churned_contacts",
    "t94"."churned_contacts_2m",
    "t94"."bill_total",
    "t94"."discount_total",
    "t94"."net_bill",
    "t94"."bill_voice",
    "t94"."bill_data",
    "t94"."bill_sms",
    "t94"."bill_broadband",
    "t94"."bill_iptv",
    "t94"."bill_value_added",
    "t94"."bill_other",
    "t94"."payments_count",
    "t94"."payments_amount",
    "t94"."arrears_balance",
    "t94"."suspended_arrears_now",
    "t94"."arrears_suspensions_12m",
    "t94"."complaints_1m",
    "t94"."complaints_3m",
    "t94"."complaints_network_3m",
    "t94"."complaints_billing_3m",
    "t94"."complaints_service_3m",
    "t94"."complaints_price_3m",
    "t94"."complaints_broadband_3m",
    "t94"."unresolved_complaints_3m",
    "t94"."hours_to_resolve_3m",
    "t94"."regulator_complaints_12m",
    "t94"."last_survey_score",
    "t94"."tenure_months",
    "t94"."months_to_contract_end",
    "t94"."in_contract",
    "t94"."contract_ends_within_2m",
    "t94"."device_age_months",
    "t94"."plan_monthly_fee",
    "t94"."plan_is_5g",
    "t94"."plan_broadband",
    "t94"."plan_iptv",
    "t94"."plan_data_gb",
    "t94"."plan_voice_minutes",
    "t94"."is_prepaid",
    "t94"."is_enterprise",
    "t94"."age",
    "t94"."has_account_manager",
    "t94"."enterprise_id",
    "t94"."month",
    "t94"."voice_minutes",
    "t94"."onnet_share",
    "t94"."competitor_call_share",
    "t94"."competitor_in_share",
    "t94"."days_since_last_use",
    "t94"."churned_contacts_share",
    "t94"."churned_contacts_share_2m",
    "t94"."discount_share",
    "t94"."days_since_last_payment",
    "t94"."mean_payment",
    "t94"."arrears_days",
    "t94"."data_use_vs_plan",
    "t94"."voice_use_vs_plan",
    "t94"."low_survey_score",
    "t94"."voice_mom",
    "t94"."voice_vs_3m",
    "t94"."voice_slope_3m",
    "t94"."data_mom",
    "t94"."data_vs_3m",
    "t94"."data_slope_3m",
    "t94"."events_mom",
    "t94"."events_vs_3m",
    "t94"."events_slope_3m",
    "t94"."revenue_mom",
    "t94"."revenue_vs_3m",
    "t94"."revenue_slope_3m",
    "t94"."active_days_mom",
    "t94"."usage_drop_flag",
    "t94"."revenue_drop_flag",
    "t94"."bill_shock",
    "t84"."enterprise_lines",
    "t84"."enterprise_bill",
    "t84"."enterprise_bill_mom"
  FROM (
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
      "t92"."churned_contacts_2m",
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
      "t92"."churned_contacts_share_2m",
      "t92"."discount_share",
      "t92"."days_since_last_payment",
      "t92"."mean_payment",
      "t92"."arrears_days",
      "t92"."data_use_vs_plan",
      "t92"."voice_use_vs_plan",
      "t92"."low_survey_score",
      CASE
        WHEN "t92"."voice_minutes_m1" > 0
        THEN (
          COALESCE("t92"."voice_minutes", 0) - "t92"."voice_minutes_m1"
        ) / "t92"."voice_minutes_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "voice_mom",
      CASE
        WHEN "t92"."voice_minutes_3m_mean" > 0
        THEN COALESCE("t92"."voice_minutes", 0) / "t92"."voice_minutes_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "voice_vs_3m",
      (
        COALESCE("t92"."voice_minutes", 0) - "t92"."voice_minutes_m2"
      ) / 2.0 AS "voice_slope_3m",
      CASE
        WHEN "t92"."data_mb_m1" > 0
        THEN (
          COALESCE("t92"."data_mb", 0) - "t92"."data_mb_m1"
        ) / "t92"."data_mb_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "data_mom",
      CASE
        WHEN "t92"."data_mb_3m_mean" > 0
        THEN COALESCE("t92"."data_mb", 0) / "t92"."data_mb_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "data_vs_3m",
      (
        COALESCE("t92"."data_mb", 0) - "t92"."data_mb_m2"
      ) / 2.0 AS "data_slope_3m",
      CASE
        WHEN "t92"."usage_events_m1" > 0
        THEN CAST(COALESCE("t92"."usage_events", 0) - "t92"."usage_events_m1" AS DOUBLE) / CAST("t92"."usage_events_m1" AS DOUBLE)
        ELSE CAST(NULL AS DOUBLE)
      END AS "events_mom",
      CASE
        WHEN "t92"."usage_events_3m_mean" > 0
        THEN CAST(COALESCE("t92"."usage_events", 0) AS DOUBLE) / "t92"."usage_events_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "events_vs_3m",
      CAST(COALESCE("t92"."usage_events", 0) - "t92"."usage_events_m2" AS DOUBLE) / 2.0 AS "events_slope_3m",
      CASE
        WHEN "t92"."net_bill_m1" > 0
        THEN (
          COALESCE("t92"."net_bill", 0) - "t92"."net_bill_m1"
        ) / "t92"."net_bill_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "revenue_mom",
      CASE
        WHEN "t92"."net_bill_3m_mean" > 0
        THEN COALESCE("t92"."net_bill", 0) / "t92"."net_bill_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "revenue_vs_3m",
      (
        COALESCE("t92"."net_bill", 0) - "t92"."net_bill_m2"
      ) / 2.0 AS "revenue_slope_3m",
      CASE
        WHEN "t92"."active_days_m1" > 0
        THEN CAST(COALESCE("t92"."active_days", 0) - "t92"."active_days_m1" AS DOUBLE) / CAST("t92"."active_days_m1" AS DOUBLE)
        ELSE CAST(NULL AS DOUBLE)
      END AS "active_days_mom",
      CAST(COALESCE(
        CASE
          WHEN "t92"."usage_events_3m_mean" > 0
          THEN CAST(COALESCE("t92"."usage_events", 0) AS DOUBLE) / "t92"."usage_events_3m_mean"
          ELSE CAST(NULL AS DOUBLE)
        END <= 0.5,
        FALSE
      ) AS BIGINT) AS "usage_drop_flag",
      CAST(COALESCE(
        CASE
          WHEN "t92"."net_bill_3m_mean" > 0
          THEN COALESCE("t92"."net_bill", 0) / "t92"."net_bill_3m_mean"
          ELSE CAST(NULL AS DOUBLE)
        END <= 0.5,
        FALSE
      ) AS BIGINT) AS "revenue_drop_flag",
      CASE
        WHEN "t92"."net_bill_3m_mean" > 0
        THEN "t92"."net_bill" / "t92"."net_bill_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "bill_shock"
    FROM (
      SELECT
        "t91"."subscriber_id",
        "t91"."voice_out_minutes",
        "t91"."voice_in_minutes",
        "t91"."voice_out_calls",
        "t91"."voice_in_calls",
        "t91"."sms_out",
        "t91"."sms_in",
        "t91"."data_mb",
        "t91"."data_sessions",
        "t91"."usage_events",
        "t91"."usage_charge",
        "t91"."roaming_events",
        "t91"."onnet_calls",
        "t91"."offnet_calls",
        "t91"."calls_to_competitor_a",
        "t91"."calls_to_competitor_b",
        "t91"."calls_from_competitor_a",
        "t91"."calls_from_competitor_b",
        "t91"."night_calls",
        "t91"."active_days",
        "t91"."cell_dropped_call_rate",
        "t91"."cell_throughput_mbps",
        "t91"."cell_outage_hours",
        "t91"."outage_exposed_share",
        "t91"."distinct_contacts",
        "t91"."churned_contacts",
        "t91"."churned_contacts_2m",
        "t91"."bill_total",
        "t91"."discount_total",
        "t91"."net_bill",
        "t91"."bill_voice",
        "t91"."bill_data",
        "t91"."bill_sms",
        "t91"."bill_broadband",
        "t91"."bill_iptv",
        "t91"."bill_value_added",
        "t91"."bill_other",
        "t91"."payments_count",
        "t91"."payments_amount",
        "t91"."arrears_balance",
        "t91"."suspended_arrears_now",
        "t91"."arrears_suspensions_12m",
        "t91"."complaints_1m",
        "t91"."complaints_3m",
        "t91"."complaints_network_3m",
        "t91"."complaints_billing_3m",
        "t91"."complaints_service_3m",
        "t91"."complaints_price_3m",
        "t91"."complaints_broadband_3m",
        "t91"."unresolved_complaints_3m",
        "t91"."hours_to_resolve_3m",
        "t91"."regulator_complaints_12m",
        "t91"."last_survey_score",
        "t91"."tenure_months",
        "t91"."months_to_contract_end",
        "t91"."in_contract",
        "t91"."contract_ends_within_2m",
        "t91"."device_age_months",
        "t91"."plan_monthly_fee",
        "t91"."plan_is_5g",
        "t91"."plan_broadband",
        "t91"."plan_iptv",
        "t91"."plan_data_gb",
        "t91"."plan_voice_minutes",
        "t91"."is_prepaid",
        "t91"."is_enterprise",
        "t91"."age",
        "t91"."has_account_manager",
        "t91"."enterprise_id",
        "t91"."month",
        "t91"."voice_minutes",
        "t91"."onnet_share",
        "t91"."competitor_call_share",
        "t91"."competitor_in_share",
        "t91"."days_since_last_use",
        "t91"."churned_contacts_share",
        "t91"."churned_contacts_share_2m",
        "t91"."discount_share",
        "t91"."days_since_last_payment",
        "t91"."mean_payment",
        "t91"."arrears_days",
        "t91"."data_use_vs_plan",
        "t91"."voice_use_vs_plan",
        "t91"."low_survey_score",
        "t40"."voice_minutes_m1",
        "t40"."voice_minutes_m2",
        "t40"."voice_minutes_3m_mean",
        "t40"."data_mb_m1",
        "t40"."data_mb_m2",
        "t40"."data_mb_3m_mean",
        "t40"."usage_events_m1",
        "t40"."usage_events_m2",
        "t40"."usage_events_3m_mean",
        "t40"."active_days_m1",
        "t40"."active_days_m2",
        "t40"."active_days_3m_mean",
        "t40"."net_bill_m1",
        "t40"."net_bill_m2",
        "t40"."net_bill_3m_mean"
      FROM (
        SELECT
          "t89"."subscriber_id",
          COALESCE("t89"."voice_out_minutes", 0) AS "voice_out_minutes",
          COALESCE("t89"."voice_in_minutes", 0) AS "voice_in_minutes",
          COALESCE("t89"."voice_out_calls", 0) AS "voice_out_calls",
          COALESCE("t89"."voice_in_calls", 0) AS "voice_in_calls",
          COALESCE("t89"."sms_out", 0) AS "sms_out",
          COALESCE("t89"."sms_in", 0) AS "sms_in",
          COALESCE("t89"."data_mb", 0) AS "data_mb",
          COALESCE("t89"."data_sessions", 0) AS "data_sessions",
          COALESCE("t89"."usage_events", 0) AS "usage_events",
          COALESCE("t89"."usage_charge", 0) AS "usage_charge",
          COALESCE("t89"."roaming_events", 0) AS "roaming_events",
          COALESCE("t89"."onnet_calls", 0) AS "onnet_calls",
          COALESCE("t89"."offnet_calls", 0) AS "offnet_calls",
          COALESCE("t89"."calls_to_competitor_a", 0) AS "calls_to_competitor_a",
          COALESCE("t89"."calls_to_competitor_b", 0) AS "calls_to_competitor_b",
          COALESCE("t89"."calls_from_competitor_a", 0) AS "calls_from_competitor_a",
          COALESCE("t89"."calls_from_competitor_b", 0) AS "calls_from_competitor_b",
          COALESCE("t89"."night_calls", 0) AS "night_calls",
          COALESCE("t89"."active_days", 0) AS "active_days",
          "t89"."cell_dropped_call_rate",
          "t89"."cell_throughput_mbps",
          "t89"."cell_outage_hours",
          "t89"."outage_exposed_share",
          COALESCE("t89"."distinct_contacts", 0) AS "distinct_contacts",
          COALESCE("t89"."churned_contacts", 0) AS "churned_contacts",
          COALESCE("t89"."churned_contacts_2m", 0) AS "churned_contacts_2m",
          COALESCE("t89"."bill_total", 0) AS "bill_total",
          COALESCE("t89"."discount_total", 0) AS "discount_total",
          COALESCE("t89"."net_bill", 0) AS "net_bill",
          COALESCE("t89"."bill_voice", 0) AS "bill_voice",
          COALESCE("t89"."bill_data", 0) AS "bill_data",
          COALESCE("t89"."bill_sms", 0) AS "bill_sms",
          COALESCE("t89"."bill_broadband", 0) AS "bill_broadband",
          COALESCE("t89"."bill_iptv", 0) AS "bill_iptv",
          COALESCE("t89"."bill_value_added", 0) AS "bill_value_added",
          COALESCE("t89"."bill_other", 0) AS "bill_other",
          COALESCE("t89"."payments_count", 0) AS "payments_count",
          COALESCE("t89"."payments_amount", 0) AS "payments_amount",
          COALESCE("t89"."arrears_balance", 0) AS "arrears_balance",
          COALESCE("t89"."suspended_arrears_now", 0) AS "suspended_arrears_now",
          COALESCE("t89"."arrears_suspensions_12m", 0) AS "arrears_suspensions_12m",
          COALESCE("t89"."complaints_1m", 0) AS "complaints_1m",
          COALESCE("t89"."complaints_3m", 0) AS "complaints_3m",
          COALESCE("t89"."complaints_network_3m", 0) AS "complaints_network_3m",
          COALESCE("t89"."complaints_billing_3m", 0) AS "complaints_billing_3m",
          COALESCE("t89"."complaints_service_3m", 0) AS "complaints_service_3m",
          COALESCE("t89"."complaints_price_3m", 0) AS "complaints_price_3m",
          COALESCE("t89"."complaints_broadband_3m", 0) AS "complaints_broadband_3m",
          COALESCE("t89"."unresolved_complaints_3m", 0) AS "unresolved_complaints_3m",
          "t89"."hours_to_resolve_3m",
          COALESCE("t89"."regulator_complaints_12m", 0) AS "regulator_complaints_12m",
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
          '2025-03' AS "month",
          COALESCE("t89"."voice_out_minutes", 0) + COALESCE("t89"."voice_in_minutes", 0) AS "voice_minutes",
          CASE
            WHEN (
              COALESCE("t89"."onnet_calls", 0) + COALESCE("t89"."offnet_calls", 0)
            ) > 0
            THEN CAST(COALESCE("t89"."onnet_calls", 0) AS DOUBLE) / CAST(COALESCE("t89"."onnet_calls", 0) + COALESCE("t89"."offnet_calls", 0) AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "onnet_share",
          CASE
            WHEN (
              COALESCE("t89"."voice_out_calls", 0) + COALESCE("t89"."voice_in_calls", 0)
            ) > 0
            THEN CAST(COALESCE("t89"."offnet_calls", 0) AS DOUBLE) / CAST(COALESCE("t89"."voice_out_calls", 0) + COALESCE("t89"."voice_in_calls", 0) AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "competitor_call_share",
          CASE
            WHEN COALESCE("t89"."voice_in_calls", 0) > 0
            THEN CAST(COALESCE("t89"."calls_from_competitor_a", 0) + COALESCE("t89"."calls_from_competitor_b", 0) AS DOUBLE) / CAST(COALESCE("t89"."voice_in_calls", 0) AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "competitor_in_share",
          CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(CAST("t89"."last_use" AS TIMESTAMP)) AS DOUBLE) / 86400.0 AS "days_since_last_use",
          CASE
            WHEN COALESCE("t89"."distinct_contacts", 0) > 0
            THEN CAST(COALESCE("t89"."churned_contacts", 0) AS DOUBLE) / CAST(COALESCE("t89"."distinct_contacts", 0) AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "churned_contacts_share",
          CASE
            WHEN COALESCE("t89"."distinct_contacts", 0) > 0
            THEN CAST(COALESCE("t89"."churned_contacts_2m", 0) AS DOUBLE) / CAST(COALESCE("t89"."distinct_contacts", 0) AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "churned_contacts_share_2m",
          CASE
            WHEN COALESCE("t89"."bill_total", 0) > 0
            THEN COALESCE("t89"."discount_total", 0) / COALESCE("t89"."bill_total", 0)
            ELSE CAST(NULL AS DOUBLE)
          END AS "discount_share",
          CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(CAST("t89"."last_payment" AS TIMESTAMP)) AS DOUBLE) / 86400.0 AS "days_since_last_payment",
          CASE
            WHEN COALESCE("t89"."payments_count", 0) > 0
            THEN COALESCE("t89"."payments_amount", 0) / CAST(COALESCE("t89"."payments_count", 0) AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "mean_payment",
          CASE
            WHEN COALESCE("t89"."suspended_arrears_now", 0) = 1
            THEN "t89"."days_in_status"
            ELSE 0.0
          END AS "arrears_days",
          CASE
            WHEN "t89"."plan_data_gb" > 0
            THEN (
              COALESCE("t89"."data_mb", 0) / 1024.0
            ) / "t89"."plan_data_gb"
            ELSE CAST(NULL AS DOUBLE)
          END AS "data_use_vs_plan",
          CASE
            WHEN "t89"."plan_voice_minutes" > 0
            THEN COALESCE("t89"."voice_out_minutes", 0) / "t89"."plan_voice_minutes"
            ELSE CAST(NULL AS DOUBLE)
          END AS "voice_use_vs_plan",
          CAST(COALESCE("t89"."last_survey_score" <= 2, FALSE) AS BIGINT) AS "low_survey_score"
        FROM (
          SELECT
            "t29"."subscriber_id",
            "t88"."voice_out_minutes",
            "t88"."voice_in_minutes",
            "t88"."voice_out_calls",
            "t88"."voice_in_calls",
            "t88"."sms_out",
            "t88"."sms_in",
            "t88"."data_mb",
            "t88"."data_sessions",
            "t88"."usage_events",
            "t88"."usage_charge",
            "t88"."roaming_events",
            "t88"."onnet_calls",
            "t88"."offnet_calls",
            "t88"."calls_to_competitor_a",
            "t88"."calls_to_competitor_b",
            "t88"."calls_from_competitor_a",
            "t88"."calls_from_competitor_b",
            "t88"."night_calls",
            "t88"."last_use",
            "t88"."active_days",
            "t88"."cell_dropped_call_rate",
            "t88"."cell_throughput_mbps",
            "t88"."cell_outage_hours",
            "t88"."outage_exposed_share",
            "t88"."distinct_contacts",
            "t88"."churned_contacts",
            "t88"."churned_contacts_2m",
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
            "t67"."payments_count",
            "t67"."payments_amount",
            "t67"."arrears_balance",
            "t67"."last_payment",
            "t79"."suspended_arrears_now",
            "t79"."days_in_status",
            "t79"."arrears_suspensions_12m",
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
            "t60"."last_survey_score",
            "t61"."tenure_months",
            "t61"."months_to_contract_end",
            "t61"."in_contract",
            "t61"."contract_ends_within_2m",
            "t61"."device_age_months",
            "t61"."plan_monthly_fee",
            "t61"."plan_is_5g",
            "t61"."plan_broadband",
            "t61"."plan_iptv",
            "t61"."plan_data_gb",
            "t61"."plan_voice_minutes",
            "t61"."is_prepaid",
            "t61"."is_enterprise",
            "t61"."age",
            "t61"."has_account_manager",
            "t61"."enterprise_id"
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
              "t86"."distinct_contacts",
              "t86"."churned_contacts",
              "t86"."churned_contacts_2m"
            FROM (
              SELECT
                "t77"."subscriber_id",
                "t77"."voice_out_minutes",
                "t77"."voice_in_minutes",
                CAST("t77"."voice_out_calls" AS BIGINT) AS "voice_out_calls",
                CAST("t77"."voice_in_calls" AS BIGINT) AS "voice_in_calls",
                CAST("t77"."sms_out" AS BIGINT) AS "sms_out",
                CAST("t77"."sms_in" AS BIGINT) AS "sms_in",
                "t77"."data_mb",
                CAST("t77"."data_sessions" AS BIGINT) AS "data_sessions",
                CAST("t77"."usage_events" AS BIGINT) AS "usage_events",
                "t77"."usage_charge",
                CAST("t77"."roaming_events" AS BIGINT) AS "roaming_events",
                CAST("t77"."onnet_calls" AS BIGINT) AS "onnet_calls",
                CAST("t77"."offnet_calls" AS BIGINT) AS "offnet_calls",
                CAST("t77"."calls_to_competitor_a" AS BIGINT) AS "calls_to_competitor_a",
                CAST("t77"."calls_to_competitor_b" AS BIGINT) AS "calls_to_competitor_b",
                CAST("t77"."calls_from_competitor_a" AS BIGINT) AS "calls_from_competitor_a",
                CAST("t77"."calls_from_competitor_b" AS BIGINT) AS "calls_from_competitor_b",
                CAST("t77"."night_calls" AS BIGINT) AS "night_calls",
                "t77"."last_use",
                "t77"."active_days",
                CASE
                  WHEN "t77"."cell_n" > 0
                  THEN "t77"."cell_drop" / "t77"."cell_n"
                  ELSE CAST(NULL AS DOUBLE)
                END AS "cell_dropped_call_rate",
                CASE
                  WHEN "t77"."cell_n" > 0
                  THEN "t77"."cell_mbps" / "t77"."cell_n"
                  ELSE CAST(NULL AS DOUBLE)
                END AS "cell_throughput_mbps",
                CASE
                  WHEN "t77"."cell_n" > 0
                  THEN "t77"."cell_outage" / "t77"."cell_n"
                  ELSE CAST(NULL AS DOUBLE)
                END AS "cell_outage_hours",
                CASE
                  WHEN "t77"."cell_n" > 0
                  THEN "t77"."cell_outage_n" / "t77"."cell_n"
                  ELSE CAST(NULL AS DOUBLE)
                END AS "outage_exposed_share"
              FROM (
                SELECT
                  "t68"."subscriber_id",
                  SUM("t68"."minutes") FILTER(WHERE
                    (
                      "t68"."event_type" = 'voice'
                    ) AND (
                      "t68"."direction" = 'out'
                    )) AS "voice_out_minutes",
                  SUM("t68"."minutes") FILTER(WHERE
                    (
                      "t68"."event_type" = 'voice'
                    ) AND (
                      "t68"."direction" = 'in'
                    )) AS "voice_in_minutes",
                  SUM(CAST("t68"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t68"."event_type" = 'voice'
                    ) AND (
                      "t68"."direction" = 'out'
                    )) AS "voice_out_calls",
                  SUM(CAST("t68"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t68"."event_type" = 'voice'
                    ) AND (
                      "t68"."direction" = 'in'
                    )) AS "voice_in_calls",
                  SUM(CAST("t68"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t68"."event_type" = 'sms'
                    ) AND (
                      "t68"."direction" = 'out'
                    )) AS "sms_out",
                  SUM(CAST("t68"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t68"."event_type" = 'sms'
                    ) AND (
                      "t68"."direction" = 'in'
                    )) AS "sms_in",
                  SUM("t68"."mb") FILTER(WHERE
                    "t68"."event_type" = 'data') AS "data_mb",
                  SUM(CAST("t68"."n" AS DOUBLE)) FILTER(WHERE
                    "t68"."event_type" = 'data') AS "data_sessions",
                  SUM(CAST("t68"."n" AS DOUBLE)) AS "usage_events",
                  SUM("t68"."charge") AS "usage_charge",
                  SUM(CAST("t68"."roaming_n" AS DOUBLE)) AS "roaming_events",
                  SUM(CAST("t68"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t68"."event_type" = 'voice'
                    ) AND (
                      "t68"."other_operator" = 'own'
                    )) AS "onnet_calls",
                  SUM(CAST("t68"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t68"."event_type" = 'voice'
                    )
                    AND (
                      (
                        "t68"."other_operator" = 'competitor_a'
                      )
                      OR (
                        "t68"."other_operator" = 'competitor_b'
                      )
                    )) AS "offnet_calls",
                  SUM(CAST("t68"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t68"."event_type" = 'voice'
                    )
                    AND (
                      "t68"."direction" = 'out'
                    )
                    AND (
                      "t68"."other_operator" = 'competitor_a'
                    )) AS "calls_to_competitor_a",
                  SUM(CAST("t68"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t68"."event_type" = 'voice'
                    )
                    AND (
                      "t68"."direction" = 'out'
                    )
                    AND (
                      "t68"."other_operator" = 'competitor_b'
                    )) AS "calls_to_competitor_b",
                  SUM(CAST("t68"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t68"."event_type" = 'voice'
                    )
                    AND (
                      "t68"."direction" = 'in'
                    )
                    AND (
                      "t68"."other_operator" = 'competitor_a'
                    )) AS "calls_from_competitor_a",
                  SUM(CAST("t68"."n" AS DOUBLE)) FILTER(WHERE
                    (
                      "t68"."event_type" = 'voice'
                    )
                    AND (
                      "t68"."direction" = 'in'
                    )
                    AND (
                      "t68"."other_operator" = 'competitor_b'
                    )) AS "calls_from_competitor_b",
                  SUM(CAST("t68"."night_n" AS DOUBLE)) FILTER(WHERE
                    "t68"."event_type" = 'voice') AS "night_calls",
                  MAX("t68"."last_use") AS "last_use",
                  BIT_COUNT(BIT_OR("t68"."days")) AS "active_days",
                  SUM(CAST("t68"."cell_n" AS DOUBLE)) AS "cell_n",
                  SUM("t68"."cell_drop") AS "cell_drop",
                  SUM("t68"."cell_mbps") AS "cell_mbps",
                  SUM("t68"."cell_outage") AS "cell_outage",
                  SUM(CAST("t68"."cell_outage_n" AS DOUBLE)) AS "cell_outage_n"
                FROM (
                  SELECT
                    "t49"."subscriber_id",
                    "t49"."event_type",
                    "t49"."direction",
                    "t49"."other_operator",
                    COUNT("t49"."subscriber_id") AS "n",
                    SUM(CAST("t49"."duration_s" AS DOUBLE) / 60.0) AS "minutes",
                    SUM("t49"."data_mb") AS "mb",
                    SUM("t49"."charge") AS "charge",
                    MAX("t49"."timestamp") AS "last_use",
                    COUNT("t49"."subscriber_id") FILTER(WHERE
                      "t49"."roaming") AS "roaming_n",
                    COUNT("t49"."subscriber_id") FILTER(WHERE
                      EXTRACT(hour FROM "t49"."timestamp") < 6) AS "night_n",
                    BIT_OR(1 << (
                      EXTRACT(day FROM "t49"."timestamp") - 1
                    )) AS "days",
                    COUNT("t49"."nq_cell") AS "cell_n",
                    SUM("t49"."nq_drop") AS "cell_drop",
                    SUM("t49"."nq_mbps") AS "cell_mbps",
                    SUM("t49"."nq_outage") AS "cell_outage",
                    COUNT("t49"."nq_cell") FILTER(WHERE
                      "t49"."nq_outage" > 0) AS "cell_outage_n"
                  FROM (
                    SELECT
                      "t34"."subscriber_id",
                      "t34"."timestamp",
                      "t34"."event_type",
                      "t34"."direction",
                      "t34"."other_party",
                      "t34"."other_operator",
                      "t34"."duration_s",
                      "t34"."data_mb",
                      "t34"."cell_id",
                      "t34"."roaming",
                      "t34"."charge",
                      "t35"."nq_cell",
                      "t35"."nq_drop",
                      "t35"."nq_mbps",
                      "t35"."nq_outage"
                    FROM (
                      SELECT
                        *
                      FROM "stg_usage" AS "t8"
                      WHERE
                        "t8"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
                        AND "t8"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                    ) AS "t34"
                    LEFT OUTER JOIN (
                      SELECT
                        "t9"."cell_id" AS "nq_cell",
                        "t9"."dropped_call_rate" AS "nq_drop",
                        "t9"."throughput_mbps" AS "nq_mbps",
                        "t9"."outage_hours" AS "nq_outage"
                      FROM "stg_network_quality" AS "t9"
                      WHERE
                        "t9"."month" = '2025-03'
                    ) AS "t35"
                      ON "t34"."cell_id" = "t35"."nq_cell"
                  ) AS "t49"
                  GROUP BY
                    1,
                    2,
                    3,
                    4
                ) AS "t68"
                GROUP BY
                  1
              ) AS "t77"
            ) AS "t82"
            LEFT OUTER JOIN (
              SELECT
                "t80"."subscriber_id",
                COUNT("t80"."subscriber_id") AS "distinct_contacts",
                CAST(COALESCE(SUM(CAST("t80"."churned" AS DOUBLE)), 0) AS BIGINT) AS "churned_contacts",
                CAST(COALESCE(SUM(CAST("t80"."churned_2m" AS DOUBLE)), 0) AS BIGINT) AS "churned_contacts_2m"
              FROM (
                SELECT
                  "t39"."subscriber_id",
                  "t39"."other_party",
                  "t39"."n",
                  "t75"."other_party" AS "other_party_right",
                  "t75"."churned",
                  "t75"."churned_2m"
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
                ) AS "t39"
                LEFT OUTER JOIN (
                  SELECT
                    "t72"."other_party",
                    "t72"."churned",
                    CAST(1 AS BIGINT) AS "churned_2m"
                  FROM (
                    SELECT
                      "t63"."party_id" AS "other_party",
                      MAX("t63"."this_month") AS "churned"
                    FROM (
                      SELECT
                        "t30"."subscriber_id",
                        "t30"."msisdn",
                        "t30"."name",
                        "t30"."id_number",
                        "t30"."gender",
                        "t30"."birth_year",
                        "t30"."city",
                        "t30"."county",
                        "t30"."customer_type",
                        "t30"."enterprise_id",
                        "t30"."plan_id",
                        "t30"."payment_type",
                        "t30"."activation_date",
                        "t30"."contract_end_date",
                        "t30"."device_model",
                        "t30"."device_purchase_date",
                        "t30"."account_manager_id",
                        "t30"."acquisition_channel",
                        "t30"."party_id",
                        "t53"."this_month"
                      FROM (
                        SELECT
                          *
                        FROM "stg_subscribers" AS "t1"
                        WHERE
                          "t1"."party_id" IS NOT NULL
                      ) AS "t30"
                      INNER JOIN (
                        SELECT
                          "t18"."subscriber_id",
                          MAX(CAST("t18"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0) AS BIGINT)) AS "this_month"
                        FROM (
                          SELECT
                            *
                          FROM "stg_status_changes" AS "t2"
                          WHERE
                            "t2"."to_status" IN ('cancelled', 'ported_out')
                            AND "t2"."timestamp" >= MAKE_TIMESTAMP(2025, 2, 1, 0, 0, 0.0)
                            AND "t2"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                        ) AS "t18"
                        GROUP BY
                          1
                      ) AS "t53"
                        ON "t30"."subscriber_id" = "t53"."subscriber_id"
                    ) AS "t63"
                    GROUP BY
                      1
                  ) AS "t72"
                ) AS "t75"
                  ON "t39"."other_party" = "t75"."other_party"
              ) AS "t80"
              GROUP BY
                1
            ) AS "t86"
              ON "t82"."subscriber_id" = "t86"."subscriber_id"
          ) AS "t88"
            ON "t29"."subscriber_id" = "t88"."subscriber_id"
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
              COALESCE("t44"."subscriber_id", "t56"."subscriber_id") AS "subscriber_id",
              COALESCE("t56"."payments_count", 0) AS "payments_count",
              COALESCE("t56"."payments_amount", 0) AS "payments_amount",
              COALESCE("t44"."billed_to_date", 0) - COALESCE("t56"."paid_to_date", 0) AS "arrears_balance",
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
            ) AS "t44"
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
              ON "t44"."subscriber_id" = "t56"."subscriber_id"
          ) AS "t67"
            ON "t29"."subscriber_id" = "t67"."subscriber_id"
          LEFT OUTER JOIN (
            SELECT
              "t71"."subscriber_id",
              "t71"."suspended_arrears_now",
              "t71"."days_in_status",
              "t57"."arrears_suspensions_12m"
            FROM (
              SELECT
                "t51"."subscriber_id",
                CAST("t51"."to_status" = 'suspended_arrears' AS BIGINT) AS "suspended_arrears_now",
                CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(CAST("t51"."timestamp" AS TIMESTAMP)) AS DOUBLE) / 86400.0 AS "days_in_status"
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
              ) AS "t51"
              WHERE
                "t51"."rank" = 0
            ) AS "t71"
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
              ON "t71"."subscriber_id" = "t57"."subscriber_id"
          ) AS "t79"
            ON "t29"."subscriber_id" = "t79"."subscriber_id"
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
              "t47"."respondent" AS "subscriber_id",
              "t47"."score" AS "last_survey_score"
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
            ) AS "t47"
            WHERE
              "t47"."rank" = 0
          ) AS "t60"
            ON "t29"."subscriber_id" = "t60"."subscriber_id"
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
          ) AS "t61"
            ON "t29"."subscriber_id" = "t61"."subscriber_id"
        ) AS "t89"
      ) AS "t91"
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
      ) AS "t40"
        ON "t91"."subscriber_id" = "t40"."subscriber_id"
    ) AS "t92"
  ) AS "t94"
  LEFT OUTER JOIN (
    SELECT
      "t78"."enterprise_id",
      "t78"."enterprise_lines",
      "t78"."enterprise_bill",
      CASE
        WHEN "t78"."enterprise_bill_m1" > 0
        THEN (
          "t78"."enterprise_bill" - "t78"."enterprise_bill_m1"
        ) / "t78"."enterprise_bill_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "enterprise_bill_mom"
    FROM (
      SELECT
        "t73"."enterprise_id",
        "t73"."enterprise_lines",
        "t66"."enterprise_bill",
        "t66"."enterprise_bill_m1"
      FROM (
        SELECT
          "t62"."enterprise_id",
          COUNT("t62"."subscriber_id") AS "enterprise_lines"
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
          ) AS "t50"
            ON "t28"."subscriber_id" = "t50"."subscriber_id"
        ) AS "t62"
        GROUP BY
          1
      ) AS "t73"
      LEFT OUTER JOIN (
        SELECT
          "t45"."enterprise_id",
          COALESCE(SUM("t45"."net") FILTER(WHERE
            "t45"."month" = '2025-03'), 0) AS "enterprise_bill",
          SUM("t45"."net") FILTER(WHERE
            "t45"."month" = '2025-02') AS "enterprise_bill_m1"
        FROM (
          SELECT
            "t28"."subscriber_id",
            "t28"."enterprise_id",
            "t33"."month",
            "t33"."net"
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
          ) AS "t33"
            ON "t28"."subscriber_id" = "t33"."subscriber_id"
        ) AS "t45"
        GROUP BY
          1
      ) AS "t66"
        ON "t73"."enterprise_id" = "t66"."enterprise_id"
    ) AS "t78"
  ) AS "t84"
    ON "t94"."enterprise_id" = "t84"."enterprise_id"
)
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
  "t98"."churned_contacts_2m",
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
  "t98"."churned_contacts_share_2m",
  "t98"."discount_share",
  "t98"."days_since_last_payment",
  "t98"."mean_payment",
  "t98"."arrears_days",
  "t98"."data_use_vs_plan",
  "t98"."voice_use_vs_plan",
  "t98"."low_survey_score",
  "t98"."voice_mom",
  "t98"."voice_vs_3m",
  "t98"."voice_slope_3m",
  "t98"."data_mom",
  "t98"."data_vs_3m",
  "t98"."data_slope_3m",
  "t98"."events_mom",
  "t98"."events_vs_3m",
  "t98"."events_slope_3m",
  "t98"."revenue_mom",
  "t98"."revenue_vs_3m",
  "t98"."revenue_slope_3m",
  "t98"."active_days_mom",
  "t98"."usage_drop_flag",
  "t98"."revenue_drop_flag",
  "t98"."bill_shock",
  "t98"."enterprise_lines",
  "t98"."enterprise_bill",
  "t98"."enterprise_bill_mom",
  "t101"."rfm_recency_score",
  "t101"."rfm_frequency_score",
  "t101"."rfm_monetary_score"
FROM "t95" AS "t98"
LEFT OUTER JOIN (
  SELECT
    "t99"."subscriber_id",
    GREATEST(
      CAST(CEIL(
        CUME_DIST() OVER (ORDER BY "t99"."r" DESC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) * 5
      ) AS BIGINT),
      1
    ) AS "rfm_recency_score",
    GREATEST(
      CAST(CEIL(
        CUME_DIST() OVER (ORDER BY "t99"."fq" ASC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) * 5
      ) AS BIGINT),
      1
    ) AS "rfm_frequency_score",
    GREATEST(
      CAST(CEIL(
        CUME_DIST() OVER (ORDER BY "t99"."m" ASC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) * 5
      ) AS BIGINT),
      1
    ) AS "rfm_monetary_score"
  FROM (
    SELECT
      "t96"."subscriber_id",
      COALESCE("t96"."days_since_last_use", 999.0) AS "r",
      COALESCE("t96"."active_days", 0) AS "fq",
      COALESCE("t96"."net_bill", 0.0) AS "m"
    FROM "t95" AS "t96"
  ) AS "t99"
) AS "t101"
  ON "t98"."subscriber_id" = "t101"."subscriber_id"

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
