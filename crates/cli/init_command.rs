//! `downtime init`: write a commented starter scenario, either a small
//! self-contained one or a what-if that `extends` a bundled scenario or a
//! file. What is written is loaded and validated first, so it always
//! passes `downtime validate` as written; the file goes through
//! downtime-montecarlo's atomic writer.

use std::fs;
use std::path::{Component, Path, PathBuf};

use downtime_core::scenario::{self, Scenario, Source, SourceReader};
use downtime_montecarlo::output;

use crate::commands::CliError;
use crate::sources::{BUNDLED_PREFIX, ScenarioSources, bundled};

/// The self-contained starter; `{name}` and `{file}` are filled in.
const STARTER: &str = include_str!("init_template.toml");

/// `downtime init`'s arguments.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The scenario to write: NAME.toml (`.toml` is added if missing), in
    /// the current folder or at the path given.
    pub name: String,
    /// Start from this scenario (`extends`): a bundled name such as
    /// `wannacry-2017` (see `downtime scenarios`) or a scenario file.
    #[arg(long, value_name = "SCENARIO")]
    pub from: Option<String>,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// `downtime init`.
pub fn init(a: &InitArgs) -> Result<(), CliError> {
    let path = PathBuf::from(if a.name.ends_with(".toml") {
        a.name.clone()
    } else {
        format!("{}.toml", a.name)
    });
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| CliError::BadInput(format!("`{}` names no file", a.name)))?;
    if path.exists() && !a.force {
        return Err(CliError::BadInput(format!(
            "{} already exists; choose another name or pass --force to replace it",
            path.display()
        )));
    }
    let shown = path.display().to_string();
    let text = match &a.from {
        None => STARTER.replace("{name}", &stem).replace("{file}", &shown),
        Some(from) => what_if(&stem, &shown, &extends_value(from, &path)?, from)?,
    };
    // Check what is about to be written, as `downtime validate` would.
    let entry = Pending {
        id: absolute(&path).display().to_string(),
        text: &text,
    };
    scenario::load(&shown, &[], &entry).map_err(|e| {
        CliError::Failed(format!(
            "the scenario init would write does not validate (a bug):\n{e}"
        ))
    })?;
    let written = output::write_file(&path, text.as_bytes(), a.force)?;
    out!("wrote {}", written.display());
    out!("next: downtime validate {shown}, then downtime run {shown}");
    Ok(())
}

/// The file about to be written as the entry, everything it extends from
/// disk or the bundled scenarios.
struct Pending<'a> {
    id: String,
    text: &'a str,
}

impl SourceReader for Pending<'_> {
    fn read(&self, reference: &str, from: Option<&Source>) -> Result<Source, String> {
        match from {
            None => Ok(Source {
                id: self.id.clone(),
                display: reference.to_string(),
                text: self.text.to_string(),
            }),
            // The new file's folder may not exist yet, so the file system
            // cannot resolve `..` below it: resolve the path by hand.
            Some(parent) if parent.id == self.id && !reference.starts_with(BUNDLED_PREFIX) => {
                let dir = Path::new(&self.id).parent().unwrap_or(Path::new("/"));
                let mut path = PathBuf::new();
                for c in dir.join(reference).components() {
                    match c {
                        Component::ParentDir => {
                            path.pop();
                        }
                        other => path.push(other),
                    }
                }
                ScenarioSources.read(&path.display().to_string(), None)
            }
            Some(_) => ScenarioSources.read(reference, from),
        }
    }
}

/// What the new file's `extends` says: `bundled:NAME` for a bundled
/// scenario, else the path of `from` relative to the new file's folder.
fn extends_value(from: &str, new_file: &Path) -> Result<String, CliError> {
    let as_path = Path::new(from);
    if as_path.is_file() {
        let target = absolute(as_path);
        let dir = absolute(new_file)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        return Ok(relative(&target, &dir)
            .display()
            .to_string()
            .replace('\\', "/"));
    }
    let name = from.strip_prefix(BUNDLED_PREFIX).unwrap_or(from);
    let name = name.strip_suffix(".toml").unwrap_or(name);
    if bundled().any(|(n, _)| n == name) {
        return Ok(format!("{BUNDLED_PREFIX}{name}"));
    }
    Err(CliError::BadInput(format!(
        "--from {from}: no such file, and no bundled scenario of that name\n    accepted: a scenario file, or one of {}",
        bundled().map(|(n, _)| n).collect::<Vec<_>>().join(", ")
    )))
}

/// `path` made absolute against the current folder, `..` resolved
/// where the folder exists.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = fs::canonicalize(path) {
        return p;
    }
    let joined = std::env::current_dir().unwrap_or_default().join(path);
    match (joined.parent(), joined.file_name()) {
        (Some(dir), Some(name)) => fs::canonicalize(dir)
            .map(|d| d.join(name))
            .unwrap_or(joined.clone()),
        _ => joined,
    }
}

/// `target` relative to folder `base` (both absolute).
fn relative(target: &Path, base: &Path) -> PathBuf {
    let t: Vec<Component> = target.components().collect();
    let b: Vec<Component> = base.components().collect();
    let common = t.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return target.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &t[common..] {
        out.push(c);
    }
    out
}

/// A what-if on `from`: `extends`, a header, and commented-out examples
/// of the keys a planner changes, with the values in effect now.
fn what_if(stem: &str, file: &str, extends: &str, from: &str) -> Result<String, CliError> {
    let base = scenario::load(from, &[], &ScenarioSources)
        .map_err(|e| CliError::BadInput(format!("--from {from} does not load:\n{e}")))?
        .scenario;
    let r = &base.response;
    let c = &base.calendar;
    let m = &base.monte_carlo;
    let mut t = format!(
        "# {stem}: a what-if on {from}, written by `downtime init --from`.\n\
#\n\
# This file starts from {extends} (`extends`)\n\
# and changes only the keys written below; everything else comes from\n\
# there (`downtime explain\n\
# {file}` prints every key in effect). Uncomment a line to change it; the\n\
# values shown are those in effect now, or (controls) examples, not\n\
# estimates. Tables merge key by key; a list such as [[incidents]] is\n\
# replaced whole. Keys carry their unit in their name (_hours, _days,\n\
# _gbp). Check with `downtime validate {file}`; compare with the base on\n\
# the same seed (`downtime run` both). Every key, its default and range:\n\
# docs/MODEL.md; attacks, response and controls: docs/model/attacks.md.\n\
\n\
extends = \"{extends}\"\n\
name = \"{stem}\"\n\
description = \"{} (what-if: describe the change)\"\n\
\n\
[monte_carlo]\n\
# replications = {}\n\
# seed = {}\n\
\n\
[calendar]\n\
# follow_up_days = {}\n\
\n\
# Defensive controls, each with what it costs a year across the system in\n\
# pounds (no published costs: state yours, with its source or ASSUMPTION).\n\
[controls]\n\
# patch_coverage = {{ level = 0.95, annual_cost_gbp = 1000000 }}\n\
# segmentation = {{ level = 0.5, annual_cost_gbp = 1000000 }}\n\
# offline_backups = {{ annual_cost_gbp = 1000000 }}\n\
# downtime_procedures = {{ capacity_uplift = 0.1, annual_cost_gbp = 100000 }}\n\
# detection = {{ detection_delay_hours = 1, annual_cost_gbp = 100000 }}\n\
# phishing_awareness = {{ compromise_reduction = 0.05, annual_cost_gbp = 87500 }}\n\
\n\
# How the system responds and recovers.\n\
[response]\n\
# detection_delay_hours = {}\n\
# backup_quality = {}  # \"offline_immutable\", \"online\" or \"none\"\n\
# diversion = {}\n\
# mutual_aid = {}\n",
        escape(&base.description),
        m.replications,
        m.seed,
        c.follow_up_days,
        r.detection_delay_hours,
        inline(&r.backup_quality),
        inline(&r.diversion),
        inline(&r.mutual_aid),
    );
    t.push_str(&incidents(&base, from, file));
    Ok(t)
}

/// The base's incidents, commented out: to change one, uncomment the
/// whole list (it replaces the base's), or use `--set` for one key.
fn incidents(base: &Scenario, from: &str, file: &str) -> String {
    if base.incidents.is_empty() {
        return "\n# No incidents in the base: add [[incidents]] tables (docs/model/attacks.md).\n"
            .into();
    }
    let mut table = toml::Table::new();
    if let Ok(list) = toml::Value::try_from(&base.incidents) {
        table.insert("incidents".into(), list);
    }
    let body = toml::to_string(&table).unwrap_or_default();
    let mut t = format!(
        "\n# The incidents of {from}, in full. To change one, uncomment the whole\n\
# list (it replaces the base's), or change one key for a run:\n\
#   downtime run {file} --set incidents[0].KEY=VALUE\n"
    );
    for line in body.lines() {
        if line.is_empty() {
            t.push_str("#\n");
        } else {
            t.push_str(&format!("# {line}\n"));
        }
    }
    t
}

/// A value as TOML text on one line (`"online"`, `{ trigger = ..., ... }`).
fn inline<T: serde::Serialize>(value: &T) -> String {
    toml::Value::try_from(value)
        .map(|v| v.to_string())
        .unwrap_or_default()
}

/// Text safe inside a TOML basic string.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}
