"""The one exception tree of caina.

Every error a user can see is a :class:`CainaError`. It carries three parts,
all in Chinese for users, and renders them as one message:

- ``what``  — what is wrong (``引文未在草案中找到：“……”``);
- ``where`` — the place: file, line, row, locator (``review.yaml 第12行``);
- ``fix``   — how to fix it (``请核对引文，或改为最接近的“……”``).

Tree::

    CainaError                      (http 500)
    ├── InputError                  (http 422)  bad input from the user
    │   ├── SourceFileError                     missing / unreadable / unsupported file
    │   │   ├── UnsafeFileError                 too large, zip bomb, XML DOCTYPE/entities
    │   │   ├── EncryptedFileError              password-protected .docx/.doc
    │   │   ├── ConversionError                 LibreOffice failed on a .doc/.wps
    │   │   ├── ReportImportError               a written report (.txt/.md/.docx) that cannot be imported
    │   │   └── PrintedFileError                a PDF that cannot serve as the printed draft (scanned, encrypted…)
    │   ├── PrintedVersionError                 the printed PDF and the .docx are different versions
    │   ├── ReviewFileError                     review.yaml syntax or validation
    │   ├── LocatorSyntaxError                  "P3倒数第五行" that cannot be parsed
    │   ├── LocatorRangeError                   a page or line past the end
    │   ├── UnknownProposerError                opinion names a proposer not declared
    │   ├── AnchorError                         a quote that cannot be anchored
    │   │   ├── QuoteNotFoundError              not in the draft (with nearest match)
    │   │   └── AmbiguousQuoteError             several occurrences, one expected
    │   ├── EditConflictError                   two edits change the same text differently
    │   ├── FormError                           意见反馈表 that cannot be imported (lists every bad cell)
    │   ├── CommentFileError                    a public-comment file (csv/xlsx/jsonl) refused whole: nothing imported
    │   ├── GlossaryError                       a glossary YAML for caina check that cannot be read
    │   ├── PendingDecisionError                a report asked for while opinions are still 待定
    │   └── UploadTooLargeError     (http 413)  an upload over the size limit (web)
    ├── AuthenticationError         (http 401)  not logged in, wrong password, expired session (web)
    ├── PermissionDeniedError       (http 403)  logged in, but the role does not allow it (or CSRF token missing)
    ├── NotFoundError               (http 404)  no such item, or one the caller may not even see
    ├── StaleVersionError           (http 409)  saved over someone else's change (carries the current row)
    ├── ThrottledError              (http 429)  too many failed logins (carries retry_after seconds)
    └── ToolMissingError            (http 503)  an external tool (LibreOffice) is absent

Errors are raised in the core and converted exactly once at each boundary
(CLI: message + exit code; web: one handler).
"""

from __future__ import annotations

__all__ = [
    "CainaError",
    "InputError",
    "SourceFileError",
    "ReviewFileError",
    "LocatorSyntaxError",
    "LocatorRangeError",
    "UnknownProposerError",
    "AnchorError",
    "QuoteNotFoundError",
    "AmbiguousQuoteError",
    "EditConflictError",
    "ToolMissingError",
    "FormError",
    "CommentFileError",
    "PendingDecisionError",
    "UnsafeFileError",
    "EncryptedFileError",
    "ConversionError",
    "ReportImportError",
    "GlossaryError",
    "UploadTooLargeError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "StaleVersionError",
    "ThrottledError",


    "PrintedFileError",
    "PrintedVersionError",
]


class CainaError(Exception):
    """Base of every caina error: ``what`` + ``where`` + ``fix``."""

    http_status = 500
    exit_code = 1

    def __init__(self, what: str, *, where: str = "", fix: str = "") -> None:
        self.what = what
        self.where = where
        self.fix = fix
        super().__init__(self.message)

    @property
    def message(self) -> str:
        parts = [self.what]
        if self.where:
            parts[0] = f"{self.what}（位置：{self.where}）"
        text = parts[0]
        if not text.endswith(("。", "！", "？")):
            text += "。"
        if self.fix:
            fix = self.fix if self.fix.endswith(("。", "！", "？")) else self.fix + "。"
            text += fix
        return text

    def __str__(self) -> str:
        return self.message


class InputError(CainaError):
    http_status = 422
    exit_code = 2


class SourceFileError(InputError):
    """A file that is missing, unreadable or of an unsupported type."""

    def __init__(self, what: str, *, path: str = "", where: str = "", fix: str = "") -> None:
        self.path = path
        super().__init__(what, where=where or path, fix=fix)


class ReviewFileError(InputError):
    """review.yaml cannot be read or does not validate."""

    def __init__(self, what: str, *, path: str = "", line: int | None = None, fix: str = "") -> None:
        self.path = path
        self.line = line
        where = path
        if line is not None:
            where = f"{path} 第{line}行" if path else f"第{line}行"
        super().__init__(what, where=where, fix=fix)


class LocatorSyntaxError(InputError):
    def __init__(self, text: str, *, fix: str = "") -> None:
        self.text = text
        super().__init__(
            f"无法识别的页行定位：“{text}”",
            fix=fix
            or "请写成“P3倒数第五行”“第3页第5行”“第3页倒数第5行”“59页倒3行”“附件3第2页第4行”等形式",
        )


class LocatorRangeError(InputError):
    def __init__(self, what: str, *, locator: str = "", fix: str = "") -> None:
        self.locator = locator
        super().__init__(what, where=locator, fix=fix)


class UnknownProposerError(InputError):
    def __init__(self, name: str, *, where: str = "", known: tuple[str, ...] = ()) -> None:
        self.name = name
        listed = "、".join(known[:12])
        fix = "请在 review.yaml 的 proposers 中登记该提出人/单位（可用 aliases 写简称）"
        if listed:
            fix += f"；已登记：{listed}"
        super().__init__(f"未登记的提出人/单位：“{name}”", where=where, fix=fix)


class AnchorError(InputError):
    def __init__(self, what: str, *, quote: str = "", where: str = "", fix: str = "") -> None:
        self.quote = quote
        super().__init__(what, where=where, fix=fix)


class QuoteNotFoundError(AnchorError):
    def __init__(
        self,
        quote: str,
        *,
        where: str = "",
        nearest: str | None = None,
        nearest_locator: str | None = None,
        score: float | None = None,
        width_only: bool = False,
        numbering: str = "",
    ) -> None:
        self.nearest = nearest
        self.nearest_locator = nearest_locator
        self.score = score
        self.width_only = width_only  # the quote differs from the nearest passage only by full/half-width marks
        self.numbering = numbering  # the quote starts with a paragraph's automatic numbering ("一、")
        if nearest:
            at = f"（{nearest_locator}）" if nearest_locator else ""
            fix = f"最接近的原文是{at}“{nearest}”，请核对引文后照原文改正"
            if numbering:
                fix = (
                    f"引文开头的“{numbering}”是 Word 的自动编号，不是可以引用的正文文字，"
                    f"请从引文中去掉，写成{at}“{nearest}”"
                )
            elif width_only:
                fix = (
                    f"最接近的原文是{at}“{nearest}”，两者只差标点的全角、半角（如“,”与“，”、\"与“”），"
                    "请照原文改用全角标点"
                )
        else:
            fix = "请核对引文是否与草案原文逐字一致（含标点）"
        super().__init__(f"引文未在草案中找到：“{quote}”", quote=quote, where=where, fix=fix)


class AmbiguousQuoteError(AnchorError):
    def __init__(self, quote: str, *, where: str = "", locators: tuple[str, ...] = ()) -> None:
        self.locators = locators
        listed = "、".join(locators[:10])
        super().__init__(
            f"引文“{quote}”在草案中出现{len(locators)}处（{listed}），无法确定修改哪一处",
            quote=quote,
            where=where,
            fix="请用 context 写出包含它的更长原文，或用 occurrence 指明第几处，或把 scope 设为 all（全部修改）",
        )


class EditConflictError(InputError):
    def __init__(self, what: str, *, first: str, second: str, where: str = "") -> None:
        self.first = first
        self.second = second
        super().__init__(
            what,
            where=where,
            fix="请决定采用哪一项修改：把另一项所属意见的采纳情况改为不予采纳（或部分采纳）并写明理由，"
            "或把两项合并为同一处修改",
        )


class ToolMissingError(CainaError):
    http_status = 503
    exit_code = 3


class FormError(InputError):
    """意见反馈表 (opinion forms) that cannot be read or imported.

    ``details`` lists every problem, one a line, each with its place (file,
    sheet, row, column such as ``C7``) and its fix; they are printed after the
    message.
    """

    def __init__(self, what: str, *, where: str = "", fix: str = "", details: tuple[str, ...] = ()) -> None:
        self.details = details
        super().__init__(what, where=where, fix=fix)

    @property
    def message(self) -> str:
        text = super().message
        if self.details:
            text += "\n" + "\n".join(f"  {i}. {d}" for i, d in enumerate(self.details, 1))
        return text


class CommentFileError(InputError):
    """A public-comment file (公开征求意见, csv/xlsx/jsonl) refused whole — wrong columns, an encoding it is not
    in, broken CSV quoting, too many bad rows — so that nothing of it is imported. ``row`` and ``column`` name
    the place (row numbers as a spreadsheet or editor shows them); ``details`` lists further problems."""

    def __init__(
        self,
        what: str,
        *,
        path: str = "",
        row: int | None = None,
        column: str = "",
        fix: str = "",
        details: tuple[str, ...] = (),
    ) -> None:
        self.path = path
        self.row = row
        self.column = column
        self.details = details
        where = path
        if row is not None:
            where += f" 第{row}行"
        if column:
            where += f"“{column}”列"
        super().__init__(what, where=where.strip(), fix=fix)

    @property
    def message(self) -> str:
        text = super().message
        if self.details:
            text += "\n" + "\n".join(f"  {d}" for d in self.details)
        return text


class PendingDecisionError(InputError):
    """Opinions still marked 待定 (pending) when a report is asked for."""

    def __init__(self, pending: tuple[str, ...]) -> None:
        self.pending = pending
        listed = "；".join(pending[:10]) + ("……" if len(pending) > 10 else "")
        super().__init__(
            f"尚有{len(pending)}条意见未作出采纳决定（待定），不能生成意见采纳情况：{listed}",
            fix="请在 review.yaml 中把这些意见的 decision 改为 全部采纳、部分采纳、不予采纳、已有体现 或 "
            "转有关部门研究（除全部采纳外须写 reason）后再生成报告",
        )


class UnsafeFileError(SourceFileError):
    """A file refused before reading: too large, a zip bomb, XML with a DOCTYPE or entities."""


class EncryptedFileError(SourceFileError):
    """A password-protected Word file (encrypted .docx or .doc)."""


class ConversionError(SourceFileError):
    """LibreOffice could not convert a .doc/.wps file (failed or timed out)."""


class ReportImportError(SourceFileError):
    """A written adoption report that cannot be imported: empty, binary junk, corrupt .docx,
    unsupported type, or an output directory that would be overwritten."""


class GlossaryError(InputError):
    """A glossary file (名称表, YAML) for ``caina check --glossary`` that cannot be read or does not validate."""

    def __init__(self, what: str, *, path: str = "", line: int | None = None, fix: str = "") -> None:
        self.path = path
        self.line = line
        where = path
        if line is not None:
            where = f"{path} 第{line}行" if path else f"第{line}行"
        super().__init__(
            what,
            where=where,
            fix=fix or "名称表的写法见 docs/checks.md：names/units 下每项写 name，可写 aliases（允许的简称）和 variants（错误写法）",
        )


class UploadTooLargeError(InputError):
    """An uploaded file (or request body) over the size limit: refused before it is read whole."""

    http_status = 413


class AuthenticationError(CainaError):
    """Not logged in, a wrong username or password, or an expired session."""

    http_status = 401
    exit_code = 4


class PermissionDeniedError(CainaError):
    """The caller is known but the role does not allow the action (or a write lacks its CSRF token)."""

    http_status = 403
    exit_code = 4


class NotFoundError(CainaError):
    """No such item — or one the caller may not even know exists (another unit's opinion, another review)."""

    http_status = 404
    exit_code = 2


class StaleVersionError(CainaError):
    """A save based on an old version of a row: someone else changed it first. ``current`` is the row now."""

    http_status = 409
    exit_code = 5

    def __init__(self, what: str, *, current: dict[str, object] | None = None, where: str = "", fix: str = "") -> None:
        self.current = current or {}
        super().__init__(what, where=where, fix=fix)


class ThrottledError(CainaError):
    """Too many failed logins for a name or an address: wait ``retry_after`` seconds."""

    http_status = 429
    exit_code = 4

    def __init__(self, what: str, *, retry_after: int, fix: str = "") -> None:
        self.retry_after = retry_after
        super().__init__(what, fix=fix)


class PrintedFileError(SourceFileError):
    """A PDF that cannot serve as the printed draft: scanned (no text), encrypted, empty, too large, or
    with text that cannot be read (glyphs without a Unicode map)."""


class PrintedVersionError(InputError):
    """The printed PDF and the .docx are different versions of the draft (names the first passage that differs)."""
