"""Opinion forms (意见反馈表): write one per invited unit, import filled ones into review.yaml.

:func:`write_forms` and :func:`import_forms` are what ``caina forms`` and
``caina import-forms`` call. Importing is all or nothing: every file is read
and every row checked before anything is written; with errors nothing is
written unless ``skip_bad`` (then the good rows are imported and the bad ones
listed). review.yaml is updated in place, keeping its comments and layout: new
proposers, opinions (``decision: 待定``) and 无意见 units are appended to their
lists, the result is validated, then written atomically.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from caina.core.forms import (
    CheckedForm,
    FormSpec,
    ImportPlan,
    NewOpinion,
    Place,
    Problem,
    check_form,
    form_specs,
    plan_import,
)
from caina.errors import CainaError, FormError, ReviewFileError, SourceFileError
from caina.io.files import atomic_write_text, check_output, check_output_dir
from caina.io.review_file import parse_review, read_review_text
from caina.services import load_case

FORMATS = ("xlsx", "docx")
_READERS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".docx": "docx"}


@dataclass(frozen=True)
class FormsWritten:
    paths: tuple[Path, ...]
    warnings: tuple[str, ...]
    units: tuple[str, ...]


def write_forms(
    directory: Path,
    out_dir: Path,
    *,
    units: Sequence[str] = (),
    formats: Sequence[str] = FORMATS,
    rows: int = 20,
    force: bool = False,
) -> FormsWritten:
    """One blank 意见反馈表 per unit (``units``, or review.attending without the drafting office)."""
    from caina.io.forms_docx import write_form_docx
    from caina.io.forms_xlsx import write_form_xlsx

    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise SourceFileError(f"不支持的反馈表格式“{'、'.join(bad)}”", fix="请用 --format xlsx、docx 或 both")
    if rows < 1 or rows > 500:
        raise SourceFileError(f"空行数 {rows} 不合适", fix="请用 --rows 给出 1 到 500 之间的数")
    case = load_case(directory)
    specs, warnings = form_specs(case.draft, case.record, units, rows=rows)
    out_dir = Path(out_dir)
    if (out_dir.exists() or out_dir.is_symlink()) and not out_dir.is_dir():
        raise SourceFileError("输出位置是一个文件，不是目录", path=str(out_dir), fix="请用 -o 给出一个目录")
    planned: list[tuple[FormSpec, str, Path]] = [
        (spec, fmt, out_dir / f"{spec.file_stem}.{fmt}") for spec in specs for fmt in formats
    ]
    existing = [p for _, _, p in planned if p.exists() or p.is_symlink()]
    if existing and not force:
        raise SourceFileError(
            f"输出目录中已有{len(existing)}份同名反馈表（可能已经填写）：{'、'.join(p.name for p in existing[:5])}",
            path=str(out_dir),
            fix="为免覆盖已填写的表，请换一个输出目录；确要重新生成，请加 --force",
        )
    check_output_dir(out_dir)
    for _, _, path in planned:  # the output rule for each file, before any is written
        check_output(path, force=True)
    written = []
    for spec, fmt, path in planned:
        if fmt == "xlsx":
            written.append(write_form_xlsx(spec, path))
        else:
            written.append(write_form_docx(spec, path, rows=min(rows, 10)))
    return FormsWritten(tuple(written), tuple(warnings), tuple(s.unit for s in specs))


# ------------------------------------------------------------------ import


@dataclass(frozen=True)
class ImportResult:
    plan: ImportPlan
    review_path: Path
    files: tuple[str, ...]
    written: bool
    checked: tuple[CheckedForm, ...] = ()


def form_files(paths: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """The files to read: directories are searched for .xlsx/.docx; Office lock files (~$…) are skipped."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in _READERS and not p.name.startswith("~$"))
            if not found:
                problems.append(Problem(Place(str(path)), "目录中没有 .xlsx 或 .docx 反馈表", "请核对目录"))
            files.extend(found)
        elif path.name.startswith("~$"):
            continue  # Word/Excel lock file of an open document
        elif path.suffix.lower() in (".xls", ".doc", ".wps", ".et"):
            problems.append(
                Problem(
                    Place(str(path)),
                    f"暂不能读取 {path.suffix} 文件",
                    "请在 Excel/Word/WPS 中另存为 .xlsx 或 .docx 后重新导入",
                )
            )
        elif path.suffix.lower() not in _READERS:
            problems.append(
                Problem(Place(str(path)), f"不是反馈表文件（{path.suffix or '无扩展名'}）", "反馈表应为 .xlsx 或 .docx 文件")
            )
        elif path not in files:
            files.append(path)
    return files, problems


def _read(path: Path) -> Any:
    if _READERS[path.suffix.lower()] == "xlsx":
        from caina.io.forms_xlsx import read_form_xlsx

        return read_form_xlsx(path)
    from caina.io.forms_docx import read_form_docx

    return read_form_docx(path)


def import_forms(
    directory: Path, paths: Sequence[Path], *, skip_bad: bool = False, dry_run: bool = False
) -> ImportResult:
    """Read filled forms into DIR/review.yaml; all or nothing unless ``skip_bad``."""
    case = load_case(directory)
    review_path = Path(directory) / "review.yaml"
    files, problems = form_files(paths)
    if not files and not problems:
        raise FormError("没有要导入的反馈表", fix="请给出 .xlsx 或 .docx 文件，如 caina import-forms 审议目录 反馈表/*.xlsx")
    checked: list[CheckedForm] = []
    for path in files:
        try:
            form = _read(path)
        except CainaError as exc:
            problems.append(Problem(Place(exc.where or str(path)), exc.what, exc.fix))
            continue
        checked.append(check_form(form, case.layout, case.record))
    plan = plan_import(case.record, checked, problems)
    shown = tuple(str(p) for p in files)
    if plan.errors and not skip_bad:
        raise FormError(
            f"反馈表中有{len(plan.errors)}处错误，未导入任何内容",
            fix="请逐项改正后重新导入；或加 --skip-bad，只导入无误的行（有误的行和文件会列出）",
            details=tuple(str(p) for p in plan.errors),
        )
    if not plan.changes:
        return ImportResult(plan, review_path, shown, False, tuple(checked))
    text = read_review_text(review_path).text.lstrip("\ufeff")  # written back in UTF-8
    new_text = update_review_text(text, plan, path=str(review_path))
    if not dry_run:
        atomic_write_text(review_path, new_text)
    return ImportResult(plan, review_path, shown, not dry_run, tuple(checked))


# ------------------------------------------------------------------ review.yaml, edited in place


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:  # noqa: ARG002
        super().increase_indent(flow, False)  # "- " items indented under their key, as people write them


def _dump(items: list[Any]) -> str:
    return yaml.dump(items, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096, default_flow_style=False)


def _indent(text: str, n: int) -> str:
    return "".join((" " * n + line if line.strip() else line) for line in text.splitlines(keepends=True))


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _content_end(text: str, index: int, indent: int) -> int:
    """Where to insert after a block: before the blank lines and outer comments that follow it."""
    at = _line_start(text, index) if index < len(text) else len(text)
    while at > 0:
        prev = _line_start(text, at - 1)
        line = text[prev:at]
        stripped = line.strip()
        if stripped and not (stripped.startswith("#") and len(line) - len(line.lstrip()) <= indent):
            break
        at = prev
    return at


def _find(mapping: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    for k, v in mapping.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k, v
    return None


def append_items(text: str, path: tuple[str, ...], items: list[Any], *, comment: str = "", spaced: bool = False) -> str:
    """``text`` with ``items`` appended to the list at ``path`` (created if absent); the rest is untouched.

    A block list gets the new items after its last item (before the blank lines
    and comments that introduce the next section); a flow list (``[a, b]``) or
    an empty value is rewritten as a block list; a missing key is added at the
    end of its mapping. ``spaced`` puts a blank line before each item.
    """
    if not items:
        return text
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        raise ValueError("review.yaml 的顶层不是“键: 值”")
    parent = root
    for key in path[:-1]:
        found = _find(parent, key)
        if found is None or not isinstance(found[1], yaml.MappingNode):
            raise ValueError(f"“{key}”不是“键: 值”")
        parent = found[1]
    note = f"# {comment}\n" if comment else ""
    sep = "\n" if spaced else ""
    found = _find(parent, path[-1])

    def block(col: int) -> str:
        out = sep + _indent(note, col) if note else ""
        for i, item in enumerate(items):
            out += ("" if note and i == 0 else sep) + _indent(_dump([item]), col)
        return out

    if found is None:  # add the key at the end of its mapping
        col = parent.value[0][0].start_mark.column if parent.value else 0
        at = len(text) if parent is root else _content_end(text, parent.end_mark.index, col)
        head = "" if at == 0 or text[at - 1] == "\n" else "\n"
        head += "\n" if parent is root else ""
        return text[:at] + head + " " * col + f"{path[-1]}:\n" + block(col + 2) + text[at:]
    key, value = found
    if isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
        col = value.start_mark.column
        at = _content_end(text, value.end_mark.index, col)
        head = "" if at == 0 or text[at - 1] == "\n" else "\n"
        return text[:at] + head + block(col) + text[at:]
    old: list[Any] = []
    if isinstance(value, yaml.SequenceNode):  # a flow list: rewrite it as a block list
        old = yaml.safe_load(text[value.start_mark.index : value.end_mark.index]) or []
    elif not (isinstance(value, yaml.ScalarNode) and value.value in ("", "~", "null")):
        raise ValueError(f"“{path[-1]}”不是列表")
    col = key.start_mark.column
    body = f"{path[-1]}:\n" + (_indent(_dump(old), col + 2) if old else "") + block(col + 2)
    rest = text[value.end_mark.index :]
    return text[: key.start_mark.index] + body.rstrip("\n") + ("" if rest.startswith("\n") else "\n") + rest


def _opinion_item(op: NewOpinion, number: int | None) -> dict[str, Any]:
    item: dict[str, Any] = {}
    if number is not None:
        item["number"] = number
    item["proposer"] = op.proposer
    item["text"] = op.text
    targets: list[Any] = []
    for t in op.targets:
        if t.part == "正文" and not t.occurrence:
            targets.append(t.quote)
        else:
            d: dict[str, Any] = {"quote": t.quote}
            if t.part != "正文":
                d["part"] = t.part
            if t.occurrence:
                d["occurrence"] = t.occurrence
            targets.append(d)
    if targets:
        item["targets"] = targets
    item["decision"] = "待定"
    item["source"] = {"form": op.form, "row": op.row, "key": op.key}
    return item


def update_review_text(text: str, plan: ImportPlan, *, path: str = "review.yaml") -> str:
    """review.yaml text with the plan's proposers, opinions and 无意见 units added, validated."""
    before, _ = parse_review(text, path=path)
    numbers = range(plan.first_number, plan.first_number + len(plan.opinions))
    try:
        new = append_items(text, ("proposers",), [{"name": n} for n in plan.new_proposers])
        new = append_items(
            new,
            ("opinions",),
            [_opinion_item(op, n if plan.explicit_numbers else None) for op, n in zip(plan.opinions, numbers, strict=False)],
            comment="由 caina import-forms 从意见反馈表导入；decision 待定，请研究后填写采纳情况",
            spaced=True,
        )
        new = append_items(new, ("review", "no_opinion"), list(plan.no_opinion))
        after, _ = parse_review(new, path=path)
    except (ValueError, yaml.YAMLError, ReviewFileError) as exc:
        raise ReviewFileError(
            f"无法把导入的意见写入 review.yaml（{exc}）",
            path=path,
            fix="请把 review.yaml 中的 proposers、opinions 写成常见的块格式（每项一行，以“- ”开头）后重试；review.yaml 未改动",
        ) from None
    expected = (
        len(before.proposers) + len(plan.new_proposers),
        len(before.opinions) + len(plan.opinions),
        len(before.review.no_opinion) + len(plan.no_opinion),
    )
    got = (len(after.proposers), len(after.opinions), len(after.review.no_opinion))
    if got != expected:
        raise ReviewFileError(
            "写入 review.yaml 后核对不符，已放弃写入",
            path=path,
            fix="请把 review.yaml 中的 proposers、opinions 写成常见的块格式后重试；review.yaml 未改动",
        )
    return new
