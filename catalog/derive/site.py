"""Derive stage: everything a page shows that is computed, computed once, here.

Templates receive these objects and only place them; so the specifications, the cost table, the
FAQ and (later) the JSON files all read the same figures and cannot disagree.

Longer than most modules (about 700 lines) on purpose: a page's figures, its FAQ and the lists
that show it are derived from one pass over the catalog, and the FAQ must read the very values the
tables show; split, the two would be computed twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from catalog.derive import billing, facts, paths
from catalog.derive import formatting as fmt
from catalog.derive.facts import Badge, BenchmarkRow, Fact, FaqItem, Link, Place
from catalog.derive.models import (
    ModelLine,
    ModelSheet,
    OfferRow,
    also_offered,
    model_lines,
    model_sheets,
)
from catalog.derive.snippets import Snippet, quickstart
from catalog.read.schema import (
    Card,
    CostScenario,
    DataPolicy,
    PriceTier,
    Pricing,
    Region,
    Settings,
    VariantPricing,
)
from catalog.read.validate import Catalog, ModelEntry, ProviderEntry

# Every price per 1M tokens a card can state, with its label. The first four are shown on every
# page (unknown as "—"), the others where a card states them.
PRICE_FIELDS = (
    ("input", "Input"),
    ("output", "Output"),
    ("cache_write", "Cache write"),
    ("cache_read", "Cache read"),
    ("cache_write_1h", "Cache write (1 hour)"),
    ("reasoning", "Reasoning"),
    ("audio_input", "Audio input"),
    ("audio_output", "Audio output"),
    ("image_input", "Image input"),
    ("image_output", "Image output"),
)
ALWAYS_SHOWN = 4
# Fees, in USD per unit rather than per 1M tokens: a price list's own, never a tier's.
FEE_FIELDS = (("per_request", "Fee per request"), ("per_search", "Fee per web search"))


@dataclass
class ModelPage:
    id: str  # the model ID callers use, e.g. azure/gpt-4.1-mini@francecentral
    url: str  # relative to the site root
    model: ModelEntry
    provider: ProviderEntry
    region_id: str | None
    region: Region | None
    name: str
    description: str  # Markdown
    pricing: Pricing  # the card's prices with this region's overrides applied
    added: date
    badges: list[Badge] = field(default_factory=list)
    released: str = fmt.UNKNOWN
    location: list[Place] = field(default_factory=list)
    geo: str = ""  # the index's geography filter: the region's, else the headquarters' country
    context_text: str = fmt.UNKNOWN  # short figures for tables: '1.0M', '$0.40'
    max_output_text: str = fmt.UNKNOWN
    input_text: str = fmt.UNKNOWN
    output_text: str = fmt.UNKNOWN
    status_note: str = ""  # e.g. 'Deprecated: retires Jan 5, 2026', '' when stable
    replacement: Link | None = None
    replacement_id: str | None = None  # the page id of the replacement
    offer: billing.OfferPricing | None = None  # the prices as the billing rules take them
    blended_price: Decimal | None = None  # for charts: 3 parts input to 1 part output
    canonical: str = ""  # absolute URL
    settings: Settings | None = None
    sheet: ModelSheet | None = None  # the model card's page, for an offer of one
    # What only the page itself and its JSON show is derived when first asked for and can be
    # released after writing, so a 10,000-card build never holds it for every page at once (and
    # the render workers derive it in parallel). Lists, the index and the charts read only the
    # fields above.
    context: DeriveContext | None = field(default=None, repr=False, compare=False)
    _details: Details | None = field(default=None, repr=False, compare=False)

    @property
    def details(self) -> Details:
        if self._details is None:
            assert self.context is not None
            self._details = _details(self.context, self)
        return self._details

    def release(self) -> None:
        """Drop the page's own derived details; they are derived again if asked for."""
        self._details = None

    @property
    def specs(self) -> list[Fact]:
        return self.details.specs

    @property
    def benchmarks(self) -> list[BenchmarkRow]:
        return self.details.benchmarks

    @property
    def prices(self) -> list[Fact]:
        return self.details.prices

    @property
    def costs(self) -> list[Fact]:
        return self.details.costs

    @property
    def calculator(self) -> Calculator:
        return self.details.calculator

    @property
    def price_source(self) -> Link | None:
        return self.details.price_source

    @property
    def cost_values(self) -> list[Decimal | None]:
        """Exact, per cost scenario."""
        return self.details.cost_values

    @property
    def other_regions(self) -> list[Link]:
        return self.details.other_regions

    @property
    def also_offered(self) -> list[OfferRow]:
        return self.details.also_offered

    @property
    def other_models(self) -> list[Link]:
        return self.details.other_models

    @property
    def other_models_total(self) -> int:
        return self.details.other_models_total

    @property
    def faq(self) -> list[FaqItem]:
        return self.details.faq

    @property
    def snippets(self) -> list[Snippet]:
        """The quickstart code, made when the page is rendered rather than kept for every page:
        highlighting is cached per language, so this is a string replace, and the three blocks
        were a third of the derived data of a large catalog."""
        assert self.settings is not None
        return quickstart(self.settings, self.id)


@dataclass
class Details:
    """The parts of a model page that no other page shows."""

    specs: list[Fact]
    benchmarks: list[BenchmarkRow]
    prices: list[Fact]
    cost_values: list[Decimal | None]
    cost_requests: list[int]  # as how many requests each scenario is priced
    costs: list[Fact]
    # The calculator's long-context tiers: "ABOVE INPUT OUTPUT CACHE_READ" per tier, prices
    # as billed in plain decimals ("-" unknown), tiers joined by ";".
    calculator: Calculator
    price_source: Link | None  # where the provider publishes the prices, by its host
    other_regions: list[Link]
    other_models: list[Link]
    other_models_total: int
    linked: list[ModelPage]  # the pages of other models that other_models links to
    also_offered: list[OfferRow]  # the model's cheapest offer at each other provider
    faq: list[FaqItem] = field(default_factory=list)


@dataclass(frozen=True)
class DeriveContext:
    """What deriving one page's details needs from the rest of the catalog."""

    catalog: Catalog
    by_model: dict[str, list[ModelPage]]  # a model's pages, one per region
    newest_models: dict[str, list[list[ModelPage]]]  # per provider, its models newest first


@dataclass
class ProviderPage:
    id: str
    url: str
    entry: ProviderEntry
    logo_url: str
    pages: list[ModelPage] = field(default_factory=list)
    regions: list[tuple[str, Region]] = field(default_factory=list)
    policy: list[Fact] = field(default_factory=list)


@dataclass
class CapabilityPage:
    id: str
    url: str
    label: str
    icon: str
    phrase: str
    pages: list[ModelPage] = field(default_factory=list)


@dataclass
class Site:
    """Everything the render stage needs, derived from a validated catalog."""

    catalog: Catalog
    base_url: str  # where the site is published, ending in /
    pages: list[ModelPage]  # by id
    providers: dict[str, ProviderPage]
    capabilities: dict[str, CapabilityPage] = field(default_factory=dict)
    index_order: list[ModelPage] = field(default_factory=list)  # by name, deprecated last
    newest: list[ModelPage] = field(default_factory=list)  # by date added, newest first
    models: dict[str, ModelSheet] = field(default_factory=dict)  # model cards' pages, by id
    lines: list[ModelLine] = field(default_factory=list)  # the index: a line per model

    @property
    def model_count(self) -> int:
        """Models: model cards, and cards of their own."""
        return len(self.lines)


# --------------------------------------------------------------------------- urls


def page_id(model: ModelEntry, region_id: str | None) -> str:
    return paths.page_id(model.id, region_id)


# --------------------------------------------------------------------------- pieces


def merged_pricing(base: Pricing, override: Pricing | None) -> Pricing:
    """A region's prices: the card's, with what the region states instead (its tiers, when it
    states tiers, replace the card's)."""
    if override is None:
        return base
    stated = {k: getattr(override, k) for k in override.model_fields_set}
    return base.model_copy(update={k: v for k, v in stated.items() if v is not None})


def offer_pricing(pricing: Pricing) -> billing.OfferPricing:
    """A page's prices as the billing rules take them (catalog/derive/billing.py)."""

    def prices(p: Pricing | PriceTier | VariantPricing) -> billing.PriceList:
        stated = {key: getattr(p, key) for key, _ in PRICE_FIELDS}
        fees = {key: getattr(p, key, None) for key, _ in FEE_FIELDS}  # a list's own only
        return billing.PriceList(**stated, **fees)

    def schedule(variant: VariantPricing | None) -> billing.PriceSchedule | None:
        if variant is None:
            return None
        own = tuple(billing.Tier(t.above, prices(t)) for t in variant.tiers)
        return billing.PriceSchedule(prices(variant), own)

    tiers = tuple(billing.Tier(t.above, prices(t)) for t in pricing.tiers)
    return billing.OfferPricing(
        prices(pricing), tiers, schedule(pricing.batch), schedule(pricing.flex),
        schedule(pricing.priority),
    )  # fmt: skip


def limits(card: Card) -> billing.Limits:
    return billing.Limits(
        context_window=card.context_window, max_input=card.max_input, max_output=card.max_output
    )


@dataclass(frozen=True)
class Cost:
    """What a cost scenario costs at an offer, and as how many requests (``None``: as one)."""

    value: Decimal | None
    workload: billing.Workload | None


def scenario_cost(
    offer: billing.OfferPricing, limit: billing.Limits, scenario: CostScenario
) -> Cost:
    """The scenario as one request when it fits the model's limits; else as the fewest
    identical requests that do, each billed at the tier its own prompt reaches."""
    request = billing.Request(input=scenario.input_tokens, output=scenario.output_tokens)
    if billing.fits(request, limit) is None:
        return Cost(billing.cost(offer, request), None)
    workload = billing.Workload.split(request, limit)
    return Cost(None if workload is None else workload.cost(offer), workload)


def _status_note(card: Card) -> str:
    if card.status == "preview":
        return "Preview: behaviour and prices may change"
    if card.status == "deprecated":
        retires = f": retires {fmt.long_date(card.retires)}" if card.retires else ""
        return f"Deprecated{retires}"
    return ""


def location(provider: ProviderEntry, region: Region | None, card: Card) -> list[Place]:
    """Provider location: where the provider is based and, for a regional page or a card that
    states its geography (a cross-region inference profile), where it serves requests."""
    headquarters = provider.file.headquarters
    codes = [headquarters] if headquarters else []
    served = region.geography if region is not None else card.geography
    if served is not None and served not in codes:
        codes.append(served)
    return [Place(code, fmt.flag(code)) for code in codes]


# The member states of the European Union (ISO 3166 codes): a provider based in one and
# serving from no stated region is in the EU geography, as its regions would be.
EU_MEMBERS = frozenset({
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
})  # fmt: skip


def geography(provider: ProviderEntry, region: Region | None, card: Card) -> str:
    """The data-residency geography a page's offer serves from (the index's and the charts'
    geography filters): its region's, the card's own (a cross-region profile), else where the
    provider is based ("" unknown)."""
    if region is not None:
        return region.geography
    if card.geography is not None:
        return card.geography
    headquarters = provider.file.headquarters or ""
    return "EU" if headquarters in EU_MEMBERS else headquarters


def data_policy(page: ModelPage) -> DataPolicy:
    """The card's own data policy where it says one, else the provider's default."""
    return facts.data_policy(page.model.card.data_policy, page.provider.file.data_policy)


def _specs(page: ModelPage) -> list[Fact]:
    card = page.model.card
    policy = data_policy(page)
    rows = [
        *facts.limit_facts(card),
        Fact("API type", card.api),
        Fact("Added", fmt.long_date(page.added)),
        *([Fact("Knowledge cutoff", card.knowledge_cutoff)] if card.knowledge_cutoff else []),
        Fact("Model ID", page.id, copy=True),
        Fact("Data retention", fmt.yes_no(policy.data_retention)),
        Fact("Used for training", fmt.yes_no(policy.used_for_training)),
    ]
    return rows


def _costs(catalog: Catalog, page: ModelPage) -> list[Cost]:
    assert page.offer is not None
    limit = limits(page.model.card)
    return [scenario_cost(page.offer, limit, s) for s in catalog.settings.cost_scenarios]


def _cost_rows(catalog: Catalog, costs: list[Cost]) -> list[Fact]:
    rows = []
    for scenario, cost in zip(catalog.settings.cost_scenarios, costs, strict=True):
        label = (
            f"{fmt.round_tokens(scenario.input_tokens)} input + "
            f"{fmt.round_tokens(scenario.output_tokens)} output"
        )
        if cost.workload is not None:
            # More than one request can take: say how it is split, since that sets the tier.
            label += f" (as {cost.workload.describe()})"
        rows.append(Fact(label, fmt.money(cost.value)))
    return rows


@dataclass(frozen=True)
class CalculatorField:
    name: str  # the form field's name (static/calculator.js)
    label: str
    value: int


@dataclass(frozen=True)
class Calculator:
    """What the page's cost calculator (static/calculator.js) is given, all computed here: the
    base list's prices, each tier's prices as billed, the limits a request must fit, and a token
    field for each kind the offer prices.

    Prices are exact decimals in PRICE_FIELDS order ("" or "-" unknown); the script bills one
    request by the rules of catalog/derive/billing.py and is tested against them in Chromium."""

    prices: list[tuple[str, str]]  # (data attribute, price)
    per_request: str
    tiers: str  # "ABOVE PRICE…;…", one price per PRICE_FIELDS entry
    limits: str  # "CONTEXT_WINDOW MAX_INPUT MAX_OUTPUT"
    fields: list[CalculatorField]

    @property
    def has_tiers(self) -> bool:
        return self.tiers != ""


# The calculator's fields: input, output and cached input always, a kind the calculator bills
# apart where the offer states its price. "cached" is the form's name for cache reads.
CALCULATOR_ALWAYS = ("input", "output", "cache_read")
CALCULATOR_NAMES = {"cache_read": "cached"}


def _calculator(page: ModelPage) -> Calculator:
    assert page.offer is not None and page.settings is not None

    def exact(value: Decimal | None, unknown: str) -> str:
        return unknown if value is None else f"{value:f}"

    base = page.offer.base
    keys = [key for key, _ in PRICE_FIELDS]
    tiers = [
        " ".join([str(above), *(exact(getattr(billed, key), "-") for key in keys)])
        for above, billed in billing.billed_tiers(page.offer)
    ]
    limit = limits(page.model.card)
    first = page.settings.cost_scenarios[0]
    defaults = {"input": first.input_tokens, "output": first.output_tokens}
    labels = dict(billing.TOKEN_LABELS)
    shown = [
        *CALCULATOR_ALWAYS,
        *(k for k in labels if k not in CALCULATOR_ALWAYS and getattr(base, k) is not None),
    ]
    return Calculator(
        prices=[(key.replace("_", "-"), exact(getattr(base, key), "")) for key in keys],
        per_request=exact(base.per_request, ""),
        tiers=";".join(tiers),
        limits=" ".join(
            "-" if v is None else str(v)
            for v in (limit.context_window, limit.max_input, limit.max_output)
        ),
        fields=[
            CalculatorField(
                CALCULATOR_NAMES.get(key, key),
                f"{labels[key].capitalize()} tokens",
                defaults.get(key, 0),
            )
            for key in shown
        ],
    )


def _tier_prices(page: ModelPage) -> list[Fact]:
    """Each long-context tier's prices, as billed (a price the tier leaves out follows the
    rule in catalog/derive/billing.py)."""
    assert page.offer is not None
    rows = []
    for above, billed in billing.billed_tiers(page.offer):
        over = f"prompts over {billing.count_text(above)}"
        for key, label in PRICE_FIELDS:
            value = getattr(billed, key)
            if value is not None:
                rows.append(Fact(f"{label} / 1M, {over}", fmt.money(value)))
    return rows


VARIANT_LABELS = {"batch": "Batch", "flex": "Flex", "priority": "Priority"}


def stated_variants(pricing: Pricing) -> list[tuple[str, VariantPricing]]:
    """The page's batch, flex and priority prices, as the card states them (a variant's cache
    prices are only shown where stated: no provider's published ratio backs a derived one)."""
    return [(v, getattr(pricing, v)) for v in billing.VARIANTS if getattr(pricing, v) is not None]


def _variant_prices(page: ModelPage) -> list[Fact]:
    rows = []
    for variant, prices in stated_variants(page.pricing):
        for key, label in PRICE_FIELDS:
            value = getattr(prices, key)
            if value is not None:
                rows.append(
                    Fact(f"{VARIANT_LABELS[variant]} {label.lower()} / 1M", fmt.money(value))
                )
    return rows


def _list_phrase(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + f", and {items[-1]}"


def _faq(catalog: Catalog, page: ModelPage, details: Details) -> list[FaqItem]:
    site, card, name = catalog.settings, page.model.card, page.name
    p = page.pricing
    items = []

    if p.input is not None or p.output is not None:
        parts = []
        if p.input is not None:
            parts.append(f"{fmt.money(p.input)} per million input tokens")
        if p.output is not None:
            parts.append(f"{fmt.money(p.output)} per million output tokens")
        answer = f"{name} is priced at {' and '.join(parts)} when accessed via {site.name}."
        if p.cache_read is not None and p.input:
            answer += (
                f" Prompt caching is supported: cached input tokens cost "
                f"{fmt.money(p.cache_read)} per million, "
                f"{fmt.share(p.input - p.cache_read, p.input)} less than regular input."
            )
        assert page.offer is not None
        for above, billed in billing.billed_tiers(page.offer):
            rates = []
            if billed.input is not None:
                rates.append(f"{fmt.money(billed.input)} per million input tokens")
            if billed.output is not None:
                rates.append(f"{fmt.money(billed.output)} per million output tokens")
            if rates:
                answer += (
                    f" A request whose prompt is over {fmt.number(above)} tokens is "
                    f"billed at {' and '.join(rates)}, for the whole request."
                )
        items.append(
            FaqItem(f"How much does {name} cost?", f"{answer} {site.pricing_faq_note}", False)
        )

    if card.context_window:
        answer = f"{name} has a context window of {fmt.tokens(card.context_window)} tokens"
        if card.max_output:
            answer += (
                f", with a maximum output of {fmt.tokens(card.max_output)} tokens per response"
            )
        if card.max_input:
            answer += f" and a maximum prompt of {fmt.tokens(card.max_input)} tokens"
        words = fmt.number(fmt.words_estimate(card.max_input or card.context_window))
        answer += (
            f". That's roughly {words} words of English text in a single prompt, "
            f"at a typical {fmt.WORDS_PER_TOKEN} words per token; code and other languages "
            f"use more tokens per word."
        )
        items.append(FaqItem(f"What is the context window of {name}?", answer, False))

    if details.benchmarks:
        scores = [f"{row.score} on {row.name}" for row in details.benchmarks]
        answer = (
            f"{name} scores {_list_phrase(scores)}. The benchmark chart above shows each score "
            f"with what the benchmark measures and where the score was published."
        )
        items.append(FaqItem(f"How does {name} perform on benchmarks?", answer, False))

    if card.capabilities:
        phrases = [catalog.capabilities[c].phrase for c in card.capabilities]
        answer = (
            f"{name} supports {_list_phrase(phrases)}. You can call it through any "
            f"OpenAI-compatible client by pointing base_url to {site.name}."
        )
        items.append(FaqItem(f"What can {name} do?", answer, False))

    items.append(
        FaqItem(
            f"How do I use {name} with the OpenAI SDK?",
            f'Install the OpenAI SDK, set base_url to "{site.base_url}", set your API key to '
            f'your {site.name} key, and set the model to "{page.id}". The Quickstart above '
            f"shows Python, JavaScript and cURL snippets.",
            False,
        )
    )

    if page.region is not None:
        region = page.region
        answer = (
            f"This variant of {name} is deployed in {page.region_id} ({region.name}, "
            f"{region.country}; {region.geography} geography). Region-specific endpoints matter "
            f"for data residency, latency to your users, and compliance requirements (GDPR, HIPAA)."
        )
        if details.other_regions:
            others = _list_phrase([link.label for link in details.other_regions])
            answer += f" The same model is also offered in {others}."
        else:
            answer += f" It is not offered in other {page.provider.file.name} regions here."
        items.append(FaqItem("What region is this deployment?", answer, False))

    items.extend(FaqItem(e.question, e.answer, True) for e in card.faq)
    return items


# --------------------------------------------------------------------------- the whole site


def derive(catalog: Catalog, site_url: str | None = None, reuse: Site | None = None) -> Site:
    """Derive every page of the site. ``site_url`` overrides the settings' published URL.

    ``reuse`` is an earlier derivation of the same catalog but some cards (the preview server's
    incremental rebuild): the pages of a card that is the very same entry, with the same
    settings, registries and provider, are taken over instead of derived again; their details,
    which depend on other cards, are derived again when asked for.
    """
    base_url = site_url or catalog.settings.url
    previous: dict[str, list[ModelPage]] = {}
    if reuse is not None and _same_context(reuse, catalog, base_url):
        assert reuse.pages and reuse.pages[0].context is not None
        previous = reuse.pages[0].context.by_model
    pages: list[ModelPage] = []
    fresh: list[ModelPage] = []
    providers = {
        pid: ProviderPage(
            id=pid,
            url=paths.provider_url(pid),
            entry=entry,
            logo_url=paths.logo_url(pid),
            regions=list(entry.file.regions.items()),
            policy=[
                Fact("Data retention", fmt.yes_no(entry.file.data_policy.data_retention)),
                Fact("Used for training", fmt.yes_no(entry.file.data_policy.used_for_training)),
            ],
        )
        for pid, entry in sorted(catalog.providers.items())
    }
    capabilities = {
        cid: CapabilityPage(cid, paths.capability_url(cid), cap.label, cap.icon, cap.phrase)
        for cid, cap in catalog.capabilities.items()
    }
    by_model: dict[str, list[ModelPage]] = {}
    for model in catalog.models:
        provider = catalog.providers[model.provider_id]
        kept = previous.get(model.id)
        if kept and kept[0].model is model and kept[0].provider is provider:
            for page in kept:
                page.release()
                pages.append(page)
                by_model.setdefault(model.id, []).append(page)
                providers[model.provider_id].pages.append(page)
                for cap in model.card.capabilities:
                    capabilities[cap].pages.append(page)
            continue
        offers = model.card.regions or {None: None}
        for region_id, offer in offers.items():
            region = provider.file.regions[region_id] if region_id else None
            pid = page_id(model, region_id)
            page = ModelPage(
                id=pid,
                url=paths.page_url(pid),
                model=model,
                provider=provider,
                region_id=region_id,
                region=region,
                name=model.card.name,
                description=model.card.description,
                pricing=merged_pricing(model.card.pricing, offer.pricing if offer else None),
                added=(offer.added if offer and offer.added else model.card.added),
            )
            pages.append(page)
            fresh.append(page)
            by_model.setdefault(model.id, []).append(page)
            providers[model.provider_id].pages.append(page)
            for cap in model.card.capabilities:
                capabilities[cap].pages.append(page)

    # The provider's models newest first, once per provider rather than once per page.
    newest_models: dict[str, list[list[ModelPage]]] = {}
    for model_pages in by_model.values():
        newest_models.setdefault(model_pages[0].provider.id, []).append(model_pages)
    for lists in newest_models.values():
        lists.sort(key=lambda ps: (-ps[0].added.toordinal(), ps[0].name, ps[0].model.id))

    context = DeriveContext(catalog, by_model, newest_models)
    for page in pages:
        page.context = context
    for page in fresh:
        card = page.model.card
        page.badges = [
            Badge(c, catalog.capabilities[c].label, catalog.capabilities[c].icon)
            for c in card.capabilities
        ]
        page.location = location(page.provider, page.region, card)
        page.geo = geography(page.provider, page.region, card)
        page.released = fmt.month(card.released)
        page.context_text = fmt.tokens(card.context_window)
        page.max_output_text = fmt.tokens(card.max_output)
        page.input_text = fmt.money(page.pricing.input)
        page.output_text = fmt.money(page.pricing.output)
        page.status_note = _status_note(card)
        page.offer = offer_pricing(page.pricing)
        page.blended_price = billing.blended(page.offer)
        page.canonical = base_url + page.url
        page.settings = catalog.settings

    for page in pages:
        if page.model.card.replaced_by:
            target = _same_region(by_model[page.model.card.replaced_by], page.region_id)
            page.replacement = Link(target.name, target.url, target.region_id or "")
            page.replacement_id = target.id

    # The model level: a sheet per model card with its offers (catalog/derive/models.py).
    sheets = model_sheets(catalog, by_model, base_url)
    for page in pages:
        base = page.model.base
        page.sheet = sheets[base.id] if base is not None else None

    index_order = sorted(pages, key=lambda p: (p.model.card.status == "deprecated", p.name, p.id))
    newest = sorted(pages, key=lambda p: (-p.added.toordinal(), p.id))
    lines = model_lines(by_model, sheets, reuse.lines if previous and reuse else [])
    return Site(
        catalog, base_url, pages, providers, capabilities, index_order, newest, sheets, lines
    )


def _maker(page: ModelPage) -> tuple[str, str]:
    """Who made the page's model, and their website: its lab, or the provider of a card of its
    own."""
    if page.sheet is not None:
        return page.sheet.lab, page.sheet.lab_url
    return page.provider.file.name, page.provider.file.website


def _details(context: DeriveContext, page: ModelPage) -> Details:
    catalog = context.catalog
    costs = _costs(catalog, page)
    siblings = context.newest_models[page.provider.id]
    linked = other_model_pages(catalog, siblings, page)
    details = Details(
        specs=_specs(page),
        benchmarks=facts.benchmark_rows(catalog, page.model.card.benchmarks, *_maker(page)),
        prices=[
            *(
                Fact(f"{label} / 1M", fmt.money(getattr(page.pricing, key)))
                for i, (key, label) in enumerate(PRICE_FIELDS)
                if i < ALWAYS_SHOWN or getattr(page.pricing, key) is not None
            ),
            *(
                Fact(label, fmt.money(getattr(page.pricing, key)))
                for key, label in FEE_FIELDS
                if getattr(page.pricing, key) is not None
            ),
            *_tier_prices(page),
            *_variant_prices(page),
        ],
        cost_values=[cost.value for cost in costs],
        cost_requests=[cost.workload.count if cost.workload else 1 for cost in costs],
        calculator=_calculator(page),
        price_source=(
            Link(facts.site_host(page.pricing.source), page.pricing.source)
            if page.pricing.source
            else None
        ),
        costs=_cost_rows(catalog, costs),
        other_regions=[
            Link(other.region_id or other.id, other.url, other.region.name if other.region else "")
            for other in context.by_model[page.model.id]
            if other is not page
        ],
        other_models=[Link(t.name, t.url, t.region_id or "") for t in linked],
        other_models_total=len(siblings) - 1,
        linked=linked,
        also_offered=also_offered(page, page.sheet) if page.sheet else [],
    )
    details.faq = _faq(catalog, page, details)
    return details


def _same_context(site: Site, catalog: Catalog, base_url: str) -> bool:
    """Whether pages derived for ``site`` can serve ``catalog``: the same settings, registries
    and providers (the very same objects: the engine keeps those of unchanged files)."""
    before = site.catalog
    return (
        site.base_url == base_url
        and before.settings is catalog.settings
        and before.benchmarks is catalog.benchmarks
        and before.capabilities is catalog.capabilities
        and before.providers.keys() == catalog.providers.keys()
        and all(before.providers[p] is e for p, e in catalog.providers.items())
    )


def _same_region(model_pages: list[ModelPage], region_id: str | None) -> ModelPage:
    same = [p for p in model_pages if p.region_id == region_id]
    return same[0] if same else model_pages[0]


def other_model_pages(
    catalog: Catalog, siblings: list[list[ModelPage]], page: ModelPage
) -> list[ModelPage]:
    """The provider's other models, newest first, each in this page's region if offered."""
    targets: list[ModelPage] = []
    for model_pages in siblings:
        if len(targets) == catalog.settings.other_models_limit:
            break
        if model_pages[0].model.id == page.model.id:
            continue
        targets.append(_same_region(model_pages, page.region_id))
    return targets
