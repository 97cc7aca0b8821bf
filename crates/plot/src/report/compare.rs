//! The comparison report: which option would have averted most harm, at
//! what cost, in plain English for a board; then the rankings, why the
//! paired intervals are narrower, the charts and the method notes.

use std::fmt::Write as _;

use super::{CSS, esc, inline_svg};
use crate::experiment::cost_effectiveness::THRESHOLDS_GBP;
use crate::experiment::money;
use crate::experiment::tables::{CompareRow, CostEffectRow, Estimate};
use crate::experiment::{Compare, CompareTables, FORESTS};
use crate::metrics::{fmt, fmt_range, label};
use crate::tables::plural;
use crate::{Artifact, PlotError};

/// The threshold the board's sentence and ranking use (£ per QALY).
const BOARD_THRESHOLD_GBP: f64 = 30_000.0;

/// "(95% interval A to B)" of `e` multiplied by `sign` (−1 flips a
/// quantity averted into one added), or "" when it has no interval.
fn interval(e: &Estimate, sign: f64) -> String {
    match (e.low, e.high) {
        (Some(l), Some(h)) => {
            let (a, b) = if sign < 0.0 { (-h, -l) } else { (l, h) };
            let (a, b) = fmt_range(a, b);
            format!(" (95% interval {a} to {b})")
        }
        _ => String::new(),
    }
}

/// "12.0 QALYs (95% interval 8.3 to 15.6)", the value's size (sign
/// removed) with its interval flipped to match.
fn amount(e: &Estimate, mean: f64, unit: &str) -> String {
    let sign = if mean < 0.0 { -1.0 } else { 1.0 };
    format!("{} {unit}{}", fmt(mean.abs()), interval(e, sign))
}

/// The QALYs gained and deaths averted per incident of one alternative:
/// from `cost_effectiveness.csv`, or else from `compare.csv`.
fn health(c: &Compare, alt: &str, ce: Option<&CostEffectRow>) -> (Estimate, Estimate) {
    let from_compare = |m: &str| c.row(alt, m).map(|r| r.averted).unwrap_or_default();
    let pick = |e: Option<Estimate>, m: &str| match e {
        Some(e) if e.mean.is_some() => e,
        _ => from_compare(m),
    };
    (
        pick(ce.map(|r| r.qalys_gained), "qalys_lost"),
        pick(ce.map(|r| r.deaths_averted), "excess_deaths"),
    )
}

/// The plain-English lead sentence about one alternative.
pub(crate) fn lead_sentence(c: &Compare, alt: &str) -> String {
    let ce = c.ce.iter().find(|r| r.alternative == alt);
    let (q, d) = health(c, alt, ce);
    let mut s = match q.mean {
        Some(m) if m < 0.0 => format!(
            "{alt} would have added an estimated {}",
            amount(&q, m, "QALYs lost")
        ),
        Some(m) => format!(
            "{alt} would have averted an estimated {}",
            amount(&q, m, "QALYs")
        ),
        None => format!("For {alt}, the QALYs averted are not available"),
    };
    let q_added = q.mean.is_some_and(|m| m < 0.0);
    if let Some(dm) = d.mean {
        let deaths = amount(&d, dm, if dm.abs() == 1.0 { "death" } else { "deaths" });
        let _ = match (dm < 0.0, q_added, q.mean.is_some()) {
            (false, false, true) | (true, true, _) => write!(s, " and {deaths}"),
            (true, false, true) => write!(s, " but would have added {deaths}"),
            (false, true, _) => write!(s, " but would have averted {deaths}"),
            (true, _, false) => write!(s, "; it would have added {deaths}"),
            (false, _, false) => write!(s, "; it would have averted {deaths}"),
        };
    }
    s.push_str(" per incident");
    s.push_str(&cost_clause(ce, q.mean));
    s.push_str("; ");
    s.push_str(&net_benefit_clause(ce));
    s.push('.');
    s
}

/// ", at £45,000 per QALY gained" and the dominance cases.
fn cost_clause(ce: Option<&CostEffectRow>, qalys: Option<f64>) -> String {
    let Some(ce) = ce else {
        return " (its costs are not available)".into();
    };
    match (ce.icer_note.as_str(), ce.icer_gbp_per_qaly, qalys) {
        ("dominant", _, _) => {
            " and would save money overall: it costs less than the incident costs it averts, so it dominates doing nothing".into()
        }
        ("dominated", _, _) => {
            ", yet it costs more: it is dominated (more cost and no health gained)".into()
        }
        (_, Some(icer), Some(q)) if q < 0.0 => format!(
            ", saving {} for each QALY given up",
            money::text(icer.abs())
        ),
        (_, Some(icer), _) => format!(" at {} per QALY gained", money::text(icer)),
        _ => " (its cost per QALY gained is not available)".into(),
    }
}

/// "at £30,000 per QALY its net monetary benefit is … and it is
/// cost-effective in 38% of replications".
fn net_benefit_clause(ce: Option<&CostEffectRow>) -> String {
    let at = money::text(BOARD_THRESHOLD_GBP);
    let Some(nb) = ce.and_then(|r| r.at(BOARD_THRESHOLD_GBP)) else {
        return format!("its net monetary benefit at {at} per QALY is not available");
    };
    let Some(mean) = nb.nmb_gbp.mean else {
        return format!("its net monetary benefit at {at} per QALY is not available");
    };
    let mut s = format!(
        "at {at} per QALY its net monetary benefit is {}",
        money::with_interval(mean, nb.nmb_gbp.low, nb.nmb_gbp.high)
    );
    if let Some(p) = nb.prob_cost_effective {
        let _ = write!(
            s,
            " and it is cost-effective in {}% of replications",
            (p * 100.0).round()
        );
    }
    s
}

/// "12.0 (8.3 to 15.6)", or "–".
fn cell(e: &Estimate) -> String {
    match (e.mean, e.low, e.high) {
        (Some(m), Some(l), Some(h)) => {
            let (l, h) = fmt_range(l, h);
            format!("{} ({l} to {h})", fmt(m))
        }
        (Some(m), _, _) => fmt(m),
        _ => "–".into(),
    }
}

fn money_cell(e: &Estimate) -> String {
    e.mean
        .map_or_else(|| "–".into(), |m| money::with_interval(m, e.low, e.high))
}

fn pounds(v: Option<f64>) -> String {
    v.map_or_else(|| "–".into(), money::text)
}

/// The costs an option averts, weighted by the incident probability:
/// control cost − incremental cost, or probability × costs averted.
fn expected_costs_averted(r: &CostEffectRow) -> Option<f64> {
    match (r.control_cost_gbp, r.incremental_cost_gbp_mean) {
        (Some(c), Some(i)) => Some(c - i),
        _ => Some(r.incident_probability? * r.costs_averted_gbp_mean?),
    }
}

/// Sorted indices of `alts`, largest `key` first, unavailable last.
fn ranked(alts: &[String], key: impl Fn(&str) -> Option<f64>) -> Vec<(String, Option<f64>)> {
    let mut v: Vec<(String, Option<f64>)> = alts.iter().map(|a| (a.clone(), key(a))).collect();
    v.sort_by(|a, b| match (a.1, b.1) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    v
}

/// Half-widths of the paired and unpaired intervals of a row.
fn half_widths(r: &CompareRow) -> (Option<f64>, Option<f64>) {
    let half = |l: Option<f64>, h: Option<f64>| Some((h? - l?) / 2.0);
    (
        r.paired_half_width
            .or_else(|| half(r.averted.low, r.averted.high)),
        r.unpaired_half_width
            .or_else(|| half(r.unpaired_low, r.unpaired_high)),
    )
}

fn caption(path: &str) -> String {
    let stem = path
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".svg");
    if let Some(f) = FORESTS.iter().find(|f| f.1 == stem) {
        format!(
            "{}: mean per incident (dot), with the paired 95% interval (whiskers: same patients and attack draws as the base) and the unpaired interval independent runs would give (pale bar).",
            label(f.0)
        )
    } else if stem.starts_with("forest_") {
        "Harm averted by each option: mean with its paired (whiskers) and unpaired (pale bar) 95% intervals.".into()
    } else if stem == "ce_plane" {
        "Cost-effectiveness plane: QALYs gained per incident against the incremental cost, one dot per replication; below a dashed line the option is cost-effective at that price per QALY.".into()
    } else if stem == "ceac" {
        "Cost-effectiveness acceptability curve: the share of replications in which each option has a positive net monetary benefit, by the price of a QALY.".into()
    } else {
        stem.replace('_', " ")
    }
}

/// Writes the comparison report as one self-contained HTML file (inline
/// CSS and SVG, no scripts): a plain-English sentence per alternative,
/// rankings by QALYs averted and by net monetary benefit at £30,000 per
/// QALY, paired against unpaired interval widths, the `.svg` charts in
/// `charts` (in the order given), and method notes.
pub fn compare_report_html(
    tables: &CompareTables,
    charts: &[Artifact],
) -> Result<String, PlotError> {
    let c = Compare::parse(tables)?;
    let alts = c.alternatives();
    let mut h = String::with_capacity(32 * 1024);
    let base = esc(&c.base);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Downtime comparison: {base}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
    );
    let mut meta =
        vec![plural(alts.len() as u64, "option") + &format!(" compared with {}", c.base)];
    if let Some(n) = c.info.replications {
        meta.push(format!("{} each, paired", plural(n, "replication")));
    }
    if let Some(s) = c.info.seed {
        meta.push(format!("seed {s}"));
    }
    let _ = write!(
        h,
        "<header>\n<p class=\"kicker\">Downtime comparison · report for the board</p>\n\
         <h1>Which option would have reduced the harm of “{base}” most, and at what cost?</h1>\n\
         <p class=\"meta\">{}</p>\n</header>\n",
        esc(&meta.join(" · "))
    );

    // In brief.
    h.push_str("<section>\n<h2>In brief</h2>\n<div class=\"key\">\n<ul>\n");
    for a in &alts {
        let _ = writeln!(h, "<li>{}</li>", esc(&lead_sentence(&c, a)));
    }
    h.push_str(
        "</ul>\n</div>\n<p class=\"note\">Each option is compared with the base scenario on the \
         same simulated days. “95% interval” is the 95% confidence interval of the average \
         difference over replications.</p>\n</section>\n",
    );

    // Rankings.
    h.push_str(&rankings(&c, &alts));
    h.push_str(&pairing(&c, &alts));

    // Charts.
    let svgs: Vec<&Artifact> = charts.iter().filter(|a| a.path.ends_with(".svg")).collect();
    if !svgs.is_empty() {
        h.push_str("<section>\n<h2>Charts</h2>\n");
        for (i, a) in svgs.iter().enumerate() {
            let svg = std::str::from_utf8(&a.bytes).map_err(|_| PlotError::NotSvg {
                path: a.path.clone(),
            })?;
            let cap = caption(&a.path);
            let _ = write!(
                h,
                "<figure>\n{}\n<figcaption>Figure {}. {}</figcaption>\n</figure>\n",
                inline_svg(svg, &cap),
                i + 1,
                esc(&cap)
            );
        }
        h.push_str("</section>\n");
    }

    h.push_str(&method_notes(&c));
    h.push_str("<footer>\n<dl>\n");
    let mut row = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            let _ = writeln!(h, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(&v));
        }
    };
    row("Base", Some(c.base.clone()));
    row("Options", Some(alts.join(", ")));
    row("Replications", c.info.replications.map(|n| n.to_string()));
    row("Seed", c.info.seed.map(|s| s.to_string()));
    row("Downtime", c.info.downtime_version.clone());
    row(
        "Made from",
        Some(
            "compare.csv, cost_effectiveness.csv, ce_replications.csv, ceac.csv and compare.json"
                .into(),
        ),
    );
    h.push_str("</dl>\n</footer>\n</body>\n</html>\n");
    Ok(h)
}

fn rankings(c: &Compare, alts: &[String]) -> String {
    let mut h = String::new();
    let ce = |a: &str| c.ce.iter().find(|r| r.alternative == a);
    h.push_str(
        "<section>\n<h2>Ranking by health gained</h2>\n<table>\n<thead><tr><th>Rank</th>\
         <th>Option</th><th>QALYs averted per incident (95% interval)</th>\
         <th>Deaths averted per incident (95% interval)</th></tr></thead>\n<tbody>\n",
    );
    let by_qalys = ranked(alts, |a| health(c, a, ce(a)).0.mean);
    for (i, (a, _)) in by_qalys.iter().enumerate() {
        let (q, d) = health(c, a, ce(a));
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            i + 1,
            esc(a),
            cell(&q),
            cell(&d)
        );
    }
    h.push_str("</tbody>\n</table>\n");
    if c.ce.is_empty() {
        h.push_str("<p class=\"note\">No cost-effectiveness results were given (cost_effectiveness.csv is empty).</p>\n</section>\n");
        return h;
    }
    let at = money::text(BOARD_THRESHOLD_GBP);
    let _ = write!(
        h,
        "<h2>Ranking by net monetary benefit at {at} per QALY</h2>\n<table>\n<thead><tr>\
         <th>Rank</th><th>Option</th><th>Net monetary benefit (95% interval)</th>\
         <th>Cost-effective in</th><th>Cost of the option</th><th>Expected costs averted</th>\
         <th>Cost per QALY gained</th></tr></thead>\n<tbody>\n"
    );
    let nmb = |a: &str| ce(a)?.at(BOARD_THRESHOLD_GBP)?.nmb_gbp.mean;
    for (i, (a, _)) in ranked(alts, nmb).iter().enumerate() {
        let r = ce(a);
        let nb = r.and_then(|r| r.at(BOARD_THRESHOLD_GBP));
        let icer = match r {
            Some(r) if r.icer_note == "dominant" => "dominant (saves money)".to_string(),
            Some(r) if r.icer_note == "dominated" => "dominated".to_string(),
            Some(r) => r.icer_gbp_per_qaly.map_or_else(|| "–".into(), money::text),
            None => "–".into(),
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            i + 1,
            esc(a),
            nb.map_or_else(|| "–".into(), |n| money_cell(&n.nmb_gbp)),
            nb.and_then(|n| n.prob_cost_effective).map_or_else(
                || "–".into(),
                |p| format!("{}% of replications", (p * 100.0).round())
            ),
            pounds(r.and_then(|r| r.control_cost_gbp)),
            pounds(r.and_then(expected_costs_averted)),
            esc(&icer)
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
    h
}

fn pairing(c: &Compare, alts: &[String]) -> String {
    let mut h = String::from(
        "<section>\n<h2>Paired against unpaired intervals</h2>\n<p>Every option was simulated \
         with the same random numbers as the base: the same patients, the same attack draws \
         where the scenarios share them, and the same harm-parameter draws. Chance that affects \
         both runs alike cancels out of the difference, so the paired 95% interval is narrower \
         than the unpaired one that two independent sets of runs would give.</p>\n<table>\n\
         <thead><tr><th>Option</th><th>Measure</th><th>Paired ±</th><th>Unpaired ±</th>\
         <th>Narrower by</th></tr></thead>\n<tbody>\n",
    );
    let mut any = false;
    for a in alts {
        for (m, _, _, _) in FORESTS {
            let Some(r) = c.row(a, m) else { continue };
            let (p, u) = half_widths(r);
            let narrower = match (p, u) {
                (Some(p), Some(u)) if u > 0.0 => format!("{}%", ((1.0 - p / u) * 100.0).round()),
                _ => "–".into(),
            };
            let show = |v: Option<f64>| v.map_or_else(|| "–".into(), fmt);
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{narrower}</td></tr>",
                esc(a),
                esc(&label(m)),
                show(p),
                show(u)
            );
            any = true;
        }
    }
    if !any {
        return String::new();
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
    h
}

fn method_notes(c: &Compare) -> String {
    let mut h = String::from("<section>\n<h2>Method notes</h2>\n<ul class=\"plain\">\n");
    let mut probs: Vec<f64> = c.ce.iter().filter_map(|r| r.incident_probability).collect();
    probs.sort_by(f64::total_cmp);
    probs.dedup();
    let prob = match probs.as_slice() {
        [] => "the incident probability given to the comparison".to_string(),
        [p] => format!("the probability that the incident happens, {}", fmt(*p)),
        _ => "the probability that the incident happens (see cost_effectiveness.csv)".to_string(),
    };
    let _ = writeln!(
        h,
        "<li>Health gained (QALYs, deaths) is per incident: base minus option, within each \
         replication. The incremental cost of an option is its cost less the costs it averts \
         per incident multiplied by {prob}.</li>"
    );
    h.push_str(
        "<li>Costs averted are the incident's costs to the NHS that the model counts (IT \
         recovery, IT specialist support and planned care lost to cancellations; see \
         <code>docs/outputs.md</code>). The value of the health lost is not a cost: it is the \
         other side of the comparison.</li>\n",
    );
    let ts: Vec<String> = THRESHOLDS_GBP.iter().map(|t| money::text(*t)).collect();
    let _ = writeln!(
        h,
        "<li>Net monetary benefit = price of a QALY × QALYs gained − incremental cost, at \
         {}, {} (NICE's range) and {} per QALY (HM Treasury Green Book). An option is \
         cost-effective in a replication when its net monetary benefit there is positive.</li>",
        ts[0], ts[1], ts[2]
    );
    h.push_str(
        "<li>The cost per QALY gained (ICER) is the mean incremental cost over the mean QALYs \
         gained. An option that gains health and saves money dominates; one that costs more and \
         gains none is dominated, and has no meaningful ICER.</li>\n</ul>\n</section>\n",
    );
    h
}
