import { Anchor, Avatar, Badge, Box, Button, Center, Grid, Group, Loader, Menu, Paper, Stack, Tabs, Text, Title, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useContact, useCustomFields, useDeleteContact, useNotes, useUpdateContact } from '../../api/contacts.ts';
import { useSession } from '../../api/session.tsx';
import type { Contact, LifecycleStage } from '../../api/types.ts';
import { useUsers } from '../../api/users.ts';
import { confirmAction } from '../../components/confirm.tsx';
import { colorFor, formatDate, formatRelative, initials } from '../../components/format.ts';
import { IconBriefcase, IconBuilding, IconCake, IconChevronDown, IconChevronLeft, IconDots, IconLanguage, IconLink, IconMail, IconMapPin, IconPencil, IconPhone, IconTrash } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { QueryError, errorMessage } from '../../components/query-error.tsx';
import { TagList } from '../../components/tag-list.tsx';
import { CustomFieldValue, useFieldLabel } from '../records/custom-fields.tsx';
import { formatAddress } from '../records/describe-change.ts';
import { NoteComposer, NotesList } from '../records/notes-panel.tsx';
import { RecordTimeline } from '../records/record-timeline.tsx';
import { CommentsPanel, useLinkedTab } from '../comments/comments-panel.tsx';
import { RecordTasks } from '../tasks/record-tasks.tsx';
import { IdentitiesPanel } from '../identities/identities-panel.tsx';
import { ErasePersonModal, PersonPrivacyItems, usePrivacyActions } from '../privacy/person-privacy.tsx';
import { ConsentPanel } from '../consent/consent-panel.tsx';
import { PersonEditForm } from './person-edit-form.tsx';
import { FollowButton } from '../activity/follow-button.tsx';
import { LIFECYCLE_STAGES, STAGE_COLORS } from './lifecycle.ts';
import { StageBadge } from './stage.tsx';

/** A person: header, contact details (editable), custom fields, notes, timeline and tasks. */
export function PersonPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const contact = useContact(id);
  if (contact.isPending) return <Center h="60vh"><Loader size="sm" /></Center>;
  if (contact.isError) {
    return (
      <Box p="xl">
        <BackLink />
        <QueryError error={contact.error} onRetry={() => void contact.refetch()} />
      </Box>
    );
  }
  if (contact.data.mergedInto) {
    return (
      <Box p="xl">
        <BackLink />
        <Paper withBorder p="xl" mt="md">
          <Text>{t('person.mergedInto')}</Text>
          <Button component={Link} to={`/people/${contact.data.mergedInto}`} mt="md">{t('person.openMerged')}</Button>
        </Paper>
      </Box>
    );
  }
  return <PersonView contact={contact.data} />;
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/people" fz="sm" c="dimmed">
      <Group gap={4}><IconChevronLeft size={14} />{t('nav.people')}</Group>
    </Anchor>
  );
}

function PersonView({ contact: c }: { contact: Contact }) {
  const tab = useLinkedTab('activity');
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can, session } = useSession();
  const { byId } = useUsers();
  const update = useUpdateContact(c.id);
  const remove = useDeleteContact();
  const [editing, setEditing] = useState(false);
  const [erasing, setErasing] = useState(false);
  const privacy = usePrivacyActions();
  const notes = useNotes('contact', c.id);
  const owner = c.ownerId ? byId.get(c.ownerId)?.name ?? t('people.otherUser') : null;

  const setStage = async (stage: LifecycleStage) => {
    try {
      await update.mutateAsync({ lifecycleStage: stage });
      notify({ kind: 'success', message: t('person.stageChanged', { stage: t(`stage.${stage}`) }) });
    } catch (err) {
      notify({ kind: 'error', title: t('errors.saveFailed'), message: errorMessage(err, t) });
    }
  };
  const del = async () => {
    const ok = await confirmAction({ title: t('person.deleteTitle'), message: t('person.deleteText', { name: c.displayName }), confirmLabel: t('common.delete'), danger: true });
    if (!ok) return;
    try {
      await remove.mutateAsync(c.id);
      notify({ kind: 'success', message: t('person.deleted', { name: c.displayName }) });
      navigate('/people');
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <Box px="lg" py="lg" maw={1440}>
      <BackLink />
      <Paper withBorder p="lg" mt="sm" shadow="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Group gap="lg" wrap="nowrap" align="center">
            <Avatar size={64} radius="xl" color={colorFor(c.displayName)} variant="light" fz={22}>{initials(c.displayName)}</Avatar>
            <Box>
              <Title order={1} fz={26} fw={700} lts={-0.3} data-testid="person-name">{c.displayName}</Title>
              <Group gap={6} mt={4} c="dimmed" fz="sm">
                {c.jobTitle && <Text fz="sm" c="gray.7">{c.jobTitle}</Text>}
                {c.jobTitle && c.company && <Text fz="sm" c="dimmed">{t('person.at')}</Text>}
                {c.company && (
                  <Anchor component={Link} to={`/companies/${c.company.id}`} fz="sm" fw={500}>
                    <Group gap={4}><IconBuilding size={14} />{c.company.name}</Group>
                  </Anchor>
                )}
              </Group>
              <Group gap="md" mt="sm">
                {can('contacts:write') ? (
                  <Menu position="bottom-start">
                    <Menu.Target>
                      <UnstyledButton aria-label={t('people.field.stage')} data-testid="stage-menu">
                        <Group gap={4}>
                          {c.lifecycleStage ? <StageBadge stage={c.lifecycleStage} size="md" /> : <Badge variant="outline" color="gray" size="md" style={{ textTransform: 'none' }}>{t('person.setStage')}</Badge>}
                          <IconChevronDown size={14} color="var(--mantine-color-gray-5)" />
                        </Group>
                      </UnstyledButton>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Label>{t('people.field.stage')}</Menu.Label>
                      {LIFECYCLE_STAGES.map((s) => (
                        <Menu.Item key={s} onClick={() => void setStage(s)} leftSection={<Box w={8} h={8} style={{ borderRadius: 8, background: `var(--mantine-color-${STAGE_COLORS[s]}-6)` }} />} fw={s === c.lifecycleStage ? 700 : 400}>
                          {t(`stage.${s}`)}
                        </Menu.Item>
                      ))}
                    </Menu.Dropdown>
                  </Menu>
                ) : <StageBadge stage={c.lifecycleStage} size="md" />}
                {owner && (
                  <Group gap={6}>
                    <Avatar size={20} radius="xl" color={colorFor(owner)}>{initials(owner)}</Avatar>
                    <Text fz="sm" c="gray.7">{c.ownerId === session.user.id ? t('people.me') : owner}</Text>
                  </Group>
                )}
                {c.tags.length > 0 && <TagList tags={c.tags} max={6} />}
              </Group>
            </Box>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <FollowButton type="contact" id={c.id} />
            {can('contacts:write') && !editing && (
              <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)} data-testid="edit-person">{t('common.edit')}</Button>
            )}
            {(can('contacts:delete') || privacy) && (
              <Menu position="bottom-end">
                <Menu.Target>
                  <Button variant="default" px={10} aria-label={t('common.actions')} data-testid="person-actions"><IconDots size={16} /></Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <PersonPrivacyItems contact={c} onErase={() => setErasing(true)} />
                  {privacy && can('contacts:delete') && <Menu.Divider />}
                  {can('contacts:delete') && <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => void del()}>{t('person.delete')}</Menu.Item>}
                </Menu.Dropdown>
              </Menu>
            )}
            <ErasePersonModal contact={c} opened={erasing} onClose={() => setErasing(false)} />
          </Group>
        </Group>
      </Paper>

      <Grid mt="md" gap="md">
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          <Stack gap="md">
            <Paper withBorder p="lg">
              {editing ? (
                <PersonEditForm contact={c} onDone={() => setEditing(false)} />
              ) : (
                <PersonDetails contact={c} />
              )}
            </Paper>
            {!editing && <CustomFieldsCard contact={c} />}
            <IdentitiesPanel contact={c} />
            {can('consent:read') && <ConsentPanel contactId={c.id} />}
            <Text fz="xs" c="dimmed" px="xs">
              {t('person.createdUpdated', { created: formatDate(c.createdAt), updated: formatRelative(c.updatedAt) })}
            </Text>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          <Stack gap="md">
            {can('notes:write') && <NoteComposer kind="contact" id={c.id} />}
            <Paper withBorder p="lg">
              {/* A link to one note or comment (#note-<id>, #comment-<id>: notifications, search) opens its tab. */}
              <Tabs key={tab.key} defaultValue={tab.value} keepMounted={false}>
                <Tabs.List mb="md">
                  <Tabs.Tab value="activity">{t('person.tabs.activity')}</Tabs.Tab>
                  <Tabs.Tab value="notes" rightSection={notes.data?.length ? <Badge size="xs" variant="light" circle>{notes.data.length}</Badge> : null}>{t('person.tabs.notes')}</Tabs.Tab>
                  <Tabs.Tab value="tasks">{t('nav.tasks')}</Tabs.Tab>
                  <Tabs.Tab value="comments" data-testid="comments-tab">{t('comments.tab')}</Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="activity"><RecordTimeline kind="contact" id={c.id} /></Tabs.Panel>
                <Tabs.Panel value="notes"><NotesList kind="contact" id={c.id} /></Tabs.Panel>
                <Tabs.Panel value="tasks"><RecordTasks recordType="contact" recordId={c.id} /></Tabs.Panel>
                <Tabs.Panel value="comments"><CommentsPanel recordType="contact" recordId={c.id} /></Tabs.Panel>
              </Tabs>
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
    </Box>
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

function PersonDetails({ contact: c }: { contact: Contact }) {
  const { t } = useTranslation();
  return (
    <Stack gap={0}>
      <Text fw={650} fz="md" mb="xs">{t('person.details')}</Text>
      <Row icon={<IconMail size={15} />} label={t('fields.emails')}>
        {c.emails.length ? c.emails.map((e) => (
          <Group key={e.value} gap={6} wrap="nowrap">
            <Anchor href={`mailto:${e.value}`} fz="sm" truncate>{e.value}</Anchor>
            {e.label && <Text fz="xs" c="dimmed">{e.label}</Text>}
          </Group>
        )) : dash}
      </Row>
      <Row icon={<IconPhone size={15} />} label={t('fields.phones')}>
        {c.phones.length ? c.phones.map((p, i) => (
          <Group key={i} gap={6} wrap="nowrap">
            <Anchor href={`tel:${p.e164 ?? p.value}`} fz="sm">{p.value}</Anchor>
            {p.label && <Text fz="xs" c="dimmed">{p.label}</Text>}
          </Group>
        )) : dash}
      </Row>
      <Row icon={<IconMapPin size={15} />} label={t('fields.addresses')}>
        {c.addresses.length ? c.addresses.map((a, i) => (
          <Box key={i} mb={4}>
            <Text fz="sm">{formatAddress(a)}</Text>
            {a.label && <Text fz="xs" c="dimmed">{a.label}</Text>}
          </Box>
        )) : dash}
      </Row>
      <Row icon={<IconBriefcase size={15} />} label={t('fields.jobTitle')}>{c.jobTitle ? <Text fz="sm">{c.jobTitle}</Text> : dash}</Row>
      <Row icon={<IconBuilding size={15} />} label={t('fields.company')}>
        {c.company ? <Anchor component={Link} to={`/companies/${c.company.id}`} fz="sm">{c.company.name}</Anchor> : dash}
      </Row>
      <Row icon={<IconLink size={15} />} label={t('fields.website')}>
        {c.website ? <Anchor href={/^https?:\/\//.test(c.website) ? c.website : `https://${c.website}`} target="_blank" rel="noopener noreferrer" fz="sm" truncate display="block">{c.website}</Anchor> : dash}
      </Row>
      <Row icon={<IconCake size={15} />} label={t('fields.birthday')}>{c.birthday ? <Text fz="sm">{formatDate(c.birthday)}</Text> : dash}</Row>
      <Row icon={<IconLanguage size={15} />} label={t('fields.language')}>{c.language ? <Text fz="sm">{c.language === 'de' ? 'Deutsch' : 'English'}</Text> : dash}</Row>
    </Stack>
  );
}

function CustomFieldsCard({ contact: c }: { contact: Contact }) {
  const { t } = useTranslation();
  const fields = useCustomFields('contact');
  const label = useFieldLabel();
  const defs = fields.data ?? [];
  const unknownKeys = Object.keys(c.custom).filter((k) => !defs.some((d) => d.key === k));
  if (!defs.length && !unknownKeys.length) return null;
  return (
    <Paper withBorder p="lg">
      <Text fw={650} fz="md" mb="xs">{t('person.customFields')}</Text>
      {defs.map((d) => (
        <Row key={d.key} icon={null} label={label(d)}>
          <CustomFieldValue def={d} value={c.custom[d.key]} />
        </Row>
      ))}
      {unknownKeys.map((k) => (
        <Row key={k} icon={null} label={k}><Text fz="sm">{String(c.custom[k])}</Text></Row>
      ))}
    </Paper>
  );
}
