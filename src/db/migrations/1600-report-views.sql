-- Reports (issue 15) read only what each lower module publishes: one SQL view per module, named
-- <module>_report_facts, holding counts-worthy facts and no names, addresses or NHS numbers.
-- Each view below belongs to the module named in its comment: that module keeps it in step with
-- its own tables; the reports module (src/modules/reports) never reads the tables themselves.
-- The row types are declared beside each module's tables (<module>-report-facts.ts).

-- ── Owned by referrals (intake) ──────────────────────────────────────────────────────────────
-- One row per referral. `service`: daytime when received Monday to Friday 09:00–17:00 London
-- time, otherwise EDT (out of hours). `person_key` is a one-way hash of the NHS number (or of the
-- names and date of birth when there is none), only to count repeat referrals.
create view referrals_report_facts as
select
  r.id as referral_id,
  r.received_at,
  (r.received_at at time zone 'Europe/London') as received_local,
  case
    when extract(isodow from (r.received_at at time zone 'Europe/London')) between 1 and 5
     and (r.received_at at time zone 'Europe/London')::time >= time '09:00'
     and (r.received_at at time zone 'Europe/London')::time < time '17:00' then 'daytime'
    else 'edt'
  end as service,
  r.received_via,
  r.source_type,
  r.lssa_id,
  r.urgency,
  r.legal_status,
  r.legal_status_since,
  r.status,
  r.gender,
  r.ethnicity,
  case when r.date_of_birth is null then null
       else extract(year from age((r.received_at at time zone 'Europe/London')::date, r.date_of_birth))::integer end as age_years,
  r.decision,
  r.decision_alternative,
  r.decided_at,
  r.allocated_amhp_id,
  r.allocated_at,
  p.team_id as allocated_team_id,
  md5(coalesce(r.nhs_number, lower(r.family_name) || '|' || lower(r.given_name) || '|' || coalesce((r.date_of_birth - date '1900-01-01')::text, ''))) as person_key
from referrals r
left join people p on p.id = r.allocated_amhp_id;

create index referrals_report_person_key_idx on referrals (
  md5(coalesce(nhs_number, lower(family_name) || '|' || lower(given_name) || '|' || coalesce((date_of_birth - date '1900-01-01')::text, ''))),
  received_at
);

-- ── Owned by referrals (assessment) ──────────────────────────────────────────────────────────
-- One row per assessment, with the waits derived from its timeline, in minutes: the first
-- section 12 doctor asked for to the first one arriving; the bed, ambulance (conveyance) and
-- police asked for to arriving. The doctor contact log's calls and those that failed.
create view assessments_report_facts as
select
  a.id as assessment_id,
  a.referral_id,
  a.planned_at,
  a.interview_at,
  a.outcome,
  a.outcome_recorded_at,
  a.application_at,
  a.admitted_at,
  a.delay_cause,
  d.doctor_wait_minutes,
  (select extract(epoch from (x.arrived_at - x.requested_at)) / 60 from assessment_resources x
    where x.assessment_id = a.id and x.kind = 'bed' and x.arrived_at >= x.requested_at) as bed_wait_minutes,
  (select extract(epoch from (x.arrived_at - x.requested_at)) / 60 from assessment_resources x
    where x.assessment_id = a.id and x.kind = 'ambulance' and x.arrived_at >= x.requested_at) as conveyance_wait_minutes,
  (select extract(epoch from (x.arrived_at - x.requested_at)) / 60 from assessment_resources x
    where x.assessment_id = a.id and x.kind = 'police' and x.arrived_at >= x.requested_at) as police_wait_minutes,
  coalesce(c.calls, 0)::integer as doctor_calls,
  coalesce(c.unsuccessful, 0)::integer as doctor_calls_unsuccessful
from assessments a
left join lateral (
  select extract(epoch from (min(ad.arrived_at) - min(ad.requested_at))) / 60 as doctor_wait_minutes
  from assessment_doctors ad
  where ad.assessment_id = a.id and ad.s12_approved and ad.removed_at is null
) d on true
left join lateral (
  select count(*) as calls, count(*) filter (where dc.result <> 'available') as unsuccessful
  from assessment_doctor_contacts dc
  where dc.assessment_id = a.id
) c on true;

create index assessments_interview_idx on assessments (interview_at) where interview_at is not null;

-- ── Owned by duty ────────────────────────────────────────────────────────────────────────────
-- Handovers between the daytime service and EDT (or another service), and when each was accepted.
create view handovers_report_facts as
select
  h.id as handover_id,
  h.sent_at,
  h.from_kind,
  h.from_team,
  h.to_kind,
  h.to_team,
  h.status,
  h.accepted_at,
  h.acceptance_deadline,
  (select count(*) from handover_items i where i.handover_id = h.id)::integer as items
from handovers h;


-- Rota shifts: who was on (by team), whether the shift stood, and whether someone covered it.
create view duty_shifts_report_facts as
select
  s.id as shift_id,
  s.shift_date,
  s.kind,
  s.person_id,
  p.team_id,
  s.status,
  s.covers_shift_id is not null as is_cover,
  exists (select 1 from duty_shifts c where c.covers_shift_id = s.id and c.status = 'planned') as covered
from duty_shifts s
join people p on p.id = s.person_id;

-- Sickness and leave, by day range.
create view duty_absences_report_facts as
select a.person_id, a.kind, a.starts_on, a.ends_on from duty_absences a;

-- ── Owned by safety ──────────────────────────────────────────────────────────────────────────
-- Lone-working visits: alone (with the reason given), overdue alerts and the first
-- acknowledgement, help requested, duress alarms.
create view safety_visits_report_facts as
select
  v.id as visit_id,
  v.amhp_id,
  v.team_id,
  v.started_at,
  (v.alone_reason is not null) as alone,
  v.alone_reason,
  (v.help_requested_at is not null) as help_requested,
  (v.duress_at is not null) as duress,
  (select min(e.at) from safety_escalation_records e where e.visit_id = v.id and e.trigger = 'overdue' and e.kind = 'alert') as first_overdue_alert_at,
  (select min(k.at) from safety_acknowledgements k join safety_escalation_records e on e.key = k.alert_key
     where e.visit_id = v.id and e.trigger = 'overdue') as first_overdue_acknowledged_at
from safety_visits v;

create index safety_visits_started_idx on safety_visits (started_at);

-- Additional hours claims, in minutes, by reason and status.
create view safety_hours_report_facts as
select
  c.id as claim_id,
  c.amhp_id,
  c.start_at,
  (extract(epoch from (c.end_at - c.start_at)) / 60)::integer as minutes,
  c.reason,
  c.status,
  c.compensation,
  c.decided_at
from safety_hours_claims c;

-- TOIL movements: approved TOIL claims add, time taken subtracts (minutes).
create view safety_toil_report_facts as
select c.amhp_id, c.decided_at as at, (extract(epoch from (c.end_at - c.start_at)) / 60)::integer as minutes
from safety_hours_claims c
where c.status = 'approved' and c.compensation = 'toil' and c.decided_at is not null
union all
select t.amhp_id, t.recorded_at as at, -t.minutes as minutes
from safety_toil_taken t;

-- ── Owned by register ────────────────────────────────────────────────────────────────────────
-- Approvals (start, end, ended early), training hours and supervision sessions, per person.
create view register_approvals_report_facts as
select a.person_id, a.approving_lssa_id as lssa_id, a.start_date, a.end_date, a.ended_on, p.team_id
from register_approvals a
join people p on p.id = a.person_id;

create view register_training_report_facts as
select t.person_id, t.date, t.hours::float8 as hours, t.legal_update from register_training t;

create view register_supervision_report_facts as
select s.supervisee_id as person_id, s.date from register_supervision_records s;

-- ── Owned by escalations ─────────────────────────────────────────────────────────────────────
-- Escalations to partner agencies: category, when raised, acknowledged and answered.
create view escalations_report_facts as
select
  e.id as escalation_id,
  e.raised_at,
  e.category,
  e.urgency,
  e.status,
  e.clock_started_at,
  e.acknowledge_by,
  e.respond_by,
  e.acknowledged_at,
  e.responded_at
from escalations e;

create index escalations_raised_at_idx on escalations (raised_at);
