//! `vigil-server`: the central office. `serve` runs the HTTP API; the other subcommands
//! are the administrator's (they work on the same data directory, server running or not).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use uuid::Uuid;
use vigil_core::Role;
use vigil_core::records::{Team, User};
use vigil_server::api::Limits;
use vigil_server::{ServerError, SqliteStorage, Storage, UploadLimits};

#[derive(Debug, Parser)]
#[command(name = "vigil-server", about = "Vigil's central office server")]
struct Cli {
    /// Directory of the office's database.
    #[arg(long, global = true, default_value = "vigil-data")]
    data: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Runs the HTTP API.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8750")]
        listen: SocketAddr,
        /// PEM certificate chain for HTTPS (with --tls-key).
        #[arg(long, requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// PEM private key for HTTPS (with --tls-cert).
        #[arg(long, requires = "tls_cert")]
        tls_key: Option<PathBuf>,
        /// Serve plain HTTP on a non-loopback address (only behind a TLS proxy).
        #[arg(long)]
        force_plain_http: bool,
        /// Largest request body accepted, in bytes.
        #[arg(long, default_value_t = 32 * 1024 * 1024)]
        max_body: usize,
        /// Bytes of unfinished uploads one device may hold at once, in MiB.
        #[arg(long, default_value_t = 1024)]
        upload_quota_mib: u64,
        /// Days an unfinished upload is kept before it is deleted.
        #[arg(long, default_value_t = 7)]
        partial_upload_days: u32,
    },
    /// Teams.
    #[command(subcommand)]
    Team(TeamCommand),
    /// Users.
    #[command(subcommand)]
    User(UserCommand),
    /// Places (facilities).
    #[command(subcommand)]
    Facility(ImportCommand),
    /// Checklist templates.
    #[command(subcommand)]
    Template(ImportCommand),
    /// Devices and enrolment.
    #[command(subcommand)]
    Device(DeviceCommand),
    /// Checks the audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Signed app releases served to enrolled devices.
    #[command(subcommand)]
    Release(ReleaseCommand),
    /// Prints the OpenAPI document of the HTTP API.
    Openapi,
    /// Loads realistic, fictional demo data (places, teams, users, checklists, visits).
    Demo {
        #[arg(long, default_value_t = 7)]
        seed: u64,
        #[arg(long, default_value_t = 60)]
        visits: usize,
    },
}

#[derive(Debug, Subcommand)]
enum TeamCommand {
    Add {
        name: String,
        #[arg(long, default_value = "")]
        region: String,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// A team the user works in or supervises (repeat for several).
        #[arg(long = "team")]
        teams: Vec<Uuid>,
        #[arg(long, default_value = "")]
        profession: String,
    },
}

#[derive(Debug, Subcommand)]
enum ReleaseCommand {
    /// Publishes an app bundle (e.g. vigil_0.2.0_amd64.deb) once its signature checks out.
    Publish {
        file: PathBuf,
        /// The `.sig` file the Tauri CLI wrote beside the bundle (`tauri signer sign`).
        #[arg(long)]
        signature: PathBuf,
        /// The bundle's version, as signed.
        #[arg(long)]
        version: String,
        /// The updater public key the app trusts (`tauri signer generate` wrote it as *.key.pub).
        #[arg(long)]
        public_key: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Verifies every device's hash chain of audit events; fails on the first broken link.
    Verify,
    /// Checks that an approved visit's content still matches the hash recorded at approval.
    Visit { visit: Uuid },
}

#[derive(Debug, Subcommand)]
enum ImportCommand {
    /// Imports from a file (places: .csv or .json; templates: .json); all or nothing.
    Import { file: PathBuf },
}

#[derive(Debug, Subcommand)]
enum DeviceCommand {
    /// Prints a one-time code a device of this user trades for its token.
    EnrolCode {
        /// The user, by id or by e-mail address.
        #[arg(long)]
        user: String,
        #[arg(long, default_value_t = 24)]
        hours: i64,
    },
    List,
    Revoke {
        device: Uuid,
    },
    /// Revokes a device and prints a one-time code that enrols it again, with the same id,
    /// for the same user (the only way a known device id is enrolled again).
    ReEnrol {
        #[arg(long)]
        device: Uuid,
        #[arg(long, default_value_t = 24)]
        hours: i64,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|_| format!("{text:?} is not a role: inspector, lead, supervisor or admin"))
}

fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,rusqlite_migration=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("vigil-server: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), ServerError> {
    if let Command::Openapi = cli.command {
        println!("{}", vigil_server::openapi::document());
        return Ok(());
    }
    let storage = SqliteStorage::open(&cli.data)?;
    match cli.command {
        Command::Serve {
            listen,
            tls_cert,
            tls_key,
            force_plain_http,
            max_body,
            upload_quota_mib,
            partial_upload_days,
        } => {
            let tls = tls_cert.zip(tls_key);
            let listen = vigil_server::serve::Listen { address: listen, tls, force_plain_http };
            let uploads = UploadLimits {
                quota_bytes: upload_quota_mib.saturating_mul(1024 * 1024),
                max_age: chrono::Duration::days(partial_upload_days.into()),
            };
            serve(storage.with_upload_limits(uploads), listen, max_body)
        }
        Command::Team(TeamCommand::Add { name, region }) => {
            let team = Team { id: Uuid::now_v7(), name, region };
            storage.add_records(&[team.clone().into()])?;
            println!("{}", team.id);
            Ok(())
        }
        Command::User(UserCommand::Add { name, email, role, teams, profession }) => {
            let user = User { id: Uuid::now_v7(), name, email, role, team_ids: teams, profession };
            storage.add_records(&[user.clone().into()])?;
            println!("{}", user.id);
            Ok(())
        }
        Command::Device(DeviceCommand::EnrolCode { user, hours }) => {
            let user_id = match user.parse::<Uuid>() {
                Ok(id) => id,
                Err(_) => storage.user_by_email(&user)?,
            };
            println!("{}", storage.enrolment_code(user_id, chrono::Duration::hours(hours))?);
            Ok(())
        }
        Command::Device(DeviceCommand::List) => {
            for device in storage.devices()? {
                println!("{}", serde_json::to_string(&device).unwrap_or_default());
            }
            Ok(())
        }
        Command::Device(DeviceCommand::Revoke { device }) => storage.revoke(device),
        Command::Device(DeviceCommand::ReEnrol { device, hours }) => {
            println!("{}", storage.re_enrolment_code(device, chrono::Duration::hours(hours))?);
            Ok(())
        }
        Command::Openapi => Ok(()),
        Command::Release(ReleaseCommand::Publish { file, signature, version, public_key }) => {
            let read = |path: &PathBuf| {
                std::fs::read_to_string(path)
                    .map_err(|err| ServerError::BadRequest(format!("cannot read {}: {err}", path.display())))
            };
            let release = vigil_server::releases::publish(
                &storage.release_dir(),
                &file,
                &read(&signature)?,
                &version,
                &read(&public_key)?,
            )?;
            println!(
                "published {} ({}, {} bytes, sha256 {})",
                release.version, release.file_name, release.size, release.sha256
            );
            Ok(())
        }
        Command::Audit(AuditCommand::Verify) => {
            let chains =
                storage.verify_audit().map_err(|err| ServerError::BadRequest(format!("audit trail: {err}")))?;
            for (device, events) in &chains {
                println!("device {device}: {events} events, chain intact");
            }
            println!("audit trail intact: {} devices", chains.len());
            Ok(())
        }
        Command::Audit(AuditCommand::Visit { visit }) => {
            let integrity = storage.visit_integrity(visit)?;
            match (&integrity.approved, integrity.matches_approval()) {
                (None, _) => Err(ServerError::NotFound(format!("visit {visit} has no recorded approval"))),
                (Some(_), true) => {
                    println!("visit {visit}: content matches its approval ({})", integrity.current);
                    Ok(())
                }
                (Some(approved), false) => Err(ServerError::BadRequest(format!(
                    "visit {visit} changed since its approval: approved {approved}, now {}",
                    integrity.current
                ))),
            }
        }
        Command::Facility(ImportCommand::Import { file }) => import(&storage, vigil_server::import::facilities(&file)),
        Command::Template(ImportCommand::Import { file }) => import(&storage, vigil_server::import::templates(&file)),
        Command::Demo { seed, visits } => {
            let params = vigil_demo::DemoParams { seed, visits, ..vigil_demo::DemoParams::default() };
            let data = vigil_demo::generate(&params);
            let count = storage.add_records(&data.records)?;
            eprintln!("vigil-server: loaded {count} demo records; some of the demo users:");
            for role in Role::ALL {
                let user = data.records.iter().find_map(|r| match r {
                    vigil_core::Record::User(user) if user.role == *role => Some(user),
                    _ => None,
                });
                if let Some(user) = user {
                    eprintln!("  {:<10} {} <{}>", format!("{role:?}"), user.name, user.email);
                }
            }
            Ok(())
        }
    }
}

fn serve(storage: SqliteStorage, listen: vigil_server::serve::Listen, max_body: usize) -> Result<(), ServerError> {
    vigil_server::serve::check_listen(&listen)?;
    let runtime = tokio::runtime::Runtime::new().map_err(|err| ServerError::Internal(err.to_string()))?;
    let limits = Limits { max_body_bytes: max_body, ..Limits::default() };
    runtime.block_on(vigil_server::serve::run(Arc::new(storage), listen, limits))
}

fn import(
    storage: &SqliteStorage,
    records: Result<Vec<vigil_core::Record>, vigil_server::import::ImportError>,
) -> Result<(), ServerError> {
    let records = records.map_err(|err| ServerError::BadRequest(err.to_string()))?;
    let count = storage.add_records(&records)?;
    eprintln!("vigil-server: imported {count} records");
    Ok(())
}
