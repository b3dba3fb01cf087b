import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { agentProfiles, routingRules, teamRouting, teams, users } from '../schema.ts';
import { newId } from '../../lib/ids.ts';
import { STAFF_DOMAIN } from './demo-vocabulary.ts';

// Routing in the demo workspace (issue 3): the rules Wärmewerk's social media manager set up, the agents' capacity,
// skills and languages, and how the Service and Vertrieb teams hand out conversations.

const PROFILES: Record<string, { capacity: number; skills: string[]; languages: string[] }> = {
  'leonie.schuster': { capacity: 8, skills: ['Wärmepumpe', 'Brennwert'], languages: ['de', 'en'] },
  'mehmet.yilmaz': { capacity: 6, skills: ['Solarthermie', 'Wärmepumpe', 'Pellets'], languages: ['de', 'en', 'tr'] },
  'jonas.becker': { capacity: 4, skills: ['Social Media'], languages: ['de', 'en'] },
  'katrin.vogel': { capacity: 2, skills: [], languages: ['de'] },
};

/** Seeds routing rules, agent profiles and team policies into the demo workspace (after its users and teams). */
export async function seedDemoRouting(tx: Executor, workspaceId: string): Promise<void> {
  const teamList = await tx.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.workspaceId, workspaceId));
  const team = (name: string) => teamList.find((t) => t.name === name)?.id;
  const service = team('Service');
  const sales = team('Vertrieb');
  if (!service || !sales) return;
  const staff = await tx.select({ id: users.id, email: users.email }).from(users)
    .where(and(eq(users.workspaceId, workspaceId), inArray(users.email, Object.keys(PROFILES).map((p) => `${p}@${STAFF_DOMAIN}`))));
  await tx.insert(agentProfiles).values(staff.map((u) => ({ workspaceId, userId: u.id, ...PROFILES[u.email.split('@')[0]!]! })));
  await tx.insert(teamRouting).values([
    { workspaceId, teamId: service, policy: 'round_robin', respectSkills: true },
    { workspaceId, teamId: sales, policy: 'least_load', respectSkills: false },
  ]);
  const rules = demoRoutingRules(service, sales);
  await tx.insert(routingRules).values(rules.map((r, position) => ({ workspaceId, id: newId(), position, enabled: true, ...r })));
}

/**
 * The routing rules of the demo's social media manager for these two teams (also the benchmark's, bench/ingestion.ts);
 * `autoReply: false` leaves out the after-hours auto-reply.
 */
export function demoRoutingRules(service: string, sales: string, opts: { autoReply?: boolean } = {}) {
  const rules = [
    {
      name: 'VIP-Beschwerden sofort an den Service', match: 'all', stop: true,
      conditions: [{ type: 'vip' }, { type: 'sentiment', values: ['negative'] }],
      actions: [{ type: 'set_team', teamId: service }, { type: 'set_priority', priority: 'urgent' }, { type: 'add_label', label: 'VIP' }],
    },
    {
      name: 'Störungen und Wärmepumpen an den Service', match: 'any', stop: false,
      conditions: [{ type: 'keywords', values: ['Wärmepumpe', 'Heizung', 'Störung', 'Fehlercode', 'kalt'] }, { type: 'intent', values: ['service_request', 'complaint'] }],
      actions: [{ type: 'set_team', teamId: service }, { type: 'set_priority', priority: 'high' }],
    },
    {
      name: 'Wärmepumpen-Fragen mit Label für die Fachleute', match: 'all', stop: false,
      conditions: [{ type: 'keywords', values: ['Wärmepumpe', 'heat pump'] }],
      actions: [{ type: 'add_label', label: 'Wärmepumpe' }],
    },
    {
      name: 'Angebotsanfragen an den Vertrieb', match: 'all', stop: false,
      conditions: [{ type: 'intent', values: ['sales_lead'] }],
      actions: [{ type: 'set_team', teamId: sales }, { type: 'add_label', label: 'Lead' }],
    },
    {
      name: 'Große Accounts ab 10.000 Followern', match: 'all', stop: false,
      conditions: [{ type: 'followers', min: 10000 }],
      actions: [{ type: 'set_priority', priority: 'high' }, { type: 'add_label', label: 'Reichweite' }],
    },
    {
      name: 'Nachts und am Wochenende: automatische Antwort', match: 'all', stop: false,
      conditions: [{ type: 'business_hours', open: false }, { type: 'kind', values: ['private'] }],
      actions: [{
        type: 'auto_reply', text: {
          de: 'Danke für Ihre Nachricht! Unser Service-Team ist montags bis freitags von 8 bis 18 Uhr für Sie da und meldet sich dann umgehend. Bei einem Heizungsausfall erreichen Sie den Notdienst unter 0800 123 45 67.',
          en: 'Thank you for your message! Our service team is available Monday to Friday, 8 am to 6 pm, and will get back to you then. If your heating has failed, please call our emergency line on +49 800 123 45 67.',
        },
      }],
    },
  ];
  return opts.autoReply === false ? rules.filter((r) => !r.actions.some((a) => a.type === 'auto_reply')) : rules;
}
