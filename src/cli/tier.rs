//! `smb tier [ACCOUNT…] [--explain] [--summary]`: segment and tier with the reason (SPEC §1).

use smb::store::Ops;
use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::Ctx;
use smb::Result;
use smb::domain::account::Account;
use smb::domain::model::Region;
use smb::domain::segment::{Standing, Tier, standing, standing_basis, summary_slot};
use smb::output::Table;

/// Show accounts' segment and tier, with the reason in words.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb tier\n  smb tier ACC-0001 ACC-0002 --explain\n  smb tier --summary\n  smb --format json tier ACC-0001\n\nTiers (digital): 1 cARR > $7,000; 2 cARR > $1,000 or LAM > 10; 3 otherwise.\nOut of segment (digital): cARR >= $30,000, employees >= 101, an Ultimate licence, Japan."
)]
pub struct Args {
    /// Account ids (default: every account)
    accounts: Vec<String>,
    /// Every rule checked, with the account's value against the threshold
    #[arg(long)]
    explain: bool,
    /// Counts per region and tier instead of one row per account
    #[arg(long, conflicts_with = "explain")]
    summary: bool,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let mut store = ctx.open()?;
    let mut tx = store.read()?;
    let settings = tx.settings()?;
    let today = ctx.now.date_naive();
    for id in &args.accounts {
        if !tx.account_exists(id)? {
            return Err(super::work::unknown_account(&mut tx, id));
        }
    }
    if args.summary {
        // Counts per region: tiers 1-3 (in segment without a tier when pooled: 1), out of segment.
        let count = |counts: &mut BTreeMap<Region, [u64; 4]>, a: &Account| {
            counts.entry(a.region).or_default()[summary_slot(&settings, a, today) as usize] += 1;
        };
        let mut counts: BTreeMap<Region, [u64; 4]> = BTreeMap::new();
        let kept = if args.accounts.is_empty() {
            tx.kept_standings(&standing_basis(&settings))?
        } else {
            None
        };
        if let Some(kept) = kept {
            // The summary the import keeps (PostgreSQL), read on today.
            for (region, key, n) in kept {
                if n > 0 {
                    counts.entry(region).or_default()[key.slot_on(today) as usize] += n;
                }
            }
        } else if args.accounts.is_empty() {
            for part in tx.fold_account_segments(BTreeMap::new, count)? {
                for (region, n) in part {
                    let sum = counts.entry(region).or_default();
                    for (s, n) in sum.iter_mut().zip(n) {
                        *s += n;
                    }
                }
            }
        } else {
            tx.for_each_account(&args.accounts, |a| {
                count(&mut counts, &a);
                Ok(())
            })?;
        }
        drop(tx);
        return summary(
            ctx,
            &counts,
            settings.model == smb::domain::model::Model::Pooled,
        );
    }
    let mut rows: Vec<(Account, Standing)> = Vec::new();
    tx.for_each_account(&args.accounts, |a| {
        let st = standing(&settings, &a, today);
        rows.push((a, st));
        Ok(())
    })?;
    drop(tx);
    let mut table = Table::new(&[
        "account",
        "name",
        "region",
        "cARR",
        "tier",
        "in segment",
        "reason",
    ]);
    let mut json = Vec::with_capacity(rows.len());
    for (a, st) in &rows {
        let reason = if args.explain {
            format!("{}\n  - {}", st.reason, st.checks.join("\n  - "))
        } else {
            st.reason.clone()
        };
        table.push(vec![
            a.id.clone(),
            a.name.clone(),
            a.region.to_string(),
            a.carr.to_string(),
            st.tier.map_or("-".to_string(), |t| t.number().to_string()),
            if st.in_segment { "yes" } else { "no" }.to_string(),
            reason,
        ]);
        let mut obj = json!({
            "account_id": a.id,
            "name": a.name,
            "region": a.region.as_str(),
            "carr": a.carr.decimal(),
            "tier": st.tier.map(Tier::number),
            "in_segment": st.in_segment,
            "reason": st.reason,
            "mid_market_on": st.mid_market_on.map(|d| d.to_string()),
        });
        if args.explain {
            obj["checks"] = json!(st.checks);
        }
        json.push(obj);
    }
    ctx.emit(&table, &Value::Array(json))
}

fn summary(ctx: &mut Ctx, counts: &BTreeMap<Region, [u64; 4]>, pooled: bool) -> Result<()> {
    let headers: &[&str] = if pooled {
        &["region", "in segment", "out of segment", "total"]
    } else {
        &[
            "region",
            "tier 1",
            "tier 2",
            "tier 3",
            "out of segment",
            "total",
        ]
    };
    let mut table = Table::new(headers);
    let mut json = Vec::new();
    let mut total = [0u64; 4];
    let mut rows: Vec<(String, [u64; 4])> =
        counts.iter().map(|(r, c)| (r.to_string(), *c)).collect();
    for (_, c) in &rows {
        for i in 0..4 {
            total[i] += c[i];
        }
    }
    rows.push(("total".to_string(), total));
    for (region, c) in rows {
        let sum: u64 = c.iter().sum();
        if pooled {
            table.push(vec![
                region.clone(),
                c[0].to_string(),
                c[3].to_string(),
                sum.to_string(),
            ]);
            json.push(
                json!({"region": region, "in_segment": c[0], "out_of_segment": c[3], "total": sum}),
            );
        } else {
            table.push(
                std::iter::once(region.clone())
                    .chain(c.iter().map(u64::to_string))
                    .chain(std::iter::once(sum.to_string()))
                    .collect(),
            );
            json.push(json!({
                "region": region, "tier_1": c[0], "tier_2": c[1], "tier_3": c[2],
                "out_of_segment": c[3], "total": sum,
            }));
        }
    }
    ctx.emit(&table, &Value::Array(json))
}
