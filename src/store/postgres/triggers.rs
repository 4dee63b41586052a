//! The trigger run on PostgreSQL (docs/store-boundary.md 4.4): one run at a time by a
//! transaction-scoped advisory lock that a second run tries once and does not wait for.

use postgres::GenericClient;
use postgres::types::Type;

use crate::{Error, Result};

/// Key of the advisory lock a trigger run holds until its transaction ends ("smb1" and 3).
pub const TRIGGER_RUN_LOCK: i64 = 0x736d_6231_0000_0003;

/// Takes the trigger run's lock for this transaction, or refuses at once (exit 1) when another
/// run holds it. `shown` names the database in the message.
pub fn begin_trigger_run(
    c: &mut impl GenericClient,
    shown: &str,
    err: &dyn Fn(postgres::Error) -> Error,
) -> Result<()> {
    let row = c
        .query_typed_one(
            "SELECT pg_try_advisory_xact_lock($1)",
            &[(&TRIGGER_RUN_LOCK, Type::INT8)],
        )
        .map_err(err)?;
    if row.get::<_, bool>(0) {
        Ok(())
    } else {
        Err(Error::Database(format!(
            "a trigger run is in progress on {shown}; wait for it to finish (nothing was \
             changed)"
        )))
    }
}
