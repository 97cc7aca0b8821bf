//! Calendar dates and times in scenario files: TOML's own `2017-05-12` and
//! `2017-05-12T09:00:00`, or the same written as strings.

use std::fmt;

use std::borrow::Cow;

use jiff::civil::{Date, DateTime};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The key under which the `toml` crate hands a native TOML datetime to a visitor.
const TOML_DATETIME_FIELD: &str = "$__toml_private_datetime";

/// A calendar date (no time zone: the health system's local date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CivilDate(pub Date);

/// A local date and time (no time zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CivilDateTime(pub DateTime);

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Display for CivilDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.strftime("%Y-%m-%dT%H:%M:%S"))
    }
}

impl Serialize for CivilDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Serialize for CivilDateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Accepts a string or a native TOML datetime and parses it with `parse`.
struct TextVisitor<T> {
    expecting: &'static str,
    parse: fn(&str) -> Option<T>,
}

impl<'de, T> Visitor<'de> for TextVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.parse)(v.trim())
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self.expecting))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        match map.next_key::<String>()? {
            Some(k) if k == TOML_DATETIME_FIELD => {
                let text: String = map.next_value()?;
                self.visit_str(&text)
            }
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}

fn parse_date(s: &str) -> Option<CivilDate> {
    s.parse::<Date>().ok().map(CivilDate)
}

fn parse_date_time(s: &str) -> Option<CivilDateTime> {
    // TOML writes 2017-05-12T09:00:00; people also write a space or drop seconds.
    let s = s.replacen(' ', "T", 1);
    s.parse::<DateTime>().ok().map(CivilDateTime)
}

impl<'de> Deserialize<'de> for CivilDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor {
            expecting: "a date such as 2017-05-12",
            parse: parse_date,
        })
    }
}

impl<'de> Deserialize<'de> for CivilDateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor {
            expecting: "a local date and time such as 2017-05-12T09:00:00",
            parse: parse_date_time,
        })
    }
}

// In the JSON Schema a date is a string: editors (taplo, Even Better TOML)
// hand TOML's native dates to the schema as their text. A local date-time
// has no offset, so it is matched by pattern, not by the RFC 3339
// `date-time` format (which requires one).
impl JsonSchema for CivilDate {
    fn schema_name() -> Cow<'static, str> {
        "CivilDate".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A calendar date such as 2017-05-12 (TOML date or string).",
            "type": "string",
            "format": "date",
            "pattern": "^\\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\\s*$"
        })
    }
}

impl JsonSchema for CivilDateTime {
    fn schema_name() -> Cow<'static, str> {
        "CivilDateTime".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A local date and time such as 2017-05-12T09:00:00 (TOML local date-time or string; a space for the T and no seconds are accepted).",
            "type": "string",
            "pattern": "^\\s*[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?\\s*$"
        })
    }
}
