"""German named-entity recognition (PER, LOC, ORG, OTH) with a CRF trained on GermEval 2014.

Use `pipeline.ner.tagger.Tagger` to tag tokenised sentences with BIO labels; `python -m
pipeline.ner.train` rebuilds the shipped model (model.crfsuite, model.lexicon.tsv,
model.gazetteer.tsv, the knowledge-base names and GeoNames places the features use, and
model.clusters.tsv, the word clusters of `python -m pipeline.ner.clusters`).
"""
