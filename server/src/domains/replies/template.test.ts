import { describe, expect, test } from 'vitest';
import { ruleMatches } from './approval.ts';
import { firstName, pickLanguage, renderTemplate, variablesOf } from './template.ts';

describe('renderTemplate', () => {
  test.each([
    { template: 'Hallo {{contact.first_name}}!', values: { 'contact.first_name': 'Anna' }, text: 'Hallo Anna!', unknown: [], missing: [] },
    { template: 'Hallo {{ contact.first_name }}!', values: { 'contact.first_name': 'Anna' }, text: 'Hallo Anna!', unknown: [], missing: [] },
    { template: 'Hallo {{contact.first_name}}!', values: {}, text: 'Hallo {{contact.first_name}}!', unknown: [], missing: ['contact.first_name'] },
    { template: 'Hallo {{contact.first_name}}!', values: { 'contact.first_name': '   ' }, text: 'Hallo {{contact.first_name}}!', unknown: [], missing: ['contact.first_name'] },
    { template: 'Hi {{contact.first_name|there}}!', values: { 'contact.first_name': null }, text: 'Hi there!', unknown: [], missing: [] },
    { template: '{{contact.vorname}} {{foo}}', values: {}, text: '{{contact.vorname}} {{foo}}', unknown: ['contact.vorname', 'foo'], missing: [] },
    // A value is never read as a template: the customer who calls themselves "{{agent.name}}" is named as written.
    { template: 'Hallo {{contact.first_name}}', values: { 'contact.first_name': '{{agent.name}}', 'agent.name': 'Geheim' }, text: 'Hallo {{agent.name}}', unknown: [], missing: [] },
    { template: 'Hallo {{contact.first_name}}', values: { 'contact.first_name': '$& $1 $$' }, text: 'Hallo $& $1 $$', unknown: [], missing: [] },
    { template: '{{{agent.name}}}', values: { 'agent.name': 'Max' }, text: '{Max}', unknown: [], missing: [] },
  ])('$template with $values', ({ template, values, text, unknown, missing }) => {
    expect(renderTemplate(template, values)).toEqual({ text, unknown, missing });
  });
});

test.each([
  { texts: { de: 'Hallo', en: 'Hi' }, wanted: 'en' as const, out: { text: 'Hi', language: 'en', fellBack: false } },
  { texts: { de: 'Hallo' }, wanted: 'en' as const, out: { text: 'Hallo', language: 'de', fellBack: true } },
  { texts: { en: 'Hi' }, wanted: 'de' as const, out: { text: 'Hi', language: 'en', fellBack: true } },
])('pickLanguage $wanted of $texts', ({ texts, wanted, out }) => {
  expect(pickLanguage(texts, wanted)).toEqual(out);
});

test('firstName and variablesOf', () => {
  expect(firstName('  Anna  Kundin ')).toBe('Anna');
  expect(firstName('')).toBeNull();
  expect(variablesOf('{{Contact.First_Name}} {{agent.name|x}} {{agent.name}}')).toEqual(['contact.first_name', 'agent.name']);
});

const facts = { authorFlagged: false, authorCreatedAt: new Date('2026-01-01'), sentiment: 'neutral', kind: 'private', tags: [], text: 'Hallo' };
test.each([
  { conditions: {}, facts: {}, held: false },
  { conditions: { newAgent: true }, facts: { authorFlagged: true }, held: true },
  { conditions: { newAgent: true, newAgentDays: 30 }, facts: { authorCreatedAt: new Date('2026-11-20') }, held: true },
  { conditions: { newAgent: true, newAgentDays: 30 }, facts: { authorCreatedAt: new Date('2026-10-01') }, held: false },
  { conditions: { negativeSentiment: true, publicThread: true }, facts: { sentiment: 'negative', kind: 'public' }, held: true },
  { conditions: { negativeSentiment: true, publicThread: true }, facts: { sentiment: 'negative', kind: 'private' }, held: false },
  { conditions: { vip: true }, facts: { tags: ['vip'] }, held: true },
  { conditions: { keywords: ['Anwalt'] }, facts: { text: 'Fragen Sie Ihren ANWALT' }, held: true },
  { conditions: { keywords: ['Anwalt'] }, facts: { text: 'Fragen Sie uns' }, held: false },
])('rule $conditions on $facts: held $held', ({ conditions, facts: f, held }) => {
  expect(ruleMatches(conditions, { ...facts, ...f }, new Date('2026-12-04'))).toBe(held);
});
