//! The board-paper report: one self-contained HTML file (inline CSS and
//! inline SVG charts, no scripts, nothing fetched), laid out to print on A4.

mod compare;
mod experiment;
mod harm;

pub use compare::compare_report_html;
pub use experiment::{sensitivity_report_html, sweep_report_html};

use std::fmt::Write as _;

use serde_json::Value;

use crate::charts::long_date;
use crate::metrics::{self, Effect, fmt, headline, is_harm, label, sentence, unit};
use crate::tables::{Run, plural};
use crate::{Artifact, PlotError, RunTables};

/// Escapes text for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

fn parse_date(iso: &str) -> Option<i64> {
    let mut it = iso.get(..10)?.split('-');
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| days_from_civil(y, m, d))
}

fn iso(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// "Friday 12 May 2017".
fn weekday_date(iso_date: &str) -> String {
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    match parse_date(iso_date) {
        Some(z) => format!(
            "{} {}",
            DAYS[(z + 3).rem_euclid(7) as usize],
            long_date(&iso_date[..10])
        ),
        None => iso_date.to_string(),
    }
}

/// "2017-05-12T09:00:00" → "12 May 2017 09:00".
fn date_time(t: &str) -> String {
    match (t.get(..10), t.get(11..16)) {
        (Some(d), Some(hm)) if parse_date(d).is_some() => format!("{} {hm}", long_date(d)),
        _ => long_date(t),
    }
}

fn num(v: &Value) -> Option<f64> {
    v.as_f64().filter(|x| x.is_finite())
}

/// "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// What the scenario's organisations and incidents are, read defensively
/// from `scenario.resolved` (absent keys are skipped).
struct ScenarioFacts {
    organisations: Vec<(String, String)>,
    incidents: Vec<String>,
    incident_kinds: Vec<String>,
    arrivals_per_day: Option<f64>,
    cubicles: Option<f64>,
    capacity_factors: Vec<f64>,
    service_time_factors: Vec<f64>,
}

impl ScenarioFacts {
    fn read(resolved: &Value) -> Self {
        let trusts = resolved["trusts"].as_array().cloned().unwrap_or_default();
        let organisations: Vec<(String, String)> = trusts
            .iter()
            .filter_map(|t| {
                let id = t["id"].as_str()?.to_string();
                let name = t["name"].as_str().unwrap_or(&id).to_string();
                Some((id, name))
            })
            .collect();
        let name_of = |id: &str| {
            organisations
                .iter()
                .find(|(i, _)| i == id)
                .map_or_else(|| id.to_string(), |(_, n)| n.clone())
        };
        let eds: Vec<&Value> = trusts.iter().map(|t| &t["emergency_department"]).collect();
        let sum = |key: &str| -> Option<f64> {
            let v: Vec<f64> = eds.iter().filter_map(|e| num(&e[key])).collect();
            (!v.is_empty()).then(|| v.iter().sum())
        };
        // Each department's factors with every system it needs down: the
        // model multiplies the factors of the missing systems.
        let collect = |key: &str| -> Vec<f64> {
            let mut v: Vec<f64> = eds
                .iter()
                .filter_map(|e| {
                    let needs = e["needs"].as_object()?;
                    Some(needs.values().filter_map(|n| num(&n[key])).product())
                })
                .collect();
            v.sort_by(f64::total_cmp);
            v.dedup();
            v
        };
        let mut incidents = Vec::new();
        let mut incident_kinds = Vec::new();
        for inc in resolved["incidents"].as_array().into_iter().flatten() {
            let kind = inc["kind"].as_str().unwrap_or("incident");
            incident_kinds.push(kind.to_string());
            let what = match kind {
                "it_outage" => "an IT outage".to_string(),
                other => format!("an incident of kind “{}”", other.replace('_', " ")),
            };
            let mut text = what;
            if let Some(org) = inc["organisation"].as_str() {
                let _ = write!(text, " at {}", name_of(org));
            }
            if let Some(start) = inc["starts_at"].as_str() {
                let _ = write!(text, " from {}", date_time(start));
            }
            if let Some(h) = num(&inc["duration_hours"]) {
                let _ = write!(text, " for {} hours", fmt(h));
            }
            incidents.push(text);
        }
        Self {
            organisations,
            incidents,
            incident_kinds,
            arrivals_per_day: sum("arrivals_per_day"),
            cubicles: sum("cubicles"),
            capacity_factors: collect("capacity_factor"),
            service_time_factors: collect("service_time_factor"),
        }
    }
}

/// "90%" or "85% to 90%".
fn range_pct(v: &[f64], f: impl Fn(f64) -> f64) -> Option<String> {
    let first = f(*v.first()?);
    let last = f(*v.last()?);
    Some(if v.len() == 1 {
        format!("{}%", fmt(first))
    } else {
        format!("{}% to {}%", fmt(first), fmt(last))
    })
}

/// The caption of a chart, from its path.
fn caption(path: &str) -> String {
    let stem = path
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".svg");
    let split = |prefix: &str| stem.strip_prefix(prefix).map(label);
    if let Some(l) = split("harm_distribution_") {
        format!(
            "{l}: the incident's effect in each replication. Solid line: mean; dashed lines: the middle 95% of replications, which combines chance and uncertainty in the harm parameters."
        )
    } else if let Some(l) = split("harm_by_pathway_") {
        format!("{l} by kind of care: mean effect with its 95% confidence interval.")
    } else if stem == "hidden_harm" {
        "Extra harm events caused by the incident, and how many of them incident reporting would have recorded: means with their 95% confidence intervals.".to_string()
    } else if let Some(l) = split("backlog_") {
        format!(
            "{l} at the end of each day, with the incident (orange) and without it (blue), 90% of replications shaded. Black dashed line: the attack day; green dotted line: the mean day the backlog is back to normal."
        )
    } else if let Some(l) = split("daily_") {
        format!(
            "{l} per day, with the incident (orange) and without it (blue). Lines are the mean over replications; shading covers 90% of replications (5th to 95th percentile). The dashed line is the attack day."
        )
    } else if let Some(l) = split("distribution_") {
        format!(
            "{l}: the incident's effect (attack minus counterfactual) in each replication. Solid line: mean; dashed lines: 5th and 95th percentiles."
        )
    } else if let Some(l) = split("organisations_") {
        format!("Organisations most affected ({l}): mean effect with its 95% confidence interval.")
    } else if let Some(l) = split("comparison_") {
        format!("{l}: mean effect in each run, with its 95% confidence interval.")
    } else {
        stem.replace('_', " ")
    }
}

/// An SVG chart, ready to sit inside the HTML: no XML prolog, labelled for
/// screen readers.
fn inline_svg(svg: &str, alt: &str) -> String {
    let mut s = svg.trim();
    if s.starts_with("<?xml")
        && let Some(end) = s.find("?>")
    {
        s = s[end + 2..].trim_start();
    }
    if s.starts_with("<!DOCTYPE")
        && let Some(end) = s.find('>')
    {
        s = s[end + 1..].trim_start();
    }
    match s.strip_prefix("<svg") {
        Some(rest) => format!("<svg role=\"img\" aria-label=\"{}\"{rest}", esc(alt)),
        None => s.to_string(),
    }
}

const CSS: &str = r#"
:root { --ink: #1a1a1a; --muted: #555; --rule: #d9d9d9; --accent: #0072B2; --soft: #f2f7fb; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 820px; padding: 28px 24px 48px; color: var(--ink);
  font: 11pt/1.5 "Noto Sans", "Helvetica Neue", Arial, sans-serif; background: #fff; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 10px; margin-bottom: 18px; }
.kicker { margin: 0; font-size: 9pt; letter-spacing: .06em; text-transform: uppercase; color: var(--accent); font-weight: 600; }
h1 { font-size: 20pt; line-height: 1.2; margin: 4px 0 6px; }
.meta { margin: 0; color: var(--muted); font-size: 9.5pt; }
h2 { font-size: 13.5pt; margin: 22px 0 6px; color: var(--accent); break-after: avoid; page-break-after: avoid; }
p { margin: 6px 0; }
.key { background: var(--soft); border-left: 4px solid var(--accent); padding: 8px 14px 8px 12px; margin: 10px 0; }
.key ul { margin: 4px 0; padding-left: 20px; }
.key li { margin: 4px 0; }
.note { color: var(--muted); font-size: 9.5pt; }
figure { margin: 14px 0 18px; break-inside: avoid; page-break-inside: avoid; }
figure svg, figure img { display: block; width: 100%; max-width: 100%; height: auto; border: 1px solid var(--rule); }
figcaption { font-size: 9.5pt; color: var(--muted); margin-top: 4px; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 8px 0; }
tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
th, td { padding: 4px 6px; border-bottom: 1px solid var(--rule); text-align: right; vertical-align: top; }
th { border-bottom: 2px solid var(--ink); font-weight: 600; }
th:first-child, td:first-child { text-align: left; }
td code { font-size: 8.5pt; color: var(--muted); }
ul.plain { padding-left: 20px; }
ul.plain li { margin: 3px 0; }
.sources li { margin: 4px 0; }
footer { margin-top: 26px; border-top: 1px solid var(--rule); padding-top: 8px; font-size: 8.5pt; color: var(--muted); }
footer dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
footer dt { font-weight: 600; }
footer dd { margin: 0; overflow-wrap: anywhere; }
@page { size: A4; margin: 15mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h1 { font-size: 18pt; }
  section { break-inside: auto; }
  figure, .key { break-inside: avoid; page-break-inside: avoid; }
  figure svg { border: none; }
}
"#;

/// Writes the board-paper report of one run as a single self-contained
/// HTML file: when the run has the harm model, it leads with the estimated
/// harm to patients (excess deaths, QALYs and their value, cancelled
/// activity, delayed cancer referrals, days to recover, hidden harm; each
/// item only if its metric is in `summary.csv`); then the question, the
/// scenario in one paragraph, every `.svg` chart in `charts` inline (in the
/// order given; PNGs are skipped), the ED headline figures with their 95%
/// intervals, how the attack spread, a methods box (replications, seed,
/// what the intervals combine, a link to `parameters.csv` when
/// [`RunTables::parameters_csv`] is not empty), a table of all figures, the
/// main assumptions, what the model does not yet include, and sources. No
/// scripts, no external style sheets, fonts or images: it opens offline
/// and prints on A4.
pub fn report_html(tables: &RunTables, charts: &[Artifact]) -> Result<String, PlotError> {
    let run = Run::parse(tables)?;
    let info = &run.info;
    let facts = ScenarioFacts::read(&info.resolved);
    let metrics_all = run.summary.metrics();
    let has_harm = metrics_all.iter().any(|m| is_harm(m));
    let has_scheduled_care = metrics_all
        .iter()
        .any(|m| m.ends_with("_backlog") || m.ends_with("_cancelled"));
    let mut h = String::with_capacity(64 * 1024);
    let name = esc(&info.name);

    // Head.
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Downtime report: {name}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
    );

    // Header.
    let mut meta = Vec::new();
    if let Some(t) = &info.started_utc {
        meta.push(format!("Run of {} UTC", date_time(t)));
    }
    if let Some(n) = info.replications {
        meta.push(plural(n, "replication"));
    }
    if let Some(s) = info.seed {
        meta.push(format!("seed {s}"));
    }
    if let Some(v) = &info.downtime_version {
        meta.push(format!("Downtime {}", esc(v)));
    }
    let _ = write!(
        h,
        "<header>\n<p class=\"kicker\">Downtime simulation · report for the board</p>\n\
         <h1>What the “{name}” scenario would do to {}</h1>\n\
         <p class=\"meta\">{}</p>\n</header>\n",
        if harm::has_harm_estimate(&run) {
            "patients"
        } else {
            "emergency care"
        },
        esc(&meta.join(" · "))
    );
    // The board reads the harm first.
    h.push_str(&harm::harm_section(&run));

    // The question.
    let harm_q = if has_harm {
        ", and how much harm would patients come to"
    } else {
        ""
    };
    let _ = write!(
        h,
        "<section>\n<h2>The question</h2>\n<p>If the incident described below happened, how much \
         longer would patients wait in the emergency department, and how many more would stay \
         there for more than 4 or 12 hours{harm_q}, compared with the same days without it?</p>\n</section>\n"
    );

    // The scenario.
    let mut para = format!("The scenario <strong>{name}</strong>");
    match &info.description {
        Some(d) => {
            let d = d.trim_end_matches('.');
            let _ = write!(para, ": {}.", esc(d));
        }
        None => para.push('.'),
    }
    if !facts.organisations.is_empty() {
        let names: Vec<String> = facts.organisations.iter().map(|(_, n)| n.clone()).collect();
        let listed = if names.len() > 6 {
            format!("{}, and {} more", names[..6].join(", "), names.len() - 6)
        } else {
            and_list(&names)
        };
        let _ = write!(
            para,
            " It covers {} ({}).",
            plural(names.len() as u64, "organisation"),
            esc(&listed)
        );
    }
    if !facts.incidents.is_empty() {
        let listed = if facts.incidents.len() > 4 {
            format!(
                "{}, and {} more",
                facts.incidents[..4].join("; "),
                facts.incidents.len() - 4
            )
        } else {
            and_list(&facts.incidents)
        };
        let _ = write!(para, " The incident: {}.", esc(&listed));
    }
    if let Some(attack) = info.calendar_str("attack_date") {
        let _ = write!(para, " The attack day is {}.", esc(&weekday_date(attack)));
        let before = info.calendar_u64("days_before_attack");
        let follow = info.calendar_u64("follow_up_days");
        if let (Some(b), Some(f), Some(z)) = (before, follow, parse_date(attack)) {
            let first = iso(z - b as i64);
            let last = iso(z + f as i64 - 1);
            let _ = write!(
                para,
                " The figures cover {} from {} to {}: {} before the attack day, the attack day itself and {} after it.",
                plural(b + f, "day"),
                esc(&long_date(&first)),
                esc(&long_date(&last)),
                plural(b, "day"),
                plural(f.saturating_sub(1), "day"),
            );
        }
        if let Some(w) = info.calendar_u64("warm_up_days") {
            let _ = write!(
                para,
                " A warm-up of {} before that is simulated but not counted.",
                plural(w, "day")
            );
        }
    }
    let reps = info
        .replications
        .map_or_else(|| "a number of".to_string(), |n| n.to_string());
    let seed = info
        .seed
        .map_or_else(String::new, |s| format!(" with random seed {s}"));
    let _ = write!(
        para,
        " The model was run {reps} times (replications){seed}. Each replication simulates the \
         same patients twice, once with the incident and once without, so the difference between \
         the two is the incident's effect."
    );
    if !info.overrides.is_empty() {
        let _ = write!(
            para,
            " Settings changed for this run: {}.",
            esc(&info.overrides.join(", "))
        );
    }
    let _ = write!(
        h,
        "<section>\n<h2>The scenario</h2>\n<p>{para}</p>\n</section>\n"
    );

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

    // Headline figures.
    let days = match (
        info.calendar_u64("days_before_attack"),
        info.calendar_u64("follow_up_days"),
    ) {
        (Some(b), Some(f)) => format!("Over the {} reported", plural(b + f, "day")),
        _ => "Over the reported days".to_string(),
    };
    let _ = write!(
        h,
        "<section>\n<h2>Headline figures</h2>\n<div class=\"key\">\n<p>{days}, compared with \
         the same days without the incident:</p>\n<ul>\n"
    );
    for m in headline(&metrics_all) {
        let Some(st) = run.summary.get(&m, "difference") else {
            continue;
        };
        let Some(mean) = st.mean else {
            continue;
        };
        let e = Effect {
            mean,
            low: st.ci95_low,
            high: st.ci95_high,
            attack_mean: run.summary.get(&m, "attack").and_then(|a| a.mean),
        };
        let _ = writeln!(h, "<li>{}</li>", esc(&sentence(&m, &e)));
    }
    let _ = write!(
        h,
        "</ul>\n</div>\n<p class=\"note\">A “95% interval” is the 95% confidence interval of the \
         average over replications: it shows how precisely the simulation pins down the average \
         effect. Single replications (single versions of how the days could go) vary more; the \
         distribution charts show by how much.</p>\n</section>\n"
    );

    h.push_str(&harm::attack_section(&run));
    h.push_str(&harm::methods_section(
        &run,
        !tables.parameters_csv.trim().is_empty(),
    ));

    // All figures.
    h.push_str(
        "<section>\n<h2>All figures</h2>\n<p class=\"note\">Means over replications; the \
         difference is computed within each replication, with its 95% confidence interval.</p>\n\
         <table>\n<thead><tr><th>Measure</th><th>Unit</th><th>With the incident</th>\
         <th>Without</th><th>Difference (95% interval)</th></tr></thead>\n<tbody>\n",
    );
    for m in &metrics_all {
        let mean = |arm| {
            run.summary
                .get(m, arm)
                .and_then(|s| s.mean)
                .map_or_else(|| "–".to_string(), fmt)
        };
        let diff = match run.summary.get(m, "difference") {
            Some(st) => match (st.mean, st.ci95_low, st.ci95_high) {
                (Some(v), Some(a), Some(b)) => {
                    let (a, b) = metrics::fmt_range(a, b);
                    format!("{} ({a} to {b})", fmt(v))
                }
                (Some(v), _, _) => fmt(v),
                _ => "–".into(),
            },
            None => "–".into(),
        };
        let _ = writeln!(
            h,
            "<tr><td>{}<br><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&label(m)),
            esc(m),
            esc(unit(m)),
            mean("attack"),
            mean("counterfactual"),
            diff
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");

    // Assumptions.
    h.push_str("<section>\n<h2>Main assumptions</h2>\n<ul class=\"plain\">\n");
    let arrivals = facts.arrivals_per_day.map_or_else(String::new, |a| {
        format!(" on average {} a day in total", fmt(a))
    });
    let _ = writeln!(
        h,
        "<li>Patients arrive at random (a Poisson process){arrivals}, busier at some hours and on \
         some weekdays. The same patients arrive with and without the incident; the incident does \
         not change who comes.</li>"
    );
    let cubicles = facts
        .cubicles
        .map_or_else(String::new, |c| format!(" ({} cubicles in all)", fmt(c)));
    let _ = writeln!(
        h,
        "<li>Each emergency department is one pool of cubicles{cubicles}. Patients are seen first \
         come, first served, with no triage priority, and each treatment time is drawn at random.</li>"
    );
    if let (Some(cf), Some(sf)) = (
        range_pct(&facts.capacity_factors, |f| f * 100.0),
        range_pct(&facts.service_time_factors, |f| (f - 1.0) * 100.0),
    ) {
        let _ = writeln!(
            h,
            "<li>While an IT system it needs is down, a department works on paper (downtime \
             procedures). With every system it needs down it can use {cf} of its cubicles and each \
             treatment takes {sf} longer. These factors are informed by a 96-hour electronic health \
             record breakdown at three Swedish emergency departments, where the median stay rose \
             by 8% to 35% (Front Public Health 2019;7:267).</li>"
        );
    }
    h.push_str(
        "<li>Paper working starts the moment the IT goes down and stops the moment it returns: \
         there is no delay in noticing, no recovery period and no backlog of records to re-enter.</li>\n\
         <li>Patients never leave without being seen and are not diverted elsewhere; organisations \
         do not share patients, staff or systems.</li>\n</ul>\n</section>\n",
    );

    // What is not included.
    h.push_str("<section>\n<h2>What this does not yet include</h2>\n<ul class=\"plain\">\n");
    if !has_harm {
        h.push_str(
            "<li><strong>Harm to patients is not modelled yet.</strong> The figures are delays \
             and long stays. They are not deaths, injuries or quality-adjusted life years lost, \
             and should not be read as such.</li>\n",
        );
    }
    if facts.incident_kinds.iter().all(|k| k == "it_outage") {
        h.push_str(
            "<li><strong>The cyberattack itself is not modelled yet.</strong> The incident is a \
             fixed IT outage written into the scenario. How an attack spreads between \
             organisations, which systems it takes down, and how long detection and recovery \
             take are not simulated.</li>\n",
        );
    }
    if !has_scheduled_care {
        h.push_str(
            "<li>This scenario has no planned care: outpatient appointments, elective \
             operations and GP referrals, and any backlog of cancelled care after the outage, \
             are not counted.</li>\n",
        );
    }
    h.push_str(
        "<li>Patients still in the department when the simulation ends have no final wait yet and \
         are left out of the averages.</li>\n</ul>\n</section>\n",
    );

    // Sources.
    h.push_str(
        "<section>\n<h2>Sources</h2>\n<ul class=\"sources\">\n\
         <li>Emergency activity: Ghafur S, Kristensen S, Honeyford K, Martin G, Darzi A, Aylin P. \
         A retrospective impact analysis of the WannaCry cyberattack on the NHS. <em>npj Digital \
         Medicine</em> 2019;2:98. doi:10.1038/s41746-019-0161-6</li>\n\
         <li>Service times on downtime procedures: Wretborn J, et al. Emergency \
         department workload and crowding during a major electronic health record breakdown. \
         <em>Frontiers in Public Health</em> 2019;7:267. doi:10.3389/fpubh.2019.00267</li>\n\
         <li>The model, its assumptions and the meaning of every figure: <code>docs/MODEL.md</code> \
         and <code>docs/outputs.md</code> in the Downtime repository.</li>\n</ul>\n</section>\n",
    );

    // Technical details.
    h.push_str("<footer>\n<dl>\n");
    let mut row = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            let _ = writeln!(h, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(&v));
        }
    };
    row("Scenario", Some(info.name.clone()));
    row("Replications", info.replications.map(|n| n.to_string()));
    row("Seed", info.seed.map(|s| s.to_string()));
    row(
        "Downtime",
        info.downtime_version
            .as_ref()
            .map(|v| match &info.git_commit {
                Some(c) => format!("{v} (commit {c})"),
                None => v.clone(),
            }),
    );
    row("Run started", info.started_utc.clone());
    row("Scenario SHA-256", info.sha256.clone());
    row(
        "Made from",
        Some("summary.csv, daily.csv, organisations.csv, replications.csv and run.json in the run folder".into()),
    );
    h.push_str("</dl>\n</footer>\n</body>\n</html>\n");
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(weekday_date("2017-05-12"), "Friday 12 May 2017");
        assert_eq!(weekday_date("1970-01-01"), "Thursday 1 January 1970");
        assert_eq!(weekday_date("2024-02-29"), "Thursday 29 February 2024");
        let z = parse_date("2017-05-12").unwrap();
        assert_eq!(iso(z - 7), "2017-05-05");
        assert_eq!(iso(z + 20), "2017-06-01");
        assert_eq!(date_time("2017-05-12T09:00:00"), "12 May 2017 09:00");
    }

    #[test]
    fn escaping_and_svg() {
        assert_eq!(esc("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        let s = inline_svg("<?xml version=\"1.0\"?>\n<svg width=\"1\"></svg>", "A & B");
        assert_eq!(
            s,
            "<svg role=\"img\" aria-label=\"A &amp; B\" width=\"1\"></svg>"
        );
    }

    #[test]
    fn captions() {
        assert!(
            caption("charts/daily_ed_wait_min_mean.svg")
                .starts_with("Mean wait for an ED cubicle per day")
        );
        assert_eq!(caption("charts/other_thing.svg"), "other thing");
    }
}
