"""Built pages: the reference page's golden text, and the structure every model page shares.

The golden file is reviewed when it changes: set UPDATE_GOLDEN=1 to rewrite it, then read the
diff before committing.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from tests.pagetext import page_text

GOLDEN = Path(__file__).parent / "golden"
REFERENCE = "models/azure/gpt-4.1-mini@francecentral.html"


def test_reference_page_golden_text(starter_site: Path) -> None:
    text = page_text((starter_site / REFERENCE).read_text())
    golden = GOLDEN / "azure-gpt-4.1-mini@francecentral.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text)
    assert text == golden.read_text()


def test_reference_page_fixes_the_reference_errors(starter_site: Path) -> None:
    text = page_text((starter_site / REFERENCE).read_text())
    assert "1,397 words" not in text
    assert "roughly 786,000 words" in text
    # The FAQ quotes only benchmarks that the page shows.
    for absent in ("HumanEval", "MATH", "AIME", "MMMU", "LiveBench"):
        assert absent not in text
    faq = text.split("How does gpt-4.1-mini perform on benchmarks?")[1].split("\n")[1]
    shown = re.findall(r"^(\S[^\n]*)\n(?:coding|reasoning|knowledge)\n", text, re.M)
    assert shown == ["SWE-Bench Verified", "GPQA Diamond", "MMLU Pro", "Aider Polyglot"]
    for name in shown:
        assert name in faq


def test_reference_sections_in_order(starter_site: Path) -> None:
    text = page_text((starter_site / REFERENCE).read_text()).split("model catalog\n", 1)[1]
    order = [
        "Microsoft Azure AI",
        "gpt-4.1-mini",
        "GPT-4.1 Mini is a mid-sized model",
        "Vision",
        "Specifications",
        "Context window",
        "Provider location",
        "Benchmarks",
        "Released 2025-04",
        "Scores are sourced from",
        "Pricing",
        "Input / 1M",
        "Estimated cost",
        "Requesty charges exactly",
        "Quickstart",
        "Other Microsoft Azure AI models",
        "Frequently asked questions",
        "Access gpt-4.1-mini through Requesty",
    ]
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_every_page_links_only_to_files_that_exist(starter_site: Path) -> None:
    pages = sorted(starter_site.rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        html = page.read_text()
        for ref in re.findall(r'(?:href|src)="([^"#?]+)', html):
            if ref.startswith("https://"):
                continue  # outbound links; test_no_request_to_another_host covers loads
            base = starter_site if ref.startswith("/") else page.parent
            assert (base / ref.lstrip("/")).resolve().is_file(), f"{page}: {ref}"


def test_no_request_to_another_host(starter_site: Path) -> None:
    """Only links (<a>, canonical, alternate) may point elsewhere; nothing loads from elsewhere."""
    loads = (
        r'<(?:script|img|iframe|source|audio|video|embed|object)[^>]+(?:src|data)="(?:https?:)?//'
    )
    for page in starter_site.rglob("*.html"):
        html = page.read_text()
        assert not re.search(loads, html), page
        for tag in re.findall(r"<link [^>]+>", html):
            if re.search(r'rel="(?:canonical|alternate)"', tag):
                continue
            assert not re.search(r'href="(?:https?:)?//', tag), (page, tag)
    for css in starter_site.rglob("*.css"):
        assert "url(" not in css.read_text()


def test_index_links_every_model_and_every_offer_is_one_step_away(starter_site: Path) -> None:
    def links(page: str) -> set[str]:
        html = (starter_site / page).read_text()
        root = "../" * page.count("/")
        found = re.findall(r'href="' + re.escape(root) + r'((?:models|labs)/[^"#]+)', html)
        return set(found)

    def pages(folder: str) -> set[str]:
        found = starter_site.glob(f"{folder}/**/*.html")
        return {p.relative_to(starter_site).as_posix() for p in found}

    from_index = links("index.html")
    assert pages("labs") <= from_index  # every model card's page
    # every offer page: linked from the index (a card of its own, the cheapest offers), or
    # from a model card's page or another region's page the index links
    reached = set(from_index)
    for page in from_index:
        reached |= links(page)
    assert pages("models") <= reached


def test_code_blocks_without_javascript_are_all_present(starter_site: Path) -> None:
    html = (starter_site / REFERENCE).read_text()
    for lang in ("python", "javascript", "curl"):
        assert f'id="code-{lang}"' in html
    # The copy buttons are hidden until the script can make them work.
    assert html.count('class="copy"') == html.count("hidden>Copy")


def test_unknown_headquarters_is_shown_as_unknown(catalog_dir: Path, tmp_path: Path) -> None:
    from catalog.write.pipeline import build

    provider = catalog_dir / "acme/provider.yaml"
    provider.write_text(provider.read_text().replace("headquarters: US\n", ""))
    out = tmp_path / "out"
    build(catalog_dir, out)
    pebble = page_text((out / "models/acme/pebble.html").read_text())  # no region, no country
    assert "Provider location\n—\n" in pebble
    rocket = page_text((out / "models/acme/rocket@eu-west.html").read_text())
    assert "Provider location\n🇪🇺 EU\n" in rocket
    assert "Headquarters\n—\n" in page_text((out / "providers/acme.html").read_text())
    index = (out / "index.html").read_text()
    assert '<option value="">Anywhere</option><option value="EU">' in index.replace("\n", "")
    assert 'data-geos=""' in index  # a model whose only offer has no known geography
