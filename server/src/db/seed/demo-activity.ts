/** Notes and tasks of the demo: what staff wrote about people, and what they still have to do for them. */
import type { Language } from '@parley/contracts/common';
import type { LifecycleStage } from '@parley/contracts/contacts';
import type { DemoContact, DemoNote, DemoTask } from './demo-data.ts';
import { DAY, between, chance, int, pick, weighted, type Gen } from './demo-generator.ts';
import { NOTE_TEXTS, PRODUCTS, STAFF, TASK_TEXTS, type NoteTopic, type TaskRole } from './demo-vocabulary.ts';

const TASK_ASSIGNEES: Record<TaskRole, readonly number[]> = {
  agent: STAFF.agents, sales: STAFF.sales, technician: STAFF.technicians, product: STAFF.productManagers, marketing: STAFF.marketing,
};

const NOTE_TOPICS: Record<LifecycleStage, readonly (readonly [NoteTopic, number])[]> = {
  subscriber: [['event', 6], ['subsidy', 4]],
  lead: [['quote', 4], ['subsidy', 4], ['event', 2]],
  qualified_lead: [['quote', 5], ['subsidy', 3], ['event', 2]],
  opportunity: [['quote', 7], ['subsidy', 3]],
  customer: [['maintenance', 7], ['fault', 3], ['praise', 2], ['complaint', 1], ['subsidy', 1]],
  advocate: [['maintenance', 3], ['praise', 6], ['fault', 1]],
};

const NOTE_AUTHORS: Record<NoteTopic, number[]> = {
  maintenance: [...STAFF.agents, ...STAFF.technicians],
  fault: [...STAFF.technicians, ...STAFF.agents],
  quote: STAFF.sales,
  subsidy: [...STAFF.productManagers, ...STAFF.agents],
  complaint: STAFF.agents,
  praise: [...STAFF.socialMedia, ...STAFF.agents],
  event: [...STAFF.marketing, ...STAFF.sales],
};

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// Written out rather than with Intl, so the text does not depend on the ICU data of the machine.
function formatDate(d: Date, language: Language): string {
  const day = d.getUTCDate();
  const month = d.getUTCMonth();
  const year = d.getUTCFullYear();
  return language === 'de'
    ? `${String(day).padStart(2, '0')}.${String(month + 1).padStart(2, '0')}.${year}`
    : `${day} ${MONTHS_EN[month]} ${year}`;
}

function makeNote(g: Gen, contactIndex: number, contact: DemoContact, topic: NoteTopic): DemoNote {
  const language = contact.language ?? 'de';
  const createdAt = between(g, contact.createdAt, g.now);
  // Customers' notes name their own system; prospects (still on oil or gas) the heat pump they ask about.
  const system = typeof contact.custom.heating_system === 'string' ? contact.custom.heating_system : 'heat_pump_air';
  const product = (PRODUCTS[system] ?? PRODUCTS.heat_pump_air!)[language];
  const body = pick(g, NOTE_TEXTS[topic][language])
    .replace('{product}', product)
    .replace('{date}', formatDate(new Date(createdAt.getTime() + int(g, 5, 40) * DAY), language))
    .replace('{offer}', `A-${createdAt.getUTCFullYear()}-${int(g, 1000, 9999)}`)
    .replace('{code}', pick(g, ['E-104', 'F-27', 'E-35', 'A-12']));
  return { contactIndex, authorIndex: pick(g, NOTE_AUTHORS[topic]), body, createdAt };
}

/** About one note per three people; everyone tagged "Beschwerde" has the complaint on record. */
export function makeNotes(g: Gen, contacts: readonly DemoContact[]): DemoNote[] {
  const count = Math.round(contacts.length / 3);
  const notes: DemoNote[] = [];
  contacts.forEach((contact, i) => {
    if (notes.length < count && contact.tags.includes('Beschwerde')) notes.push(makeNote(g, i, contact, 'complaint'));
  });
  while (notes.length < count) {
    const i = int(g, 0, contacts.length - 1);
    const contact = contacts[i]!;
    notes.push(makeNote(g, i, contact, weighted(g, NOTE_TOPICS[contact.lifecycleStage ?? 'lead'])));
  }
  return notes;
}

/** About three tasks per hundred people, due from two weeks ago to three weeks ahead; most past ones are done. */
export function makeTasks(g: Gen, contacts: readonly DemoContact[]): DemoTask[] {
  const count = Math.round(contacts.length * 0.03);
  const now = g.now.getTime();
  const tasks: DemoTask[] = [];
  for (let attempt = 0; tasks.length < count && attempt < count * 20; attempt++) {
    const contactIndex = int(g, 0, contacts.length - 1);
    const contact = contacts[contactIndex]!;
    const day = new Date(now + int(g, -14, 21) * DAY);
    const dueAt = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), int(g, 7, 16)));
    const latestStart = Math.min(now, dueAt.getTime());
    // A task is about someone already in the CRM.
    if (contact.createdAt.getTime() >= latestStart - DAY) continue;
    const createdAt = between(g, Math.max(contact.createdAt.getTime(), latestStart - 21 * DAY), latestStart);
    const [de, en, role] = pick(g, TASK_TEXTS);
    const assigneeIndex = pick(g, TASK_ASSIGNEES[role]);
    const done = chance(g, dueAt.getTime() < now ? 0.7 : 0.1);
    tasks.push({
      title: contact.language === 'en' ? en : de,
      contactIndex,
      assigneeIndex,
      createdByIndex: chance(g, 0.6) ? assigneeIndex : pick(g, [...STAFF.agents, ...STAFF.sales, ...STAFF.socialMedia]),
      status: done ? 'done' : 'open',
      dueAt,
      createdAt,
      ...(done && { completedAt: between(g, createdAt, Math.min(now, dueAt.getTime() + 2 * DAY)) }),
    });
  }
  return tasks;
}
