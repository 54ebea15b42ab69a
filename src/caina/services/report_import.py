"""Import a written adoption report: parse it, and optionally write a case directory for `caina report`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from caina import settings
from caina.core.report_parse import ParsedReport, parse_report
from caina.core.report_parse.record import Conversion, to_record
from caina.errors import CainaError, PendingDecisionError, ReportImportError
from caina.io.drafts import read_draft
from caina.io.files import atomic_write_bytes, atomic_write_text, check_output, check_output_dir
from caina.io.report_import import ReportText, read_report
from caina.io.review_file import parse_review
from caina.io.review_writer import _Dumper, review_to_dict
from caina.io.textfile import read_limited
from caina.services import lay_out

__all__ = ["Imported", "WrittenCase", "import_report", "write_case", "review_yaml"]


@dataclass(frozen=True)
class Imported:
    path: Path
    source: ReportText
    report: ParsedReport

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.source.warnings + self.report.warnings


@dataclass(frozen=True)
class WrittenCase:
    directory: Path
    review_path: Path
    draft_path: Path | None
    conversion: Conversion
    report_checked: bool  # the case renders with `caina report`


def import_report(path: Path) -> Imported:
    """Read and parse a report (.txt/.md/.docx)."""
    source = read_report(Path(path))
    return Imported(Path(path), source, parse_report(source.text))


def review_yaml(conv: Conversion, *, draft: str | None, source: str) -> str:
    """review.yaml text for a conversion: header comments (source, what could not be expressed) + body."""
    data = review_to_dict(conv.record, draft=draft)
    no_opinion = getattr(conv.record.review, "no_opinion", ())
    if no_opinion and "no_opinion" not in data["review"]:
        data["review"]["no_opinion"] = list(no_opinion)
    header = [f"由 caina import-report 从 {source} 导入。页码、行号和数字由 caina 从草案计算，不写在这里。"]
    if conv.notes:
        header.append("以下内容 review.yaml 暂无对应写法，未导入（请人工处理）：")
        header += [f"  - {n}" for n in conv.notes]
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096, default_flow_style=False)
    return "".join(f"# {line}\n" for line in header) + "\n" + body


def write_case(path: Path, out: Path, *, draft: Path | None = None, force: bool = False) -> tuple[Imported, WrittenCase]:
    """Import ``path`` into ``out``/review.yaml (and ``out``/draft.<ext> when a draft is given).

    Nothing is written unless the result validates: review.yaml parses, and
    with a draft every kept edit anchors and the report renders.
    """
    imported = import_report(path)
    out = Path(out)
    review_path = out / "review.yaml"
    if out.exists() and not out.is_dir():
        raise ReportImportError("输出路径已存在且不是目录", path=str(out), fix="请用 -o 指定一个目录")
    if (review_path.exists() or review_path.is_symlink()) and not force:
        raise ReportImportError(
            "输出目录中已有 review.yaml，未覆盖", path=str(review_path), fix="请换一个输出目录，或加 --force 覆盖"
        )
    if out.is_dir():  # the output rule, said before the work: no links or devices, a writable directory
        check_output(review_path, force=True)
        if draft is not None:
            check_output(out / ("draft" + Path(draft).suffix.lower()), force=force)
    draft_obj = lay = None
    draft_name = None
    if draft is not None:
        draft_obj = read_draft(Path(draft))
        lay = lay_out(draft_obj)
        draft_name = "draft" + Path(draft).suffix.lower()
    conv = to_record(imported.report, draft_obj, lay)
    text = review_yaml(conv, draft=draft_name, source=Path(path).name)
    try:
        record, _ = parse_review(text, path=str(review_path))
    except CainaError as exc:  # a bug in the importer, not in the user's input
        raise ReportImportError(
            f"导入生成的 review.yaml 未通过校验：{exc.message}", path=str(path), fix="请把该报告发给 caina 的维护者"
        ) from None
    checked = False
    if draft_obj is not None and lay is not None:
        from caina.core.edits import check_conflicts, place
        from caina.core.locators import locate_text
        from caina.core.report import build_report
        from caina.services import applied_edits

        locate = lambda s: locate_text(lay, s)  # noqa: E731
        try:
            placed = check_conflicts(place(draft_obj, applied_edits(record), locate), locate=locate)
            build_report(draft_obj, lay, record, placed)
            checked = True
        except PendingDecisionError:
            checked = False
        except CainaError as exc:
            raise ReportImportError(
                f"导入结果不能生成报告：{exc.message}", path=str(path), fix="请核对报告与草案是否对应（--draft）"
            ) from None
    check_output_dir(out)
    draft_path = None
    if draft is not None and draft_name:
        draft_path = out / draft_name
        if Path(draft).resolve() != draft_path.resolve():
            data = read_limited(Path(draft), what="草案文件", limit=settings.limit_bytes("max_office_mb"))
            atomic_write_bytes(draft_path, data, force=force)
    atomic_write_text(review_path, text, force=force)
    return imported, WrittenCase(out, review_path, draft_path, conv, checked)
