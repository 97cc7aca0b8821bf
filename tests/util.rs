//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (where `scenarios/` lives).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path under `scenarios/`.
pub fn scenario(rel: &str) -> String {
    repo().join("scenarios").join(rel).display().to_string()
}

/// Runs the built binary with `args` in `cwd`.
pub fn downtime(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_downtime"))
        .args(args)
        .current_dir(cwd)
        .env_remove("TERM")
        .output()
        .expect("the downtime binary runs")
}

/// Standard output and error as text.
pub fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Overrides that make the bundled single-trust scenario quick to run.
pub const QUICK: [&str; 6] = [
    "--set",
    "calendar.warm_up_days=3",
    "--set",
    "calendar.follow_up_days=5",
    "--set",
    "calendar.days_before_attack=2",
];
