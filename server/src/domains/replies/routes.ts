import { ErrorBody, IdParams, Language } from '@parley/contracts/common';
import {
  ApprovalAgentInput, ApprovalAgents, Approval, ApprovalCount, ApprovalList, ApprovalListQuery, ApprovalRule, ApprovalRuleInput, ApprovalRuleList, ApproveInput,
  CannedListQuery, CannedReply, CannedReplyInput, CannedReplyList, ConversationCsat, CsatAnswerInput, CsatReport, CsatReportQuery, CsatSurvey, CsatTokenQuery,
  DraftAnswer, DraftInput, PreviewInput, RejectInput, RenderedReply, RenderParams, ReplySettings, ReplySettingsPatch, UserParams,
} from '@parley/contracts/replies';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import * as approval from './approval.ts';
import * as canned from './canned.ts';
import * as csat from './csat.ts';
// Registers drafts and CSAT answers as the personal data of the conversation's customer (GDPR export and erasure).
import './personal-data.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Canned replies, drafts, reply approval and CSAT (issue 3). */
export async function replyRoutes(app: App, deps: Deps): Promise<void> {
  approval.installApprovalGate(deps);
  const tags = ['replies'];

  app.get('/api/canned-replies', { schema: { tags, summary: 'Canned replies, most used first', querystring: CannedListQuery, response: { 200: CannedReplyList, ...errors } } },
    async (req) => ({ items: await canned.listCanned(deps, actorOf(req), req.query.q) }));
  app.post('/api/canned-replies', { schema: { tags, summary: 'Create a canned reply', body: CannedReplyInput, response: { 201: CannedReply, ...errors } } },
    async (req, reply) => reply.status(201).send(await canned.createCanned(deps, actorOf(req), req.body)));
  app.put('/api/canned-replies/:id', { schema: { tags, summary: 'Replace a canned reply', params: IdParams, body: CannedReplyInput, response: { 200: CannedReply, ...errors } } },
    async (req) => canned.updateCanned(deps, actorOf(req), req.params.id, req.body));
  app.delete('/api/canned-replies/:id', { schema: { tags, summary: 'Delete a canned reply', params: IdParams, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await canned.deleteCanned(deps, actorOf(req), req.params.id); return reply.status(204).send(null); });
  app.post('/api/canned-replies/preview', { schema: { tags, summary: 'Render a template against an example customer', body: PreviewInput.extend({ language: Language }), response: { 200: RenderedReply, ...errors } } },
    async (req) => canned.previewTemplate(deps, actorOf(req), req.body.text, req.body.language));
  app.post('/api/conversations/:id/canned-replies/:cid/render', { schema: { tags, summary: 'A canned reply filled in for a conversation, in its language', params: RenderParams, response: { 200: RenderedReply, ...errors } } },
    async (req) => canned.renderCanned(deps, actorOf(req), req.params.id, req.params.cid));

  app.get('/api/conversations/:id/draft', { schema: { tags, summary: 'Your draft reply in a conversation', params: IdParams, response: { 200: DraftAnswer, ...errors } } },
    async (req) => ({ draft: await canned.getDraft(deps, actorOf(req), req.params.id) }));
  app.put('/api/conversations/:id/draft', { schema: { tags, summary: 'Save your draft reply (an empty text deletes it)', params: IdParams, body: DraftInput, response: { 200: DraftAnswer, ...errors } } },
    async (req) => ({ draft: await canned.saveDraft(deps, actorOf(req), req.params.id, req.body) }));
  app.delete('/api/conversations/:id/draft', { schema: { tags, summary: 'Delete your draft reply', params: IdParams, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await canned.deleteDraft(deps, actorOf(req), req.params.id); return reply.status(204).send(null); });

  app.get('/api/approvals', { schema: { tags, summary: 'Held replies (pending by default) with their conversation', querystring: ApprovalListQuery, response: { 200: ApprovalList, ...errors } } },
    async (req) => approval.listApprovals(deps, actorOf(req), req.query.status));
  app.get('/api/approvals/count', { schema: { tags, summary: 'How many replies wait for approval', response: { 200: ApprovalCount, ...errors } } },
    async (req) => ({ pending: await approval.pendingCount(deps, actorOf(req)) }));
  app.post('/api/approvals/:id/approve', { schema: { tags, summary: 'Approve a held reply (optionally with an edited text) and send it', params: IdParams, body: ApproveInput, response: { 200: Approval, ...errors } } },
    async (req) => approval.approveReply(deps, actorOf(req), req.params.id, req.body?.text));
  app.post('/api/approvals/:id/reject', { schema: { tags, summary: 'Reject a held reply with a reason for its author', params: IdParams, body: RejectInput, response: { 200: Approval, ...errors } } },
    async (req) => approval.rejectReply(deps, actorOf(req), req.params.id, req.body.reason));

  app.get('/api/approval-rules', { schema: { tags, summary: 'Approval rules', response: { 200: ApprovalRuleList, ...errors } } },
    async (req) => ({ items: await approval.listRules(deps, actorOf(req)) }));
  app.post('/api/approval-rules', { schema: { tags, summary: 'Add an approval rule', body: ApprovalRuleInput, response: { 201: ApprovalRule, ...errors } } },
    async (req, reply) => reply.status(201).send(await approval.createRule(deps, actorOf(req), req.body)));
  app.put('/api/approval-rules/:id', { schema: { tags, summary: 'Replace an approval rule', params: IdParams, body: ApprovalRuleInput, response: { 200: ApprovalRule, ...errors } } },
    async (req) => approval.updateRule(deps, actorOf(req), req.params.id, req.body));
  app.delete('/api/approval-rules/:id', { schema: { tags, summary: 'Delete an approval rule', params: IdParams, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await approval.deleteRule(deps, actorOf(req), req.params.id); return reply.status(204).send(null); });
  app.get('/api/approval-agents', { schema: { tags, summary: 'Users whose replies always need approval', response: { 200: ApprovalAgents, ...errors } } },
    async (req) => ({ userIds: await approval.listApprovalAgents(deps, actorOf(req)) }));
  app.put('/api/approval-agents/:userId', { schema: { tags, summary: 'Flag a user\'s replies as needing approval (or not)', params: UserParams, body: ApprovalAgentInput, response: { 200: ApprovalAgents, ...errors } } },
    async (req) => ({ userIds: await approval.setApprovalAgent(deps, actorOf(req), req.params.userId, req.body.needsApproval) }));

  app.get('/api/reply-settings', { schema: { tags, summary: 'CSAT settings', response: { 200: ReplySettings, ...errors } } },
    async (req) => csat.getSettings(deps, actorOf(req)));
  app.patch('/api/reply-settings', { schema: { tags, summary: 'Change the CSAT settings', body: ReplySettingsPatch, response: { 200: ReplySettings, ...errors } } },
    async (req) => csat.updateSettings(deps, actorOf(req), req.body));
  app.get('/api/conversations/:id/csat', { schema: { tags, summary: 'The CSAT surveys of a conversation and their answers', params: IdParams, response: { 200: ConversationCsat, ...errors } } },
    async (req) => csat.conversationCsat(deps, actorOf(req), req.params.id));
  app.get('/api/csat/report', { schema: { tags, summary: 'CSAT average, count and distribution per week', querystring: CsatReportQuery, response: { 200: CsatReport, ...errors } } },
    async (req) => csat.csatReport(deps, actorOf(req), req.query.weeks));

  // The customer's survey page: public, the signed token is the key. It travels in the query and body, not the path:
  // it is longer than a path parameter may be.
  app.get('/api/csat/survey', { config: { public: true }, schema: { tags, summary: 'A CSAT survey (public, by its link\'s token)', querystring: CsatTokenQuery, response: { 200: CsatSurvey, ...errors } } },
    async (req) => csat.getSurvey(deps, req.query.token));
  app.post('/api/csat/survey', { config: { public: true }, schema: { tags, summary: 'Answer a CSAT survey (changeable for 24 hours)', body: CsatAnswerInput, response: { 200: CsatSurvey, ...errors } } },
    async (req) => csat.answerSurvey(deps, req.body.token, req.body));
}
