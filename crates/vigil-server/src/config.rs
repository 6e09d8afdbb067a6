//! The office's configuration file (TOML; `/etc/vigil/office.toml` in the package): where
//! it listens, its TLS files, its data, limits, who reads `/metrics`, the log format and the
//! backup schedule. `serve --config FILE` reads it, flags given override it, and it refuses
//! to start on any problem `check-config FILE` reports ([`OfficeConfig::problems`]).
//!
//! Every key has a default but `tls` and `backup`, which are off unless given; an unknown
//! key is an error (a misspelt `tsl` must not silently serve plain HTTP).

mod check;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::api::Limits;
use crate::logs::LogFormat;
use crate::metrics::MetricsAccess;
use crate::serve::Listen;
use crate::sqlite::UploadLimits;

/// The default place of the configuration in the package.
pub const PACKAGED_CONFIG: &str = "/etc/vigil/office.toml";

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OfficeConfig {
    /// Address and port, like `0.0.0.0:8750`. Kept as written, so a bad one is reported
    /// beside the file's other problems.
    pub listen: String,
    /// The office's database and blobs.
    pub data_dir: PathBuf,
    /// Plain HTTP on an address other machines reach (only behind a TLS proxy).
    pub force_plain_http: bool,
    pub tls: Option<TlsFiles>,
    pub limits: LimitSettings,
    pub metrics: MetricsSettings,
    pub log: LogSettings,
    pub backup: Option<BackupSchedule>,
}

impl Default for OfficeConfig {
    fn default() -> OfficeConfig {
        OfficeConfig {
            listen: "127.0.0.1:8750".into(),
            data_dir: "vigil-data".into(),
            force_plain_http: false,
            tls: None,
            limits: LimitSettings::default(),
            metrics: MetricsSettings::default(),
            log: LogSettings::default(),
            backup: None,
        }
    }
}

/// PEM certificate chain and private key: the office serves HTTPS with them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LimitSettings {
    /// Largest request body accepted.
    pub max_body_mib: u64,
    /// Bytes of unfinished uploads one device may hold at once.
    pub upload_quota_mib: u64,
    /// Days an unfinished upload is kept before it is deleted.
    pub partial_upload_days: u32,
}

impl Default for LimitSettings {
    fn default() -> LimitSettings {
        LimitSettings { max_body_mib: 32, upload_quota_mib: 1024, partial_upload_days: 7 }
    }
}

/// Who may read `/metrics` (see [`MetricsAccess`]).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MetricsSettings {
    /// Addresses or networks (`10.0.0.5`, `10.0.0.0/24`, `::1`) scrapes may come from.
    pub allow_from: Vec<String>,
    /// A file holding the bearer token every scrape must send, when set.
    pub token_file: Option<PathBuf>,
}

impl Default for MetricsSettings {
    fn default() -> MetricsSettings {
        MetricsSettings { allow_from: vec!["127.0.0.0/8".into(), "::1".into()], token_file: None }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogSettings {
    pub format: LogFormat,
}

/// Scheduled backups: where they go, how often, how many are kept, and the file holding
/// the passphrase they are encrypted with (the office's backup command makes them).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupSchedule {
    pub dir: PathBuf,
    #[serde(default = "BackupSchedule::default_every_hours")]
    pub every_hours: u32,
    #[serde(default = "BackupSchedule::default_keep")]
    pub keep: u32,
    pub passphrase_file: PathBuf,
}

impl BackupSchedule {
    fn default_every_hours() -> u32 {
        24
    }
    fn default_keep() -> u32 {
        14
    }
}

/// A configuration file that cannot be read or is not valid TOML of this shape.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct ConfigError {
    pub file: PathBuf,
    pub message: String,
}

impl OfficeConfig {
    pub fn load(file: &Path) -> Result<OfficeConfig, ConfigError> {
        let error = |message: String| ConfigError { file: file.to_owned(), message };
        let text = std::fs::read_to_string(file).map_err(|err| error(format!("cannot read it: {err}")))?;
        toml::from_str(&text).map_err(|err| error(err.to_string().trim_end().to_owned()))
    }

    /// Everything wrong with this configuration, each naming its key; empty when it can
    /// serve. Reads the files it names and tries writing in the directories.
    pub fn problems(&self) -> Vec<String> {
        check::problems(self)
    }

    pub fn listen_address(&self) -> Result<SocketAddr, String> {
        self.listen.trim().parse().map_err(|_| {
            format!("listen: {:?} is not an address with a port, like 127.0.0.1:8750 or [::]:8750", self.listen)
        })
    }

    pub fn listen(&self) -> Result<Listen, String> {
        Ok(Listen {
            address: self.listen_address()?,
            tls: self.tls.as_ref().map(|tls| (tls.cert.clone(), tls.key.clone())),
            force_plain_http: self.force_plain_http,
        })
    }

    pub fn limits(&self) -> Limits {
        let max_body = self.limits.max_body_mib.saturating_mul(1024 * 1024);
        Limits { max_body_bytes: usize::try_from(max_body).unwrap_or(usize::MAX), ..Limits::default() }
    }

    pub fn upload_limits(&self) -> UploadLimits {
        UploadLimits {
            quota_bytes: self.limits.upload_quota_mib.saturating_mul(1024 * 1024),
            max_age: chrono::Duration::days(self.limits.partial_upload_days.into()),
        }
    }

    /// Who may read `/metrics`, with the token read from its file.
    pub fn metrics_access(&self) -> Result<MetricsAccess, String> {
        let networks = check::networks(&self.metrics.allow_from)?;
        let token = self.metrics.token_file.as_deref().map(check::metrics_token).transpose()?;
        Ok(MetricsAccess::new(networks, token.as_deref()))
    }
}

/// `check-config FILE`: what the office would do with it, or every problem it has.
pub fn check_file(file: &Path) -> Result<String, String> {
    let config = OfficeConfig::load(file).map_err(|err| err.to_string())?;
    let problems = config.problems();
    if !problems.is_empty() {
        return Err(format!("{}: {}", file.display(), problems_text(&problems)));
    }
    Ok(format!("{}: no problems; {}", file.display(), config.summary()))
}

/// Problems as a list, one a line.
pub fn problems_text(problems: &[String]) -> String {
    let count = match problems.len() {
        1 => "1 problem".to_owned(),
        n => format!("{n} problems"),
    };
    let lines: Vec<String> = problems.iter().map(|problem| format!("  - {problem}")).collect();
    format!("{count}:\n{}", lines.join("\n"))
}

impl OfficeConfig {
    /// What the office does with this configuration, in a sentence for the administrator.
    fn summary(&self) -> String {
        let scheme = if self.tls.is_some() { "HTTPS" } else { "plain HTTP" };
        let token = if self.metrics.token_file.is_some() { "with its token" } else { "without a token" };
        let backup = match &self.backup {
            Some(backup) => {
                format!("backups every {} h into {}, keeping {}", backup.every_hours, backup.dir.display(), backup.keep)
            }
            None => "no scheduled backups".into(),
        };
        format!(
            "serves {scheme} on {}, data in {}, /metrics from {} {token}, logs as {}, {backup}",
            self.listen.trim(),
            self.data_dir.display(),
            self.metrics.allow_from.join(", "),
            self.log.format.as_str(),
        )
    }
}

/// `serve`'s flags: each one given overrides the configuration file.
#[derive(Debug, Default, clap::Args)]
pub struct ServeFlags {
    /// Address and port to listen on [default: 127.0.0.1:8750].
    #[arg(long)]
    pub listen: Option<SocketAddr>,
    /// PEM certificate chain for HTTPS (with --tls-key).
    #[arg(long, requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key for HTTPS (with --tls-cert).
    #[arg(long, requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Serve plain HTTP on a non-loopback address (only behind a TLS proxy).
    #[arg(long)]
    pub force_plain_http: bool,
    /// Largest request body accepted, in MiB [default: 32].
    #[arg(long)]
    pub max_body_mib: Option<u64>,
    /// Bytes of unfinished uploads one device may hold at once, in MiB [default: 1024].
    #[arg(long)]
    pub upload_quota_mib: Option<u64>,
    /// Days an unfinished upload is kept before it is deleted [default: 7].
    #[arg(long)]
    pub partial_upload_days: Option<u32>,
    /// A file holding the bearer token /metrics asks for.
    #[arg(long)]
    pub metrics_token_file: Option<PathBuf>,
}

impl ServeFlags {
    pub fn apply(self, config: &mut OfficeConfig) {
        if let Some(listen) = self.listen {
            config.listen = listen.to_string();
        }
        if let Some((cert, key)) = self.tls_cert.zip(self.tls_key) {
            config.tls = Some(TlsFiles { cert, key });
        }
        config.force_plain_http |= self.force_plain_http;
        let limits = &mut config.limits;
        limits.max_body_mib = self.max_body_mib.unwrap_or(limits.max_body_mib);
        limits.upload_quota_mib = self.upload_quota_mib.unwrap_or(limits.upload_quota_mib);
        limits.partial_upload_days = self.partial_upload_days.unwrap_or(limits.partial_upload_days);
        if self.metrics_token_file.is_some() {
            config.metrics.token_file = self.metrics_token_file;
        }
    }
}

#[cfg(test)]
mod tests;
