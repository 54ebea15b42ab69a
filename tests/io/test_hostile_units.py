"""Unit tests of the shared input and output layer (issue 12): one test per rule, beside the corpus in tests/hostile."""

from __future__ import annotations

import errno
import io
import os
import stat
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from caina.errors import ReviewFileError, SourceFileError, UnsafeFileError
from caina.io import files
from caina.io.files import atomic_write_text, check_output
from caina.io.ooxml import attrs, open_package
from caina.io.ooxml.xlsx import open_workbook, set_text
from caina.io.textfile import clean, decode, read_limited, read_text_input, squeeze_spaces
from caina.io.yaml_input import line_of, load_yaml
from tests.fixtures.docx.build import docx, p, title
from tests.hostile.corpus import FORM_HEAD, OPINION_ROW, _sheet_xml, _xlsx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# -- outputs ---------------------------------------------------------------------------------------


def test_an_existing_file_is_replaced_only_with_force(tmp_path: Path) -> None:
    path = tmp_path / "报告.md"
    path.write_text("旧", encoding="utf-8")
    with pytest.raises(SourceFileError, match="--force"):
        atomic_write_text(path, "新", force=False)
    assert path.read_text(encoding="utf-8") == "旧"
    atomic_write_text(path, "新", force=True)
    assert path.read_text(encoding="utf-8") == "新"


def test_links_fifos_and_devices_are_never_written(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("别人的", encoding="utf-8")
    (tmp_path / "link.md").symlink_to(victim)
    os.mkfifo(tmp_path / "fifo.md")
    for target, word in ((tmp_path / "link.md", "符号链接"), (tmp_path / "fifo.md", "管道"), (Path("/dev/null"), "设备")):
        with pytest.raises(SourceFileError, match=word):
            check_output(target, force=True)
    assert victim.read_text(encoding="utf-8") == "别人的"


def test_long_names_write_and_too_long_names_are_said(tmp_path: Path) -> None:
    ok = tmp_path / ("意见" * 41 + ".md")  # 246 + 3 bytes: the temporary name does not add to it
    atomic_write_text(ok, "甲")
    assert ok.read_text(encoding="utf-8") == "甲" and [p.name for p in tmp_path.iterdir()] == [ok.name]
    with pytest.raises(SourceFileError, match="过长"):
        check_output(tmp_path / ("意见" * 43 + ".md"))


def test_a_read_only_file_system_is_said_and_nothing_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_a: object, **_k: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    with pytest.raises(SourceFileError, match="只读"):
        atomic_write_text(tmp_path / "r.md", "甲")
    assert not list(tmp_path.iterdir())


# -- text input ------------------------------------------------------------------------------------


def test_fifos_and_devices_are_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "f.txt")
    with pytest.raises(UnsafeFileError, match="管道"):
        read_limited(tmp_path / "f.txt")  # returns at once: never blocks on the FIFO
    with pytest.raises(UnsafeFileError, match="不是普通文件"):
        read_limited(Path("/dev/zero"))


def test_size_limit_is_a_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "d.txt"
    path.write_bytes(b"x" * (2 * 1024 * 1024))
    monkeypatch.setenv("CAINA_MAX_TEXT_MB", "1")
    with pytest.raises(UnsafeFileError, match="CAINA_MAX_TEXT_MB"):
        read_text_input(path)
    monkeypatch.setenv("CAINA_MAX_TEXT_MB", "many")
    with pytest.raises(Exception, match="CAINA_MAX_TEXT_MB"):
        read_text_input(path)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig", "utf-32"])
def test_office_encodings_are_read_and_said(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes("关于测试的实施方案\n市财政局提出：建议完善。\n".encode(encoding))
    got = read_text_input(path)
    assert got.text.startswith("关于测试的实施方案")
    assert bool(got.notes) == (encoding not in ("utf-8-sig",))


def test_random_bytes_are_not_gb18030_text() -> None:
    import random

    rng = random.Random(3)
    data = bytes(rng.randrange(0x81, 0xFF) for _ in range(4000))
    data.decode("gb18030")  # it does decode …
    with pytest.raises(SourceFileError, match="无法把文件当作文字读取"):
        decode(data, where="x.txt")  # … but it is no text


def test_control_characters_are_taken_out_and_named() -> None:
    text, notes = clean("第一行\n第二\x00行\x1b[2J\x0c第三行")
    assert text == "第一行\n第二行[2J\n第三行"
    assert "第2行第3个字符 U+0000" in notes[0]


def test_long_runs_of_spaces_are_cut_in_parsed_text() -> None:
    text, notes = squeeze_spaces("甲" + " " * 5000 + "乙\n丙")
    assert text == "甲" + " " * 8 + "乙\n丙" and "第1行" in notes[0]


# -- YAML ------------------------------------------------------------------------------------------


def _load(text: str) -> object:
    return load_yaml(text, path="r.yaml", error=ReviewFileError)[0]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a: &r [*r]\n", "循环引用"),
        ("a: " + "[" * 100 + "]" * 100 + "\n", "嵌套过深"),
        ("a: 1\nb: 2\na: 3\n", "第1行和第3行"),
        ('a: "x\\0y"\n', r"U\+0000"),
        ("a: !!python/object:os.system [ls]\n", "标签"),
        ("a: *nowhere\n", "前面没有对应"),
    ],
)
def test_yaml_limits_are_checked_while_building(text: str, words: str) -> None:
    with pytest.raises(ReviewFileError, match=words):
        _load(text)


def test_yaml_alias_bomb_is_refused_by_its_expanded_size() -> None:
    bomb = 'a0: &a0 ["哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈"]\n' + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)
    )
    with pytest.raises(ReviewFileError, match="节点"):
        load_yaml(bomb, path="r.yaml", error=ReviewFileError, max_nodes=100_000)


def test_yaml_values_merges_and_lines_are_those_of_safe_load() -> None:
    text = "base: &b {x: 1, y: 否}\nc:\n  <<: *b\n  y: yes\n  d: 2019-01-17\n  n: ~\nlist:\n  - 1.5\n  - 'q'\n"
    import yaml

    data, lines = load_yaml(text, path="r.yaml", error=ReviewFileError)
    expected = yaml.safe_load(text)
    expected["c"]["d"] = "2019-01-17"  # dates stay text
    assert data == expected
    assert line_of(lines, ("c", "y")) == 4 and line_of(lines, ("list", 1)) == 9


# -- the door and the attribute ranges -------------------------------------------------------------


def test_numbers_in_attributes_are_clamped_or_dropped_and_said() -> None:
    root = etree.fromstring(
        f'<w:document xmlns:w="{W}"><w:tc><w:tcPr><w:gridSpan w:val="10000000"/></w:tcPr></w:tc>'
        '<w:pgSz w:w="nan" w:h="1e9"/><w:sz w:val="+24"/></w:document>'
    )
    notes = attrs.Notes()
    assert attrs.sanitize(root, "word/document.xml", notes)
    assert root.find(f".//{{{W}}}gridSpan").get(f"{{{W}}}val") == "63"
    pg = root.find(f"{{{W}}}pgSz")
    assert pg.get(f"{{{W}}}w") is None and pg.get(f"{{{W}}}h") == str(attrs.MAX_TWIPS)
    assert root.find(f"{{{W}}}sz").get(f"{{{W}}}val") == "24"
    said = "\n".join(notes.messages())
    assert "gridSpan" in said and "1–63" in said and "pgSz" in said


def _with(data: bytes, name: str, content: bytes, *, link: bool = False) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for n in src.namelist():
            out.writestr(n, src.read(n))
        info = zipfile.ZipInfo(name)
        if link:
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
        out.writestr(info, content)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "link", "words"),
    [
        ("../evil.xml", b"<x/>", False, "不安全的文件名"),
        ("/abs.xml", b"<x/>", False, "不安全的文件名"),
        ("word\\media\\x.png", b"x", False, "不安全的文件名"),
        ("word/media/l.png", b"/etc/passwd", True, "符号链接"),
        ("word/custom.xml", '<?xml version="1.0" encoding="UTF-32"?><a/>'.encode("utf-32"), False, "UTF-8"),
        ("word/custom2.xml", b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', False, "DOCTYPE"),
    ],
)
def test_the_door_refuses_bad_members(name: str, content: bytes, link: bool, words: str) -> None:
    good = docx(title() + p("正文。"))
    with pytest.raises(UnsafeFileError, match=words):
        open_package(_with(good, name, content, link=link), "docx", name="上传.docx")


def test_the_door_takes_an_upload_and_says_what_it_is() -> None:
    package = open_package(docx(title() + p("正文。")), "docx", name="上传.docx")
    assert package.document().tag == f"{{{W}}}document"
    with pytest.raises(SourceFileError, match="Word 文档，不是 Excel"):
        open_package(docx(title()), "xlsx", name="表.xlsx")


# -- spreadsheets ----------------------------------------------------------------------------------


def test_sheets_stream_with_a_row_limit_and_hidden_sheets_are_listed() -> None:
    rows = [*FORM_HEAD, *((r, OPINION_ROW) for r in range(7, 40))]
    book = open_workbook(_xlsx([("意见反馈表", "visible", _sheet_xml(rows)), ("藏", "hidden", _sheet_xml([(1, ["x"])]))]))
    assert [(s.name, s.state) for s in book.sheets] == [("意见反馈表", "visible"), ("藏", "hidden")]
    data = book.read(book.sheets[0], max_rows=10)
    assert data.rows_with_content == 10 and data.stopped_at == 13  # the header rows count: 1, 2, 4, 6, then 7…


def test_text_that_starts_like_a_formula_is_written_inert() -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for i, text in enumerate(["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1)", "\tx", "正常"], 1):
        set_text(ws.cell(i, 1), text)
    buf = io.BytesIO()
    wb.save(buf)
    sheet = zipfile.ZipFile(buf).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and sheet.count(b't="inlineStr"') + sheet.count(b't="s"') == 6
    assert ws.cell(1, 1).quotePrefix and not ws.cell(6, 1).quotePrefix
