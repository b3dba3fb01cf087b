import { describe, expect, test } from 'vitest';
import { concerns, type StreamMessage } from './realtime.ts';

const C1 = 'c1-0000';
const C2 = 'c2-0000';
const received: StreamMessage = { type: 'message.received', id: 'e1', subject: { type: 'message', id: 'm1' }, conversationId: C1 };

describe('which cached queries a stream message refetches', () => {
  test.each([
    [received, ['conversations', 'one', C1], true],
    [received, ['conversations', 'one', C2], false],
    [received, ['conversations', 'list', 'open'], true],
    [received, ['conversations', 'contact', 'p1'], true],
    // Any query naming the conversation: another part's notes or consults of it.
    [received, ['notes', C1], true],
    [received, ['notes', C2], false],
    [received, ['people', 'list'], false],
    [{ type: 'contact.updated', id: 'e2', subject: { type: 'contact', id: 'p1' }, conversationId: null }, ['contacts', 'one', 'p1'], true],
    [{ type: 'contact.created', id: 'e3', subject: { type: 'contact', id: 'p2' }, conversationId: null }, ['contacts', 'list', {}], true],
    [{ type: 'contact.created', id: 'e3', subject: { type: 'contact', id: 'p2' }, conversationId: null }, ['conversations', 'list', 'open'], false],
    [{ type: 'company.updated', id: 'e4', subject: { type: 'company', id: 'k1' }, conversationId: null }, ['companies', 'list'], true],
    [{ type: 'contact.updated', id: 'e2', subject: { type: 'contact', id: 'p1' }, conversationId: null }, ['contacts', 'one', 'p9'], false],
    [{ type: 'canned_reply.created', id: 'e5', subject: { type: 'canned_reply', id: 'r1' }, conversationId: null }, ['canned-replies'], true],
    [{ type: 'consult.requested', id: 'e6', subject: { type: 'consult', id: 'k1' }, conversationId: C1 }, ['consults'], true],
    [{ type: 'consult.requested', id: 'e6', subject: { type: 'consult', id: 'k1' }, conversationId: C1 }, ['conversations', 'list', 'open'], true],
    [{ type: 'presence.changed', userId: 'u1' }, ['presence'], true],
    [{ type: 'presence.changed', userId: 'u1' }, ['routing', 'agents'], true],
    [{ type: 'presence.changed', userId: 'u1' }, ['conversations', 'list', 'open'], false],
    [{ type: 'viewers.changed', conversationId: C1, userId: 'u1' }, ['viewers', C1], true],
    [{ type: 'viewers.changed', conversationId: C1, userId: 'u1' }, ['viewers', C2], false],
    [{ type: 'viewers.changed', conversationId: C1, userId: 'u1' }, ['conversations', 'one', C1], false],
    [{ type: 'reply.held', id: 'e7', subject: { type: 'message', id: 'm2' }, conversationId: C1 }, ['approvals', 'count'], true],
    [{ type: 'reply.approved', id: 'e8', subject: { type: 'message', id: 'm2' }, conversationId: C1 }, ['approvals', 'pending'], true],
    [received, ['approvals', 'count'], false],
    [{ type: 'stream.resync' }, ['anything'], true],
    [{ type: 'note.created', id: 'e9', subject: { type: 'note', id: 'n1' }, conversationId: null }, ['streams', { kind: 'me' }, {}], true],
    [{ type: 'viewers.changed', conversationId: C1, userId: 'u1' }, ['streams', { kind: 'me' }, {}], false],
    // Team rooms: a post, document or note names its room; the room's feed, documents and notes refetch, no other room's.
    [{ type: 'room_post.created', id: 'e10', subject: { type: 'room_post', id: 'p1' }, conversationId: null, roomId: 'r1' }, ['rooms', 'r1', 'posts'], true],
    [{ type: 'room_post.created', id: 'e10', subject: { type: 'room_post', id: 'p1' }, conversationId: null, roomId: 'r1' }, ['rooms', 'r2', 'posts'], false],
    [{ type: 'document.version_added', id: 'e11', subject: { type: 'document', id: 'd1' }, conversationId: null, roomId: 'r1' }, ['rooms', 'r1', 'documents'], true],
    [{ type: 'document.version_added', id: 'e11', subject: { type: 'document', id: 'd1' }, conversationId: null, roomId: 'r1' }, ['documents', 'd1', 'versions'], true],
    [{ type: 'room_note.updated', id: 'e12', subject: { type: 'room_note', id: 'n1' }, conversationId: null, roomId: 'r1' }, ['room-notes', 'n1'], true],
    [{ type: 'room_member.added', id: 'e13', subject: { type: 'room', id: 'r1' }, conversationId: null, roomId: 'r1' }, ['rooms', 'list'], true],
    [{ type: 'comment.created', id: 'e14', subject: { type: 'comment', id: 'k1' }, conversationId: null, roomId: 'r1' }, ['rooms', 'r1', 'posts'], true],
    [{ type: 'notification.removed', userId: 'u1' }, ['notifications', 'unread-count'], true],
  ] as [StreamMessage, unknown[], boolean][])('%o → %o: %s', (m, key, expected) => {
    expect(concerns(m, key)).toBe(expected);
  });
});
