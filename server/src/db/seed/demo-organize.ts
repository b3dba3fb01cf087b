import type { Executor } from '../client.ts';
import { conversationStatuses, inboxLabels, inboxViews, routingRules } from '../schema.ts';
import { newId } from '../../lib/ids.ts';

// Organizing the demo inbox (issue 3): Wärmewerk's own statuses, its labels with colours, two views the social media
// manager shared with the team, and two routing rules that put "Garantie" and "Rückruf" on the sandbox's traffic as it
// arrives (the routing rules of demo-routing.ts already label Wärmepumpe, VIP, Lead and Reichweite).

const STATUSES = [
  { baseStatus: 'waiting_customer', nameDe: 'Warten auf Ersatzteil', nameEn: 'Waiting for a spare part', color: 'orange' },
  { baseStatus: 'pending', nameDe: 'Techniker beauftragt', nameEn: 'Technician booked', color: 'grape' },
  { baseStatus: 'waiting_customer', nameDe: 'Rückruf vereinbart', nameEn: 'Call-back arranged', color: 'cyan' },
];

const LABELS = [
  { name: 'Garantie', color: 'blue' }, { name: 'Wärmepumpe', color: 'teal' }, { name: 'Rückruf', color: 'orange' },
  { name: 'VIP', color: 'red' }, { name: 'Lead', color: 'grape' }, { name: 'Reichweite', color: 'violet' },
];

const VIEWS = [
  { name: 'Wärmepumpen', filters: { label: 'Wärmepumpe', status: ['open', 'pending', 'waiting_customer', 'waiting_expert'] } },
  { name: 'Dringend & Garantie', filters: { priority: ['urgent', 'high'], status: ['open', 'pending'], sort: 'priority' } },
  { name: 'Garantiefälle', filters: { label: 'Garantie' } },
];

/** Seeds custom statuses, labels, shared views and two labelling rules into the demo workspace. */
export async function seedDemoOrganize(tx: Executor, workspaceId: string): Promise<void> {
  await tx.insert(conversationStatuses).values(STATUSES.map((s, position) => ({ workspaceId, id: newId(), position, ...s })));
  await tx.insert(inboxLabels).values(LABELS.map((l) => ({ workspaceId, id: newId(), ...l })));
  await tx.insert(inboxViews).values(VIEWS.map((v, position) => ({ workspaceId, id: newId(), ownerId: null, position, ...v })));
  await tx.insert(routingRules).values([
    {
      workspaceId, id: newId(), position: 100, enabled: true, match: 'any', stop: false, name: 'Garantiefälle kennzeichnen',
      conditions: [{ type: 'keywords', values: ['Garantie', 'Gewährleistung', 'warranty', 'Seriennummer', 'Ersatzteil', 'ausgefallen', 'failed twice'] }],
      actions: [{ type: 'add_label', label: 'Garantie' }],
    },
    {
      workspaceId, id: newId(), position: 101, enabled: true, match: 'any', stop: false, name: 'Rückrufwünsche kennzeichnen',
      conditions: [{ type: 'keywords', values: ['Rückruf', 'zurückrufen', 'ruft zurück', 'anrufen', 'calls back', 'call me back'] }],
      actions: [{ type: 'add_label', label: 'Rückruf' }],
    },
  ]);
}
