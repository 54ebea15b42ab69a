"""The revised draft and its track-changes copy, written into the original .docx.

Proofs: accept-all of the tracked copy equals the revised draft and reject-all
equals the original — as paragraph texts and as caina's layout lines; every
character keeps its run formatting; untouched paragraphs and parts are
byte-identical; LibreOffice counts the same tracked changes by the same
authors. On the Baise example and on seeded generated drafts with random edits.
"""

from __future__ import annotations

import io
import itertools
import os
import random
import re
import shutil
import zipfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from lxml import etree
from typer.testing import CliRunner

from caina import services
from caina.cli import app
from caina.core.edits import Op, Placed, apply
from caina.core.layout import layout
from caina.core.model import CELL_SEP, Block, BlockKind, Draft, Part
from caina.core.pages import Span
from caina.errors import CainaError, SourceFileError
from caina.io import pdf
from caina.io.docx_reader import read_docx
from caina.io.docx_writer import to_docx_bytes, to_docx_bytes_with_refs
from caina.io.revisions import Revision, accept_all, reject_all, revise_docx, tracked_changes
from caina.io.revisions.runs import align_text, block_atoms, find_block, w
from caina.io.text_reader import read_text
from caina.services import documents

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "baise"
DATE = "2019-01-17T00:00:00Z"
AUTHORS = ("周市长", "市工信委", "市人力资源社会保障局", "市科知局")
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
runner = CliRunner()


def require_soffice() -> None:
    if pdf.available():
        return
    if os.environ.get("CI"):
        pytest.fail("CI 中必须安装 LibreOffice（soffice）：运行 scripts/install-system.sh")
    pytest.skip("LibreOffice (soffice) is not installed; install it with scripts/install-system.sh")


# -- helpers -------------------------------------------------------------------


def read_bytes(data: bytes, tmp_path: Path, name: str) -> Draft:
    path = tmp_path / name
    path.write_bytes(data)
    return read_docx(path)


def texts(draft: Draft) -> list[str]:
    return [b.text for p in draft.parts for b in p.blocks]


def lines(draft: Draft) -> list[tuple[int, int, str]]:
    lay = layout(draft)
    return [(ln.page, ln.number, ln.text) for pg in lay.pages for ln in pg.lines]


def body(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml")).find(w("body"))


def formatted(el: etree._Element) -> list[tuple[str, bytes | None]]:
    """Each visible character of a paragraph or row with the serialised rPr of its run
    (b"" for a run without rPr, None for the separator between cells)."""
    out: list[tuple[str, bytes | None]] = []
    for atom in block_atoms(el):
        if atom.run is None:
            out.append((atom.char, None))
            continue
        rpr = atom.run.find(w("rPr"))
        out.append((atom.char, etree.tostring(rpr) if rpr is not None else b""))
    return out


def expected_formatting(
    chars: list[tuple[str, bytes | None]], text: str, revs: list[Revision]
) -> list[tuple[str, bytes | None]]:
    """What ``formatted`` must give after the revisions: kept characters keep their rPr; new text takes
    the replaced text's rPr — what it keeps of the old text's beginning and end that of the old character
    it stands for, the changed middle that of the first changed old character (the last old one when the
    old text is only extended) — and an insertion the rPr of the character it attaches to."""
    assert "".join(c for c, _ in chars) == text
    chars = list(chars)
    key = lambda r: (r.target.start, 0 if r.target.start == r.target.end else 1, r.order)  # noqa: E731
    for rev in sorted(revs, key=key, reverse=True):
        s, e = rev.target.start, rev.target.end
        if e > s:
            old, new = rev.old, rev.new
            p = 0
            while p < min(len(old), len(new)) and old[p] == new[p]:
                p += 1
            q = 0
            while q < min(len(old), len(new)) - p and old[-1 - q] == new[-1 - q]:
                q += 1
            olds = [f for _, f in chars[s:e]]
            middle = olds[p] if p < len(old) else olds[-1]
            fmts = [*olds[:p], *([middle] * (len(new) - p - q)), *olds[len(old) - q :]]
            chars[s:e] = list(zip(new, fmts, strict=True))
            continue
        before = chars[s - 1][1] if s > 0 else None
        after = chars[s][1] if s < len(chars) else None
        fmt = before if (rev.attach_after or after is None) and before is not None else after
        chars[s:e] = [(c, fmt) for c in rev.new]
    return chars


def revisions_of(placed: list[Placed], authors: dict[str, str]) -> list[Revision]:
    return [
        Revision(p.target, p.old, p.new, authors[p.edit_id], f"意见{i + 1}（{authors[p.edit_id]}）：{p.edit_id}",
                 attach_after=p.op is not Op.INSERT_BEFORE, order=i)
        for i, p in enumerate(placed)
    ]  # fmt: skip


def libreoffice_changes(data: bytes) -> tuple[Counter[tuple[str, str]], int]:
    """(changes by (kind, author), comments) as LibreOffice reads the file."""
    fodt = etree.fromstring(pdf.convert_bytes(data, ".docx", "fodt"))
    ns = {
        "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
        "dc": "http://purl.org/dc/elements/1.1/",
        "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    }
    kinds = {"insertion": "ins", "deletion": "del"}
    counts: Counter[tuple[str, str]] = Counter()
    for region in fodt.iterfind(".//text:changed-region", ns):
        kind = etree.QName(region[0]).localname
        counts[(kinds.get(kind, kind), region.findtext(".//dc:creator", namespaces=ns) or "")] += 1
    return counts, len(fodt.findall(".//office:annotation", ns))


# -- generated drafts --------------------------------------------------------------

_HAN = "发展创新科技产业推进建设完善机制企业人才平台服务技术成果转化资源综合利用重点支持开展加强提升政策落实"
_PUNCT = "，，，。、；：“”《》（）"
_LATIN = ("GDP", "5G", "2025", "10", "R&D", "GB/T")


def _phrase(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.8:
            out.append(rng.choice(_HAN))
        elif r < 0.93:
            out.append(rng.choice(_PUNCT))
        else:
            out.append(rng.choice(_LATIN))
    return "".join(out)


def _style_run(run, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    k = rng.randrange(6)
    if k == 1:
        run.bold = True
    elif k == 2:
        run.italic = True
    elif k == 3:
        run.font.color.rgb = RGBColor(0xC0, 0, 0)
    elif k == 4:
        run.font.size = Pt(rng.choice((14, 16, 18)))
    elif k == 5:
        rfonts = run._r.get_or_add_rPr().get_or_add_rFonts()
        rfonts.set(qn("w:eastAsia"), rng.choice(("黑体", "楷体_GB2312", "仿宋_GB2312")))


def _runs(container, text: str, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    """``text`` as 1–6 runs of mixed formatting, with bookmarks, proofing marks or a hyperlink between."""
    cuts = sorted(rng.sample(range(1, len(text)), k=min(len(text) - 1, rng.randint(0, 5)))) if len(text) > 1 else []
    bounds = [0, *cuts, len(text)]
    for a, b in itertools.pairwise(bounds):
        run = container.add_run(text[a:b])
        _style_run(run, rng)
        r = rng.random()
        if r < 0.1:
            mark = OxmlElement("w:bookmarkStart")
            mark.set(qn("w:id"), str(rng.randrange(1000, 9000)))
            mark.set(qn("w:name"), f"bm{rng.randrange(10**6)}")
            run._r.addprevious(mark)
        elif r < 0.2:
            mark = OxmlElement("w:proofErr")
            mark.set(qn("w:type"), "spellStart")
            run._r.addnext(mark)
        elif r < 0.28:
            link = OxmlElement("w:hyperlink")
            link.set(qn("w:anchor"), "_top")
            run._r.addprevious(link)
            link.append(run._r)


def generated_docx(seed: int) -> bytes:
    rng = random.Random(seed)
    doc = Document()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _runs(title, "关于" + _phrase(rng, 12) + "的实施方案", rng)
    for _ in range(rng.randint(4, 12)):
        if rng.random() < 0.15:
            rows, cols = rng.randint(2, 4), rng.randint(2, 3)
            table = doc.add_table(rows=rows, cols=cols)
            for r in range(rows):
                for c in range(cols):
                    _runs(table.cell(r, c).paragraphs[0], _phrase(rng, rng.randint(2, 10)), rng)
            continue
        p = doc.add_paragraph()
        _runs(p, _phrase(rng, rng.randint(6, 160)), rng)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def random_placed(draft: Draft, rng: random.Random) -> tuple[list[Placed], dict[str, str]]:
    """Non-overlapping random replace/insert/delete changes (a gap of ≥ 1 character between them)."""
    placed: list[Placed] = []
    authors: dict[str, str] = {}
    for part in draft.parts:
        for i, block in enumerate(part.blocks):
            if not block.text or rng.random() < 0.3:
                continue
            cells, start = [], 0
            for cell in block.text.split(CELL_SEP):
                cells.append((start, start + len(cell)))
                start += len(cell) + len(CELL_SEP)
            pos = 0
            for _ in range(rng.randint(1, 4)):
                lo, hi = rng.choice(cells)
                lo = max(lo, pos)
                if hi - lo < 1:
                    continue
                s = rng.randrange(lo, hi)
                e = min(hi, s + rng.randint(1, 6))
                op = rng.choice((Op.REPLACE, Op.DELETE, Op.INSERT_BEFORE, Op.INSERT_AFTER))
                old = block.text[s:e]
                new = "" if op is Op.DELETE else _phrase(rng, rng.randint(1, 8))
                anchor = Span(part.id, i, s, e)
                if op is Op.INSERT_BEFORE:
                    target, old = Span(part.id, i, s, s), ""
                elif op is Op.INSERT_AFTER:
                    target, old = Span(part.id, i, e, e), ""
                else:
                    target = anchor
                edit_id = f"e{len(placed)}"
                authors[edit_id] = rng.choice(AUTHORS)
                placed.append(Placed(edit_id, 0, op, anchor, target, old, new))
                pos = e + 1
    return placed, authors


# -- the proofs, on generated drafts -------------------------------------------------

SEEDS = list(range(24))


@pytest.mark.parametrize("seed", SEEDS)
def test_generated_round_trip(seed: int, tmp_path: Path) -> None:
    original = generated_docx(seed)
    draft = read_bytes(original, tmp_path, "original.docx")
    placed, authors = random_placed(draft, random.Random(seed))
    assert placed, "the generator made no edits"
    revs = revisions_of(placed, authors)
    revised = revise_docx(original, draft, revs, track=False, date=DATE)
    tracked = revise_docx(original, draft, revs, track=True, date=DATE, comments=True)

    want = apply(draft, placed)
    got_revised = read_bytes(revised, tmp_path, "revised.docx")
    accepted = read_bytes(accept_all(tracked), tmp_path, "accepted.docx")
    rejected = read_bytes(reject_all(tracked), tmp_path, "rejected.docx")
    assert texts(got_revised) == texts(want)
    assert texts(accepted) == texts(got_revised)
    assert texts(rejected) == texts(draft)
    assert lines(accepted) == lines(got_revised)
    assert lines(rejected) == lines(draft)
    # one w:ins per insertion or replacement; one w:del per run of adjacent runs deleted, by the right author
    assert tracked_changes(tracked) == expected_marks(original, draft, placed, authors)


def expected_marks(original: bytes, draft: Draft, placed: list[Placed], authors: dict[str, str]) -> Counter:
    """w:ins / w:del by author a change must produce, from the original XML: a deletion is one w:del
    for each stretch of sibling runs (bookmarks and proofing marks between them do not count; entering or
    leaving a hyperlink starts another)."""
    root = body(original)
    counts: Counter[tuple[str, str]] = Counter()
    for p in placed:
        author = authors[p.edit_id]
        if p.new:
            counts[("ins", author)] += 1
        if not p.old:
            continue
        block = draft.part(p.target.part_id).blocks[p.target.block_index]
        atoms = block_atoms(find_block(root, block.ref))
        index = align_text(block.text, atoms)
        runs: list[etree._Element] = []
        for k in index[p.target.start : p.target.end]:
            assert k is not None
            if not runs or runs[-1] is not atoms[k].run:
                runs.append(atoms[k].run)
        counts[("del", author)] += 1 + sum(1 for x, y in itertools.pairwise(runs) if not _siblings(x, y))
    return counts


def _siblings(x: etree._Element, y: etree._Element) -> bool:
    """Whether run ``y`` follows run ``x`` in the same parent with only bookmarks or proofing marks between."""
    el = x.getnext()
    while el is not None and el is not y and etree.QName(el).localname in ("bookmarkStart", "bookmarkEnd", "proofErr"):
        el = el.getnext()
    return el is y


@pytest.mark.parametrize("seed", SEEDS[:12])
def test_generated_formatting_kept(seed: int, tmp_path: Path) -> None:
    original = generated_docx(seed)
    draft = read_bytes(original, tmp_path, "original.docx")
    placed, authors = random_placed(draft, random.Random(seed))
    revs = revisions_of(placed, authors)
    revised = revise_docx(original, draft, revs, date=DATE)
    accepted = accept_all(revise_docx(original, draft, revs, track=True, date=DATE))
    before, after, after_tracked = body(original), body(revised), body(accepted)
    touched = {(r.target.part_id, r.target.block_index) for r in revs}
    checked = 0
    for part in draft.parts:
        for i, block in enumerate(part.blocks):
            old_el = find_block(before, block.ref)
            if (part.id, i) not in touched:
                assert etree.tostring(find_block(after, block.ref)) == etree.tostring(old_el), block.ref
                continue
            mine = [r for r in revs if (r.target.part_id, r.target.block_index) == (part.id, i)]
            chars = formatted(old_el)
            if "".join(c for c, _ in chars) != block.text:
                continue  # the reader normalised this block (stripped spaces): offsets checked by the texts
            want = expected_formatting(chars, block.text, mine)
            assert formatted(find_block(after, block.ref)) == want, block.ref
            assert formatted(find_block(after_tracked, block.ref)) == want, block.ref
            checked += 1
    assert checked, "no edited block was checked"


def test_untouched_parts_are_byte_identical(tmp_path: Path) -> None:
    original = generated_docx(3)
    draft = read_bytes(original, tmp_path, "original.docx")
    placed, authors = random_placed(draft, random.Random(3))
    revised = revise_docx(original, draft, revisions_of(placed, authors), date=DATE)
    with zipfile.ZipFile(io.BytesIO(original)) as a, zipfile.ZipFile(io.BytesIO(revised)) as b:
        assert a.namelist() == b.namelist()
        changed = [n for n in a.namelist() if a.read(n) != b.read(n)]
    assert changed == ["word/document.xml"]


@pytest.mark.parametrize("seed", [1, 5, 8])
def test_libreoffice_counts_generated_changes(seed: int, tmp_path: Path) -> None:
    require_soffice()
    original = generated_docx(seed)
    draft = read_bytes(original, tmp_path, "original.docx")
    placed, authors = random_placed(draft, random.Random(seed))
    tracked = revise_docx(original, draft, revisions_of(placed, authors), track=True, date=DATE, comments=True)
    counts, comments = libreoffice_changes(tracked)
    # LibreOffice has no hyperlink element: a deletion split by a hyperlink's edge is one change to it
    assert counts == plan_marks(placed, authors)
    assert comments == len(placed)


def plan_marks(placed: list[Placed], authors: dict[str, str]) -> Counter[tuple[str, str]]:
    """One insertion for each change that adds text, one deletion for each that removes text."""
    counts: Counter[tuple[str, str]] = Counter()
    for p in placed:
        counts[("ins", authors[p.edit_id])] += bool(p.new)
        counts[("del", authors[p.edit_id])] += bool(p.old)
    return +counts


# -- the Baise example -----------------------------------------------------------------


@pytest.fixture(scope="module")
def baise(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Baise case with its draft as a GB/T 9704 .docx written by docx_writer."""
    case = tmp_path_factory.mktemp("baise")
    shutil.copy(EXAMPLE / "review.yaml", case / "review.yaml")
    text = (case / "review.yaml").read_text(encoding="utf-8")
    (case / "review.yaml").write_text(text.replace("draft: draft.txt", "draft: draft.docx"), encoding="utf-8")
    (case / "draft.docx").write_bytes(to_docx_bytes(read_text(EXAMPLE / "draft.txt")))
    return case


@pytest.fixture(scope="module")
def baise_outputs(baise: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("out")
    paths = {"revised": out / "revised.docx", "tracked": out / "tracked.docx"}
    documents.write_revised_document(baise, paths["revised"])
    documents.write_revised_document(baise, paths["tracked"], track_changes=True, comments=True)
    return paths


def test_baise_accept_reject(baise: Path, baise_outputs: dict[str, Path], tmp_path: Path) -> None:
    case = services.load_case(baise)
    want = apply(case.draft, services.plan(case))
    revised = read_docx(baise_outputs["revised"])
    tracked = baise_outputs["tracked"].read_bytes()
    accepted = read_bytes(accept_all(tracked), tmp_path, "accepted.docx")
    rejected = read_bytes(reject_all(tracked), tmp_path, "rejected.docx")
    assert texts(revised) == texts(want)
    assert texts(accepted) == texts(revised)
    assert texts(rejected) == texts(case.draft)
    assert lines(accepted) == lines(revised)
    assert lines(rejected) == lines(case.draft)
    assert "开展高品质铝合金大规格铸锭制备及产业化技术、开发低品位铝土矿技术攻关" in "".join(texts(revised))


def test_baise_authors_dates_ids(baise: Path, baise_outputs: dict[str, Path]) -> None:
    case = services.load_case(baise)
    placed = services.plan(case)
    authors = documents.edit_authors(case.record)
    assert authors["aluminium_tech"] == "周市长"  # opinions 1 and 7 adopt it; the first wins
    assert authors["one_stop"] == "市人力资源社会保障局"
    assert authors["engineering_center"] == "市科知局"  # the drafting office's own edit
    data = baise_outputs["tracked"].read_bytes()
    assert tracked_changes(data) == plan_marks(placed, {p.edit_id: authors[p.edit_id] for p in placed})
    root = body(data)
    marks = [el for tag in ("ins", "del") for el in root.iter(w(tag))]
    assert {el.get(w("date")) for el in marks} == {DATE}
    ids = [el.get(w("id")) for el in marks]
    notes = [el.get(w("id")) for el in root.iter(w("commentReference"))]
    assert len(ids) == len(set(ids)) and len(notes) == len(set(notes)) and not set(ids) & set(notes)
    for d in root.iter(w("del")):
        assert d.find(f".//{w('t')}") is None and d.find(f".//{w('delText')}") is not None


def test_baise_comments_cite_opinions(baise_outputs: dict[str, Path]) -> None:
    with zipfile.ZipFile(baise_outputs["tracked"]) as z:
        comments = etree.fromstring(z.read("word/comments.xml"))
        assert "comments+xml" in z.read("[Content_Types].xml").decode()
        assert "relationships/comments" in z.read("word/_rels/document.xml.rels").decode()
        doc = etree.fromstring(z.read("word/document.xml"))
    notes = {c.get(w("id")): "".join(c.itertext()) for c in comments.iter(w("comment"))}
    assert any(t.startswith("意见1（周市长）：认真把握地方创新的方向") for t in notes.values())
    assert any(t.startswith("市科知局自行修改：") and "工程技术研究中心" in t for t in notes.values())
    assert all(re.match(r"^(意见\d+（[^）]+）：|市科知局自行修改)", t) for t in notes.values())
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        assert {el.get(w("id")) for el in doc.iter(w(tag))} == set(notes), tag


def test_baise_libreoffice_counts(baise: Path, baise_outputs: dict[str, Path]) -> None:
    require_soffice()
    data = baise_outputs["tracked"].read_bytes()
    counts, comments = libreoffice_changes(data)
    case = services.load_case(baise)
    placed = services.plan(case)
    assert counts == plan_marks(placed, documents.edit_authors(case.record)) == tracked_changes(data)
    assert {author for _, author in counts} == {"周市长", "市人力资源社会保障局", "市工信委", "市科知局"}
    assert comments == sum(1 for _ in body(data).iter(w("commentReference")))


def test_text_draft_tracked_copy(tmp_path: Path) -> None:
    """From draft.txt the tracked copy is docx_writer's original with the edits as revisions."""
    out = tmp_path / "tracked.docx"
    documents.write_revised_document(EXAMPLE, out, track_changes=True)
    case = services.load_case(EXAMPLE)
    placed = services.plan(case)
    original = read_bytes(to_docx_bytes(case.draft), tmp_path, "o.docx")
    revised = read_bytes(to_docx_bytes(apply(case.draft, placed)), tmp_path, "r.docx")
    data = out.read_bytes()
    assert texts(read_bytes(accept_all(data), tmp_path, "a.docx")) == texts(revised)
    assert texts(read_bytes(reject_all(data), tmp_path, "j.docx")) == texts(original)
    assert sum(tracked_changes(data).values()) == sum(bool(p.new) + bool(p.old) for p in placed)


def test_writer_refs_name_the_written_blocks() -> None:
    draft = read_text(EXAMPLE / "draft.txt")
    data, with_refs = to_docx_bytes_with_refs(draft)
    root = body(data)
    for part in with_refs.parts:
        for block in part.blocks:
            el = find_block(root, block.ref)
            assert "".join(a.char for a in block_atoms(el)) == block.text, block.ref


# -- edge cases and errors ---------------------------------------------------------------


def _one_paragraph(xml: str) -> tuple[bytes, Draft]:
    """A document whose second paragraph holds the runs ``xml``, and the draft a reader makes of it."""
    doc = Document()
    doc.add_paragraph("标题")
    p = doc.add_paragraph()
    for el in list(etree.fromstring(f"<w:wrap {W}>{xml}</w:wrap>")):
        p._p.append(el)
    buf = io.BytesIO()
    doc.save(buf)
    data = buf.getvalue()
    text = "".join(a.char for a in block_atoms(body(data).findall(w("p"))[-1]))
    blocks = (Block(BlockKind.TITLE, "标题", ref="p:0"), Block(BlockKind.BODY, text, ref="p:1"))
    return data, Draft("标题", (Part("main", "正文", blocks),))


@pytest.mark.parametrize(
    ("runs", "start", "end", "new", "want"),
    [
        # a field: the instruction is not text, the result is
        (f'<w:r {W}><w:t>见第</w:t></w:r><w:r {W}><w:fldChar w:fldCharType="begin"/></w:r>'
         f'<w:r {W}><w:instrText> PAGE </w:instrText></w:r><w:r {W}><w:fldChar w:fldCharType="separate"/></w:r>'
         f'<w:r {W}><w:t>3</w:t></w:r><w:r {W}><w:fldChar w:fldCharType="end"/></w:r><w:r {W}><w:t>页</w:t></w:r>',
         0, 2, "详见", "详见3页"),
        # an existing tracked deletion stays out of the text
        (f'<w:r {W}><w:t>甲乙</w:t></w:r><w:del {W} w:id="1" w:author="x"><w:r><w:delText>丙</w:delText></w:r></w:del>'
         f'<w:r {W}><w:t>丁</w:t></w:r>', 1, 3, "戊", "甲戊"),
        # a tab prints as a space; a run hidden by w:vanish is not text
        (f'<w:r {W}><w:t>一</w:t><w:tab/><w:t>二</w:t></w:r><w:r {W}><w:rPr><w:vanish/></w:rPr><w:t>隐</w:t></w:r>'
         f'<w:r {W}><w:t>三</w:t></w:r>', 2, 3, "贰", "一 贰三"),
        # an insertion at the very start takes the first run's formatting
        (f'<w:r {W}><w:rPr><w:b/></w:rPr><w:t>加粗</w:t></w:r>', 0, 0, "很", "很加粗"),
    ],
)  # fmt: skip
def test_special_runs(runs: str, start: int, end: int, new: str, want: str, tmp_path: Path) -> None:
    data, draft = _one_paragraph(runs)
    rev = Revision(Span("main", 1, start, end), draft.parts[0].blocks[1].text[start:end], new, "甲", order=0)
    for track in (False, True):
        out = revise_docx(data, draft, [rev], track=track, date=DATE)
        result = accept_all(out) if track else out
        para = body(result).findall(w("p"))[-1]
        assert "".join(a.char for a in block_atoms(para)) == want
    assert tracked_changes(revise_docx(data, draft, [rev], track=True, date=DATE))[("ins", "甲")] == 1


def test_bold_kept_on_insertion_at_start() -> None:
    data, draft = _one_paragraph(f'<w:r {W}><w:rPr><w:b/></w:rPr><w:t>加粗</w:t></w:r>')
    out = revise_docx(data, draft, [Revision(Span("main", 1, 0, 0), "", "很", "甲")], date=DATE)
    para = body(out).findall(w("p"))[-1]
    assert all(r.find(f"{w('rPr')}/{w('b')}") is not None for r in para.iter(w("r")))


KAI = '<w:rPr><w:rFonts w:eastAsia="楷体_GB2312"/></w:rPr>'


@pytest.mark.parametrize(
    ("new", "want"),
    [
        # 坚持 is new body text: the body's font, not the 楷体 of the lead the quote began in
        ("（一）指导思想。坚持以", [("（一）指导思想。", True), ("坚持以习近平", False)]),
        # a changed middle inside the lead stays in the lead's font; what is kept keeps its own
        ("（一）指导原则。以", [("（一）指导原则。", True), ("以习近平", False)]),
    ],
)
def test_a_replacement_across_two_fonts_keeps_each_kept_character_in_its_font(new: str, want: list[tuple[str, bool]]) -> None:
    data, draft = _one_paragraph(f'<w:r {W}>{KAI}<w:t>（一）指导思想。</w:t></w:r><w:r {W}><w:t>以习近平</w:t></w:r>')
    rev = Revision(Span("main", 1, 0, 9), "（一）指导思想。以", new, "甲", order=0)
    for track in (False, True):
        out = revise_docx(data, draft, [rev], track=track, date=DATE)
        result = accept_all(out) if track else out
        para = body(result).findall(w("p"))[-1]
        runs = [("".join(t.text for t in r.iter(w("t"))), r.find(f"{w('rPr')}/{w('rFonts')}") is not None)
                for r in para.iter(w("r"))]  # fmt: skip
        merged: list[tuple[str, bool]] = []
        for text, kai in runs:
            if merged and merged[-1][1] == kai:
                merged[-1] = (merged[-1][0] + text, kai)
            else:
                merged.append((text, kai))
        assert merged == want, (track, runs)
    tracked = revise_docx(data, draft, [rev], track=True, date=DATE)
    assert tracked_changes(tracked) == Counter({("ins", "甲"): 1, ("del", "甲"): 1})  # one change, in several runs


def test_missing_block_is_a_clear_error() -> None:
    data, draft = _one_paragraph(f'<w:r {W}><w:t>正文</w:t></w:r>')
    moved = replace(draft, parts=(replace(draft.parts[0], blocks=(draft.parts[0].blocks[0], replace(draft.parts[0].blocks[1], ref="p:9"))),))
    with pytest.raises(CainaError, match="在原稿中找不到正文第2段"):
        revise_docx(data, moved, [Revision(Span("main", 1, 0, 1), "正", "副", "甲")])


def test_text_the_runs_do_not_draw_is_refused() -> None:
    data, draft = _one_paragraph(f'<w:r {W}><w:t>甲丙</w:t></w:r>')
    block = replace(draft.parts[0].blocks[1], text="甲乙丙")  # "乙" comes from somewhere runs cannot change
    draft = replace(draft, parts=(replace(draft.parts[0], blocks=(draft.parts[0].blocks[0], block)),))
    with pytest.raises(CainaError, match="无法在原稿中定位要修改的文字“乙”") as info:
        revise_docx(data, draft, [Revision(Span("main", 1, 1, 2), "乙", "丁", "甲")], where="草案.docx")
    assert "草案.docx" in info.value.message and "另存为 .docx" in info.value.message


def test_corrupt_package_is_refused() -> None:
    _, draft = _one_paragraph(f'<w:r {W}><w:t>正文</w:t></w:r>')
    with pytest.raises(SourceFileError, match="zip 包已损坏"):
        revise_docx(b"PK\x03\x04 not a zip", draft, [])


# -- the CLI -------------------------------------------------------------------------------


def test_cli_track_changes(baise: Path, tmp_path: Path) -> None:
    out = tmp_path / "tracked.docx"
    result = runner.invoke(app, ["apply", str(baise), "--track-changes", "--comments", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "写成修订" in result.output and "周市长" in result.output and "市科知局" in result.output
    assert tracked_changes(out.read_bytes())
    assert not list(tmp_path.glob(".tracked.docx*"))


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--track-changes", "-o", "{tmp}/x.txt"], ["--track-changes 只能写入 Word 文件", ".docx"]),
        (["--comments", "-o", "{tmp}/x.md"], ["--comments 只能写入 Word 文件"]),
        (["-o", "{case}/draft.docx"], ["输出文件就是草案原稿，不能覆盖", "请换一个输出文件名"]),
        (["--track-changes", "-o", "{tmp}/no/such/x.docx"], ["输出目录不存在", "mkdir -p"]),
        (["-o", "{tmp}/x.pdf"], ["不支持的输出类型“.pdf”"]),
    ],
)
def test_cli_apply_refuses(args: list[str], needles: list[str], baise: Path, tmp_path: Path) -> None:
    before = (baise / "draft.docx").read_bytes()
    argv = [a.format(tmp=tmp_path, case=baise) for a in args]
    result = runner.invoke(app, ["apply", str(baise), *argv])
    text = result.output
    assert result.exit_code == 2, text
    for needle in needles:
        assert needle in text, (needle, text)
    assert (baise / "draft.docx").read_bytes() == before
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
