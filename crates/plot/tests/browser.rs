//! Opens the report in a real browser (headless Chromium): a screenshot
//! and an A4 PDF must both come out non-trivial.
//!
//! Skipped, with a note, when Chromium is not installed, unless
//! `DOWNTIME_REQUIRE_BROWSER=1` is set, in which case a missing browser
//! fails the test. `DOWNTIME_CHROMIUM` names a browser binary explicitly;
//! `DOWNTIME_BROWSER_OUT=DIR` keeps the screenshot and PDF for a look.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{decode_png, single};
use downtime_plot::{ChartOptions, draw_run, report_html};

fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DOWNTIME_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let names = ["chromium", "chromium-browser"];
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            for name in names {
                let candidate = dir.join(name);
                if candidate.is_file() {
                    return Some(candidate);
                }
            }
        }
    }
    let fallback = Path::new("/usr/bin/chromium");
    fallback.is_file().then(|| fallback.to_path_buf())
}

/// Runs headless Chromium with `args` and the report URL, with a deadline.
fn chromium(browser: &Path, profile: &Path, args: &[String], url: &str) {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("starting {}: {e}", browser.display()));
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Some(status) = child.try_wait().expect("waiting for chromium") {
            let out = child.wait_with_output().expect("chromium output");
            assert!(
                status.success(),
                "chromium {args:?} failed ({status}):\n{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            return;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium {args:?} took more than 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn report_renders_in_a_headless_browser() {
    let Some(browser) = find_chromium() else {
        if std::env::var("DOWNTIME_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("DOWNTIME_REQUIRE_BROWSER=1 but no chromium on PATH or at /usr/bin/chromium");
        }
        eprintln!(
            "note: chromium not found (PATH, /usr/bin/chromium); browser test skipped. \
             Install it (Debian: apt-get install chromium) or set DOWNTIME_REQUIRE_BROWSER=1 to make this fail."
        );
        return;
    };

    let run = single();
    let charts = draw_run(&run, &ChartOptions::default()).unwrap();
    let html = report_html(&run, &charts).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.html");
    std::fs::write(&report, html).unwrap();
    let url = format!("file://{}", report.display());
    let screenshot = dir.path().join("screenshot.png");
    let pdf = dir.path().join("report.pdf");

    let profile = tempfile::tempdir().unwrap();
    chromium(
        &browser,
        profile.path(),
        &[
            format!("--screenshot={}", screenshot.display()),
            "--window-size=1280,2000".into(),
        ],
        &url,
    );
    let profile = tempfile::tempdir().unwrap();
    chromium(
        &browser,
        profile.path(),
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
        ],
        &url,
    );

    if let Some(keep) = std::env::var_os("DOWNTIME_BROWSER_OUT") {
        let keep = PathBuf::from(keep);
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::copy(&screenshot, keep.join("screenshot.png")).unwrap();
        std::fs::copy(&pdf, keep.join("report.pdf")).unwrap();
        std::fs::copy(&report, keep.join("report.html")).unwrap();
    }

    let shot = std::fs::read(&screenshot).expect("chromium wrote no screenshot");
    assert!(
        shot.len() > 20_000,
        "screenshot is only {} bytes",
        shot.len()
    );
    let (w, h, rgb) = decode_png(&shot);
    assert!(w >= 1000 && h >= 1000, "screenshot is {w}x{h}");
    let first = &rgb[..3];
    let differing = rgb.chunks_exact(3).filter(|p| p != &first).count();
    assert!(
        differing > rgb.len() / 3 / 100,
        "screenshot is (almost) a single colour"
    );

    let pdf = std::fs::read(&pdf).expect("chromium wrote no PDF");
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    assert!(pdf.len() > 20_000, "PDF is only {} bytes", pdf.len());
}
