"""Machine-readable records of the derived pages: api/models.json and api/models/<id>.json.

Built from the same derived objects as the HTML, so the JSON carries the very figures the pages
show (the `display` block is the page's text) next to the exact values they were formatted from.
"""

from __future__ import annotations

import json
import re
import secrets
from datetime import date
from decimal import Decimal
from typing import Any

from catalog.derive import billing, paths
from catalog.derive.models import ModelSheet
from catalog.derive.site import FEE_FIELDS, PRICE_FIELDS, ModelPage, Site, data_policy

API_VERSION = 1


def _number(value: Decimal | None) -> Decimal | int | None:
    # JSON has one number type; a price like 0.40 is written 0.4, the same decimal value. The
    # Decimal itself goes to dumps(), which writes its exact digits: float() would write
    # 0.12345678901234568 for 0.123456789012345678 and 5e-05 for 0.00005.
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value


# json writes a float with float.__repr__ whatever its type, and has no way to write raw text as
# a number. So a Decimal is written as a string holding this mark and its digits, and the quoted
# string is then replaced by the digits. The mark starts with NUL, which no string of the
# catalog can hold (load.py refuses control characters), and goes on with a random part, so
# no text can forge it either.
_MARK = f"\x00{secrets.token_hex(8)}:"
_MARKED = re.compile(rf'"\\u0000{_MARK[1:]}(-?[0-9]+(?:\.[0-9]+)?)"')


def _decimal_digits(value: Any) -> str:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
    text = f"{value:f}"  # never an exponent: 0.0000001, not 1E-7
    return _MARK + (text.rstrip("0").rstrip(".") if "." in text else text)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def page_record(page: ModelPage, site: Site) -> dict[str, Any]:
    card = page.model.card
    catalog = site.catalog
    region = page.region
    return {
        "id": page.id,
        "url": page.canonical,
        "name": page.name,
        "provider": {"id": page.provider.id, "name": page.provider.file.name},
        "region": (
            {
                "id": page.region_id,
                "name": region.name,
                "country": region.country,
                "geography": region.geography,
            }
            if region
            else None
        ),
        "description": card.description,
        "api": card.api,
        "status": card.status,
        "retires": _day(card.retires),
        "replaced_by": page.replacement_id,
        "capabilities": list(card.capabilities),
        "context_window": card.context_window,
        "max_input": card.max_input,
        "max_output": card.max_output,
        "modalities": card.modalities.model_dump() if card.modalities else None,
        "released": _day(card.released),
        "added": _day(page.added),
        "knowledge_cutoff": card.knowledge_cutoff,
        "model": page.sheet.id if page.sheet else None,
        "pricing": _offer_prices(page),
        "costs": [
            {
                "input_tokens": scenario.input_tokens,
                "output_tokens": scenario.output_tokens,
                "requests": requests,
                "cost": _number(cost),
                "display": row.value,
            }
            for scenario, cost, requests, row in zip(
                catalog.settings.cost_scenarios,
                page.cost_values,
                page.details.cost_requests,
                page.costs,
                strict=True,
            )
        ],
        "benchmarks": [
            {
                "id": bench_id,
                "name": catalog.benchmarks[bench_id].name,
                "category": catalog.benchmarks[bench_id].category,
                "score": _number(score.score),
                "unit": catalog.benchmarks[bench_id].unit,
                "source": score.source,
                "date": _day(score.date),
                "published": row.published,  # by the "maker", on the "hub", or "independent"
            }
            for (bench_id, score), row in zip(card.benchmarks.items(), page.benchmarks, strict=True)
        ],
        "data_policy": data_policy(page).model_dump(),
        "display": {
            "specifications": {fact.label: fact.value for fact in page.specs},
            "prices": {fact.label: fact.value for fact in page.prices},
            "costs": {row.label: row.value for row in page.costs},
            "status": page.status_note,
        },
        "faq": [{"question": item.question, "answer": item.answer} for item in page.faq],
    }


def _tiers(page: ModelPage) -> list[dict[str, Any]]:
    """Each long-context tier: the prompt size it applies above and its prices as billed."""
    assert page.offer is not None
    return [
        {"above": above, **{key: _number(getattr(billed, key)) for key, _ in PRICE_FIELDS}}
        for above, billed in billing.billed_tiers(page.offer)
    ]


def catalog_document(site: Site, records: list[dict[str, Any]]) -> dict[str, Any]:
    catalog = site.catalog
    return {
        "version": API_VERSION,
        "site": {"name": catalog.settings.name, "url": site.base_url},
        "benchmarks": {
            bench_id: {
                "name": bench.name,
                "category": bench.category,
                "description": bench.description,
                "min": _number(bench.min),
                "max": _number(bench.max),
                "unit": bench.unit,
            }
            for bench_id, bench in catalog.benchmarks.items()
        },
        "capabilities": {
            cap_id: {"label": cap.label, "phrase": cap.phrase}
            for cap_id, cap in catalog.capabilities.items()
        },
        "count": len(records),
        "models": records,
    }


def model_record(sheet: ModelSheet, site: Site) -> dict[str, Any]:
    """api/labs/<lab>/<model>.json: a model card's facts, once, and every offer of it with its
    prices (exact numbers) and where the offer's own record is."""
    card = sheet.entry.card
    catalog = site.catalog
    return {
        "version": API_VERSION,
        "id": sheet.id,
        "url": sheet.canonical,
        "name": sheet.name,
        "lab": {"id": sheet.entry.lab_id, "name": sheet.lab},
        "description": card.description,
        "status": card.status,
        "released": _day(card.released),
        "knowledge_cutoff": card.knowledge_cutoff,
        "context_window": card.context_window,
        "max_input": card.max_input,
        "max_output": card.max_output,
        "modalities": card.modalities.model_dump() if card.modalities else None,
        "open_weights": card.open_weights,
        "licence": card.licence,
        "parameters": card.parameters.model_dump() if card.parameters else None,
        "capabilities": list(card.capabilities),
        "benchmarks": [
            {
                "id": bench_id,
                "name": catalog.benchmarks[bench_id].name,
                "score": _number(score.score),
                "unit": catalog.benchmarks[bench_id].unit,
                "source": score.source,
                "date": _day(score.date),
                "published": row.published,
            }
            for (bench_id, score), row in zip(
                card.benchmarks.items(), sheet.benchmarks, strict=True
            )
        ],
        "offers": [
            {
                "id": row.page_id,
                "url": page.canonical,
                "record": paths.record_url(row.page_id),
                "provider": {"id": row.provider_id, "name": row.provider},
                "region": (
                    {"id": row.region_id, "name": row.region, "geography": row.geography}
                    if row.region_id
                    else None
                ),
                "pricing": _offer_prices(page),
                "status": row.status,
            }
            for row, page in zip(sheet.offers, sheet.pages, strict=True)
        ],
    }


def _offer_prices(page: ModelPage) -> dict[str, Any]:
    return {
        **{key: _number(getattr(page.pricing, key)) for key, _ in (*PRICE_FIELDS, *FEE_FIELDS)},
        "source": page.pricing.source,
        "tiers": _tiers(page),
        **{
            variant: (
                {key: _number(getattr(stated, key)) for key, _ in PRICE_FIELDS}
                if (stated := getattr(page.pricing, variant)) is not None
                else None
            )
            for variant in billing.VARIANTS
        },
    }


def index_document(site: Site) -> dict[str, Any]:
    """api/index.json: every model page in a line (what a chooser lists) and where its record
    is, so the compare page loads kilobytes per model rather than the whole catalog; and every
    model card with its offers' ids."""
    summaries = [
        {
            "id": page.id,
            "name": page.name,
            "provider": {"id": page.provider.id, "name": page.provider.file.name},
            "region": ({"id": page.region_id, "name": page.region.name} if page.region else None),
            "record": paths.record_url(page.id),
        }
        for page in site.pages
    ]
    document = catalog_document(site, summaries)
    document["lab_models"] = [
        {
            "id": sheet.id,
            "name": sheet.name,
            "lab": {"id": sheet.entry.lab_id, "name": sheet.lab},
            "record": sheet.record_url,
            "offers": [row.page_id for row in sheet.offers],
        }
        for sheet in site.models.values()
    ]
    # The index's lines: every model once, its offers cheapest first (what the compare page
    # chooses from; it loads the cheapest offer's record for the model's figures).
    document["lines"] = [
        {
            "id": line.id,
            "name": line.name,
            "by": line.by,
            "url": line.url,
            "record": paths.record_url(line.ranked[0].page_id),
            "offers": [
                {"id": c.page_id, "where": c.where, "input": c.input, "output": c.output}
                for c in line.ranked
            ],
            "providers": len(line.providers),
        }
        for line in site.lines
        if line.ranked  # a model card no offer names yet has no figures to compare
    ]
    return document


def dumps(document: Any, *, indent: int | None = None) -> str:
    text = json.dumps(document, ensure_ascii=False, indent=indent, default=_decimal_digits)
    return _MARKED.sub(r"\1", text) + "\n"


def dumps_compact(document: Any) -> str:
    """One line, no final newline; json's C encoder only runs without indent."""
    return _MARKED.sub(r"\1", json.dumps(document, ensure_ascii=False, default=_decimal_digits))


def json_ld(page: ModelPage, site: Site) -> str:
    """Structured data for search engines: the FAQ as a FAQPage, the model as a Product."""
    provider = page.provider.file
    offers = [
        {
            "@type": "Offer",
            "name": f"{label} tokens, per 1M",
            "price": str(getattr(page.pricing, key)),
            "priceCurrency": "USD",
            "url": page.canonical,
        }
        for key, label in PRICE_FIELDS
        if getattr(page.pricing, key) is not None
    ]
    graph: list[dict[str, Any]] = [
        {
            "@type": "Product",
            "@id": page.canonical + "#model",
            "name": page.name,
            "sku": page.id,
            "description": page.model.card.description,
            "brand": {"@type": "Brand", "name": provider.name},
            "url": page.canonical,
            **({"offers": offers} if offers else {}),
        },
        {
            "@type": "FAQPage",
            "@id": page.canonical + "#faq",
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": item.question,
                    "acceptedAnswer": {"@type": "Answer", "text": item.answer},
                }
                for item in page.faq
            ],
        },
    ]
    text = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)
    # Inside <script>, "</" could end the element early: JSON allows writing "<" as \u003c.
    return text.replace("<", "\\u003c")
