//! Devices and the real central office on 127.0.0.1, through the real sync client.

mod world;

mod access;
mod admission;
mod adversary;
mod answers;
mod arbitrary;
mod audit;
mod backup;
mod backup_revoked;
mod batches;
mod blobs;
mod blobs_in_scope;
mod blobs_set_aside;
mod clocks;
mod debrief;
mod demo;
mod enrolment;
mod faults;
mod metrics;
mod openapi;
mod protocol;
mod redirects;
mod releases;
mod reprisal;
mod restored;
mod retention;
mod review;
mod security;
mod soak;
mod teams;
mod versions;
