import {
  Alert, Anchor, Badge, Box, Button, Center, Grid, Group, Loader, NumberInput, Paper, Progress, ScrollArea, SegmentedControl, Select, SimpleGrid,
  Stack, Stepper, Table, Text, ThemeIcon, Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCustomFields } from '../../api/contacts.ts';
import { isRunning, useImport, useImportErrors, useImportPreview, useStartImport } from '../../api/imports.ts';
import type { Import, ImportColumn, ImportPreviewRow } from '../../api/types.ts';
import { formatNumber } from '../../components/format.ts';
import { IconAlert, IconArrowRight, IconCheck, IconChevronLeft, IconFile } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { QueryError, errorMessage } from '../../components/query-error.tsx';
import { TagInput } from '../../components/tag-input.tsx';
import { statusColor } from './import-page.tsx';
import { FIELD_TARGETS, isRepeatable, targetKey } from './targets.ts';

/** One import through the wizard: column mapping with preview → dry run → import with live progress → error report. */
export function ImportWizard() {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const imp = useImport(id);
  // Say so when a run finishes while the user watches (not when an old import is opened).
  const wasRunning = useRef(false);
  useEffect(() => {
    const i = imp.data;
    if (!i) return;
    if (wasRunning.current && i.status === 'finished' && !i.dryRun) {
      notify({ kind: i.rowsFailed ? 'info' : 'success', message: t('import.doneToast', { created: formatNumber(i.rowsCreated), updated: formatNumber(i.rowsUpdated) }) });
    }
    wasRunning.current = isRunning(i);
  }, [imp.data, t]);
  if (imp.isPending) return <Center h="50vh"><Loader size="sm" /></Center>;
  if (imp.isError) return <Box p="lg"><QueryError error={imp.error} /></Box>;
  const i = imp.data;
  const step = i.status === 'uploaded' ? 1 : i.dryRun ? 2 : 3;
  return (
    <Box pb="xl" maw={1340}>
      <PageHeader
        title={t('import.title')}
        subtitle={
          <Group gap={6} component="span">
            <IconFile size={14} />
            <span>{i.filename}</span>
            <span>·</span>
            <span>{formatBytes(i.sizeBytes)}</span>
            {i.encoding && <><span>·</span><span>{i.encoding}</span></>}
            {i.preset && i.preset !== 'generic' && <Badge size="sm" variant="light" ml={4} style={{ textTransform: 'none' }}>{t('import.presetDetected', { preset: t(`import.preset.${i.preset}`, { defaultValue: i.preset }) })}</Badge>}
          </Group>
        }
        actions={<Button variant="subtle" color="gray" component={Link} to="/import" leftSection={<IconChevronLeft size={14} />}>{t('import.newImport')}</Button>}
      />
      <Box px="lg">
        <Stepper active={step} size="sm" mb="xl" allowNextStepsSelect={false}>
          <Stepper.Step label={t('import.step.upload')} />
          <Stepper.Step label={i.kind === 'csv' ? t('import.step.map') : t('import.step.preview')} />
          <Stepper.Step label={t('import.step.check')} />
          <Stepper.Step label={t('import.step.import')} />
        </Stepper>
        {i.status === 'uploaded' ? <MappingStep imp={i} /> : isRunning(i) ? <RunningStep imp={i} /> : <ResultStep imp={i} />}
      </Box>
    </Box>
  );
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${formatNumber(Math.round(n / 1024))} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function MappingStep({ imp }: { imp: Import }) {
  const { t, i18n } = useTranslation();
  const fields = useCustomFields('contact');
  const [mapping, setMapping] = useState<ImportColumn[]>(imp.mapping ?? []);
  const [debounced] = useDebouncedValue(mapping, 300);
  const preview = useImportPreview(imp.id, imp.kind === 'csv' ? debounced : undefined, true);
  const [onDuplicate, setOnDuplicate] = useState<'update' | 'skip'>('update');
  const [tags, setTags] = useState<string[]>([]);
  const start = useStartImport(imp.id);

  const options = useMemo(() => [
    { group: t('import.groupFields'), items: FIELD_TARGETS.map((f) => ({ value: f, label: t(targetKey(f)) })) },
    ...(fields.data?.length ? [{ group: t('person.customFields'), items: fields.data.map((f) => ({ value: `custom:${f.key}`, label: i18n.language === 'en' ? f.label.en : f.label.de })) }] : []),
  ], [t, i18n.language, fields.data]);

  const set = (index: number, patch: Partial<ImportColumn>) => setMapping((m) => m.map((c) => (c.index === index ? { ...c, ...patch } : c)));
  const rows = preview.data?.rows ?? [];
  const bad = rows.filter((r) => r.error).length;
  const mapped = mapping.filter((c) => c.target !== 'ignore').length;

  const run = async (dryRun: boolean) => {
    try {
      await start.mutateAsync({ mapping: imp.kind === 'csv' ? mapping : undefined, dryRun, onDuplicate, tags: tags.length ? tags.slice(0, 10) : undefined });
    } catch (err) {
      notify({ kind: 'error', title: t('import.startFailed'), message: errorMessage(err, t) });
    }
  };

  return (
    <Grid gap="lg">
      {imp.kind === 'csv' && (
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Paper withBorder p="lg">
            <Group justify="space-between" mb="xs">
              <Text fw={650}>{t('import.columns')}</Text>
              <Text fz="xs" c="dimmed">{t('import.mappedCount', { mapped, total: mapping.length })}</Text>
            </Group>
            <Text fz="sm" c="dimmed" mb="md">{t('import.mapHint')}</Text>
            <Stack gap={6} data-testid="import-mapping">
              {mapping.map((c) => (
                <Group key={c.index} gap="xs" wrap="nowrap">
                  <Tooltip label={c.header} disabled={c.header.length < 24}>
                    <Text fz="sm" fw={500} w={170} truncate style={{ flexShrink: 0 }}>{c.header || `#${c.index + 1}`}</Text>
                  </Tooltip>
                  <IconArrowRight size={14} color="var(--mantine-color-gray-5)" style={{ flexShrink: 0 }} />
                  <Select
                    size="xs"
                    data={options}
                    value={c.target}
                    onChange={(v) => set(c.index, { target: v ?? 'ignore', group: v && isRepeatable(v) ? c.group ?? 1 : undefined })}
                    searchable
                    allowDeselect={false}
                    style={{ flex: 1 }}
                    aria-label={c.header}
                    styles={{ input: { color: c.target === 'ignore' ? 'var(--mantine-color-gray-5)' : undefined } }}
                  />
                  {isRepeatable(c.target) ? (
                    <NumberInput size="xs" w={56} min={1} max={20} value={c.group ?? 1} onChange={(v) => set(c.index, { group: typeof v === 'number' ? v : 1 })} aria-label={t('import.groupNumber')} title={t('import.groupNumber')} />
                  ) : <Box w={56} />}
                </Group>
              ))}
            </Stack>
          </Paper>
        </Grid.Col>
      )}
      <Grid.Col span={{ base: 12, lg: imp.kind === 'csv' ? 7 : 12 }}>
        <Stack gap="lg">
          <Paper withBorder p="lg">
            <Group justify="space-between" mb="sm">
              <Group gap="xs">
                <Text fw={650}>{t('import.preview')}</Text>
                {preview.isFetching && <Loader size={14} />}
              </Group>
              {rows.length > 0 && (bad ? <Badge color="orange" variant="light" style={{ textTransform: 'none' }}>{t('import.previewBad', { count: bad })}</Badge> : <Badge color="teal" variant="light" style={{ textTransform: 'none' }}>{t('import.previewGood')}</Badge>)}
            </Group>
            {preview.isError ? <QueryError error={preview.error} /> : <PreviewTable rows={rows} />}
          </Paper>
          <Paper withBorder p="lg">
            <Text fw={650} mb="sm">{t('import.options')}</Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
              <div>
                <Text fz="sm" fw={500} mb={6}>{t('import.onDuplicate')}</Text>
                <SegmentedControl value={onDuplicate} onChange={(v) => setOnDuplicate(v as 'update' | 'skip')} data={[{ value: 'update', label: t('import.dupUpdate') }, { value: 'skip', label: t('import.dupSkip') }]} fullWidth />
                <Text fz="xs" c="dimmed" mt={6}>{onDuplicate === 'update' ? t('import.dupUpdateHint') : t('import.dupSkipHint')}</Text>
              </div>
              <TagInput label={t('import.addTags')} description={t('import.addTagsHint')} value={tags} onChange={(v) => setTags(v.slice(0, 10))} />
            </SimpleGrid>
            <Group justify="flex-end" mt="lg" gap="sm">
              <Button variant="default" onClick={() => void run(true)} loading={start.isPending && start.variables?.dryRun === true} data-testid="import-dry-run">{t('import.startDryRun')}</Button>
              <Button onClick={() => void run(false)} loading={start.isPending && start.variables?.dryRun === false} rightSection={<IconArrowRight size={16} />} data-testid="import-start">{t('import.startImport')}</Button>
            </Group>
          </Paper>
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

function PreviewTable({ rows }: { rows: ImportPreviewRow[] }) {
  const { t } = useTranslation();
  if (!rows.length) return <Text fz="sm" c="dimmed">{t('import.previewEmpty')}</Text>;
  return (
    <ScrollArea.Autosize mah={420} type="auto">
      <Table verticalSpacing={6} fz="sm" stickyHeader data-testid="import-preview">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={60}>{t('import.line')}</Table.Th>
            <Table.Th>{t('people.col.name')}</Table.Th>
            <Table.Th>{t('people.col.email')}</Table.Th>
            <Table.Th>{t('people.col.company')}</Table.Th>
            <Table.Th>{t('people.col.phone')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.line} bg={r.error ? 'var(--mantine-color-red-0)' : undefined}>
              <Table.Td c="dimmed">{r.line}</Table.Td>
              {r.error ? (
                <Table.Td colSpan={4}>
                  <Group gap={6} wrap="nowrap" c="red.8">
                    <IconAlert size={14} />
                    <Text fz="sm" c="red.8" title={r.error.message}>{t(`import.rowError.${r.error.code}`, { defaultValue: r.error.message })}{r.error.column ? ` (${t('import.column')}: ${r.error.column})` : ''}</Text>
                  </Group>
                </Table.Td>
              ) : (
                <>
                  <Table.Td fw={500}>{[r.input?.firstName, r.input?.lastName].filter(Boolean).join(' ') || '—'}</Table.Td>
                  <Table.Td>{r.input?.emails?.map((e) => e.value).join(', ') || '—'}</Table.Td>
                  <Table.Td>{r.input?.companyName ?? '—'}</Table.Td>
                  <Table.Td>{r.input?.phones?.map((p) => p.value).join(', ') || '—'}</Table.Td>
                </>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}

function Counts({ imp, dry }: { imp: Import; dry: boolean }) {
  const { t } = useTranslation();
  const cell = (label: string, n: number, color: string, testId: string) => (
    <Paper withBorder p="md" radius="md">
      <Text fz="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>{label}</Text>
      <Text fz={26} fw={700} c={n ? color : 'gray.5'} data-testid={testId}>{formatNumber(n)}</Text>
    </Paper>
  );
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
      {cell(t('import.rowsRead'), imp.rowsTotal, 'dark.7', 'import-rows-total')}
      {cell(dry ? t('import.wouldCreate') : t('import.created'), imp.rowsCreated, 'teal.7', 'import-rows-created')}
      {cell(dry ? t('import.wouldUpdate') : t('import.updated'), imp.rowsUpdated, 'blue.7', 'import-rows-updated')}
      {cell(t('import.failed'), imp.rowsFailed, 'red.7', 'import-rows-failed')}
    </SimpleGrid>
  );
}

function RunningStep({ imp }: { imp: Import }) {
  const { t } = useTranslation();
  const pct = Math.round(imp.progress * 100);
  return (
    <Paper withBorder p="xl" data-testid="import-running">
      <Group justify="space-between" mb="sm">
        <Group gap="sm">
          <Loader size="sm" />
          <Text fw={650} fz="lg">{imp.dryRun ? t('import.dryRunning') : t('import.running')}</Text>
        </Group>
        <Text fw={700} fz="lg" data-testid="import-percent">{pct} %</Text>
      </Group>
      <Progress value={Math.max(pct, 2)} size="xl" radius="xl" striped animated mb="lg" data-testid="import-progress" aria-label={t('import.progress')} />
      <Counts imp={imp} dry={imp.dryRun} />
      <Text fz="sm" c="dimmed" mt="md">{t('import.runningHint')}</Text>
    </Paper>
  );
}

function ResultStep({ imp }: { imp: Import }) {
  const { t, i18n } = useTranslation();
  const i18nHas = (k: string) => i18n.exists(k);
  const start = useStartImport(imp.id);
  const errors = useImportErrors(imp.id, imp.rowsFailed > 0);
  const list = errors.data?.pages.flatMap((p) => p.items) ?? [];
  const [onDuplicate, setOnDuplicate] = useState<'update' | 'skip'>('update');

  const runReal = async () => {
    try {
      await start.mutateAsync({ dryRun: false, onDuplicate, mapping: imp.mapping ?? undefined });
    } catch (err) {
      notify({ kind: 'error', title: t('import.startFailed'), message: errorMessage(err, t) });
    }
  };

  return (
    <Stack gap="lg">
      <Paper withBorder p="xl" data-testid="import-result">
        <Group gap="sm" mb="lg">
          <ThemeIcon size={40} radius="xl" variant="light" color={statusColor(imp)}>{imp.status === 'failed' ? <IconAlert size={20} /> : <IconCheck size={20} />}</ThemeIcon>
          <div>
            <Text fw={650} fz="lg" data-testid="import-result-title">
              {imp.status === 'failed' ? t('import.failedTitle') : imp.dryRun ? t('import.dryRunDone') : t('import.done')}
            </Text>
            <Text fz="sm" c="dimmed">{imp.dryRun ? t('import.dryRunDoneHint') : t('import.doneHint')}</Text>
          </div>
        </Group>
        {imp.status === 'failed' && imp.error && <Alert color="red" variant="light" mb="md">{imp.error}</Alert>}
        <Counts imp={imp} dry={imp.dryRun} />
        <Group justify="flex-end" mt="lg" gap="sm">
          {imp.dryRun ? (
            <>
              <SegmentedControl size="sm" value={onDuplicate} onChange={(v) => setOnDuplicate(v as 'update' | 'skip')} data={[{ value: 'update', label: t('import.dupUpdate') }, { value: 'skip', label: t('import.dupSkip') }]} />
              <Button onClick={() => void runReal()} loading={start.isPending} rightSection={<IconArrowRight size={16} />} data-testid="import-start">{t('import.startImport')}</Button>
            </>
          ) : (
            <Button component={Link} to="/people?sort=-createdAt" variant="light">{t('import.viewPeople')}</Button>
          )}
        </Group>
      </Paper>
      {imp.rowsFailed > 0 && (
        <Paper withBorder p="lg" data-testid="import-errors">
          <Group justify="space-between" mb="sm">
            <Text fw={650}>{t('import.errorReport')}</Text>
            <Badge color="red" variant="light" style={{ textTransform: 'none' }}>{t('import.errorCount', { count: imp.rowsFailed, formatted: formatNumber(imp.rowsFailed) })}</Badge>
          </Group>
          <Text fz="sm" c="dimmed" mb="md">{t('import.errorReportHint')}</Text>
          {errors.isPending ? <Center p="md"><Loader size="sm" /></Center> : (
            <Table verticalSpacing={6} fz="sm" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={90}>{t('import.line')}</Table.Th>
                  <Table.Th w={200}>{t('import.errorCode')}</Table.Th>
                  <Table.Th>{t('import.errorMessage')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((e) => (
                  <Table.Tr key={`${e.line}-${e.code}`} data-testid="import-error-row">
                    <Table.Td fw={600}>{t('import.lineN', { line: e.line })}</Table.Td>
                    <Table.Td><Text span fz="xs" ff="monospace" c="dimmed">{e.code}</Text></Table.Td>
                    <Table.Td>
                      <Text fz="sm">{t(`import.rowError.${e.code}`, { defaultValue: e.message })}</Text>
                      {i18nHas(`import.rowError.${e.code}`) && <Text fz="xs" c="dimmed">{e.message}</Text>}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {errors.hasNextPage && <Center mt="sm"><Anchor component="button" fz="sm" onClick={() => void errors.fetchNextPage()}>{t('common.loadMore')}</Anchor></Center>}
        </Paper>
      )}
    </Stack>
  );
}
