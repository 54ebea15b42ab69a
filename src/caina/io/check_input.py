"""Read what ``caina check`` checks: a draft or a report (.docx, .txt, .md), and a glossary (YAML).

- A text file (.txt/.md; UTF-8 with or without BOM, UTF-16 with BOM, or
  GB18030) gives one paragraph per non-empty line, numbered by its line in the
  file. Markdown markup is taken off (``#`` headings, ``>`` quotes, list
  bullets, ``**bold**``); table rows keep their cells.
- A .docx gives its paragraphs and table rows in order (read by
  :mod:`caina.io.report_import`); a finding names the paragraph (there are no
  file lines). Revisions not yet accepted (``w:ins``/``w:del``) and comments
  are counted and reported.
- Whether the file is a draft or an adoption report is detected from its text
  (采纳情况, 予以采纳, 不予采纳 …) unless the caller says. A draft is also read
  as a :class:`~caina.core.model.Draft` so that findings carry page/line
  locators.

The glossary YAML (documented in docs/checks.md)::

    names:                       # terms and platform names
      - name: 工程技术研究中心
        variants: [工程研究中心]  # wrong forms: flagged
        note: 自治区科技厅认定的科技平台规范名称
    units:                       # organisations
      - name: 市人力资源社会保障局
        aliases: [人社局]        # allowed short forms: reported as info
        variants: [市人力资源和社会保障局]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from caina.core.checks import Paragraph, detect_kind
from caina.core.checks.base import paragraphs_from_text
from caina.core.checks.glossary import Glossary, NameEntry
from caina.core.model import Draft
from caina.errors import CainaError, GlossaryError, SourceFileError
from caina.io.simplified import to_simplified
from caina.io.textfile import read_text_input, squeeze_spaces
from caina.io.yaml_input import load_yaml

__all__ = ["CheckInput", "read_check_input", "read_glossary", "read_text_file", "MAX_BYTES"]

SUPPORTED = (".docx", ".txt", ".md", ".markdown")
MAX_BYTES = 16 * 1024 * 1024  # the default of the max_text_mb setting (docs/settings.md), which applies
_FIX_TYPES = "请给出 .docx、.txt 或 .md 文件"


@dataclass(frozen=True)
class CheckInput:
    path: Path
    kind: str  # "draft" | "report"
    paragraphs: tuple[Paragraph, ...]
    draft: Draft | None = None  # the file read as a draft (kind "draft")
    block_lines: tuple[int | None, ...] | None = None  # file line of each draft block
    meta: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # what the reader did (traditional → simplified …)

    @property
    def chars(self) -> int:
        return sum(len(p.text) for p in self.paragraphs)


# ---------------------------------------------------------------- files


def _check_path(path: Path) -> str:
    where = str(path)
    if path.is_dir():
        raise SourceFileError("这是一个目录，不是文件", path=where, fix=f"{_FIX_TYPES}，如 caina check 报告.docx")
    if not path.exists():
        raise SourceFileError("找不到文件", path=where, fix="请核对路径和文件名")
    suffix = path.suffix.lower()
    if suffix in (".doc", ".wps"):
        raise SourceFileError(
            f"暂不能直接读取 {suffix} 文件",
            path=where,
            fix=f"请在 Word/WPS 中另存为 .docx，或运行 soffice --headless --convert-to docx {path.name}",
        )
    if suffix not in SUPPORTED:
        raise SourceFileError(f"不支持的文件类型“{suffix or '（无扩展名）'}”", path=where, fix=_FIX_TYPES)
    return suffix


def read_text_file(path: Path) -> str:
    """A text file's content (see :mod:`caina.io.textfile`: bounded, any usual encoding, control characters out)."""
    return read_text_input(path).text


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_PREFIX = re.compile(r"^\s{0,3}(?:>\s?|[-*+]\s+)")
_MD_EMPHASIS = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_TABLE_SEP = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


def strip_markdown(text: str) -> str:
    """Markdown markup off, line for line (so that line numbers stay those of the file)."""
    out = []
    for line in text.split("\n"):
        s = _MD_HEADING.sub("", line)
        s = _MD_PREFIX.sub("", s)
        s = _MD_EMPHASIS.sub(lambda m: m.group(1) or m.group(2), s)
        out.append(s)
    return "\n".join(out)




def _docx_meta(path: Path) -> dict[str, Any]:
    """Revisions and comments left in a .docx (read through the guarded door)."""
    from caina.io.ooxml import open_package

    meta: dict[str, Any] = {}
    try:
        package = open_package(path, "docx")
        xml = package.read(package.main)
        meta["revisions"] = len(re.findall(rb"<w:(?:ins|del|moveFrom|moveTo)\b[^>]*w:id=", xml))
        comments = package.related(package.main, "/comments")
        if comments:
            meta["comments"] = len(re.findall(rb"<w:comment\b", package.read(comments)))
    except CainaError:
        return {}
    return meta


def _block_lines(text: str, draft: Draft) -> tuple[int | None, ...] | None:
    """File line of each block of a draft read from text (the text reader keeps every non-empty line)."""
    lines = [
        i
        for i, raw in enumerate(text.split("\n"), start=1)
        if raw.strip() and not (raw.strip().startswith("|") and _TABLE_SEP.match(raw.strip()))
    ]
    count = sum(len(p.blocks) for p in draft.parts)
    return tuple(lines) if len(lines) == count else None


def read_check_input(path: Path, kind: str = "auto") -> CheckInput:
    """Read a draft or a report for checking. ``kind``: "auto", "draft" or "report"."""
    path = Path(path)
    if kind not in ("auto", "draft", "report"):
        raise SourceFileError(f"未知的文件种类“{kind}”", fix="--kind 可用 auto、draft 或 report")
    suffix = _check_path(path)
    meta: dict[str, Any] = {}
    notes: list[str] = []
    converted = False
    if suffix == ".docx":
        from caina.io.report_import import read_report

        report = read_report(path)
        text = report.text
        converted = report.converted
        notes.extend(report.warnings)
        meta.update(_docx_meta(path))
        text, page = _without_page(text)
        notes.extend(page)
        paragraphs = tuple(
            Paragraph(p.index, p.text, None) for p in paragraphs_from_text(text) if not _TABLE_SEP.match(p.text)
        )
    else:
        source = read_text_input(path)
        text, squeezed = squeeze_spaces(source.text, where=path.name)  # checked as text, not laid out: see squeeze_spaces
        notes.extend((*source.notes, *squeezed))
        if suffix in (".md", ".markdown"):
            text = strip_markdown(text)
        text, converted = to_simplified(text)
        if converted:
            notes.append("文件以繁体字书写，已用 OpenCC（t2s）转换为简体字后校核")
        text, page = _without_page(text)
        notes.extend(page)
        paragraphs = paragraphs_from_text(text)
    if not paragraphs:
        raise SourceFileError("文件中没有文字", path=str(path), fix="请确认文件已保存了全文")
    paragraphs = tuple(Paragraph(i, p.text, p.line) for i, p in enumerate(paragraphs, start=1))
    detected = detect_kind(paragraphs) if kind == "auto" else kind
    if detected == "report":
        return CheckInput(path, "report", paragraphs, meta=meta, notes=tuple(notes))
    from caina.io.drafts import read_draft

    lines = None
    if suffix != ".docx" and (converted or page):
        # the text as checked (simplified, without the page's lines) is what is laid out
        from caina.io.text_reader import parse_text

        draft = parse_text(text, source=str(path))
        lines = _block_lines(text, draft)
    else:
        draft = read_draft(path)
        if suffix != ".docx":
            lines = _block_lines(read_text_file(path), draft)
        elif converted:
            draft = _simplified_draft(draft)
    return CheckInput(path, "draft", paragraphs, draft=draft, block_lines=lines, meta=meta, notes=tuple(notes))


def _without_page(text: str) -> tuple[str, list[str]]:
    """The text without a web page's own lines and pinyin glosses (line numbers kept), and what was done."""
    from caina.core.webtext import page_notes, strip_page

    lines, chrome, glosses = strip_page(text.split("\n"))
    if not chrome and not glosses:
        return text, []
    return "\n".join(lines), page_notes(chrome, glosses)


def _simplified_draft(draft: Draft) -> Draft:
    """A Word draft in traditional characters, block by block in simplified ones (the layout follows)."""
    from dataclasses import replace

    import opencc

    t2s = opencc.OpenCC("t2s")
    parts = tuple(
        replace(part, blocks=tuple(replace(b, text=t2s.convert(b.text)) for b in part.blocks)) for part in draft.parts
    )
    return replace(draft, parts=parts, title=t2s.convert(draft.title))


# ---------------------------------------------------------------- glossary


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "真假值"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "“键: 值”"
    return type(value).__name__


def _strings(value: Any, key: str, where: str, path: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, list) and all(isinstance(v, str | int) and not isinstance(v, bool) for v in value):
        return tuple(str(v).strip() for v in value if str(v).strip())
    raise GlossaryError(f"{where}的 {key} 应是一个名称或名称列表", path=path)


def read_glossary(path: Path) -> Glossary:
    """Read a glossary YAML (see the module docstring); errors name the file, the entry and the fix."""
    path = Path(path)
    where = str(path)
    if not path.exists():
        raise GlossaryError("找不到名称表文件", path=where, fix="请核对 --glossary 的路径")
    source = read_text_input(path, what="名称表", error=GlossaryError, clean_controls=False)
    try:  # bounded: aliases, depth, size and unwritable characters checked while it is read
        data, _ = load_yaml(source.text, path=where, error=GlossaryError, what="名称表")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or "格式错误"
        raise GlossaryError(f"名称表不是有效的 YAML：{problem}", path=where, line=line) from None
    if data is None:
        return Glossary((), source=where)
    sections: list[tuple[str, Any]]
    if isinstance(data, list):
        sections = [("names", data)]
    elif isinstance(data, dict):
        unknown = sorted(set(data) - {"names", "units"})
        if unknown:
            raise GlossaryError(f"名称表中有未知的键：{'、'.join(map(str, unknown))}", path=where)
        sections = [(k, data[k]) for k in ("names", "units") if data.get(k) is not None]
    else:
        raise GlossaryError("名称表应是一个映射（names/units）或名称列表", path=where)
    entries: list[NameEntry] = []
    for section, items in sections:
        if not isinstance(items, list):
            raise GlossaryError(f"{section} 应是一个列表", path=where)
        for n, item in enumerate(items, start=1):
            label = f"{section} 第{n}项"
            if isinstance(item, str):
                item = {"name": item}
            if not isinstance(item, dict) or not str(item.get("name") or "").strip():
                raise GlossaryError(f"{label}缺少 name（标准名称）", path=where)
            for key in ("name", "note", "severity"):
                value = item.get(key)
                if value is not None and (isinstance(value, bool) or not isinstance(value, str | int | float)):
                    raise GlossaryError(
                        f"{label}的 {key} 应是一个名称（文字），而不是{_type_name(value)}",
                        path=where,
                        fix="例如 name: 市人力资源社会保障局；多个写法请写在 aliases 或 variants 中",
                    )
            extra = sorted(set(item) - {"name", "aliases", "variants", "note", "unless", "severity"})
            if extra:
                raise GlossaryError(f"{label}中有未知的键：{'、'.join(map(str, extra))}", path=where)
            severity = str(item.get("severity") or "warning")
            if severity not in ("error", "warning"):
                raise GlossaryError(f"{label}的 severity 应为 error 或 warning", path=where)
            entries.append(
                NameEntry(
                    str(item["name"]).strip(),
                    aliases=_strings(item.get("aliases"), "aliases", label, where),
                    variants=_strings(item.get("variants"), "variants", label, where),
                    note=str(item.get("note") or ""),
                    kind="unit" if section == "units" else "name",
                    unless=_strings(item.get("unless"), "unless", label, where),
                    severity=severity,
                )
            )
    return Glossary(tuple(entries), source=where)
