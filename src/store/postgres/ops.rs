//! [`Ops`] on PostgreSQL: every operation, each delegating to the module that holds its SQL
//! (`read`, `reports`, `import`, `write`, `triggers`, `identity`, `copy`).

use chrono::{DateTime, NaiveDate, Utc};
use hashbrown::HashMap;

use super::{Tx, absences, import, opportunity_work, read, reports, standings};
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
    // ---- Session ----

    fn settings(&mut self) -> Result<Settings> {
        // Read with BEGIN, in the transaction's first round trip.
        Ok(self.begin_settings())
    }

    fn commit(self) -> Result<()> {
        Tx::commit(self)
    }

    fn verify(&mut self) -> Result<()> {
        self.client
            .batch_execute("SELECT 1")
            .map_err(|e| self.err(e))
    }

    // ---- pgread: reading (4.2) ----

    fn account(&mut self, id: &str) -> Result<Option<Account>> {
        let r = read::account(self.client, id);
        self.done(r)
    }

    fn account_exists(&mut self, id: &str) -> Result<bool> {
        let r = read::account_exists(self.client, id);
        self.done(r)
    }

    fn account_ids_like(&mut self, id: &str, limit: usize) -> Result<Vec<String>> {
        let r = read::account_ids_like(self.client, id, limit);
        self.done(r)
    }

    fn account_by_domain(&mut self, domain: &str) -> Result<Option<String>> {
        let r = read::account_by_domain(self.client, domain);
        self.done(r)
    }

    fn account_count(&mut self) -> Result<i64> {
        let r = read::account_count(self.client);
        self.done(r)
    }

    fn has_accounts(&mut self) -> Result<bool> {
        let r = read::has_accounts(self.client);
        self.done(r)
    }

    fn for_each_account(
        &mut self,
        ids: &[String],
        f: impl FnMut(Account) -> Result<()>,
    ) -> Result<()> {
        let r = read::for_each_account(self.client, ids, f);
        self.done(r)
    }

    fn fold_account_segments<T: Send>(
        &mut self,
        init: impl Fn() -> T + Sync,
        f: impl Fn(&mut T, &Account) + Sync,
    ) -> Result<Vec<T>> {
        let mut whole = init();
        let r = read::for_each_account_segment(self.client, |a| f(&mut whole, a));
        self.done(r.map(|()| vec![whole]))
    }

    fn kept_standings(&mut self, basis: &str) -> Result<Option<Vec<(Region, StandingKey, u64)>>> {
        let r = standings::kept(self.client, basis);
        self.done(r)
    }

    fn contact(&mut self, id: &str) -> Result<Option<Contact>> {
        let r = read::contact(self.client, id);
        self.done(r)
    }

    fn contact_by_email(&mut self, email: &str) -> Result<Option<Contact>> {
        let r = read::contact_by_email(self.client, email);
        self.done(r)
    }

    fn opportunity(&mut self, id: &str) -> Result<Option<Opportunity>> {
        let r = read::opportunity(self.client, id);
        self.done(r)
    }

    fn opportunity_work(&mut self, id: &str) -> Result<OpportunityWork> {
        let r = opportunity_work::opportunity_work(self.client, id);
        self.done(r)
    }

    fn create_opportunity(
        &mut self,
        o: &Opportunity,
        work: &OpportunityWork,
    ) -> Result<Opportunity> {
        let r = opportunity_work::create_opportunity(self.client, o, work);
        self.done(r)
    }

    fn save_opportunity(&mut self, o: &Opportunity, work: &OpportunityWork) -> Result<()> {
        let r = opportunity_work::save_opportunity(self.client, o, work);
        self.done(r)
    }

    fn opportunity_list(&mut self, filter: &OppFilter) -> Result<Vec<Opportunity>> {
        let r = opportunity_work::opportunity_list(self.client, filter);
        self.done(r)
    }

    fn opportunity_ids_like(&mut self, id: &str) -> Result<Vec<String>> {
        let r = opportunity_work::opportunity_ids_like(self.client, id);
        self.done(r)
    }

    fn case_opportunities(&mut self, case_id: i64) -> Result<Vec<Opportunity>> {
        let r = opportunity_work::case_opportunities(self.client, case_id);
        self.done(r)
    }

    fn marked_opportunities(&mut self, since: Option<DateTime<Utc>>) -> Result<Vec<Opportunity>> {
        let r = opportunity_work::marked_opportunities(self.client, since);
        self.done(r)
    }

    fn opportunity_gap_links(&mut self) -> Result<Vec<OppGapLink>> {
        let r = opportunity_work::opportunity_gap_links(self.client);
        self.done(r)
    }

    fn opportunities_of(&mut self, account_id: &str) -> Result<Vec<Opportunity>> {
        let r = read::opportunities_of(self.client, account_id);
        self.done(r)
    }

    fn opportunities_owned_by(&mut self, owner: &str) -> Result<Vec<Opportunity>> {
        let r = read::opportunities_owned_by(self.client, owner);
        self.done(r)
    }

    fn owned_opportunities(&mut self) -> Result<Vec<Opportunity>> {
        let r = read::owned_opportunities(self.client);
        self.done(r)
    }

    fn event(&mut self, id: &str) -> Result<Option<Event>> {
        let r = read::event(self.client, id);
        self.done(r)
    }

    fn advocate(&mut self, name: &str) -> Result<Option<Advocate>> {
        // The profile the connection claimed, read with BEGIN: no trip of its own.
        if let Some(a) = self.begun_profile(name) {
            return Ok(Some(a));
        }
        let r = read::advocate(self.client, name);
        self.done(r)
    }

    fn advocates(&mut self) -> Result<Vec<Advocate>> {
        let r = read::advocates(self.client);
        self.done(r)
    }

    fn case(&mut self, id: i64) -> Result<Option<Case>> {
        let r = read::case(self.client, id);
        self.done(r)
    }

    fn cases(&mut self, filter: &CaseFilter) -> Result<Vec<Case>> {
        let r = read::cases(self.client, filter);
        self.done(r)
    }

    fn history(&mut self, case_id: i64) -> Result<Vec<HistoryEntry>> {
        let r = read::history(self.client, case_id);
        self.done(r)
    }

    fn cases_changed_after(
        &mut self,
        at: DateTime<Utc>,
    ) -> Result<Vec<(Case, Vec<crate::domain::case::HistoryEntry>)>> {
        let r = super::asof::cases_changed_after(self.client, at);
        self.done(r)
    }

    fn queue(
        &mut self,
        queues: &[String],
        order: QueueOrder,
        today: NaiveDate,
        limit: Option<usize>,
    ) -> Result<Vec<Case>> {
        let r = read::queue(self.client, queues, order, today, limit);
        self.done(r)
    }

    fn next_deferred(&mut self, queues: &[String], today: NaiveDate) -> Result<Option<NaiveDate>> {
        let r = read::next_deferred(self.client, queues, today);
        self.done(r)
    }

    fn touches_since(
        &mut self,
        case_id: i64,
        since: DateTime<Utc>,
    ) -> Result<Vec<(DateTime<Utc>, String)>> {
        let r = read::touches_since(self.client, case_id, since);
        self.done(r)
    }

    fn high_value_suppressed(&mut self, account_id: &str) -> Result<bool> {
        let r = read::high_value_suppressed(self.client, account_id);
        self.done(r)
    }

    fn case_facts_of(&mut self, account_id: &str) -> Result<Vec<CaseFacts>> {
        let r = read::case_facts_of(self.client, account_id);
        self.done(r)
    }

    fn case_id_by_dedup_key(&mut self, key: &str) -> Result<Option<i64>> {
        let r = read::case_id_by_dedup_key(self.client, key);
        self.done(r)
    }

    fn routing_facts(&mut self, account_id: &str) -> Result<RoutingFacts> {
        let r = read::routing_facts(self.client, account_id);
        self.done(r)
    }

    fn stored_queue_names(&mut self) -> Result<Vec<String>> {
        let r = read::stored_queue_names(self.client);
        self.done(r)
    }

    fn advocate_time_zone(&mut self, name: &str) -> Result<Option<String>> {
        if let Some(tz) = self.begun_time_zone(name) {
            return Ok(tz);
        }
        let r = read::advocate_time_zone(self.client, name);
        self.done(r)
    }

    fn unseen_notices(&mut self, recipient: &str) -> Result<Vec<Notice>> {
        let r = read::unseen_notices(self.client, recipient);
        self.done(r)
    }

    fn has_unseen_notices(&mut self, case_id: i64, recipient: &str) -> Result<bool> {
        let r = read::has_unseen_notices(self.client, case_id, recipient);
        self.done(r)
    }

    fn mark_notices_seen(
        &mut self,
        case_id: i64,
        recipient: &str,
        at: DateTime<Utc>,
    ) -> Result<usize> {
        let r = read::mark_notices_seen(self.client, case_id, recipient, at);
        self.done(r)
    }

    fn set_advocate_time_zone(&mut self, name: &str, tz: Option<&str>) -> Result<()> {
        self.forget_begun_profiles();
        let r = read::set_advocate_time_zone(self.client, name, tz);
        self.done(r)
    }

    // ---- pgread: import (4.5) ----

    fn import(
        &mut self,
        rows: &mut dyn ImportRows,
        track: &dyn Fn(Option<&Account>, Account) -> Tracked,
    ) -> Result<ImportCounts> {
        let r = import::import(self.client, rows, track);
        self.done(r)
    }

    fn record_import(
        &mut self,
        kind: &str,
        source: &str,
        at: DateTime<Utc>,
        actor: &str,
        counts: [u64; 4],
    ) -> Result<()> {
        let r = import::record_import(self.client, kind, source, at, actor, counts);
        self.done(r)
    }

    // ---- pgread: reports (4.6) ----

    fn for_each_sla_clock(
        &mut self,
        by: SlaGroupBy,
        window: &Window,
        now: DateTime<Utc>,
        f: impl FnMut(&str, Option<&str>, Priority, Option<ClockStop>, DateTime<Utc>, DateTime<Utc>),
    ) -> Result<()> {
        let r = reports::for_each_sla_clock(self.client, by, window, now, f);
        self.done(r)
    }

    fn account_regions(&mut self) -> Result<HashMap<String, Region>> {
        let r = reports::account_regions(self.client);
        self.done(r)
    }

    fn sla_clock_rows(
        &mut self,
        by: SlaGroupBy,
        window: &Window,
        now: DateTime<Utc>,
    ) -> Result<Vec<ClockRow>> {
        let r = reports::sla_clock_rows(self.client, by, window, now);
        self.done(r)
    }

    fn aging_counts(
        &mut self,
        target_cutoff: NaiveDate,
        limit_cutoff: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<(Status, bool, AgeBucket, u64)>> {
        let r = reports::aging_counts(self.client, target_cutoff, limit_cutoff, now);
        self.done(r)
    }

    fn cases_aged_before(&mut self, cutoff: NaiveDate) -> Result<Vec<Case>> {
        let r = reports::cases_aged_before(self.client, cutoff);
        self.done(r)
    }

    fn owner_loads(&mut self) -> Result<Vec<(String, u64, u64, u64)>> {
        let r = reports::owner_loads(self.client);
        self.done(r)
    }

    fn hygiene_candidates(
        &mut self,
        today: NaiveDate,
        over_capacity: &[String],
    ) -> Result<Vec<HygieneCandidate>> {
        let r = reports::hygiene_candidates(self.client, today, over_capacity);
        self.done(r)
    }

    fn volume(
        &mut self,
        split: Option<VolumeSplit>,
        window: &Window,
    ) -> Result<Vec<(String, Option<String>, u64)>> {
        let r = reports::volume(self.client, split, window);
        self.done(r)
    }

    fn cases_created_by(&mut self, names: &[String], window: &Window) -> Result<Vec<Case>> {
        let r = reports::cases_created_by(self.client, names, window);
        self.done(r)
    }
    fn escalations(&mut self, window: &Window) -> Result<Vec<(i64, HistoryEntry)>> {
        let r = reports::escalations(self.client, window);
        self.done(r)
    }

    // ---- Calendars and settings (SPEC §11.4) ----

    fn put_holidays(&mut self, holidays: &[crate::domain::holidays::Holiday]) -> Result<u64> {
        let r = super::calendar::put_holidays(self.client, holidays);
        self.done(r)
    }

    fn remove_holiday(&mut self, region: Region, day: NaiveDate) -> Result<bool> {
        let r = super::calendar::remove_holiday(self.client, region, day);
        self.done(r)
    }

    fn put_setting(&mut self, change: &crate::domain::setting::SettingChange) -> Result<()> {
        let r = super::calendar::put_setting(self.client, change);
        self.done(r)
    }

    fn settings_log(&mut self) -> Result<Vec<crate::domain::setting::SettingChange>> {
        let r = super::calendar::settings_log(self.client);
        self.done(r)
    }

    fn owns_database(&mut self) -> Result<bool> {
        // Read with BEGIN.
        Ok(self.session.owner)
    }

    fn pick_records(&mut self, window: &Window) -> Result<Vec<crate::domain::picks::PickRecord>> {
        let r = super::picks::pick_records(self.client, window);
        self.done(r)
    }

    // ---- pgwrite: identity and profiles (4.1, 4.7) ----

    fn identity(&mut self, claimed: &str) -> Result<Identity> {
        self.identity_of(claimed)
    }

    fn put_advocate(&mut self, a: &Advocate, login: Option<&str>) -> Result<bool> {
        self.identity_put_advocate(a, login)
    }

    // ---- pgwrite: writing a case (4.3) ----

    fn pick_view(&mut self, q: &PickQuery) -> Result<PickView> {
        self.write_pick_view(q)
    }

    fn apply(&mut self, change: &CaseChange) -> Result<Applied> {
        self.write_apply(change)
    }

    fn create_cases(&mut self, cases: &[NewCase]) -> Result<Vec<Option<Case>>> {
        let made = self.write_create_cases(cases)?;
        self.created += made.iter().filter(|c| c.is_some()).count();
        Ok(made)
    }

    fn thread_of(&mut self, message_ids: &[String]) -> Result<Option<Case>> {
        self.write_thread_of(message_ids)
    }

    // ---- pgwrite: the trigger run (4.4) ----

    fn begin_trigger_run(&mut self) -> Result<()> {
        self.trigger_begin()
    }

    fn account_snapshots<V: Send + 'static>(
        &mut self,
        _settings: &Settings,
        eval: Evaluate<V>,
    ) -> Result<Snapshots<V>> {
        self.trigger_snapshots(eval)
    }

    fn account_snapshots_uncommitted<V: Send + 'static>(
        &mut self,
        _settings: &Settings,
        eval: Evaluate<V>,
    ) -> Result<Snapshots<V>> {
        self.trigger_snapshots_here(eval)
    }

    // ---- pgwrite: db copy (4.7) ----

    fn count_rows(&mut self, table: &'static str) -> Result<u64> {
        self.copy_count_rows(table)
    }

    fn copy_out(
        &mut self,
        table: &'static str,
        columns: &'static [&'static str],
        f: &mut dyn FnMut(Vec<Cell>) -> Result<()>,
    ) -> Result<u64> {
        self.copy_rows_out(table, columns, f)
    }

    fn copy_in(
        &mut self,
        table: &'static str,
        columns: &'static [&'static str],
        rows: &mut dyn Iterator<Item = Result<Vec<Cell>>>,
    ) -> Result<u64> {
        self.copy_rows_in(table, columns, rows)
    }

    // ---- absence cover (SPEC §11.5) ----

    fn absences(&mut self) -> Result<Vec<Absence>> {
        let r = absences::absences(self.client);
        self.done(r)
    }

    fn put_absence(&mut self, a: &Absence) -> Result<i64> {
        let r = absences::put_absence(self.client, a);
        self.done(r)
    }

    fn end_absence(&mut self, id: i64, at: DateTime<Utc>, by: &str) -> Result<bool> {
        let r = absences::end_absence(self.client, id, at, by);
        self.done(r)
    }

    fn record_cover_moves(&mut self, absence_id: i64, moves: &[CoverMove]) -> Result<()> {
        let r = absences::record_cover_moves(self.client, absence_id, moves);
        self.done(r)
    }

    fn cover_moves(&mut self, absence_id: i64) -> Result<Vec<CoverMove>> {
        let r = absences::cover_moves(self.client, absence_id);
        self.done(r)
    }
}
