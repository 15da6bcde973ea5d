#!/usr/bin/python3
"""Reference values for domain/agreement (SiMing-Bench agreement protocol).

Writes the fixture label files tests/reference/fixtures/*.csv, reads them back and computes the
expected figures with scikit-learn and SciPy into tests/reference/agreement_expected.json.
The TypeScript tests only read that JSON, so CI needs no Python.

Run with Debian's interpreter (it has python3-sklearn and python3-scipy):
    /usr/bin/python3 tests/reference/agreement_reference.py

Conventions mirrored by the TypeScript code: SciPy/sklearn nan (or a ValueError for n < 2) -> null;
MCC 0 when undefined (sklearn); precision/recall/F1 with zero_division=0.
AC1 (unweighted, 4 categories) and PABAK ((4 po - 1) / 3) have no library here and are computed
from their textbook formulas.
"""
import csv
import json
import math
import random
import warnings
from pathlib import Path

import numpy as np
import scipy
import sklearn
from scipy.stats import pearsonr, spearmanr
from sklearn.metrics import cohen_kappa_score, f1_score, matthews_corrcoef, precision_score, recall_score

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
EPS = 1e-9
COLUMNS = ["recording_id", "station", "step_id", "max_score", "rater", "score", "comment"]


# --------------------------------------------------------------------------------------------
# Fixtures. Each row: (recording_id, station, step_id, max_score, rater, score).
# --------------------------------------------------------------------------------------------

STATIONS = {"CPR": [("cpr01", 2), ("cpr02", 4), ("cpr03", 3), ("cpr04", 6), ("cpr05", 1)],
            "AED": [("aed01", 2), ("aed02", 3), ("aed03", 4)],
            "BMV": [("bmv01", 2), ("bmv02", 5)]}
ALL_STEPS = [(station, step, mx) for station, steps in STATIONS.items() for step, mx in steps]


def noisy(rng, base, mx, spread):
    return min(mx, max(0, base + rng.choice(spread)))


def normal_rows():
    """40 recordings, two correlated experts and a weaker 'model' rater (ignored unless asked)."""
    rng = random.Random(20240521)
    rows = []
    for r in range(1, 41):
        skill = rng.random()
        for station, step, mx in ALL_STEPS:
            base = mx if rng.random() < skill else rng.randint(0, mx)
            rows.append((f"rec{r:03d}", station, step, mx, "expert1", base))
            rows.append((f"rec{r:03d}", station, step, mx, "expert2", noisy(rng, base, mx, [0, 0, 0, -1, 1])))
            rows.append((f"rec{r:03d}", station, step, mx, "model", rng.randint(0, mx)))
    return rows


def constant_rater_rows():
    """Rater b's total is 5 for every recording, spread differently over the steps."""
    rng = random.Random(7)
    patterns = [(2, 2, 1, 0), (2, 1, 1, 1), (0, 2, 2, 1), (1, 1, 1, 2), (2, 0, 1, 2)]
    rows = []
    for r in range(1, 13):
        pattern = patterns[r % len(patterns)]
        for s in range(4):
            rows.append((f"c{r:02d}", "", f"s{s + 1}", 2, "a", rng.randint(0, 2)))
            rows.append((f"c{r:02d}", "", f"s{s + 1}", 2, "b", pattern[s]))
    return rows


def ties_rows():
    """Few distinct totals on both sides, so ranks are mostly averaged ties."""
    totals_a = [3, 3, 5, 5, 5, 2, 2, 6, 6, 3, 4, 4, 5, 2, 6, 3]
    totals_b = [4, 3, 5, 4, 6, 2, 2, 6, 5, 3, 3, 4, 5, 3, 6, 4]
    rows = []
    for r, (ta, tb) in enumerate(zip(totals_a, totals_b), start=1):
        for rater, total in (("a", ta), ("b", tb)):
            for s, score in enumerate((min(total, 3), max(total - 3, 0)), start=1):
                rows.append((f"t{r:02d}", "", f"s{s}", 3, rater, score))
    return rows


def incomplete_rows():
    rng = random.Random(11)
    rows = []
    for r in range(1, 13):
        rec = f"i{r:02d}"
        for s in range(1, 6):
            sa = rng.randint(0, 4)
            sb = noisy(rng, sa, 4, [0, 0, 1, -1, -2])
            b_skips = r == 10 or (r == 9 and s == 5)  # i10: only rater a; i09: b misses s5
            if not b_skips:
                rows.append((rec, "", f"s{s}", 4, "b", sb))
            if r != 11:  # i11: only rater b
                rows.append((rec, "", f"s{s}", 4, "a", sa))
        if r == 12:  # i12: b scores an extra step a did not
            rows.append((rec, "", "s6", 4, "b", 2))
    rows.append(("i13", "", "s1", 4, "other", 3))  # neither a nor b: not listed anywhere
    return rows


def half_points_rows():
    """Half points and maxima, with scores exactly at half the maximum (category 1)."""
    maxima = [0.5, 1, 1.5, 2.5, 3]
    choices = {0.5: [0, 0.5], 1: [0, 0.5, 1], 1.5: [0, 0.5, 1, 1.5], 2.5: [0, 0.5, 1, 1.25, 1.5, 2, 2.5],
               3: [0, 0.5, 1, 1.5, 2, 2.5, 3]}
    rng = random.Random(3)
    rows = []
    for r in range(1, 19):
        for s, mx in enumerate(maxima, start=1):
            sa = rng.choice(choices[mx])
            sb = sa if rng.random() < 0.5 else rng.choice(choices[mx])
            rows.append((f"h{r:02d}", "", f"s{s}", mx, "a", sa))
            rows.append((f"h{r:02d}", "", f"s{s}", mx, "b", sb))
    return rows


def perfect_rows():
    rng = random.Random(5)
    rows = []
    for r in range(1, 9):
        for s in range(1, 5):
            score = rng.randint(0, 3)
            rows.extend((f"p{r}", "", f"s{s}", 3, rater, score) for rater in ("a", "b"))
    return rows


def never_errors_rows():
    """Rater b gives full marks everywhere: precision 0 (zero_division), MCC 0, SRCC null."""
    rng = random.Random(9)
    rows = []
    for r in range(1, 11):
        for s in range(1, 5):
            rows.append((f"n{r:02d}", "", f"s{s}", 2, "a", rng.randint(0, 2)))
            rows.append((f"n{r:02d}", "", f"s{s}", 2, "b", 2))
    return rows


def all_full_marks_rows():
    """Both raters give full marks everywhere: kappa 0/0 (null), everything binary 0."""
    return [(f"f{r}", "", f"s{s}", 2, rater, 2) for r in range(1, 5) for s in range(1, 4) for rater in ("a", "b")]


def single_recording_rows():
    return [("only", "", f"s{s}", 3, rater, score)
            for s, (x, y) in enumerate([(3, 3), (1, 2), (0, 0), (2, 3)], start=1)
            for rater, score in (("a", x), ("b", y))]


def no_overlap_rows():
    return ([(f"x{r}", "", "s1", 2, "a", r % 3) for r in range(1, 4)]
            + [(f"y{r}", "", "s1", 2, "b", r % 3) for r in range(1, 4)])


FIXTURE_ROWS = {
    "normal": (normal_rows, {}),
    "constant_rater": (constant_rater_rows, {}),
    "ties": (ties_rows, {}),
    "incomplete": (incomplete_rows, {}),
    "half_points": (half_points_rows, {"bom": True, "crlf": True}),
    "perfect": (perfect_rows, {}),
    "never_errors": (never_errors_rows, {}),
    "all_full_marks": (all_full_marks_rows, {}),
    "single_recording": (single_recording_rows, {}),
    "no_overlap": (no_overlap_rows, {}),
}

CASES = [
    ("normal_experts", "normal", "expert1", "expert2"),
    ("normal_model", "normal", "expert1", "model"),
    ("constant_rater", "constant_rater", "a", "b"),
    ("ties", "ties", "a", "b"),
    ("incomplete", "incomplete", "a", "b"),
    ("half_points", "half_points", "a", "b"),
    ("perfect", "perfect", "a", "b"),
    ("never_errors", "never_errors", "a", "b"),
    ("all_full_marks", "all_full_marks", "a", "b"),
    ("single_recording", "single_recording", "a", "b"),
    ("no_overlap", "no_overlap", "a", "b"),
]


def fmt(x):
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def write_fixture(name, rows, bom=False, crlf=False):
    path = FIXTURES / f"{name}.csv"
    with open(path, "w", newline="", encoding="utf-8-sig" if bom else "utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\r\n" if crlf else "\n")
        writer.writerow(COLUMNS)
        for i, (rec, station, step, mx, rater, score) in enumerate(rows):
            comment = 'checked, "see notes"' if i % 17 == 0 else ""
            writer.writerow([rec, station, step, fmt(mx), rater, fmt(score), comment])
    return path


def read_fixture(path):
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return [{"recording": r["recording_id"], "station": r["station"], "step": r["step_id"],
                 "max": float(r["max_score"]), "rater": r["rater"], "score": float(r["score"])}
                for r in csv.DictReader(fh)]


# --------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------

def category(mx, score):
    if score >= mx - EPS:
        return 0
    if score <= EPS:
        return 3
    return 1 if score >= mx / 2 - EPS else 2


def nan_to_none(x):
    x = float(x)
    return None if math.isnan(x) else x


def correlation(fn, x, y):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return nan_to_none(fn(x, y)[0])
    except ValueError:  # n < 2
        return None


def step_figures(pairs):
    ya = [category(ra["max"], ra["score"]) for ra, _ in pairs]
    yb = [category(rb["max"], rb["score"]) for _, rb in pairs]
    confusion = [[0] * 4 for _ in range(4)]
    for i, j in zip(ya, yb):
        confusion[i][j] += 1
    n = len(pairs)
    if n == 0:
        return {"qwk": None, "confusion": confusion, "exact": None, "adjacent": None, "ac1": None, "pabak": None}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        qwk = nan_to_none(cohen_kappa_score(ya, yb, weights="quadratic", labels=[0, 1, 2, 3]))
    po = sum(confusion[q][q] for q in range(4)) / n
    pi = [(sum(confusion[q]) + sum(row[q] for row in confusion)) / (2 * n) for q in range(4)]
    pe = sum(p * (1 - p) for p in pi) / 3
    return {"qwk": qwk, "confusion": confusion, "exact": po,
            "adjacent": sum(1 for i, j in zip(ya, yb) if abs(i - j) <= 1) / n,
            "ac1": (po - pe) / (1 - pe), "pabak": (4 * po - 1) / 3}


def binary_figures(pairs):
    ea = [int(ra["score"] < ra["max"] - EPS) for ra, _ in pairs]
    eb = [int(rb["score"] < rb["max"] - EPS) for _, rb in pairs]
    counts = {"tp": sum(1 for x, y in zip(ea, eb) if x and y), "fp": sum(1 for x, y in zip(ea, eb) if not x and y),
              "fn": sum(1 for x, y in zip(ea, eb) if x and not y), "tn": sum(1 for x, y in zip(ea, eb) if not x and not y)}
    if not pairs:  # sklearn refuses empty input; the app reports its zero conventions
        return {**counts, "precision": 0.0, "recall": 0.0, "f1": 0.0, "mcc": 0.0}
    return {**counts,
            "precision": float(precision_score(ea, eb, zero_division=0)),
            "recall": float(recall_score(ea, eb, zero_division=0)),
            "f1": float(f1_score(ea, eb, zero_division=0)),
            "mcc": float(matthews_corrcoef(ea, eb))}


def analyse(rows, a, b):
    by = {a: {}, b: {}}
    for row in rows:
        if row["rater"] in by:
            by[row["rater"]].setdefault(row["recording"], {})[row["step"]] = row
    pairs, totals_a, totals_b, incomplete = [], [], [], []
    for rec in sorted(set(by[a]) | set(by[b])):
        sa, sb = by[a].get(rec, {}), by[b].get(rec, {})
        shared = sorted(set(sa) & set(sb))
        pairs.extend((sa[s], sb[s]) for s in shared)
        if sa and sb and set(sa) == set(sb):
            totals_a.append(sum(r["score"] for r in sa.values()))
            totals_b.append(sum(r["score"] for r in sb.values()))
        else:
            incomplete.append(rec)
    return {"n_recordings": len(totals_a), "n_steps": len(pairs),
            "plcc": correlation(pearsonr, totals_a, totals_b), "srcc": correlation(spearmanr, totals_a, totals_b),
            **step_figures(pairs), **binary_figures(pairs), "incomplete_recordings": incomplete,
            "_pairs": pairs}


def expected_case(rows, a, b):
    result = analyse(rows, a, b)
    pairs = result.pop("_pairs")
    per_step = {}
    for step in sorted({ra["step"] for ra, _ in pairs}):
        subset = [p for p in pairs if p[0]["step"] == step]
        per_step[step] = {"n_steps": len(subset), **step_figures(subset), **binary_figures(subset)}
    result["per_step"] = per_step
    stations = sorted({r["station"] for r in rows if r["rater"] in (a, b) and r["station"]})
    if stations:
        per_station = {}
        for station in stations:
            s = analyse([r for r in rows if r["station"] == station], a, b)
            s.pop("_pairs")
            per_station[station] = s
        result["per_station"] = per_station
    return result


def main():
    FIXTURES.mkdir(parents=True, exist_ok=True)
    paths = {name: write_fixture(name, build(), **fmt_opts) for name, (build, fmt_opts) in FIXTURE_ROWS.items()}
    cases = {}
    for case, fixture, a, b in CASES:
        rows = read_fixture(paths[fixture])
        cases[case] = {"file": f"{fixture}.csv", "a": a, "b": b, **expected_case(rows, a, b)}
    out = {"generated_by": "tests/reference/agreement_reference.py",
           "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__},
           "cases": cases}
    (HERE / "agreement_expected.json").write_text(json.dumps(out, indent=1, allow_nan=False) + "\n")
    print(f"wrote {len(cases)} cases, {len(paths)} fixtures")


if __name__ == "__main__":
    main()
