import { Box, Button, CloseButton, EmptyState, Group, Paper, Stack, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useCompanyPages } from '../../api/contacts.ts';
import { useSession } from '../../api/session.tsx';
import type { Company } from '../../api/types.ts';
import { FilterButton } from '../../components/filter-button.tsx';
import { CellAvatar, CellTags, RowLink } from '../../components/cells.tsx';
import { formatDateTime, formatNumber, formatRelative } from '../../components/format.ts';
import { IconBuilding, IconPlus, IconSearch, IconTag } from '../../components/icons.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { SortMenu } from '../../components/sort-menu.tsx';
import { TagInput } from '../../components/tag-input.tsx';
import { VirtualTable, type Column } from '../../components/virtual-table.tsx';
import { CreateCompanyModal } from './create-company-modal.tsx';

const SORTS = ['name', '-name', 'createdAt', '-createdAt'];

/** The companies list: search, tag filter and sort in the URL; a virtualized table. */
export function CompaniesListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useSession();
  const [sp, setSp] = useSearchParams();
  const q = sp.get('q') ?? '';
  const tagsKey = sp.get('tags') ?? '';
  const tags = useMemo(() => tagsKey.split(',').filter(Boolean), [tagsKey]);
  const sort = SORTS.includes(sp.get('sort') ?? '') ? sp.get('sort')! : '';
  const params = useMemo(() => {
    const p = new URLSearchParams();
    if (q) p.set('q', q);
    if (tags.length) p.set('tags', tags.join(','));
    if (sort) p.set('sort', sort);
    return p;
  }, [q, tags, sort]);
  const pages = useCompanyPages(params);
  const rows = useMemo(() => pages.data?.pages.flatMap((p) => p.items) ?? [], [pages.data]);
  const [creating, setCreating] = useState(false);
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);

  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v); else next.delete(k);
    setSp(next, { replace: true });
  };
  const pushQ = useDebouncedCallback((v: string) => update({ q: v.trim() }), 250);

  const columns: Column<Company>[] = [
    {
      key: 'name', header: t('companies.field.name'), width: 'minmax(240px, 2fr)', sortKey: 'name',
      render: (c) => (
        <span className="p-cell-main">
          <CellAvatar name={c.name} square />
          <span className="p-lines">
            <RowLink href={`/companies/${c.id}`} className="p-primary">{c.name}</RowLink>
            {c.domain && <span className="p-secondary">{c.domain}</span>}
          </span>
        </span>
      ),
    },
    { key: 'industry', header: t('companies.field.industry'), width: 'minmax(140px, 1fr)', render: (c) => c.industry ?? '' },
    { key: 'size', header: t('companies.field.size'), width: '110px', render: (c) => c.size ?? '' },
    { key: 'city', header: t('people.col.city'), width: '140px', render: (c) => c.addresses[0]?.city ?? '' },
    { key: 'people', header: t('companies.people'), width: '100px', align: 'right', render: (c) => <span className={c.contactCount ? undefined : 'p-dimmed'}>{formatNumber(c.contactCount)}</span> },
    { key: 'tags', header: t('people.col.tags'), width: 'minmax(140px, 1.2fr)', render: (c) => <CellTags tags={c.tags} /> },
    { key: 'created', header: t('companies.createdAt'), width: '130px', sortKey: 'createdAt', render: (c) => <span className="p-dimmed" title={formatDateTime(c.createdAt)}>{formatRelative(c.createdAt, Date.now(), true)}</span> },
  ];

  return (
    <Stack gap={0} h="calc(100vh - 60px)">
      <PageHeader
        title={t('nav.companies')}
        actions={can('companies:write') && <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="new-company">{t('companies.new')}</Button>}
      />
      <Group px="lg" pb="md" gap="sm">
        <TextInput
          value={text}
          onChange={(e) => { setText(e.currentTarget.value); pushQ(e.currentTarget.value); }}
          onKeyDown={(e) => e.key === 'Escape' && text && (setText(''), update({ q: '' }))}
          placeholder={t('companies.searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          rightSection={text ? <CloseButton size="sm" aria-label={t('common.clear')} onClick={() => { setText(''); update({ q: '' }); }} /> : null}
          w={300}
          aria-label={t('companies.searchPlaceholder')}
        />
        <FilterButton label={t('people.col.tags')} count={tags.length} icon={<IconTag size={14} />}>
          <TagInput label={t('people.filterTags')} value={tags} onChange={(v) => update({ tags: v.join(',') })} />
        </FilterButton>
        <Box ml="auto">
          <SortMenu
            label={t('people.sortLabel')}
            options={[
              { value: '', label: q ? t('people.sort.relevance') : t('people.sort.nameAsc') },
              ...(q ? [{ value: 'name', label: t('people.sort.nameAsc') }] : []),
              { value: '-name', label: t('people.sort.nameDesc') },
              { value: '-createdAt', label: t('people.sort.createdDesc') },
              { value: 'createdAt', label: t('people.sort.createdAsc') },
            ]}
            value={sort}
            onChange={(v) => update({ sort: v })}
          />
        </Box>
      </Group>
      <Box px="lg" pb="lg" style={{ flex: 1, minHeight: 0 }}>
        <Paper withBorder h="100%" style={{ overflow: 'hidden', display: 'flex', flexDirection: 'column' }} shadow="xs">
          {pages.isError ? <QueryError error={pages.error} onRetry={() => void pages.refetch()} /> : (
            <VirtualTable
              rows={rows}
              columns={columns}
              rowKey={(c) => c.id}
              onOpen={(c, { newTab }) => (newTab ? window.open(`/companies/${c.id}`, '_blank') : navigate(`/companies/${c.id}`))}
              hasMore={pages.hasNextPage}
              loadMore={() => void pages.fetchNextPage()}
              loadingMore={pages.isFetchingNextPage}
              loading={pages.isPending}
              sort={sort}
              onSort={(s) => update({ sort: s })}
              label={t('nav.companies')}
              minWidth={1000}
              testId="companies-table"
              empty={
                <EmptyState py={60} icon={<IconBuilding size={26} />} variant="light" title={q || tags.length ? t('people.noMatchesTitle') : t('companies.emptyTitle')} description={q || tags.length ? t('people.noMatchesText') : t('companies.emptyText')}>
                  {!q && !tags.length && can('companies:write') && (
                    <EmptyState.Actions><Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>{t('companies.new')}</Button></EmptyState.Actions>
                  )}
                </EmptyState>
              }
            />
          )}
        </Paper>
      </Box>
      {creating && <CreateCompanyModal onClose={() => setCreating(false)} />}
    </Stack>
  );
}
