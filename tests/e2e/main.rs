//! The real app window, driven over WebDriver: `tauri-driver` starts the built app through
//! `WebKitWebDriver` on a private Xvfb display, against a real central office with demo
//! data on 127.0.0.1. Run by `scripts/e2e.sh` (it builds the app and UI first). One module
//! per scenario; `driver` holds what they share.

mod driver;
mod enrol_link;
mod figures;
mod first_start;
mod installed;
mod phone;
mod places;
mod review;
mod steps;
mod team;
mod updated;
