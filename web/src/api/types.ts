import type { z } from 'zod';
import type * as C from '@parley/contracts/contacts';
import type * as W from '@parley/contracts/workspace';
import type * as Common from '@parley/contracts/common';
import type * as T from '@parley/contracts/tasks';
import type * as I from '@parley/contracts/imports';
import type * as S from '@parley/contracts/search';
import type * as Settings from '@parley/contracts/settings';

// Types of the API, inferred from the zod contracts the server validates with.
export type SessionInfo = z.infer<typeof W.SessionInfo>;
export type SessionUser = z.infer<typeof W.SessionUser>;
export type LoginBody = z.input<typeof W.LoginBody>;
export type UpdateMeBody = z.infer<typeof W.UpdateMeBody>;
export type Language = z.infer<typeof Common.Language>;
export type UserRef = z.infer<typeof Common.UserRef>;
export type Role = z.infer<typeof Common.Role>;

export type LifecycleStage = z.infer<typeof C.LifecycleStage>;
export type EmailEntry = z.infer<typeof C.EmailEntry>;
export type PhoneEntry = z.infer<typeof C.PhoneEntry>;
export type AddressEntry = z.infer<typeof C.AddressEntry>;
export type ContactInput = z.input<typeof C.ContactInput>;
export type ContactPatch = z.input<typeof C.ContactPatch>;
export type ContactListItem = z.infer<typeof C.ContactListItem>;
export type Contact = z.infer<typeof C.Contact>;
export type ContactPage = z.infer<typeof C.ContactPage>;
export type ContactCount = z.infer<typeof C.ContactCount>;
export type ContactSort = (typeof C.CONTACT_SORTS)[number];
export type Company = z.infer<typeof C.Company>;
export type CompanyInput = z.input<typeof C.CompanyInput>;
export type CompanyPatch = z.input<typeof C.CompanyPatch>;
export type CompanyPage = z.infer<typeof C.CompanyPage>;
export type Note = z.infer<typeof C.Note>;
export type TimelineEntry = z.infer<typeof C.TimelineEntry>;
export type TimelinePage = z.infer<typeof C.TimelinePage>;
export type CustomField = z.infer<typeof C.CustomField>;
export type CustomFieldType = z.infer<typeof C.CustomFieldType>;

export type Task = z.infer<typeof T.Task>;
export type TaskInput = z.input<typeof T.TaskInput>;
export type TaskPatch = z.input<typeof T.TaskPatch>;
export type TaskPage = z.infer<typeof T.TaskPage>;
export type TaskListQuery = z.input<typeof T.TaskListQuery>;
export type TaskCounts = z.infer<typeof T.TaskCounts>;
export type TaskStatus = z.infer<typeof T.TaskStatus>;

export type Import = z.infer<typeof I.Import>;
export type ImportColumn = z.infer<typeof I.ImportColumn>;
export type ImportUploadResult = z.infer<typeof I.ImportUploadResult>;
export type ImportPreview = z.infer<typeof I.ImportPreview>;
export type ImportPreviewRow = z.infer<typeof I.ImportPreviewRow>;
export type ImportStartBody = z.input<typeof I.ImportStartBody>;
export type ImportErrorPage = z.infer<typeof I.ImportErrorPage>;
export type ImportList = z.infer<typeof I.ImportList>;

export type SearchResult = z.infer<typeof S.SearchResult>;
export type SearchHit = z.infer<typeof S.SearchHit>;

export type User = z.infer<typeof Settings.User>;
export type UserList = z.infer<typeof Settings.UserList>;
export type InviteBody = z.infer<typeof Settings.InviteBody>;
export type InviteResult = z.infer<typeof Settings.InviteResult>;
export type AcceptInviteBody = z.input<typeof Settings.AcceptInviteBody>;
export type AcceptInviteResult = z.infer<typeof Settings.AcceptInviteResult>;
export type UserPatch = z.infer<typeof Settings.UserPatch>;
export type Team = z.infer<typeof Settings.Team>;
export type TeamInput = z.infer<typeof Settings.TeamInput>;
export type TeamPatch = z.infer<typeof Settings.TeamPatch>;
export type ApiToken = z.infer<typeof Settings.ApiToken>;
export type ApiTokenCreated = z.infer<typeof Settings.ApiTokenCreated>;
export type AuditEntry = z.infer<typeof Settings.AuditEntry>;
export type AuditPage = z.infer<typeof Settings.AuditPage>;
export type AuditQuery = z.input<typeof Settings.AuditQuery>;
export type CustomFieldInput = z.input<typeof C.CustomFieldInput>;
export type CustomFieldPatch = z.input<typeof C.CustomFieldPatch>;
export type Webhook = z.infer<typeof Settings.Webhook>;
export type WebhookCreated = z.infer<typeof Settings.WebhookCreated>;
export type WebhookInput = z.input<typeof Settings.WebhookInput>;
export type WebhookPatch = z.input<typeof Settings.WebhookPatch>;
export type WebhookDelivery = z.infer<typeof Settings.WebhookDelivery>;
export type WebhookDeliveryPage = z.infer<typeof Settings.WebhookDeliveryPage>;

export type DuplicateCandidate = z.infer<typeof C.DuplicateCandidate>;
export type DuplicateList = z.infer<typeof C.DuplicateList>;
export type MergeBody = z.infer<typeof C.MergeBody>;
export type MergePreview = z.infer<typeof C.MergePreview>;
export type MergeResult = z.infer<typeof C.MergeResult>;
export type MergeField = (typeof C.MERGE_FIELDS)[number];
