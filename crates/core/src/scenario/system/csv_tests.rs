//! `[system.csv]` and `[system.england]` through `scenario::load`, with an
//! in-memory reader that serves the TOML and the CSV files.

use std::collections::BTreeMap;

use crate::scenario::{Location, ScenarioError, ScenarioIssue, Source, SourceReader, load};

const EXAMPLE: &str = include_str!("../../../../../scenarios/csv-example.toml");
const ORGANISATIONS: &str =
    include_str!("../../../../../scenarios/data/example-region/organisations.csv");
const PRACTICES: &str =
    include_str!("../../../../../scenarios/data/example-region/gp_practices.csv");
const TRAVEL: &str = include_str!("../../../../../scenarios/data/example-region/travel_times.csv");

/// Files by path; a reference is resolved against the folder of the file
/// that names it, as the CLI does.
struct Files(BTreeMap<String, String>);

impl Files {
    fn example() -> Self {
        Self(BTreeMap::from([
            ("scenarios/csv-example.toml".into(), EXAMPLE.into()),
            (
                "scenarios/data/example-region/organisations.csv".into(),
                ORGANISATIONS.into(),
            ),
            (
                "scenarios/data/example-region/gp_practices.csv".into(),
                PRACTICES.into(),
            ),
            (
                "scenarios/data/example-region/travel_times.csv".into(),
                TRAVEL.into(),
            ),
        ]))
    }

    fn with(mut self, path: &str, text: String) -> Self {
        self.0.insert(path.into(), text);
        self
    }
}

impl SourceReader for Files {
    fn read(&self, reference: &str, from: Option<&Source>) -> Result<Source, String> {
        let path = match from.and_then(|f| f.id.rsplit_once('/')) {
            Some((dir, _)) => format!("{dir}/{reference}"),
            None => reference.to_string(),
        };
        let text = self.0.get(&path).ok_or("no such file")?;
        Ok(Source {
            id: path.clone(),
            display: path,
            text: text.clone(),
        })
    }
}

fn issues(files: &Files) -> Vec<ScenarioIssue> {
    match load("scenarios/csv-example.toml", &[], files) {
        Err(ScenarioError::Invalid(issues)) => issues,
        other => panic!("expected invalid, got {other:?}"),
    }
}

fn at(issue: &ScenarioIssue) -> (String, usize) {
    match &issue.location {
        Some(Location::File { file, line }) => (file.clone(), *line),
        other => panic!("not located in a file: {other:?}"),
    }
}

const ORGS: &str = "scenarios/data/example-region/organisations.csv";
const GPS: &str = "scenarios/data/example-region/gp_practices.csv";

#[test]
fn the_example_loads_every_organisation_and_round_trips() {
    let loaded = load("scenarios/csv-example.toml", &[], &Files::example()).unwrap();
    let s = &loaded.scenario;
    assert!(s.system.is_none());
    let trusts: Vec<&str> = s.trusts.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(trusts, ["rx1", "rx2", "rx3"]);
    assert_eq!(s.trusts[0].emergency_department.cubicles, 48);
    // rx3 leaves ed_cubicles empty: square-root staffing for 210 a day.
    assert_eq!(s.trusts[2].emergency_department.cubicles, 27);
    assert_eq!(s.gp_practices.len(), 12);
    assert_eq!(s.ambulance_services.len(), 1);
    assert_eq!(s.shared_services[0].serves, ["rx1", "rx2", "rx3"]);
    assert_eq!(s.geography.travel_times.len(), 3);
    // Empty home_trust: the nearest trust (g03 is north of rx1, g08 near rx2).
    let home = |id: &str| {
        &s.gp_practices
            .iter()
            .find(|g| g.id == id)
            .unwrap()
            .home_trust
    };
    assert_eq!(home("g03"), "rx1");
    assert_eq!(home("g08"), "rx2");
    assert_eq!(home("g12"), "rx3");
    // Empty appointments: 0.0221 per registered patient.
    let g07 = s.gp_practices.iter().find(|g| g.id == "g07").unwrap();
    assert!(
        (g07.appointments_per_working_day - 134.9).abs() < 0.5,
        "{}",
        g07.appointments_per_working_day
    );
    // The resolved scenario is self-contained: it loads back without files.
    let text = crate::scenario::to_toml(s);
    let again = load("resolved.toml", &[], &crate::scenario::TextSource(text)).unwrap();
    assert_eq!(&again.scenario, s);
}

#[test]
fn a_home_trust_that_does_not_exist_is_located_with_a_suggestion() {
    let files = Files::example().with(GPS, PRACTICES.replace("275.0,rx1", "275.0,rx11"));
    let found = issues(&files);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].key, "home_trust");
    assert_eq!(at(&found[0]), (GPS.to_string(), 2));
    assert_eq!(found[0].suggestion.as_deref(), Some("rx1"));
}

#[test]
fn an_unknown_kind_gets_a_did_you_mean() {
    let files = Files::example().with(
        ORGS,
        ORGANISATIONS.replace("ambulance_service,", "ambulance_servise,"),
    );
    let found = issues(&files);
    assert_eq!(found[0].key, "kind");
    assert_eq!(at(&found[0]), (ORGS.to_string(), 5));
    assert_eq!(found[0].suggestion.as_deref(), Some("ambulance_service"));
}

#[test]
fn out_of_range_and_unreadable_values_name_file_line_column_and_range() {
    let orgs = ORGANISATIONS
        .replace("52.38,-1.02,36", "152.38,-1.02,0")
        .replace("210.0,480", "lots,480");
    let gps = PRACTICES.replace("5400,119.0", "0,119.0");
    let found = issues(&Files::example().with(ORGS, orgs).with(GPS, gps));
    let summary: Vec<(String, usize, &str)> = found
        .iter()
        .map(|i| {
            let (file, line) = at(i);
            (file, line, i.key.as_str())
        })
        .collect();
    assert_eq!(
        summary,
        [
            // Unreadable values are found while reading, ranges after.
            (ORGS.to_string(), 4, "ed_arrivals_per_day"),
            (ORGS.to_string(), 3, "latitude"),
            (ORGS.to_string(), 3, "ed_cubicles"),
            (GPS.to_string(), 11, "list_size"),
        ]
    );
    assert_eq!(found[1].accepted.as_deref(), Some("-90 to 90 degrees"));
    assert!(
        found[0]
            .accepted
            .as_deref()
            .unwrap()
            .contains("patients per day")
    );
}

#[test]
fn ids_are_unique_across_all_organisations_and_files() {
    let gps = PRACTICES.replace("g05,", "rx2,");
    let found = issues(&Files::example().with(GPS, gps));
    assert_eq!(found[0].key, "id");
    assert_eq!(at(&found[0]), (GPS.to_string(), 6));
    assert!(found[0].message.contains(ORGS), "{}", found[0].message);
}

#[test]
fn an_unknown_column_and_a_missing_file_are_reported() {
    let orgs = ORGANISATIONS.replacen("ed_cubicles", "ed_cubicle", 1);
    let found = issues(&Files::example().with(ORGS, orgs));
    assert_eq!(found[0].key, "ed_cubicle");
    assert_eq!(at(&found[0]), (ORGS.to_string(), 1));
    assert_eq!(found[0].suggestion.as_deref(), Some("ed_cubicles"));
    let mut files = Files::example();
    files
        .0
        .remove("scenarios/data/example-region/travel_times.csv");
    let found = issues(&files);
    let missing = found
        .iter()
        .find(|i| i.key == "system.csv.travel_times")
        .unwrap();
    // Located at the TOML line that names the file.
    assert_eq!(at(missing), ("scenarios/csv-example.toml".to_string(), 29));
}

#[test]
fn a_travel_time_to_an_unknown_organisation_is_located() {
    let files = Files::example().with(
        "scenarios/data/example-region/travel_times.csv",
        format!("{TRAVEL}rx2,rx4,12\n"),
    );
    let found = issues(&files);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].key.as_str(), at(&found[0]).1), ("to", 5));
}

#[test]
fn an_england_like_system_loads_and_validates() {
    let text = r#"
        [calendar]
        attack_date = 2017-05-12
        warm_up_days = 7
        follow_up_days = 7
        [system.england]
        trusts = 3
        regions = ["North West"]
        seed = 7
        [[incidents]]
        kind = "it_outage"
        organisation = "nw-trust-02"
        starts_at = 2017-05-12T09:00:00
        duration_hours = 48
    "#;
    let loaded = load("e.toml", &[], &crate::scenario::TextSource(text.into())).unwrap();
    assert_eq!(loaded.scenario.trusts.len(), 3);
    assert_eq!(loaded.scenario.gp_practices.len(), 169);
    let bad = text.replace("\"North West\"", "\"North Wset\"");
    let Err(ScenarioError::Invalid(found)) = load("e.toml", &[], &crate::scenario::TextSource(bad))
    else {
        panic!("expected an error");
    };
    assert_eq!(found[0].key, "system.england.regions[0]");
    assert_eq!(
        found[0].location,
        Some(Location::File {
            file: "e.toml".into(),
            line: 8
        })
    );
    assert_eq!(found[0].suggestion.as_deref(), Some("North West"));
}
