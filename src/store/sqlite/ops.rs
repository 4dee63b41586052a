//! [`Ops`] on SQLite: most operations are the inherent methods of [`Tx`] in this module's
//! files; the ones made of several of them are written here.

use chrono::{DateTime, NaiveDate, Utc};
use hashbrown::HashMap;

use super::Tx;
use crate::Result;
use crate::domain::absence::{Absence, CoverMove};
use crate::domain::account::{Account, Contact, Event, Opportunity};
use crate::domain::case::{Case, HistoryEntry, Priority, Status};
use crate::domain::change::{CaseChange, NewCase};
use crate::domain::model::{QueueOrder, Region, Settings};
use crate::domain::notice::Notice;
use crate::domain::opportunity::OpportunityWork;
use crate::domain::report::{AgeBucket, ClockStop, SlaGroupBy, VolumeSplit, Window};
use crate::domain::segment::StandingKey;
use crate::domain::trigger::CaseFacts;
use crate::store::{
    Advocate, Applied, CaseFilter, Cell, ClockRow, Evaluate, HygieneCandidate, Identity,
    ImportCounts, ImportRows, OppFilter, OppGapLink, Ops, PickQuery, PickView, RoutingFacts,
    Snapshots, Tracked,
};

impl Ops for Tx<'_> {
    fn settings(&mut self) -> Result<Settings> {
        Tx::settings(self)
    }
    fn identity(&mut self, claimed: &str) -> Result<Identity> {
        Ok(match Tx::advocate(self, claimed)? {
            Some(a) => Identity::Profile(a),
            None => Identity::NoProfile(claimed.trim().to_string()),
        })
    }
    fn commit(self) -> Result<()> {
        Tx::commit(self)
    }
    fn verify(&mut self) -> Result<()> {
        Tx::integrity_check(self)
    }
    fn account(&mut self, id: &str) -> Result<Option<Account>> {
        Tx::account(self, id)
    }
    fn account_exists(&mut self, id: &str) -> Result<bool> {
        Tx::account_exists(self, id)
    }
    fn account_ids_like(&mut self, id: &str, limit: usize) -> Result<Vec<String>> {
        Tx::account_ids_like(self, id, limit)
    }
    fn account_by_domain(&mut self, domain: &str) -> Result<Option<String>> {
        Tx::account_by_domain(self, domain)
    }
    fn account_count(&mut self) -> Result<i64> {
        Tx::account_count(self)
    }
    fn has_accounts(&mut self) -> Result<bool> {
        Tx::has_accounts(self)
    }
    fn for_each_account(
        &mut self,
        ids: &[String],
        f: impl FnMut(Account) -> Result<()>,
    ) -> Result<()> {
        Tx::for_each_account(self, ids, f)
    }
    fn fold_account_segments<T: Send>(
        &mut self,
        init: impl Fn() -> T + Sync,
        f: impl Fn(&mut T, &Account) + Sync,
    ) -> Result<Vec<T>> {
        Tx::fold_account_segments(self, init, f)
    }
    fn kept_standings(&mut self, _basis: &str) -> Result<Option<Vec<(Region, StandingKey, u64)>>> {
        // SQLite keeps no summary: reading the book in two parts meets the target (issue #16).
        Ok(None)
    }
    fn contact(&mut self, id: &str) -> Result<Option<Contact>> {
        Tx::contact(self, id)
    }
    fn contact_by_email(&mut self, email: &str) -> Result<Option<Contact>> {
        Tx::contact_by_email(self, email)
    }
    fn opportunity(&mut self, id: &str) -> Result<Option<Opportunity>> {
        Tx::opportunity(self, id)
    }
    fn opportunity_work(&mut self, id: &str) -> Result<OpportunityWork> {
        Tx::opportunity_work(self, id)
    }
    fn create_opportunity(
        &mut self,
        o: &Opportunity,
        work: &OpportunityWork,
    ) -> Result<Opportunity> {
        Tx::create_opportunity(self, o, work)
    }
    fn save_opportunity(&mut self, o: &Opportunity, work: &OpportunityWork) -> Result<()> {
        Tx::save_opportunity(self, o, work)
    }
    fn opportunity_list(&mut self, filter: &OppFilter) -> Result<Vec<Opportunity>> {
        Tx::opportunity_list(self, filter)
    }
    fn opportunity_ids_like(&mut self, id: &str) -> Result<Vec<String>> {
        Tx::opportunity_ids_like(self, id)
    }
    fn case_opportunities(&mut self, case_id: i64) -> Result<Vec<Opportunity>> {
        Tx::case_opportunities(self, case_id)
    }
    fn marked_opportunities(&mut self, since: Option<DateTime<Utc>>) -> Result<Vec<Opportunity>> {
        Tx::marked_opportunities(self, since)
    }
    fn opportunity_gap_links(&mut self) -> Result<Vec<OppGapLink>> {
        Tx::opportunity_gap_links(self)
    }
    fn opportunities_of(&mut self, account_id: &str) -> Result<Vec<Opportunity>> {
        Tx::opportunities_of(self, account_id)
    }
    fn opportunities_owned_by(&mut self, owner: &str) -> Result<Vec<Opportunity>> {
        Tx::opportunities_owned_by(self, owner)
    }
    fn owned_opportunities(&mut self) -> Result<Vec<Opportunity>> {
        Tx::owned_opportunities(self)
    }
    fn event(&mut self, id: &str) -> Result<Option<Event>> {
        Tx::event(self, id)
    }
    fn advocate(&mut self, name: &str) -> Result<Option<Advocate>> {
        Tx::advocate(self, name)
    }
    fn advocates(&mut self) -> Result<Vec<Advocate>> {
        Tx::advocates(self)
    }
    fn case(&mut self, id: i64) -> Result<Option<Case>> {
        Tx::case(self, id)
    }
    fn cases(&mut self, filter: &CaseFilter) -> Result<Vec<Case>> {
        Tx::cases(self, filter)
    }
    fn history(&mut self, case_id: i64) -> Result<Vec<HistoryEntry>> {
        Tx::history(self, case_id)
    }
    fn cases_changed_after(
        &mut self,
        at: DateTime<Utc>,
    ) -> Result<Vec<(Case, Vec<crate::domain::case::HistoryEntry>)>> {
        Tx::cases_changed_after(self, at)
    }
    /// One indexed query per stored queue value, merged in the model's order.
    fn queue(
        &mut self,
        queues: &[String],
        order: QueueOrder,
        today: NaiveDate,
        limit: Option<usize>,
    ) -> Result<Vec<Case>> {
        let mut lists = Vec::with_capacity(queues.len());
        for q in queues {
            lists.push(Tx::queue_cases(self, q, order, today, limit)?);
        }
        let mut all = crate::domain::queue::merge(order, lists);
        if let Some(l) = limit {
            all.truncate(l);
        }
        Ok(all)
    }
    fn next_deferred(&mut self, queues: &[String], today: NaiveDate) -> Result<Option<NaiveDate>> {
        let mut next: Option<NaiveDate> = None;
        for q in queues {
            if let Some(d) = Tx::next_deferred(self, q, today)? {
                next = Some(next.map_or(d, |n| n.min(d)));
            }
        }
        Ok(next)
    }
    fn touches_since(
        &mut self,
        case_id: i64,
        since: DateTime<Utc>,
    ) -> Result<Vec<(DateTime<Utc>, String)>> {
        Tx::touches_since(self, case_id, since)
    }
    fn high_value_suppressed(&mut self, account_id: &str) -> Result<bool> {
        Tx::high_value_suppressed(self, account_id)
    }
    fn case_facts_of(&mut self, account_id: &str) -> Result<Vec<CaseFacts>> {
        Tx::case_facts_of(self, account_id)
    }
    fn case_id_by_dedup_key(&mut self, key: &str) -> Result<Option<i64>> {
        Tx::case_id_by_dedup_key(self, key)
    }
    fn routing_facts(&mut self, account_id: &str) -> Result<RoutingFacts> {
        Ok(RoutingFacts {
            open_owner: Tx::open_case_owner(self, account_id)?,
            opportunities: Tx::opportunities_of(self, account_id)?,
        })
    }
    fn stored_queue_names(&mut self) -> Result<Vec<String>> {
        Tx::stored_queue_names(self)
    }
    fn advocate_time_zone(&mut self, name: &str) -> Result<Option<String>> {
        Tx::advocate_time_zone(self, name)
    }
    fn unseen_notices(&mut self, recipient: &str) -> Result<Vec<Notice>> {
        Tx::unseen_notices(self, recipient)
    }
    fn has_unseen_notices(&mut self, case_id: i64, recipient: &str) -> Result<bool> {
        Tx::has_unseen_notices(self, case_id, recipient)
    }
    /// Today's reads, under BEGIN IMMEDIATE (nobody else writes until the claim commits).
    fn pick_view(&mut self, q: &PickQuery) -> Result<PickView> {
        let me = Tx::advocate(self, &q.me)?;
        let head = match &me {
            Some(a) => Ops::queue(self, q.queues_for(a.region), q.order, q.today, Some(1))?
                .into_iter()
                .next(),
            None => None,
        };
        let case = match q.case {
            Some(id) => Tx::case(self, id)?,
            None => None,
        };
        let in_progress = match &me {
            Some(a) => Tx::in_progress_count(self, &a.name)?,
            None => 0,
        };
        let target = case.as_ref().or(head.as_ref());
        let (other_open_case, account_opportunities) = match (target, &me) {
            (Some(c), Some(a)) if c.account_id.is_some() => {
                let account = c.account_id.as_deref().unwrap_or_default();
                (
                    Tx::other_open_case_owner(self, account, c.id, &a.name)?,
                    Tx::opportunities_of(self, account)?,
                )
            }
            _ => (None, Vec::new()),
        };
        Ok(PickView {
            me,
            head,
            case,
            in_progress,
            other_open_case,
            account_opportunities,
        })
    }
    fn apply(&mut self, change: &CaseChange) -> Result<Applied> {
        Tx::apply_change(self, change)
    }
    fn create_cases(&mut self, cases: &[NewCase]) -> Result<Vec<Option<Case>>> {
        Tx::create_new_cases(self, cases)
    }
    fn thread_of(&mut self, message_ids: &[String]) -> Result<Option<Case>> {
        for id in message_ids {
            if let Some(case_id) = Tx::case_for_message(self, id)? {
                return Tx::case(self, case_id);
            }
        }
        Ok(None)
    }
    fn mark_notices_seen(
        &mut self,
        case_id: i64,
        recipient: &str,
        at: DateTime<Utc>,
    ) -> Result<usize> {
        Tx::mark_notices_seen(self, case_id, recipient, at)
    }
    /// BEGIN IMMEDIATE already excludes every other writer.
    fn begin_trigger_run(&mut self) -> Result<()> {
        Ok(())
    }
    fn account_snapshots<V: Send + 'static>(
        &mut self,
        settings: &Settings,
        eval: Evaluate<V>,
    ) -> Result<Snapshots<V>> {
        Tx::snapshots(self, settings, eval)
    }
    fn account_snapshots_uncommitted<V: Send + 'static>(
        &mut self,
        settings: &Settings,
        eval: Evaluate<V>,
    ) -> Result<Snapshots<V>> {
        Tx::snapshots_here(self, settings, eval)
    }
    fn import(
        &mut self,
        rows: &mut dyn ImportRows,
        track: &dyn Fn(Option<&Account>, Account) -> Tracked,
    ) -> Result<ImportCounts> {
        Tx::import_rows(self, rows, track)
    }
    fn record_import(
        &mut self,
        kind: &str,
        source: &str,
        at: DateTime<Utc>,
        actor: &str,
        counts: [u64; 4],
    ) -> Result<()> {
        Tx::record_import(self, kind, source, at, actor, counts)
    }
    fn for_each_sla_clock(
        &mut self,
        by: SlaGroupBy,
        window: &Window,
        now: DateTime<Utc>,
        f: impl FnMut(&str, Option<&str>, Priority, Option<ClockStop>, DateTime<Utc>, DateTime<Utc>),
    ) -> Result<()> {
        Tx::for_each_sla_clock(self, by, window, now, f)
    }
    fn account_regions(&mut self) -> Result<HashMap<String, Region>> {
        Tx::account_regions(self)
    }
    fn sla_clock_rows(
        &mut self,
        by: SlaGroupBy,
        window: &Window,
        now: DateTime<Utc>,
    ) -> Result<Vec<ClockRow>> {
        Tx::sla_clock_rows(self, by, window, now)
    }
    fn aging_counts(
        &mut self,
        target_cutoff: NaiveDate,
        limit_cutoff: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<(Status, bool, AgeBucket, u64)>> {
        Tx::aging_counts(self, target_cutoff, limit_cutoff, now)
    }
    fn cases_aged_before(&mut self, cutoff: NaiveDate) -> Result<Vec<Case>> {
        Tx::cases_aged_before(self, cutoff)
    }
    fn owner_loads(&mut self) -> Result<Vec<(String, u64, u64, u64)>> {
        Tx::owner_loads(self)
    }
    fn hygiene_candidates(
        &mut self,
        today: NaiveDate,
        over_capacity: &[String],
    ) -> Result<Vec<HygieneCandidate>> {
        Tx::hygiene_candidates(self, today, over_capacity)
    }
    fn volume(
        &mut self,
        split: Option<VolumeSplit>,
        window: &Window,
    ) -> Result<Vec<(String, Option<String>, u64)>> {
        Tx::volume(self, split, window)
    }
    fn cases_created_by(&mut self, names: &[String], window: &Window) -> Result<Vec<Case>> {
        Tx::cases_created_by(self, names, window)
    }
    fn escalations(&mut self, window: &Window) -> Result<Vec<(i64, HistoryEntry)>> {
        Tx::escalations(self, window)
    }
    fn put_holidays(&mut self, holidays: &[crate::domain::holidays::Holiday]) -> Result<u64> {
        Tx::put_holidays(self, holidays)
    }
    fn remove_holiday(&mut self, region: Region, day: NaiveDate) -> Result<bool> {
        Tx::remove_holiday(self, region, day)
    }
    fn put_setting(&mut self, change: &crate::domain::setting::SettingChange) -> Result<()> {
        Tx::put_setting(self, change)
    }
    fn settings_log(&mut self) -> Result<Vec<crate::domain::setting::SettingChange>> {
        Tx::settings_log(self)
    }
    /// SQLite has no logins: no session owns the database.
    fn owns_database(&mut self) -> Result<bool> {
        Ok(false)
    }
    fn pick_records(&mut self, window: &Window) -> Result<Vec<crate::domain::picks::PickRecord>> {
        Tx::pick_records(self, window)
    }
    /// SQLite has no logins: `login` is not stored.
    fn put_advocate(&mut self, a: &Advocate, login: Option<&str>) -> Result<bool> {
        let existed = Tx::put_advocate(self, a)?;
        if let Some(l) = login {
            Tx::link_login(self, &a.name, l.trim())?;
        }
        Ok(existed)
    }
    fn set_advocate_time_zone(&mut self, name: &str, tz: Option<&str>) -> Result<()> {
        Tx::set_advocate_time_zone(self, name, tz)
    }
    fn count_rows(&mut self, table: &'static str) -> Result<u64> {
        Tx::count_rows(self, table)
    }
    fn copy_out(
        &mut self,
        table: &'static str,
        columns: &'static [&'static str],
        f: &mut dyn FnMut(Vec<Cell>) -> Result<()>,
    ) -> Result<u64> {
        Tx::copy_out(self, table, columns, f)
    }
    fn copy_in(
        &mut self,
        table: &'static str,
        columns: &'static [&'static str],
        rows: &mut dyn Iterator<Item = Result<Vec<Cell>>>,
    ) -> Result<u64> {
        Tx::copy_in(self, table, columns, rows)
    }
    fn absences(&mut self) -> Result<Vec<Absence>> {
        Tx::absences(self)
    }
    fn put_absence(&mut self, a: &Absence) -> Result<i64> {
        Tx::put_absence(self, a)
    }
    fn end_absence(&mut self, id: i64, at: DateTime<Utc>, by: &str) -> Result<bool> {
        Tx::end_absence(self, id, at, by)
    }
    fn record_cover_moves(&mut self, absence_id: i64, moves: &[CoverMove]) -> Result<()> {
        Tx::record_cover_moves(self, absence_id, moves)
    }
    fn cover_moves(&mut self, absence_id: i64) -> Result<Vec<CoverMove>> {
        Tx::cover_moves(self, absence_id)
    }
}
