"""Derive stage, the model level: a page per model card, with every offer of it.

A model card (labs/<lab>/<model>.yaml) is what a lab released; the provider cards that name it
are its offers, each with its regions. The model page shows the model's facts once and a grid of
every offer × region that serves it, cheapest first; each offer page links up to it and lists the
model's other offers ("Also offered by"). The figures are the offer pages' own (derived in
catalog/derive/site.py from the billing rules), so the grid and the offer pages cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from catalog.derive import billing, facts, paths
from catalog.derive import formatting as fmt
from catalog.derive.facts import BenchmarkRow, Fact
from catalog.read.validate import Catalog, LabModel

if TYPE_CHECKING:
    from catalog.derive.site import ModelPage


@dataclass(frozen=True)
class OfferRow:
    """One offer × region of a model, as the model page's grid and "Also offered by" show it."""

    page_id: str
    url: str  # the offer page, relative to the site root
    provider_id: str
    provider: str
    name: str  # the offer's model id at its provider (its card's), e.g. us.anthropic.claude-…
    region_id: str  # "" for an offer without regions
    region: str
    country: str  # ISO code, "" unknown
    geography: str  # the data-residency geography, "" unknown
    input: str
    output: str
    cache_read: str
    batch: str  # "$0.20 / $0.80", "" when the offer has no batch prices
    tier: str  # "over 200K", "" without long-context tiers
    context: str
    max_output: str
    retention: str
    training: str
    status: str
    blended: Decimal | None = field(compare=False)  # the sort key


@dataclass
class ModelSheet:
    """A model card's page: its facts and its offers."""

    id: str  # lab/model
    url: str
    record_url: str
    entry: LabModel
    lab: str  # the lab's name
    lab_url: str  # its website, "" unknown
    name: str
    description: str  # Markdown
    facts: list[Fact]
    benchmarks: list[BenchmarkRow]
    released: str
    offers: list[OfferRow] = field(default_factory=list)  # cheapest first
    pages: list[ModelPage] = field(default_factory=list, repr=False)  # in the order of offers
    geographies: list[str] = field(default_factory=list)
    providers: int = 0
    canonical: str = ""


def _money_pair(first: Decimal | None, second: Decimal | None) -> str:
    return f"{fmt.money(first)} / {fmt.money(second)}"


def offer_row(page: ModelPage) -> OfferRow:
    card, region = page.model.card, page.region
    assert page.offer is not None
    policy = facts.data_policy(card.data_policy, page.provider.file.data_policy)
    batch = page.pricing.batch
    return OfferRow(
        page_id=page.id,
        url=page.url,
        provider_id=page.provider.id,
        provider=page.provider.file.name,
        name=page.model.id.split("/", 1)[1],
        region_id=page.region_id or "",
        region=region.name if region else "",
        country=region.country if region else (page.provider.file.headquarters or ""),
        geography=region.geography if region else page.geo,
        input=fmt.money(page.pricing.input),
        output=fmt.money(page.pricing.output),
        cache_read=fmt.money(page.pricing.cache_read),
        batch=_money_pair(batch.input, batch.output) if batch else "",
        tier=(
            "over " + billing.count_text(page.offer.tiers[0].threshold) if page.offer.tiers else ""
        ),
        context=fmt.tokens(card.context_window),
        max_output=fmt.tokens(card.max_output),
        retention=fmt.yes_no(policy.data_retention),
        training=fmt.yes_no(policy.used_for_training),
        status=card.status,
        blended=page.blended_price,
    )


def _order(row: OfferRow) -> tuple[bool, Decimal, str, str]:
    """Cheapest first (by the charts' 3:1 blended price), unknown prices last."""
    return row.blended is None, row.blended or Decimal(0), row.provider, row.region_id


def _facts(model: LabModel, offers: list[OfferRow]) -> list[Fact]:
    card = model.card
    parameters = card.parameters
    weights = {True: "Open", False: "Closed"}
    rows = [
        *facts.limit_facts(card),
        *([Fact("Knowledge cutoff", card.knowledge_cutoff)] if card.knowledge_cutoff else []),
        *([Fact("Weights", weights[card.open_weights])] if card.open_weights is not None else []),
        *([Fact("Licence", card.licence)] if card.licence else []),
        *([Fact("Parameters", fmt.parameters(parameters.total))] if parameters else []),
        *(
            [Fact("Active parameters", fmt.parameters(parameters.active))]
            if parameters and parameters.active
            else []
        ),
        Fact("Offers", f"{len(offers)} (providers × regions)"),
    ]
    return rows


def model_sheets(
    catalog: Catalog, by_model: dict[str, list[ModelPage]], base_url: str
) -> dict[str, ModelSheet]:
    """A sheet per model card, with its offers' rows; ``by_model`` holds each provider card's
    pages. A model card that no offer names yet still has its page (with no offers)."""
    offers: dict[str, list[ModelPage]] = {}
    for pages in by_model.values():
        entry = pages[0].model
        if entry.base is not None:
            offers.setdefault(entry.base.id, []).extend(pages)
    sheets = {}
    for model_id, model in sorted(catalog.lab_models.items()):
        lab = catalog.labs.get(model.lab_id)
        pairs = sorted(
            ((offer_row(p), p) for p in offers.get(model_id, [])), key=lambda rp: _order(rp[0])
        )
        rows = [row for row, _ in pairs]
        url = paths.model_url(model_id)
        sheets[model_id] = ModelSheet(
            id=model_id,
            url=url,
            record_url=paths.model_record_url(model_id),
            entry=model,
            lab=lab.file.name if lab else model.lab_id,
            lab_url=lab.file.website if lab else "",
            name=model.card.name,
            description=model.card.description,
            facts=_facts(model, rows),
            benchmarks=facts.benchmark_rows(catalog, model.card.benchmarks),
            released=fmt.month(model.card.released),
            offers=rows,
            pages=[page for _, page in pairs],
            geographies=sorted({r.geography for r in rows if r.geography}),
            providers=len({r.provider_id for r in rows}),
            canonical=base_url + url,
        )
    return sheets


def also_offered(page: ModelPage, sheet: ModelSheet) -> list[OfferRow]:
    """The model's offers at other providers, each provider's cheapest region once."""
    seen = {page.provider.id}
    rows = []
    for row in sheet.offers:  # cheapest first
        if row.provider_id not in seen:
            seen.add(row.provider_id)
            rows.append(row)
    return rows
