"""The settings' descriptions in Chinese (the English ones are the fields' own descriptions in
``churnguard.config``). Part of the one catalogue (``churnguard.i18n``)."""

from __future__ import annotations

__all__ = ["DESCRIPTIONS_ZH"]

# Chinese descriptions for `config show --lang zh`; the English ones live on the fields.
DESCRIPTIONS_ZH: dict[str, str] = {
    "lang": "消息与报表的语言（en 或 zh）。",
    "seed": "交叉验证折、模型与抽样的随机种子；种子相同，结果相同。",
    "cv_folds": "分层交叉验证的折数。",
    "models": "参与评估的模型：{models}。",  # the names are filled in by churnguard.config
    "threads": "模型训练使用的 CPU 线程数（LightGBM 在 5 万行以下只用一个线程，以免争抢）。",
    "tune_seconds": "一次训练中调优梯度提升模型的时间预算（秒）。",
    "high_risk_share": "高风险客户占比（按训练评分分布）。",
    "medium_risk_share": "中风险客户占比（紧随高风险之后）。",
    "top_reasons": "每位客户给出的原因个数。",
    "leakage_auc": "单列预测离网的 AUC 超过此值时发出泄露警告。",
    "max_categories": "文本列不同取值超过此数（且大多唯一）时将被删除。",
    "na_values": "额外按缺失处理的单元格取值（空白、NA、N/A、null 总是缺失）。",
    "warehouse": "数据仓库：DuckDB 文件路径或 duckdb:// 地址（duckdb:///绝对路径.duckdb）。",
    "warehouse_memory": "数据仓库引擎的内存上限（如 4GB）；超出后 DuckDB 写入磁盘临时文件。",
    "churn_horizon": "评分月之后计为离网的月数（1–3）。",
    "arrears_days": "欠费停机且未缴费达到该天数即计为被动离网。",
    "latent_drop": "潜在离网：使用量或收入较前 3 个月均值下降至少该比例。",
    "spark_master": "--engine spark 使用的 Spark 主节点：本机 local[N]，或集群地址。",
    "registry": "月度模型库目录（版本、冠军模型、评分历史）。",
    "cycle_models": "月度训练中回测的模型；其中的冠军模型用于评分。",
    "cycle_learning_rate": "月度 LightGBM 模型的学习率：0.1 的树数约为 0.03 的三分之一，AUC 仅低约 0.002。",
    "segment_models": "回测分群模型（预付费/后付费、个人/集团），胜出时采用。",
    "segment_min_gain": "分群模型在回测中至少需提升的 ROC AUC 才被采用。",
    "train_window": "月度模型训练使用的已知标签月份数。",
    "backtest_origins": "滚动起点回测的起点个数。",
    "train_max_negatives": (
        "月度模型训练使用全部离网样本和至多该数量的留存样本（随机抽样，概率已按抽样率校正），"
        "训练时间不再随用户规模增长。"
    ),
    "promote_margin": "挑战者模型的 ROC AUC 需超过冠军模型多少才能替换它。",
    "combine_method": (
        "训练报告中模型的组合方式：union（任一模型预警）、intersection（全部模型预警）或 weighted（概率加权平均）。"
    ),
    "combine_top_share": "组合模型时，每个模型预警得分最高的这一比例用户。",
    "margin_rate": "月毛利占净账单的比例（用于收入风险、价值风险和客户终身价值）。",
    "discount_rate": "客户终身价值的年贴现率。",
    "clv_months": "客户终身价值的计算期（月）。",
    "individual_tier_bands": "个人客户价值分层的月净账单上限：不超过第一个为低价值，不超过第二个为中价值。",
    "enterprise_tier_bands": "集团客户按月消费分为钻石、翡翠、白金、宝石、黄金的下限（低于最后一个为水晶）。",
    "clusters": "每月行为聚类的类数（k-means）。",
    "store": "运营库（工单、活动、结果）：SQLite 文件路径或 postgresql+psycopg://user@host/db 地址。",
    "key_file": "密钥文件（假名、字段加密、审计链），与数据仓库和运营库分开存放，仅服务账号可读；生产环境中为密钥挂载。"
    "首次加载数据时创建。",
    "audit_checkpoints": "审计日志签名检查点文件（JSON 行），存放在运营库之外；留空则放在 SQLite 运营库文件旁，"
    "数据库服务器则放在密钥文件旁。最好放在运营库属主无法改写的位置（仅追加、其他卷）。",
    "audit_checkpoint_seconds": "进程追加审计记录时最多每隔这么多秒写一次检查点（运营库关闭时总会写）："
    "只有最后一个检查点之后的记录可能被悄然截掉。",
    "control_share": "活动入选用户中留作对照组（不接触）的比例。",
    "act_budget": "单次活动的资金预算（优惠与接触成本，元）。",
    "act_capacity": "各渠道单次活动可完成的接触数（未列出的渠道不限）。",
    "retrain_months": "冠军模型满该月数（或监控建议）时，月度运行重新训练。",
    "churn_rate_target": "月度离网率控制目标（离网数 ÷ 期初到达数），用于离网月报。",
    "high_value_retention_target": "高价值用户（高价值层与集团客户）月度保有率目标。",
    "high_value_retention_targets": '按月设定的高价值保有率目标，如 {"2026-01": 0.99}，优先于上一项。',
    "act_policy": "选客策略：期望价值（按优惠挽留率）、增益模型（从以往活动学得）、最高风险优先（对比用）；"
    "auto 为有增益模型即用之。",
    "save_months": "接受挽留优惠后客户保持的月数（活动跟踪期）：其间的离网概率即优惠可挽回的部分。",
    "do_not_contact_months": "客户要求免打扰后，所有活动（含挽回）不再接触的月数（0 为不限制）。",
    "uplift_learner": "增益模型的学习方式：answers = 从被接触客户的答复（接受、要求勿扰）学习、由对照组定标；"
    "two_model = 两组结果各自建模。",
    "uplift_caution": "定向前按对照组实测结果的标准误个数留出余量（答复模型的挽留率与伤害率；"
    "两模型从每个预测增益中扣除），只有证据支持的效果才会带来接触。"
    "默认：答复模型为 0（其比率已是以往活动所允许范围的均值），两模型为 1（其树模型高估最佳客户的效果）。",
    "contact_costs": "各渠道单次接触成本（元），替代内置的客户经理 40、呼叫中心 8、短信 0.1。",
    "offers_file": "优惠目录 TOML 文件（每个 offer 表含 id、name、reason、cost、save_rate、tiers），替代内置目录。",
    "manager_workload": "每位客户经理可同时持有的未结工单数；超出的分给最空闲的同事。",
    "warn_fee_service_drop": "预警：大客户任一业务的费用下降达到该比例。",
    "warn_fee_total_drop": "预警：大客户总费用下降达到该比例。",
    "warn_fee_tier_thresholds": "按价值层级设定（单项业务降幅，总费用降幅），替代上面两项，如 {diamond: [0.1, 0.05]}。",
    "warn_fee_drop_tiers": "监控费用下降的个人客户层级（集团客户全部监控）。",
    "warn_fee_min_share": "单项业务参照费用至少占账单该比例时才单独判断。",
    "warn_competitor_min_calls": "当月与竞争对手通话至少达到该次数才触发竞争接触预警。",
    "warn_reference_months": "费用参照值取之前若干个月的均值。",
    "warn_contract_days": "合约在该天数内到期即预警。",
    "warn_complaints": "单月投诉达到该次数即为投诉激增。",
    "warn_competitor_surge": "与竞争对手的通话达到此前月份的该倍数即预警。",
    "warn_anomaly_share": "孤立森林标记为异常的号码比例（0 为关闭）。",
    "warn_winback_months": "挽回档案保持跟进的月数。",
    "winback_budget": "每月挽回接触与回归优惠的资金预算（元）。",
    "winback_return_rate": "已离网客户经回归优惠接触后回归的概率。",
    "session_idle_minutes": "看板会话闲置超过该分钟数即失效。",
    "session_hours": "看板会话自登录起超过该小时数即失效。",
    "token_hours": "API 令牌的有效小时数。",
    "login_failures": "同一账号在登录时间窗内失败达到该次数即暂时锁定。",
    "login_failures_address": "同一来源地址在登录时间窗内失败达到该次数即暂时锁定。",
    "login_window_minutes": "登录失败次数的统计时间窗（分钟）。",
    "page_size_max": "API 或看板单页最多返回的行数。",
    "body_bytes_max": "可接受的请求体最大字节数。",
    "export_rows_max": "单次导出的最多行数。",
    "cookie_secure": "会话 Cookie 仅经 HTTPS 发送（浏览器把 http://127.0.0.1 也视为安全来源）。",
    "timezone": "运营方所在时区（IANA 名称）：看板及其导出文件中的时间按此显示。",
}
