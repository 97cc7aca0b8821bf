//! The JSON Schema (draft 2020-12) of scenario files, generated from the
//! same serde types that read them (`schemars` follows their `default`,
//! `deny_unknown_fields`, `rename_all` and `tag` attributes, and their
//! doc comments become descriptions), so it cannot drift from what loads.
//!
//! A file is not quite a [`Scenario`]: it may say `extends`, and then any
//! key may be left to the file it extends, down to single keys of nested
//! tables (tables merge key by key; lists are replaced whole). So every
//! definition comes twice: as written by serde (every required key), and
//! a *partial* copy in which only the keys inside lists stay required (and
//! the tags, such as an incident's `kind`, that say which variant a table
//! is). The file's schema is the partial scenario plus `extends`; a file
//! without `extends` must also match the whole [`Scenario`].

use std::collections::BTreeSet;

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use super::Scenario;

/// Suffix of the partial copy of a definition.
const PARTIAL: &str = "Partial";

const DEFS: &str = "#/$defs/";

/// The schema of a scenario file, as a JSON value.
pub fn json_schema() -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut whole = generator.into_root_schema_for::<Scenario>().to_value();
    let Some(object) = whole.as_object_mut() else {
        return whole;
    };
    let schema_uri = object.remove("$schema").unwrap_or(Value::Null);
    object.remove("title");
    let written = match object.remove("$defs") {
        Some(Value::Object(defs)) => defs,
        _ => Map::new(),
    };

    // Only definitions with a required key somewhere outside a list (or
    // referring to one that has) need a partial copy: grow that set until
    // it stops changing.
    let mut needed = BTreeSet::new();
    loop {
        let grown: BTreeSet<String> = written
            .iter()
            .filter(|(name, def)| needed.contains(*name) || partial(def, &needed) != **def)
            .map(|(name, _)| name.clone())
            .collect();
        if grown == needed {
            break;
        }
        needed = grown;
    }
    let mut defs = Map::new();
    for (name, def) in written {
        if needed.contains(&name) {
            defs.insert(format!("{name}{PARTIAL}"), partial(&def, &needed));
        }
        defs.insert(name, def);
    }
    let Value::Object(mut file) = partial(&whole, &needed) else {
        return whole;
    };
    defs.insert("Scenario".into(), whole);

    if let Some(properties) = file.get_mut("properties").and_then(Value::as_object_mut) {
        properties.insert(
            "extends".into(),
            json!({
                "description": "Another scenario file this one starts from: a path relative to this file, or `bundled:NAME` for a scenario bundled with downtime (`downtime scenarios` lists them). This file's keys replace the other's; tables merge key by key, lists are replaced whole.",
                "type": "string"
            }),
        );
    }
    let mut out = Map::new();
    out.insert("$schema".into(), schema_uri);
    out.insert("title".into(), "Downtime scenario file".into());
    out.insert(
        "description".into(),
        "A Downtime scenario (TOML): the health system, what goes wrong, the response and controls, and the experiment. Every key carries its unit in its name; `downtime validate FILE` checks ranges and references too. docs/MODEL.md lists every key.".into(),
    );
    file.remove("description");
    out.extend(file);
    out.insert("if".into(), json!({ "not": { "required": ["extends"] } }));
    out.insert("then".into(), json!({ "$ref": format!("{DEFS}Scenario") }));
    out.insert("$defs".into(), Value::Object(defs));
    Value::Object(out)
}

/// The schema as the text `downtime schema` writes: pretty JSON, one
/// trailing newline, keys in a fixed order (so the committed copy can be
/// compared byte for byte).
pub fn json_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&json_schema()).unwrap_or_default();
    text.push('\n');
    text
}

/// The partial copy of a schema: no required keys outside lists except
/// variant tags, and references to the partial copies (those in `needed`)
/// outside lists.
fn partial(schema: &Value, needed: &BTreeSet<String>) -> Value {
    let Value::Object(object) = schema else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (key, value) in object {
        let value = match key.as_str() {
            "$ref" => match value.as_str().and_then(|r| r.strip_prefix(DEFS)) {
                Some(name) if needed.contains(name) => {
                    Value::String(format!("{DEFS}{name}{PARTIAL}"))
                }
                _ => value.clone(),
            },
            "required" => Value::Array(
                value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|name| is_tag(object, name))
                    .cloned()
                    .collect(),
            ),
            "properties" | "patternProperties" => Value::Object(
                value
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), partial(v, needed)))
                    .collect(),
            ),
            "anyOf" | "oneOf" | "allOf" => {
                let items = value.as_array().into_iter().flatten();
                Value::Array(items.map(|v| partial(v, needed)).collect())
            }
            "additionalProperties" | "not" | "if" | "then" | "else" => partial(value, needed),
            // Lists are replaced whole, so their items stay complete;
            // `default`, `const`, `enum` and `examples` are data.
            _ => value.clone(),
        };
        if key == "required" && value.as_array().is_some_and(Vec::is_empty) {
            continue;
        }
        out.insert(key.clone(), value);
    }
    Value::Object(out)
}

/// Whether required key `name` of `object` is a variant tag (a property
/// with a `const` value, such as an incident's `kind`).
fn is_tag(object: &Map<String, Value>, name: &Value) -> bool {
    name.as_str()
        .and_then(|n| object.get("properties")?.get(n))
        .is_some_and(|p| p.get("const").is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_is_draft_2020_12_and_deterministic() {
        let schema = json_schema();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(json_schema_text(), json_schema_text());
    }

    #[test]
    fn unknown_keys_are_refused_and_extends_is_known() {
        let schema = json_schema();
        assert_eq!(schema["additionalProperties"], false);
        assert_eq!(schema["properties"]["extends"]["type"], "string");
        let calendar = &schema["$defs"]["CalendarSpec"];
        assert_eq!(calendar["additionalProperties"], false);
        let required: Vec<&str> = calendar["required"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(
            required,
            ["attack_date", "warm_up_days", "follow_up_days"],
            "days_before_attack has a default"
        );
        assert!(
            schema["$defs"]["CalendarSpecPartial"]
                .get("required")
                .is_none()
        );
        // A definition with nothing required has no partial copy.
        assert!(schema["$defs"].get("ItSystemPartial").is_none());
        assert_eq!(
            schema["properties"]["calendar"]["$ref"],
            "#/$defs/CalendarSpecPartial"
        );
    }

    #[test]
    fn doc_comments_and_defaults_reach_the_schema() {
        let schema = json_schema();
        let days = &schema["$defs"]["CalendarSpec"]["properties"]["days_before_attack"];
        assert_eq!(days["default"], 7);
        assert!(
            days["description"]
                .as_str()
                .unwrap()
                .contains("Reported days before the attack day")
        );
        let controls = &schema["$defs"]["ControlsSpec"]["properties"];
        assert!(controls.get("phishing_awareness").is_some());
    }
}
