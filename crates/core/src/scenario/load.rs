//! Resolving a scenario: `extends` chains, `--set` overrides, and error
//! locations.
//!
//! Each file is parsed twice: once with spans, to remember on which line
//! each key was written (its *provenance*), and once into a plain table.
//! Tables are merged from the furthest ancestor to the entry file (a child
//! replaces a parent's value; tables merge key by key; arrays, such as the
//! list of trusts, are replaced whole), then the overrides are applied. Only
//! the merged table is deserialised and validated, so an error names the
//! file and line where the offending key was last written.

use std::collections::BTreeMap;

use toml::de::{DeTable, DeValue};
use toml::{Spanned, Table, Value};

use super::error::{Location, ScenarioError, ScenarioIssue, closest};
use super::{IncidentSpec, Scenario, validate};

/// A scenario file's text and names.
#[derive(Debug, Clone)]
pub struct Source {
    /// A canonical identity (e.g. an absolute path), used to detect `extends` cycles.
    pub id: String,
    /// The name shown in messages (e.g. the path as typed).
    pub display: String,
    /// The file's contents.
    pub text: String,
}

/// Finds and reads scenario files. The CLI reads the file system and the
/// bundled scenarios; tests read from memory.
pub trait SourceReader {
    /// Reads the scenario named `reference`: the entry point when `from` is
    /// `None`, or the target of an `extends` written in `from`.
    fn read(&self, reference: &str, from: Option<&Source>) -> Result<Source, String>;
}

/// One scenario held in memory, whatever name it is asked for (tests,
/// examples, and callers that already have the text). It cannot `extends`
/// another file: every name reads the same text.
#[derive(Debug, Clone)]
pub struct TextSource(pub String);

impl SourceReader for TextSource {
    fn read(&self, reference: &str, _from: Option<&Source>) -> Result<Source, String> {
        Ok(Source {
            id: reference.into(),
            display: reference.into(),
            text: self.0.clone(),
        })
    }
}

/// A scenario resolved, deserialised and validated.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The scenario with defaults filled in.
    pub scenario: Scenario,
    /// The files that made it, entry first, then what each extends.
    pub files: Vec<String>,
    /// The `--set` overrides applied, in order.
    pub overrides: Vec<String>,
}

/// Where each key path was last written.
type Provenance = BTreeMap<String, Location>;

/// Reads `entry` (and what it extends), applies `overrides` (each
/// `key.path=value`), and returns the validated scenario or every problem
/// found, each located at its file and line.
pub fn load(
    entry: &str,
    overrides: &[String],
    reader: &dyn SourceReader,
) -> Result<Loaded, ScenarioError> {
    let chain = read_chain(entry, reader)?;
    let entry_display = chain[0].0.display.clone();

    let mut merged = Table::new();
    let mut provenance = Provenance::new();
    for (_, table, prov) in chain.iter().rev() {
        merge_into(&mut merged, table.clone(), "", &mut provenance, prov);
    }
    merged.remove("extends");

    for set in overrides {
        apply_override(&mut merged, set, &mut provenance)?;
    }
    if !merged.contains_key("name") {
        merged.insert("name".into(), Value::String(file_stem(&entry_display)));
    }

    let locate = |mut issue: ScenarioIssue| {
        // Errors found in a CSV file already carry that file's line.
        if issue.location.is_none() {
            issue.location = Some(locate_key(&provenance, &issue.key, &entry_display));
        }
        issue
    };

    let incidents = merged.get("incidents").cloned();
    let mut scenario: Scenario =
        serde_path_to_error::deserialize(Value::Table(merged)).map_err(|e| {
            let issue = incident_issue(incidents.as_ref(), &e.path().to_string())
                .unwrap_or_else(|| deserialise_issue(&e));
            ScenarioError::Invalid(vec![locate(issue)])
        })?;
    super::system::expand(&mut scenario, reader, &chain[0].0).map_err(|e| match e {
        ScenarioError::Invalid(issues) => {
            ScenarioError::Invalid(issues.into_iter().map(locate).collect())
        }
        other => other,
    })?;

    let issues = validate(&scenario);
    if !issues.is_empty() {
        return Err(ScenarioError::Invalid(
            issues.into_iter().map(locate).collect(),
        ));
    }
    Ok(Loaded {
        scenario,
        files: chain.iter().map(|(s, _, _)| s.display.clone()).collect(),
        overrides: overrides.to_vec(),
    })
}

/// The entry file and its ancestors, entry first.
fn read_chain(
    entry: &str,
    reader: &dyn SourceReader,
) -> Result<Vec<(Source, Table, Provenance)>, ScenarioError> {
    let mut chain: Vec<(Source, Table, Provenance)> = Vec::new();
    let mut next: Option<(String, Option<Location>)> = Some((entry.to_string(), None));
    while let Some((reference, referenced_at)) = next.take() {
        let from = chain.last().map(|(s, _, _)| s);
        let source = reader
            .read(&reference, from)
            .map_err(|reason| ScenarioError::Unreadable {
                name: reference.clone(),
                reason,
                referenced_at: referenced_at.clone(),
            })?;
        if chain.iter().any(|(s, _, _)| s.id == source.id) {
            let mut names: Vec<String> = chain.iter().map(|(s, _, _)| s.display.clone()).collect();
            names.push(source.display.clone());
            return Err(ScenarioError::ExtendsCycle {
                chain: names,
                location: referenced_at.unwrap_or(Location::Scenario {
                    file: source.display,
                }),
            });
        }
        let (table, provenance) = parse(&source)?;
        if let Some(extends) = table.get("extends") {
            let at = provenance.get("extends").cloned();
            match extends {
                Value::String(parent) => next = Some((parent.clone(), at)),
                other => {
                    let mut issue = ScenarioIssue::new(
                        "extends",
                        format!("must be a file name, got {}", other.type_str()),
                    )
                    .accepted("a string such as \"wannacry-2017.toml\"");
                    issue.location = at;
                    return Err(ScenarioError::Invalid(vec![issue]));
                }
            }
        }
        chain.push((source, table, provenance));
    }
    Ok(chain)
}

fn parse(source: &Source) -> Result<(Table, Provenance), ScenarioError> {
    let syntax = |e: toml::de::Error| {
        let (line, column) = e
            .span()
            .map(|s| line_col(&source.text, s.start))
            .unwrap_or((1, 1));
        ScenarioError::Syntax {
            file: source.display.clone(),
            line,
            column,
            message: e.message().trim().to_string(),
        }
    };
    let spanned = DeTable::parse(&source.text).map_err(syntax)?;
    let mut provenance = Provenance::new();
    record_table(spanned.get_ref(), "", source, &mut provenance);
    let table: Table = toml::from_str(&source.text).map_err(syntax)?;
    Ok((table, provenance))
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn record_table(table: &DeTable<'_>, prefix: &str, source: &Source, out: &mut Provenance) {
    for (key, value) in table {
        let path = join(prefix, key.get_ref());
        let line = line_col(&source.text, key.span().start).0;
        out.insert(
            path.clone(),
            Location::File {
                file: source.display.clone(),
                line,
            },
        );
        record_value(value, &path, source, out);
    }
}

fn record_value(value: &Spanned<DeValue<'_>>, path: &str, source: &Source, out: &mut Provenance) {
    match value.get_ref() {
        DeValue::Table(t) => record_table(t, path, source, out),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let item_path = format!("{path}[{i}]");
                let line = line_col(&source.text, item.span().start).0;
                out.insert(
                    item_path.clone(),
                    Location::File {
                        file: source.display.clone(),
                        line,
                    },
                );
                record_value(item, &item_path, source, out);
            }
        }
        _ => {}
    }
}

/// Merges `child` into `base`: tables key by key, everything else replaced.
fn merge_into(
    base: &mut Table,
    child: Table,
    prefix: &str,
    provenance: &mut Provenance,
    child_provenance: &Provenance,
) {
    for (key, value) in child {
        let path = join(prefix, &key);
        match (base.get_mut(&key), value) {
            (Some(Value::Table(b)), Value::Table(c)) => {
                if let Some(loc) = child_provenance.get(&path) {
                    provenance.insert(path.clone(), loc.clone());
                }
                merge_into(b, c, &path, provenance, child_provenance);
            }
            (_, value) => {
                purge(provenance, &path);
                copy_subtree(child_provenance, &path, provenance);
                base.insert(key, value);
            }
        }
    }
}

fn purge(provenance: &mut Provenance, path: &str) {
    provenance.retain(|k, _| !is_within(k, path));
}

fn copy_subtree(from: &Provenance, path: &str, to: &mut Provenance) {
    for (k, v) in from.range(path.to_string()..) {
        if !k.starts_with(path) {
            break;
        }
        if is_within(k, path) {
            to.insert(k.clone(), v.clone());
        }
    }
}

/// Whether key path `k` is `path` or below it.
fn is_within(k: &str, path: &str) -> bool {
    k == path
        || (k.starts_with(path) && matches!(k.as_bytes().get(path.len()), Some(b'.') | Some(b'[')))
}

/// One step of a key path.
enum Segment {
    Key(String),
    Index(usize),
}

fn parse_path(path: &str) -> Option<Vec<Segment>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if name.is_empty() {
            return None;
        }
        out.push(Segment::Key(name.to_string()));
        while !rest.is_empty() {
            let close = rest.find(']')?;
            let index = rest.get(1..close)?.parse().ok()?;
            out.push(Segment::Index(index));
            rest = &rest[close + 1..];
            if !(rest.is_empty() || rest.starts_with('[')) {
                return None;
            }
        }
    }
    Some(out)
}

fn apply_override(
    merged: &mut Table,
    set: &str,
    provenance: &mut Provenance,
) -> Result<(), ScenarioError> {
    let bad = |message: String| ScenarioError::BadOverride {
        set: set.to_string(),
        message,
    };
    let (path, raw) = set
        .split_once('=')
        .ok_or_else(|| bad("expected key.path=value".into()))?;
    let path = path.trim();
    let segments = parse_path(path).ok_or_else(|| {
        bad("the key must look like `calendar.follow_up_days` or `trusts[0].emergency_department.cubicles`".into())
    })?;
    let value = parse_override_value(raw.trim());
    let Some((Segment::Key(first), rest)) = segments.split_first() else {
        return Err(bad("the key must start with a name".into()));
    };
    let slot = merged
        .entry(first.clone())
        .or_insert_with(|| Value::Table(Table::new()));
    set_value(slot, rest, value).map_err(bad)?;
    purge(provenance, path);
    provenance.insert(
        path.to_string(),
        Location::CommandLine {
            set: set.to_string(),
        },
    );
    Ok(())
}

/// Walks `segments` below `slot` and puts `value` at the end of the path,
/// creating intermediate tables but never list entries.
fn set_value(slot: &mut Value, segments: &[Segment], value: Value) -> Result<(), String> {
    let Some((seg, rest)) = segments.split_first() else {
        *slot = value;
        return Ok(());
    };
    let next = match (seg, slot) {
        (Segment::Key(k), Value::Table(t)) => t
            .entry(k.clone())
            .or_insert_with(|| Value::Table(Table::new())),
        (Segment::Index(n), Value::Array(items)) => {
            let len = items.len();
            items
                .get_mut(*n)
                .ok_or_else(|| format!("index {n} is out of range: the list has {len} entries"))?
        }
        (Segment::Index(_), _) => return Err("indexes a key that is not a list".into()),
        (Segment::Key(k), _) => {
            return Err(format!(
                "cannot set `{k}` inside a value that is not a table"
            ));
        }
    };
    set_value(next, rest, value)
}

fn parse_override_value(raw: &str) -> Value {
    // TOML syntax first (numbers, booleans, dates, arrays, inline tables);
    // anything else is taken as a plain string so `--set name=my-run` works.
    toml::from_str::<Table>(&format!("v = {raw}"))
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| Value::String(raw.to_string()))
}

fn file_stem(display: &str) -> String {
    let base = display.rsplit(['/', '\\']).next().unwrap_or(display);
    base.strip_suffix(".toml").unwrap_or(base).to_string()
}

/// The location of `key`, or of its nearest written ancestor.
fn locate_key(provenance: &Provenance, key: &str, entry: &str) -> Location {
    let mut k = key;
    loop {
        if let Some(loc) = provenance.get(k) {
            return loc.clone();
        }
        match k.rfind(['.', '[']) {
            Some(i) => k = &k[..i],
            None => {
                return Location::Scenario {
                    file: entry.to_string(),
                };
            }
        }
    }
}

/// For an error reported at a whole incident (`incidents[3]`), the issue
/// at the exact key inside it, found by deserialising that incident alone.
fn incident_issue(incidents: Option<&Value>, path: &str) -> Option<ScenarioIssue> {
    let i: usize = path
        .strip_prefix("incidents[")?
        .strip_suffix(']')?
        .parse()
        .ok()?;
    let mut table = incidents?.get(i)?.as_table()?.clone();
    let kind = table.remove("kind")?;
    let inner = IncidentSpec::locate_error(kind.as_str()?, table)?;
    let mut issue = deserialise_issue(&inner);
    issue.key = if issue.key.is_empty() {
        path.to_string()
    } else {
        format!("{path}.{}", issue.key)
    };
    Some(issue)
}

/// Turns a deserialisation error into an issue, with a suggestion for
/// misspelt keys and values.
fn deserialise_issue(e: &serde_path_to_error::Error<toml::de::Error>) -> ScenarioIssue {
    let path = e.path().to_string();
    let path = if path == "." { String::new() } else { path };
    let message = e.inner().message().trim().to_string();
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    if message.starts_with("unknown field") {
        let unknown = quoted.first().copied().unwrap_or_default();
        let expected = &quoted[1.min(quoted.len())..];
        let key = if path.ends_with(unknown) {
            path.clone()
        } else {
            join(&path, unknown)
        };
        return ScenarioIssue::new(key, format!("unknown key `{unknown}`"))
            .accepted(format!("one of {}", list(expected)))
            .suggest(closest(unknown, expected.iter().copied()));
    }
    if message.starts_with("unknown variant") {
        let unknown = quoted.first().copied().unwrap_or_default();
        let expected = &quoted[1.min(quoted.len())..];
        return ScenarioIssue::new(path, format!("unknown value `{unknown}`"))
            .accepted(format!("one of {}", list(expected)))
            .suggest(closest(unknown, expected.iter().copied()));
    }
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|m| m.split('`').next())
    {
        return ScenarioIssue::new(join(&path, field), "is required but missing");
    }
    if let Some((got, expected)) = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
        .and_then(|m| m.split_once(", expected "))
    {
        return ScenarioIssue::new(path, format!("got {got}")).accepted(humanise_type(expected));
    }
    ScenarioIssue::new(path, message)
}

/// Serde's name for a type, in words for a scenario author.
fn humanise_type(expected: &str) -> String {
    match expected {
        "u32" | "u16" | "u8" => "a whole number >= 0 (then range-checked)".into(),
        "u64" => "a whole number >= 0".into(),
        "f64" | "f32" => "a number (then range-checked)".into(),
        "a string" => "text in double quotes".into(),
        "a boolean" => "true or false".into(),
        "a sequence" => "a list, e.g. [1.0, 2.0]".into(),
        other => other.to_string(),
    }
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
