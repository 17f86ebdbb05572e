"""Quickstart code for every model page, highlighted with Pygments.

Only the model ID differs between pages, so each language's snippet is highlighted once, with a
placeholder where the ID goes, and the escaped ID is filled in per page. Highlighting is most of
a naive build's time; this makes it a string replace.
"""

from __future__ import annotations

import functools
import html
import json
from dataclasses import dataclass
from typing import NamedTuple

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import BashLexer, JavascriptLexer, PythonLexer

from catalog.schema import Site

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


def _python(site: _Settings, model: str) -> str:
    return f'''from openai import OpenAI

client = OpenAI(
    api_key="{site.api_key_placeholder}",
    base_url="{site.base_url}",
)

response = client.chat.completions.create(
    model="{model}",
    messages=[
        {{"role": "user", "content": {json.dumps(site.quickstart_prompt)}}},
    ],
)

print(response.choices[0].message.content)
'''


def _javascript(site: _Settings, model: str) -> str:
    return f'''import OpenAI from "openai";

const client = new OpenAI({{
  apiKey: "{site.api_key_placeholder}",
  baseURL: "{site.base_url}",
}});

const response = await client.chat.completions.create({{
  model: "{model}",
  messages: [
    {{ role: "user", content: {json.dumps(site.quickstart_prompt)} }},
  ],
}});

console.log(response.choices[0].message.content);
'''


def _curl(site: _Settings, model: str) -> str:
    body = json.dumps(
        {"model": model, "messages": [{"role": "user", "content": site.quickstart_prompt}]},
        indent=2,
        ensure_ascii=False,
    )
    body = body.replace("'", "'\\''")  # inside single quotes for the shell
    return f"""curl {site.base_url}/chat/completions \\
  -H "Authorization: Bearer {site.api_key_placeholder}" \\
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


@functools.cache
def _template(site: _Settings, lang: str) -> tuple[str, str]:
    for key, _, make, lexer in _LANGUAGES:
        if key == lang:
            code = make(site, _PLACEHOLDER)
            return code, _lines(highlight(code, lexer(), _FORMATTER))
    raise KeyError(lang)


def quickstart(site: Site, model_id: str) -> list[Snippet]:
    """The Python, JavaScript and cURL snippets calling ``model_id`` through the router."""
    settings = _Settings(site.api_key_placeholder, site.base_url, site.quickstart_prompt)
    snippets = []
    for lang, label, _, _ in _LANGUAGES:
        code, marked_up = _template(settings, lang)
        snippets.append(
            Snippet(
                lang=lang,
                label=label,
                code=code.replace(_PLACEHOLDER, model_id),
                html=marked_up.replace(_PLACEHOLDER, html.escape(model_id)),
            )
        )
    return snippets


def stylesheet() -> str:
    """Pygments colours for light and dark schemes, scoped to code blocks."""
    light = HtmlFormatter(style="xcode", classprefix="").get_style_defs(f".{CSS_CLASS}")
    dark = HtmlFormatter(style="lightbulb", classprefix="").get_style_defs(f".{CSS_CLASS}")
    dark = "\n".join(f"  {line}" for line in dark.splitlines())
    return f"{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"
