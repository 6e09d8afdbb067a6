//! Outputs read from a real replica file.

mod fixture;

mod export;
mod visit;
