"""Decisions per group and the report's 公开征求意见情况: every number of the section is recomputed here from the
comment file and the store's rows (not from the code that wrote the section), decisions made one by one or from a
CSV are all-or-nothing, follow their comments through a new analysis, and older consultation databases are taken
over by the Alembic chain."""

from __future__ import annotations

import csv
import re
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caina.cli import app
from caina.services import consult

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "examples" / "consult"
DRAFT = CASE / "draft.txt"
runner = CliRunner()
N = 3000


def ok(args: list[str]) -> str:
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    return r.output


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    tmp = tmp_path_factory.mktemp("decisions")
    comments = tmp / "意见.csv"
    consult.synth(DRAFT, N, comments, seed=11)
    db = tmp / "c.db"
    ok(["consult", "import", "绿化条例", str(comments), "--db", str(db)])
    ok(["consult", "analyse", "绿化条例", "--draft", str(DRAFT), "--db", str(db)])
    return tmp, str(db), comments


def _rows(db: str, sql: str, *p: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as c:
        return list(c.execute(sql, p))


def _section(output: str) -> str:
    return output[output.index("公开征求意见情况"):]


def test_report_section_counts_come_from_the_store(analysed: tuple[Path, str, Path], tmp_path: Path) -> None:
    _tmp, db, comments = analysed
    groups = [g for (g,) in _rows(db, "SELECT group_no FROM consult_groups WHERE review = '绿化条例' ORDER BY group_no")]
    g1, g2, g3, g4 = groups[0], groups[1], groups[2], groups[3]
    ok(["consult", "decide", "绿化条例", str(g1), "--decision", "adopted", "--reason", "已在第十条中增加", "--db", db])
    ok(["consult", "decide", "绿化条例", str(g2), "--decision", "不予采纳", "--reason", "与上位法不一致", "--db", db])
    ok(["consult", "decide", "绿化条例", str(g3), "--decision", "adopted", "--db", db])
    ok(["consult", "decide", "绿化条例", str(g4), "--decision", "duplicate", "--duplicate-of", str(g1), "--db", db])
    out = tmp_path / "report.md"
    ok(["report", str(CASE), "--db", db, "-f", "md", "-o", str(out)])
    section = _section(out.read_text(encoding="utf-8"))

    # X people, Y comments, merged into Z — recomputed from the comment file and the results table
    with comments.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    masked = [r for r in rows if not r["author"] or r["author"] == "匿名" or "*" in r["author"]]
    people = len({r["author"] for r in rows if r not in masked}) + len(masked)
    merged = len({g for (g,) in _rows(db, "SELECT group_no FROM consult_results WHERE review = '绿化条例'")})
    m = re.search(r"共有(\d+)人提出意见(\d+)条，经归并为(\d+)条", section)
    assert m, section[:300]
    assert (int(m[1]), int(m[2]), int(m[3])) == (people, len(rows), merged)

    # each decided group counts once, with the comments it holds now
    size = {g: n for g, n in _rows(db, "SELECT group_no, COUNT(*) FROM consult_results WHERE review = '绿化条例' GROUP BY group_no")}
    adopted = size[g1] + size[g3]
    assert f"予以采纳2条（涉及意见{adopted}条）" in section
    assert f"不予采纳1条（涉及意见{size[g2]}条）" in section
    assert f"与其他意见重复1条（涉及意见{size[g4]}条）" in section
    rest = len(rows) - adopted - size[g2] - size[g4]
    assert f"其余{merged - 4}条（涉及意见{rest}条）未逐条作出采纳决定" in section
    assert "理由：与上位法不一致。" in section

    # per article: the largest article's count is the number of results that name it
    top = re.search(r"较多的是(第[^0-9]+?条)(\d+)条", section)
    assert top
    named = _rows(db, "SELECT COUNT(*) FROM consult_results WHERE review = '绿化条例' AND ('、' || units || '、') LIKE ?",
                  f"%、{top[1]}、%")[0][0]  # fmt: skip
    assert int(top[2]) == named

    # .docx: the same section, its heading a paragraph of its own
    from docx import Document

    docx_out = tmp_path / "report.docx"
    ok(["report", str(CASE), "--db", db, "-f", "docx", "-o", str(docx_out)])
    paragraphs = [p.text for p in Document(str(docx_out)).paragraphs]
    assert "公开征求意见情况" in paragraphs
    assert any(f"提出意见{len(rows)}条，经归并为{merged}条" in p for p in paragraphs)


def test_decisions_follow_their_comments_and_stale_counts_are_refused(tmp_path: Path) -> None:
    comments = tmp_path / "a.csv"
    consult.synth(DRAFT, 1500, comments, seed=12)
    db = str(tmp_path / "c.db")
    ok(["consult", "import", "绿化条例", str(comments), "--db", db])
    ok(["consult", "analyse", "绿化条例", "--draft", str(DRAFT), "--db", db])
    first = _rows(db, "SELECT group_no, representative_seq, size FROM consult_groups WHERE review = '绿化条例' ORDER BY group_no")[1]
    ok(["consult", "decide", "绿化条例", str(first[0]), "--decision", "partially_adopted", "--reason", "部分采纳", "--db", db])
    # more comments: the published numbers would be wrong until the comments are grouped again
    more = tmp_path / "b.csv"
    consult.synth(DRAFT, 300, more, seed=13)
    with more.open(encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    (tmp_path / "b2.csv").write_text("\n".join([lines[0]] + [ln.replace("0000", "9000", 1) for ln in lines[1:]]) + "\n", encoding="utf-8")
    ok(["consult", "import", "绿化条例", str(tmp_path / "b2.csv"), "--db", db])
    r = runner.invoke(app, ["report", str(CASE), "--db", db, "-f", "md"])
    assert r.exit_code != 0 and "caina consult analyse 绿化条例" in r.output
    r = runner.invoke(app, ["consult", "decide", "绿化条例", "1", "--decision", "adopted", "--db", db])
    assert r.exit_code != 0 and "组号可能已经改变" in r.output
    ok(["consult", "analyse", "绿化条例", "--draft", str(DRAFT), "--db", db])
    # the decision is in whatever group its anchor comment is in now
    now = _rows(db, "SELECT r.group_no, g.size FROM consult_results r JOIN consult_groups g ON g.review = r.review "
                    "AND g.group_no = r.group_no WHERE r.review = '绿化条例' AND r.seq = ?", first[1])[0]  # fmt: skip
    listed = ok(["consult", "groups", "绿化条例", "--db", db, "--top", "0", "-o", str(tmp_path / "g.csv")])
    assert "组已写入" in listed
    with (tmp_path / "g.csv").open(encoding="utf-8", newline="") as fh:
        table = {int(r["group"]): r for r in csv.DictReader(fh)}
    assert table[now[0]]["decision"] == "partially_adopted" and table[now[0]]["size"] == str(now[1])
    assert sum(1 for r in table.values() if r["decision"]) == 1
    section = _section(ok(["report", str(CASE), "--db", db, "-f", "md"]))
    assert f"部分采纳1条（涉及意见{now[1]}条）" in section


def test_decide_file_is_all_or_nothing(analysed: tuple[Path, str, Path], tmp_path: Path) -> None:
    _tmp, db, _ = analysed
    groups = [g for (g,) in _rows(db, "SELECT group_no FROM consult_groups WHERE review = '绿化条例' ORDER BY group_no DESC LIMIT 3")]
    before = _rows(db, "SELECT COUNT(*) FROM consult_decisions")[0][0]
    bad = tmp_path / "决定.csv"
    bad.write_text(f"组号,采纳情况,理由\n{groups[0]},采纳,\n{groups[1]},不予采纳,\n第{groups[2]}组,部分采纳,部分写入\n99999,采纳,\n",
                   encoding="utf-8-sig")  # fmt: skip
    r = runner.invoke(app, ["consult", "decide", "绿化条例", "--file", str(bad), "--db", db])
    assert r.exit_code != 0
    assert "第3行" in r.output and "必须写明理由" in r.output and "第5行" in r.output and "没有第99999组" in r.output
    assert _rows(db, "SELECT COUNT(*) FROM consult_decisions")[0][0] == before  # nothing saved
    good = tmp_path / "决定2.csv"
    good.write_text(f"group,decision,reason\n{groups[0]},adopted,\n{groups[1]},not_adopted,不符合实际\n第{groups[2]}组,部分采纳,部分写入\n",
                    encoding="utf-8")  # fmt: skip
    out = ok(["consult", "decide", "绿化条例", "--file", str(good), "--db", db])
    assert "已保存3组的采纳决定" in out
    assert _rows(db, "SELECT COUNT(*) FROM consult_decisions")[0][0] == before + 3
    undo = tmp_path / "撤销.csv"
    undo.write_text("group,decision\n" + "\n".join(f"{g},pending" for g in groups) + "\n", encoding="utf-8")
    assert "撤销3组" in ok(["consult", "decide", "绿化条例", "--file", str(undo), "--db", db])
    assert _rows(db, "SELECT COUNT(*) FROM consult_decisions")[0][0] == before


def test_decide_errors_are_clear(analysed: tuple[Path, str, Path]) -> None:
    _tmp, db, _ = analysed
    r = runner.invoke(app, ["consult", "decide", "绿化条例", "1", "--decision", "maybe", "--db", db])
    assert r.exit_code != 0 and "采纳情况“maybe”无法识别" in r.output
    r = runner.invoke(app, ["consult", "decide", "绿化条例", "999999", "--decision", "adopted", "--db", db])
    assert r.exit_code != 0 and "没有第999999组" in r.output
    r = runner.invoke(app, ["consult", "decide", "绿化条例", "1", "--decision", "duplicate", "--db", db])
    assert r.exit_code != 0 and "须写明与哪一组重复" in r.output
    r = runner.invoke(app, ["consult", "decide", "没有这个", "1", "--decision", "adopted", "--db", db])
    assert r.exit_code != 0 and "没有名为“没有这个”的征求意见" in r.output
    r = runner.invoke(app, ["consult", "attach", "绿化条例", "42", "--db", db])
    assert r.exit_code != 0 and "没有编号为 42 的审议" in r.output


def test_migration_takes_over_tables_made_before_0003(tmp_path: Path) -> None:
    """Databases written by the first consultation commands (create_all, no Alembic) keep their comments."""
    from caina.store import Store
    from caina.store.migrate import current, head, upgrade

    db = tmp_path / "old.db"
    store = Store(str(db))
    upgrade(store, "0002_printed")
    with sqlite3.connect(db) as c:
        c.executescript(
            "CREATE TABLE consult_comments (seq INTEGER PRIMARY KEY AUTOINCREMENT, review VARCHAR(200) NOT NULL, "
            "comment_id VARCHAR(100) NOT NULL, submitted_at VARCHAR(19), author VARCHAR(1000) NOT NULL, channel VARCHAR(1000) NOT NULL, "
            "text TEXT NOT NULL, clause VARCHAR(1000) NOT NULL, source VARCHAR(500) NOT NULL, source_row INTEGER, "
            "CONSTRAINT uq_consult_comments_review_id UNIQUE (review, comment_id));"
            "CREATE INDEX ix_consult_comments_review_seq ON consult_comments (review, seq);"
            "CREATE TABLE consult_reviews (review VARCHAR(200) NOT NULL PRIMARY KEY, draft VARCHAR(1000) NOT NULL, "
            "draft_title VARCHAR(1000) NOT NULL, analysed_at DATETIME, analysed_comments INTEGER, distinct_texts INTEGER, "
            "stale BOOLEAN NOT NULL);"
            "INSERT INTO consult_comments (review, comment_id, author, channel, text, clause, source) "
            "VALUES ('旧的', '1', '张三', '网站', '建议修改第三条。', '', 'a.csv');"
            "INSERT INTO consult_reviews VALUES ('旧的', '', '', NULL, NULL, NULL, 1);"
        )  # fmt: skip
    store.upgrade()
    assert current(store) == head(store)
    store.dispose()
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT text FROM consult_comments WHERE review = '旧的'").fetchall() == [("建议修改第三条。",)]
        cols = {r[1] for r in c.execute("PRAGMA table_info(consult_reviews)")}
        assert {"review_id", "unit_order", "stats"} <= cols
        assert c.execute("SELECT COUNT(*) FROM consult_decisions").fetchone() == (0,)
