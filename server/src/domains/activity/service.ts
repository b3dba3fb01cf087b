import type { Activity, ActivityPage, Follow, FollowableType, FollowInput, FollowList, FollowState, StreamQuery } from '@parley/contracts/activity';
import { getTeam } from '../workspace/teams-service.ts';
import { requireReadableRecord } from '../comments/service.ts';
import type { Deps } from '../../deps.ts';
import { Forbidden, NotFound, Unauthorized } from '../../lib/errors.ts';
import { normalizeHashtag } from '../../lib/hashtags.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize, can } from '../../policies/authorize.ts';
import { consultedConversationIds } from '../experts/service.ts';
import { presentActivity, presentFollow } from './presenter.ts';
import * as repo from './repo.ts';
// Registers activities as personal data of the person they are about (GDPR erasure).
import './personal-data.ts';

// Streams (issue 5): an activity is shown only when the reader may read its record: contacts and companies with
// contacts:read / companies:read, conversations with inbox:read or, for experts, only those they were consulted on;
// rooms and their documents by the rooms' rule (public, or a member; admins all), checked inside the stream query.
// The record stream reads activities only; the contact page's timeline (timeline_entries, with field diffs) stays as
// it is: activities are made for the same events plus the new kinds (conversations, comments, rooms), so a record's
// stream is its timeline merged with what happened around it.

/** What the actor may see in a stream. */
export async function scopeOf(deps: Deps, actor: Actor): Promise<repo.Scope> {
  const types: string[] = [];
  if (can(actor, 'contacts:read')) types.push('contact');
  if (can(actor, 'companies:read')) types.push('company');
  let conversationIds: string[] | null = null;
  if (can(actor, 'inbox:read')) types.push('conversation');
  else if (actor.role === 'expert' && actor.userId) {
    types.push('conversation');
    conversationIds = await consultedConversationIds(deps.db, actor.workspaceId, actor.userId);
  }
  let rooms: repo.RoomReader | undefined;
  if (can(actor, 'rooms:use')) {
    types.push('room', 'document');
    rooms = can(actor, 'rooms:admin') ? 'all' : { workspaceId: actor.workspaceId, userId: actor.userId };
  }
  return { types, conversationIds, ...(rooms ? { rooms } : {}) };
}

function mayRead(scope: repo.Scope, type: string, id: string): boolean {
  if (!scope.types.includes(type)) return false;
  return type !== 'conversation' || !scope.conversationIds || scope.conversationIds.includes(id);
}

function userOf(actor: Actor): string {
  if (!actor.userId) throw new Unauthorized('user_required', 'Streams and follows belong to a user');
  return actor.userId;
}

async function readable(deps: Deps, actor: Actor, type: string, id: string): Promise<void> {
  const scope = await scopeOf(deps, actor);
  // A record the actor may not read answers 404 like one that does not exist (experts cannot probe conversations).
  if (!mayRead(scope, type, id)) {
    if (type === 'conversation' && actor.role === 'expert') throw new NotFound('record_not_found', 'No such record');
    throw new Forbidden('forbidden', `Your role may not read ${type} records`);
  }
  // And it is a record of the actor's workspace that they may read (a private room's member, …): else not found.
  await requireReadableRecord(deps.db, actor, type as FollowableType, id);
}

/**
 * The users who follow any of the records and may read it now (a follow outlives a lost right: a member who left a
 * private room, a role changed). For notifying followers; the actor is not left out here.
 */
export async function followersWhoMayRead(deps: Deps, workspaceId: string, records: FollowInput[]): Promise<string[]> {
  const ids = await repo.followersOf(deps.db, workspaceId, records.map((r) => ({ type: r.recordType, id: r.recordId })));
  const people = await repo.activeUsers(deps.db, workspaceId, ids);
  const out: string[] = [];
  for (const u of people) {
    const actor: Actor = { workspaceId, userId: u.id, role: u.role as Actor['role'], kind: 'user', language: u.language === 'en' ? 'en' : 'de' };
    for (const r of records) {
      try {
        await readable(deps, actor, r.recordType, r.recordId);
        out.push(u.id);
        break;
      } catch {
        // not this record; maybe another one
      }
    }
  }
  return out;
}

/** Follows a record by hand (a follow that exists keeps its reason). */
export async function follow(deps: Deps, actor: Actor, input: FollowInput): Promise<FollowState> {
  const userId = userOf(actor);
  await readable(deps, actor, input.recordType, input.recordId);
  await repo.insertFollows(deps.db, [{ workspaceId: actor.workspaceId, userId, recordType: input.recordType, recordId: input.recordId, reason: 'manual' }]);
  return followState(deps, actor, input);
}

/** Stops following a record. */
export async function unfollow(deps: Deps, actor: Actor, input: FollowInput): Promise<FollowState> {
  const userId = userOf(actor);
  // A record the actor cannot read (another workspace's, a conversation an expert was not asked into) is not found.
  await readable(deps, actor, input.recordType, input.recordId);
  await repo.deleteFollow(deps.db, actor.workspaceId, userId, input.recordType, input.recordId);
  return followState(deps, actor, input);
}

/** Whether the actor follows a record, and how many do. */
export async function followState(deps: Deps, actor: Actor, input: FollowInput): Promise<FollowState> {
  const userId = userOf(actor);
  await readable(deps, actor, input.recordType, input.recordId);
  const s = await repo.followState(deps.db, actor.workspaceId, userId, input.recordType, input.recordId);
  return { following: !!s.mine, reason: (s.mine?.reason ?? null) as FollowState['reason'], followers: s.followers };
}

/** The actor's follows. */
export async function listFollows(deps: Deps, actor: Actor): Promise<FollowList> {
  const list = await repo.listFollows(deps.db, actor.workspaceId, userOf(actor));
  return { items: list.map(presentFollow) as Follow[] };
}

async function page(deps: Deps, actor: Actor, list: repo.StoredActivity[], limit: number): Promise<ActivityPage> {
  const items = list.slice(0, limit);
  const names = await repo.userNames(deps.db, actor.workspaceId, [...new Set(items.map((a) => a.actor_id).filter((x): x is string => !!x))]);
  return { items: items.map((a) => presentActivity(a, names)) as Activity[], nextCursor: list.length > limit ? items.at(-1)!.id : null };
}

function filters(q: StreamQuery): repo.Filters {
  return { ...q, hashtag: q.hashtag ? normalizeHashtag(q.hashtag) : undefined };
}

/** The personal stream: everything on the records the actor follows. */
export async function personalStream(deps: Deps, actor: Actor, q: StreamQuery): Promise<ActivityPage> {
  const userId = userOf(actor);
  const scope = await scopeOf(deps, actor);
  return page(deps, actor, await repo.personalStream(deps.database, actor.workspaceId, userId, scope, filters(q)), q.limit);
}

/** The stream of one record. */
export async function recordStream(deps: Deps, actor: Actor, record: FollowInput, q: StreamQuery): Promise<ActivityPage> {
  await readable(deps, actor, record.recordType, record.recordId);
  const scope = await scopeOf(deps, actor);
  return page(deps, actor, await repo.stream(deps.db, actor.workspaceId, { record: { type: record.recordType, id: record.recordId } }, scope, filters(q)), q.limit);
}

/** The stream of a team (its activities: the record's or the actor's team). */
export async function teamStream(deps: Deps, actor: Actor, teamId: string, q: StreamQuery): Promise<ActivityPage> {
  authorize(actor, 'teams:read');
  await getTeam(deps, actor, teamId); // another workspace's team is not found
  const scope = await scopeOf(deps, actor);
  return page(deps, actor, await repo.stream(deps.db, actor.workspaceId, { teamId }, scope, filters(q)), q.limit);
}

/** The stream of the whole workspace. */
export async function workspaceStream(deps: Deps, actor: Actor, q: StreamQuery): Promise<ActivityPage> {
  userOf(actor);
  const scope = await scopeOf(deps, actor);
  return page(deps, actor, await repo.stream(deps.db, actor.workspaceId, {}, scope, filters(q)), q.limit);
}
