//! `smb report dashboard --out FILE.html`: the managers' dashboards in one self-contained page
//! (SPEC §12): SLA met per week and priority, volume against the expected, queue depth and
//! aging, capacity per person, escalations and the forecast, each chart (hand-written inline
//! SVG) beside a table of its numbers. No network: no external script, style sheet or font;
//! one tiny inline script records each chart's rendered size (`data-rendered`) and any script
//! error (`#errors`), which the browser test reads back. The numbers come from the report code
//! (`report.rs`) and the forecast (`forecast.rs`), not from queries of their own.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use chrono::{Datelike, Days, NaiveDate};

use super::Ctx;
use super::forecast;
use super::report::{aging_buckets, people, sla_rows};
use smb::domain::case::Priority;
use smb::domain::escalation;
use smb::domain::report::{self as rep, SlaGroupBy, Window};
use smb::store::Ops;
use smb::{Error, Result};

/// Weeks of SLA and escalations shown.
const WEEKS: u64 = 8;
/// Months of volume shown.
const MONTHS: u32 = 12;
/// The forecast's days, runs and seed.
const FORECAST: (u32, u32, u64) = (14, 500, 1);

/// One chart: its id, title, SVG, and its numbers as a table.
pub struct Chart {
    pub id: String,
    pub title: String,
    pub svg: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

pub fn run(ctx: &mut Ctx, out: &Path) -> Result<()> {
    // Refuse before reading anything: only a regular file may be replaced.
    if let Ok(m) = std::fs::symlink_metadata(out)
        && !m.file_type().is_file()
    {
        return Err(Error::invalid(format!(
            "--out {}: not a regular file (a directory, a link or a device): refusing to replace it",
            out.display()
        )));
    }
    let now = ctx.now;
    let today = ctx.today();
    let mut store = ctx.open()?;
    let mut tx = store.read()?;
    let settings = tx.settings()?;
    let mut charts = Vec::new();

    // SLA met per week and priority (report sla --by priority, one window a week).
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    let weeks: Vec<NaiveDate> = (0..WEEKS)
        .rev()
        .map(|w| monday - Days::new(7 * w))
        .collect();
    let mut sla_series: Vec<(String, Vec<f64>)> = Priority::ALL
        .iter()
        .map(|p| (p.as_str().to_string(), Vec::new()))
        .collect();
    let mut sla_table = Vec::new();
    for &w in &weeks {
        let window = Window::new(Some(w), Some(w + Days::new(6)))?.in_zone(ctx.tz);
        let rows = sla_rows(
            &mut tx,
            &settings,
            SlaGroupBy::Priority,
            &window,
            now,
            false,
        )?;
        for (i, p) in Priority::ALL.iter().enumerate() {
            let c = rows
                .iter()
                .find(|r| r.group == p.as_str())
                .map(|r| r.counts)
                .unwrap_or_default();
            let judged = c.met + c.breached;
            let pct = if judged == 0 {
                0.0
            } else {
                100.0 * c.met as f64 / judged as f64
            };
            sla_series[i].1.push(pct);
            sla_table.push(vec![
                w.to_string(),
                p.as_str().to_string(),
                c.met.to_string(),
                c.breached.to_string(),
                c.waiting.to_string(),
                if judged == 0 {
                    String::new()
                } else {
                    format!("{pct:.0}%")
                },
            ]);
        }
    }
    let week_labels: Vec<String> = weeks
        .iter()
        .map(|w| w.format("%m-%d").to_string())
        .collect();
    charts.push(Chart {
        id: "sla".into(),
        title: "SLA met per week and priority (% of clocks stopped by a pick or breached)".into(),
        svg: bars(&week_labels, &sla_series, Some(100.0)),
        headers: strings(&["week", "priority", "met", "breached", "waiting", "met %"]),
        rows: sla_table,
    });

    // Volume against the expected (report volume).
    let first_month = NaiveDate::from_ymd_opt(today.year(), today.month(), 1)
        .expect("a month start")
        - chrono::Months::new(MONTHS - 1);
    let window = Window::new(Some(first_month), None)?;
    let mut months: std::collections::BTreeMap<String, u64> =
        rep::months_between(&rep::month_of(first_month), &rep::month_of(today))
            .into_iter()
            .map(|m| (m, 0))
            .collect();
    for (m, _, n) in tx.volume(None, &window)? {
        *months.entry(m).or_default() += n;
    }
    let expected = f64::from(settings.expected_monthly_volume());
    let labels: Vec<String> = months.keys().cloned().collect();
    charts.push(Chart {
        id: "volume".into(),
        title: format!(
            "Cases created per month against the expected {expected} ({} model)",
            settings.model
        ),
        svg: bars(
            &labels,
            &[
                ("cases".into(), months.values().map(|&n| n as f64).collect()),
                ("expected".into(), vec![expected; months.len()]),
            ],
            None,
        ),
        headers: strings(&["month", "cases", "expected", "partial"]),
        rows: months
            .iter()
            .map(|(m, n)| {
                vec![
                    m.clone(),
                    n.to_string(),
                    expected.to_string(),
                    if rep::partial_month(m, &window, now) {
                        "yes"
                    } else {
                        ""
                    }
                    .to_string(),
                ]
            })
            .collect(),
    });

    // Queue depth now (queue list of each stored queue).
    let order = settings.queue_order();
    let mut depth = Vec::new();
    for q in tx.stored_queue_names()? {
        let n = tx
            .queue(std::slice::from_ref(&q), order, today, None)?
            .len();
        depth.push((q, n as f64));
    }
    charts.push(Chart {
        id: "depth".into(),
        title: "Queue depth now (cases waiting to be picked, per stored queue)".into(),
        svg: bars(
            &depth.iter().map(|(q, _)| q.clone()).collect::<Vec<_>>(),
            &[("waiting".into(), depth.iter().map(|d| d.1).collect())],
            None,
        ),
        headers: strings(&["queue", "waiting"]),
        rows: depth
            .iter()
            .map(|(q, n)| vec![q.clone(), n.to_string()])
            .collect(),
    });

    // Aging (report aging).
    let (target_days, limit_days) = (
        settings.resolve_target_days(),
        settings.resolve_limit_days(),
    );
    let buckets = aging_buckets(
        &mut tx,
        rep::age_cutoffs(today, target_days, limit_days),
        now,
    )?;
    let bucket_labels: Vec<String> = rep::AgeBucket::ALL
        .iter()
        .map(|b| b.label(target_days, limit_days))
        .collect();
    charts.push(Chart {
        id: "aging".into(),
        title: "Open and In Progress cases by age (days since created)".into(),
        svg: bars(
            &bucket_labels,
            &[
                ("open".into(), buckets.iter().map(|b| b.0 as f64).collect()),
                (
                    "in progress".into(),
                    buckets.iter().map(|b| b.1 as f64).collect(),
                ),
                (
                    "high value".into(),
                    buckets.iter().map(|b| b.2 as f64).collect(),
                ),
            ],
            None,
        ),
        headers: strings(&["age", "open", "in_progress", "high_value"]),
        rows: bucket_labels
            .iter()
            .zip(buckets)
            .map(|(l, b)| vec![l.clone(), b.0.to_string(), b.1.to_string(), b.2.to_string()])
            .collect(),
    });

    // Capacity per person (report capacity).
    let team = people(&mut tx, &settings)?;
    charts.push(Chart {
        id: "capacity".into(),
        title: "Capacity per person: In Progress against the cap".into(),
        svg: bars(
            &team.iter().map(|p| p.name.clone()).collect::<Vec<_>>(),
            &[
                (
                    "in progress".into(),
                    team.iter().map(|p| p.in_progress as f64).collect(),
                ),
                (
                    "cap".into(),
                    team.iter().map(|p| p.capacity as f64).collect(),
                ),
            ],
            None,
        ),
        headers: strings(&[
            "name",
            "in_progress",
            "capacity",
            "open_assigned",
            "high_value",
        ]),
        rows: team
            .iter()
            .map(|p| {
                vec![
                    p.name.clone(),
                    p.in_progress.to_string(),
                    p.capacity.to_string(),
                    p.open_assigned.to_string(),
                    p.high_value.to_string(),
                ]
            })
            .collect(),
    });

    // Escalations per week and reason (report escalations).
    let window = Window::new(weeks.first().copied(), None)?.in_zone(ctx.tz);
    let mut per_week = vec![[0u64; 2]; weeks.len()];
    for (_, h) in tx.escalations(&window)? {
        let day = h.at.with_timezone(&ctx.tz).date_naive();
        let w = weeks.iter().rposition(|&w| w <= day).unwrap_or(0);
        let pick_up = h.after.as_deref().and_then(escalation::Reason::parse)
            == Some(escalation::Reason::PickUp);
        per_week[w][usize::from(!pick_up)] += 1;
    }
    charts.push(Chart {
        id: "escalations".into(),
        title: "Escalations per week".into(),
        svg: bars(
            &week_labels,
            &[
                (
                    "pick-up SLA".into(),
                    per_week.iter().map(|w| w[0] as f64).collect(),
                ),
                (
                    "15-day limit".into(),
                    per_week.iter().map(|w| w[1] as f64).collect(),
                ),
            ],
            None,
        ),
        headers: strings(&["week", "pick-up SLA", "15-day limit"]),
        rows: weeks
            .iter()
            .zip(&per_week)
            .map(|(w, n)| vec![w.to_string(), n[0].to_string(), n[1].to_string()])
            .collect(),
    });

    // The forecast (smb forecast), one chart per queue.
    let (days, runs, seed) = FORECAST;
    let f = forecast::compute(&mut tx, &settings, now, days, runs, seed)?;
    drop(tx);
    for queue in forecast::queues(&f.forecast) {
        let rows: Vec<_> = forecast::totals(&f.forecast, &queue).collect();
        let labels: Vec<String> = rows
            .iter()
            .map(|r| r.date.format("%m-%d").to_string())
            .collect();
        let pick = |g: fn(&smb::domain::forecast::Row) -> u32| {
            rows.iter().map(|r| f64::from(g(r))).collect::<Vec<_>>()
        };
        charts.push(Chart {
            id: format!("forecast-{}", slug(&queue)),
            title: format!("Forecast, queue {queue}: cases waiting at each day's end (band p10 to p90, line p50; {runs} runs, seed {seed})"),
            svg: band(&labels, &pick(|r| r.depth.p10), &pick(|r| r.depth.p50), &pick(|r| r.depth.p90)),
            headers: strings(&["date", "arrivals p50", "depth p10", "depth p50", "depth p90", "breaches p50", "breaches p90"]),
            rows: rows
                .iter()
                .map(|r| {
                    vec![
                        r.date.to_string(),
                        r.arrivals.p50.to_string(),
                        r.depth.p10.to_string(),
                        r.depth.p50.to_string(),
                        r.depth.p90.to_string(),
                        r.breaches.p50.to_string(),
                        r.breaches.p90.to_string(),
                    ]
                })
                .collect(),
        });
    }

    let title = format!(
        "smb dashboard ({} model), {}",
        settings.model,
        smb::output::rfc3339(now)
    );
    write_atomically(out, page(&title, &charts).as_bytes())?;
    ctx.say(format!(
        "Wrote {} ({} charts).",
        out.display(),
        charts.len()
    ))
}

fn strings(s: &[&str]) -> Vec<String> {
    s.iter().map(|s| s.to_string()).collect()
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

/// Writes `bytes` to a temporary file beside `out`, then renames it over `out`: a reader sees
/// the old page or the new one, never half of one.
fn write_atomically(out: &Path, bytes: &[u8]) -> Result<()> {
    let context = || format!("cannot write {}", out.display());
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(context(), e))?;
    // The page keeps the mode of the file it replaces; a new one is readable by all (0644),
    // not the temporary file's 0600: it is meant to be served.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(out).map_or(0o644, |m| m.permissions().mode());
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(|e| Error::io(context(), e))?;
    }
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| Error::io(context(), e))?;
    tmp.persist(out)
        .map_err(|e| Error::io(context(), e.error))?;
    Ok(())
}

/// Escapes text for HTML and SVG.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const PALETTE: [&str; 4] = ["#2b6cb0", "#dd6b20", "#38a169", "#805ad5"];
const W: f64 = 640.0;
const H: f64 = 260.0;
/// Left, right, top, bottom margins of the plot area.
const M: (f64, f64, f64, f64) = (44.0, 10.0, 28.0, 40.0);

/// A "nice" top of the y axis at or above `max`.
fn nice(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let step = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * step)
        .find(|&t| t >= max)
        .unwrap_or(10.0 * step)
}

/// The frame of a chart: the y axis with 5 ticks, the x labels (every few when crowded).
fn frame(svg: &mut String, labels: &[String], top: f64) {
    let (l, r, t, b) = M;
    let plot_h = H - t - b;
    for i in 0..=4 {
        let v = top * f64::from(i) / 4.0;
        let y = H - b - plot_h * f64::from(i) / 4.0;
        let _ = write!(
            svg,
            r##"<line x1="{l}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{}" y="{:.1}" text-anchor="end" font-size="10">{}</text>"##,
            W - r,
            l - 4.0,
            y + 3.0,
            trim(v)
        );
    }
    let n = labels.len().max(1);
    let every = n.div_ceil(12);
    let slot = (W - l - r) / n as f64;
    for (i, label) in labels.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let x = l + slot * (i as f64 + 0.5);
        let _ = write!(
            svg,
            r#"<text x="{x:.1}" y="{}" text-anchor="middle" font-size="10">{}</text>"#,
            H - b + 14.0,
            esc(&short(label))
        );
    }
}

fn short(s: &str) -> String {
    if s.chars().count() > 14 {
        format!("{}…", s.chars().take(13).collect::<String>())
    } else {
        s.to_string()
    }
}

fn trim(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn legend(svg: &mut String, names: &[&str]) {
    let mut x = M.0;
    for (i, name) in names.iter().enumerate() {
        let _ = write!(
            svg,
            r#"<rect x="{x}" y="8" width="10" height="10" fill="{}"/><text x="{}" y="17" font-size="11">{}</text>"#,
            PALETTE[i % PALETTE.len()],
            x + 14.0,
            esc(name)
        );
        x += 24.0 + 7.0 * name.chars().count() as f64;
    }
}

/// Grouped bars: one group per label, one bar per series; `top` fixes the y axis (e.g. 100%).
pub fn bars(labels: &[String], series: &[(String, Vec<f64>)], top: Option<f64>) -> String {
    let (l, r, t, b) = M;
    let max = series
        .iter()
        .flat_map(|s| s.1.iter().copied())
        .fold(0.0, f64::max);
    let top = top.unwrap_or_else(|| nice(max));
    let mut svg = svg_open();
    frame(&mut svg, labels, top);
    let n = labels.len().max(1);
    let slot = (W - l - r) / n as f64;
    let bar = (slot * 0.8 / series.len().max(1) as f64).max(1.0);
    let plot_h = H - t - b;
    for (k, (name, values)) in series.iter().enumerate() {
        for (i, v) in values.iter().enumerate() {
            let h = plot_h * (v / top).clamp(0.0, 1.0);
            let x = l + slot * i as f64 + slot * 0.1 + bar * k as f64;
            let _ = write!(
                svg,
                r#"<rect x="{x:.1}" y="{:.1}" width="{bar:.1}" height="{h:.1}" fill="{}"><title>{} {}: {}</title></rect>"#,
                H - b - h,
                PALETTE[k % PALETTE.len()],
                esc(&labels[i]),
                esc(name),
                trim(*v)
            );
        }
    }
    legend(
        &mut svg,
        &series.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(),
    );
    svg.push_str("</svg>");
    svg
}

/// A band from `low` to `high` with the `mid` line over it.
pub fn band(labels: &[String], low: &[f64], mid: &[f64], high: &[f64]) -> String {
    let (l, r, t, b) = M;
    let top = nice(high.iter().copied().fold(0.0, f64::max));
    let mut svg = svg_open();
    frame(&mut svg, labels, top);
    let n = labels.len().max(1);
    let slot = (W - l - r) / n as f64;
    let plot_h = H - t - b;
    let at = |i: usize, v: f64| {
        format!(
            "{:.1},{:.1}",
            l + slot * (i as f64 + 0.5),
            H - b - plot_h * (v / top).clamp(0.0, 1.0)
        )
    };
    let upper: Vec<String> = high.iter().enumerate().map(|(i, &v)| at(i, v)).collect();
    let lower: Vec<String> = low
        .iter()
        .enumerate()
        .rev()
        .map(|(i, &v)| at(i, v))
        .collect();
    let line: Vec<String> = mid.iter().enumerate().map(|(i, &v)| at(i, v)).collect();
    let _ = write!(
        svg,
        r##"<polygon points="{} {}" fill="#2b6cb0" fill-opacity="0.25"/><polyline points="{}" fill="none" stroke="#2b6cb0" stroke-width="2"/>"##,
        upper.join(" "),
        lower.join(" "),
        line.join(" ")
    );
    legend(&mut svg, &["p50 (band p10 to p90)"]);
    svg.push_str("</svg>");
    svg
}

fn svg_open() -> String {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img">"#
    )
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}\
section{display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start;margin-bottom:2em}\
section h2{flex-basis:100%;font-size:1.05em;margin:0}\
svg{max-width:100%;height:auto;border:1px solid #eee}\
table{border-collapse:collapse;font-size:.85em}td,th{border:1px solid #ddd;padding:2px 6px;text-align:right}\
th{background:#f5f5f5}td:first-child,th:first-child{text-align:left}\
.scroll{max-height:260px;overflow:auto}#errors{color:#c00}";

/// Measures each chart as the browser rendered it and records script errors: what the browser
/// test reads back from the DOM.
const SCRIPT: &str = "window.onerror=function(m){document.getElementById('errors').textContent+=m+'\\n'};\
var s=document.querySelectorAll('svg');for(var i=0;i<s.length;i++){var r=s[i].getBoundingClientRect();\
s[i].setAttribute('data-rendered',Math.round(r.width)+'x'+Math.round(r.height))}\
document.body.setAttribute('data-charts',String(s.length));";

/// The whole page.
pub fn page(title: &str, charts: &[Chart]) -> String {
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>\n<h1>{}</h1>\n<pre id=\"errors\"></pre>\n",
        esc(title),
        esc(title)
    );
    for c in charts {
        let _ = write!(
            html,
            "<section class=\"chart\" id=\"{}\"><h2>{}</h2>\n{}\n<div class=\"scroll\"><table><thead><tr>",
            esc(&c.id),
            esc(&c.title),
            c.svg
        );
        for h in &c.headers {
            let _ = write!(html, "<th>{}</th>", esc(h));
        }
        html.push_str("</tr></thead><tbody>");
        for row in &c.rows {
            html.push_str("<tr>");
            for v in row {
                let _ = write!(html, "<td>{}</td>", esc(v));
            }
            html.push_str("</tr>");
        }
        html.push_str("</tbody></table></div></section>\n");
    }
    let _ = write!(html, "<script>{SCRIPT}</script>\n</body></html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_carries_no_external_reference() {
        let chart = Chart {
            id: "x".into(),
            title: "<T&>".into(),
            svg: bars(&["a".into()], &[("s".into(), vec![3.0])], None),
            headers: strings(&["k", "v"]),
            rows: vec![vec!["a".into(), "3".into()]],
        };
        let html = page("t", &[chart]);
        assert!(html.contains("&lt;T&amp;&gt;"));
        for bad in ["src=", "href=", "@import", "url(", "http://", "https://"] {
            // the SVG namespace is an identifier, not a fetch
            let stripped = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
            assert!(!stripped.contains(bad), "{bad} in {stripped}");
        }
    }

    #[test]
    fn nice_rounds_up_to_a_readable_top() {
        assert_eq!(nice(0.0), 1.0);
        assert_eq!(nice(7.0), 10.0);
        assert_eq!(nice(11.0), 20.0);
        assert_eq!(nice(230.0), 250.0);
        assert_eq!(nice(250.0), 250.0);
    }
}
