//! Short reports for a sweep and a sensitivity analysis: a heading, a
//! table of the results and the charts.

use std::fmt::Write as _;

use super::{CSS, esc, inline_svg};
use crate::experiment::tables::Estimate;
use crate::experiment::{SensitivityRun, SensitivityTables, SweepRun, SweepTables};
use crate::metrics::{self, fmt, fmt_range, label};
use crate::tables::plural;
use crate::{Artifact, PlotError};

fn head(h: &mut String, title: &str, kicker: &str, heading: &str, meta: &[String]) {
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header>\n\
         <p class=\"kicker\">{}</p>\n<h1>{}</h1>\n<p class=\"meta\">{}</p>\n</header>\n",
        esc(title),
        esc(kicker),
        esc(heading),
        esc(&meta.join(" · "))
    );
}

fn meta(replications: Option<u64>, seed: Option<u64>, per: &str) -> Vec<String> {
    let mut m = Vec::new();
    if let Some(n) = replications {
        m.push(format!("{} per {per}, paired", plural(n, "replication")));
    }
    if let Some(s) = seed {
        m.push(format!("seed {s}"));
    }
    m
}

/// Every `.svg` chart as a figure, captioned by its title.
fn figures(h: &mut String, charts: &[Artifact]) -> Result<(), PlotError> {
    let svgs: Vec<&Artifact> = charts.iter().filter(|a| a.path.ends_with(".svg")).collect();
    if svgs.is_empty() {
        return Ok(());
    }
    h.push_str("<section>\n<h2>Charts</h2>\n");
    for (i, a) in svgs.iter().enumerate() {
        let svg = std::str::from_utf8(&a.bytes).map_err(|_| PlotError::NotSvg {
            path: a.path.clone(),
        })?;
        let stem = a.path.rsplit('/').next().unwrap_or(&a.path);
        let cap = stem.trim_end_matches(".svg").replace('_', " ");
        let _ = write!(
            h,
            "<figure>\n{}\n<figcaption>Figure {}: {}.</figcaption>\n</figure>\n",
            inline_svg(svg, &cap),
            i + 1,
            esc(&cap)
        );
    }
    h.push_str("</section>\n");
    Ok(())
}

fn end(h: &mut String, made_from: &str) {
    let _ = write!(
        h,
        "<footer>\n<dl>\n<dt>Made from</dt><dd>{}</dd>\n</dl>\n</footer>\n</body>\n</html>\n",
        esc(made_from)
    );
}

fn cell(mean: Option<f64>, low: Option<f64>, high: Option<f64>) -> String {
    match (mean, low, high) {
        (Some(m), Some(l), Some(h)) => {
            let (l, h) = fmt_range(l, h);
            format!("{} ({l} to {h})", fmt(m))
        }
        (Some(m), _, _) => fmt(m),
        _ => "–".into(),
    }
}

/// The report of a sweep: one table of the headline metrics at every
/// point (mean with its 95% interval) and the charts.
pub fn sweep_report_html(tables: &SweepTables, charts: &[Artifact]) -> Result<String, PlotError> {
    let run = SweepRun::parse(tables)?;
    let sweep = &run.sweep;
    let name = run
        .info
        .scenarios
        .first()
        .cloned()
        .unwrap_or_else(|| "the scenario".into());
    let mut h = String::with_capacity(16 * 1024);
    head(
        &mut h,
        &format!("Downtime sweep: {name}"),
        "Downtime sweep",
        &format!("How “{name}” changes with {}", sweep.keys.join(" and ")),
        &meta(run.info.replications, run.info.seed, "point"),
    );
    let metrics_shown: Vec<String> = metrics::headline(&sweep.metrics())
        .into_iter()
        .take(4)
        .collect();
    h.push_str(
        "<section>\n<h2>Results at each point</h2>\n<p class=\"note\">Attack minus \
                counterfactual, mean over replications with its 95% confidence interval. Every \
                point uses the same random numbers, so differences between points are paired.</p>\n\
                <table>\n<thead><tr><th>Point</th>",
    );
    for k in &sweep.keys {
        let _ = write!(h, "<th>{}</th>", esc(k));
    }
    for m in &metrics_shown {
        let _ = write!(h, "<th>{} ({})</th>", esc(&label(m)), esc(metrics::unit(m)));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    let mut points: Vec<&str> = Vec::new();
    for (p, _, _) in &sweep.settings {
        if !points.contains(&p.as_str()) {
            points.push(p);
        }
    }
    for p in points {
        let _ = write!(h, "<tr><td>{}</td>", esc(p));
        for k in &sweep.keys {
            let _ = write!(h, "<td>{}</td>", esc(sweep.value(p, k).unwrap_or("–")));
        }
        for m in &metrics_shown {
            let r = sweep.rows.iter().find(|r| r.point == p && &r.metric == m);
            let _ = write!(
                h,
                "<td>{}</td>",
                r.map_or_else(|| "–".into(), |r| cell(r.mean, r.low, r.high))
            );
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
    figures(&mut h, charts)?;
    end(&mut h, "sweep.csv, sweep_points.csv and sweep.json");
    Ok(h)
}

fn est(e: &Estimate) -> String {
    cell(e.mean, e.low, e.high)
}

/// The report of a sensitivity analysis: the ranking of parameters by
/// swing (low and high value, the headline metric at each) and the
/// tornado chart(s).
pub fn sensitivity_report_html(
    tables: &SensitivityTables,
    charts: &[Artifact],
) -> Result<String, PlotError> {
    let run = SensitivityRun::parse(tables)?;
    let name = run
        .info
        .scenarios
        .first()
        .cloned()
        .unwrap_or_else(|| "the scenario".into());
    let metric = run.metrics().first().cloned().unwrap_or_default();
    let mut h = String::with_capacity(16 * 1024);
    head(
        &mut h,
        &format!("Downtime sensitivity: {name}"),
        "Downtime sensitivity analysis",
        &format!(
            "Which parameters move the estimate of {} most in “{name}”",
            label(&metric).to_lowercase()
        ),
        &meta(run.info.replications, run.info.seed, "variation"),
    );
    let central = run.rows.iter().find_map(|r| r.central_mean);
    let _ = write!(
        h,
        "<section>\n<h2>Parameters ranked by their effect</h2>\n<p>Each parameter was set to \
         the low and then the high end of its uncertainty range, the others held at their \
         central values{}. The swing is the distance between the two results.</p>\n<table>\n\
         <thead><tr><th>Rank</th><th>Parameter</th><th>Kind</th><th>Central value</th><th>Low value: result (95% interval)</th>\
         <th>High value: result (95% interval)</th><th>Swing</th></tr></thead>\n<tbody>\n",
        central.map_or_else(String::new, |c| format!(
            " (central estimate {})",
            metrics::with_unit(&fmt(c), &metric)
        ))
    );
    for (i, r) in run.rows.iter().enumerate() {
        let unit = if r.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", r.unit)
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}{}</td><td>{}{}: {}</td><td>{}{}: {}</td><td>{}</td></tr>",
            r.rank.map_or_else(|| (i + 1).to_string(), fmt),
            esc(&r.parameter),
            esc(&r.kind),
            esc(&r.central_value),
            esc(&unit),
            esc(&r.low_value),
            esc(&unit),
            est(&r.low),
            esc(&r.high_value),
            esc(&unit),
            est(&r.high),
            r.swing.map_or_else(|| "–".into(), fmt)
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
    figures(&mut h, charts)?;
    end(&mut h, "sensitivity.csv and sensitivity.json");
    Ok(h)
}
