//! The office's log on standard error (the journal, under systemd): lines for a person, or
//! one JSON object a line for a log collector (`--log-format json`, `log.format` in the
//! configuration). `RUST_LOG` picks what is logged, as before.

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
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,rusqlite_migration=warn".into());
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match format {
        LogFormat::Text => logs.init(),
        // Fields at the top level (`address`, `detail`), beside `timestamp`, `level` and
        // `message`, as collectors index them.
        LogFormat::Json => logs.json().flatten_event(true).with_current_span(false).init(),
    }
}
