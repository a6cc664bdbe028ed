WITH "t16" AS (
  SELECT
    "t1"."subscriber_id",
    "t1"."county"
  FROM "stg_subscribers" AS "t1"
  WHERE
    "t1"."activation_date" < MAKE_DATE(2025, 4, 1) AND "t1"."county" IS NOT NULL
), "t19" AS (
  SELECT
    *
  FROM "stg_status_changes" AS "t2"
  WHERE
    "t2"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
), "t116" AS (
  SELECT
    "t115"."subscriber_id",
    "t115"."voice_out_minutes",
    "t115"."voice_in_minutes",
    "t115"."voice_out_calls",
    "t115"."voice_in_calls",
    "t115"."sms_out",
    "t115"."sms_in",
    "t115"."data_mb",
    "t115"."data_sessions",
    "t115"."usage_events",
    "t115"."usage_charge",
    "t115"."roaming_events",
    "t115"."onnet_calls",
    "t115"."offnet_calls",
    "t115"."calls_to_competitor_a",
    "t115"."calls_to_competitor_b",
    "t115"."calls_from_competitor_a",
    "t115"."calls_from_competitor_b",
    "t115"."night_calls",
    "t115"."active_days",
    "t115"."cell_dropped_call_rate",
    "t115"."cell_throughput_mbps",
    "t115"."cell_outage_hours",
    "t115"."outage_exposed_share",
    "t115"."distinct_contacts",
    "t115"."churned_contacts",
    "t115"."churned_contacts_2m",
    "t115"."bill_total",
    "t115"."discount_total",
    "t115"."net_bill",
    "t115"."bill_voice",
    "t115"."bill_data",
    "t115"."bill_sms",
    "t115"."bill_broadband",
    "t115"."bill_iptv",
    "t115"."bill_value_added",
    "t115"."bill_other",
    "t115"."payments_count",
    "t115"."payments_amount",
    "t115"."auto_debit_payment",
    "t115"."arrears_balance",
    "t115"."suspended_arrears_now",
    "t115"."arrears_suspensions_12m",
    "t115"."complaints_1m",
    "t115"."complaints_3m",
    "t115"."complaints_network_3m",
    "t115"."complaints_billing_3m",
    "t115"."complaints_service_3m",
    "t115"."complaints_price_3m",
    "t115"."complaints_broadband_3m",
    "t115"."unresolved_complaints_3m",
    "t115"."hours_to_resolve_3m",
    "t115"."regulator_complaints_12m",
    "t115"."last_survey_score",
    "t115"."tenure_months",
    "t115"."months_to_contract_end",
    "t115"."in_contract",
    "t115"."contract_ends_within_2m",
    "t115"."device_age_months",
    "t115"."plan_monthly_fee",
    "t115"."plan_is_5g",
    "t115"."plan_broadband",
    "t115"."plan_iptv",
    "t115"."plan_data_gb",
    "t115"."plan_voice_minutes",
    "t115"."is_prepaid",
    "t115"."is_enterprise",
    "t115"."age",
    "t115"."has_account_manager",
    "t115"."enterprise_id",
    "t115"."area_portout_rate_3m",
    "t115"."month",
    "t115"."voice_minutes",
    "t115"."onnet_share",
    "t115"."competitor_call_share",
    "t115"."competitor_in_share",
    "t115"."days_since_last_use",
    "t115"."churned_contacts_share",
    "t115"."churned_contacts_share_2m",
    "t115"."discount_share",
    "t115"."days_since_last_payment",
    "t115"."mean_payment",
    "t115"."arrears_days",
    "t115"."data_use_vs_plan",
    "t115"."voice_use_vs_plan",
    "t115"."low_survey_score",
    "t115"."voice_mom",
    "t115"."voice_vs_3m",
    "t115"."voice_slope_3m",
    "t115"."data_mom",
    "t115"."data_vs_3m",
    "t115"."data_slope_3m",
    "t115"."events_mom",
    "t115"."events_vs_3m",
    "t115"."events_slope_3m",
    "t115"."revenue_mom",
    "t115"."revenue_vs_3m",
    "t115"."revenue_slope_3m",
    "t115"."active_days_mom",
    "t115"."usage_drop_flag",
    "t115"."revenue_drop_flag",
    "t115"."bill_shock",
    "t105"."enterprise_lines",
    "t105"."enterprise_bill",
    "t105"."enterprise_bill_mom"
  FROM (
    SELECT
      "t113"."subscriber_id",
      "t113"."voice_out_minutes",
      "t113"."voice_in_minutes",
      "t113"."voice_out_calls",
      "t113"."voice_in_calls",
      "t113"."sms_out",
      "t113"."sms_in",
      "t113"."data_mb",
      "t113"."data_sessions",
      "t113"."usage_events",
      "t113"."usage_charge",
      "t113"."roaming_events",
      "t113"."onnet_calls",
      "t113"."offnet_calls",
      "t113"."calls_to_competitor_a",
      "t113"."calls_to_competitor_b",
      "t113"."calls_from_competitor_a",
      "t113"."calls_from_competitor_b",
      "t113"."night_calls",
      "t113"."active_days",
      "t113"."cell_dropped_call_rate",
      "t113"."cell_throughput_mbps",
      "t113"."cell_outage_hours",
      "t113"."outage_exposed_share",
      "t113"."distinct_contacts",
      "t113"."churned_contacts",
      "t113"."churned_contacts_2m",
      "t113"."bill_total",
      "t113"."discount_total",
      "t113"."net_bill",
      "t113"."bill_voice",
      "t113"."bill_data",
      "t113"."bill_sms",
      "t113"."bill_broadband",
      "t113"."bill_iptv",
      "t113"."bill_value_added",
      "t113"."bill_other",
      "t113"."payments_count",
      "t113"."payments_amount",
      "t113"."auto_debit_payment",
      "t113"."arrears_balance",
      "t113"."suspended_arrears_now",
      "t113"."arrears_suspensions_12m",
      "t113"."complaints_1m",
      "t113"."complaints_3m",
      "t113"."complaints_network_3m",
      "t113"."complaints_billing_3m",
      "t113"."complaints_service_3m",
      "t113"."complaints_price_3m",
      "t113"."complaints_broadband_3m",
      "t113"."unresolved_complaints_3m",
      "t113"."hours_to_resolve_3m",
      "t113"."regulator_complaints_12m",
      "t113"."last_survey_score",
      "t113"."tenure_months",
      "t113"."months_to_contract_end",
      "t113"."in_contract",
      "t113"."contract_ends_within_2m",
      "t113"."device_age_months",
      "t113"."plan_monthly_fee",
      "t113"."plan_is_5g",
      "t113"."plan_broadband",
      "t113"."plan_iptv",
      "t113"."plan_data_gb",
      "t113"."plan_voice_minutes",
      "t113"."is_prepaid",
      "t113"."is_enterprise",
      "t113"."age",
      "t113"."has_account_manager",
      "t113"."enterprise_id",
      "t113"."area_portout_rate_3m",
      "t113"."month",
      "t113"."voice_minutes",
      "t113"."onnet_share",
      "t113"."competitor_call_share",
      "t113"."competitor_in_share",
      "t113"."days_since_last_use",
      "t113"."churned_contacts_share",
      "t113"."churned_contacts_share_2m",
      "t113"."discount_share",
      "t113"."days_since_last_payment",
      "t113"."mean_payment",
      "t113"."arrears_days",
      "t113"."data_use_vs_plan",
      "t113"."voice_use_vs_plan",
      "t113"."low_survey_score",
      CASE
        WHEN "t113"."voice_minutes_m1" > 0
        THEN (
          COALESCE("t113"."voice_minutes", 0) - "t113"."voice_minutes_m1"
        ) / "t113"."voice_minutes_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "voice_mom",
      CASE
        WHEN "t113"."voice_minutes_3m_mean" > 0
        THEN COALESCE("t113"."voice_minutes", 0) / "t113"."voice_minutes_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "voice_vs_3m",
      (
        COALESCE("t113"."voice_minutes", 0) - "t113"."voice_minutes_m2"
      ) / 2.0 AS "voice_slope_3m",
      CASE
        WHEN "t113"."data_mb_m1" > 0
        THEN (
          COALESCE("t113"."data_mb", 0) - "t113"."data_mb_m1"
        ) / "t113"."data_mb_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "data_mom",
      CASE
        WHEN "t113"."data_mb_3m_mean" > 0
        THEN COALESCE("t113"."data_mb", 0) / "t113"."data_mb_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "data_vs_3m",
      (
        COALESCE("t113"."data_mb", 0) - "t113"."data_mb_m2"
      ) / 2.0 AS "data_slope_3m",
      CASE
        WHEN "t113"."usage_events_m1" > 0
        THEN CAST(COALESCE("t113"."usage_events", 0) - "t113"."usage_events_m1" AS DOUBLE) / CAST("t113"."usage_events_m1" AS DOUBLE)
        ELSE CAST(NULL AS DOUBLE)
      END AS "events_mom",
      CASE
        WHEN "t113"."usage_events_3m_mean" > 0
        THEN CAST(COALESCE("t113"."usage_events", 0) AS DOUBLE) / "t113"."usage_events_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "events_vs_3m",
      CAST(COALESCE("t113"."usage_events", 0) - "t113"."usage_events_m2" AS DOUBLE) / 2.0 AS "events_slope_3m",
      CASE
        WHEN "t113"."net_bill_m1" > 0
        THEN (
          COALESCE("t113"."net_bill", 0) - "t113"."net_bill_m1"
        ) / "t113"."net_bill_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "revenue_mom",
      CASE
        WHEN "t113"."net_bill_3m_mean" > 0
        THEN COALESCE("t113"."net_bill", 0) / "t113"."net_bill_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "revenue_vs_3m",
      (
        COALESCE("t113"."net_bill", 0) - "t113"."net_bill_m2"
      ) / 2.0 AS "revenue_slope_3m",
      CASE
        WHEN "t113"."active_days_m1" > 0
        THEN CAST(COALESCE("t113"."active_days", 0) - "t113"."active_days_m1" AS DOUBLE) / CAST("t113"."active_days_m1" AS DOUBLE)
        ELSE CAST(NULL AS DOUBLE)
      END AS "active_days_mom",
      CAST(COALESCE(
        CASE
          WHEN "t113"."usage_events_3m_mean" > 0
          THEN CAST(COALESCE("t113"."usage_events", 0) AS DOUBLE) / "t113"."usage_events_3m_mean"
          ELSE CAST(NULL AS DOUBLE)
        END <= 0.5,
        FALSE
      ) AS BIGINT) AS "usage_drop_flag",
      CAST(COALESCE(
        CASE
          WHEN "t113"."net_bill_3m_mean" > 0
          THEN COALESCE("t113"."net_bill", 0) / "t113"."net_bill_3m_mean"
          ELSE CAST(NULL AS DOUBLE)
        END <= 0.5,
        FALSE
      ) AS BIGINT) AS "revenue_drop_flag",
      CASE
        WHEN "t113"."net_bill_3m_mean" > 0
        THEN "t113"."net_bill" / "t113"."net_bill_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "bill_shock"
    FROM (
      SELECT
        "t112"."subscriber_id",
        "t112"."voice_out_minutes",
        "t112"."voice_in_minutes",
        "t112"."voice_out_calls",
        "t112"."voice_in_calls",
        "t112"."sms_out",
        "t112"."sms_in",
        "t112"."data_mb",
        "t112"."data_sessions",
        "t112"."usage_events",
        "t112"."usage_charge",
        "t112"."roaming_events",
        "t112"."onnet_calls",
        "t112"."offnet_calls",
        "t112"."calls_to_competitor_a",
        "t112"."calls_to_competitor_b",
        "t112"."calls_from_competitor_a",
        "t112"."calls_from_competitor_b",
        "t112"."night_calls",
        "t112"."active_days",
        "t112"."cell_dropped_call_rate",
        "t112"."cell_throughput_mbps",
        "t112"."cell_outage_hours",
        "t112"."outage_exposed_share",
        "t112"."distinct_contacts",
        "t112"."churned_contacts",
        "t112"."churned_contacts_2m",
        "t112"."bill_total",
        "t112"."discount_total",
        "t112"."net_bill",
        "t112"."bill_voice",
        "t112"."bill_data",
        "t112"."bill_sms",
        "t112"."bill_broadband",
        "t112"."bill_iptv",
        "t112"."bill_value_added",
        "t112"."bill_other",
        "t112"."payments_count",
        "t112"."payments_amount",
        "t112"."auto_debit_payment",
        "t112"."arrears_balance",
        "t112"."suspended_arrears_now",
        "t112"."arrears_suspensions_12m",
        "t112"."complaints_1m",
        "t112"."complaints_3m",
        "t112"."complaints_network_3m",
        "t112"."complaints_billing_3m",
        "t112"."complaints_service_3m",
        "t112"."complaints_price_3m",
        "t112"."complaints_broadband_3m",
        "t112"."unresolved_complaints_3m",
        "t112"."hours_to_resolve_3m",
        "t112"."regulator_complaints_12m",
        "t112"."last_survey_score",
        "t112"."tenure_months",
        "t112"."months_to_contract_end",
        "t112"."in_contract",
        "t112"."contract_ends_within_2m",
        "t112"."device_age_months",
        "t112"."plan_monthly_fee",
        "t112"."plan_is_5g",
        "t112"."plan_broadband",
        "t112"."plan_iptv",
        "t112"."plan_data_gb",
        "t112"."plan_voice_minutes",
        "t112"."is_prepaid",
        "t112"."is_enterprise",
        "t112"."age",
        "t112"."has_account_manager",
        "t112"."enterprise_id",
        "t112"."area_portout_rate_3m",
        "t112"."month",
        "t112"."voice_minutes",
        "t112"."onnet_share",
        "t112"."competitor_call_share",
        "t112"."competitor_in_share",
        "t112"."days_since_last_use",
        "t112"."churned_contacts_share",
        "t112"."churned_contacts_share_2m",
        "t112"."discount_share",
        "t112"."days_since_last_payment",
        "t112"."mean_payment",
        "t112"."arrears_days",
        "t112"."data_use_vs_plan",
        "t112"."voice_use_vs_plan",
        "t112"."low_survey_score",
        "t50"."voice_minutes_m1",
        "t50"."voice_minutes_m2",
        "t50"."voice_minutes_3m_mean",
        "t50"."data_mb_m1",
        "t50"."data_mb_m2",
        "t50"."data_mb_3m_mean",
        "t50"."usage_events_m1",
        "t50"."usage_events_m2",
        "t50"."usage_events_3m_mean",
        "t50"."active_days_m1",
        "t50"."active_days_m2",
        "t50"."active_days_3m_mean",
        "t50"."net_bill_m1",
        "t50"."net_bill_m2",
        "t50"."net_bill_3m_mean"
      FROM (
        SELECT
          "t110"."subscriber_id",
          "t110"."voice_out_minutes",
          "t110"."voice_in_minutes",
          "t110"."voice_out_calls",
          "t110"."voice_in_calls",
          "t110"."sms_out",
          "t110"."sms_in",
          "t110"."data_mb",
          "t110"."data_sessions",
          "t110"."usage_events",
          "t110"."usage_charge",
          "t110"."roaming_events",
          "t110"."onnet_calls",
          "t110"."offnet_calls",
          "t110"."calls_to_competitor_a",
          "t110"."calls_to_competitor_b",
          "t110"."calls_from_competitor_a",
          "t110"."calls_from_competitor_b",
          "t110"."night_calls",
          "t110"."active_days",
          "t110"."cell_dropped_call_rate",
          "t110"."cell_throughput_mbps",
          "t110"."cell_outage_hours",
          "t110"."outage_exposed_share",
          "t110"."distinct_contacts",
          "t110"."churned_contacts",
          "t110"."churned_contacts_2m",
          "t110"."bill_total",
          "t110"."discount_total",
          "t110"."net_bill",
          "t110"."bill_voice",
          "t110"."bill_data",
          "t110"."bill_sms",
          "t110"."bill_broadband",
          "t110"."bill_iptv",
          "t110"."bill_value_added",
          "t110"."bill_other",
          "t110"."payments_count",
          "t110"."payments_amount",
          "t110"."auto_debit_payment",
          "t110"."arrears_balance",
          "t110"."suspended_arrears_now",
          "t110"."arrears_suspensions_12m",
          "t110"."complaints_1m",
          "t110"."complaints_3m",
          "t110"."complaints_network_3m",
          "t110"."complaints_billing_3m",
          "t110"."complaints_service_3m",
          "t110"."complaints_price_3m",
          "t110"."complaints_broadband_3m",
          "t110"."unresolved_complaints_3m",
          "t110"."hours_to_resolve_3m",
          "t110"."regulator_complaints_12m",
          "t110"."last_survey_score",
          "t110"."tenure_months",
          "t110"."months_to_contract_end",
          "t110"."in_contract",
          "t110"."contract_ends_within_2m",
          "t110"."device_age_months",
          "t110"."plan_monthly_fee",
          "t110"."plan_is_5g",
          "t110"."plan_broadband",
          "t110"."plan_iptv",
          "t110"."plan_data_gb",
          "t110"."plan_voice_minutes",
          "t110"."is_prepaid",
          "t110"."is_enterprise",
          "t110"."age",
          "t110"."has_account_manager",
          "t110"."enterprise_id",
          "t110"."area_portout_rate_3m",
          '2025-03' AS "month",
          "t110"."voice_out_minutes" + "t110"."voice_in_minutes" AS "voice_minutes",
          CASE
            WHEN (
              "t110"."onnet_calls" + "t110"."offnet_calls"
            ) > 0
            THEN CAST("t110"."onnet_calls" AS DOUBLE) / CAST("t110"."onnet_calls" + "t110"."offnet_calls" AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "onnet_share",
          CASE
            WHEN (
              "t110"."voice_out_calls" + "t110"."voice_in_calls"
            ) > 0
            THEN CAST("t110"."offnet_calls" AS DOUBLE) / CAST("t110"."voice_out_calls" + "t110"."voice_in_calls" AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "competitor_call_share",
          CASE
            WHEN "t110"."voice_in_calls" > 0
            THEN CAST("t110"."calls_from_competitor_a" + "t110"."calls_from_competitor_b" AS DOUBLE) / CAST("t110"."voice_in_calls" AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "competitor_in_share",
          CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(CAST("t110"."last_use" AS TIMESTAMP)) AS DOUBLE) / 86400.0 AS "days_since_last_use",
          CASE
            WHEN "t110"."distinct_contacts" > 0
            THEN CAST("t110"."churned_contacts" AS DOUBLE) / CAST("t110"."distinct_contacts" AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "churned_contacts_share",
          CASE
            WHEN "t110"."distinct_contacts" > 0
            THEN CAST("t110"."churned_contacts_2m" AS DOUBLE) / CAST("t110"."distinct_contacts" AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "churned_contacts_share_2m",
          CASE
            WHEN "t110"."bill_total" > 0
            THEN "t110"."discount_total" / "t110"."bill_total"
            ELSE CAST(NULL AS DOUBLE)
          END AS "discount_share",
          CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(CAST("t110"."last_payment" AS TIMESTAMP)) AS DOUBLE) / 86400.0 AS "days_since_last_payment",
          CASE
            WHEN "t110"."payments_count" > 0
            THEN "t110"."payments_amount" / CAST("t110"."payments_count" AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "mean_payment",
          CASE
            WHEN "t110"."suspended_arrears_now" = 1
            THEN "t110"."days_in_status"
            ELSE 0.0
          END AS "arrears_days",
          CASE
            WHEN "t110"."plan_data_gb" > 0
            THEN (
              "t110"."data_mb" / 1024.0
            ) / "t110"."plan_data_gb"
            ELSE CAST(NULL AS DOUBLE)
          END AS "data_use_vs_plan",
          CASE
            WHEN "t110"."plan_voice_minutes" > 0
            THEN "t110"."voice_out_minutes" / "t110"."plan_voice_minutes"
            ELSE CAST(NULL AS DOUBLE)
          END AS "voice_use_vs_plan",
          CAST(COALESCE("t110"."last_survey_score" <= 2, FALSE) AS BIGINT) AS "low_survey_score"
        FROM (
          SELECT
            "t109"."subscriber_id",
            COALESCE(CAST(ROUND("t109"."voice_out_minutes", 6) AS DOUBLE), 0) AS "voice_out_minutes",
            COALESCE(CAST(ROUND("t109"."voice_in_minutes", 6) AS DOUBLE), 0) AS "voice_in_minutes",
            COALESCE("t109"."voice_out_calls", 0) AS "voice_out_calls",
            COALESCE("t109"."voice_in_calls", 0) AS "voice_in_calls",
            COALESCE("t109"."sms_out", 0) AS "sms_out",
            COALESCE("t109"."sms_in", 0) AS "sms_in",
            COALESCE(CAST(ROUND("t109"."data_mb", 6) AS DOUBLE), 0) AS "data_mb",
            COALESCE("t109"."data_sessions", 0) AS "data_sessions",
            COALESCE("t109"."usage_events", 0) AS "usage_events",
            COALESCE(CAST(ROUND("t109"."usage_charge", 6) AS DOUBLE), 0) AS "usage_charge",
            COALESCE("t109"."roaming_events", 0) AS "roaming_events",
            COALESCE("t109"."onnet_calls", 0) AS "onnet_calls",
            COALESCE("t109"."offnet_calls", 0) AS "offnet_calls",
            COALESCE("t109"."calls_to_competitor_a", 0) AS "calls_to_competitor_a",
            COALESCE("t109"."calls_to_competitor_b", 0) AS "calls_to_competitor_b",
            COALESCE("t109"."calls_from_competitor_a", 0) AS "calls_from_competitor_a",
            COALESCE("t109"."calls_from_competitor_b", 0) AS "calls_from_competitor_b",
            COALESCE("t109"."night_calls", 0) AS "night_calls",
            "t109"."last_use",
            COALESCE("t109"."active_days", 0) AS "active_days",
            CAST(ROUND("t109"."cell_dropped_call_rate", 6) AS DOUBLE) AS "cell_dropped_call_rate",
            CAST(ROUND("t109"."cell_throughput_mbps", 6) AS DOUBLE) AS "cell_throughput_mbps",
            CAST(ROUND("t109"."cell_outage_hours", 6) AS DOUBLE) AS "cell_outage_hours",
            CAST(ROUND("t109"."outage_exposed_share", 6) AS DOUBLE) AS "outage_exposed_share",
            COALESCE("t109"."distinct_contacts", 0) AS "distinct_contacts",
            COALESCE("t109"."churned_contacts", 0) AS "churned_contacts",
            COALESCE("t109"."churned_contacts_2m", 0) AS "churned_contacts_2m",
            COALESCE(CAST(ROUND("t109"."bill_total", 6) AS DOUBLE), 0) AS "bill_total",
            COALESCE(CAST(ROUND("t109"."discount_total", 6) AS DOUBLE), 0) AS "discount_total",
            COALESCE(CAST(ROUND("t109"."net_bill", 6) AS DOUBLE), 0) AS "net_bill",
            COALESCE(CAST(ROUND("t109"."bill_voice", 6) AS DOUBLE), 0) AS "bill_voice",
            COALESCE(CAST(ROUND("t109"."bill_data", 6) AS DOUBLE), 0) AS "bill_data",
            COALESCE(CAST(ROUND("t109"."bill_sms", 6) AS DOUBLE), 0) AS "bill_sms",
            COALESCE(CAST(ROUND("t109"."bill_broadband", 6) AS DOUBLE), 0) AS "bill_broadband",
            COALESCE(CAST(ROUND("t109"."bill_iptv", 6) AS DOUBLE), 0) AS "bill_iptv",
            COALESCE(CAST(ROUND("t109"."bill_value_added", 6) AS DOUBLE), 0) AS "bill_value_added",
            COALESCE(CAST(ROUND("t109"."bill_other", 6) AS DOUBLE), 0) AS "bill_other",
            COALESCE("t109"."payments_count", 0) AS "payments_count",
            COALESCE(CAST(ROUND("t109"."payments_amount", 6) AS DOUBLE), 0) AS "payments_amount",
            COALESCE("t109"."auto_debit_payment", 0) AS "auto_debit_payment",
            COALESCE(CAST(ROUND("t109"."arrears_balance", 6) AS DOUBLE), 0) AS "arrears_balance",
            "t109"."last_payment",
            COALESCE("t109"."suspended_arrears_now", 0) AS "suspended_arrears_now",
            CAST(ROUND("t109"."days_in_status", 6) AS DOUBLE) AS "days_in_status",
            COALESCE("t109"."arrears_suspensions_12m", 0) AS "arrears_suspensions_12m",
            COALESCE("t109"."complaints_1m", 0) AS "complaints_1m",
            COALESCE("t109"."complaints_3m", 0) AS "complaints_3m",
            COALESCE("t109"."complaints_network_3m", 0) AS "complaints_network_3m",
            COALESCE("t109"."complaints_billing_3m", 0) AS "complaints_billing_3m",
            COALESCE("t109"."complaints_service_3m", 0) AS "complaints_service_3m",
            COALESCE("t109"."complaints_price_3m", 0) AS "complaints_price_3m",
            COALESCE("t109"."complaints_broadband_3m", 0) AS "complaints_broadband_3m",
            COALESCE("t109"."unresolved_complaints_3m", 0) AS "unresolved_complaints_3m",
            CAST(ROUND("t109"."hours_to_resolve_3m", 6) AS DOUBLE) AS "hours_to_resolve_3m",
            COALESCE("t109"."regulator_complaints_12m", 0) AS "regulator_complaints_12m",
            "t109"."last_survey_score",
            CAST(ROUND("t109"."tenure_months", 6) AS DOUBLE) AS "tenure_months",
            CAST(ROUND("t109"."months_to_contract_end", 6) AS DOUBLE) AS "months_to_contract_end",
            "t109"."in_contract",
            "t109"."contract_ends_within_2m",
            CAST(ROUND("t109"."device_age_months", 6) AS DOUBLE) AS "device_age_months",
            CAST(ROUND("t109"."plan_monthly_fee", 6) AS DOUBLE) AS "plan_monthly_fee",
            "t109"."plan_is_5g",
            "t109"."plan_broadband",
            "t109"."plan_iptv",
            CAST(ROUND("t109"."plan_data_gb", 6) AS DOUBLE) AS "plan_data_gb",
            CAST(ROUND("t109"."plan_voice_minutes", 6) AS DOUBLE) AS "plan_voice_minutes",
            "t109"."is_prepaid",
            "t109"."is_enterprise",
            CAST(ROUND("t109"."age", 6) AS DOUBLE) AS "age",
            "t109"."has_account_manager",
            "t109"."enterprise_id",
            CAST(ROUND("t109"."area_portout_rate_3m", 6) AS DOUBLE) AS "area_portout_rate_3m"
          FROM (
            SELECT
              "t33"."subscriber_id",
              "t108"."voice_out_minutes",
              "t108"."voice_in_minutes",
              "t108"."voice_out_calls",
              "t108"."voice_in_calls",
              "t108"."sms_out",
              "t108"."sms_in",
              "t108"."data_mb",
              "t108"."data_sessions",
              "t108"."usage_events",
              "t108"."usage_charge",
              "t108"."roaming_events",
              "t108"."onnet_calls",
              "t108"."offnet_calls",
              "t108"."calls_to_competitor_a",
              "t108"."calls_to_competitor_b",
              "t108"."calls_from_competitor_a",
              "t108"."calls_from_competitor_b",
              "t108"."night_calls",
              "t108"."last_use",
              "t108"."active_days",
              "t108"."cell_dropped_call_rate",
              "t108"."cell_throughput_mbps",
              "t108"."cell_outage_hours",
              "t108"."outage_exposed_share",
              "t108"."distinct_contacts",
              "t108"."churned_contacts",
              "t108"."churned_contacts_2m",
              "t66"."bill_total",
              "t66"."discount_total",
              "t66"."net_bill",
              "t66"."bill_voice",
              "t66"."bill_data",
              "t66"."bill_sms",
              "t66"."bill_broadband",
              "t66"."bill_iptv",
              "t66"."bill_value_added",
              "t66"."bill_other",
              "t81"."payments_count",
              "t81"."payments_amount",
              "t81"."auto_debit_payment",
              "t81"."arrears_balance",
              "t81"."last_payment",
              "t94"."suspended_arrears_now",
              "t94"."days_in_status",
              "t94"."arrears_suspensions_12m",
              "t67"."complaints_1m",
              "t67"."complaints_3m",
              "t67"."complaints_network_3m",
              "t67"."complaints_billing_3m",
              "t67"."complaints_service_3m",
              "t67"."complaints_price_3m",
              "t67"."complaints_broadband_3m",
              "t67"."unresolved_complaints_3m",
              "t67"."hours_to_resolve_3m",
              "t67"."regulator_complaints_12m",
              "t72"."last_survey_score",
              "t86"."tenure_months",
              "t86"."months_to_contract_end",
              "t86"."in_contract",
              "t86"."contract_ends_within_2m",
              "t86"."device_age_months",
              "t86"."plan_monthly_fee",
              "t86"."plan_is_5g",
              "t86"."plan_broadband",
              "t86"."plan_iptv",
              "t86"."plan_data_gb",
              "t86"."plan_voice_minutes",
              "t86"."is_prepaid",
              "t86"."is_enterprise",
              "t86"."age",
              "t86"."has_account_manager",
              "t86"."enterprise_id",
              "t102"."area_portout_rate_3m"
            FROM (
              SELECT
                *
              FROM "stg_subscribers" AS "t1"
              WHERE
                "t1"."activation_date" < MAKE_DATE(2025, 4, 1)
            ) AS "t33"
            ANTI JOIN (
              SELECT DISTINCT
                "t2"."subscriber_id"
              FROM "stg_status_changes" AS "t2"
              WHERE
                "t2"."to_status" IN ('cancelled', 'ported_out')
                AND "t2"."timestamp" < MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
            ) AS "t36"
              ON "t33"."subscriber_id" = "t36"."subscriber_id"
            LEFT OUTER JOIN (
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
                "t100"."last_use",
                "t100"."active_days",
                "t100"."cell_dropped_call_rate",
                "t100"."cell_throughput_mbps",
                "t100"."cell_outage_hours",
                "t100"."outage_exposed_share",
                "t106"."distinct_contacts",
                "t106"."churned_contacts",
                "t106"."churned_contacts_2m"
              FROM (
                SELECT
                  "t92"."subscriber_id",
                  "t92"."voice_out_minutes",
                  "t92"."voice_in_minutes",
                  CAST("t92"."voice_out_calls" AS BIGINT) AS "voice_out_calls",
                  CAST("t92"."voice_in_calls" AS BIGINT) AS "voice_in_calls",
                  CAST("t92"."sms_out" AS BIGINT) AS "sms_out",
                  CAST("t92"."sms_in" AS BIGINT) AS "sms_in",
                  "t92"."data_mb",
                  CAST("t92"."data_sessions" AS BIGINT) AS "data_sessions",
                  CAST("t92"."usage_events" AS BIGINT) AS "usage_events",
                  "t92"."usage_charge",
                  CAST("t92"."roaming_events" AS BIGINT) AS "roaming_events",
                  CAST("t92"."onnet_calls" AS BIGINT) AS "onnet_calls",
                  CAST("t92"."offnet_calls" AS BIGINT) AS "offnet_calls",
                  CAST("t92"."calls_to_competitor_a" AS BIGINT) AS "calls_to_competitor_a",
                  CAST("t92"."calls_to_competitor_b" AS BIGINT) AS "calls_to_competitor_b",
                  CAST("t92"."calls_from_competitor_a" AS BIGINT) AS "calls_from_competitor_a",
                  CAST("t92"."calls_from_competitor_b" AS BIGINT) AS "calls_from_competitor_b",
                  CAST("t92"."night_calls" AS BIGINT) AS "night_calls",
                  "t92"."last_use",
                  "t92"."active_days",
                  CASE
                    WHEN "t92"."cell_n" > 0
                    THEN "t92"."cell_drop" / "t92"."cell_n"
                    ELSE CAST(NULL AS DOUBLE)
                  END AS "cell_dropped_call_rate",
                  CASE
                    WHEN "t92"."cell_n" > 0
                    THEN "t92"."cell_mbps" / "t92"."cell_n"
                    ELSE CAST(NULL AS DOUBLE)
                  END AS "cell_throughput_mbps",
                  CASE
                    WHEN "t92"."cell_n" > 0
                    THEN "t92"."cell_outage" / "t92"."cell_n"
                    ELSE CAST(NULL AS DOUBLE)
                  END AS "cell_outage_hours",
                  CASE
                    WHEN "t92"."cell_n" > 0
                    THEN "t92"."cell_outage_n" / "t92"."cell_n"
                    ELSE CAST(NULL AS DOUBLE)
                  END AS "outage_exposed_share"
                FROM (
                  SELECT
                    "t79"."subscriber_id",
                    SUM("t79"."minutes") FILTER(WHERE
                      (
                        "t79"."event_type" = 'voice'
                      ) AND (
                        "t79"."direction" = 'out'
                      )) AS "voice_out_minutes",
                    SUM("t79"."minutes") FILTER(WHERE
                      (
                        "t79"."event_type" = 'voice'
                      ) AND (
                        "t79"."direction" = 'in'
                      )) AS "voice_in_minutes",
                    SUM(CAST("t79"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t79"."event_type" = 'voice'
                      ) AND (
                        "t79"."direction" = 'out'
                      )) AS "voice_out_calls",
                    SUM(CAST("t79"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t79"."event_type" = 'voice'
                      ) AND (
                        "t79"."direction" = 'in'
                      )) AS "voice_in_calls",
                    SUM(CAST("t79"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t79"."event_type" = 'sms'
                      ) AND (
                        "t79"."direction" = 'out'
                      )) AS "sms_out",
                    SUM(CAST("t79"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t79"."event_type" = 'sms'
                      ) AND (
                        "t79"."direction" = 'in'
                      )) AS "sms_in",
                    SUM("t79"."mb") FILTER(WHERE
                      "t79"."event_type" = 'data') AS "data_mb",
                    SUM(CAST("t79"."n" AS DOUBLE)) FILTER(WHERE
                      "t79"."event_type" = 'data') AS "data_sessions",
                    SUM(CAST("t79"."n" AS DOUBLE)) AS "usage_events",
                    SUM("t79"."charge") AS "usage_charge",
                    SUM(CAST("t79"."roaming_n" AS DOUBLE)) AS "roaming_events",
                    SUM(CAST("t79"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t79"."event_type" = 'voice'
                      ) AND (
                        "t79"."other_operator" = 'own'
                      )) AS "onnet_calls",
                    SUM(CAST("t79"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t79"."event_type" = 'voice'
                      )
                      AND (
                        (
                          "t79"."other_operator" = 'competitor_a'
                        )
                        OR (
                          "t79"."other_operator" = 'competitor_b'
                        )
                      )) AS "offnet_calls",
                    SUM(CAST("t79"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t79"."event_type" = 'voice'
                      )
                      AND (
                        "t79"."direction" = 'out'
                      )
                      AND (
                        "t79"."other_operator" = 'competitor_a'
                      )) AS "calls_to_competitor_a",
                    SUM(CAST("t79"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t79"."event_type" = 'voice'
                      )
                      AND (
                        "t79"."direction" = 'out'
                      )
                      AND (
                        "t79"."other_operator" = 'competitor_b'
                      )) AS "calls_to_competitor_b",
                    SUM(CAST("t79"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t79"."event_type" = 'voice'
                      )
                      AND (
                        "t79"."direction" = 'in'
                      )
                      AND (
                        "t79"."other_operator" = 'competitor_a'
                      )) AS "calls_from_competitor_a",
                    SUM(CAST("t79"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t79"."event_type" = 'voice'
                      )
                      AND (
                        "t79"."direction" = 'in'
                      )
                      AND (
                        "t79"."other_operator" = 'competitor_b'
                      )) AS "calls_from_competitor_b",
                    SUM(CAST("t79"."night_n" AS DOUBLE)) FILTER(WHERE
                      "t79"."event_type" = 'voice') AS "night_calls",
                    MAX("t79"."last_use") AS "last_use",
                    BIT_COUNT(BIT_OR("t79"."days")) AS "active_days",
                    SUM(CAST("t79"."cell_n" AS DOUBLE)) AS "cell_n",
                    SUM("t79"."cell_drop") AS "cell_drop",
                    SUM("t79"."cell_mbps") AS "cell_mbps",
                    SUM("t79"."cell_outage") AS "cell_outage",
                    SUM(CAST("t79"."cell_outage_n" AS DOUBLE)) AS "cell_outage_n"
                  FROM (
                    SELECT
                      "t60"."subscriber_id",
                      "t60"."event_type",
                      "t60"."direction",
                      "t60"."other_operator",
                      COUNT("t60"."subscriber_id") AS "n",
                      SUM(CAST("t60"."duration_s" AS DOUBLE) / 60.0) AS "minutes",
                      SUM("t60"."data_mb") AS "mb",
                      SUM("t60"."charge") AS "charge",
                      MAX("t60"."timestamp") AS "last_use",
                      COUNT("t60"."subscriber_id") FILTER(WHERE
                        "t60"."roaming") AS "roaming_n",
                      COUNT("t60"."subscriber_id") FILTER(WHERE
                        EXTRACT(hour FROM "t60"."timestamp") < 6) AS "night_n",
                      BIT_OR(1 << (
                        EXTRACT(day FROM "t60"."timestamp") - 1
                      )) AS "days",
                      COUNT("t60"."nq_cell") AS "cell_n",
                      SUM("t60"."nq_drop") AS "cell_drop",
                      SUM("t60"."nq_mbps") AS "cell_mbps",
                      SUM("t60"."nq_outage") AS "cell_outage",
                      COUNT("t60"."nq_cell") FILTER(WHERE
                        "t60"."nq_outage" > 0) AS "cell_outage_n"
                    FROM (
                      SELECT
                        "t40"."subscriber_id",
                        "t40"."timestamp",
                        "t40"."event_type",
                        "t40"."direction",
                        "t40"."other_party",
                        "t40"."other_operator",
                        "t40"."duration_s",
                        "t40"."data_mb",
                        "t40"."cell_id",
                        "t40"."roaming",
                        "t40"."charge",
                        "t41"."nq_cell",
                        "t41"."nq_drop",
                        "t41"."nq_mbps",
                        "t41"."nq_outage"
                      FROM (
                        SELECT
                          *
                        FROM "stg_usage" AS "t9"
                        WHERE
                          "t9"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
                          AND "t9"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                      ) AS "t40"
                      LEFT OUTER JOIN (
                        SELECT
                          "t10"."cell_id" AS "nq_cell",
                          "t10"."dropped_call_rate" AS "nq_drop",
                          "t10"."throughput_mbps" AS "nq_mbps",
                          "t10"."outage_hours" AS "nq_outage"
                        FROM "stg_network_quality" AS "t10"
                        WHERE
                          "t10"."month" = '2025-03'
                      ) AS "t41"
                        ON "t40"."cell_id" = "t41"."nq_cell"
                    ) AS "t60"
                    GROUP BY
                      1,
                      2,
                      3,
                      4
                  ) AS "t79"
                  GROUP BY
                    1
                ) AS "t92"
              ) AS "t100"
              LEFT OUTER JOIN (
                SELECT
                  "t96"."subscriber_id",
                  COUNT("t96"."subscriber_id") AS "distinct_contacts",
                  CAST(COALESCE(SUM(CAST("t96"."churned" AS DOUBLE)), 0) AS BIGINT) AS "churned_contacts",
                  CAST(COALESCE(SUM(CAST("t96"."churned_2m" AS DOUBLE)), 0) AS BIGINT) AS "churned_contacts_2m"
                FROM (
                  SELECT
                    "t49"."subscriber_id",
                    "t49"."other_party",
                    "t49"."n",
                    "t90"."other_party" AS "other_party_right",
                    "t90"."churned",
                    "t90"."churned_2m"
                  FROM (
                    SELECT
                      "t30"."subscriber_id",
                      "t30"."other_party",
                      COUNT("t30"."subscriber_id") AS "n"
                    FROM (
                      SELECT
                        *
                      FROM "stg_usage" AS "t9"
                      WHERE
                        "t9"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
                        AND "t9"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                        AND "t9"."other_party" IS NOT NULL
                    ) AS "t30"
                    GROUP BY
                      1,
                      2
                  ) AS "t49"
                  LEFT OUTER JOIN (
                    SELECT
                      "t85"."other_party",
                      "t85"."churned",
                      CAST(1 AS BIGINT) AS "churned_2m"
                    FROM (
                      SELECT
                        "t75"."party_id" AS "other_party",
                        MAX("t75"."this_month") AS "churned"
                      FROM (
                        SELECT
                          "t35"."subscriber_id",
                          "t35"."msisdn",
                          "t35"."name",
                          "t35"."id_number",
                          "t35"."gender",
                          "t35"."birth_year",
                          "t35"."city",
                          "t35"."county",
                          "t35"."customer_type",
                          "t35"."enterprise_id",
                          "t35"."plan_id",
                          "t35"."payment_type",
                          "t35"."activation_date",
                          "t35"."contract_end_date",
                          "t35"."device_model",
                          "t35"."device_purchase_date",
                          "t35"."account_manager_id",
                          "t35"."acquisition_channel",
                          "t35"."party_id",
                          "t65"."this_month"
                        FROM (
                          SELECT
                            *
                          FROM "stg_subscribers" AS "t1"
                          WHERE
                            "t1"."party_id" IS NOT NULL
                        ) AS "t35"
                        INNER JOIN (
                          SELECT
                            "t21"."subscriber_id",
                            MAX(CAST("t21"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0) AS BIGINT)) AS "this_month"
                          FROM (
                            SELECT
                              *
                            FROM "stg_status_changes" AS "t2"
                            WHERE
                              "t2"."to_status" IN ('cancelled', 'ported_out')
                              AND "t2"."timestamp" >= MAKE_TIMESTAMP(2025, 2, 1, 0, 0, 0.0)
                              AND "t2"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                          ) AS "t21"
                          GROUP BY
                            1
                        ) AS "t65"
                          ON "t35"."subscriber_id" = "t65"."subscriber_id"
                      ) AS "t75"
                      GROUP BY
                        1
                    ) AS "t85"
                  ) AS "t90"
                    ON "t49"."other_party" = "t90"."other_party"
                ) AS "t96"
                GROUP BY
                  1
              ) AS "t106"
                ON "t100"."subscriber_id" = "t106"."subscriber_id"
            ) AS "t108"
              ON "t33"."subscriber_id" = "t108"."subscriber_id"
            LEFT OUTER JOIN (
              SELECT
                "t22"."subscriber_id",
                SUM("t22"."amount") AS "bill_total",
                SUM("t22"."discount") AS "discount_total",
                SUM("t22"."amount" - "t22"."discount") AS "net_bill",
                COALESCE(SUM("t22"."amount") FILTER(WHERE
                  "t22"."service" = 'voice'), 0) AS "bill_voice",
                COALESCE(SUM("t22"."amount") FILTER(WHERE
                  "t22"."service" = 'data'), 0) AS "bill_data",
                COALESCE(SUM("t22"."amount") FILTER(WHERE
                  "t22"."service" = 'sms'), 0) AS "bill_sms",
                COALESCE(SUM("t22"."amount") FILTER(WHERE
                  "t22"."service" = 'broadband'), 0) AS "bill_broadband",
                COALESCE(SUM("t22"."amount") FILTER(WHERE
                  "t22"."service" = 'iptv'), 0) AS "bill_iptv",
                COALESCE(SUM("t22"."amount") FILTER(WHERE
                  "t22"."service" = 'value_added'), 0) AS "bill_value_added",
                COALESCE(SUM("t22"."amount") FILTER(WHERE
                  "t22"."service" = 'other'), 0) AS "bill_other"
              FROM (
                SELECT
                  *
                FROM "stg_bills" AS "t3"
                WHERE
                  "t3"."month" = '2025-03'
              ) AS "t22"
              GROUP BY
                1
            ) AS "t66"
              ON "t33"."subscriber_id" = "t66"."subscriber_id"
            LEFT OUTER JOIN (
              SELECT
                COALESCE("t55"."subscriber_id", "t68"."subscriber_id") AS "subscriber_id",
                COALESCE("t68"."payments_count", 0) AS "payments_count",
                COALESCE("t68"."payments_amount", 0) AS "payments_amount",
                CAST(COALESCE("t68"."auto_debit_payments", 0) > 0 AS BIGINT) AS "auto_debit_payment",
                COALESCE("t55"."billed_to_date", 0) - COALESCE("t68"."paid_to_date", 0) AS "arrears_balance",
                "t68"."last_payment"
              FROM (
                SELECT
                  "t23"."subscriber_id",
                  SUM("t23"."amount" - "t23"."discount") AS "billed_to_date"
                FROM (
                  SELECT
                    *
                  FROM "stg_bills" AS "t3"
                  WHERE
                    "t3"."month" <= '2025-03'
                ) AS "t23"
                GROUP BY
                  1
              ) AS "t55"
              FULL OUTER JOIN (
                SELECT
                  "t27"."subscriber_id",
                  COUNT("t27"."subscriber_id") FILTER(WHERE
                    "t27"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)) AS "payments_count",
                  COALESCE(
                    SUM("t27"."amount") FILTER(WHERE
                      "t27"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)),
                    0
                  ) AS "payments_amount",
                  COUNT("t27"."subscriber_id") FILTER(WHERE
                    (
                      "t27"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
                    )
                    AND (
                      "t27"."channel" = 'auto_debit'
                    )) AS "auto_debit_payments",
                  SUM("t27"."amount") AS "paid_to_date",
                  MAX("t27"."timestamp") AS "last_payment"
                FROM (
                  SELECT
                    *
                  FROM "stg_payments" AS "t7"
                  WHERE
                    "t7"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                ) AS "t27"
                GROUP BY
                  1
              ) AS "t68"
                ON "t55"."subscriber_id" = "t68"."subscriber_id"
            ) AS "t81"
              ON "t33"."subscriber_id" = "t81"."subscriber_id"
            LEFT OUTER JOIN (
              SELECT
                "t84"."subscriber_id",
                "t84"."suspended_arrears_now",
                "t84"."days_in_status",
                "t69"."arrears_suspensions_12m"
              FROM (
                SELECT
                  "t63"."subscriber_id",
                  CAST("t63"."to_status" = 'suspended_arrears' AS BIGINT) AS "suspended_arrears_now",
                  CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(CAST("t63"."timestamp" AS TIMESTAMP)) AS DOUBLE) / 86400.0 AS "days_in_status"
                FROM (
                  SELECT
                    "t37"."subscriber_id",
                    "t37"."timestamp",
                    "t37"."from_status",
                    "t37"."to_status",
                    "t37"."reason",
                    ROW_NUMBER() OVER (
                      PARTITION BY "t37"."subscriber_id"
                      ORDER BY "t37"."timestamp" DESC, "t37"."to_status" DESC
                      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                    ) - 1 AS "rank"
                  FROM "t19" AS "t37"
                ) AS "t63"
                WHERE
                  "t63"."rank" = 0
              ) AS "t84"
              LEFT OUTER JOIN (
                SELECT
                  "t37"."subscriber_id",
                  COUNT("t37"."subscriber_id") FILTER(WHERE
                    (
                      "t37"."to_status" = 'suspended_arrears'
                    )
                    AND (
                      "t37"."timestamp" >= MAKE_TIMESTAMP(2024, 4, 1, 0, 0, 0.0)
                    )) AS "arrears_suspensions_12m"
                FROM "t19" AS "t37"
                GROUP BY
                  1
              ) AS "t69"
                ON "t84"."subscriber_id" = "t69"."subscriber_id"
            ) AS "t94"
              ON "t33"."subscriber_id" = "t94"."subscriber_id"
            LEFT OUTER JOIN (
              SELECT
                "t25"."subscriber_id",
                COUNT("t25"."subscriber_id") FILTER(WHERE
                  "t25"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)) AS "complaints_1m",
                COUNT("t25"."subscriber_id") FILTER(WHERE
                  "t25"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)) AS "complaints_3m",
                COUNT("t25"."subscriber_id") FILTER(WHERE
                  (
                    "t25"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
                  )
                  AND (
                    "t25"."category" = 'network'
                  )) AS "complaints_network_3m",
                COUNT("t25"."subscriber_id") FILTER(WHERE
                  (
                    "t25"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
                  )
                  AND (
                    "t25"."category" = 'billing'
                  )) AS "complaints_billing_3m",
                COUNT("t25"."subscriber_id") FILTER(WHERE
                  (
                    "t25"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
                  )
                  AND (
                    "t25"."category" = 'service_attitude'
                  )) AS "complaints_service_3m",
                COUNT("t25"."subscriber_id") FILTER(WHERE
                  (
                    "t25"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
                  )
                  AND (
                    "t25"."category" = 'price'
                  )) AS "complaints_price_3m",
                COUNT("t25"."subscriber_id") FILTER(WHERE
                  (
                    "t25"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
                  )
                  AND (
                    "t25"."category" = 'broadband'
                  )) AS "complaints_broadband_3m",
                COUNT("t25"."subscriber_id") FILTER(WHERE
                  (
                    "t25"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
                  )
                  AND NOT (
                    "t25"."resolved"
                  )) AS "unresolved_complaints_3m",
                AVG("t25"."hours_to_resolve") FILTER(WHERE
                  "t25"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)) AS "hours_to_resolve_3m",
                COUNT("t25"."subscriber_id") FILTER(WHERE
                  "t25"."channel" = 'regulator') AS "regulator_complaints_12m"
              FROM (
                SELECT
                  *
                FROM "stg_complaints" AS "t4"
                WHERE
                  "t4"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                  AND "t4"."timestamp" >= MAKE_TIMESTAMP(2024, 3, 1, 0, 0, 0.0)
              ) AS "t25"
              GROUP BY
                1
            ) AS "t67"
              ON "t33"."subscriber_id" = "t67"."subscriber_id"
            LEFT OUTER JOIN (
              SELECT
                "t58"."respondent" AS "subscriber_id",
                "t58"."score" AS "last_survey_score"
              FROM (
                SELECT
                  "t26"."respondent",
                  "t26"."city",
                  "t26"."date",
                  "t26"."dimension",
                  "t26"."score",
                  ROW_NUMBER() OVER (
                    PARTITION BY "t26"."respondent"
                    ORDER BY "t26"."date" DESC, "t26"."score" ASC
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
                ) AS "t26"
              ) AS "t58"
              WHERE
                "t58"."rank" = 0
            ) AS "t72"
              ON "t33"."subscriber_id" = "t72"."subscriber_id"
            LEFT OUTER JOIN (
              SELECT
                "t11"."subscriber_id",
                CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(CAST(CAST("t11"."activation_date" AS TIMESTAMP) AS TIMESTAMP)) AS DOUBLE) / 2629800.0 AS "tenure_months",
                CASE
                  WHEN (
                    CAST(EPOCH(CAST(CAST("t11"."contract_end_date" AS TIMESTAMP) AS TIMESTAMP)) - EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) AS DOUBLE) / 2629800.0
                  ) >= 0
                  THEN CAST(EPOCH(CAST(CAST("t11"."contract_end_date" AS TIMESTAMP) AS TIMESTAMP)) - EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) AS DOUBLE) / 2629800.0
                  ELSE CAST(NULL AS DOUBLE)
                END AS "months_to_contract_end",
                CAST((
                  "t11"."contract_end_date" IS NOT NULL
                )
                AND (
                  "t11"."contract_end_date" >= MAKE_DATE(2025, 4, 1)
                ) AS BIGINT) AS "in_contract",
                CAST(COALESCE(
                  (
                    (
                      CAST(EPOCH(CAST(CAST("t11"."contract_end_date" AS TIMESTAMP) AS TIMESTAMP)) - EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) AS DOUBLE) / 2629800.0
                    ) >= 0
                  )
                  AND (
                    (
                      CAST(EPOCH(CAST(CAST("t11"."contract_end_date" AS TIMESTAMP) AS TIMESTAMP)) - EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) AS DOUBLE) / 2629800.0
                    ) <= 2
                  ),
                  FALSE
                ) AS BIGINT) AS "contract_ends_within_2m",
                CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(
                  CAST(CAST(COALESCE(
                    "t48"."since",
                    CASE
                      WHEN "t11"."device_purchase_date" < MAKE_DATE(2025, 4, 1)
                      THEN "t11"."device_purchase_date"
                      ELSE NULL
                    END
                  ) AS TIMESTAMP) AS TIMESTAMP)
                ) AS DOUBLE) / 2629800.0 AS "device_age_months",
                "t12"."monthly_fee" AS "plan_monthly_fee",
                CAST("t12"."network" = '5G' AS BIGINT) AS "plan_is_5g",
                CAST("t12"."broadband" AS BIGINT) AS "plan_broadband",
                CAST("t12"."iptv" AS BIGINT) AS "plan_iptv",
                "t12"."data_gb" AS "plan_data_gb",
                CAST("t12"."voice_minutes" AS DOUBLE) AS "plan_voice_minutes",
                CAST("t11"."payment_type" = 'prepaid' AS BIGINT) AS "is_prepaid",
                CAST("t11"."customer_type" = 'enterprise' AS BIGINT) AS "is_enterprise",
                CAST(2025 - "t11"."birth_year" AS DOUBLE) AS "age",
                CAST("t11"."account_manager_id" IS NOT NULL AS BIGINT) AS "has_account_manager",
                "t11"."enterprise_id"
              FROM "stg_subscribers" AS "t11"
              LEFT OUTER JOIN "stg_plans" AS "t12"
                ON "t11"."plan_id" = "t12"."plan_id"
              LEFT OUTER JOIN (
                SELECT
                  "t28"."subscriber_id",
                  MAX("t28"."since") AS "since"
                FROM (
                  SELECT
                    *
                  FROM "stg_devices" AS "t8"
                  WHERE
                    "t8"."since" < MAKE_DATE(2025, 4, 1)
                ) AS "t28"
                GROUP BY
                  1
              ) AS "t48"
                ON "t11"."subscriber_id" = "t48"."subscriber_id"
            ) AS "t86"
              ON "t33"."subscriber_id" = "t86"."subscriber_id"
            LEFT OUTER JOIN (
              SELECT
                "t42"."subscriber_id",
                "t97"."area_portout_rate_3m"
              FROM "t16" AS "t42"
              INNER JOIN (
                SELECT
                  "t87"."county",
                  CASE
                    WHEN "t87"."n" > 0
                    THEN CAST(COALESCE("t87"."ported", 0) AS DOUBLE) / CAST("t87"."n" AS DOUBLE)
                    ELSE CAST(NULL AS DOUBLE)
                  END AS "area_portout_rate_3m"
                FROM (
                  SELECT
                    "t51"."county",
                    "t51"."n",
                    "t73"."ported"
                  FROM (
                    SELECT
                      "t34"."county",
                      COUNT("t34"."subscriber_id") AS "n"
                    FROM "t16" AS "t34"
                    GROUP BY
                      1
                  ) AS "t51"
                  LEFT OUTER JOIN (
                    SELECT
                      "t61"."county",
                      COUNT("t61"."subscriber_id") AS "ported"
                    FROM (
                      SELECT
                        "t42"."subscriber_id",
                        "t42"."county"
                      FROM "t16" AS "t42"
                      SEMI JOIN (
                        SELECT DISTINCT
                          "t2"."subscriber_id"
                        FROM "stg_status_changes" AS "t2"
                        WHERE
                          "t2"."to_status" = 'ported_out'
                          AND "t2"."timestamp" >= MAKE_TIMESTAMP(2025, 1, 1, 0, 0, 0.0)
                          AND "t2"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                      ) AS "t38"
                        ON "t42"."subscriber_id" = "t38"."subscriber_id"
                    ) AS "t61"
                    GROUP BY
                      1
                  ) AS "t73"
                    ON "t51"."county" = "t73"."county"
                ) AS "t87"
              ) AS "t97"
                ON "t42"."county" = "t97"."county"
            ) AS "t102"
              ON "t33"."subscriber_id" = "t102"."subscriber_id"
          ) AS "t109"
        ) AS "t110"
      ) AS "t112"
      LEFT OUTER JOIN (
        SELECT
          "t13"."subscriber_id",
          MAX("t13"."voice_minutes") FILTER(WHERE
            "t13"."month" = '2025-02') AS "voice_minutes_m1",
          MAX("t13"."voice_minutes") FILTER(WHERE
            "t13"."month" = '2025-01') AS "voice_minutes_m2",
          AVG("t13"."voice_minutes") FILTER(WHERE
            "t13"."month" IN ('2025-02', '2025-01', '2024-12')) AS "voice_minutes_3m_mean",
          MAX("t13"."data_mb") FILTER(WHERE
            "t13"."month" = '2025-02') AS "data_mb_m1",
          MAX("t13"."data_mb") FILTER(WHERE
            "t13"."month" = '2025-01') AS "data_mb_m2",
          AVG("t13"."data_mb") FILTER(WHERE
            "t13"."month" IN ('2025-02', '2025-01', '2024-12')) AS "data_mb_3m_mean",
          MAX("t13"."usage_events") FILTER(WHERE
            "t13"."month" = '2025-02') AS "usage_events_m1",
          MAX("t13"."usage_events") FILTER(WHERE
            "t13"."month" = '2025-01') AS "usage_events_m2",
          AVG("t13"."usage_events") FILTER(WHERE
            "t13"."month" IN ('2025-02', '2025-01', '2024-12')) AS "usage_events_3m_mean",
          MAX("t13"."active_days") FILTER(WHERE
            "t13"."month" = '2025-02') AS "active_days_m1",
          MAX("t13"."active_days") FILTER(WHERE
            "t13"."month" = '2025-01') AS "active_days_m2",
          AVG("t13"."active_days") FILTER(WHERE
            "t13"."month" IN ('2025-02', '2025-01', '2024-12')) AS "active_days_3m_mean",
          MAX("t13"."net_bill") FILTER(WHERE
            "t13"."month" = '2025-02') AS "net_bill_m1",
          MAX("t13"."net_bill") FILTER(WHERE
            "t13"."month" = '2025-01') AS "net_bill_m2",
          AVG("t13"."net_bill") FILTER(WHERE
            "t13"."month" IN ('2025-02', '2025-01', '2024-12')) AS "net_bill_3m_mean"
        FROM (
          SELECT
            *
          FROM "feat_monthly" AS "t0"
          WHERE
            "t0"."month" IN ('2025-02', '2025-01', '2024-12')
        ) AS "t13"
        GROUP BY
          1
      ) AS "t50"
        ON "t112"."subscriber_id" = "t50"."subscriber_id"
    ) AS "t113"
  ) AS "t115"
  LEFT OUTER JOIN (
    SELECT
      "t98"."enterprise_id",
      "t98"."enterprise_lines",
      "t98"."enterprise_bill",
      CASE
        WHEN "t98"."enterprise_bill_m1" > 0
        THEN (
          "t98"."enterprise_bill" - "t98"."enterprise_bill_m1"
        ) / "t98"."enterprise_bill_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "enterprise_bill_mom"
    FROM (
      SELECT
        "t93"."enterprise_id",
        "t93"."enterprise_lines",
        CAST(ROUND("t93"."enterprise_bill", 6) AS DOUBLE) AS "enterprise_bill",
        CAST(ROUND("t93"."enterprise_bill_m1", 6) AS DOUBLE) AS "enterprise_bill_m1"
      FROM (
        SELECT
          "t88"."enterprise_id",
          "t88"."enterprise_lines",
          "t77"."enterprise_bill",
          "t77"."enterprise_bill_m1"
        FROM (
          SELECT
            "t74"."enterprise_id",
            COUNT("t74"."subscriber_id") AS "enterprise_lines"
          FROM (
            SELECT
              "t32"."subscriber_id",
              "t32"."enterprise_id"
            FROM (
              SELECT
                "t1"."subscriber_id",
                "t1"."enterprise_id"
              FROM "stg_subscribers" AS "t1"
              WHERE
                "t1"."enterprise_id" IS NOT NULL
            ) AS "t32"
            SEMI JOIN (
              SELECT
                "t33"."subscriber_id"
              FROM (
                SELECT
                  *
                FROM "stg_subscribers" AS "t1"
                WHERE
                  "t1"."activation_date" < MAKE_DATE(2025, 4, 1)
              ) AS "t33"
              ANTI JOIN (
                SELECT DISTINCT
                  "t2"."subscriber_id"
                FROM "stg_status_changes" AS "t2"
                WHERE
                  "t2"."to_status" IN ('cancelled', 'ported_out')
                  AND "t2"."timestamp" < MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
              ) AS "t36"
                ON "t33"."subscriber_id" = "t36"."subscriber_id"
            ) AS "t62"
              ON "t32"."subscriber_id" = "t62"."subscriber_id"
          ) AS "t74"
          GROUP BY
            1
        ) AS "t88"
        LEFT OUTER JOIN (
          SELECT
            "t56"."enterprise_id",
            COALESCE(SUM("t56"."net") FILTER(WHERE
              "t56"."month" = '2025-03'), 0) AS "enterprise_bill",
            SUM("t56"."net") FILTER(WHERE
              "t56"."month" = '2025-02') AS "enterprise_bill_m1"
          FROM (
            SELECT
              "t32"."subscriber_id",
              "t32"."enterprise_id",
              "t39"."month",
              "t39"."net"
            FROM (
              SELECT
                "t1"."subscriber_id",
                "t1"."enterprise_id"
              FROM "stg_subscribers" AS "t1"
              WHERE
                "t1"."enterprise_id" IS NOT NULL
            ) AS "t32"
            INNER JOIN (
              SELECT
                "t3"."subscriber_id",
                "t3"."month",
                "t3"."amount" - "t3"."discount" AS "net"
              FROM "stg_bills" AS "t3"
              WHERE
                "t3"."month" IN ('2025-03', '2025-02')
            ) AS "t39"
              ON "t32"."subscriber_id" = "t39"."subscriber_id"
          ) AS "t56"
          GROUP BY
            1
        ) AS "t77"
          ON "t88"."enterprise_id" = "t77"."enterprise_id"
      ) AS "t93"
    ) AS "t98"
  ) AS "t105"
    ON "t115"."enterprise_id" = "t105"."enterprise_id"
)
SELECT
  "t121"."subscriber_id",
  "t121"."voice_out_minutes",
  "t121"."voice_in_minutes",
  "t121"."voice_out_calls",
  "t121"."voice_in_calls",
  "t121"."sms_out",
  "t121"."sms_in",
  "t121"."data_mb",
  "t121"."data_sessions",
  "t121"."usage_events",
  "t121"."usage_charge",
  "t121"."roaming_events",
  "t121"."onnet_calls",
  "t121"."offnet_calls",
  "t121"."calls_to_competitor_a",
  "t121"."calls_to_competitor_b",
  "t121"."calls_from_competitor_a",
  "t121"."calls_from_competitor_b",
  "t121"."night_calls",
  "t121"."active_days",
  "t121"."cell_dropped_call_rate",
  "t121"."cell_throughput_mbps",
  "t121"."cell_outage_hours",
  "t121"."outage_exposed_share",
  "t121"."distinct_contacts",
  "t121"."churned_contacts",
  "t121"."churned_contacts_2m",
  "t121"."bill_total",
  "t121"."discount_total",
  "t121"."net_bill",
  "t121"."bill_voice",
  "t121"."bill_data",
  "t121"."bill_sms",
  "t121"."bill_broadband",
  "t121"."bill_iptv",
  "t121"."bill_value_added",
  "t121"."bill_other",
  "t121"."payments_count",
  "t121"."payments_amount",
  "t121"."auto_debit_payment",
  "t121"."arrears_balance",
  "t121"."suspended_arrears_now",
  "t121"."arrears_suspensions_12m",
  "t121"."complaints_1m",
  "t121"."complaints_3m",
  "t121"."complaints_network_3m",
  "t121"."complaints_billing_3m",
  "t121"."complaints_service_3m",
  "t121"."complaints_price_3m",
  "t121"."complaints_broadband_3m",
  "t121"."unresolved_complaints_3m",
  "t121"."hours_to_resolve_3m",
  "t121"."regulator_complaints_12m",
  "t121"."last_survey_score",
  "t121"."tenure_months",
  "t121"."months_to_contract_end",
  "t121"."in_contract",
  "t121"."contract_ends_within_2m",
  "t121"."device_age_months",
  "t121"."plan_monthly_fee",
  "t121"."plan_is_5g",
  "t121"."plan_broadband",
  "t121"."plan_iptv",
  "t121"."plan_data_gb",
  "t121"."plan_voice_minutes",
  "t121"."is_prepaid",
  "t121"."is_enterprise",
  "t121"."age",
  "t121"."has_account_manager",
  "t121"."enterprise_id",
  "t121"."area_portout_rate_3m",
  "t121"."month",
  "t121"."voice_minutes",
  "t121"."onnet_share",
  "t121"."competitor_call_share",
  "t121"."competitor_in_share",
  "t121"."days_since_last_use",
  "t121"."churned_contacts_share",
  "t121"."churned_contacts_share_2m",
  "t121"."discount_share",
  "t121"."days_since_last_payment",
  "t121"."mean_payment",
  "t121"."arrears_days",
  "t121"."data_use_vs_plan",
  "t121"."voice_use_vs_plan",
  "t121"."low_survey_score",
  "t121"."voice_mom",
  "t121"."voice_vs_3m",
  "t121"."voice_slope_3m",
  "t121"."data_mom",
  "t121"."data_vs_3m",
  "t121"."data_slope_3m",
  "t121"."events_mom",
  "t121"."events_vs_3m",
  "t121"."events_slope_3m",
  "t121"."revenue_mom",
  "t121"."revenue_vs_3m",
  "t121"."revenue_slope_3m",
  "t121"."active_days_mom",
  "t121"."usage_drop_flag",
  "t121"."revenue_drop_flag",
  "t121"."bill_shock",
  "t121"."enterprise_lines",
  "t121"."enterprise_bill",
  "t121"."enterprise_bill_mom",
  "t123"."rfm_recency_score",
  "t123"."rfm_frequency_score",
  "t123"."rfm_monetary_score"
FROM (
  SELECT
    "t117"."subscriber_id",
    CAST(ROUND("t117"."voice_out_minutes", 6) AS DOUBLE) AS "voice_out_minutes",
    CAST(ROUND("t117"."voice_in_minutes", 6) AS DOUBLE) AS "voice_in_minutes",
    "t117"."voice_out_calls",
    "t117"."voice_in_calls",
    "t117"."sms_out",
    "t117"."sms_in",
    CAST(ROUND("t117"."data_mb", 6) AS DOUBLE) AS "data_mb",
    "t117"."data_sessions",
    "t117"."usage_events",
    CAST(ROUND("t117"."usage_charge", 6) AS DOUBLE) AS "usage_charge",
    "t117"."roaming_events",
    "t117"."onnet_calls",
    "t117"."offnet_calls",
    "t117"."calls_to_competitor_a",
    "t117"."calls_to_competitor_b",
    "t117"."calls_from_competitor_a",
    "t117"."calls_from_competitor_b",
    "t117"."night_calls",
    "t117"."active_days",
    CAST(ROUND("t117"."cell_dropped_call_rate", 6) AS DOUBLE) AS "cell_dropped_call_rate",
    CAST(ROUND("t117"."cell_throughput_mbps", 6) AS DOUBLE) AS "cell_throughput_mbps",
    CAST(ROUND("t117"."cell_outage_hours", 6) AS DOUBLE) AS "cell_outage_hours",
    CAST(ROUND("t117"."outage_exposed_share", 6) AS DOUBLE) AS "outage_exposed_share",
    "t117"."distinct_contacts",
    "t117"."churned_contacts",
    "t117"."churned_contacts_2m",
    CAST(ROUND("t117"."bill_total", 6) AS DOUBLE) AS "bill_total",
    CAST(ROUND("t117"."discount_total", 6) AS DOUBLE) AS "discount_total",
    CAST(ROUND("t117"."net_bill", 6) AS DOUBLE) AS "net_bill",
    CAST(ROUND("t117"."bill_voice", 6) AS DOUBLE) AS "bill_voice",
    CAST(ROUND("t117"."bill_data", 6) AS DOUBLE) AS "bill_data",
    CAST(ROUND("t117"."bill_sms", 6) AS DOUBLE) AS "bill_sms",
    CAST(ROUND("t117"."bill_broadband", 6) AS DOUBLE) AS "bill_broadband",
    CAST(ROUND("t117"."bill_iptv", 6) AS DOUBLE) AS "bill_iptv",
    CAST(ROUND("t117"."bill_value_added", 6) AS DOUBLE) AS "bill_value_added",
    CAST(ROUND("t117"."bill_other", 6) AS DOUBLE) AS "bill_other",
    "t117"."payments_count",
    CAST(ROUND("t117"."payments_amount", 6) AS DOUBLE) AS "payments_amount",
    "t117"."auto_debit_payment",
    CAST(ROUND("t117"."arrears_balance", 6) AS DOUBLE) AS "arrears_balance",
    "t117"."suspended_arrears_now",
    "t117"."arrears_suspensions_12m",
    "t117"."complaints_1m",
    "t117"."complaints_3m",
    "t117"."complaints_network_3m",
    "t117"."complaints_billing_3m",
    "t117"."complaints_service_3m",
    "t117"."complaints_price_3m",
    "t117"."complaints_broadband_3m",
    "t117"."unresolved_complaints_3m",
    CAST(ROUND("t117"."hours_to_resolve_3m", 6) AS DOUBLE) AS "hours_to_resolve_3m",
    "t117"."regulator_complaints_12m",
    "t117"."last_survey_score",
    CAST(ROUND("t117"."tenure_months", 6) AS DOUBLE) AS "tenure_months",
    CAST(ROUND("t117"."months_to_contract_end", 6) AS DOUBLE) AS "months_to_contract_end",
    "t117"."in_contract",
    "t117"."contract_ends_within_2m",
    CAST(ROUND("t117"."device_age_months", 6) AS DOUBLE) AS "device_age_months",
    CAST(ROUND("t117"."plan_monthly_fee", 6) AS DOUBLE) AS "plan_monthly_fee",
    "t117"."plan_is_5g",
    "t117"."plan_broadband",
    "t117"."plan_iptv",
    CAST(ROUND("t117"."plan_data_gb", 6) AS DOUBLE) AS "plan_data_gb",
    CAST(ROUND("t117"."plan_voice_minutes", 6) AS DOUBLE) AS "plan_voice_minutes",
    "t117"."is_prepaid",
    "t117"."is_enterprise",
    CAST(ROUND("t117"."age", 6) AS DOUBLE) AS "age",
    "t117"."has_account_manager",
    "t117"."enterprise_id",
    CAST(ROUND("t117"."area_portout_rate_3m", 6) AS DOUBLE) AS "area_portout_rate_3m",
    "t117"."month",
    CAST(ROUND("t117"."voice_minutes", 6) AS DOUBLE) AS "voice_minutes",
    CAST(ROUND("t117"."onnet_share", 6) AS DOUBLE) AS "onnet_share",
    CAST(ROUND("t117"."competitor_call_share", 6) AS DOUBLE) AS "competitor_call_share",
    CAST(ROUND("t117"."competitor_in_share", 6) AS DOUBLE) AS "competitor_in_share",
    CAST(ROUND("t117"."days_since_last_use", 6) AS DOUBLE) AS "days_since_last_use",
    CAST(ROUND("t117"."churned_contacts_share", 6) AS DOUBLE) AS "churned_contacts_share",
    CAST(ROUND("t117"."churned_contacts_share_2m", 6) AS DOUBLE) AS "churned_contacts_share_2m",
    CAST(ROUND("t117"."discount_share", 6) AS DOUBLE) AS "discount_share",
    CAST(ROUND("t117"."days_since_last_payment", 6) AS DOUBLE) AS "days_since_last_payment",
    CAST(ROUND("t117"."mean_payment", 6) AS DOUBLE) AS "mean_payment",
    CAST(ROUND("t117"."arrears_days", 6) AS DOUBLE) AS "arrears_days",
    CAST(ROUND("t117"."data_use_vs_plan", 6) AS DOUBLE) AS "data_use_vs_plan",
    CAST(ROUND("t117"."voice_use_vs_plan", 6) AS DOUBLE) AS "voice_use_vs_plan",
    "t117"."low_survey_score",
    CAST(ROUND("t117"."voice_mom", 6) AS DOUBLE) AS "voice_mom",
    CAST(ROUND("t117"."voice_vs_3m", 6) AS DOUBLE) AS "voice_vs_3m",
    CAST(ROUND("t117"."voice_slope_3m", 6) AS DOUBLE) AS "voice_slope_3m",
    CAST(ROUND("t117"."data_mom", 6) AS DOUBLE) AS "data_mom",
    CAST(ROUND("t117"."data_vs_3m", 6) AS DOUBLE) AS "data_vs_3m",
    CAST(ROUND("t117"."data_slope_3m", 6) AS DOUBLE) AS "data_slope_3m",
    CAST(ROUND("t117"."events_mom", 6) AS DOUBLE) AS "events_mom",
    CAST(ROUND("t117"."events_vs_3m", 6) AS DOUBLE) AS "events_vs_3m",
    CAST(ROUND("t117"."events_slope_3m", 6) AS DOUBLE) AS "events_slope_3m",
    CAST(ROUND("t117"."revenue_mom", 6) AS DOUBLE) AS "revenue_mom",
    CAST(ROUND("t117"."revenue_vs_3m", 6) AS DOUBLE) AS "revenue_vs_3m",
    CAST(ROUND("t117"."revenue_slope_3m", 6) AS DOUBLE) AS "revenue_slope_3m",
    CAST(ROUND("t117"."active_days_mom", 6) AS DOUBLE) AS "active_days_mom",
    "t117"."usage_drop_flag",
    "t117"."revenue_drop_flag",
    CAST(ROUND("t117"."bill_shock", 6) AS DOUBLE) AS "bill_shock",
    "t117"."enterprise_lines",
    CAST(ROUND("t117"."enterprise_bill", 6) AS DOUBLE) AS "enterprise_bill",
    CAST(ROUND("t117"."enterprise_bill_mom", 6) AS DOUBLE) AS "enterprise_bill_mom"
  FROM "t116" AS "t117"
) AS "t121"
LEFT OUTER JOIN (
  SELECT
    "t119"."subscriber_id",
    GREATEST(
      CAST(CEIL(
        CUME_DIST() OVER (ORDER BY "t119"."r" DESC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) * 5
      ) AS BIGINT),
      1
    ) AS "rfm_recency_score",
    GREATEST(
      CAST(CEIL(
        CUME_DIST() OVER (ORDER BY "t119"."fq" ASC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) * 5
      ) AS BIGINT),
      1
    ) AS "rfm_frequency_score",
    GREATEST(
      CAST(CEIL(
        CUME_DIST() OVER (ORDER BY "t119"."m" ASC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) * 5
      ) AS BIGINT),
      1
    ) AS "rfm_monetary_score"
  FROM (
    SELECT
      "t117"."subscriber_id",
      COALESCE(CAST(ROUND("t117"."days_since_last_use", 6) AS DOUBLE), 999.0) AS "r",
      COALESCE("t117"."active_days", 0) AS "fq",
      COALESCE(CAST(ROUND("t117"."net_bill", 6) AS DOUBLE), 0.0) AS "m"
    FROM "t116" AS "t117"
  ) AS "t119"
) AS "t123"
  ON "t121"."subscriber_id" = "t123"."subscriber_id"

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
