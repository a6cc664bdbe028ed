WITH "t15" AS (
  SELECT
    "t1"."subscriber_id",
    "t1"."county"
  FROM "stg_subscribers" AS "t1"
  WHERE
    "t1"."activation_date" < MAKE_DATE(2025, 4, 1) AND "t1"."county" IS NOT NULL
), "t18" AS (
  SELECT
    *
  FROM "stg_status_changes" AS "t2"
  WHERE
    "t2"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
), "t112" AS (
  SELECT
    "t111"."subscriber_id",
    "t111"."voice_out_minutes",
    "t111"."voice_in_minutes",
    "t111"."voice_out_calls",
    "t111"."voice_in_calls",
    "t111"."sms_out",
    "t111"."sms_in",
    "t111"."data_mb",
    "t111"."data_sessions",
    "t111"."usage_events",
    "t111"."usage_charge",
    "t111"."roaming_events",
    "t111"."onnet_calls",
    "t111"."offnet_calls",
    "t111"."calls_to_competitor_a",
    "t111"."calls_to_competitor_b",
    "t111"."calls_from_competitor_a",
    "t111"."calls_from_competitor_b",
    "t111"."night_calls",
    "t111"."active_days",
    "t111"."cell_dropped_call_rate",
    "t111"."cell_throughput_mbps",
    "t111"."cell_outage_hours",
    "t111"."outage_exposed_share",
    "t111"."distinct_contacts",
    "t111"."churned_contacts",
    "t111"."churned_contacts_2m",
    "t111"."bill_total",
    "t111"."discount_total",
    "t111"."net_bill",
    "t111"."bill_voice",
    "t111"."bill_data",
    "t111"."bill_sms",
    "t111"."bill_broadband",
    "t111"."bill_iptv",
    "t111"."bill_value_added",
    "t111"."bill_other",
    "t111"."payments_count",
    "t111"."payments_amount",
    "t111"."auto_debit_payment",
    "t111"."arrears_balance",
    "t111"."suspended_arrears_now",
    "t111"."arrears_suspensions_12m",
    "t111"."complaints_1m",
    "t111"."complaints_3m",
    "t111"."complaints_network_3m",
    "t111"."complaints_billing_3m",
    "t111"."complaints_service_3m",
    "t111"."complaints_price_3m",
    "t111"."complaints_broadband_3m",
    "t111"."unresolved_complaints_3m",
    "t111"."hours_to_resolve_3m",
    "t111"."regulator_complaints_12m",
    "t111"."last_survey_score",
    "t111"."tenure_months",
    "t111"."months_to_contract_end",
    "t111"."in_contract",
    "t111"."contract_ends_within_2m",
    "t111"."device_age_months",
    "t111"."plan_monthly_fee",
    "t111"."plan_is_5g",
    "t111"."plan_broadband",
    "t111"."plan_iptv",
    "t111"."plan_data_gb",
    "t111"."plan_voice_minutes",
    "t111"."is_prepaid",
    "t111"."is_enterprise",
    "t111"."age",
    "t111"."has_account_manager",
    "t111"."enterprise_id",
    "t111"."area_portout_rate_3m",
    "t111"."month",
    "t111"."voice_minutes",
    "t111"."onnet_share",
    "t111"."competitor_call_share",
    "t111"."competitor_in_share",
    "t111"."days_since_last_use",
    "t111"."churned_contacts_share",
    "t111"."churned_contacts_share_2m",
    "t111"."discount_share",
    "t111"."days_since_last_payment",
    "t111"."mean_payment",
    "t111"."arrears_days",
    "t111"."data_use_vs_plan",
    "t111"."voice_use_vs_plan",
    "t111"."low_survey_score",
    "t111"."voice_mom",
    "t111"."voice_vs_3m",
    "t111"."voice_slope_3m",
    "t111"."data_mom",
    "t111"."data_vs_3m",
    "t111"."data_slope_3m",
    "t111"."events_mom",
    "t111"."events_vs_3m",
    "t111"."events_slope_3m",
    "t111"."revenue_mom",
    "t111"."revenue_vs_3m",
    "t111"."revenue_slope_3m",
    "t111"."active_days_mom",
    "t111"."usage_drop_flag",
    "t111"."revenue_drop_flag",
    "t111"."bill_shock",
    "t101"."enterprise_lines",
    "t101"."enterprise_bill",
    "t101"."enterprise_bill_mom"
  FROM (
    SELECT
      "t109"."subscriber_id",
      "t109"."voice_out_minutes",
      "t109"."voice_in_minutes",
      "t109"."voice_out_calls",
      "t109"."voice_in_calls",
      "t109"."sms_out",
      "t109"."sms_in",
      "t109"."data_mb",
      "t109"."data_sessions",
      "t109"."usage_events",
      "t109"."usage_charge",
      "t109"."roaming_events",
      "t109"."onnet_calls",
      "t109"."offnet_calls",
      "t109"."calls_to_competitor_a",
      "t109"."calls_to_competitor_b",
      "t109"."calls_from_competitor_a",
      "t109"."calls_from_competitor_b",
      "t109"."night_calls",
      "t109"."active_days",
      "t109"."cell_dropped_call_rate",
      "t109"."cell_throughput_mbps",
      "t109"."cell_outage_hours",
      "t109"."outage_exposed_share",
      "t109"."distinct_contacts",
      "t109"."churned_contacts",
      "t109"."churned_contacts_2m",
      "t109"."bill_total",
      "t109"."discount_total",
      "t109"."net_bill",
      "t109"."bill_voice",
      "t109"."bill_data",
      "t109"."bill_sms",
      "t109"."bill_broadband",
      "t109"."bill_iptv",
      "t109"."bill_value_added",
      "t109"."bill_other",
      "t109"."payments_count",
      "t109"."payments_amount",
      "t109"."auto_debit_payment",
      "t109"."arrears_balance",
      "t109"."suspended_arrears_now",
      "t109"."arrears_suspensions_12m",
      "t109"."complaints_1m",
      "t109"."complaints_3m",
      "t109"."complaints_network_3m",
      "t109"."complaints_billing_3m",
      "t109"."complaints_service_3m",
      "t109"."complaints_price_3m",
      "t109"."complaints_broadband_3m",
      "t109"."unresolved_complaints_3m",
      "t109"."hours_to_resolve_3m",
      "t109"."regulator_complaints_12m",
      "t109"."last_survey_score",
      "t109"."tenure_months",
      "t109"."months_to_contract_end",
      "t109"."in_contract",
      "t109"."contract_ends_within_2m",
      "t109"."device_age_months",
      "t109"."plan_monthly_fee",
      "t109"."plan_is_5g",
      "t109"."plan_broadband",
      "t109"."plan_iptv",
      "t109"."plan_data_gb",
      "t109"."plan_voice_minutes",
      "t109"."is_prepaid",
      "t109"."is_enterprise",
      "t109"."age",
      "t109"."has_account_manager",
      "t109"."enterprise_id",
      "t109"."area_portout_rate_3m",
      "t109"."month",
      "t109"."voice_minutes",
      "t109"."onnet_share",
      "t109"."competitor_call_share",
      "t109"."competitor_in_share",
      "t109"."days_since_last_use",
      "t109"."churned_contacts_share",
      "t109"."churned_contacts_share_2m",
      "t109"."discount_share",
      "t109"."days_since_last_payment",
      "t109"."mean_payment",
      "t109"."arrears_days",
      "t109"."data_use_vs_plan",
      "t109"."voice_use_vs_plan",
      "t109"."low_survey_score",
      CASE
        WHEN "t109"."voice_minutes_m1" > 0
        THEN (
          COALESCE("t109"."voice_minutes", 0) - "t109"."voice_minutes_m1"
        ) / "t109"."voice_minutes_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "voice_mom",
      CASE
        WHEN "t109"."voice_minutes_3m_mean" > 0
        THEN COALESCE("t109"."voice_minutes", 0) / "t109"."voice_minutes_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "voice_vs_3m",
      (
        COALESCE("t109"."voice_minutes", 0) - "t109"."voice_minutes_m2"
      ) / 2.0 AS "voice_slope_3m",
      CASE
        WHEN "t109"."data_mb_m1" > 0
        THEN (
          COALESCE("t109"."data_mb", 0) - "t109"."data_mb_m1"
        ) / "t109"."data_mb_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "data_mom",
      CASE
        WHEN "t109"."data_mb_3m_mean" > 0
        THEN COALESCE("t109"."data_mb", 0) / "t109"."data_mb_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "data_vs_3m",
      (
        COALESCE("t109"."data_mb", 0) - "t109"."data_mb_m2"
      ) / 2.0 AS "data_slope_3m",
      CASE
        WHEN "t109"."usage_events_m1" > 0
        THEN CAST(COALESCE("t109"."usage_events", 0) - "t109"."usage_events_m1" AS DOUBLE) / CAST("t109"."usage_events_m1" AS DOUBLE)
        ELSE CAST(NULL AS DOUBLE)
      END AS "events_mom",
      CASE
        WHEN "t109"."usage_events_3m_mean" > 0
        THEN CAST(COALESCE("t109"."usage_events", 0) AS DOUBLE) / "t109"."usage_events_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "events_vs_3m",
      CAST(COALESCE("t109"."usage_events", 0) - "t109"."usage_events_m2" AS DOUBLE) / 2.0 AS "events_slope_3m",
      CASE
        WHEN "t109"."net_bill_m1" > 0
        THEN (
          COALESCE("t109"."net_bill", 0) - "t109"."net_bill_m1"
        ) / "t109"."net_bill_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "revenue_mom",
      CASE
        WHEN "t109"."net_bill_3m_mean" > 0
        THEN COALESCE("t109"."net_bill", 0) / "t109"."net_bill_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "revenue_vs_3m",
      (
        COALESCE("t109"."net_bill", 0) - "t109"."net_bill_m2"
      ) / 2.0 AS "revenue_slope_3m",
      CASE
        WHEN "t109"."active_days_m1" > 0
        THEN CAST(COALESCE("t109"."active_days", 0) - "t109"."active_days_m1" AS DOUBLE) / CAST("t109"."active_days_m1" AS DOUBLE)
        ELSE CAST(NULL AS DOUBLE)
      END AS "active_days_mom",
      CAST(COALESCE(
        CASE
          WHEN "t109"."usage_events_3m_mean" > 0
          THEN CAST(COALESCE("t109"."usage_events", 0) AS DOUBLE) / "t109"."usage_events_3m_mean"
          ELSE CAST(NULL AS DOUBLE)
        END <= 0.5,
        FALSE
      ) AS BIGINT) AS "usage_drop_flag",
      CAST(COALESCE(
        CASE
          WHEN "t109"."net_bill_3m_mean" > 0
          THEN COALESCE("t109"."net_bill", 0) / "t109"."net_bill_3m_mean"
          ELSE CAST(NULL AS DOUBLE)
        END <= 0.5,
        FALSE
      ) AS BIGINT) AS "revenue_drop_flag",
      CASE
        WHEN "t109"."net_bill_3m_mean" > 0
        THEN "t109"."net_bill" / "t109"."net_bill_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "bill_shock"
    FROM (
      SELECT
        "t108"."subscriber_id",
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
        "t108"."active_days",
        "t108"."cell_dropped_call_rate",
        "t108"."cell_throughput_mbps",
        "t108"."cell_outage_hours",
        "t108"."outage_exposed_share",
        "t108"."distinct_contacts",
        "t108"."churned_contacts",
        "t108"."churned_contacts_2m",
        "t108"."bill_total",
        "t108"."discount_total",
        "t108"."net_bill",
        "t108"."bill_voice",
        "t108"."bill_data",
        "t108"."bill_sms",
        "t108"."bill_broadband",
        "t108"."bill_iptv",
        "t108"."bill_value_added",
        "t108"."bill_other",
        "t108"."payments_count",
        "t108"."payments_amount",
        "t108"."auto_debit_payment",
        "t108"."arrears_balance",
        "t108"."suspended_arrears_now",
        "t108"."arrears_suspensions_12m",
        "t108"."complaints_1m",
        "t108"."complaints_3m",
        "t108"."complaints_network_3m",
        "t108"."complaints_billing_3m",
        "t108"."complaints_service_3m",
        "t108"."complaints_price_3m",
        "t108"."complaints_broadband_3m",
        "t108"."unresolved_complaints_3m",
        "t108"."hours_to_resolve_3m",
        "t108"."regulator_complaints_12m",
        "t108"."last_survey_score",
        "t108"."tenure_months",
        "t108"."months_to_contract_end",
        "t108"."in_contract",
        "t108"."contract_ends_within_2m",
        "t108"."device_age_months",
        "t108"."plan_monthly_fee",
        "t108"."plan_is_5g",
        "t108"."plan_broadband",
        "t108"."plan_iptv",
        "t108"."plan_data_gb",
        "t108"."plan_voice_minutes",
        "t108"."is_prepaid",
        "t108"."is_enterprise",
        "t108"."age",
        "t108"."has_account_manager",
        "t108"."enterprise_id",
        "t108"."area_portout_rate_3m",
        "t108"."month",
        "t108"."voice_minutes",
        "t108"."onnet_share",
        "t108"."competitor_call_share",
        "t108"."competitor_in_share",
        "t108"."days_since_last_use",
        "t108"."churned_contacts_share",
        "t108"."churned_contacts_share_2m",
        "t108"."discount_share",
        "t108"."days_since_last_payment",
        "t108"."mean_payment",
        "t108"."arrears_days",
        "t108"."data_use_vs_plan",
        "t108"."voice_use_vs_plan",
        "t108"."low_survey_score",
        "t46"."voice_minutes_m1",
        "t46"."voice_minutes_m2",
        "t46"."voice_minutes_3m_mean",
        "t46"."data_mb_m1",
        "t46"."data_mb_m2",
        "t46"."data_mb_3m_mean",
        "t46"."usage_events_m1",
        "t46"."usage_events_m2",
        "t46"."usage_events_3m_mean",
        "t46"."active_days_m1",
        "t46"."active_days_m2",
        "t46"."active_days_3m_mean",
        "t46"."net_bill_m1",
        "t46"."net_bill_m2",
        "t46"."net_bill_3m_mean"
      FROM (
        SELECT
          "t106"."subscriber_id",
          "t106"."voice_out_minutes",
          "t106"."voice_in_minutes",
          "t106"."voice_out_calls",
          "t106"."voice_in_calls",
          "t106"."sms_out",
          "t106"."sms_in",
          "t106"."data_mb",
          "t106"."data_sessions",
          "t106"."usage_events",
          "t106"."usage_charge",
          "t106"."roaming_events",
          "t106"."onnet_calls",
          "t106"."offnet_calls",
          "t106"."calls_to_competitor_a",
          "t106"."calls_to_competitor_b",
          "t106"."calls_from_competitor_a",
          "t106"."calls_from_competitor_b",
          "t106"."night_calls",
          "t106"."active_days",
          "t106"."cell_dropped_call_rate",
          "t106"."cell_throughput_mbps",
          "t106"."cell_outage_hours",
          "t106"."outage_exposed_share",
          "t106"."distinct_contacts",
          "t106"."churned_contacts",
          "t106"."churned_contacts_2m",
          "t106"."bill_total",
          "t106"."discount_total",
          "t106"."net_bill",
          "t106"."bill_voice",
          "t106"."bill_data",
          "t106"."bill_sms",
          "t106"."bill_broadband",
          "t106"."bill_iptv",
          "t106"."bill_value_added",
          "t106"."bill_other",
          "t106"."payments_count",
          "t106"."payments_amount",
          "t106"."auto_debit_payment",
          "t106"."arrears_balance",
          "t106"."suspended_arrears_now",
          "t106"."arrears_suspensions_12m",
          "t106"."complaints_1m",
          "t106"."complaints_3m",
          "t106"."complaints_network_3m",
          "t106"."complaints_billing_3m",
          "t106"."complaints_service_3m",
          "t106"."complaints_price_3m",
          "t106"."complaints_broadband_3m",
          "t106"."unresolved_complaints_3m",
          "t106"."hours_to_resolve_3m",
          "t106"."regulator_complaints_12m",
          "t106"."last_survey_score",
          "t106"."tenure_months",
          "t106"."months_to_contract_end",
          "t106"."in_contract",
          "t106"."contract_ends_within_2m",
          "t106"."device_age_months",
          "t106"."plan_monthly_fee",
          "t106"."plan_is_5g",
          "t106"."plan_broadband",
          "t106"."plan_iptv",
          "t106"."plan_data_gb",
          "t106"."plan_voice_minutes",
          "t106"."is_prepaid",
          "t106"."is_enterprise",
          "t106"."age",
          "t106"."has_account_manager",
          "t106"."enterprise_id",
          "t106"."area_portout_rate_3m",
          '2025-03' AS "month",
          "t106"."voice_out_minutes" + "t106"."voice_in_minutes" AS "voice_minutes",
          CASE
            WHEN (
              "t106"."onnet_calls" + "t106"."offnet_calls"
            ) > 0
            THEN CAST("t106"."onnet_calls" AS DOUBLE) / CAST("t106"."onnet_calls" + "t106"."offnet_calls" AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "onnet_share",
          CASE
            WHEN (
              "t106"."voice_out_calls" + "t106"."voice_in_calls"
            ) > 0
            THEN CAST("t106"."offnet_calls" AS DOUBLE) / CAST("t106"."voice_out_calls" + "t106"."voice_in_calls" AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "competitor_call_share",
          CASE
            WHEN "t106"."voice_in_calls" > 0
            THEN CAST("t106"."calls_from_competitor_a" + "t106"."calls_from_competitor_b" AS DOUBLE) / CAST("t106"."voice_in_calls" AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "competitor_in_share",
          CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(CAST("t106"."last_use" AS TIMESTAMP)) AS DOUBLE) / 86400.0 AS "days_since_last_use",
          CASE
            WHEN "t106"."distinct_contacts" > 0
            THEN CAST("t106"."churned_contacts" AS DOUBLE) / CAST("t106"."distinct_contacts" AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "churned_contacts_share",
          CASE
            WHEN "t106"."distinct_contacts" > 0
            THEN CAST("t106"."churned_contacts_2m" AS DOUBLE) / CAST("t106"."distinct_contacts" AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "churned_contacts_share_2m",
          CASE
            WHEN "t106"."bill_total" > 0
            THEN "t106"."discount_total" / "t106"."bill_total"
            ELSE CAST(NULL AS DOUBLE)
          END AS "discount_share",
          CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(CAST("t106"."last_payment" AS TIMESTAMP)) AS DOUBLE) / 86400.0 AS "days_since_last_payment",
          CASE
            WHEN "t106"."payments_count" > 0
            THEN "t106"."payments_amount" / CAST("t106"."payments_count" AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "mean_payment",
          CASE
            WHEN "t106"."suspended_arrears_now" = 1
            THEN "t106"."days_in_status"
            ELSE 0.0
          END AS "arrears_days",
          CASE
            WHEN "t106"."plan_data_gb" > 0
            THEN (
              "t106"."data_mb" / 1024.0
            ) / "t106"."plan_data_gb"
            ELSE CAST(NULL AS DOUBLE)
          END AS "data_use_vs_plan",
          CASE
            WHEN "t106"."plan_voice_minutes" > 0
            THEN "t106"."voice_out_minutes" / "t106"."plan_voice_minutes"
            ELSE CAST(NULL AS DOUBLE)
          END AS "voice_use_vs_plan",
          CAST(COALESCE("t106"."last_survey_score" <= 2, FALSE) AS BIGINT) AS "low_survey_score"
        FROM (
          SELECT
            "t105"."subscriber_id",
            COALESCE(CAST(ROUND("t105"."voice_out_minutes", 6) AS DOUBLE), 0) AS "voice_out_minutes",
            COALESCE(CAST(ROUND("t105"."voice_in_minutes", 6) AS DOUBLE), 0) AS "voice_in_minutes",
            COALESCE("t105"."voice_out_calls", 0) AS "voice_out_calls",
            COALESCE("t105"."voice_in_calls", 0) AS "voice_in_calls",
            COALESCE("t105"."sms_out", 0) AS "sms_out",
            COALESCE("t105"."sms_in", 0) AS "sms_in",
            COALESCE(CAST(ROUND("t105"."data_mb", 6) AS DOUBLE), 0) AS "data_mb",
            COALESCE("t105"."data_sessions", 0) AS "data_sessions",
            COALESCE("t105"."usage_events", 0) AS "usage_events",
            COALESCE(CAST(ROUND("t105"."usage_charge", 6) AS DOUBLE), 0) AS "usage_charge",
            COALESCE("t105"."roaming_events", 0) AS "roaming_events",
            COALESCE("t105"."onnet_calls", 0) AS "onnet_calls",
            COALESCE("t105"."offnet_calls", 0) AS "offnet_calls",
            COALESCE("t105"."calls_to_competitor_a", 0) AS "calls_to_competitor_a",
            COALESCE("t105"."calls_to_competitor_b", 0) AS "calls_to_competitor_b",
            COALESCE("t105"."calls_from_competitor_a", 0) AS "calls_from_competitor_a",
            COALESCE("t105"."calls_from_competitor_b", 0) AS "calls_from_competitor_b",
            COALESCE("t105"."night_calls", 0) AS "night_calls",
            "t105"."last_use",
            COALESCE("t105"."active_days", 0) AS "active_days",
            CAST(ROUND("t105"."cell_dropped_call_rate", 6) AS DOUBLE) AS "cell_dropped_call_rate",
            CAST(ROUND("t105"."cell_throughput_mbps", 6) AS DOUBLE) AS "cell_throughput_mbps",
            CAST(ROUND("t105"."cell_outage_hours", 6) AS DOUBLE) AS "cell_outage_hours",
            CAST(ROUND("t105"."outage_exposed_share", 6) AS DOUBLE) AS "outage_exposed_share",
            COALESCE("t105"."distinct_contacts", 0) AS "distinct_contacts",
            COALESCE("t105"."churned_contacts", 0) AS "churned_contacts",
            COALESCE("t105"."churned_contacts_2m", 0) AS "churned_contacts_2m",
            COALESCE(CAST(ROUND("t105"."bill_total", 6) AS DOUBLE), 0) AS "bill_total",
            COALESCE(CAST(ROUND("t105"."discount_total", 6) AS DOUBLE), 0) AS "discount_total",
            COALESCE(CAST(ROUND("t105"."net_bill", 6) AS DOUBLE), 0) AS "net_bill",
            COALESCE(CAST(ROUND("t105"."bill_voice", 6) AS DOUBLE), 0) AS "bill_voice",
            COALESCE(CAST(ROUND("t105"."bill_data", 6) AS DOUBLE), 0) AS "bill_data",
            COALESCE(CAST(ROUND("t105"."bill_sms", 6) AS DOUBLE), 0) AS "bill_sms",
            COALESCE(CAST(ROUND("t105"."bill_broadband", 6) AS DOUBLE), 0) AS "bill_broadband",
            COALESCE(CAST(ROUND("t105"."bill_iptv", 6) AS DOUBLE), 0) AS "bill_iptv",
            COALESCE(CAST(ROUND("t105"."bill_value_added", 6) AS DOUBLE), 0) AS "bill_value_added",
            COALESCE(CAST(ROUND("t105"."bill_other", 6) AS DOUBLE), 0) AS "bill_other",
            COALESCE("t105"."payments_count", 0) AS "payments_count",
            COALESCE(CAST(ROUND("t105"."payments_amount", 6) AS DOUBLE), 0) AS "payments_amount",
            COALESCE("t105"."auto_debit_payment", 0) AS "auto_debit_payment",
            COALESCE(CAST(ROUND("t105"."arrears_balance", 6) AS DOUBLE), 0) AS "arrears_balance",
            "t105"."last_payment",
            COALESCE("t105"."suspended_arrears_now", 0) AS "suspended_arrears_now",
            CAST(ROUND("t105"."days_in_status", 6) AS DOUBLE) AS "days_in_status",
            COALESCE("t105"."arrears_suspensions_12m", 0) AS "arrears_suspensions_12m",
            COALESCE("t105"."complaints_1m", 0) AS "complaints_1m",
            COALESCE("t105"."complaints_3m", 0) AS "complaints_3m",
            COALESCE("t105"."complaints_network_3m", 0) AS "complaints_network_3m",
            COALESCE("t105"."complaints_billing_3m", 0) AS "complaints_billing_3m",
            COALESCE("t105"."complaints_service_3m", 0) AS "complaints_service_3m",
            COALESCE("t105"."complaints_price_3m", 0) AS "complaints_price_3m",
            COALESCE("t105"."complaints_broadband_3m", 0) AS "complaints_broadband_3m",
            COALESCE("t105"."unresolved_complaints_3m", 0) AS "unresolved_complaints_3m",
            CAST(ROUND("t105"."hours_to_resolve_3m", 6) AS DOUBLE) AS "hours_to_resolve_3m",
            COALESCE("t105"."regulator_complaints_12m", 0) AS "regulator_complaints_12m",
            "t105"."last_survey_score",
            CAST(ROUND("t105"."tenure_months", 6) AS DOUBLE) AS "tenure_months",
            CAST(ROUND("t105"."months_to_contract_end", 6) AS DOUBLE) AS "months_to_contract_end",
            "t105"."in_contract",
            "t105"."contract_ends_within_2m",
            CAST(ROUND("t105"."device_age_months", 6) AS DOUBLE) AS "device_age_months",
            CAST(ROUND("t105"."plan_monthly_fee", 6) AS DOUBLE) AS "plan_monthly_fee",
            "t105"."plan_is_5g",
            "t105"."plan_broadband",
            "t105"."plan_iptv",
            CAST(ROUND("t105"."plan_data_gb", 6) AS DOUBLE) AS "plan_data_gb",
            CAST(ROUND("t105"."plan_voice_minutes", 6) AS DOUBLE) AS "plan_voice_minutes",
            "t105"."is_prepaid",
            "t105"."is_enterprise",
            CAST(ROUND("t105"."age", 6) AS DOUBLE) AS "age",
            "t105"."has_account_manager",
            "t105"."enterprise_id",
            CAST(ROUND("t105"."area_portout_rate_3m", 6) AS DOUBLE) AS "area_portout_rate_3m"
          FROM (
            SELECT
              "t31"."subscriber_id",
              "t104"."voice_out_minutes",
              "t104"."voice_in_minutes",
              "t104"."voice_out_calls",
              "t104"."voice_in_calls",
              "t104"."sms_out",
              "t104"."sms_in",
              "t104"."data_mb",
              "t104"."data_sessions",
              "t104"."usage_events",
              "t104"."usage_charge",
              "t104"."roaming_events",
              "t104"."onnet_calls",
              "t104"."offnet_calls",
              "t104"."calls_to_competitor_a",
              "t104"."calls_to_competitor_b",
              "t104"."calls_from_competitor_a",
              "t104"."calls_from_competitor_b",
              "t104"."night_calls",
              "t104"."last_use",
              "t104"."active_days",
              "t104"."cell_dropped_call_rate",
              "t104"."cell_throughput_mbps",
              "t104"."cell_outage_hours",
              "t104"."outage_exposed_share",
              "t104"."distinct_contacts",
              "t104"."churned_contacts",
              "t104"."churned_contacts_2m",
              "t62"."bill_total",
              "t62"."discount_total",
              "t62"."net_bill",
              "t62"."bill_voice",
              "t62"."bill_data",
              "t62"."bill_sms",
              "t62"."bill_broadband",
              "t62"."bill_iptv",
              "t62"."bill_value_added",
              "t62"."bill_other",
              "t79"."payments_count",
              "t79"."payments_amount",
              "t79"."auto_debit_payment",
              "t79"."arrears_balance",
              "t79"."last_payment",
              "t90"."suspended_arrears_now",
              "t90"."days_in_status",
              "t90"."arrears_suspensions_12m",
              "t63"."complaints_1m",
              "t63"."complaints_3m",
              "t63"."complaints_network_3m",
              "t63"."complaints_billing_3m",
              "t63"."complaints_service_3m",
              "t63"."complaints_price_3m",
              "t63"."complaints_broadband_3m",
              "t63"."unresolved_complaints_3m",
              "t63"."hours_to_resolve_3m",
              "t63"."regulator_complaints_12m",
              "t69"."last_survey_score",
              "t71"."tenure_months",
              "t71"."months_to_contract_end",
              "t71"."in_contract",
              "t71"."contract_ends_within_2m",
              "t71"."device_age_months",
              "t71"."plan_monthly_fee",
              "t71"."plan_is_5g",
              "t71"."plan_broadband",
              "t71"."plan_iptv",
              "t71"."plan_data_gb",
              "t71"."plan_voice_minutes",
              "t71"."is_prepaid",
              "t71"."is_enterprise",
              "t71"."age",
              "t71"."has_account_manager",
              "t71"."enterprise_id",
              "t98"."area_portout_rate_3m"
            FROM (
              SELECT
                *
              FROM "stg_subscribers" AS "t1"
              WHERE
                "t1"."activation_date" < MAKE_DATE(2025, 4, 1)
            ) AS "t31"
            ANTI JOIN (
              SELECT DISTINCT
                "t2"."subscriber_id"
              FROM "stg_status_changes" AS "t2"
              WHERE
                "t2"."to_status" IN ('cancelled', 'ported_out')
                AND "t2"."timestamp" < MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
            ) AS "t34"
              ON "t31"."subscriber_id" = "t34"."subscriber_id"
            LEFT OUTER JOIN (
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
                "t96"."last_use",
                "t96"."active_days",
                "t96"."cell_dropped_call_rate",
                "t96"."cell_throughput_mbps",
                "t96"."cell_outage_hours",
                "t96"."outage_exposed_share",
                "t102"."distinct_contacts",
                "t102"."churned_contacts",
                "t102"."churned_contacts_2m"
              FROM (
                SELECT
                  "t88"."subscriber_id",
                  "t88"."voice_out_minutes",
                  "t88"."voice_in_minutes",
                  CAST("t88"."voice_out_calls" AS BIGINT) AS "voice_out_calls",
                  CAST("t88"."voice_in_calls" AS BIGINT) AS "voice_in_calls",
                  CAST("t88"."sms_out" AS BIGINT) AS "sms_out",
                  CAST("t88"."sms_in" AS BIGINT) AS "sms_in",
                  "t88"."data_mb",
                  CAST("t88"."data_sessions" AS BIGINT) AS "data_sessions",
                  CAST("t88"."usage_events" AS BIGINT) AS "usage_events",
                  "t88"."usage_charge",
                  CAST("t88"."roaming_events" AS BIGINT) AS "roaming_events",
                  CAST("t88"."onnet_calls" AS BIGINT) AS "onnet_calls",
                  CAST("t88"."offnet_calls" AS BIGINT) AS "offnet_calls",
                  CAST("t88"."calls_to_competitor_a" AS BIGINT) AS "calls_to_competitor_a",
                  CAST("t88"."calls_to_competitor_b" AS BIGINT) AS "calls_to_competitor_b",
                  CAST("t88"."calls_from_competitor_a" AS BIGINT) AS "calls_from_competitor_a",
                  CAST("t88"."calls_from_competitor_b" AS BIGINT) AS "calls_from_competitor_b",
                  CAST("t88"."night_calls" AS BIGINT) AS "night_calls",
                  "t88"."last_use",
                  "t88"."active_days",
                  CASE
                    WHEN "t88"."cell_n" > 0
                    THEN "t88"."cell_drop" / "t88"."cell_n"
                    ELSE CAST(NULL AS DOUBLE)
                  END AS "cell_dropped_call_rate",
                  CASE
                    WHEN "t88"."cell_n" > 0
                    THEN "t88"."cell_mbps" / "t88"."cell_n"
                    ELSE CAST(NULL AS DOUBLE)
                  END AS "cell_throughput_mbps",
                  CASE
                    WHEN "t88"."cell_n" > 0
                    THEN "t88"."cell_outage" / "t88"."cell_n"
                    ELSE CAST(NULL AS DOUBLE)
                  END AS "cell_outage_hours",
                  CASE
                    WHEN "t88"."cell_n" > 0
                    THEN "t88"."cell_outage_n" / "t88"."cell_n"
                    ELSE CAST(NULL AS DOUBLE)
                  END AS "outage_exposed_share"
                FROM (
                  SELECT
                    "t77"."subscriber_id",
                    SUM("t77"."minutes") FILTER(WHERE
                      (
                        "t77"."event_type" = 'voice'
                      ) AND (
                        "t77"."direction" = 'out'
                      )) AS "voice_out_minutes",
                    SUM("t77"."minutes") FILTER(WHERE
                      (
                        "t77"."event_type" = 'voice'
                      ) AND (
                        "t77"."direction" = 'in'
                      )) AS "voice_in_minutes",
                    SUM(CAST("t77"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t77"."event_type" = 'voice'
                      ) AND (
                        "t77"."direction" = 'out'
                      )) AS "voice_out_calls",
                    SUM(CAST("t77"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t77"."event_type" = 'voice'
                      ) AND (
                        "t77"."direction" = 'in'
                      )) AS "voice_in_calls",
                    SUM(CAST("t77"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t77"."event_type" = 'sms'
                      ) AND (
                        "t77"."direction" = 'out'
                      )) AS "sms_out",
                    SUM(CAST("t77"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t77"."event_type" = 'sms'
                      ) AND (
                        "t77"."direction" = 'in'
                      )) AS "sms_in",
                    SUM("t77"."mb") FILTER(WHERE
                      "t77"."event_type" = 'data') AS "data_mb",
                    SUM(CAST("t77"."n" AS DOUBLE)) FILTER(WHERE
                      "t77"."event_type" = 'data') AS "data_sessions",
                    SUM(CAST("t77"."n" AS DOUBLE)) AS "usage_events",
                    SUM("t77"."charge") AS "usage_charge",
                    SUM(CAST("t77"."roaming_n" AS DOUBLE)) AS "roaming_events",
                    SUM(CAST("t77"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t77"."event_type" = 'voice'
                      ) AND (
                        "t77"."other_operator" = 'own'
                      )) AS "onnet_calls",
                    SUM(CAST("t77"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t77"."event_type" = 'voice'
                      )
                      AND (
                        (
                          "t77"."other_operator" = 'competitor_a'
                        )
                        OR (
                          "t77"."other_operator" = 'competitor_b'
                        )
                      )) AS "offnet_calls",
                    SUM(CAST("t77"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t77"."event_type" = 'voice'
                      )
                      AND (
                        "t77"."direction" = 'out'
                      )
                      AND (
                        "t77"."other_operator" = 'competitor_a'
                      )) AS "calls_to_competitor_a",
                    SUM(CAST("t77"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t77"."event_type" = 'voice'
                      )
                      AND (
                        "t77"."direction" = 'out'
                      )
                      AND (
                        "t77"."other_operator" = 'competitor_b'
                      )) AS "calls_to_competitor_b",
                    SUM(CAST("t77"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t77"."event_type" = 'voice'
                      )
                      AND (
                        "t77"."direction" = 'in'
                      )
                      AND (
                        "t77"."other_operator" = 'competitor_a'
                      )) AS "calls_from_competitor_a",
                    SUM(CAST("t77"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t77"."event_type" = 'voice'
                      )
                      AND (
                        "t77"."direction" = 'in'
                      )
                      AND (
                        "t77"."other_operator" = 'competitor_b'
                      )) AS "calls_from_competitor_b",
                    SUM(CAST("t77"."night_n" AS DOUBLE)) FILTER(WHERE
                      "t77"."event_type" = 'voice') AS "night_calls",
                    MAX("t77"."last_use") AS "last_use",
                    BIT_COUNT(BIT_OR("t77"."days")) AS "active_days",
                    SUM(CAST("t77"."cell_n" AS DOUBLE)) AS "cell_n",
                    SUM("t77"."cell_drop") AS "cell_drop",
                    SUM("t77"."cell_mbps") AS "cell_mbps",
                    SUM("t77"."cell_outage") AS "cell_outage",
                    SUM(CAST("t77"."cell_outage_n" AS DOUBLE)) AS "cell_outage_n"
                  FROM (
                    SELECT
                      "t56"."subscriber_id",
                      "t56"."event_type",
                      "t56"."direction",
                      "t56"."other_operator",
                      COUNT("t56"."subscriber_id") AS "n",
                      SUM(CAST("t56"."duration_s" AS DOUBLE) / 60.0) AS "minutes",
                      SUM("t56"."data_mb") AS "mb",
                      SUM("t56"."charge") AS "charge",
                      MAX("t56"."timestamp") AS "last_use",
                      COUNT("t56"."subscriber_id") FILTER(WHERE
                        "t56"."roaming") AS "roaming_n",
                      COUNT("t56"."subscriber_id") FILTER(WHERE
                        EXTRACT(hour FROM "t56"."timestamp") < 6) AS "night_n",
                      BIT_OR(1 << (
                        EXTRACT(day FROM "t56"."timestamp") - 1
                      )) AS "days",
                      COUNT("t56"."nq_cell") AS "cell_n",
                      SUM("t56"."nq_drop") AS "cell_drop",
                      SUM("t56"."nq_mbps") AS "cell_mbps",
                      SUM("t56"."nq_outage") AS "cell_outage",
                      COUNT("t56"."nq_cell") FILTER(WHERE
                        "t56"."nq_outage" > 0) AS "cell_outage_n"
                    FROM (
                      SELECT
                        "t38"."subscriber_id",
                        "t38"."timestamp",
                        "t38"."event_type",
                        "t38"."direction",
                        "t38"."other_party",
                        "t38"."other_operator",
                        "t38"."duration_s",
                        "t38"."data_mb",
                        "t38"."cell_id",
                        "t38"."roaming",
                        "t38"."charge",
                        "t39"."nq_cell",
                        "t39"."nq_drop",
                        "t39"."nq_mbps",
                        "t39"."nq_outage"
                      FROM (
                        SELECT
                          *
                        FROM "stg_usage" AS "t8"
                        WHERE
                          "t8"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
                          AND "t8"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                      ) AS "t38"
                      LEFT OUTER JOIN (
                        SELECT
                          "t9"."cell_id" AS "nq_cell",
                          "t9"."dropped_call_rate" AS "nq_drop",
                          "t9"."throughput_mbps" AS "nq_mbps",
                          "t9"."outage_hours" AS "nq_outage"
                        FROM "stg_network_quality" AS "t9"
                        WHERE
                          "t9"."month" = '2025-03'
                      ) AS "t39"
                        ON "t38"."cell_id" = "t39"."nq_cell"
                    ) AS "t56"
                    GROUP BY
                      1,
                      2,
                      3,
                      4
                  ) AS "t77"
                  GROUP BY
                    1
                ) AS "t88"
              ) AS "t96"
              LEFT OUTER JOIN (
                SELECT
                  "t92"."subscriber_id",
                  COUNT("t92"."subscriber_id") AS "distinct_contacts",
                  CAST(COALESCE(SUM(CAST("t92"."churned" AS DOUBLE)), 0) AS BIGINT) AS "churned_contacts",
                  CAST(COALESCE(SUM(CAST("t92"."churned_2m" AS DOUBLE)), 0) AS BIGINT) AS "churned_contacts_2m"
                FROM (
                  SELECT
                    "t45"."subscriber_id",
                    "t45"."other_party",
                    "t45"."n",
                    "t86"."other_party" AS "other_party_right",
                    "t86"."churned",
                    "t86"."churned_2m"
                  FROM (
                    SELECT
                      "t28"."subscriber_id",
                      "t28"."other_party",
                      COUNT("t28"."subscriber_id") AS "n"
                    FROM (
                      SELECT
                        *
                      FROM "stg_usage" AS "t8"
                      WHERE
                        "t8"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
                        AND "t8"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                        AND "t8"."other_party" IS NOT NULL
                    ) AS "t28"
                    GROUP BY
                      1,
                      2
                  ) AS "t45"
                  LEFT OUTER JOIN (
                    SELECT
                      "t82"."other_party",
                      "t82"."churned",
                      CAST(1 AS BIGINT) AS "churned_2m"
                    FROM (
                      SELECT
                        "t73"."party_id" AS "other_party",
                        MAX("t73"."this_month") AS "churned"
                      FROM (
                        SELECT
                          "t33"."subscriber_id",
                          "t33"."msisdn",
                          "t33"."name",
                          "t33"."id_number",
                          "t33"."gender",
                          "t33"."birth_year",
                          "t33"."city",
                          "t33"."county",
                          "t33"."customer_type",
                          "t33"."enterprise_id",
                          "t33"."plan_id",
                          "t33"."payment_type",
                          "t33"."activation_date",
                          "t33"."contract_end_date",
                          "t33"."device_model",
                          "t33"."device_purchase_date",
                          "t33"."account_manager_id",
                          "t33"."acquisition_channel",
                          "t33"."party_id",
                          "t61"."this_month"
                        FROM (
                          SELECT
                            *
                          FROM "stg_subscribers" AS "t1"
                          WHERE
                            "t1"."party_id" IS NOT NULL
                        ) AS "t33"
                        INNER JOIN (
                          SELECT
                            "t20"."subscriber_id",
                            MAX(CAST("t20"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0) AS BIGINT)) AS "this_month"
                          FROM (
                            SELECT
                              *
                            FROM "stg_status_changes" AS "t2"
                            WHERE
                              "t2"."to_status" IN ('cancelled', 'ported_out')
                              AND "t2"."timestamp" >= MAKE_TIMESTAMP(2025, 2, 1, 0, 0, 0.0)
                              AND "t2"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                          ) AS "t20"
                          GROUP BY
                            1
                        ) AS "t61"
                          ON "t33"."subscriber_id" = "t61"."subscriber_id"
                      ) AS "t73"
                      GROUP BY
                        1
                    ) AS "t82"
                  ) AS "t86"
                    ON "t45"."other_party" = "t86"."other_party"
                ) AS "t92"
                GROUP BY
                  1
              ) AS "t102"
                ON "t96"."subscriber_id" = "t102"."subscriber_id"
            ) AS "t104"
              ON "t31"."subscriber_id" = "t104"."subscriber_id"
            LEFT OUTER JOIN (
              SELECT
                "t21"."subscriber_id",
                SUM("t21"."amount") AS "bill_total",
                SUM("t21"."discount") AS "discount_total",
                SUM("t21"."amount" - "t21"."discount") AS "net_bill",
                COALESCE(SUM("t21"."amount") FILTER(WHERE
                  "t21"."service" = 'voice'), 0) AS "bill_voice",
                COALESCE(SUM("t21"."amount") FILTER(WHERE
                  "t21"."service" = 'data'), 0) AS "bill_data",
                COALESCE(SUM("t21"."amount") FILTER(WHERE
                  "t21"."service" = 'sms'), 0) AS "bill_sms",
                COALESCE(SUM("t21"."amount") FILTER(WHERE
                  "t21"."service" = 'broadband'), 0) AS "bill_broadband",
                COALESCE(SUM("t21"."amount") FILTER(WHERE
                  "t21"."service" = 'iptv'), 0) AS "bill_iptv",
                COALESCE(SUM("t21"."amount") FILTER(WHERE
                  "t21"."service" = 'value_added'), 0) AS "bill_value_added",
                COALESCE(SUM("t21"."amount") FILTER(WHERE
                  "t21"."service" = 'other'), 0) AS "bill_other"
              FROM (
                SELECT
                  *
                FROM "stg_bills" AS "t3"
                WHERE
                  "t3"."month" = '2025-03'
              ) AS "t21"
              GROUP BY
                1
            ) AS "t62"
              ON "t31"."subscriber_id" = "t62"."subscriber_id"
            LEFT OUTER JOIN (
              SELECT
                COALESCE("t51"."subscriber_id", "t64"."subscriber_id") AS "subscriber_id",
                COALESCE("t64"."payments_count", 0) AS "payments_count",
                COALESCE("t64"."payments_amount", 0) AS "payments_amount",
                CAST(COALESCE("t64"."auto_debit_payments", 0) > 0 AS BIGINT) AS "auto_debit_payment",
                COALESCE("t51"."billed_to_date", 0) - COALESCE("t64"."paid_to_date", 0) AS "arrears_balance",
                "t64"."last_payment"
              FROM (
                SELECT
                  "t22"."subscriber_id",
                  SUM("t22"."amount" - "t22"."discount") AS "billed_to_date"
                FROM (
                  SELECT
                    *
                  FROM "stg_bills" AS "t3"
                  WHERE
                    "t3"."month" <= '2025-03'
                ) AS "t22"
                GROUP BY
                  1
              ) AS "t51"
              FULL OUTER JOIN (
                SELECT
                  "t26"."subscriber_id",
                  COUNT("t26"."subscriber_id") FILTER(WHERE
                    "t26"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)) AS "payments_count",
                  COALESCE(
                    SUM("t26"."amount") FILTER(WHERE
                      "t26"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)),
                    0
                  ) AS "payments_amount",
                  COUNT("t26"."subscriber_id") FILTER(WHERE
                    (
                      "t26"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
                    )
                    AND (
                      "t26"."channel" = 'auto_debit'
                    )) AS "auto_debit_payments",
                  SUM("t26"."amount") AS "paid_to_date",
                  MAX("t26"."timestamp") AS "last_payment"
                FROM (
                  SELECT
                    *
                  FROM "stg_payments" AS "t7"
                  WHERE
                    "t7"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                ) AS "t26"
                GROUP BY
                  1
              ) AS "t64"
                ON "t51"."subscriber_id" = "t64"."subscriber_id"
            ) AS "t79"
              ON "t31"."subscriber_id" = "t79"."subscriber_id"
            LEFT OUTER JOIN (
              SELECT
                "t81"."subscriber_id",
                "t81"."suspended_arrears_now",
                "t81"."days_in_status",
                "t65"."arrears_suspensions_12m"
              FROM (
                SELECT
                  "t59"."subscriber_id",
                  CAST("t59"."to_status" = 'suspended_arrears' AS BIGINT) AS "suspended_arrears_now",
                  CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(CAST("t59"."timestamp" AS TIMESTAMP)) AS DOUBLE) / 86400.0 AS "days_in_status"
                FROM (
                  SELECT
                    "t35"."subscriber_id",
                    "t35"."timestamp",
                    "t35"."from_status",
                    "t35"."to_status",
                    "t35"."reason",
                    ROW_NUMBER() OVER (
                      PARTITION BY "t35"."subscriber_id"
                      ORDER BY "t35"."timestamp" DESC, "t35"."to_status" DESC
                      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                    ) - 1 AS "rank"
                  FROM "t18" AS "t35"
                ) AS "t59"
                WHERE
                  "t59"."rank" = 0
              ) AS "t81"
              LEFT OUTER JOIN (
                SELECT
                  "t35"."subscriber_id",
                  COUNT("t35"."subscriber_id") FILTER(WHERE
                    (
                      "t35"."to_status" = 'suspended_arrears'
                    )
                    AND (
                      "t35"."timestamp" >= MAKE_TIMESTAMP(2024, 4, 1, 0, 0, 0.0)
                    )) AS "arrears_suspensions_12m"
                FROM "t18" AS "t35"
                GROUP BY
                  1
              ) AS "t65"
                ON "t81"."subscriber_id" = "t65"."subscriber_id"
            ) AS "t90"
              ON "t31"."subscriber_id" = "t90"."subscriber_id"
            LEFT OUTER JOIN (
              SELECT
                "t24"."subscriber_id",
                COUNT("t24"."subscriber_id") FILTER(WHERE
                  "t24"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)) AS "complaints_1m",
                COUNT("t24"."subscriber_id") FILTER(WHERE
                  "t24"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)) AS "complaints_3m",
                COUNT("t24"."subscriber_id") FILTER(WHERE
                  (
                    "t24"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
                  )
                  AND (
                    "t24"."category" = 'network'
                  )) AS "complaints_network_3m",
                COUNT("t24"."subscriber_id") FILTER(WHERE
                  (
                    "t24"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
                  )
                  AND (
                    "t24"."category" = 'billing'
                  )) AS "complaints_billing_3m",
                COUNT("t24"."subscriber_id") FILTER(WHERE
                  (
                    "t24"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
                  )
                  AND (
                    "t24"."category" = 'service_attitude'
                  )) AS "complaints_service_3m",
                COUNT("t24"."subscriber_id") FILTER(WHERE
                  (
                    "t24"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
                  )
                  AND (
                    "t24"."category" = 'price'
                  )) AS "complaints_price_3m",
                COUNT("t24"."subscriber_id") FILTER(WHERE
                  (
                    "t24"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
                  )
                  AND (
                    "t24"."category" = 'broadband'
                  )) AS "complaints_broadband_3m",
                COUNT("t24"."subscriber_id") FILTER(WHERE
                  (
                    "t24"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
                  )
                  AND NOT (
                    "t24"."resolved"
                  )) AS "unresolved_complaints_3m",
                AVG("t24"."hours_to_resolve") FILTER(WHERE
                  "t24"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)) AS "hours_to_resolve_3m",
                COUNT("t24"."subscriber_id") FILTER(WHERE
                  "t24"."channel" = 'regulator') AS "regulator_complaints_12m"
              FROM (
                SELECT
                  *
                FROM "stg_complaints" AS "t4"
                WHERE
                  "t4"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                  AND "t4"."timestamp" >= MAKE_TIMESTAMP(2024, 3, 1, 0, 0, 0.0)
              ) AS "t24"
              GROUP BY
                1
            ) AS "t63"
              ON "t31"."subscriber_id" = "t63"."subscriber_id"
            LEFT OUTER JOIN (
              SELECT
                "t54"."respondent" AS "subscriber_id",
                "t54"."score" AS "last_survey_score"
              FROM (
                SELECT
                  "t25"."respondent",
                  "t25"."city",
                  "t25"."date",
                  "t25"."dimension",
                  "t25"."score",
                  ROW_NUMBER() OVER (
                    PARTITION BY "t25"."respondent"
                    ORDER BY "t25"."date" DESC, "t25"."score" ASC
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
                ) AS "t25"
              ) AS "t54"
              WHERE
                "t54"."rank" = 0
            ) AS "t69"
              ON "t31"."subscriber_id" = "t69"."subscriber_id"
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
            ) AS "t71"
              ON "t31"."subscriber_id" = "t71"."subscriber_id"
            LEFT OUTER JOIN (
              SELECT
                "t40"."subscriber_id",
                "t93"."area_portout_rate_3m"
              FROM "t15" AS "t40"
              INNER JOIN (
                SELECT
                  "t83"."county",
                  CASE
                    WHEN "t83"."n" > 0
                    THEN CAST(COALESCE("t83"."ported", 0) AS DOUBLE) / CAST("t83"."n" AS DOUBLE)
                    ELSE CAST(NULL AS DOUBLE)
                  END AS "area_portout_rate_3m"
                FROM (
                  SELECT
                    "t47"."county",
                    "t47"."n",
                    "t70"."ported"
                  FROM (
                    SELECT
                      "t32"."county",
                      COUNT("t32"."subscriber_id") AS "n"
                    FROM "t15" AS "t32"
                    GROUP BY
                      1
                  ) AS "t47"
                  LEFT OUTER JOIN (
                    SELECT
                      "t57"."county",
                      COUNT("t57"."subscriber_id") AS "ported"
                    FROM (
                      SELECT
                        "t40"."subscriber_id",
                        "t40"."county"
                      FROM "t15" AS "t40"
                      SEMI JOIN (
                        SELECT DISTINCT
                          "t2"."subscriber_id"
                        FROM "stg_status_changes" AS "t2"
                        WHERE
                          "t2"."to_status" = 'ported_out'
                          AND "t2"."timestamp" >= MAKE_TIMESTAMP(2025, 1, 1, 0, 0, 0.0)
                          AND "t2"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                      ) AS "t36"
                        ON "t40"."subscriber_id" = "t36"."subscriber_id"
                    ) AS "t57"
                    GROUP BY
                      1
                  ) AS "t70"
                    ON "t47"."county" = "t70"."county"
                ) AS "t83"
              ) AS "t93"
                ON "t40"."county" = "t93"."county"
            ) AS "t98"
              ON "t31"."subscriber_id" = "t98"."subscriber_id"
          ) AS "t105"
        ) AS "t106"
      ) AS "t108"
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
      ) AS "t46"
        ON "t108"."subscriber_id" = "t46"."subscriber_id"
    ) AS "t109"
  ) AS "t111"
  LEFT OUTER JOIN (
    SELECT
      "t94"."enterprise_id",
      "t94"."enterprise_lines",
      "t94"."enterprise_bill",
      CASE
        WHEN "t94"."enterprise_bill_m1" > 0
        THEN (
          "t94"."enterprise_bill" - "t94"."enterprise_bill_m1"
        ) / "t94"."enterprise_bill_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "enterprise_bill_mom"
    FROM (
      SELECT
        "t89"."enterprise_id",
        "t89"."enterprise_lines",
        CAST(ROUND("t89"."enterprise_bill", 6) AS DOUBLE) AS "enterprise_bill",
        CAST(ROUND("t89"."enterprise_bill_m1", 6) AS DOUBLE) AS "enterprise_bill_m1"
      FROM (
        SELECT
          "t84"."enterprise_id",
          "t84"."enterprise_lines",
          "t75"."enterprise_bill",
          "t75"."enterprise_bill_m1"
        FROM (
          SELECT
            "t72"."enterprise_id",
            COUNT("t72"."subscriber_id") AS "enterprise_lines"
          FROM (
            SELECT
              "t30"."subscriber_id",
              "t30"."enterprise_id"
            FROM (
              SELECT
                "t1"."subscriber_id",
                "t1"."enterprise_id"
              FROM "stg_subscribers" AS "t1"
              WHERE
                "t1"."enterprise_id" IS NOT NULL
            ) AS "t30"
            SEMI JOIN (
              SELECT
                "t31"."subscriber_id"
              FROM (
                SELECT
                  *
                FROM "stg_subscribers" AS "t1"
                WHERE
                  "t1"."activation_date" < MAKE_DATE(2025, 4, 1)
              ) AS "t31"
              ANTI JOIN (
                SELECT DISTINCT
                  "t2"."subscriber_id"
                FROM "stg_status_changes" AS "t2"
                WHERE
                  "t2"."to_status" IN ('cancelled', 'ported_out')
                  AND "t2"."timestamp" < MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
              ) AS "t34"
                ON "t31"."subscriber_id" = "t34"."subscriber_id"
            ) AS "t58"
              ON "t30"."subscriber_id" = "t58"."subscriber_id"
          ) AS "t72"
          GROUP BY
            1
        ) AS "t84"
        LEFT OUTER JOIN (
          SELECT
            "t52"."enterprise_id",
            COALESCE(SUM("t52"."net") FILTER(WHERE
              "t52"."month" = '2025-03'), 0) AS "enterprise_bill",
            SUM("t52"."net") FILTER(WHERE
              "t52"."month" = '2025-02') AS "enterprise_bill_m1"
          FROM (
            SELECT
              "t30"."subscriber_id",
              "t30"."enterprise_id",
              "t37"."month",
              "t37"."net"
            FROM (
              SELECT
                "t1"."subscriber_id",
                "t1"."enterprise_id"
              FROM "stg_subscribers" AS "t1"
              WHERE
                "t1"."enterprise_id" IS NOT NULL
            ) AS "t30"
            INNER JOIN (
              SELECT
                "t3"."subscriber_id",
                "t3"."month",
                "t3"."amount" - "t3"."discount" AS "net"
              FROM "stg_bills" AS "t3"
              WHERE
                "t3"."month" IN ('2025-03', '2025-02')
            ) AS "t37"
              ON "t30"."subscriber_id" = "t37"."subscriber_id"
          ) AS "t52"
          GROUP BY
            1
        ) AS "t75"
          ON "t84"."enterprise_id" = "t75"."enterprise_id"
      ) AS "t89"
    ) AS "t94"
  ) AS "t101"
    ON "t111"."enterprise_id" = "t101"."enterprise_id"
)
SELECT
  "t117"."subscriber_id",
  "t117"."voice_out_minutes",
  "t117"."voice_in_minutes",
  "t117"."voice_out_calls",
  "t117"."voice_in_calls",
  "t117"."sms_out",
  "t117"."sms_in",
  "t117"."data_mb",
  "t117"."data_sessions",
  "t117"."usage_events",
  "t117"."usage_charge",
  "t117"."roaming_events",
  "t117"."onnet_calls",
  "t117"."offnet_calls",
  "t117"."calls_to_competitor_a",
  "t117"."calls_to_competitor_b",
  "t117"."calls_from_competitor_a",
  "t117"."calls_from_competitor_b",
  "t117"."night_calls",
  "t117"."active_days",
  "t117"."cell_dropped_call_rate",
  "t117"."cell_throughput_mbps",
  "t117"."cell_outage_hours",
  "t117"."outage_exposed_share",
  "t117"."distinct_contacts",
  "t117"."churned_contacts",
  "t117"."churned_contacts_2m",
  "t117"."bill_total",
  "t117"."discount_total",
  "t117"."net_bill",
  "t117"."bill_voice",
  "t117"."bill_data",
  "t117"."bill_sms",
  "t117"."bill_broadband",
  "t117"."bill_iptv",
  "t117"."bill_value_added",
  "t117"."bill_other",
  "t117"."payments_count",
  "t117"."payments_amount",
  "t117"."auto_debit_payment",
  "t117"."arrears_balance",
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
  "t117"."hours_to_resolve_3m",
  "t117"."regulator_complaints_12m",
  "t117"."last_survey_score",
  "t117"."tenure_months",
  "t117"."months_to_contract_end",
  "t117"."in_contract",
  "t117"."contract_ends_within_2m",
  "t117"."device_age_months",
  "t117"."plan_monthly_fee",
  "t117"."plan_is_5g",
  "t117"."plan_broadband",
  "t117"."plan_iptv",
  "t117"."plan_data_gb",
  "t117"."plan_voice_minutes",
  "t117"."is_prepaid",
  "t117"."is_enterprise",
  "t117"."age",
  "t117"."has_account_manager",
  "t117"."enterprise_id",
  "t117"."area_portout_rate_3m",
  "t117"."month",
  "t117"."voice_minutes",
  "t117"."onnet_share",
  "t117"."competitor_call_share",
  "t117"."competitor_in_share",
  "t117"."days_since_last_use",
  "t117"."churned_contacts_share",
  "t117"."churned_contacts_share_2m",
  "t117"."discount_share",
  "t117"."days_since_last_payment",
  "t117"."mean_payment",
  "t117"."arrears_days",
  "t117"."data_use_vs_plan",
  "t117"."voice_use_vs_plan",
  "t117"."low_survey_score",
  "t117"."voice_mom",
  "t117"."voice_vs_3m",
  "t117"."voice_slope_3m",
  "t117"."data_mom",
  "t117"."data_vs_3m",
  "t117"."data_slope_3m",
  "t117"."events_mom",
  "t117"."events_vs_3m",
  "t117"."events_slope_3m",
  "t117"."revenue_mom",
  "t117"."revenue_vs_3m",
  "t117"."revenue_slope_3m",
  "t117"."active_days_mom",
  "t117"."usage_drop_flag",
  "t117"."revenue_drop_flag",
  "t117"."bill_shock",
  "t117"."enterprise_lines",
  "t117"."enterprise_bill",
  "t117"."enterprise_bill_mom",
  "t119"."rfm_recency_score",
  "t119"."rfm_frequency_score",
  "t119"."rfm_monetary_score"
FROM (
  SELECT
    "t113"."subscriber_id",
    CAST(ROUND("t113"."voice_out_minutes", 6) AS DOUBLE) AS "voice_out_minutes",
    CAST(ROUND("t113"."voice_in_minutes", 6) AS DOUBLE) AS "voice_in_minutes",
    "t113"."voice_out_calls",
    "t113"."voice_in_calls",
    "t113"."sms_out",
    "t113"."sms_in",
    CAST(ROUND("t113"."data_mb", 6) AS DOUBLE) AS "data_mb",
    "t113"."data_sessions",
    "t113"."usage_events",
    CAST(ROUND("t113"."usage_charge", 6) AS DOUBLE) AS "usage_charge",
    "t113"."roaming_events",
    "t113"."onnet_calls",
    "t113"."offnet_calls",
    "t113"."calls_to_competitor_a",
    "t113"."calls_to_competitor_b",
    "t113"."calls_from_competitor_a",
    "t113"."calls_from_competitor_b",
    "t113"."night_calls",
    "t113"."active_days",
    CAST(ROUND("t113"."cell_dropped_call_rate", 6) AS DOUBLE) AS "cell_dropped_call_rate",
    CAST(ROUND("t113"."cell_throughput_mbps", 6) AS DOUBLE) AS "cell_throughput_mbps",
    CAST(ROUND("t113"."cell_outage_hours", 6) AS DOUBLE) AS "cell_outage_hours",
    CAST(ROUND("t113"."outage_exposed_share", 6) AS DOUBLE) AS "outage_exposed_share",
    "t113"."distinct_contacts",
    "t113"."churned_contacts",
    "t113"."churned_contacts_2m",
    CAST(ROUND("t113"."bill_total", 6) AS DOUBLE) AS "bill_total",
    CAST(ROUND("t113"."discount_total", 6) AS DOUBLE) AS "discount_total",
    CAST(ROUND("t113"."net_bill", 6) AS DOUBLE) AS "net_bill",
    CAST(ROUND("t113"."bill_voice", 6) AS DOUBLE) AS "bill_voice",
    CAST(ROUND("t113"."bill_data", 6) AS DOUBLE) AS "bill_data",
    CAST(ROUND("t113"."bill_sms", 6) AS DOUBLE) AS "bill_sms",
    CAST(ROUND("t113"."bill_broadband", 6) AS DOUBLE) AS "bill_broadband",
    CAST(ROUND("t113"."bill_iptv", 6) AS DOUBLE) AS "bill_iptv",
    CAST(ROUND("t113"."bill_value_added", 6) AS DOUBLE) AS "bill_value_added",
    CAST(ROUND("t113"."bill_other", 6) AS DOUBLE) AS "bill_other",
    "t113"."payments_count",
    CAST(ROUND("t113"."payments_amount", 6) AS DOUBLE) AS "payments_amount",
    "t113"."auto_debit_payment",
    CAST(ROUND("t113"."arrears_balance", 6) AS DOUBLE) AS "arrears_balance",
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
    CAST(ROUND("t113"."hours_to_resolve_3m", 6) AS DOUBLE) AS "hours_to_resolve_3m",
    "t113"."regulator_complaints_12m",
    "t113"."last_survey_score",
    CAST(ROUND("t113"."tenure_months", 6) AS DOUBLE) AS "tenure_months",
    CAST(ROUND("t113"."months_to_contract_end", 6) AS DOUBLE) AS "months_to_contract_end",
    "t113"."in_contract",
    "t113"."contract_ends_within_2m",
    CAST(ROUND("t113"."device_age_months", 6) AS DOUBLE) AS "device_age_months",
    CAST(ROUND("t113"."plan_monthly_fee", 6) AS DOUBLE) AS "plan_monthly_fee",
    "t113"."plan_is_5g",
    "t113"."plan_broadband",
    "t113"."plan_iptv",
    CAST(ROUND("t113"."plan_data_gb", 6) AS DOUBLE) AS "plan_data_gb",
    CAST(ROUND("t113"."plan_voice_minutes", 6) AS DOUBLE) AS "plan_voice_minutes",
    "t113"."is_prepaid",
    "t113"."is_enterprise",
    CAST(ROUND("t113"."age", 6) AS DOUBLE) AS "age",
    "t113"."has_account_manager",
    "t113"."enterprise_id",
    CAST(ROUND("t113"."area_portout_rate_3m", 6) AS DOUBLE) AS "area_portout_rate_3m",
    "t113"."month",
    CAST(ROUND("t113"."voice_minutes", 6) AS DOUBLE) AS "voice_minutes",
    CAST(ROUND("t113"."onnet_share", 6) AS DOUBLE) AS "onnet_share",
    CAST(ROUND("t113"."competitor_call_share", 6) AS DOUBLE) AS "competitor_call_share",
    CAST(ROUND("t113"."competitor_in_share", 6) AS DOUBLE) AS "competitor_in_share",
    CAST(ROUND("t113"."days_since_last_use", 6) AS DOUBLE) AS "days_since_last_use",
    CAST(ROUND("t113"."churned_contacts_share", 6) AS DOUBLE) AS "churned_contacts_share",
    CAST(ROUND("t113"."churned_contacts_share_2m", 6) AS DOUBLE) AS "churned_contacts_share_2m",
    CAST(ROUND("t113"."discount_share", 6) AS DOUBLE) AS "discount_share",
    CAST(ROUND("t113"."days_since_last_payment", 6) AS DOUBLE) AS "days_since_last_payment",
    CAST(ROUND("t113"."mean_payment", 6) AS DOUBLE) AS "mean_payment",
    CAST(ROUND("t113"."arrears_days", 6) AS DOUBLE) AS "arrears_days",
    CAST(ROUND("t113"."data_use_vs_plan", 6) AS DOUBLE) AS "data_use_vs_plan",
    CAST(ROUND("t113"."voice_use_vs_plan", 6) AS DOUBLE) AS "voice_use_vs_plan",
    "t113"."low_survey_score",
    CAST(ROUND("t113"."voice_mom", 6) AS DOUBLE) AS "voice_mom",
    CAST(ROUND("t113"."voice_vs_3m", 6) AS DOUBLE) AS "voice_vs_3m",
    CAST(ROUND("t113"."voice_slope_3m", 6) AS DOUBLE) AS "voice_slope_3m",
    CAST(ROUND("t113"."data_mom", 6) AS DOUBLE) AS "data_mom",
    CAST(ROUND("t113"."data_vs_3m", 6) AS DOUBLE) AS "data_vs_3m",
    CAST(ROUND("t113"."data_slope_3m", 6) AS DOUBLE) AS "data_slope_3m",
    CAST(ROUND("t113"."events_mom", 6) AS DOUBLE) AS "events_mom",
    CAST(ROUND("t113"."events_vs_3m", 6) AS DOUBLE) AS "events_vs_3m",
    CAST(ROUND("t113"."events_slope_3m", 6) AS DOUBLE) AS "events_slope_3m",
    CAST(ROUND("t113"."revenue_mom", 6) AS DOUBLE) AS "revenue_mom",
    CAST(ROUND("t113"."revenue_vs_3m", 6) AS DOUBLE) AS "revenue_vs_3m",
    CAST(ROUND("t113"."revenue_slope_3m", 6) AS DOUBLE) AS "revenue_slope_3m",
    CAST(ROUND("t113"."active_days_mom", 6) AS DOUBLE) AS "active_days_mom",
    "t113"."usage_drop_flag",
    "t113"."revenue_drop_flag",
    CAST(ROUND("t113"."bill_shock", 6) AS DOUBLE) AS "bill_shock",
    "t113"."enterprise_lines",
    CAST(ROUND("t113"."enterprise_bill", 6) AS DOUBLE) AS "enterprise_bill",
    CAST(ROUND("t113"."enterprise_bill_mom", 6) AS DOUBLE) AS "enterprise_bill_mom"
  FROM "t112" AS "t113"
) AS "t117"
LEFT OUTER JOIN (
  SELECT
    "t115"."subscriber_id",
    GREATEST(
      CAST(CEIL(
        CUME_DIST() OVER (ORDER BY "t115"."r" DESC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) * 5
      ) AS BIGINT),
      1
    ) AS "rfm_recency_score",
    GREATEST(
      CAST(CEIL(
        CUME_DIST() OVER (ORDER BY "t115"."fq" ASC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) * 5
      ) AS BIGINT),
      1
    ) AS "rfm_frequency_score",
    GREATEST(
      CAST(CEIL(
        CUME_DIST() OVER (ORDER BY "t115"."m" ASC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) * 5
      ) AS BIGINT),
      1
    ) AS "rfm_monetary_score"
  FROM (
    SELECT
      "t113"."subscriber_id",
      COALESCE(CAST(ROUND("t113"."days_since_last_use", 6) AS DOUBLE), 999.0) AS "r",
      COALESCE("t113"."active_days", 0) AS "fq",
      COALESCE(CAST(ROUND("t113"."net_bill", 6) AS DOUBLE), 0.0) AS "m"
    FROM "t112" AS "t113"
  ) AS "t115"
) AS "t119"
  ON "t117"."subscriber_id" = "t119"."subscriber_id"

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
