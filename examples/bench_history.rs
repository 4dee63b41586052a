//! Builds a database with a year of case history for `bench/asof.sh`, through the store's
//! own operations (`Ops::create_cases`, `Ops::apply`): N cases created over the year before
//! `2026-03-02T14:00:00Z`, each with its `created`/`queued` entries and first clock; most picked
//! a few hours later and closed a few days after (their entries and clock stops), the rest
//! still in the AMER or EMEA queue.
//!
//! ```sh
//! cargo run --release --example bench_history -- FILE [TOTAL]
//! ```

use chrono::{DateTime, Duration, Utc};
use smb::domain::case::{Case, Category, HistoryEntry, Origin, Priority, ResolutionAction, Status};
use smb::domain::change::{self, CaseChange, ClockEvent, Guard, NewCase};
use smb::domain::model::{Model, Region, Settings};
use smb::domain::report::ClockStop;
use smb::store::{Advocate, DbName, Ops, Role, Store};

/// A small deterministic generator.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

fn main() -> smb::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "history.db".to_string());
    let total: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let _ = std::fs::remove_file(&path);
    let db = DbName::File(path.clone().into());
    let (mut store, _) = Store::open(
        &db,
        true,
        &Settings::new(Model::Digital),
        std::time::Duration::from_secs(60),
    )?;
    let now: DateTime<Utc> = "2026-03-02T14:00:00Z".parse().expect("fixed time");
    let mut rng = Lcg(7);
    let mut tx = store.write()?;
    for name in ["Dana", "Ari", "Lena"] {
        tx.put_advocate(
            &Advocate {
                name: name.to_string(),
                region: if name == "Lena" {
                    Region::Emea
                } else {
                    Region::Amer
                },
                languages: vec!["en".to_string()],
                role: Role::Advocate,
                capacity: 10_000_000,
                created_at: now - Duration::days(400),
            },
            None,
        )?;
    }
    // Oldest first, in batches: the ids follow time.
    let mut created: Vec<DateTime<Utc>> = (0..total)
        .map(|_| now - Duration::minutes((rng.next() % (365 * 24 * 60)) as i64))
        .collect();
    created.sort();
    for chunk in created.chunks(10_000) {
        let drafts: Vec<NewCase> = chunk
            .iter()
            .map(|at| {
                let mut c = Case::draft(
                    "auto_renew_off",
                    Category::InboundRequest,
                    Priority::ALL[(rng.next() % 3) as usize],
                    "Benchmark case",
                    Origin::Trigger,
                    "system",
                    *at,
                );
                c.account_id = Some(format!("ACC-{:06}", rng.next() % 200_000));
                c.queue = Some(
                    if rng.next().is_multiple_of(3) {
                        "EMEA"
                    } else {
                        "AMER"
                    }
                    .to_string(),
                );
                NewCase {
                    draft: c,
                    actor: "system".to_string(),
                    note: None,
                    rollover: None,
                }
            })
            .collect();
        let made = tx.create_cases(&drafts)?;
        for c in made.into_iter().flatten() {
            // Picked 1 to 30 hours later, closed 1 to 6 days after; a case whose pick would
            // come after now stays in its queue.
            let picked = c.created_at + Duration::minutes(60 + (rng.next() % (29 * 60)) as i64);
            if picked > now {
                continue;
            }
            let who = ["Dana", "Ari", "Lena"][(rng.next() % 3) as usize];
            let mut after = c.clone();
            after.owner = Some(who.to_string());
            after.status = Status::InProgress;
            after.picked_at = Some(picked);
            after.first_response_at = Some(picked);
            let mut pick = CaseChange::new(&c, after.clone(), picked);
            pick.guard = Guard::Claim {
                owner: who.to_string(),
                cap: None,
            };
            pick.history = vec![
                HistoryEntry::new(picked, who, "picked").change(
                    "status",
                    Some("Open".into()),
                    Some("In Progress".into()),
                ),
                HistoryEntry::new(picked, who, "picked").change("owner", None, Some(who.into())),
            ];
            pick.clock = ClockEvent::Stop(ClockStop::Pick);
            tx.apply(&pick)?;
            let closed = picked + Duration::minutes(60 * 24 + (rng.next() % (5 * 24 * 60)) as i64);
            if closed > now {
                continue;
            }
            let close = change::close(
                &after,
                Status::Resolved,
                ResolutionAction::AnsweredQuestion,
                None,
                None,
                15,
                who,
                closed,
            )?;
            tx.apply(&close)?;
        }
    }
    tx.commit()?;
    println!("{path}: {total} cases over a year of history");
    Ok(())
}
