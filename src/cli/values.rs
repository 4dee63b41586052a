//! Values the shell completes (issue #12): a value parser that takes any text (the command
//! checks it and says "did you mean") but tells clap, and so the completion scripts and the
//! help, which values are known. Names of people come from the database: `smb complete people`.

use std::ffi::OsStr;

use clap::builder::{PossibleValue, TypedValueParser};

use smb::domain::case::{CaseReason, Priority, ResolutionAction, Status};
use smb::domain::model::Model;
use smb::domain::vocab::kebab;

/// Any text, with `values` offered for completion.
#[derive(Clone, Copy)]
pub struct Known(fn() -> Vec<String>);

impl TypedValueParser for Known {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.0)().into_iter().map(PossibleValue::new)))
    }
}

pub fn priorities() -> Known {
    Known(|| Priority::ALL.iter().map(|p| kebab(p.as_str())).collect())
}

pub fn closing_statuses() -> Known {
    Known(|| {
        Status::CLOSED
            .iter()
            .map(|s| s.cli_name().to_string())
            .collect()
    })
}

pub fn actions() -> Known {
    Known(|| {
        ResolutionAction::ALL
            .iter()
            .map(|a| kebab(a.as_str()))
            .collect()
    })
}

pub fn reasons() -> Known {
    Known(|| CaseReason::ALL.iter().map(|r| kebab(r.as_str())).collect())
}

/// The settings' keys (`smb settings get|set`).
pub fn settings() -> Known {
    Known(|| {
        smb::domain::setting::ALL
            .iter()
            .map(|d| d.key.to_string())
            .collect()
    })
}

pub fn regions() -> Known {
    Known(|| ["AMER", "APAC", "EMEA"].map(String::from).to_vec())
}

/// Every trigger key of both models (the command checks it against the database's model).
pub fn triggers() -> Known {
    Known(|| {
        let mut keys: Vec<String> = Vec::new();
        for m in [Model::Digital, Model::Pooled] {
            for k in super::work::trigger_keys(m) {
                if !keys.iter().any(|x| x == k) {
                    keys.push(k.to_string());
                }
            }
        }
        keys
    })
}

/// `smb opp new --type`.
pub fn opp_types() -> Known {
    Known(|| {
        smb::domain::opportunity::OppType::ALL
            .iter()
            .map(|t| t.cli_name().to_string())
            .collect()
    })
}

/// `smb opp update --stage`.
pub fn stages() -> Known {
    Known(|| {
        smb::domain::opportunity::STAGES
            .iter()
            .map(|s| kebab(s))
            .collect()
    })
}
