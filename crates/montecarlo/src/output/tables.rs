//! The CSV files of a run folder. Columns are documented in
//! `docs/outputs.md`; changing one here means changing it there.

use downtime_core::metrics::{METRICS, Metric};
use downtime_core::model::Model;

use super::{OutputError, maybe, number};
use crate::aggregate::RunAggregate;
use crate::replication_summary::{Group, ReportArm};
use crate::stats::summarise;

fn finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, OutputError> {
    w.into_inner()
        .map_err(|e| OutputError::Csv(e.into_error().into()))
}

/// `summary.csv`: one row per (metric, arm) with exact statistics over replications.
pub fn summary_csv(agg: &RunAggregate) -> Result<Vec<u8>, OutputError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "metric",
        "arm",
        "mean",
        "sd",
        "ci95_low",
        "ci95_high",
        "p5",
        "p50",
        "p95",
        "n",
    ])?;
    for m in Metric::ALL {
        for arm in ReportArm::ALL {
            let values = agg.values(arm as usize, *m as usize);
            // An empty sample (a mean never observed) keeps its row, with n = 0.
            let stats = match summarise(&values) {
                Some(s) => [
                    number(s.mean),
                    maybe(s.sd),
                    maybe(s.ci95_low),
                    maybe(s.ci95_high),
                    number(s.p5),
                    number(s.p50),
                    number(s.p95),
                ],
                None => Default::default(),
            };
            let mut row = vec![m.name().to_string(), arm.name().to_string()];
            row.extend(stats);
            row.push(values.len().to_string());
            w.write_record(&row)?;
        }
    }
    finish(w)
}

/// `replications.csv`: one row per (replication, arm), one column per metric.
pub fn replications_csv(agg: &RunAggregate) -> Result<Vec<u8>, OutputError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["replication", "arm"];
    header.extend(METRICS.iter().map(|d| d.name));
    w.write_record(&header)?;
    for (i, values) in agg.replications.iter().enumerate() {
        for arm in ReportArm::ALL {
            let mut row = vec![i.to_string(), arm.name().to_string()];
            row.extend(values[arm as usize].iter().map(|v| maybe(*v)));
            w.write_record(&row)?;
        }
    }
    finish(w)
}

/// `daily.csv`: one row per (day, metric, group, arm) with the mean and a
/// 90% band over replications.
pub fn daily_csv(agg: &RunAggregate, model: &Model) -> Result<Vec<u8>, OutputError> {
    let cal = &model.calendar;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "date", "day", "metric", "group", "arm", "mean", "p5", "p50", "p95", "n",
    ])?;
    for day in 0..cal.report_days() {
        let date = cal.report_date(day).to_string();
        let rel = cal.relative_day(day).to_string();
        for m in Metric::ALL.iter().filter(|m| m.def().daily) {
            for (g, group) in Group::ALL.iter().enumerate() {
                for arm in ReportArm::ALL {
                    let cell = &agg.daily[g][day][arm as usize][*m as usize];
                    if cell.n() == 0 {
                        continue;
                    }
                    w.write_record([
                        date.as_str(),
                        rel.as_str(),
                        m.name(),
                        group.name(),
                        arm.name(),
                        &number(cell.mean()),
                        &maybe(cell.p5()),
                        &maybe(cell.p50()),
                        &maybe(cell.p95()),
                        &cell.n().to_string(),
                    ])?;
                }
            }
        }
    }
    finish(w)
}

/// `organisations.csv`: one row per (organisation, metric, arm) with the
/// mean and its 95% confidence interval over replications.
pub fn organisations_csv(agg: &RunAggregate, model: &Model) -> Result<Vec<u8>, OutputError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "organisation_id",
        "organisation_name",
        "region",
        "metric",
        "arm",
        "mean",
        "sd",
        "ci95_low",
        "ci95_high",
        "n",
    ])?;
    for (org, cells) in model.organisations.iter().zip(&agg.organisations) {
        for m in Metric::ALL {
            for arm in ReportArm::ALL {
                let c = &cells[arm as usize][*m as usize];
                if c.n() == 0 {
                    continue;
                }
                let ci = c.ci95();
                w.write_record([
                    org.id.as_str(),
                    org.name.as_str(),
                    org.region.as_str(),
                    m.name(),
                    arm.name(),
                    &number(c.mean()),
                    &maybe(c.sd()),
                    &maybe(ci.map(|x| x.0)),
                    &maybe(ci.map(|x| x.1)),
                    &c.n().to_string(),
                ])?;
            }
        }
    }
    finish(w)
}
