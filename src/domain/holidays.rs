//! Holidays per region (SPEC §11.4): days that are not business days for that region's pooled
//! SLA clocks. Pure data: the store reads them with the settings and hands them in.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::model::Region;

/// One holiday: a region's day off, with its name when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub region: Region,
    pub day: NaiveDate,
    pub name: Option<String>,
}

/// Every region's holidays, by day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holidays {
    by_region: BTreeMap<Region, BTreeMap<NaiveDate, Option<String>>>,
}

impl Holidays {
    /// No holidays.
    pub const fn new() -> Self {
        Holidays {
            by_region: BTreeMap::new(),
        }
    }

    /// Adds (or renames) a holiday.
    pub fn insert(&mut self, h: Holiday) {
        self.by_region
            .entry(h.region)
            .or_default()
            .insert(h.day, h.name);
    }

    /// Whether `day` is a holiday in `region`; `Some(name)` when it is (the name may be empty).
    pub fn get(&self, region: Region, day: NaiveDate) -> Option<&Option<String>> {
        self.by_region.get(&region).and_then(|d| d.get(&day))
    }

    /// Whether `day` is a holiday in `region`.
    pub fn contains(&self, region: Region, day: NaiveDate) -> bool {
        self.get(region, day).is_some()
    }

    /// The holidays of `region` (every region when `None`) in `year` (every year when `None`),
    /// by region then day.
    pub fn list(&self, region: Option<Region>, year: Option<i32>) -> Vec<Holiday> {
        self.by_region
            .iter()
            .filter(|(r, _)| region.is_none_or(|want| want == **r))
            .flat_map(|(r, days)| {
                days.iter()
                    .filter(|(d, _)| year.is_none_or(|y| d.year() == y))
                    .map(|(d, n)| Holiday {
                        region: *r,
                        day: *d,
                        name: n.clone(),
                    })
            })
            .collect()
    }
}

/// How a holiday is shown: "Christmas Day" or "holiday".
pub fn label(name: &Option<String>) -> &str {
    name.as_deref()
        .filter(|n| !n.is_empty())
        .unwrap_or("holiday")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_holiday_belongs_to_its_region_only() {
        let mut h = Holidays::default();
        h.insert(Holiday {
            region: Region::Amer,
            day: d("2026-11-26"),
            name: Some("Thanksgiving".into()),
        });
        assert!(h.contains(Region::Amer, d("2026-11-26")));
        assert!(!h.contains(Region::Emea, d("2026-11-26")));
        assert!(!h.contains(Region::Amer, d("2026-11-27")));
        assert_eq!(h.list(None, Some(2026)).len(), 1);
        assert_eq!(h.list(Some(Region::Emea), None).len(), 0);
        assert_eq!(h.list(None, Some(2027)).len(), 0);
        assert_eq!(label(&None), "holiday");
    }
}
