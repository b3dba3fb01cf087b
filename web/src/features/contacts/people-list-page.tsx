import { Badge, Box, Button, Checkbox, CloseButton, EmptyState, Group, Menu, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useContactCount, useContactPages } from '../../api/contacts.ts';
import { useSession } from '../../api/session.tsx';
import type { ContactListItem } from '../../api/types.ts';
import { useUsers } from '../../api/users.ts';
import { FilterButton } from '../../components/filter-button.tsx';
import { CellAvatar, CellBadge, CellTags, Empty, RowLink } from '../../components/cells.tsx';
import { formatCapped, formatDateTime, formatRelative } from '../../components/format.ts';
import { IconChevronDown, IconDownload, IconPlus, IconSearch, IconTag, IconUpload, IconUsers } from '../../components/icons.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { SortMenu } from '../../components/sort-menu.tsx';
import { TagInput } from '../../components/tag-input.tsx';
import { VirtualTable, type Column } from '../../components/virtual-table.tsx';
import { useShell } from '../shell/shell-context.ts';
import { MoreFilters } from './more-filters.tsx';
import { countFilters, readView, writeView, type PeopleView } from './people-filters.ts';
import { LIFECYCLE_STAGES, STAGE_COLORS } from './lifecycle.ts';
import { StageBadge } from './stage.tsx';

/** The people list: search, filters and sort in the URL, a virtualized table with infinite scroll. */
export function PeopleListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can, session } = useSession();
  const { createPerson } = useShell();
  const [searchParams, setSearchParams] = useSearchParams();
  const view = useMemo(() => readView(searchParams), [searchParams]);
  const apiParams = useMemo(() => writeView(view), [view]);
  const pages = useContactPages(apiParams);
  const count = useContactCount(apiParams);
  const { users, byId } = useUsers();

  const rows = useMemo(() => pages.data?.pages.flatMap((p) => p.items) ?? [], [pages.data]);
  const total = count.data ?? null;
  const filterCount = countFilters(view);

  const update = useCallback((patch: Partial<PeopleView>) => {
    setSearchParams(writeView({ ...readView(searchParams), ...patch }), { replace: true });
  }, [searchParams, setSearchParams]);

  // The search box types freely; the URL (and the request) follow after a short pause.
  const [q, setQ] = useState(view.q);
  useEffect(() => setQ(view.q), [view.q]);
  const pushQ = useDebouncedCallback((value: string) => update({ q: value }), 250);

  const columns: Column<ContactListItem>[] = [
    {
      key: 'name', header: t('people.col.name'), width: 'minmax(190px, 2fr)', sortKey: 'name',
      render: (c) => (
        <span className="p-cell-main">
          <CellAvatar name={c.displayName} />
          <span className="p-lines">
            <RowLink href={`/people/${c.id}`} className="p-primary">{c.displayName}</RowLink>
            {c.jobTitle && <span className="p-secondary">{c.jobTitle}</span>}
          </span>
        </span>
      ),
    },
    {
      key: 'company', header: t('people.col.company'), width: 'minmax(120px, 1.3fr)',
      render: (c) => (c.company ? <CompanyLink id={c.company.id} name={c.company.name} /> : <Empty />),
    },
    { key: 'email', header: t('people.col.email'), width: 'minmax(150px, 1.6fr)', render: (c) => c.email ?? '' },
    { key: 'phone', header: t('people.col.phone'), width: '125px', render: (c) => c.phone ?? '' },
    { key: 'city', header: t('people.col.city'), width: '105px', render: (c) => c.city ?? '' },
    { key: 'stage', header: t('people.col.stageShort'), width: '140px', render: (c) => (c.lifecycleStage ? <CellBadge color={STAGE_COLORS[c.lifecycleStage]}>{t(`stage.${c.lifecycleStage}`)}</CellBadge> : null) },
    { key: 'tags', header: t('people.col.tags'), width: 'minmax(100px, 1.1fr)', render: (c) => <CellTags tags={c.tags} max={1} /> },
    {
      key: 'owner', header: t('people.col.owner'), width: '120px',
      render: (c) => {
        if (!c.ownerId) return <Empty />;
        const name = byId.get(c.ownerId)?.name ?? t('people.otherUser');
        return <span className="p-owner" title={name}><CellAvatar name={name} size="sm" /><span>{c.ownerId === session.user.id ? t('people.me') : name.split(' ')[0]}</span></span>;
      },
    },
    {
      key: 'updated', header: t('people.col.updated'), width: '100px', sortKey: 'updatedAt',
      render: (c) => <span className="p-dimmed" title={formatDateTime(c.updatedAt)}>{formatRelative(c.updatedAt, Date.now(), true)}</span>,
    },
  ];

  const empty = view.q || filterCount ? (
    <EmptyState
      py={60}
      icon={<IconSearch size={26} />}
      withIndicatorBackground
      title={t('people.noMatchesTitle')}
      description={t('people.noMatchesText')}
    >
      <EmptyState.Actions>
        <Button variant="default" onClick={() => setSearchParams(new URLSearchParams(), { replace: true })}>{t('common.resetFilters')}</Button>
      </EmptyState.Actions>
    </EmptyState>
  ) : (
    <EmptyState
      py={60}
      icon={<IconUsers size={28} />}
      variant="light"
      title={t('people.emptyTitle')}
      description={t('people.emptyText')}
      data-testid="people-empty"
    >
      <EmptyState.Actions>
        {can('contacts:write') && <Button leftSection={<IconPlus size={16} />} onClick={() => createPerson()}>{t('people.new')}</Button>}
        {can('contacts:import') && <Button variant="default" leftSection={<IconUpload size={16} />} component={Link} to="/import">{t('people.importCsv')}</Button>}
      </EmptyState.Actions>
    </EmptyState>
  );

  return (
    <Stack gap={0} h="calc(100vh - 60px)">
      <PageHeader
        title={t('nav.people')}
        subtitle={total === null ? '\u00a0' : <span data-testid="people-total">{t('people.total', { count: total.total, formatted: formatCapped(total.total, total.capped) })}</span>}
        actions={
          <>
            {can('contacts:export') && <ExportMenu params={apiParams} />}
            {can('contacts:import') && (
              <Button variant="default" leftSection={<IconUpload size={16} />} component={Link} to="/import">{t('nav.import')}</Button>
            )}
          </>
        }
      />
      <Group px="lg" pb="md" gap="sm" wrap="wrap">
        <TextInput
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            pushQ(e.currentTarget.value);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') update({ q });
            if (e.key === 'Escape' && q) {
              setQ('');
              update({ q: '' });
            }
          }}
          placeholder={t('people.searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          rightSection={q ? <CloseButton size="sm" aria-label={t('common.clear')} onClick={() => { setQ(''); update({ q: '' }); }} /> : null}
          w={260}
          aria-label={t('people.searchPlaceholder')}
          data-testid="people-search"
        />
        <FilterButton label={t('people.col.stage')} count={view.lifecycleStage.length} testId="filter-stage">
          <Stack gap={8}>
            {LIFECYCLE_STAGES.map((s) => (
              <Checkbox
                key={s}
                label={<StageBadge stage={s} />}
                checked={view.lifecycleStage.includes(s)}
                onChange={(e) => update({ lifecycleStage: e.currentTarget.checked ? [...view.lifecycleStage, s] : view.lifecycleStage.filter((x) => x !== s) })}
              />
            ))}
          </Stack>
        </FilterButton>
        <FilterButton label={t('people.col.tags')} count={view.tags.length} icon={<IconTag size={14} />}>
          <TagInput label={t('people.filterTags')} value={view.tags} onChange={(tags) => update({ tags })} description={t('people.filterTagsHint')} />
        </FilterButton>
        <FilterButton label={t('people.col.owner')} count={view.ownerId ? 1 : 0}>
          <Select
            label={t('people.col.owner')}
            data={[{ value: '', label: t('people.anyOwner') }, { value: session.user.id, label: t('people.myContacts') }, ...users.filter((u) => u.id !== session.user.id).map((u) => ({ value: u.id, label: u.name }))]}
            value={view.ownerId}
            onChange={(v) => update({ ownerId: v ?? '' })}
            allowDeselect={false}
            comboboxProps={{ withinPortal: false }}
          />
        </FilterButton>
        <MoreFilters view={view} onChange={update} />
        <Box ml="auto">
          <SortMenu
            label={t('people.sortLabel')}
            options={[
              { value: '', label: view.q ? t('people.sort.relevance') : t('people.sort.nameAsc') },
              ...(view.q ? [{ value: 'name', label: t('people.sort.nameAsc') }] : []),
              { value: '-name', label: t('people.sort.nameDesc') },
              { value: '-updatedAt', label: t('people.sort.updatedDesc') },
              { value: 'updatedAt', label: t('people.sort.updatedAsc') },
              { value: '-createdAt', label: t('people.sort.createdDesc') },
              { value: 'createdAt', label: t('people.sort.createdAsc') },
            ]}
            value={view.sort}
            onChange={(v) => update({ sort: v as PeopleView['sort'] })}
          />
        </Box>
        {(filterCount > 0 || view.q) && (
          <Button variant="subtle" color="gray" onClick={() => setSearchParams(new URLSearchParams(), { replace: true })}>{t('common.resetFilters')}</Button>
        )}
        {view.companyId && <Badge variant="light" rightSection={<CloseButton size="xs" onClick={() => update({ companyId: '' })} aria-label={t('common.clear')} />}>{t('people.filteredByCompany')}</Badge>}
      </Group>
      <Box px="lg" pb="lg" style={{ flex: 1, minHeight: 0 }}>
        <Paper withBorder h="100%" style={{ overflow: 'hidden', display: 'flex', flexDirection: 'column' }} shadow="xs">
          {pages.isError ? (
            <QueryError error={pages.error} onRetry={() => void pages.refetch()} />
          ) : (
            <VirtualTable
              rows={rows}
              columns={columns}
              rowKey={(c) => c.id}
              onOpen={(c, { newTab }) => (newTab ? window.open(`/people/${c.id}`, '_blank') : navigate(`/people/${c.id}`))}
              hasMore={pages.hasNextPage}
              loadMore={() => void pages.fetchNextPage()}
              loadingMore={pages.isFetchingNextPage}
              loading={pages.isPending}
              sort={view.sort}
              onSort={(s) => update({ sort: s as PeopleView['sort'] })}
              label={t('nav.people')}
              empty={empty}
              minWidth={1150}
              testId="people-table"
            />
          )}
        </Paper>
      </Box>
    </Stack>
  );
}

// The exports take the list's filters (not its sort: a file has no order of its own to keep).
function exportHref(file: 'csv' | 'vcf', params: URLSearchParams, extra: Record<string, string>): string {
  const sp = new URLSearchParams(params);
  sp.delete('sort');
  for (const [k, v] of Object.entries(extra)) sp.set(k, v);
  const qs = sp.toString();
  return `/api/contacts/export.${file}${qs ? `?${qs}` : ''}`;
}

/** Downloads the filtered people as CSV (comma or semicolon) or vCard (3.0 or 4.0). */
function ExportMenu({ params }: { params: URLSearchParams }) {
  const { t } = useTranslation();
  const formats = [
    { key: 'csv', href: exportHref('csv', params, {}), label: t('people.export.csv'), hint: t('people.export.csvHint') },
    { key: 'excel', href: exportHref('csv', params, { delimiter: 'semicolon' }), label: t('people.export.excel'), hint: t('people.export.excelHint') },
    { key: 'vcard3', href: exportHref('vcf', params, { version: '3.0' }), label: t('people.export.vcard3'), hint: t('people.export.vcard3Hint') },
    { key: 'vcard4', href: exportHref('vcf', params, { version: '4.0' }), label: t('people.export.vcard4'), hint: t('people.export.vcard4Hint') },
  ];
  return (
    <Menu position="bottom-end" width={290}>
      <Menu.Target>
        <Button variant="default" leftSection={<IconDownload size={16} />} rightSection={<IconChevronDown size={14} />} data-testid="export-menu">
          {t('people.export.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('people.export.label')}</Menu.Label>
        {formats.map((f) => (
          <Menu.Item key={f.key} component="a" href={f.href} download data-testid={`export-${f.key}`}>
            <Text fz="sm" fw={500}>{f.label}</Text>
            <Text fz="xs" c="dimmed">{f.hint}</Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

// The company cell opens the company, not the person: it navigates itself and keeps the row from doing so.
function CompanyLink({ id, name }: { id: string; name: string }) {
  const navigate = useNavigate();
  return (
    <a
      href={`/companies/${id}`}
      className="p-link"
      tabIndex={-1}
      onClick={(e) => {
        e.stopPropagation();
        if (e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        navigate(`/companies/${id}`);
      }}
    >
      {name}
    </a>
  );
}
