//! Draws the charts and the report of a run folder and times it.
//!
//! ```text
//! cargo run --release -p downtime-plot --example render_run -- RUN_DIR [OUT_DIR] [OTHER_RUN_DIR...]
//! ```
//!
//! Writes `OUT_DIR/charts/*.png|svg` and `OUT_DIR/report.html` (OUT_DIR
//! defaults to RUN_DIR), and, given more run folders, their comparison
//! charts. `DOWNTIME_PLOT_METRICS=a,b` charts those metrics instead of the
//! headline set. The library itself does no file I/O; this example does it.

use std::path::{Path, PathBuf};
use std::time::Instant;

use downtime_plot::{ChartOptions, RunTables, draw_comparison, draw_run, report_html};

fn read(dir: &Path) -> RunTables {
    let f = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .unwrap_or_else(|e| panic!("{}: {e}", dir.join(name).display()))
    };
    RunTables {
        summary_csv: f("summary.csv"),
        daily_csv: f("daily.csv"),
        organisations_csv: f("organisations.csv"),
        replications_csv: f("replications.csv"),
        run_json: f("run.json"),
        parameters_csv: std::fs::read_to_string(dir.join("parameters.csv")).unwrap_or_default(),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let Some(run_dir) = args.first() else {
        eprintln!("usage: render_run RUN_DIR [OUT_DIR] [OTHER_RUN_DIR...]");
        std::process::exit(2);
    };
    let out = args.get(1).unwrap_or(run_dir);
    let run = read(run_dir);

    // DOWNTIME_PLOT_METRICS=a,b charts those metrics instead of the headline set.
    let options = ChartOptions {
        metrics: std::env::var("DOWNTIME_PLOT_METRICS")
            .map(|m| m.split(',').map(str::to_string).collect())
            .unwrap_or_default(),
        ..ChartOptions::default()
    };
    let start = Instant::now();
    let charts = draw_run(&run, &options)?;
    let drawn = start.elapsed();
    let html = report_html(&run, &charts)?;
    let total = start.elapsed();
    println!(
        "draw_run: {} artifacts in {:.3} s; report_html: {:.3} s; total {:.3} s",
        charts.len(),
        drawn.as_secs_f64(),
        (total - drawn).as_secs_f64(),
        total.as_secs_f64()
    );

    std::fs::create_dir_all(out.join("charts"))?;
    for a in &charts {
        std::fs::write(out.join(&a.path), &a.bytes)?;
    }
    std::fs::write(out.join("report.html"), html)?;

    if args.len() > 2 {
        let mut runs = vec![run];
        runs.extend(args[2..].iter().map(|d| read(d)));
        let start = Instant::now();
        let cmp = draw_comparison(&runs, &options)?;
        println!(
            "draw_comparison: {} artifacts in {:.3} s",
            cmp.len(),
            start.elapsed().as_secs_f64()
        );
        for a in &cmp {
            std::fs::write(out.join(&a.path), &a.bytes)?;
        }
    }
    Ok(())
}
