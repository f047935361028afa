//! Great-circle distances.

/// Mean earth radius used for great-circle distances, in km (IUGG).
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in km between two points given in degrees (haversine formula,
/// mean earth radius [`EARTH_RADIUS_KM`]).
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_manchester_to_london() {
        let km = haversine_km(53.4808, -2.2426, 51.5072, -0.1276);
        assert!((km - 262.0).abs() < 2.0, "{km}");
        assert_eq!(haversine_km(1.0, 2.0, 1.0, 2.0), 0.0);
    }
}
