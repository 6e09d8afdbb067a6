//! `vigil-bench`: figures of Vigil's performance, printed (never timed tests).
//!
//! - `sync`: push, pull, idle sync and a 1% edit between two devices and the real office
//!   over loopback, against the SQLite floor; optionally over an emulated field link.
//! - `load`: many devices syncing at once against one office; throughput, latency
//!   percentiles and errors, and the number of devices where the office's p99 passes 500 ms.
//! - `store`: what the app reads from a device store of 100,000 records or more.
//! - `backup`: the size and time of an office's encrypted backup and of its restore.
//! - `photos`: a visit's photos going up over a slow field link that drops connections.

mod backup;
mod fieldwork;
mod floor;
mod link;
mod load;
mod office;
mod photos;
mod scale;
mod store;
mod sync;

use clap::{Parser, Subcommand};

use crate::link::Link;

#[derive(Debug, Parser)]
#[command(name = "vigil-bench")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Push, pull, idle sync and a 1% edit over loopback.
    Sync {
        #[arg(long, default_value_t = 500)]
        visits: usize,
        #[arg(long, default_value_t = 20)]
        observations: usize,
        /// The speed of the link between devices and office, in megabits per second.
        #[arg(long)]
        link_mbit: Option<f64>,
        /// The link's round-trip time, in milliseconds (with --link-mbit).
        #[arg(long, default_value_t = 60)]
        rtt_ms: u64,
        /// Send ops uncompressed over the emulated link, to compare (to and from an office
        /// across a real network they go compressed).
        #[arg(long)]
        no_compression: bool,
        /// Run the whole scenario this many times, each on a fresh office and devices, and
        /// end with each phase's median: single runs on a shared machine vary by ±10%.
        #[arg(long, default_value_t = 1)]
        runs: usize,
        /// Instead: a supervisor's new device pulls an NPM of this many records (demo
        /// data) from the office, with progress.
        #[arg(long)]
        new_supervisor_device: Option<usize>,
    },
    /// A visit's photos going up over a slow link that cuts connections.
    Photos {
        #[arg(long, default_value_t = 100)]
        photos: usize,
        /// Each photo's size, in MB.
        #[arg(long, default_value_t = 3.0)]
        photo_mb: f64,
        #[arg(long, default_value_t = 1.0)]
        link_mbit: f64,
        #[arg(long, default_value_t = 300)]
        rtt_ms: u64,
        /// The share of requests whose connection is cut under way, in percent.
        #[arg(long, default_value_t = 5.0)]
        cut_percent: f64,
    },
    /// Many devices syncing at once against one office on loopback.
    Load(load::Args),
    /// The app's reads from a device store of this many records (demo data).
    Store {
        #[arg(long, default_value_t = 100_000)]
        records: usize,
        /// Time each read this many times and print the median (and the range): more runs
        /// on a machine others are using.
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// Backup and restore of an office of this many records (demo data) and photos.
    Backup {
        #[arg(long, default_value_t = 250_000)]
        records: usize,
        #[arg(long, default_value_t = 0)]
        photos: usize,
        /// Each photo's size, in KB.
        #[arg(long, default_value_t = 500)]
        photo_kb: usize,
    },
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    match Cli::parse().command {
        Command::Sync { new_supervisor_device: Some(records), .. } => runtime.block_on(scale::run(records)),
        Command::Sync {
            visits,
            observations,
            link_mbit,
            rtt_ms,
            no_compression,
            runs,
            new_supervisor_device: None,
        } => {
            let link = link_mbit.map(|mbit| Link::new(mbit, rtt_ms, 0.0));
            runtime.block_on(sync::run(visits, observations, link, !no_compression, runs));
        }
        Command::Photos { photos, photo_mb, link_mbit, rtt_ms, cut_percent } => {
            runtime.block_on(photos::run(photos, photo_mb, Link::new(link_mbit, rtt_ms, cut_percent / 100.0)));
        }
        Command::Load(args) => runtime.block_on(load::run(args)),
        Command::Store { records, runs } => store::run(records, runs),
        Command::Backup { records, photos, photo_kb } => backup::run(records, photos, photo_kb),
    }
}
