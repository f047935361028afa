"""DataFrames (pandas or polars) to the columns the native module reads.

Each column is reduced to one plain form, column-wise and without a Python object per
cell where the dtype allows it:

* ``("i64", bytes)`` / ``("f64", bytes)`` — a numeric column as the little-endian bytes
  of a numpy array (NaN in a float column is a missing value);
* ``("time_naive", bytes)`` / ``("time_utc", bytes)`` / ``("date", bytes)`` — a datetime
  column as int64 nanoseconds since the epoch (NaT is ``INT64_MIN``); naive values are
  civil times in the problem's zone, aware ones are instants;
* ``("str", (joined, missing))`` — a column of strings as one string joined by NUL and a
  byte per row, 1 where the value is missing: one Python object for the whole column;
* ``("obj", list)`` — anything else (lists, mixed objects) as a Python list.

The native side builds the problem document from these, so that frames and dicts go
through the same reader and validator.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Tuple

Column = Tuple[str, Any]
Table = Tuple[int, Dict[str, Column]]

_NAT = -(2**63)

#: Columns of dates, not times: a datetime column of one of these is read as the date
#: (``YYYY-MM-DD``) of each value.
DATE_COLUMNS = ("day", "valid_from", "valid_until", "date")


def table(name: str, frame: Any) -> Table:
    """Read one frame: a pandas or polars DataFrame, or a mapping of column → values."""
    module = type(frame).__module__.split(".")[0]
    if module == "pandas":
        return _pandas_table(name, frame)
    if module == "polars":
        return _polars_table(name, frame)
    if isinstance(frame, Mapping):
        lists = {str(k): _dates(str(k), list(v)) for k, v in frame.items()}
        lengths = {len(v) for v in lists.values()}
        if len(lengths) > 1:
            raise ValueError(f"the columns of the {name} frame differ in length")
        columns = {k: _objects(v) for k, v in lists.items()}
        return (lengths.pop() if lengths else 0, columns)
    raise TypeError(
        f"the {name} frame must be a pandas or polars DataFrame or a mapping of "
        f"columns, not {type(frame).__name__}"
    )


def _pandas_table(name: str, frame: Any) -> Table:
    columns: Dict[str, Column] = {}
    for label in frame.columns:
        if not isinstance(label, str):
            raise TypeError(
                f"the {name} frame has a column label that is not a string: {label!r}"
            )
        columns[label] = _pandas_column(label, frame[label])
    return (len(frame), columns)


def _pandas_column(label: str, s: Any) -> Column:
    import numpy as np
    import pandas as pd

    dtype = s.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        utc = s.dt.tz_convert("UTC").dt.tz_localize(None)
        return ("time_utc", _ns_bytes(utc.to_numpy(dtype="datetime64[ns]")))
    kind = getattr(dtype, "kind", "O")
    if kind == "M":
        values = s.to_numpy(dtype="datetime64[ns]")
        return ("date" if label in DATE_COLUMNS else "time_naive", _ns_bytes(values))
    if isinstance(dtype, pd.StringDtype):
        missing = s.isna().to_numpy(dtype=bool).tobytes()
        joined = _joined(s.fillna("").tolist())
        if joined is not None:
            return ("str", (joined, missing))
    extension = isinstance(dtype, pd.api.extensions.ExtensionDtype)
    if kind in "iu" and not extension and not (kind == "u" and dtype.itemsize == 8):
        return ("i64", s.to_numpy(dtype="<i8").tobytes())
    if kind in "iuf":
        # Floats, nullable integers (pd.NA becomes NaN) and uint64.
        return ("f64", s.to_numpy(dtype="<f8", na_value=np.nan).tobytes())
    return _objects(_dates(label, s.tolist()))


def _dates(label: str, values: List[Any]) -> List[Any]:
    """In a column of dates (``DATE_COLUMNS``), each ``datetime`` as its date: its
    ``isoformat`` would carry a time of day."""
    if label not in DATE_COLUMNS:
        return values
    import datetime

    return [v.date() if isinstance(v, datetime.datetime) else v for v in values]


def _joined(values: List[str]) -> Optional[str]:
    """The strings joined by NUL, or ``None`` when one of them holds a NUL itself."""
    joined = "\0".join(values)
    if values and joined.count("\0") != len(values) - 1:
        return None
    return joined


def _objects(values: List[Any]) -> Column:
    """A column of Python objects: as ``str`` when every value is a string or missing
    (``None``, NaN), else as ``obj``."""
    n = len(values)
    if all(type(v) is str for v in values):
        joined = _joined(values)
        if joined is not None:
            return ("str", (joined, bytes(n)))
        return ("obj", values)
    missing = bytearray(n)
    parts: List[str] = []
    for i, v in enumerate(values):
        if type(v) is str:
            parts.append(v)
        elif v is None or (type(v) is float and v != v):
            parts.append("")
            missing[i] = 1
        else:
            return ("obj", values)
    joined = _joined(parts)
    if joined is None:
        return ("obj", values)
    return ("str", (joined, bytes(missing)))


def _ns_bytes(values: Any) -> bytes:
    out: bytes = values.view("<i8").tobytes()
    return out


def _polars_table(name: str, frame: Any) -> Table:
    columns: Dict[str, Column] = {}
    for s in frame.get_columns():
        columns[s.name] = _polars_column(s.name, s)
    return (frame.height, columns)


def _polars_column(label: str, s: Any) -> Column:
    import numpy as np
    import polars as pl

    dtype = s.dtype
    if isinstance(dtype, pl.Datetime) or dtype == pl.Datetime:
        ns = s.dt.timestamp("ns").fill_null(_NAT).to_numpy().astype("<i8")
        aware = getattr(dtype, "time_zone", None) is not None
        if label in DATE_COLUMNS and not aware:
            return ("date", ns.tobytes())
        return ("time_utc" if aware else "time_naive", ns.tobytes())
    if dtype == pl.Date:
        ns = s.cast(pl.Datetime("ns")).dt.timestamp("ns").fill_null(_NAT)
        return ("date", ns.to_numpy().astype("<i8").tobytes())
    if dtype.is_integer() and s.null_count() == 0 and dtype != pl.UInt64:
        return ("i64", s.to_numpy().astype("<i8").tobytes())
    if dtype.is_numeric():
        f = s.cast(pl.Float64).fill_null(np.nan).to_numpy()
        return ("f64", f.astype("<f8").tobytes())
    if dtype == pl.String:
        joined = _joined(s.fill_null("").to_list())
        if joined is not None:
            return ("str", (joined, s.is_null().to_numpy().astype("u1").tobytes()))
    return ("obj", s.to_list())
