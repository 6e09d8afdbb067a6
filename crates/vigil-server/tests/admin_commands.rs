//! The administrator's commands, run as the real `vigil-server` binary on one data
//! directory while the same binary serves it: set up a team, its people, its places and
//! checklists, hand out an enrolment code, watch the device enrol, list it and revoke it.
//! Bad input is refused with a message naming what was wrong, and stores nothing.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use serde_json::{Value, json};
use uuid::Uuid;
use vigil_core::protocol::{ChangesResponse, EnrolResponse};
use vigil_server::SqliteStorage;

fn vigil_server(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vigil-server"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run vigil-server")
}

/// Runs a command that must succeed; answers its standard output, trimmed.
fn succeeds(data: &Path, args: &[&str]) -> String {
    let output = vigil_server(data, args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "vigil-server {args:?} failed: {stderr}");
    String::from_utf8(output.stdout).expect("utf-8").trim().to_owned()
}

/// Runs a command that must fail; answers what it printed on standard error.
fn fails(data: &Path, args: &[&str]) -> String {
    let output = vigil_server(data, args);
    assert!(!output.status.success(), "vigil-server {args:?} should have failed");
    String::from_utf8(output.stderr).expect("utf-8")
}

/// `vigil-server serve` on a free loopback port, stopped when dropped.
struct Serving {
    child: Child,
    api: String,
}

impl Serving {
    fn start(data: &Path) -> Serving {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vigil-server"))
            .arg("--data")
            .arg(data)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .env("NO_COLOR", "1")
            .stderr(Stdio::piped())
            .spawn()
            .expect("start vigil-server serve");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(stderr).lines();
        let address = lines
            .by_ref()
            .map_while(Result::ok)
            .find_map(|line| bound_address(&line))
            .expect("the server says where it listens");
        // Keep reading its log, so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Serving { child, api: format!("http://{address}/api/v1") }
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The address in the server's "central office listening" log line.
fn bound_address(line: &str) -> Option<SocketAddr> {
    if !line.contains("central office listening") {
        return None;
    }
    let after = line.split("address=").nth(1)?;
    after.split_whitespace().next()?.parse().ok()
}

const PLACES_CSV: &str = "name,kind,region,address,latitude,longitude,authority,capacity,population,contact\n\
    \"Prison No. 2, East Wing\",prison,Riverside,\"1 Mill Road, Riverside\",41.2,47.1,Ministry of Justice,400,512,\n\
    Police Station 7,police_custody,Capital City,,,,Ministry of Internal Affairs,12,,+000 1234\n";

const TEMPLATE_JSON: &str = r#"{"kind": "police_custody", "version": 2, "title": "Police custody v2", "sections": [
    {"area": "protection_measures", "questions": [
        {"key": "pc.prot.lawyer", "text": "Lawyer from the outset?", "answer": {"type": "yes_no"}, "standard": null}]}]}"#;

/// Every change the device may pull, by entity name.
async fn pulled_entities(http: &reqwest::Client, api: &str, token: &str) -> Vec<String> {
    let page: ChangesResponse = http
        .get(format!("{api}/changes?since=0"))
        .bearer_auth(token)
        .send()
        .await
        .expect("changes")
        .json()
        .await
        .expect("a page of changes");
    assert!(!page.more, "one page holds this small office");
    page.changes.iter().map(|change| change.op.entity.as_str().to_owned()).collect()
}

fn count(entities: &[String], name: &str) -> usize {
    entities.iter().filter(|entity| *entity == name).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_office_set_up_from_the_command_line_enrols_lists_and_revokes_a_device() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("office");
    let data = data.as_path();

    let team: Uuid = succeeds(data, &["team", "add", "Team North", "--region", "North"]).parse().expect("team id");
    let lead = ["user", "add", "--name", "Lena Lead", "--email", "lena@npm.example", "--role", "lead"];
    let lead: Uuid = succeeds(data, &[&lead[..], &["--team", &team.to_string()]].concat()).parse().expect("user id");

    let places = dir.path().join("places.csv");
    std::fs::write(&places, PLACES_CSV).expect("write places");
    succeeds(data, &["facility", "import", places.to_str().expect("path")]);
    let template = dir.path().join("template.json");
    std::fs::write(&template, TEMPLATE_JSON).expect("write template");
    succeeds(data, &["template", "import", template.to_str().expect("path")]);

    let office = Serving::start(data);
    let http = reqwest::Client::new();
    let health = http.get(format!("{}/health", office.api)).send().await.expect("health");
    assert_eq!(health.status(), 200);

    // The code is asked for by e-mail address (in any case), while the office is serving.
    let code = succeeds(data, &["device", "enrol-code", "--user", "Lena@NPM.example"]);
    let device_id = Uuid::now_v7();
    let enrol = json!({"code": code, "device_id": device_id, "device_name": "Lena's tablet"});
    let answer = http.post(format!("{}/enrol", office.api)).json(&enrol).send().await.expect("enrol");
    assert_eq!(answer.status(), 200);
    let enrolled: EnrolResponse = answer.json().await.expect("enrolment");
    assert_eq!(enrolled.user_id, lead);
    let again = json!({"code": code, "device_id": Uuid::now_v7(), "device_name": "a second tablet"});
    let reused = http.post(format!("{}/enrol", office.api)).json(&again).send().await.expect("enrol again");
    assert_eq!(reused.status(), 401, "a code works once");

    let entities = pulled_entities(&http, &office.api, &enrolled.token).await;
    assert_eq!(count(&entities, "team"), 1, "{entities:?}");
    assert_eq!(count(&entities, "user"), 1, "{entities:?}");
    assert_eq!(count(&entities, "facility"), 2, "{entities:?}");
    assert_eq!(count(&entities, "checklist_template"), 1, "{entities:?}");

    let listed: Vec<Value> = succeeds(data, &["device", "list"])
        .lines()
        .map(|line| serde_json::from_str(line).expect("one device per line, as JSON"))
        .collect();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["id"], json!(device_id));
    assert_eq!(listed[0]["user_id"], json!(lead));
    assert_eq!(listed[0]["revoked_at"], Value::Null);

    let whoami = format!("{}/whoami", office.api);
    assert_eq!(http.get(&whoami).bearer_auth(&enrolled.token).send().await.expect("whoami").status(), 200);
    succeeds(data, &["device", "revoke", &device_id.to_string()]);
    let revoked = http.get(&whoami).bearer_auth(&enrolled.token).send().await.expect("whoami");
    assert_eq!(revoked.status(), 401, "the serving office sees the revocation at once");
    let listed = succeeds(data, &["device", "list"]);
    assert!(!listed.contains("\"revoked_at\":null"), "{listed}");
    let twice = fails(data, &["device", "revoke", &device_id.to_string()]);
    assert!(twice.contains(&format!("no active device {device_id}")), "{twice}");
}

async fn enrol(http: &reqwest::Client, api: &str, code: &str, device_id: Uuid) -> reqwest::Response {
    let request = json!({"code": code, "device_id": device_id, "device_name": "tablet"});
    http.post(format!("{api}/enrol")).json(&request).send().await.expect("enrol")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_an_administrators_re_enrolment_gives_a_known_device_id_a_new_token() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("office");
    let data = data.as_path();
    let team = succeeds(data, &["team", "add", "Team North"]);
    let lead: Uuid = succeeds(data, &user_add("lena@npm.example", "lead", &team)).parse().expect("user id");
    succeeds(data, &user_add("nora@npm.example", "inspector", &team));
    let office = Serving::start(data);
    let http = reqwest::Client::new();
    let whoami = |token: &str| http.get(format!("{}/whoami", office.api)).bearer_auth(token.to_owned()).send();

    let device_id = Uuid::now_v7();
    let code = succeeds(data, &["device", "enrol-code", "--user", "lena@npm.example"]);
    let first: EnrolResponse = enrol(&http, &office.api, &code, device_id).await.json().await.expect("enrolled");

    // A colleague's code cannot take the id over, and is not spent trying.
    let colleague = succeeds(data, &["device", "enrol-code", "--user", "nora@npm.example"]);
    let taken = enrol(&http, &office.api, &colleague, device_id).await;
    assert_eq!(taken.status(), 409);
    assert_eq!(taken.json::<Value>().await.expect("error")["code"], "device_exists");
    assert_eq!(whoami(&first.token).await.expect("whoami").status(), 200);
    assert_eq!(enrol(&http, &office.api, &colleague, Uuid::now_v7()).await.status(), 200);

    let id = device_id.to_string();
    let re_enrol = succeeds(data, &["device", "re-enrol", "--device", &id]);
    assert_eq!(whoami(&first.token).await.expect("whoami").status(), 401, "the old token is revoked at once");
    let again: EnrolResponse = enrol(&http, &office.api, &re_enrol, device_id).await.json().await.expect("enrolled");
    assert_eq!(again.user_id, lead);
    let me: Value = whoami(&again.token).await.expect("whoami").json().await.expect("device");
    assert_eq!(me["device_id"], json!(device_id));
    let listed = succeeds(data, &["device", "list"]);
    let row: Value = listed
        .lines()
        .map(|line| serde_json::from_str(line).expect("json"))
        .find(|row: &Value| row["id"] == json!(device_id))
        .expect("listed");
    assert_eq!((row["user_id"].clone(), row["revoked_at"].clone()), (json!(lead), Value::Null));

    let unknown = Uuid::now_v7().to_string();
    let refused = fails(data, &["device", "re-enrol", "--device", &unknown]);
    assert!(refused.contains(&format!("no enrolled device {unknown}")), "{refused}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_restore_a_device_is_refused_until_confirmed_from_the_command_line() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("office");
    let team = succeeds(&data, &["team", "add", "Team North"]);
    succeeds(&data, &user_add("lena@npm.example", "lead", &team));
    let http = reqwest::Client::new();
    let (device_id, token) = {
        let office = Serving::start(&data);
        let code = succeeds(&data, &["device", "enrol-code", "--user", "lena@npm.example"]);
        let device_id = Uuid::now_v7();
        let enrolled: EnrolResponse = enrol(&http, &office.api, &code, device_id).await.json().await.expect("enrolled");
        (device_id, enrolled.token)
    };
    let backup = dir.path().join("office.age");
    let restored = dir.path().join("restored");
    for (data, args) in [
        (&data, vec!["backup", "--out", backup.to_str().expect("path")]),
        (&restored, vec!["restore", backup.to_str().expect("path")]),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_vigil-server"))
            .arg("--data")
            .arg(data)
            .args(&args)
            .env("VIGIL_BACKUP_PASSPHRASE", "Heron-candle-19-wharf")
            .output()
            .expect("run vigil-server");
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    }

    let office = Serving::start(&restored);
    let whoami = || http.get(format!("{}/whoami", office.api)).bearer_auth(token.clone()).send();
    let refused = whoami().await.expect("whoami");
    assert_eq!(refused.status(), 403);
    assert_eq!(refused.json::<Value>().await.expect("error")["code"], "device_unconfirmed");
    let listed: Value = serde_json::from_str(&succeeds(&restored, &["device", "list"])).expect("one device");
    assert!(listed["unconfirmed_since"].is_string(), "{listed}");

    let id = device_id.to_string();
    succeeds(&restored, &["device", "confirm", "--device", &id]);
    assert_eq!(whoami().await.expect("whoami").status(), 200, "the serving office trusts it at once");
    let twice = fails(&restored, &["device", "confirm", "--device", &id]);
    assert!(twice.contains("waiting for confirmation"), "{twice}");
    let audit = SqliteStorage::open(&restored).expect("office").audit_view(&Default::default()).expect("audit");
    assert!(audit.entries.iter().any(|e| e.action == "device_confirmed" && e.details.contains(&id)));
}

fn user_add<'a>(email: &'a str, role: &'a str, team: &'a str) -> [&'a str; 10] {
    ["user", "add", "--name", "Nora Inspector", "--email", email, "--role", role, "--team", team]
}

#[test]
fn bad_input_to_the_commands_is_named_and_stores_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("office");
    let data = data.as_path();
    let team = succeeds(data, &["team", "add", "Team North"]);
    let logged = || SqliteStorage::open(data).expect("office").op_ids().expect("office log").len();

    let role = fails(data, &user_add("nora@npm.example", "boss", &team));
    assert!(role.contains("\"boss\" is not a role"), "{role}");
    let no_team = Uuid::now_v7().to_string();
    let stray = fails(data, &user_add("nora@npm.example", "inspector", &no_team));
    assert!(stray.contains(&format!("user.team_ids: no team {no_team}")), "{stray}");
    succeeds(data, &user_add("nora@npm.example", "inspector", &team));
    let before = logged();
    let taken = fails(data, &user_add("Nora@NPM.example", "lead", &team));
    assert!(taken.contains("user.email: Nora@NPM.example is Nora Inspector's address already"), "{taken}");

    let places = dir.path().join("places.csv");
    let one_bad_row = PLACES_CSV.replace("police_custody", "castle");
    std::fs::write(&places, one_bad_row).expect("write");
    let refused = fails(data, &["facility", "import", places.to_str().expect("path")]);
    assert!(refused.contains("row 3") && refused.contains("castle"), "{refused}");

    let unknown = fails(data, &["device", "enrol-code", "--user", "nobody@npm.example"]);
    assert!(unknown.contains("no user with e-mail nobody@npm.example"), "{unknown}");
    assert_eq!(logged(), before, "a refused command stored nothing");

    // The good row of the refused file was not kept either: the whole file goes in now.
    std::fs::write(&places, PLACES_CSV).expect("write");
    succeeds(data, &["facility", "import", places.to_str().expect("path")]);
    assert_eq!(logged(), before + 2);
}
