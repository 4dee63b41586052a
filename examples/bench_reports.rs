//! Builds a large database for `bench/reports.sh` through the store's own write path
//! (`Tx::insert_case`, `Tx::start_sla_clock`, `Tx::end_sla_clock`): TOTAL cases created over
//! the year before 2026-03-02 14:00 UTC on 50,000 accounts (AMER, APAC, EMEA), with their SLA
//! clocks as the workflow commands write them. About 1% are Open (a running clock; a third
//! routed to an owner), 0.5% In Progress (some without next steps, a date or a contact), the
//! rest closed; 5% of the picked cases were reassigned once before the pick, 2% deferred and
//! picked again; 2% of cases link an opportunity (a tenth of those still open); 5% were
//! created by one of 20 staff members; 40 advocates.
//!
//! ```sh
//! cargo run --release --example bench_reports -- FILE [TOTAL] [digital|pooled]
//! ```

use chrono::{DateTime, Duration, Utc};
use smb::domain::account::{Account, Opportunity};
use smb::domain::case::{Case, Category, Origin, Priority, ResolutionAction, Status};
use smb::domain::model::{Model, Region, Settings};
use smb::domain::money::Cents;
use smb::domain::report::ClockStop;
use smb::domain::sla;
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

    /// true with probability `per_mille` / 1000.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.next() % 1000 < per_mille
    }
}

/// One SLA clock: started, stopped (when and how), and why it started.
type Clock = (
    DateTime<Utc>,
    Option<(DateTime<Utc>, ClockStop)>,
    &'static str,
);

const ACCOUNTS: u64 = 50_000;
const OPPS: u64 = 20_000;
const ADVOCATES: u64 = 40;

fn main() -> smb::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "reports.db".to_string());
    let total: u64 = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let model: Model = args
        .next()
        .map(|m| m.parse())
        .transpose()?
        .unwrap_or(Model::Digital);
    let _ = std::fs::remove_file(&path);
    let settings = Settings::new(model);
    let (mut store, _) = Store::open(path.as_ref(), &settings)?;
    let now: DateTime<Utc> = "2026-03-02T14:00:00Z".parse().expect("fixed time");
    let mut rng = Lcg(7);
    let tx = store.write()?;
    tx.set_cache_kib(256 * 1024)?;
    for i in 0..ADVOCATES {
        tx.put_advocate(&Advocate {
            name: format!("Advocate {i}"),
            region: if i % 3 == 0 {
                Region::Emea
            } else {
                Region::Amer
            },
            languages: vec!["en".to_string()],
            role: Role::Advocate,
            capacity: 50,
            created_at: now,
        })?;
    }
    let regions = [Region::Amer, Region::Amer, Region::Apac, Region::Emea];
    for i in 0..ACCOUNTS {
        let region = regions[(i % 4) as usize];
        let a = Account::new(
            &format!("ACC-{i:06}"),
            &format!("Account {i}"),
            region,
            Cents::dollars(500 + (i % 20_000) as i64),
        );
        tx.put_account(&a, Some(1 + (i % 3) as u8), 0)?;
    }
    for i in 0..OPPS {
        let stage = if i % 10 == 0 {
            "4-Proposal"
        } else {
            "Closed Won"
        };
        tx.put_opportunity(
            &Opportunity::new(
                &format!("OPP-{i:06}"),
                &format!("ACC-{:06}", i % ACCOUNTS),
                "Renewal",
                stage,
                (now + Duration::days(30)).date_naive(),
            ),
            0,
        )?;
    }
    let triggers = [
        ("email_to_case", Category::InboundRequest, Priority::High),
        ("support_ticket", Category::InboundRequest, Priority::High),
        (
            "auto_renew_off",
            Category::ChurnMitigation,
            Priority::Medium,
        ),
        ("po_renewal", Category::UrgentRenewal, Priority::Medium),
        ("fo_opp", Category::Expansion, Priority::Medium),
        ("high_value_checkin", Category::HighValue, Priority::Low),
    ];
    let mut clocks = 0u64;
    for _ in 0..total {
        let age = Duration::minutes((rng.next() % (365 * 24 * 60)) as i64);
        let created = now - age;
        let (trigger, category, priority) = if rng.chance(10) {
            ("high_value_account", Category::HighValue, Priority::Low)
        } else {
            triggers[(rng.next() % triggers.len() as u64) as usize]
        };
        let creator = if rng.chance(50) {
            format!("Staff {}", rng.next() % 20)
        } else {
            "system".to_string()
        };
        let mut c = Case::draft(
            trigger,
            category,
            priority,
            "Benchmark case",
            Origin::Trigger,
            &creator,
            created,
        );
        let account = rng.next() % ACCOUNTS;
        c.account_id = Some(format!("ACC-{account:06}"));
        let region = regions[(account % 4) as usize];
        let queue = match model {
            Model::Digital => region.digital_queue().to_string(),
            Model::Pooled if region == Region::Emea => format!("Advocate {}", account % 13 * 3),
            Model::Pooled => "AMER".to_string(),
        };
        c.queue = Some(queue.clone());
        c.queued_at = Some(created);
        if rng.chance(20) {
            c.opportunity_id = Some(format!("OPP-{:06}", rng.next() % OPPS));
        }
        if rng.chance(800) {
            c.contact_id = Some(format!("CON-{account:06}"));
        }
        let owner = format!("Advocate {}", rng.next() % ADVOCATES);
        let target = sla::target_hours(&settings, priority);
        // calendar time to pick-up: 0 to twice the target (digital: about half breached);
        // pooled's 8 business hours span about a day and a half of calendar time
        let span_hours = match model {
            Model::Digital => 2 * target as u64,
            Model::Pooled => 2 * 36,
        };
        let wait = Duration::minutes((rng.next() % (span_hours * 60 + 1)) as i64);
        let roll = rng.next() % 1000;
        let mut timeline: Vec<Clock> = Vec::new();
        if roll < 10 || created + wait > now {
            // Open: still waiting; a third routed to an owner
            c.status = Status::Open;
            if rng.chance(333) {
                c.owner = Some(owner);
            }
            timeline.push((created, None, "created"));
        } else {
            let picked = created + wait;
            let reassigned = rng.chance(50);
            if reassigned {
                let at = created + wait / 2;
                timeline.push((created, Some((at, ClockStop::Reassigned)), "created"));
                timeline.push((at, Some((picked, ClockStop::Pick)), "reassigned"));
            } else {
                timeline.push((created, Some((picked, ClockStop::Pick)), "created"));
            }
            let mut last_pick = picked;
            if rng.chance(20) {
                // deferred a week after the pick, back two weeks later, picked again
                let back = picked + Duration::days(21);
                if back + wait < now {
                    timeline.push((back, Some((back + wait, ClockStop::Pick)), "deferral ended"));
                    last_pick = back + wait;
                }
            }
            c.owner = Some(owner);
            c.picked_at = Some(last_pick);
            c.first_response_at = Some(picked);
            if roll < 15 {
                c.status = Status::InProgress;
                if rng.chance(700) {
                    c.next_steps = Some("Follow up".to_string());
                    if rng.chance(700) {
                        c.next_steps_date = Some((now + Duration::days(3)).date_naive());
                    } else if rng.chance(500) {
                        c.next_steps_date = Some((now - Duration::days(3)).date_naive());
                    }
                }
            } else {
                let closed = last_pick + Duration::days(5);
                c.status = Status::Resolved;
                c.closed_at = Some(closed.min(now));
                c.resolution_action = Some(ResolutionAction::AnsweredQuestion);
            }
        }
        let c = tx.insert_case(&c)?;
        for (start, stop, reason) in timeline {
            tx.start_sla_clock(c.id, start, reason)?;
            clocks += 1;
            if let Some((at, by)) = stop {
                tx.end_sla_clock(c.id, at, by)?;
            }
        }
    }
    tx.commit()?;
    println!("{path}: {model} model, {total} cases, {clocks} SLA clocks, {ACCOUNTS} accounts");
    Ok(())
}
