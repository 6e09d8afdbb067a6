//! Outputs read from a real replica file.

mod fixture;
mod text;

mod docx;
mod export;
mod languages;
mod pages;
mod visit;
