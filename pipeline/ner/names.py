"""First names and surnames for the NER gazetteer, from a list committed beside this module.

GermEval's unseen persons are mostly people nobody else in the corpus names ("Dörte Kruse",
"Gianfranco Testa"): neither the training split nor the knowledge base knows them, but a list of
common given names and family names does. names.tsv holds such a list ("first\tName",
"last\tName"), written once by `python -m pipeline.ner.names` from the person-name lists of the
Faker package (MIT licence; German, Austrian, Swiss and other European locales, Latin script
only). Faker is needed only to rewrite the list: training reads names.tsv, and the names go into
the model's gazetteer file, so tagging needs neither.
"""
from __future__ import annotations

import importlib
import re
from pathlib import Path

NAMES_PATH = Path(__file__).resolve().parent / "names.tsv"
LOCALES = ("de_DE de_AT de_CH en_US en_GB fr_FR it_IT es_ES pl_PL tr_TR nl_NL cs_CZ hr_HR sv_SE da_DK "
           "no_NO fi_FI hu_HU pt_PT pt_BR ro_RO sk_SK sl_SI").split()
LATIN_NAME = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ž]+(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ž]+)?")
MIN_LENGTH = 3  # "Al", "Bo": two-letter names are mostly words or abbreviations


def load_names(path: str | Path = NAMES_PATH) -> tuple[set[str], set[str]]:
    """(first names, surnames) from the committed list."""
    first: set[str] = set()
    last: set[str] = set()
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            kind, name = line.rstrip("\n").split("\t")
            (first if kind == "first" else last).add(name)
    return first, last


def build(path: str | Path = NAMES_PATH) -> None:
    """Rewrite the list from Faker's person providers (needs the faker package)."""
    first: set[str] = set()
    last: set[str] = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr in dir(provider):
            values = getattr(provider, attr)
            if not isinstance(values, (list, tuple, dict)):
                continue
            if attr.startswith("first_names"):
                first.update(values)
            elif attr.startswith("last_names"):
                last.update(values)
    keep = lambda name: len(name) >= MIN_LENGTH and LATIN_NAME.fullmatch(name)  # noqa: E731
    with open(path, "w", encoding="utf-8") as out:
        out.writelines(f"first\t{name}\n" for name in sorted(filter(keep, first)))
        out.writelines(f"last\t{name}\n" for name in sorted(filter(keep, last)))


if __name__ == "__main__":
    build()
