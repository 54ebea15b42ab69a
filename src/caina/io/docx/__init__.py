"""Reading Word drafts (.docx), safely and with their formatting.

Layers, bottom up: :mod:`.safety` (size, file type, zip-bomb and XML checks;
:mod:`.ole` tells encrypted files and old .doc apart), :mod:`.styles`
(effective formatting through the style hierarchy), :mod:`.numbering`
(automatic number labels), :mod:`.text` (the printed text of a paragraph),
:mod:`.sections` (page geometry and grid), :mod:`.blockstyle` and
:mod:`.tables` (to the layout's block styles), :mod:`.reader` (the walk that
builds the :class:`~caina.core.model.Draft`), :mod:`.refs` (``Block.ref``).
docs/docx.md describes what is read and what is not.
"""

from caina.io.docx.reader import read_docx, read_docx_bytes

__all__ = ["read_docx", "read_docx_bytes"]
