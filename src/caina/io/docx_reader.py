""".docx drafts: see :mod:`caina.io.docx` (this module keeps the old import path)."""

from caina.io.docx import read_docx, read_docx_bytes

__all__ = ["read_docx", "read_docx_bytes"]
