//! [`Ops`] on PostgreSQL. Placeholders return [`not_yet`] until their implementation lands:
//! the reading, report, import and profile-reading operations (pgread), and the case writes,
//! the trigger run, identity, profiles and copy (pgwrite), each replacing its own bodies.

use chrono::{DateTime, NaiveDate, Utc};
use hashbrown::HashMap;

use super::Tx;
use crate::Result;
use crate::domain::account::{Account, Contact, Event, Opportunity};
use crate::domain::case::{Case, HistoryEntry, Priority, Status};
use crate::domain::change::{CaseChange, NewCase};
use crate::domain::model::{QueueOrder, Region, Settings};
use crate::domain::notice::Notice;
use crate::domain::report::{AgeBucket, ClockStop, SlaGroupBy, VolumeSplit, Window};
use crate::domain::trigger::CaseFacts;
use crate::store::{
    Advocate, Applied, CaseFilter, Cell, ClockRow, Evaluate, HygieneCandidate, Identity,
    ImportCounts, ImportRows, Ops, PickQuery, PickView, RoutingFacts, Snapshots, Tracked, not_yet,
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

    fn account(&mut self, _id: &str) -> Result<Option<Account>> {
        Err(not_yet("account"))
    }

    fn account_exists(&mut self, _id: &str) -> Result<bool> {
        Err(not_yet("account_exists"))
    }

    fn account_ids_like(&mut self, _id: &str, _limit: usize) -> Result<Vec<String>> {
        Err(not_yet("account_ids_like"))
    }

    fn account_by_domain(&mut self, _domain: &str) -> Result<Option<String>> {
        Err(not_yet("account_by_domain"))
    }

    fn account_count(&mut self) -> Result<i64> {
        Err(not_yet("account_count"))
    }

    fn for_each_account(
        &mut self,
        _ids: &[String],
        _f: impl FnMut(Account) -> Result<()>,
    ) -> Result<()> {
        Err(not_yet("for_each_account"))
    }

    fn for_each_account_segment(&mut self, _f: impl FnMut(&Account) -> Result<()>) -> Result<()> {
        Err(not_yet("for_each_account_segment"))
    }

    fn contact(&mut self, _id: &str) -> Result<Option<Contact>> {
        Err(not_yet("contact"))
    }

    fn contact_by_email(&mut self, _email: &str) -> Result<Option<Contact>> {
        Err(not_yet("contact_by_email"))
    }

    fn opportunity(&mut self, _id: &str) -> Result<Option<Opportunity>> {
        Err(not_yet("opportunity"))
    }

    fn opportunities_of(&mut self, _account_id: &str) -> Result<Vec<Opportunity>> {
        Err(not_yet("opportunities_of"))
    }

    fn opportunities_owned_by(&mut self, _owner: &str) -> Result<Vec<Opportunity>> {
        Err(not_yet("opportunities_owned_by"))
    }

    fn owned_opportunities(&mut self) -> Result<Vec<Opportunity>> {
        Err(not_yet("owned_opportunities"))
    }

    fn event(&mut self, _id: &str) -> Result<Option<Event>> {
        Err(not_yet("event"))
    }

    fn advocate(&mut self, _name: &str) -> Result<Option<Advocate>> {
        Err(not_yet("advocate"))
    }

    fn advocates(&mut self) -> Result<Vec<Advocate>> {
        Err(not_yet("advocates"))
    }

    fn case(&mut self, _id: i64) -> Result<Option<Case>> {
        Err(not_yet("case"))
    }

    fn cases(&mut self, _filter: &CaseFilter) -> Result<Vec<Case>> {
        Err(not_yet("cases"))
    }

    fn history(&mut self, _case_id: i64) -> Result<Vec<HistoryEntry>> {
        Err(not_yet("history"))
    }

    fn queue(
        &mut self,
        _queues: &[String],
        _order: QueueOrder,
        _today: NaiveDate,
        _limit: Option<usize>,
    ) -> Result<Vec<Case>> {
        Err(not_yet("queue"))
    }

    fn next_deferred(
        &mut self,
        _queues: &[String],
        _today: NaiveDate,
    ) -> Result<Option<NaiveDate>> {
        Err(not_yet("next_deferred"))
    }

    fn touches_since(
        &mut self,
        _case_id: i64,
        _since: DateTime<Utc>,
    ) -> Result<Vec<(DateTime<Utc>, String)>> {
        Err(not_yet("touches_since"))
    }

    fn high_value_suppressed(&mut self, _account_id: &str) -> Result<bool> {
        Err(not_yet("high_value_suppressed"))
    }

    fn case_facts_of(&mut self, _account_id: &str) -> Result<Vec<CaseFacts>> {
        Err(not_yet("case_facts_of"))
    }

    fn case_id_by_dedup_key(&mut self, _key: &str) -> Result<Option<i64>> {
        Err(not_yet("case_id_by_dedup_key"))
    }

    fn routing_facts(&mut self, _account_id: &str) -> Result<RoutingFacts> {
        Err(not_yet("routing_facts"))
    }

    fn stored_queue_names(&mut self) -> Result<Vec<String>> {
        Err(not_yet("stored_queue_names"))
    }

    fn advocate_time_zone(&mut self, _name: &str) -> Result<Option<String>> {
        Err(not_yet("advocate_time_zone"))
    }

    fn unseen_notices(&mut self, _recipient: &str) -> Result<Vec<Notice>> {
        Err(not_yet("unseen_notices"))
    }

    fn has_unseen_notices(&mut self, _case_id: i64, _recipient: &str) -> Result<bool> {
        Err(not_yet("has_unseen_notices"))
    }

    fn mark_notices_seen(
        &mut self,
        _case_id: i64,
        _recipient: &str,
        _at: DateTime<Utc>,
    ) -> Result<usize> {
        Err(not_yet("mark_notices_seen"))
    }

    fn set_advocate_time_zone(&mut self, _name: &str, _tz: Option<&str>) -> Result<()> {
        Err(not_yet("set_advocate_time_zone"))
    }

    // ---- pgread: import (4.5) ----

    fn import(
        &mut self,
        _rows: &mut dyn ImportRows,
        _track: &dyn Fn(Option<&Account>, Account) -> Tracked,
    ) -> Result<ImportCounts> {
        Err(not_yet("import"))
    }

    fn record_import(
        &mut self,
        _kind: &str,
        _source: &str,
        _at: DateTime<Utc>,
        _actor: &str,
        _counts: [u64; 4],
    ) -> Result<()> {
        Err(not_yet("record_import"))
    }

    // ---- pgread: reports (4.6) ----

    fn for_each_sla_clock(
        &mut self,
        _by: SlaGroupBy,
        _window: &Window,
        _now: DateTime<Utc>,
        _f: impl FnMut(&str, Option<&str>, Priority, Option<ClockStop>, DateTime<Utc>, DateTime<Utc>),
    ) -> Result<()> {
        Err(not_yet("for_each_sla_clock"))
    }

    fn account_regions(&mut self) -> Result<HashMap<String, Region>> {
        Err(not_yet("account_regions"))
    }

    fn sla_clock_rows(
        &mut self,
        _by: SlaGroupBy,
        _window: &Window,
        _now: DateTime<Utc>,
    ) -> Result<Vec<ClockRow>> {
        Err(not_yet("sla_clock_rows"))
    }

    fn aging_counts(
        &mut self,
        _target_cutoff: NaiveDate,
        _limit_cutoff: NaiveDate,
        _now: DateTime<Utc>,
    ) -> Result<Vec<(Status, bool, AgeBucket, u64)>> {
        Err(not_yet("aging_counts"))
    }

    fn cases_aged_before(&mut self, _cutoff: NaiveDate) -> Result<Vec<Case>> {
        Err(not_yet("cases_aged_before"))
    }

    fn owner_loads(&mut self) -> Result<Vec<(String, u64, u64, u64)>> {
        Err(not_yet("owner_loads"))
    }

    fn hygiene_candidates(
        &mut self,
        _today: NaiveDate,
        _over_capacity: &[String],
    ) -> Result<Vec<HygieneCandidate>> {
        Err(not_yet("hygiene_candidates"))
    }

    fn volume(
        &mut self,
        _split: Option<VolumeSplit>,
        _window: &Window,
    ) -> Result<Vec<(String, Option<String>, u64)>> {
        Err(not_yet("volume"))
    }

    fn cases_created_by(&mut self, _names: &[String], _window: &Window) -> Result<Vec<Case>> {
        Err(not_yet("cases_created_by"))
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
        self.write_create_cases(cases)
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
}
