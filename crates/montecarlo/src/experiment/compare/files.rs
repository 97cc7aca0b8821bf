//! The compare folder: `compare.csv`, `cost_effectiveness.csv`,
//! `ce_replications.csv`, `ceac.csv`, `compare.json` and the resolved
//! scenarios. Columns are documented in `docs/outputs.md` and read by
//! downtime-plot; changing one here means changing both.

use std::path::PathBuf;

use downtime_core::scenario::{self, Loaded};
use serde::Serialize;

use super::{AlternativeResult, CompareRun, Interval};
use crate::experiment::precision::PrecisionRecord;
use crate::output::{
    Extras, HarmParameterMode, OutputError, RunFolder, maybe, number, scenario_hash,
};

/// The files of a compare folder besides `scenarios/<name>.toml`, in the
/// order they are written.
pub const COMPARE_FILES: [&str; 5] = [
    "compare.csv",
    "cost_effectiveness.csv",
    "ce_replications.csv",
    "ceac.csv",
    "compare.json",
];

/// One scenario of a comparison.
#[derive(Debug, Clone)]
pub struct CompareScenario<'a> {
    /// Its name in the output (unique; see [`super::labels`]).
    pub label: String,
    /// The scenario as loaded.
    pub loaded: &'a Loaded,
}

/// What `compare.json` records besides the results.
#[derive(Debug, Clone)]
pub struct CompareMeta<'a> {
    /// Downtime's version.
    pub version: &'a str,
    /// Build commit, when known.
    pub git_commit: Option<&'a str>,
    /// Master seed.
    pub seed: u64,
    /// When the comparison started.
    pub started: jiff::Timestamp,
    /// `P`, the chance of the incident in the year the controls are paid for.
    pub incident_probability: f64,
    /// Whether harm parameters were drawn or central.
    pub harm_parameters: HarmParameterMode,
    /// The base first, then the alternatives.
    pub scenarios: Vec<CompareScenario<'a>>,
}

fn interval_cells(i: Option<Interval>) -> [String; 2] {
    [maybe(i.map(|i| i.low)), maybe(i.map(|i| i.high))]
}

/// A CSV table of a comparison: `header`, then, alternative by
/// alternative in `results` order, the rows `rows` gives for that
/// alternative (its label and result; none to leave it out).
fn per_alternative_csv<'r, H, Rows, Row, Cell>(
    header: H,
    meta: &'r CompareMeta<'_>,
    results: &'r [AlternativeResult],
    mut rows: impl FnMut(&'r str, &'r AlternativeResult) -> Rows,
) -> Result<Vec<u8>, OutputError>
where
    H: IntoIterator,
    H::Item: AsRef<[u8]>,
    Rows: IntoIterator<Item = Row>,
    Row: IntoIterator<Item = Cell>,
    Cell: AsRef<[u8]>,
{
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header)?;
    for r in results {
        for row in rows(&meta.scenarios[r.scenario].label, r) {
            w.write_record(row)?;
        }
    }
    w.into_inner()
        .map_err(|e| OutputError::Csv(e.into_error().into()))
}

/// `compare.csv`: one row per alternative and metric.
pub fn compare_csv(
    meta: &CompareMeta<'_>,
    results: &[AlternativeResult],
) -> Result<Vec<u8>, OutputError> {
    let header = [
        "base",
        "alternative",
        "metric",
        "unit",
        "replications",
        "base_mean",
        "alternative_mean",
        "averted_mean",
        "averted_ci95_low",
        "averted_ci95_high",
        "unpaired_ci95_low",
        "unpaired_ci95_high",
        "paired_half_width",
        "unpaired_half_width",
    ];
    let base = &meta.scenarios[0].label;
    per_alternative_csv(header, meta, results, |alt, r| {
        r.metrics.iter().map(move |m| {
            let mut row = vec![
                base.clone(),
                alt.to_string(),
                m.metric.name().to_string(),
                m.metric.def().unit.to_string(),
                m.replications.to_string(),
                maybe(m.base_mean),
                maybe(m.alternative_mean),
                maybe(m.averted_mean),
            ];
            row.extend(interval_cells(m.paired));
            row.extend(interval_cells(m.unpaired));
            row.push(maybe(m.paired.map(|i| i.half_width())));
            row.push(maybe(m.unpaired.map(|i| i.half_width())));
            row
        })
    })
}

/// `cost_effectiveness.csv`: one row per alternative.
pub fn cost_effectiveness_csv(
    meta: &CompareMeta<'_>,
    results: &[AlternativeResult],
) -> Result<Vec<u8>, OutputError> {
    let mut header: Vec<String> = [
        "base",
        "alternative",
        "replications",
        "incident_probability",
        "control_cost_gbp",
        "qalys_gained_mean",
        "qalys_gained_ci95_low",
        "qalys_gained_ci95_high",
        "deaths_averted_mean",
        "deaths_averted_ci95_low",
        "deaths_averted_ci95_high",
        "costs_averted_gbp_mean",
        "incremental_cost_gbp_mean",
        "icer_gbp_per_qaly",
        "icer_note",
    ]
    .map(String::from)
    .to_vec();
    for lambda in super::NMB_THRESHOLDS_GBP_PER_QALY {
        let k = format!("{}k", lambda / 1000.0);
        header.push(format!("nmb_{k}_gbp_mean"));
        header.push(format!("nmb_{k}_ci95_low"));
        header.push(format!("nmb_{k}_ci95_high"));
        header.push(format!("prob_cost_effective_{k}"));
    }
    let columns = header.len();
    let base = &meta.scenarios[0].label;
    per_alternative_csv(&header, meta, results, |alt, r| {
        let mut row = vec![base.clone(), alt.to_string()];
        match &r.cost_effectiveness {
            Some(ce) => {
                let interval = |i: Interval| [number(i.mean), number(i.low), number(i.high)];
                row.push(ce.replications.to_string());
                row.push(number(ce.incident_probability));
                row.push(number(ce.control_cost_gbp));
                row.extend(interval(ce.qalys_gained));
                row.extend(interval(ce.deaths_averted));
                row.push(number(ce.costs_averted_gbp_mean));
                row.push(number(ce.incremental_cost_gbp_mean));
                row.push(maybe(ce.icer_gbp_per_qaly));
                row.push(ce.icer_note.name().to_string());
                for n in &ce.nmb {
                    row.extend(interval(n.nmb_gbp));
                    row.push(number(n.probability_cost_effective));
                }
            }
            // Fewer than two replications: nothing to estimate.
            None => {
                row.push(r.pairs.replication.len().to_string());
                row.push(number(meta.incident_probability));
                row.resize(columns, String::new());
            }
        }
        [row]
    })
}

/// `ce_replications.csv`: each replication's point on the
/// cost-effectiveness plane.
pub fn ce_replications_csv(
    meta: &CompareMeta<'_>,
    results: &[AlternativeResult],
) -> Result<Vec<u8>, OutputError> {
    let header = [
        "alternative",
        "replication",
        "qalys_gained",
        "deaths_averted",
        "incremental_cost_gbp",
    ];
    per_alternative_csv(header, meta, results, |alt, r| {
        let p = &r.pairs;
        r.cost_effectiveness.iter().flat_map(move |ce| {
            p.replication.iter().enumerate().map(move |(i, rep)| {
                [
                    alt.to_string(),
                    rep.to_string(),
                    number(p.qalys_gained[i]),
                    number(p.deaths_averted[i]),
                    number(ce.incremental_cost_gbp[i]),
                ]
            })
        })
    })
}

/// `ceac.csv`: the cost-effectiveness acceptability curve of each alternative.
pub fn ceac_csv(
    meta: &CompareMeta<'_>,
    results: &[AlternativeResult],
) -> Result<Vec<u8>, OutputError> {
    let header = [
        "alternative",
        "threshold_gbp_per_qaly",
        "probability_cost_effective",
    ];
    per_alternative_csv(header, meta, results, |alt, r| {
        r.cost_effectiveness.iter().flat_map(move |ce| {
            ce.ceac
                .iter()
                .map(move |(lambda, p)| [alt.to_string(), number(*lambda), number(*p)])
        })
    })
}

#[derive(Serialize)]
struct ScenarioEntry<'a> {
    name: &'a str,
    role: &'static str,
    description: &'a str,
    files: &'a [String],
    overrides: &'a [String],
    scenario_hash: String,
    annual_control_cost_gbp: f64,
    resolved_file: String,
}

#[derive(Serialize)]
struct CompareManifest<'a> {
    format_version: u32,
    downtime_version: &'a str,
    git_commit: Option<&'a str>,
    seed: u64,
    replications: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_precision: Option<&'a PrecisionRecord>,
    incident_probability: f64,
    harm_parameters: HarmParameterMode,
    threads: usize,
    started_utc: String,
    wall_time_s: f64,
    scenarios: Vec<ScenarioEntry<'a>>,
    files: Vec<String>,
}

/// Where a scenario's resolved TOML goes (labels are file-name safe).
fn resolved_file(label: &str) -> String {
    format!("scenarios/{label}.toml")
}

/// `compare.json`: what was compared, so a result can be traced and rerun.
pub fn compare_json(meta: &CompareMeta<'_>, run: &CompareRun) -> Result<Vec<u8>, OutputError> {
    let scenarios: Vec<ScenarioEntry<'_>> = meta
        .scenarios
        .iter()
        .enumerate()
        .map(|(i, s)| ScenarioEntry {
            name: &s.label,
            role: if i == 0 { "base" } else { "alternative" },
            description: &s.loaded.scenario.description,
            files: &s.loaded.files,
            overrides: &s.loaded.overrides,
            scenario_hash: scenario_hash(&s.loaded.scenario),
            annual_control_cost_gbp: s.loaded.scenario.controls.annual_cost_gbp(),
            resolved_file: resolved_file(&s.label),
        })
        .collect();
    let mut files: Vec<String> = COMPARE_FILES.iter().map(|f| f.to_string()).collect();
    files.extend(meta.scenarios.iter().map(|s| resolved_file(&s.label)));
    let manifest = CompareManifest {
        format_version: 1,
        downtime_version: meta.version,
        git_commit: meta.git_commit,
        seed: meta.seed,
        replications: run.replications(),
        target_precision: run.precision.as_ref(),
        incident_probability: meta.incident_probability,
        harm_parameters: meta.harm_parameters,
        threads: run.threads,
        started_utc: meta.started.to_string(),
        wall_time_s: run.wall_time_s,
        scenarios,
        files,
    };
    let mut json = serde_json::to_vec_pretty(&manifest)?;
    json.push(b'\n');
    Ok(json)
}

/// Writes the compare folder and commits it; returns its final path.
/// `extras`, if given, is shown the CSV and JSON files (in
/// [`COMPARE_FILES`] order) and returns more files (charts, a report) to
/// put in the folder before it appears.
pub fn write_compare(
    folder: RunFolder,
    meta: &CompareMeta<'_>,
    run: &CompareRun,
    results: &[AlternativeResult],
    extras: Option<&Extras<'_>>,
) -> Result<PathBuf, OutputError> {
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("compare.csv", compare_csv(meta, results)?),
        (
            "cost_effectiveness.csv",
            cost_effectiveness_csv(meta, results)?,
        ),
        ("ce_replications.csv", ce_replications_csv(meta, results)?),
        ("ceac.csv", ceac_csv(meta, results)?),
        ("compare.json", compare_json(meta, run)?),
    ];
    for (name, bytes) in &files {
        folder.write(name, bytes)?;
    }
    for s in &meta.scenarios {
        folder.write(
            &resolved_file(&s.label),
            scenario::to_toml(&s.loaded.scenario).as_bytes(),
        )?;
    }
    if let Some(extras) = extras {
        for (name, bytes) in extras(&files).map_err(OutputError::Extra)? {
            folder.write(&name, &bytes)?;
        }
    }
    folder.commit()
}
