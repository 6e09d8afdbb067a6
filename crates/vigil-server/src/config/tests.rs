use clap::Parser;

use super::*;

#[derive(Debug, Parser)]
struct Serve {
    #[command(flatten)]
    flags: ServeFlags,
}

fn flags(args: &[&str]) -> ServeFlags {
    Serve::try_parse_from([&["serve"], args].concat()).expect("flags").flags
}

#[test]
fn the_shipped_configuration_says_the_defaults_and_passes_its_check() {
    let shipped: OfficeConfig =
        toml::from_str(include_str!("../../debian/office.toml")).expect("debian/office.toml parses");
    let dir = tempfile::tempdir().expect("dir");
    let here = OfficeConfig { data_dir: dir.path().to_owned(), ..shipped.clone() };
    assert_eq!(here.problems(), Vec::<String>::new());
    // The comments there explain the defaults: they must be the code's.
    assert_eq!(OfficeConfig { data_dir: "vigil-data".into(), ..shipped }, OfficeConfig::default());
}

#[test]
fn flags_given_override_the_file_and_the_others_leave_it_alone() {
    let mut config: OfficeConfig = toml::from_str(
        "listen = \"0.0.0.0:8750\"\n[limits]\nmax_body_mib = 8\nupload_quota_mib = 64\n\
         [tls]\ncert = \"file.crt\"\nkey = \"file.key\"\n",
    )
    .expect("config");
    let file = config.clone();
    flags(&[]).apply(&mut config);
    assert_eq!(config, file, "no flag, no change");

    flags(&["--listen", "127.0.0.1:9000", "--max-body-mib", "16", "--tls-cert", "a.crt", "--tls-key", "a.key"])
        .apply(&mut config);
    assert_eq!(config.listen, "127.0.0.1:9000");
    assert_eq!(config.limits.max_body_mib, 16);
    assert_eq!(config.limits.upload_quota_mib, 64, "not given: the file's");
    assert_eq!(config.tls, Some(TlsFiles { cert: "a.crt".into(), key: "a.key".into() }));
    assert_eq!(config.limits().max_body_bytes, 16 * 1024 * 1024);
}

#[test]
fn metrics_access_reads_the_networks_and_the_token_file() {
    let dir = tempfile::tempdir().expect("dir");
    let token = dir.path().join("token");
    std::fs::write(&token, "0123456789abcdef0123\n").expect("token");
    let mut config = OfficeConfig::default();
    config.metrics.allow_from = vec!["10.0.0.7".into(), "192.168.4.0/24".into()];
    config.metrics.token_file = Some(token);
    let access = config.metrics_access().expect("access");
    let ip = |text: &str| text.parse().expect("address");
    assert_eq!(access.admits(ip("192.168.4.9"), Some("0123456789abcdef0123")), Ok(()));
    assert!(access.admits(ip("10.0.0.7"), None).is_err(), "the token is needed");
    assert!(access.admits(ip("10.0.0.8"), Some("0123456789abcdef0123")).is_err(), "only the one address");
}
