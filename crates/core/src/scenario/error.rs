//! Scenario errors, written for the person who wrote the file.

use std::fmt;

/// Where a key came from: a file and line, or the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A line of a scenario file (1-based).
    File {
        /// The file as the user named it.
        file: String,
        /// 1-based line number.
        line: usize,
    },
    /// A `--set` override on the command line.
    CommandLine {
        /// The override as typed.
        set: String,
    },
    /// Not written anywhere: a default or a whole-scenario property.
    Scenario {
        /// The entry file.
        file: String,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File { file, line } => write!(f, "{file}:{line}"),
            Location::CommandLine { set } => write!(f, "--set {set}"),
            Location::Scenario { file } => write!(f, "{file}"),
        }
    }
}

/// One problem with one key.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioIssue {
    /// Where the offending key was written.
    pub location: Option<Location>,
    /// The key's full path, e.g. `trusts[0].emergency_department.cubicles`.
    pub key: String,
    /// What is wrong.
    pub message: String,
    /// The accepted values, e.g. `(0, 100000] patients per day`.
    pub accepted: Option<String>,
    /// A likely intended key or value, for misspellings.
    pub suggestion: Option<String>,
}

impl ScenarioIssue {
    /// An issue with a key, not yet located.
    pub fn new(key: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            location: None,
            key: key.into(),
            message: message.into(),
            accepted: None,
            suggestion: None,
        }
    }

    /// Adds the accepted range or values.
    pub fn accepted(mut self, accepted: impl Into<String>) -> Self {
        self.accepted = Some(accepted.into());
        self
    }

    /// Adds a suggestion.
    pub fn suggest(mut self, suggestion: Option<String>) -> Self {
        self.suggestion = suggestion;
        self
    }
}

impl fmt::Display for ScenarioIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(f, "{loc}: ")?;
        }
        if self.key.is_empty() {
            write!(f, "{}", self.message)?;
        } else {
            write!(f, "key `{}`: {}", self.key, self.message)?;
        }
        if let Some(acc) = &self.accepted {
            write!(f, "\n    accepted: {acc}")?;
        }
        if let Some(s) = &self.suggestion {
            write!(f, "\n    help: did you mean `{s}`?")?;
        }
        Ok(())
    }
}

/// Why a scenario could not be loaded. Nothing is run or written when this
/// is returned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScenarioError {
    /// A file could not be found or read.
    #[error("{}cannot read scenario `{name}`: {reason}", .referenced_at.as_ref().map(|l| format!("{l}: ")).unwrap_or_default())]
    Unreadable {
        /// The file as named.
        name: String,
        /// Why (from the operating system).
        reason: String,
        /// The `extends` line that named it, if any.
        referenced_at: Option<Location>,
    },
    /// The file is not valid TOML.
    #[error("{file}:{line}:{column}: not valid TOML: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// `extends` chains back to a file already in the chain.
    #[error("{location}: `extends` cycle: {}", .chain.join(" -> "))]
    ExtendsCycle {
        /// Files in the order they extend each other, ending with the repeat.
        chain: Vec<String>,
        /// The `extends` line that closes the cycle.
        location: Location,
    },
    /// A `--set` argument is malformed.
    #[error("--set {set}: {message}")]
    BadOverride {
        /// The argument as typed.
        set: String,
        /// What is wrong.
        message: String,
    },
    /// Keys with wrong types or values, unknown keys, missing keys, references
    /// to things that do not exist.
    #[error("{}", display_issues(.0))]
    Invalid(Vec<ScenarioIssue>),
}

fn display_issues(issues: &[ScenarioIssue]) -> String {
    let mut out = format!(
        "{} problem{} in the scenario:",
        issues.len(),
        if issues.len() == 1 { "" } else { "s" }
    );
    for i in issues {
        out.push_str("\n  ");
        out.push_str(&i.to_string().replace('\n', "\n  "));
    }
    out
}

/// The closest of `candidates` to `word`, if close enough to be a likely typo.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_string())
}
