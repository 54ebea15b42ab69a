"""Bounded YAML for review.yaml and glossaries: limits enforced while the document is built, never after.

PyYAML composes a node graph and then walks it; an alias bomb (``&a [*a,
*a]`` nine times deep) or a self-referencing alias (``attending: &r [*r]``)
makes any walk over that graph explode or never end, and 5,000 nested ``[``
overflow its recursive composer. Here the *events* of the YAML parser
(libyaml when PyYAML has it, its pure-Python parser otherwise; both are
iterative) are built into plain Python values by one loop that checks, as
each event arrives:

- **depth**: at most :data:`MAX_DEPTH` nested lists and mappings;
- **aliases**: at most :data:`MAX_ALIASES`; an alias to an anchor that is
  still open (a node containing itself) is refused;
- **size**: the number of nodes *with every alias expanded* stays under the
  ``max_yaml_nodes`` setting (what a later walk would visit);
- **keys**: a key written twice in one mapping is refused with both lines
  (``<<`` merges may be overridden, as YAML allows); a list or mapping used
  as a key is refused;
- **characters**: a value or key holding a character no document can hold
  (NUL and other control characters, lone surrogates — typed as escapes
  such as ``"\\0"``) is refused with its line and the character named;
- **tags**: only the plain types (text, integer, number, true/false, null,
  list, mapping); dates stay text (``!!timestamp`` is not resolved).

The size of the text itself is bounded before (``max_text_mb``, by
:mod:`caina.io.textfile`). :func:`load_yaml` returns the data and a
:class:`Lines` tree that gives the line of any value by its path.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from caina import settings
from caina.errors import CainaError
from caina.io.textfile import BAD_CHARS, char_name

__all__ = ["Lines", "load_yaml", "YamlLoader", "MAX_DEPTH", "MAX_ALIASES", "line_of"]

MAX_DEPTH = 64
MAX_ALIASES = 10_000
ErrorType = Callable[..., CainaError]  # called as error(what, path=..., line=..., fix=...)


class YamlLoader(yaml.SafeLoader):
    """YAML as caina reads it (pure-Python parser): dates stay text, so “2024-13-40” is a clear error later."""


YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_FAST: type | None = getattr(yaml, "CSafeLoader", None) if getattr(yaml, "__with_libyaml__", False) else None

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_MERGE = "tag:yaml.org,2002:merge"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_SCALAR_TAGS = (_STR, _NULL, _BOOL, _INT, _FLOAT)


@dataclass(slots=True)
class Lines:
    """The line (1-based) of a list or mapping and of each item: ``items[key] = (key line, item)``.

    An item is a :class:`Lines` (a list or mapping) or the line of a scalar (an ``int``).
    """

    line: int
    items: dict[Any, tuple[int, Lines | int]] | list[Lines | int] | None = None


def line_of(root: Lines | None, loc: tuple[Any, ...]) -> int | None:
    """The line of the value at path ``loc`` (mapping keys and list indexes), or of the deepest part found."""
    node: Lines | int | None = root
    line = root.line if root is not None else None
    for key in loc:
        if not isinstance(node, Lines):
            return line
        items = node.items
        if isinstance(items, dict):
            found = items.get(key)
            if found is None:
                found = next((v for k, v in items.items() if str(k) == str(key)), None)
            if found is None:
                return line
            line, node = found
        elif isinstance(items, list) and isinstance(key, int):
            if not 0 <= key < len(items):
                return line
            node = items[key]
            line = node.line if isinstance(node, Lines) else node
        else:
            return line
    return line


@dataclass(slots=True)
class _Frame:
    kind: str  # "seq" | "map"
    value: Any
    lines: Lines
    anchor: str | None
    start_count: int
    key: Any = None
    key_line: int = 0
    has_key: bool = False
    merged: set[Any] = field(default_factory=set)


class _Builder:
    def __init__(self, path: str, error: ErrorType, max_nodes: int, what: str) -> None:
        self.path, self.error, self.max_nodes, self.what = path, error, max_nodes, what
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, Lines | int, int]] = {}
        self.open_anchors: set[str] = set()
        self.count = 0
        self.aliases = 0
        self.documents = 0
        self.result: tuple[Any, Lines | int] | None = None
        self.resolver = yaml.resolver.Resolver()
        self.resolver.yaml_implicit_resolvers = YamlLoader.yaml_implicit_resolvers
        self.constructor = yaml.constructor.SafeConstructor()
        self.first_chars = frozenset(k for k in YamlLoader.yaml_implicit_resolvers if k)

    def fail(self, what: str, line: int | None, fix: str) -> CainaError:
        return self.error(what, path=self.path, line=line, fix=fix)

    def grow(self, n: int, line: int) -> None:
        self.count += n
        if self.count > self.max_nodes:
            raise self.fail(
                f"{self.what}过大：展开别名（*）后超过 {self.max_nodes} 个节点，未读取",
                line,
                "请删去 YAML 别名（&、*）的嵌套引用；确需更大的文件，请调高设置 CAINA_MAX_YAML_NODES",
            )

    def scalar(self, ev: yaml.ScalarEvent, line: int) -> Any:
        value = ev.value
        m = BAD_CHARS.search(value)
        if m:
            at = line + value.count("\n", 0, m.start())
            raise self.fail(
                f"含有不能写入文档的字符 {char_name(m.group())}（多由“\\0”“\\x01”“\\u001b”等转义写法或复制粘贴带入）",
                at,
                "请删去该字符",
            )
        tag = ev.tag
        if tag is None or tag == "!":
            if not ev.implicit[0] or (value and value[0] not in self.first_chars):
                return value  # quoted, or plain text no implicit type can start with (汉字 …): text
            tag = self.resolver.resolve(yaml.ScalarNode, value, ev.implicit)
        if tag == _STR:
            return value
        if tag == _MERGE:
            return _Merge
        if tag not in _SCALAR_TAGS:
            raise self.fail(f"不支持的 YAML 标签“{tag}”", line, "请去掉标签（!! 开头的写法），直接写文字或数字")
        node = yaml.ScalarNode(tag, value, ev.start_mark, ev.end_mark)
        try:
            return self.constructor.yaml_constructors[tag](self.constructor, node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            raise self.fail(f"无法按“{tag.rsplit(':', 1)[-1]}”读取“{value[:40]}”（{exc}）", line, "请改正该值") from None

    def attach(self, value: Any, lines: Lines | int, line: int) -> None:
        if not self.stack:
            self.result = (value, lines)
            return
        frame = self.stack[-1]
        if frame.kind == "seq":
            frame.value.append(value)
            frame.lines.items.append(lines)  # type: ignore[union-attr]
            return
        if not frame.has_key:
            if isinstance(value, list | dict):
                raise self.fail("不能用列表或“键: 值”作键", line, "请检查缩进和冒号")
            frame.key, frame.key_line, frame.has_key = value, line, True
            return
        key, key_line = frame.key, frame.key_line
        frame.has_key = False
        data: dict[Any, Any] = frame.value
        items: dict[Any, tuple[int, Lines | int]] = frame.lines.items  # type: ignore[assignment]
        if key is _Merge:
            sources = value if isinstance(value, list) else [value]
            for src in sources:
                if not isinstance(src, dict):
                    raise self.fail("“<<” 合并的应是“键: 值”", key_line, "请检查 << 后的别名")
                for k, v in src.items():
                    if k not in data:
                        data[k] = v
                        items[k] = (key_line, key_line)  # merged values are said at the line of the <<
                        frame.merged.add(k)
            return
        try:
            seen = key in data
        except TypeError:
            raise self.fail("这个键不能用作键", key_line, "请改用文字作键") from None
        if seen and key not in frame.merged:
            first = items[key][0]
            raise self.fail(
                f"“{key}”在同一处写了两次（第{first}行和第{key_line}行），后一个会覆盖前一个",
                key_line,
                "请删去其中一个；若是两条意见或两项修改，每一项要以“- ”另起",
            )
        frame.merged.discard(key)
        data[key] = value
        items[key] = (key_line, lines)

    def run(self, events: Any) -> tuple[Any, Lines]:
        scalar_event = yaml.ScalarEvent
        stack = self.stack
        bad = BAD_CHARS.search
        first_chars = self.first_chars
        for ev in events:
            line = ev.start_mark.line + 1
            if type(ev) is scalar_event:
                self.count += 1
                if self.count > self.max_nodes:
                    self.grow(0, line)
                value = ev.value
                if (
                    ev.tag is not None
                    or ev.anchor
                    or not value
                    or (ev.style == '"' and bad(value))  # escapes ("\0") are the only way in: the raw text was checked
                    or (ev.implicit[0] and value[0] in first_chars)
                ):
                    value = self.scalar(ev, line)  # the general path: tags, resolution, checks, anchors
                    if ev.anchor:
                        self.anchors[ev.anchor] = (value, line, 1)
                frame = stack[-1] if stack else None
                if frame is None:
                    self.attach(value, line, line)
                elif frame.kind == "seq":
                    frame.value.append(value)
                    frame.lines.items.append(line)  # type: ignore[union-attr]
                elif not frame.has_key:
                    frame.key, frame.key_line, frame.has_key = value, line, True  # a key: the usual case, inline
                elif frame.key is not _Merge and frame.key not in frame.value:
                    frame.value[frame.key] = value  # a new key's scalar value: the other usual case, inline
                    frame.lines.items[frame.key] = (frame.key_line, line)  # type: ignore[call-overload,index]
                    frame.has_key = False
                else:
                    self.attach(value, line, line)  # merges, repeated keys: said by attach
            elif isinstance(ev, yaml.AliasEvent):
                self.aliases += 1
                if ev.anchor in self.open_anchors:
                    raise self.fail(
                        f"YAML 别名“*{ev.anchor}”引用了包含它自身的内容（循环引用）",
                        line,
                        "请去掉该别名，把内容直接写出",
                    )
                if ev.anchor not in self.anchors:
                    raise self.fail(
                        f"YAML 格式错误：含有 YAML 别名（*{ev.anchor}），但前面没有对应的 &{ev.anchor}",
                        line,
                        "文字以 * 开头时请给整个文字加引号，或去掉 *",
                    )
                if self.aliases > MAX_ALIASES:
                    raise self.fail(f"YAML 别名（*）过多（超过 {MAX_ALIASES} 个）", line, "请把内容直接写出，不用别名")
                value, lines, size = self.anchors[ev.anchor]
                self.grow(size, line)
                self.attach(value, lines, line)
            elif isinstance(ev, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                is_seq = isinstance(ev, yaml.SequenceStartEvent)
                if ev.tag not in (None, "!", _SEQ if is_seq else _MAP):
                    raise self.fail(f"不支持的 YAML 标签“{ev.tag}”", line, "请去掉标签（!! 开头的写法）")
                if len(self.stack) >= MAX_DEPTH:
                    raise self.fail(
                        f"{self.what}嵌套过深（超过 {MAX_DEPTH} 层列表或“键: 值”）",
                        line,
                        "请检查方括号、花括号是否成对，缩进是否正确",
                    )
                self.grow(1, line)
                if ev.anchor:
                    self.open_anchors.add(ev.anchor)
                lines = Lines(line, [] if is_seq else {})
                self.stack.append(_Frame("seq" if is_seq else "map", [] if is_seq else {}, lines, ev.anchor, self.count))
            elif isinstance(ev, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                frame = self.stack.pop()
                if frame.anchor:
                    self.open_anchors.discard(frame.anchor)
                    self.anchors[frame.anchor] = (frame.value, frame.lines, self.count - frame.start_count + 1)
                self.attach(frame.value, frame.lines, frame.lines.line)
            elif isinstance(ev, yaml.DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    raise self.fail("文件中有多个 YAML 文档（以“---”分隔）", line, "一个文件只写一份，请删去多余的“---”及其后的内容")
        if self.result is None:
            return None, Lines(1)
        value, lines = self.result
        return value, lines if isinstance(lines, Lines) else Lines(lines)


class _MergeKey:
    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "<<"


_Merge = _MergeKey()

_PROBLEM_FIXES = (
    ("mapping values are not allowed in this context", "mapping values are not allowed here"),
    ("found character that cannot start any token", "found character '\\t' that cannot start any token"),
    ("did not find expected ',' or ']'", "expected ',' or ']'"),
)


def _events(text: str, loader: type) -> Any:
    parser = loader(text)
    get = parser.get_event
    try:
        while True:
            ev = get()
            if ev is None:
                return
            yield ev
    finally:
        parser.dispose()


def load_yaml(
    text: str, *, path: str, error: ErrorType, what: str = "文件", max_nodes: int | None = None
) -> tuple[Any, Lines]:
    """(data, lines) of YAML ``text``, under the limits of the module docstring.

    A syntax error is raised as :class:`yaml.YAMLError` (as PyYAML's pure-Python parser words it when
    the text is small enough to parse again) for the caller to explain; every limit as ``error``.
    """
    limit = settings.limit("max_yaml_nodes") if max_nodes is None else max_nodes
    m = BAD_CHARS.search(text)
    if m:  # typed or pasted into the file itself
        line = text.count("\n", 0, m.start()) + 1
        raise error(
            f"含有不能写入文档的字符 {char_name(m.group())}", path=path, line=line, fix="请删去该字符（多由复制粘贴带入）"
        )
    builder = _Builder(path, error, limit, what)
    try:
        return builder.run(_events(text, _FAST or YamlLoader))
    except yaml.YAMLError:
        if _FAST is None or len(text) > 256 * 1024:
            raise
    # libyaml words some problems differently: parse again in pure Python for the familiar message
    builder = _Builder(path, error, limit, what)
    return builder.run(_events(text, YamlLoader))


def problem_text(exc: yaml.YAMLError) -> str:
    """The YAML library's problem, with libyaml's wording mapped to PyYAML's."""
    problem = str(getattr(exc, "problem", None) or exc)
    for c_words, py_words in _PROBLEM_FIXES:
        if problem.startswith(c_words):
            return py_words + problem[len(c_words) :]
    return re.sub(r"\s+", " ", problem)
