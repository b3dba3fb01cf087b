import { z } from 'zod';

/** SLA (issue 3): business-hours calendars, SLA policies per team, and each conversation's SLA state. */

export const SLA_LIMITS = { name: 200, holidays: 400, intervals: 70, targetMinutes: 525_600 } as const;

export const SLA_STATES = ['ok', 'warning', 'breached', 'met', 'paused'] as const;
export const SlaState = z.enum(SLA_STATES);
export const SLA_KINDS = ['first_response', 'next_response', 'resolution'] as const;
export const SlaKind = z.enum(SLA_KINDS);
export type SlaKind = z.infer<typeof SlaKind>;

/** A conversation's SLA: the earliest running clock, and which kinds were breached (null: no policy applies). */
export const ConversationSla = z.object({
  policyId: z.uuid(),
  state: SlaState,
  /** Null when no clock runs (all met) or while paused. */
  nextDueAt: z.iso.datetime().nullable(),
  nextDueKind: SlaKind.nullable(),
  breached: z.array(SlaKind),
  /** Business-hours aware countdown: open minutes left until nextDueAt (negative: overdue), as of the response; beyond a month away, calendar minutes. */
  businessMinutesLeft: z.number().int().nullable(),
});
export type ConversationSla = z.infer<typeof ConversationSla>;

const hhmm = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'HH:MM');
const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const BusinessInterval = z.object({ day: z.number().int().min(0).max(6), start: hhmm, end: hhmm })
  .refine((i) => i.start !== i.end, { message: 'An interval needs a different start and end', path: ['end'] });

/** A time zone name the runtime knows (IANA). */
export const TimeZone = z.string().min(1).max(64).refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'Unknown time zone');

export const BusinessCalendar = z.object({
  id: z.uuid(),
  name: z.string(),
  timezone: z.string(),
  weekly: z.array(z.object({ day: z.number().int(), start: z.string(), end: z.string() })),
  holidays: z.array(z.string()),
  isDefault: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type BusinessCalendar = z.infer<typeof BusinessCalendar>;
export const BusinessCalendarList = z.object({ items: z.array(BusinessCalendar) });

export const BusinessCalendarInput = z.object({
  name: z.string().trim().min(1).max(SLA_LIMITS.name),
  timezone: TimeZone,
  weekly: z.array(BusinessInterval).min(1, 'Give at least one opening interval').max(SLA_LIMITS.intervals),
  holidays: z.array(ymd).max(SLA_LIMITS.holidays).default([]),
  isDefault: z.boolean().default(false),
});
export type BusinessCalendarInput = z.input<typeof BusinessCalendarInput>;
export const BusinessCalendarPatch = BusinessCalendarInput.partial();
export type BusinessCalendarPatch = z.input<typeof BusinessCalendarPatch>;

const minutes = z.number().int().min(1).max(SLA_LIMITS.targetMinutes).nullable();
export const SlaTargets = z.object({ firstResponseMinutes: minutes.optional(), nextResponseMinutes: minutes.optional(), resolutionMinutes: minutes.optional() });

export const SlaPolicy = z.object({
  id: z.uuid(),
  name: z.string(),
  /** Null: the workspace's default policy (conversations of teams without their own). */
  teamId: z.uuid().nullable(),
  /** Null: counted round the clock. */
  calendarId: z.uuid().nullable(),
  firstResponseMinutes: z.number().int().nullable(),
  nextResponseMinutes: z.number().int().nullable(),
  resolutionMinutes: z.number().int().nullable(),
  /** Other targets for conversations of a priority (low, normal, high, urgent). */
  priorityTargets: z.record(z.string(), SlaTargets),
  warnBeforeMinutes: z.number().int().nullable(),
  warnPercent: z.number().int().nullable(),
  escalateToTeamId: z.uuid().nullable(),
  notifyManagers: z.boolean(),
  notifyByMail: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type SlaPolicy = z.infer<typeof SlaPolicy>;
export const SlaPolicyList = z.object({ items: z.array(SlaPolicy) });

export const SlaPolicyInput = z.object({
  name: z.string().trim().min(1).max(SLA_LIMITS.name),
  teamId: z.uuid().nullable().default(null),
  calendarId: z.uuid().nullable().default(null),
  firstResponseMinutes: minutes.default(null),
  nextResponseMinutes: minutes.default(null),
  resolutionMinutes: minutes.default(null),
  priorityTargets: z.partialRecord(z.enum(['low', 'normal', 'high', 'urgent']), SlaTargets).default({}),
  warnBeforeMinutes: z.number().int().min(1).max(SLA_LIMITS.targetMinutes).nullable().default(null),
  warnPercent: z.number().int().min(1).max(99).nullable().default(null),
  escalateToTeamId: z.uuid().nullable().default(null),
  notifyManagers: z.boolean().default(false),
  notifyByMail: z.boolean().default(false),
}).refine((p) => p.warnBeforeMinutes === null || p.warnPercent === null, { message: 'Warn either minutes before or at a percentage', path: ['warnPercent'] });
export type SlaPolicyInput = z.input<typeof SlaPolicyInput>;
export const SlaPolicyPatch = z.object({
  name: z.string().trim().min(1).max(SLA_LIMITS.name),
  teamId: z.uuid().nullable(),
  calendarId: z.uuid().nullable(),
  firstResponseMinutes: minutes,
  nextResponseMinutes: minutes,
  resolutionMinutes: minutes,
  priorityTargets: z.partialRecord(z.enum(['low', 'normal', 'high', 'urgent']), SlaTargets),
  warnBeforeMinutes: z.number().int().min(1).max(SLA_LIMITS.targetMinutes).nullable(),
  warnPercent: z.number().int().min(1).max(99).nullable(),
  escalateToTeamId: z.uuid().nullable(),
  notifyManagers: z.boolean(),
  notifyByMail: z.boolean(),
}).partial();
export type SlaPolicyPatch = z.input<typeof SlaPolicyPatch>;
