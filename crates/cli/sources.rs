//! Where scenario files come from: the file system, or the scenarios
//! bundled in the binary (so `downtime run erlang-c` works anywhere).

use std::fs;
use std::path::{Component, Path, PathBuf};

use downtime_core::scenario::{Source, SourceReader};

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// Names a bundled scenario in `extends` (and in messages).
pub const BUNDLED_PREFIX: &str = "bundled:";

/// Reads scenarios from disk, falling back to the bundled ones by name.
pub struct ScenarioSources;

/// A bundled scenario: its name (path under `scenarios/` without `.toml`) and text.
pub fn bundled() -> impl Iterator<Item = (&'static str, &'static str)> {
    BUNDLED
        .iter()
        .map(|(path, text)| (path.strip_suffix(".toml").unwrap_or(path), *text))
}

fn find_bundled(path: &str) -> Option<Source> {
    // A data file a bundled scenario reads (a CSV under scenarios/data/).
    if Path::new(path).extension().is_some_and(|x| x != "toml") {
        return BUNDLED_DATA
            .iter()
            .find(|(name, _)| *name == path)
            .map(|(name, text)| Source {
                id: format!("{BUNDLED_PREFIX}{name}"),
                display: format!("{BUNDLED_PREFIX}{name}"),
                text: text.to_string(),
            });
    }
    let wanted = path.strip_suffix(".toml").unwrap_or(path);
    bundled()
        .find(|(name, _)| *name == wanted)
        .map(|(name, text)| Source {
            id: format!("{BUNDLED_PREFIX}{name}.toml"),
            display: format!("{BUNDLED_PREFIX}{name}.toml"),
            text: text.to_string(),
        })
}

/// `a/b/../c` → `a/c`, without touching the file system.
fn normalise(p: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                parts.pop();
            }
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

impl SourceReader for ScenarioSources {
    fn read(&self, reference: &str, from: Option<&Source>) -> Result<Source, String> {
        // `extends = "bundled:wannacry-2017"`: a bundled scenario from any
        // file, wherever it lives (what `downtime init --from` writes).
        if let Some(name) = reference.strip_prefix(BUNDLED_PREFIX) {
            return find_bundled(name).ok_or_else(|| {
                format!("no bundled scenario `{name}` (`downtime scenarios` lists them)")
            });
        }
        match from {
            Some(parent) if parent.id.starts_with(BUNDLED_PREFIX) => {
                let dir = Path::new(&parent.id[BUNDLED_PREFIX.len()..])
                    .parent()
                    .unwrap_or(Path::new(""));
                let target = normalise(&dir.join(reference));
                find_bundled(&target)
                    .ok_or_else(|| format!("no bundled scenario or data file `{target}`"))
            }
            Some(parent) => {
                let dir = Path::new(&parent.id).parent().unwrap_or(Path::new("."));
                let shown = Path::new(&parent.display)
                    .parent()
                    .unwrap_or(Path::new(""))
                    .join(reference);
                read_file(&dir.join(reference), shown.display().to_string())
            }
            None => {
                let path = Path::new(reference);
                if path.exists() {
                    read_file(path, reference.to_string())
                } else {
                    find_bundled(reference).ok_or_else(|| {
                        "no such file, and no bundled scenario of that name (`downtime scenarios` lists them)"
                            .to_string()
                    })
                }
            }
        }
    }
}

fn read_file(path: &Path, display: String) -> Result<Source, String> {
    let text = fs::read_to_string(path).map_err(|e| e.to_string())?;
    let id: PathBuf = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    Ok(Source {
        id: id.display().to_string(),
        display,
        text,
    })
}
