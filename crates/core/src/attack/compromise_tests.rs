//! The initial compromise of a targeted attack and the phishing-awareness
//! control: how often the attacker gets in, common random numbers between
//! a scenario and its with-control variant, and the checks on both keys.

use super::tests::{WORM, plan, scenario, targets};
use super::*;
use crate::model::Model;
use crate::replication::simulate_paired;
use crate::scenario::{self, TextSource};

/// Targeted ransomware at t0 and t1 with compromise probability `p`, and
/// the phishing control with reduction `r` if given.
fn ransomware(p: f64, r: Option<f64>) -> String {
    let mut text = format!(
        "[[incidents]]\nkind = \"targeted_ransomware\"\norganisations = [\"t0\", \"t1\"]\n\
         detonates_at = 2017-05-12T09:00:00\ninitial_compromise_probability = {p}\n"
    );
    if let Some(r) = r {
        text.push_str(&format!(
            "[controls]\nphishing_awareness = {{ compromise_reduction = {r}, annual_cost_gbp = 1000 }}\n"
        ));
    }
    text
}

/// Per replication, whether the incident infected its organisations.
fn compromised(extra: &str, replications: u64) -> Vec<bool> {
    let s = scenario(4, extra);
    let t = targets(&s);
    let p = plan(&s, &t);
    (0..replications)
        .map(|rep| {
            let o = realise(&p, &t, 11, rep).organisations;
            let infected = o[0].status == AttackStatus::Infected;
            // One draw for the whole incident: both targets or neither.
            assert_eq!(infected, o[1].status == AttackStatus::Infected);
            assert_eq!(infected, !o[0].windows.is_empty());
            infected
        })
        .collect()
}

#[test]
fn the_compromise_happens_with_probability_p_times_one_minus_r() {
    let n = 4000;
    for (p, r) in [(0.6, Some(0.5)), (0.3, None), (1.0, Some(0.25))] {
        let expected = p * (1.0 - r.unwrap_or(0.0));
        let hits = compromised(&ransomware(p, r), n);
        let share = hits.iter().filter(|&&h| h).count() as f64 / n as f64;
        let se = (expected * (1.0 - expected) / n as f64).sqrt();
        assert!(
            (share - expected).abs() < 4.0 * se,
            "p = {p}, r = {r:?}: share {share}, expected {expected} ± {}",
            4.0 * se
        );
    }
}

#[test]
fn full_reduction_prevents_every_compromise_and_none_changes_nothing() {
    assert!(
        compromised(&ransomware(1.0, Some(1.0)), 500)
            .iter()
            .all(|h| !h)
    );
    assert!(compromised(&ransomware(1.0, None), 500).iter().all(|&h| h));

    let realisations = |extra: &str| {
        let s = scenario(4, extra);
        let t = targets(&s);
        let p = plan(&s, &t);
        (0..300)
            .map(|rep| realise(&p, &t, 5, rep))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        realisations(&ransomware(0.7, Some(0.0))),
        realisations(&ransomware(0.7, None))
    );
}

#[test]
fn the_control_only_removes_compromises_and_leaves_the_rest_alike() {
    // Common random numbers: the same draw decides both scenarios, so the
    // control prevents some compromises and never causes one, and where
    // both are compromised the attack unfolds identically.
    let s0 = scenario(4, &ransomware(0.8, None));
    let s1 = scenario(4, &ransomware(0.8, Some(0.5)));
    let t = targets(&s0);
    let (p0, p1) = (plan(&s0, &t), plan(&s1, &t));
    let mut prevented = 0;
    for rep in 0..400 {
        let (a, b) = (realise(&p0, &t, 3, rep), realise(&p1, &t, 3, rep));
        let hit = |x: &Realisation| x.organisations[0].status == AttackStatus::Infected;
        assert!(
            hit(&a) || !hit(&b),
            "replication {rep}: the control caused one"
        );
        if hit(&b) {
            assert_eq!(a, b);
        } else if hit(&a) {
            prevented += 1;
        }
    }
    // About 0.8 x 0.5 of 400 = 160 prevented.
    assert!((100..220).contains(&prevented), "{prevented}");
}

#[test]
fn the_control_does_not_touch_a_worm() {
    // WannaCry spread through SMBv1, not email: the control leaves worm
    // seeding and spread alone.
    let with = format!(
        "{WORM}[controls]\nphishing_awareness = {{ compromise_reduction = 1, annual_cost_gbp = 5 }}\n"
    );
    let a = scenario(20, WORM);
    let b = scenario(20, &with);
    let t = targets(&a);
    let (pa, pb) = (plan(&a, &t), plan(&b, &t));
    for rep in 0..50 {
        assert_eq!(realise(&pa, &t, 2, rep), realise(&pb, &t, 2, rep));
    }
    assert_eq!(b.controls.annual_cost_gbp(), 5.0);
}

#[test]
fn without_a_compromise_both_arms_are_one_simulation() {
    let short = |extra: &str| {
        let mut s = scenario(2, extra);
        s.calendar.follow_up_days = 5;
        Model::build(&s).unwrap()
    };
    let prevented = short(&ransomware(1.0, Some(1.0)));
    for rep in 0..3 {
        let p = simulate_paired(&prevented, 8, rep);
        assert!(!p.counterfactual_simulated);
        assert_eq!(p.attack, p.counterfactual);
    }
    let happened = short(&ransomware(1.0, Some(0.0)));
    let p = simulate_paired(&happened, 8, 0);
    assert!(p.counterfactual_simulated);
    assert_ne!(p.attack, p.counterfactual);
}

fn issues(extra: &str) -> Vec<String> {
    let text = format!(
        "[calendar]\nattack_date = 2017-05-12\nwarm_up_days = 0\nfollow_up_days = 10\n\
         [[trusts]]\nid = \"t0\"\n[trusts.emergency_department]\ncubicles = 10\n\
         arrivals_per_day = 100\nservice_min = {{ distribution = \"exponential\", mean = 60 }}\n\
         [[incidents]]\nkind = \"targeted_ransomware\"\norganisations = [\"t0\"]\n\
         detonates_at = 2017-05-12T09:00:00\n{extra}"
    );
    match scenario::load("s.toml", &[], &TextSource(text)) {
        Ok(_) => Vec::new(),
        Err(e) => vec![e.to_string()],
    }
}

#[test]
fn bad_compromise_keys_are_refused_with_their_ranges() {
    assert_eq!(issues(""), Vec::<String>::new());
    let p = issues("initial_compromise_probability = 1.5\n").join("\n");
    assert!(
        p.contains("incidents[0].initial_compromise_probability"),
        "{p}"
    );
    assert!(p.contains("0 to 1"), "{p}");
    let r = issues(
        "[controls]\nphishing_awareness = { compromise_reduction = -0.1, annual_cost_gbp = 10 }\n",
    )
    .join("\n");
    assert!(
        r.contains("controls.phishing_awareness.compromise_reduction"),
        "{r}"
    );
    let cost = issues(
        "[controls]\nphishing_awareness = { compromise_reduction = 0.1, annual_cost_gbp = -1 }\n",
    )
    .join("\n");
    assert!(
        cost.contains("controls.phishing_awareness.annual_cost_gbp"),
        "{cost}"
    );
    let missing = issues("[controls]\nphishing_awareness = { annual_cost_gbp = 10 }\n").join("\n");
    assert!(
        missing.contains("compromise_reduction") && missing.contains("required"),
        "{missing}"
    );
}
