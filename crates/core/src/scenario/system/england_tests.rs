use super::*;
use crate::scenario::system::published as p;

fn whole_country() -> Organisations {
    generate(&EnglandSpec::default(), &GeographySpec::default()).expect("defaults are valid")
}

#[test]
fn the_same_seed_gives_the_same_system_and_another_seed_another() {
    let a = whole_country();
    assert_eq!(a, whole_country());
    let other = EnglandSpec {
        seed: 2,
        ..EnglandSpec::default()
    };
    let b = generate(&other, &GeographySpec::default()).unwrap();
    assert_ne!(a.trusts, b.trusts);
}

#[test]
fn the_whole_country_has_the_published_sizes() {
    let started = std::time::Instant::now();
    let s = whole_country();
    assert!(
        started.elapsed().as_secs_f64() < 1.0,
        "{:?}",
        started.elapsed()
    );
    assert_eq!(s.trusts.len(), 132);
    assert_eq!(s.gp_practices.len(), 7454);
    assert_eq!(s.ambulance_services.len(), 10);
    // e-Referral, national network, one pathology network per region.
    assert_eq!(s.shared_services.len(), 2 + 7);
    let n = s.trusts.len() as f64;
    let mean = |f: &dyn Fn(&TrustSpec) -> f64| s.trusts.iter().map(f).sum::<f64>() / n;
    let arrivals = mean(&|t| t.emergency_department.arrivals_per_day);
    assert!((arrivals - 347.5).abs() < 1e-6, "{arrivals}");
    let beds = mean(&|t| f64::from(t.beds.as_ref().unwrap().general_and_acute));
    assert!((beds - 774.2).abs() < 1.0, "{beds}");
    let cubicles = mean(&|t| f64::from(t.emergency_department.cubicles));
    assert!((40.0..45.0).contains(&cubicles), "{cubicles}");
    let list = s
        .gp_practices
        .iter()
        .map(|g| f64::from(g.list_size))
        .sum::<f64>()
        / 7454.0;
    assert!((list - 10_100.0).abs() < 300.0, "{list}");
    let appointments: f64 = s
        .gp_practices
        .iter()
        .map(|g| g.appointments_per_working_day)
        .sum();
    // 7,454 practices of about 10,100 patients at the 2024 rate per patient.
    let expected = 7454.0 * 10_100.0 * p::gp_appointments_per_patient_per_working_day();
    assert!(
        (appointments / expected - 1.0).abs() < 0.03,
        "{appointments} vs {expected}"
    );
    // Sizes vary between trusts.
    let smallest = s
        .trusts
        .iter()
        .map(|t| t.emergency_department.arrivals_per_day)
        .fold(f64::MAX, f64::min);
    assert!(smallest < 300.0, "{smallest}");
}

#[test]
fn the_average_trust_gets_the_single_trust_scenarios_42_cubicles_and_occupancy() {
    assert_eq!(ed_cubicles(347.5), 42);
    // A tiny department is still stable: more cubicles than its load.
    assert!(f64::from(ed_cubicles(10.0)) > 10.0 / 1440.0 * 150.0);
    let b = beds(p::beds_per_trust());
    let occupancy = 107.2 * b.emergency_los_days.mean / f64::from(b.general_and_acute);
    assert!((occupancy - 0.88).abs() < 0.002, "{occupancy}");
}

#[test]
fn every_practice_is_referred_to_its_nearest_trust() {
    let s = whole_country();
    let mut locations: Vec<Option<(f64, f64)>> = s
        .trusts
        .iter()
        .map(|t| t.location.map(|l| (l.latitude, l.longitude)))
        .collect();
    let n = locations.len();
    locations.extend(
        s.gp_practices
            .iter()
            .map(|g| g.location.map(|l| (l.latitude, l.longitude))),
    );
    let travel = TravelTimes::new(&locations, &GeographySpec::default(), &[]);
    for (g, practice) in s.gp_practices.iter().enumerate() {
        let home = s
            .trusts
            .iter()
            .position(|t| t.id == practice.home_trust)
            .unwrap();
        let nearest = travel.nearest(n + g, 0..n).unwrap();
        assert_eq!(
            travel.minutes(n + g, home),
            travel.minutes(n + g, nearest),
            "{}",
            practice.id
        );
    }
}

#[test]
fn one_trust_in_a_chosen_region_is_a_small_complete_system() {
    let spec = EnglandSpec {
        trusts: 1,
        regions: vec!["london".into()],
        ..EnglandSpec::default()
    };
    let s = generate(&spec, &GeographySpec::default()).unwrap();
    assert_eq!(s.trusts.len(), 1);
    assert_eq!(s.trusts[0].id, "lon-trust-01");
    // One trust is the average trust exactly (its size factor is rescaled to 1).
    assert_eq!(s.trusts[0].emergency_department.arrivals_per_day, 347.5);
    assert_eq!(s.gp_practices.len(), 56);
    assert!(
        s.gp_practices
            .iter()
            .all(|g| g.home_trust == "lon-trust-01")
    );
    assert_eq!(s.ambulance_services.len(), 1);
    let pathology = s
        .shared_services
        .iter()
        .find(|x| x.kind == SharedServiceKind::Pathology)
        .unwrap();
    assert_eq!(pathology.serves.len(), 1 + 56);
}

#[test]
fn bad_keys_are_reported_with_a_suggestion() {
    let spec = EnglandSpec {
        trusts: 0,
        variation: -1.0,
        regions: vec!["Midlandz".into()],
        ..EnglandSpec::default()
    };
    let issues = generate(&spec, &GeographySpec::default()).unwrap_err();
    let keys: Vec<&str> = issues.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "system.england.trusts",
            "system.england.variation",
            "system.england.regions[0]"
        ]
    );
    assert_eq!(issues[2].suggestion.as_deref(), Some("Midlands"));
}
