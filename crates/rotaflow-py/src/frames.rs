//! DataFrames to a problem document, column by column.
//!
//! Python hands over each frame as columns already reduced to one of a few plain forms
//! (see `python/rotaflow/_frames.py`): numbers and timestamps as the little-endian bytes
//! of a numpy array, everything else as a list of Python objects. This module turns the
//! columns into the rows of the JSON document (`/sites`, `/clinicians`, `/shifts`, …),
//! nests the side frames (availability, unavailable, preferences) under their
//! clinicians, and leaves every schema check to the core's reader and validator.
//!
//! Revision 1.1: the clinicians frame's weekly limits are the columns
//! `max_shifts_per_week`, `max_hours_per_week` and `min_shifts_per_week` (named as the rules
//! the evaluator reports; `per_week.max_shifts` and `limits.per_week.max_shifts` are read
//! too), and the credentials frame (`clinician`, `name`, `valid_from`, `valid_until`) holds
//! one row per entry of a clinician's `skills` with dates, appended after the names of the
//! clinicians frame's `skills` column; the history frame (`clinician`, `site`, `kind`,
//! `date`) is the document's `history[]`.
//!
//! Pointers of issues found here are the document's (`/shifts/17/site`) for the frames
//! that are lists of the document, and the frame's own (`/availability/3/clinician`) for
//! the side frames.

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use rotaflow::read::fields;
use rotaflow::{Issue, IssueCode};
use serde_json::{Map, Number, Value};

use crate::value::{Mode, Ptr, float_value, split_list, to_value, type_name};

/// One frame the schema knows: the schema object a row becomes (its fields and the ones
/// it cannot do without, from the core's tables), the column naming the clinician the rows
/// belong to (frames nested under clinicians) and the clinician's list they join, and extra
/// alias columns.
struct TableSpec {
    name: &'static str,
    owner: Option<&'static str>,
    /// For a frame nested under clinicians, the clinician field its rows are appended to.
    into: &'static str,
    fields: &'static [&'static str],
    required: &'static [&'static str],
    aliases: &'static [&'static str],
}

impl TableSpec {
    /// Every column the frame may have, for messages.
    fn columns(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = self.owner.into_iter().collect();
        out.extend(self.fields);
        out.extend(self.aliases);
        if self.name == "clinicians" {
            out.extend(fields::LIMITS);
            out.extend(PER_WEEK_COLUMNS.iter().map(|&(column, _)| column));
        }
        out
    }

    /// The columns the frame cannot do without.
    fn required(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.owner.into_iter().chain(self.required.iter().copied())
    }
}

const SITES: TableSpec = TableSpec {
    name: "sites",
    owner: None,
    into: "",
    fields: fields::SITE,
    required: fields::SITE_REQUIRED,
    aliases: &[],
};
const CLINICIANS: TableSpec = TableSpec {
    name: "clinicians",
    owner: None,
    into: "",
    fields: fields::CLINICIAN,
    required: fields::CLINICIAN_REQUIRED,
    aliases: &["home.lat", "home.lon"],
};
const SHIFTS: TableSpec = TableSpec {
    name: "shifts",
    owner: None,
    into: "",
    fields: fields::SHIFT,
    required: fields::SHIFT_REQUIRED,
    aliases: &[],
};
const AVAILABILITY: TableSpec = TableSpec {
    name: "availability",
    owner: Some("clinician"),
    into: "availability",
    fields: fields::INTERVAL,
    required: fields::INTERVAL_REQUIRED,
    aliases: &[],
};
const UNAVAILABLE: TableSpec = TableSpec {
    name: "unavailable",
    owner: Some("clinician"),
    into: "unavailable",
    fields: fields::INTERVAL,
    required: fields::INTERVAL_REQUIRED,
    aliases: &[],
};
const PREFERENCES: TableSpec = TableSpec {
    name: "preferences",
    owner: Some("clinician"),
    into: "preferences",
    fields: fields::PREFERENCE,
    required: fields::PREFERENCE_REQUIRED,
    aliases: &[],
};
const CREDENTIALS: TableSpec = TableSpec {
    name: "credentials",
    owner: Some("clinician"),
    into: "skills",
    fields: fields::CREDENTIAL,
    required: fields::CREDENTIAL_REQUIRED,
    aliases: &[],
};
const TRAVEL_KM: TableSpec = TableSpec {
    name: "travel_km",
    owner: None,
    into: "",
    fields: fields::TRAVEL,
    required: fields::TRAVEL,
    aliases: &[],
};
const PINNED: TableSpec = TableSpec {
    name: "pinned",
    owner: None,
    into: "",
    fields: fields::PAIR,
    required: fields::PAIR,
    aliases: &[],
};
const PREVIOUS: TableSpec = TableSpec {
    name: "previous",
    owner: None,
    into: "",
    fields: fields::PAIR,
    required: fields::PAIR,
    aliases: &[],
};
const HISTORY: TableSpec = TableSpec {
    name: "history",
    owner: None,
    into: "",
    fields: fields::HISTORY,
    required: fields::HISTORY_REQUIRED,
    aliases: &[],
};
const SUCCESSIONS: TableSpec = TableSpec {
    name: "forbidden_successions",
    owner: None,
    into: "",
    fields: fields::SUCCESSION,
    required: fields::SUCCESSION,
    aliases: &[],
};

/// Every frame, in document order.
const TABLES: [&TableSpec; 12] = [
    &SITES,
    &CLINICIANS,
    &SHIFTS,
    &AVAILABILITY,
    &UNAVAILABLE,
    &PREFERENCES,
    &CREDENTIALS,
    &TRAVEL_KM,
    &SUCCESSIONS,
    &PINNED,
    &PREVIOUS,
    &HISTORY,
];

/// The names of the frames `Problem.from_frames` accepts.
pub(crate) fn table_names() -> Vec<&'static str> {
    TABLES.iter().map(|t| t.name).collect()
}

/// The clinicians frame's columns of `limits.per_week` (revision 1.1), named as the rules
/// the evaluator reports, and the field each fills.
const PER_WEEK_COLUMNS: [(&str, &str); 3] = [
    ("max_shifts_per_week", "max_shifts"),
    ("max_hours_per_week", "max_hours"),
    ("min_shifts_per_week", "min_shifts"),
];

/// Is `column` a column of `spec` (after the clinicians' aliases)?
fn known(spec: &TableSpec, column: &str) -> bool {
    if spec.owner == Some(column) || spec.fields.contains(&column) || spec.aliases.contains(&column)
    {
        return true;
    }
    spec.name == "clinicians" && clinician_path(column).0 != Parent::None
}

/// The object a clinicians-frame cell goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parent {
    /// The clinician itself.
    None,
    /// `home`.
    Home,
    /// `limits`.
    Limits,
    /// `limits.per_week`.
    PerWeek,
}

impl Parent {
    /// The keys from the clinician down to the object.
    fn keys(self) -> &'static [&'static str] {
        match self {
            Parent::None => &[],
            Parent::Home => &["home"],
            Parent::Limits => &["limits"],
            Parent::PerWeek => &["limits", "per_week"],
        }
    }
}

/// Where a clinicians-frame column goes in the clinician object: `home.lat` and
/// `home_lat` → `home/lat`, a limit → `limits/<name>`, a weekly limit
/// (`max_shifts_per_week`, `per_week.max_shifts`, `limits.per_week.max_shifts`) →
/// `limits/per_week/<name>`; anything else the clinician's own field (`Parent::None`,
/// whether the schema knows it or not).
fn clinician_path(column: &str) -> (Parent, &str) {
    match column {
        "home.lat" | "home_lat" => (Parent::Home, "lat"),
        "home.lon" | "home_lon" => (Parent::Home, "lon"),
        _ => {
            if let Some(&(_, field)) = PER_WEEK_COLUMNS.iter().find(|(c, _)| *c == column) {
                return (Parent::PerWeek, field);
            }
            let bare = column.strip_prefix("limits.").unwrap_or(column);
            if let Some(week) = bare.strip_prefix("per_week.") {
                if fields::PER_WEEK.contains(&week) {
                    return (Parent::PerWeek, week);
                }
            } else if fields::LIMITS.contains(&bare) {
                return (Parent::Limits, bare);
            }
            (Parent::None, column)
        }
    }
}

/// Where a cell goes: `/<table>/<row>[/<parent>…]/<field>`.
#[derive(Clone, Copy)]
struct Place<'a> {
    table: &'a str,
    parent: &'static [&'static str],
    field: &'a str,
}

/// The values of one column, one per row (`None` = missing).
fn read_column(
    column: &Bound<'_, PyAny>,
    rows: usize,
    list: bool,
    tz: &TimeZone,
    place: Place<'_>,
    issues: &mut Vec<Issue>,
) -> PyResult<Vec<Option<Value>>> {
    let tuple = column.cast::<PyTuple>().map_err(PyErr::from)?;
    let kind: String = tuple.get_item(0)?.extract()?;
    let data = tuple.get_item(1)?;
    let mode = Mode::Cell { list };
    let mut out = Vec::with_capacity(rows);
    let wrong_length = |n: usize| {
        pyo3::exceptions::PyValueError::new_err(format!(
            "internal: a column has {n} values for {rows} rows"
        ))
    };
    let root = Ptr::Root;
    let table = Ptr::Key(&root, place.table);
    // Calls `f` with the pointer of `row`'s cell, built without allocating.
    let at = |row: usize, f: &mut dyn FnMut(&Ptr<'_>) -> PyResult<Option<Value>>| {
        let r = Ptr::Index(&table, row);
        match place.parent {
            [] => f(&Ptr::Key(&r, place.field)),
            [p] => {
                let p = Ptr::Key(&r, p);
                f(&Ptr::Key(&p, place.field))
            }
            [p, q, ..] => {
                let p = Ptr::Key(&r, p);
                let q = Ptr::Key(&p, q);
                f(&Ptr::Key(&q, place.field))
            }
        }
    };
    match kind.as_str() {
        "f64" | "i64" | "time_naive" | "time_utc" | "date" => {
            let bytes = data.cast::<PyBytes>().map_err(PyErr::from)?.as_bytes();
            if bytes.len() != rows * 8 {
                return Err(wrong_length(bytes.len() / 8));
            }
            for (row, chunk) in bytes.chunks_exact(8).enumerate() {
                let mut raw = [0u8; 8];
                raw.copy_from_slice(chunk);
                let v = match kind.as_str() {
                    "f64" => at(row, &mut |p| {
                        Ok(float_value(f64::from_le_bytes(raw), mode, p, issues))
                    })?,
                    "i64" => Some(Value::Number(Number::from(i64::from_le_bytes(raw)))),
                    _ => {
                        let ns = i64::from_le_bytes(raw);
                        // numpy's NaT.
                        if ns == i64::MIN {
                            None
                        } else {
                            at(row, &mut |p| Ok(Some(time_text(ns, &kind, tz, p, issues))))?
                        }
                    }
                };
                out.push(v);
            }
        }
        "str" => {
            // A column of strings joined by NUL, with a byte per row that is 1 where the
            // value is missing: one Python object for the whole column.
            let parts = data.cast::<PyTuple>().map_err(PyErr::from)?;
            let joined = parts.get_item(0)?;
            let joined = joined.cast::<PyString>().map_err(PyErr::from)?.to_cow()?;
            let missing = parts.get_item(1)?;
            let missing = missing.cast::<PyBytes>().map_err(PyErr::from)?.as_bytes();
            if missing.len() != rows {
                return Err(wrong_length(missing.len()));
            }
            let mut n = 0;
            for (text, &gap) in joined.split('\0').zip(missing) {
                n += 1;
                out.push(if gap != 0 {
                    None
                } else if list {
                    Some(split_list(text))
                } else {
                    Some(Value::String(text.to_owned()))
                });
            }
            if n != rows || (rows == 0 && !joined.is_empty()) {
                return Err(wrong_length(n));
            }
        }
        "obj" => {
            let list_obj = data.cast::<PyList>().map_err(PyErr::from)?;
            if list_obj.len() != rows {
                return Err(wrong_length(list_obj.len()));
            }
            for (row, cell) in list_obj.iter().enumerate() {
                out.push(at(row, &mut |p| to_value(&cell, mode, p, issues))?);
            }
        }
        other => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "internal: unknown column kind `{other}`"
            )));
        }
    }
    Ok(out)
}

/// A timestamp from a datetime column as the schema's text: a civil time in the
/// problem's zone (`YYYY-MM-DDTHH:MM`, seconds only when not zero), or RFC 3339 with its
/// offset when the civil time would be ambiguous (the second 01:30 of an autumn night).
fn time_text(
    ns: i64,
    kind: &str,
    tz: &TimeZone,
    pointer: &Ptr<'_>,
    issues: &mut Vec<Issue>,
) -> Value {
    let ts = match Timestamp::from_nanosecond(i128::from(ns)) {
        Ok(ts) => ts,
        Err(e) => {
            issues.push(Issue::new(
                pointer.render(),
                IssueCode::InvalidTime,
                format!("the timestamp is out of range: {e}"),
            ));
            return Value::Null;
        }
    };
    match kind {
        // A naive timestamp is a civil time: numpy stores it as if it were UTC.
        "time_naive" => Value::String(civil(ts.to_zoned_datetime(TimeZone::UTC).datetime())),
        "date" => {
            let d = ts.to_zoned_datetime(TimeZone::UTC).date();
            Value::String(format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
        }
        _ => {
            let zoned = ts.to_zoned_datetime(tz.clone());
            let dt = zoned.datetime();
            if tz.to_ambiguous_zoned_datetime(dt).is_ambiguous() {
                let seconds = zoned.offset().seconds();
                let sign = if seconds < 0 { '-' } else { '+' };
                let a = seconds.unsigned_abs();
                Value::String(format!(
                    "{}:{:02}{sign}{:02}:{:02}",
                    civil_minutes(dt),
                    dt.second(),
                    a / 3600,
                    a % 3600 / 60
                ))
            } else {
                Value::String(civil(dt))
            }
        }
    }
}

fn civil_minutes(dt: DateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute()
    )
}

fn civil(dt: DateTime) -> String {
    if dt.subsec_nanosecond() != 0 {
        dt.to_string()
    } else if dt.second() != 0 {
        format!("{}:{:02}", civil_minutes(dt), dt.second())
    } else {
        civil_minutes(dt)
    }
}

/// A frame read into rows of the document.
struct Rows {
    rows: Vec<Map<String, Value>>,
    /// The frame's columns that the schema knows.
    columns: Vec<String>,
}

/// Read one frame (`(n_rows, {column: (kind, data)})`) into rows of the document.
fn read_table(
    spec: &TableSpec,
    frame: &Bound<'_, PyAny>,
    tz: &TimeZone,
    issues: &mut Vec<Issue>,
) -> PyResult<Rows> {
    let tuple = frame.cast::<PyTuple>().map_err(PyErr::from)?;
    let n: usize = tuple.get_item(0)?.extract()?;
    let columns = tuple.get_item(1)?;
    let columns = columns.cast::<PyDict>().map_err(PyErr::from)?;
    let mut rows = vec![Map::new(); n];
    let mut names = Vec::new();
    for (name, column) in columns.iter() {
        let name: String = name.extract().map_err(|_| {
            pyo3::exceptions::PyTypeError::new_err(format!(
                "the {} frame has a column whose name is not a string ({})",
                spec.name,
                type_name(&name)
            ))
        })?;
        if !known(spec, &name) {
            let expected = spec.columns();
            issues.push(Issue::new(
                format!("/{}", spec.name),
                IssueCode::UnknownField,
                format!(
                    "the {} frame has a column `{name}` that the schema does not know; the \
                     columns are {}",
                    spec.name,
                    expected.join(", ")
                ),
            ));
            continue;
        }
        names.push(name.clone());
        let (parent, field) = if spec.name == "clinicians" {
            let (parent, field) = clinician_path(&name);
            (parent.keys(), field)
        } else {
            (&[][..], name.as_str())
        };
        let list = fields::STRING_LISTS.contains(&field);
        let place = Place {
            table: spec.name,
            parent,
            field,
        };
        let values = read_column(&column, n, list, tz, place, issues)?;
        for (row, value) in rows.iter_mut().zip(values) {
            let Some(value) = value else { continue };
            let mut object = Some(&mut *row);
            for &key in parent {
                object = object.and_then(|o| {
                    match o
                        .entry(key.to_owned())
                        .or_insert_with(|| Value::Object(Map::new()))
                    {
                        Value::Object(inner) => Some(inner),
                        // A `per_week` column whose cell is not an object: the reader
                        // reports it, and this cell has nowhere to go.
                        _ => None,
                    }
                });
            }
            if let Some(object) = object {
                object.insert(field.to_owned(), value);
            }
        }
    }
    for required in spec.required() {
        if !names.iter().any(|n| n == required) && n > 0 {
            issues.push(Issue::new(
                format!("/{}", spec.name),
                IssueCode::MissingField,
                format!("the {} frame has no `{required}` column", spec.name),
            ));
        }
    }
    Ok(Rows {
        rows,
        columns: names,
    })
}

/// Build the problem document from the frames.
///
/// `tables` maps a frame name (see [`table_names`]) to `(n_rows, {column: (kind, data)})`;
/// `extra` holds the plain sections (`timezone`, `weights`, `horizon`, `solver`,
/// `version`) as Python objects. Returns the document and the issues found while
/// assembling it (the core's reader and validator find the rest).
pub(crate) fn document(
    tables: &Bound<'_, PyDict>,
    extra: &Bound<'_, PyDict>,
) -> PyResult<(Value, Vec<Issue>)> {
    let mut issues = Vec::new();
    let mut root = Map::new();
    for (key, value) in extra.iter() {
        let key: String = key.extract()?;
        if value.is_none() {
            continue;
        }
        let top = Ptr::Root;
        let pointer = Ptr::Key(&top, &key);
        if let Some(v) = to_value(&value, Mode::Document, &pointer, &mut issues)? {
            root.insert(key, v);
        }
    }
    let zone = root
        .get("timezone")
        .and_then(Value::as_str)
        .unwrap_or(rotaflow::DEFAULT_TIMEZONE);
    // An unknown zone is reported by the validator; read aware timestamps in UTC meanwhile.
    let tz = TimeZone::get(zone).unwrap_or(TimeZone::UTC);

    for (key, _) in tables.iter() {
        let key: String = key.extract()?;
        if !TABLES.iter().any(|t| t.name == key) {
            return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "unknown frame `{key}`"
            )));
        }
    }
    let read = |spec: &TableSpec, issues: &mut Vec<Issue>| -> PyResult<Option<Rows>> {
        match tables.get_item(spec.name)? {
            Some(frame) if !frame.is_none() => read_table(spec, &frame, &tz, issues).map(Some),
            _ => Ok(None),
        }
    };
    let to_list =
        |rows: Rows| Value::Array(rows.rows.into_iter().map(Value::Object).collect::<Vec<_>>());

    for spec in [
        &SITES,
        &SHIFTS,
        &TRAVEL_KM,
        &SUCCESSIONS,
        &PINNED,
        &PREVIOUS,
        &HISTORY,
    ] {
        if let Some(rows) = read(spec, &mut issues)? {
            root.insert(spec.name.to_owned(), to_list(rows));
        }
    }
    let mut clinicians = read(&CLINICIANS, &mut issues)?.map_or_else(Vec::new, |r| r.rows);
    let by_id: HashMap<String, usize> = clinicians
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            c.get("id")
                .and_then(Value::as_str)
                .map(|id| (id.to_owned(), i))
        })
        .collect();
    for spec in [&AVAILABILITY, &UNAVAILABLE, &PREFERENCES, &CREDENTIALS] {
        let Some(rows) = read(spec, &mut issues)? else {
            continue;
        };
        let has_clinician = rows.columns.iter().any(|c| c == "clinician");
        for (row, mut item) in rows.rows.into_iter().enumerate() {
            let pointer = format!("/{}/{row}/clinician", spec.name);
            let id = match item.remove("clinician") {
                Some(Value::String(id)) => id,
                None => {
                    // A missing column is reported once, for the whole frame.
                    if has_clinician {
                        issues.push(Issue::new(
                            pointer,
                            IssueCode::MissingField,
                            "this row names no clinician",
                        ));
                    }
                    continue;
                }
                Some(other) => {
                    issues.push(Issue::new(
                        pointer,
                        IssueCode::InvalidType,
                        format!("a clinician id must be a string, not {other}"),
                    ));
                    continue;
                }
            };
            let Some(&c) = by_id.get(&id) else {
                issues.push(Issue::new(
                    pointer,
                    IssueCode::UnknownClinician,
                    format!("no clinician has the id `{id}`"),
                ));
                continue;
            };
            let list = clinicians[c]
                .entry(spec.into.to_owned())
                .or_insert_with(|| Value::Array(Vec::new()));
            // When the clinicians frame gave this field a value that is not a list, the
            // reader reports it.
            if let Value::Array(items) = list {
                items.push(Value::Object(item));
            }
        }
    }
    root.insert(
        "clinicians".to_owned(),
        Value::Array(clinicians.into_iter().map(Value::Object).collect()),
    );
    Ok((Value::Object(root), issues))
}
