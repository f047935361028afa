//! From bytes to text to a JSON value: the encoding check, and a JSON parse that reports
//! duplicate keys.
//!
//! * **Encoding.** Documents are UTF-8 (RFC 8259 §8.1). A leading UTF-8 byte order mark is
//!   accepted and skipped (editors on Windows write one); a UTF-16 or UTF-32 byte order
//!   mark, a NUL byte (UTF-16 or UTF-32 text without a mark) or an invalid UTF-8 sequence
//!   is an `invalid_utf8` issue giving the byte offset.
//! * **Duplicate keys.** `serde_json` keeps the last of two equal keys of an object,
//!   silently; rotaflow refuses them (`duplicate_key`, at the pointer of the second), since
//!   which one was meant cannot be known.

use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::error::{Issue, IssueCode, escape};

/// The UTF-8 byte order mark.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The text of a document given as bytes (a leading UTF-8 byte order mark skipped), or an
/// `invalid_utf8` issue with the byte offset of the first byte that is not UTF-8 text.
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, Issue> {
    let refuse = |offset: usize, what: String| {
        let (line, column) = line_column(&bytes[..offset]);
        Issue::new(
            "",
            IssueCode::InvalidUtf8,
            format!(
                "the text is not UTF-8: {what} at byte offset {offset} (line {line}, column \
                 {column}); save the document as UTF-8"
            ),
        )
    };
    for (mark, name) in [
        (&b"\x00\x00\xFE\xFF"[..], "UTF-32 (big-endian)"),
        (&b"\xFF\xFE\x00\x00"[..], "UTF-32 (little-endian)"),
        (&b"\xFE\xFF"[..], "UTF-16 (big-endian)"),
        (&b"\xFF\xFE"[..], "UTF-16 (little-endian)"),
    ] {
        if bytes.starts_with(mark) {
            return Err(refuse(
                0,
                format!("it starts with the byte order mark of {name}"),
            ));
        }
    }
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let skipped = bytes.len() - body.len();
    let text = std::str::from_utf8(body).map_err(|e| {
        let at = skipped + e.valid_up_to();
        refuse(
            at,
            format!(
                "the byte 0x{:02X} is not part of a UTF-8 sequence",
                bytes[at]
            ),
        )
    })?;
    if let Some(at) = body.iter().position(|&b| b == 0) {
        return Err(refuse(
            skipped + at,
            "a NUL byte (UTF-16 or UTF-32 text without a byte order mark?)".to_owned(),
        ));
    }
    Ok(text)
}

/// Line and column (both from 1, the column in characters) just after `before`.
fn line_column(before: &[u8]) -> (usize, usize) {
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = 1 + String::from_utf8_lossy(&before[start..]).chars().count();
    (line, column)
}

/// `text` without a leading byte order mark (U+FEFF), which JSON does not allow but
/// editors write.
pub(crate) fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{FEFF}').unwrap_or(text)
}

/// A document parsed as JSON, with a `duplicate_key` issue for every key that appears
/// twice in one object (the value kept is the last, as `serde_json`'s).
///
/// # Errors
/// `serde_json`'s syntax error (with its line and column).
pub(crate) fn parse(text: &str) -> Result<(Value, Vec<Issue>), serde_json::Error> {
    let mut found = Found {
        path: Vec::new(),
        issues: Vec::new(),
    };
    let mut de = serde_json::Deserializer::from_str(without_bom(text));
    let value = ValueSeed(&mut found).deserialize(&mut de)?;
    de.end()?;
    Ok((value, found.issues))
}

/// What the parse has seen: where it is, and the duplicate keys.
struct Found {
    path: Vec<String>,
    issues: Vec<Issue>,
}

impl Found {
    fn pointer(&self, key: &str) -> String {
        let mut p = String::new();
        for seg in &self.path {
            p.push('/');
            p.push_str(seg);
        }
        p.push('/');
        p.push_str(&escape(key));
        p
    }
}

/// Reads one value, recording duplicate keys below it.
struct ValueSeed<'a>(&'a mut Found);

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // serde_json's text never yields a NaN or an infinity ("number out of range").
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let found = self.0;
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        loop {
            found.path.push(items.len().to_string());
            let next = seq.next_element_seed(ValueSeed(&mut *found));
            found.path.pop();
            match next? {
                Some(v) => items.push(v),
                None => break,
            }
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let found = self.0;
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                let pointer = found.pointer(&key);
                found.issues.push(Issue::new(
                    pointer,
                    IssueCode::DuplicateKey,
                    format!(
                        "the key `{key}` appears twice in this object; which one is meant \
                         cannot be known"
                    ),
                ));
            }
            found.path.push(escape(&key));
            let value = map.next_value_seed(ValueSeed(&mut *found));
            found.path.pop();
            out.insert(key, value?);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_other_than_utf8_are_refused_with_their_offset() {
        assert_eq!(utf8(b"{}").expect("utf-8"), "{}");
        assert_eq!(
            utf8(b"\xEF\xBB\xBF{}").expect("a UTF-8 BOM is skipped"),
            "{}"
        );
        let cases: [(&[u8], usize, &str); 5] = [
            (b"{\"id\": \"\xE9\"}", 8, "0xE9"),
            (b"\xFF\xFE{\x00}\x00", 0, "UTF-16 (little-endian)"),
            (b"\xFE\xFF\x00{\x00}", 0, "UTF-16 (big-endian)"),
            (
                b"\xFF\xFE\x00\x00{\x00\x00\x00",
                0,
                "UTF-32 (little-endian)",
            ),
            (b"{\x00\"\x00", 1, "NUL"),
        ];
        for (bytes, offset, what) in cases {
            let issue = utf8(bytes).expect_err("not UTF-8");
            assert_eq!(issue.code, IssueCode::InvalidUtf8);
            assert!(
                issue.message.contains(&format!("byte offset {offset} ")),
                "{}",
                issue.message
            );
            assert!(issue.message.contains(what), "{}", issue.message);
        }
        let issue = utf8(b"{\n  \"a\": \"\xC3\"}").expect_err("truncated sequence");
        assert!(
            issue.message.contains("line 2, column 9"),
            "{}",
            issue.message
        );
    }

    #[test]
    fn duplicate_keys_are_reported_at_their_pointer() {
        let (value, issues) =
            parse(r#"{"a": 1, "b": [{"x": 1, "x": 2}], "a": 3, "c/d": {"~": 1, "~": 1}}"#)
                .expect("JSON");
        let found: Vec<(&str, IssueCode)> = issues
            .iter()
            .map(|i| (i.pointer.as_str(), i.code))
            .collect();
        assert_eq!(
            found,
            [
                ("/b/0/x", IssueCode::DuplicateKey),
                ("/a", IssueCode::DuplicateKey),
                ("/c~1d/~0", IssueCode::DuplicateKey)
            ]
        );
        assert_eq!(value["a"], 3);
        let (plain, none) = parse("\u{FEFF}{\"a\": [1, 2.5, null, true, \"s\"]}").expect("JSON");
        assert!(none.is_empty());
        assert_eq!(plain, serde_json::json!({"a": [1, 2.5, null, true, "s"]}));
        assert!(parse("{\"a\": 1} x").is_err());
        assert!(parse("{\"a\": 1e999}").is_err());
    }
}
