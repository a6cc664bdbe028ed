WITH "t17" AS (
  SELECT
    *
  FROM "stg_status_changes" AS "t2"
  WHERE
    "t2"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
), "t23" AS (
  SELECT
    *
  FROM "stg_usage" AS "t7"
  WHERE
    "t7"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
    AND "t7"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
), "t84" AS (
  SELECT
    "t83"."subscriber_id",
    "t83"."voice_out_minutes",
    "t83"."voice_in_minutes",
    "t83"."voice_out_calls",
    "t83"."voice_in_calls",
    "t83"."sms_out",
    "t83"."sms_in",
    "t83"."data_mb",
    "t83"."data_sessions",
    "t83"."usage_events",
    "t83"."usage_charge",
    "t83"."roaming_events",
    "t83"."onnet_calls",
    "t83"."offnet_calls",
    "t83"."calls_to_competitor_a",
    "t83"."calls_to_competitor_b",
    "t83"."calls_from_competitor_a",
    "t83"."calls_from_competitor_b",
    "t83"."night_calls",
    "t83"."active_days",
    "t83"."cell_dropped_call_rate",
    "t83"."cell_throughput_mbps",
    "t83"."cell_outage_hours",
    "t83"."outage_exposed_share",
    "t83"."distinct_contacts",
    "t83"."churned_contacts",
    "t83"."bill_total",
    "t83"."discount_total",
    "t83"."net_bill",
    "t83"."bill_voice",
    "t83"."bill_data",
    "t83"."bill_sms",
    "t83"."bill_broadband",
    "t83"."bill_iptv",
    "t83"."bill_value_added",
    "t83"."bill_other",
    "t83"."payments_count",
    "t83"."payments_amount",
    "t83"."arrears_balance",
    "t83"."suspended_arrears_now",
    "t83"."arrears_suspensions_12m",
    "t83"."complaints_1m",
    "t83"."complaints_3m",
    "t83"."complaints_network_3m",
    "t83"."complaints_billing_3m",
    "t83"."complaints_service_3m",
    "t83"."complaints_price_3m",
    "t83"."complaints_broadband_3m",
    "t83"."unresolved_complaints_3m",
    "t83"."hours_to_resolve_3m",
    "t83"."regulator_complaints_12m",
    "t83"."last_survey_score",
    "t83"."tenure_months",
    "t83"."months_to_contract_end",
    "t83"."in_contract",
    "t83"."contract_ends_within_2m",
    "t83"."device_age_months",
    "t83"."plan_monthly_fee",
    "t83"."plan_is_5g",
    "t83"."plan_broadband",
    "t83"."plan_iptv",
    "t83"."plan_data_gb",
    "t83"."plan_voice_minutes",
    "t83"."is_prepaid",
    "t83"."is_enterprise",
    "t83"."age",
    "t83"."has_account_manager",
    "t83"."enterprise_id",
    "t83"."month",
    "t83"."voice_minutes",
    "t83"."onnet_share",
    "t83"."competitor_call_share",
    "t83"."competitor_in_share",
    "t83"."days_since_last_use",
    "t83"."churned_contacts_share",
    "t83"."discount_share",
    "t83"."days_since_last_payment",
    "t83"."mean_payment",
    "t83"."arrears_days",
    "t83"."data_use_vs_plan",
    "t83"."voice_use_vs_plan",
    "t83"."low_survey_score",
    "t44"."voice_minutes_m1",
    "t44"."voice_minutes_m2",
    "t44"."voice_minutes_3m_mean",
    "t44"."data_mb_m1",
    "t44"."data_mb_m2",
    "t44"."data_mb_3m_mean",
    "t44"."usage_events_m1",
    "t44"."usage_events_m2",
    "t44"."usage_events_3m_mean",
    "t44"."active_days_m1",
    "t44"."active_days_m2",
    "t44"."active_days_3m_mean",
    "t44"."net_bill_m1",
    "t44"."net_bill_m2",
    "t44"."net_bill_3m_mean"
  FROM (
    SELECT
      "t81"."subscriber_id",
      COALESCE("t81"."voice_out_minutes", 0) AS "voice_out_minutes",
      COALESCE("t81"."voice_in_minutes", 0) AS "voice_in_minutes",
      COALESCE("t81"."voice_out_calls", 0) AS "voice_out_calls",
      COALESCE("t81"."voice_in_calls", 0) AS "voice_in_calls",
      COALESCE("t81"."sms_out", 0) AS "sms_out",
      COALESCE("t81"."sms_in", 0) AS "sms_in",
      COALESCE("t81"."data_mb", 0) AS "data_mb",
      COALESCE("t81"."data_sessions", 0) AS "data_sessions",
      COALESCE("t81"."usage_events", 0) AS "usage_events",
      COALESCE("t81"."usage_charge", 0) AS "usage_charge",
      COALESCE("t81"."roaming_events", 0) AS "roaming_events",
      COALESCE("t81"."onnet_calls", 0) AS "onnet_calls",
      COALESCE("t81"."offnet_calls", 0) AS "offnet_calls",
      COALESCE("t81"."calls_to_competitor_a", 0) AS "calls_to_competitor_a",
      COALESCE("t81"."calls_to_competitor_b", 0) AS "calls_to_competitor_b",
      COALESCE("t81"."calls_from_competitor_a", 0) AS "calls_from_competitor_a",
      COALESCE("t81"."calls_from_competitor_b", 0) AS "calls_from_competitor_b",
      COALESCE("t81"."night_calls", 0) AS "night_calls",
      COALESCE("t81"."active_days", 0) AS "active_days",
      "t81"."cell_dropped_call_rate",
      "t81"."cell_throughput_mbps",
      "t81"."cell_outage_hours",
      "t81"."outage_exposed_share",
      COALESCE("t81"."distinct_contacts", 0) AS "distinct_contacts",
      COALESCE("t81"."churned_contacts", 0) AS "churned_contacts",
      COALESCE("t81"."bill_total", 0) AS "bill_total",
      COALESCE("t81"."discount_total", 0) AS "discount_total",
      COALESCE("t81"."net_bill", 0) AS "net_bill",
      COALESCE("t81"."bill_voice", 0) AS "bill_voice",
      COALESCE("t81"."bill_data", 0) AS "bill_data",
      COALESCE("t81"."bill_sms", 0) AS "bill_sms",
      COALESCE("t81"."bill_broadband", 0) AS "bill_broadband",
      COALESCE("t81"."bill_iptv", 0) AS "bill_iptv",
      COALESCE("t81"."bill_value_added", 0) AS "bill_value_added",
      COALESCE("t81"."bill_other", 0) AS "bill_other",
      COALESCE("t81"."payments_count", 0) AS "payments_count",
      COALESCE("t81"."payments_amount", 0) AS "payments_amount",
      COALESCE("t81"."arrears_balance", 0) AS "arrears_balance",
      COALESCE("t81"."suspended_arrears_now", 0) AS "suspended_arrears_now",
      COALESCE("t81"."arrears_suspensions_12m", 0) AS "arrears_suspensions_12m",
      COALESCE("t81"."complaints_1m", 0) AS "complaints_1m",
      COALESCE("t81"."complaints_3m", 0) AS "complaints_3m",
      COALESCE("t81"."complaints_network_3m", 0) AS "complaints_network_3m",
      COALESCE("t81"."complaints_billing_3m", 0) AS "complaints_billing_3m",
      COALESCE("t81"."complaints_service_3m", 0) AS "complaints_service_3m",
      COALESCE("t81"."complaints_price_3m", 0) AS "complaints_price_3m",
      COALESCE("t81"."complaints_broadband_3m", 0) AS "complaints_broadband_3m",
      COALESCE("t81"."unresolved_complaints_3m", 0) AS "unresolved_complaints_3m",
      "t81"."hours_to_resolve_3m",
      COALESCE("t81"."regulator_complaints_12m", 0) AS "regulator_complaints_12m",
      "t81"."last_survey_score",
      "t81"."tenure_months",
      "t81"."months_to_contract_end",
      "t81"."in_contract",
      "t81"."contract_ends_within_2m",
      "t81"."device_age_months",
      "t81"."plan_monthly_fee",
      "t81"."plan_is_5g",
      "t81"."plan_broadband",
      "t81"."plan_iptv",
      "t81"."plan_data_gb",
      "t81"."plan_voice_minutes",
      "t81"."is_prepaid",
      "t81"."is_enterprise",
      "t81"."age",
      "t81"."has_account_manager",
      "t81"."enterprise_id",
      '2025-03' AS "month",
      COALESCE("t81"."voice_out_minutes", 0) + COALESCE("t81"."voice_in_minutes", 0) AS "voice_minutes",
      CASE
        WHEN (
          COALESCE("t81"."onnet_calls", 0) + COALESCE("t81"."offnet_calls", 0)
        ) > 0
        THEN CAST(COALESCE("t81"."onnet_calls", 0) AS DOUBLE) / CAST(COALESCE("t81"."onnet_calls", 0) + COALESCE("t81"."offnet_calls", 0) AS DOUBLE)
        ELSE CAST(NULL AS DOUBLE)
      END AS "onnet_share",
      CASE
        WHEN (
          COALESCE("t81"."voice_out_calls", 0) + COALESCE("t81"."voice_in_calls", 0)
        ) > 0
        THEN CAST(COALESCE("t81"."offnet_calls", 0) AS DOUBLE) / CAST(COALESCE("t81"."voice_out_calls", 0) + COALESCE("t81"."voice_in_calls", 0) AS DOUBLE)
        ELSE CAST(NULL AS DOUBLE)
      END AS "competitor_call_share",
      CASE
        WHEN COALESCE("t81"."voice_in_calls", 0) > 0
        THEN CAST(COALESCE("t81"."calls_from_competitor_a", 0) + COALESCE("t81"."calls_from_competitor_b", 0) AS DOUBLE) / CAST(COALESCE("t81"."voice_in_calls", 0) AS DOUBLE)
        ELSE CAST(NULL AS DOUBLE)
      END AS "competitor_in_share",
      CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(CAST("t81"."last_use" AS TIMESTAMP)) AS DOUBLE) / 86400.0 AS "days_since_last_use",
      CASE
        WHEN COALESCE("t81"."distinct_contacts", 0) > 0
        THEN CAST(COALESCE("t81"."churned_contacts", 0) AS DOUBLE) / CAST(COALESCE("t81"."distinct_contacts", 0) AS DOUBLE)
        ELSE CAST(NULL AS DOUBLE)
      END AS "churned_contacts_share",
      CASE
        WHEN COALESCE("t81"."bill_total", 0) > 0
        THEN COALESCE("t81"."discount_total", 0) / COALESCE("t81"."bill_total", 0)
        ELSE CAST(NULL AS DOUBLE)
      END AS "discount_share",
      CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(CAST("t81"."last_payment" AS TIMESTAMP)) AS DOUBLE) / 86400.0 AS "days_since_last_payment",
      CASE
        WHEN COALESCE("t81"."payments_count", 0) > 0
        THEN COALESCE("t81"."payments_amount", 0) / CAST(COALESCE("t81"."payments_count", 0) AS DOUBLE)
        ELSE CAST(NULL AS DOUBLE)
      END AS "mean_payment",
      CASE
        WHEN COALESCE("t81"."suspended_arrears_now", 0) = 1
        THEN "t81"."days_in_status"
        ELSE 0.0
      END AS "arrears_days",
      CASE
        WHEN "t81"."plan_data_gb" > 0
        THEN (
          COALESCE("t81"."data_mb", 0) / 1024.0
        ) / "t81"."plan_data_gb"
        ELSE CAST(NULL AS DOUBLE)
      END AS "data_use_vs_plan",
      CASE
        WHEN "t81"."plan_voice_minutes" > 0
        THEN COALESCE("t81"."voice_out_minutes", 0) / "t81"."plan_voice_minutes"
        ELSE CAST(NULL AS DOUBLE)
      END AS "voice_use_vs_plan",
      CAST(COALESCE("t81"."last_survey_score" <= 2, FALSE) AS BIGINT) AS "low_survey_score"
    FROM (
      SELECT
        "t28"."subscriber_id",
        "t80"."voice_out_minutes",
        "t80"."voice_in_minutes",
        "t80"."voice_out_calls",
        "t80"."voice_in_calls",
        "t80"."sms_out",
        "t80"."sms_in",
        "t80"."data_mb",
        "t80"."data_sessions",
        "t80"."usage_events",
        "t80"."usage_charge",
        "t80"."roaming_events",
        "t80"."onnet_calls",
        "t80"."offnet_calls",
        "t80"."calls_to_competitor_a",
        "t80"."calls_to_competitor_b",
        "t80"."calls_from_competitor_a",
        "t80"."calls_from_competitor_b",
        "t80"."night_calls",
        "t80"."last_use",
        "t80"."active_days",
        "t80"."cell_dropped_call_rate",
        "t80"."cell_throughput_mbps",
        "t80"."cell_outage_hours",
        "t80"."outage_exposed_share",
        "t80"."distinct_contacts",
        "t80"."churned_contacts",
        "t53"."bill_total",
        "t53"."discount_total",
        "t53"."net_bill",
        "t53"."bill_voice",
        "t53"."bill_data",
        "t53"."bill_sms",
        "t53"."bill_broadband",
        "t53"."bill_iptv",
        "t53"."bill_value_added",
        "t53"."bill_other",
        "t69"."payments_count",
        "t69"."payments_amount",
        "t69"."arrears_balance",
        "t69"."last_payment",
        "t78"."suspended_arrears_now",
        "t78"."days_in_status",
        "t78"."arrears_suspensions_12m",
        "t54"."complaints_1m",
        "t54"."complaints_3m",
        "t54"."complaints_network_3m",
        "t54"."complaints_billing_3m",
        "t54"."complaints_service_3m",
        "t54"."complaints_price_3m",
        "t54"."complaints_broadband_3m",
        "t54"."unresolved_complaints_3m",
        "t54"."hours_to_resolve_3m",
        "t54"."regulator_complaints_12m",
        "t66"."last_survey_score",
        "t67"."tenure_months",
        "t67"."months_to_contract_end",
        "t67"."in_contract",
        "t67"."contract_ends_within_2m",
        "t67"."device_age_months",
        "t67"."plan_monthly_fee",
        "t67"."plan_is_5g",
        "t67"."plan_broadband",
        "t67"."plan_iptv",
        "t67"."plan_data_gb",
        "t67"."plan_voice_minutes",
        "t67"."is_prepaid",
        "t67"."is_enterprise",
        "t67"."age",
        "t67"."has_account_manager",
        "t67"."enterprise_id"
      FROM (
        SELECT
          *
        FROM "stg_subscribers" AS "t1"
        WHERE
          "t1"."activation_date" < MAKE_DATE(2025, 4, 1)
      ) AS "t28"
      ANTI JOIN (
        SELECT DISTINCT
          "t2"."subscriber_id"
        FROM "stg_status_changes" AS "t2"
        WHERE
          "t2"."to_status" IN ('cancelled', 'ported_out')
          AND "t2"."timestamp" < MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
      ) AS "t30"
        ON "t28"."subscriber_id" = "t30"."subscriber_id"
      LEFT OUTER JOIN (
        SELECT
          "t63"."subscriber_id",
          "t63"."voice_out_minutes",
          "t63"."voice_in_minutes",
          "t63"."voice_out_calls",
          "t63"."voice_in_calls",
          "t63"."sms_out",
          "t63"."sms_in",
          "t63"."data_mb",
          "t63"."data_sessions",
          "t63"."usage_events",
          "t63"."usage_charge",
          "t63"."roaming_events",
          "t63"."onnet_calls",
          "t63"."offnet_calls",
          "t63"."calls_to_competitor_a",
          "t63"."calls_to_competitor_b",
          "t63"."calls_from_competitor_a",
          "t63"."calls_from_competitor_b",
          "t63"."night_calls",
          "t63"."last_use",
          "t62"."active_days",
          "t74"."cell_dropped_call_rate",
          "t74"."cell_throughput_mbps",
          "t74"."cell_outage_hours",
          "t74"."outage_exposed_share",
          "t77"."distinct_contacts",
          "t77"."churned_contacts"
        FROM (
          SELECT
            "t33"."subscriber_id",
            SUM(CAST("t33"."duration_s" AS DOUBLE) / 60.0) FILTER(WHERE
              (
                "t33"."event_type" = 'voice'
              ) AND (
                "t33"."direction" = 'out'
              )) AS "voice_out_minutes",
            SUM(CAST("t33"."duration_s" AS DOUBLE) / 60.0) FILTER(WHERE
              (
                "t33"."event_type" = 'voice'
              ) AND (
                "t33"."direction" = 'in'
              )) AS "voice_in_minutes",
            COUNT("t33"."subscriber_id") FILTER(WHERE
              (
                "t33"."event_type" = 'voice'
              ) AND (
                "t33"."direction" = 'out'
              )) AS "voice_out_calls",
            COUNT("t33"."subscriber_id") FILTER(WHERE
              (
                "t33"."event_type" = 'voice'
              ) AND (
                "t33"."direction" = 'in'
              )) AS "voice_in_calls",
            COUNT("t33"."subscriber_id") FILTER(WHERE
              (
                "t33"."event_type" = 'sms'
              ) AND (
                "t33"."direction" = 'out'
              )) AS "sms_out",
            COUNT("t33"."subscriber_id") FILTER(WHERE
              (
                "t33"."event_type" = 'sms'
              ) AND (
                "t33"."direction" = 'in'
              )) AS "sms_in",
            SUM("t33"."data_mb") FILTER(WHERE
              "t33"."event_type" = 'data') AS "data_mb",
            COUNT("t33"."subscriber_id") FILTER(WHERE
              "t33"."event_type" = 'data') AS "data_sessions",
            COUNT("t33"."subscriber_id") AS "usage_events",
            SUM("t33"."charge") AS "usage_charge",
            COUNT("t33"."subscriber_id") FILTER(WHERE
              "t33"."roaming") AS "roaming_events",
            COUNT("t33"."subscriber_id") FILTER(WHERE
              (
                "t33"."event_type" = 'voice'
              ) AND (
                "t33"."other_operator" = 'own'
              )) AS "onnet_calls",
            COUNT("t33"."subscriber_id") FILTER(WHERE
              (
                "t33"."event_type" = 'voice'
              )
              AND (
                (
                  "t33"."other_operator" = 'competitor_a'
                )
                OR (
                  "t33"."other_operator" = 'competitor_b'
                )
              )) AS "offnet_calls",
            COUNT("t33"."subscriber_id") FILTER(WHERE
              (
                "t33"."event_type" = 'voice'
              )
              AND (
                "t33"."direction" = 'out'
              )
              AND (
                "t33"."other_operator" = 'competitor_a'
              )) AS "calls_to_competitor_a",
            COUNT("t33"."subscriber_id") FILTER(WHERE
              (
                "t33"."event_type" = 'voice'
              )
              AND (
                "t33"."direction" = 'out'
              )
              AND (
                "t33"."other_operator" = 'competitor_b'
              )) AS "calls_to_competitor_b",
            COUNT("t33"."subscriber_id") FILTER(WHERE
              (
                "t33"."event_type" = 'voice'
              )
              AND (
                "t33"."direction" = 'in'
              )
              AND (
                "t33"."other_operator" = 'competitor_a'
              )) AS "calls_from_competitor_a",
            COUNT("t33"."subscriber_id") FILTER(WHERE
              (
                "t33"."event_type" = 'voice'
              )
              AND (
                "t33"."direction" = 'in'
              )
              AND (
                "t33"."other_operator" = 'competitor_b'
              )) AS "calls_from_competitor_b",
            COUNT("t33"."subscriber_id") FILTER(WHERE
              (
                "t33"."event_type" = 'voice'
              )
              AND (
                EXTRACT(hour FROM "t33"."timestamp") < 6
              )) AS "night_calls",
            MAX("t33"."timestamp") AS "last_use"
          FROM "t23" AS "t33"
          GROUP BY
            1
        ) AS "t63"
        LEFT OUTER JOIN (
          SELECT
            "t41"."subscriber_id",
            COUNT("t41"."n") AS "active_days"
          FROM (
            SELECT
              "t33"."subscriber_id",
              CAST("t33"."timestamp" AS DATE) AS "day",
              COUNT("t33"."subscriber_id") AS "n"
            FROM "t23" AS "t33"
            GROUP BY
              1,
              2
          ) AS "t41"
          GROUP BY
            1
        ) AS "t62"
          ON "t63"."subscriber_id" = "t62"."subscriber_id"
        LEFT OUTER JOIN (
          SELECT
            "t64"."subscriber_id",
            SUM("t64"."dropped_call_rate" * CAST("t64"."n" AS DOUBLE)) / SUM(CAST("t64"."n" AS DOUBLE)) AS "cell_dropped_call_rate",
            SUM("t64"."throughput_mbps" * CAST("t64"."n" AS DOUBLE)) / SUM(CAST("t64"."n" AS DOUBLE)) AS "cell_throughput_mbps",
            SUM("t64"."outage_hours" * CAST("t64"."n" AS DOUBLE)) / SUM(CAST("t64"."n" AS DOUBLE)) AS "cell_outage_hours",
            COALESCE(SUM(CAST("t64"."n" AS DOUBLE)) FILTER(WHERE
              "t64"."outage_hours" > 0), 0) / SUM(CAST("t64"."n" AS DOUBLE)) AS "outage_exposed_share"
          FROM (
            SELECT
              "t43"."subscriber_id",
              "t43"."cell_id",
              "t43"."n",
              "t34"."dropped_call_rate",
              "t34"."throughput_mbps",
              "t34"."outage_hours"
            FROM (
              SELECT
                "t25"."subscriber_id",
                "t25"."cell_id",
                COUNT("t25"."subscriber_id") AS "n"
              FROM (
                SELECT
                  *
                FROM "stg_usage" AS "t7"
                WHERE
                  "t7"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
                  AND "t7"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                  AND "t7"."cell_id" IS NOT NULL
              ) AS "t25"
              GROUP BY
                1,
                2
            ) AS "t43"
            INNER JOIN (
              SELECT
                "t9"."cell_id",
                "t9"."dropped_call_rate",
                "t9"."throughput_mbps",
                "t9"."outage_hours"
              FROM "stg_network_quality" AS "t9"
              WHERE
                "t9"."month" = '2025-03'
            ) AS "t34"
              ON "t43"."cell_id" = "t34"."cell_id"
          ) AS "t64"
          GROUP BY
            1
        ) AS "t74"
          ON "t63"."subscriber_id" = "t74"."subscriber_id"
        LEFT OUTER JOIN (
          SELECT
            "t71"."subscriber_id",
            COUNT("t71"."subscriber_id") AS "distinct_contacts",
            COALESCE(SUM("t71"."churned"), 0) AS "churned_contacts"
          FROM (
            SELECT
              "t42"."subscriber_id",
              "t42"."other_party",
              "t42"."n",
              "t60"."other_party" AS "other_party_right",
              "t60"."churned"
            FROM (
              SELECT
                "t24"."subscriber_id",
                "t24"."other_party",
                COUNT("t24"."subscriber_id") AS "n"
              FROM (
                SELECT
                  *
                FROM "stg_usage" AS "t7"
                WHERE
                  "t7"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
                  AND "t7"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                  AND "t7"."other_party" IS NOT NULL
              ) AS "t24"
              GROUP BY
                1,
                2
            ) AS "t42"
            LEFT OUTER JOIN (
              SELECT DISTINCT
                *
              FROM (
                SELECT
                  "t29"."party_id" AS "other_party",
                  1 AS "churned"
                FROM (
                  SELECT
                    *
                  FROM "stg_subscribers" AS "t1"
                  WHERE
                    "t1"."party_id" IS NOT NULL
                ) AS "t29"
                SEMI JOIN (
                  SELECT
                    *
                  FROM "stg_status_changes" AS "t2"
                  WHERE
                    "t2"."to_status" IN ('cancelled', 'ported_out')
                    AND "t2"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)
                    AND "t2"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
                ) AS "t32"
                  ON "t29"."subscriber_id" = "t32"."subscriber_id"
              ) AS "t45"
            ) AS "t60"
              ON "t42"."other_party" = "t60"."other_party"
          ) AS "t71"
          GROUP BY
            1
        ) AS "t77"
          ON "t63"."subscriber_id" = "t77"."subscriber_id"
      ) AS "t80"
        ON "t28"."subscriber_id" = "t80"."subscriber_id"
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
      ) AS "t53"
        ON "t28"."subscriber_id" = "t53"."subscriber_id"
      LEFT OUTER JOIN (
        SELECT
          COALESCE("t47"."subscriber_id", "t55"."subscriber_id") AS "subscriber_id",
          COALESCE("t55"."payments_count", 0) AS "payments_count",
          COALESCE("t55"."payments_amount", 0) AS "payments_amount",
          COALESCE("t47"."billed_to_date", 0) - COALESCE("t55"."paid_to_date", 0) AS "arrears_balance",
          "t55"."last_payment"
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
        ) AS "t47"
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
            SUM("t26"."amount") AS "paid_to_date",
            MAX("t26"."timestamp") AS "last_payment"
          FROM (
            SELECT
              *
            FROM "stg_payments" AS "t8"
            WHERE
              "t8"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
          ) AS "t26"
          GROUP BY
            1
        ) AS "t55"
          ON "t47"."subscriber_id" = "t55"."subscriber_id"
      ) AS "t69"
        ON "t28"."subscriber_id" = "t69"."subscriber_id"
      LEFT OUTER JOIN (
        SELECT
          "t72"."subscriber_id",
          "t72"."suspended_arrears_now",
          "t72"."days_in_status",
          "t56"."arrears_suspensions_12m"
        FROM (
          SELECT
            "t51"."subscriber_id",
            CAST("t51"."to_status" = 'suspended_arrears' AS BIGINT) AS "suspended_arrears_now",
            CAST(EPOCH(CAST(MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0) AS TIMESTAMP)) - EPOCH(CAST("t51"."timestamp" AS TIMESTAMP)) AS DOUBLE) / 86400.0 AS "days_in_status"
          FROM (
            SELECT
              "t31"."subscriber_id",
              "t31"."timestamp",
              "t31"."from_status",
              "t31"."to_status",
              "t31"."reason",
              ROW_NUMBER() OVER (
                PARTITION BY "t31"."subscriber_id"
                ORDER BY "t31"."timestamp" DESC, "t31"."to_status" DESC
                ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
              ) - 1 AS "rank"
            FROM "t17" AS "t31"
          ) AS "t51"
          WHERE
            "t51"."rank" = 0
        ) AS "t72"
        LEFT OUTER JOIN (
          SELECT
            "t31"."subscriber_id",
            COUNT("t31"."subscriber_id") FILTER(WHERE
              (
                "t31"."to_status" = 'suspended_arrears'
              )
              AND (
                "t31"."timestamp" >= MAKE_TIMESTAMP(2024, 4, 1, 0, 0, 0.0)
              )) AS "arrears_suspensions_12m"
          FROM "t17" AS "t31"
          GROUP BY
            1
        ) AS "t56"
          ON "t72"."subscriber_id" = "t56"."subscriber_id"
      ) AS "t78"
        ON "t28"."subscriber_id" = "t78"."subscriber_id"
      LEFT OUTER JOIN (
        SELECT
          "t21"."subscriber_id",
          COUNT("t21"."subscriber_id") FILTER(WHERE
            "t21"."timestamp" >= MAKE_TIMESTAMP(2025, 3, 1, 0, 0, 0.0)) AS "complaints_1m",
          COUNT("t21"."subscriber_id") FILTER(WHERE
            "t21"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)) AS "complaints_3m",
          COUNT("t21"."subscriber_id") FILTER(WHERE
            (
              "t21"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
            )
            AND (
              "t21"."category" = 'network'
            )) AS "complaints_network_3m",
          COUNT("t21"."subscriber_id") FILTER(WHERE
            (
              "t21"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
            )
            AND (
              "t21"."category" = 'billing'
            )) AS "complaints_billing_3m",
          COUNT("t21"."subscriber_id") FILTER(WHERE
            (
              "t21"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
            )
            AND (
              "t21"."category" = 'service_attitude'
            )) AS "complaints_service_3m",
          COUNT("t21"."subscriber_id") FILTER(WHERE
            (
              "t21"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
            )
            AND (
              "t21"."category" = 'price'
            )) AS "complaints_price_3m",
          COUNT("t21"."subscriber_id") FILTER(WHERE
            (
              "t21"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
            )
            AND (
              "t21"."category" = 'broadband'
            )) AS "complaints_broadband_3m",
          COUNT("t21"."subscriber_id") FILTER(WHERE
            (
              "t21"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)
            )
            AND NOT (
              "t21"."resolved"
            )) AS "unresolved_complaints_3m",
          AVG("t21"."hours_to_resolve") FILTER(WHERE
            "t21"."timestamp" >= MAKE_TIMESTAMP(2024, 12, 1, 0, 0, 0.0)) AS "hours_to_resolve_3m",
          COUNT("t21"."subscriber_id") FILTER(WHERE
            "t21"."channel" = 'regulator') AS "regulator_complaints_12m"
        FROM (
          SELECT
            *
          FROM "stg_complaints" AS "t4"
          WHERE
            "t4"."timestamp" < MAKE_TIMESTAMP(2025, 4, 1, 0, 0, 0.0)
            AND "t4"."timestamp" >= MAKE_TIMESTAMP(2024, 3, 1, 0, 0, 0.0)
        ) AS "t21"
        GROUP BY
          1
      ) AS "t54"
        ON "t28"."subscriber_id" = "t54"."subscriber_id"
      LEFT OUTER JOIN (
        SELECT
          "t49"."respondent" AS "subscriber_id",
          "t49"."score" AS "last_survey_score"
        FROM (
          SELECT
            "t22"."respondent",
            "t22"."city",
            "t22"."date",
            "t22"."dimension",
            "t22"."score",
            ROW_NUMBER() OVER (
              PARTITION BY "t22"."respondent"
              ORDER BY "t22"."date" DESC, "t22"."score" ASC
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
          ) AS "t22"
        ) AS "t49"
        WHERE
          "t49"."rank" = 0
      ) AS "t66"
        ON "t28"."subscriber_id" = "t66"."subscriber_id"
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
      ) AS "t67"
        ON "t28"."subscriber_id" = "t67"."subscriber_id"
    ) AS "t81"
  ) AS "t83"
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
  ) AS "t44"
    ON "t83"."subscriber_id" = "t44"."subscriber_id"
)
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
  "t94"."enterprise_lines",
  "t94"."enterprise_bill",
  "t94"."enterprise_bill_mom",
  GREATEST(
    CAST(CEIL(
      CUME_DIST() OVER (
        ORDER BY COALESCE("t94"."days_since_last_use", 999.0) DESC
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) * 5
    ) AS BIGINT),
    1
  ) AS "rfm_recency_score",
  GREATEST(
    CAST(CEIL(
      CUME_DIST() OVER (
        ORDER BY COALESCE("t94"."active_days", 0) ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) * 5
    ) AS BIGINT),
    1
  ) AS "rfm_frequency_score",
  GREATEST(
    CAST(CEIL(
      CUME_DIST() OVER (
        ORDER BY COALESCE("t94"."net_bill", 0.0) ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) * 5
    ) AS BIGINT),
    1
  ) AS "rfm_monetary_score"
FROM (
  SELECT
    "t88"."subscriber_id",
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
    "t88"."active_days",
    "t88"."cell_dropped_call_rate",
    "t88"."cell_throughput_mbps",
    "t88"."cell_outage_hours",
    "t88"."outage_exposed_share",
    "t88"."distinct_contacts",
    "t88"."churned_contacts",
    "t88"."bill_total",
    "t88"."discount_total",
    "t88"."net_bill",
    "t88"."bill_voice",
    "t88"."bill_data",
    "t88"."bill_sms",
    "t88"."bill_broadband",
    "t88"."bill_iptv",
    "t88"."bill_value_added",
    "t88"."bill_other",
    "t88"."payments_count",
    "t88"."payments_amount",
    "t88"."arrears_balance",
    "t88"."suspended_arrears_now",
    "t88"."arrears_suspensions_12m",
    "t88"."complaints_1m",
    "t88"."complaints_3m",
    "t88"."complaints_network_3m",
    "t88"."complaints_billing_3m",
    "t88"."complaints_service_3m",
    "t88"."complaints_price_3m",
    "t88"."complaints_broadband_3m",
    "t88"."unresolved_complaints_3m",
    "t88"."hours_to_resolve_3m",
    "t88"."regulator_complaints_12m",
    "t88"."last_survey_score",
    "t88"."tenure_months",
    "t88"."months_to_contract_end",
    "t88"."in_contract",
    "t88"."contract_ends_within_2m",
    "t88"."device_age_months",
    "t88"."plan_monthly_fee",
    "t88"."plan_is_5g",
    "t88"."plan_broadband",
    "t88"."plan_iptv",
    "t88"."plan_data_gb",
    "t88"."plan_voice_minutes",
    "t88"."is_prepaid",
    "t88"."is_enterprise",
    "t88"."age",
    "t88"."has_account_manager",
    "t88"."enterprise_id",
    "t88"."month",
    "t88"."voice_minutes",
    "t88"."onnet_share",
    "t88"."competitor_call_share",
    "t88"."competitor_in_share",
    "t88"."days_since_last_use",
    "t88"."churned_contacts_share",
    "t88"."discount_share",
    "t88"."days_since_last_payment",
    "t88"."mean_payment",
    "t88"."arrears_days",
    "t88"."data_use_vs_plan",
    "t88"."voice_use_vs_plan",
    "t88"."low_survey_score",
    "t88"."voice_mom",
    "t88"."voice_vs_3m",
    "t88"."voice_slope_3m",
    "t88"."data_mom",
    "t88"."data_vs_3m",
    "t88"."data_slope_3m",
    "t88"."events_mom",
    "t88"."events_vs_3m",
    "t88"."events_slope_3m",
    "t88"."revenue_mom",
    "t88"."revenue_vs_3m",
    "t88"."revenue_slope_3m",
    "t88"."active_days_mom",
    "t88"."usage_drop_flag",
    "t88"."revenue_drop_flag",
    "t88"."bill_shock",
    "t93"."enterprise_lines",
    "t93"."enterprise_bill",
    "t93"."enterprise_bill_mom"
  FROM (
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
      "t85"."active_days",
      "t85"."cell_dropped_call_rate",
      "t85"."cell_throughput_mbps",
      "t85"."cell_outage_hours",
      "t85"."outage_exposed_share",
      "t85"."distinct_contacts",
      "t85"."churned_contacts",
      "t85"."bill_total",
      "t85"."discount_total",
      "t85"."net_bill",
      "t85"."bill_voice",
      "t85"."bill_data",
      "t85"."bill_sms",
      "t85"."bill_broadband",
      "t85"."bill_iptv",
      "t85"."bill_value_added",
      "t85"."bill_other",
      "t85"."payments_count",
      "t85"."payments_amount",
      "t85"."arrears_balance",
      "t85"."suspended_arrears_now",
      "t85"."arrears_suspensions_12m",
      "t85"."complaints_1m",
      "t85"."complaints_3m",
      "t85"."complaints_network_3m",
      "t85"."complaints_billing_3m",
      "t85"."complaints_service_3m",
      "t85"."complaints_price_3m",
      "t85"."complaints_broadband_3m",
      "t85"."unresolved_complaints_3m",
      "t85"."hours_to_resolve_3m",
      "t85"."regulator_complaints_12m",
      "t85"."last_survey_score",
      "t85"."tenure_months",
      "t85"."months_to_contract_end",
      "t85"."in_contract",
      "t85"."contract_ends_within_2m",
      "t85"."device_age_months",
      "t85"."plan_monthly_fee",
      "t85"."plan_is_5g",
      "t85"."plan_broadband",
      "t85"."plan_iptv",
      "t85"."plan_data_gb",
      "t85"."plan_voice_minutes",
      "t85"."is_prepaid",
      "t85"."is_enterprise",
      "t85"."age",
      "t85"."has_account_manager",
      "t85"."enterprise_id",
      "t85"."month",
      "t85"."voice_minutes",
      "t85"."onnet_share",
      "t85"."competitor_call_share",
      "t85"."competitor_in_share",
      "t85"."days_since_last_use",
      "t85"."churned_contacts_share",
      "t85"."discount_share",
      "t85"."days_since_last_payment",
      "t85"."mean_payment",
      "t85"."arrears_days",
      "t85"."data_use_vs_plan",
      "t85"."voice_use_vs_plan",
      "t85"."low_survey_score",
      CASE
        WHEN "t85"."voice_minutes_m1" > 0
        THEN (
          COALESCE("t85"."voice_minutes", 0) - "t85"."voice_minutes_m1"
        ) / "t85"."voice_minutes_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "voice_mom",
      CASE
        WHEN "t85"."voice_minutes_3m_mean" > 0
        THEN COALESCE("t85"."voice_minutes", 0) / "t85"."voice_minutes_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "voice_vs_3m",
      (
        COALESCE("t85"."voice_minutes", 0) - "t85"."voice_minutes_m2"
      ) / 2.0 AS "voice_slope_3m",
      CASE
        WHEN "t85"."data_mb_m1" > 0
        THEN (
          COALESCE("t85"."data_mb", 0) - "t85"."data_mb_m1"
        ) / "t85"."data_mb_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "data_mom",
      CASE
        WHEN "t85"."data_mb_3m_mean" > 0
        THEN COALESCE("t85"."data_mb", 0) / "t85"."data_mb_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "data_vs_3m",
      (
        COALESCE("t85"."data_mb", 0) - "t85"."data_mb_m2"
      ) / 2.0 AS "data_slope_3m",
      CASE
        WHEN "t85"."usage_events_m1" > 0
        THEN CAST(COALESCE("t85"."usage_events", 0) - "t85"."usage_events_m1" AS DOUBLE) / CAST("t85"."usage_events_m1" AS DOUBLE)
        ELSE CAST(NULL AS DOUBLE)
      END AS "events_mom",
      CASE
        WHEN "t85"."usage_events_3m_mean" > 0
        THEN CAST(COALESCE("t85"."usage_events", 0) AS DOUBLE) / "t85"."usage_events_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "events_vs_3m",
      CAST(COALESCE("t85"."usage_events", 0) - "t85"."usage_events_m2" AS DOUBLE) / 2.0 AS "events_slope_3m",
      CASE
        WHEN "t85"."net_bill_m1" > 0
        THEN (
          COALESCE("t85"."net_bill", 0) - "t85"."net_bill_m1"
        ) / "t85"."net_bill_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "revenue_mom",
      CASE
        WHEN "t85"."net_bill_3m_mean" > 0
        THEN COALESCE("t85"."net_bill", 0) / "t85"."net_bill_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "revenue_vs_3m",
      (
        COALESCE("t85"."net_bill", 0) - "t85"."net_bill_m2"
      ) / 2.0 AS "revenue_slope_3m",
      CASE
        WHEN "t85"."active_days_m1" > 0
        THEN CAST(COALESCE("t85"."active_days", 0) - "t85"."active_days_m1" AS DOUBLE) / CAST("t85"."active_days_m1" AS DOUBLE)
        ELSE CAST(NULL AS DOUBLE)
      END AS "active_days_mom",
      CAST(COALESCE(
        CASE
          WHEN "t85"."usage_events_3m_mean" > 0
          THEN CAST(COALESCE("t85"."usage_events", 0) AS DOUBLE) / "t85"."usage_events_3m_mean"
          ELSE CAST(NULL AS DOUBLE)
        END <= 0.5,
        FALSE
      ) AS BIGINT) AS "usage_drop_flag",
      CAST(COALESCE(
        CASE
          WHEN "t85"."net_bill_3m_mean" > 0
          THEN COALESCE("t85"."net_bill", 0) / "t85"."net_bill_3m_mean"
          ELSE CAST(NULL AS DOUBLE)
        END <= 0.5,
        FALSE
      ) AS BIGINT) AS "revenue_drop_flag",
      CASE
        WHEN "t85"."net_bill_3m_mean" > 0
        THEN "t85"."net_bill" / "t85"."net_bill_3m_mean"
        ELSE CAST(NULL AS DOUBLE)
      END AS "bill_shock"
    FROM "t84" AS "t85"
  ) AS "t88"
  LEFT OUTER JOIN (
    SELECT
      "t91"."enterprise_id",
      "t91"."enterprise_lines",
      "t91"."enterprise_bill",
      CASE
        WHEN "t91"."enterprise_bill_m1" > 0
        THEN (
          "t91"."enterprise_bill" - "t91"."enterprise_bill_m1"
        ) / "t91"."enterprise_bill_m1"
        ELSE CAST(NULL AS DOUBLE)
      END AS "enterprise_bill_mom"
    FROM (
      SELECT
        "t90"."enterprise_id",
        "t90"."enterprise_lines",
        "t90"."enterprise_bill",
        "t39"."enterprise_bill_m1"
      FROM (
        SELECT
          "t87"."enterprise_id",
          COUNT("t87"."subscriber_id") AS "enterprise_lines",
          SUM("t87"."net_bill") AS "enterprise_bill"
        FROM (
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
            "t85"."active_days",
            "t85"."cell_dropped_call_rate",
            "t85"."cell_throughput_mbps",
            "t85"."cell_outage_hours",
            "t85"."outage_exposed_share",
            "t85"."distinct_contacts",
            "t85"."churned_contacts",
            "t85"."bill_total",
            "t85"."discount_total",
            "t85"."net_bill",
            "t85"."bill_voice",
            "t85"."bill_data",
            "t85"."bill_sms",
            "t85"."bill_broadband",
            "t85"."bill_iptv",
            "t85"."bill_value_added",
            "t85"."bill_other",
            "t85"."payments_count",
            "t85"."payments_amount",
            "t85"."arrears_balance",
            "t85"."suspended_arrears_now",
            "t85"."arrears_suspensions_12m",
            "t85"."complaints_1m",
            "t85"."complaints_3m",
            "t85"."complaints_network_3m",
            "t85"."complaints_billing_3m",
            "t85"."complaints_service_3m",
            "t85"."complaints_price_3m",
            "t85"."complaints_broadband_3m",
            "t85"."unresolved_complaints_3m",
            "t85"."hours_to_resolve_3m",
            "t85"."regulator_complaints_12m",
            "t85"."last_survey_score",
            "t85"."tenure_months",
            "t85"."months_to_contract_end",
            "t85"."in_contract",
            "t85"."contract_ends_within_2m",
            "t85"."device_age_months",
            "t85"."plan_monthly_fee",
            "t85"."plan_is_5g",
            "t85"."plan_broadband",
            "t85"."plan_iptv",
            "t85"."plan_data_gb",
            "t85"."plan_voice_minutes",
            "t85"."is_prepaid",
            "t85"."is_enterprise",
            "t85"."age",
            "t85"."has_account_manager",
            "t85"."enterprise_id",
            "t85"."month",
            "t85"."voice_minutes",
            "t85"."onnet_share",
            "t85"."competitor_call_share",
            "t85"."competitor_in_share",
            "t85"."days_since_last_use",
            "t85"."churned_contacts_share",
            "t85"."discount_share",
            "t85"."days_since_last_payment",
            "t85"."mean_payment",
            "t85"."arrears_days",
            "t85"."data_use_vs_plan",
            "t85"."voice_use_vs_plan",
            "t85"."low_survey_score",
            CASE
              WHEN "t85"."voice_minutes_m1" > 0
              THEN (
                COALESCE("t85"."voice_minutes", 0) - "t85"."voice_minutes_m1"
              ) / "t85"."voice_minutes_m1"
              ELSE CAST(NULL AS DOUBLE)
            END AS "voice_mom",
            CASE
              WHEN "t85"."voice_minutes_3m_mean" > 0
              THEN COALESCE("t85"."voice_minutes", 0) / "t85"."voice_minutes_3m_mean"
              ELSE CAST(NULL AS DOUBLE)
            END AS "voice_vs_3m",
            (
              COALESCE("t85"."voice_minutes", 0) - "t85"."voice_minutes_m2"
            ) / 2.0 AS "voice_slope_3m",
            CASE
              WHEN "t85"."data_mb_m1" > 0
              THEN (
                COALESCE("t85"."data_mb", 0) - "t85"."data_mb_m1"
              ) / "t85"."data_mb_m1"
              ELSE CAST(NULL AS DOUBLE)
            END AS "data_mom",
            CASE
              WHEN "t85"."data_mb_3m_mean" > 0
              THEN COALESCE("t85"."data_mb", 0) / "t85"."data_mb_3m_mean"
              ELSE CAST(NULL AS DOUBLE)
            END AS "data_vs_3m",
            (
              COALESCE("t85"."data_mb", 0) - "t85"."data_mb_m2"
            ) / 2.0 AS "data_slope_3m",
            CASE
              WHEN "t85"."usage_events_m1" > 0
              THEN CAST(COALESCE("t85"."usage_events", 0) - "t85"."usage_events_m1" AS DOUBLE) / CAST("t85"."usage_events_m1" AS DOUBLE)
              ELSE CAST(NULL AS DOUBLE)
            END AS "events_mom",
            CASE
              WHEN "t85"."usage_events_3m_mean" > 0
              THEN CAST(COALESCE("t85"."usage_events", 0) AS DOUBLE) / "t85"."usage_events_3m_mean"
              ELSE CAST(NULL AS DOUBLE)
            END AS "events_vs_3m",
            CAST(COALESCE("t85"."usage_events", 0) - "t85"."usage_events_m2" AS DOUBLE) / 2.0 AS "events_slope_3m",
            CASE
              WHEN "t85"."net_bill_m1" > 0
              THEN (
                COALESCE("t85"."net_bill", 0) - "t85"."net_bill_m1"
              ) / "t85"."net_bill_m1"
              ELSE CAST(NULL AS DOUBLE)
            END AS "revenue_mom",
            CASE
              WHEN "t85"."net_bill_3m_mean" > 0
              THEN COALESCE("t85"."net_bill", 0) / "t85"."net_bill_3m_mean"
              ELSE CAST(NULL AS DOUBLE)
            END AS "revenue_vs_3m",
            (
              COALESCE("t85"."net_bill", 0) - "t85"."net_bill_m2"
            ) / 2.0 AS "revenue_slope_3m",
            CASE
              WHEN "t85"."active_days_m1" > 0
              THEN CAST(COALESCE("t85"."active_days", 0) - "t85"."active_days_m1" AS DOUBLE) / CAST("t85"."active_days_m1" AS DOUBLE)
              ELSE CAST(NULL AS DOUBLE)
            END AS "active_days_mom",
            CAST(COALESCE(
              CASE
                WHEN "t85"."usage_events_3m_mean" > 0
                THEN CAST(COALESCE("t85"."usage_events", 0) AS DOUBLE) / "t85"."usage_events_3m_mean"
                ELSE CAST(NULL AS DOUBLE)
              END <= 0.5,
              FALSE
            ) AS BIGINT) AS "usage_drop_flag",
            CAST(COALESCE(
              CASE
                WHEN "t85"."net_bill_3m_mean" > 0
                THEN COALESCE("t85"."net_bill", 0) / "t85"."net_bill_3m_mean"
                ELSE CAST(NULL AS DOUBLE)
              END <= 0.5,
              FALSE
            ) AS BIGINT) AS "revenue_drop_flag",
            CASE
              WHEN "t85"."net_bill_3m_mean" > 0
              THEN "t85"."net_bill" / "t85"."net_bill_3m_mean"
              ELSE CAST(NULL AS DOUBLE)
            END AS "bill_shock"
          FROM "t84" AS "t85"
          WHERE
            "t85"."enterprise_id" IS NOT NULL
        ) AS "t87"
        GROUP BY
          1
      ) AS "t90"
      LEFT OUTER JOIN (
        SELECT
          "t13"."enterprise_id",
          SUM("t13"."net_bill") AS "enterprise_bill_m1"
        FROM (
          SELECT
            *
          FROM "feat_monthly" AS "t0"
          WHERE
            "t0"."month" = '2025-02' AND "t0"."enterprise_id" IS NOT NULL
        ) AS "t13"
        GROUP BY
          1
      ) AS "t39"
        ON "t90"."enterprise_id" = "t39"."enterprise_id"
    ) AS "t91"
  ) AS "t93"
    ON "t88"."enterprise_id" = "t93"."enterprise_id"
) AS "t94"

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
