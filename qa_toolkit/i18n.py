"""User-facing strings: Chinese by default, English with --lang en."""

from __future__ import annotations

import re

LANGS = ("zh", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "window.first_turns": {"zh": "前{n}句", "en": "first {n} {n|turn|turns}"},
    "window.last_turns": {"zh": "最后{n}句", "en": "last {n} {n|turn|turns}"},
    "window.first_seconds": {"zh": "前{n}秒", "en": "first {n} s"},
    "window.last_seconds": {"zh": "最后{n}秒", "en": "last {n} s"},
    "whole_call": {"zh": "通话中", "en": "whole call"},
    "unverified": {"zh": "（无录音，无法核实，不扣分）", "en": " (no transcript to verify; not deducted)"},
    "fuzzy": {"zh": "模糊匹配", "en": "fuzzy match"},
    "passed": {"zh": "通过", "en": "passed"},
    "failed": {"zh": "不合格", "en": "failed"},
    "score": {"zh": "得分", "en": "score"},
    "pass_line": {"zh": "合格线", "en": "pass line"},
    "summary": {
        "zh": "共检查 {calls} 通，合格 {passed} 通，不合格 {failed} 通，问题 {findings} 条，输入错误 {errors} 个",
        "en": "{calls} {calls|call|calls} checked, {passed} passed, {failed} failed, {findings} {findings|finding|findings}, {errors} input {errors|error|errors}",
    },
    "input_error": {"zh": "输入错误", "en": "input error"},
    "input_warning": {"zh": "输入提示", "en": "input warning"},
    "no_findings": {"zh": "无问题", "en": "no findings"},
    "utterance": {"zh": "第{n}句", "en": "turn {n}"},
    "agent": {"zh": "坐席", "en": "agent"},
    "role.any": {"zh": "任一方", "en": "any"},
    "customer": {"zh": "客户", "en": "customer"},
    "system": {"zh": "系统", "en": "system"},
    "met_fuzzy": {
        "zh": "{rule}：「{matched}」模糊匹配「{phrase}」",
        "en": "{rule}: “{matched}” fuzzily matched “{phrase}”",
    },
    "fatal_zero": {"zh": "致命项，得分计0", "en": "fatal finding, score set to 0"},
    "progress.calls": {"zh": "{calls} 通，每秒 {rate} 通", "en": "{calls} {calls|call|calls}, {rate}/s"},
    "progress.writing": {"zh": "正在写出 {output} …", "en": "writing {output} …"},
    "rules.col.id": {"zh": "规则", "en": "rule"},
    "rules.col.title": {"zh": "名称", "en": "title"},
    "rules.col.check": {"zh": "检查方式", "en": "check"},
    "rules.col.severity": {"zh": "级别", "en": "severity"},
    "rules.col.points": {"zh": "每次扣分", "en": "points"},
    "rules.col.cap": {"zh": "每通上限", "en": "cap"},
    "rules.col.source": {"zh": "依据", "en": "source"},
    "rules.legend": {
        "zh": "每次扣分：每命中一次扣的分；每通上限：这条规则在一通电话里最多扣的分（- 为不设上限）。"
              "致命级别的问题使整通电话计 0 分。",
        "en": "points: deducted for each hit; cap: the most the rule deducts in one call (- for no cap). "
              "A fatal finding scores the whole call 0.",
    },
    "junit.fail_on": {"zh": "{findings} 个问题，有达到 --fail-on（{severity}）级别的", "en": "{findings} {findings|finding|findings}, some at --fail-on ({severity}) or above"},
    "print.page": {"zh": "第 &P 页，共 &N 页", "en": "Page &P of &N"},
    "chart.agent": {"zh": "坐席", "en": "Agent"},
    "chart.pass_line": {"zh": "合格线 {pass_line}", "en": "Pass line {pass_line}"},
    "validate.ok": {"zh": "{path}：通过（{rules} 条规则，示例均符合）", "en": "{path}: ok ({rules} {rules|rule|rules}, every example as stated)"},
    "github.verdict": {"zh": "{call} 得分 {score}/{base}，合格线 {pass_line}，{verdict}",
                       "en": "{call} scored {score}/{base}, pass line {pass_line}: {verdict}"},
    "run.interrupted": {"zh": "已中断（未写出不完整的输出）", "en": "interrupted (no incomplete output was written)"},
    "run.nothing": {
        "zh": "没有找到可检查的通话：{paths} 中没有支持的文件（{suffixes}）",
        "en": "no calls to check: {paths} holds no supported file ({suffixes})",
    },
    "output.is_input": {
        "zh": "{output}：输出文件是输入文件之一，不会覆盖它，请换一个输出路径",
        "en": "{output}: the output is one of the inputs and will not be overwritten; choose another output path",
    },
    "output.cannot_write": {"zh": "{output}：无法写出：{reason}", "en": "{output}: cannot write: {reason}"},
    "output.write_failed": {"zh": "无法写出输出：{reason}（未留下写了一半的文件）",
                            "en": "cannot write the output: {reason} (no half-written file is left)"},
    "input.own_output": {
        "zh": "{path}：本工具写出的文件，不作为输入读取",
        "en": "{path}: written by this tool, not read as an input",
    },
    "check.not_transcript": {
        "zh": "不是通话记录或话单，由 qa-toolkit score 使用",
        "en": "not a transcript or call log; used by `qa-toolkit score`",
    },
    "score.undated_left_out": {
        "zh": "无日期的通话 {calls} 通未计入所给期间（加 --include-undated 可计入）",
        "en": "{calls} {calls|call|calls} without a date {calls|was|were} left out of the period (--include-undated counts them)",
    },
    "score.done": {
        "zh": "评分：坐席 {agents} 名，通话 {calls} 通，人工记录 {records} 条，期间外 {outside} 条，输入错误 {errors} 个",
        "en": "scored {agents} {agents|agent|agents}, {calls} {calls|call|calls}, {records} manual {records|record|records}, {outside} outside the period, "
              "{errors} input errors",
    },
    "rules.scores": {"zh": "基础分 {base}，合格线 {pass_line}", "en": "base score {base}, pass line {pass_line}"},
    "rule.why": {"zh": "原因：", "en": "Why: "},
    "rule.check": {"zh": "检查类型", "en": "Check"},
    "rule.severity": {"zh": "严重程度", "en": "Severity"},
    "rule.points": {"zh": "扣分", "en": "Points"},
    "rule.cap": {"zh": "封顶", "en": "Cap"},
    "rule.role": {"zh": "适用角色", "en": "Role"},
    "rule.source": {"zh": "依据", "en": "Source"},
    "rule.passes": {"zh": "通过示例", "en": "Passes"},
    "rule.fails": {"zh": "违规示例", "en": "Fails"},
    "sep.list": {"zh": "、", "en": ", "},
    "sep.label": {"zh": "：", "en": ": "},
    "score.floor": {"zh": "（不低于0）", "en": " (floor 0)"},
    "score.fatal": {"zh": "；致命项 {rules} → 0", "en": "; fatal {rules} → 0"},
    "sep.clause": {"zh": "；", "en": "; "},
    "period.no_calls": {"zh": "无通话，不计分", "en": "no calls, not scored"},
    "period.average": {"zh": "通话得分合计 {total} ÷ {calls} 通 = {average}",
                       "en": "call scores {total} ÷ {calls} {calls|call|calls} = {average}"},
    "period.floor": {"zh": "不低于0", "en": "floor 0"},
    "period.fatal": {"zh": "致命项 {items} → 0", "en": "fatal {items} → 0"},
    "team.all": {"zh": "全体", "en": "all"},
    "team.unlisted": {"zh": "未在花名册", "en": "not on roster"},
    "sheet.summary": {"zh": "汇总", "en": "Summary"},
    "sheet.deductions": {"zh": "扣分明细", "en": "Deductions"},
    "sheet.calls": {"zh": "通话", "en": "Calls"},
    "sheet.rules": {"zh": "规则统计", "en": "Rules"},
    "sheet.errors": {"zh": "输入错误", "en": "Input errors"},
    "sheet.about": {"zh": "说明", "en": "About"},
    "col.summary.rank": {"zh": "排名", "en": "Rank"},
    "col.summary.team": {"zh": "班组", "en": "Team"},
    "col.summary.agent_id": {"zh": "工号", "en": "Agent ID"},
    "col.summary.agent_name": {"zh": "姓名", "en": "Name"},
    "col.summary.calls": {"zh": "通话数", "en": "Calls"},
    "col.summary.passed_calls": {"zh": "合格通话", "en": "Calls passed"},
    "col.summary.average": {"zh": "平均通话得分", "en": "Average call score"},
    "col.summary.machine_average": {"zh": "机器平均分", "en": "Machine average"},
    "col.summary.auto_deducted": {"zh": "自动扣分", "en": "Automatic deductions"},
    "col.summary.manual_deducted": {"zh": "人工扣分", "en": "Manual deductions"},
    "col.summary.bonus": {"zh": "奖励加分", "en": "Bonuses"},
    "col.summary.fatal": {"zh": "致命项", "en": "Fatal items"},
    "col.summary.score": {"zh": "期间得分", "en": "Period score"},
    "col.summary.passed": {"zh": "是否合格", "en": "Passed"},
    "col.summary.flag": {"zh": "评定", "en": "Evaluation"},
    "col.summary.team_size": {"zh": "班组排名人数", "en": "Ranked in team"},
    "col.summary.arithmetic": {"zh": "计算过程", "en": "Arithmetic"},
    "col.deductions.source": {"zh": "来源", "en": "Source"},
    "col.deductions.team": {"zh": "班组", "en": "Team"},
    "col.deductions.agent_id": {"zh": "工号", "en": "Agent ID"},
    "col.deductions.agent_name": {"zh": "姓名", "en": "Name"},
    "col.deductions.call_id": {"zh": "通话ID", "en": "Call ID"},
    "col.deductions.time": {"zh": "时间", "en": "Time"},
    "col.deductions.item_id": {"zh": "规则/项目", "en": "Rule / item"},
    "col.deductions.title": {"zh": "名称", "en": "Title"},
    "col.deductions.severity": {"zh": "严重程度", "en": "Severity"},
    "col.deductions.points": {"zh": "分值", "en": "Points"},
    "col.deductions.message": {"zh": "说明", "en": "Message"},
    "col.deductions.evidence": {"zh": "证据", "en": "Evidence"},
    "col.deductions.inspector": {"zh": "质检员", "en": "Inspector"},
    "col.deductions.location": {"zh": "位置", "en": "Location"},
    "col.deductions.finding_id": {"zh": "问题编号", "en": "Finding ID"},
    "col.deductions.status": {"zh": "复核状态", "en": "Status"},
    "col.calls.call_id": {"zh": "通话ID", "en": "Call ID"},
    "col.calls.agent_id": {"zh": "工号", "en": "Agent ID"},
    "col.calls.agent_name": {"zh": "姓名", "en": "Name"},
    "col.calls.channel": {"zh": "渠道", "en": "Channel"},
    "col.calls.started_at": {"zh": "开始时间", "en": "Started"},
    "col.calls.duration": {"zh": "时长(秒)", "en": "Duration (s)"},
    "col.calls.data": {"zh": "数据来源", "en": "Data"},
    "col.calls.score": {"zh": "得分", "en": "Score"},
    "col.calls.machine_score": {"zh": "机器得分", "en": "Machine score"},
    "col.calls.revision": {"zh": "规则集修订", "en": "Rubric revision"},
    "col.calls.passed": {"zh": "是否合格", "en": "Passed"},
    "col.calls.fatal": {"zh": "致命", "en": "Fatal"},
    "col.calls.findings": {"zh": "问题数", "en": "Findings"},
    "col.calls.arithmetic": {"zh": "计算过程", "en": "Arithmetic"},
    "col.calls.source": {"zh": "文件", "en": "File"},
    "col.rules.rule_id": {"zh": "规则ID", "en": "Rule ID"},
    "col.rules.title": {"zh": "名称", "en": "Title"},
    "col.rules.severity": {"zh": "严重程度", "en": "Severity"},
    "col.rules.hits": {"zh": "命中次数", "en": "Hits"},
    "col.rules.calls": {"zh": "涉及通话", "en": "Calls affected"},
    "col.rules.points": {"zh": "扣分合计", "en": "Points deducted"},
    "col.rules.checked": {"zh": "检查通话数", "en": "Calls checked"},
    "col.rules.hit_rate": {"zh": "命中率", "en": "Hit rate"},
    "col.rules.reviewed": {"zh": "已复核", "en": "Reviewed"},
    "col.rules.confirmed": {"zh": "确认", "en": "Confirmed"},
    "col.rules.false_hits": {"zh": "误报", "en": "False hits"},
    "col.rules.precision": {"zh": "复核准确率", "en": "Precision"},
    "col.rules.appeals": {"zh": "申诉", "en": "Appeals"},
    "col.rules.upheld": {"zh": "申诉成立（撤销）", "en": "Appeals upheld (revoked)"},
    "col.rules.changed": {"zh": "改判", "en": "Points changed"},
    "col.errors.path": {"zh": "文件", "en": "File"},
    "col.errors.sheet": {"zh": "工作表", "en": "Sheet"},
    "col.errors.row": {"zh": "行", "en": "Row / line"},
    "col.errors.column": {"zh": "列", "en": "Column"},
    "col.errors.reason": {"zh": "原因", "en": "Reason"},
    "col.about.item": {"zh": "项目", "en": "Item"},
    "col.about.value": {"zh": "内容", "en": "Value"},
    "col.summary.rule": {"zh": "扣分·{title}", "en": "Deducted: {title}"},
    "col.summary.item": {"zh": "人工·{item}", "en": "Manual: {item}"},
    "fatal_call": {"zh": "通话{call}", "en": "call {call}"},
    "flag.promote": {"zh": "晋升候选", "en": "promotion candidate"},
    "flag.retrain": {"zh": "待培训", "en": "retraining"},
    "source.auto": {"zh": "自动", "en": "auto"},
    "source.manual": {"zh": "人工", "en": "manual"},
    "source.inspector": {"zh": "人工补充", "en": "added by inspector"},
    "status.unreviewed": {"zh": "未复核", "en": "unreviewed"},
    "status.confirmed": {"zh": "确认", "en": "confirmed"},
    "status.false_hit": {"zh": "误报", "en": "false hit"},
    "status.pending": {"zh": "待定", "en": "pending"},
    "status.appeal_open": {"zh": "申诉中", "en": "under appeal"},
    "status.revoked": {"zh": "申诉成立，已撤销", "en": "revoked on appeal"},
    "status.kept": {"zh": "申诉驳回，维持", "en": "kept on appeal"},
    "status.changed": {"zh": "改判", "en": "points changed on appeal"},
    "status.manual": {"zh": "人工补充", "en": "added by inspector"},
    "data.both": {"zh": "录音+话单", "en": "transcript + log"},
    "data.transcript": {"zh": "仅录音", "en": "transcript only"},
    "data.log": {"zh": "仅话单", "en": "log only"},
    "channel.call": {"zh": "电话", "en": "call"},
    "channel.chat": {"zh": "在线", "en": "chat"},
    "yes": {"zh": "是", "en": "yes"},
    "no": {"zh": "否", "en": "no"},
    "chart.score": {"zh": "期间得分", "en": "Period score"},
    "about.all": {"zh": "全部", "en": "all"},
    "about.rubric": {"zh": "规则集", "en": "Rubric"},
    "about.period": {"zh": "考核期间", "en": "Period"},
    "about.generated": {"zh": "生成时间", "en": "Generated"},
    "about.lines": {"zh": "基础分 / 合格线", "en": "Base score / pass line"},
    "about.calls": {"zh": "通话数", "en": "Calls"},
    "about.records": {"zh": "人工记录数", "en": "Manual records"},
    "about.outside": {"zh": "期间外未计入", "en": "Left out (outside the period)"},
    "about.undated": {"zh": "无日期的通话", "en": "Calls without a date"},
    "about.errors": {"zh": "输入错误", "en": "Input errors"},
    "about.score": {"zh": "期间得分", "en": "Period score"},
    "about.score_formula": {
        "zh": "平均通话得分（保留两位小数）− 人工扣分 + 奖励加分，不低于0；有致命项（以0分计）时为0。自动扣分已计入通话得分，仅列示。",
        "en": "average call score (2 decimals) − manual deductions + bonuses, not below 0; "
              "0 with a fatal item. Automatic deductions are inside the call scores and shown only.",
    },
    "about.flags": {"zh": "评定", "en": "Evaluation"},
    "about.flags_rule": {
        "zh": "班组内排名；{low}–{high}人的班组取第一名为晋升候选、最后一名待培训；更大的班组取前{top}、后{bottom}；有致命项者不列晋升候选。",
        "en": "ranked within the team; teams of {low}–{high} flag the first and the last; larger teams the top "
              "{top} and bottom {bottom}; no promotion flag with a fatal item.",
    },
    "about.privacy": {"zh": "隐私", "en": "Privacy"},
    "about.privacy_rule": {
        "zh": "证据中的卡号、证件号、电话号码仅保留后四位。",
        "en": "card, ID and phone numbers in evidence keep only their last four digits.",
    },
    "about.detail_rows": {"zh": "明细行数", "en": "Detail rows"},
    "about.detail_rows_cut": {
        "zh": "工作簿每张明细表最多列出 {limit} 行：{tables}。全部行请用 --format csv 导出，或以 --detail-rows 调整上限。",
        "en": "a workbook lists at most {limit} rows of each detail sheet: {tables}. Every row: --format csv, "
              "or raise the limit with --detail-rows.",
    },
    "about.table_rows": {"zh": "{title}共 {rows} 行", "en": "{title} has {rows} rows"},
    "sheet.rows_cut": {
        "zh": "…… 仅列出前 {shown} 行，共 {rows} 行；全部行请用 --format csv 导出，或以 --detail-rows 调整上限。",
        "en": "… only the first {shown} of {rows} rows are listed; every row: --format csv, or raise the limit "
              "with --detail-rows.",
    },
    "cal.head": {"zh": "规则集 {rubric} {version}：标注通话 {calls} 通", "en": "rubric {rubric} {version}: {calls} labelled {calls|call|calls}"},
    "cal.rule": {"zh": "规则", "en": "rule"},
    "cal.title": {"zh": "名称", "en": "title"},
    "cal.calls": {"zh": "标注通话", "en": "calls"},
    "cal.findings": {"zh": "命中", "en": "findings"},
    "cal.true": {"zh": "正确", "en": "true"},
    "cal.false": {"zh": "误报", "en": "false hits"},
    "cal.missed": {"zh": "漏报", "en": "misses"},
    "cal.precision": {"zh": "精确率", "en": "precision"},
    "cal.recall": {"zh": "召回率", "en": "recall"},
    "cal.below": {"zh": "未达标", "en": "below target"},
    "cal.false_hits": {"zh": "误报 {n} 条：", "en": "{n} false {n|hit|hits}:"},
    "cal.misss": {"zh": "漏报 {n} 条：", "en": "{n} {n|miss|misses}:"},
    "cal.unknown_calls": {"zh": "找不到的通话 {n} 通：{ids}", "en": "{n} labelled {n|call|calls} not found: {ids}"},
    "cal.unknown_rules": {"zh": "规则集中没有的规则：{ids}", "en": "rules not in the rubric: {ids}"},
    "cal.sheet_rules": {"zh": "规则", "en": "Rules"},
    "cal.sheet_false_hit": {"zh": "误报", "en": "False hits"},
    "cal.sheet_miss": {"zh": "漏报", "en": "Misses"},
    "cal.turn": {"zh": "句序", "en": "Turn"},
    "cal.text": {"zh": "内容", "en": "Text"},
    "cal.reason": {"zh": "标注理由", "en": "Label reason"},
    "cal.where": {"zh": "标注位置", "en": "Label at"},
    "cal.failed": {"zh": "未达标的规则：{rules}", "en": "rules below target: {rules}"},
    "store.no_folder": {"zh": "结果库所在的文件夹不存在：{path}", "en": "the folder of the store does not exist: {path}"},
    "store.driver": {"zh": "无法打开结果库 {url}：缺少数据库驱动 {module}（PostgreSQL 需要安装 qa-toolkit[postgresql]）",
                     "en": "cannot open the store {url}: the database driver {module} is missing (PostgreSQL needs qa-toolkit[postgresql])"},
    "store.cannot_open": {"zh": "无法打开结果库 {url}：{reason}", "en": "cannot open the store {url}: {reason}"},
    "store.saved": {"zh": "已存入结果库 {store}：通话 {calls} 通，问题 {findings} 条（规则集修订 {revision}）",
                    "en": "stored in {store}: {calls} {calls|call|calls}, {findings} {findings|finding|findings} (rubric revision {revision})"},
    "role.agent": {"zh": "坐席", "en": "agent"},
    "role.customer": {"zh": "客户", "en": "customer"},
    "role.system": {"zh": "系统", "en": "system"},
    "sheet.pick": {"zh": "请从下拉列表中选择", "en": "pick a value from the list"},
    "sheet.none": {"zh": "工作簿中没有可识别的工作表（表头不符）", "en": "no sheet of the workbook has the expected headers"},
    "review.sheet.review": {"zh": "复核", "en": "Review"},
    "review.sheet.added": {"zh": "人工补充", "en": "Added"},
    "review.sheet.sample": {"zh": "抽检清单", "en": "Sample"},
    "review.sheet.help": {"zh": "说明", "en": "Help"},
    "review.col.finding_id": {"zh": "问题编号", "en": "Finding ID"},
    "review.col.call_id": {"zh": "通话ID", "en": "Call ID"},
    "review.col.agent_id": {"zh": "工号", "en": "Agent ID"},
    "review.col.agent_name": {"zh": "姓名", "en": "Agent"},
    "review.col.time": {"zh": "通话时间", "en": "Time"},
    "review.col.rule_id": {"zh": "规则", "en": "Rule"},
    "review.col.title": {"zh": "规则名称", "en": "Rule title"},
    "review.col.severity": {"zh": "严重程度", "en": "Severity"},
    "review.col.points": {"zh": "扣分", "en": "Points"},
    "review.col.turn": {"zh": "句序", "en": "Turn"},
    "review.col.evidence": {"zh": "证据", "en": "Evidence"},
    "review.col.context": {"zh": "上下文", "en": "Context"},
    "review.col.status": {"zh": "当前状态", "en": "Status"},
    "review.col.decision": {"zh": "复核结果", "en": "Decision"},
    "review.col.note": {"zh": "复核意见", "en": "Note"},
    "review.col.inspector": {"zh": "质检员", "en": "Inspector"},
    "review.col.rule": {"zh": "规则或项目", "en": "Rule or item"},
    "review.col.score": {"zh": "得分", "en": "Score"},
    "review.col.findings": {"zh": "问题数", "en": "Findings"},
    "review.col.why": {"zh": "入选原因", "en": "Why picked"},
    "review.col.source": {"zh": "文件", "en": "File"},
    "review.col.result": {"zh": "抽检结论", "en": "Result"},
    "review.col.help": {"zh": "填写说明", "en": "How to fill it in"},
    "review.help": {
        "zh": "复核：在「复核结果」一列选择 确认 / 误报 / 待定，可填写「复核意见」；「质检员」为空时用导入时的 --inspector。\n"
              "人工补充：机器漏报的问题填在「人工补充」表：通话ID、规则或人工项目、句序（第几句，可空）、扣分（可空，默认规则分值）、说明、质检员。\n"
              "导入：qa-toolkit review import 本文件 --store；有误的行会列出工作表、行号和原因，其余行照常导入。\n"
              "误报不扣分；确认的问题坐席可在申诉期内申诉（qa-toolkit appeal）。证据中的卡号、身份证号、电话号码已脱敏。",
        "en": "Review: pick confirmed / false hit / pending in the Decision column, add a note if you like; an empty Inspector takes --inspector of the import.\n"
              "Added: findings the machine missed go in the Added sheet: call ID, rule or manual item, turn (may be empty), points (default: the rule's), note, inspector.\n"
              "Import: qa-toolkit review import this-file --store; bad rows are listed with sheet, row and reason, the other rows are applied.\n"
              "A false hit deducts nothing; the agent may appeal a confirmed finding within the appeal period (qa-toolkit appeal). Card, ID and phone numbers in the evidence are masked.",
    },
    "review.added_message": {"zh": "{title}（人工补充）{note}", "en": "{title} (added by the inspector) {note}"},
    "review.err.no_id": {"zh": "缺少问题编号", "en": "no finding ID"},
    "review.err.decision": {"zh": "复核结果「{value}」无效（可选：{allowed}）", "en": "decision '{value}' is not one of: {allowed}"},
    "review.err.no_inspector": {"zh": "没有质检员（填写「质检员」列或使用 --inspector）", "en": "no inspector (fill the Inspector column or give --inspector)"},
    "review.err.unknown": {"zh": "结果库中没有问题编号 {id}", "en": "no finding {id} in the store"},
    "review.err.old_revision": {"zh": "问题 {id} 属于通话 {call} 的旧版检查结果（规则集已更新后重新检查），请重新导出复核表", "en": "finding {id} is from an older check of call {call} (checked again with a newer rubric revision): export the review workbook again"},
    "review.err.stale": {"zh": "问题 {id} 在重新检查后已不再出现", "en": "finding {id} is no longer found since the call was checked again"},
    "review.err.appealed": {"zh": "问题 {id} 已进入申诉，复核结果不能再改", "en": "finding {id} is under appeal or decided on appeal: its review can no longer change"},
    "review.err.conflict": {"zh": "问题 {id} 已由质检员 {other} 复核为「{decision}」，与本行不一致，未导入", "en": "finding {id} was already reviewed as '{decision}' by {other}: this row disagrees and was not applied"},
    "review.err.no_call": {"zh": "缺少通话ID", "en": "no call ID"},
    "review.err.unknown_call": {"zh": "结果库中没有通话 {call}", "en": "no call {call} in the store"},
    "review.err.no_rule": {"zh": "缺少规则或人工项目", "en": "no rule or item"},
    "review.err.unknown_rule": {"zh": "规则集中没有扣分规则或扣分项目「{rule}」", "en": "no rule or deduction item '{rule}' in the rubric"},
    "review.err.turn": {"zh": "句序「{value}」无效（本通共 {n} 句）", "en": "turn '{value}' is not between 1 and {n}"},
    "review.err.points": {"zh": "扣分「{value}」不是非负数", "en": "points '{value}' is not a number of 0 or more"},
    "review.err.points_needed": {"zh": "项目「{item}」需要填写扣分", "en": "item '{item}' needs its points"},
    "review.done": {"zh": "复核导入：确认 {confirmed} 条，误报 {false_hit} 条，待定 {pending} 条，人工补充 {added} 条，无变化 {same} 行，未填写 {blank} 行，有误 {errors} 行",
                    "en": "review import: {confirmed} confirmed, {false_hit} false {false_hit|hit|hits}, {pending} pending, {added} added, {same} unchanged, {blank} not filled in, {errors} bad {errors|row|rows}"},
    "review.exported": {"zh": "已导出复核表 {path}：问题 {n} 条", "en": "review workbook {path}: {n} {n|finding|findings}"},
    "appeal.sheet": {"zh": "申诉", "en": "Appeals"},
    "appeal.col.appeal_id": {"zh": "申诉编号", "en": "Appeal ID"},
    "appeal.col.finding_id": {"zh": "问题编号", "en": "Finding ID"},
    "appeal.col.call_id": {"zh": "通话ID", "en": "Call ID"},
    "appeal.col.agent_id": {"zh": "工号", "en": "Agent ID"},
    "appeal.col.agent_name": {"zh": "姓名", "en": "Agent"},
    "appeal.col.title": {"zh": "规则名称", "en": "Rule"},
    "appeal.col.points": {"zh": "扣分", "en": "Points"},
    "appeal.col.evidence": {"zh": "证据", "en": "Evidence"},
    "appeal.col.inspector": {"zh": "质检员", "en": "Inspector"},
    "appeal.col.confirmed": {"zh": "确认日期", "en": "Confirmed"},
    "appeal.col.deadline": {"zh": "申诉截止", "en": "Appeal by"},
    "appeal.col.reason": {"zh": "申诉理由", "en": "Reason"},
    "appeal.col.filed": {"zh": "申诉日期", "en": "Filed"},
    "appeal.col.verdict": {"zh": "终审结果", "en": "Decision"},
    "appeal.col.new_points": {"zh": "改判扣分", "en": "New points"},
    "appeal.col.arbiter": {"zh": "仲裁人", "en": "Arbiter"},
    "appeal.col.note": {"zh": "终审意见", "en": "Decision note"},
    "appeal.verdict.rejected": {"zh": "维持", "en": "kept"},
    "appeal.verdict.upheld": {"zh": "撤销", "en": "revoked"},
    "appeal.verdict.changed": {"zh": "改判", "en": "changed"},
    "appeal.help": {
        "zh": "坐席申诉：在「申诉理由」填写理由（「申诉日期」可空，默认导入当天），确认后 {days} 个工作日内有效。\n"
              "终审：仲裁人在「终审结果」选择 维持（照常扣分）/ 撤销（不扣分）/ 改判（填写「改判扣分」），并填写「仲裁人」「终审意见」。终审后不可再改。\n"
              "导入：qa-toolkit appeal import 本文件 --store；有误的行会列出工作表、行号和原因，其余行照常导入。",
        "en": "Appeal: write the reason in Reason (Filed may stay empty: the day of the import); valid for {days} working {days|day|days} after the finding was confirmed.\n"
              "Decision: the arbiter picks kept (deducts as before) / revoked (deducts nothing) / changed (give New points), and fills in Arbiter and Decision note. A decision is final.\n"
              "Import: qa-toolkit appeal import this-file --store; bad rows are listed with sheet, row and reason, the other rows are applied.",
    },
    "appeal.err.again": {"zh": "问题 {id} 已经申诉过，不能重复申诉", "en": "finding {id} has been appealed already"},
    "appeal.err.not_confirmed": {"zh": "问题 {id} 未经复核确认，不能申诉", "en": "finding {id} is not confirmed: only a confirmed finding can be appealed"},
    "appeal.err.agent": {"zh": "工号 {agent} 不能申诉坐席 {owner} 的问题", "en": "agent {agent} cannot appeal a finding of agent {owner}"},
    "appeal.err.date": {"zh": "申诉日期「{value}」不是日期", "en": "filed '{value}' is not a date"},
    "appeal.err.late": {"zh": "已过申诉期：{confirmed} 确认，{days} 个工作日内（至 {last}）可申诉，申诉日期为 {filed}", "en": "too late: confirmed on {confirmed}, appeals within {days} working {days|day|days} (by {last}), filed {filed}"},
    "appeal.err.no_id": {"zh": "缺少申诉编号", "en": "no appeal ID"},
    "appeal.err.unknown": {"zh": "结果库中没有申诉编号 {id}", "en": "no appeal {id} in the store"},
    "appeal.err.verdict": {"zh": "终审结果「{value}」无效（可选：{allowed}）", "en": "decision '{value}' is not one of: {allowed}"},
    "appeal.err.final": {"zh": "申诉 {id} 已终审为「{verdict}」，终审后不可再改", "en": "appeal {id} was decided as '{verdict}': a final decision cannot change"},
    "appeal.err.no_arbiter": {"zh": "没有仲裁人（填写「仲裁人」列或使用 --arbiter）", "en": "no arbiter (fill the Arbiter column or give --arbiter)"},
    "appeal.err.points": {"zh": "改判需要填写非负的「改判扣分」（现为「{value}」）", "en": "a change needs New points of 0 or more (got '{value}')"},
    "appeal.done": {"zh": "申诉导入：新申诉 {appealed} 条，维持 {rejected} 条，撤销 {upheld} 条，改判 {changed} 条，无变化 {same} 行，有误 {errors} 行",
                    "en": "appeal import: {appealed} new {appealed|appeal|appeals}, {rejected} kept, {upheld} revoked, {changed} changed, {same} unchanged, {errors} bad {errors|row|rows}"},
    "appeal.exported": {"zh": "已导出申诉表 {path}：{n} 行", "en": "appeal workbook {path}: {n} {n|row|rows}"},
    "sample.fatal": {"zh": "含致命项", "en": "fatal finding"},
    "sample.lowest": {"zh": "得分最低的 {n} 通之一", "en": "among the {n} lowest scores"},
    "sample.per_agent": {"zh": "每人随机 {n} 通", "en": "{n} at random per agent"},
    "sample.share": {"zh": "随机抽取 {share}", "en": "random {share}"},
    "sample.nothing": {"zh": "没有抽检条件：请给出 --per-agent、--all-fatal、--lowest 或 --share", "en": "nothing to pick by: give --per-agent, --all-fatal, --lowest or --share"},
    "sample.done": {"zh": "已抽取 {calls} 通（问题 {findings} 条）→ {path}", "en": "picked {calls} {calls|call|calls} ({findings} {findings|finding|findings}) → {path}"},
    "stats.sheet": {"zh": "规则质量", "en": "Rule quality"},
    "stats.month": {"zh": "月份", "en": "Month"},
    "stats.undated": {"zh": "无日期", "en": "undated"},
    "stats.hits": {"zh": "命中", "en": "Hits"},
    "stats.calls": {"zh": "涉及通话", "en": "Calls hit"},
    "stats.checked": {"zh": "检查通话", "en": "Calls checked"},
    "stats.hit_rate": {"zh": "命中率", "en": "Hit rate"},
    "diff.head": {"zh": "规则集对比：{old} {old_version} → {new} {new_version}，同一批通话 {calls} 通",
                  "en": "rubric {old} {old_version} → {new} {new_version} on the same {calls} {calls|call|calls}"},
    "diff.old": {"zh": "旧版命中", "en": "old"},
    "diff.new": {"zh": "新版命中", "en": "new"},
    "diff.gained": {"zh": "新增", "en": "gained"},
    "diff.lost": {"zh": "消失", "en": "lost"},
    "diff.changed": {"zh": "证据变化", "en": "changed"},
    "diff.only_old": {"zh": "（新版已删除此规则）", "en": "(not in the new rubric)"},
    "diff.only_new": {"zh": "（新版新增的规则）", "en": "(new in the new rubric)"},
    "diff.gained_head": {"zh": "新增问题 {n} 条（只有新版报出）：", "en": "{n} {n|finding|findings} gained (new rubric only):"},
    "diff.lost_head": {"zh": "消失问题 {n} 条（只有旧版报出）：", "en": "{n} {n|finding|findings} lost (old rubric only):"},
    "diff.changed_head": {"zh": "证据变化 {n} 条（同一规则同一句，证据不同）：",
                          "en": "{n} {n|finding|findings} changed (same rule and turn, other evidence):"},
    "diff.before": {"zh": "旧版：", "en": "old:"},
    "diff.after": {"zh": "新版：", "en": "new:"},
    "diff.verdicts_head": {"zh": "得分或结论变化的通话 {n} 通：", "en": "{n} {n|call|calls} whose score or verdict changed:"},
    "diff.pass": {"zh": "合格", "en": "pass"},
    "diff.fail": {"zh": "不合格", "en": "fail"},
    "diff.same": {"zh": "两版规则集在这些通话上的结果完全相同。", "en": "Both rubrics give the same results on these calls."},
    "diff.sheet_rules": {"zh": "规则", "en": "Rules"},
    "diff.sheet_changes": {"zh": "问题变化", "en": "Changes"},
    "diff.sheet_verdicts": {"zh": "结论变化", "en": "Verdicts"},
    "diff.kind": {"zh": "变化", "en": "Change"},
    "diff.message": {"zh": "问题", "en": "Finding"},
    "diff.old_verdict": {"zh": "旧版结论", "en": "Old verdict"},
    "diff.new_verdict": {"zh": "新版结论", "en": "New verdict"},
    "diff.old_score": {"zh": "旧版得分", "en": "Old score"},
    "diff.new_score": {"zh": "新版得分", "en": "New score"},
    "diff.two_rubrics": {"zh": "需要恰好两个 --rubric：旧版和新版", "en": "give exactly two --rubric: the old and the new"},
    "diff.differs": {"zh": "两版结果不同：{changes} 条问题变化，{verdicts} 通得分或结论变化",
                     "en": "the rubrics differ: {changes} {changes|finding|findings} changed, {verdicts} {verdicts|call|calls} scored differently"},
    "severity.info": {"zh": "提示", "en": "info"},
    "severity.minor": {"zh": "轻微", "en": "minor"},
    "severity.major": {"zh": "严重", "en": "major"},
    "severity.fatal": {"zh": "致命", "en": "fatal"},
}


def register(prefix: str, messages: dict[str, dict[str, str]]) -> None:
    """Add a check type's messages to the catalogue, as `prefix.key`."""
    for key, texts in messages.items():
        MESSAGES[f"{prefix}.{key}"] = texts


_PLURAL = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")


def t(key: str, lang: str = "zh", /, **values) -> str:
    """The catalogue's text for `key` in `lang`, with `values` put in (a value that is a
    `Msg` is said in the same language). `{n|call|calls}` in a template is the singular
    when n is 1, else the plural."""
    template = MESSAGES[key].get(lang) or MESSAGES[key]["zh"]
    if not values:
        return template
    values = {name: _said_value(value, lang) for name, value in values.items()}
    if "|" in template:
        template = _PLURAL.sub(lambda m: m.group(2) if str(values.get(m.group(1))) == "1" else m.group(3), template)
    return template.format(**values)


def _said_value(value, lang: str):
    """A template value as said: a `Msg` in `lang`, a list or tuple joined by the
    language's list separator."""
    if isinstance(value, Msg):
        return value.say(lang)
    if isinstance(value, (list, tuple)):
        return MESSAGES["sep.list"][lang].join(_said_value(v, lang) for v in value)
    return value


class Msg:
    """A message said later, in the reader's language: a catalogue key and its values.

    Readers and loaders do not know the language of the report; they hand on a `Msg`, and
    the writer says it (`say`). A value may be a `Msg` itself. `str()` is the English, for
    exceptions and logs."""

    __slots__ = ("key", "values")

    def __init__(self, key: str, /, **values):
        if key not in MESSAGES:
            raise KeyError(key)
        self.key, self.values = key, values

    def say(self, lang: str = "zh") -> str:
        return t(self.key, lang, **self.values)

    def map(self, fn) -> "Msg":
        """The same message with `fn` applied to each text value (masking, for one)."""
        def apply(value):
            if isinstance(value, Msg):
                return value.map(fn)
            if isinstance(value, (list, tuple)):
                return [apply(v) for v in value]
            return fn(value) if isinstance(value, str) else value

        return Msg(self.key, **{name: apply(value) for name, value in self.values.items()})

    def __str__(self) -> str:
        return self.say("en")

    def __repr__(self) -> str:
        return f"Msg({self.key!r}, {self.values!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Msg) and (self.key, self.values) == (other.key, other.values)

    def __hash__(self) -> int:
        return hash(self.key)

    def __reduce__(self):
        return (_msg, (self.key, self.values))


def _msg(key: str, values: dict) -> Msg:
    return Msg(key, **values)


def say(text, lang: str = "zh") -> str:
    """A text for the reader: a `Msg` said in `lang`, anything else as it is."""
    return text.say(lang) if isinstance(text, Msg) else str(text)


def said_map(text, fn):
    """`fn` applied to a plain text, or to each value of a `Msg`."""
    return text.map(fn) if isinstance(text, Msg) else fn(text)


def localized(obj, name: str, lang: str, fallback: bool = True):
    """A text field of a rubric object in the language: `title`, or `title_en` in English
    (the Chinese when there is none, unless `fallback` is off: then None)."""
    value = getattr(obj, name)
    if lang == "zh":
        return value
    return getattr(obj, f"{name}_en", None) or (value if fallback else None)


_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")


def fill(template: str, values: dict) -> str:
    """A rubric's own message template with its documented names ({title}, {matched} …)
    put in as plain text; `{{` and `}}` are braces. Anything else in braces — attribute or
    index access, a format spec, a number — is left as written: a rubric from a download
    must not reach into the program's objects or make it build huge strings."""
    def put(match: re.Match) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name = match.group(1)
        return str(values[name]) if name in values else token

    return _PLACEHOLDER.sub(put, template)


# pydantic's error types a user meets, said in both languages; others keep pydantic's text
_PYDANTIC = {
    "missing": {"zh": "缺少此项", "en": "missing"},
    "extra_forbidden": {"zh": "未知的键", "en": "unknown key"},
    "string_type": {"zh": "应为文本", "en": "should be a text"},
    "int_type": {"zh": "应为整数", "en": "should be a whole number"},
    "int_parsing": {"zh": "应为整数", "en": "should be a whole number"},
    "int_from_float": {"zh": "应为整数", "en": "should be a whole number"},
    "float_type": {"zh": "应为数字", "en": "should be a number"},
    "float_parsing": {"zh": "应为数字", "en": "should be a number"},
    "finite_number": {"zh": "应为有限的数字", "en": "should be a finite number"},
    "bool_type": {"zh": "应为 true 或 false", "en": "should be true or false"},
    "bool_parsing": {"zh": "应为 true 或 false", "en": "should be true or false"},
    "list_type": {"zh": "应为列表", "en": "should be a list"},
    "dict_type": {"zh": "应为映射（键: 值）", "en": "should be a mapping (key: value)"},
    "model_type": {"zh": "应为映射（键: 值）", "en": "should be a mapping (key: value)"},
    "model_attributes_type": {"zh": "应为映射（键: 值）", "en": "should be a mapping (key: value)"},
    "literal_error": {"zh": "应为以下之一：{expected}", "en": "should be one of: {expected}"},
    "enum": {"zh": "应为以下之一：{expected}", "en": "should be one of: {expected}"},
    "greater_than": {"zh": "应大于 {gt}", "en": "should be greater than {gt}"},
    "greater_than_equal": {"zh": "应不小于 {ge}", "en": "should be at least {ge}"},
    "less_than": {"zh": "应小于 {lt}", "en": "should be less than {lt}"},
    "less_than_equal": {"zh": "应不大于 {le}", "en": "should be at most {le}"},
    "too_short": {"zh": "至少需要 {min_length} 项", "en": "needs at least {min_length} {min_length|item|items}"},
    "too_long": {"zh": "最多 {max_length} 项", "en": "at most {max_length} {max_length|item|items}"},
    "string_too_short": {"zh": "不能为空", "en": "should not be empty"},
    "string_too_long": {"zh": "最长 {max_length} 个字符", "en": "at most {max_length} {max_length|character|characters}"},
    "datetime_parsing": {"zh": "不是日期时间", "en": "not a date and time"},
    "datetime_type": {"zh": "不是日期时间", "en": "not a date and time"},
    "date_parsing": {"zh": "不是日期", "en": "not a date"},
    "date_from_datetime_parsing": {"zh": "不是日期", "en": "not a date"},
    "string_pattern_mismatch": {"zh": "格式不符：{pattern}", "en": "does not match {pattern}"},
    "union_tag_invalid": {"zh": "未知的类型 {tag}（应为：{expected_tags}）", "en": "unknown type {tag} (expected: {expected_tags})"},
    "union_tag_not_found": {"zh": "缺少 {discriminator}", "en": "{discriminator} is missing"},
}
register("pydantic", _PYDANTIC)


def pydantic_reason(err: dict):
    """One pydantic error (an item of `ValidationError.errors()`) as a `Msg` where it can be
    said in both languages: a validator's own `Msg`, or a known error type."""
    kind, ctx = err.get("type"), err.get("ctx") or {}
    if kind in ("value_error", "assertion_error"):
        cause = ctx.get("error")
        if cause is not None and cause.args and isinstance(cause.args[0], Msg):
            return cause.args[0]
        return err["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind in _PYDANTIC:
        values = {name: f"{value:g}" if isinstance(value, float) else str(value) for name, value in ctx.items()}
        if "expected" in values:  # "'a', 'b' or 'c'": a list, said with the language's separator
            values["expected"] = re.split(r", | or ", values["expected"])
        needed = set(re.findall(r"\{(\w+)", _PYDANTIC[kind]["zh"] + _PYDANTIC[kind]["en"]))
        if needed <= set(values):
            return Msg(f"pydantic.{kind}", **{name: values[name] for name in needed})
    return err["msg"]


# what is wrong with an input: said by the readers as Msg("in.…"), in the report's language
register("in", {
    "no_such_path": {"zh": "没有这个文件或文件夹", "en": "no such file or directory"},
    "no_such_file": {"zh": "没有这个文件", "en": "no such file"},
    "unsupported": {"zh": "不支持的文件类型「{suffix}」（支持：{expected}）",
                    "en": "unsupported file type '{suffix}' (expected {expected})"},
    "unsupported_table": {"zh": "不支持的表格类型「{suffix}」（支持 .csv、.tsv、.xlsx）",
                          "en": "unsupported table type '{suffix}' (expected .csv, .tsv, .xlsx)"},
    "cannot_read": {"zh": "无法读取文件：{reason}", "en": "cannot read file: {reason}"},
    "cannot_decode": {"zh": "无法解码文本：{reason}", "en": "cannot decode text: {reason}"},
    "not_in_encoding": {"zh": "不是 {encoding} 编码的文本：第 {byte} 字节无法解码",
                        "en": "not {encoding} text: cannot decode byte {byte}"},
    "bad_bom": {"zh": "带 {encoding} 字节序标记，但第 {byte} 字节无法解码",
                "en": "{encoding} byte-order mark, but byte {byte} cannot be decoded"},
    "not_chinese_text": {"zh": "不是 UTF-8、GB18030 或 Big5 编码的文本", "en": "not UTF-8, GB18030 or Big5 text"},
    "empty_file": {"zh": "空文件", "en": "empty file"},
    "empty_workbook": {"zh": "空工作簿", "en": "empty workbook"},
    "bad_xlsx": {"zh": "不是可读取的 .xlsx 工作簿：{reason}", "en": "not a readable .xlsx workbook: {reason}"},
    "bad_csv": {"zh": "CSV 格式错误：{reason}", "en": "invalid CSV: {reason}"},
    "bad_json": {"zh": "JSON 格式错误：{reason}", "en": "invalid JSON: {reason}"},
    "json_nested": {"zh": "嵌套过深", "en": "nested too deeply"},
    "not_utf8": {"zh": "不是 UTF-8：第 {byte} 字节无法解码", "en": "not UTF-8: cannot decode byte {byte}"},
    "xlsx_not_zip": {"zh": "不是 zip 格式（文件已损坏，或并非 .xlsx）", "en": "not a zip file (damaged, or not an .xlsx)"},
    "xlsx_bad_xml": {"zh": "工作表的 XML 已损坏", "en": "the sheet's XML is damaged"},
    "xlsx_part_missing": {"zh": "缺少工作簿的组成部分", "en": "a part of the workbook is missing"},
    "json_surrogate": {"zh": "单独的代理码 {code} 不是字符", "en": "a lone surrogate {code} is not a character"},
    "json_number": {"zh": "数字过长", "en": "a number too long"},
    "json_expecting_value": {"zh": "此处应有一个值", "en": "expecting a value"},
    "json_expecting_comma": {"zh": "此处应有逗号「,」", "en": "expecting ',' delimiter"},
    "json_expecting_colon": {"zh": "此处应有冒号「:」", "en": "expecting ':' delimiter"},
    "json_expecting_name": {"zh": "此处应有用双引号括起的键名", "en": "expecting a property name in double quotes"},
    "json_unterminated": {"zh": "字符串没有结束的引号", "en": "unterminated string"},
    "json_extra": {"zh": "一个值之后还有多余内容", "en": "extra data after a value"},
    "json_control": {"zh": "字符串中有控制字符", "en": "invalid control character in a string"},
    "json_escape": {"zh": "无效的转义「\\」", "en": "invalid \\escape"},
    "json_other": {"zh": "{detail}", "en": "{detail}"},
    "not_an_object": {"zh": "应为一个表示通话的 JSON 对象", "en": "expected a JSON object for a call"},
    "no_utterances": {"zh": "通话没有任何话语", "en": "call has no utterances"},
    "ambiguous_encoding": {"zh": "编码无法确定（按 GB18030 和 Big5 读起来都像中文），按 {encoding} 读取；如不对，请用 --encoding 指定",
                           "en": "the encoding is uncertain (it reads as Chinese in both GB18030 and Big5): read as "
                                 "{encoding}; if that is wrong, give --encoding"},
    "call_repeated": {"zh": "通话 {call} 已在 {first} 中出现，此处重复的不再检查和计分",
                      "en": "call {call} is already in {first}: this repeat is not checked or scored again"},
    "in_list": {"zh": "列表中的第 {index} 通：{reason}", "en": "call {index} of the list: {reason}"},
    "in_call": {"zh": "通话 {call}：{reason}", "en": "call {call}: {reason}"},
    "field": {"zh": "{field}：{reason}", "en": "{field}: {reason}"},
    "parts": {"zh": "{first}；{rest}", "en": "{first}; {rest}"},
    "negative_time": {"zh": "时间不能为负：{value}", "en": "negative time {value}"},
    "not_seconds": {"zh": "不是秒数或时间：「{value}」", "en": "not a number of seconds or a time: '{value}'"},
    "bad_stamp": {"zh": "时间戳有误：{reason}", "en": "bad time stamp: {reason}"},
    "unknown_speaker": {"zh": "未知的说话人「{label}」", "en": "unknown speaker '{label}'"},
    "no_label": {"zh": "这一行没有说话人标记（坐席：/客户：）", "en": "line has no speaker label (坐席：/客户：)"},
    "not_date": {"zh": "不是日期或时间：「{value}」", "en": "not a date or time: '{value}'"},
    "not_number": {"zh": "不是数字：「{value}」", "en": "not a number: '{value}'"},
    "not_count": {"zh": "不是 0 或正整数：「{value}」", "en": "not a whole number of 0 or more: '{value}'"},
    "not_bool": {"zh": "不是 是/否：「{value}」（应为 是/否、yes/no、1/0）",
                 "en": "not yes/no: '{value}' (expected 是/否, yes/no, 1/0)"},
    "unknown_party": {"zh": "未知的挂机方「{value}」（应为 客户/坐席）",
                      "en": "unknown party '{value}' (expected 客户/坐席, customer/agent)"},
    "missing_columns": {"zh": "缺少列：{columns}", "en": "missing {count|column|columns}: {columns}"},
    "only_header": {"zh": "只有表头，没有数据行：没有可检查的内容", "en": "only a header, no rows: nothing to check"},
    "empty_call_id": {"zh": "通话ID为空", "en": "empty call id"},
    "empty_agent_id": {"zh": "工号为空", "en": "empty agent id"},
    "empty_item": {"zh": "项目为空", "en": "empty item"},
    "empty_text": {"zh": "文本为空", "en": "empty text"},
    "unknown_role": {"zh": "未知的角色「{value}」", "en": "unknown role '{value}'"},
    "bad_time": {"zh": "时间有误：{reason}", "en": "bad time: {reason}"},
    "call_skipped": {"zh": "{reason}；通话 {call} 未检查", "en": "{reason}; call {call} skipped"},
    "agent_twice": {"zh": "工号 {agent} 重复列出（首次在第 {row} 行）",
                    "en": "agent {agent} is listed twice (first on row {row})"},
    "logged_twice": {"zh": "通话 {call} 的话单重复（首次在第 {row} 行），此行未采用",
                     "en": "call {call} is logged twice (first on row {row}); this row is left out"},
    "agent_differs": {"zh": "通话 {call}：话单中的坐席是 {log_agent}，但 {source} 中是 {agent}；采用通话记录中的坐席",
                      "en": "call {call}: agent {log_agent} in the log but {agent} in {source}; "
                            "the transcript's agent is used"},
    "unknown_item": {"zh": "未知的项目「{name}」（评分标准 {rubric} 中没有；例如 {known} …）",
                     "en": "unknown item '{name}' (not in rubric {rubric}; e.g. {known} …)"},
    "bad_record_count": {"zh": "次数应为 1 或更大的整数，而不是 {count}",
                         "en": "count must be a whole number of 1 or more, not {count}"},
    "needs_points": {"zh": "{item} 需要填写分值（{allowed}）", "en": "{item} needs its points ({allowed})"},
    "points_not_allowed": {"zh": "{given} 不是 {item} 可选的分值（{allowed}）",
                           "en": "{given} is not one of {item}'s points ({allowed})"},
    "points_differ": {"zh": "{given} 与评分标准中 {item} 的 {points} 分不一致",
                      "en": "{given} differs from the rubric's {points} for {item}"},
    "cannot_read_labels": {"zh": "无法读取标注：{reason}", "en": "cannot read labels: {reason}"},
})


register("os", {
    "EACCES": {"zh": "没有权限", "en": "permission denied"},
    "EPERM": {"zh": "不允许此操作", "en": "operation not permitted"},
    "ENOENT": {"zh": "不存在", "en": "no such file or directory"},
    "EISDIR": {"zh": "是一个文件夹", "en": "is a directory"},
    "ENOTDIR": {"zh": "路径中有一段不是文件夹", "en": "not a directory"},
    "ENOSPC": {"zh": "磁盘空间不足", "en": "no space left on device"},
    "EFBIG": {"zh": "文件超过允许的大小", "en": "file too large"},
    "EDQUOT": {"zh": "超出磁盘配额", "en": "disk quota exceeded"},
    "EROFS": {"zh": "只读的文件系统", "en": "read-only file system"},
    "EIO": {"zh": "读写错误", "en": "input/output error"},
    "ENAMETOOLONG": {"zh": "文件名过长", "en": "file name too long"},
})


def os_reason(exc: OSError):
    """An operating-system error's reason, said in both languages where it is a common one."""
    import errno

    name = errno.errorcode.get(exc.errno or 0)
    if name and f"os.{name}" in MESSAGES:
        return Msg(f"os.{name}")
    return exc.strerror or str(exc)


def read_reason(exc: BaseException):
    """Why a file could not be read as UTF-8 text: the operating system's reason, or the
    first byte that is not UTF-8."""
    if isinstance(exc, OSError):
        return os_reason(exc)
    if isinstance(exc, UnicodeDecodeError):
        return Msg("in.not_utf8", byte=exc.start + 1)
    return reason_of(exc)


def reason_of(exc: BaseException):
    """The reason an exception carries: its `Msg`, or its text."""
    if exc.args and isinstance(exc.args[0], Msg):
        return exc.args[0]
    return str(exc)


def joined(parts: list):
    """Several reasons as one, separated by the language's semicolon."""
    if not parts:
        return ""
    out = parts[-1]
    for part in reversed(parts[:-1]):
        out = Msg("in.parts", first=part, rest=out)
    return out


register("label", {
    "not_mapping": {"zh": "{rule} 的标注应为映射（键: 值）", "en": "label of {rule} is not a mapping"},
    "unknown_keys": {"zh": "未知的键：{keys}", "en": "unknown {count|key|keys}: {keys}"},
    "one_of": {"zh": "count、turns、turn（配 hit）三者须且只须给一个",
               "en": "give exactly one of count, turns, turn (with hit)"},
    "count": {"zh": "count 应为 0 或正整数，而不是 {value}", "en": "count must be a whole number of 0 or more, not {value}"},
    "turns": {"zh": "turns 应为句序号（从 0 起）的列表，而不是 {value}",
              "en": "turns must be a list of turn numbers (0-based), not {value}"},
    "turn": {"zh": "单句标注需要 turn（从 0 起）和 hit: true|false",
             "en": "a one-turn label needs turn (0-based) and hit: true|false"},
    "transcript_line": {"zh": "通话文本第 {line} 行：{reason}", "en": "transcript line {line}: {reason}"},
    "yaml_list": {"zh": "YAML 标注文件应为条目的列表", "en": "a YAML label file is a list of items"},
    "bad_yaml": {"zh": "YAML 格式错误：{reason}", "en": "invalid YAML: {reason}"},
    "not_number": {"zh": "不是数字：{value}", "en": "not a number: {value}"},
    "no_call_id": {"zh": "每个条目都需要 call_id", "en": "an item needs a call_id"},
    "call_twice": {"zh": "通话 {call} 给出了两次", "en": "call {call} is given twice"},
})


# what is wrong with a rubric or a lexicon: said by the loader and the compiler
register("rubric", {
    "points": {"zh": "请给出 points 或 allowed_points（或 fatal: true）", "en": "give points or allowed_points (or fatal: true)"},
    "duplicate_id": {"zh": "规则 ID「{id}」重复", "en": "duplicate rule id '{id}'"},
    "counts_as": {"zh": "规则「{id}」计入「{counts_as}」，但它不是排在前面的规则",
                  "en": "rule '{id}' counts as '{counts_as}', which is not a rule before it"},
    "manual_twice": {"zh": "人工项目名称「{name}」用了两次", "en": "manual item name '{name}' is used twice"},
    "pass_line": {"zh": "合格线 pass_line 高于满分 base_score", "en": "pass_line is above base_score"},
    "no_such_rubric": {"zh": "没有这个评分标准（内置的有：{shipped}）", "en": "no such rubric (shipped: {shipped})"},
    "key_twice": {"zh": "键重复（第一次在第 {line} 行）", "en": "key given twice (first on line {line})"},
    "too_many_nodes": {"zh": "展开别名后超过 {nodes} 个 YAML 节点，或嵌套过深：不是评分标准",
                       "en": "more than {nodes} YAML nodes once its aliases are expanded, or nested too deeply: "
                             "not a rubric"},
    "too_large": {"zh": "大于 {mib} MiB：不是评分标准", "en": "larger than {mib} MiB: not a rubric"},
    "cannot_read": {"zh": "无法读取评分标准：{reason}", "en": "cannot read rubric: {reason}"},
    "bad_yaml": {"zh": "YAML 格式错误：{reason}", "en": "invalid YAML: {reason}"},
    "not_mapping": {"zh": "评分标准应为 YAML 映射（键: 值）", "en": "a rubric is a YAML mapping"},
    "unknown_check": {"zh": "未知的检查方式（应为以下之一：{checks}）", "en": "unknown check type (expected one of: {checks})"},
    "seed_renamed": {"zh": "source.seed 已改为 source.document：填写规章的标题，"
                           "例如《XX银行客户服务中心客服代表管理办法（试行）》",
                     "en": "source.seed is now source.document: the regulation's title, "
                           "e.g. 《XX银行客户服务中心客服代表管理办法（试行）》"},
    "one_window": {"zh": "first_turns、last_turns、first_seconds、last_seconds 须且只须给一个",
                   "en": "give exactly one of first_turns, last_turns, first_seconds, last_seconds"},
    "needs_phrases": {"zh": "phrases 或 lexicons 中至少要有一项", "en": "give at least one entry in phrases or lexicons"},
    "needs_return_phrases": {"zh": "return_phrases 或 return_lexicons 中至少要有一项",
                             "en": "give at least one entry in return_phrases or return_lexicons"},
    "count_range": {"zh": "max_count 小于 min_count", "en": "max_count is below min_count"},
    "not_regex": {"zh": "{key}：不是正则表达式：{reason}", "en": "{key}: not a regular expression: {reason}"},
    "slow_regex": {"zh": "{key}：在长文本上可能永远无法结束（{risk}）", "en": "{key}: may never finish on a long text ({risk})"},
    "needs_spacy": {"zh": "pattern 规则需要 spaCy，它是可选组件：pip install 'qa-toolkit[spacy]'",
                    "en": "pattern rules need spaCy, an optional extra: pip install 'qa-toolkit[spacy]'"},
    "bad_pattern": {"zh": "不是有效的 spaCy 模式：{reason}", "en": "not a valid spaCy pattern: {reason}"},
    "lexicon_outside": {"zh": "词表「{ref}」不在评分标准所在文件夹，也不是内置词表",
                        "en": "lexicon '{ref}' is outside the rubric's folder and the shipped lexicons"},
    "no_such_lexicon": {"zh": "没有这个词表「{ref}」（{path}）", "en": "no such lexicon '{ref}' ({path})"},
    "at_line": {"zh": "{path}:{line}：{reason}", "en": "{path}:{line}: {reason}"},
    "example_flagged": {"zh": "应通过的示例被判为问题：{text}", "en": "an example that should pass is flagged: {text}"},
    "example_missed": {"zh": "应判为问题的示例未被发现：{text}", "en": "an example that should fail is not flagged: {text}"},
    "empty_choice_normalised": {"zh": "模板「{phrase}」中有一个选项规范化后为空",
                                "en": "a choice of template '{phrase}' is empty after normalising"},
})
register("lexicon", {
    "unknown_flag": {"zh": "未知的标记 @{flag}（可用：{known}）", "en": "unknown flag @{flag} (known: {known})"},
    "empty_context": {"zh": "例外语境为空", "en": "empty exception context"},
    "not_regex": {"zh": "不是正则表达式：{reason}", "en": "not a regular expression: {reason}"},
    "slow_regex": {"zh": "正则表达式可能永远无法结束（{risk}）", "en": "a regular expression that may never finish ({risk})"},
    "empty_phrase": {"zh": "「|」之前的短语为空", "en": "empty phrase before '|'"},
    "not_regular": {"zh": "不是普通文件", "en": "not a regular file"},
    "too_large": {"zh": "大于 {mib} MiB：不是短语表", "en": "larger than {mib} MiB: not a phrase list"},
    "cannot_read": {"zh": "无法读取词表：{reason}", "en": "cannot read lexicon: {reason}"},
    "cannot_decode": {"zh": "无法解码词表：{reason}", "en": "cannot decode lexicon: {reason}"},
    "empty_part": {"zh": "模板「{phrase}」中有空的部分", "en": "empty part in template '{phrase}'"},
    "empty_choice": {"zh": "模板「{phrase}」中有空的选项", "en": "empty choice in template '{phrase}'"},
})
register("risk", {
    "too_long": {"zh": "超过 {max} 个字符", "en": "longer than {max} {max|character|characters}"},
    "nested": {"zh": "嵌套过深", "en": "nested too deeply"},
    "repeat_in_repeat": {"zh": "重复之中又有重复，例如 (a+)+ 或 (.*a){20}",
                         "en": "a repeat inside a repeat, such as (a+)+ or (.*a){20}"},
})


# --------------------------------------------------------------------------- the command line's own words

# click's messages (it says them through gettext), in Chinese
CLICK_ZH: dict[str, str] = {
    "Usage:": "用法:",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少 {param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "Did you mean {possibility}?": "是否想用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否想用以下之一：{possibilities}？）",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是以下之一：{choices}。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合以下任何格式：{formats}。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的真假值。可用的值：{states}",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是一个文件。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是一个文件夹。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "file": "文件", "directory": "文件夹", "path": "路径",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "Show this message and exit.": "显示此帮助并退出。",  # --help is made per command, through gettext
    "Aborted!": "已中止！",
    "unknown error": "未知错误",
}


def lang_of(args: list[str], environ: dict) -> str:
    """The language a command line asks for (`--lang en`, `--lang=en`, or
    QA_TOOLKIT_LANG), before click has parsed it: its own messages and help come first."""
    lang = environ.get("QA_TOOLKIT_LANG") or "zh"
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            lang = args[index + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return lang if lang in LANGS else "zh"


COMMAND_LANG = {"lang": "zh"}  # the language the command line asked for, once it is known


def install_click(lang: str) -> None:
    """Have click say its own messages (usage, errors) in `lang`."""
    import sys

    COMMAND_LANG["lang"] = lang

    def gettext(message: str) -> str:
        return CLICK_ZH.get(message, message) if lang == "zh" else message

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    for name, module in list(sys.modules.items()):
        if name == "click" or name.startswith("click."):
            if callable(getattr(module, "_", None)) and getattr(module._, "__name__", "") in ("gettext", "_"):
                module._ = gettext
            if callable(getattr(module, "ngettext", None)):
                module.ngettext = ngettext


def localise_help(command, lang: str) -> None:
    """Every help text of the command tree in `lang` (the English is kept to return to)."""
    from .help_zh import HELP_ZH

    def put(obj) -> None:
        if not hasattr(obj, "_help_en"):
            obj._help_en = obj.help
        obj.help = HELP_ZH.get(obj._help_en, obj._help_en) if lang == "zh" and obj._help_en else obj._help_en

    def walk(cmd) -> None:
        put(cmd)
        if hasattr(cmd, "_help_option"):
            cmd._help_option = None  # click makes --help again, in the language now installed
        for param in cmd.params:
            if hasattr(param, "help"):
                put(param)
            kind = param.type
            if hasattr(kind, "file_okay") and hasattr(kind, "dir_okay"):  # click.Path: named when it was made
                english = "file" if not kind.dir_okay else ("directory" if not kind.file_okay else "path")
                kind.name = CLICK_ZH[english] if lang == "zh" else english
        for sub in getattr(cmd, "commands", {}).values():
            walk(sub)

    walk(command)


register("cli", {
    "give_inputs": {"zh": "请给出通话记录或文件夹、--logs 或 --records", "en": "give transcripts or directories, --logs or --records"},
    "to_before_from": {"zh": "--to 早于 --from", "en": "--to is before --from"},
    "format_unknown": {"zh": "无法从「{output}」判断格式：请用 --format", "en": "cannot tell the format from '{output}': use --format"},
    "needs_output": {"zh": "--format {fmt} 需要 --output", "en": "--format {fmt} needs --output"},
    "give_labels": {"zh": "请给出标注文件，或加 --store 以复核结论为标注",
                    "en": "give label files, or --store to measure against the review decisions"},
    "unknown_encoding": {"zh": "未知的编码「{value}」（例如 utf-8、gb18030、big5）",
                         "en": "unknown encoding '{value}' (e.g. utf-8, gb18030, big5)"},
    "no_such_rule": {"zh": "评分标准 {rubric} 中没有规则「{rule}」（规则有：{rules}）",
                     "en": "no such rule '{rule}' in {rubric} (rules: {rules})"},
    "segment.original": {"zh": "原文：    ", "en": "original:   "},
    "segment.normalised": {"zh": "规范化：  ", "en": "normalised: "},
    "segment.tokens": {"zh": "分词：    ", "en": "tokens:     "},
    "segment.segmenter": {"zh": "分词器：  ", "en": "segmenter:  "},
})
