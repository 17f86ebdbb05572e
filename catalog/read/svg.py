"""Provider logos: what a published SVG may contain.

A logo is copied to ``site/static/logos/`` byte for byte and served from the site's own origin, so
an SVG opened directly (or through ``<object>``) runs whatever script it carries, with the site's
cookies and storage. The page's Content-Security-Policy does not cover a document opened on its
own. So a logo is checked against a small allowlist of drawing elements and attributes, with no
script, no event attributes, no ``foreignObject`` and no reference to anything outside the file,
and each problem is a located error. Refusing rather than rewriting shows the maintainer what was
wrong and keeps the published file the one that was reviewed.

The parser is the standard library's expat, with the document type declaration refused as soon
as it starts: no DTD means no entities, so no "billion laughs" and no external entity is ever
expanded or fetched.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from catalog.errors import CatalogError
from catalog.read.load import MAX_BYTES

SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_XML_NS = "http://www.w3.org/XML/1998/namespace"

# Drawing only. Left out on purpose: script, foreignObject (embeds HTML), a (javascript: links),
# image and feImage (load other files), animate/set/animateMotion/animateTransform (can set an
# href or an event attribute after the check), iframe/video/audio (HTML in SVG 2), switch and
# metadata (carry foreign markup).
_FILTERS = (
    "filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix "
    "feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB "
    "feFuncG feFuncR feGaussianBlur feMerge feMergeNode feMorphology feOffset fePointLight "
    "feSpecularLighting feSpotLight feTile feTurbulence"
)
ELEMENTS = frozenset(
    (
        "svg g path rect circle ellipse line polyline polygon text tspan textPath defs "
        "linearGradient radialGradient stop clipPath mask pattern marker use symbol title desc "
        f"style {_FILTERS}"
    ).split()
)
_ELEMENTS_SHOWN = "svg, g, path, rect, circle, text, defs, linearGradient, use, style, …"

# Attributes in another namespace that mean nothing to a browser beyond what they say. xml:base
# is not among them: it changes what a reference resolves to.
_FOREIGN_ATTRIBUTES = frozenset(
    {
        f"{_XLINK_NS} href",
        f"{_XLINK_NS} title",
        f"{_XML_NS} space",
        f"{_XML_NS} lang",
    }
)

# A same-document reference: '#' and an XML id. Anything else (another file, http:, data:,
# javascript:) is loaded or run by the browser.
_FRAGMENT = re.compile(r"#[A-Za-z_][\w.:-]*")

# CSS functions a logo's style may use: colours, transforms, filters, arithmetic and the
# selector pseudo-classes. Any other function may load something (image-set, cross-fade,
# element, src, paint) or run something (expression); url() is checked on its own.
_CSS_FUNCTIONS = frozenset({
    "rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch", "color", "color-mix",
    "var", "calc", "min", "max", "clamp", "translate", "translatex", "translatey", "translatez",
    "translate3d", "rotate", "rotatex", "rotatey", "rotatez", "rotate3d", "scale", "scalex",
    "scaley", "scalez", "scale3d", "skew", "skewx", "skewy", "matrix", "matrix3d", "perspective",
    "linear-gradient", "radial-gradient", "conic-gradient", "repeating-linear-gradient",
    "repeating-radial-gradient", "repeating-conic-gradient", "blur", "brightness", "contrast",
    "drop-shadow", "grayscale", "hue-rotate", "invert", "opacity", "saturate", "sepia",
    "cubic-bezier", "steps", "not", "is", "where", "nth-child", "nth-last-child", "nth-of-type",
    "nth-last-of-type", "lang",
})  # fmt: skip
# In a presentation attribute (fill="…", transform="…") only these are refused: they can load a
# file. Other parentheses there are ordinary text (an aria-label, a transform).
_LOADING_FUNCTIONS = frozenset({
    "image", "image-set", "-webkit-image-set", "cross-fade", "-webkit-cross-fade", "element",
    "-moz-element", "src", "paint", "expression",
})  # fmt: skip
# A CSS function token: its name right before "(" (with a space between they are two tokens).
_FUNCTION = re.compile(r"(-?[A-Za-z_][\w-]*)\(")
# url( is looked for with spaces allowed too, in case a browser is lenient about it.
_URL_START = re.compile(r"url\s*\(", re.IGNORECASE)
_URL = re.compile(r"url\s*\(\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\"'\s]*))\s*\)", re.IGNORECASE)
_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
_STRING = re.compile(r"\"[^\"\n]*\"|'[^'\n]*'")
_AT_RULE = re.compile(r"@(-?[A-Za-z_][\w-]*)")
# A start tag as written, to find where each attribute is: expat reports only the tag's position.
_TAG = re.compile(r"<([^\s/>]+)")
_ATTRIBUTE = re.compile(r"\s+([^\s=/>]+)\s*=\s*(?:\"[^\"]*\"|'[^']*')")


@dataclass
class _Problem:
    offset: int  # a character offset in the decoded text
    message: str
    expected: str


class _Stop(Exception):
    """Raised inside a handler to end the parse: nothing after it can be read safely."""


@dataclass
class _Checker:
    text: str
    line_starts: list[int]
    problems: list[_Problem] = field(default_factory=list)
    depth: int = 0
    style_depth: int | None = None  # the depth of the open <style>, if any
    style_chunks: list[tuple[int, str]] = field(default_factory=list)

    def offset(self, line: int, col: int) -> int:
        # expat counts lines from 1 and columns from 0, in characters.
        return self.line_starts[line - 1] + col

    def add(self, offset: int, message: str, expected: str) -> None:
        self.problems.append(_Problem(offset, message, expected))


def logo_errors(data: bytes, display: str) -> list[CatalogError]:
    """Every reason the SVG ``data`` may not be published as a logo, each located in ``display``
    (the file as shown in messages); empty if it may."""
    if len(data) > MAX_BYTES:
        return [
            CatalogError(
                display, 1, 1, "", f"logo is over the size limit of {MAX_BYTES:,} bytes",
                f"an SVG file of at most {MAX_BYTES // 1024} KiB",
            )
        ]  # fmt: skip
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(data, exc.start)
        return [
            CatalogError(
                display, line, col, "", f"byte 0x{data[exc.start]:02x} is not UTF-8",
                "an SVG file encoded as UTF-8",
            )
        ]  # fmt: skip
    line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", text)]
    checker = _Checker(text, line_starts)
    problems = _parse(data, checker)
    errors = []
    for problem in problems:
        line, col = _position(line_starts, problem.offset)
        errors.append(CatalogError(display, line, col, "", problem.message, problem.expected))
    return sorted(set(errors))


def _byte_position(data: bytes, index: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, index) + 1
    column = len(data[line_start:index].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, index) + 1, column


def _position(line_starts: list[int], offset: int) -> tuple[int, int]:
    line = bisect.bisect_right(line_starts, offset)
    return line, offset - line_starts[line - 1] + 1


def _parse(data: bytes, checker: _Checker) -> list[_Problem]:
    # The encoding is given, so an encoding="…" declaration in the file cannot change how the
    # bytes already checked as UTF-8 are read.
    parser = expat.ParserCreate(encoding="utf-8", namespace_separator=" ")
    parser.ordered_attributes = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def here() -> int:
        return checker.offset(parser.CurrentLineNumber, parser.CurrentColumnNumber)

    def doctype(*_: object) -> None:
        # expat calls this after the name; the error points at the "<!" that opened it.
        at = here()
        opened = checker.text.rfind("<!", 0, at + 1)
        checker.add(
            opened if opened >= 0 else at,
            "a <!DOCTYPE> declaration is not allowed in a logo (it can declare entities that "
            "expand or load files)", "an SVG without <!DOCTYPE> or <!ENTITY>",
        )  # fmt: skip
        raise _Stop

    def instruction(target: str, _data: str) -> None:
        # <?xml-stylesheet href="…"?> loads a stylesheet from anywhere.
        checker.add(
            here(), f"processing instruction <?{target}?> is not allowed in a logo",
            "an SVG without processing instructions (the <?xml …?> declaration is fine)",
        )  # fmt: skip

    def start(name: str, attributes: list[str]) -> None:
        at = here()
        checker.depth += 1
        _check_element(checker, at, name, attributes, root=checker.depth == 1)
        if name == f"{SVG_NS} style" and checker.style_depth is None:
            checker.style_depth = checker.depth
            checker.style_chunks = []

    def end(_name: str) -> None:
        if checker.style_depth == checker.depth:
            for offset, message in _css_problems(checker.style_chunks, allow_at_media=True):
                checker.add(offset, f"<style>: {message}", _CSS_EXPECTED)
            checker.style_depth = None
        checker.depth -= 1

    def characters(content: str) -> None:
        if checker.style_depth is not None:
            checker.style_chunks.append((here(), content))

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.ProcessingInstructionHandler = instruction
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    try:
        parser.Parse(data, True)
    except _Stop:
        pass
    except expat.ExpatError as exc:
        message = expat.errors.messages.get(exc.code, "not well-formed")
        checker.add(
            checker.offset(exc.lineno, exc.offset), f"not well-formed XML: {message}",
            "a well-formed SVG document",
        )  # fmt: skip
    return checker.problems


def _check_element(
    checker: _Checker, at: int, name: str, attributes: list[str], *, root: bool
) -> None:
    namespace, _, local = name.rpartition(" ")
    raw_name, positions = _raw_tag(checker.text, at)
    if root and name != f"{SVG_NS} svg":
        problem = "is not in the SVG namespace" if local == "svg" else "is not <svg>"
        checker.add(
            at, f"the root element <{raw_name}> {problem}",
            f'<svg xmlns="{SVG_NS}"> as the root element',
        )  # fmt: skip
    elif namespace != SVG_NS:
        where = f"namespace {namespace!r}" if namespace else "no namespace"
        checker.add(
            at, f"element <{raw_name}> in {where} is not allowed in a logo",
            f"SVG elements only ({_ELEMENTS_SHOWN})",
        )  # fmt: skip
    elif local not in ELEMENTS:
        checker.add(
            at, f"element <{raw_name}> is not allowed in a logo",
            f"drawing elements only ({_ELEMENTS_SHOWN}); no script, foreignObject, image, "
            "a or animation",
        )  # fmt: skip
    for index in range(0, len(attributes), 2):
        attr, value = attributes[index], attributes[index + 1]
        attr_ns, _, attr_local = attr.rpartition(" ")
        offset = _attribute_offset(positions, attr_ns, attr_local, at)
        for message, expected in _attribute_problems(attr, attr_ns, attr_local, value):
            checker.add(offset, f"<{raw_name}> attribute {message}", expected)
        if attr == "style":
            for _, message in _css_problems([(offset, value)], allow_at_media=False):
                checker.add(offset, f"<{raw_name}> style attribute: {message}", _CSS_EXPECTED)


def _raw_tag(text: str, at: int) -> tuple[str, list[tuple[str, int]]]:
    """The element's name as written, and each attribute's name as written with its offset."""
    match = _TAG.match(text, at)
    if match is None:  # not reached: expat reports a start tag at its '<'
        return "?", []
    positions = []
    pos = match.end()
    while attribute := _ATTRIBUTE.match(text, pos):
        positions.append((attribute.group(1), attribute.start(1)))
        pos = attribute.end()
    return match.group(1), positions


def _attribute_offset(positions: list[tuple[str, int]], ns: str, local: str, default: int) -> int:
    for raw, offset in positions:
        prefix, _, raw_local = raw.rpartition(":")
        if raw_local == local and bool(prefix) == bool(ns):
            return offset
    return default


_CSS_EXPECTED = "colours, lengths, transforms and url(#id) references only"


def _attribute_problems(attr: str, ns: str, local: str, value: str) -> Iterator[tuple[str, str]]:
    shown = f"{'xlink:' if ns == _XLINK_NS else 'xml:' if ns == _XML_NS else ''}{local}"
    if local.lower().startswith("on"):
        yield f"{shown}= is an event handler", "no on… attributes: a logo runs no script"
        return
    if ns and attr not in _FOREIGN_ATTRIBUTES:
        yield (
            f"{shown}= in namespace {ns!r} is not allowed",
            "SVG attributes, xlink:href, xml:space or xml:lang",
        )
        return
    if local == "href" and ns in ("", _XLINK_NS):
        if not _FRAGMENT.fullmatch(value.strip()):
            yield (
                f"{shown}='{_shorten(value)}' refers outside the logo",
                "a same-document reference such as #shape",
            )
        return
    if attr == "style":
        return  # checked as CSS by the caller
    for url in _URL.finditer(value):
        target = next(g for g in url.groups() if g is not None)
        if not _FRAGMENT.fullmatch(target):
            yield f"{shown}= loads url({_shorten(target)})", "url(#id) of an element in the logo"
    if _URL_START.search(value) and not _URL.search(value):
        yield f"{shown}= has a url( that is not closed", "url(#id) of an element in the logo"
    if "\\" in value:
        # Presentation attributes are CSS values, where an escape can spell any name (u\72l( is
        # url(); no drawing attribute needs a backslash.
        yield f"{shown}= holds a backslash escape", "an attribute value without backslashes"
    for function in _FUNCTION.finditer(value):
        if function.group(1).lower() in _LOADING_FUNCTIONS:
            yield f"{shown}= uses {function.group(1)}(), which can load a file", _CSS_EXPECTED


def _css_problems(chunks: list[tuple[int, str]], *, allow_at_media: bool) -> list[tuple[int, str]]:
    """What in this CSS can load or run something. ``chunks`` are (offset, text) pieces, as the
    parser delivered them; each problem is located at its own offset."""
    css = "".join(text for _, text in chunks)
    starts, total = [], 0
    for _, text in chunks:
        starts.append(total)
        total += len(text)

    def locate(index: int) -> int:
        chunk = max(bisect.bisect_right(starts, index) - 1, 0)
        return chunks[chunk][0] + index - starts[chunk] if chunks else 0

    # Comments and strings are blanked (same length, so offsets hold) before functions and
    # at-rules are looked for; url() targets are read with the strings kept.
    bare = _COMMENT.sub(lambda m: " " * len(m.group()), css)
    blank = _STRING.sub(lambda m: " " * len(m.group()), bare)
    if quote := re.search(r"[\"']", blank):
        # A string not closed on its line is an error token that browsers recover from in ways
        # of their own; what follows it could be read as anything.
        return [(locate(quote.start()), "a quoted string that does not end on its line")]
    problems: list[tuple[int, str]] = []
    if "\\" in bare:
        # An escape can spell any name (\75 rl( is url(), so no pattern check would hold; what
        # the rest would find in escaped text means nothing.
        return [(locate(bare.index("\\")), "a backslash escape is not allowed")]
    for rule in _AT_RULE.finditer(blank):
        if not (allow_at_media and rule.group(1).lower() == "media"):
            problems.append((locate(rule.start()), f"@{rule.group(1)} is not allowed"))
    for start in _URL_START.finditer(blank):
        url = _URL.match(bare, start.start())
        target = next(g for g in url.groups() if g is not None) if url else None
        if target is None:
            problems.append((locate(start.start()), "a url( that is not closed"))
        elif not _FRAGMENT.fullmatch(target):
            problems.append((locate(start.start()), f"url({_shorten(target)}) loads a file"))
    for function in _FUNCTION.finditer(blank):
        name = function.group(1).lower()
        if name != "url" and name not in _CSS_FUNCTIONS:
            problems.append((locate(function.start()), f"{function.group(1)}() is not allowed"))
    for word in re.finditer(r"javascript:|-moz-binding|behavior\s*:", blank, re.IGNORECASE):
        name = re.sub(r"\s+", "", word.group()).lower()
        problems.append((locate(word.start()), f"{name} is not allowed"))
    return problems


def _shorten(value: str, limit: int = 60) -> str:
    # Quoted in a message: escaped, so that a line break in the file cannot forge an error line.
    shown = value if value.isprintable() else repr(value)[1:-1]
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
