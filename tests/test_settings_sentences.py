"""A page's settings are sentences in the page's language, one per parameter value the
schema allows, never raw values ("none", "억원") or Korean words on an English page."""

from __future__ import annotations

import re

import pytest

from analysis.briefing.labels import SETTINGS
from analysis.briefing.page_data import setting_sentence, settings_items
from analysis.briefing.parameters import SCHEMA

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _choices(name: str) -> list[object]:
    return list(SCHEMA[name].choices)


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("name", ["unit", "jobs_split"])
def test_each_allowed_value_has_its_own_sentence(name: str, lang: str) -> None:
    values = _choices(name)
    assert len(values) >= 3
    sentences = [setting_sentence(name, v, lang) for v in values]
    assert len(set(sentences)) == len(values)  # each value says something different
    for value, sentence in zip(values, sentences, strict=True):
        assert sentence.endswith("."), sentence
        assert str(value) != sentence and f": {value}" not in sentence
        if lang == "en":
            assert not HANGUL.search(sentence), sentence


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_price_year_and_rate_carry_their_values(lang: str) -> None:
    assert "2023" in setting_sentence("price_year", 2023, lang)
    assert "2020" not in setting_sentence("price_year", 2023, lang)
    assert "1,250.50" in setting_sentence("exchange_rate", 1250.5, lang)
    assert setting_sentence("exchange_rate", None, lang) != setting_sentence(
        "exchange_rate", 1180.02, lang
    )


def test_settings_follow_the_assumptions() -> None:
    params = {"unit": "억원", "price_year": 2020, "exchange_rate": None, "jobs_split": "budget"}
    items = settings_items(params, ["An assumption."], "en")
    assert items[0] == "An assumption."
    assert len(items) == 1 + len(SETTINGS)
    assert "by their budgets" in items[-1]
    assert not any(HANGUL.search(item) for item in items)
