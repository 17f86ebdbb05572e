"""Issue 12: a provider logo is published on the site's origin, so it may only draw.

Each hostile construct is refused with a located error (the line and column of the construct);
the starter logos, the importers' monogram and an ordinary designer's SVG pass; entity tricks are
refused before anything is expanded or fetched.
"""

from __future__ import annotations

import time

import pytest

from catalog.importers.providers import monogram_svg
from catalog.read.svg import logo_errors
from tests.conftest import PROJECT

SVG = 'xmlns="http://www.w3.org/2000/svg"'
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'


def logo(line3: str, *, root: str = "") -> bytes:
    """A three-line logo whose third line is ``line3``."""
    return (
        f'<svg {SVG} {XLINK} viewBox="0 0 64 64"{root}>\n'
        '  <rect width="64" height="64" fill="#123456"/>\n'
        f"{line3}\n"
        "</svg>\n"
    ).encode()


# (third line, the column the error points at, words the message must hold)
HOSTILE = [
    ("<script>alert(document.cookie)</script>", 1, "element <script> is not allowed"),
    ('<script href="https://evil.example/x.js"/>', 1, "element <script> is not allowed"),
    ('<g onload="alert(1)"/>', 4, "onload= is an event handler"),
    ('<rect ONCLICK="alert(1)" width="1"/>', 7, "ONCLICK= is an event handler"),
    ('<circle r="1" onmouseover="alert(1)"/>', 15, "onmouseover= is an event handler"),
    (
        "<foreignObject><p>hi</p></foreignObject>",
        1,
        "element <foreignObject> is not allowed",
    ),
    (
        '<html:script xmlns:html="http://www.w3.org/1999/xhtml">alert(1)</html:script>',
        1,
        "element <html:script> in namespace 'http://www.w3.org/1999/xhtml' is not allowed",
    ),
    ('<use xlink:href="https://evil.example/a.svg#x"/>', 6, "xlink:href='https://evil"),
    ('<use href="other.svg#x"/>', 6, "href='other.svg#x' refers outside the logo"),
    ('<use href="javascript:alert(1)"/>', 6, "href='javascript:alert(1)' refers outside"),
    (
        '<use href="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0Lz48L3N2Zz4="/>',
        6,
        "href='data:image/svg+xml;base64,",
    ),
    ('<a href="javascript:alert(1)"><text>x</text></a>', 1, "element <a> is not allowed"),
    ('<image href="data:text/html,&lt;script&gt;"/>', 1, "element <image> is not allowed"),
    ('<set attributeName="onclick" to="alert(1)"/>', 1, "element <set> is not allowed"),
    ('<animate attributeName="href" to="javascript:x"/>', 1, "element <animate> is not allowed"),
    ('<rect fill="url(https://evil.example/p.svg#g)"/>', 7, "fill= loads url(https://evil"),
    ("<rect filter=\"url( 'http://evil.example/f' )\"/>", 7, "filter= loads url(http://evil"),
    ('<rect cursor="image-set(x.png 1x)"/>', 7, "uses image-set(), which can load a file"),
    ('<rect fill="u\\72l(http://evil.example/)"/>', 7, "holds a backslash escape"),
    ('<rect style="fill:url(http://evil.example/)"/>', 7, "url(http://evil.example/) loads"),
    ('<rect style="behavior:url(#x)"/>', 7, "behavior: is not allowed"),
    ('<rect style="fill:expression(alert(1))"/>', 7, "expression() is not allowed"),
    ("<style>@import 'https://evil.example/x.css';</style>", 8, "<style>: @import is not"),
    ("<style>rect { fill: url(//evil.example/a) }</style>", 21, "url(//evil.example/a) loads"),
    ("<style>g { width: expression(alert(1)) }</style>", 19, "expression() is not allowed"),
    ("<style>g { fill: \\75 rl(x) }</style>", 18, "a backslash escape is not allowed"),
    ('<style>g { font-family: "x }</style>', 25, "a quoted string that does not end on its"),
    ("<rect style=\"fill:url('//evil.example/')\"/>", 7, "url(//evil.example/) loads"),
    ('<g xml:base="https://evil.example/"/>', 4, "xml:base= in namespace"),
    (
        '<?xml-stylesheet href="https://evil.example/x.css"?>',
        1,
        "processing instruction <?xml-stylesheet?> is not allowed",
    ),
    ("<rect></svg>", 9, "not well-formed XML: mismatched tag"),
    ("<rect fill='&unknown;'/>", 1, "not well-formed XML: undefined entity"),
]


@pytest.mark.parametrize(("line3", "col", "words"), HOSTILE)
def test_each_hostile_construct_is_refused_where_it_is(line3: str, col: int, words: str) -> None:
    errors = logo_errors(logo(line3), "models/acme/logo.svg")
    assert errors, "accepted"
    assert all(e.path == "models/acme/logo.svg" and e.line == 3 and e.expected for e in errors)
    assert any(e.col == col and words in e.message for e in errors), errors


def test_error_text_names_what_is_expected() -> None:
    (error,) = logo_errors(logo('<g onload="alert(1)"/>'), "models/acme/logo.svg")
    assert str(error) == (
        "models/acme/logo.svg:3:4: <g> attribute onload= is an event handler "
        "(expected no on… attributes: a logo runs no script)"
    )


def test_every_problem_of_a_logo_is_reported() -> None:
    data = logo('<g onload="a()"><script>b()</script><use href="https://x/y#z"/></g>')
    found = [(e.line, e.col, e.message.split(" is ")[0]) for e in logo_errors(data, "l.svg")]
    assert found == [
        (3, 4, "<g> attribute onload="),
        (3, 17, "element <script>"),
        (3, 42, "<use> attribute href='https://x/y#z' refers outside the logo"),
    ]


@pytest.mark.parametrize(
    ("data", "line", "col", "words"),
    [
        (b'<svg viewBox="0 0 1 1"/>', 1, 1, "the root element <svg> is not in the SVG namespace"),
        (f"<html {SVG}/>".encode(), 1, 1, "the root element <html> is not <svg>"),
        (b"\n\n<svg", 3, 1, "not well-formed XML: unclosed token"),
        (b"", 1, 1, "not well-formed XML: no element found"),
        (f"<svg {SVG}>\n<text>caf\xe9</text></svg>".encode("latin-1"), 2, 10, "byte 0xe9 is not"),
        (f"<svg {SVG}>\n<text>caf\xe9</text></svg>".encode("utf-16"), 1, 1, "byte 0xff is not"),
        (b"x" * (256 * 1024 + 1), 1, 1, "logo is over the size limit of 262,144 bytes"),
    ],
)
def test_what_is_not_an_svg_document_is_refused(
    data: bytes, line: int, col: int, words: str
) -> None:
    errors = logo_errors(data, "l.svg")
    assert [(e.line, e.col) for e in errors] == [(line, col)], errors
    assert words in errors[0].message


def test_billion_laughs_is_refused_at_once() -> None:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    data = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg [\n' + "\n".join(entities) + "\n]>\n"
        f"<svg {SVG}><text>&lol9;</text></svg>\n"
    ).encode()
    start = time.perf_counter()
    errors = logo_errors(data, "l.svg")
    assert time.perf_counter() - start < 0.5
    assert [str(e) for e in errors] == [
        "l.svg:2:1: a <!DOCTYPE> declaration is not allowed in a logo (it can declare entities "
        "that expand or load files) (expected an SVG without <!DOCTYPE> or <!ENTITY>)"
    ]


def test_external_entity_is_never_read() -> None:
    data = (
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        f"<svg {SVG}><text>&x;</text></svg>"
    ).encode()
    errors = logo_errors(data, "l.svg")
    assert [(e.line, e.col) for e in errors] == [(1, 1)]
    assert "root:" not in str(errors)
    # The SVG 1.1 doctype that editors write is refused too, without being fetched.
    public = (
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        f"<svg {SVG}/>"
    ).encode()
    assert [e.line for e in logo_errors(public, "l.svg")] == [1]


def test_starter_logos_pass() -> None:
    logos = sorted((PROJECT / "models").glob("*/logo.svg"))
    assert len(logos) >= 7
    for path in logos:
        assert logo_errors(path.read_bytes(), str(path)) == [], path


@pytest.mark.parametrize("name", ["Acme", "A&B Labs", "<Evil>", "Zürich AI", "42", ""])
def test_importer_monogram_passes(name: str) -> None:
    assert logo_errors(monogram_svg("acme-labs", name), "logo.svg") == []


def test_an_ordinary_designer_logo_passes() -> None:
    # Gradients, clip paths, same-document references, a stylesheet with url(#id), transforms,
    # filters, an XML declaration, comments, CDATA and accessibility text: all drawing.
    data = """<?xml version="1.0" encoding="UTF-8"?>
<!-- Exported by hand -->
<svg SVG XLINK viewBox="0 0 64 64" role="img" aria-labelledby="t">
  <title id="t">Acme (logo)</title>
  <desc>Acme's mark</desc>
  <defs>
    <linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#f00"/>
      <stop offset="1" stop-color="rgb(0, 0, 255)"/></linearGradient>
    <clipPath id="c"><circle cx="32" cy="32" r="30"/></clipPath>
    <filter id="f"><feGaussianBlur stdDeviation="1"/><feOffset dx="1"/></filter>
    <symbol id="s"><path d="M0 0L10 10Z"/></symbol>
    <style><![CDATA[
      .a { fill: url(#g); transform: rotate(45deg) translate(1px, 2px); }
      @media (prefers-color-scheme: dark) { .a { fill: hsl(0 0% 100%); } }
      g:not(.a) > path { stroke: var(--c, #000); font-family: "Acme Sans", sans-serif; }
    ]]></style>
  </defs>
  <g clip-path="url(#c)" transform="translate(2 2) scale(0.9)" filter="url('#f')">
    <rect class="a" width="64" height="64" rx="14" style="opacity: .9"/>
    <use xlink:href="#s" x="4"/><use href="#s" y="4"/>
    <text x="32" y="42" xml:space="preserve" font-family="system-ui,sans-serif">Ac</text>
  </g>
</svg>
""".replace("SVG XLINK", f"{SVG} {XLINK}")
    assert logo_errors(data.encode(), "l.svg") == []
