import { ErrorBody } from '@parley/contracts/common';
import { MarkReadInput, NotificationList, NotificationListQuery, NotificationPreferences, UnreadCount } from '@parley/contracts/notifications';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import * as service from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };
const tags = ['notifications'];

/** The signed-in user's notification centre and preferences. */
export async function notificationRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/notifications', { schema: { tags, summary: 'My notifications, newest first, grouped; keyset paginated', querystring: NotificationListQuery, response: { 200: NotificationList, ...errors } } },
    async (req) => service.listNotifications(deps, actorOf(req), req.query));
  app.get('/api/notifications/unread-count', { schema: { tags, summary: 'How many of my notifications are unread (the bell)', response: { 200: UnreadCount, ...errors } } },
    async (req) => service.unreadCount(deps, actorOf(req)));
  app.post('/api/notifications/read', { schema: { tags, summary: 'Mark notifications read: the named ones, or all', body: MarkReadInput, response: { 200: UnreadCount, ...errors } } },
    async (req) => service.markRead(deps, actorOf(req), req.body));
  app.get('/api/notification-preferences', { schema: { tags, summary: 'My notification preferences per kind', response: { 200: NotificationPreferences, ...errors } } },
    async (req) => service.getPreferences(deps, actorOf(req)));
  app.put('/api/notification-preferences', { schema: { tags, summary: 'Change my notification preferences (in the app; e-mail at once, as a daily digest, or not)', body: NotificationPreferences, response: { 200: NotificationPreferences, ...errors } } },
    async (req) => service.putPreferences(deps, actorOf(req), req.body));
}
