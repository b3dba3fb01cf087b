import type { RoutingCondition } from '@parley/contracts/routing';
import { describe, expect, test } from 'vitest';
import { autoReplyText, conditionHolds, foldText, matchesKeywords, needsBusinessHours, planRouting, type EngineRule, type RoutingFacts } from './engine.ts';
import { eligible, pickAgent, type Candidate } from './policy.ts';

const CHANNEL = '00000000-0000-4000-8000-000000000001';
const TEAM_A = '00000000-0000-4000-8000-00000000000a';
const TEAM_B = '00000000-0000-4000-8000-00000000000b';
const USER = '00000000-0000-4000-8000-0000000000f1';

const base: RoutingFacts = {
  channelId: CHANNEL, network: 'facebook', kind: 'public', language: 'de', text: 'Meine Wärmepumpe macht komische Geräusche, bitte um Rückruf',
  intent: 'service', sentiment: 'negative', followers: 1200,
  contact: { tags: ['VIP', 'Newsletter'], custom: { tarif: 'Premium', produkte: ['Wärmepumpe', 'Solar'] }, lifecycleStage: 'customer', ownerId: USER, language: 'de' },
  businessOpen: true,
};

describe('conditions', () => {
  test.each<[string, RoutingCondition, Partial<RoutingFacts>, boolean]>([
    ['channel matches', { type: 'channel', values: [CHANNEL] }, {}, true],
    ['channel differs', { type: 'channel', values: [TEAM_A] }, {}, false],
    ['network matches', { type: 'network', values: ['instagram', 'facebook'] }, {}, true],
    ['network differs', { type: 'network', values: ['x'] }, {}, false],
    ['kind public', { type: 'kind', values: ['public'] }, {}, true],
    ['kind private', { type: 'kind', values: ['private'] }, {}, false],
    ['language, any case', { type: 'language', values: ['DE'] }, {}, true],
    ['language unknown', { type: 'language', values: ['de'] }, { language: null }, false],
    ['keyword with umlaut spelled out', { type: 'keywords', values: ['waermepumpe'] }, {}, true],
    ['keyword with umlaut, upper case', { type: 'keywords', values: ['WÄRMEPUMPE'] }, {}, true],
    ['keyword at a word start only', { type: 'keywords', values: ['pumpe'] }, {}, false],
    ['keyword prefix of a longer word', { type: 'keywords', values: ['Geräusch'] }, {}, true],
    ['a phrase', { type: 'keywords', values: ['bitte um rückruf'] }, {}, true],
    ['no keyword', { type: 'keywords', values: ['Rechnung', 'Kündigung'] }, {}, false],
    ['intent', { type: 'intent', values: ['complaint', 'service'] }, {}, true],
    ['intent differs', { type: 'intent', values: ['sales_lead'] }, {}, false],
    ['sentiment', { type: 'sentiment', values: ['negative'] }, {}, true],
    ['sentiment differs', { type: 'sentiment', values: ['positive'] }, { sentiment: 'neutral' }, false],
    ['followers at the threshold', { type: 'followers', min: 1200 }, {}, true],
    ['followers below', { type: 'followers', min: 5000 }, {}, false],
    ['followers unknown', { type: 'followers', min: 0 }, { followers: null }, false],
    ['VIP by tag', { type: 'vip' }, {}, true],
    ['VIP by custom field', { type: 'vip' }, { contact: { tags: [], custom: { vip: true }, lifecycleStage: null, ownerId: null, language: null } }, true],
    ['not VIP', { type: 'vip' }, { contact: { tags: ['Newsletter'], custom: {}, lifecycleStage: null, ownerId: null, language: null } }, false],
    ['no person: not VIP', { type: 'vip' }, { contact: null }, false],
    ['lifecycle stage', { type: 'contact_field', key: 'lifecycleStage', value: 'customer' }, {}, true],
    ['lifecycle stage differs', { type: 'contact_field', key: 'lifecycleStage', value: 'lead' }, {}, false],
    ['owner', { type: 'contact_field', key: 'ownerId', value: USER }, {}, true],
    ['tag', { type: 'contact_field', key: 'tags', value: 'newsletter' }, {}, true],
    ['custom field', { type: 'contact_field', key: 'custom.tarif', value: 'premium' }, {}, true],
    ['custom list field', { type: 'contact_field', key: 'custom.produkte', value: 'Solar' }, {}, true],
    ['custom field missing', { type: 'contact_field', key: 'custom.vertrag', value: 'x' }, {}, false],
    ['business hours open', { type: 'business_hours', open: true }, {}, true],
    ['business hours closed', { type: 'business_hours', open: false }, { businessOpen: false }, true],
    ['outside hours while open', { type: 'business_hours', open: false }, {}, false],
    ['no calendar: open around the clock', { type: 'business_hours', open: true }, { businessOpen: null }, true],
  ])('%s', (_name, cond, over, expected) => {
    expect(conditionHolds(cond, { ...base, ...over })).toBe(expected);
  });
});

const rule = (over: Partial<EngineRule>): EngineRule => ({ id: over.name ?? 'r', name: 'r', enabled: true, match: 'all', conditions: [], actions: [], stop: false, ...over });

describe('rules and actions', () => {
  test('all vs any of the conditions; disabled rules never match', () => {
    const conds: RoutingCondition[] = [{ type: 'language', values: ['de'] }, { type: 'network', values: ['x'] }];
    const act = [{ type: 'add_label' as const, label: 'x' }];
    expect(planRouting([rule({ name: 'all', conditions: conds, actions: act })], base).ruleIds).toEqual([]);
    expect(planRouting([rule({ name: 'any', match: 'any', conditions: conds, actions: act })], base).ruleIds).toEqual(['any']);
    expect(planRouting([rule({ name: 'off', enabled: false, actions: act })], base).ruleIds).toEqual([]);
  });

  test('actions merge in rule order: a later team, priority and assignee win; labels add up; the first auto-reply counts', () => {
    const plan = planRouting([
      rule({ name: 'one', actions: [{ type: 'set_team', teamId: TEAM_A }, { type: 'set_priority', priority: 'high' }, { type: 'add_label', label: 'Wärmepumpe' },
        { type: 'auto_reply', text: { de: 'Danke!', en: 'Thanks!' } }] }),
      rule({ name: 'two', actions: [{ type: 'set_team', teamId: TEAM_B }, { type: 'add_label', label: 'vip' }, { type: 'add_label', label: 'Wärmepumpe' },
        { type: 'auto_reply', text: { de: 'Zweite', en: 'Second' } }, { type: 'assign', userId: USER }] }),
    ], base);
    expect(plan).toEqual({ ruleIds: ['one', 'two'], teamId: TEAM_B, priority: 'high', labels: ['Wärmepumpe', 'vip'], autoReply: { de: 'Danke!', en: 'Thanks!' }, assign: { userId: USER } });
  });

  test('stop after a matching rule ends the evaluation; a non-matching stop rule does not', () => {
    const rules = [
      rule({ name: 'miss', stop: true, conditions: [{ type: 'network', values: ['x'] }], actions: [{ type: 'set_priority', priority: 'low' }] }),
      rule({ name: 'hit', stop: true, actions: [{ type: 'set_priority', priority: 'urgent' }] }),
      rule({ name: 'later', actions: [{ type: 'set_priority', priority: 'normal' }] }),
    ];
    const plan = planRouting(rules, base);
    expect(plan.ruleIds).toEqual(['hit']);
    expect(plan.priority).toBe('urgent');
  });

  test('assign without a user means the team\'s policy', () => {
    expect(planRouting([rule({ actions: [{ type: 'assign' }] })], base).assign).toBe('policy');
    expect(planRouting([rule({ actions: [{ type: 'assign', userId: null }] })], base).assign).toBe('policy');
  });

  test('auto-reply language, folding, and when the calendar is needed', () => {
    expect(autoReplyText({ de: 'Hallo', en: 'Hello' }, 'en')).toBe('Hello');
    expect(autoReplyText({ de: 'Hallo', en: 'Hello' }, 'fr')).toBe('Hallo');
    expect(autoReplyText({ de: 'Hallo', en: 'Hello' }, null)).toBe('Hallo');
    expect(foldText('Straße GRÜN Café')).toBe('strasse gruen cafe');
    expect(matchesKeywords('Ich möchte KÜNDIGEN!', ['kuendigen'])).toBe(true);
    expect(needsBusinessHours([rule({ conditions: [{ type: 'business_hours', open: false }] })])).toBe(true);
    expect(needsBusinessHours([rule({ enabled: false, conditions: [{ type: 'business_hours', open: false }] })])).toBe(false);
  });
});

describe('assignment policies', () => {
  const agent = (id: string, over: Partial<Candidate> = {}): Candidate => ({ userId: id, presence: 'online', load: 0, capacity: 5, skills: [], languages: [], ...over });
  const needs = { language: 'de', skills: [] as string[] };

  test('round-robin takes turns after the cursor and wraps around', () => {
    const team = [agent('c'), agent('a'), agent('b')];
    const turns: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 6; i++) {
      cursor = pickAgent('round_robin', team, { cursor, respectSkills: false, needs });
      turns.push(cursor!);
    }
    expect(turns).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  test('least-load picks the fewest open conversations, never beyond capacity', () => {
    expect(pickAgent('least_load', [agent('a', { load: 3 }), agent('b', { load: 1 }), agent('c', { load: 2 })], { cursor: null, respectSkills: false, needs })).toBe('b');
    expect(pickAgent('least_load', [agent('a', { load: 3, capacity: 3 }), agent('b', { load: 4, capacity: 4 })], { cursor: null, respectSkills: false, needs })).toBeNull();
  });

  test('away and offline agents are skipped; manual assigns nobody', () => {
    const team = [agent('a', { presence: 'away' }), agent('b', { presence: 'offline' }), agent('c')];
    expect(pickAgent('round_robin', team, { cursor: null, respectSkills: false, needs })).toBe('c');
    expect(pickAgent('manual', team, { cursor: null, respectSkills: false, needs })).toBeNull();
    expect(eligible(team.slice(0, 2), needs, false)).toEqual([]);
  });

  test('skills: language (an agent without languages speaks any) and product skills, only where the team asks', () => {
    const team = [agent('a', { languages: ['en'] }), agent('b', { languages: ['de'], skills: ['Solar'] }), agent('c', { skills: ['Wärmepumpe'] })];
    expect(eligible(team, { language: 'de', skills: [] }, true).map((c) => c.userId)).toEqual(['b', 'c']);
    expect(eligible(team, { language: 'de', skills: ['wärmepumpe'] }, true).map((c) => c.userId)).toEqual(['c']);
    expect(eligible(team, { language: 'de', skills: ['wärmepumpe'] }, false).map((c) => c.userId)).toEqual(['a', 'b', 'c']);
  });
});
