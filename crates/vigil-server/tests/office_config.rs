//! The office's configuration file, through the real `vigil-server` binary: `check-config`
//! names each problem (and all of them at once) and fails; `serve --config` refuses the
//! same file, takes a good one with flags overriding it, logs JSON when asked, and guards
//! `/metrics` with the token the file names.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use tempfile::TempDir;

fn vigil_server(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vigil-server")).args(args).env("NO_COLOR", "1").output().expect("run")
}

/// A directory holding configuration files and what they name.
struct Setup {
    dir: TempDir,
}

impl Setup {
    fn new() -> Setup {
        Setup { dir: tempfile::tempdir().expect("dir") }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `office.toml` with `text`, where `{dir}` stands for this directory.
    fn config(&self, text: &str) -> PathBuf {
        let file = self.path("office.toml");
        let dir = self.dir.path().to_str().expect("utf-8 path");
        std::fs::write(&file, text.replace("{dir}", dir)).expect("write config");
        file
    }

    /// A self-signed certificate and its key, as PEM files `cert.pem` and `key.pem`.
    fn certificate(&self) {
        let certified = rcgen::generate_simple_self_signed(vec!["localhost".into()]).expect("certificate");
        std::fs::write(self.path("cert.pem"), certified.cert.pem()).expect("cert");
        std::fs::write(self.path("key.pem"), certified.signing_key.serialize_pem()).expect("key");
    }
}

/// `check-config FILE`: whether it passed, and what it printed (both streams).
fn check(file: &Path) -> (bool, String) {
    let output = vigil_server(&["check-config", file.to_str().expect("path")]);
    let text = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

/// `check-config` on `text` must fail naming `expected`.
fn fails_with(text: &str, expected: &[&str]) -> String {
    let setup = Setup::new();
    let (passed, said) = check(&setup.config(text));
    assert!(!passed, "check-config should fail on:\n{text}\nit said: {said}");
    for part in expected {
        assert!(said.contains(part), "expected {part:?} in:\n{said}");
    }
    said
}

const GOOD: &str = r#"
listen = "127.0.0.1:8750"
data_dir = "{dir}/data"
"#;

#[test]
fn a_good_configuration_passes_and_says_what_the_office_will_do() {
    let setup = Setup::new();
    setup.certificate();
    std::fs::write(setup.path("metrics.token"), "0123456789abcdef0123456789abcdef\n").expect("token");
    std::fs::write(setup.path("backup.pass"), "a long backup passphrase\n").expect("passphrase");
    let file = setup.config(
        r#"
listen = "0.0.0.0:8750"
data_dir = "{dir}/data"

[tls]
cert = "{dir}/cert.pem"
key = "{dir}/key.pem"

[limits]
max_body_mib = 16

[metrics]
allow_from = ["127.0.0.1", "10.1.0.0/16"]
token_file = "{dir}/metrics.token"

[log]
format = "json"

[backup]
dir = "{dir}/backups"
every_hours = 6
keep = 28
passphrase_file = "{dir}/backup.pass"
"#,
    );
    let (passed, said) = check(&file);
    assert!(passed, "{said}");
    for part in ["no problems", "serves HTTPS on 0.0.0.0:8750", "with its token", "backups every 6 h", "keeping 28"] {
        assert!(said.contains(part), "expected {part:?} in: {said}");
    }
    assert!(!setup.path("data").exists(), "checking creates nothing");
}

#[test]
fn an_unknown_key_is_refused_by_name_and_line() {
    let said = fails_with("lisen = \"127.0.0.1:8750\"\n", &["office.toml", "unknown field `lisen`", "line 1"]);
    assert!(said.contains("listen"), "the keys it could be are listed: {said}");
    fails_with("[tsl]\ncert = \"a.pem\"\nkey = \"b.pem\"\n", &["unknown field `tsl`"]);
    fails_with("[metrics]\nallow = [\"127.0.0.1\"]\n", &["unknown field `allow`"]);
}

#[test]
fn a_value_of_the_wrong_kind_is_refused_by_name() {
    fails_with("[log]\nformat = \"xml\"\n", &["unknown variant `xml`", "line 2"]);
    fails_with("[limits]\nmax_body_mib = \"lots\"\n", &["max_body_mib", "line 2"]);
    fails_with("[tls]\ncert = \"cert.pem\"\n", &["missing field `key`"]);
}

#[test]
fn a_bad_listen_address_is_named() {
    fails_with("listen = \"0.0.0.0\"\ndata_dir = \"{dir}\"\n", &["listen: \"0.0.0.0\" is not an address with a port"]);
    fails_with("listen = \"office.example:8750\"\ndata_dir = \"{dir}\"\n", &["listen: \"office.example:8750\""]);
}

#[test]
fn plain_http_off_this_machine_is_refused_unless_forced() {
    let plain = "listen = \"0.0.0.0:8750\"\ndata_dir = \"{dir}\"\n";
    fails_with(plain, &["listen: plain HTTP on 0.0.0.0:8750", "[tls] cert and key", "force_plain_http = true"]);
    let setup = Setup::new();
    let (passed, said) = check(&setup.config(&format!("{plain}force_plain_http = true\n")));
    assert!(passed, "behind a TLS proxy: {said}");
}

#[test]
fn missing_or_broken_tls_files_are_named() {
    let tls = "data_dir = \"{dir}\"\n[tls]\ncert = \"{dir}/cert.pem\"\nkey = \"{dir}/key.pem\"\n";
    fails_with(tls, &["2 problems", "tls.cert: cannot read", "cert.pem", "tls.key: cannot read", "key.pem"]);

    let setup = Setup::new();
    setup.certificate();
    std::fs::write(setup.path("key.pem"), "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n")
        .expect("spoil the key");
    let (passed, said) = check(&setup.config(tls));
    assert!(!passed && said.contains("tls: the certificate and key do not load"), "{said}");
}

#[test]
fn a_data_directory_the_office_cannot_use_is_named() {
    let setup = Setup::new();
    std::fs::write(setup.path("plain-file"), "not a directory").expect("file");
    let (passed, said) = check(&setup.config("data_dir = \"{dir}/plain-file\"\n"));
    assert!(!passed && said.contains("data_dir:") && said.contains("plain-file is not a directory"), "{said}");
    let (passed, said) = check(&setup.config("data_dir = \"{dir}/plain-file/data\"\n"));
    assert!(!passed && said.contains("does not exist and cannot be created"), "{said}");
    // /proc takes no files, whoever asks (root too).
    let (passed, said) = check(&setup.config("data_dir = \"/proc/vigil-office\"\n"));
    assert!(!passed && said.contains("data_dir: /proc/vigil-office does not exist and cannot be created"), "{said}");
}

#[test]
fn metrics_limits_and_backup_settings_that_cannot_work_are_named() {
    let setup = Setup::new();
    std::fs::write(setup.path("short.token"), "abc\n").expect("token");
    let file = setup.config(
        r#"
data_dir = "{dir}/data"
[limits]
max_body_mib = 0
upload_quota_mib = 0
partial_upload_days = 0
[metrics]
allow_from = ["127.0.0.1", "localhost", "10.0.0.0/33"]
token_file = "{dir}/short.token"
[backup]
dir = "{dir}/backups"
every_hours = 0
keep = 0
passphrase_file = "{dir}/no-such-passphrase"
"#,
    );
    let (passed, said) = check(&file);
    assert!(!passed);
    for part in [
        "8 problems",
        "limits.max_body_mib: 0",
        "limits.upload_quota_mib: 0",
        "limits.partial_upload_days: 0",
        "metrics.allow_from: \"localhost\", \"10.0.0.0/33\" is not an address or network",
        "metrics.token_file: the token in",
        "shorter than 16 characters",
        "backup.every_hours: 0",
        "backup.keep: 0 would delete every backup",
        "backup.passphrase_file: cannot read",
    ] {
        assert!(said.contains(part), "expected {part:?} in:\n{said}");
    }
}

#[test]
fn a_missing_configuration_file_is_named() {
    let (passed, said) = check(Path::new("/nonexistent/vigil/office.toml"));
    assert!(!passed && said.contains("/nonexistent/vigil/office.toml: cannot read it"), "{said}");
}

#[test]
fn serve_refuses_a_configuration_with_problems_and_names_them() {
    let output = {
        let setup = Setup::new();
        let file = setup.config("listen = \"0.0.0.0:8750\"\ndata_dir = \"{dir}/data\"\n[log]\nformat = \"json\"\n");
        vigil_server(&["serve", "--config", file.to_str().expect("path")])
    };
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("the configuration has 1 problem") && said.contains("plain HTTP on 0.0.0.0:8750"), "{said}");
}

/// `vigil-server serve` with `args`, stopped when dropped; its log lines go to `lines`.
struct Serving {
    child: Child,
    address: SocketAddr,
    first_lines: Vec<String>,
}

impl Serving {
    /// Starts the office and reads its log up to the line saying where it listens.
    fn start(args: &[&str], address_of: fn(&str) -> Option<SocketAddr>) -> Serving {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vigil-server"))
            .args(args)
            .env("NO_COLOR", "1")
            .stderr(Stdio::piped())
            .spawn()
            .expect("start vigil-server serve");
        let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
        let mut first_lines = Vec::new();
        let address = lines.by_ref().map_while(Result::ok).find_map(|line| {
            let address = address_of(&line);
            first_lines.push(line);
            address
        });
        let address = address.unwrap_or_else(|| panic!("the office says where it listens: {first_lines:?}"));
        std::thread::spawn(move || lines.for_each(drop));
        Serving { child, address, first_lines }
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn json_address(line: &str) -> Option<SocketAddr> {
    let event: serde_json::Value = serde_json::from_str(line).ok()?;
    let message = event.get("message")?.as_str()?;
    message.contains("central office listening").then(|| event.get("address")?.as_str()?.parse().ok())?
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_takes_the_file_with_flags_overriding_it_logs_json_and_guards_metrics_with_its_token() {
    let setup = Setup::new();
    let token = "f3e1c0ffee5eed0123456789abcdef42";
    std::fs::write(setup.path("metrics.token"), format!("{token}\n")).expect("token");
    // The file asks for a port another test could hold; the flag takes a free one.
    let file = setup.config(
        "listen = \"127.0.0.1:1\"\ndata_dir = \"{dir}/data\"\n[log]\nformat = \"json\"\n\
         [metrics]\ntoken_file = \"{dir}/metrics.token\"\n",
    );
    let config = file.to_str().expect("path");
    let office = Serving::start(&["serve", "--config", config, "--listen", "127.0.0.1:0"], json_address);
    for line in &office.first_lines {
        let event: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|err| panic!("{err}: {line}"));
        assert!(event.get("level").is_some() && event.get("timestamp").is_some(), "{line}");
    }
    assert!(setup.path("data/central.db").exists(), "the data directory is the file's");

    let http = reqwest::Client::new();
    let url = format!("http://{}/metrics", office.address);
    let without = http.get(&url).send().await.expect("scrape");
    assert_eq!(without.status(), 401);
    assert!(!without.text().await.expect("body").contains("vigil_"), "nothing counted is shown");
    let wrong = http.get(&url).bearer_auth("f3e1c0ffee5eed0123456789abcdef43").send().await.expect("scrape");
    assert_eq!(wrong.status(), 401);
    let scraped = http.get(&url).bearer_auth(token).send().await.expect("scrape");
    assert_eq!(scraped.status(), 200);
    let content_type = scraped.headers()["content-type"].to_str().expect("type").to_owned();
    assert!(content_type.starts_with("text/plain; version=0.0.4"), "{content_type}");
    let text = scraped.text().await.expect("body");
    assert!(text.contains("# TYPE vigil_devices_enrolled gauge\nvigil_devices_enrolled 0\n"), "{text}");
}

#[test]
fn text_logs_stay_the_default() {
    let setup = Setup::new();
    let file = setup.config(GOOD);
    let office =
        Serving::start(&["serve", "--config", file.to_str().expect("path"), "--listen", "127.0.0.1:0"], |line| {
            let after = line.split("address=").nth(1)?;
            after.split_whitespace().next()?.parse().ok()
        });
    assert!(office.first_lines.iter().all(|line| serde_json::from_str::<serde_json::Value>(line).is_err()));
    assert!(office.address.ip().is_loopback());
}
