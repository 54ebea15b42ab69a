"""Layout profile files (YAML): what ``caina calibrate`` writes and ``--profile`` / review.yaml ``layout:`` read.

::

    # caina 排版方案：由 caina calibrate 生成
    name: 县政府办-送审稿
    base: word                      # the built-in profile it starts from
    summary: 按 送审稿.pdf 校准
    settings:                       # every switch (docs/layout.md), those that differ from the base first
      fit_tolerance_pt: 0.05
      grid_whole_width: true
      hanging_punctuation: true
      …
    calibration:                    # what calibrate measured (for people; not read back)
      docx: 草案.docx
      pdf: 送审稿.pdf
      made_by: Word
      lines: 288
      before: 0.7396
      after: 1.0
      date: '2026-12-03'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from pathlib import Path
from typing import Any

import yaml

from caina.core.layout_settings import LayoutSettings
from caina.core.profiles import BUILTIN, Profile, ProfileError, builtin, overrides, with_overrides
from caina.io.files import atomic_write_text
from caina.io.yaml_input import load_yaml

__all__ = ["read_profile", "write_profile", "profile_text", "load_profile", "MAX_BYTES"]

MAX_BYTES = 256 * 1024


def load_profile(spec: str | Path, *, relative_to: Path | None = None) -> Profile:
    """A profile by built-in name (``word``) or by file (``profile.yaml``, relative to ``relative_to``)."""
    text = str(spec).strip()
    if text in BUILTIN:
        return BUILTIN[text]
    path = Path(text)
    if relative_to is not None and not path.is_absolute():
        path = relative_to / path
    if path.suffix.lower() not in (".yaml", ".yml") and not path.exists():
        return builtin(text)  # says which names exist
    return read_profile(path)


def read_profile(path: Path) -> Profile:
    where = str(path)
    if not path.exists():
        raise ProfileError("找不到排版方案文件", where=where, fix="请核对路径；方案文件由 caina calibrate 草案.docx 送审稿.pdf -o 方案.yaml 生成")
    if not path.is_file() or path.stat().st_size > MAX_BYTES:
        raise ProfileError("排版方案文件无效（不是普通文件，或大于 256 KB）", where=where, fix="请给出 caina calibrate 生成的 .yaml 文件")
    def refuse(what: str, *, path: str = "", line: int | None = None, fix: str = "") -> ProfileError:
        return ProfileError(what, where=f"{path} 第{line}行" if line else path, fix=fix)

    try:  # bounded like every YAML caina reads (caina.io.yaml_input: depth, aliases, size)
        data, _ = load_yaml(path.read_text(encoding="utf-8-sig"), path=where, error=refuse, what="排版方案文件")
    except UnicodeDecodeError:
        raise ProfileError("排版方案文件不是 UTF-8 编码", where=where, fix="请另存为 UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"{where} 第{mark.line + 1}行" if mark else where
        raise ProfileError("排版方案文件的 YAML 格式有误", where=at, fix="请检查缩进和冒号；或用 caina calibrate 重新生成") from None
    if not isinstance(data, dict):
        raise ProfileError("排版方案文件应写 name、base、settings 等几项", where=where, fix="请用 caina calibrate 重新生成")
    unknown = set(data) - {"name", "base", "summary", "settings", "calibration"}
    if unknown:
        raise ProfileError(
            f"排版方案文件中有未知的项：{'、'.join(sorted(map(str, unknown)))}",
            where=where,
            fix="可写的项：name、base、summary、settings、calibration",
        )
    base = builtin(str(data.get("base") or "gbt9704"))
    values = data.get("settings") or {}
    if not isinstance(values, dict):
        raise ProfileError("settings 应是“开关: 值”的列表", where=where, fix="如 settings: {fit_tolerance_pt: 0.005}")
    settings = with_overrides(base.settings, {str(k): v for k, v in values.items()}, where=where)
    calibration = data.get("calibration") or {}
    return Profile(
        name=str(data.get("name") or path.stem),
        summary=str(data.get("summary") or f"基于 {base.name} 的排版方案"),
        settings=settings,
        base=base.name,
        source=where,
        calibration=calibration if isinstance(calibration, dict) else {},
    )


def profile_text(profile: Profile) -> str:
    base = BUILTIN[profile.base] if profile.base in BUILTIN else BUILTIN["gbt9704"]
    changed = overrides(profile.settings, base.settings)
    data: dict[str, Any] = {
        "name": profile.name,
        "base": base.name,
        "summary": profile.summary,
        # every switch, not only those that differ from the base: the profile means the same page whatever a
        # later caina's built-in profiles become (the changed ones first)
        "settings": {**changed, **{f.name: getattr(profile.settings, f.name) for f in fields(LayoutSettings) if f.name not in changed}},
    }
    if profile.calibration:
        data["calibration"] = profile.calibration
    head = f"# caina 排版方案（{dt.date.today().isoformat()}）：caina show|locate|resolve|report|verify-layout --profile 本文件，\n"
    head += "# 或在 review.yaml 中写 layout: 本文件名。开关的含义见 docs/layout.md。\n"
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def write_profile(profile: Profile, path: Path) -> Path:
    atomic_write_text(Path(path), profile_text(profile))
    return Path(path)
