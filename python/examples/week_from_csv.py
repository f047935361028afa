"""Build a week's rota from CSV files, solve it, and show it.

A notebook-ready walk through the Python package (each block can be a notebook cell):

1. read the pool, the sites and the sessions from CSV files with pandas (times become
   naive datetimes: civil times in the problem's zone);
2. ``rotaflow.Problem.from_frames`` — every problem in the files is reported at once;
3. ``rotaflow.solve`` — the exact min-cost flow, optimal;
4. the roster as a tidy DataFrame and as a pandas pivot (clinician × day);
5. a matplotlib timeline written to a PNG (matplotlib is the optional ``[plot]`` extra:
   ``pip install "rotaflow[plot]"``).

Usage: python examples/week_from_csv.py [--data DIR] [--png FILE]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

import rotaflow

HERE = Path(__file__).resolve().parent


def load(data: Path) -> rotaflow.Problem:
    """The problem from the CSV files in ``data``."""
    sites = pd.read_csv(data / "sites.csv")
    # `roles` and `skills` hold `;`-separated lists ("anp;nurse"); empty cells are NaN,
    # which from_frames reads as "not given".
    clinicians = pd.read_csv(data / "clinicians.csv")
    shifts = pd.read_csv(data / "shifts.csv", parse_dates=["start", "end"])
    availability = pd.read_csv(data / "availability.csv", parse_dates=["start", "end"])
    preferences = pd.read_csv(data / "preferences.csv")
    return rotaflow.Problem.from_frames(
        sites=sites,
        clinicians=clinicians,
        shifts=shifts,
        availability=availability,
        preferences=preferences,
        weights={"unfilled": 1000, "cost": 1, "preference": 20},
        timezone="Europe/London",
    )


def pivot(assignments: pd.DataFrame) -> pd.DataFrame:
    """Clinician × day: what each clinician works each day ("P014 AM / H01 EVE")."""
    cells = assignments.assign(
        day=assignments["start"].dt.strftime("%a %d"),
        what=assignments["site"] + " " + assignments["kind"].fillna(""),
    ).sort_values("start")
    table = cells.pivot_table(
        index="clinician_name",
        columns="day",
        values="what",
        aggfunc=" / ".join,
        sort=False,
    )
    days = cells.drop_duplicates("day")["day"].tolist()
    return table.reindex(columns=days).fillna("")


def plot(assignments: pd.DataFrame, unfilled: pd.DataFrame, png: Path) -> bool:
    """A timeline, one row per clinician, one bar per session; False without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.dates as mdates
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    people = sorted(assignments["clinician_name"].unique())
    sites = sorted(assignments["site"].unique())
    colours = {s: plt.get_cmap("tab10")(i) for i, s in enumerate(sites)}
    fig, ax = plt.subplots(figsize=(12, 0.55 * (len(people) + 1) + 1.5))
    for row, person in enumerate(people):
        mine = assignments[assignments["clinician_name"] == person]
        for s in mine.itertuples():
            start = mdates.date2num(s.start.tz_localize(None))
            width = mdates.date2num(s.end.tz_localize(None)) - start
            ax.barh(row, width, left=start, color=colours[s.site], edgecolor="black")
    if len(unfilled):
        row = len(people)
        for s in unfilled.itertuples():
            start = mdates.date2num(s.start.tz_localize(None))
            width = mdates.date2num(s.end.tz_localize(None)) - start
            ax.barh(row, width, left=start, color="white", edgecolor="red", hatch="//")
        people = [*people, "unfilled"]
    first = assignments["start"].min().tz_localize(None).normalize()
    last = assignments["end"].max().tz_localize(None).normalize() + pd.Timedelta(days=1)
    ax.set_xlim(mdates.date2num(first), mdates.date2num(last))
    ax.set_yticks(range(len(people)), people)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(mdates.DayLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%a %d %b"))
    ax.grid(axis="x", alpha=0.3)
    handles = [plt.Rectangle((0, 0), 1, 1, color=colours[s]) for s in sites]
    ax.legend(handles, sites, title="site", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_title("rotaflow: the week's roster")
    fig.tight_layout()
    png.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(png, dpi=110)
    plt.close(fig)
    return True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=HERE / "week")
    ap.add_argument("--png", type=Path, default=HERE / "out" / "roster.png")
    args = ap.parse_args()

    problem = load(args.data)
    print(problem)
    roster = rotaflow.solve(problem)
    print(roster)
    print("score:", {k: round(v, 2) for k, v in (roster.score or {}).items()})

    assignments = roster.to_pandas()
    unfilled = roster.to_pandas("unfilled")
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print()
        print(pivot(assignments).to_string())
        if len(unfilled):
            print("\nunfilled:")
            print(unfilled[["shift", "site", "kind", "start", "missing"]].to_string(index=False))
        print()
        print(roster.to_pandas("clinicians").to_string(index=False))
    if plot(assignments, unfilled, args.png):
        print(f"\ntimeline written to {args.png}")
    else:
        print('\nmatplotlib is not installed: pip install "rotaflow[plot]" for the timeline')


if __name__ == "__main__":
    main()
