import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, ValidationError } from '../../platform/errors.js';
import { formBody, formErrorsView, idParams, parseInput } from '../../platform/http/forms.js';
import { contextOf, route } from '../../platform/http/routing.js';
import type { Services } from '../../services.js';
import { ATTENDEE_ROLE_OPTIONS } from './allocation-sheet-service.js';
import { DUTY_ROLES } from './duty-access.js';
import { allocationSheetPdf, sitrepPdf } from './duty-pdfs.js';
import { allocationDecisionSchema, createHandoverSchema, isoDateSchema, planShiftSchema, sicknessSchema } from './duty-schemas.js';
import { formatLondonDateLong, formatLondonDateShort, londonDate, WEEKDAYS } from './duty-time.js';
import { DUTY_TOPIC } from './rota-service.js';
import { formValuesFromConfig } from './service-hours-service.js';
import { renderSitrepText } from './sitrep.js';

const VIEW = { roles: DUTY_ROLES.view } as const;
const dateParams = z.object({ date: isoDateSchema });

/** A problem that is not a form error (conflict, already accepted) shown in the error summary. */
function problemView(error: unknown) {
  if (error instanceof ValidationError) return formErrorsView(error);
  const message = error instanceof Error ? error.message : 'Something went wrong';
  return { errorList: [{ text: message, href: '#main-content' }], byField: {} };
}

function recoverable(error: unknown): boolean {
  return error instanceof AppError && error.status !== 403 && error.status !== 404 && error.status !== 401;
}

export function registerDutyRoutes(app: FastifyInstance, services: Services): void {
  const { duty } = services;
  const today = () => londonDate(services.clock.now());

  route(app, 'GET', '/duty', { access: VIEW }, async (_request, reply) => reply.redirect('/duty/board', 303));

  // Board ------------------------------------------------------------------------------------
  route(app, 'GET', '/duty/board', { access: VIEW }, async (request, reply) => {
    const board = await duty.board.build(contextOf(request));
    return reply.render('duty/views/board.njk', { board, today: formatLondonDateLong(today()) });
  });
  route(app, 'GET', '/duty/board/events', { access: VIEW }, async (request, reply) => services.liveEvents.stream(request, reply, [DUTY_TOPIC]));

  // Rota -------------------------------------------------------------------------------------
  async function renderRota(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}, status = 200) {
    const ctx = contextOf(request);
    const query = request.query as { month?: string };
    const rota = await duty.rota.month(ctx, (extra.month as string | undefined) ?? query.month);
    const amhps = await duty.rota.amhpOptions(`${rota.month}-01` < today() ? today() : `${rota.month}-01`);
    return reply.render(
      'duty/views/rota.njk',
      {
        rota,
        canPlan: ctx.actor.roles.some((r) => (DUTY_ROLES.planRota as readonly string[]).includes(r)),
        canSick: ctx.actor.roles.some((r) => (DUTY_ROLES.sickness as readonly string[]).includes(r)),
        amhpOptions: amhps.map((a) => ({ value: a.id, text: `${a.name} (${a.organisationName})${a.eligible ? '' : ' – not eligible'}` })),
        today: today(),
        values: {},
        ...extra,
      },
      status,
    );
  }
  route(app, 'GET', '/duty/rota', { access: VIEW }, async (request, reply) => renderRota(request, reply));
  route(app, 'POST', '/duty/rota/shifts', { access: { roles: DUTY_ROLES.planRota } }, async (request, reply) => {
    const values = formBody(request);
    if (values.startTime === '') delete values.startTime;
    if (values.endTime === '') delete values.endTime;
    try {
      const { warnings } = await duty.rota.planShift(contextOf(request), values);
      return await reply.redirectWithFlash(`/duty/rota?month=${String(values.date).slice(0, 7)}`, { kind: 'success', heading: 'Shift added to the rota', ...(warnings.length ? { body: warnings.join(' ') } : {}) });
    } catch (error) {
      if (!recoverable(error)) throw error;
      return renderRota(request, reply, { errors: problemView(error), values, month: typeof values.date === 'string' ? values.date.slice(0, 7) : undefined }, 400);
    }
  });
  route(app, 'POST', '/duty/rota/shifts/:id/cancel', { access: { roles: DUTY_ROLES.planRota } }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const shift = await duty.rota.findShift(id);
    await duty.rota.cancelShift(contextOf(request), id);
    return reply.redirectWithFlash(`/duty/rota?month=${shift?.date.slice(0, 7) ?? ''}`, { kind: 'success', heading: 'Shift taken off the rota' });
  });
  route(app, 'POST', '/duty/rota/agreements', { access: { roles: DUTY_ROLES.planRota } }, async (request, reply) => {
    try {
      await duty.rota.setAgreement(contextOf(request), request.body);
      return await reply.redirectWithFlash(`/duty/rota?month=${String(formBody(request).month ?? '')}`, { kind: 'success', heading: 'Agreed frequency saved' });
    } catch (error) {
      if (!recoverable(error)) throw error;
      return renderRota(request, reply, { errors: problemView(error), values: formBody(request) }, 400);
    }
  });
  route(app, 'POST', '/duty/rota/shifts/:id/report-day', { access: VIEW }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    await duty.rota.setReportWritingDay(contextOf(request), { ...formBody(request), shiftId: id });
    return reply.redirectWithFlash((formBody(request).returnTo as string) === 'my' ? '/duty/my-duties' : '/duty/rota', { kind: 'success', heading: 'Report-writing day updated' });
  });

  async function renderSickness(request: FastifyRequest, reply: FastifyReply, shiftId: string, extra: Record<string, unknown> = {}, status = 200) {
    const shift = await duty.rota.findShift(shiftId);
    if (!shift) return reply.callNotFound();
    const [options, month] = await Promise.all([duty.rota.amhpOptions(shift.date), duty.rota.month(contextOf(request), shift.date.slice(0, 7))]);
    const view = month.days.flatMap((d) => d.shifts).find((s) => s.id === shiftId);
    return reply.render(
      'duty/views/sickness.njk',
      { shift: view ?? shift, dateLabel: formatLondonDateLong(shift.date), backupOptions: options.filter((o) => o.eligible && o.id !== shift.personId).map((o) => ({ value: o.id, text: `${o.name} (${o.organisationName})` })), values: {}, ...extra },
      status,
    );
  }
  route(app, 'GET', '/duty/rota/shifts/:id/sickness', { access: { roles: DUTY_ROLES.sickness } }, async (request, reply) => renderSickness(request, reply, parseInput(idParams, request.params).id));
  route(app, 'POST', '/duty/rota/shifts/:id/sickness', { access: { roles: DUTY_ROLES.sickness } }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const values = { ...formBody(request), shiftId: id };
    try {
      const { warnings } = await duty.rota.recordSickness(contextOf(request), values);
      return await reply.redirectWithFlash('/duty/board', { kind: 'success', heading: 'Sickness recorded', ...(warnings.length ? { body: warnings.join(' ') } : { body: 'The back-up AMHP is on the rota and shown on the duty board.' }) });
    } catch (error) {
      if (!recoverable(error)) throw error;
      return renderSickness(request, reply, id, { errors: problemView(error), values }, 400);
    }
  });
  route(app, 'GET', '/duty/my-duties', { access: { roles: DUTY_ROLES.myDuties } }, async (request, reply) => {
    const duties = await duty.rota.myDuties(contextOf(request));
    return reply.render('duty/views/my-duties.njk', { duties: duties.map((d) => ({ ...d, dateLabel: formatLondonDateShort(d.date), reportDayLabel: d.reportWritingDay ? formatLondonDateShort(d.reportWritingDay) : null })) });
  });

  // Allocation sheet ------------------------------------------------------------------------
  async function renderSheet(request: FastifyRequest, reply: FastifyReply, date: string, extra: Record<string, unknown> = {}, status = 200) {
    const ctx = contextOf(request);
    const view = await duty.sheets.view(ctx, date);
    const people = (await services.staff.peopleWithRole(['amhp', 'amhp_lead', 'business_support', 'operational_manager', 'lead_amhp'])).map((p) => ({ id: p.id, name: p.name, roles: p.roles }));
    const amhps = people.filter((p) => p.roles.includes('amhp'));
    const attending = new Set(view.sheet.attendees.map((a) => `${a.personId}|${a.role}`));
    const roleFor = (p: { roles: string[] }) => (p.roles.includes('amhp_lead') ? 'amhp-lead' : p.roles.includes('amhp') ? 'amhp' : p.roles.includes('business_support') ? 'support' : 'admin');
    return reply.render(
      'duty/views/sheet.njk',
      {
        view,
        dateLabel: formatLondonDateLong(date),
        previousLabel: formatLondonDateLong(view.previousWorkingDay),
        canEdit: ctx.actor.roles.some((r) => (DUTY_ROLES.sheetEdit as readonly string[]).includes(r)),
        canAllocate: ctx.actor.roles.some((r) => (DUTY_ROLES.sheetAllocate as readonly string[]).includes(r)),
        attendeeItems: people.map((p) => {
          const value = `${p.id}|${roleFor(p)}`;
          return { value, text: p.name, hint: { text: roleFor(p).replace('-', ' ') }, checked: attending.has(value) };
        }),
        amhpOptions: [{ value: '', text: 'Choose an AMHP' }, ...view.onDutyAmhps.map((a) => ({ value: a.id, text: `${a.name} (on duty)` })), ...amhps.filter((a) => !view.onDutyAmhps.some((o) => o.id === a.id)).map((a) => ({ value: a.id, text: a.name }))],
        attendeeRoles: ATTENDEE_ROLE_OPTIONS,
        ...extra,
      },
      status,
    );
  }
  route(app, 'GET', '/duty/allocation-sheet', { access: VIEW }, async (request, reply) => {
    const q = request.query as { date?: string };
    return reply.redirect(`/duty/allocation-sheet/${q.date && /^\d{4}-\d{2}-\d{2}$/.test(q.date) ? q.date : today()}`, 303);
  });
  route(app, 'GET', '/duty/allocation-sheet/:date', { access: VIEW }, async (request, reply) => renderSheet(request, reply, parseInput(dateParams, request.params).date));
  route(app, 'GET', '/duty/allocation-sheet/:date/pdf', { access: VIEW }, async (request, reply) => {
    const { date } = parseInput(dateParams, request.params);
    const view = await duty.sheets.view(contextOf(request), date);
    const pdf = await allocationSheetPdf(view, services.config.serviceName);
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="allocation-sheet-${date}.pdf"`).send(pdf);
  });
  for (const [suffix, action, heading] of [
    ['attendance', 'recordAttendance', 'Attendance saved'],
    ['decisions', 'decide', 'Allocation decision saved'],
    ['finalise', 'finalise', 'Allocation sheet finalised'],
    ['amendments', 'amend', 'Amendment recorded'],
  ] as const) {
    const roles = suffix === 'attendance' ? DUTY_ROLES.sheetEdit : DUTY_ROLES.sheetAllocate;
    route(app, 'POST', `/duty/allocation-sheet/:date/${suffix}`, { access: { roles } }, async (request, reply) => {
      const { date } = parseInput(dateParams, request.params);
      const values = formBody(request);
      try {
        const warnings = await duty.sheets[action](contextOf(request), date, values);
        return await reply.redirectWithFlash(`/duty/allocation-sheet/${date}`, { kind: 'success', heading, ...(warnings.length ? { body: warnings.join('. ') } : {}) });
      } catch (error) {
        if (!recoverable(error)) throw error;
        return renderSheet(request, reply, date, { errors: problemView(error), values, failedReferralId: values.referralId }, error instanceof AppError ? error.status : 400);
      }
    });
  }

  // Handovers --------------------------------------------------------------------------------
  route(app, 'GET', '/duty/handovers', { access: VIEW }, async (request, reply) => {
    const handovers = await duty.handovers.list(contextOf(request));
    return reply.render('duty/views/handovers.njk', { open: handovers.filter((h) => h.status === 'sent'), closed: handovers.filter((h) => h.status !== 'sent') });
  });
  async function renderNewHandover(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}, status = 200) {
    const open = await services.duty.board.build(contextOf(request));
    const referralOptions = [...open.unallocated, ...open.amhps.flatMap((a) => a.allocations), ...open.allocatedOffDuty].map((r) => ({ value: r.referralId, text: `${r.label} (${r.stage})` }));
    const cover = await duty.responsibleTeamNow();
    const query = request.query as { referralId?: string };
    return reply.render('duty/views/handover-new.njk', { referralOptions, values: { direction: cover.team === 'daytime' ? 'daytime-to-edt' : 'edt-to-daytime', 'items.0.referralId': query.referralId ?? '' }, ...extra }, status);
  }
  route(app, 'GET', '/duty/handovers/new', { access: { roles: DUTY_ROLES.handoverSend } }, async (request, reply) => renderNewHandover(request, reply));
  route(app, 'POST', '/duty/handovers', { access: { roles: DUTY_ROLES.handoverSend } }, async (request, reply) => {
    const values = formBody(request);
    try {
      const { id, warnings } = await duty.handovers.create(contextOf(request), values);
      return await reply.redirectWithFlash(`/duty/handovers/${id}`, { kind: warnings.length ? 'important' : 'success', heading: 'Handover sent: your team stays responsible until it is accepted', ...(warnings.length ? { body: warnings.join(' ') } : {}) });
    } catch (error) {
      if (!recoverable(error)) throw error;
      return renderNewHandover(request, reply, { errors: problemView(error), values }, 400);
    }
  });
  async function renderHandover(request: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}, status = 200) {
    const handover = await duty.handovers.get(contextOf(request), id);
    return reply.render('duty/views/handover.njk', { handover, values: {}, ...extra }, status);
  }
  route(app, 'GET', '/duty/handovers/:id', { access: VIEW }, async (request, reply) => renderHandover(request, reply, parseInput(idParams, request.params).id));
  for (const [suffix, heading] of [
    ['accept', 'Handover accepted: your team is now responsible'],
    ['withdraw', 'Handover withdrawn'],
  ] as const) {
    route(app, 'POST', `/duty/handovers/:id/${suffix}`, { access: VIEW }, async (request, reply) => {
      const { id } = parseInput(idParams, request.params);
      try {
        if (suffix === 'accept') await duty.handovers.accept(contextOf(request), id, formBody(request));
        else await duty.handovers.withdraw(contextOf(request), id, formBody(request));
        return await reply.redirectWithFlash(`/duty/handovers/${id}`, { kind: 'success', heading });
      } catch (error) {
        if (!recoverable(error)) throw error;
        return renderHandover(request, reply, id, { errors: problemView(error), values: formBody(request) }, error instanceof AppError ? error.status : 400);
      }
    });
  }

  // SITREP -----------------------------------------------------------------------------------
  route(app, 'GET', '/duty/sitrep', { access: { roles: DUTY_ROLES.sitrep } }, async (request, reply) => {
    const q = request.query as { date?: string };
    const sitrep = await duty.sitrep.build(contextOf(request), q.date || undefined);
    return reply.render('duty/views/sitrep.njk', { sitrep, text: renderSitrepText(sitrep), dateLabel: formatLondonDateLong(sitrep.date) });
  });
  route(app, 'GET', '/duty/sitrep/:date/pdf', { access: { roles: DUTY_ROLES.sitrep } }, async (request, reply) => {
    const { date } = parseInput(dateParams, request.params);
    const pdf = await sitrepPdf(await duty.sitrep.build(contextOf(request), date));
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="sitrep-${date}.pdf"`).send(pdf);
  });
  route(app, 'GET', '/duty/sitrep/:date/text', { access: { roles: DUTY_ROLES.sitrep } }, async (request, reply) => {
    const { date } = parseInput(dateParams, request.params);
    return reply.header('content-type', 'text/plain; charset=utf-8').header('content-disposition', `inline; filename="sitrep-${date}.txt"`).send(await duty.sitrep.text(contextOf(request), date));
  });

  // Service hours (administrators) --------------------------------------------------------------
  async function renderHours(reply: FastifyReply, extra: Record<string, unknown> = {}, status = 200) {
    const { config, version } = await duty.hours.current();
    const cover = await duty.responsibleTeamNow();
    return reply.render('duty/views/service-hours.njk', { values: { ...formValuesFromConfig(config), version: String(version) }, weekdays: WEEKDAYS, cover, ...extra }, status);
  }
  route(app, 'GET', '/admin/service-hours', { access: { roles: ['admin'] } }, async (_request, reply) => renderHours(reply));
  route(app, 'POST', '/admin/service-hours', { access: { roles: ['admin'] } }, async (request, reply) => {
    try {
      await duty.hours.update(contextOf(request), formBody(request));
      return await reply.redirectWithFlash('/admin/service-hours', { kind: 'success', heading: 'Service hours saved' });
    } catch (error) {
      if (!recoverable(error)) throw error;
      return renderHours(reply, { errors: problemView(error), values: formBody(request), weekdays: WEEKDAYS }, error instanceof AppError ? error.status : 400);
    }
  });

  // JSON API -----------------------------------------------------------------------------------
  const shiftJson = z.object({ id: z.string(), date: z.string(), kind: z.enum(['daytime', 'edt']), personId: z.string(), personName: z.string(), start: z.string(), end: z.string(), status: z.string(), coversShiftId: z.string().nullable(), reportWritingDay: z.string().nullable() });
  route(
    app,
    'GET',
    '/api/v1/duty/responsible-team',
    { access: { roles: ['amhp', 'amhp_lead', 'edt_officer', 'edt_manager', 'operational_manager', 'business_support', 'lead_amhp', 'line_manager', 'governance_viewer', 'admin'] }, api: { summary: 'Which team is responsible now (from the configured service hours)', tags: ['duty'], response: z.object({ team: z.string(), mhaWorkTeam: z.string().nullable(), edtAlsoOpen: z.boolean() }) } },
    async () => duty.responsibleTeamNow(),
  );
  route(app, 'GET', '/api/v1/duty/rota', { access: VIEW, api: { summary: 'The rota for a month (?month=YYYY-MM), with agreed frequency against planned', tags: ['duty'], query: z.object({ month: z.string().optional() }) } }, async (request) => {
    const rota = await duty.rota.month(contextOf(request), (request.query as { month?: string }).month);
    return { month: rota.month, shifts: rota.days.flatMap((d) => d.shifts), frequency: rota.frequency, changes: rota.changes };
  });
  route(app, 'POST', '/api/v1/duty/rota/shifts', { access: { roles: DUTY_ROLES.planRota }, api: { summary: 'Put an AMHP on the rota (refused with the reason if ineligible or overlapping)', tags: ['duty'], body: planShiftSchema, response: z.object({ id: z.string(), warnings: z.array(z.string()) }), successStatus: 201 } }, async (request, reply) =>
    reply.code(201).send(await duty.rota.planShift(contextOf(request), request.body)),
  );
  route(app, 'POST', '/api/v1/duty/rota/sickness', { access: { roles: DUTY_ROLES.sickness }, api: { summary: 'Record sickness on a shift and the back-up AMHP chosen', tags: ['duty'], body: sicknessSchema } }, async (request) => duty.rota.recordSickness(contextOf(request), request.body));
  route(app, 'GET', '/api/v1/duty/my-duties', { access: { roles: DUTY_ROLES.myDuties }, api: { summary: 'Your own duty shifts from today', tags: ['duty'], response: z.array(shiftJson) } }, async (request) => duty.rota.myDuties(contextOf(request)));
  route(app, 'GET', '/api/v1/duty/allocation-sheets/:date', { access: VIEW, api: { summary: 'The allocation sheet for a day', tags: ['duty'] } }, async (request) => {
    const view = await duty.sheets.view(contextOf(request), parseInput(dateParams, request.params).date);
    return { date: view.date, status: view.sheet.status, version: view.sheet.version, attendees: view.attendees, sections: view.sections, amendments: view.amendments, finalisedBy: view.finalisedByName, finalisedAt: view.sheet.finalisedAt };
  });
  route(app, 'POST', '/api/v1/duty/allocation-sheets/:date/decisions', { access: { roles: DUTY_ROLES.sheetAllocate }, api: { summary: 'Decide the allocation for a referral on the sheet (version-checked)', tags: ['duty'], body: allocationDecisionSchema } }, async (request) => ({
    warnings: await duty.sheets.decide(contextOf(request), parseInput(dateParams, request.params).date, request.body),
  }));
  route(app, 'POST', '/api/v1/duty/allocation-sheets/:date/finalise', { access: { roles: DUTY_ROLES.sheetFinalise }, api: { summary: 'Finalise the sheet: read-only afterwards, changes become amendments', tags: ['duty'], body: z.object({ expectedVersion: z.number() }) } }, async (request) => ({
    warnings: await duty.sheets.finalise(contextOf(request), parseInput(dateParams, request.params).date, request.body),
  }));
  route(app, 'GET', '/api/v1/duty/handovers', { access: VIEW, api: { summary: 'Handovers of the last 7 days and all awaiting acceptance', tags: ['duty'] } }, async (request) => duty.handovers.list(contextOf(request)));
  route(app, 'POST', '/api/v1/duty/handovers', { access: { roles: DUTY_ROLES.handoverSend }, api: { summary: 'Send a handover (responsibility stays with the sender until accepted)', tags: ['duty'], body: createHandoverSchema, successStatus: 201 } }, async (request, reply) =>
    reply.code(201).send(await duty.handovers.create(contextOf(request), formBody(request))),
  );
  route(app, 'POST', '/api/v1/duty/handovers/:id/accept', { access: VIEW, api: { summary: 'Accept a handover (receiving team only; 409 if already accepted or withdrawn)', tags: ['duty'], body: z.object({ externalAcceptorName: z.string().optional() }) } }, async (request) => {
    const { id } = parseInput(idParams, request.params);
    await duty.handovers.accept(contextOf(request), id, formBody(request));
    return duty.handovers.get(contextOf(request), id);
  });
  route(app, 'GET', '/api/v1/duty/sitrep/:date', { access: { roles: DUTY_ROLES.sitrep }, api: { summary: 'The daily SITREP as data (add /text for plain text, /pdf for PDF on the page routes)', tags: ['duty'] } }, async (request) => {
    const sitrep = await duty.sitrep.build(contextOf(request), parseInput(dateParams, request.params).date);
    return { ...sitrep, text: renderSitrepText(sitrep) };
  });
}
