"""The render stage: Markdown is sanitized, card text is escaped, never evaluated."""

from __future__ import annotations

from pathlib import Path

from catalog.render.pages import MarkdownRenderer
from catalog.write.pipeline import build


def test_markdown_keeps_formatting_and_drops_what_could_run() -> None:
    md = MarkdownRenderer()
    html = md(
        "A *fast* model with `code` and [docs](https://example.org).\n\n"
        "<script>alert(1)</script><img src=https://evil.example/x.png onerror=alert(1)>\n\n"
        "[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)"
    )
    assert "<em>fast</em>" in html
    assert "<code>code</code>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">docs</a>' in html
    assert "<script" not in html
    assert "<img" not in html
    assert "javascript:" not in html
    assert "data:" not in html


def test_markdown_is_converted_once_per_distinct_text() -> None:
    md = MarkdownRenderer()
    assert md("**a**") is md("**a**")


def test_card_text_is_escaped_and_template_syntax_is_printed(
    catalog_dir: Path, tmp_path: Path
) -> None:
    rocket = catalog_dir / "acme/rocket.yaml"
    text = rocket.read_text().replace("name: Rocket", 'name: "Rocket <b>{{ 7 * 7 }}</b>"')
    text = text.replace("description: A *fast* model.", 'description: "{% raw %}{{ site }}"')
    rocket.write_text(text)
    build(catalog_dir, tmp_path / "out")
    html = (tmp_path / "out/models/acme/rocket@eu-west.html").read_text()
    assert "Rocket &lt;b&gt;{{ 7 * 7 }}&lt;/b&gt;" in html
    assert "<b>" not in html
    assert "49" not in html
    assert "{% raw %}{{ site }}" in html
