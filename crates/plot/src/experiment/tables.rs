//! Reading the experiment files `downtime compare`, `sweep` and
//! `sensitivity` write (see `docs/outputs.md`, "Experiment charts and
//! reports").
//!
//! As for a run folder, columns are found by their header name (extra
//! columns are ignored), an empty cell is "not available" (`None`), and
//! every error names the file, and the line and column where there is one.

use serde_json::Value;

use crate::PlotError;
use crate::tables::Table;

/// A mean with its 95% interval; any part may be unavailable.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Estimate {
    pub mean: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// The columns of a mean and its 95% interval: `(mean, low, high)`.
type Triple = (usize, Option<usize>, Option<usize>);

/// A table that must have rows: an empty file is an error.
fn required(file: &'static str, text: &str) -> Result<Table, PlotError> {
    let t = Table::parse(file, text)?;
    if t.is_empty() {
        return Err(PlotError::Table {
            file,
            message: "the file is empty".into(),
        });
    }
    Ok(t)
}

/// Number in column `c` of record `i`, non-finite values as unavailable.
fn num(t: &Table, i: usize, c: usize) -> Result<Option<f64>, PlotError> {
    Ok(t.number(i, c)?.filter(|v| v.is_finite()))
}

fn num_opt(t: &Table, i: usize, c: Option<usize>) -> Result<Option<f64>, PlotError> {
    match c {
        Some(c) => num(t, i, c),
        None => Ok(None),
    }
}

/// Columns `<prefix>mean`-style triples: `(mean, low, high)` names.
fn estimate(t: &Table, i: usize, cols: Triple) -> Result<Estimate, PlotError> {
    Ok(Estimate {
        mean: num(t, i, cols.0)?,
        low: num_opt(t, i, cols.1)?,
        high: num_opt(t, i, cols.2)?,
    })
}

/// A row of `compare.csv`: one alternative against the base, one metric.
#[derive(Debug, Clone)]
pub(crate) struct CompareRow {
    pub alternative: String,
    pub metric: String,
    pub unit: String,
    /// base − alternative (positive: harm averted), paired 95% CI.
    pub averted: Estimate,
    /// The unpaired 95% CI of the same difference.
    pub unpaired_low: Option<f64>,
    pub unpaired_high: Option<f64>,
    pub paired_half_width: Option<f64>,
    pub unpaired_half_width: Option<f64>,
}

pub(crate) fn parse_compare(text: &str) -> Result<(String, Vec<CompareRow>), PlotError> {
    let t = required("compare.csv", text)?;
    let (alt, metric, mean) = (
        t.col("alternative")?,
        t.col("metric")?,
        t.col("averted_mean")?,
    );
    let (lo, hi) = (t.col("averted_ci95_low")?, t.col("averted_ci95_high")?);
    let (ulo, uhi) = (t.col("unpaired_ci95_low")?, t.col("unpaired_ci95_high")?);
    let (base, unit) = (t.opt_col("base"), t.opt_col("unit"));
    let (phw, uhw) = (
        t.opt_col("paired_half_width"),
        t.opt_col("unpaired_half_width"),
    );
    let mut rows = Vec::with_capacity(t.records.len());
    let mut base_name = String::new();
    for i in 0..t.records.len() {
        if base_name.is_empty()
            && let Some(b) = base
        {
            base_name = t.text(i, b).to_string();
        }
        rows.push(CompareRow {
            alternative: t.text(i, alt).to_string(),
            metric: t.text(i, metric).to_string(),
            unit: unit.map_or("", |u| t.text(i, u)).to_string(),
            averted: estimate(&t, i, (mean, Some(lo), Some(hi)))?,
            unpaired_low: num(&t, i, ulo)?,
            unpaired_high: num(&t, i, uhi)?,
            paired_half_width: num_opt(&t, i, phw)?,
            unpaired_half_width: num_opt(&t, i, uhw)?,
        });
    }
    Ok((base_name, rows))
}

/// Net monetary benefit at one willingness-to-pay threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct NetBenefit {
    /// £ per QALY, e.g. 30 000.
    pub threshold_gbp: f64,
    pub nmb_gbp: Estimate,
    /// Share of replications with a positive net monetary benefit (0..1).
    pub prob_cost_effective: Option<f64>,
}

/// A row of `cost_effectiveness.csv`: one alternative.
#[derive(Debug, Clone)]
pub(crate) struct CostEffectRow {
    pub alternative: String,
    pub incident_probability: Option<f64>,
    pub control_cost_gbp: Option<f64>,
    pub qalys_gained: Estimate,
    pub deaths_averted: Estimate,
    pub costs_averted_gbp_mean: Option<f64>,
    pub incremental_cost_gbp_mean: Option<f64>,
    pub icer_gbp_per_qaly: Option<f64>,
    /// "dominant", "dominated" or empty.
    pub icer_note: String,
    /// In the file's column order (£20k, £30k, £70k).
    pub net_benefit: Vec<NetBenefit>,
}

impl CostEffectRow {
    pub fn at(&self, threshold_gbp: f64) -> Option<&NetBenefit> {
        self.net_benefit
            .iter()
            .find(|n| n.threshold_gbp == threshold_gbp)
    }
}

/// The thresholds in the header: every `nmb_<K>k_gbp_mean` column.
fn thresholds(t: &Table) -> Vec<(f64, String)> {
    t.headers
        .iter()
        .filter_map(|h| {
            let k = h.strip_prefix("nmb_")?.strip_suffix("k_gbp_mean")?;
            let v = k.parse::<f64>().ok()?;
            Some((v * 1000.0, k.to_string()))
        })
        .collect()
}

pub(crate) fn parse_cost_effectiveness(text: &str) -> Result<Vec<CostEffectRow>, PlotError> {
    let t = Table::parse("cost_effectiveness.csv", text)?;
    if t.is_empty() {
        return Ok(Vec::new());
    }
    let alt = t.col("alternative")?;
    let triple = |p: &str, mean: &str| -> Result<_, PlotError> {
        Ok((
            t.col(mean)?,
            t.opt_col(&format!("{p}_ci95_low")),
            t.opt_col(&format!("{p}_ci95_high")),
        ))
    };
    let qalys = triple("qalys_gained", "qalys_gained_mean")?;
    let deaths = triple("deaths_averted", "deaths_averted_mean")?;
    let opt = |n: &str| t.opt_col(n);
    let (prob, control, averted, incr, icer, note) = (
        opt("incident_probability"),
        opt("control_cost_gbp"),
        opt("costs_averted_gbp_mean"),
        opt("incremental_cost_gbp_mean"),
        opt("icer_gbp_per_qaly"),
        opt("icer_note"),
    );
    let nmb_cols: Vec<(f64, Triple, Option<usize>)> = thresholds(&t)
        .into_iter()
        .map(|(v, k)| {
            let mean = t.col(&format!("nmb_{k}k_gbp_mean"))?;
            let p = format!("nmb_{k}k");
            Ok((
                v,
                (
                    mean,
                    t.opt_col(&format!("{p}_ci95_low")),
                    t.opt_col(&format!("{p}_ci95_high")),
                ),
                t.opt_col(&format!("prob_cost_effective_{k}k")),
            ))
        })
        .collect::<Result<_, PlotError>>()?;
    let mut rows = Vec::with_capacity(t.records.len());
    for i in 0..t.records.len() {
        let net_benefit = nmb_cols
            .iter()
            .map(|&(v, cols, p)| {
                Ok(NetBenefit {
                    threshold_gbp: v,
                    nmb_gbp: estimate(&t, i, cols)?,
                    prob_cost_effective: num_opt(&t, i, p)?,
                })
            })
            .collect::<Result<_, PlotError>>()?;
        rows.push(CostEffectRow {
            alternative: t.text(i, alt).to_string(),
            incident_probability: num_opt(&t, i, prob)?,
            control_cost_gbp: num_opt(&t, i, control)?,
            qalys_gained: estimate(&t, i, qalys)?,
            deaths_averted: estimate(&t, i, deaths)?,
            costs_averted_gbp_mean: num_opt(&t, i, averted)?,
            incremental_cost_gbp_mean: num_opt(&t, i, incr)?,
            icer_gbp_per_qaly: num_opt(&t, i, icer)?,
            icer_note: note
                .map_or("", |c| t.text(i, c))
                .trim()
                .to_ascii_lowercase(),
            net_benefit,
        });
    }
    Ok(rows)
}

/// One replication of one alternative on the cost-effectiveness plane.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CePoint {
    pub alternative: String,
    pub qalys_gained: f64,
    pub incremental_cost_gbp: f64,
}

pub(crate) fn parse_ce_replications(text: &str) -> Result<Vec<CePoint>, PlotError> {
    let t = Table::parse("ce_replications.csv", text)?;
    if t.is_empty() {
        return Ok(Vec::new());
    }
    let (alt, q, c) = (
        t.col("alternative")?,
        t.col("qalys_gained")?,
        t.col("incremental_cost_gbp")?,
    );
    let mut out = Vec::with_capacity(t.records.len());
    for i in 0..t.records.len() {
        if let (Some(q), Some(c)) = (num(&t, i, q)?, num(&t, i, c)?) {
            out.push(CePoint {
                alternative: t.text(i, alt).to_string(),
                qalys_gained: q,
                incremental_cost_gbp: c,
            });
        }
    }
    Ok(out)
}

/// `ceac.csv`: (alternative, threshold £/QALY, probability cost-effective).
pub(crate) fn parse_ceac(text: &str) -> Result<Vec<(String, f64, f64)>, PlotError> {
    let t = Table::parse("ceac.csv", text)?;
    if t.is_empty() {
        return Ok(Vec::new());
    }
    let (alt, x, p) = (
        t.col("alternative")?,
        t.col("threshold_gbp_per_qaly")?,
        t.col("probability_cost_effective")?,
    );
    let mut out = Vec::with_capacity(t.records.len());
    for i in 0..t.records.len() {
        if let (Some(x), Some(p)) = (num(&t, i, x)?, num(&t, i, p)?) {
            out.push((t.text(i, alt).to_string(), x, p));
        }
    }
    Ok(out)
}

/// What an experiment's JSON file says, read defensively: anything
/// missing is `None` or empty.
#[derive(Debug, Clone, Default)]
pub(crate) struct ExperimentInfo {
    pub seed: Option<u64>,
    pub replications: Option<u64>,
    /// `scenarios[].name` (compare: the base first), or the one scenario.
    pub scenarios: Vec<String>,
    pub downtime_version: Option<String>,
}

pub(crate) fn parse_info(file: &'static str, text: &str) -> Result<ExperimentInfo, PlotError> {
    if text.trim().is_empty() {
        return Ok(ExperimentInfo::default());
    }
    let v: Value = serde_json::from_str(text).map_err(|e| PlotError::Table {
        file,
        message: format!("not valid JSON: {e}"),
    })?;
    let name = |s: &Value| {
        s.as_str()
            .or_else(|| s["name"].as_str())
            .map(str::to_string)
    };
    let scenarios = match &v["scenarios"] {
        Value::Array(a) => a.iter().filter_map(name).collect(),
        _ => name(&v["scenario"])
            .or_else(|| name(&v["name"]))
            .into_iter()
            .collect(),
    };
    Ok(ExperimentInfo {
        seed: v["seed"].as_u64(),
        replications: v["replications"].as_u64(),
        scenarios,
        downtime_version: v["downtime_version"].as_str().map(str::to_string),
    })
}

/// `sweep_points.csv` and `sweep.csv` together.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sweep {
    /// The varied keys, in order of first appearance (one or two).
    pub keys: Vec<String>,
    /// `(point, key, value)`.
    pub settings: Vec<(String, String, String)>,
    pub rows: Vec<SweepRow>,
}

/// A row of `sweep.csv`: one point, one metric.
#[derive(Debug, Clone)]
pub(crate) struct SweepRow {
    pub point: String,
    pub metric: String,
    pub mean: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub vs_first: Estimate,
}

impl Sweep {
    /// The value of `key` at `point`.
    pub fn value(&self, point: &str, key: &str) -> Option<&str> {
        self.settings
            .iter()
            .find(|(p, k, _)| p == point && k == key)
            .map(|(_, _, v)| v.as_str())
    }

    /// Metric names in file order, each once.
    pub fn metrics(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in &self.rows {
            if !out.contains(&r.metric) {
                out.push(r.metric.clone());
            }
        }
        out
    }
}

pub(crate) fn parse_sweep(points_csv: &str, sweep_csv: &str) -> Result<Sweep, PlotError> {
    let p = required("sweep_points.csv", points_csv)?;
    let (pc, kc, vc) = (p.col("point")?, p.col("key")?, p.col("value")?);
    let mut sweep = Sweep::default();
    for i in 0..p.records.len() {
        let key = p.text(i, kc).to_string();
        if !sweep.keys.contains(&key) {
            sweep.keys.push(key.clone());
        }
        sweep
            .settings
            .push((p.text(i, pc).to_string(), key, p.text(i, vc).to_string()));
    }
    let t = required("sweep.csv", sweep_csv)?;
    let (point, metric, mean) = (t.col("point")?, t.col("metric")?, t.col("mean")?);
    let (lo, hi) = (t.col("ci95_low")?, t.col("ci95_high")?);
    let vs = (
        t.opt_col("vs_first_mean"),
        t.opt_col("vs_first_ci95_low"),
        t.opt_col("vs_first_ci95_high"),
    );
    for i in 0..t.records.len() {
        sweep.rows.push(SweepRow {
            point: t.text(i, point).to_string(),
            metric: t.text(i, metric).to_string(),
            mean: num(&t, i, mean)?,
            low: num(&t, i, lo)?,
            high: num(&t, i, hi)?,
            vs_first: Estimate {
                mean: num_opt(&t, i, vs.0)?,
                low: num_opt(&t, i, vs.1)?,
                high: num_opt(&t, i, vs.2)?,
            },
        });
    }
    Ok(sweep)
}

/// A row of `sensitivity.csv`: one parameter at its low and high ends.
#[derive(Debug, Clone)]
pub(crate) struct SensitivityRow {
    pub rank: Option<f64>,
    pub parameter: String,
    pub kind: String,
    pub unit: String,
    pub central_value: String,
    pub low_value: String,
    pub high_value: String,
    pub headline_metric: String,
    pub central_mean: Option<f64>,
    pub low: Estimate,
    pub high: Estimate,
    pub swing: Option<f64>,
}

pub(crate) fn parse_sensitivity(text: &str) -> Result<Vec<SensitivityRow>, PlotError> {
    let t = required("sensitivity.csv", text)?;
    let c = |n: &str| t.col(n);
    let (param, metric, central, low, high) = (
        c("parameter")?,
        c("headline_metric")?,
        c("central_mean")?,
        c("low_mean")?,
        c("high_mean")?,
    );
    let o = |n: &str| t.opt_col(n);
    let txt = |i: usize, col: Option<usize>| col.map_or("", |c| t.text(i, c)).trim().to_string();
    let mut rows = Vec::with_capacity(t.records.len());
    for i in 0..t.records.len() {
        rows.push(SensitivityRow {
            rank: num_opt(&t, i, o("rank"))?,
            parameter: t.text(i, param).to_string(),
            kind: txt(i, o("kind")),
            unit: txt(i, o("unit")),
            central_value: txt(i, o("central_value")),
            low_value: txt(i, o("low_value")),
            high_value: txt(i, o("high_value")),
            headline_metric: t.text(i, metric).to_string(),
            central_mean: num(&t, i, central)?,
            low: estimate(&t, i, (low, o("low_ci95_low"), o("low_ci95_high")))?,
            high: estimate(&t, i, (high, o("high_ci95_low"), o("high_ci95_high")))?,
            swing: num_opt(&t, i, o("swing"))?,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_come_from_the_header() {
        let csv = "alternative,qalys_gained_mean,deaths_averted_mean,nmb_20k_gbp_mean,prob_cost_effective_20k,nmb_30k_gbp_mean\n\
                   a,1.5,0.1,-5,0.25,\n";
        let rows = parse_cost_effectiveness(csv).unwrap();
        let r = &rows[0];
        assert_eq!(r.net_benefit.len(), 2);
        assert_eq!(r.at(20_000.0).unwrap().nmb_gbp.mean, Some(-5.0));
        assert_eq!(r.at(20_000.0).unwrap().prob_cost_effective, Some(0.25));
        assert_eq!(r.at(30_000.0).unwrap().nmb_gbp.mean, None);
        assert!(r.at(70_000.0).is_none());
    }

    #[test]
    fn info_is_read_defensively() {
        let i = parse_info(
            "compare.json",
            r#"{"seed":7,"replications":40,"scenarios":[{"name":"base"},{"name":"alt"}]}"#,
        )
        .unwrap();
        assert_eq!((i.seed, i.replications), (Some(7), Some(40)));
        assert_eq!(i.scenarios, vec!["base".to_string(), "alt".to_string()]);
        let j = parse_info("sweep.json", r#"{"scenario":{"name":"w"}}"#).unwrap();
        assert_eq!(j.scenarios, vec!["w".to_string()]);
        assert!(parse_info("sweep.json", "").unwrap().scenarios.is_empty());
        let e = parse_info("sweep.json", "{").unwrap_err().to_string();
        assert!(e.starts_with("sweep.json: not valid JSON"), "{e}");
    }
}
