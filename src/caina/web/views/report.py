"""The report: status (待定, conflicts, 校核 findings), preview, downloads, the PDF job; each unit's feedback."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from caina.errors import NotFoundError
from caina.services.desk import jobs, outputs, reviews
from caina.services.desk.access import Actor
from caina.web.deps import actor, render, store
from caina.web.views.common import back

router = APIRouter()
DOWNLOADS = {
    "report.md": "意见采纳情况（Markdown）",
    "report.docx": "意见采纳情况（Word，公文格式）",
    "revised.docx": "修改稿（Word）",
    "tracked.docx": "修订稿（Word 修订，作者为提出意见的单位）",
    "summary.xlsx": "意见汇总表（Excel）",
    "case.zip": "审议目录（草案 + review.yaml，命令行可重新生成）",
}


@router.get("/reviews/{review_id}/report")
def report(review_id: int, request: Request, a: Actor = Depends(actor)) -> Response:
    s = store(request)
    review = reviews.overview(s, a, review_id)
    state = outputs.status(s, a, review_id)
    job = jobs.current(s, a, review_id, "report_pdf")
    return render(request, "report.html", review=review, state=state, downloads=DOWNLOADS, job=job)


def _file(data: bytes, name: str, media: str) -> Response:
    return Response(data, media_type=media, headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


@router.get("/reviews/{review_id}/download/{name}")
def download(review_id: int, name: str, request: Request, a: Actor = Depends(actor)) -> Response:
    s = store(request)
    if name == "report.md":
        return _file(outputs.report(s, a, review_id, "md"), "意见采纳情况.md", "text/markdown; charset=utf-8")
    if name == "report.docx":
        return _file(outputs.report(s, a, review_id, "docx"), "意见采纳情况.docx", outputs.DOCX)
    if name in ("revised.docx", "tracked.docx"):
        data, label = outputs.revised(s, a, review_id, tracked=name == "tracked.docx")
        return _file(data, label, outputs.DOCX)
    if name == "summary.xlsx":
        return _file(outputs.summary_xlsx(s, a, review_id), "意见汇总表.xlsx", outputs.XLSX)
    if name == "case.zip":
        return _file(outputs.case_zip(s, a, review_id), f"审议{review_id}.zip", "application/zip")
    raise NotFoundError(f"没有“{name}”这个文件", fix=f"可下载：{'、'.join(DOWNLOADS)}")


@router.post("/reviews/{review_id}/pdf")
def start_pdf(review_id: int, request: Request, a: Actor = Depends(actor)) -> Response:
    jobs.submit(store(request), a, review_id, "report_pdf")
    return back(f"/reviews/{review_id}/report", "已开始生成 PDF")


@router.get("/jobs/{job_id}")
def job(job_id: int, request: Request, a: Actor = Depends(actor)) -> Response:
    return render(request, "partials/job.html", job=jobs.get(store(request), a, job_id))


@router.get("/jobs/{job_id}/download")
def job_download(job_id: int, request: Request, a: Actor = Depends(actor)) -> Response:
    data, name, media = jobs.result(store(request), a, job_id)
    return _file(data, name, media)


@router.get("/reviews/{review_id}/feedback")
def feedback(review_id: int, request: Request, unit: str = "", a: Actor = Depends(actor)) -> Response:
    s = store(request)
    return render(request, "feedback.html", review=reviews.overview(s, a, review_id),
                  fb=outputs.feedback(s, a, review_id, unit))  # fmt: skip
