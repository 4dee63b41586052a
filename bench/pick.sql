-- A pick's statements, run by the sqlite3 shell: the yardstick of what a durable pick costs
-- without smb (bench/targets.sh runs it as `sqlite3 DB '.read bench/pick.sql'` beside
-- `smb pick`). The same reads (who acts; the head of each of the caller's stored queue values,
-- AMER and AMER,EMEA; the caller's cases in progress; another owner's open case and the
-- opportunities of the head's account) and the same writes (the case's status, owner, pick
-- and first-response times; two history rows; the SLA clock stopped) in one BEGIN IMMEDIATE
-- transaction, with smb's `PRAGMA synchronous = NORMAL`. Closing the database checkpoints the
-- WAL and syncs the file, as smb's close does. It picks the case `smb pick` would pick.
PRAGMA synchronous = NORMAL;
BEGIN IMMEDIATE;
SELECT * FROM advocates WHERE name = 'Bench';
CREATE TEMP TABLE head AS
  SELECT * FROM (
    SELECT * FROM (SELECT * FROM cases
      WHERE status = 'Open' AND owner IS NULL AND queue = 'AMER'
        AND (next_steps_date IS NULL OR next_steps_date <= '2026-03-02')
      ORDER BY priority, coalesce(queued_at, created_at), id LIMIT 1)
    UNION ALL
    SELECT * FROM (SELECT * FROM cases
      WHERE status = 'Open' AND owner IS NULL AND queue = 'AMER,EMEA'
        AND (next_steps_date IS NULL OR next_steps_date <= '2026-03-02')
      ORDER BY priority, coalesce(queued_at, created_at), id LIMIT 1))
  ORDER BY priority, coalesce(queued_at, created_at), id LIMIT 1;
SELECT * FROM head;
SELECT count(*) FROM cases WHERE owner = 'Bench' AND status = 'In Progress';
SELECT owner, id FROM cases
  WHERE account_id = (SELECT account_id FROM head) AND id <> (SELECT id FROM head)
    AND owner IS NOT NULL AND owner <> 'Bench' AND status IN ('Open', 'In Progress')
  ORDER BY id LIMIT 1;
SELECT * FROM opportunities WHERE account_id = (SELECT account_id FROM head) ORDER BY opportunity_id;
UPDATE cases SET status = 'In Progress', owner = 'Bench', picked_at = '2026-03-02T14:00:00Z',
    first_response_at = '2026-03-02T14:00:00Z'
  WHERE id = (SELECT id FROM head) AND status = 'Open' AND (owner IS NULL OR owner = 'Bench');
INSERT INTO case_history (case_id, at, actor, action, field, before, after, note)
  SELECT id, '2026-03-02T14:00:00Z', 'Bench', 'picked', 'status', 'Open', 'In Progress', NULL FROM head;
INSERT INTO case_history (case_id, at, actor, action, field, before, after, note)
  SELECT id, '2026-03-02T14:00:00Z', 'Bench', 'picked', 'owner', NULL, 'Bench', NULL FROM head;
UPDATE sla_clocks SET stopped_at = '2026-03-02T14:00:00Z', stopped_by = 'picked'
  WHERE case_id = (SELECT id FROM head) AND stopped_at IS NULL;
COMMIT;
