//! Numbered migrations (append-only: never edit one that has landed). Each runs in its own
//! transaction and sets `user_version` to its number; `application_id` marks the file as smb's.

/// `application_id` of an smb database: "smb1" in ASCII.
pub const APPLICATION_ID: i32 = 0x736d_6231;

// `row_hash` on the imported tables is a hash of the row's cells as last imported: a re-import
// of an unchanged row is recognised without parsing it or reading the stored row.

/// The migrations, in order; migration N is `MIGRATIONS[N - 1]`.
pub const MIGRATIONS: &[&str] = &[
    // 1: accounts, opportunities, contacts, events, settings, advocates, cases and their history.
    r#"
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE accounts (
    account_id            TEXT PRIMARY KEY,
    name                  TEXT NOT NULL,
    region                TEXT NOT NULL CHECK (region IN ('AMER', 'APAC', 'EMEA')),
    carr_cents            INTEGER NOT NULL,
    country               TEXT,
    employees             INTEGER,
    lam                   INTEGER,
    has_ultimate          INTEGER,
    auto_renew            INTEGER,
    pte                   INTEGER CHECK (pte BETWEEN 1 AND 5),
    ptc                   INTEGER CHECK (ptc BETWEEN 1 AND 5),
    deployment            TEXT,
    email_domain          TEXT,
    customer_type         TEXT,
    owner                 TEXT,
    subscription_end_date TEXT,
    seats                 INTEGER,
    active_users          INTEGER,
    overage_cents         INTEGER,
    qsr_enabled           INTEGER,
    auto_renew_changed_at TEXT,
    pte_updated_at        TEXT,
    ptc_updated_at        TEXT,
    tier                  INTEGER,
    tier_changed_at       TEXT,
    carr_crossed_at       TEXT,
    row_hash              INTEGER
) WITHOUT ROWID;
CREATE INDEX accounts_email_domain ON accounts (email_domain COLLATE NOCASE) WHERE email_domain IS NOT NULL;

CREATE TABLE opportunities (
    opportunity_id      TEXT PRIMARY KEY,
    account_id          TEXT NOT NULL,
    type                TEXT NOT NULL,
    stage               TEXT NOT NULL,
    close_date          TEXT NOT NULL,
    name                TEXT,
    amount_cents        INTEGER,
    owner               TEXT,
    users               INTEGER,
    po_required         INTEGER,
    eoa                 INTEGER,
    multi_year          INTEGER,
    auto_renew          INTEGER,
    auto_renewal_status TEXT,
    qsr_status          TEXT,
    payment_failure     INTEGER,
    includes_duo        INTEGER,
    renewal_risk        TEXT,
    row_hash            INTEGER
) WITHOUT ROWID;
CREATE INDEX opportunities_account ON opportunities (account_id);

CREATE TABLE contacts (
    contact_id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    email      TEXT NOT NULL,
    name       TEXT,
    language   TEXT,
    row_hash   INTEGER
) WITHOUT ROWID;
CREATE INDEX contacts_account ON contacts (account_id);
CREATE INDEX contacts_email ON contacts (email COLLATE NOCASE);

CREATE TABLE events (
    event_id    TEXT PRIMARY KEY,
    type        TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    account_id  TEXT,
    email       TEXT,
    description TEXT,
    row_hash    INTEGER
) WITHOUT ROWID;
CREATE INDEX events_account ON events (account_id);

CREATE TABLE imports (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    source     TEXT NOT NULL,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    inserted   INTEGER NOT NULL,
    updated    INTEGER NOT NULL,
    unchanged  INTEGER NOT NULL,
    rejected   INTEGER NOT NULL
);

CREATE TABLE advocates (
    name       TEXT PRIMARY KEY COLLATE NOCASE,
    region     TEXT NOT NULL CHECK (region IN ('AMER', 'APAC', 'EMEA')),
    languages  TEXT NOT NULL DEFAULT 'en',
    role       TEXT NOT NULL CHECK (role IN ('advocate', 'manager')),
    capacity   INTEGER NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE cases (
    id                INTEGER PRIMARY KEY,
    account_id        TEXT,
    contact_id        TEXT,
    opportunity_id    TEXT,
    trigger           TEXT NOT NULL,
    category          TEXT NOT NULL,
    subject           TEXT NOT NULL,
    description       TEXT NOT NULL DEFAULT '',
    priority          INTEGER NOT NULL CHECK (priority IN (0, 1, 2)),
    status            TEXT NOT NULL,
    owner             TEXT,
    queue             TEXT,
    origin            TEXT NOT NULL,
    case_reason       TEXT,
    resolution_action TEXT,
    next_steps        TEXT,
    next_steps_date   TEXT,
    feedback          TEXT,
    web_email         TEXT,
    case_type         TEXT,
    created_at        TEXT NOT NULL,
    created_by        TEXT NOT NULL,
    queued_at         TEXT,
    picked_at         TEXT,
    first_response_at TEXT,
    closed_at         TEXT,
    dedup_key         TEXT UNIQUE,
    message_id        TEXT
);
-- The queue: Open, unowned cases in each model's order (SPEC §4.1).
CREATE INDEX cases_queue_priority ON cases (queue, priority, queued_at, id, next_steps_date)
    WHERE status = 'Open' AND owner IS NULL;
CREATE INDEX cases_queue_age ON cases (queue, queued_at, priority, id, next_steps_date)
    WHERE status = 'Open' AND owner IS NULL;
CREATE INDEX cases_account ON cases (account_id);
CREATE INDEX cases_owner_status ON cases (owner, status);
CREATE INDEX cases_created_at ON cases (created_at);
CREATE INDEX cases_message_id ON cases (message_id) WHERE message_id IS NOT NULL;

CREATE TABLE case_history (
    id      INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    field   TEXT,
    before  TEXT,
    after   TEXT,
    note    TEXT
);
CREATE INDEX case_history_case ON case_history (case_id, id);
CREATE TRIGGER case_history_no_update BEFORE UPDATE ON case_history
BEGIN SELECT RAISE(ABORT, 'case history is append-only'); END;
CREATE TRIGGER case_history_no_delete BEFORE DELETE ON case_history
BEGIN SELECT RAISE(ABORT, 'case history is append-only'); END;

-- Messages attached to cases, for replies by In-Reply-To / References (SPEC §5).
CREATE TABLE case_messages (
    message_id TEXT PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    at         TEXT NOT NULL
) WITHOUT ROWID;

-- SLA clocks (SPEC §6.1): started when a case becomes Open awaiting a response, stopped when
-- it becomes In Progress.
CREATE TABLE sla_clocks (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    started_at TEXT NOT NULL,
    stopped_at TEXT,
    reason     TEXT NOT NULL
);
CREATE INDEX sla_clocks_started ON sla_clocks (started_at);
CREATE INDEX sla_clocks_case ON sla_clocks (case_id);
"#,
    // 2: for the reports. How an SLA clock stopped (`stopped_by`): `pick` (the case became
    // In Progress), or `reassigned`, `deferred`, `closed`, `other` without a pick; only a pick
    // ends a clock as met. Clocks stopped before this migration are classified from the
    // history: a `picked` entry at the stop time is a pick. And indexes for the reports.
    r#"
ALTER TABLE sla_clocks ADD COLUMN stopped_by TEXT;
UPDATE sla_clocks SET stopped_by = CASE
        WHEN EXISTS (SELECT 1 FROM case_history h
                     WHERE h.case_id = sla_clocks.case_id AND h.action = 'picked'
                       AND h.at = sla_clocks.stopped_at)
        THEN 'pick' ELSE 'other' END
    WHERE stopped_at IS NOT NULL;
-- Reports on a million cases without reading the cases table whole (SPEC §6.2): the open
-- cases (aging, hygiene, capacity), created-per-month split by category or trigger (volume,
-- covering), and the cases a person created (created-by, names ignoring case).
CREATE INDEX cases_open ON cases (status, created_at) WHERE status IN ('Open', 'In Progress');
CREATE INDEX cases_created_volume ON cases (created_at, category, trigger);
CREATE INDEX cases_created_by ON cases (created_by COLLATE NOCASE, created_at);
"#,
    // 3: role `staff` (SPEC §4.3 decision: other departments create cases and read). SQLite
    // cannot change a CHECK: the table is rebuilt with its rows.
    r#"
CREATE TABLE advocates_v3 (
    name       TEXT PRIMARY KEY COLLATE NOCASE,
    region     TEXT NOT NULL CHECK (region IN ('AMER', 'APAC', 'EMEA')),
    languages  TEXT NOT NULL DEFAULT 'en',
    role       TEXT NOT NULL CHECK (role IN ('advocate', 'manager', 'staff')),
    capacity   INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
INSERT INTO advocates_v3 (name, region, languages, role, capacity, created_at)
    SELECT name, region, languages, role, capacity, created_at FROM advocates;
DROP TABLE advocates;
ALTER TABLE advocates_v3 RENAME TO advocates;
"#,
    // 4: notices that wait for a case's owner (SPEC §5 decision): a customer's reply attached
    // to their case, a case routed to them; seen when the owner runs `case show`.
    r#"
CREATE TABLE notices (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    recipient  TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('reply', 'routed')),
    at         TEXT NOT NULL,
    note       TEXT,
    seen_at    TEXT
);
CREATE INDEX notices_unseen ON notices (recipient COLLATE NOCASE, case_id) WHERE seen_at IS NULL;
"#,
    // 5 (issue #12): a person's time zone (`smb advocate add --tz`): their today, cadence days
    // and next-steps dates. NULL: the config file's, else the machine's.
    r#"
ALTER TABLE advocates ADD COLUMN time_zone TEXT;
"#,
    // 6 (issue #13, SPEC §10): the database login a profile belongs to (`smb advocate add NAME
    // --login ROLE`). PostgreSQL decides who acts from it; SQLite keeps it so that `db copy`
    // moves the links with the profiles. One profile per login.
    r#"
ALTER TABLE advocates ADD COLUMN login TEXT;
CREATE UNIQUE INDEX advocates_login ON advocates (login) WHERE login IS NOT NULL;
"#,
    // 7 (issue #14, SPEC §11.3): notices of kind `escalated` (`smb escalate` tells the managers
    // of the case's region). SQLite cannot change a CHECK: the table is rebuilt with its rows.
    r#"
CREATE TABLE notices_v7 (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    recipient  TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('reply', 'routed', 'escalated')),
    at         TEXT NOT NULL,
    note       TEXT,
    seen_at    TEXT
);
INSERT INTO notices_v7 (id, case_id, recipient, kind, at, note, seen_at)
    SELECT id, case_id, recipient, kind, at, note, seen_at FROM notices;
DROP TABLE notices;
ALTER TABLE notices_v7 RENAME TO notices;
CREATE INDEX notices_unseen ON notices (recipient COLLATE NOCASE, case_id) WHERE seen_at IS NULL;
"#,
    // 8 (issue #14, SPEC §11.1): what smb knows of an opportunity beyond the CRM's columns,
    // kept apart from `opportunities` so that an import replacing a row keeps it: the case it
    // was created from, an Add-On's source renewal, GitLab admin added, who created it, the
    // export mark (`changed_at`, cleared by an import that carries the id) and `seq`, the
    // number of its `SMB-OPP-n` id. And the cases that name an opportunity, to find its case.
    r#"
CREATE TABLE opportunity_work (
    opportunity_id TEXT PRIMARY KEY,
    case_id        INTEGER REFERENCES cases (id),
    source_id      TEXT,
    admin_added    INTEGER,
    created_by     TEXT,
    created_at     TEXT,
    changed_at     TEXT,
    seq            INTEGER UNIQUE
) WITHOUT ROWID;
CREATE INDEX opportunity_work_case ON opportunity_work (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX opportunity_work_changed ON opportunity_work (changed_at) WHERE changed_at IS NOT NULL;
CREATE INDEX cases_opportunity ON cases (opportunity_id) WHERE opportunity_id IS NOT NULL;
"#,
    // 9 (issue #14, SPEC §11.4): holidays per region (not business days for that region's
    // pooled SLA clocks), and the log of `smb settings set` (who changed what, when).
    r#"
CREATE TABLE holidays (
    region TEXT NOT NULL CHECK (region IN ('AMER', 'APAC', 'EMEA')),
    day    TEXT NOT NULL,
    name   TEXT,
    PRIMARY KEY (region, day)
) WITHOUT ROWID;
CREATE TABLE settings_log (
    id     INTEGER PRIMARY KEY,
    key    TEXT NOT NULL,
    before TEXT,
    after  TEXT NOT NULL,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL
);
"#,
    // 10 (issue #14, SPEC §11.5): absences (`smb advocate away`): the days, both included, as
    // the instants they start and end in the absent person's time zone; the covers in order of
    // preference (comma-separated); ended early or late by `smb advocate back`. And the cases a
    // plan moved to a cover (`--apply`), which `back` gives back.
    r#"
CREATE TABLE absences (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    from_date  TEXT NOT NULL,
    until_date TEXT NOT NULL CHECK (until_date >= from_date),
    starts_at  TEXT NOT NULL,
    ends_at    TEXT NOT NULL,
    covers     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    ended_at   TEXT,
    ended_by   TEXT
);
CREATE INDEX absences_open ON absences (ends_at) WHERE ended_at IS NULL;
CREATE TABLE absence_moves (
    id         INTEGER PRIMARY KEY,
    absence_id INTEGER NOT NULL REFERENCES absences (id),
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    from_owner TEXT NOT NULL,
    to_owner   TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX absence_moves_absence ON absence_moves (absence_id);
"#,
    // 11 (issue #15, SPEC §12): the history by time, for `--as-of`: the cases changed after a
    // moment without reading every entry (0.9 s on 6,000,000 entries; milliseconds through
    // this index; BENCHMARKS.md).
    r#"
CREATE INDEX case_history_at ON case_history (at);
"#,
    // 12 (issue #16): the queue in its exact order. A case ages from
    // `queued_at`, else `created_at` (`domain::queue::compare`, which merges the queues): the
    // head of each stored queue value is read in that order through these indexes, never
    // sorted. They replace migration 1's, which held `queued_at` alone (so a queued case
    // without one came first instead of at its creation).
    r#"
CREATE INDEX cases_queue_by_priority
    ON cases (queue, priority, (coalesce(queued_at, created_at)), id, next_steps_date)
    WHERE status = 'Open' AND owner IS NULL;
CREATE INDEX cases_queue_by_age
    ON cases (queue, (coalesce(queued_at, created_at)), priority, id, next_steps_date)
    WHERE status = 'Open' AND owner IS NULL;
DROP INDEX cases_queue_priority;
DROP INDEX cases_queue_age;
"#,
    // 13 (issue #16): the accounts table rebuilt with its region CHECK as comparisons: SQLite
    // codes `IN` of three constants as a temporary B-tree built for every row written (a
    // fifth of the insert's time in a first load of a million accounts; BENCHMARKS.md). The
    // same rows pass. And the email-domain index on the lowercased domain, as PostgreSQL's:
    // its keys compare byte by byte, so the first load sorts them in half the time of NOCASE
    // keys. SQLite's lower() folds ASCII letters only, as NOCASE does: a lookup by domain
    // still ignores ASCII case, and only that.
    r#"
CREATE TABLE accounts_v13 (
    account_id            TEXT PRIMARY KEY,
    name                  TEXT NOT NULL,
    region                TEXT NOT NULL CHECK (region = 'AMER' OR region = 'APAC' OR region = 'EMEA'),
    carr_cents            INTEGER NOT NULL,
    country               TEXT,
    employees             INTEGER,
    lam                   INTEGER,
    has_ultimate          INTEGER,
    auto_renew            INTEGER,
    pte                   INTEGER CHECK (pte BETWEEN 1 AND 5),
    ptc                   INTEGER CHECK (ptc BETWEEN 1 AND 5),
    deployment            TEXT,
    email_domain          TEXT,
    customer_type         TEXT,
    owner                 TEXT,
    subscription_end_date TEXT,
    seats                 INTEGER,
    active_users          INTEGER,
    overage_cents         INTEGER,
    qsr_enabled           INTEGER,
    auto_renew_changed_at TEXT,
    pte_updated_at        TEXT,
    ptc_updated_at        TEXT,
    tier                  INTEGER,
    tier_changed_at       TEXT,
    carr_crossed_at       TEXT,
    row_hash              INTEGER
) WITHOUT ROWID;
INSERT INTO accounts_v13 (
    account_id, name, region, carr_cents, country, employees, lam, has_ultimate, auto_renew,
    pte, ptc, deployment, email_domain, customer_type, owner, subscription_end_date, seats,
    active_users, overage_cents, qsr_enabled, auto_renew_changed_at, pte_updated_at,
    ptc_updated_at, tier, tier_changed_at, carr_crossed_at, row_hash)
    SELECT
    account_id, name, region, carr_cents, country, employees, lam, has_ultimate, auto_renew,
    pte, ptc, deployment, email_domain, customer_type, owner, subscription_end_date, seats,
    active_users, overage_cents, qsr_enabled, auto_renew_changed_at, pte_updated_at,
    ptc_updated_at, tier, tier_changed_at, carr_crossed_at, row_hash
    FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts_v13 RENAME TO accounts;
CREATE INDEX accounts_email_domain ON accounts (lower(email_domain)) WHERE email_domain IS NOT NULL;
"#,
    // 14: nothing (PostgreSQL's 14 keys its email-domain index by a hash of the lowercased
    // domain, which a first load sorts in half the time; SQLite's keeps migration 13's).
    r#"
SELECT 1;
"#,
    // 15: nothing (PostgreSQL's 15 keeps a summary of the book for `tier --summary`, which
    // its import maintains; SQLite reads the book in two parts and meets the target without).
    r#"
SELECT 1;
"#,
];

/// The secondary indexes of each imported table, as created by the migrations: a first import
/// into an empty table drops them and builds them once at the end (one sort instead of a
/// million random B-tree inserts). A test checks each is in the migrations verbatim.
pub const IMPORT_INDEXES: [(&str, &[(&str, &str)]); 4] = [
    (
        "accounts",
        &[(
            "accounts_email_domain",
            "CREATE INDEX accounts_email_domain ON accounts (lower(email_domain)) WHERE email_domain IS NOT NULL;",
        )],
    ),
    (
        "opportunities",
        &[(
            "opportunities_account",
            "CREATE INDEX opportunities_account ON opportunities (account_id);",
        )],
    ),
    (
        "contacts",
        &[
            (
                "contacts_account",
                "CREATE INDEX contacts_account ON contacts (account_id);",
            ),
            (
                "contacts_email",
                "CREATE INDEX contacts_email ON contacts (email COLLATE NOCASE);",
            ),
        ],
    ),
    (
        "events",
        &[(
            "events_account",
            "CREATE INDEX events_account ON events (account_id);",
        )],
    ),
];

/// The schema version this build writes.
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_indexes_are_the_migrations_own() {
        let all = MIGRATIONS.concat();
        for (_, indexes) in IMPORT_INDEXES {
            for (_, sql) in indexes {
                assert!(all.contains(sql), "{sql} is not in the migrations");
            }
        }
    }
}
