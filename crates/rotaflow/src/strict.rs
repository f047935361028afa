//! A deserializer over a parsed [`Value`] that refuses a JSON list where the schema wants
//! an object.
//!
//! serde's derived `Deserialize` of a struct also accepts a *sequence*, filling the
//! fields in declaration order, and `serde_json` offers every list to it: `"weights":
//! [5, 2]` would silently read as `unfilled` 5 and `cost` 2, and the whole document `[1]`
//! as `{"version": 1}`. [`Strict`] behaves exactly as `serde_json`'s own deserializer of a
//! `&Value`, except that a struct (or a struct variant of an enum) given a list is an
//! `invalid type: sequence, expected struct …` error, at every depth. Every reader of the
//! crate deserializes through it.
//!
//! Map keys are read as strings (every map of the schema is keyed by strings).

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, Error as _, IntoDeserializer, MapAccess,
    SeqAccess, Unexpected, VariantAccess, Visitor,
};
use serde_json::{Error, Map, Value};

/// `T` from `value`, as `serde_json::from_value` but refusing lists in place of objects.
///
/// # Errors
/// serde's error, as `serde_json::from_value` gives it.
pub(crate) fn from_value<T: de::DeserializeOwned>(value: &Value) -> Result<T, Error> {
    T::deserialize(Strict(value))
}

/// The strict deserializer of one value.
#[derive(Clone, Copy)]
pub(crate) struct Strict<'a>(pub(crate) &'a Value);

fn not_a_list<'de, V: Visitor<'de>>(visitor: &V) -> Error {
    Error::invalid_type(Unexpected::Seq, visitor)
}

macro_rules! scalar {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                self.0.$method(visitor)
            }
        )*
    };
}

impl<'de> Deserializer<'de> for Strict<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(items) => visitor.visit_seq(Seq(items.iter())),
            Value::Object(map) => visitor.visit_map(Fields::new(map)),
            scalar => scalar.deserialize_any(visitor),
        }
    }

    scalar! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_str
        deserialize_string deserialize_bytes deserialize_byte_buf deserialize_unit
        deserialize_identifier deserialize_ignored_any
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.0.deserialize_unit_struct(name, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(items) => visitor.visit_seq(Seq(items.iter())),
            other => other.deserialize_seq(visitor),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(map) => visitor.visit_map(Fields::new(map)),
            other => other.deserialize_map(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(map) => visitor.visit_map(Fields::new(map)),
            Value::Array(_) => Err(not_a_list(&visitor)),
            other => other.deserialize_struct(name, fields, visitor),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(map) if map.len() == 1 => {
                let Some((variant, value)) = map.iter().next() else {
                    return Err(Error::invalid_length(0, &"a map with a single key"));
                };
                visitor.visit_enum(Variant { variant, value })
            }
            other => other.deserialize_enum(name, variants, visitor),
        }
    }
}

/// The elements of a list, each read strictly.
struct Seq<'a>(std::slice::Iter<'a, Value>);

impl<'de> SeqAccess<'de> for Seq<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0
            .next()
            .map(|v| seed.deserialize(Strict(v)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// The members of an object, each value read strictly.
struct Fields<'a> {
    iter: serde_json::map::Iter<'a>,
    value: Option<&'a Value>,
}

impl<'a> Fields<'a> {
    fn new(map: &'a Map<String, Value>) -> Self {
        Fields {
            iter: map.iter(),
            value: None,
        }
    }
}

impl<'de> MapAccess<'de> for Fields<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.iter.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(key.as_str().into_deserializer()).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(Strict(value)),
            None => Err(Error::custom("a value was asked for before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// An externally tagged enum's `{"variant": value}`.
struct Variant<'a> {
    variant: &'a String,
    value: &'a Value,
}

impl<'de> EnumAccess<'de> for Variant<'de> {
    type Error = Error;
    type Variant = Strict<'de>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Strict<'de>), Error> {
        let tag = seed.deserialize(self.variant.as_str().into_deserializer())?;
        Ok((tag, Strict(self.value)))
    }
}

impl<'de> VariantAccess<'de> for Strict<'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.0 {
            Value::Null => Ok(()),
            other => Err(Error::invalid_type(unexpected(other), &"unit variant")),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(map) => visitor.visit_map(Fields::new(map)),
            Value::Array(_) => Err(not_a_list(&visitor)),
            other => Err(Error::invalid_type(unexpected(other), &visitor)),
        }
    }
}

fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => Unexpected::Unsigned(u),
            (_, Some(i), _) => Unexpected::Signed(i),
            (_, _, Some(f)) => Unexpected::Float(f),
            _ => Unexpected::Other("number"),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Assignment, Problem, Weights};
    use crate::ops::Change;
    use serde_json::json;

    #[test]
    fn a_list_is_not_an_object_at_any_depth() {
        let err = from_value::<Weights>(&json!([5, 2])).expect_err("a list");
        assert!(
            err.to_string().starts_with("invalid type: sequence"),
            "{err}"
        );
        let err = from_value::<Problem>(&json!([1])).expect_err("a list");
        assert!(
            err.to_string().starts_with("invalid type: sequence"),
            "{err}"
        );
        let nested = json!({"clinicians": [{"id": "C", "roles": [], "home": [53.4, -2.2]}]});
        assert!(from_value::<Problem>(&nested).is_err());
        // serde_json alone reads all three positionally.
        assert!(serde_json::from_value::<Weights>(json!([5, 2])).is_ok());
        assert!(serde_json::from_value::<Problem>(nested).is_ok());
        assert!(from_value::<Assignment>(&json!(["S1", "C1"])).is_err());
        assert!(from_value::<Change>(&json!({"cancel": ["C1"]})).is_err());
    }

    #[test]
    fn objects_read_as_serde_json_reads_them() {
        let doc = json!({"clinicians": [{"id": "C", "roles": ["gp"], "home": {"lat": 53.4, "lon": -2.2},
            "limits": {"max_per_kind": {"N": 2}}}], "solver": {"method": "mip", "threads": 2}});
        let strict: Problem = from_value(&doc).expect("strict");
        let plain: Problem = serde_json::from_value(doc).expect("plain");
        assert_eq!(strict, plain);
        let change = json!({"drop_shift": {"shift": "S1"}});
        assert_eq!(
            from_value::<Change>(&change).expect("strict"),
            serde_json::from_value::<Change>(change).expect("plain")
        );
        for bad in [
            json!({"weights": {"cost": "x"}}),
            json!({"solver": {"method": "fast"}}),
        ] {
            let a = from_value::<Problem>(&bad).expect_err("strict").to_string();
            let b = serde_json::from_value::<Problem>(bad)
                .expect_err("plain")
                .to_string();
            assert_eq!(a, b);
        }
    }
}
