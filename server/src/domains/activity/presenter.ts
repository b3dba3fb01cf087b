import type { StoredActivity } from './repo.ts';
import type { follows } from '../../db/schema.ts';

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

/** An activity as the API shows it (whitelisted summary fields). */
export function presentActivity(a: StoredActivity, names: Map<string, string>) {
  const s = a.summary ?? {};
  return {
    id: a.id, occurredAt: iso(a.occurred_at), verb: a.verb,
    actor: a.actor_id ? { id: a.actor_id, name: names.get(a.actor_id) ?? '' } : null,
    recordType: a.record_type, recordId: a.record_id, teamId: a.team_id, hashtags: a.hashtags ?? [],
    summary: {
      title: typeof s.title === 'string' ? s.title : null,
      ...(typeof s.detail === 'string' ? { detail: s.detail } : {}),
      ...(Array.isArray(s.fields) ? { fields: s.fields.filter((x): x is string => typeof x === 'string') } : {}),
    },
  };
}

/** A follow as the API shows it. */
export function presentFollow(f: typeof follows.$inferSelect) {
  return { recordType: f.recordType, recordId: f.recordId, reason: f.reason, createdAt: f.createdAt.toISOString() };
}
