"""Office Open XML packages (.docx, .xlsx): the one guarded door and the one typed attribute reader.

- :func:`open_package` (:mod:`.package`): every .docx/.xlsx caina opens — a path or an upload's
  bytes — goes through it: size, file type, zip members and ratios, XML encodings and DOCTYPE,
  numbers in attributes. docs/security.md lists its limits.
- :mod:`.attrs`: the range of every number readers take from WordprocessingML attributes.
- :mod:`.xlsx`: a streaming reader of worksheets (rows, cells, merged ranges, sheet states).
"""

from caina.io.ooxml.package import Kind, Limits, Package, open_package

__all__ = ["open_package", "Package", "Limits", "Kind"]
