"""What an opinion form (意见反馈表) holds: the blank form, and the filled form as read.

Pure data and small helpers. The writers in :mod:`caina.io.forms_xlsx` and
:mod:`caina.io.forms_docx` lay out a :class:`FormSpec`; the readers return a
:class:`FilledForm` whose every cell knows its :class:`Place` (file, sheet or
table, row, column) so that each problem can be reported where it is.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace

from caina.core.decisions import Proposer, ReviewRecord
from caina.core.model import Draft
from caina.errors import FormError

FORMAT = "caina-form/1"
SHEET = "意见反馈表"
MARKER_SHEET = "_caina"
MARKER_PROPERTY = "caina_form"
FIELDS = ("number", "locator", "quote", "opinion", "reason")
HEADERS = {"number": "序号", "locator": "页码行数", "quote": "原文", "opinion": "修改意见", "reason": "理由"}
REQUIRED_FIELDS = ("locator", "quote", "opinion")
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "number": ("序号", "编号", "序"),
    "locator": ("页码行数", "页码及行数", "页码行号", "页码及行号", "页行", "页码", "位置", "所在位置", "页码位置"),
    "quote": ("原文", "原文内容", "草案原文", "原条文", "原表述", "原内容"),
    "opinion": ("修改意见", "意见", "修改建议", "意见建议", "具体意见", "意见内容", "建议修改为"),
    "reason": ("理由", "修改理由", "理由及依据", "理由依据", "依据", "说明"),
}
INFO_LABELS = {"unit": "填报单位", "contact": "联系人", "phone": "联系电话", "state": "反馈情况"}
INFO_ALIASES: dict[str, tuple[str, ...]] = {
    "unit": ("填报单位", "单位", "反馈单位", "单位名称", "填表单位"),
    "contact": ("联系人", "经办人", "填表人"),
    "phone": ("联系电话", "电话", "手机"),
    "state": ("反馈情况", "是否有意见"),
}
STATE_WITH = "有意见（填写下表）"
STATE_NONE = "无意见"
STATE_CHOICES = (STATE_WITH, STATE_NONE)
NO_OPINION_WORDS = frozenset(
    {"无意见", "无", "无修改意见", "没有意见", "无异议", "暂无意见", "无其他意见", "无不同意见", "无修改建议", "无意见建议"}
)
WHOLE_DOCUMENT_WORDS = frozenset({"全文", "总体", "整体", "通篇", "总体意见"})
INSTRUCTIONS = (
    "1. 每条意见填一行，“序号”填1、2、3……；行不够时可插入行。请勿改动表头。",
    "2. “页码行数”写所提意见的原文在草案中的位置，如“P3倒数第五行”或“第3页第5行”"
    "（附件写“附件1第2页第4行”）；行号只数有字的行，可顺数也可倒数；对全文的总体意见填“全文”。",
    "3. “原文”须从草案中逐字复制（含标点），不要改写、省略或加引号；跨行的原文复制完整的一句。",
    "4. “修改意见”写明怎样改，如“建议修改为……”“建议删去……”；“理由”写明依据。",
    "5. 如无意见，请在“反馈情况”中填“无意见”（或在第一行“修改意见”栏填“无意见”），同样返回本表。",
)
KEY_LENGTH = 12
_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\s]+')
_HEADER_NOISE = re.compile(r"[\s*＊:：（(][^）)]{0,60}[）)]|[\s*＊:：]")  # bounded: linear in a cell of any length



# --------------------------------------------------------------- the blank form


@dataclass(frozen=True, slots=True)
class FormMarker:
    """What a generated form says about itself (hidden in the file), so that import recognises it."""

    unit: str
    draft_id: str = "draft"
    draft_version: int = 1
    draft_title: str = ""
    fingerprint: str = ""  # of the draft's text: see draft_fingerprint
    review: str = ""  # the meeting or consultation
    sheet: str = SHEET
    format: str = FORMAT

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: object) -> FormMarker | None:
        """The marker in ``text``, or None if it is not a caina form marker."""
        if not isinstance(text, str):
            return None
        try:
            data = json.loads(text)
        except ValueError:
            return None
        if not isinstance(data, dict) or not str(data.get("format", "")).startswith("caina-form/"):
            return None
        unit = data.get("unit")
        if not isinstance(unit, str):
            return None
        try:
            version = int(data.get("draft_version", 1))
        except (TypeError, ValueError):
            version = 1
        texts = {k: str(data[k]) for k in cls.__dataclass_fields__ if k in data and k not in ("unit", "draft_version")}
        return cls(unit, draft_version=version, **texts)


def draft_fingerprint(draft: Draft) -> str:
    """A short hash of the draft's text: a form made from another text has another fingerprint."""
    h = hashlib.sha256()
    for part in draft.parts:
        h.update(part.label.encode("utf-8") + b"\x1d")
        for block in part.blocks:
            h.update(block.text.encode("utf-8") + b"\x1f")
    return "sha256:" + h.hexdigest()[:16]


def form_title(draft: Draft) -> str:
    return f"《{draft.title}》征求意见反馈表"


@dataclass(frozen=True, slots=True)
class FormSpec:
    """One blank form to write: for one unit."""

    title: str
    unit: str
    marker: FormMarker
    rows: int = 20
    instructions: tuple[str, ...] = INSTRUCTIONS

    @property
    def file_stem(self) -> str:
        return "意见反馈表_" + (_UNSAFE_FILE_CHARS.sub("_", self.unit).strip("_.") or "单位")


def instructions_for(draft: Draft) -> tuple[str, ...]:
    """The form's instructions, their locator example in the draft's own attachment labels: a draft
    with a single attachment labelled "附件" (GB/T 9704 7.3.4) is cited "附件第2页第4行"."""
    label = next((p.label for p in draft.parts if not p.is_main), "")
    if label and not any(ch.isdigit() for ch in label):
        return tuple(re.sub(r"附件1(?=第\d+页)", label, line) for line in INSTRUCTIONS)
    return INSTRUCTIONS


_LEVEL_PREFIX = re.compile(r"^(?:自治区|自治州|自治县|省|市|州|盟|县|区|旗|镇|乡)(?![长场域级])")


def same_unit(a: str, b: str) -> bool:
    """"市财政局" and "财政局" name the same unit (so do "县财政局" and "财政局": any level);
    "市财政局" and "县财政局" do not."""
    a, b = a.strip(), b.strip()
    return a == b or (bool(a) and bool(b) and (_LEVEL_PREFIX.sub("", a) == b or _LEVEL_PREFIX.sub("", b) == a))


def proposer_of(record: ReviewRecord, unit: str) -> Proposer | None:
    for p in record.proposers:
        if p.answers_to(unit):
            return p
    for p in record.proposers:
        if any(same_unit(unit, n) for n in (p.name, p.id, *p.aliases)):
            return p
    return None


def match_unit(record: ReviewRecord, unit: str, names: Sequence[str]) -> str | None:
    """The entry of ``names`` that names ``unit`` (directly, or through a proposer's aliases)."""
    for name in names:
        if same_unit(unit, name):
            return name
    p = proposer_of(record, unit)
    if p is not None:
        for name in names:
            if p.answers_to(name) or any(same_unit(name, n) for n in (p.name, *p.aliases)):
                return name
    return None


def form_specs(
    draft: Draft, record: ReviewRecord, units: Sequence[str] = (), *, rows: int = 20
) -> tuple[list[FormSpec], list[str]]:
    """The forms to write (one per unit) and warnings.

    Without ``units``: every unit of ``review.attending`` except the drafting office.
    """
    warnings: list[str] = []
    r = record.review
    if units:
        wanted = [u.strip() for u in units if u.strip()]
        for u in wanted:
            if r.attending and match_unit(record, u, r.attending) is None:
                warnings.append(
                    f"“{u}”不在 review.yaml 的 review.attending 中：导入其反馈表之前，请把它加入 review.attending"
                )
    else:
        if not r.attending:
            raise FormError(
                "review.yaml 中没有列出征求意见的单位（review.attending）",
                fix="请在 review.attending 中列出单位，或用 --unit 指定，如 caina forms 审议目录 -o 反馈表 --unit 市财政局",
            )
        wanted = [u for u in r.attending if not (r.office and match_unit(record, u, [r.office]))]
    specs: list[FormSpec] = []
    seen: list[str] = []
    for unit in wanted:
        if any(same_unit(unit, s) for s in seen):
            continue
        seen.append(unit)
        marker = FormMarker(
            unit=unit,
            draft_id=draft.id,
            draft_version=draft.version,
            draft_title=draft.title,
            fingerprint=draft_fingerprint(draft),
            review=r.meeting,
        )
        specs.append(
            FormSpec(title=form_title(draft), unit=unit, marker=marker, rows=rows, instructions=instructions_for(draft))
        )
    if not specs:
        raise FormError("没有需要生成反馈表的单位", fix="请用 --unit 指定单位（起草单位本身不生成反馈表）")
    names = [s.file_stem for s in specs]
    if len(set(names)) != len(names):
        raise FormError("有两个单位的文件名相同", fix=f"请检查单位名称：{'、'.join(names)}")
    return specs, warnings


def _normal(text: str) -> str:
    return _HEADER_NOISE.sub("", text)


def header_field(text: object) -> str | None:
    """Which column a header cell names ("原文" → "quote"), tolerating spaces, * and （必填）."""
    t = _normal(str(text or ""))
    for name, aliases in HEADER_ALIASES.items():
        if t in aliases:
            return name
    return None


def info_field(text: object) -> tuple[str, str] | None:
    """("unit", value) for "填报单位" or "填报单位：市财政局"; the value may be empty."""
    label, _, value = str(text or "").strip().replace(":", "：").partition("：")
    label = _normal(label)
    for name, aliases in INFO_ALIASES.items():
        if label in aliases:
            return name, value.strip()
    return None


# --------------------------------------------------------------- the filled form


@dataclass(frozen=True, slots=True)
class Place:
    """Where a cell is: file, sheet (xlsx) or table (docx), row, column."""

    file: str
    sheet: str = ""  # worksheet name (xlsx) or "第2个表格" (docx)
    row: int = 0  # Excel row number, or the row of the table (header = 1)
    column: str = ""  # Excel column letter (xlsx)
    header: str = ""  # the column's header: "原文"
    kind: str = "xlsx"

    @property
    def address(self) -> str:
        return f"{self.column}{self.row}" if self.column and self.row else ""

    def at(self, column: str, header: str) -> Place:
        return replace(self, column=column, header=header)

    def __str__(self) -> str:
        out = self.file
        if self.sheet:
            out += f"，工作表“{self.sheet}”" if self.kind == "xlsx" else f"，{self.sheet}"
        if self.row:
            if self.address and self.kind == "xlsx":
                out += f"，{self.address}单元格" + (f"（第{self.row}行“{self.header}”栏）" if self.header else "")
            else:
                out += f"，第{self.row}行" + (f"“{self.header}”栏" if self.header else "")
        return out


def cell_text(value: object) -> str:
    """A cell's text: numbers without ".0", lines joined, outer whitespace stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r", "\n").replace("\u3000", " ")
    return "".join(line.strip() for line in text.split("\n")).strip()


@dataclass(frozen=True, slots=True)
class Cell:
    value: object  # as read: str, int, float, datetime or None
    place: Place

    @property
    def text(self) -> str:
        return cell_text(self.value)


@dataclass(frozen=True)
class FormRow:
    place: Place
    cells: Mapping[str, Cell]

    def cell(self, name: str) -> Cell:
        return self.cells.get(name) or Cell(None, self.place.at("", HEADERS[name]))

    def text(self, name: str) -> str:
        return self.cell(name).text

    @property
    def empty(self) -> bool:
        return not any(c.text for c in self.cells.values())


@dataclass(frozen=True, slots=True)
class Problem:
    place: Place
    what: str
    fix: str = ""
    error: bool = True

    def __str__(self) -> str:
        text = f"{self.place}：{self.what}"
        if self.fix:
            text += ("" if text.endswith(("。", "！", "？")) else "。") + self.fix
        return text if text.endswith(("。", "！", "？")) else text + "。"


@dataclass(frozen=True)
class FilledForm:
    """A form as read from a file: its marker, its header cells, its rows."""

    place: Place  # the file (and sheet or table) the rows come from
    marker: FormMarker | None = None
    unit: Cell | None = None
    contact: str = ""
    phone: str = ""
    state: Cell | None = None
    rows: tuple[FormRow, ...] = ()
    problems: tuple[Problem, ...] = ()  # found while reading: merged cells, extra sheets…

    @property
    def file(self) -> str:
        return self.place.file
