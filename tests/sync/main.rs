//! Devices and the real central office on 127.0.0.1, through the real sync client.

mod world;

mod access;
mod adversary;
mod arbitrary;
mod audit;
mod batches;
mod blobs;
mod demo;
mod faults;
mod openapi;
mod protocol;
mod review;
mod security;
mod teams;
