//! The device store on real SQLite files.

mod fixture;
mod history;

mod answers;
mod dashboard;
mod dashboard_counts;
mod disk_full;
mod edits;
mod encryption;
mod queries;
mod queue;
mod replicas;
mod reprisal;
mod review;
mod schema;
mod tracker;
