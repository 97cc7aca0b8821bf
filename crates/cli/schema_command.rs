//! `downtime schema`: the JSON Schema of scenario files, for editor
//! completion and validation (generated in downtime-core from the types
//! that read scenarios; written through downtime-montecarlo).

use std::path::PathBuf;

use downtime_core::scenario;
use downtime_montecarlo::output;

use crate::commands::CliError;

/// `downtime schema`'s arguments.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Write the schema to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace the --out file if it exists.
    #[arg(long, requires = "out")]
    pub force: bool,
}

/// `downtime schema`.
pub fn schema(a: &SchemaArgs) -> Result<(), CliError> {
    let text = scenario::json_schema_text();
    match &a.out {
        None => out!("{}", text.trim_end_matches('\n')),
        Some(path) => {
            let written = output::write_file(path, text.as_bytes(), a.force)?;
            out!("wrote {}", written.display());
        }
    }
    Ok(())
}
