//! The seven NHS England regions, as the generator places organisations
//! in them.
//!
//! Populations are approximate mid-2019 figures rounded to 0.1 million and
//! serve only to share trusts between regions: ASSUMPTION (trusts in
//! proportion to population). Each region is drawn as a disc (centre and
//! radius) roughly covering it: ASSUMPTION, good enough for travel times of
//! the right order, not a map.

/// One region of the generator.
#[derive(Debug, Clone, Copy)]
pub(super) struct Region {
    /// Name, as written in `[system.england] regions`.
    pub name: &'static str,
    /// Short code used in generated ids.
    pub code: &'static str,
    /// Approximate population, millions (ASSUMPTION).
    pub population_millions: f64,
    /// Centre latitude, degrees.
    pub latitude: f64,
    /// Centre longitude, degrees.
    pub longitude: f64,
    /// Radius of the disc standing for the region, km.
    pub radius_km: f64,
    /// The ambulance services covering the region: (id suffix, name).
    pub ambulance_services: &'static [(&'static str, &'static str)],
}

/// The seven regions, in a fixed order (the order generated ids follow).
/// Ten ambulance services in all (the Isle of Wight's is left out).
pub(super) const REGIONS: [Region; 7] = [
    Region {
        name: "London",
        code: "lon",
        population_millions: 9.0,
        latitude: 51.507,
        longitude: -0.128,
        radius_km: 25.0,
        ambulance_services: &[("las", "London Ambulance Service")],
    },
    Region {
        name: "South East",
        code: "se",
        population_millions: 9.2,
        latitude: 51.2,
        longitude: -0.7,
        radius_km: 85.0,
        ambulance_services: &[
            ("secamb", "South East Coast Ambulance Service"),
            ("scas", "South Central Ambulance Service"),
        ],
    },
    Region {
        name: "South West",
        code: "sw",
        population_millions: 5.7,
        latitude: 50.9,
        longitude: -3.3,
        radius_km: 110.0,
        ambulance_services: &[("swasft", "South Western Ambulance Service")],
    },
    Region {
        name: "East of England",
        code: "eoe",
        population_millions: 6.2,
        latitude: 52.3,
        longitude: 0.4,
        radius_km: 85.0,
        ambulance_services: &[("eeast", "East of England Ambulance Service")],
    },
    Region {
        name: "Midlands",
        code: "mid",
        population_millions: 10.7,
        latitude: 52.6,
        longitude: -1.6,
        radius_km: 95.0,
        ambulance_services: &[
            ("wmas", "West Midlands Ambulance Service"),
            ("emas", "East Midlands Ambulance Service"),
        ],
    },
    Region {
        name: "North West",
        code: "nw",
        population_millions: 7.3,
        latitude: 53.7,
        longitude: -2.7,
        radius_km: 70.0,
        ambulance_services: &[("nwas", "North West Ambulance Service")],
    },
    Region {
        name: "North East and Yorkshire",
        code: "ney",
        population_millions: 8.2,
        latitude: 54.2,
        longitude: -1.4,
        radius_km: 95.0,
        ambulance_services: &[
            ("neas", "North East Ambulance Service"),
            ("yas", "Yorkshire Ambulance Service"),
        ],
    },
];

/// Splits `total` into whole shares proportional to `weights` (largest
/// remainder; ties go to the earlier entry), so the shares sum to `total`.
pub(super) fn apportion(total: u32, weights: &[f64]) -> Vec<u32> {
    let sum: f64 = weights.iter().sum();
    if weights.is_empty() || sum <= 0.0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<f64> = weights.iter().map(|w| f64::from(total) * w / sum).collect();
    let mut shares: Vec<u32> = exact.iter().map(|x| x.floor() as u32).collect();
    let given: u32 = shares.iter().sum();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        let ra = exact[a] - exact[a].floor();
        let rb = exact[b] - exact[b].floor();
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for &i in order
        .iter()
        .cycle()
        .take(total.saturating_sub(given) as usize)
    {
        shares[i] += 1;
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_ten_ambulance_services_in_seven_regions() {
        let services: usize = REGIONS.iter().map(|r| r.ambulance_services.len()).sum();
        assert_eq!(services, 10);
    }

    #[test]
    fn apportion_sums_to_the_total_and_follows_the_weights() {
        let weights: Vec<f64> = REGIONS.iter().map(|r| r.population_millions).collect();
        let shares = apportion(132, &weights);
        assert_eq!(shares.iter().sum::<u32>(), 132);
        // Midlands (10.7 m) gets the most, South West (5.7 m) the fewest.
        assert_eq!(shares.iter().max(), Some(&shares[4]));
        assert_eq!(shares.iter().min(), Some(&shares[2]));
        assert_eq!(apportion(1, &weights), vec![0, 0, 0, 0, 1, 0, 0]);
        assert_eq!(apportion(3, &[1.0, 1.0]), vec![2, 1]);
    }
}
