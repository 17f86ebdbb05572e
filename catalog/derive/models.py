"""Derive stage, the model level: a page per model card, with every offer of it.

A model card (labs/<lab>/<model>.yaml) is what a lab released; the provider cards that name it
are its offers, each with its regions. The model page shows the model's facts once and a grid of
every offer × region that serves it, cheapest first; each offer page links up to it and lists the
model's other offers ("Also offered by"). The figures are the offer pages' own (derived in
catalog/derive/site.py from the billing rules), so the grid and the offer pages cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
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
    across: str  # a cross-region profile's reach, "EU regions" or "any region"; "" otherwise
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
        # A cross-region profile (a geography, no region) runs in no one country.
        country=(
            region.country
            if region
            else ""
            if card.geography
            else (page.provider.file.headquarters or "")
        ),
        geography=region.geography if region else page.geo,
        across=(
            ""
            if region or not card.geography
            else "any region"
            if card.geography == "GLOBAL"
            else f"{card.geography} regions"
        ),
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


def offer_rank(page: ModelPage) -> tuple[bool, Decimal, bool, str, str, str]:
    """The one order of a model's offers, wherever they are ranked (the model page's grid, the
    index's cheapest offer, the charts' point): cheapest first by the charts' 3:1 blended price,
    unknown prices last; where prices tie the lab's own API first, then by provider and region."""
    blended, base = page.blended_price, page.model.base
    own = base is not None and page.provider.id == base.lab_id
    return (
        blended is None, blended or Decimal(0), not own, page.provider.file.name,
        page.region_id or "", page.id,
    )  # fmt: skip


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
        lab_name, lab_url = (lab.file.name, lab.file.website) if lab else (model.lab_id, "")
        pairs = [(offer_row(p), p) for p in sorted(offers.get(model_id, []), key=offer_rank)]
        rows = [row for row, _ in pairs]
        url = paths.model_url(model_id)
        sheets[model_id] = ModelSheet(
            id=model_id,
            url=url,
            record_url=paths.model_record_url(model_id),
            entry=model,
            lab=lab_name,
            lab_url=lab_url,
            name=model.card.name,
            description=model.card.description,
            facts=_facts(model, rows),
            benchmarks=facts.benchmark_rows(catalog, model.card.benchmarks, lab_name, lab_url),
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


# --------------------------------------------------------------------------- the index's lines


@dataclass(frozen=True)
class Cheapest:
    """One offer of a model as its index line and the compare page show it: its prices and
    where it is (the line's cheapest, anywhere or in a geography, is one of these)."""

    page_id: str
    geography: str  # the offer's, "" unknown
    url: str  # the offer page
    where: str  # "Azure, Sweden Central"
    input: str
    output: str
    input_value: Decimal | None  # what the price filter and sort compare
    output_value: Decimal | None

    @property
    def input_number(self) -> str:
        """Plain decimals for static/index.js, "" unknown."""
        return "" if self.input_value is None else str(self.input_value)

    @property
    def output_number(self) -> str:
        return "" if self.output_value is None else str(self.output_value)

    @property
    def data(self) -> list[str]:
        """As static/index.js reads it from a row's data-g."""
        return [
            self.geography, self.url, self.where, self.input, self.output, self.input_number,
            self.output_number,
        ]  # fmt: skip


@dataclass(frozen=True)
class ModelLine:
    """One model in the index: a model card with all its offers, or a card of its own with
    its regions. Frozen: equal lines render the same row (the renderer reuses it)."""

    id: str  # lab/model, or provider/model for a card of its own
    name: str
    url: str  # the model card's page; a card of its own: its cheapest region's page
    by: str  # the lab, or the provider of a card of its own
    status: str
    offers_text: str  # "9 at 4 providers"
    offers_url: str  # a model card's grid of offers; "" for a card of its own
    providers: tuple[str, ...]  # ids of the providers serving it
    capabilities: tuple[str, ...]  # of any offer
    inputs: tuple[str, ...]  # modalities; empty when unknown
    outputs: tuple[str, ...]
    modalities: str  # "text, image → text", "" unknown
    open_weights: bool | None
    batch: bool  # some offer has batch prices
    geographies: tuple[str, ...]  # of its offers
    context_window: int | None
    max_output: int | None
    context: str
    max_output_text: str
    added: str  # ISO date its first offer was added, "" without offers
    ranked: tuple[Cheapest, ...]  # every offer × region, cheapest first (offer_rank)
    # The cheapest in each geography of its offers where that is not the cheapest anywhere
    # (the index shows it when a visitor picks a geography).
    by_geography: tuple[Cheapest, ...]
    # What the line was made from (its pages, its model card), for model_lines() to reuse it;
    # not part of its value.
    sources: tuple[object, ...] = field(default=((), None), compare=False, repr=False)

    @property
    def offers(self) -> int:
        return len(self.ranked)

    @property
    def cheapest(self) -> Cheapest | None:
        """Anywhere; None for a model card no offer names yet."""
        return self.ranked[0] if self.ranked else None

    @property
    def weights(self) -> str:
        """As static/index.js filters them: "open", "closed", "" unknown."""
        if self.open_weights is None:
            return ""
        return "open" if self.open_weights else "closed"

    @property
    def input(self) -> str:
        return self.ranked[0].input if self.ranked else fmt.money(None)

    @property
    def output(self) -> str:
        return self.ranked[0].output if self.ranked else fmt.money(None)


def _where(page: ModelPage, pages: list[ModelPage]) -> str:
    """The provider and region; a provider's offer without a region that is one of several of
    the model there (Bedrock's us., eu. and global. inference profiles) adds its model id."""
    where = page.provider.file.name
    if page.region is not None:
        return f"{where}, {page.region.name}"
    if sum(1 for p in pages if p.provider is page.provider) > 1:
        return f"{where} ({page.model.id.split('/', 1)[1]})"
    return where


def _cheapest(page: ModelPage, pages: list[ModelPage]) -> Cheapest:
    return Cheapest(
        page_id=page.id,
        geography=page.geo,
        url=page.url,
        where=_where(page, pages),
        input=fmt.money(page.pricing.input),
        output=fmt.money(page.pricing.output),
        input_value=page.pricing.input,
        output_value=page.pricing.output,
    )


def _modalities(inputs: tuple[str, ...], outputs: tuple[str, ...]) -> str:
    if not inputs or not outputs:
        return ""
    names = facts.MODALITY_NAMES
    return ", ".join(names[m] for m in inputs) + " → " + ", ".join(names[m] for m in outputs)


def _same_sources(line: ModelLine, pages: list[ModelPage], sheet: ModelSheet | None) -> bool:
    old_pages, old_entry = line.sources
    return (
        len(old_pages) == len(pages)
        and all(a is b for a, b in zip(old_pages, pages, strict=True))
        and old_entry is (sheet.entry if sheet else None)
    )


def _line(model_id: str, pages: list[ModelPage], sheet: ModelSheet | None) -> ModelLine:
    """``pages`` cheapest first (offer_rank); a model card's line reads its card, a card of its
    own its first page's card (every region of a card shares it)."""
    card = sheet.entry.card if sheet is not None else pages[0].model.card
    modalities = card.modalities
    inputs = tuple(modalities.input) if modalities else ()
    outputs = tuple(modalities.output) if modalities else ()
    providers = tuple(sorted({p.provider.id for p in pages}))
    geographies = tuple(sorted({p.geo for p in pages if p.geo}))
    ranked = tuple(_cheapest(p, pages) for p in pages)
    by_geo = []
    for geo in geographies:
        first = next(c for c in ranked if c.geography == geo)  # ranked is cheapest first
        if first is not ranked[0]:
            by_geo.append(first)
    count = len(pages)
    offers_text = f"{count} at {len(providers)} provider{'s' if len(providers) != 1 else ''}"
    return ModelLine(
        id=model_id,
        name=card.name,
        url=sheet.url if sheet is not None else pages[0].url,
        by=sheet.lab if sheet is not None else pages[0].provider.file.name,
        status=card.status,
        offers_text=offers_text if count else "none yet",
        offers_url=sheet.url + "#offers" if sheet is not None and count else "",
        providers=providers,
        capabilities=tuple(sorted({c for p in pages for c in p.model.card.capabilities})),
        inputs=inputs,
        outputs=outputs,
        modalities=_modalities(inputs, outputs),
        open_weights=getattr(card, "open_weights", None),  # a model card's fact only
        batch=any(p.pricing.batch is not None for p in pages),
        geographies=geographies,
        context_window=card.context_window,
        max_output=card.max_output,
        context=fmt.tokens(card.context_window),
        max_output_text=fmt.tokens(card.max_output),
        added=min(p.added for p in pages).isoformat() if pages else "",
        ranked=ranked,
        by_geography=tuple(by_geo),
    )


def model_lines(
    by_model: dict[str, list[ModelPage]],
    sheets: dict[str, ModelSheet],
    previous: Sequence[ModelLine] = (),
) -> list[ModelLine]:
    """Every model once, in the index's served order: by name, deprecated models last.

    ``previous`` are the lines of an earlier derivation whose unchanged pages were taken over
    (derive's ``reuse``): a model whose pages and model card are the very same objects keeps
    its line (at 10,000 models, making every line again was a fifth of a one-card edit)."""
    groups: dict[str, list[ModelPage]] = {model_id: [] for model_id in sheets}
    for pages in by_model.values():
        groups.setdefault(pages[0].model.model_id, []).extend(pages)
    known = {line.id: line for line in previous}
    lines = []
    for model_id, pages in groups.items():
        sheet = sheets.get(model_id)
        old = known.get(model_id)
        if old is not None and _same_sources(old, pages, sheet):
            lines.append(old)
            continue
        line = _line(model_id, sorted(pages, key=offer_rank), sheet)
        lines.append(replace(line, sources=(tuple(pages), sheet.entry if sheet else None)))
    lines.sort(key=lambda line: (line.status == "deprecated", line.name, line.id))
    return lines
