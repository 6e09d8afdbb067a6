//! The office's log on standard error (the journal, under systemd): lines for a person, or
//! one JSON object a line for a log collector (`--log-format json`, `log.format` in the
//! configuration). `RUST_LOG` picks what is logged, as before.

use std::io::IsTerminal;

use serde::Deserialize;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

impl LogFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            LogFormat::Text => "text",
            LogFormat::Json => "json",
        }
    }
}

/// Starts logging to standard error, in `format`.
pub fn init(format: LogFormat) {
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,rusqlite_migration=warn".into());
    // Colours only on a terminal: not in the journal, a file or a pipe.
    let colours = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(colours);
    match format {
        LogFormat::Text => logs.init(),
        // Fields at the top level (`address`, `detail`), beside `timestamp`, `level` and
        // `message`, as collectors index them.
        LogFormat::Json => logs.json().flatten_event(true).with_current_span(false).init(),
    }
}
