//! The NPM's monitoring teams and its people: inspectors of several professions, team
//! leads, supervisors of teams, one administrator. Names are invented.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use uuid::Uuid;
use vigil_core::Role;
use vigil_core::records::{Team, User};

use crate::places::Region;
use crate::rng::Gen;

const FIRST_NAMES: &[&str] = &[
    "Ana", "Mirela", "Tomas", "Ilir", "Sara", "Daniel", "Lena", "Marek", "Ioana", "Petra", "Nikola", "Elif", "Hana",
    "Jonas", "Amina", "Viktor", "Rosa", "Emil", "Dalia", "Oskar", "Teodora", "Luka", "Mira", "Andrei", "Selma",
    "Filip", "Nadia", "Kiran", "Vesna", "Arben",
];

const SURNAMES: &[&str] = &[
    "Varga",
    "Novak",
    "Dragan",
    "Lindqvist",
    "Petrescu",
    "Halvor",
    "Kovacs",
    "Moreau",
    "Brandt",
    "Ivanova",
    "Sorel",
    "Rahimi",
    "Ostrowska",
    "Zeller",
    "Marin",
    "Tanase",
    "Holm",
    "Vidal",
    "Kaya",
    "Berisha",
    "Dunca",
    "Falk",
    "Greco",
    "Hadzic",
    "Lupu",
    "Meyer",
    "Orban",
    "Stavros",
];

/// Professions of inspectors, in the order a team is staffed.
pub(crate) const PROFESSIONS: &[&str] = &["lawyer", "doctor", "psychologist", "social worker"];

/// The people of one team, as indexes into [`Staff::users`].
#[derive(Debug)]
pub(crate) struct Crew {
    pub lead: usize,
    pub inspectors: Vec<usize>,
    pub supervisor: usize,
}

#[derive(Debug)]
pub(crate) struct Staff {
    pub teams: Vec<Team>,
    pub users: Vec<User>,
    /// One per team, same order.
    pub crews: Vec<Crew>,
    /// Interpreters work for every team.
    pub interpreters: Vec<usize>,
}

/// Builds names and unique e-mail addresses.
struct Names(BTreeSet<String>);

impl Names {
    fn next(&mut self, g: &mut Gen) -> (String, String) {
        let first = *g.pick(FIRST_NAMES);
        let last = *g.pick(SURNAMES);
        let base = format!("{}.{}", first.to_lowercase(), last.to_lowercase());
        let mut local = base.clone();
        let mut n = 2;
        while !self.0.insert(local.clone()) {
            local = format!("{base}{n}");
            n += 1;
        }
        (format!("{first} {last}"), format!("{local}@npm.example"))
    }
}

fn user(g: &mut Gen, names: &mut Names, at: DateTime<Utc>, role: Role, team_ids: Vec<Uuid>, profession: &str) -> User {
    let (name, email) = names.next(g);
    User { id: g.id_at(at), name, email, role, team_ids, profession: profession.to_owned() }
}

/// One team per region given, each with a lead and three or four inspectors; a
/// supervisor for every two teams; two interpreters shared by all; one administrator.
pub(crate) fn staff(g: &mut Gen, regions: &[&Region], at: DateTime<Utc>) -> Staff {
    let teams: Vec<Team> = regions
        .iter()
        .map(|r| Team { id: g.id_at(at), name: format!("{} monitoring team", r.name), region: r.name.to_owned() })
        .collect();
    let all_teams: Vec<Uuid> = teams.iter().map(|t| t.id).collect();
    let mut names = Names(BTreeSet::new());
    let mut users = Vec::new();
    let mut supervisors = Vec::new();
    for pair in all_teams.chunks(2) {
        supervisors.push(users.len());
        users.push(user(g, &mut names, at, Role::Supervisor, pair.to_vec(), "lawyer"));
    }
    let mut crews = Vec::new();
    for (i, team) in teams.iter().enumerate() {
        let lead = users.len();
        let lead_profession = if i % 2 == 0 { "lawyer" } else { "doctor" };
        users.push(user(g, &mut names, at, Role::Lead, vec![team.id], lead_profession));
        let mut inspectors = Vec::new();
        for profession in PROFESSIONS.iter().take(g.int(3, 4) as usize) {
            inspectors.push(users.len());
            users.push(user(g, &mut names, at, Role::Inspector, vec![team.id], profession));
        }
        crews.push(Crew { lead, inspectors, supervisor: supervisors[i / 2] });
    }
    let mut interpreters = Vec::new();
    for _ in 0..2 {
        interpreters.push(users.len());
        users.push(user(g, &mut names, at, Role::Inspector, all_teams.clone(), "interpreter"));
    }
    users.push(user(g, &mut names, at, Role::Admin, Vec::new(), "administrator"));
    Staff { teams, users, crews, interpreters }
}
