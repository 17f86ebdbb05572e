"""The memo of parsed YAML (catalog/read/memo.py) gives back exactly what parsing gives, or keeps
nothing; and a build resumed from it finds the errors a clean check finds."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from catalog.errors import ValidationFailed
from catalog.read import load
from catalog.read.memo import Memo
from catalog.render.theme import Theme
from catalog.write import engine, state
from tests.conftest import PROJECT


def same(a: object, b: object) -> bool:
    """Equal, and of the same types all the way down (Decimal("1.0") == 1, but is not 1)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        assert isinstance(b, dict)
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        assert isinstance(b, list)
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, Decimal):
        return str(a) == str(b)  # the exponent too: 0.40 is not 0.4
    return a == b


def test_every_starter_card_comes_back_as_parsed() -> None:
    cards = sorted((PROJECT / "models").rglob("*.yaml"))
    first = Memo()
    for card in cards:
        first.parse(card.read_text(), str(card))
    # Each text once (some files are the same bytes), and every one of them kept.
    assert first.parsed == len({card.read_bytes() for card in cards}) == len(first.used)
    again = Memo(first.used)
    for card in cards:
        text = card.read_text()
        assert same(again.parse(text, str(card)), load.parse(text, str(card), bounded=True))
    assert again.parsed == 0


@pytest.mark.parametrize(
    "text",
    [
        "1: a number as a key\n",  # JSON would give the key back as text
        "price: 5.\n",  # Decimal("5"): JSON would give back the int 5
        "price: !!float 7\n",
    ],
)
def test_what_json_would_change_is_not_kept(text: str) -> None:
    memo = Memo()
    data = memo.parse(text, "card.yaml")
    assert memo.used == {}
    assert same(Memo(memo.used).parse(text, "card.yaml"), data)


def test_kept_numbers_keep_their_exponent() -> None:
    memo = Memo()
    text = "a: 0.40\nb: 1.5e+3\nc: -0.0\nd: [1, true, null, 'x']\n"
    memo.parse(text, "card.yaml")
    assert same(Memo(memo.used).parse(text, "card.yaml"), load.parse(text, "card.yaml"))


def test_a_resumed_build_reports_what_a_clean_check_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(PROJECT / "models", tmp_path / "models")
    monkeypatch.chdir(tmp_path)
    engine.build(Path("models"), Path("site"))
    assert state.load(Path("site"), Path("models"), Theme.default().roots, None)
    # A registry edit reaches cards whose parse the memo holds: their errors are still found,
    # and located in their text.
    benchmarks = tmp_path / "models/benchmarks.yaml"
    text = benchmarks.read_text()
    benchmarks.write_text(text.replace("\nswe-bench-verified:", "\nswe-bench-verified-x:", 1))
    with pytest.raises(ValidationFailed) as resumed:
        engine.build(Path("models"), Path("site"))
    shutil.rmtree(tmp_path / "site")
    with pytest.raises(ValidationFailed) as clean:
        engine.build(Path("models"), Path("site"))
    assert resumed.value.errors and str(resumed.value) == str(clean.value)
