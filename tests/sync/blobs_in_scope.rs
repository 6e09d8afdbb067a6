//! Blobs in scope: a device sees a photo only through an attachment it may pull or an
//! upload of its own, and for any other hash gets the answer of a hash the office lacks;
//! a partial upload is its device's alone; unfinished uploads have a quota and an age.

use serde_json::json;
use vigil_core::protocol::{API_PREFIX, ApiError, BlobStatus};
use vigil_core::{Hlc, Op, Role};
use vigil_server::UploadLimits;
use vigil_tests::{Office, outcome_codes};

use crate::blobs::{attach_a_photo, attachment, office_copy, photo, probe};
use crate::world::World;

/// Blob requests by hand, as the device whose token is given.
struct Blobs {
    http: reqwest::Client,
    url: String,
}

impl Blobs {
    fn of(office: &Office) -> Blobs {
        Blobs { http: reqwest::Client::new(), url: format!("{}{API_PREFIX}/blobs", office.url) }
    }

    async fn head(&self, token: &str, sha256: &str) -> reqwest::Response {
        self.http.head(format!("{}/{sha256}", self.url)).bearer_auth(token).send().await.expect("head")
    }

    /// The office's status of the blob for this device (a 200).
    async fn status(&self, token: &str, sha256: &str) -> BlobStatus {
        let head = self.head(token, sha256).await;
        assert_eq!(head.status(), 200, "status of {sha256}");
        let header = |name: &str| head.headers()[name].to_str().expect("text").to_owned();
        BlobStatus {
            offset: header("upload-offset").parse().expect("offset"),
            complete: header("upload-complete") == "true",
        }
    }

    async fn get(&self, token: &str, sha256: &str) -> reqwest::Response {
        self.http.get(format!("{}/{sha256}", self.url)).bearer_auth(token).send().await.expect("get")
    }

    async fn put(&self, token: &str, sha256: &str, offset: usize, total: usize, chunk: &[u8]) -> reqwest::Response {
        self.http
            .put(format!("{}/{sha256}?offset={offset}&total={total}", self.url))
            .bearer_auth(token)
            .body(chunk.to_vec())
            .send()
            .await
            .expect("put")
    }

    /// Puts a chunk the office takes, and reads its answer.
    async fn put_ok(&self, token: &str, sha256: &str, offset: usize, total: usize, chunk: &[u8]) -> BlobStatus {
        let answer = self.put(token, sha256, offset, total, chunk).await;
        assert_eq!(answer.status(), 200, "chunk at {offset} of {sha256}");
        answer.json().await.expect("status")
    }
}

async fn refusal(answer: reqwest::Response) -> (u16, ApiError) {
    (answer.status().as_u16(), answer.json().await.expect("an ApiError"))
}

/// Bytes and their hash, as a device would upload them.
fn photo_with_hash(world: &World, size: usize) -> (Vec<u8>, String) {
    let bytes = photo(size);
    let sha256 = world.lead_a.store().add_blob(&bytes).expect("hash");
    (bytes, sha256)
}

fn part_files(world: &World) -> Vec<String> {
    let entries = std::fs::read_dir(world.office.dir.path().join("blobs")).expect("blob dir");
    let names = entries.map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned());
    names.filter(|name| name.ends_with(".part")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_of_another_team_answers_the_same_404_as_a_photo_the_office_lacks() {
    let world = World::new().await;
    world.lead_a.sync().await.expect("reference data");
    let (bytes, sha256) = attach_a_photo(&world, 50_000);
    world.lead_a.sync().await.expect("the photo and its attachment go up");
    let blobs = Blobs::of(&world.office);
    let (_, colleague) = world.office.enrol_raw(world.inspector_a.actor.user_id, None).await;
    let (_, stranger) = probe(&world).await;

    assert_eq!(blobs.status(&colleague, &sha256).await, BlobStatus { offset: bytes.len() as u64, complete: true });
    let download = blobs.get(&colleague, &sha256).await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["content-length"], bytes.len().to_string().as_str());
    assert_eq!(download.bytes().await.expect("bytes"), bytes);

    let absent = "e".repeat(64);
    let mut answers = Vec::new();
    for sha in [&sha256, &absent] {
        assert_eq!(blobs.head(&stranger, sha).await.status(), 404, "HEAD {sha}");
        let (status, error) = refusal(blobs.get(&stranger, sha).await).await;
        answers.push((status, error.code, error.message.replace(sha.as_str(), "SHA")));
    }
    assert_eq!(answers[0], answers[1], "a team-B device cannot tell team A's photo from no photo");
    assert_eq!((answers[0].0, answers[0].1.as_str()), (404, "not_found"));
}

/// Team A's photo, uploaded, and a team-B device (`stranger`, enrolled raw) with the two
/// ops that would name it on a visit of team B: the visit and an attachment with its hash.
struct Claim {
    stranger_id: uuid::Uuid,
    stranger: String,
    sha256: String,
    ops: [Op; 2],
}

async fn claim_team_as_photo(world: &World) -> Claim {
    world.lead_a.sync().await.expect("reference data");
    let (bytes, sha256) = attach_a_photo(world, 20_000);
    world.lead_a.sync().await.expect("team A's photo goes up");
    let (stranger_id, stranger) = probe(world).await;
    let visit = world.visit(world.team_b);
    let user = world.inspector_b.actor.user_id;
    let attachment = attachment(visit.id, &sha256, bytes.len());
    let ops = [
        Op::create(&visit.into(), stranger_id, 1, Hlc { millis: 1, counter: 0 }, user),
        Op::create(&attachment.into(), stranger_id, 2, Hlc { millis: 2, counter: 0 }, user),
    ];
    Claim { stranger_id, stranger, sha256, ops }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_cannot_attach_a_photo_it_knows_only_the_hash_of_to_fetch_it() {
    let world = World::new().await;
    // A team-B device names team A's photo in an attachment on a visit of its own.
    let Claim { stranger_id, stranger, sha256, ops } = claim_team_as_photo(&world).await;
    let stored = world.office.storage.snapshot_text().expect("office");
    let answer = reqwest::Client::new()
        .post(format!("{}{API_PREFIX}/push", world.office.url))
        .bearer_auth(&stranger)
        .json(&json!({"device_id": stranger_id, "ops": ops}))
        .send()
        .await
        .expect("push");
    let (status, error) = refusal(answer).await;
    assert_eq!((status, error.code.as_str()), (409, "blob_missing"), "as for a photo the office lacks");
    assert_eq!(world.office.storage.snapshot_text().expect("office"), stored, "nothing of the batch is stored");
    assert_eq!(Blobs::of(&world.office).get(&stranger, &sha256).await.status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_declaring_a_photo_it_knows_only_the_hash_of_set_aside_still_cannot_fetch_it() {
    let world = World::new().await;
    // A team-B device names team A's photo in an attachment and says its file is lost:
    // the attachment is taken without bytes, and shows the photo to no one.
    let Claim { stranger_id, stranger, sha256, ops } = claim_team_as_photo(&world).await;
    let answer = reqwest::Client::new()
        .post(format!("{}{API_PREFIX}/push", world.office.url))
        .bearer_auth(&stranger)
        .json(&json!({"device_id": stranger_id, "ops": ops, "blobs_set_aside": [sha256]}))
        .send()
        .await
        .expect("push");
    assert_eq!(answer.status(), 200);
    let answer: vigil_core::protocol::PushResponse = answer.json().await.expect("answer");
    assert_eq!(outcome_codes(&answer), ["ok", "ok"]);
    let blobs = Blobs::of(&world.office);
    assert_eq!(blobs.get(&stranger, &sha256).await.status(), 404);
    assert_eq!(blobs.head(&stranger, &sha256).await.status(), 404);
    // Nor does a colleague of team B, who pulls that attachment.
    world.inspector_b.sync().await.expect("team B syncs");
    assert_eq!(world.inspector_b.store().blobs_to_fetch().expect("waiting"), vec![sha256.clone()]);
    assert!(world.inspector_b.store().read_blob(&sha256).is_err(), "team A's photo stays with team A");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_sees_a_photo_only_once_an_attachment_names_it() {
    let world = World::new().await;
    let blobs = Blobs::of(&world.office);
    let admin = world.office.user("Ada Admin", Role::Admin, &[]);
    let (_, admin) = world.office.enrol_raw(admin, None).await;
    let lead_user = world.lead_a.actor.user_id;
    let (lead_id, lead) = world.office.enrol_raw(lead_user, None).await;
    let (bytes, sha256) = photo_with_hash(&world, 5_000);

    assert!(blobs.put_ok(&lead, &sha256, 0, bytes.len(), &bytes).await.complete);
    assert!(blobs.status(&lead, &sha256).await.complete, "its uploader sees it before attaching it");
    assert_eq!(blobs.head(&admin, &sha256).await.status(), 404, "no attachment names it yet");
    assert_eq!(blobs.get(&admin, &sha256).await.status(), 404);

    let visit = world.visit(world.team_a);
    let ops = vec![
        Op::create(&visit.clone().into(), lead_id, 1, Hlc { millis: 1, counter: 0 }, lead_user),
        Op::create(
            &attachment(visit.id, &sha256, bytes.len()).into(),
            lead_id,
            2,
            Hlc { millis: 2, counter: 0 },
            lead_user,
        ),
    ];
    assert_eq!(outcome_codes(&world.office.push_raw(&lead, lead_id, ops).await), ["ok", "ok"]);
    let download = blobs.get(&admin, &sha256).await;
    assert_eq!(download.status(), 200, "an administrator pulls every team's attachments");
    assert_eq!(download.bytes().await.expect("bytes"), bytes);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_colleagues_chunks_never_land_in_a_devices_partial_upload() {
    let world = World::new().await;
    let blobs = Blobs::of(&world.office);
    let (_, lead) = world.office.enrol_raw(world.lead_a.actor.user_id, None).await;
    let (_, colleague) = world.office.enrol_raw(world.inspector_a.actor.user_id, None).await;
    let (bytes, sha256) = photo_with_hash(&world, 100_000);
    let (half, total) = (bytes.len() / 2, bytes.len());

    assert_eq!(
        blobs.put_ok(&lead, &sha256, 0, total, &bytes[..half]).await,
        BlobStatus { offset: half as u64, complete: false }
    );
    // A teammate's device tries to go on with the lead's upload with bytes of its own.
    let forged = vec![0u8; total];
    let (status, error) = refusal(blobs.put(&colleague, &sha256, half, total, &forged[half..]).await).await;
    assert_eq!(
        (status, error.code.as_str(), error.expected),
        (409, "offset_mismatch", Some(0)),
        "its own upload is empty"
    );
    assert_eq!(blobs.head(&colleague, &sha256).await.status(), 404, "it learns nothing of the lead's upload");
    let (status, error) = refusal(blobs.put(&colleague, &sha256, 0, total, &forged).await).await;
    assert_eq!((status, error.code.as_str()), (422, "hash_mismatch"));

    assert_eq!(blobs.status(&lead, &sha256).await, BlobStatus { offset: half as u64, complete: false });
    assert!(blobs.put_ok(&lead, &sha256, half, total, &bytes[half..]).await.complete, "the lead's bytes hash right");
    assert_eq!(office_copy(&world, &sha256), bytes);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_sending_bytes_the_office_holds_learns_so_only_once_it_sent_them_all() {
    let world = World::new().await;
    let blobs = Blobs::of(&world.office);
    let (_, lead) = world.office.enrol_raw(world.lead_a.actor.user_id, None).await;
    let (_, stranger) = probe(&world).await;
    let (bytes, sha256) = photo_with_hash(&world, 30_000);
    let (half, total) = (bytes.len() / 2, bytes.len());
    assert!(blobs.put_ok(&lead, &sha256, 0, total, &bytes).await.complete);

    assert_eq!(blobs.head(&stranger, &sha256).await.status(), 404);
    let status = blobs.put_ok(&stranger, &sha256, 0, total, &bytes[..half]).await;
    assert_eq!(status, BlobStatus { offset: half as u64, complete: false }, "an upload like any other");
    assert!(blobs.put_ok(&stranger, &sha256, half, total, &bytes[half..]).await.complete);
    assert_eq!(blobs.get(&stranger, &sha256).await.bytes().await.expect("bytes"), bytes, "it brought them");
    assert_eq!(office_copy(&world, &sha256), bytes, "kept once");
    assert!(part_files(&world).is_empty(), "{:?}", part_files(&world));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unfinished_uploads_past_a_devices_quota_are_refused_and_nothing_of_them_is_kept() {
    let uploads = UploadLimits { quota_bytes: 1000, ..UploadLimits::default() };
    let world = World::on(Office::start_with_uploads(uploads).await).await;
    let blobs = Blobs::of(&world.office);
    let (_, lead) = world.office.enrol_raw(world.lead_a.actor.user_id, None).await;
    let (_, colleague) = world.office.enrol_raw(world.inspector_a.actor.user_id, None).await;
    let (first, first_sha) = photo_with_hash(&world, 2000);
    let (second, second_sha) = photo_with_hash(&world, 2000);

    blobs.put_ok(&lead, &first_sha, 0, 2000, &first[..600]).await;
    let (status, error) = refusal(blobs.put(&lead, &second_sha, 0, 2000, &second[..600]).await).await;
    assert_eq!((status, error.code.as_str()), (507, "upload_quota"));
    assert!(error.message.contains("1000") && error.message.contains("600"), "{}", error.message);
    assert_eq!(blobs.head(&lead, &second_sha).await.status(), 404, "nothing of it kept");
    assert_eq!(part_files(&world).len(), 1, "{:?}", part_files(&world));

    blobs.put_ok(&lead, &first_sha, 600, 2000, &first[600..1000]).await;
    let (status, _) = refusal(blobs.put(&lead, &first_sha, 1000, 2000, &first[1000..1001]).await).await;
    assert_eq!(status, 507, "a running upload counts too");
    blobs.put_ok(&colleague, &second_sha, 0, 2000, &second[..1000]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unfinished_upload_older_than_the_offices_limit_is_deleted_when_an_upload_starts() {
    let uploads = UploadLimits { max_age: chrono::Duration::zero(), ..UploadLimits::default() };
    let world = World::on(Office::start_with_uploads(uploads).await).await;
    let blobs = Blobs::of(&world.office);
    let (_, lead) = world.office.enrol_raw(world.lead_a.actor.user_id, None).await;
    let (colleague_id, colleague) = world.office.enrol_raw(world.inspector_a.actor.user_id, None).await;
    let (first, first_sha) = photo_with_hash(&world, 2000);
    let (second, second_sha) = photo_with_hash(&world, 2000);

    blobs.put_ok(&lead, &first_sha, 0, 2000, &first[..500]).await;
    assert_eq!(part_files(&world).len(), 1);
    blobs.put_ok(&colleague, &second_sha, 0, 2000, &second[..500]).await;
    assert_eq!(part_files(&world), [format!("{second_sha}.{colleague_id}.part")]);
    assert_eq!(blobs.head(&lead, &first_sha).await.status(), 404, "the lead's upload is gone");
    let (status, error) = refusal(blobs.put(&lead, &first_sha, 500, 2000, &first[500..]).await).await;
    assert_eq!((status, error.expected), (409, Some(0)), "it starts again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_of_several_mebibytes_comes_down_whole() {
    let world = World::new().await;
    world.lead_a.sync().await.expect("reference data");
    let (bytes, sha256) = attach_a_photo(&world, 6 * 1024 * 1024 + 123);
    world.lead_a.sync().await.expect("the photo goes up");
    let report = world.inspector_a.sync().await.expect("the colleague's sync fetches it");
    assert!(report.bytes_received >= bytes.len() as u64, "{report:?}");
    assert_eq!(world.inspector_a.store().read_blob(&sha256).expect("the photo on the colleague's device"), bytes);
}
