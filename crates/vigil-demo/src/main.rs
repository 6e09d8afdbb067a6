//! `vigil-demo`: writes the demo records as one JSON array of `Record`s and prints how
//! many of each entity it made.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;
use clap::Parser;
use vigil_demo::{DemoParams, generate};

/// Generates realistic, fictional demo data for Vigil, the same for the same seed.
#[derive(Debug, Parser)]
#[command(name = "vigil-demo", version)]
struct Args {
    #[arg(long, default_value_t = DemoParams::default().seed)]
    seed: u64,
    /// Places in the registry.
    #[arg(long, default_value_t = DemoParams::default().facilities)]
    facilities: usize,
    #[arg(long, default_value_t = DemoParams::default().visits)]
    visits: usize,
    /// Observations per visit.
    #[arg(long, default_value_t = DemoParams::default().observations_per_visit)]
    observations: usize,
    /// The day the demo is seen from (YYYY-MM-DD).
    #[arg(long, default_value_t = DemoParams::default().today)]
    today: NaiveDate,
    /// Where to write the records as JSON; without it only the counts are printed.
    #[arg(long)]
    out: Option<PathBuf>,
}

fn write(path: &PathBuf, records: &[vigil_core::Record]) -> std::io::Result<()> {
    let mut file = BufWriter::new(File::create(path)?);
    serde_json::to_writer(&mut file, records)?;
    file.flush()
}

fn main() -> ExitCode {
    let args = Args::parse();
    let params = DemoParams {
        seed: args.seed,
        facilities: args.facilities,
        visits: args.visits,
        observations_per_visit: args.observations,
        today: args.today,
    };
    let started = Instant::now();
    let data = generate(&params);
    let elapsed = started.elapsed();
    for (entity, count) in data.counts() {
        eprintln!("{:<27} {count:>8}", entity.as_str());
    }
    eprintln!("{:<27} {:>8}  (generated in {elapsed:.2?})", "total", data.records.len());
    if let Some(path) = &args.out {
        if let Err(err) = write(path, &data.records) {
            eprintln!("vigil-demo: cannot write {}: {err}", path.display());
            return ExitCode::FAILURE;
        }
        eprintln!("written to {}", path.display());
    }
    ExitCode::SUCCESS
}
