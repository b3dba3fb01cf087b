import { ErrorBody } from '@parley/contracts/common';
import { SearchQuery, SearchResult } from '@parley/contracts/search';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import * as service from './service.ts';

/** The quick search (Ctrl+K) across people, companies and tasks. */
export async function searchRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/search', {
    schema: {
      tags: ['search'], summary: 'Search people, companies and tasks at once, grouped by type (fuzzy, umlaut-tolerant)',
      querystring: SearchQuery, response: { 200: SearchResult, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (req) => service.search(deps, actorOf(req), req.query));
}
