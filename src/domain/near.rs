//! "Did you mean": the known values nearest to a name that is not known.

/// Up to three of `known` that look like `given` (ignoring case), the nearest first: values
/// that contain it or start like it, and values a few typos away.
pub fn near<'a>(given: &str, known: &[&'a str]) -> Vec<&'a str> {
    let g = given.trim().to_lowercase();
    if g.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(f64, &str)> = known
        .iter()
        .filter_map(|k| {
            let l = k.to_lowercase();
            // a part of the name ("dana"), or the name inside a longer input ("renewals")
            let score = if l.contains(&g) || (l.len() * 2 > g.len() && g.contains(&l)) {
                1.0
            } else {
                strsim::jaro_winkler(&g, &l)
            };
            (score >= 0.8).then_some((score, *k))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut out: Vec<&str> = Vec::new();
    for (_, k) in scored {
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out.truncate(3);
    out
}

#[cfg(test)]
mod tests {
    use super::near;

    #[test]
    fn typos_and_parts_find_the_value_and_nonsense_finds_nothing() {
        let known = ["AMER", "EMEA", "Dana Reyes", "Billing / Payment", "Renewal"];
        assert_eq!(near("AMRE", &known), ["AMER"]);
        assert_eq!(near("dana", &known), ["Dana Reyes"]);
        assert_eq!(near("billing", &known), ["Billing / Payment"]);
        assert_eq!(near("renewl", &known), ["Renewal"]);
        assert!(near("zzzz", &known).is_empty());
        assert!(near("", &known).is_empty());
    }
}
