//! A macro for closed vocabularies: each is defined once, with its exact playbook string, and
//! used everywhere (parsing, validation, help text, completions, JSON).

/// Defines an enum whose variants map to exact strings, with `ALL`, `as_str`, a
/// case-insensitive `parse` (also accepting the extra aliases given), `Display` and `FromStr`
/// whose error lists every valid value.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in the playbook's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The exact playbook string.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// Case-insensitive parse of the exact string, one of its aliases, or its
            /// word form for the shell (`answered-question`, see [`kebab`]).
            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim();
                $(
                    if s.eq_ignore_ascii_case($text) $(|| s.eq_ignore_ascii_case($alias))* {
                        return Some($name::$variant);
                    }
                )+
                let k = $crate::domain::vocab::kebab(s);
                Self::ALL.iter().copied().find(|v| $crate::domain::vocab::kebab(v.as_str()) == k)
            }

            /// The valid values, for error messages and help text.
            pub fn list() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(" | ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::Error;
            fn from_str(s: &str) -> Result<Self, $crate::Error> {
                $name::parse(s).ok_or_else(|| {
                    let names: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                    let near = $crate::domain::near::near(s, &names);
                    let hint = if near.is_empty() {
                        String::new()
                    } else {
                        format!("did you mean {:?}? ", near.join("\" or \""))
                    };
                    $crate::Error::invalid(format!(
                        "unknown {} {:?}: {}expected one of {}",
                        $what,
                        s,
                        hint,
                        $name::list()
                    ))
                })
            }
        }
    };
}

pub(crate) use vocabulary;

/// A value as one shell word: lower case, every run of other characters than letters and
/// digits a single `-` ("Account Question / Update" is `account-question-update`). Completions
/// offer these; the parsers accept them.
pub fn kebab(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::domain::case::{CaseReason, ResolutionAction};

    #[test]
    fn every_value_has_a_shell_word_that_parses_back() {
        assert_eq!(
            super::kebab("Account Question / Update"),
            "account-question-update"
        );
        for a in ResolutionAction::ALL {
            assert_eq!(ResolutionAction::parse(&super::kebab(a.as_str())), Some(*a));
        }
        for r in CaseReason::ALL {
            assert_eq!(CaseReason::parse(&super::kebab(r.as_str())), Some(*r));
        }
        assert_eq!(ResolutionAction::parse("answered-questio"), None);
    }
}
