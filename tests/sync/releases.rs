//! Signed app releases (issue 15), over HTTP: the administrator publishes a bundle, the
//! office keeps it only if its signature checks out with the app's updater key and names
//! the version, and hands it only to enrolled devices.

use std::path::Path;

use vigil_core::Role;
use vigil_core::protocol::API_PREFIX;
use vigil_core::protocol::Release;
use vigil_server::Storage;
use vigil_server::releases;
use vigil_tests::{Office, Signer};

fn bundle(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("bundle");
    path
}

#[test]
fn a_bundle_is_published_only_with_a_signature_of_the_app_key_for_its_version() {
    let work = tempfile::tempdir().expect("dir");
    let shelf = work.path().join("releases");
    let (app_key, other_key) = (Signer::new(), Signer::new());
    let name = "vigil_0.2.0_amd64.deb";
    let bytes = b"!<arch>\ndebian-binary the new app".to_vec();
    let file = bundle(work.path(), name, &bytes);

    let refused = |signature: &str, version: &str| {
        let err = releases::publish(&shelf, &file, signature, version, &app_key.public).expect_err("refused");
        assert!(releases::latest(&shelf).expect("latest").is_none(), "nothing kept after: {err}");
        err.to_string()
    };
    // The same file, one byte changed after signing.
    let mut tampered = bytes.clone();
    tampered[10] ^= 1;
    let signature = app_key.sign(&tampered, name, "0.2.0");
    assert!(refused(&signature, "0.2.0").contains("does not match"));
    // Signed with a key the app does not trust.
    assert!(refused(&other_key.sign(&bytes, name, "0.2.0"), "0.2.0").contains("does not match"));
    // A genuine signature of this file, passed off as another version.
    assert!(refused(&app_key.sign(&bytes, name, "0.2.0"), "0.3.0").contains("made for version 0.2.0"));
    assert!(refused("not base64!", "0.2.0").contains("not base64"));
    assert!(refused(&app_key.sign(&bytes, name, "0.2.0"), "latest").contains("not a semantic version"));

    let release = releases::publish(&shelf, &file, &app_key.sign(&bytes, name, "0.2.0"), "0.2.0", &app_key.public)
        .expect("published");
    assert_eq!(
        (release.version.as_str(), release.file_name.as_str(), release.size),
        ("0.2.0", name, bytes.len() as u64)
    );
    assert_eq!(releases::latest(&shelf).expect("latest"), Some(release));
    let again = releases::publish(&shelf, &file, &app_key.sign(&bytes, name, "0.2.0"), "0.2.0", &app_key.public);
    assert!(again.expect_err("a version is published once").to_string().contains("published already"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_newest_release_goes_to_enrolled_devices_and_nothing_to_anyone_else() {
    let office = Office::start().await;
    let team = office.team("North");
    let inspector = office.user("Inspector", Role::Inspector, &[team]);
    let (_, token) = office.enrol_raw(inspector, None).await;
    let (revoked, revoked_token) = office.enrol_raw(inspector, None).await;
    office.storage.revoke(revoked).expect("revoke");
    let client = reqwest::Client::new();
    let get = |path: &str, token: Option<&str>| {
        let request = client.get(format!("{}{API_PREFIX}{path}", office.url));
        match token {
            Some(token) => request.bearer_auth(token).send(),
            None => request.send(),
        }
    };

    // Nothing published yet: an enrolled device hears so.
    assert_eq!(get("/releases/latest", Some(&token)).await.expect("get").status(), 204);

    let signer = Signer::new();
    let work = tempfile::tempdir().expect("dir");
    let shelf = office.storage.release_dir();
    for (version, bytes) in [("0.2.0", b"the app at 0.2.0".as_slice()), ("0.10.0", b"the app at 0.10.0".as_slice())] {
        let name = format!("vigil_{version}_amd64.deb");
        let file = bundle(work.path(), &name, bytes);
        releases::publish(&shelf, &file, &signer.sign(bytes, &name, version), version, &signer.public)
            .expect("publish");
    }

    let answer = get("/releases/latest", Some(&token)).await.expect("get");
    assert_eq!(answer.status(), 200);
    let release: Release = answer.json().await.expect("release");
    assert_eq!(release.version, "0.10.0", "versions compare as versions, not as text");
    let file = get(&release.path.replacen(API_PREFIX, "", 1), Some(&token)).await.expect("get file");
    assert_eq!(file.status(), 200);
    assert_eq!(file.bytes().await.expect("bytes").as_ref(), b"the app at 0.10.0");

    // No token, a made-up one, a revoked device's: nothing of the release, only a refusal.
    for token in [None, Some("f".repeat(64)), Some(revoked_token)] {
        for path in ["/releases/latest", "/releases/0.10.0/file"] {
            let answer = get(path, token.as_deref()).await.expect("get");
            assert_eq!(answer.status(), 401, "{path} with {token:?}");
            let body = answer.text().await.expect("body");
            assert!(!body.contains("0.10.0") && !body.contains("the app"), "{path} told {body}");
        }
    }
    // Only a published version names a file; nothing else under the office's disk.
    for path in
        ["/releases/0.3.0/file", "/releases/..%2F..%2Fcentral.db/file", "/releases/0.10.0%2F..%2F..%2Fcentral.db/file"]
    {
        assert_eq!(get(path, Some(&token)).await.expect("get").status(), 404, "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sync_client_fetches_the_newest_release_and_refuses_a_file_changed_at_the_office() {
    let office = Office::start().await;
    let team = office.team("North");
    let inspector = office.user("Inspector", Role::Inspector, &[team]);
    let dir = tempfile::tempdir().expect("dir");
    let device = office.device(inspector, Role::Inspector, dir.path(), "tablet").await;
    assert_eq!(device.client.latest_release().await.expect("latest"), None);

    let signer = Signer::new();
    let (name, bytes) = ("vigil_0.2.0_amd64.deb", b"the app at 0.2.0".as_slice());
    let file = bundle(dir.path(), name, bytes);
    let shelf = office.storage.release_dir();
    releases::publish(&shelf, &file, &signer.sign(bytes, name, "0.2.0"), "0.2.0", &signer.public).expect("publish");

    let release = device.client.latest_release().await.expect("latest").expect("a release");
    assert_eq!((release.version.as_str(), release.size), ("0.2.0", bytes.len() as u64));
    assert_eq!(device.client.fetch_release(&release).await.expect("fetched"), bytes);

    // Someone with the office's disk swaps the bundle: the device sees it is not what was announced.
    std::fs::write(shelf.join("0.2.0").join(name), b"the app at 6.6.6").expect("swap");
    let refused = device.client.fetch_release(&release).await.expect_err("an altered file is refused");
    assert!(refused.to_string().contains(&format!("not the 16 bytes and {}", release.sha256)), "{refused}");
    // A version in the answer is never a path of the device's choosing.
    let sideways = Release { version: "../../health".into(), ..release };
    assert!(device.client.fetch_release(&sideways).await.is_err());
}
