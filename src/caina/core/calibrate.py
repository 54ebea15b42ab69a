"""Calibration: the layout switches that reproduce an office's printed PDF best.

:func:`calibrate` starts from each built-in profile and improves it switch by
switch (coordinate descent over the documented values of each switch,
:data:`SEARCH`), keeping a change only when more lines agree with the printed
copy (more paragraphs broken alike breaks ties). Every step lays the draft out
and compares it line by line (:func:`caina.core.verify.verify_printed`), so
the figure it reports is the figure ``caina verify-layout --against`` prints.

The result is a :class:`~caina.core.profiles.Profile`: its base, the switches
that differ from it, and what was measured before and after. Pure and
deterministic: the same draft and PDF give the same profile.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from caina.core.layout import layout
from caina.core.layout_settings import LayoutSettings
from caina.core.model import Draft
from caina.core.pages import Layout
from caina.core.profiles import BUILTIN, Profile, default_profile, overrides
from caina.core.verify import OracleLine, Verification, compare, emulations, oracle_of, paragraph_agreement

__all__ = ["SEARCH", "Calibration", "calibrate", "score"]

# every switch calibration may turn, with the values it tries (in this order)
SEARCH: tuple[tuple[str, tuple[Any, ...]], ...] = (
    ("fit_tolerance_pt", (0.005, 0.05, 0.0, 0.1)),
    ("latin_font_widths", (False, True)),
    ("faux_bold_em", (0.0, 0.019)),
    ("word_vertical", (False, True)),
    ("collapse_spacing", (False, True)),
    ("leading_past_bottom", (False, True)),
    ("space_before_at_page_top", (False, True)),
    ("compress_punctuation", ("document", "on", "off")),
    ("compress_lone_em", (0.6, 0.45, 0.25, 0.0)),
    ("compress_lone_on_grid", (True, False)),
    ("compress_run_em", (0.5, 0.25)),
    ("word_indents", (True, False)),
    ("half_width_grid_spacing", ("document", "on", "off")),
    ("grid_whole_width", (False, True)),
    ("grid_whole_cells", (False, True)),
    ("hanging_punctuation", (True, False)),
    ("hang_after_latin", (False, True)),
    ("hang_in_table_cells", (False, True)),
    ("keep_dash_ellipsis", (True, False)),
    ("ellipsis_may_start_line", (False, True)),
    ("autospace", (True, False)),
    ("autospace_em", (0.2, 0.25)),
    ("keep_ascii_words", (True, False)),
    ("latin_breaks", ("icu", "hyphen", "never")),
    ("glue_brackets", (True, False)),
    ("break_beside_latin", (False, True)),
    ("quotes_by_hint", (False, True)),
    ("kinsoku", (True, False)),
    ("alt_kinsoku", (False, True)),
    ("weak_quotes_fullwidth", (True, False)),
    ("spacing_at_run_end", (False, True)),
    ("widow_orphan", (2, 0, 1)),
    ("widow_control_unset", (True, False)),
    ("table_costs_a_row", (True, False)),
    ("table_cell_padding_pt", (5.4, 4.0, 7.2)),
    ("line_height_factor", (1.45, 1.3, 1.6)),
    ("attachments_start_new_page", (True, False)),
)

Progress = Callable[[int, int], None]  # (evaluations done, an estimate of the total)


@dataclass(frozen=True)
class Calibration:
    profile: Profile  # the best: a built-in base plus the switches that beat it
    before: Verification  # the draft's default profile against the PDF
    after: Verification  # the calibrated profile against the PDF
    default: Profile
    paragraphs_before: tuple[int, int]
    paragraphs_after: tuple[int, int]
    evaluations: int
    starts: dict[str, float]  # built-in profile → its agreement before any switch was turned


def score(
    draft: Draft, printed: Layout, settings: LayoutSettings, *, libreoffice: bool, oracle: Sequence[OracleLine] | None = None
) -> tuple[int, int, Verification]:
    """(lines agreeing, paragraphs broken alike, the comparison) of ``settings`` against the printed copy —
    what :func:`caina.core.verify.verify_printed` measures."""
    lay = layout(draft, settings)
    emulated = [(status, layout(draft, s)) for status, s in emulations(settings) if s != settings] if libreoffice else []
    v = compare(lay, oracle if oracle is not None else oracle_of(printed), emulated)
    same, _total = paragraph_agreement(lay, printed)
    return v.agreeing, same, v


def calibrate(
    draft: Draft,
    printed: Layout,
    *,
    libreoffice: bool = False,
    name: str = "calibrated",
    starts: Sequence[Profile] | None = None,
    passes: int = 3,
    progress: Progress | None = None,
    printed_by: str = "",
) -> Calibration:
    """The profile that reproduces ``printed`` best (see the module docstring); ``printed_by`` (the PDF's
    Creator and Producer) picks the default profile it starts from."""
    default = default_profile(draft, printed_by)
    starts = list(starts) if starts is not None else [default] + [p for p in BUILTIN.values() if p != default]
    oracle = oracle_of(printed)
    cache: dict[LayoutSettings, tuple[int, int, Verification]] = {}
    done = 0
    estimate = len(starts) * (1 + passes * sum(len(v) - 1 for _, v in SEARCH))

    def evaluate(settings: LayoutSettings) -> tuple[int, int, Verification]:
        nonlocal done
        found = cache.get(settings)
        if found is None:
            found = cache[settings] = score(draft, printed, settings, libreoffice=libreoffice, oracle=oracle)
        done += 1
        if progress is not None:
            progress(done, estimate)
        return found

    best: tuple[tuple[int, int], Profile, LayoutSettings] | None = None
    start_scores: dict[str, float] = {}
    for start in starts:
        current = start.settings
        a, p, v = evaluate(current)
        start_scores[start.name] = v.agreement
        key = (a, p)
        for _ in range(passes):
            improved = False
            for field_name, values in SEARCH:
                for value in values:
                    if getattr(current, field_name) == value:
                        continue
                    trial = replace(current, **{field_name: value})
                    ta, tp, _tv = evaluate(trial)
                    if (ta, tp) > key:
                        current, key, improved = trial, (ta, tp), True
            if not improved:
                break
        # a tie goes to the earlier start (the draft's default first), then to fewer changed switches
        if best is None or key > best[0] or (
            key == best[0] and len(overrides(current, start.settings)) < len(overrides(best[2], best[1].settings))
        ):
            best = (key, start, current)
    assert best is not None
    _, base, settings = best
    changed = overrides(settings, base.settings)
    before = evaluate(default.settings)[2]
    after = evaluate(settings)[2]
    profile = Profile(
        name=name,
        summary=f"在 {base.name} 基础上" + (f"改动 {len(changed)} 个开关" if changed else "不改动开关") + "，按印发稿校准",
        settings=settings,
        base=base.name,
    )
    return Calibration(
        profile=profile,
        before=before,
        after=after,
        default=default,
        paragraphs_before=paragraph_agreement(layout(draft, default.settings), printed),
        paragraphs_after=paragraph_agreement(layout(draft, settings), printed),
        evaluations=done,
        starts=start_scores,
    )
