//! Builds a large database for `bench/queue.sh` through the store's own insert path
//! (`Tx::insert_case`): N cases of which M are Open in the AMER, EMEA and both queues, the
//! rest closed; plus an advocate `Bench` (AMER, capacity high enough to pick all day).
//!
//! ```sh
//! cargo run --release --example bench_cases -- FILE [TOTAL] [OPEN]
//! ```

use chrono::{DateTime, Duration, Utc};
use smb::domain::case::{BOTH_QUEUES, Case, Category, Origin, Priority, ResolutionAction, Status};
use smb::domain::model::{Model, Region, Settings};
use smb::store::sqlite::Store;
use smb::store::{Advocate, Role};

/// A small deterministic generator (no dependency needed for a benchmark's data).
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
    let path = args.next().unwrap_or_else(|| "bench.db".to_string());
    let total: u64 = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let open: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let _ = std::fs::remove_file(&path);
    let (mut store, _) = Store::open(path.as_ref(), &Settings::new(Model::Digital))?;
    let now: DateTime<Utc> = "2026-03-02T14:00:00Z".parse().expect("fixed time");
    let mut rng = Lcg(42);
    let tx = store.write()?;
    tx.set_cache_kib(256 * 1024)?;
    tx.put_advocate(&Advocate {
        name: "Bench".to_string(),
        region: Region::Amer,
        languages: vec!["en".to_string()],
        role: Role::Advocate,
        capacity: 10_000_000,
        created_at: now,
    })?;
    let triggers = [
        "email_to_case",
        "auto_renew_off",
        "po_renewal",
        "high_value_account",
    ];
    for i in 0..total {
        let age = Duration::minutes((rng.next() % (365 * 24 * 60)) as i64);
        let created = now - age;
        let priority = Priority::ALL[(rng.next() % 3) as usize];
        let mut c = Case::draft(
            triggers[(rng.next() % 4) as usize],
            Category::InboundRequest,
            priority,
            "Benchmark case",
            Origin::Trigger,
            "system",
            created,
        );
        c.account_id = Some(format!("ACC-{:06}", rng.next() % 200_000));
        c.queue = Some(
            match rng.next() % 10 {
                0 => BOTH_QUEUES,
                1..=5 => "AMER",
                _ => "EMEA",
            }
            .to_string(),
        );
        c.queued_at = Some(created);
        if !i.is_multiple_of((total / open.max(1)).max(1)) {
            c.status = Status::Resolved;
            c.owner = Some(format!("Advocate {}", rng.next() % 40));
            c.picked_at = Some(created + Duration::hours(3));
            c.first_response_at = c.picked_at;
            c.closed_at = Some(created + Duration::days(5));
            c.resolution_action = Some(ResolutionAction::AnsweredQuestion);
        } else if rng.next().is_multiple_of(20) {
            // a few deferred cases, hidden until a later date
            c.next_steps_date = Some((now + Duration::days(90)).date_naive());
            c.queued_at = Some(now + Duration::days(90));
        }
        tx.insert_case(&c)?;
    }
    tx.commit()?;
    let mut store = store;
    let tx = store.read()?;
    let plan = tx.explain_queue_query(smb::domain::model::QueueOrder::PriorityThenAge)?;
    println!(
        "{path}: {total} cases, about {open} open; queue plan: {}",
        plan.join(" / ")
    );
    Ok(())
}
