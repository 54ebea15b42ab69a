"""Public consultations (公开征求意见): import, analyse (group + attribute), count; the one-shot pipeline;
synthetic sets.

The store is behind :class:`CommentStore` (the methods of :class:`caina.store.consult.ConsultStore` this
module uses), so a test or another backend can stand in. Analysis reads comments as Arrow record batches and
runs :func:`analyse_batch` on each — in this process, or on a Dask cluster (``dask=`` a scheduler address, or
a ``distributed.Client``) — then the global grouping step once.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pyarrow as pa

from caina.core.consult.attribute import Attributor
from caina.core.consult.grouping import GroupingSettings, group_labels
from caina.core.consult.partition import PartitionResult, analyse_partition
from caina.core.consult.summary import UNIT_SEPARATOR, build_stats, number_groups, split_units
from caina.core.consult.synth import COLUMNS, TRUTH_COLUMNS, SynthSettings, Vocabulary, generate
from caina.core.consult.units import GENERAL, Units, draft_units
from caina.core.layout import layout
from caina.core.locators import locate_text
from caina.core.pages import Layout, Span
from caina.errors import CainaError, InputError, ToolMissingError
from caina.io.comments import MAX_CHARS, MAX_REJECTS, CommentReader, Rejected, describe_encoding
from caina.io.drafts import read_draft
from caina.io.files import atomic_write_text

__all__ = [
    "CommentStore", "ImportReport", "Analysis", "DEFAULT_DB", "import_comments", "analyse", "stats", "run",
    "synth", "open_store", "analyse_batch", "Draft", "load_draft", "Consultation", "resolve", "attach", "summary",
    "decide", "decide_file", "report_facts", "facts_resolver",
]  # fmt: skip

DEFAULT_DB = "sqlite:///caina.db"  # the default of the database_url setting (caina.settings)
BATCH = 50_000  # comments per partition
Progress = Callable[[str, float], None]  # (what, 0..1)


def _quiet(_what: str, _done: float) -> None:
    pass


class CommentStore(Protocol):
    """What the pipeline needs of a store (see :class:`caina.store.consult.ConsultStore`)."""

    def importing(self, review: str, source: str, review_id: int | None = None) -> Any: ...
    def batches(self, review: str, size: int = ...) -> Iterator[pa.RecordBatch]: ...
    def count(self, review: str) -> int: ...
    def save_results(self, review: str, rows: Any, group_rows: Any, *, draft: str, draft_title: str, analysed: int, distinct: int,
                     unit_order: Any = ()) -> None: ...
    def assignments(self, review: str, size: int = ...) -> Iterator[list[tuple[str, int, str, str]]]: ...
    def aggregates(self, review: str, top: int | None) -> dict[str, Any]: ...
    def review_info(self, review: str) -> dict[str, Any] | None: ...
    def rejected_rows(self, review: str, limit: int | None = None) -> list[dict[str, Any]]: ...
    def consultation_of(self, review_id: int) -> str | None: ...
    def desk_review(self, review_id: int) -> dict[str, Any] | None: ...
    def close(self) -> None: ...


def database_url(db: str | None = None) -> str:
    """The database of a command: ``--db``, else ``CAINA_DATABASE_URL``, else caina.db — as the web app's."""
    from caina import settings

    return db or settings.get("database_url")


def open_store(url: str | None = None, *, throwaway: bool = False) -> Any:
    """The consultation store on ``url`` (default :func:`database_url`), migrated by the store's Alembic chain."""
    from caina.store.consult import open_store as _open

    return _open(database_url(url), throwaway=throwaway)


@dataclass(frozen=True)
class Consultation:
    """A consultation as the commands name it: its name in the store, and the desk review it belongs to."""

    name: str
    review_id: int | None = None


def resolve(store: CommentStore, review: str) -> Consultation:
    """What ``REVIEW`` of ``caina consult … REVIEW`` names: a consultation of that name; else, when it is a
    number, the consultation of that desk review (a new one belongs to it when the review exists); else a
    new consultation of that name."""
    review = str(review).strip()
    if not review:
        raise InputError("征求意见的名称为空", fix="请写出名称（如 绿化条例），或审议平台中审议的编号（如 3）")
    if len(review) > 200:
        raise InputError("征求意见的名称过长（超过200字）", fix="请用一个简短的名称，如 绿化条例")
    info = store.review_info(review)
    if info is not None:
        rid = info.get("review_id")
        return Consultation(review, int(rid) if rid is not None else None)
    if review.isdigit():
        rid = int(review)
        name = store.consultation_of(rid)
        if name is not None:
            return Consultation(name, rid)
        if store.desk_review(rid) is not None:
            return Consultation(review, rid)
    return Consultation(review, None)


def attach(store: Any, review: str, review_id: int | None) -> Consultation:
    """Make consultation ``review`` belong to desk review ``review_id`` (None: to none); its report and the web
    page of that review then include it."""
    c = resolve(store, review)
    if store.review_info(c.name) is None:
        raise InputError(f"没有名为“{c.name}”的征求意见", fix=f"请先运行 caina consult import {c.name} 意见文件.csv")
    if review_id is not None:
        desk = store.desk_review(review_id)
        if desk is None:
            raise InputError(f"数据库中没有编号为 {review_id} 的审议", fix="请核对审议编号（审议平台“概况”页的地址中的数字）")
        other = store.consultation_of(review_id)
        if other is not None and other != c.name:
            raise InputError(f"审议 {review_id} 已关联征求意见“{other}”",
                             fix=f"一个审议只关联一次征求意见；如要改为“{c.name}”，请先运行 caina consult attach {other} --detach")  # fmt: skip
    store.attach(c.name, review_id)
    return Consultation(c.name, review_id)


# ---------------------------------------------------------------------------------------------- import
@dataclass
class ImportReport:
    path: Path
    kind: str
    encoding: str
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    repeated: int = 0
    rejected: list[Rejected] = field(default_factory=list)  # the first ones, to show
    rejected_count: int = 0
    notes: list[str] = field(default_factory=list)
    consultation: Consultation | None = None


def import_comments(
    store: CommentStore,
    review: str,
    path: Path,
    *,
    encoding: str | None = None,
    max_chars: int = MAX_CHARS,
    max_rejects: int = MAX_REJECTS,
    progress: Progress = _quiet,
    batch: int = 20_000,
    show_rejects: int = 20,
) -> ImportReport:
    """Stream ``path`` into the store as the comments of ``review`` — all of it or nothing."""
    consultation = resolve(store, review)
    review = consultation.name
    reader = CommentReader(path, encoding=encoding, max_chars=max_chars, max_rejects=max_rejects)
    report = ImportReport(path=Path(path), kind=reader.kind, encoding=describe_encoding(reader.encoding) if reader.encoding else "")
    report.consultation = consultation
    good: list[Any] = []
    bad: list[tuple[int, str, str, str]] = []
    with store.importing(review, Path(path).name, consultation.review_id) as job, _Writer(job.stage) as writer:
        for item in reader.rows():
            if type(item) is Rejected:
                bad.append((item.row, item.column, item.problem, item.raw))
                if len(report.rejected) < show_rejects:
                    report.rejected.append(item)
                continue
            good.append(item)
            if len(good) >= batch:
                writer.put(good)  # the database writes while the next rows are read (sqlite3 releases the GIL)
                good = []
                progress("读取并写入意见", reader.progress)
        if good:
            writer.put(good)
        writer.close()
        if bad:
            job.reject(bad)
        progress("检查重复编号、写入数据库", 1.0)
        counts = job.finish()
    report.notes = list(reader.notes)
    report.read, report.new, report.updated = counts.read, counts.new, counts.updated
    report.unchanged, report.repeated, report.rejected_count = counts.unchanged, counts.repeated, counts.rejected
    if counts.rejected > len(bad):  # ids repeated with other content: the store set those aside
        report.rejected.extend(
            Rejected(int(r["source_row"]), str(r["column_name"]), str(r["problem"]), str(r["raw"]))
            for r in store.rejected_rows(review)[len(bad) : len(bad) + max(0, show_rejects - len(report.rejected))]
        )
    return report


class _Writer:
    """Stages batches on a thread of its own, one batch ahead of the reader; an error in either stops both."""

    def __init__(self, stage: Callable[[Any], None]) -> None:
        import queue
        import threading

        self._stage = stage
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._closed = False

    def __enter__(self) -> _Writer:
        self._thread.start()
        return self

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            if self._error is None:
                try:
                    self._stage(item)
                except BaseException as exc:  # noqa: BLE001 - handed to the reading thread, raised there
                    self._error = exc

    def put(self, rows: Any) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(rows)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._queue.put(None)
            self._thread.join()
        if self._error is not None:
            raise self._error

    def __exit__(self, *exc: object) -> None:
        if not self._closed:
            self._closed = True
            self._queue.put(None)
            self._thread.join()


# ---------------------------------------------------------------------------------------------- draft
@dataclass(frozen=True)
class Draft:
    path: Path
    title: str
    units: Units
    layout: Layout
    attributor: Attributor


def load_draft(path: Path) -> Draft:
    d = read_draft(Path(path))
    lay = layout(d)
    units = draft_units(d)
    return Draft(Path(path), d.title, units, lay, Attributor(units, lay))


def desk_draft(store: Any, review_id: int) -> Draft:
    """The draft of desk review ``review_id`` as the desk shows it: its current base version (the newest 送审稿),
    laid out as its pages are (page/line locators in comments resolve against them)."""
    from caina.services.desk import drafts

    with store.store.read() as conn:
        v = drafts.version(conn, review_id)
    units = draft_units(v.draft)
    return Draft(Path(f"审议{review_id}") / f"第{v.number}版-{v.filename}", v.draft.title, units, v.layout, Attributor(units, v.layout))


# ---------------------------------------------------------------------------------------------- analysis
def analyse_batch(
    batch: pa.RecordBatch, attributor: Attributor, settings: GroupingSettings, timings: dict[str, float] | None = None
) -> PartitionResult:
    """The partition step on one Arrow record batch (columns text, clause): what a Dask worker runs."""
    texts = batch.column("text").to_pylist()
    clauses = batch.column("clause").to_pylist() if "clause" in batch.schema.names else None
    return analyse_partition(texts, attributor, settings, clauses, timings)


@dataclass(frozen=True)
class Analysis:
    comments: int
    distinct: int
    groups: int
    campaigns: int
    duplicates: int
    by_how: dict[str, int]
    seconds_partitions: float
    seconds_grouping: float
    seconds_saving: float


def _client(dask: Any) -> tuple[Any, bool]:
    if dask is None:
        return None, False
    if not isinstance(dask, str):
        return dask, False
    try:
        from distributed import Client
    except ImportError:
        raise ToolMissingError(
            "未安装 Dask，无法使用 --dask",
            fix="请安装可选依赖：pip install 'caina[dask]'（或 pip install 'dask[distributed]'）",
        ) from None
    try:
        return Client(dask, timeout="20s"), True
    except (OSError, TimeoutError) as exc:
        raise InputError(f"无法连接 Dask 调度器：{exc}", where=dask, fix="请确认调度器地址（如 tcp://127.0.0.1:8786）且调度器已启动") from None


_WORKER: dict[str, Any] = {}


def _init_worker(attributor: Attributor, settings: GroupingSettings) -> None:
    _WORKER["attributor"], _WORKER["settings"] = attributor, settings


def _work(batch: pa.RecordBatch) -> tuple[PartitionResult, dict[str, float]]:
    timings: dict[str, float] = {}
    return analyse_batch(batch, _WORKER["attributor"], _WORKER["settings"], timings), timings


def default_workers(total: int) -> int:
    """Local worker processes for ``total`` comments: one per core (at most 4), one for small consultations
    (a worker takes about a second to start)."""
    return 1 if total < 2 * BATCH else max(1, min(4, os.cpu_count() or 1))


def _local_pool(
    store: CommentStore, review: str, draft: Draft, settings: GroupingSettings, workers: int, progress: Progress,
    total: int, timings: dict[str, float] | None,
) -> Iterator[tuple[pa.RecordBatch, PartitionResult]]:
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    done = 0
    context = multiprocessing.get_context("spawn")  # no fork of a process with threads (the progress bar)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(draft.attributor, settings)) as pool:
        pending: list[tuple[pa.RecordBatch, Future[tuple[PartitionResult, dict[str, float]]]]] = []

        def drain(keep: int) -> Iterator[tuple[pa.RecordBatch, PartitionResult]]:
            nonlocal done
            while len(pending) > keep:
                meta, fut = pending.pop(0)
                result, spent = fut.result()
                if timings is not None:
                    for k, v in spent.items():
                        timings[k] = timings.get(k, 0.0) + v / workers  # wall time: the workers ran side by side
                done += meta.num_rows
                progress(f"归一化、引文识别、计算 MinHash 签名（{workers}个进程）", done / max(1, total))
                yield meta, result

        for batch in store.batches(review, BATCH):
            pending.append((batch.select(["seq", "comment_id"]), pool.submit(_work, batch.select(["text", "clause"]))))
            yield from drain(2 * workers)
        yield from drain(0)


def _partitions(
    store: CommentStore, review: str, draft: Draft, settings: GroupingSettings, dask: Any, progress: Progress, total: int,
    timings: dict[str, float] | None, workers: int,
) -> Iterator[tuple[pa.RecordBatch, PartitionResult]]:
    client, own = _client(dask)
    done = 0
    if client is None and workers > 1:
        yield from _local_pool(store, review, draft, settings, workers, progress, total, timings)
        return
    if client is None:
        for batch in store.batches(review, BATCH):
            result = analyse_batch(batch, draft.attributor, settings, timings)
            done += batch.num_rows
            progress("归一化、引文识别、计算 MinHash 签名", done / max(1, total))
            yield batch, result
        return
    try:
        from distributed import wait

        shared = client.scatter(draft.attributor, broadcast=True)
        in_flight: list[tuple[pa.RecordBatch, Any]] = []
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        for batch in store.batches(review, BATCH):
            meta = batch.select(["seq", "comment_id"])
            data = client.scatter(batch.select(["text", "clause"]))  # the data goes to a worker, not into the graph
            in_flight.append((meta, client.submit(analyse_batch, data, shared, settings, pure=False)))
            while len(in_flight) > 2 * workers:  # bounded: the client never holds the whole consultation
                meta0, fut = in_flight.pop(0)
                wait([fut])
                done += meta0.num_rows
                progress("在 Dask 集群上计算（归一化、引文、签名）", done / max(1, total))
                yield meta0, fut.result()
        for meta0, fut in in_flight:
            done += meta0.num_rows
            result = fut.result()
            progress("在 Dask 集群上计算（归一化、引文、签名）", done / max(1, total))
            yield meta0, result
    finally:
        if own:
            client.close()


def analyse(
    store: CommentStore,
    review: str,
    draft: Draft | None = None,
    *,
    settings: GroupingSettings | None = None,
    dask: Any = None,
    progress: Progress = _quiet,
    timings: dict[str, float] | None = None,
    workers: int | None = None,
) -> Analysis:
    """Group and attribute every comment of ``review`` against ``draft`` (default: the draft of the desk review
    the consultation belongs to); store the results.

    ``timings`` (single process only) accumulates per-step seconds: read, normalise, attribute, signatures,
    lsh, summary, save."""
    import time

    consultation = resolve(store, review)
    review = consultation.name
    if draft is None:
        if consultation.review_id is None:
            raise InputError(
                f"请用 --draft 指明“{review}”征求意见的草案",
                fix=f"例如 caina consult analyse {review} --draft 草案.docx（属于审议平台中某个审议的征求意见可省略，使用该审议的送审稿）",
            )
        draft = desk_draft(store, consultation.review_id)
    settings = settings or GroupingSettings()
    total = store.count(review)
    if total == 0:
        raise InputError(f"审议“{review}”还没有导入任何意见", fix=f"请先运行 caina consult import {review} 意见文件.csv")
    t0 = time.perf_counter()
    seqs: list[np.ndarray[Any, Any]] = []
    ids: list[str] = []
    keys: list[np.ndarray[Any, Any]] = []
    sigs: list[np.ndarray[Any, Any]] = []
    eligible: list[np.ndarray[Any, Any]] = []
    unit_codes: list[np.ndarray[Any, Any]] = []
    hows: list[np.ndarray[Any, Any]] = []
    code_of: dict[tuple[int, ...], int] = {}
    how_code = {"cited": 0, "quoted": 1, "similar": 2, "general": 3}
    workers = default_workers(total) if workers is None else max(1, workers)
    for batch, result in _partitions(store, review, draft, settings, dask, progress, total, timings, workers):
        seqs.append(batch.column("seq").to_numpy())
        ids.extend(batch.column("comment_id").to_pylist())
        keys.append(result.keys)
        sigs.append(result.sig)
        eligible.append(result.eligible)
        unit_codes.append(np.fromiter((code_of.setdefault(u, len(code_of)) for u in result.units), dtype=np.int64, count=len(result)))
        hows.append(np.fromiter((how_code[h] for h in result.how), dtype=np.int8, count=len(result)))
    t1 = time.perf_counter()
    progress("归并：完全相同与近似重复（LSH）", 0.0)
    all_keys = np.concatenate(keys)
    labels = group_labels(all_keys, np.concatenate(sigs), np.concatenate(eligible), settings)
    del sigs
    t_lsh = time.perf_counter()
    codes = np.concatenate(unit_codes)
    table = number_groups(labels, all_keys, codes)
    t2 = time.perf_counter()
    progress("保存归并与归属结果", 0.0)
    label_of = {code: UNIT_SEPARATOR.join(draft.units.labels(units)) or GENERAL for units, code in code_of.items()}
    how_name = {v: k for k, v in how_code.items()}
    all_seq = np.concatenate(seqs)
    all_how = np.concatenate(hows)
    rows = zip(all_seq.tolist(), ids, table.group_no.tolist(), (label_of[c] for c in codes.tolist()),
               (how_name[h] for h in all_how.tolist()), strict=True)  # fmt: skip
    group_rows = zip(
        range(1, table.count + 1), table.size.tolist(), table.kind, all_seq[table.representative].tolist(),
        (label_of[c] for c in table.unit_code.tolist()), strict=True,
    )  # fmt: skip
    distinct = len(np.unique(all_keys))
    store.save_results(review, rows, group_rows, draft=str(draft.path), draft_title=draft.title, analysed=total, distinct=distinct,
                       unit_order=[u.label for u in draft.units.units])  # fmt: skip
    t3 = time.perf_counter()
    if timings is not None:
        inside = sum(timings.get(k, 0.0) for k in ("normalise", "attribute", "signatures"))
        timings["read"] = max(0.0, (t1 - t0) - inside) if dask is None else 0.0
        timings["lsh"] = t_lsh - t1
        timings["summary"] = t2 - t_lsh
        timings["save"] = t3 - t2
    kinds = table.kind
    return Analysis(
        comments=total,
        distinct=distinct,
        groups=table.count,
        campaigns=sum(1 for k in kinds if k == "campaign"),
        duplicates=sum(1 for k in kinds if k == "duplicate"),
        by_how={name: int((all_how == code).sum()) for name, code in how_code.items()},
        seconds_partitions=t1 - t0,
        seconds_grouping=t2 - t1,
        seconds_saving=t3 - t2,
    )


# ---------------------------------------------------------------------------------------------- stats
def stats(store: CommentStore, review: str, *, top: int | None = 20, allow_stale: bool = False) -> dict[str, Any]:
    """The published statistics of ``review`` (the JSON shape of the issue, plus a few more keys)."""
    review = resolve(store, review).name
    info = store.review_info(review)
    if info is None or info.get("analysed_at") is None:
        if store.count(review) == 0:
            raise InputError(f"没有名为“{review}”的征求意见（尚未导入任何意见）", fix=f"请先运行 caina consult import {review} 意见文件.csv")
        raise InputError(f"“{review}”的意见尚未归并和归属", fix=f"请先运行 {_analyse_command(review, info)}")
    if info.get("stale") and not allow_stale:
        raise InputError(f"“{review}”在上次归并之后又导入了意见，统计会不准确", fix=f"请重新运行 {_analyse_command(review, info)}")
    aggregates = store.aggregates(review, top)
    order = tuple(info.get("unit_order") or ()) or _unit_order(str(info.get("draft") or ""))
    return build_stats(aggregates, distinct=int(info.get("distinct_texts") or 0), unit_order=order, top=top)


def _analyse_command(review: str, info: dict[str, Any] | None) -> str:
    if info and info.get("review_id") is not None:
        return f"caina consult analyse {review}（使用所属审议的送审稿）"
    draft = str((info or {}).get("draft") or "") or "草案.docx"
    return f"caina consult analyse {review} --draft {draft}"


@cache
def _unit_order_cached(path: str, mtime: float) -> tuple[str, ...]:
    return tuple(u.label for u in draft_units(read_draft(Path(path))).units)


def _unit_order(path: str) -> tuple[str, ...]:
    try:
        return _unit_order_cached(path, Path(path).stat().st_mtime)
    except (OSError, CainaError):
        return ()  # the draft moved: labels are then ordered by name


def write_assignments(store: CommentStore, review: str, path: Path) -> int:
    """One CSV row per comment: id,group,articles,how (articles joined by "、"). Written atomically."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    n = 0
    try:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(("id", "group", "articles", "how"))
            for rows in store.assignments(review):
                w.writerows(rows)
                n += len(rows)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return n


def write_json(data: dict[str, Any], path: Path) -> Path:
    return atomic_write_text(Path(path), json.dumps(data, ensure_ascii=False, indent=1) + "\n")


# ---------------------------------------------------------------------------------------------- summary, decisions
def summary(store: Any, review: str) -> dict[str, Any]:
    """The statistics of the last analysis (the 20 largest groups), computed once and kept in the store until
    the next import or analysis — what the web page and the report read."""
    review = resolve(store, review).name
    info = store.review_info(review)
    cached = store.cached_stats(review) if info and not info.get("stale") else None
    if cached is not None:
        return cached
    data = stats(store, review, top=20)
    store.cache_stats(review, data, info["analysed_at"] if info else None)
    return data


# the words a decision may be given in: caina's vocabulary (adopted …), its labels (全部采纳 …) and the report's
# wordings (予以采纳, 暂不采纳 …: caina.core.decisions.parse_disposition), 重复 / duplicate, 待定 / pending (undo)
DECISION_HELP = "adopted（采纳）、partially_adopted（部分采纳）、not_adopted（不予采纳）、already_reflected（已有体现）、referred（转有关部门研究）、duplicate（重复）；pending（待定）撤销决定"  # noqa: E501


DECISION_LABELS = {"adopted": "全部采纳", "partially_adopted": "部分采纳", "not_adopted": "不予采纳", "already_reflected": "已有体现",
                   "referred": "转有关部门研究", "duplicate": "重复意见", "pending": "待定"}  # fmt: skip


def group_rows(store: Any, review: str, *, article: str = "", limit: int | None = 50, after: int = 0, min_size: int = 1) -> list[dict[str, Any]]:
    """Groups largest first (after group ``after``), about ``article`` if given, with their decisions."""
    c = resolve(store, review)
    _analysed(store, c.name, deciding=False)
    decided = decided_groups(store, c.name)
    rows = store.group_page(c.name, unit=article.strip(), after=after, limit=limit if limit else 10**9, min_size=min_size)
    out = []
    for g in rows:
        d = decided.get(int(g["group_no"]))
        out.append({"group": int(g["group_no"]), "size": int(g["size"]), "kind": str(g["kind"]),
                    "articles": split_units(str(g["units"])), "representative": str(g["representative"]),
                    "representative_seq": int(g["representative_seq"]),
                    "decision": str(d["disposition"]) if d else "", "reason": str(d["reason"] or "") if d else "",
                    "duplicate_of": int(d["duplicate_of"]) if d and d["duplicate_of"] is not None else None,
                    "version": int(d["version"]) if d else 0})  # fmt: skip
    return out


def parse_decision(word: str) -> str:
    """A decision word as caina's vocabulary value (``pending`` undoes a decision)."""
    from caina.core.decisions import is_duplicate_word, parse_disposition

    w = (word or "").strip()
    if w.lower() in ("adopted", "partially_adopted", "not_adopted", "already_reflected", "referred", "duplicate", "pending"):
        return w.lower()
    if w in ("待定", "未决定", "撤销"):
        return "pending"
    if w and is_duplicate_word(w):
        return "duplicate"
    d = parse_disposition(w) if w else None
    if d is None:
        raise InputError(f"采纳情况“{w}”无法识别" if w else "没有写采纳情况", fix=f"请写 {DECISION_HELP}")
    return d.value


@dataclass(frozen=True)
class GroupDecision:
    group: int
    decision: str  # caina's vocabulary; pending: none
    reason: str
    duplicate_of: int | None
    version: int  # 0: no decision
    decided_by: str = ""
    decided_at: Any = None


def decided_groups(store: Any, review: str) -> dict[int, dict[str, Any]]:
    """The decision of each group that has one (group number → the decision row). A group that holds the anchors
    of several decisions (groups merged by a new analysis) takes the newest."""
    out: dict[int, dict[str, Any]] = {}
    for d in store.decisions(review):  # oldest first: the newest wins
        if d["group_no"] is not None:
            out[int(d["group_no"])] = d
    return out


def _analysed(store: Any, review: str, *, deciding: bool = True) -> dict[str, Any]:
    info = store.review_info(review)
    if info is None and store.count(review) == 0:
        raise InputError(f"没有名为“{review}”的征求意见（尚未导入任何意见）", fix=f"请先运行 caina consult import {review} 意见文件.csv")
    if info is None or info.get("analysed_at") is None:
        raise InputError(f"“{review}”的意见尚未归并", fix=f"请先运行 {_analyse_command(review, info)}")
    if info.get("stale") and deciding:
        raise InputError(f"“{review}”在上次归并之后又导入了意见，组号可能已经改变",
                         fix=f"请先重新运行 {_analyse_command(review, info)}，再按组作出采纳决定")  # fmt: skip
    return info


def _decision_values(store: Any, review: str, group: dict[str, Any], decision: str, reason: str, duplicate_of: int | None) -> dict[str, Any]:
    from caina.core.decisions import Disposition

    reason = (reason or "").strip()
    if len(reason) > 5000:
        raise InputError(f"理由过长（{len(reason)}字）", fix="请控制在5000字以内")
    values: dict[str, Any] = {"disposition": decision, "reason": reason, "duplicate_of_seq": None}
    if decision == "duplicate":
        if not duplicate_of:
            raise InputError(f"第{group['group_no']}组标为重复，须写明与哪一组重复", fix="请给出那一组的组号（--duplicate-of 组号）")
        other = store.group(review, int(duplicate_of))
        if other is None or other["group_no"] == group["group_no"]:
            raise InputError(f"第{duplicate_of}组不存在或就是本组", fix="请给出本次征求意见中另一组的组号")
        theirs = decided_groups(store, review).get(int(duplicate_of))
        if theirs is not None and theirs["disposition"] == "duplicate":
            raise InputError(f"第{duplicate_of}组本身已标为重复", fix="请指向最先提出该意见的那一组")
        values["duplicate_of_seq"] = int(other["representative_seq"])
    elif Disposition(decision).requires_reason and not reason:
        raise InputError(f"“{Disposition(decision).label}”的意见必须写明理由", fix="请填写理由后再保存")
    return values


def decide(
    store: Any,
    review: str,
    group_no: int,
    decision: str,
    reason: str = "",
    *,
    duplicate_of: int | None = None,
    version: int | None = None,
    actor: Any = None,
    by: str = "",
) -> GroupDecision:
    """Record the office's decision on group ``group_no`` (``pending`` removes it). ``version``: the decision's
    version the caller saw (0: none) — another save in between is a 409 with the decision as it is now; None
    (the CLI) saves over whatever is there. ``actor``: the web user (audited), else ``by`` names who decided."""
    from caina.errors import NotFoundError, StaleVersionError

    c = resolve(store, review)
    review = c.name
    decision = parse_decision(decision)
    _analysed(store, review)
    group = store.group(review, int(group_no))
    if group is None:
        raise NotFoundError(f"“{review}”没有第{group_no}组", fix="组号见 caina consult stats 或征求意见页面")
    values = None if decision == "pending" else _decision_values(store, review, group, decision, reason, duplicate_of)
    with store.store.write() as conn:
        current = decided_groups_in(store, conn, review, int(group_no))
        anchor = int(current["anchor_seq"]) if current else int(group["representative_seq"])
        seen = int(current["version"]) if current else 0
        if version is not None and version != seen:
            raise StaleVersionError(f"第{group_no}组的采纳决定已被他人修改（现为第{seen}版）",
                                    current=_view(group_no, current), fix="请查看最新的决定后重新保存")  # fmt: skip
        if values is None:
            if current:
                store.delete_decision(conn, review, anchor)
            row = None
        else:
            values["decided_by"] = getattr(actor, "user_id", None)
            values["decided_by_name"] = (getattr(actor, "name", "") or by or "命令行")[:200]
            row = store.put_decision(conn, review, anchor, values, seen)
            if row is None:
                raise StaleVersionError(f"第{group_no}组的采纳决定已被他人修改", fix="请刷新后重新保存")
        if actor is not None:
            from caina.services.desk.access import audit

            audit(conn, actor, "consult.decide", "consult_group", int(group_no), c.review_id, _view(group_no, current), _view(group_no, row))
    return _decision(group_no, row)


def decided_groups_in(store: Any, conn: Any, review: str, group_no: int) -> dict[str, Any] | None:
    """The decision of one group, read in ``conn``'s transaction (the newest of its anchors)."""
    return store.group_decision(conn, review, group_no)  # type: ignore[no-any-return]


def _view(group_no: int, row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"group": group_no, "decision": row["disposition"], "reason": row["reason"], "version": row["version"]}


def _decision(group_no: int, row: dict[str, Any] | None) -> GroupDecision:
    if row is None:
        return GroupDecision(group_no, "pending", "", None, 0)
    return GroupDecision(group_no, str(row["disposition"]), str(row["reason"]), None, int(row["version"]),
                         str(row.get("decided_by_name") or ""), row.get("decided_at"))  # fmt: skip


_DECIDE_COLUMNS = {
    "group": ("group", "组", "组号", "编号"),
    "decision": ("decision", "采纳情况", "决定", "处理意见"),
    "reason": ("reason", "理由", "说明"),
    "duplicate_of": ("duplicate_of", "重复", "与哪组重复", "重复组"),
}


@dataclass(frozen=True)
class DecideReport:
    saved: int
    removed: int
    counts: dict[str, int]


def decide_file(store: Any, review: str, path: Path, *, by: str = "") -> DecideReport:
    """Decisions for many groups from a CSV (columns group, decision, reason[, duplicate_of]; or 组号, 采纳情况,
    理由[, 重复]): every row checked first, then all saved in one transaction — or none, with the rows at fault."""
    from caina.io.textfile import decode, read_limited

    c = resolve(store, review)
    review = c.name
    _analysed(store, review)
    path = Path(path)
    text, _ = decode(read_limited(path, what="采纳决定文件", limit=20 * 1024 * 1024), where=str(path), what="采纳决定文件")
    try:
        rows = list(csv.reader(text.splitlines()))
    except csv.Error as exc:
        raise InputError(f"CSV 格式有误：{exc}", where=str(path), fix="请用 Excel 或 WPS 另存为“CSV UTF-8”") from None
    if not rows:
        raise InputError("采纳决定文件是空的", where=str(path), fix="第一行写表头：group,decision,reason")
    header = [h.strip().lower() for h in rows[0]]
    index: dict[str, int] = {}
    for key, names in _DECIDE_COLUMNS.items():
        for i, h in enumerate(header):
            if h in names:
                index[key] = i
    missing = [k for k in ("group", "decision") if k not in index]
    if missing:
        raise InputError(f"缺少必需的列：{'、'.join(missing)}", where=f"{path} 第1行",
                         fix="表头写 group,decision,reason[,duplicate_of]（或 组号,采纳情况,理由[,重复]）")  # fmt: skip
    problems: list[str] = []
    planned: list[tuple[int, str, dict[str, Any] | None]] = []
    seen_groups: dict[int, int] = {}

    def cell(r: list[str], key: str) -> str:
        i = index.get(key)
        return r[i].strip() if i is not None and i < len(r) else ""

    for n, r in enumerate(rows[1:], 2):
        if not any(x.strip() for x in r):
            continue
        try:
            g = cell(r, "group").removeprefix("第").removesuffix("组")
            if not g.isdigit():
                raise InputError(f"组号“{cell(r, 'group')}”不是数字", fix="组号见 caina consult stats")
            group_no = int(g)
            if group_no in seen_groups:
                raise InputError(f"第{group_no}组在第{seen_groups[group_no]}行已有决定", fix="每组只写一行")
            seen_groups[group_no] = n
            group = store.group(review, group_no)
            if group is None:
                raise InputError(f"没有第{group_no}组", fix="组号见 caina consult stats 或征求意见页面")
            decision = parse_decision(cell(r, "decision"))
            dup = cell(r, "duplicate_of").removeprefix("第").removesuffix("组")
            values = None if decision == "pending" else _decision_values(
                store, review, group, decision, cell(r, "reason"), int(dup) if dup.isdigit() else None)
            planned.append((group_no, decision, values))
        except CainaError as exc:
            problems.append(f"第{n}行：{exc.message}" + (f"（{exc.fix}）" if exc.fix else ""))
    if problems:
        more = f"……另有{len(problems) - 20}行" if len(problems) > 20 else ""
        raise InputError(f"{len(problems)}行有问题，没有保存任何决定：" + "；".join(problems[:20]) + more, where=str(path),
                         fix="请改正这些行后重新运行")  # fmt: skip
    saved = removed = 0
    counts: dict[str, int] = {}
    with store.store.write() as conn:
        for group_no, decision, values in planned:
            current = decided_groups_in(store, conn, review, group_no)
            group = store.group(review, group_no)
            anchor = int(current["anchor_seq"]) if current else int(group["representative_seq"])
            if values is None:
                if current:
                    store.delete_decision(conn, review, anchor)
                    removed += 1
                continue
            values["decided_by_name"] = (by or "命令行")[:200]
            store.put_decision(conn, review, anchor, values, None)
            saved += 1
            counts[decision] = counts.get(decision, 0) + 1
    return DecideReport(saved, removed, counts)


def report_facts(store: Any, review: str) -> Any:
    """What the report's 公开征求意见情况 says, all from the store: the statistics, each decided group with its
    size now, and the largest groups (named when nothing is decided yet)."""
    from caina.core.consult.report import GroupFact, facts_from

    c = resolve(store, review)
    data = summary(store, c.name)
    decided = decided_groups(store, c.name)
    facts: list[Any] = []
    if decided:
        for g in store.group_page(c.name, groups_in=sorted(decided), limit=len(decided)):
            d = decided[int(g["group_no"])]
            facts.append(GroupFact(int(g["group_no"]), int(g["size"]), str(g["kind"]), tuple(split_units(str(g["units"]))),
                                   str(g["representative"]), str(d["disposition"]), str(d["reason"] or ""),
                                   int(d["duplicate_of"]) if d["duplicate_of"] is not None else None))  # fmt: skip
    largest = [GroupFact(int(g["id"]), int(g["size"]), str(g["kind"]), tuple(g["articles"]), str(g["representative"]))
               for g in data["groups"]]  # fmt: skip
    return facts_from(c.name, data, facts, largest)


def facts_resolver(store: Any) -> Callable[[Any], Any]:
    """For the report service: a consultation review.yaml names (``consultation:``), read from ``store``."""

    def resolve_ref(ref: Any) -> Any:
        return report_facts(store, ref.name)

    return resolve_ref


def facts_for_ref(ref: Any, db: str | None = None) -> Any:
    """The facts of the consultation review.yaml names, from its database (``db:`` there, else ``db``, else
    ``CAINA_DATABASE_URL``, else caina.db)."""
    store = open_store(ref.db or db)
    try:
        return report_facts(store, ref.name)
    finally:
        store.close()


# ---------------------------------------------------------------------------------------------- run
@contextmanager
def throwaway_store(db: str | None = None) -> Iterator[CommentStore]:
    """A store for one run: a SQLite file in a fresh temporary directory (removed after), or ``db``."""
    if db:
        store = open_store(db)
        try:
            yield store
        finally:
            store.close()
        return
    where = tempfile.mkdtemp(prefix="caina-consult-")
    store = open_store(f"sqlite:///{Path(where) / 'consult.db'}", throwaway=True)
    try:
        yield store
    finally:
        store.close()
        shutil.rmtree(where, ignore_errors=True)


@dataclass
class RunResult:
    imported: ImportReport
    analysis: Analysis
    stats: dict[str, Any]
    json_path: Path | None
    assign_path: Path | None


def run(
    draft_path: Path,
    comments_path: Path,
    *,
    json_path: Path | None = None,
    assign_path: Path | None = None,
    db: str | None = None,
    dask: Any = None,
    encoding: str | None = None,
    max_chars: int = MAX_CHARS,
    max_rejects: int = MAX_REJECTS,
    settings: GroupingSettings | None = None,
    progress: Progress = _quiet,
    review: str = "run",
    top: int | None = None,
    workers: int | None = None,
) -> RunResult:
    """Import ``comments_path`` into a throw-away store, group, attribute, count; write the JSON and CSV."""
    draft = load_draft(draft_path)  # a bad draft fails before any comment is read
    with throwaway_store(db) as store:
        imported = import_comments(store, review, comments_path, encoding=encoding, max_chars=max_chars,
                                   max_rejects=max_rejects, progress=progress)  # fmt: skip
        analysis = analyse(store, review, draft, settings=settings, dask=dask, progress=progress, workers=workers)
        progress("统计", 0.0)
        result = stats(store, review, top=top)
        if json_path:
            write_json(result, json_path)
        if assign_path:
            progress("写出每条意见的归并与归属", 0.0)
            write_assignments(store, review, assign_path)
    return RunResult(imported, analysis, result, json_path, assign_path)


# ---------------------------------------------------------------------------------------------- synth
@cache
def jieba_vocabulary(min_freq: int = 1000) -> Vocabulary:
    """Common nouns, verbs, adjectives and adverbs of jieba's dictionary (a few thousand), for synthetic text."""
    import jieba

    found: dict[str, list[str]] = {"n": [], "v": [], "a": [], "d": []}
    path = Path(jieba.__file__).with_name("dict.txt")
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3 and parts[2] in found and 2 <= len(parts[0]) <= 3 and int(parts[1]) >= min_freq:
                found[parts[2]].append(parts[0])
    return Vocabulary(tuple(found["n"]), tuple(found["v"]), tuple(found["a"]), tuple(found["d"]))


@dataclass(frozen=True)
class SynthResult:
    path: Path
    truth: Path
    comments: int
    campaigns: int
    duplicates: int


def truth_path(path: Path) -> Path:
    """Where the truth of a synthetic set is written: beside it, ``NAME.truth.csv``."""
    return path.with_name(path.stem + ".truth.csv")


def synth(
    draft_path: Path,
    n: int,
    output: Path,
    *,
    seed: int = 9,
    settings: SynthSettings | None = None,
    progress: Progress = _quiet,
) -> SynthResult:
    """Write ``n`` synthetic comments (CSV, UTF-8) and their truth beside them; both atomically."""
    if n < 1:
        raise InputError(f"意见条数须为正整数，而不是{n}", fix="例如 --n 10000")
    output = Path(output)
    if output.suffix.lower() not in (".csv", ".jsonl"):
        raise InputError(f"合成意见只能写成 .csv 或 .jsonl，而不是“{output.suffix}”", where=str(output))
    if not output.parent.is_dir():
        raise InputError("输出目录不存在", where=str(output.parent), fix="请先创建该目录")
    draft = load_draft(draft_path)
    locators = {}
    for u in draft.units.units:
        if u.blocks:
            part, block = u.blocks[0]
            try:
                locators[u.index] = locate_text(draft.layout, Span(part, block, 0, 1))
            except CainaError:
                continue
    truth = truth_path(output)
    tmp, tmp_truth = (p.with_name(f".{p.name}.{os.getpid()}.tmp") for p in (output, truth))
    campaigns: set[str] = set()
    duplicates = 0
    try:
        with tmp.open("w", encoding="utf-8", newline="") as fh, tmp_truth.open("w", encoding="utf-8", newline="") as th:
            w, tw = csv.writer(fh), csv.writer(th)
            jsonl = output.suffix.lower() == ".jsonl"
            if not jsonl:
                w.writerow(COLUMNS)
            tw.writerow(TRUTH_COLUMNS)
            for i, c in enumerate(generate(draft.units, n, seed=seed, settings=settings, locators=locators, vocabulary=jieba_vocabulary())):
                if jsonl:
                    fh.write(json.dumps(dict(zip(COLUMNS, c.row(), strict=True)), ensure_ascii=False) + "\n")
                else:
                    w.writerow(c.row())
                tw.writerow(c.truth())
                if c.campaign:
                    campaigns.add(c.campaign)
                if c.duplicate_of:
                    duplicates += 1
                if i % 20_000 == 0:
                    progress("生成意见", i / n)
        os.replace(tmp, output)
        os.replace(tmp_truth, truth)
    finally:
        tmp.unlink(missing_ok=True)
        tmp_truth.unlink(missing_ok=True)
    return SynthResult(output, truth, n, len(campaigns), duplicates)
