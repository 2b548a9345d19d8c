"""The results store and the inspector's loop on it, on SQLite and on a real PostgreSQL
server: check --store (idempotent, revisions), review, appeal, final scores, sample,
stats, calibrate --store, concurrent importers and a killed import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import func, select

from conftest import ROOT, SAMPLES
from qa_toolkit.cli import main
from qa_toolkit.store import Store
from qa_toolkit.store import schema as s
from qa_toolkit.store.appeal import deadline

CALLS = str(SAMPLES / "calls")


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    # a traceback is never an answer: only the documented exits
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def rows(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], r)) for r in values[1:]]


def count(store_url, table, *where) -> int:
    with Store(store_url) as st, st.engine.connect() as conn:
        query = select(func.count()).select_from(table)
        for w in where:
            query = query.where(w)
        return conn.execute(query).scalar_one()


def findings(store_url) -> list[dict]:
    with Store(store_url) as st, st.engine.connect() as conn:
        query = (select(s.findings, s.calls.c.call_id).join(s.calls, s.calls.c.id == s.findings.c.call_pk)
                 .order_by(s.calls.c.call_id, s.findings.c.seq))
        return [dict(r) for r in conn.execute(query).mappings()]


def finding(store_url, call_id: str, rule_id: str, n: int = 0) -> dict:
    return [f for f in findings(store_url) if f["call_id"] == call_id and f["rule_id"] == rule_id][n]


def stored(store_url, *extra):
    done = run("check", CALLS, "--store", store_url, *extra)
    assert done.exit_code == 1, done.output  # the samples have failing calls
    return done


def fill(path: Path, out: Path, sheet: str, changes: dict[tuple[str, str], object], added=()) -> Path:
    """Fill cells of a workbook: {(finding or appeal id, header): value}; append rows."""
    book = load_workbook(path)
    ws = book[sheet]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        key = row[0].value if row[0].value is not None else row[1].value
        for (wanted, column), value in changes.items():
            if str(key) == str(wanted):
                row[header.index(column)].value = value
    for sheet_name, values in added:
        book[sheet_name].append(list(values))
    book.save(out)
    return out


# --------------------------------------------------------------------------- check --store


def test_check_store_keeps_calls_findings_and_runs_idempotently(store_url, tmp_path):
    done = stored(store_url)
    assert "已存入结果库" in done.output and "通话 23 通，问题 36 条" in done.output
    assert (count(store_url, s.calls), count(store_url, s.findings), count(store_url, s.revisions)) == (23, 36, 1)
    stored(store_url)  # the same inputs, the same rubric: nothing doubles
    assert (count(store_url, s.calls), count(store_url, s.findings), count(store_url, s.runs)) == (23, 36, 2)
    with Store(store_url) as st, st.engine.connect() as conn:
        run_row = conn.execute(select(s.runs).order_by(s.runs.c.id)).mappings().first()
        inputs = json.loads(run_row["inputs"])
        revision = conn.execute(select(s.revisions)).mappings().one()
        call = conn.execute(select(s.calls).where(s.calls.c.call_id == "C0002")).mappings().one()
    assert run_row["command"] == "check" and (run_row["calls"], run_row["findings"], run_row["errors"]) == (23, 36, 0)
    assert len(inputs) == 18 and all(len(i["sha256"]) == 64 for i in inputs)
    assert (revision["rubric_name"], revision["rubric_version"]) == ("bank-hotline", "1.0")
    assert "forbidden" in json.loads(revision["content"])["lexicons"]
    assert (call["agent_id"], call["score"], call["arithmetic"]) == ("1031", 97.0, "100 − 服务忌语 1×3 = 97")
    ids = [f["id"] for f in findings(store_url)]
    assert len(set(ids)) == 36 and all(i.startswith("F") and len(i) == 16 for i in ids)


def test_a_changed_rubric_is_a_new_revision_and_scores_say_which(store_url, tmp_path):
    stored(store_url)
    rubric = tmp_path / "bank-v2.yaml"
    text = (ROOT / "rubrics" / "bank-hotline.yaml").read_text(encoding="utf-8")
    rubric.write_text(text.replace('version: "1.0"', 'version: "1.1"'), encoding="utf-8")
    # lexicons are shipped names: the copy reads the same ones
    done = run("check", CALLS, "-r", rubric, "--store", store_url)
    assert done.exit_code == 1
    assert (count(store_url, s.revisions), count(store_url, s.calls), count(store_url, s.findings)) == (2, 46, 72)
    out = tmp_path / "card.xlsx"
    done = run("score", "--store", store_url, "-r", rubric, "-o", out)
    assert done.exit_code == 0, done.output
    revisions = {r["规则集修订"] for r in rows(load_workbook(out)["通话"])}
    assert len(revisions) == 1 and revisions.pop().startswith("1.1 · ")
    # the old revision's results stay readable
    with Store(store_url) as st, st.engine.connect() as conn:
        versions = conn.execute(select(s.revisions.c.rubric_version).order_by(s.revisions.c.id)).scalars().all()
    assert versions == ["1.0", "1.1"]


def test_a_rerun_never_changes_a_decision(store_url, tmp_path):
    stored(store_url)
    target = finding(store_url, "C0002", "forbidden-phrase")
    export = tmp_path / "review.xlsx"
    assert run("review", "export", "--store", store_url, "-o", export).exit_code == 0
    filled = fill(export, tmp_path / "filled.xlsx", "复核", {(target["id"], "复核结果"): "误报"})
    assert run("review", "import", filled, "--store", store_url, "--inspector", "王芳").exit_code == 0
    stored(store_url)
    again = finding(store_url, "C0002", "forbidden-phrase")
    assert (again["id"], again["review"], again["reviewed_by"]) == (target["id"], "false_hit", "王芳")


def test_store_errors_are_one_line_and_exit_2(tmp_path):
    done = run("check", CALLS, "--store", tmp_path / "no" / "such" / "x.sqlite")
    assert done.exit_code == 2
    assert done.output.strip() == f"结果库所在的文件夹不存在：{tmp_path / 'no' / 'such'}"
    # the store is opened once the workers are checking: one that cannot be opened still
    # ends the run before any report is written
    report = tmp_path / "report.jsonl"
    done = run("check", CALLS, "-f", "jsonl", "-o", report, "--jobs", "2",
               "--store", tmp_path / "no" / "such" / "x.sqlite")
    assert (done.exit_code, done.output.strip()) == (2, f"结果库所在的文件夹不存在：{tmp_path / 'no' / 'such'}")
    assert not report.exists()
    done = run("stats", "--store", "postgresql://nobody@127.0.0.1:1/none")
    assert done.exit_code == 2
    assert done.output.startswith("无法打开结果库 postgresql://nobody@127.0.0.1:1/none：")


# --------------------------------------------------------------------------- review


def test_review_workbook_rows_evidence_context_and_choices(store_url, tmp_path):
    stored(store_url)
    out = tmp_path / "review.xlsx"
    done = run("review", "export", "--store", store_url, "--rule", "forbidden-phrase", "-o", out)
    assert done.exit_code == 0 and done.output.strip() == f"已导出复核表 {out}：问题 13 条"
    book = load_workbook(out)
    assert book.sheetnames == ["复核", "人工补充", "说明", "_options"]
    assert book["_options"].sheet_state == "hidden"
    review = rows(book["复核"])
    assert len(review) == 13 and {r["规则"] for r in review} == {"forbidden-phrase"}
    first = next(r for r in review if r["通话ID"] == "C0002")
    assert (first["工号"], first["规则名称"], first["句序"], first["当前状态"]) == ("1031", "服务忌语", 3, "未复核")
    assert first["证据"] == "理财到期的事【这事不归我管】，您去问网点吧。"
    assert first["上下文"].split("\n")[:3] == [
        "第1句 坐席：您好，1031号很高兴为您服务。",
        "第2句 客户：我上个月在你们网点办的理财，到期了钱怎么还没到账？",
        "第3句 坐席：理财到期的事【这事不归我管】，您去问网点吧。",
    ]
    validation = book["复核"].data_validations.dataValidation[0]
    assert validation.formula1 == "_options!$A$1:$A$3" and str(validation.sqref).startswith("N2:N")
    assert [c.value for c in book["_options"]["A"] if c.value] == ["确认", "误报", "待定"]


def test_review_import_applies_good_rows_and_names_every_bad_one(store_url, tmp_path):
    stored(store_url)
    export = tmp_path / "review.xlsx"
    run("review", "export", "--store", store_url, "-o", export)
    a, b, c = (finding(store_url, "C0002", "forbidden-phrase", i)["id"] for i in range(3))
    d = finding(store_url, "C0003", "profanity")["id"]
    filled = fill(export, tmp_path / "f1.xlsx", "复核", {
        (a, "复核结果"): "确认", (b, "复核结果"): "误报", (b, "复核意见"): "礼貌用语",
        (c, "复核结果"): "乱填", (d, "复核结果"): "待定", (d, "质检员"): "李四",
    }, added=[("人工补充", ["C0003", "forbidden-phrase", 3, None, "语气生硬", None]),
              ("人工补充", ["C9999", "profanity", 1, None, None, None]),
              ("人工补充", ["C0003", "没有这条", None, None, None, None]),
              ("人工补充", ["C0003", "profanity", 99, None, None, None])])
    done = run("review", "import", filled, "--store", store_url, "--inspector", "王芳")
    assert done.exit_code == 2
    lines = done.output.strip().splitlines()
    review_rows = {r["问题编号"]: i + 2 for i, r in enumerate(rows(load_workbook(filled)["复核"]))}
    assert lines == [
        f"{filled}[复核]:{review_rows[c]} 复核结果: 复核结果「乱填」无效（可选：确认、误报、待定）",
        f"{filled}[人工补充]:3 通话ID: 结果库中没有通话 C9999",
        f"{filled}[人工补充]:4 规则或项目: 规则集中没有扣分规则或扣分项目「没有这条」",
        f"{filled}[人工补充]:5 句序: 句序「99」无效（本通共 9 句）",
        "复核导入：确认 1 条，误报 1 条，待定 1 条，人工补充 1 条，无变化 0 行，未填写 32 行，有误 4 行",
    ]
    by_id = {f["id"]: f for f in findings(store_url)}
    assert (by_id[a]["review"], by_id[a]["reviewed_by"]) == ("confirmed", "王芳")
    assert (by_id[b]["review"], by_id[b]["review_note"]) == ("false_hit", "礼貌用语")
    assert (by_id[c]["review"], by_id[d]["review"], by_id[d]["reviewed_by"]) == ("unreviewed", "pending", "李四")
    added = [f for f in by_id.values() if f["origin"] == "manual"]
    assert [(f["call_id"], f["rule_id"], f["utterance_index"], f["points"], f["review"]) for f in added] == [
        ("C0003", "forbidden-phrase", 2, 1.0, "confirmed")]
    with Store(store_url) as st, st.engine.connect() as conn:
        events = conn.execute(select(s.events).order_by(s.events.c.id)).mappings().all()
    assert [(e["kind"], e["actor"], e["before"], e["after"]) for e in events] == [
        ("review", "王芳", "unreviewed", "confirmed"), ("review", "王芳", "unreviewed", "false_hit"),
        ("review", "李四", "unreviewed", "pending"), ("manual", "王芳", None, "forbidden-phrase 1")]
    assert events[0]["source"] == f"{filled}[复核]:{review_rows[a]}"
    # the same workbook again, by another inspector: agreeing rows change nothing, the
    # one that would overrule 李四 is named
    again = fill(filled, tmp_path / "f2.xlsx", "复核", {(d, "复核结果"): "确认", (d, "质检员"): None})
    done = run("review", "import", again, "--store", store_url, "--inspector", "赵六")
    assert f"{again}[复核]:{review_rows[d]} 复核结果: 问题 {d} 已由质检员 李四 复核为「待定」，与本行不一致，未导入" \
        in done.output
    assert done.output.strip().splitlines()[-1] == \
        "复核导入：确认 0 条，误报 0 条，待定 0 条，人工补充 0 条，无变化 3 行，未填写 32 行，有误 5 行"
    assert count(store_url, s.findings, s.findings.c.origin == "manual") == 1


def test_a_finding_of_an_older_check_is_refused(store_url, tmp_path):
    stored(store_url)
    export = tmp_path / "review.xlsx"
    run("review", "export", "--store", store_url, "-o", export)
    old = finding(store_url, "C0002", "forbidden-phrase")["id"]
    rubric = tmp_path / "v2.yaml"
    rubric.write_text((ROOT / "rubrics" / "bank-hotline.yaml").read_text(encoding="utf-8")
                      .replace('version: "1.0"', 'version: "2.0"'), encoding="utf-8")
    run("check", CALLS, "-r", rubric, "--store", store_url)
    filled = fill(export, tmp_path / "f.xlsx", "复核", {(old, "复核结果"): "确认"})
    done = run("review", "import", filled, "--store", store_url, "--inspector", "王芳")
    assert done.exit_code == 2
    assert f"问题 {old} 属于通话 C0002 的旧版检查结果（规则集已更新后重新检查），请重新导出复核表" in done.output


# --------------------------------------------------------------------------- appeal


def _confirm(store_url, tmp_path, decisions: dict[str, str], inspector="王芳"):
    export = tmp_path / "review-all.xlsx"
    run("review", "export", "--store", store_url, "-o", export)
    filled = fill(export, tmp_path / "review-all-filled.xlsx", "复核",
                  {(fid, "复核结果"): value for fid, value in decisions.items()})
    done = run("review", "import", filled, "--store", store_url, "--inspector", inspector)
    assert done.exit_code == 0, done.output


def test_appeals_deadline_verdicts_and_final_scores(store_url, tmp_path):
    stored(store_url)
    f1, f2, f3 = (finding(store_url, "C0002", "forbidden-phrase", i)["id"] for i in range(3))
    prof = finding(store_url, "C0003", "profanity")["id"]
    unreviewed = finding(store_url, "C0011", "brush-off")["id"]
    _confirm(store_url, tmp_path, {f1: "确认", f2: "确认", f3: "误报", prof: "确认"})
    out = tmp_path / "appealable.xlsx"
    done = run("appeal", "export", "--store", store_url, "--status", "appealable", "-o", out)
    assert done.output.strip() == f"已导出申诉表 {out}：3 行"
    today = date.today()
    last = deadline(today, 3)
    filled = fill(out, tmp_path / "appeals.xlsx", "申诉", {
        (f1, "申诉理由"): "我在复述网点的话", (f2, "申诉理由"): "不是推诿", (f2, "申诉日期"): last.isoformat(),
        (prof, "申诉理由"): "客户先骂人", (prof, "工号"): "9999",
    }, added=[("申诉", [None, unreviewed, None, "1052", None, None, None, None, None, None, None, "没说错"]),
              ("申诉", [None, f3, None, None, None, None, None, None, None, None, None, "误报了"]),
              ("申诉", [None, f1, None, None, None, None, None, None, None, None, None, "再申诉一次",
                        (last + timedelta(days=7)).isoformat()])])
    done = run("appeal", "import", filled, "--store", store_url)
    lines = done.output.strip().splitlines()
    assert done.exit_code == 2
    assert lines[-1] == "申诉导入：新申诉 2 条，维持 0 条，撤销 0 条，改判 0 条，无变化 0 行，有误 4 行"
    assert f"{filled}[申诉]:4 工号: 工号 9999 不能申诉坐席 1047 的问题" in lines
    assert f"{filled}[申诉]:5 问题编号: 问题 {unreviewed} 未经复核确认，不能申诉" in lines
    assert f"{filled}[申诉]:6 问题编号: 问题 {f3} 未经复核确认，不能申诉" in lines
    assert f"{filled}[申诉]:7 问题编号: 问题 {f1} 已经申诉过，不能重复申诉" in lines

    out = tmp_path / "open.xlsx"
    run("appeal", "export", "--store", store_url, "--status", "open", "-o", out)
    open_rows = rows(load_workbook(out)["申诉"])
    assert [(r["问题编号"], r["申诉理由"], r["申诉截止"].date()) for r in open_rows] == [
        (f1, "我在复述网点的话", last), (f2, "不是推诿", last)]
    ids = {r["问题编号"]: r["申诉编号"] for r in open_rows}
    judged = fill(out, tmp_path / "judged.xlsx", "申诉", {
        (ids[f1], "终审结果"): "撤销", (ids[f1], "仲裁人"): "主管陈",
        (ids[f2], "终审结果"): "改判", (ids[f2], "改判扣分"): 0.5,
    })
    done = run("appeal", "import", judged, "--store", store_url, "--arbiter", "主管陈")
    assert done.exit_code == 0, done.output
    assert done.output.strip() == "申诉导入：新申诉 0 条，维持 0 条，撤销 1 条，改判 1 条，无变化 0 行，有误 0 行"
    # a final decision is final
    again = fill(judged, tmp_path / "judged2.xlsx", "申诉", {(ids[f1], "终审结果"): "维持"})
    done = run("appeal", "import", again, "--store", store_url)
    assert done.exit_code == 2
    assert f"申诉 {ids[f1]} 已终审为「撤销」，终审后不可再改" in done.output

    card = tmp_path / "card.xlsx"
    assert run("score", "--store", store_url, "-o", card).exit_code == 0
    book = load_workbook(card)
    call = next(r for r in rows(book["通话"]) if r["通话ID"] == "C0002")
    # f1 revoked, f2 changed to 0.5, f3 a false hit: 100 − 0.5 = 99.5 (the machine gave 97)
    assert (call["得分"], call["机器得分"], call["计算过程"]) == (99.5, 97, "100 − 服务忌语 0.5 = 99.5")
    status = {r["问题编号"]: (r["复核状态"], r["分值"]) for r in rows(book["扣分明细"]) if r["通话ID"] == "C0002"}
    assert status == {f1: ("申诉成立，已撤销", 0), f2: ("改判", -0.5), f3: ("误报", 0)}


def test_final_scores_recompute_from_the_workbook(store_url, tmp_path):
    stored(store_url)
    every = findings(store_url)
    decisions = {f["id"]: ("误报" if i % 3 == 0 else "确认") for i, f in enumerate(every)}
    _confirm(store_url, tmp_path, decisions)
    confirmed = sum(1 for f in every if f["rule_id"] == "forbidden-phrase" and decisions[f["id"]] == "确认")
    card = tmp_path / "card.xlsx"
    assert run("score", "--store", store_url, "--roster", SAMPLES / "roster.xlsx", "-o", card).exit_code == 0
    book = load_workbook(card)
    details = rows(book["扣分明细"])
    calls = rows(book["通话"])
    assert sum(1 for d in details if d["复核状态"] == "误报") == 12
    for call in calls:
        mine = [d for d in details if d["通话ID"] == call["通话ID"]]
        assert call["得分"] == max(0, 100 + sum(d["分值"] for d in mine))
        assert call["机器得分"] <= call["得分"]
    for agent in rows(book["汇总"]):
        mine = [c for c in calls if c["工号"] == agent["工号"]]
        assert agent["平均通话得分"] == round(sum(c["得分"] for c in mine) / len(mine), 2)
        assert agent["机器平均分"] == round(sum(c["机器得分"] for c in mine) / len(mine), 2)
    quality = {r["规则ID"]: r for r in rows(book["规则统计"])}
    assert (quality["forbidden-phrase"]["已复核"], quality["forbidden-phrase"]["确认"]) == (13, confirmed)
    assert quality["forbidden-phrase"]["复核准确率"] == confirmed / 13


# --------------------------------------------------------------------------- sample, stats, calibrate


def test_sample_picks_the_same_calls_for_the_same_seed(store_url, tmp_path):
    done = run("check", CALLS, "-r", "gas-utility", "--store", store_url)
    assert done.exit_code == 1
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for out in (first, second):
        done = run("sample", "--store", store_url, "-r", "gas-utility", "--all-fatal", "--lowest", "3",
                   "--per-agent", "1", "--seed", "7", "-o", out)
        assert done.exit_code == 0, done.output
    a, b = rows(load_workbook(first)["抽检清单"]), rows(load_workbook(second)["抽检清单"])
    assert a == b
    why = {r["通话ID"]: r["入选原因"] for r in a}
    fatal = [cid for cid, reason in why.items() if "含致命项" in reason]
    assert sorted(fatal) == ["C0003"]
    assert sum("得分最低的 3 通之一" in reason for reason in why.values()) == 3
    agents = {r["工号"] for r in a}
    assert agents == {"1024", "1031", "1047", "1052", "1066", "1088", "1099", "2001", "2002"}
    review = rows(load_workbook(first)["复核"])
    assert {r["通话ID"] for r in review} <= set(why)
    done = run("sample", "--store", store_url, "-o", tmp_path / "c.xlsx")
    assert done.exit_code == 2 and "没有抽检条件" in done.output


def test_stats_and_calibrate_from_the_decisions(store_url, tmp_path):
    stored(store_url)
    forbidden = [f["id"] for f in findings(store_url) if f["rule_id"] == "forbidden-phrase"]
    _confirm(store_url, tmp_path, {fid: ("误报" if i < 3 else "确认") for i, fid in enumerate(forbidden)})
    done = run("stats", "--store", store_url, "-f", "json")
    assert done.exit_code == 0
    stats = {r["rule"]: r for r in json.loads(done.output)}
    assert len(stats) == 15
    fp = stats["forbidden-phrase"]
    assert (fp["hits"], fp["calls"], fp["checked"], fp["reviewed"], fp["confirmed"], fp["false_hits"],
            fp["precision"]) == (13, 8, 23, 13, 10, 3, round(10 / 13, 4))
    done = run("calibrate", "--store", store_url, "-f", "json")
    assert done.exit_code == 0, done.output
    measured = {r["rule"]: r for r in json.loads(done.output)["rules"]}
    assert (measured["forbidden-phrase"]["findings"], measured["forbidden-phrase"]["true"],
            measured["forbidden-phrase"]["false"]) == (13, 10, 3)


# --------------------------------------------------------------------------- concurrency, interruption

IMPORT = """
import sys
from qa_toolkit.cli import main
sys.exit(main(["review", "import", sys.argv[1], "--store", sys.argv[2], "--inspector", sys.argv[3]]))
"""

KILLED = """
import os, signal, sys
import qa_toolkit.store.review as review
applied = 0
original = review._review_row
def dying(conn, rubric, row, inspector, result, lang):
    global applied
    problem = original(conn, rubric, row, inspector, result, lang)
    applied += 1
    if applied == 20:
        os.kill(os.getpid(), signal.SIGKILL)  # mid-import, inside the transaction
    return problem
review._review_row = dying
from qa_toolkit.cli import main
main(["review", "import", sys.argv[1], "--store", sys.argv[2], "--inspector", "王芳"])
"""


def test_two_inspectors_importing_at_once_lose_nothing(store_url, tmp_path):
    stored(store_url)
    export = tmp_path / "review.xlsx"
    run("review", "export", "--store", store_url, "-o", export)
    ids = [f["id"] for f in findings(store_url)]
    half = len(ids) // 2
    shared = ids[0]
    mine = fill(export, tmp_path / "a.xlsx", "复核", {(fid, "复核结果"): "确认" for fid in ids[:half]})
    theirs = fill(export, tmp_path / "b.xlsx", "复核",
                  {(fid, "复核结果"): "误报" for fid in [shared, *ids[half:]]})
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", IMPORT, str(book), store_url, who], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for book, who in ((mine, "王芳"), (theirs, "李四"))]
    outs = [p.communicate(timeout=120) for p in procs]
    codes = sorted(p.returncode for p in procs)
    decided = {f["id"]: (f["review"], f["reviewed_by"]) for f in findings(store_url)}
    # every finding got a decision; the shared one exactly one, and the other import named it
    assert all(decided[fid][0] != "unreviewed" for fid in ids)
    assert decided[shared] in (("confirmed", "王芳"), ("false_hit", "李四"))
    loser = "李四" if decided[shared][1] == "王芳" else "王芳"
    assert codes == [0, 2]
    conflict = [err for (out, err), who in zip(outs, ("王芳", "李四")) if who == loser][0]
    assert f"问题 {shared} 已由质检员 {decided[shared][1]} 复核为" in conflict
    assert count(store_url, s.events) == len(ids)


def test_a_killed_import_leaves_the_store_as_it_was(store_url, tmp_path):
    stored(store_url)
    export = tmp_path / "review.xlsx"
    run("review", "export", "--store", store_url, "-o", export)
    ids = [f["id"] for f in findings(store_url)]
    filled = fill(export, tmp_path / "f.xlsx", "复核", {(fid, "复核结果"): "确认" for fid in ids})
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", KILLED, str(filled), store_url], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == -9
    assert count(store_url, s.findings, s.findings.c.review != "unreviewed") == 0
    assert count(store_url, s.events) == 0
    # and the store is usable: the same import now applies every row
    assert run("review", "import", filled, "--store", store_url, "--inspector", "王芳").exit_code == 0
    assert count(store_url, s.findings, s.findings.c.review == "confirmed") == 36


def test_the_migrations_make_exactly_the_tables_the_code_uses(store_url):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with Store(store_url) as st, st.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), s.metadata) == []


def test_an_edited_call_keeps_its_decided_findings_as_stale(store_url, tmp_path):
    call = tmp_path / "c.txt"
    call.write_text("# call_id: E1\n坐席：您好，1031号很高兴为您服务。\n坐席：这事不归我管。\n坐席：我也没有办法。\n",
                    encoding="utf-8")
    assert run("check", call, "--store", store_url).exit_code == 1
    first, second = (finding(store_url, "E1", "forbidden-phrase", i) for i in range(2))
    export = tmp_path / "r.xlsx"
    run("review", "export", "--store", store_url, "-o", export)
    filled = fill(export, tmp_path / "f.xlsx", "复核", {(first["id"], "复核结果"): "确认"})
    assert run("review", "import", filled, "--store", store_url, "--inspector", "王芳").exit_code == 0
    # both forbidden phrases are gone from the edited transcript
    call.write_text("# call_id: E1\n坐席：您好，1031号很高兴为您服务。\n坐席：马上为您处理。\n坐席：请问还有什么可以帮您？\n",
                    encoding="utf-8")
    run("check", call, "--store", store_url)
    left = {f["id"]: (f["review"], f["stale"]) for f in findings(store_url) if f["rule_id"] == "forbidden-phrase"}
    assert left == {first["id"]: ("confirmed", True)}  # the undecided one is gone, the decided one kept
    card = tmp_path / "card.xlsx"
    assert run("score", "--store", store_url, "-o", card).exit_code == 0
    detail = [r for r in rows(load_workbook(card)["扣分明细"]) if r["通话ID"] == "E1"]
    assert [r["规则/项目"] for r in detail] == ["thanks-goodbye", "rating-invite"]


def test_calls_with_their_logs_are_stored_and_scored(store_url, tmp_path):
    bad = SAMPLES / "bad-rows" / "cdr-bad-rows.csv"  # a log row with a bad number, on purpose
    done = run("check", CALLS, "--logs", SAMPLES / "logs" / "cdr-2026-11.csv", "--logs", bad, "--store", store_url)
    assert done.exit_code == 2
    assert "cdr-bad-rows.csv:2 等待时长(秒)" in done.output and "通话 27 通" in done.output
    with Store(store_url) as st, st.engine.connect() as conn:
        logged = conn.execute(select(s.calls.c.call_id, s.calls.c.log).where(s.calls.c.has_log.is_(True))
                              .order_by(s.calls.c.call_id)).all()
        errors = conn.execute(select(s.input_errors.c.path, s.input_errors.c.row)).all()
        not_run = conn.execute(select(s.calls.c.not_run)).scalars().all()
        contexts = conn.execute(select(s.findings.c.context).where(s.findings.c.context.is_not(None))).scalars().all()
    assert len(logged) == 24 and all(json.loads(log)["call_id"] == cid for cid, log in logged)
    # the JSON columns travel from the workers as UTF-8 bytes: they are kept as text
    assert all(isinstance(log, str) for _, log in logged)
    assert len(not_run) == 27 and all(isinstance(v, str) and isinstance(json.loads(v), list) for v in not_run)
    assert len(contexts) == 38 and all(isinstance(c, str) and json.loads(c)[0][1] in ("agent", "customer")
                                             for c in contexts)
    assert errors == [(str(bad), 2)]
    card = tmp_path / "card.xlsx"
    done = run("score", "--store", store_url, "-o", card)
    assert done.exit_code == 0 and "已存入结果库" not in done.output
    data = {r["通话ID"]: r["数据来源"] for r in rows(load_workbook(card)["通话"])}
    assert len(data) == 27 and sorted(set(data.values())) == ["仅录音", "仅话单", "录音+话单"]


def test_an_unchanged_rerun_only_notes_the_run(store_url):
    stored(store_url)
    with Store(store_url) as st, st.engine.connect() as conn:
        before = {r["call_id"]: dict(r) for r in conn.execute(select(s.calls)).mappings()}
    stored(store_url)
    with Store(store_url) as st, st.engine.connect() as conn:
        after = {r["call_id"]: dict(r) for r in conn.execute(select(s.calls)).mappings()}
        last = conn.execute(select(func.max(s.runs.c.id))).scalar()
    assert set(after) == set(before) and len(after) == 23
    assert all(len(row["digest"]) == 32 for row in after.values())
    assert {row["last_run_id"] for row in after.values()} == {last} and last == 2
    assert all({**after[c], "last_run_id": 1} == before[c] for c in before)


def test_the_newest_migration_is_the_one_the_store_checks_for():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from qa_toolkit.store import db

    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == db.HEAD == "0002"


def test_a_store_of_the_first_migration_is_upgraded_and_keeps_its_rows(store_url):
    from alembic import command
    from alembic.config import Config

    from qa_toolkit.store import db

    stored(store_url)
    with Store(store_url) as st, st.engine.begin() as conn:
        config = Config()
        config.set_main_option("script_location", str(db.MIGRATIONS))
        config.attributes["connection"] = conn
        command.downgrade(config, "0001")
    done = stored(store_url)  # opens, upgrades to the newest, matches every call again
    assert done.exit_code == 1
    with Store(store_url) as st, st.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0002"
        assert conn.execute(select(func.count()).select_from(s.calls).where(s.calls.c.digest.is_not(None))).scalar() == 23
    assert (count(store_url, s.calls), count(store_url, s.findings)) == (23, 36)


def test_times_in_json_rows_are_what_sqlalchemy_would_bind():
    from datetime import datetime, timezone, timedelta as td

    import sqlite3

    from qa_toolkit.store.sink import db_time

    when = datetime(2026, 11, 2, 9, 5, 7, 120, tzinfo=timezone(td(hours=8)))
    with sqlite3.connect(":memory:") as db:  # what the driver itself writes for a datetime
        db.execute("CREATE TABLE t (v)")
        db.execute("INSERT INTO t VALUES (?)", (when,))
        written = db.execute("SELECT v FROM t").fetchone()[0]
    assert db_time(when) == written == "2026-11-02 09:05:07.000120+08:00"
    assert db_time(None) is None
    # rows travel from the workers as MessagePack, the JSON columns as UTF-8 bytes:
    # SQLite takes them so, PostgreSQL gets text and its datetime back
    from qa_toolkit.store.sink import _PACK, CALL_COLUMNS, FINDING_COLUMNS, unpacked

    row = [None] * (len(CALL_COLUMNS) - 1)
    for name, value in (("call_id", "C1"), ("agent_id", "1024"), ("channel", "call"),
                        ("started_at", db_time(when)), ("not_run", '["问候语"]'.encode())):
        row[CALL_COLUMNS.index(name)] = value
    finding = [None] * len(FINDING_COLUMNS)
    finding[:2] = ["F1", 0]
    finding[FINDING_COLUMNS.index("context")] = '[[0,"agent","您好"]]'.encode()
    blob = _PACK((row, [finding]))
    assert unpacked((blob, "d", 1), "sqlite") == ([*row, "d"], [finding])
    call, found = unpacked((blob, "d", 1), "postgresql")
    assert call[CALL_COLUMNS.index("started_at")] == when
    assert call[CALL_COLUMNS.index("not_run")] == '["问候语"]'
    assert call[CALL_COLUMNS.index("log")] is None
    assert found[0][FINDING_COLUMNS.index("context")] == '[[0,"agent","您好"]]'


def test_stored_calls_are_read_in_batches_and_their_review_info_let_go(store_url):
    """`score --store` reads the period's calls a batch at a time (iter_calls) and holds the
    review information of one call at a time (final_results): the same calls and final
    scores, in the same order, as reading them all at once."""
    from qa_toolkit.period import ReviewInfo
    from qa_toolkit.rubric import load_rubric
    from qa_toolkit.store.final import final_results, iter_calls, load_calls

    stored(store_url)
    rubric = load_rubric("bank-hotline").rubric
    with Store(store_url) as st:
        whole = load_calls(st, rubric)
        batched = list(iter_calls(st, rubric, batch=2))
        info = ReviewInfo()
        seen = []
        for result in final_results(iter(batched), info):
            # while a result is taken, its machine score and findings' statuses are at hand
            seen.append((result.call_id, result.score, info.machine_score[result.call_id],
                         [info.finding_status[(result.call_id, i)] for i in range(len(result.findings))]))
            assert len(info.machine_score) == 1
    assert len(whole) == 23
    assert [(c.final.call_id, c.final.score) for c in batched] == [(c.final.call_id, c.final.score) for c in whole]
    assert [(cid, score) for cid, score, _, _ in seen] == [(c.final.call_id, c.final.score) for c in whole]
    assert all(machine == score for _, score, machine, _ in seen)  # nothing reviewed yet
    assert {s for *_, statuses in seen for s in statuses} == {"unreviewed"}
    assert info.machine_score == {} and info.finding_status == {} and info.finding_id == {}
    assert sum(info.rules.values(), Counter()) == Counter()  # no decision yet: nothing counted


def test_input_hashes_are_sha256sum_through_windows_and_pipes(tmp_path, monkeypatch):
    """Inputs are hashed through a memory map a window at a time: the same SHA-256 as the
    whole file's, at every size around a window's edge; a pipe is read instead."""
    import hashlib
    import mmap
    import os
    import threading

    from qa_toolkit.store import hashes

    window = mmap.ALLOCATIONGRANULARITY  # the smallest window a map can start at
    monkeypatch.setattr(hashes, "WINDOW", window)
    for size in (0, 1, window - 1, window, 3 * window + 5):
        path = tmp_path / f"in-{size}.bin"
        data = bytes((i * 7 + 3) % 251 for i in range(size))
        path.write_bytes(data)
        assert hashes.sha256_of(path) == hashlib.sha256(data).hexdigest(), size
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    data = "您好，很高兴为您服务。\n".encode() * 1000
    writer = threading.Thread(target=fifo.write_bytes, args=(data,))
    writer.start()
    assert hashes.sha256_of(fifo) == hashlib.sha256(data).hexdigest()
    writer.join()
