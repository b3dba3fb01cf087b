import type { BusinessCalendar, SlaPolicy } from '@parley/contracts/sla';
import type { PolicyRow } from './clocks.ts';
import type { CalendarRow } from './repo.ts';

/** A business-hours calendar as the API shows it. */
export function presentCalendar(c: CalendarRow): BusinessCalendar {
  return {
    id: c.id, name: c.name, timezone: c.timezone, weekly: c.weekly, holidays: c.holidays, isDefault: c.isDefault,
    createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(),
  };
}

/** An SLA policy as the API shows it. */
export function presentPolicy(p: PolicyRow): SlaPolicy {
  return {
    id: p.id, name: p.name, teamId: p.teamId, calendarId: p.calendarId,
    firstResponseMinutes: p.firstResponseMinutes, nextResponseMinutes: p.nextResponseMinutes, resolutionMinutes: p.resolutionMinutes,
    priorityTargets: p.priorityTargets, warnBeforeMinutes: p.warnBeforeMinutes, warnPercent: p.warnPercent,
    escalateToTeamId: p.escalateToTeamId, notifyManagers: p.notifyManagers, notifyByMail: p.notifyByMail,
    createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString(),
  };
}
