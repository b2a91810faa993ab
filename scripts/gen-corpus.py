#!/usr/bin/env python3
"""gen-corpus.py: a deterministic, realistic benchmark corpus for hrtk count.

    scripts/gen-corpus.py SIZE_MB OUT [SHARED]

Real sentences (the article texts of the shared dev set) in which about one
word in six is swapped for a word drawn from a Zipf-distributed vocabulary
(real words first, then a long tail of invented rare words, some with
accents, Greek or Cyrillic letters), so the vocabulary keeps growing with
the corpus as real text does. Paragraphs are separated by blank lines. The
same SIZE gives the same bytes on every machine (random.Random(42)).
"""
import glob
import os
import random
import re
import sys


def sentences(shared):
    pats = [os.path.join(shared, "devset/readability/*/expected.txt"),
            os.path.join(shared, "devset/pdf/*.gold.txt"),
            os.path.join(shared, "gold/*.txt")]
    out = []
    for pat in pats:
        for path in sorted(glob.glob(pat)):
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            for s in re.split(r"(?<=[.!?])\s+", re.sub(r"\s+", " ", text)):
                if 20 <= len(s) <= 400:
                    out.append(s)
    if not out:
        out = ["Naloxone reverses an opioid overdose within minutes of the dose."]
    return out


def invented(rng, n):
    syl = ["ka", "lo", "mi", "ne", "ro", "ta", "vu", "shi", "dra", "pel", "qu", "ez",
           "on", "ar", "il", "um", "st", "br", "gy", "xo"]
    rare = ["é", "ü", "ö", "ñ", "ç", "ß", "ø", "å", "ł", "ž"]
    greek = "αβγδεζηθικλμνξοπρστυφχψω"
    cyr = "абвгдежзиклмнопрстуфхцчшщыэюя"
    words = set()
    while len(words) < n:
        r = rng.random()
        if r < 0.02:
            w = "".join(rng.choice(greek) for _ in range(rng.randint(3, 9)))
        elif r < 0.04:
            w = "".join(rng.choice(cyr) for _ in range(rng.randint(3, 9)))
        else:
            w = "".join(rng.choice(syl) for _ in range(rng.randint(2, 5)))
            if r < 0.10:
                i = rng.randrange(len(w))
                w = w[:i] + rng.choice(rare) + w[i + 1:]
        words.add(w)
    return sorted(words)


def main():
    size = int(float(sys.argv[1]) * 1024 * 1024)
    out = sys.argv[2]
    shared = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(__file__), "../../shared")
    rng = random.Random(42)
    sents = sentences(shared)
    freq = {}
    for s in sents:
        for w in re.findall(r"[^\W\d_]+", s):
            freq[w] = freq.get(w, 0) + 1
    real = sorted(freq, key=lambda w: (-freq[w], w))
    vocab = real + [w for w in invented(rng, 400000) if w not in freq]
    # Zipf: weight of rank r is 1 / r^1.05.
    cum, total = [], 0.0
    for r in range(1, len(vocab) + 1):
        total += 1.0 / r ** 1.05
        cum.append(total)
    written = 0
    with open(out + ".tmp", "w", encoding="utf-8") as f:
        while written < size:
            para = []
            for s in rng.choices(sents, k=rng.randint(2, 7)):
                words = s.split(" ")
                picks = rng.choices(vocab, cum_weights=cum, k=len(words))
                for i in range(len(words)):
                    if rng.random() < 0.17:
                        words[i] = picks[i]
                para.append(" ".join(words))
            block = " ".join(para) + "\n\n"
            f.write(block)
            written += len(block.encode("utf-8"))
    os.rename(out + ".tmp", out)


main()
