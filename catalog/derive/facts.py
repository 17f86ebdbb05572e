"""The small values pages show (facts, links, badges, benchmark rows) and the rules that make
some of them, shared by the offer pages (catalog/derive/site.py) and the model pages
(catalog/derive/models.py)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from catalog.derive import formatting as fmt
from catalog.read.schema import Card, DataPolicy, ModelCard, Score
from catalog.read.validate import Catalog


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    copy: bool = False  # offer a copy button for the value


@dataclass(frozen=True)
class Badge:
    id: str
    label: str
    icon: str


@dataclass(frozen=True)
class BenchmarkRow:
    name: str
    category: str
    description: str
    score: str
    bar: str  # the bar's length on a 0–100 scale, e.g. '55.1'
    source: str
    by: str  # "Published by OpenAI", "Measured by aider.chat" (provenance())
    date: str  # "Aug 23, 2025", "" unknown
    published: str  # "maker", "hub" or "independent"


@dataclass(frozen=True)
class FaqItem:
    question: str
    answer: str
    markdown: bool  # card answers are Markdown; generated answers are plain text


@dataclass(frozen=True)
class Link:
    label: str
    url: str  # relative to the site root
    note: str = ""


@dataclass(frozen=True)
class Place:
    code: str  # e.g. 'US', 'EU'
    flag: str  # e.g. '🇺🇸' (decorative; the code carries the meaning)


def data_policy(own: DataPolicy, default: DataPolicy) -> DataPolicy:
    """A card's own data policy where it says one, else its provider's default."""
    return DataPolicy(
        data_retention=(
            own.data_retention if own.data_retention is not None else default.data_retention
        ),
        used_for_training=(
            own.used_for_training if own.used_for_training is not None
            else default.used_for_training
        ),
    )  # fmt: skip


MODALITY_NAMES = {
    "text": "text", "image": "image", "audio": "audio", "video": "video", "pdf": "PDF",
}  # fmt: skip


def modality_facts(card: Card | ModelCard) -> list[Fact]:
    if card.modalities is None:
        return []

    def names(kinds: list[str]) -> str:
        text = ", ".join(MODALITY_NAMES[k] for k in kinds)
        return text[:1].upper() + text[1:]  # not str.capitalize(): it would write "Text, pdf"

    return [
        Fact("Accepts", names(list(card.modalities.input))),
        Fact("Returns", names(list(card.modalities.output))),
    ]


def limit_facts(card: Card | ModelCard) -> list[Fact]:
    """A model's limits and what it reads and writes, as an offer's page and a model card's page
    list them first."""
    return [
        Fact("Context window", tokens_phrase(card.context_window)),
        *([Fact("Max input", tokens_phrase(card.max_input))] if card.max_input else []),
        Fact("Max output", tokens_phrase(card.max_output)),
        *modality_facts(card),
    ]


def tokens_phrase(count: int | None) -> str:
    return fmt.UNKNOWN if count is None else f"{fmt.tokens(count)} tokens"


def site_host(url: str) -> str:
    """The host a link goes to, as a reader names it: aider.chat, openai.com."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _domain(host: str) -> str:
    """The host's last two labels: docs.anthropic.com and www.anthropic.com are anthropic.com."""
    return ".".join(host.split(".")[-2:])


def provenance(source: str, maker: str, maker_website: str) -> tuple[str, str]:
    """Who published a score, from where its source is: ("maker", "Published by OpenAI") when
    it is on the domain of the maker's website (the lab's, from lab.yaml, or the provider's for
    a card of its own); ("hub", "Published by deepseek-ai on Hugging Face") for a model page on
    the Hub, the claim of the organisation that uploaded it; else ("independent", "Measured by
    aider.chat"): a leaderboard or the benchmark's own site."""
    host = site_host(source)
    if maker_website and _domain(host) == _domain(site_host(maker_website)):
        return "maker", f"Published by {maker}"
    parts = [part for part in urlsplit(source).path.split("/") if part]
    if host == "huggingface.co" and len(parts) >= 2:
        return "hub", f"Published by {parts[0]} on Hugging Face"
    return "independent", f"Measured by {host}"


def benchmark_rows(
    catalog: Catalog, scores: dict[str, Score], maker: str, maker_website: str
) -> list[BenchmarkRow]:
    """A model's scores as the page shows them, in the card's order, each with who published
    it and when."""
    rows = []
    for bench_id, score in scores.items():
        bench = catalog.benchmarks[bench_id]
        kind, by = provenance(score.source, maker, maker_website)
        rows.append(
            BenchmarkRow(
                name=bench.name,
                category=bench.category,
                description=bench.description,
                score=fmt.score(score.score, bench.unit),
                bar=fmt.percent_of_scale(score.score, bench.min, bench.max),
                source=score.source,
                by=by,
                date=fmt.long_date(score.date) if score.date else "",
                published=kind,
            )
        )
    return rows
