import { describe, expect, test } from 'vitest';
import type { Actor } from '../policies/actor.ts';
import { mayReceive, toStreamMessage } from './filter.ts';
import type { Notice } from './hub.ts';

const WS = '00000000-0000-7000-8000-000000000001';
const OTHER = '00000000-0000-7000-8000-000000000002';
const CONV = '00000000-0000-7000-8000-0000000000c1';
const ROOM = '00000000-0000-7000-8000-0000000000b1';
const ME = '00000000-0000-7000-8000-0000000000a1';
const privateRoom = (members: string[]) => ({ public: false, members: new Set(members) });
const as = (role: Actor['role']): Actor => ({ workspaceId: WS, userId: '00000000-0000-7000-8000-0000000000a1', role, kind: 'user', language: 'de' });
const event = (type: string, extra: Partial<Notice> = {}): Notice => ({ kind: 'event', workspaceId: WS, type, id: 'e1', subjectType: type.split('.')[0], subjectId: 's1', ...extra });
const signal = (type: string, extra: Partial<Notice> = {}): Notice => ({ kind: 'signal', workspaceId: WS, type, userId: 'u1', ...extra });

describe('mayReceive', () => {
  test.each([
    ['agent', event('message.received', { conversationId: CONV }), true],
    ['sales', event('message.received', { conversationId: CONV }), false],
    ['expert', event('conversation.updated', { conversationId: CONV }), false],
    // Any event naming a conversation needs the inbox, whatever its name (another part's sla.*, consult.* …).
    ['sales', event('sla.breached', { conversationId: CONV }), false],
    ['agent', event('sla.breached', { conversationId: CONV }), true],
    ['sales', event('contact.created'), true],
    ['expert', event('contact.created'), false],
    ['expert', event('task.created'), true],
    ['marketing', event('team.created'), true],
    // Kinds nobody listed go to admins only.
    ['agent', event('webhook.created'), false],
    ['admin', event('webhook.created'), true],
    ['agent', event('something.new'), false],
    ['expert', signal('presence.changed'), true],
    ['agent', signal('viewers.changed', { conversationId: CONV }), true],
    ['sales', signal('viewers.changed', { conversationId: CONV }), false],
    ['sales', signal('stream.resync'), true],
    // New activities were written: every open stream refetches (no ids); only as a signal, never an event of that name.
    ['expert', signal('activity.recorded', { userId: null }), true],
    ['sales', event('activity.recorded'), false],
    // A room notice whose room the hub could not resolve goes to admins only.
    ['agent', event('room_post.created'), false],
    ['manager', event('document.version_added'), false],
    ['expert', event('room_note.updated'), false],
    ['admin', event('room_post.created'), true],
    // Resolved: a private room's notices reach its members (and admins), never anyone else; a public room's everyone.
    ['agent', event('room_post.created', { roomId: ROOM, room: privateRoom([ME]) }), true],
    ['agent', event('room_post.created', { roomId: ROOM, room: privateRoom(['u2']) }), false],
    ['manager', event('document.version_added', { roomId: ROOM, room: privateRoom([]) }), false],
    ['admin', event('room_note.updated', { roomId: ROOM, room: privateRoom([]) }), true],
    ['expert', event('room_note.updated', { roomId: ROOM, room: { public: true, members: new Set<string>() } }), true],
    ['sales', event('room_member.removed', { roomId: ROOM, room: { ...privateRoom(['u2']), also: ME } }), true],
    // Comments: by the record they are on (the hub names it).
    ['sales', event('comment.created', { record: { type: 'contact', id: 's2' } }), true],
    ['expert', event('comment.created', { record: { type: 'contact', id: 's2' } }), false],
    ['agent', event('comment.created', { record: { type: 'room', id: ROOM }, roomId: ROOM, room: privateRoom(['u2']) }), false],
    ['agent', event('comment.created', { record: { type: 'document', id: 'd1' }, roomId: ROOM, room: privateRoom([ME]) }), true],
    ['sales', event('comment.created', { record: { type: 'conversation', id: CONV }, conversationId: CONV }), false],
    ['agent', event('comment.created'), false],
    // Notifications reach only the user they name (as() is user …a1), admins included.
    ['admin', signal('notification.created', { userId: 'u1' }), false],
    ['expert', signal('notification.created', { userId: '00000000-0000-7000-8000-0000000000a1' }), true],
    ['admin', signal('notification.created', { userId: null }), false],
  ] as const)('%s gets %o: %s', (role, notice, expected) => {
    expect(mayReceive(as(role), notice)).toBe(expected);
  });

  test('an expert gets what concerns the conversations they were asked into, nothing else of the inbox', () => {
    const consulted = new Set([CONV]);
    expect(mayReceive(as('expert'), event('message.received', { conversationId: CONV }), consulted)).toBe(true);
    expect(mayReceive(as('expert'), event('message.received', { conversationId: 'other' }), consulted)).toBe(false);
    expect(mayReceive(as('expert'), event('inbox_view.created'), consulted)).toBe(false);
  });

  test('never another workspace', () => {
    expect(mayReceive(as('admin'), { ...event('contact.created'), workspaceId: OTHER })).toBe(false);
    expect(mayReceive(as('admin'), { ...signal('presence.changed'), workspaceId: OTHER })).toBe(false);
  });
});

test('the browser gets ids and type, not the workspace; a room notice names its room, never its members', () => {
  const m = toStreamMessage(event('room_post.created', { roomId: ROOM, room: privateRoom([ME]) }));
  expect(m).toEqual({ type: 'room_post.created', id: 'e1', subject: { type: 'room_post', id: 's1' }, conversationId: null, userId: null, roomId: ROOM });

  expect(toStreamMessage(event('conversation.updated', { conversationId: CONV, actorId: 'u9' })))
    .toEqual({ type: 'conversation.updated', id: 'e1', subject: { type: 'conversation', id: 's1' }, conversationId: CONV, userId: 'u9' });
  expect(toStreamMessage(signal('viewers.changed', { conversationId: CONV }))).toEqual({ type: 'viewers.changed', conversationId: CONV, userId: 'u1' });
});
