"""Read ``review.yaml``: the review, proposers, opinions, decisions and edits.

Validated with pydantic; every error names the file, the line and the fix.
The format is documented in docs/review-file.md.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails
from rapidfuzz import fuzz, process

from caina.core.anchoring import SCOPE_WORDS, Scope
from caina.core.decision_words import DUPLICATE, NO_OPINION, meaning, suggest
from caina.core.decisions import (
    DISPOSITION_LABELS,
    LEVELS,
    Decision,
    Disposition,
    Opinion,
    Proposer,
    ProposerKind,
    Review,
    ReviewKind,
    ReviewRecord,
    Target,
    is_duplicate_word,
    parse_disposition,
)
from caina.core.edits import Change, Edit, Op
from caina.errors import ReviewFileError, UnknownProposerError
from caina.io.textfile import TextInput, read_text_input
from caina.io.yaml_input import Lines, line_of, load_yaml, problem_text

PLACEHOLDER = re.compile(r"\{(\w+)(?::([\w.\-]+))?\}")
PLACEHOLDER_KINDS = {"doc", "target", "loc", "quote", "edit"}

_KIND_WORDS = {
    "leader": ProposerKind.LEADER,
    "领导": ProposerKind.LEADER,
    "unit": ProposerKind.UNIT,
    "单位": ProposerKind.UNIT,
    "person": ProposerKind.PERSON,
    "个人": ProposerKind.PERSON,
}
_REVIEW_KINDS = {k.value: k for k in ReviewKind} | {
    "standing_meeting": ReviewKind.STANDING_MEETING,
    "written": ReviewKind.WRITTEN,
    "public": ReviewKind.PUBLIC,
}
_OPS = {
    "replace": Op.REPLACE,
    "insert_before": Op.INSERT_BEFORE,
    "insert_after": Op.INSERT_AFTER,
    "delete": Op.DELETE,
    "column": Op.SET_COLUMN,
}


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ReviewIn(_In):
    kind: str = "常务会审议"
    meeting: str = ""  # required for 常务会审议; a consultation may leave it out
    date: dt.date | None = None
    time_of_day: str = ""
    place: str = ""
    chair: str = ""
    office: str
    attending: list[str] = Field(default_factory=list)
    no_opinion: list[str] = Field(default_factory=list)  # units that answered 无意见
    level: str = ""  # 市 / 县 / 区 / 省 / 镇 …: "会上，县领导和……" (default: read from the chair, leaders, office)

    @field_validator("level")
    @classmethod
    def _level(cls, v: str) -> str:
        v = v.strip().removesuffix("级")
        if v and v not in LEVELS:
            raise ValueError(f"level 应为 {'、'.join(LEVELS)} 之一（审议的政府层级，报告写作“{LEVELS[1]}领导”），而不是“{v}”")
        return v

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        if v not in _REVIEW_KINDS:
            raise ValueError(f"审议类型应为 {'、'.join(k.value for k in ReviewKind)} 之一")
        return v

    @model_validator(mode="after")
    def _meeting(self) -> ReviewIn:
        if _REVIEW_KINDS.get(self.kind) is ReviewKind.STANDING_MEETING and not self.meeting:
            raise ValueError("常务会审议须写明会议名称 meeting，如“四届56次政府常务会”（报告标题和开头都用它）")
        return self


class ProposerIn(_In):
    id: str = ""
    name: str
    kind: str = "unit"
    aliases: list[str] = Field(default_factory=list)

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        if v not in _KIND_WORDS:
            raise ValueError("kind 应为 leader（领导）、unit（单位）或 person（个人）")
        return v


_MAX_OCCURRENCE = 100_000


def _check_occurrence(v: int) -> int:
    if v < 0 or v > _MAX_OCCURRENCE:
        raise ValueError(
            f"occurrence 写的是 {v}：应写 1、2、3……（原文第几处出现），不写或写 0 表示原文只出现一处"
        )
    return v


class TargetIn(_In):
    quote: str = Field(min_length=1)
    part: str = "正文"
    context: str = ""
    occurrence: int = 0

    _occurrence = field_validator("occurrence")(_check_occurrence)


class SourceIn(_In):
    """Where an imported opinion came from (written by caina import-forms)."""

    form: str
    row: int | None = None
    key: str = ""


class OpinionIn(_In):
    number: int | None = None
    proposer: str
    text: str
    targets: list[TargetIn] = Field(default_factory=list)
    decision: str
    reason: str = ""
    narrative: str = ""
    edits: list[str] = Field(default_factory=list)
    source: SourceIn | None = None
    duplicate_of: int | None = None  # with decision: 重复 — the number of the opinion this one repeats

    @field_validator("number")
    @classmethod
    def _number(cls, v: int | None) -> int | None:
        if v is not None and not 1 <= v <= 1_000_000_000:
            raise ValueError(f"意见序号 number 写的是 {v}：应为 1、2、3……（正整数），或不写（按顺序编号）")
        return v

    @field_validator("targets", mode="before")
    @classmethod
    def _targets(cls, v: Any) -> Any:
        # a target may be written as the quote alone: validate it as one (empty quotes refused, with the line)
        if isinstance(v, list):
            return [{"quote": t} if isinstance(t, str) else t for t in v]
        return v

    @field_validator("decision")
    @classmethod
    def _decision(cls, v: str) -> str:
        if parse_disposition(v) is None and not is_duplicate_word(v):
            raise ValueError(decision_error(v))
        return v

    @model_validator(mode="after")
    def _reason(self) -> OpinionIn:
        if is_duplicate_word(self.decision):
            if not self.duplicate_of:
                raise ValueError(decision_error(self.decision))
            if self.edits:
                raise ValueError("“重复”的意见不能关联修改（edits）：修改关联到它所重复的那条意见")
            return self
        if self.duplicate_of:
            raise ValueError("duplicate_of 只能与 decision: 重复 同用")
        disp = parse_disposition(self.decision)
        said = self.decision.strip().rstrip("。")
        label = f"“{said}”" if disp is None or said == disp.label else f"“{said}”（按“{disp.label}”计）"
        if disp is not None and disp.requires_reason and not self.reason:
            raise ValueError(f"{label}的意见必须写明理由（reason）")
        if disp is not None and not disp.allows_edits and self.edits:
            raise ValueError(f"{label}的意见不能关联修改（edits），请删去或改为全部采纳/部分采纳")
        return self


def decision_error(word: str) -> str:
    """Why a ``decision:`` wording is refused, with a suggestion that never flips its meaning."""
    said = meaning(word)
    labels = "、".join(DISPOSITION_LABELS[d] for d in Disposition)
    if said == DUPLICATE:
        return (
            f"“{word}”不是采纳情况：重复的意见请按与之重复的意见作出决定（如全部采纳，并在 edits 中列出同一修改，"
            "报告写作“同意见N的修改”），或写 不予采纳 并在理由中写明与哪条意见重复；"
            "也可写 decision: 重复 并用 duplicate_of 写明与第几条意见重复（报告写作“与意见N重复”，采纳情况随那条意见）"
        )
    if said == NO_OPINION:
        return f"“{word}”不是采纳情况：答复无修改意见的单位请写入 review.no_opinion，不作为一条意见"
    hint = suggest(word)
    guess = f"（是否应为“{hint}”？）" if hint else ""
    return (
        f"采纳情况应为 {labels} 之一（也可用“予以采纳”“吸收”“原则采纳”“暂不采纳”“未采纳”等常见写法），"
        f"而不是“{word}”{guess}"
    )


class ChangeIn(_In):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, populate_by_name=True)
    replace: str | None = None
    insert_before: str | None = None
    insert_after: str | None = None
    delete: str | None = None
    column: str | None = None
    with_: str = Field(default="", alias="with")
    part: str = "正文"
    scope: str = "one"
    context: str = ""
    occurrence: int = 0

    _occurrence = field_validator("occurrence")(_check_occurrence)

    @model_validator(mode="after")
    def _one_op(self) -> ChangeIn:
        given = [k for k in _OPS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                "每项改动须写且只写 replace、insert_before、insert_after、delete、column 中的一个"
                + (f"（现在写了 {'、'.join(given)}）" if given else "")
            )
        op = given[0]
        if getattr(self, op) == "":
            what = "栏目名" if op == "column" else "草案中的原文"
            raise ValueError(f"{op} 须写出{what}，不能为空")
        if op in ("replace", "insert_before", "insert_after", "column") and not self.with_:
            raise ValueError(f"{op} 须用 with 写出修改后的文字")
        if self.scope not in SCOPE_WORDS:
            raise ValueError("scope 应为 one（一处）、part（本部分全部）或 all（所有部分）")
        return self


class EditIn(_In):
    id: str
    changes: list[ChangeIn] = Field(default_factory=list)
    intro: str = ""
    note: str = ""
    reason: str = ""
    summary: str = ""
    as_proposed: bool = False

    @model_validator(mode="after")
    def _something(self) -> EditIn:
        if not self.changes and not self.summary:
            raise ValueError(
                f"修改“{self.id}”既没有 changes（具体改动）也没有 summary（概述）："
                "请写出改动，或只写 summary（如“规范修改完善{doc}的部分标点符号”，计为一处、不改动文字）"
            )
        return self


class OfficeIn(_In):
    intro: str = ""
    edits: list[str] = Field(default_factory=list)


class ReportIn(_In):
    label: str = ""
    date: dt.date | None = None  # the date under the signature (default: the day the report is generated)
    signed_by: str = ""  # the signature (default: review.office)


class ReviewFileIn(_In):
    draft: str | None = None
    printed: str | None = None  # the printed copy (PDF) reviewers cite: its pages and lines are the locators
    layout: str | None = None  # a layout profile: a built-in name or a profile file (caina calibrate)
    title: str = ""  # the draft's title as the report cites it (when the draft's own title block is not right)
    short_name: str = ""  # the short name the report uses: 《办法》 (default: the draft's 以下简称, else derived)

    @field_validator("short_name")
    @classmethod
    def _short_name(cls, v: str) -> str:
        v = v.strip()
        if v and not (v.startswith("《") and v.endswith("》")):
            v = f"《{v.strip('《》“”')}》"
        if v and len(v) > 42:
            raise ValueError("short_name 是报告中对草案的简称，如“《办法》”，不应超过40个字")
        return v

    @field_validator("title")
    @classmethod
    def _title(cls, v: str) -> str:
        return v.strip().removeprefix("《").removesuffix("》").strip()
    review: ReviewIn
    report: ReportIn = Field(default_factory=ReportIn)
    proposers: list[ProposerIn] = Field(min_length=1)
    opinions: list[OpinionIn] = Field(default_factory=list)
    edits: list[EditIn] = Field(default_factory=list)
    office_edits: OfficeIn = Field(default_factory=OfficeIn)


_ALL_FIELDS = sorted(
    {
        (f.alias or name)
        for model in (ReviewFileIn, ReviewIn, ProposerIn, TargetIn, OpinionIn, SourceIn, ChangeIn, EditIn, OfficeIn, ReportIn)
        for name, f in model.model_fields.items()
    }
)

# keys a clerk writes to give a page/line locator by hand; caina computes locators from the quote
_LOCATOR_KEYS = frozenset(
    {"locator", "loc", "location", "page", "line", "lines", "pageline", "page_line", "位置", "定位", "页码", "行号", "页行"}
)
_LOCATOR_FIX = (
    "请删去这一项，在 targets 的 quote（或改动的 replace、insert_before 等）中写出所指的原文；"
    "原文在草案中出现多处时，用 occurrence（第几处，从1数起）或 context（包含它的一段更长的原文）指明是哪一处。"
    "报告中的“P3倒数第五行”由 {target:1}、{loc:1} 计算填入"
)

# ---------------------------------------------------------------- line numbers


def _node_line(root: Lines | None, loc: tuple[Any, ...]) -> int | None:
    return line_of(root, loc)


_MESSAGES = {
    "missing": "缺少必填项“{field}”",
    "extra_forbidden": "不认识的字段“{field}”",
    "string_type": "“{field}”应为文字",
    "int_parsing": "“{field}”应为整数",
    "int_type": "“{field}”应为整数",
    "bool_parsing": "“{field}”应为 true 或 false",
    "list_type": "“{field}”应为列表（每项以“- ”开头）",
    "model_type": "“{field}”应为若干“键: 值”",
    "model_attributes_type": "“{field}”应为若干“键: 值”",
    "date_from_datetime_parsing": "“{field}”应为日期，如 2019-01-17",
    "date_parsing": "“{field}”应为日期，如 2019-01-17",
    "date_type": "“{field}”应为日期，如 2019-01-17",
    "too_short": "“{field}”不能为空",
    "string_too_short": "“{field}”不能为空",
}


def _field_name(loc: tuple[Any, ...]) -> str:
    names = [str(x) for x in loc if not isinstance(x, int) and not str(x).startswith(("TargetIn", "str"))]
    return names[-1] if names else "（顶层）"


def _explain(err: ErrorDetails) -> str:
    loc = tuple(err["loc"])
    field = _field_name(loc)
    if err["type"] == "value_error":
        msg = str(err.get("ctx", {}).get("error", err["msg"]))
        return msg
    if err["type"] == "string_too_short" and field == "quote":
        return "targets 中的引文不能为空"
    template = _MESSAGES.get(err["type"])
    if template:
        return template.format(field=field)
    return f"“{field}”有误：{err['msg']}"


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    # union members appear in the loc as class names; drop them for the YAML walk
    return tuple(x for x in loc if not (isinstance(x, str) and (x.endswith("In") or x == "str")))


# ---------------------------------------------------------------- loading


class _Lines:
    def __init__(self, path: str, root: Lines | None) -> None:
        self.path, self.root = path, root

    def at(self, *loc: Any) -> int | None:
        return _node_line(self.root, loc)

    def where(self, *loc: Any) -> str:
        line = self.at(*loc)
        return f"{self.path} 第{line}行" if line else self.path

    def error(self, what: str, *loc: Any, fix: str = "") -> ReviewFileError:
        return ReviewFileError(what, path=self.path, line=self.at(*loc), fix=fix)


# what the YAML library says, in Chinese (the original words follow in brackets)
_YAML_PROBLEMS = (
    ("could not find expected ':'", "这一行或上一行缺少“键: 值”中的半角冒号"),
    ("mapping values are not allowed here", "此处不能再写“键: 值”（值中含“: ”时请给整个值加引号）"),
    ("found character '\\t' that cannot start any token", "含有制表符（Tab）"),
    ("found character '\t' that cannot start any token", "含有制表符（Tab）"),
    ("expected <block end>, but found", "缩进不齐，或引号没有配对"),
    ("found unexpected end of stream", "引号没有配对"),
    ("did not find expected key", "缩进不齐，或“- ”列表项与键混在同一层"),
    ("did not find expected '-' indicator", "列表项的缩进不齐"),
    ("found undefined alias", "含有 YAML 别名（*），请去掉 * 或给文字加引号"),
)
# IME slips a Chinese clerk makes: a key typed with a full-width colon, an indent of full-width spaces
_FULL_COLON = re.compile(r"^[ ]*(?:-[ ]+)?[A-Za-z_][\w]*[ ]*：", re.MULTILINE)
_FULL_SPACE = re.compile(r"^[ ]*\u3000", re.MULTILINE)


# a value that starts with a placeholder, unquoted: YAML reads "{doc}要……" as a mapping
_UNQUOTED_BRACE = re.compile(r"^[ ]*(?:-[ ]+)?(?:[A-Za-z_]\w*:[ \t]+)?\{\w+(?::[\w.\-]+)?\}", re.MULTILINE)
# a value that starts with a character YAML reserves: "replace: ,提高……" "- @市财政局"
_RESERVED_START = re.compile(r"^[ ]*(?:-[ ]+)?(?:[A-Za-z_]\w*:[ \t]+)?([,@`%])", re.MULTILINE)
_RESERVED_NAMES = {",": "半角逗号“,”", "@": "“@”", "`": "反引号“`”", "%": "“%”"}


def _unquoted_brace(text: str, path: str) -> ReviewFileError | None:
    m = _UNQUOTED_BRACE.search(text)
    if m is None:
        return None
    line = text.count("\n", 0, m.start()) + 1
    shown = text[m.start() : text.find("\n", m.start()) if "\n" in text[m.start() :] else len(text)].strip()
    key, _, value = shown.partition(": ")
    return ReviewFileError(
        "以占位符“{”开头的文字没有加引号，YAML 会把它读成“键: 值”而不是文字",
        path=path,
        line=line,
        fix=f"请给整段文字加上双引号，如 {key}: \"{value}\"" if value else "请给整段文字加上双引号，如 \"{doc}要……\"",
    )


def _yaml_error(text: str, exc: yaml.YAMLError, path: str) -> ReviewFileError:
    """A YAML syntax error as a clerk can act on: the line and, for the usual slips, the exact fix."""
    brace = _unquoted_brace(text, path)
    if brace is not None:
        return brace
    mark = getattr(exc, "problem_mark", None)
    reserved = _RESERVED_START.search(text)
    if reserved is not None:
        line = text.count("\n", 0, reserved.start()) + 1
        if mark is None or abs(mark.line + 1 - line) <= 1:
            ch = reserved.group(1)
            wide = "；若是中文的逗号，请改用全角逗号“，”" if ch == "," else ""
            key = re.match(r"[ ]*(?:-[ ]+)?([A-Za-z_]\w*):", text[reserved.start() : reserved.end()])
            example = f"{key.group(1)}: \"{ch}……\"" if key else f"- \"{ch}……\""
            return ReviewFileError(
                f"YAML 格式错误：以{_RESERVED_NAMES[ch]}开头的文字没有加引号",
                path=path,
                line=line,
                fix=f"请给整段文字加上双引号，如 {example}{wide}",
            )
    for pattern, what, fix in (
        (_FULL_COLON, "键后用了全角冒号“：”", "请改为半角冒号加一个空格，如“decision: 全部采纳”"),
        (_FULL_SPACE, "行首用了全角空格缩进", "请用半角空格缩进（与上下各行对齐）"),
    ):
        m = pattern.search(text)
        if m:
            line = text.count("\n", 0, m.start()) + 1
            return ReviewFileError(f"YAML 格式错误：{what}", path=path, line=line, fix=fix)
    problem = problem_text(exc)
    said = next((zh for en, zh in _YAML_PROBLEMS if problem.startswith(en)), "")
    what = f"YAML 格式错误：{said}（{problem}）" if said else f"YAML 格式错误：{problem}"
    return ReviewFileError(
        what,
        path=path,
        line=mark.line + 1 if mark else None,
        fix="请检查该行及上一行的缩进（用空格，不用 Tab）、冒号后的空格和引号是否成对",
    )


@dataclass(frozen=True)
class CaseFiles:
    """The files review.yaml names beside the review: the draft, its printed copy, a layout profile."""

    draft: str | None = None
    printed: str | None = None
    layout: str | None = None


def parse_review(text: str, *, path: str = "review.yaml") -> tuple[ReviewRecord, str | None]:
    """Parse review.yaml text into a :class:`ReviewRecord` (and the draft file it names, if any)."""
    record, files = parse_review_files(text, path=path)
    return record, files.draft


def parse_review_files(text: str, *, path: str = "review.yaml") -> tuple[ReviewRecord, CaseFiles]:
    """Parse review.yaml text into a :class:`ReviewRecord` and the files it names (:class:`CaseFiles`)."""
    try:  # limits (aliases, depth, size), duplicate keys and unwritable characters are checked while it is built
        data, root = load_yaml(text, path=path, error=ReviewFileError, what="review.yaml ")
    except yaml.YAMLError as exc:
        raise _yaml_error(text, exc, path) from None
    brace = _unquoted_brace(text, path)  # "text: {doc}" alone parses, as a mapping: say why it is wrong
    if brace is not None:
        raise brace
    lines = _Lines(path, root)
    if not isinstance(data, dict):
        raise ReviewFileError(
            "review.yaml 应由 review、proposers、opinions、edits 等几节组成",
            path=path,
            line=1,
            fix="请参照 examples/baise/review.yaml 的写法",
        )
    try:
        doc = ReviewFileIn.model_validate(data)
    except ValidationError as exc:
        # a misspelt field also makes a required one "missing": report the misspelling first
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        first = errors[0]
        loc = _clean_loc(tuple(first["loc"]))
        what = _explain(first)
        if len(errors) > 1:
            rest = "；".join(
                f"第{_node_line(root, _clean_loc(tuple(e['loc'])))}行：{_explain(e)}" for e in errors[1:6]
            )
            what += f"（另有{len(errors) - 1}处错误：{rest}）"
        fix = "请按 docs/review-file.md 的说明改正"
        if first["type"] == "extra_forbidden":
            fix = "请检查字段名的拼写；可用的字段见 docs/review-file.md"
            key = str(loc[-1])
            guess = process.extractOne(key, _ALL_FIELDS, scorer=fuzz.ratio, score_cutoff=70)
            if key.strip().lower() in _LOCATOR_KEYS:
                what = f"review.yaml 不写页码、行号（“{key}”）：它们由 caina 按草案排版计算"
                fix = _LOCATOR_FIX
            elif guess:
                fix = f"是否应为“{guess[0]}”？可用的字段见 docs/review-file.md"
        raise ReviewFileError(what, path=path, line=_node_line(root, loc), fix=fix) from None
    return _to_record(doc, lines), CaseFiles(doc.draft, doc.printed, doc.layout)


_FOLD = re.compile(r"\s*\n\s*|(?<=[^\x00-\x7f])[ \t]+|[ \t]+(?=[^\x00-\x7f])")


def fold(text: str) -> str:
    """Join lines of a long YAML text without the spaces YAML folding puts between 汉字."""
    if "\n" not in text and " " not in text and "\t" not in text:
        return text  # nothing to fold (most texts): no regex pass over 20,000 opinions
    return _FOLD.sub("", text)


def _check_placeholders(text: str, lines: _Lines, *loc: Any) -> None:
    if "{" not in text:
        return
    for m in PLACEHOLDER.finditer(text):
        if m.group(1) not in PLACEHOLDER_KINDS:
            raise lines.error(
                f"不认识的占位符“{m.group(0)}”",
                *loc,
                fix="可用：{doc} {target:1} {loc:1} {quote:1} {edit:ID} {edit:ID.1}",
            )


def _to_record(doc: ReviewFileIn, lines: _Lines) -> ReviewRecord:
    r = doc.review
    review = Review(
        kind=_REVIEW_KINDS[r.kind],
        meeting=r.meeting,
        date=r.date,
        time_of_day=r.time_of_day,
        place=r.place,
        chair=r.chair,
        office=r.office,
        attending=tuple(r.attending),
        no_opinion=tuple(r.no_opinion),
        level=r.level,
    )
    proposers: list[Proposer] = []
    seen: set[str] = set()
    for i, p in enumerate(doc.proposers):
        pid = p.id or p.name
        if pid in seen:
            raise lines.error(f"提出人/单位“{pid}”登记了两次", "proposers", i, fix="请删去重复的一项，或给出不同的 id")
        seen.add(pid)
        proposers.append(Proposer(id=pid, name=p.name, kind=_KIND_WORDS[p.kind], aliases=tuple(p.aliases)))
    # a name or alias that answers for two proposers would give an opinion to whichever comes first
    owner: dict[str, str] = {}
    for i, prop in enumerate(proposers):
        for key in dict.fromkeys((prop.id, prop.name, *prop.aliases)):
            if key in owner and owner[key] != prop.name:
                raise lines.error(
                    f"“{key}”既指{owner[key]}，又指{prop.name}，意见中写“{key}”时无法确定是谁提出的",
                    "proposers",
                    i,
                    fix="请删去其中一处简称（aliases），或改用不会混淆的简称",
                )
            owner[key] = prop.name

    edits: list[Edit] = []
    edit_ids: set[str] = set()
    for i, e in enumerate(doc.edits):
        if e.id in edit_ids:
            raise lines.error(f"修改编号“{e.id}”重复", "edits", i, "id", fix="每项修改的 id 须唯一")
        edit_ids.add(e.id)
        for key in ("intro", "note", "reason", "summary"):
            _check_placeholders(getattr(e, key), lines, "edits", i, key)
        changes = [to_change(c, lines.where("edits", i, "changes", j)) for j, c in enumerate(e.changes)]
        edits.append(
            Edit(
                id=e.id,
                changes=tuple(changes),
                intro=fold(e.intro),
                note=fold(e.note),
                reason=fold(e.reason),
                summary=fold(e.summary),
                as_proposed=e.as_proposed,
                origin=lines.where("edits", i),
            )
        )

    record_stub = ReviewRecord(review=review, proposers=tuple(proposers), opinions=())
    used: set[str] = set()
    opinions: list[Opinion] = []
    numbers: set[int] = set()
    for i, o in enumerate(doc.opinions):
        number = o.number if o.number is not None else i + 1
        if number in numbers:
            raise lines.error(f"意见序号 {number} 重复", "opinions", i, "number", fix="每条意见的序号须唯一")
        numbers.add(number)
        try:
            proposer = record_stub.proposer(o.proposer)
        except UnknownProposerError:  # said again with its line (looked up only when needed: 20,000 opinions)
            proposer = record_stub.proposer(o.proposer, where=lines.where("opinions", i, "proposer"))
        twice = sorted({eid for eid in o.edits if o.edits.count(eid) > 1})
        if twice:
            raise lines.error(
                f"意见{number}的 edits 中“{'、'.join(twice)}”写了两次，报告会把同一处修改数两遍",
                "opinions",
                i,
                "edits",
                fix="每项修改只列一次",
            )
        for eid in o.edits:
            if eid not in edit_ids:
                raise lines.error(
                    f"意见{number}关联的修改“{eid}”未在 edits 中定义",
                    "opinions",
                    i,
                    "edits",
                    fix=f"已定义的修改：{'、'.join(sorted(edit_ids)) or '（无）'}",
                )
            used.add(eid)
        for key in ("text", "reason", "narrative"):
            _check_placeholders(getattr(o, key), lines, "opinions", i, key)
        targets = []
        for j, t in enumerate(o.targets):
            t_in = t
            targets.append(
                Target(
                    quote=t_in.quote,
                    part=t_in.part,
                    context=t_in.context,
                    occurrence=t_in.occurrence,
                    origin=lines.where("opinions", i, "targets", j),
                )
            )
        disposition = parse_disposition(o.decision) or Disposition.PENDING  # a duplicate's is resolved below
        opinions.append(
            Opinion(
                number=number,
                proposer_id=proposer.id,
                text=fold(o.text),
                targets=tuple(targets),
                decision=Decision(
                    disposition=disposition,
                    reason=fold(o.reason),
                    narrative=fold(o.narrative),
                    edit_ids=tuple(o.edits),
                    duplicate_of=o.duplicate_of or 0,
                ),
                origin=lines.where("opinions", i),
                source=_source_text(o.source),
                key=o.source.key if o.source else "",
            )
        )
    opinions = _resolve_duplicates(opinions, lines)
    for eid in doc.office_edits.edits:
        if eid not in edit_ids:
            raise lines.error(
                f"起草单位自行修改的“{eid}”未在 edits 中定义", "office_edits", "edits", fix="请先在 edits 中定义该修改"
            )
        used.add(eid)
    for i, e in enumerate(doc.edits):
        if e.id not in used:
            raise lines.error(
                f"修改“{e.id}”没有关联任何意见，也不是起草单位的自行修改",
                "edits",
                i,
                fix="请在相应意见的 edits 中列出它，或列入 office_edits.edits",
            )
    return ReviewRecord(
        review=review,
        proposers=tuple(proposers),
        opinions=tuple(opinions),
        edits=tuple(edits),
        office_edit_ids=tuple(doc.office_edits.edits),
        office_intro=fold(doc.office_edits.intro),
        report_label=doc.report.label,
        report_date=doc.report.date,
        report_signed_by=doc.report.signed_by,
        title=fold(doc.title),
        short_name=doc.short_name,
    )


def _resolve_duplicates(opinions: list[Opinion], lines: _Lines) -> list[Opinion]:
    """A duplicate takes the disposition of the opinion it repeats (which must exist and not be a duplicate)."""
    by_number = {op.number: op for op in opinions}
    out = []
    for i, op in enumerate(opinions):
        n = op.decision.duplicate_of
        if n:
            first = by_number.get(n)
            if first is None or n == op.number or first.decision.duplicate_of:
                why = "不存在" if first is None else ("就是它自己" if n == op.number else "本身也是重复意见")
                raise lines.error(
                    f"意见{op.number}的 duplicate_of: {n} 所指的意见{why}",
                    "opinions",
                    i,
                    "duplicate_of",
                    fix="请写它所重复的那条（非重复）意见的序号",
                )
            op = replace(op, decision=replace(op.decision, disposition=first.decision.disposition))
        out.append(op)
    return out


def to_change(c: ChangeIn, origin: str = "") -> Change:
    """One validated change of review.yaml (or of an edit made in the web app) as the core's :class:`Change`."""
    op_key = next(k for k in _OPS if getattr(c, k) is not None)
    return Change(
        op=_OPS[op_key],
        quote=str(getattr(c, op_key)),
        new=c.with_,
        part=c.part,
        scope=SCOPE_WORDS.get(c.scope, Scope.ONE),
        context=c.context,
        occurrence=c.occurrence,
        origin=origin,
    )


def _source_text(source: SourceIn | None) -> str:
    if source is None:
        return ""
    return f"{source.form} 第{source.row}行" if source.row else source.form


def read_review_text(path: Path) -> TextInput:
    """review.yaml as text: bounded, in UTF-8, UTF-16 or GB18030/GBK (the encoding said in a note when not UTF-8).

    Control characters are not taken out here: :func:`parse_review` refuses them with their line.
    """
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        raise ReviewFileError(
            "找不到审议记录文件 review.yaml",
            path=str(path),
            fix="请在该目录中放入 review.yaml（写法见 examples/baise/review.yaml），或核对目录路径",
        )
    return read_text_input(path, what="review.yaml", error=ReviewFileError, clean_controls=False)


def load_review_files(path: Path) -> tuple[ReviewRecord, CaseFiles, tuple[str, ...]]:
    """:func:`read_review_files` and the notes for the user (the encoding assumed when it was not UTF-8)."""
    source = read_review_text(path)
    record, files = parse_review_files(source.text.lstrip("\ufeff"), path=str(path))
    return record, files, source.notes


def read_review_files(path: Path) -> tuple[ReviewRecord, CaseFiles]:
    record, files, _ = load_review_files(path)
    return record, files


def read_review(path: Path) -> tuple[ReviewRecord, str | None]:
    record, files = read_review_files(path)
    return record, files.draft


__all__ = [
    "PLACEHOLDER", "Disposition", "CaseFiles", "parse_review", "parse_review_files", "read_review",
    "read_review_files", "load_review_files", "read_review_text", "to_change",
]  # fmt: skip
