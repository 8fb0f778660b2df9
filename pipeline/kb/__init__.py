"""The curated knowledge base: Wikidata entities that German news mentions, with the ways they are written.

Files: `*.yaml` in this folder, each a list of entities:
  qid        Wikidata ID (Q…)
  type       person | party | country | city | region | organization | company | institution
  name       German canonical name
  aliases    other names: full names, transliterations (Pjöngjang/Pyongyang), abbreviations, epithets
  forms      inflected forms that are not simply name + "s" (genitives such as "Nordkoreas", "des Kremls")
  adjectives base forms, lower case ("russisch"); inflected forms (russische, russischen, …) are derived
  demonyms   nouns for the people (Russe, Russen)
  roles, country, capital_of, confidence: descriptive; confidence "memory" marks QIDs not checked by lookup
"""
from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

KB_DIR = Path(__file__).resolve().parent
LABELS = {"person": "PER", "party": "ORG", "country": "LOC", "city": "LOC", "region": "LOC",
          "organization": "ORG", "company": "ORG", "institution": "ORG"}
ADJECTIVE_ENDINGS = ("", "e", "en", "er", "es", "em")


@dataclass(frozen=True)
class Entity:
    qid: str
    type: str
    name: str
    country: str | None = None  # QID of the person's or organisation's country (descriptive)
    capital_of: str | None = None  # QID of the state whose capital this city is

    @property
    def label(self) -> str:
        return LABELS.get(self.type, "OTH")


class KnowledgeBase:
    def __init__(self, records: list[dict]):
        self.entities: dict[str, Entity] = {}
        self.surfaces: dict[str, set[str]] = defaultdict(set)  # written form -> QIDs
        self.surnames: dict[str, set[str]] = defaultdict(set)  # last name -> person QIDs
        for record in records:
            entity = Entity(record["qid"], record["type"], record["name"],
                            record.get("country"), record.get("capital_of"))
            self.entities[entity.qid] = entity
            names = [record["name"], *(record.get("aliases") or [])]
            for surface in names + list(record.get("forms") or []) + list(record.get("demonyms") or []):
                self.surfaces[surface].add(entity.qid)
            for name in names:
                self.surfaces[name + "s"].add(entity.qid)  # the regular genitive
            for adjective in record.get("adjectives") or []:
                for ending in ADJECTIVE_ENDINGS:
                    self.surfaces[adjective + ending].add(entity.qid)
                    # Sentence-initially or in names ("Russische Föderation") adjectives are capitalised.
                    self.surfaces[adjective[:1].upper() + adjective[1:] + ending].add(entity.qid)
            if entity.type == "person" and " " in record["name"]:
                surname = record["name"].split()[-1]
                self.surnames[surname].add(entity.qid)

    @classmethod
    def load(cls, folder: Path = KB_DIR) -> "KnowledgeBase":
        records: list[dict] = []
        for path in sorted(folder.glob("*.yaml")):
            records.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
        return cls(records)

    def lookup(self, surface: str) -> set[str]:
        return self.surfaces.get(surface, set())

    def __len__(self) -> int:
        return len(self.entities)


@functools.cache
def default() -> KnowledgeBase:
    return KnowledgeBase.load()
