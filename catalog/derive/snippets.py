"""Quickstart code for every model page, highlighted with Pygments.

Only the model ID differs between pages, so each language's snippet is highlighted once, with a
placeholder where the ID goes, and the escaped ID is filled in per page. Highlighting is most of
a naive build's time; this makes it a string replace.

Every value put into a snippet comes from site.yaml or a card, and a visitor pastes the snippet
into a terminal or an editor and runs it. So each value is written as a literal of its language
(a Python or JavaScript string, a shell word), never spliced in raw: whatever it holds, the code
passes it as data and runs nothing else. Ordinary values come out exactly as before.
"""

from __future__ import annotations

import functools
import html
import json
import re
import shlex
from dataclasses import dataclass
from typing import NamedTuple

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import BashLexer, JavascriptLexer, PythonLexer

from catalog.read.schema import Settings

# Letters only, so that no lexer splits it and no escaping touches it.
_PLACEHOLDER = "CATALOGMODELIDPLACEHOLDER"
CSS_CLASS = "hl"


@dataclass(frozen=True)
class Snippet:
    lang: str  # short id, used in element ids
    label: str  # tab label
    code: str  # the plain text a copy button puts on the clipboard
    html: str  # highlighted lines, one <span class="line"> each


class _Settings(NamedTuple):
    """The parts of the site settings the snippets use (hashable, so highlighting is cached)."""

    api_key_placeholder: str
    base_url: str
    quickstart_prompt: str


_PYTHON_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def py_string(value: str, *, ascii_only: bool = False) -> str:
    """``value`` as a double-quoted Python string literal. Line breaks, control and format
    characters (bidi overrides among them) are escaped: raw, they end the literal or make the
    code shown differ from the code run. ``ascii_only`` escapes all that is not ASCII, as the
    prompt always was (json.dumps' look, which Python reads the same for every BMP character)."""
    out = []
    for c in value:
        if c in _PYTHON_ESCAPES:
            out.append(_PYTHON_ESCAPES[c])
        elif c.isprintable() and not (ascii_only and not c.isascii()):
            out.append(c)
        else:  # \U for an astral character: JSON's surrogate pair would be two in Python
            out.append(f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}")
    return '"' + "".join(out) + '"'


def _json_printable(text: str, keep: str = "") -> str:
    """JSON text with what json.dumps leaves raw but is not printable (DEL, C1, U+2028/2029,
    bidi controls, lone surrogates) escaped as well; ``keep`` is left raw (the line breaks of
    indented JSON, which are never inside a string: json.dumps escapes those)."""
    out = []
    for c in text:
        if c.isprintable() or c in keep:
            out.append(c)
        elif ord(c) < 0x10000:
            out.append(f"\\u{ord(c):04x}")
        else:  # JSON and JavaScript read the UTF-16 halves back as the one character
            high, low = divmod(ord(c) - 0x10000, 0x400)
            out.append(f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}")
    return "".join(out)


def js_string(value: str, *, ascii_only: bool = False) -> str:
    """``value`` as a JavaScript string literal (a JSON one, which JavaScript reads the same).
    ``</`` and ``<!--`` are escaped as well, so the literal stays one even if the snippet is ever
    put inside a ``<script>`` element. ``ascii_only`` as for :func:`py_string`."""
    literal = _json_printable(json.dumps(value, ensure_ascii=ascii_only))
    return literal.replace("</", "<\\/").replace("<!--", "\\u003c!--")


# What a shell leaves alone between double quotes, and so may stay there as the snippet has
# always shown it: not ", \\, $ or ` (expanded or ending the word) and not ! (history expansion
# in an interactive bash, which a backslash does not prevent inside double quotes).
_DOUBLE_QUOTE_SAFE = re.compile(r'[^"\\$`!]*')


def sh_word(value: str) -> str:
    """``value`` as one shell word: bare if it needs no quoting, else single-quoted
    (:func:`shlex.quote`), or ANSI-C quoted if it holds what is not printable."""
    return shlex.quote(value) if value.isprintable() else _ansi_c(value)


def sh_double_quoted(value: str) -> str:
    """``value`` as one shell word in double quotes where that is safe (the snippet's look), or
    quoted as :func:`sh_word` quotes it where it is not."""
    if _DOUBLE_QUOTE_SAFE.fullmatch(value) and value.isprintable():
        return f'"{value}"'
    return sh_word(value)


def _ansi_c(value: str) -> str:
    # Raw in a pasted line, a control character is a key press to an interactive shell (DEL
    # erases the character before it, ^C ends the line) and a bidi control reorders what is
    # shown; bash's and zsh's $'…' quoting spells each as an escape instead.
    out = []
    for c in value:
        if c in "\\'":
            out.append("\\" + c)
        elif c.isprintable():
            out.append(c)
        elif ord(c) < 0x80:
            out.append(f"\\x{ord(c):02x}")
        else:
            out.append(f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}")
    return "$'" + "".join(out) + "'"


def _python(site: _Settings, model: str) -> str:
    return f"""from openai import OpenAI

client = OpenAI(
    api_key={py_string(site.api_key_placeholder)},
    base_url={py_string(site.base_url)},
)

response = client.chat.completions.create(
    model={py_string(model)},
    messages=[
        {{"role": "user", "content": {py_string(site.quickstart_prompt, ascii_only=True)}}},
    ],
)

print(response.choices[0].message.content)
"""


def _javascript(site: _Settings, model: str) -> str:
    return f"""import OpenAI from "openai";

const client = new OpenAI({{
  apiKey: {js_string(site.api_key_placeholder)},
  baseURL: {js_string(site.base_url)},
}});

const response = await client.chat.completions.create({{
  model: {js_string(model)},
  messages: [
    {{ role: "user", content: {js_string(site.quickstart_prompt, ascii_only=True)} }},
  ],
}});

console.log(response.choices[0].message.content);
"""


def _curl(site: _Settings, model: str) -> str:
    body = json.dumps(
        {"model": model, "messages": [{"role": "user", "content": site.quickstart_prompt}]},
        indent=2,
        ensure_ascii=False,
    )
    # Inside single quotes the shell takes every character as it is, except the quote itself,
    # which ends the quoting: close, add an escaped quote, reopen.
    body = _json_printable(body, keep="\n").replace("'", "'\\''")
    url = sh_word(f"{site.base_url}/chat/completions")
    auth = sh_double_quoted(f"Authorization: Bearer {site.api_key_placeholder}")
    return f"""curl {url} \\
  -H {auth} \\
  -H "Content-Type: application/json" \\
  -d '{body}'
"""


_LANGUAGES = (
    ("python", "Python", _python, PythonLexer),
    ("javascript", "JavaScript", _javascript, JavascriptLexer),
    ("curl", "cURL", _curl, BashLexer),
)

_FORMATTER = HtmlFormatter(nowrap=True, classprefix="")


def _lines(highlighted: str) -> str:
    # One span per line lets CSS number the lines (a counter), so copying the code or reading it
    # with a screen reader never picks up the numbers.
    rows = highlighted.rstrip("\n").split("\n")
    return "".join(f'<span class="line">{row}</span>\n' for row in rows)


def _highlighted(code: str, lang: str) -> str:
    lexer = next(lexer for key, _, _, lexer in _LANGUAGES if key == lang)
    return _lines(highlight(code, lexer(), _FORMATTER))


@functools.cache
def _template(site: _Settings, lang: str) -> tuple[str, str]:
    make = next(make for key, _, make, _ in _LANGUAGES if key == lang)
    code = make(site, _PLACEHOLDER)
    return code, _highlighted(code, lang)


# A model id made of these reads the same as a Python, JavaScript or JSON string (the cURL body,
# in single quotes) and in HTML, so it can replace the placeholder as it is. Card ids are of these
# (see schema.Id); any other id gets snippets made and highlighted for it alone.
_PLAIN_ID = re.compile(r"[A-Za-z0-9._/@:+-]+")


def quickstart(site: Settings, model_id: str) -> list[Snippet]:
    """The Python, JavaScript and cURL snippets calling ``model_id`` through the router."""
    settings = _Settings(site.api_key_placeholder, site.base_url, site.quickstart_prompt)
    # The placeholder stands for the id only if no setting holds it too.
    shared = _PLAIN_ID.fullmatch(model_id) is not None and not any(
        _PLACEHOLDER in value for value in settings
    )
    snippets = []
    for lang, label, make, _ in _LANGUAGES:
        if shared:
            code, marked_up = _template(settings, lang)
            code = code.replace(_PLACEHOLDER, model_id)
            marked_up = marked_up.replace(_PLACEHOLDER, html.escape(model_id))
        else:
            code = make(settings, model_id)
            marked_up = _highlighted(code, lang)
        snippets.append(Snippet(lang=lang, label=label, code=code, html=marked_up))
    return snippets


def stylesheet() -> str:
    """Pygments colours for light and dark schemes, scoped to code blocks."""
    light = HtmlFormatter(style="xcode", classprefix="").get_style_defs(f".{CSS_CLASS}")
    dark = HtmlFormatter(style="lightbulb", classprefix="").get_style_defs(f".{CSS_CLASS}")
    dark = "\n".join(f"  {line}" for line in dark.splitlines())
    return f"{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"
