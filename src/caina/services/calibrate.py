"""Calibrate a layout profile against a printed PDF: the service behind ``caina calibrate``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from caina.core.calibrate import Calibration, Progress, calibrate
from caina.core.profiles import BUILTIN, overrides
from caina.io.drafts import read_draft
from caina.services.layouts import engine_layout, printed_for_measuring

__all__ = ["Calibrated", "calibrate_files"]


@dataclass(frozen=True)
class Calibrated:
    calibration: Calibration
    made_by: str
    output: Path | None
    changed: dict[str, Any]
    note: str | None = None


def calibrate_files(
    docx: Path, pdf: Path, *, output: Path | None = None, name: str | None = None, progress: Progress | None = None
) -> Calibrated:
    """Calibrate the layout of ``docx`` against its printed copy ``pdf``; write the profile to ``output``.

    A PDF of another version of the draft is refused before any search (PrintedVersionError)."""
    from caina.io.printed import read_pdf
    from caina.io.profile_file import write_profile

    docx, pdf = Path(docx), Path(pdf)
    draft = read_draft(docx)
    raw = read_pdf(pdf)
    printed_by = f"{raw.creator} {raw.producer}"
    printed, note = printed_for_measuring(draft, pdf, engine_layout(draft, printed_by=printed_by))
    label = name or (output.stem if output is not None else "calibrated")
    result = calibrate(
        draft, printed, libreoffice=raw.made_by == "LibreOffice", name=label, progress=progress, printed_by=printed_by
    )
    calibration = {
        "docx": docx.name,
        "pdf": pdf.name,
        "made_by": raw.made_by,
        "lines": result.after.total,
        "before": round(result.before.agreement, 6),
        "before_profile": result.default.name,
        "after": round(result.after.agreement, 6),
        "date": dt.date.today().isoformat(),
    }
    profile = replace(result.profile, calibration=calibration)
    written = write_profile(profile, output) if output is not None else None
    base = BUILTIN[profile.base]
    return Calibrated(
        replace(result, profile=profile), raw.made_by, written, overrides(profile.settings, base.settings), note
    )
