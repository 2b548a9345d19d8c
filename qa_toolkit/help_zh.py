"""The command line's help in Chinese, keyed by its English text (the help written next
to each command and option). `i18n.localise_help` puts it in for `--lang zh`; a test
finds every help text of the command tree here."""

HELP_ZH: dict[str, str] = {
    "Quality inspection (客服质检) for Chinese customer-service calls and chats.":
        "中文客服通话与在线会话的质量检查（客服质检）。",
    "Show the version and exit.": "显示版本号并退出。",  # click made it when the module was imported
    "Check transcripts (files or directories) against a rubric.": "按评分标准检查通话记录（文件或文件夹）。",
    "A shipped rubric name or a path to a rubric YAML file.": "内置评分标准的名称，或评分标准 YAML 文件的路径。",
    "Report format.": "报告格式。",
    "Write the report to FILE instead of standard output.": "把报告写入 FILE，而不是标准输出。",
    "Also fail a call that has a finding of this severity or higher.": "有达到此级别（或更高）问题的通话也判为不合格。",
    "Exit 0 even when calls fail (reporting only).": "即使有通话不合格也以 0 退出（只出报告）。",
    "Call log (CSV/XLSX) to join by call id; repeatable. Logs inside PATHS are found by their headers.":
        "按通话ID关联的话单（CSV/XLSX），可重复给出；PATHS 中的话单按表头自动识别。",
    "Worker processes (default: every core). Results keep the input order.":
        "工作进程数（默认：每个 CPU 核一个）。结果保持输入顺序。",
    "Progress bar on standard error (default: when it is a terminal).": "在标准错误上显示进度条（默认：是终端时显示）。",
    "Results store: a SQLite file (default qa-results.sqlite) or postgresql://user@host/db.":
        "结果库：SQLite 文件（默认 qa-results.sqlite）或 postgresql://user@host/db。",
    "Show card, ID and phone numbers in full (for authorised use).": "完整显示卡号、身份证号和电话号码（仅限授权使用）。",
    "Read every text input (transcripts, CSV) in this encoding instead of detecting it "
    "(utf-8, gb18030, gbk, big5 …).":
        "所有文本输入（通话记录、CSV）都按此编码读取，不自动识别（utf-8、gb18030、gbk、big5 …）。",
    "Language of messages and headers.": "消息和表头的语言。",
    "Per-agent scorecard for a period: calls, logs, manual records → points and ranks.\n\n"
    "    With --store the calls are the store's, each with its final score after review and\n"
    "    appeal (PATHS, if given, are checked and stored first).":
        "一个考核期的坐席评分表：通话、话单、人工记录 → 得分与排名。\n\n"
        "    加 --store 时通话取自结果库，各按复核、申诉后的最终得分（若给出 PATHS，先检查并存入）。",
    "Call log (话务记录, CSV/XLSX); repeatable. Found inside PATHS by their headers too.":
        "话务记录（CSV/XLSX），可重复给出；PATHS 中的话单也按表头自动识别。",
    "Manual QA / discipline records (CSV/XLSX); repeatable.": "人工质检 / 考勤奖惩记录（CSV/XLSX），可重复给出。",
    "Roster with 工号 and 班组 (CSV/XLSX): ranks are within teams.": "含 工号 和 班组 的人员名单（CSV/XLSX）：排名在班组内进行。",
    "Rows the workbook lists at most of each detail sheet (deductions, calls); the CSV and JSON formats list every row.":
        "工作簿中每张明细表（扣分明细、通话）最多列出的行数；CSV 和 JSON 格式列出全部行。",
    "First day of the period (calls and records before it are left out).": "考核期的第一天（之前的通话和记录不计入）。",
    "Last day of the period, inclusive.": "考核期的最后一天（含当天）。",
    "With --from/--to, also count calls that have no date (left out by default).":
        "给出 --from/--to 时，没有日期的通话也计入（默认不计入）。",
    "Scorecard format; default from the output name (.xlsx, .json, .csv: the summary with the other "
    "tables beside it; a directory: CSV files).":
        "评分表格式；默认按输出文件名判断（.xlsx、.json、.csv：汇总表，其他表写在旁边；文件夹：多个 CSV 文件）。",
    "Workbook or JSON file, or a directory for CSV files. JSON without -o goes to standard output.":
        "工作簿或 JSON 文件，或存放 CSV 文件的文件夹。JSON 不给 -o 时写到标准输出。",
    "List a rubric's rules: id, check, severity, points, cap and source article.":
        "列出评分标准的规则：ID、检查方式、级别、扣分、上限和依据条款。",
    "Explain one rule: what, why, where it comes from, examples that pass and fail.":
        "解释一条规则：检查什么、为什么、出自哪里，以及通过和不通过的示例。",
    "Validate rubric files, print their JSON Schema.": "校验评分标准文件，输出其 JSON Schema。",
    "Validate rubric YAML files, lexicons and patterns included, and run every rule's\n"
    "    examples (a pass example must not be flagged, a fail example must be).":
        "校验评分标准 YAML 文件（含词表和模式），并运行每条规则的示例\n"
        "    （应通过的示例不得被判为问题，应不通过的示例必须被判为问题）。",
    "Print the JSON Schema of rubric files (for editors).": "输出评分标准文件的 JSON Schema（供编辑器使用）。",
    "Print the JSON Schema of canonical call JSON or of rubric files.": "输出标准通话 JSON 或评分标准文件的 JSON Schema。",
    "Show how TEXT is normalised and segmented (with the rubric's user words).":
        "显示 TEXT 如何规范化和分词（含评分标准的自定义词）。",
    "Measure each rule against labelled calls: precision, recall, every false hit and miss.\n\n"
    "    With --store, the inspectors' review decisions in the store are the labels.":
        "用已标注的通话衡量每条规则：准确率、召回率，以及每个误报和漏报。\n\n"
        "    加 --store 时，以结果库中质检员的复核结论作为标注。",
    "Transcripts of the calls labels name by id; repeatable (labels may also hold their calls).":
        "标注按 ID 引用的通话记录，可重复给出（标注文件中也可以直接包含通话）。",
    "Output format (default: text, or from the output name).": "输出格式（默认：text，或按输出文件名判断）。",
    "Write to FILE (.json, .xlsx, or text).": "写入 FILE（.json、.xlsx 或文本）。",
    "Exit 1 when a rule's precision is below this.": "有规则的准确率低于此值时以 1 退出。",
    "Exit 1 when a rule's recall is below this.": "有规则的召回率低于此值时以 1 退出。",
    "Findings gained and lost between two rubric versions on the same calls.\n\n"
    "    Exit status: 0 the same results, 1 they differ, 2 usage, rubric or input error.":
        "同一批通话在两个评分标准版本之间新增和消失的问题。\n\n"
        "    退出码：0 结果相同，1 结果不同，2 用法、评分标准或输入错误。",
    "Give it twice: the old rubric, then the new (shipped names or YAML files).":
        "给两次：先旧的评分标准，再新的（内置名称或 YAML 文件）。",
    "Call log (CSV/XLSX) to join by call id; repeatable.": "按通话ID关联的话单（CSV/XLSX），可重复给出。",
    "Review (复核) stored findings: export a workbook, import the decisions.": "复核已存储的问题：导出工作簿，导入复核结论。",
    "Write the review workbook: one row per finding, with evidence and context.":
        "写出复核工作簿：每个问题一行，附证据和上下文。",
    "The results store: a SQLite file or postgresql://user@host/db.": "结果库：SQLite 文件或 postgresql://user@host/db。",
    "Only this rule; repeatable.": "只看这条规则，可重复给出。",
    "Only this agent (工号); repeatable.": "只看这个坐席（工号），可重复给出。",
    "Findings of this status (default: unreviewed); repeatable.": "只看此状态的问题（默认：未复核），可重复给出。",
    "The workbook (.xlsx).": "工作簿（.xlsx）。",
    "Apply a filled-in review workbook: decisions and added findings.": "导入填好的复核工作簿：复核结论和人工补充的问题。",
    "The inspector of rows whose inspector column is empty.": "未填写质检员的行所用的质检员。",
    "Appeals (申诉) of confirmed findings and the arbiter's final decisions (终审).": "对已确认问题的申诉，以及仲裁人的终审结论。",
    "Write the appeal workbook.": "写出申诉工作簿。",
    "appealable: confirmed findings not appealed yet (for agents to fill in).":
        "appealable：已确认、尚未申诉的问题（供坐席填写）。",
    "Apply appeals (rows with a reason) and final decisions (rows with a verdict).":
        "导入申诉（填了申诉理由的行）和终审结论（填了终审结果的行）。",
    "The arbiter of decision rows whose arbiter column is empty.": "未填写仲裁人的终审行所用的仲裁人。",
    "Pick stored calls for manual listening (抽检) into a review workbook.": "挑选已存储的通话供人工抽检，写入复核工作簿。",
    "Only this agent's calls (工号); repeatable.": "只挑这个坐席（工号）的通话，可重复给出。",
    "N calls of each agent, at random.": "每个坐席随机挑 N 通。",
    "Every call with a fatal finding.": "所有有致命问题的通话。",
    "The K calls with the lowest scores.": "得分最低的 K 通。",
    "A share of the other calls, at random.": "在其余通话中随机挑选的比例。",
    "The same seed picks the same calls.": "相同的种子挑出相同的通话。",
    "The review workbook (.xlsx).": "复核工作簿（.xlsx）。",
    "Per rule: hits, hit rate, reviewed, confirmed, false hits, precision, appeals.":
        "按规则统计：命中次数、命中率、已复核、确认、误报、准确率、申诉。",
    "One row per rule and month.": "每条规则每月一行。",
}
