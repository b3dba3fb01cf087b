import { ContactListQuery } from '@parley/contracts/contacts';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import { contactsToCsv } from './csv/export.ts';
import { serializeVCards } from './vcard.ts';
import * as service from './service.ts';

const ExportQuery = ContactListQuery.omit({ cursor: true, limit: true, sort: true }).extend({
  delimiter: z.enum(['comma', 'semicolon']).default('comma'),
});

/** CSV and vCard exports of any filtered list of people, streamed. */
export async function exportRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/contacts/export.csv', {
    schema: { tags: ['people'], summary: 'Export the filtered people as CSV (UTF-8 with BOM)', querystring: ExportQuery, produces: ['text/csv'] },
  }, async (req, reply) => {
    const actor = actorOf(req);
    const { delimiter, ...filter } = req.query;
    const stream = service.streamContacts(deps, actor, filter);
    const keys = await service.customFieldKeys(deps, actor);
    async function* rows() {
      for await (const batch of stream) {
        for (const c of batch) {
          yield {
            id: c.id, firstName: c.firstName ?? undefined, lastName: c.lastName ?? undefined, emails: c.emails, phones: c.phones,
            addresses: c.addresses, jobTitle: c.jobTitle ?? undefined, companyName: c.company?.name, website: c.website ?? undefined,
            birthday: c.birthday ?? undefined, language: c.language ?? undefined, lifecycleStage: c.lifecycleStage ?? undefined,
            tags: c.tags, custom: c.custom, createdAt: c.createdAt, updatedAt: c.updatedAt,
          };
        }
      }
    }
    const name = `parley-people-${new Date().toISOString().slice(0, 10)}.csv`;
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`);
    return reply.send(contactsToCsv(rows(), { customFieldKeys: keys, delimiter: delimiter === 'semicolon' ? ';' : ',' }));
  });

  app.get('/api/contacts/export.vcf', {
    schema: { tags: ['people'], summary: 'Export the filtered people as vCard', querystring: ContactListQuery.omit({ cursor: true, limit: true, sort: true }).extend({ version: z.enum(['2.1', '3.0', '4.0']).default('3.0') }), produces: ['text/vcard'] },
  }, async (req, reply) => {
    const actor = actorOf(req);
    const { version, ...filter } = req.query;
    const name = `parley-people-${new Date().toISOString().slice(0, 10)}.vcf`;
    reply.header('content-type', 'text/vcard; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`);
    async function* cards() {
      for await (const batch of service.streamContacts(deps, actor, filter)) {
        yield serializeVCards(batch.map((c) => ({
          firstName: c.firstName ?? undefined, lastName: c.lastName ?? undefined, emails: c.emails, phones: c.phones, addresses: c.addresses,
          jobTitle: c.jobTitle ?? undefined, companyName: c.company?.name, website: c.website ?? undefined, birthday: c.birthday ?? undefined, tags: c.tags,
        })), version);
      }
    }
    const { Readable } = await import('node:stream');
    return reply.send(Readable.from(cards()));
  });
}
