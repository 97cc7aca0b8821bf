//! Fixtures shared by the integration tests: two small run folders
//! committed under `tests/fixtures/` (see `tests/fixtures/README.md`).

#![allow(dead_code)]

use downtime_plot::{Artifact, RunTables};

macro_rules! run_tables {
    ($dir:literal) => {
        RunTables {
            summary_csv: include_str!(concat!("../fixtures/", $dir, "/summary.csv")).to_string(),
            daily_csv: include_str!(concat!("../fixtures/", $dir, "/daily.csv")).to_string(),
            organisations_csv: include_str!(concat!("../fixtures/", $dir, "/organisations.csv"))
                .to_string(),
            replications_csv: include_str!(concat!("../fixtures/", $dir, "/replications.csv"))
                .to_string(),
            run_json: include_str!(concat!("../fixtures/", $dir, "/run.json")).to_string(),
            parameters_csv: String::new(),
        }
    };
}

/// `single-trust-it-outage`, 20 replications, seed 20170512, 7 reported days.
pub fn single() -> RunTables {
    run_tables!("run")
}

/// `three-trusts-it-outage`, 20 replications, seed 7, 7 reported days.
pub fn three_trusts() -> RunTables {
    run_tables!("run-three-trusts")
}

/// `scheduled-care-outage` (`fixtures/scheduled-care.toml`): one trust
/// with scheduled care and two GP practices, 6 replications, seed 11, with
/// every harm metric; its `parameters.csv` is given so the report links it.
pub fn scheduled_care() -> RunTables {
    RunTables {
        parameters_csv: include_str!("../fixtures/run-scheduled-care/parameters.csv").to_string(),
        ..run_tables!("run-scheduled-care")
    }
}

/// The artifact at `path`.
pub fn find<'a>(artifacts: &'a [Artifact], path: &str) -> &'a Artifact {
    artifacts
        .iter()
        .find(|a| a.path == path)
        .unwrap_or_else(|| {
            let paths: Vec<&str> = artifacts.iter().map(|a| a.path.as_str()).collect();
            panic!("no artifact {path}; have {paths:?}")
        })
}

/// A decoded PNG: width, height and RGB bytes.
pub fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(bytes);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG pixels");
    buf.truncate(info.buffer_size());
    let rgb = match info.color_type {
        png::ColorType::Rgb => buf,
        png::ColorType::Rgba => buf
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect(),
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    (info.width, info.height, rgb)
}

/// Pixels in rows `y0..y1` that are clearly not the white background.
pub fn ink_in_rows(width: u32, rgb: &[u8], y0: u32, y1: u32) -> usize {
    let row = width as usize * 3;
    rgb[y0 as usize * row..y1 as usize * row]
        .chunks_exact(3)
        .filter(|p| p.iter().any(|&c| c < 160))
        .count()
}
