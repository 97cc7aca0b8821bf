//! Reading the text of a run folder's files (see `docs/outputs.md`).
//!
//! Columns are found by their header name, so new columns in a later layout
//! are ignored rather than breaking the charts. An empty cell is "no value"
//! (`None`), never zero. A file given as empty text is treated as a table
//! with no rows (its charts are left out), except `summary.csv` and
//! `run.json`, which every output needs.

use serde_json::Value;

use crate::{PlotError, RunTables};

/// A CSV file read into memory with its header (also read by the
/// experiment tables, `experiment/tables.rs`).
pub(crate) struct Table {
    pub file: &'static str,
    pub headers: csv::StringRecord,
    pub records: Vec<csv::StringRecord>,
}

impl Table {
    pub(crate) fn parse(file: &'static str, text: &str) -> Result<Self, PlotError> {
        let csv_err = |source| PlotError::Csv { file, source };
        if text.trim().is_empty() {
            return Ok(Self {
                file,
                headers: csv::StringRecord::new(),
                records: Vec::new(),
            });
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let headers = reader.headers().map_err(csv_err)?.clone();
        let records = reader
            .records()
            .collect::<Result<Vec<_>, _>>()
            .map_err(csv_err)?;
        Ok(Self {
            file,
            headers,
            records,
        })
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.headers.is_empty()
    }

    pub(crate) fn col(&self, name: &str) -> Result<usize, PlotError> {
        self.headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| PlotError::Table {
                file: self.file,
                message: format!("no `{name}` column"),
            })
    }

    pub(crate) fn opt_col(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    /// Line number of record `i` in the file (the header is line 1).
    pub(crate) fn line(i: usize) -> usize {
        i + 2
    }

    pub(crate) fn text(&self, i: usize, col: usize) -> &str {
        self.records[i].get(col).unwrap_or("")
    }

    pub(crate) fn number(&self, i: usize, col: usize) -> Result<Option<f64>, PlotError> {
        parse_number(
            self.file,
            Self::line(i),
            &self.headers[col],
            self.text(i, col),
        )
    }
}

fn parse_number(
    file: &'static str,
    line: usize,
    column: &str,
    cell: &str,
) -> Result<Option<f64>, PlotError> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(None);
    }
    cell.parse::<f64>().map(Some).map_err(|_| PlotError::Table {
        file,
        message: format!("line {line}, column `{column}`: `{cell}` is not a number"),
    })
}

/// The statistics of one metric in one arm (a row of `summary.csv`, or of
/// `organisations.csv` without the organisation columns).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stats {
    pub mean: Option<f64>,
    pub ci95_low: Option<f64>,
    pub ci95_high: Option<f64>,
    pub p5: Option<f64>,
    pub p95: Option<f64>,
    pub n: Option<f64>,
}

/// A row of `summary.csv`.
#[derive(Debug, Clone)]
pub(crate) struct SummaryRow {
    pub metric: String,
    pub arm: String,
    pub stats: Stats,
}

/// `summary.csv`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Summary {
    pub rows: Vec<SummaryRow>,
}

impl Summary {
    fn parse(text: &str) -> Result<Self, PlotError> {
        let t = Table::parse("summary.csv", text)?;
        if t.is_empty() {
            return Err(PlotError::Table {
                file: "summary.csv",
                message: "the file is empty".into(),
            });
        }
        let (metric, arm, mean) = (t.col("metric")?, t.col("arm")?, t.col("mean")?);
        let optional = |name| t.opt_col(name);
        let (lo, hi, p5, p95, n) = (
            optional("ci95_low"),
            optional("ci95_high"),
            optional("p5"),
            optional("p95"),
            optional("n"),
        );
        let get = |i, c: Option<usize>| match c {
            Some(c) => t.number(i, c),
            None => Ok(None),
        };
        let mut rows = Vec::with_capacity(t.records.len());
        for i in 0..t.records.len() {
            rows.push(SummaryRow {
                metric: t.text(i, metric).to_string(),
                arm: t.text(i, arm).to_string(),
                stats: Stats {
                    mean: t.number(i, mean)?,
                    ci95_low: get(i, lo)?,
                    ci95_high: get(i, hi)?,
                    p5: get(i, p5)?,
                    p95: get(i, p95)?,
                    n: get(i, n)?,
                },
            });
        }
        Ok(Self { rows })
    }

    /// Metric names in the order of the file (catalogue order), each once.
    pub fn metrics(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in &self.rows {
            if !out.contains(&r.metric) {
                out.push(r.metric.clone());
            }
        }
        out
    }

    pub fn get(&self, metric: &str, arm: &str) -> Option<&Stats> {
        self.rows
            .iter()
            .find(|r| r.metric == metric && r.arm == arm)
            .map(|r| &r.stats)
    }
}

/// `replications.csv`: one column per metric.
#[derive(Debug, Clone, Default)]
pub(crate) struct Replications {
    metrics: Vec<String>,
    arms: Vec<String>,
    /// `values[row][metric]`.
    values: Vec<Vec<Option<f64>>>,
}

impl Replications {
    fn parse(text: &str) -> Result<Self, PlotError> {
        let t = Table::parse("replications.csv", text)?;
        if t.is_empty() {
            return Ok(Self::default());
        }
        let arm = t.col("arm")?;
        let metric_cols: Vec<usize> = (0..t.headers.len())
            .filter(|&c| &t.headers[c] != "replication" && &t.headers[c] != "arm")
            .collect();
        let metrics = metric_cols
            .iter()
            .map(|&c| t.headers[c].to_string())
            .collect();
        let mut arms = Vec::with_capacity(t.records.len());
        let mut values = Vec::with_capacity(t.records.len());
        for i in 0..t.records.len() {
            arms.push(t.text(i, arm).to_string());
            values.push(
                metric_cols
                    .iter()
                    .map(|&c| t.number(i, c))
                    .collect::<Result<Vec<_>, _>>()?,
            );
        }
        Ok(Self {
            metrics,
            arms,
            values,
        })
    }

    /// The metric's values in `arm`, one per replication that has one.
    pub fn values(&self, metric: &str, arm: &str) -> Vec<f64> {
        let Some(c) = self.metrics.iter().position(|m| m == metric) else {
            return Vec::new();
        };
        self.arms
            .iter()
            .zip(&self.values)
            .filter(|(a, _)| *a == arm)
            .filter_map(|(_, row)| row[c])
            .filter(|v| v.is_finite())
            .collect()
    }
}

/// One day of one metric, group and arm in `daily.csv`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DailyPoint {
    pub day: i64,
    pub date: String,
    pub mean: f64,
    pub p5: f64,
    pub p95: f64,
}

/// A row of `daily.csv`.
#[derive(Debug, Clone)]
struct DailyRow {
    metric: String,
    group: String,
    arm: String,
    point: DailyPoint,
}

/// `daily.csv`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Daily {
    rows: Vec<DailyRow>,
}

impl Daily {
    fn parse(text: &str) -> Result<Self, PlotError> {
        let t = Table::parse("daily.csv", text)?;
        if t.is_empty() {
            return Ok(Self::default());
        }
        let (day, metric, arm, mean) = (
            t.col("day")?,
            t.col("metric")?,
            t.col("arm")?,
            t.col("mean")?,
        );
        let (date, group, p5, p95) = (
            t.opt_col("date"),
            t.opt_col("group"),
            t.opt_col("p5"),
            t.opt_col("p95"),
        );
        let mut rows = Vec::with_capacity(t.records.len());
        for i in 0..t.records.len() {
            let day_text = t.text(i, day).trim();
            let day_value = day_text.parse::<i64>().map_err(|_| PlotError::Table {
                file: "daily.csv",
                message: format!(
                    "line {}, column `day`: `{day_text}` is not a whole number",
                    Table::line(i)
                ),
            })?;
            let Some(m) = t.number(i, mean)? else {
                continue;
            };
            let band = |c: Option<usize>| -> Result<f64, PlotError> {
                Ok(match c {
                    Some(c) => t.number(i, c)?.unwrap_or(m),
                    None => m,
                })
            };
            rows.push(DailyRow {
                metric: t.text(i, metric).to_string(),
                group: group.map_or("all", |g| t.text(i, g)).to_string(),
                arm: t.text(i, arm).to_string(),
                point: DailyPoint {
                    day: day_value,
                    date: date.map_or("", |d| t.text(i, d)).to_string(),
                    mean: m,
                    p5: band(p5)?,
                    p95: band(p95)?,
                },
            });
        }
        Ok(Self { rows })
    }

    /// The group to chart: `all` if present, else the first group in the file.
    pub fn main_group(&self, metric: &str) -> Option<&str> {
        let mut first = None;
        for r in self.rows.iter().filter(|r| r.metric == metric) {
            if r.group == "all" {
                return Some("all");
            }
            first.get_or_insert(r.group.as_str());
        }
        first
    }

    /// Points of one metric, group and arm, sorted by day.
    pub fn series(&self, metric: &str, group: &str, arm: &str) -> Vec<DailyPoint> {
        let mut out: Vec<DailyPoint> = self
            .rows
            .iter()
            .filter(|r| r.metric == metric && r.group == group && r.arm == arm)
            .map(|r| r.point.clone())
            .collect();
        out.sort_by_key(|p| p.day);
        out
    }

    /// The date of `day`, if a row has it.
    pub fn date_of(&self, day: i64) -> Option<&str> {
        self.rows
            .iter()
            .find(|r| r.point.day == day && !r.point.date.is_empty())
            .map(|r| r.point.date.as_str())
    }
}

/// One organisation's statistics for one metric and arm.
#[derive(Debug, Clone)]
pub(crate) struct OrgRow {
    pub id: String,
    pub name: String,
    pub metric: String,
    pub arm: String,
    pub stats: Stats,
}

/// `organisations.csv`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Organisations {
    pub rows: Vec<OrgRow>,
}

impl Organisations {
    fn parse(text: &str) -> Result<Self, PlotError> {
        let t = Table::parse("organisations.csv", text)?;
        if t.is_empty() {
            return Ok(Self::default());
        }
        let (id, metric, arm, mean) = (
            t.col("organisation_id")?,
            t.col("metric")?,
            t.col("arm")?,
            t.col("mean")?,
        );
        let name = t.opt_col("organisation_name");
        let (lo, hi, n) = (
            t.opt_col("ci95_low"),
            t.opt_col("ci95_high"),
            t.opt_col("n"),
        );
        let get = |i, c: Option<usize>| match c {
            Some(c) => t.number(i, c),
            None => Ok(None),
        };
        let mut rows = Vec::with_capacity(t.records.len());
        for i in 0..t.records.len() {
            let id_text = t.text(i, id).to_string();
            let name_text = name.map_or("", |c| t.text(i, c));
            rows.push(OrgRow {
                name: if name_text.is_empty() {
                    id_text.clone()
                } else {
                    name_text.to_string()
                },
                id: id_text,
                metric: t.text(i, metric).to_string(),
                arm: t.text(i, arm).to_string(),
                stats: Stats {
                    mean: t.number(i, mean)?,
                    ci95_low: get(i, lo)?,
                    ci95_high: get(i, hi)?,
                    p5: None,
                    p95: None,
                    n: get(i, n)?,
                },
            });
        }
        Ok(Self { rows })
    }

    pub fn rows_for<'a>(
        &'a self,
        metric: &'a str,
        arm: &'a str,
    ) -> impl Iterator<Item = &'a OrgRow> {
        self.rows
            .iter()
            .filter(move |r| r.metric == metric && r.arm == arm)
    }

    /// Number of distinct organisations in the file.
    pub fn count(&self) -> usize {
        let mut ids: Vec<&str> = self.rows.iter().map(|r| r.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }
}

/// What `run.json` says about the run (fields missing in it are `None`).
#[derive(Debug, Clone)]
pub(crate) struct RunInfo {
    pub name: String,
    pub description: Option<String>,
    pub replications: Option<u64>,
    pub seed: Option<u64>,
    pub downtime_version: Option<String>,
    pub git_commit: Option<String>,
    pub started_utc: Option<String>,
    pub sha256: Option<String>,
    pub overrides: Vec<String>,
    /// `scenario.resolved`, or `Null`.
    pub resolved: Value,
}

impl RunInfo {
    fn parse(text: &str) -> Result<Self, PlotError> {
        let v: Value = serde_json::from_str(text)?;
        let s = |v: &Value| v.as_str().map(str::to_string);
        let scenario = &v["scenario"];
        let name = s(&scenario["name"])
            .or_else(|| s(&scenario["resolved"]["name"]))
            .unwrap_or_else(|| "unnamed scenario".into());
        Ok(Self {
            name,
            description: s(&scenario["description"]).filter(|d| !d.trim().is_empty()),
            replications: v["replications"].as_u64(),
            seed: v["seed"].as_u64(),
            downtime_version: s(&v["downtime_version"]),
            git_commit: s(&v["git_commit"]),
            started_utc: s(&v["started_utc"]),
            sha256: s(&scenario["sha256"]),
            overrides: scenario["overrides"]
                .as_array()
                .map(|a| a.iter().filter_map(s).collect())
                .unwrap_or_default(),
            resolved: scenario["resolved"].clone(),
        })
    }

    /// `scenario.resolved.calendar.<key>` as text (dates) or a number.
    pub fn calendar_str(&self, key: &str) -> Option<&str> {
        self.resolved["calendar"][key].as_str()
    }

    pub fn calendar_u64(&self, key: &str) -> Option<u64> {
        self.resolved["calendar"][key].as_u64()
    }

    /// "scenario NAME · N replications · seed S".
    pub fn footer(&self) -> String {
        let reps = self.replications.map_or_else(
            || "? replications".to_string(),
            |n| plural(n, "replication"),
        );
        let seed = self.seed.map_or_else(|| "?".to_string(), |s| s.to_string());
        format!("scenario {} · {reps} · seed {seed}", self.name)
    }
}

pub(crate) fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Every table of one run folder, parsed.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub summary: Summary,
    pub replications: Replications,
    pub daily: Daily,
    pub organisations: Organisations,
    pub info: RunInfo,
}

impl Run {
    pub fn parse(tables: &RunTables) -> Result<Self, PlotError> {
        Ok(Self {
            summary: Summary::parse(&tables.summary_csv)?,
            replications: Replications::parse(&tables.replications_csv)?,
            daily: Daily::parse(&tables.daily_csv)?,
            organisations: Organisations::parse(&tables.organisations_csv)?,
            info: RunInfo::parse(&tables.run_json)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_cells_are_none_and_bad_numbers_are_errors() {
        let s = Summary::parse(
            "metric,arm,mean,sd,ci95_low,ci95_high,p5,p50,p95,n\nx,attack,1.5,,,,1,1,2,1\n",
        )
        .unwrap();
        let st = s.get("x", "attack").unwrap();
        assert_eq!(st.mean, Some(1.5));
        assert_eq!(st.ci95_low, None);
        let err = Summary::parse("metric,arm,mean\nx,attack,abc\n").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }

    #[test]
    fn missing_column_is_reported() {
        let err = Summary::parse("metric,mean\nx,1\n").unwrap_err();
        assert!(err.to_string().contains("`arm`"), "{err}");
    }

    #[test]
    fn replications_select_arm_and_skip_empty() {
        let r = Replications::parse(
            "replication,arm,a,b\n0,attack,1,\n0,difference,2,\n1,difference,3,4\n",
        )
        .unwrap();
        assert_eq!(r.values("a", "difference"), vec![2.0, 3.0]);
        assert_eq!(r.values("b", "difference"), vec![4.0]);
        assert!(r.values("zzz", "difference").is_empty());
    }

    #[test]
    fn run_json_fields_are_optional() {
        let info = RunInfo::parse("{}").unwrap();
        assert_eq!(
            info.footer(),
            "scenario unnamed scenario · ? replications · seed ?"
        );
        assert!(RunInfo::parse("{").is_err());
    }
}
