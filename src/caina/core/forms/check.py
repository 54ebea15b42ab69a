"""Check filled opinion forms against the draft and merge them into a review.

:func:`check_form` validates each row of a :class:`FilledForm` against the
laid-out draft: the 页码行数 must parse and exist, the 原文 must be in the draft
and drawn on (start on, or run across) a line the locator designates; when it
is not, the quote wins and a warning says where it really is (or gives the
nearest passage). :func:`plan_import` turns checked forms into what an import
adds to review.yaml, skipping rows an earlier import brought in (same proposer
and same key, or same proposer, same text and same targets).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import PurePath

from caina.core.anchoring import nearest, occurrences
from caina.core.decisions import Proposer, ReviewRecord, Target
from caina.core.forms.form import (
    FIELDS,
    HEADERS,
    KEY_LENGTH,
    NO_OPINION_WORDS,
    STATE_NONE,
    WHOLE_DOCUMENT_WORDS,
    Cell,
    FilledForm,
    FormRow,
    Place,
    Problem,
    draft_fingerprint,
    match_unit,
    proposer_of,
    same_unit,
)
from caina.core.locators import locate_text, parse_locator, resolve
from caina.core.pages import Layout, Line, Span
from caina.errors import LocatorRangeError, LocatorSyntaxError

_SPACE = re.compile(r"\s+")

@dataclass(frozen=True, slots=True)
class FormOpinion:
    """One good row: what becomes an opinion."""

    unit: str
    text: str
    targets: tuple[Target, ...]
    key: str
    place: Place


@dataclass(frozen=True)
class CheckedForm:
    form: FilledForm
    unit: str
    no_opinion: bool
    opinions: tuple[FormOpinion, ...]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not any(p.error for p in self.problems)


def _squeeze(text: str) -> str:
    return _SPACE.sub("", text)


def row_key(locator: str, quote: str, opinion: str, reason: str) -> str:
    """The stable key of a row: its content, not its position."""
    content = "\x1f".join(_squeeze(t) for t in (locator, quote, opinion, reason))
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:KEY_LENGTH]


def _end(text: str) -> str:
    text = text.rstrip("，,；;、 ")
    return text if not text or text[-1] in "。！？" else text + "。"


def _safe(text: str) -> str:
    """ASCII braces would read as placeholders in review.yaml: use full-width ones."""
    return text.replace("{", "｛").replace("}", "｝")


def _quoted(text: str) -> str:
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"


def compose_text(opinion: str, reason: str, prefix: str = "") -> str:
    """The opinion's text in review.yaml: "对{target:1}，建议……。理由：……。"."""
    text = prefix + _end(_safe(opinion))
    if reason:
        text += "理由：" + _end(_safe(reason))
    return text


def _is_no_opinion(text: str) -> bool:
    return text.strip().rstrip("。.！!") in NO_OPINION_WORDS


_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _number(cell: Cell, problems: list[Problem]) -> int | None:
    value = cell.value
    if cell.text == "":
        return None
    n: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        n = value
    elif isinstance(value, float):
        n = int(value) if value.is_integer() else None
    elif isinstance(value, str):
        t = cell.text.translate(_FULL_DIGITS).rstrip(".、．")
        n = int(t) if t.isascii() and t.isdigit() else None
    if n is None or n < 1:
        problems.append(Problem(cell.place, f"序号“{cell.text}”不是正整数", "请填写1、2、3……这样的数字"))
    return n


class _Checker:
    def __init__(self, layout: Layout) -> None:
        self.layout, self.draft = layout, layout.draft
        self.index = {(ln.part_id, ln.page, ln.number): i for i, ln in enumerate(layout.lines)}

    def where(self, span: Span) -> str:
        return locate_text(self.layout, span)

    def resolve(self, cell: Cell, problems: list[Problem]) -> tuple[Line, ...] | None:
        text = cell.text
        try:
            return resolve(self.layout, parse_locator(text))
        except LocatorSyntaxError as exc:
            fix = exc.fix + "；每格只写一处，多处请分行填写"
            problems.append(Problem(cell.place, f"无法识别的页码行数“{text}”", fix))
        except LocatorRangeError as exc:
            problems.append(Problem(cell.place, f"页码行数“{text}”有误：{exc.what}", exc.fix))
        return None

    def target(
        self,
        quote_cell: Cell,
        locator_cell: Cell,
        lines: tuple[Line, ...] | None,
        problems: list[Problem],
        *,
        whole: bool = False,
    ) -> tuple[Target | None, str]:
        """The target the quote designates (and the quote as found), warning when the locator disagrees."""
        quote = quote_cell.text
        spans = [s for p in self.draft.parts for s in occurrences(p, quote)]
        if not spans and _squeeze(quote) != quote:
            quote = _squeeze(quote)
            spans = [s for p in self.draft.parts for s in occurrences(p, quote)]
        if not spans:
            near = nearest(self.draft.parts, quote)
            if near is not None and near[2] >= 60:
                what = f"原文“{quote}”在草案中找不到；最接近的是{self.where(near[0])}{_quoted(near[1])}"
            else:
                what = f"原文“{quote}”在草案中找不到"
            fix = "原文须从草案中逐字复制（含标点）；已按表中所写导入，请核对后在 review.yaml 中改正"
            problems.append(Problem(quote_cell.place, what, fix, error=False))
            return None, quote
        chosen = spans[0]
        if lines is not None:
            wanted = {(ln.part_id, ln.page, ln.number) for ln in lines}
            drawn = self.layout.lines_of_span
            agree = [s for s in spans if any((ln.part_id, ln.page, ln.number) in wanted for ln in drawn(s))]
            if agree:
                chosen = agree[0]
            else:
                chosen = min(spans, key=lambda s: self._distance(s, lines))
                found = "、".join(self.where(s) for s in spans[:6]) + ("等处" if len(spans) > 6 else "")
                shown = lines[0].text if len(lines) == 1 else f"{lines[0].text}……"
                problems.append(
                    Problem(
                        locator_cell.place,
                        f"页码行数“{locator_cell.text}”与原文不符：该处是“{shown}”，而原文“{quote}”在{found}",
                        f"已按原文定位为{self.where(chosen)}；如所指的不是这一处，请改正页码行数或原文",
                        error=False,
                    )
                )
        elif len(spans) > 1 and not whole:
            found = "、".join(self.where(s) for s in spans[:6])
            problems.append(
                Problem(
                    quote_cell.place,
                    f"原文“{quote}”在草案中出现{len(spans)}处（{found}），表中没有写页码行数",
                    f"已取第一处{self.where(chosen)}；如不是这一处，请在“页码行数”栏写明",
                    error=False,
                )
            )
        part = self.draft.part(chosen.part_id)
        in_part = occurrences(part, quote)
        occurrence = in_part.index(chosen) + 1 if len(in_part) > 1 else 0
        return Target(quote=quote, part=part.label, occurrence=occurrence, origin=str(quote_cell.place)), quote

    def _distance(self, span: Span, lines: tuple[Line, ...]) -> int:
        at = self.layout.lines_of_span(span)
        here = self.index.get((at[0].part_id, at[0].page, at[0].number), 0) if at else 0
        there = self.index.get((lines[0].part_id, lines[0].page, lines[0].number), 0)
        return abs(here - there)

    def row(self, row: FormRow, unit: str, problems: list[Problem]) -> FormOpinion | None:
        before = len(problems)
        for name in FIELDS:
            c = row.cell(name)
            if isinstance(c.value, (dt.date, dt.time, dt.timedelta)):
                problems.append(
                    Problem(
                        c.place,
                        f"单元格内容被表格软件识别成了日期或时间（{c.value}）",
                        "请把该单元格的格式设为“文本”后重新填写，如“P3倒数第五行”",
                    )
                )
        _number(row.cell("number"), problems)
        locator, quote, opinion, reason = (row.text(n) for n in ("locator", "quote", "opinion", "reason"))
        if not opinion:
            filled = "、".join(HEADERS[n] for n in ("locator", "quote", "reason") if row.text(n))
            problems.append(
                Problem(
                    row.cell("opinion").place,
                    f"本行填了{filled or '序号'}，但没有填写修改意见",
                    "请在“修改意见”栏写明怎样修改；如本行不需要，请删去整行",
                )
            )
        whole = locator in WHOLE_DOCUMENT_WORDS
        if not quote and not whole:
            problems.append(
                Problem(
                    row.cell("quote").place,
                    "填了修改意见，但“原文”栏是空的" if opinion else "“原文”栏是空的",
                    "请从草案中逐字复制意见所指的原文；对全文的总体意见，请在“页码行数”栏填“全文”",
                )
            )
        lines = None
        if locator and not whole:
            lines = self.resolve(row.cell("locator"), problems)
        if len(problems) > before and any(p.error for p in problems[before:]):
            return None
        key = row_key(locator, quote, opinion, reason)
        if not quote:
            return FormOpinion(unit, compose_text(opinion, reason), (), key, row.place)
        if whole:
            _target, found = self.target(row.cell("quote"), row.cell("locator"), None, problems, whole=True)
            prefix = "对{doc}中的" + _quoted(_safe(found)) + "，"
            return FormOpinion(unit, compose_text(opinion, reason, prefix), (), key, row.place)
        if not locator:
            problems.append(
                Problem(row.cell("locator").place, "没有填写页码行数", "已按原文定位；今后请写明，如“P3倒数第五行”", error=False)
            )
        target, found = self.target(row.cell("quote"), row.cell("locator"), lines, problems)
        if target is None:
            prefix = "对" + (_safe(locator) if locator else "") + _quoted(_safe(found)) + "，"
            return FormOpinion(unit, compose_text(opinion, reason, prefix), (), key, row.place)
        return FormOpinion(unit, compose_text(opinion, reason, "对{target:1}，"), (target,), key, row.place)


def _form_unit(form: FilledForm, layout: Layout, record: ReviewRecord, problems: list[Problem]) -> str:
    """The unit the form speaks for; file-level problems (wrong draft, unit not invited) go to ``problems``."""
    draft = layout.draft
    marker = form.marker
    where = form.place
    if marker is not None and marker.fingerprint and marker.fingerprint != draft_fingerprint(draft):
        if marker.draft_title and marker.draft_title != draft.title:
            problems.append(
                Problem(
                    where,
                    f"这是《{marker.draft_title}》的反馈表，不是本草案《{draft.title}》的",
                    "请核对文件；应在该表所属的审议目录中导入",
                )
            )
        else:
            problems.append(
                Problem(
                    where,
                    f"该表按草案第{marker.draft_version}版生成，与当前草案的文字不同",
                    "页码行数可能已变化，已以原文为准核对；如有不符，请对照当前草案改正",
                    error=False,
                )
            )
    visible = form.unit.text if form.unit is not None else ""
    unit = visible or (marker.unit if marker else "")
    if marker is not None and visible and not same_unit(visible, marker.unit) and (
        match_unit(record, visible, [marker.unit]) is None
    ):
        problems.append(
            Problem(
                form.unit.place if form.unit else where,
                f"表中所填单位“{visible}”与生成该表时的“{marker.unit}”不同",
                f"已按表中所填“{visible}”导入；如有误，请改正“填报单位”",
                error=False,
            )
        )
    if not unit:
        problems.append(
            Problem(
                form.unit.place if form.unit else where,
                "没有填写填报单位，也不是由 caina forms 生成的反馈表",
                "请在“填报单位”处填写单位名称",
            )
        )
        return ""
    attending = record.review.attending
    if attending and match_unit(record, unit, attending) is None:
        problems.append(
            Problem(
                form.unit.place if form.unit is not None and visible else where,
                f"“{unit}”不在本次征求意见的单位中（review.yaml 的 review.attending）",
                f"如确需收录其意见，请先把“{unit}”加入 review.attending；否则请核对是否拿错了表",
            )
        )
    return unit


def check_form(form: FilledForm, layout: Layout, record: ReviewRecord) -> CheckedForm:
    """Validate a filled form against the laid-out draft; every problem carries its place."""
    problems = list(form.problems)
    unit = _form_unit(form, layout, record, problems)
    file_ok = not any(p.error for p in problems)
    checker = _Checker(layout)
    state = form.state.text if form.state is not None else ""
    state_none = _is_no_opinion(state) or (STATE_NONE in state and "有意见" not in state)
    real: list[FormRow] = []
    said_none: list[FormRow] = []
    for row in form.rows:
        if row.empty or (row.text("number") and not any(row.text(n) for n in FIELDS[1:])):
            continue
        texts = [row.text(n) for n in FIELDS[1:] if row.text(n)]
        if len(texts) == 1 and _is_no_opinion(texts[0]) and row.text("locator") in ("", *WHOLE_DOCUMENT_WORDS):
            said_none.append(row)
        else:
            real.append(row)
    opinions: list[FormOpinion] = []
    keys: dict[str, Place] = {}
    for row in real:
        op = checker.row(row, unit, problems)
        if op is None:
            continue
        if op.key in keys:
            problems.append(Problem(row.place, f"与{keys[op.key]}的意见完全相同", "只导入一次；如是误填，请删去", error=False))
            continue
        keys[op.key] = row.place
        opinions.append(op)
    if real and (state_none or said_none):
        place = form.state.place if state_none and form.state is not None else said_none[0].place
        problems.append(
            Problem(
                place,
                f"表中写了“无意见”，但又填了{len(real)}条意见",
                "如有意见，请把“无意见”改为“有意见”或删去写着“无意见”的行；如无意见，请删去表中的意见",
            )
        )
    if not real and not state_none and not said_none and file_ok:
        problems.append(
            Problem(
                form.place,
                "表中没有填写任何意见，也没有注明“无意见”",
                "请填写意见；如无意见，请在“反馈情况”中填“无意见”（或在第一行“修改意见”栏填“无意见”）",
            )
        )
    if not file_ok or any(p.error and p.place.row == 0 for p in problems):
        opinions = []  # a bad file gives nothing, even with --skip-bad
    problems = _explain_merges(problems, form.problems)
    return CheckedForm(
        form=form,
        unit=unit,
        no_opinion=not real and (state_none or bool(said_none)),
        opinions=tuple(opinions),
        problems=tuple(problems),
    )


def _explain_merges(problems: list[Problem], read: Sequence[Problem]) -> list[Problem]:
    """An error on a row with merged cells says so: a clerk who merged “页码行数” and “原文” across
    sees “原文栏是空的” and cannot tell why, unless the error names the merge."""
    merges: dict[tuple[str, str, int], list[str]] = {}
    for m in read:
        if not m.error and "合并" in m.what:
            merges.setdefault((m.place.file, m.place.sheet, m.place.row), []).append(m.what)
    if not merges:
        return problems
    out = []
    for p in problems:
        said = merges.get((p.place.file, p.place.sheet, p.place.row))
        if p.error and said and not any(w == p.what for w in said):
            why = "；".join(said).rstrip("。")
            fix = f"注意：{why}。请取消合并单元格，把各栏内容分别填写" + (f"；{p.fix}" if p.fix else "")
            p = replace(p, fix=fix)
        out.append(p)
    return out


# --------------------------------------------------------------- merging


@dataclass(frozen=True, slots=True)
class NewOpinion:
    proposer: str  # the name to write in review.yaml
    proposer_id: str
    text: str
    targets: tuple[Target, ...]
    form: str  # the file name
    row: int
    key: str
    place: Place


@dataclass(frozen=True)
class ImportPlan:
    """What an import adds to review.yaml, and every problem found."""

    new_proposers: tuple[str, ...] = ()
    opinions: tuple[NewOpinion, ...] = ()
    no_opinion: tuple[str, ...] = ()  # units to add to review.no_opinion
    duplicates: tuple[Place, ...] = ()  # rows already in review.yaml
    problems: tuple[Problem, ...] = ()
    first_number: int = 1
    explicit_numbers: bool = False  # review.yaml numbers its opinions: write number too
    forms: int = 0

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.error)

    @property
    def changes(self) -> bool:
        return bool(self.new_proposers or self.opinions or self.no_opinion)


def _content(proposer_id: str, text: str, targets: Sequence[Target]) -> tuple[str, str, tuple[str, ...]]:
    """What an opinion says: its text and the passages it is about (the text may say only "{target:1}")."""
    return proposer_id, _squeeze(text), tuple(f"{t.part}|{t.quote}|{t.occurrence}" for t in targets)


def plan_import(record: ReviewRecord, checked: Sequence[CheckedForm], problems: Sequence[Problem] = ()) -> ImportPlan:
    """Merge checked forms into ``record``: proposers to add, opinions to add (not duplicated), 无意见 units.

    ``problems`` are file-level problems found before checking (unreadable files).
    Rows with errors and forms with file-level errors are left out; the caller
    decides whether anything is written while errors remain.
    """
    all_problems = list(problems)
    proposers = list(record.proposers)
    new_names: list[str] = []
    seen_keys = {(op.proposer_id, op.key) for op in record.opinions if op.key}
    seen_texts = {_content(op.proposer_id, op.text, op.targets) for op in record.opinions}
    speakers = {op.proposer_id for op in record.opinions}
    sources = {(op.proposer_id, op.source): op.number for op in record.opinions if op.source}
    opinions: list[NewOpinion] = []
    duplicates: list[Place] = []
    no_opinion: list[str] = []
    listed = list(record.review.no_opinion)
    for form in checked:
        all_problems.extend(form.problems)
        if not form.unit:
            continue
        if form.no_opinion and form.ok:
            name = match_unit(record, form.unit, record.review.attending) or form.unit
            if not any(same_unit(name, u) or match_unit(record, name, [u]) for u in listed):
                listed.append(name)
                no_opinion.append(name)
            continue
        if not form.opinions:
            continue
        proposer = proposer_of(record, form.unit) or next((p for p in proposers if same_unit(p.name, form.unit)), None)
        if proposer is None:
            proposer = Proposer(id=form.unit, name=form.unit)
            proposers.append(proposer)
            new_names.append(form.unit)
        for op in form.opinions:
            content = _content(proposer.id, op.text, op.targets)
            if (proposer.id, op.key) in seen_keys or content in seen_texts:
                duplicates.append(op.place)
                continue
            seen_keys.add((proposer.id, op.key))
            seen_texts.add(content)
            form_name = PurePath(op.place.file).name
            earlier = sources.get((proposer.id, f"{form_name} 第{op.place.row}行"))
            if earlier is not None:
                all_problems.append(
                    Problem(
                        op.place,
                        f"这一行此前已导入为意见{earlier}，内容已改变",
                        f"新内容作为新的意见导入；如它取代了意见{earlier}，请在 review.yaml 中删去意见{earlier}",
                        error=False,
                    )
                )
            opinions.append(
                NewOpinion(
                    proposer=proposer.name,
                    proposer_id=proposer.id,
                    text=op.text,
                    targets=op.targets,
                    form=form_name,
                    row=op.place.row,
                    key=op.key,
                    place=op.place,
                )
            )
            speakers.add(proposer.id)
    for name in [*record.review.no_opinion, *no_opinion]:
        p = proposer_of(record, name) or next((q for q in proposers if same_unit(q.name, name)), None)
        if p is not None and p.id in speakers:
            all_problems.append(
                Problem(
                    Place("review.yaml"),
                    f"“{name}”登记为无意见（review.no_opinion），但又有其意见",
                    f"请核对：如其有意见，请从 review.no_opinion 中删去“{name}”",
                    error=False,
                )
            )
    numbers = [op.number for op in record.opinions]
    explicit = bool(numbers) and max(numbers) != len(numbers)
    return ImportPlan(
        new_proposers=tuple(new_names),
        opinions=tuple(opinions),
        no_opinion=tuple(no_opinion),
        duplicates=tuple(duplicates),
        problems=tuple(all_problems),
        first_number=(max(numbers) if numbers else 0) + 1,
        explicit_numbers=explicit,
        forms=len(checked),
    )
