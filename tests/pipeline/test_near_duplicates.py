"""Near-duplicate detection on the replay corpus's labelled agency copy (see bench/near_duplicates_eval.py)."""

from bench import near_duplicates_eval
from pipeline.near_duplicates import NearDuplicateIndex, from_bytes, signature, to_bytes


def test_precision_and_recall_on_labelled_pairs():
    result = near_duplicates_eval.evaluate()
    assert result["true_pairs"] >= 15
    # Measured 1.000 / 1.000 at the default threshold 0.4.
    assert result["precision"] >= 0.95 and result["recall"] >= 0.95


def test_light_edit_matches_and_other_report_does_not():
    base = " ".join(f"Satz {i} über den Pakt zwischen Moskau und Pjöngjang mit Details Nummer {i}." for i in range(40))
    edited = base.replace("Satz 3 ", "Der dritte Satz ") + " Ein neuer Schlussabsatz der Redaktion."
    other = " ".join(f"Bericht {i} vom Spiel in Stuttgart, das Deutschland gegen Ungarn gewann, Szene {i}." for i in range(40))
    index = NearDuplicateIndex()
    index.add(1, signature(base))
    assert index.match(signature(edited))[0] == 1
    assert index.match(signature(other)) is None


def test_signature_round_trips_through_bytes():
    minhash = signature("Putin und Kim unterzeichnen einen Beistandspakt in Pjöngjang.")
    assert from_bytes(to_bytes(minhash)).jaccard(minhash) == 1.0
