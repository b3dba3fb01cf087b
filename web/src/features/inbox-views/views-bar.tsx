import { ActionIcon, Badge, Button, Checkbox, Group, Menu, Modal, MultiSelect, Popover, Select, Stack, Tabs, TextInput, Tooltip } from '@mantine/core';
import { forwardRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCustomStatuses, useDeleteView, useInboxLabels, useSaveView, useViewCounts, type InboxFilters, type SavedView } from '../../api/inbox-views.ts';
import { useSession } from '../../api/session.tsx';
import { IconDots, IconFilter, IconSearch, IconX } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { errorMessage } from '../../components/query-error.tsx';
import { useCustomStatusName } from './chips.tsx';
import { adHocFilters, AD_HOC_KEYS, DEFAULT_VIEW, type AdHocKey } from './url-filters.ts';

const STATUSES = ['open', 'pending', 'waiting_customer', 'waiting_expert', 'resolved', 'closed'] as const;
const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;

/** The name of a view: built-in ones from the translations, saved ones as their owner named them. */
export function useViewName(): (v: SavedView) => string {
  const { t } = useTranslation();
  return (v) => (v.builtin ? t(`organize.views.${v.builtin}`) : v.name);
}

/** The views as tabs with their (capped) counts; saved views after the built-in ones. */
export function ViewTabs({ views, current }: { views: SavedView[]; current: string }) {
  const { t } = useTranslation();
  const [, setSp] = useSearchParams();
  const counts = useViewCounts();
  const name = useViewName();
  const countOf = (id: string) => {
    const n = counts.data?.counts[id];
    if (n === undefined) return null;
    return n > counts.data!.cap ? `${counts.data!.cap}+` : String(n);
  };
  return (
    <Tabs value={current} onChange={(v) => setSp(v && v !== DEFAULT_VIEW ? { view: v } : {}, { replace: true })} keepMounted={false}>
      <Tabs.List style={{ flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden', scrollbarWidth: 'thin' }} aria-label={t('organize.views.label')}>
        {views.map((v) => {
          const n = countOf(v.id);
          return (
            <Tabs.Tab key={v.id} value={v.id} px={10} fz="sm" style={{ flexShrink: 0 }} data-testid={`inbox-tab-${v.id}`}
              rightSection={n !== null && n !== '0' ? <Badge size="xs" variant="light" color="gray" radius="sm" data-testid="view-count">{n}</Badge> : undefined}>
              {name(v)}
            </Tabs.Tab>
          );
        })}
      </Tabs.List>
    </Tabs>
  );
}

/** Search, filters on top of the view, saving the result as a view, and the view's own menu. */
export const FilterBar = forwardRef<HTMLInputElement, { view: SavedView | undefined; filters: InboxFilters }>(function FilterBar({ view, filters }, searchRef) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [sp, setSp] = useSearchParams();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const labels = useInboxLabels();
  const statuses = useCustomStatuses();
  const statusName = useCustomStatusName();
  const remove = useDeleteView();
  const adHoc = adHocFilters(sp);
  const active = AD_HOC_KEYS.filter((k) => sp.get(k));

  const set = (key: AdHocKey, value: string | string[] | null) => {
    setSp((prev) => {
      const next = new URLSearchParams(prev);
      const v = Array.isArray(value) ? value.join(',') : value;
      if (v) next.set(key, v); else next.delete(key);
      return next;
    }, { replace: true });
  };
  // A filter's value as the reader knows it (translated statuses, priorities, intents…).
  const shown = (k: AdHocKey, v: string): string => {
    const each = (prefix: string) => v.split(',').map((x) => t(`${prefix}.${x}`, { defaultValue: x })).join(', ');
    if (k === 'status') return each('inbox.status');
    if (k === 'priority') return each('organize.priority');
    if (k === 'intent') return each('inbox.intent');
    if (k === 'sentiment') return each('inbox.sentiment');
    if (k === 'language') return each('inbox.language');
    if (k === 'sort') return each('organize.sort');
    return k === 'hashtag' ? `#${v}` : v;
  };
  const clear = () => setSp(view && view.id !== DEFAULT_VIEW ? { view: view.id } : {}, { replace: true });

  return (
    <Stack gap={6} py={8}>
      <Group gap={6} wrap="nowrap">
        <TextInput ref={searchRef} size="xs" style={{ flex: 1 }} leftSection={<IconSearch size={14} />} placeholder={t('organize.search')}
          aria-label={t('organize.search')} defaultValue={sp.get('q') ?? ''} key={sp.get('q') ?? ''} data-testid="inbox-search"
          onKeyDown={(e) => {
            if (e.key === 'Enter') set('q', e.currentTarget.value.trim() || null);
            if (e.key === 'Escape') e.currentTarget.blur();
          }} />
        <Popover opened={open} onChange={setOpen} position="bottom-end" width={300} withinPortal trapFocus>
          <Popover.Target>
            <Tooltip label={t('organize.filters')}>
              <ActionIcon variant={active.length ? 'light' : 'default'} size="md" onClick={() => setOpen((o) => !o)} aria-label={t('organize.filters')} data-testid="filter-button">
                <IconFilter size={14} />
              </ActionIcon>
            </Tooltip>
          </Popover.Target>
          <Popover.Dropdown data-testid="filter-panel">
            <Stack gap="xs">
              <MultiSelect size="xs" label={t('organize.filter.status')} data={STATUSES.map((s) => ({ value: s, label: t(`inbox.status.${s}`) }))}
                value={adHoc.status ?? []} onChange={(v) => set('status', v)} clearable comboboxProps={{ withinPortal: false }} data-testid="filter-status" />
              <MultiSelect size="xs" label={t('organize.filter.priority')} data={PRIORITIES.map((p) => ({ value: p, label: t(`organize.priority.${p}`) }))}
                value={adHoc.priority ?? []} onChange={(v) => set('priority', v)} clearable comboboxProps={{ withinPortal: false }} data-testid="filter-priority" />
              <Select size="xs" label={t('organize.filter.label')} data={(labels.data ?? []).map((l) => l.name)} value={adHoc.label ?? null}
                onChange={(v) => set('label', v)} clearable searchable comboboxProps={{ withinPortal: false }} data-testid="filter-label" />
              <TextInput size="xs" label={t('organize.filter.hashtag')} placeholder="#Wärmepumpe" defaultValue={adHoc.hashtag ?? ''} key={adHoc.hashtag ?? ''}
                onBlur={(e) => set('hashtag', e.currentTarget.value.replace(/^#/, '').trim() || null)} data-testid="filter-hashtag" />
              <Select size="xs" label={t('organize.filter.intent')} data={['service_request', 'sales_lead', 'complaint', 'praise', 'spam', 'other'].map((i) => ({ value: i, label: t(`inbox.intent.${i}`) }))}
                value={adHoc.intent ?? null} onChange={(v) => set('intent', v)} clearable comboboxProps={{ withinPortal: false }} data-testid="filter-intent" />
              <Group grow gap="xs">
                <Select size="xs" label={t('organize.filter.sentiment')} data={['positive', 'neutral', 'negative'].map((s) => ({ value: s, label: t(`inbox.sentiment.${s}`) }))}
                  value={adHoc.sentiment ?? null} onChange={(v) => set('sentiment', v)} clearable comboboxProps={{ withinPortal: false }} />
                <Select size="xs" label={t('organize.filter.language')} data={['de', 'en'].map((l) => ({ value: l, label: t(`inbox.language.${l}`) }))}
                  value={adHoc.language ?? null} onChange={(v) => set('language', v)} clearable comboboxProps={{ withinPortal: false }} />
              </Group>
              {(statuses.data?.length ?? 0) > 0 && (
                <Select size="xs" label={t('organize.filter.customStatus')} data={(statuses.data ?? []).map((s) => ({ value: s.id, label: statusName(s) }))}
                  value={sp.get('customStatusId')} onChange={(v) => setSp((prev) => { const n = new URLSearchParams(prev); if (v) n.set('customStatusId', v); else n.delete('customStatusId'); return n; }, { replace: true })}
                  clearable comboboxProps={{ withinPortal: false }} />
              )}
              <Select size="xs" label={t('organize.filter.sort')} data={['newest', 'oldest', 'priority'].map((s) => ({ value: s, label: t(`organize.sort.${s}`) }))}
                value={adHoc.sort ?? null} onChange={(v) => set('sort', v)} clearable comboboxProps={{ withinPortal: false }} data-testid="filter-sort" />
            </Stack>
          </Popover.Dropdown>
        </Popover>
        {view && !view.builtin && view.editable && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="default" size="md" aria-label={t('organize.views.menu')} data-testid="view-menu"><IconDots size={14} /></ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item color="red" data-testid="view-delete" onClick={() => remove.mutate(view.id, {
                onSuccess: () => { setSp({}, { replace: true }); notify({ kind: 'success', message: t('organize.views.deleted', { name: view.name }) }); },
                onError: (err) => notify({ kind: 'error', message: errorMessage(err, t) }),
              })}>{t('organize.views.delete')}</Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      {active.length > 0 && (
        <Group gap={4} wrap="wrap" data-testid="active-filters">
          {active.map((k) => (
            <Badge key={k} size="sm" variant="light" radius="sm" style={{ textTransform: 'none' }}
              rightSection={<ActionIcon size="xs" variant="transparent" onClick={() => set(k, null)} aria-label={t('organize.filter.remove')}><IconX size={10} /></ActionIcon>}>
              {t(`organize.filter.${k === 'q' ? 'text' : k}`)}{k === 'channelId' || k === 'customStatusId' ? '' : `: ${shown(k, sp.get(k)!)}`}
            </Badge>
          ))}
          <Button size="compact-xs" variant="subtle" onClick={clear} data-testid="filters-clear">{t('common.clearAll')}</Button>
          <Button size="compact-xs" variant="light" onClick={() => setSaving(true)} data-testid="view-save">{t('organize.views.save')}</Button>
        </Group>
      )}
      {saving && <SaveViewModal filters={filters} canShare={can('inbox_views:share')} onClose={() => setSaving(false)} />}
    </Stack>
  );
});

function SaveViewModal({ filters, canShare, onClose }: { filters: InboxFilters; canShare: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [, setSp] = useSearchParams();
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const save = useSaveView();
  const submit = () => save.mutate({ name: name.trim(), filters, shared }, {
    onSuccess: (v) => { setSp({ view: v.id }, { replace: true }); notify({ kind: 'success', message: t('organize.views.saved', { name: v.name }) }); onClose(); },
    onError: (err) => notify({ kind: 'error', message: errorMessage(err, t) }),
  });
  return (
    <Modal opened onClose={onClose} title={t('organize.views.saveTitle')} size="sm">
      <form onSubmit={(e) => { e.preventDefault(); if (name.trim()) submit(); }}>
        <Stack>
          <TextInput label={t('organize.views.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={80} data-autofocus required data-testid="view-name" />
          {canShare && <Checkbox label={t('organize.views.shared')} description={t('organize.views.sharedHint')} checked={shared} onChange={(e) => setShared(e.currentTarget.checked)} data-testid="view-shared" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={save.isPending} disabled={!name.trim()} data-testid="view-save-submit">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
