//! `vigil-server`: the central office. `serve` runs the HTTP API; the other subcommands
//! are the administrator's (they work on the same data directory, server running or not).

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use uuid::Uuid;
use vigil_core::Role;
use vigil_core::records::{Team, User};
use vigil_server::backup::ScheduleArgs;
use vigil_server::config::{OfficeConfig, ServeFlags};
use vigil_server::logs::LogFormat;
use vigil_server::{ServerError, SqliteStorage, Storage};

#[derive(Debug, Parser)]
#[command(name = "vigil-server", about = "Vigil's central office server")]
struct Cli {
    /// Directory of the office's database [default: the configuration's data_dir, else vigil-data].
    #[arg(long, global = true)]
    data: Option<PathBuf>,
    /// The office's configuration file (TOML; flags given override it).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Log lines for a person (text) or one JSON object a line [default: the configuration's log.format].
    #[arg(long, global = true)]
    log_format: Option<LogFormat>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Runs the HTTP API.
    Serve {
        #[command(flatten)]
        flags: ServeFlags,
        #[command(flatten)]
        backups: ScheduleArgs,
    },
    /// Checks a configuration file; names every problem and fails if there is one.
    CheckConfig {
        #[arg(default_value = vigil_server::config::PACKAGED_CONFIG)]
        file: PathBuf,
    },
    /// Backs the office up, while it serves, to one file encrypted with a passphrase.
    Backup(vigil_server::backup::BackupArgs),
    /// Restores a backup into an empty data directory (--data), checking every file.
    Restore(vigil_server::backup::RestoreArgs),
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
    /// Web users of the console (office staff).
    #[command(subcommand)]
    Admin(vigil_server::console::cli::AdminCommand),
    /// Signed app releases served to enrolled devices.
    #[command(subcommand)]
    Release(ReleaseCommand),
    /// Settings of the whole office, which every device follows.
    #[command(subcommand)]
    Setting(SettingCommand),
    /// How long devices keep a visit's interviews and photos after its approval.
    #[command(subcommand)]
    Retention(RetentionCommand),
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
enum SettingCommand {
    /// Sets one: `answer_days` is the legal deadline of the authority's answer, in days
    /// after the report is sent (1 to 365; 30 until set).
    Set { key: String, value: i64 },
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
enum RetentionCommand {
    /// Devices remove a visit's interview contents and photo bytes this many days after
    /// its approval (the office keeps everything); they learn it at their next sync.
    Set {
        #[arg(long)]
        days: i64,
    },
    /// Devices keep everything.
    Off,
    /// Prints the period, in days, or `off`.
    Show,
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
    /// Trusts again a device that waits for confirmation since the office was restored
    /// from a backup (one revoked after that backup must stay refused: do not confirm it).
    Confirm {
        #[arg(long)]
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
    let cli = Cli::parse();
    let config = match cli.config.as_deref().map(OfficeConfig::load).transpose() {
        Ok(config) => config.unwrap_or_default(),
        Err(err) => {
            eprintln!("vigil-server: {err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    vigil_server::logs::init(cli.log_format.unwrap_or(config.log.format));
    match run(cli, config) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("vigil-server: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli, mut config: OfficeConfig) -> Result<(), ServerError> {
    if let Some(data) = cli.data {
        config.data_dir = data;
    }
    // Before the office is opened: a restore needs its directory empty.
    match &cli.command {
        Command::Backup(args) => return Ok(vigil_server::backup::backup_command(&config.data_dir, args)?),
        Command::Restore(args) => return Ok(vigil_server::backup::restore_command(&config.data_dir, args)?),
        _ => {}
    }
    let command = match cli.command {
        Command::Openapi => {
            println!("{}", vigil_server::openapi::document());
            return Ok(());
        }
        Command::CheckConfig { file } => {
            println!("{}", vigil_server::config::check_file(&file).map_err(ServerError::BadRequest)?);
            return Ok(());
        }
        Command::Serve { flags, backups } => {
            flags.apply(&mut config);
            // Backup flags replace the file's [backup] section as a whole.
            let backups = match (&backups.backup_dir, &config.backup) {
                (None, Some(file)) => ScheduleArgs::from(file),
                _ => backups,
            };
            let schedule = backups.schedule(&config.data_dir)?;
            return vigil_server::serve::from_config(&config, schedule);
        }
        command => command,
    };
    let storage = SqliteStorage::open(&config.data_dir)?;
    match command {
        Command::Setting(SettingCommand::Set { key, value }) => {
            storage.set_office_setting(&key, value)?;
            println!("{key} = {value}");
            Ok(())
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
        Command::Device(DeviceCommand::Confirm { device }) => {
            storage.confirm_device(vigil_server::sqlite::office_audit::COMMAND_LINE, device)
        }
        Command::Device(DeviceCommand::ReEnrol { device, hours }) => {
            println!("{}", storage.re_enrolment_code(device, chrono::Duration::hours(hours))?);
            Ok(())
        }
        Command::Serve { .. } | Command::CheckConfig { .. } | Command::Openapi => Ok(()),
        Command::Backup(_) | Command::Restore(_) => Ok(()),
        Command::Admin(command) => vigil_server::console::cli::run(&storage, command),
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
        Command::Retention(RetentionCommand::Set { days }) => {
            let days = vigil_core::retention::RetentionDays::new(days)
                .map_err(|err| ServerError::BadRequest(format!("--days: {err}")))?;
            storage.set_retention(vigil_server::sqlite::office_audit::COMMAND_LINE, Some(days))
        }
        Command::Retention(RetentionCommand::Off) => {
            storage.set_retention(vigil_server::sqlite::office_audit::COMMAND_LINE, None)
        }
        Command::Retention(RetentionCommand::Show) => {
            match storage.retention()? {
                Some(days) => println!("{}", days.get()),
                None => println!("off"),
            }
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
            let count = storage.load_demo(&data.records)?;
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

fn import(
    storage: &SqliteStorage,
    records: Result<Vec<vigil_core::Record>, vigil_server::import::ImportError>,
) -> Result<(), ServerError> {
    let records = records.map_err(|err| ServerError::BadRequest(err.to_string()))?;
    let count = storage.add_records(&records)?;
    eprintln!("vigil-server: imported {count} records");
    Ok(())
}
