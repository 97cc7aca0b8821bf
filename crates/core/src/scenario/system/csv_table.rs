//! Reading one CSV file into typed rows, with every problem located at the
//! file, line and column, and the column's accepted values.

use csv::{ReaderBuilder, StringRecord, Trim};
use serde::de::DeserializeOwned;

use crate::scenario::error::{Location, ScenarioIssue, closest};
use crate::scenario::{Source, SourceReader};

/// A column a CSV file may have.
pub(super) struct Column {
    /// Header name.
    pub name: &'static str,
    /// Whether the header must be present.
    pub required: bool,
    /// What the column accepts, with its unit (shown in errors).
    pub accepted: &'static str,
}

/// One row, deserialised, with the line it started on.
pub(super) struct Row<T> {
    pub line: usize,
    pub value: T,
}

/// A problem at `file:line` in `column`.
pub(super) fn issue_at(
    file: &str,
    line: usize,
    column: &str,
    message: impl Into<String>,
) -> ScenarioIssue {
    let mut issue = ScenarioIssue::new(column, message);
    issue.location = Some(Location::File {
        file: file.to_string(),
        line,
    });
    issue
}

/// The accepted values of `column`, for messages.
pub(super) fn accepted(columns: &[Column], column: &str) -> String {
    columns
        .iter()
        .find(|c| c.name == column)
        .map_or_else(String::new, |c| c.accepted.to_string())
}

/// Reads the CSV file `path` (named at scenario key `key`, relative to
/// `entry`) into rows of `T`. Problems go to `issues`; the rows that could
/// be read are returned with the file's display name.
pub(super) fn read<T: DeserializeOwned>(
    path: &str,
    key: &str,
    columns: &[Column],
    reader: &dyn SourceReader,
    entry: &Source,
    issues: &mut Vec<ScenarioIssue>,
) -> (String, Vec<Row<T>>) {
    let source = match reader.read(path, Some(entry)) {
        Ok(s) => s,
        Err(reason) => {
            issues.push(
                ScenarioIssue::new(key, format!("cannot read `{path}`: {reason}"))
                    .accepted("a CSV file, relative to the scenario file"),
            );
            return (path.to_string(), Vec::new());
        }
    };
    let file = source.display.clone();
    let mut csv = ReaderBuilder::new()
        .trim(Trim::All)
        .from_reader(source.text.as_bytes());
    let headers = match csv.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            issues.push(issue_at(&file, 1, "", format!("not a CSV file: {e}")));
            return (file, Vec::new());
        }
    };
    if !check_headers(&file, &headers, columns, issues) {
        return (file, Vec::new());
    }
    let mut rows = Vec::new();
    for record in csv.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(1, |p| p.line() as usize);
                issues.push(issue_at(&file, line, "", format!("not valid CSV: {e}")));
                continue;
            }
        };
        let line = record.position().map_or(1, |p| p.line() as usize);
        match record.deserialize::<T>(Some(&headers)) {
            Ok(value) => rows.push(Row { line, value }),
            Err(e) => {
                let field = match e.kind() {
                    csv::ErrorKind::Deserialize { err, .. } => err.field().map(|i| i as usize),
                    _ => None,
                };
                let column = field
                    .and_then(|i| headers.get(i))
                    .unwrap_or_default()
                    .to_string();
                let raw = field.and_then(|i| record.get(i)).unwrap_or_default();
                issues.push(
                    issue_at(&file, line, &column, format!("cannot read `{raw}`"))
                        .accepted(accepted(columns, &column)),
                );
            }
        }
    }
    (file, rows)
}

/// Unknown or missing headers; false when the rows cannot be read.
fn check_headers(
    file: &str,
    headers: &StringRecord,
    columns: &[Column],
    issues: &mut Vec<ScenarioIssue>,
) -> bool {
    let before = issues.len();
    let names = || columns.iter().map(|c| c.name);
    for h in headers {
        if !names().any(|n| n == h) {
            issues.push(
                issue_at(file, 1, h, format!("unknown column `{h}`"))
                    .accepted(format!("columns {}", names().collect::<Vec<_>>().join(",")))
                    .suggest(closest(h, names())),
            );
        }
    }
    for c in columns.iter().filter(|c| c.required) {
        if !headers.iter().any(|h| h == c.name) {
            issues.push(issue_at(file, 1, c.name, "the column is missing").accepted(c.accepted));
        }
    }
    issues.len() == before
}
