//! The one error type of the crate.

/// Why a chart or the report could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlotError {
    /// A CSV file could not be read as CSV.
    #[error("{file}: {source}")]
    Csv {
        /// The file, e.g. `summary.csv`.
        file: &'static str,
        /// What the CSV reader said.
        #[source]
        source: csv::Error,
    },
    /// A CSV file was read but does not have the expected shape
    /// (a missing column, a number that does not parse).
    #[error("{file}: {message}")]
    Table {
        /// The file, e.g. `daily.csv`.
        file: &'static str,
        /// What is wrong, with the line number where there is one.
        message: String,
    },
    /// `run.json` is not valid JSON.
    #[error("run.json: {0}")]
    Json(#[from] serde_json::Error),
    /// A metric asked for in [`ChartOptions::metrics`](crate::ChartOptions)
    /// is not in `summary.csv` (or, for a comparison, not in every run).
    #[error("metric `{metric}` is not in {place} (available: {available})")]
    UnknownMetric {
        /// The metric asked for.
        metric: String,
        /// Where it was looked for.
        place: String,
        /// The metrics that are there, comma-separated.
        available: String,
    },
    /// There is nothing to draw (no metrics, no runs).
    #[error("nothing to chart: {0}")]
    NoData(String),
    /// plotters failed while drawing.
    #[error("drawing {chart}: {message}")]
    Draw {
        /// The chart being drawn (its artifact path without extension).
        chart: String,
        /// plotters' message.
        message: String,
    },
    /// The PNG encoder failed.
    #[error("encoding a PNG: {0}")]
    Png(#[from] png::EncodingError),
    /// The embedded font could not be registered with plotters.
    #[error("the embedded Noto Sans font could not be loaded")]
    Font,
    /// A chart passed to [`report_html`](crate::report_html) as `.svg` is not UTF-8 text.
    #[error("{path}: an SVG chart must be UTF-8 text")]
    NotSvg {
        /// The artifact's path.
        path: String,
    },
}
