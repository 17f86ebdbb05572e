"""Ids for what a source names: any source id made into one ``catalog check`` accepts, by the
rules of :mod:`catalog.read.gate`, deterministically, and unique within a provider.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from catalog.importers.report import ID_COLLISION, ID_NORMALIZED, ID_RESERVED, Report
from catalog.read import gate


def digest(text: str) -> str:
    """Six hex digits that stand for ``text``: the same every run (ids, a monogram's colour)."""
    # surrogatepass: a file name that is not UTF-8 reaches us with lone surrogates in it
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:6]


def _plain_id(source_id: str) -> str:
    text = source_id.lower()
    text = re.sub(r"[^a-z0-9._-]+", "-", text)
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r"-{2,}", "-", text)
    text = re.sub(r"^[._-]+|[._-]+$", "", text) or "model-" + digest(source_id)
    if len(text) > gate.ID_MAX:
        text = text[: gate.ID_MAX - 7].rstrip("._-") + "-" + digest(source_id)
    return text


def normalize_id(source_id: str) -> str:
    """A valid id for any source id, by the rules ``catalog check`` applies
    (:mod:`catalog.read.gate`):
    lower case; every run of other characters ('/', ':', '@', spaces …) becomes one '-'; no
    leading punctuation, no '..'; at most 80 characters (a long id keeps its start and gets a
    hash of the whole). An id check refuses otherwise (``provider``, ``index``, ``con``,
    ``lpt1.v2``, ``page.html``) has its dots made '-' (``lpt1-v2``, ``page-html``), or, when
    that is not enough, a hash of the source id appended (``provider-1a2b3c``). Deterministic."""
    text = _plain_id(source_id)
    if gate.is_valid_id(text):
        return text
    flat = text.replace(".", "-")
    if gate.is_valid_id(flat):
        return flat
    return f"{flat[: gate.ID_MAX - 7].rstrip('_-')}-{digest(source_id)}"


def allocate_ids(source_ids: Iterable[str], report: Report, where: str = "") -> dict[str, str]:
    """Map each source id to a unique valid id; every id that had to change is reported. When
    several source ids normalize to one id, the one already written that way (else the first in
    sorted order) keeps it and the others get a hash of their source id appended."""
    prefix = f"{where}/" if where else ""
    by_id: dict[str, list[str]] = {}
    for source_id in sorted(set(source_ids)):
        by_id.setdefault(normalize_id(source_id), []).append(source_id)
    result: dict[str, str] = {}
    taken = set(by_id)
    for new_id, sources in by_id.items():
        keeper = next((s for s in sources if s == new_id), sources[0])
        for source_id in sources:
            final = new_id
            if source_id != keeper:
                stem = new_id[: gate.ID_MAX - 7].rstrip("._-")
                final = f"{stem}-{digest(source_id)}"
                while final in taken or not gate.is_valid_id(final):  # pragma: no cover
                    final = f"{stem.replace('.', '-')}-{digest(final)}"
                taken.add(final)
                report.normalize(
                    ID_COLLISION,
                    f"{prefix}{source_id} → {final} ({new_id} stays with {prefix}{keeper})",
                )
            elif source_id != new_id:
                reserved = not gate.is_valid_id(_plain_id(source_id))
                kind = ID_RESERVED if reserved else ID_NORMALIZED
                report.normalize(kind, f"{prefix}{source_id} → {new_id}")
            result[source_id] = final
    return result
