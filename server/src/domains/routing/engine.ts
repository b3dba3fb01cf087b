import type { RoutingAction, RoutingCondition } from '@parley/contracts/routing';

// The rules engine: pure functions over what ingestion knows about a new conversation. No database here, so every
// condition and action is tested as a table (engine.test.ts); stage.ts gathers the facts and applies the plan.

/** The person behind the conversation, as far as routing looks at them. */
export interface ContactFacts {
  tags: string[];
  custom: Record<string, unknown>;
  lifecycleStage: string | null;
  ownerId: string | null;
  language: string | null;
}

/** What a rule's conditions are evaluated on. */
export interface RoutingFacts {
  channelId: string;
  network: string;
  kind: 'public' | 'private';
  language: string | null;
  /** The text of the conversation's new inbound messages. */
  text: string;
  intent: string | null;
  sentiment: string | null;
  followers: number | null;
  contact: ContactFacts | null;
  /** Whether the workspace's business hours are open now; null: no calendar, open around the clock. */
  businessOpen: boolean | null;
}

/** A rule as the engine sees it. */
export interface EngineRule {
  id: string;
  name: string;
  enabled: boolean;
  match: 'all' | 'any';
  conditions: RoutingCondition[];
  actions: RoutingAction[];
  stop: boolean;
}

/** What the matching rules ask for, merged in rule order: a later rule's team, priority and assignee win. */
export interface RoutingPlan {
  ruleIds: string[];
  teamId: string | null;
  priority: string | null;
  labels: string[];
  autoReply: { de: string; en: string } | null;
  /** A user (or null: nobody), 'policy' for the team's policy, undefined when no rule assigns. */
  assign: { userId: string | null } | 'policy' | undefined;
}

/** Folds text for keyword matching: lower case, umlauts and ß spelled out (ä = ae), other accents dropped. */
export function foldText(text: string): string {
  return text.toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFKD').replace(/\p{M}/gu, '')
    .replace(/\s+/g, ' ');
}

/** True when any keyword occurs in the text at the start of a word (so "rechnung" finds "Rechnungen"). */
export function matchesKeywords(text: string, keywords: string[]): boolean {
  const folded = ` ${foldText(text)}`;
  return keywords.some((k) => {
    const key = foldText(k).trim();
    if (!key) return false;
    let at = folded.indexOf(key);
    while (at !== -1) {
      if (!/[\p{L}\p{N}]/u.test(folded[at - 1] ?? ' ')) return true;
      at = folded.indexOf(key, at + 1);
    }
    return false;
  });
}

const same = (a: string | null | undefined, b: string) => a != null && a.toLowerCase() === b.toLowerCase();
const anyOf = (v: string | null, list: string[]) => list.some((x) => same(v, x));

function isVip(c: ContactFacts | null): boolean {
  if (!c) return false;
  if (c.tags.some((t) => same(t, 'vip'))) return true;
  const v = c.custom.vip ?? c.custom.VIP;
  return v === true || v === 'true' || v === 'yes' || v === 'ja' || v === 1;
}

function contactField(c: ContactFacts | null, key: string, value: string): boolean {
  if (!c) return false;
  if (key === 'tags') return c.tags.some((t) => same(t, value));
  if (key === 'lifecycleStage') return same(c.lifecycleStage, value);
  if (key === 'ownerId') return same(c.ownerId, value);
  if (key === 'language') return same(c.language, value);
  const field = key.startsWith('custom.') ? c.custom[key.slice('custom.'.length)] : undefined;
  if (field === undefined || field === null) return false;
  if (Array.isArray(field)) return field.some((x) => same(String(x), value));
  return same(String(field), value);
}

/** One condition against the facts. */
export function conditionHolds(cond: RoutingCondition, f: RoutingFacts): boolean {
  switch (cond.type) {
    case 'channel': return cond.values.includes(f.channelId);
    case 'network': return cond.values.includes(f.network as never);
    case 'kind': return cond.values.includes(f.kind);
    case 'language': return anyOf(f.language, cond.values);
    case 'keywords': return matchesKeywords(f.text, cond.values);
    case 'intent': return anyOf(f.intent, cond.values);
    case 'sentiment': return anyOf(f.sentiment, cond.values);
    case 'followers': return f.followers !== null && f.followers >= cond.min;
    case 'vip': return isVip(f.contact);
    case 'contact_field': return contactField(f.contact, cond.key, cond.value);
    case 'business_hours': return (f.businessOpen ?? true) === cond.open;
    default: {
      const never: never = cond;
      throw new Error(`unknown routing condition ${(never as RoutingCondition).type}`);
    }
  }
}

/** True when the rule is enabled and its conditions hold (all or any of them; a rule without conditions always). */
export function ruleMatches(rule: EngineRule, f: RoutingFacts): boolean {
  if (!rule.enabled) return false;
  if (rule.conditions.length === 0) return true;
  return rule.match === 'all' ? rule.conditions.every((c) => conditionHolds(c, f)) : rule.conditions.some((c) => conditionHolds(c, f));
}

/** Evaluates the ordered rules and merges the actions of those that match, up to the first matching rule with `stop`. */
export function planRouting(rules: readonly EngineRule[], f: RoutingFacts): RoutingPlan {
  const plan: RoutingPlan = { ruleIds: [], teamId: null, priority: null, labels: [], autoReply: null, assign: undefined };
  for (const rule of rules) {
    if (!ruleMatches(rule, f)) continue;
    plan.ruleIds.push(rule.id);
    for (const a of rule.actions) applyAction(plan, a);
    if (rule.stop) break;
  }
  return plan;
}

function applyAction(plan: RoutingPlan, a: RoutingAction): void {
  switch (a.type) {
    case 'set_team': plan.teamId = a.teamId; return;
    case 'set_priority': plan.priority = a.priority; return;
    case 'add_label': if (!plan.labels.includes(a.label)) plan.labels.push(a.label); return;
    // One auto-reply per conversation: the first rule's.
    case 'auto_reply': plan.autoReply ??= a.text; return;
    case 'assign': plan.assign = a.userId ? { userId: a.userId } : 'policy'; return;
    default: {
      const never: never = a;
      throw new Error(`unknown routing action ${(never as RoutingAction).type}`);
    }
  }
}

/** The auto-reply text in the conversation's language: English for English, German otherwise. */
export function autoReplyText(text: { de: string; en: string }, language: string | null): string {
  return language === 'en' ? text.en : text.de;
}

/** True when any enabled rule looks at business hours (only then is the calendar read). */
export function needsBusinessHours(rules: readonly EngineRule[]): boolean {
  return rules.some((r) => r.enabled && r.conditions.some((c) => c.type === 'business_hours'));
}
