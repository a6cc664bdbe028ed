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
), "t120" AS (
  SELECT
    "t119"."subscriber_id",
    "t119"."voice_out_minutes",
    "t119"."voice_in_minutes",
    "t119"."voice_out_calls",
    "t119"."voice_in_calls",
    "t119"."sms_out",
    "t119"."sms_in",
    "t119"."data_mb",
    "t119"."data_sessions",
    "t119"."usage_events",
    "t119"."usage_charge",
    "t119"."roaming_events",
    "t119"."onnet_calls",
    "t119"."offnet_calls",
    "t119"."calls_to_competitor_a",
    "t119"."calls_to_competitor_b",
    "t119"."calls_from_competitor_a",
    "t119"."calls_from_competitor_b",
    "t119"."night_calls",
    "t119"."active_days",
    "t119"."cell_dropped_call_rate",
    "t119"."cell_throughput_mbps",
    "t119"."cell_outage_hours",
    "t119"."outage_exposed_share",
    "t119"."distinct_contacts",
    "t119"."churned_contacts",
    "t119"."churned_contacts_2m",
    "t119"."bill_total",
    "t119"."discount_total",
    "t119"."net_bill",
    "t119"."bill_voice",
    "t119"."bill_data",
    "t119"."bill_sms",
    "t119"."bill_broadband",
    "t119"."bill_iptv",
    "t119"."bill_value_added",
    "t119"."bill_other",
    "t119"."discount_months_12m",
    "t119"."payments_count",
    "t119"."payments_amount",
    "t119"."auto_debit_payment",
    "t119"."arrears_balance",
    "t119"."suspended_arrears_now",
    "t119"."suspended_request_now",
    "t119"."arrears_suspensions_12m",
    "t119"."complaints_1m",
    "t119"."complaints_3m",
    "t119"."complaints_network_3m",
    "t119"."complaints_billing_3m",
    "t119"."complaints_service_3m",
    "t119"."complaints_price_3m",
    "t119"."complaints_broadband_3m",
    "t119"."unresolved_complaints_3m",
    "t119"."hours_to_resolve_3m",
    "t119"."regulator_complaints_12m",
    "t119"."last_survey_score",
    "t119"."tenure_months",
    "t119"."months_to_contract_end",
    "t119"."months_since_contract_end",
    "t119"."in_contract",
    "t119"."contract_ends_within_2m",
    "t119"."device_age_months",
    "t119"."plan_monthly_fee",
    "t119"."plan_is_5g",
    "t119"."plan_broadband",
    "t119"."plan_iptv",
    "t119"."plan_data_gb",
    "t119"."plan_voice_minutes",
    "t119"."is_prepaid",
    "t119"."is_enterprise",
    "t119"."age",
    "t119"."has_account_manager",
    "t119"."enterprise_id",
    "t119"."area_portout_rate_3m",
    "t119"."month",
    "t119"."voice_minutes",
    "t119"."onnet_share",
    "t119"."competitor_call_share",
    "t119"."competitor_in_share",
    "t119"."days_since_last_use",
    "t119"."churned_contacts_share",
    "t119"."churned_contacts_share_2m",
    "t119"."discount_share",
    "t119"."days_since_last_payment",
    "t119"."mean_payment",
    "t119"."arrears_days",
    "t119"."data_use_vs_plan",
    "t119"."voice_use_vs_plan",
    "t119"."low_survey_score",
    "t119"."population",
    "t119"."silent_now",
    "t119"."inactive_now",
    "t119"."voice_mom",
    "t119"."voice_vs_3m",
    "t119"."voice_slope_3m",
    "t119"."data_mom",
    "t119"."data_vs_3m",
    "t119"."data_slope_3m",
    "t119"."events_mom",
    "t119"."events_vs_3m",
    "t119"."events_slope_3m",
    "t119"."revenue_mom",
    "t119"."revenue_vs_3m",
    "t119"."revenue_slope_3m",
    "t119"."active_days_mom",
    "t119"."usage_drop_flag",
    "t119"."revenue_drop_flag",
    "t119"."bill_shock",
    "t109"."enterprise_lines",
    "t109"."enterprise_bill",
    "t109"."enterprise_bill_mom"
  FROM (
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
      "t117"."discount_months_12m",
      "t117"."payments_count",
      "t117"."payments_amount",
      "t117"."auto_debit_payment",
      "t117"."arrears_balance",
      "t117"."suspended_arrears_now",
      "t117"."suspended_request_now",
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
      "t117"."months_since_contract_end",
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
      "t117"."population",
      "t117"."silent_now",
      "t117"."inactive_now",
      CASE
        WHEN "t117"."voice_minutes_m1" > 0
        THEN (
          COALESCE("t117"."voice_minutes", 0) - "t117"."voice_minutes_m1"
        ) / "t117"."voice_minutes_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "voice_mom",
      CASE
        WHEN "t117"."voice_minutes_3m_mean" > 0
        THEN COALESCE("t117"."voice_minutes", 0) / "t117"."voice_minutes_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "voice_vs_3m",
      (
        COALESCE("t117"."voice_minutes", 0) - "t117"."voice_minutes_m2"
      ) / 2.0 AS "voice_slope_3m",
      CASE
        WHEN "t117"."data_mb_m1" > 0
        THEN (
          COALESCE("t117"."data_mb", 0) - "t117"."data_mb_m1"
        ) / "t117"."data_mb_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "data_mom",
      CASE
        WHEN "t117"."data_mb_3m_mean" > 0
        THEN COALESCE("t117"."data_mb", 0) / "t117"."data_mb_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "data_vs_3m",
      (
        COALESCE("t117"."data_mb", 0) - "t117"."data_mb_m2"
      ) / 2.0 AS "data_slope_3m",
      CASE
        WHEN "t117"."usage_events_m1" > 0
        THEN CAST(COALESCE("t117"."usage_events", 0) - "t117"."usage_events_m1" AS DOUBLE) / CAST("t117"."usage_events_m1" AS DOUBLE)
        ELSE CAST(NULL AS DOUBLE)
      END AS "events_mom",
      CASE
        WHEN "t117"."usage_events_3m_mean" > 0
        THEN CAST(COALESCE("t117"."usage_events", 0) AS DOUBLE) / "t117"."usage_events_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "events_vs_3m",
      CAST(COALESCE("t117"."usage_events", 0) - "t117"."usage_events_m2" AS DOUBLE) / 2.0 AS "events_slope_3m",
      CASE
        WHEN "t117"."net_bill_m1" > 0
        THEN (
          COALESCE("t117"."net_bill", 0) - "t117"."net_bill_m1"
        ) / "t117"."net_bill_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "revenue_mom",
      CASE
        WHEN "t117"."net_bill_3m_mean" > 0
        THEN COALESCE("t117"."net_bill", 0) / "t117"."net_bill_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "revenue_vs_3m",
      (
        COALESCE("t117"."net_bill", 0) - "t117"."net_bill_m2"
      ) / 2.0 AS "revenue_slope_3m",
      CASE
        WHEN "t117"."active_days_m1" > 0
        THEN CAST(COALESCE("t117"."active_days", 0) - "t117"."active_days_m1" AS DOUBLE) / CAST("t117"."active_days_m1" AS DOUBLE)
        ELSE CAST(NULL AS DOUBLE)
      END AS "active_days_mom",
      CAST(COALESCE(
        CASE
          WHEN "t117"."usage_events_3m_mean" > 0
          THEN CAST(COALESCE("t117"."usage_events", 0) AS DOUBLE) / "t117"."usage_events_3m_mean"
          ELSE CAST(NULL AS DOUBLE)
        END <= 0.5,
        FALSE
      ) AS BIGINT) AS "usage_drop_flag",
      CAST(COALESCE(
        CASE
          WHEN "t117"."net_bill_3m_mean" > 0
          THEN COALESCE("t117"."net_bill", 0) / "t117"."net_bill_3m_mean"
          ELSE CAST(NULL AS DOUBLE)
        END <= 0.5,
        FALSE
      ) AS BIGINT) AS "revenue_drop_flag",
      CASE
        WHEN "t117"."net_bill_3m_mean" > 0
        THEN "t117"."net_bill" / "t117"."net_bill_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "bill_shock"
    FROM (
      SELECT
        "t116"."subscriber_id",
        "t116"."voice_out_minutes",
        "t116"."voice_in_minutes",
        "t116"."voice_out_calls",
        "t116"."voice_in_calls",
        "t116"."sms_out",
        "t116"."sms_in",
        "t116"."data_mb",
        "t116"."data_sessions",
        "t116"."usage_events",
        "t116"."usage_charge",
        "t116"."roaming_events",
        "t116"."onnet_calls",
        "t116"."offnet_calls",
        "t116"."calls_to_competitor_a",
        "t116"."calls_to_competitor_b",
        "t116"."calls_from_competitor_a",
        "t116"."calls_from_competitor_b",
        "t116"."night_calls",
        "t116"."active_days",
        "t116"."cell_dropped_call_rate",
        "t116"."cell_throughput_mbps",
        "t116"."cell_outage_hours",
        "t116"."outage_exposed_share",
        "t116"."distinct_contacts",
        "t116"."churned_contacts",
        "t116"."churned_contacts_2m",
        "t116"."bill_total",
        "t116"."discount_total",
        "t116"."net_bill",
        "t116"."bill_voice",
        "t116"."bill_data",
        "t116"."bill_sms",
        "t116"."bill_broadband",
        "t116"."bill_iptv",
        "t116"."bill_value_added",
        "t116"."bill_other",
        "t116"."discount_months_12m",
        "t116"."payments_count",
        "t116"."payments_amount",
        "t116"."auto_debit_payment",
        "t116"."arrears_balance",
        "t116"."suspended_arrears_now",
        "t116"."suspended_request_now",
        "t116"."arrears_suspensions_12m",
        "t116"."complaints_1m",
        "t116"."complaints_3m",
        "t116"."complaints_network_3m",
        "t116"."complaints_billing_3m",
        "t116"."complaints_service_3m",
        "t116"."complaints_price_3m",
        "t116"."complaints_broadband_3m",
        "t116"."unresolved_complaints_3m",
        "t116"."hours_to_resolve_3m",
        "t116"."regulator_complaints_12m",
        "t116"."last_survey_score",
        "t116"."tenure_months",
        "t116"."months_to_contract_end",
        "t116"."months_since_contract_end",
        "t116"."in_contract",
        "t116"."contract_ends_within_2m",
        "t116"."device_age_months",
        "t116"."plan_monthly_fee",
        "t116"."plan_is_5g",
        "t116"."plan_broadband",
        "t116"."plan_iptv",
        "t116"."plan_data_gb",
        "t116"."plan_voice_minutes",
        "t116"."is_prepaid",
        "t116"."is_enterprise",
        "t116"."age",
        "t116"."has_account_manager",
        "t116"."enterprise_id",
        "t116"."area_portout_rate_3m",
        "t116"."month",
        "t116"."voice_minutes",
        "t116"."onnet_share",
        "t116"."competitor_call_share",
        "t116"."competitor_in_share",
        "t116"."days_since_last_use",
        "t116"."churned_contacts_share",
        "t116"."churned_contacts_share_2m",
        "t116"."discount_share",
        "t116"."days_since_last_payment",
        "t116"."mean_payment",
        "t116"."arrears_days",
        "t116"."data_use_vs_plan",
        "t116"."voice_use_vs_plan",
        "t116"."low_survey_score",
        "t116"."population",
        "t116"."silent_now",
        "t116"."inactive_now",
        "t52"."voice_minutes_m1",
        "t52"."voice_minutes_m2",
        "t52"."voice_minutes_3m_mean",
        "t52"."data_mb_m1",
        "t52"."data_mb_m2",
        "t52"."data_mb_3m_mean",
        "t52"."usage_events_m1",
        "t52"."usage_events_m2",
        "t52"."usage_events_3m_mean",
        "t52"."active_days_m1",
        "t52"."active_days_m2",
        "t52"."active_days_3m_mean",
        "t52"."net_bill_m1",
        "t52"."net_bill_m2",
        "t52"."net_bill_3m_mean"
      FROM (
        SELECT
          "t114"."subscriber_id",
          "t114"."voice_out_minutes",
          "t114"."voice_in_minutes",
          "t114"."voice_out_calls",
          "t114"."voice_in_calls",
          "t114"."sms_out",
          "t114"."sms_in",
          "t114"."data_mb",
          "t114"."data_sessions",
          "t114"."usage_events",
          "t114"."usage_charge",
          "t114"."roaming_events",
          "t114"."onnet_calls",
          "t114"."offnet_calls",
          "t114"."calls_to_competitor_a",
          "t114"."calls_to_competitor_b",
          "t114"."calls_from_competitor_a",
          "t114"."calls_from_competitor_b",
          "t114"."night_calls",
          "t114"."active_days",
          "t114"."cell_dropped_call_rate",
          "t114"."cell_throughput_mbps",
          "t114"."cell_outage_hours",
          "t114"."outage_exposed_share",
          "t114"."distinct_contacts",
          "t114"."churned_contacts",
          "t114"."churned_contacts_2m",
          "t114"."bill_total",
          "t114"."discount_total",
          "t114"."net_bill",
          "t114"."bill_voice",
          "t114"."bill_data",
          "t114"."bill_sms",
          "t114"."bill_broadband",
          "t114"."bill_iptv",
          "t114"."bill_value_added",
          "t114"."bill_other",
          "t114"."discount_months_12m",
          "t114"."payments_count",
          "t114"."payments_amount",
          "t114"."auto_debit_payment",
          "t114"."arrears_balance",
          "t114"."suspended_arrears_now",
          "t114"."suspended_request_now",
          "t114"."arrears_suspensions_12m",
          "t114"."complaints_1m",
          "t114"."complaints_3m",
          "t114"."complaints_network_3m",
          "t114"."complaints_billing_3m",
          "t114"."complaints_service_3m",
          "t114"."complaints_price_3m",
          "t114"."complaints_broadband_3m",
          "t114"."unresolved_complaints_3m",
          "t114"."hours_to_resolve_3m",
          "t114"."regulator_complaints_12m",
          "t114"."last_survey_score",
          "t114"."tenure_months",
          "t114"."months_to_contract_end",
          "t114"."months_since_contract_end",
          "t114"."in_contract",
          "t114"."contract_ends_within_2m",
          "t114"."device_age_months",
          "t114"."plan_monthly_fee",
          "t114"."plan_is_5g",
          "t114"."plan_broadband",
          "t114"."plan_iptv",
          "t114"."plan_data_gb",
          "t114"."plan_voice_minutes",
          "t114"."is_prepaid",
          "t114"."is_enterprise",
          "t114"."age",
          "t114"."has_account_manager",
          "t114"."enterprise_id",
          "t114"."area_portout_rate_3m",
          '2025-03' AS "month",
          "t114"."voice_out_minutes" + "t114"."voice_in_minutes" AS "voice_minutes",
          CASE
            WHEN (
              "t114"."onnet_calls" + "t114"."offnet_calls"
            ) > 0
            THEN CAST("t114"."onnet_calls" AS DOUBLE) / CAST("t114"."onnet_calls" + "t114"."offnet_calls" AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "onnet_share",
          CASE
            WHEN (
              "t114"."voice_out_calls" + "t114"."voice_in_calls"
            ) > 0
            THEN CAST("t114"."offnet_calls" AS DOUBLE) / CAST("t114"."voice_out_calls" + "t114"."voice_in_calls" AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "competitor_call_share",
          CASE
            WHEN "t114"."voice_in_calls" > 0
            THEN CAST("t114"."calls_from_competitor_a" + "t114"."calls_from_competitor_b" AS DOUBLE) / CAST("t114"."voice_in_calls" AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "competitor_in_share",
          CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(CAST("t114"."last_use" AS TIMESTAMP)) AS DOUBLE) / 86400.0 AS "days_since_last_use",
          CASE
            WHEN "t114"."distinct_contacts" > 0
            THEN CAST("t114"."churned_contacts" AS DOUBLE) / CAST("t114"."distinct_contacts" AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "churned_contacts_share",
          CASE
            WHEN "t114"."distinct_contacts" > 0
            THEN CAST("t114"."churned_contacts_2m" AS DOUBLE) / CAST("t114"."distinct_contacts" AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "churned_contacts_share_2m",
          CASE
            WHEN "t114"."bill_total" > 0
            THEN "t114"."discount_total" / "t114"."bill_total"
            ELSE CAST(NULL AS DOUBLE)
          END AS "discount_share",
          CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(CAST("t114"."last_payment" AS TIMESTAMP)) AS DOUBLE) / 86400.0 AS "days_since_last_payment",
          CASE
            WHEN "t114"."payments_count" > 0
            THEN "t114"."payments_amount" / CAST("t114"."payments_count" AS DOUBLE)
            ELSE CAST(NULL AS DOUBLE)
          END AS "mean_payment",
          CASE
            WHEN "t114"."suspended_arrears_now" = 1
            THEN "t114"."days_in_status"
            ELSE 0.0
          END AS "arrears_days",
          CASE
            WHEN "t114"."plan_data_gb" > 0
            THEN (
              "t114"."data_mb" / 1024.0
            ) / "t114"."plan_data_gb"
            ELSE CAST(NULL AS DOUBLE)
          END AS "data_use_vs_plan",
          CASE
            WHEN "t114"."plan_voice_minutes" > 0
            THEN "t114"."voice_out_minutes" / "t114"."plan_voice_minutes"
            ELSE CAST(NULL AS DOUBLE)
          END AS "voice_use_vs_plan",
          CAST(COALESCE("t114"."last_survey_score" <= 2, FALSE) AS BIGINT) AS "low_survey_score",
          CASE
            WHEN COALESCE("t114"."status_now", 'active') IN ('cancelled', 'ported_out')
            THEN 'gone'
            WHEN COALESCE("t114"."status_now", 'active') IN ('suspended_arrears', 'suspended_request')
            THEN 'suspended'
            WHEN (
              "t114"."usage_events" <= 0
            ) OR (
              "t114"."net_bill" <= 0
            )
            THEN 'silent'
            ELSE 'active'
          END AS "population",
          CAST((
            (
              "t114"."usage_events" <= 0
            ) OR (
              "t114"."net_bill" <= 0
            )
          )
          AND NOT (
            COALESCE("t114"."status_now", 'active') IN ('suspended_arrears', 'suspended_request')
          ) AS BIGINT) AS "silent_now",
          CAST((
            "t114"."usage_events" <= 0
          )
          OR (
            "t114"."net_bill" <= 0
          )
          OR COALESCE("t114"."status_now", 'active') IN ('suspended_arrears', 'suspended_request') AS BIGINT) AS "inactive_now"
        FROM (
          SELECT
            "t113"."subscriber_id",
            COALESCE(CAST(ROUND("t113"."voice_out_minutes", 6) AS DOUBLE), 0) AS "voice_out_minutes",
            COALESCE(CAST(ROUND("t113"."voice_in_minutes", 6) AS DOUBLE), 0) AS "voice_in_minutes",
            COALESCE("t113"."voice_out_calls", 0) AS "voice_out_calls",
            COALESCE("t113"."voice_in_calls", 0) AS "voice_in_calls",
            COALESCE("t113"."sms_out", 0) AS "sms_out",
            COALESCE("t113"."sms_in", 0) AS "sms_in",
            COALESCE(CAST(ROUND("t113"."data_mb", 6) AS DOUBLE), 0) AS "data_mb",
            COALESCE("t113"."data_sessions", 0) AS "data_sessions",
            COALESCE("t113"."usage_events", 0) AS "usage_events",
            COALESCE(CAST(ROUND("t113"."usage_charge", 6) AS DOUBLE), 0) AS "usage_charge",
            COALESCE("t113"."roaming_events", 0) AS "roaming_events",
            COALESCE("t113"."onnet_calls", 0) AS "onnet_calls",
            COALESCE("t113"."offnet_calls", 0) AS "offnet_calls",
            COALESCE("t113"."calls_to_competitor_a", 0) AS "calls_to_competitor_a",
            COALESCE("t113"."calls_to_competitor_b", 0) AS "calls_to_competitor_b",
            COALESCE("t113"."calls_from_competitor_a", 0) AS "calls_from_competitor_a",
            COALESCE("t113"."calls_from_competitor_b", 0) AS "calls_from_competitor_b",
            COALESCE("t113"."night_calls", 0) AS "night_calls",
            "t113"."last_use",
            COALESCE("t113"."active_days", 0) AS "active_days",
            CAST(ROUND("t113"."cell_dropped_call_rate", 6) AS DOUBLE) AS "cell_dropped_call_rate",
            CAST(ROUND("t113"."cell_throughput_mbps", 6) AS DOUBLE) AS "cell_throughput_mbps",
            CAST(ROUND("t113"."cell_outage_hours", 6) AS DOUBLE) AS "cell_outage_hours",
            CAST(ROUND("t113"."outage_exposed_share", 6) AS DOUBLE) AS "outage_exposed_share",
            COALESCE("t113"."distinct_contacts", 0) AS "distinct_contacts",
            COALESCE("t113"."churned_contacts", 0) AS "churned_contacts",
            COALESCE("t113"."churned_contacts_2m", 0) AS "churned_contacts_2m",
            COALESCE(CAST(ROUND("t113"."bill_total", 6) AS DOUBLE), 0) AS "bill_total",
            COALESCE(CAST(ROUND("t113"."discount_total", 6) AS DOUBLE), 0) AS "discount_total",
            COALESCE(CAST(ROUND("t113"."net_bill", 6) AS DOUBLE), 0) AS "net_bill",
            COALESCE(CAST(ROUND("t113"."bill_voice", 6) AS DOUBLE), 0) AS "bill_voice",
            COALESCE(CAST(ROUND("t113"."bill_data", 6) AS DOUBLE), 0) AS "bill_data",
            COALESCE(CAST(ROUND("t113"."bill_sms", 6) AS DOUBLE), 0) AS "bill_sms",
            COALESCE(CAST(ROUND("t113"."bill_broadband", 6) AS DOUBLE), 0) AS "bill_broadband",
            COALESCE(CAST(ROUND("t113"."bill_iptv", 6) AS DOUBLE), 0) AS "bill_iptv",
            COALESCE(CAST(ROUND("t113"."bill_value_added", 6) AS DOUBLE), 0) AS "bill_value_added",
            COALESCE(CAST(ROUND("t113"."bill_other", 6) AS DOUBLE), 0) AS "bill_other",
            COALESCE("t113"."discount_months_12m", 0) AS "discount_months_12m",
            COALESCE("t113"."payments_count", 0) AS "payments_count",
            COALESCE(CAST(ROUND("t113"."payments_amount", 6) AS DOUBLE), 0) AS "payments_amount",
            COALESCE("t113"."auto_debit_payment", 0) AS "auto_debit_payment",
            COALESCE(CAST(ROUND("t113"."arrears_balance", 6) AS DOUBLE), 0) AS "arrears_balance",
            "t113"."last_payment",
            "t113"."status_now",
            COALESCE("t113"."suspended_arrears_now", 0) AS "suspended_arrears_now",
            COALESCE("t113"."suspended_request_now", 0) AS "suspended_request_now",
            CAST(ROUND("t113"."days_in_status", 6) AS DOUBLE) AS "days_in_status",
            COALESCE("t113"."arrears_suspensions_12m", 0) AS "arrears_suspensions_12m",
            COALESCE("t113"."complaints_1m", 0) AS "complaints_1m",
            COALESCE("t113"."complaints_3m", 0) AS "complaints_3m",
            COALESCE("t113"."complaints_network_3m", 0) AS "complaints_network_3m",
            COALESCE("t113"."complaints_billing_3m", 0) AS "complaints_billing_3m",
            COALESCE("t113"."complaints_service_3m", 0) AS "complaints_service_3m",
            COALESCE("t113"."complaints_price_3m", 0) AS "complaints_price_3m",
            COALESCE("t113"."complaints_broadband_3m", 0) AS "complaints_broadband_3m",
            COALESCE("t113"."unresolved_complaints_3m", 0) AS "unresolved_complaints_3m",
            CAST(ROUND("t113"."hours_to_resolve_3m", 6) AS DOUBLE) AS "hours_to_resolve_3m",
            COALESCE("t113"."regulator_complaints_12m", 0) AS "regulator_complaints_12m",
            "t113"."last_survey_score",
            CAST(ROUND("t113"."tenure_months", 6) AS DOUBLE) AS "tenure_months",
            CAST(ROUND("t113"."months_to_contract_end", 6) AS DOUBLE) AS "months_to_contract_end",
            CAST(ROUND("t113"."months_since_contract_end", 6) AS DOUBLE) AS "months_since_contract_end",
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
            CAST(ROUND("t113"."area_portout_rate_3m", 6) AS DOUBLE) AS "area_portout_rate_3m"
          FROM (
            SELECT
              "t34"."subscriber_id",
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
              "t112"."last_use",
              "t112"."active_days",
              "t112"."cell_dropped_call_rate",
              "t112"."cell_throughput_mbps",
              "t112"."cell_outage_hours",
              "t112"."outage_exposed_share",
              "t112"."distinct_contacts",
              "t112"."churned_contacts",
              "t112"."churned_contacts_2m",
              "t68"."bill_total",
              "t68"."discount_total",
              "t68"."net_bill",
              "t68"."bill_voice",
              "t68"."bill_data",
              "t68"."bill_sms",
              "t68"."bill_broadband",
              "t68"."bill_iptv",
              "t68"."bill_value_added",
              "t68"."bill_other",
              "t75"."discount_months_12m",
              "t85"."payments_count",
              "t85"."payments_amount",
              "t85"."auto_debit_payment",
              "t85"."arrears_balance",
              "t85"."last_payment",
              "t98"."status_now",
              "t98"."suspended_arrears_now",
              "t98"."suspended_request_now",
              "t98"."days_in_status",
              "t98"."arrears_suspensions_12m",
              "t69"."complaints_1m",
              "t69"."complaints_3m",
              "t69"."complaints_network_3m",
              "t69"."complaints_billing_3m",
              "t69"."complaints_service_3m",
              "t69"."complaints_price_3m",
              "t69"."complaints_broadband_3m",
              "t69"."unresolved_complaints_3m",
              "t69"."hours_to_resolve_3m",
              "t69"."regulator_complaints_12m",
              "t76"."last_survey_score",
              "t90"."tenure_months",
              "t90"."months_to_contract_end",
              "t90"."months_since_contract_end",
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
              "t106"."area_portout_rate_3m"
            FROM (
              SELECT
                *
              FROM "stg_subscribers" AS "t1"
              WHERE
                "t1"."activation_date" < MAKE_DATE(2025, 4, 1)
            ) AS "t34"
            ANTI JOIN (
              SELECT DISTINCT
                "t2"."subscriber_id"
              FROM "stg_status_changes" AS "t2"
              WHERE
                "t2"."to_status" IN ('cancelled', 'ported_out')
                AND "t2"."timestamp" < MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
            ) AS "t37"
              ON "t34"."subscriber_id" = "t37"."subscriber_id"
            LEFT OUTER JOIN (
              SELECT
                "t104"."subscriber_id",
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
                "t110"."distinct_contacts",
                "t110"."churned_contacts",
                "t110"."churned_contacts_2m"
              FROM (
                SELECT
                  "t96"."subscriber_id",
                  "t96"."voice_out_minutes",
                  "t96"."voice_in_minutes",
                  CAST("t96"."voice_out_calls" AS BIGINT) AS "voice_out_calls",
                  CAST("t96"."voice_in_calls" AS BIGINT) AS "voice_in_calls",
                  CAST("t96"."sms_out" AS BIGINT) AS "sms_out",
                  CAST("t96"."sms_in" AS BIGINT) AS "sms_in",
                  "t96"."data_mb",
                  CAST("t96"."data_sessions" AS BIGINT) AS "data_sessions",
                  CAST("t96"."usage_events" AS BIGINT) AS "usage_events",
                  "t96"."usage_charge",
                  CAST("t96"."roaming_events" AS BIGINT) AS "roaming_events",
                  CAST("t96"."onnet_calls" AS BIGINT) AS "onnet_calls",
                  CAST("t96"."offnet_calls" AS BIGINT) AS "offnet_calls",
                  CAST("t96"."calls_to_competitor_a" AS BIGINT) AS "calls_to_competitor_a",
                  CAST("t96"."calls_to_competitor_b" AS BIGINT) AS "calls_to_competitor_b",
                  CAST("t96"."calls_from_competitor_a" AS BIGINT) AS "calls_from_competitor_a",
                  CAST("t96"."calls_from_competitor_b" AS BIGINT) AS "calls_from_competitor_b",
                  CAST("t96"."night_calls" AS BIGINT) AS "night_calls",
                  "t96"."last_use",
                  "t96"."active_days",
                  CASE
                    WHEN "t96"."cell_n" > 0
                    THEN "t96"."cell_drop" / "t96"."cell_n"
                    ELSE CAST(NULL AS DOUBLE)
                  END AS "cell_dropped_call_rate",
                  CASE
                    WHEN "t96"."cell_n" > 0
                    THEN "t96"."cell_mbps" / "t96"."cell_n"
                    ELSE CAST(NULL AS DOUBLE)
                  END AS "cell_throughput_mbps",
                  CASE
                    WHEN "t96"."cell_n" > 0
                    THEN "t96"."cell_outage" / "t96"."cell_n"
                    ELSE CAST(NULL AS DOUBLE)
                  END AS "cell_outage_hours",
                  CASE
                    WHEN "t96"."cell_n" > 0
                    THEN "t96"."cell_outage_n" / "t96"."cell_n"
                    ELSE CAST(NULL AS DOUBLE)
                  END AS "outage_exposed_share"
                FROM (
                  SELECT
                    "t83"."subscriber_id",
                    SUM("t83"."minutes") FILTER(WHERE
                      (
                        "t83"."event_type" = 'voice'
                      ) AND (
                        "t83"."direction" = 'out'
                      )) AS "voice_out_minutes",
                    SUM("t83"."minutes") FILTER(WHERE
                      (
                        "t83"."event_type" = 'voice'
                      ) AND (
                        "t83"."direction" = 'in'
                      )) AS "voice_in_minutes",
                    SUM(CAST("t83"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t83"."event_type" = 'voice'
                      ) AND (
                        "t83"."direction" = 'out'
                      )) AS "voice_out_calls",
                    SUM(CAST("t83"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t83"."event_type" = 'voice'
                      ) AND (
                        "t83"."direction" = 'in'
                      )) AS "voice_in_calls",
                    SUM(CAST("t83"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t83"."event_type" = 'sms'
                      ) AND (
                        "t83"."direction" = 'out'
                      )) AS "sms_out",
                    SUM(CAST("t83"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t83"."event_type" = 'sms'
                      ) AND (
                        "t83"."direction" = 'in'
                      )) AS "sms_in",
                    SUM("t83"."mb") FILTER(WHERE
                      "t83"."event_type" = 'data') AS "data_mb",
                    SUM(CAST("t83"."n" AS DOUBLE)) FILTER(WHERE
                      "t83"."event_type" = 'data') AS "data_sessions",
                    SUM(CAST("t83"."n" AS DOUBLE)) AS "usage_events",
                    SUM("t83"."charge") AS "usage_charge",
                    SUM(CAST("t83"."roaming_n" AS DOUBLE)) AS "roaming_events",
                    SUM(CAST("t83"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t83"."event_type" = 'voice'
                      ) AND (
                        "t83"."other_operator" = 'own'
                      )) AS "onnet_calls",
                    SUM(CAST("t83"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t83"."event_type" = 'voice'
                      )
                      AND (
                        (
                          "t83"."other_operator" = 'competitor_a'
                        )
                        OR (
                          "t83"."other_operator" = 'competitor_b'
                        )
                      )) AS "offnet_calls",
                    SUM(CAST("t83"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t83"."event_type" = 'voice'
                      )
                      AND (
                        "t83"."direction" = 'out'
                      )
                      AND (
                        "t83"."other_operator" = 'competitor_a'
                      )) AS "calls_to_competitor_a",
                    SUM(CAST("t83"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t83"."event_type" = 'voice'
                      )
                      AND (
                        "t83"."direction" = 'out'
                      )
                      AND (
                        "t83"."other_operator" = 'competitor_b'
                      )) AS "calls_to_competitor_b",
                    SUM(CAST("t83"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t83"."event_type" = 'voice'
                      )
                      AND (
                        "t83"."direction" = 'in'
                      )
                      AND (
                        "t83"."other_operator" = 'competitor_a'
                      )) AS "calls_from_competitor_a",
                    SUM(CAST("t83"."n" AS DOUBLE)) FILTER(WHERE
                      (
                        "t83"."event_type" = 'voice'
                      )
                      AND (
                        "t83"."direction" = 'in'
                      )
                      AND (
                        "t83"."other_operator" = 'competitor_b'
                      )) AS "calls_from_competitor_b",
                    SUM(CAST("t83"."night_n" AS DOUBLE)) FILTER(WHERE
                      "t83"."event_type" = 'voice') AS "night_calls",
                    MAX("t83"."last_use") AS "last_use",
                    BIT_COUNT(BIT_OR("t83"."days")) AS "active_days",
                    SUM(CAST("t83"."cell_n" AS DOUBLE)) AS "cell_n",
                    SUM("t83"."cell_drop") AS "cell_drop",
                    SUM("t83"."cell_mbps") AS "cell_mbps",
                    SUM("t83"."cell_outage") AS "cell_outage",
                    SUM(CAST("t83"."cell_outage_n" AS DOUBLE)) AS "cell_outage_n"
                  FROM (
                    SELECT
                      "t62"."subscriber_id",
                      "t62"."event_type",
                      "t62"."direction",
                      "t62"."other_operator",
                      COUNT("t62"."subscriber_id") AS "n",
                      SUM(CAST("t62"."duration_s" AS DOUBLE) / 60.0) AS "minutes",
                      SUM("t62"."data_mb") AS "mb",
                      SUM("t62"."charge") AS "charge",
                      MAX("t62"."timestamp") AS "last_use",
                      COUNT("t62"."subscriber_id") FILTER(WHERE
                        "t62"."roaming") AS "roaming_n",
                      COUNT("t62"."subscriber_id") FILTER(WHERE
                        EXTRACT(hour FROM "t62"."timestamp") < 6) AS "night_n",
                      BIT_OR(1 << (
                        EXTRACT(day FROM "t62"."timestamp") - 1
                      )) AS "days",
                      COUNT("t62"."nq_cell") AS "cell_n",
                      SUM("t62"."nq_drop") AS "cell_drop",
                      SUM("t62"."nq_mbps") AS "cell_mbps",
                      SUM("t62"."nq_outage") AS "cell_outage",
                      COUNT("t62"."nq_cell") FILTER(WHERE
                        "t62"."nq_outage" > 0) AS "cell_outage_n"
                    FROM (
                      SELECT
                        "t41"."subscriber_id",
                        "t41"."timestamp",
                        "t41"."event_type",
                        "t41"."direction",
                        "t41"."other_party",
                        "t41"."other_operator",
                        "t41"."duration_s",
                        "t41"."data_mb",
                        "t41"."cell_id",
                        "t41"."roaming",
                        "t41"."charge",
                        "t42"."nq_cell",
                        "t42"."nq_drop",
                        "t42"."nq_mbps",
                        "t42"."nq_outage"
                      FROM (
                        SELECT
                          *
                        FROM "stg_usage" AS "t9"
                        WHERE
                          "t9"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
                          AND "t9"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                      ) AS "t41"
                      LEFT OUTER JOIN (
                        SELECT
                          "t10"."cell_id" AS "nq_cell",
                          "t10"."dropped_call_rate" AS "nq_drop",
                          "t10"."throughput_mbps" AS "nq_mbps",
                          "t10"."outage_hours" AS "nq_outage"
                        FROM "stg_network_quality" AS "t10"
                        WHERE
                          "t10"."month" = '2025-03'
                      ) AS "t42"
                        ON "t41"."cell_id" = "t42"."nq_cell"
                    ) AS "t62"
                    GROUP BY
                      1,
                      2,
                      3,
                      4
                  ) AS "t83"
                  GROUP BY
                    1
                ) AS "t96"
              ) AS "t104"
              LEFT OUTER JOIN (
                SELECT
                  "t100"."subscriber_id",
                  COUNT("t100"."subscriber_id") AS "distinct_contacts",
                  CAST(COALESCE(SUM(CAST("t100"."churned" AS DOUBLE)), 0) AS BIGINT) AS "churned_contacts",
                  CAST(COALESCE(SUM(CAST("t100"."churned_2m" AS DOUBLE)), 0) AS BIGINT) AS "churned_contacts_2m"
                FROM (
                  SELECT
                    "t51"."subscriber_id",
                    "t51"."other_party",
                    "t51"."n",
                    "t94"."other_party" AS "other_party_right",
                    "t94"."churned",
                    "t94"."churned_2m"
                  FROM (
                    SELECT
                      "t31"."subscriber_id",
                      "t31"."other_party",
                      COUNT("t31"."subscriber_id") AS "n"
                    FROM (
                      SELECT
                        *
                      FROM "stg_usage" AS "t9"
                      WHERE
                        "t9"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
                        AND "t9"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                        AND "t9"."other_party" IS NOT NULL
                    ) AS "t31"
                    GROUP BY
                      1,
                      2
                  ) AS "t51"
                  LEFT OUTER JOIN (
                    SELECT
                      "t89"."other_party",
                      "t89"."churned",
                      CAST(1 AS BIGINT) AS "churned_2m"
                    FROM (
                      SELECT
                        "t79"."party_id" AS "other_party",
                        MAX("t79"."this_month") AS "churned"
                      FROM (
                        SELECT
                          "t36"."subscriber_id",
                          "t36"."msisdn",
                          "t36"."name",
                          "t36"."id_number",
                          "t36"."gender",
                          "t36"."birth_year",
                          "t36"."city",
                          "t36"."county",
                          "t36"."customer_type",
                          "t36"."enterprise_id",
                          "t36"."plan_id",
                          "t36"."payment_type",
                          "t36"."activation_date",
                          "t36"."contract_end_date",
                          "t36"."device_model",
                          "t36"."device_purchase_date",
                          "t36"."account_manager_id",
                          "t36"."acquisition_channel",
                          "t36"."party_id",
                          "t67"."this_month"
                        FROM (
                          SELECT
                            *
                          FROM "stg_subscribers" AS "t1"
                          WHERE
                            "t1"."party_id" IS NOT NULL
                        ) AS "t36"
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
                        ) AS "t67"
                          ON "t36"."subscriber_id" = "t67"."subscriber_id"
                      ) AS "t79"
                      GROUP BY
                        1
                    ) AS "t89"
                  ) AS "t94"
                    ON "t51"."other_party" = "t94"."other_party"
                ) AS "t100"
                GROUP BY
                  1
              ) AS "t110"
                ON "t104"."subscriber_id" = "t110"."subscriber_id"
            ) AS "t112"
              ON "t34"."subscriber_id" = "t112"."subscriber_id"
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
            ) AS "t68"
              ON "t34"."subscriber_id" = "t68"."subscriber_id"
            LEFT OUTER JOIN (
              SELECT
                "t44"."subscriber_id",
                SUM(CAST("t44"."discount" > 0 AS BIGINT)) AS "discount_months_12m"
              FROM (
                SELECT
                  "t23"."subscriber_id",
                  "t23"."month",
                  SUM("t23"."discount") AS "discount"
                FROM (
                  SELECT
                    *
                  FROM "stg_bills" AS "t3"
                  WHERE
                    "t3"."month" IN (
                      '2025-03',
                      '2025-02',
                      '2025-01',
                      '2024-12',
                      '2024-11',
                      '2024-10',
                      '2024-09',
                      '2024-08',
                      '2024-07',
                      '2024-06',
                      '2024-05',
                      '2024-04'
                    )
                ) AS "t23"
                GROUP BY
                  1,
                  2
              ) AS "t44"
              GROUP BY
                1
            ) AS "t75"
              ON "t34"."subscriber_id" = "t75"."subscriber_id"
            LEFT OUTER JOIN (
              SELECT
                COALESCE("t57"."subscriber_id", "t70"."subscriber_id") AS "subscriber_id",
                COALESCE("t70"."payments_count", 0) AS "payments_count",
                COALESCE("t70"."payments_amount", 0) AS "payments_amount",
                CAST(COALESCE("t70"."auto_debit_payments", 0) > 0 AS BIGINT) AS "auto_debit_payment",
                COALESCE("t57"."billed_to_date", 0) - COALESCE("t70"."paid_to_date", 0) AS "arrears_balance",
                "t70"."last_payment"
              FROM (
                SELECT
                  "t24"."subscriber_id",
                  SUM("t24"."amount" - "t24"."discount") AS "billed_to_date"
                FROM (
                  SELECT
                    *
                  FROM "stg_bills" AS "t3"
                  WHERE
                    "t3"."month" <= '2025-03'
                ) AS "t24"
                GROUP BY
                  1
              ) AS "t57"
              FULL OUTER JOIN (
                SELECT
                  "t28"."subscriber_id",
                  COUNT("t28"."subscriber_id") FILTER(WHERE
                    "t28"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)) AS "payments_count",
                  COALESCE(
                    SUM("t28"."amount") FILTER(WHERE
                      "t28"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)),
                    0
                  ) AS "payments_amount",
                  COUNT("t28"."subscriber_id") FILTER(WHERE
                    (
                      "t28"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
                    )
                    AND (
                      "t28"."channel" = 'auto_debit'
                    )) AS "auto_debit_payments",
                  SUM("t28"."amount") AS "paid_to_date",
                  MAX("t28"."timestamp") AS "last_payment"
                FROM (
                  SELECT
                    *
                  FROM "stg_payments" AS "t7"
                  WHERE
                    "t7"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                ) AS "t28"
                GROUP BY
                  1
              ) AS "t70"
                ON "t57"."subscriber_id" = "t70"."subscriber_id"
            ) AS "t85"
              ON "t34"."subscriber_id" = "t85"."subscriber_id"
            LEFT OUTER JOIN (
              SELECT
                "t88"."subscriber_id",
                "t88"."status_now",
                "t88"."suspended_arrears_now",
                "t88"."suspended_request_now",
                "t88"."days_in_status",
                "t71"."arrears_suspensions_12m"
              FROM (
                SELECT
                  "t65"."subscriber_id",
                  "t65"."to_status" AS "status_now",
                  CAST("t65"."to_status" = 'suspended_arrears' AS BIGINT) AS "suspended_arrears_now",
                  CAST("t65"."to_status" = 'suspended_request' AS BIGINT) AS "suspended_request_now",
                  CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(CAST("t65"."timestamp" AS TIMESTAMP)) AS DOUBLE) / 86400.0 AS "days_in_status"
                FROM (
                  SELECT
                    "t38"."subscriber_id",
                    "t38"."timestamp",
                    "t38"."from_status",
                    "t38"."to_status",
                    "t38"."reason",
                    ROW_NUMBER() OVER (
                      PARTITION BY "t38"."subscriber_id"
                      ORDER BY "t38"."timestamp" DESC, "t38"."to_status" DESC
                      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                    ) - 1 AS "rank"
                  FROM "t19" AS "t38"
                ) AS "t65"
                WHERE
                  "t65"."rank" = 0
              ) AS "t88"
              LEFT OUTER JOIN (
                SELECT
                  "t38"."subscriber_id",
                  COUNT("t38"."subscriber_id") FILTER(WHERE
                    (
                      "t38"."to_status" = 'suspended_arrears'
                    )
                    AND (
                      "t38"."timestamp" >= MAKE_TIMESTAMP(2024, 4, 1, 0, 0, 0.0)
                    )) AS "arrears_suspensions_12m"
                FROM "t19" AS "t38"
                GROUP BY
                  1
              ) AS "t71"
                ON "t88"."subscriber_id" = "t71"."subscriber_id"
            ) AS "t98"
              ON "t34"."subscriber_id" = "t98"."subscriber_id"
            LEFT OUTER JOIN (
              SELECT
                "t26"."subscriber_id",
                COUNT("t26"."subscriber_id") FILTER(WHERE
                  "t26"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)) AS "complaints_1m",
                COUNT("t26"."subscriber_id") FILTER(WHERE
                  "t26"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)) AS "complaints_3m",
                COUNT("t26"."subscriber_id") FILTER(WHERE
                  (
                    "t26"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
                  )
                  AND (
                    "t26"."category" = 'network'
                  )) AS "complaints_network_3m",
                COUNT("t26"."subscriber_id") FILTER(WHERE
                  (
                    "t26"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
                  )
                  AND (
                    "t26"."category" = 'billing'
                  )) AS "complaints_billing_3m",
                COUNT("t26"."subscriber_id") FILTER(WHERE
                  (
                    "t26"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
                  )
                  AND (
                    "t26"."category" = 'service_attitude'
                  )) AS "complaints_service_3m",
                COUNT("t26"."subscriber_id") FILTER(WHERE
                  (
                    "t26"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
                  )
                  AND (
                    "t26"."category" = 'price'
                  )) AS "complaints_price_3m",
                COUNT("t26"."subscriber_id") FILTER(WHERE
                  (
                    "t26"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
                  )
                  AND (
                    "t26"."category" = 'broadband'
                  )) AS "complaints_broadband_3m",
                COUNT("t26"."subscriber_id") FILTER(WHERE
                  (
                    "t26"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
                  )
                  AND NOT (
                    "t26"."resolved"
                  )) AS "unresolved_complaints_3m",
                AVG("t26"."hours_to_resolve") FILTER(WHERE
                  "t26"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)) AS "hours_to_resolve_3m",
                COUNT("t26"."subscriber_id") FILTER(WHERE
                  "t26"."channel" = 'regulator') AS "regulator_complaints_12m"
              FROM (
                SELECT
                  *
                FROM "stg_complaints" AS "t4"
                WHERE
                  "t4"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                  AND "t4"."timestamp" >= MAKE_TIMESTAMP(2024, 3, 1, 0, 0, 0.0)
              ) AS "t26"
              GROUP BY
                1
            ) AS "t69"
              ON "t34"."subscriber_id" = "t69"."subscriber_id"
            LEFT OUTER JOIN (
              SELECT
                "t60"."respondent" AS "subscriber_id",
                "t60"."score" AS "last_survey_score"
              FROM (
                SELECT
                  "t27"."respondent",
                  "t27"."city",
                  "t27"."date",
                  "t27"."dimension",
                  "t27"."score",
                  ROW_NUMBER() OVER (
                    PARTITION BY "t27"."respondent"
                    ORDER BY "t27"."date" DESC, "t27"."score" ASC
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
                ) AS "t27"
              ) AS "t60"
              WHERE
                "t60"."rank" = 0
            ) AS "t76"
              ON "t34"."subscriber_id" = "t76"."subscriber_id"
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
                CASE
                  WHEN (
                    CAST(EPOCH(CAST(CAST("t11"."contract_end_date" AS TIMESTAMP) AS TIMESTAMP)) - EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) AS DOUBLE) / 2629800.0
                  ) < 0
                  THEN -(
                    CAST(EPOCH(CAST(CAST("t11"."contract_end_date" AS TIMESTAMP) AS TIMESTAMP)) - EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) AS DOUBLE) / 2629800.0
                  )
                  ELSE CAST(NULL AS DOUBLE)
                END AS "months_since_contract_end",
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
                    "t50"."since",
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
                  "t29"."subscriber_id",
                  MAX("t29"."since") AS "since"
                FROM (
                  SELECT
                    *
                  FROM "stg_devices" AS "t8"
                  WHERE
                    "t8"."since" < MAKE_DATE(2025, 4, 1)
                ) AS "t29"
                GROUP BY
                  1
              ) AS "t50"
                ON "t11"."subscriber_id" = "t50"."subscriber_id"
            ) AS "t90"
              ON "t34"."subscriber_id" = "t90"."subscriber_id"
            LEFT OUTER JOIN (
              SELECT
                "t43"."subscriber_id",
                "t101"."area_portout_rate_3m"
              FROM "t16" AS "t43"
              INNER JOIN (
                SELECT
                  "t91"."county",
                  CASE
                    WHEN "t91"."n" > 0
                    THEN CAST(COALESCE("t91"."ported", 0) AS DOUBLE) / CAST("t91"."n" AS DOUBLE)
                    ELSE CAST(NULL AS DOUBLE)
                  END AS "area_portout_rate_3m"
                FROM (
                  SELECT
                    "t53"."county",
                    "t53"."n",
                    "t77"."ported"
                  FROM (
                    SELECT
                      "t35"."county",
                      COUNT("t35"."subscriber_id") AS "n"
                    FROM "t16" AS "t35"
                    GROUP BY
                      1
                  ) AS "t53"
                  LEFT OUTER JOIN (
                    SELECT
                      "t63"."county",
                      COUNT("t63"."subscriber_id") AS "ported"
                    FROM (
                      SELECT
                        "t43"."subscriber_id",
                        "t43"."county"
                      FROM "t16" AS "t43"
                      SEMI JOIN (
                        SELECT DISTINCT
                          "t2"."subscriber_id"
                        FROM "stg_status_changes" AS "t2"
                        WHERE
                          "t2"."to_status" = 'ported_out'
                          AND "t2"."timestamp" >= MAKE_TIMESTAMP(2025, 1, 1, 0, 0, 0.0)
                          AND "t2"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                      ) AS "t39"
                        ON "t43"."subscriber_id" = "t39"."subscriber_id"
                    ) AS "t63"
                    GROUP BY
                      1
                  ) AS "t77"
                    ON "t53"."county" = "t77"."county"
                ) AS "t91"
              ) AS "t101"
                ON "t43"."county" = "t101"."county"
            ) AS "t106"
              ON "t34"."subscriber_id" = "t106"."subscriber_id"
          ) AS "t113"
        ) AS "t114"
      ) AS "t116"
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
      ) AS "t52"
        ON "t116"."subscriber_id" = "t52"."subscriber_id"
    ) AS "t117"
  ) AS "t119"
  LEFT OUTER JOIN (
    SELECT
      "t102"."enterprise_id",
      "t102"."enterprise_lines",
      "t102"."enterprise_bill",
      CASE
        WHEN "t102"."enterprise_bill_m1" > 0
        THEN (
          "t102"."enterprise_bill" - "t102"."enterprise_bill_m1"
        ) / "t102"."enterprise_bill_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "enterprise_bill_mom"
    FROM (
      SELECT
        "t97"."enterprise_id",
        "t97"."enterprise_lines",
        CAST(ROUND("t97"."enterprise_bill", 6) AS DOUBLE) AS "enterprise_bill",
        CAST(ROUND("t97"."enterprise_bill_m1", 6) AS DOUBLE) AS "enterprise_bill_m1"
      FROM (
        SELECT
          "t92"."enterprise_id",
          "t92"."enterprise_lines",
          "t81"."enterprise_bill",
          "t81"."enterprise_bill_m1"
        FROM (
          SELECT
            "t78"."enterprise_id",
            COUNT("t78"."subscriber_id") AS "enterprise_lines"
          FROM (
            SELECT
              "t33"."subscriber_id",
              "t33"."enterprise_id"
            FROM (
              SELECT
                "t1"."subscriber_id",
                "t1"."enterprise_id"
              FROM "stg_subscribers" AS "t1"
              WHERE
                "t1"."enterprise_id" IS NOT NULL
            ) AS "t33"
            SEMI JOIN (
              SELECT
                "t34"."subscriber_id"
              FROM (
                SELECT
                  *
                FROM "stg_subscribers" AS "t1"
                WHERE
                  "t1"."activation_date" < MAKE_DATE(2025, 4, 1)
              ) AS "t34"
              ANTI JOIN (
                SELECT DISTINCT
                  "t2"."subscriber_id"
                FROM "stg_status_changes" AS "t2"
                WHERE
                  "t2"."to_status" IN ('cancelled', 'ported_out')
                  AND "t2"."timestamp" < MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
              ) AS "t37"
                ON "t34"."subscriber_id" = "t37"."subscriber_id"
            ) AS "t64"
              ON "t33"."subscriber_id" = "t64"."subscriber_id"
          ) AS "t78"
          GROUP BY
            1
        ) AS "t92"
        LEFT OUTER JOIN (
          SELECT
            "t58"."enterprise_id",
            COALESCE(SUM("t58"."net") FILTER(WHERE
              "t58"."month" = '2025-03'), 0) AS "enterprise_bill",
            SUM("t58"."net") FILTER(WHERE
              "t58"."month" = '2025-02') AS "enterprise_bill_m1"
          FROM (
            SELECT
              "t33"."subscriber_id",
              "t33"."enterprise_id",
              "t40"."month",
              "t40"."net"
            FROM (
              SELECT
                "t1"."subscriber_id",
                "t1"."enterprise_id"
              FROM "stg_subscribers" AS "t1"
              WHERE
                "t1"."enterprise_id" IS NOT NULL
            ) AS "t33"
            INNER JOIN (
              SELECT
                "t3"."subscriber_id",
                "t3"."month",
                "t3"."amount" - "t3"."discount" AS "net"
              FROM "stg_bills" AS "t3"
              WHERE
                "t3"."month" IN ('2025-03', '2025-02')
            ) AS "t40"
              ON "t33"."subscriber_id" = "t40"."subscriber_id"
          ) AS "t58"
          GROUP BY
            1
        ) AS "t81"
          ON "t92"."enterprise_id" = "t81"."enterprise_id"
      ) AS "t97"
    ) AS "t102"
  ) AS "t109"
    ON "t119"."enterprise_id" = "t109"."enterprise_id"
)
SELECT
  "t125"."subscriber_id",
  "t125"."voice_out_minutes",
  "t125"."voice_in_minutes",
  "t125"."voice_out_calls",
  "t125"."voice_in_calls",
  "t125"."sms_out",
  "t125"."sms_in",
  "t125"."data_mb",
  "t125"."data_sessions",
  "t125"."usage_events",
  "t125"."usage_charge",
  "t125"."roaming_events",
  "t125"."onnet_calls",
  "t125"."offnet_calls",
  "t125"."calls_to_competitor_a",
  "t125"."calls_to_competitor_b",
  "t125"."calls_from_competitor_a",
  "t125"."calls_from_competitor_b",
  "t125"."night_calls",
  "t125"."active_days",
  "t125"."cell_dropped_call_rate",
  "t125"."cell_throughput_mbps",
  "t125"."cell_outage_hours",
  "t125"."outage_exposed_share",
  "t125"."distinct_contacts",
  "t125"."churned_contacts",
  "t125"."churned_contacts_2m",
  "t125"."bill_total",
  "t125"."discount_total",
  "t125"."net_bill",
  "t125"."bill_voice",
  "t125"."bill_data",
  "t125"."bill_sms",
  "t125"."bill_broadband",
  "t125"."bill_iptv",
  "t125"."bill_value_added",
  "t125"."bill_other",
  "t125"."discount_months_12m",
  "t125"."payments_count",
  "t125"."payments_amount",
  "t125"."auto_debit_payment",
  "t125"."arrears_balance",
  "t125"."suspended_arrears_now",
  "t125"."suspended_request_now",
  "t125"."arrears_suspensions_12m",
  "t125"."complaints_1m",
  "t125"."complaints_3m",
  "t125"."complaints_network_3m",
  "t125"."complaints_billing_3m",
  "t125"."complaints_service_3m",
  "t125"."complaints_price_3m",
  "t125"."complaints_broadband_3m",
  "t125"."unresolved_complaints_3m",
  "t125"."hours_to_resolve_3m",
  "t125"."regulator_complaints_12m",
  "t125"."last_survey_score",
  "t125"."tenure_months",
  "t125"."months_to_contract_end",
  "t125"."months_since_contract_end",
  "t125"."in_contract",
  "t125"."contract_ends_within_2m",
  "t125"."device_age_months",
  "t125"."plan_monthly_fee",
  "t125"."plan_is_5g",
  "t125"."plan_broadband",
  "t125"."plan_iptv",
  "t125"."plan_data_gb",
  "t125"."plan_voice_minutes",
  "t125"."is_prepaid",
  "t125"."is_enterprise",
  "t125"."age",
  "t125"."has_account_manager",
  "t125"."enterprise_id",
  "t125"."area_portout_rate_3m",
  "t125"."month",
  "t125"."voice_minutes",
  "t125"."onnet_share",
  "t125"."competitor_call_share",
  "t125"."competitor_in_share",
  "t125"."days_since_last_use",
  "t125"."churned_contacts_share",
  "t125"."churned_contacts_share_2m",
  "t125"."discount_share",
  "t125"."days_since_last_payment",
  "t125"."mean_payment",
  "t125"."arrears_days",
  "t125"."data_use_vs_plan",
  "t125"."voice_use_vs_plan",
  "t125"."low_survey_score",
  "t125"."population",
  "t125"."silent_now",
  "t125"."inactive_now",
  "t125"."voice_mom",
  "t125"."voice_vs_3m",
  "t125"."voice_slope_3m",
  "t125"."data_mom",
  "t125"."data_vs_3m",
  "t125"."data_slope_3m",
  "t125"."events_mom",
  "t125"."events_vs_3m",
  "t125"."events_slope_3m",
  "t125"."revenue_mom",
  "t125"."revenue_vs_3m",
  "t125"."revenue_slope_3m",
  "t125"."active_days_mom",
  "t125"."usage_drop_flag",
  "t125"."revenue_drop_flag",
  "t125"."bill_shock",
  "t125"."enterprise_lines",
  "t125"."enterprise_bill",
  "t125"."enterprise_bill_mom",
  "t127"."rfm_recency_score",
  "t127"."rfm_frequency_score",
  "t127"."rfm_monetary_score"
FROM (
  SELECT
    "t121"."subscriber_id",
    CAST(ROUND("t121"."voice_out_minutes", 6) AS DOUBLE) AS "voice_out_minutes",
    CAST(ROUND("t121"."voice_in_minutes", 6) AS DOUBLE) AS "voice_in_minutes",
    "t121"."voice_out_calls",
    "t121"."voice_in_calls",
    "t121"."sms_out",
    "t121"."sms_in",
    CAST(ROUND("t121"."data_mb", 6) AS DOUBLE) AS "data_mb",
    "t121"."data_sessions",
    "t121"."usage_events",
    CAST(ROUND("t121"."usage_charge", 6) AS DOUBLE) AS "usage_charge",
    "t121"."roaming_events",
    "t121"."onnet_calls",
    "t121"."offnet_calls",
    "t121"."calls_to_competitor_a",
    "t121"."calls_to_competitor_b",
    "t121"."calls_from_competitor_a",
    "t121"."calls_from_competitor_b",
    "t121"."night_calls",
    "t121"."active_days",
    CAST(ROUND("t121"."cell_dropped_call_rate", 6) AS DOUBLE) AS "cell_dropped_call_rate",
    CAST(ROUND("t121"."cell_throughput_mbps", 6) AS DOUBLE) AS "cell_throughput_mbps",
    CAST(ROUND("t121"."cell_outage_hours", 6) AS DOUBLE) AS "cell_outage_hours",
    CAST(ROUND("t121"."outage_exposed_share", 6) AS DOUBLE) AS "outage_exposed_share",
    "t121"."distinct_contacts",
    "t121"."churned_contacts",
    "t121"."churned_contacts_2m",
    CAST(ROUND("t121"."bill_total", 6) AS DOUBLE) AS "bill_total",
    CAST(ROUND("t121"."discount_total", 6) AS DOUBLE) AS "discount_total",
    CAST(ROUND("t121"."net_bill", 6) AS DOUBLE) AS "net_bill",
    CAST(ROUND("t121"."bill_voice", 6) AS DOUBLE) AS "bill_voice",
    CAST(ROUND("t121"."bill_data", 6) AS DOUBLE) AS "bill_data",
    CAST(ROUND("t121"."bill_sms", 6) AS DOUBLE) AS "bill_sms",
    CAST(ROUND("t121"."bill_broadband", 6) AS DOUBLE) AS "bill_broadband",
    CAST(ROUND("t121"."bill_iptv", 6) AS DOUBLE) AS "bill_iptv",
    CAST(ROUND("t121"."bill_value_added", 6) AS DOUBLE) AS "bill_value_added",
    CAST(ROUND("t121"."bill_other", 6) AS DOUBLE) AS "bill_other",
    "t121"."discount_months_12m",
    "t121"."payments_count",
    CAST(ROUND("t121"."payments_amount", 6) AS DOUBLE) AS "payments_amount",
    "t121"."auto_debit_payment",
    CAST(ROUND("t121"."arrears_balance", 6) AS DOUBLE) AS "arrears_balance",
    "t121"."suspended_arrears_now",
    "t121"."suspended_request_now",
    "t121"."arrears_suspensions_12m",
    "t121"."complaints_1m",
    "t121"."complaints_3m",
    "t121"."complaints_network_3m",
    "t121"."complaints_billing_3m",
    "t121"."complaints_service_3m",
    "t121"."complaints_price_3m",
    "t121"."complaints_broadband_3m",
    "t121"."unresolved_complaints_3m",
    CAST(ROUND("t121"."hours_to_resolve_3m", 6) AS DOUBLE) AS "hours_to_resolve_3m",
    "t121"."regulator_complaints_12m",
    "t121"."last_survey_score",
    CAST(ROUND("t121"."tenure_months", 6) AS DOUBLE) AS "tenure_months",
    CAST(ROUND("t121"."months_to_contract_end", 6) AS DOUBLE) AS "months_to_contract_end",
    CAST(ROUND("t121"."months_since_contract_end", 6) AS DOUBLE) AS "months_since_contract_end",
    "t121"."in_contract",
    "t121"."contract_ends_within_2m",
    CAST(ROUND("t121"."device_age_months", 6) AS DOUBLE) AS "device_age_months",
    CAST(ROUND("t121"."plan_monthly_fee", 6) AS DOUBLE) AS "plan_monthly_fee",
    "t121"."plan_is_5g",
    "t121"."plan_broadband",
    "t121"."plan_iptv",
    CAST(ROUND("t121"."plan_data_gb", 6) AS DOUBLE) AS "plan_data_gb",
    CAST(ROUND("t121"."plan_voice_minutes", 6) AS DOUBLE) AS "plan_voice_minutes",
    "t121"."is_prepaid",
    "t121"."is_enterprise",
    CAST(ROUND("t121"."age", 6) AS DOUBLE) AS "age",
    "t121"."has_account_manager",
    "t121"."enterprise_id",
    CAST(ROUND("t121"."area_portout_rate_3m", 6) AS DOUBLE) AS "area_portout_rate_3m",
    "t121"."month",
    CAST(ROUND("t121"."voice_minutes", 6) AS DOUBLE) AS "voice_minutes",
    CAST(ROUND("t121"."onnet_share", 6) AS DOUBLE) AS "onnet_share",
    CAST(ROUND("t121"."competitor_call_share", 6) AS DOUBLE) AS "competitor_call_share",
    CAST(ROUND("t121"."competitor_in_share", 6) AS DOUBLE) AS "competitor_in_share",
    CAST(ROUND("t121"."days_since_last_use", 6) AS DOUBLE) AS "days_since_last_use",
    CAST(ROUND("t121"."churned_contacts_share", 6) AS DOUBLE) AS "churned_contacts_share",
    CAST(ROUND("t121"."churned_contacts_share_2m", 6) AS DOUBLE) AS "churned_contacts_share_2m",
    CAST(ROUND("t121"."discount_share", 6) AS DOUBLE) AS "discount_share",
    CAST(ROUND("t121"."days_since_last_payment", 6) AS DOUBLE) AS "days_since_last_payment",
    CAST(ROUND("t121"."mean_payment", 6) AS DOUBLE) AS "mean_payment",
    CAST(ROUND("t121"."arrears_days", 6) AS DOUBLE) AS "arrears_days",
    CAST(ROUND("t121"."data_use_vs_plan", 6) AS DOUBLE) AS "data_use_vs_plan",
    CAST(ROUND("t121"."voice_use_vs_plan", 6) AS DOUBLE) AS "voice_use_vs_plan",
    "t121"."low_survey_score",
    "t121"."population",
    "t121"."silent_now",
    "t121"."inactive_now",
    CAST(ROUND("t121"."voice_mom", 6) AS DOUBLE) AS "voice_mom",
    CAST(ROUND("t121"."voice_vs_3m", 6) AS DOUBLE) AS "voice_vs_3m",
    CAST(ROUND("t121"."voice_slope_3m", 6) AS DOUBLE) AS "voice_slope_3m",
    CAST(ROUND("t121"."data_mom", 6) AS DOUBLE) AS "data_mom",
    CAST(ROUND("t121"."data_vs_3m", 6) AS DOUBLE) AS "data_vs_3m",
    CAST(ROUND("t121"."data_slope_3m", 6) AS DOUBLE) AS "data_slope_3m",
    CAST(ROUND("t121"."events_mom", 6) AS DOUBLE) AS "events_mom",
    CAST(ROUND("t121"."events_vs_3m", 6) AS DOUBLE) AS "events_vs_3m",
    CAST(ROUND("t121"."events_slope_3m", 6) AS DOUBLE) AS "events_slope_3m",
    CAST(ROUND("t121"."revenue_mom", 6) AS DOUBLE) AS "revenue_mom",
    CAST(ROUND("t121"."revenue_vs_3m", 6) AS DOUBLE) AS "revenue_vs_3m",
    CAST(ROUND("t121"."revenue_slope_3m", 6) AS DOUBLE) AS "revenue_slope_3m",
    CAST(ROUND("t121"."active_days_mom", 6) AS DOUBLE) AS "active_days_mom",
    "t121"."usage_drop_flag",
    "t121"."revenue_drop_flag",
    CAST(ROUND("t121"."bill_shock", 6) AS DOUBLE) AS "bill_shock",
    "t121"."enterprise_lines",
    CAST(ROUND("t121"."enterprise_bill", 6) AS DOUBLE) AS "enterprise_bill",
    CAST(ROUND("t121"."enterprise_bill_mom", 6) AS DOUBLE) AS "enterprise_bill_mom"
  FROM "t120" AS "t121"
) AS "t125"
LEFT OUTER JOIN (
  SELECT
    "t123"."subscriber_id",
    GREATEST(
      CAST(CEIL(
        CUME_DIST() OVER (ORDER BY "t123"."r" DESC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) * 5
      ) AS BIGINT),
      1
    ) AS "rfm_recency_score",
    GREATEST(
      CAST(CEIL(
        CUME_DIST() OVER (ORDER BY "t123"."fq" ASC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) * 5
      ) AS BIGINT),
      1
    ) AS "rfm_frequency_score",
    GREATEST(
      CAST(CEIL(
        CUME_DIST() OVER (ORDER BY "t123"."m" ASC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) * 5
      ) AS BIGINT),
      1
    ) AS "rfm_monetary_score"
  FROM (
    SELECT
      "t121"."subscriber_id",
      COALESCE(CAST(ROUND("t121"."days_since_last_use", 6) AS DOUBLE), 999.0) AS "r",
      COALESCE("t121"."active_days", 0) AS "fq",
      COALESCE(CAST(ROUND("t121"."net_bill", 6) AS DOUBLE), 0.0) AS "m"
    FROM "t120" AS "t121"
  ) AS "t123"
) AS "t127"
  ON "t125"."subscriber_id" = "t127"."subscriber_id"

SELECT
  "t16"."subscriber_id",
  '2025-03' AS "month",
  "t16"."population",
  CAST("t16"."is_left" AS BIGINT) AS "leave",
  CASE
    WHEN "t16"."population" = 'active'
    THEN CAST("t16"."is_left"
    OR (
      (
        COALESCE("t16"."events_ahead", 0) = 0
      )
      AND (
        COALESCE("t16"."bill_ahead", 0) <= 0
      )
    ) AS BIGINT)
    ELSE CAST(NULL AS BIGINT)
  END AS "churn",
  CASE
    WHEN "t16"."is_left" AND NOT (
      "t16"."let_go"
    )
    THEN 'active'
    WHEN NOT (
      "t16"."is_left" AND NOT (
        "t16"."let_go"
      )
    )
    AND (
      "t16"."let_go"
      OR (
        (
          COALESCE("t16"."events_ahead", 0) = 0
        )
        AND (
          COALESCE("t16"."bill_ahead", 0) <= 0
        )
      )
      OR "t16"."in_arrears"
    )
    THEN 'passive'
    WHEN NOT (
      "t16"."is_left" AND NOT (
        "t16"."let_go"
      )
    )
    AND NOT (
      NOT (
        "t16"."is_left" AND NOT (
          "t16"."let_go"
        )
      )
      AND (
        "t16"."let_go"
        OR (
          (
            COALESCE("t16"."events_ahead", 0) = 0
          )
          AND (
            COALESCE("t16"."bill_ahead", 0) <= 0
          )
        )
        OR "t16"."in_arrears"
      )
    )
    AND (
      (
        (
          COALESCE("t16"."events_next", 0) <= (
            "t16"."events_mean" * 0.5
          )
        )
        AND (
          "t16"."events_mean" > 0
        )
      )
      OR (
        (
          COALESCE("t16"."bill_next", 0) <= (
            "t16"."bill_mean" * 0.5
          )
        )
        AND (
          "t16"."bill_mean" > 0
        )
      )
    )
    THEN 'latent'
    ELSE 'none'
  END AS "kind",
  CAST("t16"."is_left" AND NOT (
    "t16"."let_go"
  ) AS BIGINT) AS "churn_active",
  CAST(NOT (
    "t16"."is_left" AND NOT (
      "t16"."let_go"
    )
  )
  AND (
    "t16"."let_go"
    OR (
      (
        COALESCE("t16"."events_ahead", 0) = 0
      )
      AND (
        COALESCE("t16"."bill_ahead", 0) <= 0
      )
    )
    OR "t16"."in_arrears"
  ) AS BIGINT) AS "churn_passive",
  CAST(NOT (
    "t16"."is_left" AND NOT (
      "t16"."let_go"
    )
  )
  AND NOT (
    NOT (
      "t16"."is_left" AND NOT (
        "t16"."let_go"
      )
    )
    AND (
      "t16"."let_go"
      OR (
        (
          COALESCE("t16"."events_ahead", 0) = 0
        )
        AND (
          COALESCE("t16"."bill_ahead", 0) <= 0
        )
      )
      OR "t16"."in_arrears"
    )
  )
  AND (
    (
      (
        COALESCE("t16"."events_next", 0) <= (
          "t16"."events_mean" * 0.5
        )
      )
      AND (
        "t16"."events_mean" > 0
      )
    )
    OR (
      (
        COALESCE("t16"."bill_next", 0) <= (
          "t16"."bill_mean" * 0.5
        )
      )
      AND (
        "t16"."bill_mean" > 0
      )
    )
  ) AS BIGINT) AS "churn_latent",
  CAST(1 AS BIGINT) AS "horizon"
FROM (
  SELECT
    "t14"."subscriber_id",
    "t14"."population",
    "t14"."events_ahead",
    "t14"."bill_ahead",
    "t14"."events_next",
    "t14"."bill_next",
    "t14"."events_mean",
    "t14"."bill_mean",
    "t14"."subscriber_id" IN (
      SELECT DISTINCT
        "t0"."subscriber_id"
      FROM "stg_status_changes" AS "t0"
      WHERE
        "t0"."timestamp" >= MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
        AND "t0"."timestamp" < MAKE_TIMESTAMP(2025, 5, 1, 0, 0, 0.0)
        AND "t0"."to_status" IN ('cancelled', 'ported_out')
    ) AS "is_left",
    "t14"."subscriber_id" IN (
      SELECT DISTINCT
        "t0"."subscriber_id"
      FROM "stg_status_changes" AS "t0"
      WHERE
        "t0"."timestamp" >= MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
        AND "t0"."timestamp" < MAKE_TIMESTAMP(2025, 5, 1, 0, 0, 0.0)
        AND "t0"."to_status" IN ('cancelled', 'ported_out')
        AND "t0"."from_status" = 'suspended_arrears'
    ) AS "let_go",
    "t14"."subscriber_id" IN (
      SELECT DISTINCT
        "t13"."subscriber_id"
      FROM (
        SELECT
          "t10"."subscriber_id",
          "t10"."since",
          "t8"."subscriber_id" AS "subscriber_id_right",
          "t8"."back_at",
          "t8"."back_to"
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
        ) AS "t10"
        LEFT OUTER JOIN (
          SELECT
            "t0"."subscriber_id",
            "t0"."timestamp" AS "back_at",
            "t0"."to_status" AS "back_to"
          FROM "stg_status_changes" AS "t0"
          WHERE
            "t0"."from_status" = 'suspended_arrears'
        ) AS "t8"
          ON "t10"."subscriber_id" = "t8"."subscriber_id"
          AND "t8"."back_at" > "t10"."since"
          AND "t8"."back_at" < (
            "t10"."since" + INTERVAL '15' DAY
          )
          AND "t8"."back_to" = 'active'
      ) AS "t13"
      WHERE
        "t13"."back_at" IS NULL
    ) AS "in_arrears"
  FROM (
    SELECT
      "t9"."subscriber_id",
      "t9"."population",
      "t12"."events_ahead",
      "t12"."bill_ahead",
      "t12"."events_next",
      "t12"."bill_next",
      "t12"."events_mean",
      "t12"."bill_mean"
    FROM (
      SELECT
        "t1"."subscriber_id",
        "t1"."population"
      FROM "feat_monthly" AS "t1"
      WHERE
        "t1"."month" = '2025-03' AND "t1"."population" <> 'gone'
    ) AS "t9"
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
    ) AS "t12"
      ON "t9"."subscriber_id" = "t12"."subscriber_id"
  ) AS "t14"
) AS "t16"
