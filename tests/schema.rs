//! `downtime schema` and `downtime init`: the committed schema is what the
//! command writes, every bundled scenario validates against it, and the
//! starter scenarios `init` writes validate as written.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::util::{downtime, repo, text};

/// A TOML document as the JSON an editor hands a schema: native dates and
/// times become their text (as taplo does).
fn toml_to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

fn schema_validator() -> jsonschema::Validator {
    let text = fs::read_to_string(repo().join("schemas/scenario.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft202012::new(&schema).expect("the schema is a valid draft 2020-12 schema")
}

/// The schema's complaints about TOML `text`, one line each.
fn schema_errors(validator: &jsonschema::Validator, text: &str) -> Vec<String> {
    let doc: toml::Value = toml::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    validator
        .iter_errors(&toml_to_json(&doc))
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn toml_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            toml_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "toml") {
            out.push(path);
        }
    }
}

#[test]
fn the_committed_schema_is_what_the_command_writes() {
    let out = downtime(&repo(), &["schema"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let committed = fs::read_to_string(repo().join("schemas/scenario.schema.json")).unwrap();
    assert!(
        stdout == committed,
        "schemas/scenario.schema.json is stale: run `downtime schema --out schemas/scenario.schema.json --force`"
    );
}

#[test]
fn every_bundled_scenario_validates_against_the_schema() {
    let validator = schema_validator();
    let mut files = Vec::new();
    toml_files(&repo().join("scenarios"), &mut files);
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    for file in files {
        let errors = schema_errors(&validator, &fs::read_to_string(&file).unwrap());
        assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
    }
}

#[test]
fn the_schema_refuses_what_loading_refuses() {
    let validator = schema_validator();
    let base = fs::read_to_string(repo().join("scenarios/single-trust-ransomware.toml")).unwrap();
    assert!(schema_errors(&validator, &base).is_empty());
    // A misspelt key, a wrong type, an unknown enum value, a missing
    // required table, an incident without a required key.
    for bad in [
        base.replace("follow_up_days", "follow_up_dayz"),
        base.replace("cubicles = 42", "cubicles = \"42\""),
        base.replace("backup_quality = \"online\"", "backup_quality = \"cloud\""),
        base.replace("[calendar]", "[calendar_]"),
        base.replace("detonates_at = 2017-05-12T09:00:00", ""),
        base.replace("kind = \"targeted_ransomware\"", "kind = \"meteor\""),
        format!("{base}\n[harm.overrides]\nnot_a_parameter = 1\n"),
        format!("{base}\n[controls]\nphishing_awareness = {{ compromise_reduction = 0.1 }}\n"),
    ] {
        assert!(
            !schema_errors(&validator, &bad).is_empty(),
            "accepted:\n{bad}"
        );
    }
    // A file that extends another may leave anything to it, down to one
    // key of a nested table; a list item must still be whole.
    let child = "extends = \"base.toml\"\n[calendar]\nfollow_up_days = 5\n\
                 [response.recovery_hours.online]\nmean = 10\n";
    assert_eq!(schema_errors(&validator, child), Vec::<String>::new());
    let partial_item = "extends = \"base.toml\"\n[[trusts]]\nid = \"t\"\n";
    assert!(!schema_errors(&validator, partial_item).is_empty());
}

#[test]
fn schema_out_writes_the_same_text_and_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = downtime(dir.path(), &["schema", "--out", "s/schema.json"]);
    assert!(out.status.success(), "{:?}", text(&out));
    let written = fs::read_to_string(dir.path().join("s/schema.json")).unwrap();
    let stdout = downtime(dir.path(), &["schema"]).stdout;
    assert_eq!(written.as_bytes(), stdout.as_slice());

    fs::write(dir.path().join("s/schema.json"), "mine").unwrap();
    let again = downtime(dir.path(), &["schema", "--out", "s/schema.json"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again).1.contains("--force"), "{:?}", text(&again));
    assert_eq!(
        fs::read_to_string(dir.path().join("s/schema.json")).unwrap(),
        "mine"
    );
    let forced = downtime(dir.path(), &["schema", "--out", "s/schema.json", "--force"]);
    assert!(forced.status.success());
    assert_eq!(
        fs::read_to_string(dir.path().join("s/schema.json")).unwrap(),
        written
    );
}

/// Runs `downtime validate` on `file` in `dir` and asserts it passes.
fn assert_valid(dir: &Path, file: &str) {
    let out = downtime(dir, &["validate", file]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{file}: {stdout}{stderr}");
    assert!(stdout.contains("valid"), "{stdout}");
}

#[test]
fn init_writes_a_starter_that_validates_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = downtime(dir.path(), &["init", "my-trust"]);
    assert!(out.status.success(), "{:?}", text(&out));
    let written = fs::read_to_string(dir.path().join("my-trust.toml")).unwrap();
    assert!(written.contains("name = \"my-trust\""));
    assert!(
        written.contains("downtime explain"),
        "the header points onward"
    );
    assert_valid(dir.path(), "my-trust.toml");
    assert!(schema_errors(&schema_validator(), &written).is_empty());
    // The commented-out controls are real keys: uncommented, it still validates.
    let all = written
        .lines()
        .map(|l| {
            l.strip_prefix("# ")
                .filter(|r| r.contains(" = {"))
                .unwrap_or(l)
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(all.contains("\nphishing_awareness = {"), "{all}");
    fs::write(dir.path().join("all.toml"), all).unwrap();
    assert_valid(dir.path(), "all.toml");

    let again = downtime(dir.path(), &["init", "my-trust.toml"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again).1.contains("already exists"),
        "{:?}",
        text(&again)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("my-trust.toml")).unwrap(),
        written
    );
    let forced = downtime(dir.path(), &["init", "my-trust.toml", "--force"]);
    assert!(forced.status.success());
}

#[test]
fn init_from_a_bundled_scenario_extends_it_and_validates() {
    let dir = tempfile::tempdir().unwrap();
    let out = downtime(
        dir.path(),
        &["init", "plans/backups", "--from", "wannacry-2017"],
    );
    assert!(out.status.success(), "{:?}", text(&out));
    let written = fs::read_to_string(dir.path().join("plans/backups.toml")).unwrap();
    assert!(
        written.contains("extends = \"bundled:wannacry-2017\""),
        "{written}"
    );
    assert!(written.contains("# [[incidents]]"), "{written}");
    assert_valid(dir.path(), "plans/backups.toml");
    assert!(schema_errors(&schema_validator(), &written).is_empty());

    let unknown = downtime(dir.path(), &["init", "x", "--from", "wannacry-2071"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        text(&unknown).1.contains("wannacry-2017"),
        "lists the names"
    );
    assert!(!dir.path().join("x.toml").exists());
}

#[test]
fn init_from_a_file_extends_it_by_relative_path_and_its_examples_are_real_keys() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("base")).unwrap();
    fs::copy(
        repo().join("scenarios/single-trust-ransomware.toml"),
        dir.path().join("base/trust.toml"),
    )
    .unwrap();
    let out = downtime(
        dir.path(),
        &["init", "what-if/mine", "--from", "base/trust.toml"],
    );
    assert!(out.status.success(), "{:?}", text(&out));
    let written = fs::read_to_string(dir.path().join("what-if/mine.toml")).unwrap();
    assert!(
        written.contains("extends = \"../base/trust.toml\""),
        "{written}"
    );
    assert_valid(dir.path(), "what-if/mine.toml");
    // Every commented-out example, uncommented at once, still validates:
    // the keys come from the schema, the incidents from the base.
    let all: String = written
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest) if rest.contains(" = ") || rest.starts_with('[') => rest,
            _ if l == "#" => "",
            _ => l,
        })
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(all.contains("\n[[incidents]]\n"), "{all}");
    fs::write(dir.path().join("what-if/all.toml"), &all).unwrap();
    assert_valid(dir.path(), "what-if/all.toml");
}
