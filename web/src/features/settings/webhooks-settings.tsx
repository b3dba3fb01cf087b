import { ActionIcon, Anchor, Badge, Button, Center, Drawer, Group, Loader, Menu, Modal, MultiSelect, Stack, Switch, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { EVENT_TYPES } from '@parley/contracts/events';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/client.ts';
import { useDeliveries, useWebhookMutations, useWebhooks } from '../../api/settings.ts';
import type { Webhook, WebhookCreated, WebhookDelivery, WebhookInput } from '../../api/types.ts';
import { confirmAction } from '../../components/confirm.tsx';
import { formatDateTime, formatRelative } from '../../components/format.ts';
import { IconDots, IconPlus, IconUndo, IconWebhook } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { QueryError, errorMessage } from '../../components/query-error.tsx';
import { SettingsSection, ShownOnce } from './section.tsx';

type WebhookEvent = WebhookInput['eventTypes'][number];
const DELIVERY_COLORS: Record<WebhookDelivery['status'], string> = { pending: 'gray', delivered: 'teal', retrying: 'orange', failed: 'red' };

/** Outbound webhooks: subscribe URLs to events, see the delivery log, test and redeliver. */
export function WebhooksSettings() {
  const { t } = useTranslation();
  const hooks = useWebhooks();
  const m = useWebhookMutations();
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const [log, setLog] = useState<Webhook | null>(null);

  const run = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      notify({ kind: 'success', message: ok });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };
  const del = async (w: Webhook) => {
    if (!(await confirmAction({ title: t('settings.webhooks.deleteTitle'), message: t('settings.webhooks.deleteText', { url: w.url }), confirmLabel: t('common.delete'), danger: true }))) return;
    await run(() => m.remove.mutateAsync(w.id), t('settings.webhooks.deleted'));
  };

  return (
    <SettingsSection
      title={t('settings.webhooks.title')}
      description={t('settings.webhooks.description')}
      actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>{t('settings.webhooks.new')}</Button>}
    >
      {hooks.isError ? <QueryError error={hooks.error} /> : hooks.data?.length === 0 ? (
        <Stack align="center" py="xl" c="dimmed" gap={6}><IconWebhook size={28} /><Text fz="sm">{t('settings.webhooks.empty')}</Text></Stack>
      ) : (
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.webhooks.url')}</Table.Th>
              <Table.Th>{t('settings.webhooks.events')}</Table.Th>
              <Table.Th w={110}>{t('settings.webhooks.active')}</Table.Th>
              <Table.Th w={50} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(hooks.data ?? []).map((w) => (
              <Table.Tr key={w.id}>
                <Table.Td><Anchor component="button" fz="sm" fw={500} onClick={() => setLog(w)} style={{ wordBreak: 'break-all', textAlign: 'left' }}>{w.url}</Anchor></Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {w.eventTypes.slice(0, 4).map((e) => <Badge key={e} size="sm" variant="outline" color="gray" style={{ textTransform: 'none' }}>{e === '*' ? t('settings.webhooks.allEvents') : e}</Badge>)}
                    {w.eventTypes.length > 4 && <Badge size="sm" variant="light" color="gray">+{w.eventTypes.length - 4}</Badge>}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Switch checked={w.active} onChange={(e) => void run(() => m.update.mutateAsync({ id: w.id, patch: { active: e.currentTarget.checked } }), t('settings.saved'))} aria-label={t('settings.webhooks.active')} />
                </Table.Td>
                <Table.Td>
                  <Menu position="bottom-end">
                    <Menu.Target><ActionIcon variant="subtle" color="gray" aria-label={t('common.actions')}><IconDots size={16} /></ActionIcon></Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => setLog(w)}>{t('settings.webhooks.log')}</Menu.Item>
                      <Menu.Item onClick={() => void run(() => m.test.mutateAsync(w.id), t('settings.webhooks.testSent'))}>{t('settings.webhooks.test')}</Menu.Item>
                      <Menu.Item onClick={() => setEditing(w)}>{t('common.edit')}</Menu.Item>
                      <Menu.Item color="red" onClick={() => void del(w)}>{t('common.delete')}</Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && <WebhookModal hook={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
      {log && <DeliveryLog hook={log} onClose={() => setLog(null)} />}
    </SettingsSection>
  );
}

function WebhookModal({ hook, onClose }: { hook?: Webhook; onClose: () => void }) {
  const { t } = useTranslation();
  const m = useWebhookMutations();
  const [url, setUrl] = useState(hook?.url ?? 'https://');
  const [events, setEvents] = useState<string[]>(hook?.eventTypes ?? ['*']);
  const [active, setActive] = useState(hook?.active ?? true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<WebhookCreated | null>(null);
  const data = [{ value: '*', label: t('settings.webhooks.allEvents') }, ...EVENT_TYPES.map((e) => ({ value: e, label: e }))];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const eventTypes = (events.includes('*') ? ['*'] : events) as WebhookEvent[];
    try {
      if (hook) {
        await m.update.mutateAsync({ id: hook.id, patch: { url: url.trim(), eventTypes, active } });
        notify({ kind: 'success', message: t('settings.saved') });
        onClose();
      } else {
        setCreated(await m.create.mutateAsync({ url: url.trim(), eventTypes, active }));
      }
    } catch (err) {
      const fe = fieldErrors(err);
      setErrors(fe);
      if (!Object.keys(fe).length) notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <Modal opened onClose={onClose} title={<Text fw={700} fz="lg">{hook ? t('settings.webhooks.editTitle') : t('settings.webhooks.new')}</Text>} size={600} closeOnClickOutside={!created}>
      {created ? (
        <Stack>
          <ShownOnce label={t('settings.webhooks.secret')} value={created.secret} hint={t('settings.webhooks.secretHint')} />
          <Group justify="flex-end"><Button onClick={onClose}>{t('common.done')}</Button></Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <TextInput label={t('settings.webhooks.url')} value={url} onChange={(e) => setUrl(e.currentTarget.value)} error={errors.url} required data-autofocus />
            <MultiSelect
              label={t('settings.webhooks.events')}
              data={data}
              value={events}
              onChange={(v) => setEvents(v.includes('*') && !events.includes('*') ? ['*'] : v.filter((x) => x !== '*' || v.length === 1))}
              searchable
              error={errors.eventTypes}
              description={t('settings.webhooks.eventsHint')}
            />
            <Switch label={t('settings.webhooks.active')} checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
            <Group justify="flex-end" mt="sm">
              <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
              <Button type="submit" loading={m.create.isPending || m.update.isPending} disabled={!events.length}>{t('common.save')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function DeliveryLog({ hook, onClose }: { hook: Webhook; onClose: () => void }) {
  const { t } = useTranslation();
  const log = useDeliveries(hook.id);
  const m = useWebhookMutations();
  const list = log.data?.pages.flatMap((p) => p.items) ?? [];
  const run = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      notify({ kind: 'success', message: ok });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };
  return (
    <Drawer opened onClose={onClose} position="right" size={720} title={<Stack gap={0}><Text fw={700}>{t('settings.webhooks.log')}</Text><Text fz="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>{hook.url}</Text></Stack>}>
      <Group justify="flex-end" mb="sm">
        <Button size="xs" variant="light" onClick={() => void run(() => m.test.mutateAsync(hook.id), t('settings.webhooks.testSent'))} loading={m.test.isPending}>{t('settings.webhooks.test')}</Button>
      </Group>
      {log.isPending ? <Center p="lg"><Loader size="sm" /></Center> : log.isError ? <QueryError error={log.error} /> : list.length === 0 ? (
        <Text c="dimmed" fz="sm" ta="center" py="xl">{t('settings.webhooks.noDeliveries')}</Text>
      ) : (
        <Table verticalSpacing="xs" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.webhooks.event')}</Table.Th>
              <Table.Th>{t('settings.users.status')}</Table.Th>
              <Table.Th>{t('settings.webhooks.response')}</Table.Th>
              <Table.Th>{t('settings.webhooks.when')}</Table.Th>
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td><Text fz="xs" ff="monospace">{d.eventType}</Text></Table.Td>
                <Table.Td>
                  <Tooltip label={d.nextRetryAt ? t('settings.webhooks.nextRetry', { date: formatDateTime(d.nextRetryAt) }) : t('settings.webhooks.attempts', { count: d.attempts })}>
                    <Badge size="sm" variant="light" color={DELIVERY_COLORS[d.status]} style={{ textTransform: 'none' }}>{t(`settings.webhooks.status.${d.status}`)}</Badge>
                  </Tooltip>
                </Table.Td>
                <Table.Td>
                  <Text fz="xs">{d.responseCode ?? '—'}</Text>
                  {d.error && <Text fz="xs" c="red" lineClamp={2} title={d.error}>{d.error}</Text>}
                </Table.Td>
                <Table.Td><Text fz="xs" c="dimmed" title={formatDateTime(d.createdAt)}>{formatRelative(d.createdAt)}</Text></Table.Td>
                <Table.Td>
                  <Tooltip label={t('settings.webhooks.redeliver')}>
                    <ActionIcon size="sm" variant="subtle" color="gray" onClick={() => void run(() => m.redeliver.mutateAsync({ id: hook.id, deliveryId: d.id }), t('settings.webhooks.redelivered'))} aria-label={t('settings.webhooks.redeliver')}><IconUndo size={14} /></ActionIcon>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {log.hasNextPage && <Center mt="sm"><Button variant="subtle" size="xs" onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>{t('common.loadMore')}</Button></Center>}
    </Drawer>
  );
}
