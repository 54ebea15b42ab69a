"""Opinion forms (意见反馈表): the blank form, the filled form, checking and merging.

Pure: no files here (readers and writers are in :mod:`caina.io.forms_xlsx`
and :mod:`caina.io.forms_docx`). The design is written up in docs/forms.md:

- one form per invited unit, with a hidden marker (unit, draft id, version and
  a fingerprint of the draft's text) so that import recognises it;
- columns 序号 / 页码行数 / 原文 / 修改意见 / 理由; 原文 is the anchor and 页码行数
  must agree with it;
- a form says 无意见 in its 反馈情况 cell or by one row reading 无意见; such a
  unit is recorded in ``review.no_opinion``, not as an opinion;
- the stable key of a row: the first 12 hex digits of the SHA-256 of its
  页码行数, 原文, 修改意见 and 理由 (whitespace removed), compared per proposer.
"""

from caina.core.forms.check import (
    CheckedForm,
    FormOpinion,
    ImportPlan,
    NewOpinion,
    check_form,
    compose_text,
    plan_import,
    row_key,
)
from caina.core.forms.form import (
    FIELDS,
    FORMAT,
    HEADERS,
    INFO_LABELS,
    INSTRUCTIONS,
    MARKER_PROPERTY,
    MARKER_SHEET,
    REQUIRED_FIELDS,
    SHEET,
    STATE_CHOICES,
    STATE_NONE,
    STATE_WITH,
    Cell,
    FilledForm,
    FormMarker,
    FormRow,
    FormSpec,
    Place,
    Problem,
    cell_text,
    draft_fingerprint,
    form_specs,
    form_title,
    header_field,
    info_field,
    same_unit,
)

__all__ = [
    "FIELDS", "FORMAT", "HEADERS", "INFO_LABELS", "INSTRUCTIONS", "MARKER_PROPERTY", "MARKER_SHEET",
    "REQUIRED_FIELDS", "SHEET", "STATE_CHOICES", "STATE_NONE", "STATE_WITH",
    "Cell", "CheckedForm", "FilledForm", "FormMarker", "FormOpinion", "FormRow", "FormSpec", "ImportPlan",
    "NewOpinion", "Place", "Problem",
    "cell_text", "check_form", "compose_text", "draft_fingerprint", "form_specs", "form_title", "header_field",
    "info_field", "plan_import", "row_key", "same_unit",
]  # fmt: skip
