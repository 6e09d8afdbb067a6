//! The office's web console over real HTTP: a real office on 127.0.0.1:0 with its console,
//! browsers played by `reqwest` clients with cookie jars, devices by the real sync client.

mod access;
mod devices;
mod people;
mod reference;
mod settings;
mod sign_in;
mod supervision;
mod support;
