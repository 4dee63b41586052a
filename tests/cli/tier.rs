use crate::support::Workdir;
