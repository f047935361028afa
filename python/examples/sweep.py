"""Many scenarios of one week, solved side by side and compared on one page.

A generated week of 200 clinicians and 24 practices; a flu week (15 % of the clinicians
off), a winter Monday and Tuesday (half as many sessions again, pay up 10 %), and a
scenario with a typo (a practice the week does not have) — which fails alone, with the
pointer to its mistake, while the others solve. ``rotaflow.sweep`` returns a pandas
DataFrame, one row per scenario; ``rotaflow.sweep_report_html`` turns it into one
self-contained page, written to ``sweep.html`` in the working directory.

The code below the imports is the example of docs/python.md, "Many scenarios"
(tests/test_examples.py checks that they agree, and runs this file).

Usage: python examples/sweep.py
"""

import rotaflow

week = rotaflow.generate(clinicians=200, sites=24, days=7, seed=3)
frame = rotaflow.sweep(week, [
    {"name": "base"},
    {"name": "flu", "drop_share": 0.15, "seed": 1},
    {"name": "winter", "demand": [{"days": ["2026-12-07", "2026-12-08"], "scale": 1.5}],
     "rates": [{"scale": 1.1}]},
    {"name": "typo", "close_sites": ["P999"]},
], threads=1)

solved = frame[frame["error"].isna()]
print(solved[["name", "fill_rate", "pay", "unfilled_3000", "unfilled_1000",
              "unfilled_400", "score_total"]].to_string(index=False))
for name, error in zip(frame["name"], frame["error"]):
    if isinstance(error, str):
        print(f"{name}: {error}")

with open("sweep.html", "w", encoding="utf-8") as f:
    f.write(rotaflow.sweep_report_html(frame))
