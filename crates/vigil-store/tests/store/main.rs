//! The device store on real SQLite files.

mod fixture;
mod history;

mod answers;
mod coverage;
mod dashboard;
mod dashboard_counts;
mod debrief;
mod disk_full;
mod edits;
mod encryption;
mod queries;
mod queue;
mod read_back;
mod replicas;
mod reprisal;
mod retention;
mod review;
mod schema;
mod tracker;
