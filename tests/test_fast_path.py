"""The fast path finds exactly what the straightforward reference path finds: on every
sample, on a generated corpus, with both segmenter backends, serially and with workers."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SAMPLES
from qa_toolkit.cli import main
from qa_toolkit.engine import check_call, compile_rubric
from qa_toolkit.ingest import read_calls
from qa_toolkit.ingest.json_input import stream_jsonl
from qa_toolkit.models import Call, result_dict
from qa_toolkit.normalise import normalise, normalise_many
from qa_toolkit.rubric import load_rubric
from qa_toolkit.segment import Segmenter

sys.path.insert(0, str(ROOT / "bench"))
from corpus import write_corpus  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "calls.jsonl"
    write_corpus(str(path), 400, seed=11)
    return path


def _results(calls, rubric: str, fast: bool, backend: str = "rjieba"):
    compiled = compile_rubric(load_rubric(rubric), Segmenter(backend), fast=fast)
    return [result_dict(check_call(c, compiled)) for c in calls]


@pytest.mark.parametrize("rubric", ["bank-hotline", "gas-utility"])
def test_samples_identical(rubric):
    calls = [c for c in read_calls([SAMPLES / "calls"]) if isinstance(c, Call)]
    assert len(calls) == 23
    assert _results(calls, rubric, fast=True) == _results(calls, rubric, fast=False)


def test_generated_corpus_identical(corpus):
    reference = [c for c in read_calls([corpus]) if isinstance(c, Call)]
    fast_calls = list(stream_jsonl(corpus))  # msgspec structs, not pydantic models
    assert len(reference) == len(fast_calls) == 400
    expected = _results(reference, "bank-hotline", fast=False)
    assert _results(fast_calls, "bank-hotline", fast=True) == expected
    findings = sum(len(r["findings"]) for r in expected)
    assert findings > 200  # the corpus does exercise the rules


def test_jieba_backend_identical(corpus):
    calls = list(stream_jsonl(corpus))[:120]
    assert _results(calls, "bank-hotline", True, "jieba") == _results(calls, "bank-hotline", False, "rjieba")


def test_normalisation_identical_on_edge_text():
    import random

    rng = random.Random(3)
    alphabet = list("  \t\u3000，。。!！?？ab AB這個沒有辦法 。，，..--——…Ｈｅｌｌｏ１２３乾隆__İ（）：；\U00010100++%%￥￥")
    for _ in range(3000):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25))) for _ in range(rng.randint(1, 5))]
        fast, reference = normalise_many(texts), [normalise(t) for t in texts]
        assert [n.text for n in fast] == [n.text for n in reference]
        # the offset map, computed apart on the fast path, is the reference's
        assert [tuple(n.offsets) for n in fast] == [tuple(n.offsets) for n in reference]


@pytest.mark.parametrize("pattern, expected", [
    ("我(?:也|都|真|确实|实在)?[不没](?:太|大|怎么|是很|很)(?:知道|清楚|了解|懂)",
     [["我"], ["不", "没"], ["了解", "懂", "清楚", "知道"], ["大", "太", "很", "怎么", "是很"]]),
    ("工号[是为:]?[0-9]+", [["工号"]]),
    ("(?:我|免贵)姓", [["姓"], ["免贵", "我"]]),
    ("(ab){2}c+?", [["ab"], ["c"]]),
    ("(?=abc)d", [["d"]]),  # a lookahead is not part of the match
    ("a|b*", None),  # one branch needs nothing
    ("x*", None),
    ("(?i)abc", None),  # case-insensitive: no literal test
    ("x(?i:ab)", None),
])
def test_required_strings_of_a_regex(pattern, expected):
    import re

    from qa_toolkit.text.prefilter import required_strings

    assert required_strings(re.compile(pattern)) == expected


@pytest.mark.parametrize("pattern, expected", [
    # the verbs, not 我 or 不 (too common to tell anything) and not 大/太
    ("我(?:也|都|真|确实|实在)?[不没](?:太|大|怎么|是很|很)(?:知道|清楚|了解|懂)", ["了解", "清楚", "知道", "懂"]),
    ("找(?:[\u4e00-\u9fff]{1,4})去", ["找"]),
    ("工号[是为:]?[0-9]+", ["工号"]),
    ("不(?<![^,.]不)(?:是很|太)", None),  # 不, 太: only common characters
    ("我不", ["我不"]),  # two of them are a word worth scanning for
    ("x*", None),
])
def test_gate_words_of_a_regex(pattern, expected):
    import re

    from qa_toolkit.text.prefilter import gate_words

    assert gate_words(re.compile(pattern)) == expected


@pytest.mark.parametrize("template, anchors", [
    ("还有 … 其他/别的 … 吗/么", ["还有"]),  # the part whose shortest word is longest
    ("不是 … 说过了/说了/告诉您了 吗", ["不是"]),  # a tie: the fewest choices
    ("还有/还 … 其他/啥 … 帮/服务", []),  # every part has a one-character word: no anchor
    ("^亲/亲亲", []),
])
def test_template_anchors(template, anchors):
    from qa_toolkit.text.matchers import compile_template

    assert compile_template(template)[1] == anchors


def test_a_regex_runs_only_where_its_words_occur():
    from qa_toolkit.text.matchers import RegexMatcher

    scanned = RegexMatcher(0, ["我(?:也)?不太(?:清楚|了解)", "找[\u4e00-\u9fff]{1,4}去"])
    assert scanned.strings == frozenset({"不太", "找"})
    # a windowed rule reads a few turns: they are searched, the scan looks for nothing
    windowed = RegexMatcher(1, ["我(?:也)?不太(?:清楚|了解)"], scanned=False)
    assert windowed.strings is None and windowed.gates == ()
    # a regex without a telling word: the matcher is not scanned for
    assert RegexMatcher(2, ["我", "找[\u4e00-\u9fff]{1,4}去"]).strings is None


@pytest.mark.parametrize("pattern, expected", [
    ("我(?:也|都|真|确实|实在)?[不没](?:太|大|怎么|是很|很)(?:知道|清楚|了解|懂)", True),
    ("工号[是为:]?[0-9零〇一二三四五六七八九幺两]+", True),
    ("\\d+号|a[b-z]{2,}", True),
    ("a.b", False),  # any character: the separator too
    ("[^a]b", False),
    ("\\Wb", False),
    ("[\ue000]", False),
    ("^a", False),  # anchors and lookarounds read outside the match
    ("(?<=x)a", False),
    ("a\\b", False),
    ("(a)\\1", False),
    ("a*", False),  # matches the empty string
    ("(?i:a)b", False),
])
def test_regex_searched_over_joined_turns(pattern, expected):
    import re

    from qa_toolkit.text.prefilter import within_turns

    assert within_turns(re.compile(pattern)) is expected


def test_shipped_punctuation_ranges_are_this_unicode_database():
    import json
    import unicodedata

    from qa_toolkit.normalise import PUNCTUATION_TABLE, punctuation_ranges

    table = json.loads(PUNCTUATION_TABLE.read_text(encoding="utf-8"))
    ranges = [tuple(r) for r in table["ranges"]]
    if table["unidata"] == unicodedata.unidata_version:
        assert ranges == punctuation_ranges()
    else:  # another Python: the ranges are computed at run time instead
        assert punctuation_ranges() != []
    assert (0x3001, 0x3003) in ranges  # 、。〃
    assert all(unicodedata.category(chr(c)).startswith("P") for a, b in ranges for c in range(a, b + 1))


def test_jobs_keep_input_order_and_output(corpus, tmp_path):
    runner = CliRunner()
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        result = runner.invoke(main, ["check", str(corpus), "-f", "jsonl", "-o", str(out), "--jobs", jobs,
                                      "--no-progress"], catch_exceptions=False)
        assert result.exit_code == 1
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    ids = [json.loads(line)["call_id"] for line in outputs[0].splitlines()]
    assert ids == [f"B{i:07d}" for i in range(400)]


def test_benchmark_reference_writes_what_check_writes(corpus, tmp_path):
    """The benchmark's plain-jieba reference is the straightforward path: its lines are
    the engine's."""
    from run import reference_lines

    lines, seconds = reference_lines(corpus, 30)
    out = tmp_path / "out.jsonl"
    CliRunner().invoke(main, ["check", str(corpus), "-f", "jsonl", "-o", str(out), "--no-progress"],
                       catch_exceptions=False)
    assert lines == out.read_text(encoding="utf-8").splitlines()[:30]
    assert len(lines) == 30 and seconds > 0


def test_pieces_of_a_large_file_cover_every_line(corpus):
    from qa_toolkit.ingest.json_input import split_points

    pieces = split_points(corpus, 50_000)
    assert len(pieces) > 5
    lines = [c.call_id for start, end, first in pieces for c in stream_jsonl(corpus, start, end, first)]
    assert lines == [f"B{i:07d}" for i in range(400)]
    assert pieces[0][2] == 1


def test_workers_give_what_one_process_gives(corpus):
    """Forked workers and spawned ones (as on Windows and macOS, where the compiled rubric
    is rebuilt in each worker) write what one process writes."""
    from functools import partial

    from qa_toolkit.ingest import open_inputs
    from qa_toolkit.reporters import ReportOptions, jsonl
    from qa_toolkit.runner import Job, run

    compiled = compile_rubric(load_rubric("bank-hotline"))
    units = open_inputs([corpus], chunk=50_000).units
    assert len(units) > 5

    def checked(jobs, method=None):
        job = Job(compiled, {}, render=partial(jsonl.stream_call, ReportOptions()), keep=False)
        pieces = list(run(job, units, jobs, method=method))
        return "".join(p.text for p in pieces), sum(p.calls for p in pieces), sum(p.failed for p in pieces)

    serial = checked(1)
    assert checked(2, "fork") == serial
    assert checked(2, "spawn") == serial
    assert serial[1] == 400


def test_automaton_gives_character_offsets():
    from qa_toolkit.automaton import Automaton

    def naive(patterns, text):
        return sorted((i, s, s + len(p)) for i, p in enumerate(patterns)
                      for s in range(len(text)) if text.startswith(p, s))

    patterns = ["再见", "见", "\u2d00", "\U00020000好"]
    automaton = Automaton(patterns)
    for text in ["好的，再见", "a\u4e2d", "\U00020000好再见", ""]:
        # "a中" is the bytes 61 00 2d 4e: U+2D00 (00 2d) is there only across two characters
        assert sorted(automaton.matches(text)) == naive(patterns, text)
    assert Automaton([]).matches("再见") == []


def test_spoken_length_counts_what_is_neither_punctuation_nor_space():
    import random

    from qa_toolkit.normalise import is_punct, spoken_length

    rng = random.Random(2)
    alphabet = list(" \t，。！!?ab中文…——\u3000\U00010100\U00020000_+%")
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        assert spoken_length(text) == sum(1 for c in text if not c.isspace() and not is_punct(c))
    assert spoken_length("好的，请您稍等……") == 6


def test_fuzzy_search_is_the_reference_search():
    import random

    from qa_toolkit.text.fuzzy import fuzzy_find, fuzzy_find_reference

    # a dropped 为, 在 for 再, nothing close
    assert fuzzy_find("好的，很高兴您服务。", "很高兴为您服务", "pinyin", 1) == (3, 9, 1)
    assert fuzzy_find("好的在见", "再见", "pinyin", 0) == (2, 4, 0)
    assert fuzzy_find("请稍等", "再见", "pinyin", 1) is None
    rng = random.Random(5)
    alphabet = list("再在见您你很高兴为服务请稍等，。! ab1\U00020000")
    phrases = ["再见", "很高兴为您服务", "请您稍等", "a", "ab再", "\U00020000见"]
    for _ in range(4000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        phrase = rng.choice(phrases + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6)))])
        mode, edits = rng.choice(["pinyin", "edit"]), rng.randint(0, 2)
        assert fuzzy_find(text, phrase, mode, edits) == fuzzy_find_reference(text, phrase, mode, edits)


def test_stage_timing_changes_nothing_it_times(corpus):
    """bench/stages.py times each stage by wrapping it: the lines it writes are `check`'s,
    every rule has its line, and the engine and the compiled rubric are left as they were."""
    from stages import staged

    from qa_toolkit import engine
    from qa_toolkit.models import result_json

    compiled = compile_rubric(load_rubric("bank-hotline"))
    before = (engine.make_finding, engine.apply_caps, engine.compute_score, compiled.plan)
    times, lines = staged(compiled, corpus)
    calls = list(stream_jsonl(corpus))
    fresh = compile_rubric(load_rubric("bank-hotline"))
    assert lines == [result_json(check_call(c, fresh)) + "\n" for c in calls]
    assert (engine.make_finding, engine.apply_caps, engine.compute_score, compiled.plan) == before
    rules = [r.id for r in load_rubric("bank-hotline").rubric.rules]
    assert len(rules) == 15
    assert sorted(times) == sorted(["read", "normalise", "scan", "findings", "score", "rest of check_call", "write"]
                                   + [f"rule {r}" for r in rules])
