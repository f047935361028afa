//! Python objects to JSON values, collecting every problem with its JSON pointer.
//!
//! The problem document is read from Python objects (a dict, or the cells of a
//! DataFrame) by turning them into a `serde_json::Value` and handing that to the core's
//! reader, so that Python, Rust and C share one reader and one list of validation codes.
//! What JSON cannot hold (NaN, infinities, keys that are not strings, objects of unknown
//! types) is reported here, as issues with the pointer of the value.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use rotaflow::{Issue, IssueCode};
use serde_json::{Map, Number, Value};

/// How cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// A document (a dict): `None` is JSON `null`, NaN is an error, floats stay floats.
    Document,
    /// A DataFrame cell: `None` and NaN are a missing value, integral floats are
    /// integers (pandas stores an integer column with gaps as floats), and a string in a
    /// list-valued field is split on `;`.
    Cell {
        /// The field holds a list of strings.
        list: bool,
    },
}

/// A JSON pointer built lazily: rendered only when an issue needs it, so that the
/// common case (a valid value) allocates nothing for it.
#[derive(Clone, Copy)]
pub(crate) enum Ptr<'a> {
    /// The document's root.
    Root,
    /// A member of an object.
    Key(&'a Ptr<'a>, &'a str),
    /// An element of a list.
    Index(&'a Ptr<'a>, usize),
}

impl Ptr<'_> {
    /// The RFC 6901 text, e.g. `/shifts/17/site`.
    pub(crate) fn render(&self) -> String {
        match self {
            Ptr::Root => String::new(),
            Ptr::Key(parent, key) => format!("{}/{}", parent.render(), escape(key)),
            Ptr::Index(parent, i) => format!("{}/{i}", parent.render()),
        }
    }
}

/// Escape one pointer segment (RFC 6901).
pub(crate) fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// A float as a JSON number: `None` for NaN (the caller decides what a gap means),
/// an issue for an infinity.
pub(crate) fn float_value(
    x: f64,
    mode: Mode,
    pointer: &Ptr<'_>,
    issues: &mut Vec<Issue>,
) -> Option<Value> {
    if x.is_nan() {
        if mode == Mode::Document {
            issues.push(Issue::new(
                pointer.render(),
                IssueCode::NonFiniteNumber,
                "NaN is not a number JSON can hold; leave the field out instead",
            ));
        }
        return None;
    }
    if x.is_infinite() {
        issues.push(Issue::new(
            pointer.render(),
            IssueCode::NonFiniteNumber,
            format!("{x} is not a finite number"),
        ));
        return None;
    }
    if mode != Mode::Document && x.fract() == 0.0 && x.abs() <= 9_007_199_254_740_992.0 {
        return Some(Value::Number(Number::from(x as i64)));
    }
    Number::from_f64(x).map(Value::Number)
}

/// Split a `;`-separated list (`"gp; anp"` → `["gp", "anp"]`), dropping empty items.
pub(crate) fn split_list(text: &str) -> Value {
    Value::Array(
        text.split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| Value::String(s.to_owned()))
            .collect(),
    )
}

/// Convert one Python object. `Ok(None)` is a missing value (only in [`Mode::Cell`]);
/// problems are pushed to `issues` and the value is left out.
pub(crate) fn to_value(
    obj: &Bound<'_, PyAny>,
    mode: Mode,
    pointer: &Ptr<'_>,
    issues: &mut Vec<Issue>,
) -> PyResult<Option<Value>> {
    if obj.is_none() {
        return Ok(match mode {
            Mode::Document => Some(Value::Null),
            Mode::Cell { .. } => None,
        });
    }
    if let Ok(s) = obj.cast::<PyString>() {
        let text = s.to_cow()?;
        return Ok(Some(match mode {
            Mode::Cell { list: true } => split_list(&text),
            _ => Value::String(text.into_owned()),
        }));
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Some(Value::Bool(b.is_true())));
    }
    if obj.is_instance_of::<PyInt>() {
        return Ok(int_value(obj, pointer, issues));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Ok(float_value(f.value(), mode, pointer, issues));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in d.iter() {
            let Ok(key) = k.cast::<PyString>() else {
                issues.push(Issue::new(
                    pointer.render(),
                    IssueCode::InvalidType,
                    format!("keys must be strings, not {}", type_name(&k)),
                ));
                continue;
            };
            let key = key.to_cow()?.into_owned();
            let at = Ptr::Key(pointer, &key);
            let inner = match mode {
                Mode::Document => Mode::Document,
                Mode::Cell { .. } => Mode::Cell { list: false },
            };
            let value = to_value(&v, inner, &at, issues)?;
            if let Some(value) = value {
                map.insert(key, value);
            }
        }
        return Ok(Some(Value::Object(map)));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        return sequence(obj, mode, pointer, issues).map(Some);
    }
    // numpy and pandas values: integers (`__index__`), arrays and Series (`tolist`),
    // datetimes and dates (`isoformat`), and pandas' missing markers.
    let py = obj.py();
    if obj.hasattr(pyo3::intern!(py, "tolist"))? {
        let plain = obj.call_method0(pyo3::intern!(py, "tolist"))?;
        if !plain.is(obj) {
            return to_value(&plain, mode, pointer, issues);
        }
    }
    if obj.hasattr(pyo3::intern!(py, "__index__"))? {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Some(Value::Number(Number::from(i))));
        }
    }
    if obj.hasattr(pyo3::intern!(py, "isoformat"))? {
        if let Ok(text) = obj
            .call_method0(pyo3::intern!(py, "isoformat"))
            .and_then(|t| t.extract::<String>())
        {
            if mode != Mode::Document && (text == "NaT" || text.is_empty()) {
                return Ok(None);
            }
            return Ok(Some(Value::String(text)));
        }
    }
    if mode != Mode::Document && is_missing_marker(obj) {
        return Ok(None);
    }
    issues.push(Issue::new(
        pointer.render(),
        IssueCode::InvalidType,
        format!(
            "a value of Python type `{}` cannot be read as JSON",
            type_name(obj)
        ),
    ));
    Ok(None)
}

fn sequence(
    obj: &Bound<'_, PyAny>,
    mode: Mode,
    pointer: &Ptr<'_>,
    issues: &mut Vec<Issue>,
) -> PyResult<Value> {
    let inner = match mode {
        Mode::Document => Mode::Document,
        Mode::Cell { .. } => Mode::Cell { list: false },
    };
    let mut items = Vec::new();
    for (i, item) in obj.try_iter()?.enumerate() {
        let item = item?;
        let at = Ptr::Index(pointer, i);
        match to_value(&item, inner, &at, issues)? {
            Some(v) => items.push(v),
            // A gap inside a list is a null the reader will report.
            None => items.push(Value::Null),
        }
    }
    Ok(Value::Array(items))
}

fn int_value(obj: &Bound<'_, PyAny>, pointer: &Ptr<'_>, issues: &mut Vec<Issue>) -> Option<Value> {
    if let Ok(i) = obj.extract::<i64>() {
        return Some(Value::Number(Number::from(i)));
    }
    if let Ok(u) = obj.extract::<u64>() {
        return Some(Value::Number(Number::from(u)));
    }
    issues.push(Issue::new(
        pointer.render(),
        IssueCode::InvalidValue,
        "the integer is too large (at most 2^64 - 1)",
    ));
    None
}

/// pandas' `NA` and `NaT` (their `str` is `<NA>` and `NaT`).
fn is_missing_marker(obj: &Bound<'_, PyAny>) -> bool {
    let name = type_name(obj);
    matches!(name.as_str(), "NAType" | "NaTType")
}

pub(crate) fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_owned())
}
