#!/usr/bin/env python3
"""score.py: the extraction score of ../shared/README.md, written independently
of hrtk's C code so that tests can cross-check `hrtk eval` against it.

  score.py GOLD PRED            two files, or two folders of same-named files
  score.py --pairs LIST         LIST: lines "gold<TAB>pred"

Prints "F1 precision recall docs" to 9 decimals. A document with no shingles
on either side is skipped for that side's average; a missing prediction
counts as empty.
"""
import os
import re
import sys
from collections import Counter

WORD = re.compile(r"\w+")  # Python's \w: Unicode letters, marks, digits, underscore


def shingles(text, n=4):
    toks = WORD.findall(text)
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def score_pairs(pairs):
    precisions, recalls = [], []
    for gold_text, pred_text in pairs:
        g, p = shingles(gold_text), shingles(pred_text)
        tp = sum((g & p).values())
        fp = sum(p.values()) - tp
        fn = sum(g.values()) - tp
        total = tp + fp + fn
        if total == 0:
            continue
        tp, fp, fn = tp / total, fp / total, fn / total
        if tp + fp > 0:
            precisions.append(tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(tp / (tp + fn))
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f, p, r, max(len(precisions), len(recalls))


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return ""


def main(argv):
    if len(argv) == 3 and argv[1] == "--pairs":
        pairs = []
        for line in open(argv[2], encoding="utf-8"):
            g, p = line.rstrip("\n").split("\t")
            pairs.append((read(g), read(p)))
    elif len(argv) == 3 and os.path.isdir(argv[1]):
        names = sorted(os.listdir(argv[1]))
        pairs = [(read(os.path.join(argv[1], n)), read(os.path.join(argv[2], n))) for n in names]
    elif len(argv) == 3:
        pairs = [(read(argv[1]), read(argv[2]))]
    else:
        sys.exit(__doc__)
    f, p, r, n = score_pairs(pairs)
    print("%.9f %.9f %.9f %d" % (f, p, r, n))


if __name__ == "__main__":
    main(sys.argv)
