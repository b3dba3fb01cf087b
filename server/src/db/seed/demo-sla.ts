import { eq } from 'drizzle-orm';
import { newId } from '../../lib/ids.ts';
import type { Executor } from '../client.ts';
import { businessCalendars, slaPolicies, teams } from '../schema.ts';

// The demo's SLA: Wärmewerk's service hours (Mo–Fr 08:00–18:00 in Berlin, the nationwide public holidays of this year
// and next plus the company's closing days on Christmas Eve and New Year's Eve) and policies for its teams.

const HOLIDAYS: Record<number, string[]> = {
  2026: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-10-03', '2026-12-24', '2026-12-25', '2026-12-26', '2026-12-31'],
  2027: ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-01', '2027-05-06', '2027-05-17', '2027-10-03', '2027-12-24', '2027-12-25', '2027-12-26', '2027-12-31'],
  2028: ['2028-01-01', '2028-04-14', '2028-04-17', '2028-05-01', '2028-05-25', '2028-06-05', '2028-10-03', '2028-12-24', '2028-12-25', '2028-12-26', '2028-12-31'],
};

/** Seeds the demo workspace's business hours and SLA policies (for the teams Service and Vertrieb, and a default). */
export async function seedDemoSla(tx: Executor, workspaceId: string, now: Date): Promise<void> {
  const year = now.getUTCFullYear();
  const holidays = [...(HOLIDAYS[year] ?? []), ...(HOLIDAYS[year + 1] ?? [])];
  const calendarId = newId();
  await tx.insert(businessCalendars).values({
    workspaceId, id: calendarId, name: 'Kundenservice Freiburg', timezone: 'Europe/Berlin', isDefault: true, holidays,
    weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '18:00' })),
  });
  const byName = new Map((await tx.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.workspaceId, workspaceId))).map((t) => [t.name, t.id]));
  const service = byName.get('Service') ?? null;
  const sales = byName.get('Vertrieb') ?? null;
  await tx.insert(slaPolicies).values([
    {
      workspaceId, id: newId(), name: 'Standard', teamId: null, calendarId,
      firstResponseMinutes: 240, nextResponseMinutes: 480, resolutionMinutes: 1800, warnPercent: 75, notifyManagers: true,
    },
    ...(service ? [{
      workspaceId, id: newId(), name: 'Kundenservice', teamId: service, calendarId,
      firstResponseMinutes: 60, nextResponseMinutes: 120, resolutionMinutes: 600, warnBeforeMinutes: 15,
      priorityTargets: { urgent: { firstResponseMinutes: 15, nextResponseMinutes: 30, resolutionMinutes: 240 }, high: { firstResponseMinutes: 30 } },
      notifyManagers: true, notifyByMail: true,
    }] : []),
    ...(sales ? [{
      workspaceId, id: newId(), name: 'Vertriebsanfragen', teamId: sales, calendarId,
      firstResponseMinutes: 120, nextResponseMinutes: 240, resolutionMinutes: 2400, warnPercent: 80,
      escalateToTeamId: service, notifyManagers: true,
    }] : []),
  ]);
}
