import { Anchor, Avatar, Badge, Box, Button, Center, Grid, Group, Loader, Menu, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useCompany, useContactPages, useDeleteCompany, useNotes } from '../../api/contacts.ts';
import { useSession } from '../../api/session.tsx';
import type { Company, ContactListItem } from '../../api/types.ts';
import { confirmAction } from '../../components/confirm.tsx';
import { colorFor, formatDate, formatNumber, formatRelative, initials } from '../../components/format.ts';
import { IconBriefcase, IconChevronLeft, IconDots, IconLink, IconMapPin, IconPencil, IconPhone, IconPlus, IconTrash, IconUsers, IconWorld } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { QueryError, errorMessage } from '../../components/query-error.tsx';
import { TagList } from '../../components/tag-list.tsx';
import { VirtualTable, type Column } from '../../components/virtual-table.tsx';
import { StageBadge } from '../contacts/stage.tsx';
import { formatAddress } from '../records/describe-change.ts';
import { NoteComposer, NotesList } from '../records/notes-panel.tsx';
import { RecordTimeline } from '../records/record-timeline.tsx';
import { CommentsPanel, useLinkedTab } from '../comments/comments-panel.tsx';
import { useShell } from '../shell/shell-context.ts';
import { RecordTasks } from '../tasks/record-tasks.tsx';
import { CompanyEditForm } from './company-edit-form.tsx';
import { FollowButton } from '../activity/follow-button.tsx';

/** A company: details (editable), its people, notes, timeline and tasks. */
export function CompanyPage() {
  const { id } = useParams<{ id: string }>();
  const company = useCompany(id);
  if (company.isPending) return <Center h="60vh"><Loader size="sm" /></Center>;
  if (company.isError) return <Box p="xl"><BackLink /><QueryError error={company.error} onRetry={() => void company.refetch()} /></Box>;
  return <CompanyView company={company.data} />;
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/companies" fz="sm" c="dimmed">
      <Group gap={4}><IconChevronLeft size={14} />{t('nav.companies')}</Group>
    </Anchor>
  );
}

function Row({ icon, label, children }: { icon: React.ReactNode; label: string; children: React.ReactNode }) {
  return (
    <div className="parley-field-row">
      <Group gap={8} className="parley-field-label" wrap="nowrap">{icon}{label}</Group>
      <Box style={{ minWidth: 0 }}>{children}</Box>
    </div>
  );
}
const dash = <Text fz="sm" c="gray.4">—</Text>;

function CompanyView({ company: c }: { company: Company }) {
  const tab = useLinkedTab('activity');
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useSession();
  const { createPerson } = useShell();
  const remove = useDeleteCompany();
  const [editing, setEditing] = useState(false);
  const notes = useNotes('company', c.id);

  const del = async () => {
    if (!(await confirmAction({ title: t('companies.deleteTitle'), message: t('companies.deleteText', { name: c.name }), confirmLabel: t('common.delete'), danger: true }))) return;
    try {
      await remove.mutateAsync(c.id);
      notify({ kind: 'success', message: t('companies.deleted', { name: c.name }) });
      navigate('/companies');
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };
  const site = c.website ?? (c.domain ? `https://${c.domain}` : null);

  return (
    <Box px="lg" py="lg" maw={1440}>
      <BackLink />
      <Paper withBorder p="lg" mt="sm" shadow="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Avatar size={64} radius="lg" color={colorFor(c.name)} variant="light" fz={22}>{initials(c.name)}</Avatar>
            <Box>
              <Title order={1} fz={26} fw={700} lts={-0.3} data-testid="company-name-title">{c.name}</Title>
              <Group gap="md" mt={4}>
                {c.industry && <Text fz="sm" c="gray.7">{c.industry}</Text>}
                {site && <Anchor href={/^https?:\/\//.test(site) ? site : `https://${site}`} target="_blank" rel="noopener noreferrer" fz="sm"><Group gap={4}><IconWorld size={14} />{c.domain ?? site}</Group></Anchor>}
                <Group gap={4}><IconUsers size={14} color="var(--mantine-color-gray-6)" /><Text fz="sm" c="gray.7">{t('companies.peopleCount', { count: c.contactCount, formatted: formatNumber(c.contactCount) })}</Text></Group>
              </Group>
              {c.tags.length > 0 && <Box mt="sm"><TagList tags={c.tags} max={6} /></Box>}
            </Box>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <FollowButton type="company" id={c.id} />
            {can('companies:write') && !editing && <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>{t('common.edit')}</Button>}
            {can('companies:delete') && (
              <Menu position="bottom-end">
                <Menu.Target><Button variant="default" px={10} aria-label={t('common.actions')}><IconDots size={16} /></Button></Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => void del()}>{t('companies.delete')}</Menu.Item>
                </Menu.Dropdown>
              </Menu>
            )}
          </Group>
        </Group>
      </Paper>

      <Grid mt="md" gap="md">
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          <Stack gap="md">
            <Paper withBorder p="lg">
              {editing ? <CompanyEditForm company={c} onDone={() => setEditing(false)} /> : (
                <Stack gap={0}>
                  <Text fw={650} fz="md" mb="xs">{t('companies.details')}</Text>
                  <Row icon={<IconWorld size={15} />} label={t('companies.field.domain')}>{c.domain ? <Text fz="sm">{c.domain}</Text> : dash}</Row>
                  <Row icon={<IconLink size={15} />} label={t('companies.field.website')}>{c.website ? <Anchor href={/^https?:\/\//.test(c.website) ? c.website : `https://${c.website}`} target="_blank" rel="noopener noreferrer" fz="sm" truncate display="block">{c.website}</Anchor> : dash}</Row>
                  <Row icon={<IconPhone size={15} />} label={t('companies.field.phone')}>{c.phone ? <Anchor href={`tel:${c.phone}`} fz="sm">{c.phone}</Anchor> : dash}</Row>
                  <Row icon={<IconBriefcase size={15} />} label={t('companies.field.industry')}>{c.industry ? <Text fz="sm">{c.industry}</Text> : dash}</Row>
                  <Row icon={<IconUsers size={15} />} label={t('companies.field.size')}>{c.size ? <Text fz="sm">{c.size}</Text> : dash}</Row>
                  <Row icon={<IconMapPin size={15} />} label={t('fields.addresses')}>
                    {c.addresses.length ? c.addresses.map((a, i) => <Text key={i} fz="sm">{formatAddress(a)}</Text>) : dash}
                  </Row>
                </Stack>
              )}
            </Paper>
            <Text fz="xs" c="dimmed" px="xs">{t('person.createdUpdated', { created: formatDate(c.createdAt), updated: formatRelative(c.updatedAt) })}</Text>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          <Stack gap="md">
            <Paper withBorder p="lg">
              <Group justify="space-between" mb="sm">
                <Text fw={650}>{t('companies.people')} <Text span c="dimmed" fw={500}>{formatNumber(c.contactCount)}</Text></Text>
                {can('contacts:write') && <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => createPerson({ companyId: c.id, companyName: c.name })}>{t('companies.addPerson')}</Button>}
              </Group>
              <CompanyPeople companyId={c.id} />
            </Paper>
            {can('notes:write') && <NoteComposer kind="company" id={c.id} />}
            <Paper withBorder p="lg">
              <Tabs key={tab.key} defaultValue={tab.value} keepMounted={false}>
                <Tabs.List mb="md">
                  <Tabs.Tab value="activity">{t('person.tabs.activity')}</Tabs.Tab>
                  <Tabs.Tab value="notes" rightSection={notes.data?.length ? <Badge size="xs" variant="light" circle>{notes.data.length}</Badge> : null}>{t('person.tabs.notes')}</Tabs.Tab>
                  <Tabs.Tab value="tasks">{t('nav.tasks')}</Tabs.Tab>
                  <Tabs.Tab value="comments" data-testid="comments-tab">{t('comments.tab')}</Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="activity"><RecordTimeline kind="company" id={c.id} /></Tabs.Panel>
                <Tabs.Panel value="notes"><NotesList kind="company" id={c.id} /></Tabs.Panel>
                <Tabs.Panel value="tasks"><RecordTasks recordType="company" recordId={c.id} /></Tabs.Panel>
                <Tabs.Panel value="comments"><CommentsPanel recordType="company" recordId={c.id} /></Tabs.Panel>
              </Tabs>
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
    </Box>
  );
}

function CompanyPeople({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const params = useMemo(() => new URLSearchParams({ companyId, sort: 'name' }), [companyId]);
  const pages = useContactPages(params, 50);
  const rows = useMemo(() => pages.data?.pages.flatMap((p) => p.items) ?? [], [pages.data]);
  const columns: Column<ContactListItem>[] = [
    {
      key: 'name', header: t('people.col.name'), width: 'minmax(200px, 2fr)',
      render: (c) => (
        <Group gap={8} wrap="nowrap">
          <Avatar size={26} radius="xl" color={colorFor(c.displayName)} variant="light">{initials(c.displayName)}</Avatar>
          <Box style={{ minWidth: 0 }}>
            <Text fz="sm" fw={600} truncate>{c.displayName}</Text>
          </Box>
        </Group>
      ),
    },
    { key: 'job', header: t('fields.jobTitle'), width: 'minmax(140px, 1.4fr)', render: (c) => <Text fz="sm" truncate>{c.jobTitle ?? ''}</Text> },
    { key: 'email', header: t('people.col.email'), width: 'minmax(180px, 1.6fr)', render: (c) => <Text fz="sm" truncate>{c.email ?? ''}</Text> },
    { key: 'stage', header: t('people.col.stageShort'), width: '150px', render: (c) => <StageBadge stage={c.lifecycleStage} /> },
  ];
  if (pages.isError) return <QueryError error={pages.error} />;
  if (!pages.isPending && !rows.length) return <Text fz="sm" c="dimmed" py="md">{t('companies.noPeople')}</Text>;
  return (
    <Box h={Math.min(44 * Math.max(pages.isPending ? 3 : rows.length, 1) + 40, 360)} style={{ border: '1px solid var(--parley-border)', borderRadius: 'var(--mantine-radius-md)', overflow: 'hidden', display: 'flex', flexDirection: 'column' }}>
      <VirtualTable
        rows={rows}
        columns={columns}
        rowKey={(c) => c.id}
        rowHeight={44}
        minWidth={640}
        onOpen={(c) => navigate(`/people/${c.id}`)}
        hasMore={pages.hasNextPage}
        loadMore={() => void pages.fetchNextPage()}
        loadingMore={pages.isFetchingNextPage}
        loading={pages.isPending}
        label={t('companies.people')}
        testId="company-people"
      />
    </Box>
  );
}
