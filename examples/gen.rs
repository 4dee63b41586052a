//! Deterministic large-world generator for benchmarks (digital model exports).
//!
//! ```text
//! cargo run --release --example gen -- --accounts N --opportunities M \
//!     [--shuffle] [--change-percent P] [--seed S] --out DIR
//! ```
//!
//! Writes `DIR/accounts.csv` (ids `A0000001`…) and `DIR/opportunities.csv` (ids `O0000001`…,
//! each on a random existing account) with the canonical headers of SPEC §8. Dates cluster
//! around the demo date 2026-03-02. Every row is a pure function of (seed, row number), so:
//!
//! - `--shuffle` writes the same rows in a random (seeded) order instead of id order;
//! - `--change-percent P` alters exactly `round(N * P / 100)` account rows (cARR, auto-renew
//!   or PTE) relative to the same seed's base output, so importing the base file and then the
//!   changed file yields exactly that many changed accounts. Opportunities never change.
//!
//! Rows are streamed through a `BufWriter`; the only per-row memory is an index permutation
//! (for `--shuffle` and for choosing the changed rows). Standard library only.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

const DEFAULT_SEED: u64 = 0x5EED_2026_0302;
const ACCOUNT_HEADER: &str = "account_id,account_name,region,carr,country,employees,lam,\
has_ultimate,auto_renew,pte,ptc,deployment,email_domain,customer_type,owner,\
subscription_end_date,seats,active_users,overage_amount,qsr_enabled,auto_renew_changed_at,\
pte_updated_at,ptc_updated_at";
const OPP_HEADER: &str = "opportunity_id,account_id,name,type,stage,close_date,amount,owner,\
users,po_required,eoa,multi_year,auto_renew,auto_renewal_status,qsr_status,payment_failure,\
includes_duo,renewal_risk";

// Stream tags, so that each purpose draws from an independent sequence.
const TAG_ACCOUNT: u64 = 0xA11C_0A17;
const TAG_OPP: u64 = 0x0B0B_0B0B;
const TAG_CHANGE: u64 = 0xC4A2_6E00;
const TAG_CHANGE_PICK: u64 = 0xC4A2_6E01;
const TAG_SHUFFLE_ACC: u64 = 0x5A0F_F1E0;
const TAG_SHUFFLE_OPP: u64 = 0x5A0F_F1E1;

/// SplitMix64: tiny, fast, good enough for test data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, tag: u64, index: u64) -> Rng {
        let mut r = Rng(seed ^ tag.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.0 ^= r.next_u64() ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03);
        r.next_u64();
        r
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `per_mille / 1000`.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// Index into `weights`, chosen proportionally.
    fn weighted(&mut self, weights: &[u64]) -> usize {
        let mut x = self.below(weights.iter().sum());
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

// ------------------------------------------------------------------------------- calendar

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

fn today() -> i64 {
    days_from_civil(2026, 3, 2)
}

struct Date(i64);

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = civil_from_days(self.0);
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

struct OptDate(Option<i64>);

impl std::fmt::Display for OptDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(d) => Date(d).fmt(f),
            None => Ok(()),
        }
    }
}

struct Money(i64);

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

struct Opt<T>(Option<T>);

impl<T: std::fmt::Display> std::fmt::Display for Opt<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(v) => v.fmt(f),
            None => Ok(()),
        }
    }
}

// ------------------------------------------------------------------------------- data

const STEMS: &[&str] = &[
    "Acme",
    "Blue Harbor",
    "Cedar Ridge",
    "Copperleaf",
    "Driftwood",
    "Evergreen",
    "Foxglove",
    "Granite Peak",
    "Harborview",
    "Ironwood",
    "Juniper",
    "Keystone",
    "Lakeside",
    "Maple Street",
    "Northwind",
    "Oakmont",
    "Pinecrest",
    "Quarry Hill",
    "Redwood",
    "Silverline",
    "Tidewater",
    "Union Square",
    "Willow Creek",
    "Zephyr",
    "Brightwater",
    "Summit",
    "Riverbend",
    "Stonebridge",
    "Sunrise",
    "Lighthouse",
    "Meadowlark",
    "Kestrel",
];
const TRADES: &[&str] = &[
    "Robotics",
    "Bakery",
    "Analytics",
    "Dental Care",
    "Design Studio",
    "Logistics",
    "Coffee Roasters",
    "Veterinary Clinic",
    "Software",
    "Landscaping",
    "Brewing",
    "Accounting",
    "Architects",
    "Fitness",
    "Print Shop",
    "Legal Services",
    "Marketing",
    "Consulting",
    "Labs",
    "Games",
    "Media",
    "Solar",
    "Data",
    "Automation",
];

struct Country {
    name: &'static str,
    weight: u64,
    suffix: &'static str,
    tld: &'static str,
}

const fn c(name: &'static str, weight: u64, suffix: &'static str, tld: &'static str) -> Country {
    Country {
        name,
        weight,
        suffix,
        tld,
    }
}

const AMER: &[Country] = &[
    c("United States", 70, "LLC", "com"),
    c("Canada", 15, "Inc.", "ca"),
    c("Brazil", 8, "Ltda.", "com.br"),
    c("Mexico", 7, "S.A. de C.V.", "com.mx"),
];
const APAC: &[Country] = &[
    c("Australia", 40, "Pty Ltd", "com.au"),
    c("India", 30, "Pvt Ltd", "in"),
    c("Singapore", 15, "Pte Ltd", "sg"),
    c("South Korea", 15, "Co., Ltd.", "kr"),
];
const EMEA: &[Country] = &[
    c("United Kingdom", 35, "Ltd", "co.uk"),
    c("Germany", 25, "GmbH", "de"),
    c("France", 15, "SAS", "fr"),
    c("Netherlands", 10, "B.V.", "nl"),
    c("Spain", 8, "S.L.", "es"),
    c("Sweden", 7, "AB", "se"),
];
const JAPAN: Country = c("Japan", 1, "K.K.", "co.jp");

const REGIONS: [&str; 3] = ["AMER", "EMEA", "APAC"];
const OWNERS: [&str; 3] = [
    "AMER SMB Sales User",
    "EMEA SMB Sales User",
    "APAC SMB Sales User",
];

fn countries(region: usize) -> &'static [Country] {
    match region {
        0 => AMER,
        1 => EMEA,
        _ => APAC,
    }
}

struct Account {
    index: u64,
    region: usize,
    stem: &'static str,
    trade: &'static str,
    country: &'static Country,
    carr: i64,
    employees: Option<i64>,
    lam: Option<i64>,
    has_ultimate: bool,
    auto_renew: bool,
    pte: Option<i64>,
    ptc: Option<i64>,
    self_managed: bool,
    new_customer: bool,
    sub_end: i64,
    seats: i64,
    active: i64,
    overage: i64,
    qsr: bool,
    ar_changed: Option<i64>,
    pte_updated: Option<i64>,
    ptc_updated: Option<i64>,
}

fn money(rng: &mut Rng, lo_cents: i64, hi_cents: i64) -> i64 {
    let c = rng.range(lo_cents, hi_cents);
    if rng.chance(600) {
        (c - c % 100).max(lo_cents)
    } else {
        c
    }
}

/// The base (unchanged) account for 1-based `index`.
fn account(seed: u64, index: u64) -> Account {
    let mut rng = Rng::new(seed, TAG_ACCOUNT, index);
    let region = rng.weighted(&[45, 35, 20]);
    let list = countries(region);
    let weights: Vec<u64> = list.iter().map(|c| c.weight).collect();
    let mut country = &list[rng.weighted(&weights)];
    let mut employees = Some(rng.range(2, 100));
    let mut has_ultimate = false;
    // ~5% out of segment, otherwise tier 1 / 2 / 3 at about 15 / 40 / 45 %.
    let (carr, lam) = match rng.below(1000) {
        0..=19 => (money(&mut rng, 3_000_000, 15_000_000), rng.range(80, 300)),
        20..=34 => {
            employees = Some(rng.range(101, 900));
            (money(&mut rng, 100_001, 2_000_000), rng.range(10, 90))
        }
        35..=42 => {
            has_ultimate = true;
            (money(&mut rng, 500_000, 2_500_000), rng.range(10, 90))
        }
        43..=49 => {
            country = &JAPAN;
            (money(&mut rng, 50_000, 2_000_000), rng.range(5, 60))
        }
        50..=192 => (money(&mut rng, 700_001, 2_999_999), rng.range(12, 95)),
        193..=572 => {
            if rng.chance(850) {
                (money(&mut rng, 100_001, 700_000), rng.range(2, 60))
            } else {
                (money(&mut rng, 0, 100_000), rng.range(11, 40))
            }
        }
        _ => (money(&mut rng, 0, 100_000), rng.range(0, 10)),
    };
    if rng.chance(50) {
        employees = None;
    }
    let seats = (lam + rng.range(0, 8)).max(1);
    let active = (seats * rng.range(30, 100) / 100).max(1);
    let lam = if rng.chance(30) { None } else { Some(lam) };
    let auto_renew = !rng.chance(150);
    let ar_changed = if auto_renew || rng.chance(300) {
        None
    } else if rng.chance(100) {
        Some(today() - rng.range(0, 30))
    } else {
        Some(today() - rng.range(31, 500))
    };
    let pte = if rng.chance(100) {
        None
    } else {
        Some(rng.pick(&[1, 2, 3, 3, 3, 4, 5]))
    };
    let ptc = if rng.chance(100) {
        None
    } else {
        Some(rng.pick(&[1, 2, 3, 3, 4, 4, 5]))
    };
    let pte_updated = pte.map(|_| today() - rng.range(0, 400));
    let ptc_updated = ptc.map(|_| today() - rng.range(0, 400));
    Account {
        index,
        region,
        stem: rng.pick(STEMS),
        trade: rng.pick(TRADES),
        country,
        carr,
        employees,
        lam,
        has_ultimate,
        auto_renew,
        pte,
        ptc,
        self_managed: rng.chance(250),
        new_customer: rng.chance(80),
        sub_end: today() + rng.range(-20, 365),
        seats,
        active,
        overage: if rng.chance(850) {
            0
        } else {
            money(&mut rng, 5_000, 300_000)
        },
        qsr: rng.chance(600),
        ar_changed,
        pte_updated,
        ptc_updated,
    }
}

/// Apply this account's deterministic change (cARR, auto-renew or PTE); always a real change.
fn change(seed: u64, a: &mut Account) {
    let mut rng = Rng::new(seed, TAG_CHANGE, a.index);
    match rng.below(3) {
        0 => a.carr += rng.range(1, 50_000),
        1 => {
            a.auto_renew = !a.auto_renew;
            a.ar_changed = Some(today());
        }
        _ => {
            a.pte = Some(match a.pte {
                Some(p) => p % 5 + 1,
                None => 3,
            });
            a.pte_updated = Some(today());
        }
    }
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// Write a CSV field, quoting it when needed.
fn field(out: &mut impl Write, s: &str) -> io::Result<()> {
    if s.contains([',', '"', '\n', '\r']) {
        write!(out, "\"{}\"", s.replace('"', "\"\""))
    } else {
        out.write_all(s.as_bytes())
    }
}

fn tf(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

fn write_account(out: &mut impl Write, a: &Account) -> io::Result<()> {
    write!(out, "A{:07},", a.index)?;
    field(out, &format!("{} {} {}", a.stem, a.trade, a.country.suffix))?;
    writeln!(
        out,
        ",{},{},{},{},{},{},{},{},{},{},{}-{}-{}.{},{},{},{},{},{},{},{},{},{},{}",
        REGIONS[a.region],
        Money(a.carr),
        a.country.name,
        Opt(a.employees),
        Opt(a.lam),
        tf(a.has_ultimate),
        tf(a.auto_renew),
        Opt(a.pte),
        Opt(a.ptc),
        if a.self_managed {
            "Self-Managed"
        } else {
            "SaaS"
        },
        slug(a.stem),
        slug(a.trade),
        a.index,
        a.country.tld,
        if a.new_customer { "new" } else { "existing" },
        OWNERS[a.region],
        Date(a.sub_end),
        a.seats,
        a.active,
        Money(a.overage),
        tf(a.qsr),
        OptDate(a.ar_changed),
        OptDate(a.pte_updated),
        OptDate(a.ptc_updated),
    )
}

const OPEN_STAGES: &[&str] = &[
    "0-Pending Acceptance",
    "1-Discovery",
    "2-Scoping",
    "4-Proposal",
    "5-Negotiating",
];
const TYPES: &[&str] = &[
    "Renewal",
    "Add-On Business",
    "Growth",
    "New Business",
    "QSR",
    "Upgrade",
];

fn write_opp(out: &mut impl Write, seed: u64, accounts: u64, index: u64) -> io::Result<()> {
    let mut rng = Rng::new(seed, TAG_OPP, index);
    let acc = account(seed, 1 + rng.below(accounts));
    let kind = rng.weighted(&[60, 10, 8, 5, 12, 5]);
    let closed = rng.chance(if kind == 0 { 150 } else { 300 });
    let (stage, close) = if closed {
        let stage = if rng.chance(750) {
            "Closed Won"
        } else {
            "Closed Lost"
        };
        (stage, today() - rng.range(1, 365))
    } else if kind == 0 {
        let close = acc.sub_end;
        let stage = if close - today() > 60 {
            rng.pick(&OPEN_STAGES[..2])
        } else {
            rng.pick(&OPEN_STAGES[1..])
        };
        (stage, close)
    } else {
        (rng.pick(OPEN_STAGES), today() + rng.range(-10, 180))
    };
    let amount = if kind == 0 {
        (acc.carr + rng.range(-50_000, 50_000)).max(0)
    } else {
        money(&mut rng, 15_000, 600_000)
    };
    let renewal = kind == 0;
    let flag = |rng: &mut Rng, per_mille: u64| renewal && rng.chance(per_mille);
    let po = flag(&mut rng, 40);
    let eoa = flag(&mut rng, 30);
    let multi = flag(&mut rng, 30);
    let duo = flag(&mut rng, 30);
    let payment_failure = (renewal || kind == 4) && rng.chance(20);
    let due_to_fail = if flag(&mut rng, 30) {
        "Due to Fail"
    } else {
        ""
    };
    let risk = if renewal {
        rng.pick(&["", "", "", "", "", "", "Low", "Low", "Medium", "Will Churn"])
    } else {
        ""
    };
    let qsr_status = if kind == 4 {
        rng.pick(&["", "", "Pending", "Failed"])
    } else {
        ""
    };
    let users = if renewal { acc.seats } else { rng.range(1, 20) };
    let name = format!(
        "{} {} - {}",
        acc.stem,
        acc.trade,
        if renewal { "Renewal" } else { TYPES[kind] }
    );
    write!(out, "O{:07},A{:07},", index, acc.index)?;
    field(out, &name)?;
    writeln!(
        out,
        ",{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
        TYPES[kind],
        stage,
        Date(close),
        Money(amount),
        OWNERS[acc.region],
        users,
        tf(po),
        tf(eoa),
        tf(multi),
        tf(acc.auto_renew),
        due_to_fail,
        qsr_status,
        tf(payment_failure),
        tf(duo),
        risk,
    )
}

/// A seeded Fisher-Yates permutation of `0..n`; only the first `k` positions are shuffled.
fn permutation(seed: u64, tag: u64, n: u64, k: u64) -> Vec<u32> {
    let mut p: Vec<u32> = (0..n as u32).collect();
    let mut rng = Rng::new(seed, tag, 0);
    for i in 0..k.min(n.saturating_sub(1)) {
        let j = i + rng.below(n - i);
        p.swap(i as usize, j as usize);
    }
    p
}

struct Args {
    accounts: u64,
    opportunities: u64,
    shuffle: bool,
    change_percent: f64,
    seed: u64,
    out: PathBuf,
}

const USAGE: &str = "usage: gen --accounts N --opportunities M [--shuffle] \
[--change-percent P] [--seed S] --out DIR";

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let mut accounts = None;
    let mut opportunities = None;
    let mut shuffle = false;
    let mut change_percent = 0.0;
    let mut seed = DEFAULT_SEED;
    let mut out = None;
    while let Some(a) = args.next() {
        let (key, inline) = match a.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (a.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match key.as_str() {
            "--accounts" => accounts = Some(num(&value("--accounts")?)?),
            "--opportunities" => opportunities = Some(num(&value("--opportunities")?)?),
            "--seed" => seed = num(&value("--seed")?)?,
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--change-percent" => {
                let v = value("--change-percent")?;
                change_percent = v
                    .parse::<f64>()
                    .ok()
                    .filter(|p| (0.0..=100.0).contains(p))
                    .ok_or_else(|| format!("--change-percent: {v:?} is not a number 0-100"))?;
            }
            "--shuffle" => shuffle = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let accounts = accounts.ok_or("--accounts is required")?;
    if accounts == 0 || accounts > 9_999_999 {
        return Err("--accounts must be 1..=9999999".into());
    }
    let opportunities = opportunities.ok_or("--opportunities is required")?;
    if opportunities > 9_999_999 {
        return Err("--opportunities must be at most 9999999".into());
    }
    Ok(Args {
        accounts,
        opportunities,
        shuffle,
        change_percent,
        seed,
        out: out.ok_or("--out is required")?,
    })
}

fn num(s: &str) -> Result<u64, String> {
    s.replace('_', "")
        .parse()
        .map_err(|_| format!("{s:?} is not a non-negative integer"))
}

fn run(args: &Args) -> io::Result<u64> {
    fs::create_dir_all(&args.out)?;
    let n = args.accounts;
    let m = args.opportunities;

    let changes = (n as f64 * args.change_percent / 100.0).round() as u64;
    let changed: Vec<bool> = if changes > 0 {
        let mut mark = vec![false; n as usize];
        for &i in &permutation(args.seed, TAG_CHANGE_PICK, n, changes)[..changes as usize] {
            mark[i as usize] = true;
        }
        mark
    } else {
        Vec::new()
    };

    let mut out = BufWriter::with_capacity(1 << 20, File::create(args.out.join("accounts.csv"))?);
    writeln!(out, "{ACCOUNT_HEADER}")?;
    let order = args
        .shuffle
        .then(|| permutation(args.seed, TAG_SHUFFLE_ACC, n, n));
    for pos in 0..n {
        let i = order.as_ref().map_or(pos, |p| u64::from(p[pos as usize]));
        let mut a = account(args.seed, i + 1);
        if changed.get(i as usize).copied().unwrap_or(false) {
            change(args.seed, &mut a);
        }
        write_account(&mut out, &a)?;
    }
    out.flush()?;
    drop(order);

    let mut out =
        BufWriter::with_capacity(1 << 20, File::create(args.out.join("opportunities.csv"))?);
    writeln!(out, "{OPP_HEADER}")?;
    let order = args
        .shuffle
        .then(|| permutation(args.seed, TAG_SHUFFLE_OPP, m, m));
    for pos in 0..m {
        let i = order.as_ref().map_or(pos, |p| u64::from(p[pos as usize]));
        write_opp(&mut out, args.seed, n, i + 1)?;
    }
    out.flush()?;
    Ok(changes)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("gen: {e}");
            }
            eprintln!("{USAGE}");
            return if e.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    match run(&args) {
        Ok(changes) => {
            eprintln!(
                "gen: wrote {} accounts ({changes} changed) and {} opportunities to {}",
                args.accounts,
                args.opportunities,
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen: {e}");
            ExitCode::FAILURE
        }
    }
}
