//! The app's state against a real central office on 127.0.0.1: enrolment, sync status,
//! the events the UI gets, and what happens when the office refuses or is gone.

mod acl;
mod authority;
mod commands;
mod debrief;
mod reprisal;
mod sync;
mod updates;
