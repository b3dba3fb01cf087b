// Worker thread of buildCopyChunks: makes people [from, to) with the server's buildContactRow, as COPY text.
import { parentPort, workerData } from 'node:worker_threads';
import { buildContactRow } from '../../server/src/domains/contacts/service.ts';
import { baseData, copyLine, inputOf, personAt } from './data.ts';
import type { WorkerInput } from './parley.ts';

const ws = workerData as WorkerInput;
const base = baseData().contacts;

parentPort!.on('message', ({ from, to }: { from: number; to: number }) => {
  let text = '';
  for (let i = from; i < to; i++) {
    const p = personAt(base, i);
    const company = p.companyIndex === undefined ? undefined : ws.companies[p.companyIndex];
    const owner = p.ownerIndex === undefined ? null : ws.userIds[p.ownerIndex] ?? null;
    const row = buildContactRow(ws.workspaceId, inputOf(p), ws.defs, company?.id ?? null, company?.name ?? null, owner, p.createdAt);
    text += copyLine(row);
  }
  parentPort!.postMessage({ text, rows: to - from });
});
