//! Embeds the bundled scenarios (everything under `scenarios/`) and the
//! data files they read (`scenarios/data/**/*.csv`) in the binary, so `downtime run NAME` works from any folder, and records the
//! git commit the binary was built from.

use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let root =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let scenarios = root.join("scenarios");
    println!("cargo:rerun-if-changed={}", scenarios.display());

    let mut files = Vec::new();
    collect(&scenarios, &mut files);
    files.sort();
    let mut data = Vec::new();
    collect_data(&scenarios.join("data"), &mut data);
    data.sort();
    let mut out = String::new();
    for (name, doc, list) in [
        ("BUNDLED", "Bundled scenarios", &files),
        ("BUNDLED_DATA", "Bundled data files", &data),
    ] {
        out.push_str(&format!(
            "/// {doc}: (path under scenarios/, text).\npub const {name}: &[(&str, &str)] = &[\n"
        ));
        for f in list {
            let rel = f
                .strip_prefix(&scenarios)
                .expect("under scenarios/")
                .to_string_lossy()
                .replace('\\', "/");
            out.push_str(&format!(
                "    ({rel:?}, include_str!({:?})),\n",
                f.display().to_string()
            ));
        }
        out.push_str("];\n");
    }
    let dest = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("bundled.rs");
    fs::write(dest, out).expect("write bundled.rs");

    // The commit is informative only (run.json); a build without git is fine.
    let git = root.join(".git");
    if git.exists() {
        println!("cargo:rerun-if-changed={}", git.join("HEAD").display());
        println!("cargo:rerun-if-changed={}", git.join("refs").display());
    }
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(&root)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    println!("cargo:rustc-env=DOWNTIME_GIT_COMMIT={commit}");
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            // Data files for scenarios live beside them but are not scenarios.
            if p.file_name().is_some_and(|n| n != "data") {
                collect(&p, out);
            }
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
}

fn collect_data(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_data(&p, out);
        } else if p.extension().is_some_and(|x| x == "csv") {
            out.push(p);
        }
    }
}
