"""Reading public-comment files, and bad input tried as a new user would: a clear Chinese message naming row
and column, and nothing half-imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from caina.errors import CommentFileError
from caina.io.comments import CommentReader, Rejected, Row
from caina.services import consult

HEADER = "id,submitted_at,author,channel,text,clause\n"
GOOD = [
    ("1", "2026-03-01 09:00:00", "朱**", "网站", "建议第十条，修改", ""),
    ("2", "2026/3/2 10:05", "王*", "信函", "“多行\n内容”", "第十条"),
    ("3", "2026年3月3日", "", "座谈会", "同意", "12"),
]


def _csv(rows: list[tuple[str, ...]]) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADER.strip().split(","))
    w.writerows(rows)
    return buf.getvalue()


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = consult.open_store(f"sqlite:///{tmp_path / 'c.db'}")
    yield s
    s.close()


def _rows(path: Path, **kw: object) -> list[Row | Rejected]:
    return list(CommentReader(path, **kw).rows())  # type: ignore[arg-type]


@pytest.mark.parametrize(("encoding", "note"), [("utf-8", False), ("utf-8-sig", False), ("gb18030", True), ("gbk", True), ("utf-16", False)])
def test_encodings(tmp_path: Path, encoding: str, note: bool) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(_csv(GOOD).encode(encoding))
    reader = CommentReader(path)
    rows = list(reader.rows())
    assert [r.text for r in rows if isinstance(r, Row)] == ["建议第十条，修改", "“多行\n内容”", "同意"]
    assert rows[1].row == 3 and rows[2].row == 5  # a record spanning two lines: the next starts on line 5
    assert rows[1].submitted_at == "2026-03-02 10:05:00" and rows[2].submitted_at == "2026-03-03 00:00:00"
    assert bool(reader.notes) is note  # a GBK file is read, and the user is told how


def test_chinese_column_names_any_order(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("意见内容,编号,渠道\n建议删除,A1,网站\n", encoding="utf-8")
    reader = CommentReader(path)
    (row,) = list(reader.rows())
    assert isinstance(row, Row) and (row.id, row.text, row.channel, row.author) == ("A1", "建议删除", "网站", "")
    assert any("提交时间" in n for n in reader.notes) and any("提交人" in n for n in reader.notes)


def test_jsonl_and_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    lines = [json.dumps(dict(zip(HEADER.strip().split(","), r, strict=True)), ensure_ascii=False) for r in GOOD]
    path.write_text("\n".join([*lines, "{broken", "[1]"]) + "\n", encoding="utf-8")
    rows = _rows(path)
    assert [r.id for r in rows if isinstance(r, Row)] == ["1", "2", "3"]
    assert [(r.row, "JSON" in r.problem) for r in rows if isinstance(r, Rejected)] == [(4, True), (5, True)]

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER.strip().split(","))
    from datetime import datetime

    ws.append([101, datetime(2026, 3, 1, 9, 30), "朱**", "网站", "建议删除第十条", None])
    ws.append([102.0, "2026-03-02", "李*", "信函", "   ", None])
    xlsx = tmp_path / "c.xlsx"
    wb.save(xlsx)
    rows = _rows(xlsx)
    assert isinstance(rows[0], Row) and (rows[0].id, rows[0].submitted_at) == ("101", "2026-03-01 09:30:00")
    assert isinstance(rows[1], Rejected) and (rows[1].row, rows[1].column) == (3, "text（意见内容）") and "为空" in rows[1].problem


def _refused(store: consult.CommentStore, path: Path, *needles: str) -> str:
    before = store.count("r")
    with pytest.raises(CommentFileError) as info:
        consult.import_comments(store, "r", path)
    message = info.value.message
    for needle in needles:
        assert needle in message, message
    assert store.count("r") == before  # nothing half-imported
    assert store.rejected_rows("r") == [] or before
    return message


def test_wrong_columns(tmp_path: Path, store: consult.CommentStore) -> None:
    path = tmp_path / "c.csv"
    path.write_text("序号,姓名,意见\n1,张三,同意\n", encoding="utf-8")  # 意见 is text: this one is right
    consult.import_comments(store, "ok", path)
    path.write_text("no,who,what\n1,张三,同意\n", encoding="utf-8")
    _refused(store, path, "缺少必需的列", "id（编号）", "text（意见内容）", "no、who、what", "第1行", "第一行须是表头")


def test_broken_quoting_names_row_and_is_not_imported(tmp_path: Path, store: consult.CommentStore) -> None:
    path = tmp_path / "c.csv"
    path.write_text(_csv(GOOD) + '4,2026-03-04 08:00:00,李*,网站,"他说"好"就好",\n', encoding="utf-8")
    _refused(store, path, "第6行“text”列", "引号", "未导入", "两个")
    path.write_text(_csv(GOOD) + '4,2026-03-04 08:00:00,李*,网站,"没有结束的引号\n5,x,y,z,w,\n', encoding="utf-8")
    _refused(store, path, "第6行开始的引号", "文件末尾", "第6行“text”列")


def test_a_gbk_file_halfway_in_a_utf8_file(tmp_path: Path, store: consult.CommentStore) -> None:
    path = tmp_path / "c.csv"
    good = _csv(GOOD).encode("utf-8") + b"".join(
        f"{i},2026-03-05 08:00:00,x,网站,第{i}条意见写得比较长，用来把文件撑过开头的检测范围。,\n".encode() for i in range(10, 3000)
    )
    path.write_bytes(good + "9999,2026-03-05 08:00:00,李*,网站,这是GBK编码的一行,\n".encode("gbk"))
    message = _refused(store, path, "不是UTF-8编码", "第2996行", "--encoding gb18030")
    assert "整个文件未导入" in message


def test_bad_rows_are_kept_aside_with_row_and_column(tmp_path: Path, store: consult.CommentStore) -> None:
    path = tmp_path / "c.csv"
    huge = "长" * (10 * 1024 * 1024)  # a 10 MB single comment
    rows = [*GOOD, ("4", "2026-03-04", "x", "网站", "", ""), ("5", "昨天", "x", "网站", "时间不对", ""),
            ("", "2026-03-04", "x", "网站", "没有编号", ""), ("6", "2026-03-04", "x", "网站", huge, "")]  # fmt: skip
    path.write_text(_csv(rows), encoding="utf-8")
    report = consult.import_comments(store, "r", path)
    assert (report.new, report.rejected_count) == (3, 4)
    assert store.count("r") == 3
    described = [r.describe() for r in report.rejected]
    assert described[0] == "第6行“text（意见内容）”列：意见内容为空"
    assert described[1].startswith("第7行“submitted_at（提交时间）”列：提交时间“昨天”无法识别")
    assert described[2].startswith("第8行“id（编号）”列：编号为空")
    assert described[3].startswith("第9行“text（意见内容）”列：意见内容过长（10,485,760字，上限50,000字）")
    kept = store.rejected_rows("r")
    assert [r["source_row"] for r in kept] == [6, 7, 8, 9] and len(kept[3]["raw"]) < 3000  # kept, and cut short


def test_too_many_bad_rows_refuse_the_file(tmp_path: Path, store: consult.CommentStore) -> None:
    path = tmp_path / "c.csv"
    path.write_text(_csv([(str(i), "", "", "", "", "") for i in range(20)]), encoding="utf-8")
    with pytest.raises(CommentFileError, match="超过5行"):
        consult.import_comments(store, "r", path, max_rejects=5)
    assert store.count("r") == 0 and store.rejected_rows("r") == []


def test_reimport_is_idempotent_and_ids_repeated_in_a_file(tmp_path: Path, store: consult.CommentStore) -> None:
    path = tmp_path / "c.csv"
    path.write_text(_csv([*GOOD, GOOD[0], ("2", "2026-03-09 00:00:00", "x", "网站", "另一条", "")]), encoding="utf-8")
    first = consult.import_comments(store, "r", path)
    assert (first.new, first.repeated, first.rejected_count) == (3, 1, 1)
    assert "与第3行相同而内容不同" in first.rejected[0].problem
    again = consult.import_comments(store, "r", path)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    assert store.count("r") == 3 and len(store.rejected_rows("r")) == 1  # not set aside twice
    path.write_text(_csv([("1", "2026-03-01 09:00:00", "朱**", "网站", "改过的意见", "")]), encoding="utf-8")
    changed = consult.import_comments(store, "r", path)
    assert (changed.new, changed.updated) == (0, 1) and store.count("r") == 3


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("c.csv", b"", "空的"),
        ("c.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧版 Excel"),
        ("c.xlsx", b"id,text\n1,a\n", "不是 Excel 工作簿"),
        ("c.pdf", b"%PDF-1.4", "不支持的意见文件类型"),
        ("c.csv", bytes(range(128, 256)) * 50, "无法识别文件的编码"),
    ],
)
def test_files_that_are_not_comment_files(tmp_path: Path, store: consult.CommentStore, name: str, data: bytes, needle: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    _refused(store, path, needle)
