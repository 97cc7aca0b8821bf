//! `downtime`: the command line. Thin glue: it parses arguments, reads
//! scenario files, shows progress and prints results; the model lives in
//! downtime-core and the experiment in downtime-montecarlo.

/// Prints a line to standard output. A closed pipe (`downtime run ... |
/// head`) ends the program quietly instead of panicking: by the time
/// anything is printed, every file has already been written.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout(), $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    }};
}

mod args;
mod commands;
mod compare_command;
mod experiment_charts;
mod init_command;
mod plot_command;
mod schema_command;
mod sources;
mod sweep_command;
mod warmup_command;

use std::process::ExitCode;

use clap::Parser;

/// Exit status for bad input (a scenario that does not validate, a run
/// folder that exists): the same as clap's for bad arguments.
pub const EXIT_BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let result = match cli.command {
        args::Command::Run(a) => commands::run(&a),
        args::Command::Validate(a) => commands::validate(&a),
        args::Command::Explain(a) => commands::explain(&a),
        args::Command::Scenarios => commands::scenarios(),
        args::Command::Warmup(a) => warmup_command::warmup(&a),
        args::Command::Plot(a) => plot_command::plot(&a),
        args::Command::Merge(a) => commands::merge(&a),
        args::Command::Slurm(a) => commands::slurm(&a),
        args::Command::Compare(a) => compare_command::compare(&a),
        args::Command::Sweep(a) => sweep_command::sweep(&a),
        args::Command::Sensitivity(a) => sweep_command::sensitivity(&a),
        args::Command::Schema(a) => schema_command::schema(&a),
        args::Command::Init(a) => init_command::init(&a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
