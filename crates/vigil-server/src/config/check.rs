//! What `check-config` finds wrong with a configuration, every problem at once, each
//! naming its key and what to do. The office refuses to start on any of them.

use std::path::Path;

use ipnet::IpNet;

use super::OfficeConfig;

/// A token shorter than this could be guessed.
const SHORTEST_TOKEN: usize = 16;

pub(super) fn problems(config: &OfficeConfig) -> Vec<String> {
    let mut problems = Vec::new();
    match config.listen() {
        Err(problem) => problems.push(problem),
        Ok(listen) => {
            if crate::serve::check_listen(&listen).is_err() {
                problems.push(format!(
                    "listen: plain HTTP on {} would carry device tokens and interview notes across the network \
                     in clear; give [tls] cert and key (--tls-cert, --tls-key), or force_plain_http = true \
                     (--force-plain-http) behind a TLS proxy",
                    listen.address
                ));
            }
        }
    }
    if let Some(tls) = &config.tls {
        let cert = readable_file("tls.cert", &tls.cert);
        let key = readable_file("tls.key", &tls.key);
        let both_readable = cert.is_ok() && key.is_ok();
        problems.extend([cert.err(), key.err()].into_iter().flatten());
        if both_readable && let Err(err) = tls_loads(&tls.cert, &tls.key) {
            problems.push(format!("tls: the certificate and key do not load: {err}"));
        }
    }
    problems.extend(writable_dir("data_dir", &config.data_dir).err());
    let limits = &config.limits;
    if limits.max_body_mib == 0 {
        problems.push("limits.max_body_mib: 0 would refuse every push; the default is 32".into());
    }
    if limits.upload_quota_mib == 0 {
        problems.push("limits.upload_quota_mib: 0 would refuse every photo; the default is 1024".into());
    }
    if limits.partial_upload_days == 0 {
        problems.push("limits.partial_upload_days: 0 would delete uploads under way; the default is 7".into());
    }
    problems.extend(networks(&config.metrics.allow_from).err());
    problems.extend(config.metrics.token_file.as_deref().map(metrics_token).and_then(Result::err));
    if let Some(backup) = &config.backup {
        problems.extend(writable_dir("backup.dir", &backup.dir).err());
        if backup.every_hours == 0 {
            problems.push("backup.every_hours: 0; give how many hours apart backups are made, like 24".into());
        }
        if backup.keep == 0 {
            problems.push("backup.keep: 0 would delete every backup; give how many to keep, like 14".into());
        }
        if let Err(problem) = secret("backup.passphrase_file", &backup.passphrase_file) {
            problems.push(problem);
        }
    }
    problems
}

/// `metrics.allow_from` as networks; a plain address is a network of one.
pub(super) fn networks(allowed: &[String]) -> Result<Vec<IpNet>, String> {
    let mut networks = Vec::new();
    let mut bad = Vec::new();
    for text in allowed {
        let text = text.trim();
        match text.parse::<IpNet>().or_else(|_| text.parse::<std::net::IpAddr>().map(IpNet::from)) {
            Ok(network) => networks.push(network),
            Err(_) => bad.push(format!("{text:?}")),
        }
    }
    if bad.is_empty() {
        Ok(networks)
    } else {
        Err(format!(
            "metrics.allow_from: {} is not an address or network (like 127.0.0.1, ::1 or 10.0.0.0/24)",
            bad.join(", ")
        ))
    }
}

/// The token in `metrics.token_file`.
pub(super) fn metrics_token(file: &Path) -> Result<String, String> {
    let token = secret("metrics.token_file", file)?;
    if token.chars().count() < SHORTEST_TOKEN {
        return Err(format!(
            "metrics.token_file: the token in {} is shorter than {SHORTEST_TOKEN} characters; make a long random \
             one (openssl rand -hex 32)",
            file.display()
        ));
    }
    Ok(token)
}

/// A file's first line, which must not be empty.
fn secret(key: &str, file: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(file).map_err(|err| format!("{key}: cannot read {}: {err}", file.display()))?;
    let first = text.lines().next().unwrap_or("").trim();
    if first.is_empty() {
        return Err(format!("{key}: {} is empty", file.display()));
    }
    Ok(first.to_owned())
}

fn readable_file(key: &str, file: &Path) -> Result<(), String> {
    match std::fs::File::open(file) {
        Ok(opened) if opened.metadata().is_ok_and(|meta| meta.is_file()) => Ok(()),
        Ok(_) => Err(format!("{key}: {} is not a file", file.display())),
        Err(err) => Err(format!("{key}: cannot read {}: {err}", file.display())),
    }
}

/// Loads the certificate and key as `serve` will (on a thread of its own, so this also
/// works from inside a runtime).
fn tls_loads(cert: &Path, key: &Path) -> Result<(), String> {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|err| err.to_string())?;
                runtime
                    .block_on(axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key))
                    .map(drop)
                    .map_err(|err| err.to_string())
            })
            .join()
            .unwrap_or_else(|_| Err("loading them failed".into()))
    })
}

/// A directory the office can read and write, or one it can create. Tried by writing a
/// file and deleting it: permissions, read-only mounts and full disks all show.
fn writable_dir(key: &str, dir: &Path) -> Result<(), String> {
    let shown = dir.display();
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => try_writing(dir).map_err(|err| format!("{key}: {shown}: {err}")),
        Ok(_) => Err(format!("{key}: {shown} is not a directory")),
        Err(err) if matches!(err.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory) => {
            // The office creates it: its nearest existing parent must take it.
            let parent = dir
                .ancestors()
                .skip(1)
                .find(|parent| parent.as_os_str().is_empty() || parent.exists())
                .filter(|parent| !parent.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let cannot = |why: String| format!("{key}: {shown} does not exist and cannot be created: {why}");
            match std::fs::metadata(parent) {
                Ok(meta) if meta.is_dir() => {
                    try_writing(parent).map_err(|err| cannot(format!("{}: {err}", parent.display())))
                }
                _ => Err(cannot(format!("{} is not a directory", parent.display()))),
            }
        }
        Err(err) => Err(format!("{key}: cannot reach {shown}: {err}")),
    }
}

fn try_writing(dir: &Path) -> Result<(), String> {
    std::fs::read_dir(dir).map_err(|err| format!("cannot read it: {err}"))?;
    let probe = dir.join(format!(".vigil-check-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(|err| format!("cannot write in it: {err}"))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}
