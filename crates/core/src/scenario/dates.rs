//! Calendar dates and times in scenario files: TOML's own `2017-05-12` and
//! `2017-05-12T09:00:00`, or the same written as strings.

use std::fmt;

use jiff::civil::{Date, DateTime};
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
