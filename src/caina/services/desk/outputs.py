"""What a review produces, computed by the CLI's own services from a case directory exported from
the store: the review's draft (base version) and a review.yaml written from its rows.

So every rule is the CLI's — anchoring, conflicts, counts, narration, Word output — and
``caina report DIR`` on an exported case directory reproduces the web app's report byte for
byte. Also here: the redline preview and applying edits (a new version), comparing versions,
the 意见汇总表 (.xlsx), each unit's feedback and the inline 校核 findings.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from caina.core.anchoring import occurrences
from caina.core.decisions import Disposition
from caina.core.pages import Layout, Span
from caina.errors import CainaError, InputError
from caina.services.desk import drafts
from caina.services.desk.access import Actor, audit, member
from caina.services.desk.opinions import DECISION_LABELS, locator_of
from caina.store import Store
from caina.store import queries as q
from caina.store.consult import consultation_name, consultation_state

REPORT_MEDIA = {
    "md": ("text/markdown; charset=utf-8", "意见采纳情况.md"),
    "txt": ("text/plain; charset=utf-8", "意见采纳情况.txt"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "意见采纳情况.docx"),
    "pdf": ("application/pdf", "意见采纳情况.pdf"),
}
DOCX = REPORT_MEDIA["docx"][0]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class CaseFiles:
    yaml: str
    draft_name: str
    draft_bytes: bytes
    numbers: dict[int, int]  # opinion id → its number in the report (withdrawn opinions left out)
    consultation: str = ""  # the state of the review's public consultation (its analysis and decisions), if any

    @property
    def state_key(self) -> str:
        """What an output depends on: the draft, review.yaml and the consultation's analysis and decisions (a job's
        result is reused while they are the same)."""
        return hashlib.sha256(self.draft_bytes + b"\0" + self.yaml.encode() + b"\0" + self.consultation.encode()).hexdigest()


def _drop_empty(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in ("", None, [], {}, False, 0)}


def _target(base: drafts.Version, row: dict[str, Any]) -> str | dict[str, Any] | None:
    """An anchored quote as review.yaml's target: the quote, its part, and which occurrence when several."""
    if row["target_kind"] != "quote" or row["anchor_status"] != "anchored" or row["anchor_version"] != base.number:
        return None
    part = base.draft.part(row["part_id"])
    spans = occurrences(part, row["quote"])
    occurrence = 0
    if len(spans) > 1:
        occurrence = next((i for i, s in enumerate(spans, 1) if (s.block_index, s.start) == (row["block_index"], row["start_offset"])), 0)
    if part.is_main and not occurrence:
        return str(row["quote"])
    return _drop_empty({"quote": row["quote"], "part": part.label, "occurrence": occurrence})


def _opinion_text(row: dict[str, Any], has_target: bool) -> str:
    """The opinion as the report states it: a unit's words after the place they are about."""
    text = str(row["text"]).strip()
    if row["source"]:  # imported from review.yaml: its text already says what it is about
        return text
    if has_target:
        text = "{target:1}：" + text
    elif row["target_kind"] in ("article", "part"):
        text = f"{row['target_ref']}：{text}"
    if row["proposed"]:
        text = text.rstrip("。") + f"。建议修改为“{row['proposed']}”"
    return text


def case_files(conn: Connection, review_id: int) -> CaseFiles:
    """The review as a case directory's two files: the base draft and review.yaml."""
    from caina.io.review_writer import dump_review_dict

    review = q.review(conn, review_id)
    assert review is not None
    base = drafts.version(conn, review_id)
    meta = review["meta"] or {}
    rows = [r for r in q.opinions_of(conn, review_id) if r["status"] == "active"]
    numbers = {int(r["id"]): i for i, r in enumerate(rows, 1)}
    edits = {int(e["id"]): e for e in q.edits_of(conn, review_id)}
    links: dict[int, list[str]] = {}
    for link in q.links_of(conn, review_id):
        if link["opinion_id"] in numbers and link["edit_id"] in edits:
            links.setdefault(int(link["opinion_id"]), []).append(str(edits[link["edit_id"]]["key"]))
    proposers = {int(p["id"]): p for p in q.proposers_of(conn, review_id)}
    used_proposers: list[int] = []
    opinions = []
    used_edits: list[str] = []
    for r in rows:
        if r["proposer_id"] not in used_proposers:
            used_proposers.append(int(r["proposer_id"]))
        target = _target(base, r)
        targets = ([target] if target is not None else []) + list(r["extra_targets"] or [])
        dup = r["disposition"] == "duplicate" and r["duplicate_of"] in numbers
        disposition = "pending" if r["disposition"] == "duplicate" and not dup else r["disposition"]
        allows = not dup and Disposition(disposition).allows_edits
        edit_keys = links.get(int(r["id"]), []) if allows else []
        used_edits += [k for k in edit_keys if k not in used_edits]
        opinions.append(_drop_empty({
            "number": numbers[int(r["id"])],
            "proposer": proposers[int(r["proposer_id"])]["name"],
            "text": _opinion_text(r, target is not None),
            "targets": targets,
            "decision": "重复" if dup else Disposition(disposition).label,
            "duplicate_of": numbers[r["duplicate_of"]] if dup else 0,
            "reason": "" if dup else r["reason"],
            "narrative": "" if dup else r["narrative"],
            "edits": edit_keys,
        }) | {"decision": "重复" if dup else Disposition(disposition).label})  # fmt: skip
    office_keys = [str(e["key"]) for e in edits.values() if e["office"]]
    used_edits += [k for k in office_keys if k not in used_edits]
    if not used_proposers:
        used_proposers = [next(iter(proposers))] if proposers else []
    data: dict[str, Any] = {"draft": base.filename, "review": _drop_empty(dict(meta.get("review") or {}))}
    data["review"].setdefault("office", (meta.get("review") or {}).get("office", ""))
    if (meta.get("report") or {}).get("label"):
        data["report"] = {"label": meta["report"]["label"]}
    data["proposers"] = [_drop_empty({"id": proposers[p]["key"] if proposers[p]["key"] != proposers[p]["name"] else "",
                                      "name": proposers[p]["name"], "kind": proposers[p]["kind"],
                                      "aliases": list(proposers[p]["aliases"] or [])}) for p in used_proposers]  # fmt: skip
    data["opinions"] = opinions
    by_key = {str(e["key"]): e for e in edits.values()}
    data["edits"] = [_drop_empty({"id": k, "intro": by_key[k]["intro"], "changes": by_key[k]["changes"],
                                  "note": by_key[k]["note"], "reason": by_key[k]["reason"],
                                  "summary": by_key[k]["summary"], "as_proposed": by_key[k]["as_proposed"]})
                     for k in used_edits]  # fmt: skip
    if office_keys or meta.get("office_intro"):
        data["office_edits"] = _drop_empty({"intro": meta.get("office_intro", ""), "edits": office_keys})
    header = f"《{review['title']}》\n由 caina 审议平台导出（审议 {review_id}）；用 caina report 本目录 可重新生成报告。"
    consultation = consultation_name(conn, review_id)
    if consultation is not None:  # its 公开征求意见情况 is read from the database: caina report 本目录 --db 数据库
        data = {"draft": data["draft"], "consultation": consultation, **{k: v for k, v in data.items() if k != "draft"}}
        header += "\n公开征求意见情况的数字来自数据库：caina report 本目录 --db 数据库地址。"
    blob = q.get_blob(conn, base.blob)
    assert blob is not None
    state = consultation_state(conn, consultation) if consultation is not None else ""
    return CaseFiles(dump_review_dict(data, header=header), base.filename, blob, numbers, state)


def write_case(files: CaseFiles, directory: Path) -> Path:
    from caina.io.files import atomic_write_bytes, atomic_write_text

    directory.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(directory / files.draft_name, files.draft_bytes)
    atomic_write_text(directory / "review.yaml", files.yaml)
    return directory


@contextmanager
def case_directory(store: Store, actor: Actor | None, review_id: int, action: str = "report") -> Iterator[tuple[Path, CaseFiles]]:
    """The review exported to a private temporary directory (removed afterwards)."""
    with store.read() as conn:
        if actor is not None:
            member(conn, actor, review_id, action)
        files = case_files(conn, review_id)
    with tempfile.TemporaryDirectory(prefix="caina-case-") as tmp:
        yield write_case(files, Path(tmp) / "case"), files


def export_case(store: Store, review_id: int, directory: Path, actor: Actor | None = None) -> Path:
    """``caina review export``: the case directory (draft + review.yaml) the CLI works on."""
    with store.read() as conn:
        if actor is not None:
            member(conn, actor, review_id, "report")
        files = case_files(conn, review_id)
    return write_case(files, directory)


def case_zip(store: Store, actor: Actor, review_id: int) -> bytes:
    """The case directory as a .zip (fixed timestamps: the same review gives the same bytes)."""
    with store.read() as conn:
        member(conn, actor, review_id, "report")
        files = case_files(conn, review_id)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in ((f"case/{files.draft_name}", files.draft_bytes), ("case/review.yaml", files.yaml.encode())):
            z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


# -- report and revised draft --------------------------------------------------------------------


def report(store: Store, actor: Actor, review_id: int, fmt: str = "md") -> bytes:
    """The report of the current state as md / txt / docx (PDF goes through a job: see jobs.py)."""
    from caina import services
    from caina.services import documents

    if fmt not in ("md", "txt", "docx"):
        raise InputError(f"不支持的报告格式“{fmt}”", fix="请用 md、txt、docx 或 pdf")
    with case_directory(store, actor, review_id) as (directory, _):
        facts = consultation_facts(store, review_id)
        if fmt == "docx":
            out = directory.parent / "report.docx"
            documents.write_report(directory, out, "docx", consultation=facts)
            return out.read_bytes()
        return services.render_report(directory, fmt, consultation=facts).encode("utf-8")


def consultation_facts(store: Store, review_id: int) -> Any:
    """The facts of the 公开征求意见情况 section when a consultation belongs to the review (else None): its
    statistics and the decisions per group, from the same database. Comments imported since the last analysis
    are an error that says to analyse again (published numbers must be those of every comment)."""
    from caina.services import consult
    from caina.store.consult import consult_store

    cs = consult_store(store)
    name = cs.consultation_of(review_id)
    return consult.report_facts(cs, name) if name is not None else None


def revised(store: Store, actor: Actor, review_id: int, *, tracked: bool = False) -> tuple[bytes, str]:
    """The revised draft (or its track-changes copy, authored by the proposing units) as .docx."""
    from caina.services import documents

    with case_directory(store, actor, review_id) as (directory, _):
        out = directory.parent / ("tracked.docx" if tracked else "revised.docx")
        documents.write_revised_document(directory, out, track_changes=tracked, comments=tracked)
        return out.read_bytes(), ("修订稿.docx" if tracked else "修改稿.docx")


def report_pdf(directory: Path, consultation: Any = None) -> bytes:
    """Used by the job runner: the report as PDF through LibreOffice (slow: seconds); ``consultation``: the
    facts of its 公开征求意见情况 (:func:`consultation_facts`)."""
    from caina.services import documents

    out = directory.parent / "report.pdf"
    documents.write_report(directory, out, "pdf", consultation=consultation)
    return out.read_bytes()


# -- preview: report status, redline, apply ------------------------------------------------------


def status(store: Store, actor: Actor, review_id: int) -> dict[str, Any]:
    """What stands between the review and its report: opinions 待定, conflicting edits, 校核 findings."""
    from caina import services
    from caina.services import checks

    out: dict[str, Any] = {"pending": 0, "error": "", "findings": [], "report": ""}
    with store.read() as conn:
        member(conn, actor, review_id, "report")  # the report holds every unit's opinions
        rows = [r for r in q.opinions_of(conn, review_id) if r["status"] == "active"]
    out["pending"] = sum(1 for r in rows if r["disposition"] == "pending")
    out["opinions"] = len(rows)
    try:
        with case_directory(store, None, review_id) as (directory, _):
            case = services.load_case(directory)
            services.plan(case)
            if out["pending"]:
                return out
            text = services.render_report(directory, "txt", consultation=consultation_facts(store, review_id))
            out["report"] = text
            path = directory / "report.txt"
            path.write_text(text, encoding="utf-8")
            result = checks.check_file(path, draft=case.draft_path)
            out["findings"] = [{"severity": f.severity.value, "rule": f.rule, "line": f.line, "message": f.message}
                               for f in result.findings]  # fmt: skip
    except CainaError as exc:
        out["error"] = exc.message
    return out


def _diff(old: str, new: str) -> list[tuple[int, str]]:
    import fast_diff_match_patch as dmp

    return [(int(op == "+") - int(op == "-"), text) for op, text in _ops(dmp.diff(old, new, counts_only=False))]


def _ops(diffs: Any) -> Iterator[tuple[str, str]]:
    for op, text in diffs:
        yield {"=": "=", "-": "-", "+": "+", 0: "=", -1: "-", 1: "+"}[op], text


def redline(store: Store, actor: Actor, review_id: int) -> dict[str, Any]:
    """Every edit placed on the base version, as a redline per changed paragraph, before anything is applied."""
    from caina import services
    from caina.core.edits import apply as apply_edits
    from caina.core.locators import locate_text

    with case_directory(store, actor, review_id, "view") as (directory, _):
        case = services.load_case(directory)
        placed = services.plan(case)
        new = apply_edits(case.draft, placed)
        blocks: dict[tuple[str, int], list[Any]] = {}
        for p in placed:
            blocks.setdefault((p.target.part_id, p.target.block_index), []).append(p)
        out = []
        for (part_id, index), changes in blocks.items():
            old_text = case.draft.part(part_id).blocks[index].text
            new_text = new.part(part_id).blocks[index].text
            out.append({
                "part": case.draft.part(part_id).label,
                "locator": locate_text(case.layout, Span(part_id, index, changes[0].anchor.start, changes[0].anchor.end)),
                "edits": sorted({c.edit_id for c in changes}),
                "diff": _diff(old_text, new_text),
            })  # fmt: skip
    return {"changes": len(placed), "blocks": out}


def apply(store: Store, actor: Actor, review_id: int, note: str = "") -> int:
    """Apply every adopted edit (and the office's own) to the base version: a new version (修改稿)."""
    from caina.services import documents

    with case_directory(store, actor, review_id, "decide") as (directory, files):
        suffix = Path(files.draft_name).suffix.lower()
        out = directory.parent / f"revised{'.docx' if suffix not in ('.txt', '.md') else suffix}"
        written = documents.write_revised_document(directory, out)
        data = out.read_bytes()
        keys = sorted({e for e in _edit_keys(files.yaml)})
    if written.changes == 0:
        raise InputError("没有可应用的修改", fix="请先为采纳的意见添加修改，或添加起草单位自行修改")
    with store.write() as conn:
        member(conn, actor, review_id, "decide")
        base = q.base_version(conn, review_id)
        assert base is not None
        sha = q.put_blob(conn, data)
        v = q.add_version(conn, review_id, kind="revision", base_number=base["number"], blob=sha,
                          filename=f"draft{out.suffix}", original_name="", applied=keys,
                          note=note or f"应用{written.changes}处修改", created_by=actor.user_id)  # fmt: skip
        audit(conn, actor, "version.apply", "version", v["id"], review_id, None,
              {"number": v["number"], "base_number": base["number"], "applied": keys, "changes": written.changes})  # fmt: skip
    return int(v["number"])


def _edit_keys(yaml_text: str) -> list[str]:
    import yaml

    data = yaml.safe_load(yaml_text) or {}
    return [str(e["id"]) for e in data.get("edits") or []]


# -- compare two versions ------------------------------------------------------------------------


def _line_rows(lay: Layout, part_id: str, marks: list[tuple[int, int, int]]) -> list[dict[str, Any]]:
    """Lines of a part that hold a changed character, with the changed stretches marked."""
    from caina.services.desk.drafts import line_locator

    rows = []
    for line in lay.lines:
        if line.part_id != part_id:
            continue
        pieces: list[tuple[bool, str]] = []
        changed = False
        text = lay.draft.part(part_id).blocks[line.block_index].text
        for seg in line.segments:
            pos = seg.start
            for block, a, b in marks:
                if block != line.block_index or b <= seg.start or a >= seg.end:
                    continue
                a, b = max(a, seg.start), min(b, seg.end)
                if a > pos:
                    pieces.append((False, text[pos:a]))
                pieces.append((True, text[a:b]))
                pos = b
                changed = True
            if pos < seg.end:
                pieces.append((False, text[pos : seg.end]))
        if changed or any(block == line.block_index and a == b and line.covers(block, a) for block, a, b in marks):
            rows.append({"locator": line_locator(lay, line), "page": line.page, "pieces": pieces})
    return rows


def compare(store: Store, actor: Actor, review_id: int, a: int, b: int) -> dict[str, Any]:
    """Two versions side by side: per part, the lines that differ, each with its locator in its own version."""
    import fast_diff_match_patch as dmp

    with store.read() as conn:
        member(conn, actor, review_id, "view")
        va, vb = drafts.version(conn, review_id, a), drafts.version(conn, review_id, b)
    parts = []
    for part in va.draft.parts:
        if not vb.draft.has_part(part.id):
            continue
        other = vb.draft.part(part.id)
        sep = "\n"
        old = sep.join(bl.text for bl in part.blocks)
        new = sep.join(bl.text for bl in other.blocks)
        marks_a: list[tuple[int, int, int]] = []
        marks_b: list[tuple[int, int, int]] = []
        ia = ib = 0
        for op, text in _ops(dmp.diff(old, new, counts_only=False)):
            if op in ("=", "-"):
                if op == "-":
                    marks_a += _to_blocks(old, ia, ia + len(text))
                ia += len(text)
            if op in ("=", "+"):
                if op == "+":
                    marks_b += _to_blocks(new, ib, ib + len(text))
                ib += len(text)
        if marks_a or marks_b:
            parts.append({"part": part.label, "a": _line_rows(va.layout, part.id, marks_a),
                          "b": _line_rows(vb.layout, part.id, marks_b)})  # fmt: skip
    return {"a": a, "b": b, "parts": parts}


def _to_blocks(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """A range of the joined part text as (block, start, end) ranges of its blocks."""
    out = []
    block, base = 0, 0
    for i, para in enumerate(text.split("\n")):
        block = i
        lo, hi = base, base + len(para)
        a, b = max(start, lo), min(end, hi)
        if a < b or (start == end and lo <= start <= hi):
            out.append((block, a - lo, b - lo))
        base = hi + 1
    return out


# -- 意见汇总表 and feedback -----------------------------------------------------------------------


def summary_rows(store: Store, actor: Actor, review_id: int) -> list[dict[str, Any]]:
    with store.read() as conn:
        member(conn, actor, review_id, "report")
        rows = [r for r in q.opinions_of(conn, review_id)]
        edits = {int(e["id"]): e for e in q.edits_of(conn, review_id)}
        links: dict[int, list[str]] = {}
        for link in q.links_of(conn, review_id):
            links.setdefault(int(link["opinion_id"]), []).append(str(edits[link["edit_id"]]["key"]))
        numbers = {int(r["id"]): r["number"] for r in rows}
        return [{
            "number": r["number"], "unit": r["unit"], "recorded": bool(r["recorded"]),
            "target": locator_of(conn, r) or ("原文已不在当前稿中" if r["anchor_status"] == "orphaned" else ""),
            "quote": r["quote"], "text": r["text"], "proposed": r["proposed"],
            "status": "已撤回" if r["status"] == "withdrawn" else "有效",
            "decision": DECISION_LABELS.get(r["disposition"], r["disposition"]),
            "duplicate_of": numbers.get(r["duplicate_of"]) if r["duplicate_of"] else None,
            "reason": r["reason"], "edits": "、".join(links.get(int(r["id"]), [])),
            "created_at": r["created_at"], "decided_at": r["decided_at"],
        } for r in rows]  # fmt: skip


def summary_xlsx(store: Store, actor: Actor, review_id: int) -> bytes:
    from caina.io.summary_xlsx import summary_to_xlsx

    with store.read() as conn:
        review = q.review(conn, review_id)
    assert review is not None
    return summary_to_xlsx(str(review["title"]), summary_rows(store, actor, review_id))


def feedback(store: Store, actor: Actor, review_id: int, unit: str = "") -> dict[str, Any]:
    """How each opinion of a unit was handled (the 反馈 owed to every unit): decision, reason and the
    report's own sentence for it when the report can be written."""
    from caina import services
    from caina.core.report import Narrator, ReportSettings, decision_text

    with store.read() as conn:
        m = member(conn, actor, review_id, "view")
        if m.role == "reviewer":
            unit = m.unit
        elif m.role == "recorder":
            m.require("report")
        units = sorted({str(r["unit"]) for r in q.opinions_of(conn, review_id)})
        rows = [r for r in q.opinions_of(conn, review_id) if not unit or r["unit"] == unit]
        items = [{"id": r["id"], "number": r["number"], "text": r["text"], "quote": r["quote"],
                  "locator": locator_of(conn, r), "status": r["status"], "decision": r["disposition"],
                  "decision_label": DECISION_LABELS.get(r["disposition"], r["disposition"]), "reason": r["reason"],
                  "sentence": ""} for r in rows]  # fmt: skip
        files = case_files(conn, review_id)
    try:
        with tempfile.TemporaryDirectory(prefix="caina-case-") as tmp:
            case = services.load_case(write_case(files, Path(tmp) / "case"))
            placed = services.plan(case)
            n = Narrator(case.draft, case.layout, case.record, placed, ReportSettings())
            by_number = {op.number: op for op in case.record.opinions}
            for item in items:
                number = files.numbers.get(int(item["id"]))
                op = by_number.get(number) if number else None
                if op is not None and item["decision"] != "pending":
                    item["sentence"] = decision_text(n, op)
    except CainaError:
        pass  # the decisions are shown without the report's sentence until the record is complete
    return {"unit": unit, "units": units if m.role != "reviewer" else [unit], "items": items}
