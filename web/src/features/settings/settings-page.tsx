import { Box, Grid, NavLink, Paper, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink as RouterNavLink, Route, Routes, useLocation } from 'react-router';
import { useSession } from '../../api/session.tsx';
import { IconClock, IconForms, IconHistory, IconKey, IconLink, IconShield, IconTag, IconTeam, IconUser, IconUsers, IconWebhook } from '../../components/icons.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ConsentPurposesSettings } from '../consent/consent-purposes-settings.tsx';
import { RetentionSettings } from '../privacy/retention-settings.tsx';
import { AuditSettings } from './audit-settings.tsx';
import { CannedRepliesSettings } from '../replies/canned-replies-settings.tsx';
import { ApprovalSettings } from '../replies/approval-settings.tsx';
import { CsatSettings } from '../replies/csat-settings.tsx';
import { SignOnSettings } from './sign-on-settings.tsx';
import { CustomFieldsSettings } from './custom-fields-settings.tsx';
import { ProfileSettings } from './profile-settings.tsx';
import { TeamsSettings } from './teams-settings.tsx';
import { TokensSettings } from './tokens-settings.tsx';
import { UsersSettings } from './users-settings.tsx';
import { WebhooksSettings } from './webhooks-settings.tsx';
import { BusinessHoursSettings } from '../sla/business-hours-settings.tsx';
import { SlaPoliciesSettings } from '../sla/sla-policies-settings.tsx';
import { RoutingIcon, RoutingRulesSettings } from '../routing/rules-settings.tsx';
import { AgentsSettings } from '../routing/agents-settings.tsx';
import { OrganizeSettings } from '../inbox-views/organize-settings.tsx';
import { IntakeSettings } from '../email/intake-settings.tsx';
import { NotificationSettings } from '../notifications/notification-settings.tsx';

interface Section {
  path: string;
  label: string;
  icon: ReactNode;
  ability?: string;
  element: ReactNode;
}

/** Settings: the user's own profile, and for those allowed users, teams, custom fields, API tokens, webhooks and the audit log. */
export function SettingsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const location = useLocation();
  const sections: Section[] = [
    { path: 'profile', label: t('settings.profile.title'), icon: <IconUser size={16} />, element: <ProfileSettings /> },
    { path: 'notifications', label: t('notifications.settings.title'), icon: <IconClock size={16} />, element: <NotificationSettings /> },
    { path: 'users', label: t('settings.users.title'), icon: <IconUsers size={16} />, ability: 'users:manage', element: <UsersSettings /> },
    { path: 'teams', label: t('settings.teams.title'), icon: <IconTeam size={16} />, ability: 'teams:manage', element: <TeamsSettings /> },
    { path: 'routing', label: t('routing.rules.title'), icon: <RoutingIcon size={16} />, ability: 'routing:manage', element: <RoutingRulesSettings /> },
    { path: 'agents', label: t('routing.agents.title'), icon: <IconUsers size={16} />, ability: 'routing:manage', element: <AgentsSettings /> },
    { path: 'fields', label: t('settings.fields.title'), icon: <IconForms size={16} />, ability: 'custom_fields:manage', element: <CustomFieldsSettings /> },
    { path: 'tokens', label: t('settings.tokens.title'), icon: <IconKey size={16} />, ability: 'tokens:manage', element: <TokensSettings /> },
    { path: 'webhooks', label: t('settings.webhooks.title'), icon: <IconWebhook size={16} />, ability: 'webhooks:manage', element: <WebhooksSettings /> },
    { path: 'consent', label: t('settings.consent.title'), icon: <IconShield size={16} />, ability: 'consent_purposes:manage', element: <ConsentPurposesSettings /> },
    { path: 'sign-on', label: t('settings.signOn.title'), icon: <IconLink size={16} />, ability: 'sign_on:manage', element: <SignOnSettings /> },
    { path: 'retention', label: t('privacy.retention.title'), icon: <IconClock size={16} />, ability: 'retention:manage', element: <RetentionSettings /> },
    { path: 'business-hours', label: t('sla.hours.title'), icon: <IconClock size={16} />, ability: 'sla:read', element: <BusinessHoursSettings /> },
    { path: 'sla', label: t('sla.policies.title'), icon: <IconClock size={16} />, ability: 'sla:read', element: <SlaPoliciesSettings /> },
    { path: 'inbox-organize', label: t('organize.settings.title'), icon: <IconTag size={16} />, ability: 'inbox_settings:manage', element: <OrganizeSettings /> },
    { path: 'canned-replies', label: t('replies.canned.title'), icon: <IconForms size={16} />, ability: 'canned_replies:read', element: <CannedRepliesSettings /> },
    { path: 'approval-rules', label: t('replies.rules.title'), icon: <IconShield size={16} />, ability: 'replies:settings', element: <ApprovalSettings /> },
    { path: 'csat', label: t('replies.csat.title'), icon: <IconHistory size={16} />, ability: 'csat:read', element: <CsatSettings /> },
    { path: 'mail-polling', label: t('email.nav'), icon: <IconWebhook size={16} />, ability: 'channels:manage', element: <IntakeSettings /> },
    { path: 'audit', label: t('settings.audit.title'), icon: <IconHistory size={16} />, ability: 'audit:read', element: <AuditSettings /> },
  ].filter((s) => !s.ability || can(s.ability));

  return (
    <Box pb="xl" maw={1440}>
      <PageHeader title={t('nav.settings')} />
      <Grid gap="lg" px="lg">
        <Grid.Col span={{ base: 12, md: 3, lg: 2.5 }}>
          <Paper withBorder p={6}>
            <Stack gap={2} component="nav" aria-label={t('nav.settings')}>
              {sections.map((s) => (
                <NavLink
                  key={s.path}
                  component={RouterNavLink}
                  to={`/settings/${s.path}`}
                  label={s.label}
                  leftSection={s.icon}
                  className="parley-nav-link"
                  active={location.pathname === `/settings/${s.path}`}
                />
              ))}
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9, lg: 9.5 }}>
          <Routes>
            <Route index element={<Navigate to={sections.length > 1 ? sections[1]!.path : 'profile'} replace />} />
            {sections.map((s) => <Route key={s.path} path={s.path} element={s.element} />)}
            <Route path="*" element={<Navigate to="profile" replace />} />
          </Routes>
        </Grid.Col>
      </Grid>
    </Box>
  );
}
