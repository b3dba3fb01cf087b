import { Anchor, Avatar, Badge, Box, Button, Center, Grid, Group, Loader, Paper, Radio, SegmentedControl, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useContact, useCustomFields } from '../../api/contacts.ts';
import { useMerge, useMergePreview } from '../../api/duplicates.ts';
import type { Contact, MergeBody, MergeField } from '../../api/types.ts';
import { useUsers } from '../../api/users.ts';
import { colorFor, formatDate, initials } from '../../components/format.ts';
import { IconArrowRight, IconChevronLeft, IconMerge } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { QueryError, errorMessage } from '../../components/query-error.tsx';
import { TagList } from '../../components/tag-list.tsx';
import { StageBadge } from '../contacts/stage.tsx';
import { CustomFieldValue, useFieldLabel } from '../records/custom-fields.tsx';
import { formatAddress } from '../records/describe-change.ts';

/** The contract's MERGE_FIELDS: the fields a merge lets the user choose between. */
const MERGE_FIELDS = ['firstName', 'lastName', 'jobTitle', 'companyId', 'website', 'birthday', 'language', 'lifecycleStage', 'ownerId'] as const satisfies readonly MergeField[];
type Side = 'a' | 'b';

function rawValue(c: Contact, f: MergeField): unknown {
  return f === 'companyId' ? c.company?.id ?? null : c[f];
}
const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length);

/** Merge two people field by field with a live preview; the result can be undone. */
export function MergePage() {
  const { t } = useTranslation();
  const [sp] = useSearchParams();
  const a = useContact(sp.get('a') ?? undefined);
  const b = useContact(sp.get('b') ?? undefined);
  if (a.isPending || b.isPending) return <Center h="50vh"><Loader size="sm" /></Center>;
  if (a.isError || b.isError) return <Box p="lg"><QueryError error={a.error ?? b.error} /></Box>;
  if (a.data.mergedInto || b.data.mergedInto) {
    return (
      <Box p="lg">
        <Text>{t('dup.alreadyMerged')}</Text>
        <Button component={Link} to="/duplicates" mt="md" variant="default">{t('nav.duplicates')}</Button>
      </Box>
    );
  }
  return <MergeEditor a={a.data} b={b.data} />;
}

function MergeEditor({ a, b }: { a: Contact; b: Contact }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { byId } = useUsers();
  const label = useFieldLabel();
  const fields = useCustomFields('contact');
  const merge = useMerge();
  const rec = { a, b };
  // The older record survives by default: its id is the one links and exports already know.
  const [survivor, setSurvivor] = useState<Side>(a.createdAt <= b.createdAt ? 'a' : 'b');
  const other = (s: Side): Side => (s === 'a' ? 'b' : 'a');

  const defaults = useMemo(() => {
    const ch: Partial<Record<MergeField, Side>> = {};
    for (const f of MERGE_FIELDS) ch[f] = isEmpty(rawValue(rec[survivor], f)) && !isEmpty(rawValue(rec[other(survivor)], f)) ? other(survivor) : survivor;
    return ch;
  }, [survivor, a, b]);
  const [picked, setPicked] = useState<Partial<Record<MergeField, Side>>>({});
  const choice = (f: MergeField): Side => picked[f] ?? defaults[f] ?? survivor;

  const customKeys = useMemo(() => [...new Set([...Object.keys(a.custom), ...Object.keys(b.custom)])], [a, b]);
  const [pickedCustom, setPickedCustom] = useState<Record<string, Side>>({});
  const customChoice = (k: string): Side => pickedCustom[k] ?? (isEmpty(rec[survivor].custom[k]) && !isEmpty(rec[other(survivor)].custom[k]) ? other(survivor) : survivor);

  const body: MergeBody = useMemo(() => {
    const s = rec[survivor];
    const l = rec[other(survivor)];
    const role = (side: Side) => (side === survivor ? 'survivor' : 'loser') as 'survivor' | 'loser';
    return {
      survivorId: s.id,
      loserId: l.id,
      choices: Object.fromEntries(MERGE_FIELDS.map((f) => [f, role(choice(f))])),
      customChoices: Object.fromEntries(customKeys.map((k) => [k, role(customChoice(k))])),
    };
  }, [survivor, picked, pickedCustom, a, b]);
  const preview = useMergePreview(body);

  const show = (c: Contact, f: MergeField): ReactNode => {
    const v = rawValue(c, f);
    if (isEmpty(v)) return <Text fz="sm" c="gray.4">—</Text>;
    if (f === 'companyId') return <Text fz="sm">{c.company?.name}</Text>;
    if (f === 'lifecycleStage') return <StageBadge stage={c.lifecycleStage} />;
    if (f === 'ownerId') return <Text fz="sm">{byId.get(String(v))?.name ?? t('people.otherUser')}</Text>;
    if (f === 'birthday') return <Text fz="sm">{formatDate(String(v))}</Text>;
    if (f === 'language') return <Text fz="sm">{v === 'de' ? 'Deutsch' : 'English'}</Text>;
    return <Text fz="sm">{String(v)}</Text>;
  };

  const pickCell = (side: Side, selected: boolean, content: ReactNode, onPick: (() => void) | null, name: string) => (
    <Table.Td>
      <UnstyledButton
        onClick={onPick ?? undefined}
        disabled={!onPick}
        w="100%"
        p={8}
        style={{
          borderRadius: 'var(--mantine-radius-md)',
          border: `1px solid ${selected && onPick ? 'var(--mantine-color-brand-4)' : 'transparent'}`,
          background: selected && onPick ? 'var(--mantine-color-brand-0)' : undefined,
          cursor: onPick ? 'pointer' : 'default',
        }}
        aria-pressed={selected}
        aria-label={`${name} – ${rec[side].displayName}`}
      >
        <Group gap="sm" wrap="nowrap">
          {onPick && <Radio checked={selected} readOnly tabIndex={-1} size="xs" aria-hidden />}
          <Box style={{ minWidth: 0 }}>{content}</Box>
        </Group>
      </UnstyledButton>
    </Table.Td>
  );

  const doMerge = async () => {
    try {
      const r = await merge.mutateAsync(body);
      const ids = [body.survivorId, body.loserId];
      notify({
        kind: 'success',
        message: t('dup.merged', { name: r.contact.displayName }),
        action: {
          label: t('dup.undo'),
          onClick: () => {
            api.post(`/api/merges/${r.mergeId}/undo`).then(() => {
              void qc.invalidateQueries({ queryKey: ['contacts'] });
              void qc.invalidateQueries({ queryKey: ['duplicates'] });
              void qc.invalidateQueries({ queryKey: ['merges'] });
              for (const id of ids) setTimeout(() => void qc.invalidateQueries({ queryKey: ['timeline', 'contact', id] }), 1000);
              notify({ kind: 'success', message: t('dup.undone') });
            }, (err: unknown) => notify({ kind: 'error', message: errorMessage(err, t) }));
          },
        },
      });
      navigate(`/people/${r.contact.id}`);
    } catch (err) {
      notify({ kind: 'error', title: t('dup.mergeFailed'), message: errorMessage(err, t) });
    }
  };

  const result = preview.data?.result;
  const head = (c: Contact, side: Side) => (
    <Table.Th w="40%">
      <Group gap="sm" wrap="nowrap">
        <Avatar size={32} radius="xl" color={colorFor(c.displayName)} variant="light">{initials(c.displayName)}</Avatar>
        <Box style={{ minWidth: 0 }}>
          <Anchor component={Link} to={`/people/${c.id}`} fz="sm" fw={600} c="dark.7">{c.displayName}</Anchor>
          <Text fz="xs" c="dimmed">{t('dup.createdOn', { date: formatDate(c.createdAt) })}</Text>
        </Box>
        {survivor === side && <Badge size="xs" variant="light" ml="auto">{t('dup.survivor')}</Badge>}
      </Group>
    </Table.Th>
  );

  return (
    <Box pb="xl" maw={1440}>
      <PageHeader
        title={t('dup.mergeTitle')}
        subtitle={t('dup.mergeSubtitle')}
        actions={<Button variant="subtle" color="gray" component={Link} to="/duplicates" leftSection={<IconChevronLeft size={14} />}>{t('nav.duplicates')}</Button>}
      />
      <Grid gap="lg" px="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Paper withBorder p="lg">
            <Group justify="space-between" mb="md">
              <Text fw={650}>{t('dup.keepRecord')}</Text>
              <SegmentedControl
                value={survivor}
                onChange={(v) => { setSurvivor(v as Side); setPicked({}); setPickedCustom({}); }}
                data={[{ value: 'a', label: a.displayName }, { value: 'b', label: b.displayName }]}
                aria-label={t('dup.keepRecord')}
              />
            </Group>
            <Table verticalSpacing={4} layout="fixed" data-testid="merge-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w="20%">{t('dup.field')}</Table.Th>
                  {head(a, 'a')}
                  {head(b, 'b')}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {MERGE_FIELDS.map((f) => {
                  const same = JSON.stringify(rawValue(a, f)) === JSON.stringify(rawValue(b, f));
                  const both = !isEmpty(rawValue(a, f)) && !isEmpty(rawValue(b, f));
                  const canPick = !same && (both || !isEmpty(rawValue(a, f)) || !isEmpty(rawValue(b, f)));
                  const name = t(`fields.${f}`);
                  return (
                    <Table.Tr key={f}>
                      <Table.Td><Text fz="sm" c="dimmed">{name}</Text></Table.Td>
                      {pickCell('a', choice(f) === 'a', show(a, f), canPick ? () => setPicked({ ...picked, [f]: 'a' }) : null, name)}
                      {pickCell('b', choice(f) === 'b', show(b, f), canPick ? () => setPicked({ ...picked, [f]: 'b' }) : null, name)}
                    </Table.Tr>
                  );
                })}
                {customKeys.map((k) => {
                  const def = fields.data?.find((d) => d.key === k);
                  const name = def ? label(def) : k;
                  const canPick = JSON.stringify(a.custom[k]) !== JSON.stringify(b.custom[k]);
                  const val = (c: Contact) => (def ? <CustomFieldValue def={def} value={c.custom[k]} /> : <Text fz="sm">{isEmpty(c.custom[k]) ? '—' : String(c.custom[k])}</Text>);
                  return (
                    <Table.Tr key={`custom:${k}`}>
                      <Table.Td><Text fz="sm" c="dimmed">{name}</Text></Table.Td>
                      {pickCell('a', customChoice(k) === 'a', val(a), canPick ? () => setPickedCustom({ ...pickedCustom, [k]: 'a' }) : null, name)}
                      {pickCell('b', customChoice(k) === 'b', val(b), canPick ? () => setPickedCustom({ ...pickedCustom, [k]: 'b' }) : null, name)}
                    </Table.Tr>
                  );
                })}
                {(['emails', 'phones', 'addresses', 'tags'] as const).map((f) => (
                  <Table.Tr key={f}>
                    <Table.Td><Text fz="sm" c="dimmed">{t(`fields.${f}`)}</Text><Text fz={11} c="brand.6">{t('dup.joined')}</Text></Table.Td>
                    {(['a', 'b'] as const).map((side) => (
                      <Table.Td key={side} px={16}>
                        {f === 'tags' ? <TagList tags={rec[side].tags} max={4} /> : (
                          <Stack gap={0}>
                            {rec[side][f].length ? rec[side][f].map((e, i) => <Text key={i} fz="sm" truncate>{'value' in e ? e.value : formatAddress(e)}</Text>) : <Text fz="sm" c="gray.4">—</Text>}
                          </Stack>
                        )}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Paper withBorder p="lg" style={{ position: 'sticky', top: 76 }} data-testid="merge-preview">
            <Group justify="space-between" mb="md">
              <Text fw={650}>{t('dup.result')}</Text>
              {preview.isFetching && <Loader size={14} />}
            </Group>
            {preview.isError ? <QueryError error={preview.error} /> : !result ? <Center p="lg"><Loader size="sm" /></Center> : (
              <Stack gap="sm">
                <Group gap="sm">
                  <Avatar size={44} radius="xl" color={colorFor(result.displayName)} variant="light">{initials(result.displayName)}</Avatar>
                  <div>
                    <Text fw={650}>{result.displayName}</Text>
                    <Text fz="sm" c="dimmed">{[result.jobTitle, result.company?.name].filter(Boolean).join(' · ')}</Text>
                  </div>
                </Group>
                {result.lifecycleStage && <StageBadge stage={result.lifecycleStage} />}
                <Stack gap={2}>
                  {result.emails.map((e) => <Text key={e.value} fz="sm">{e.value}</Text>)}
                  {result.phones.map((p, i) => <Text key={i} fz="sm">{p.value}</Text>)}
                  {result.addresses.map((ad, i) => <Text key={i} fz="sm" c="gray.7">{formatAddress(ad)}</Text>)}
                </Stack>
                <TagList tags={result.tags} max={8} />
                {preview.data && (
                  <Text fz="xs" c="dimmed">{t('dup.moved', { notes: preview.data.moved.notes, tasks: preview.data.moved.tasks, identities: preview.data.moved.identities, timeline: preview.data.moved.timeline })}</Text>
                )}
                <Text fz="xs" c="dimmed">{t('dup.undoHint')}</Text>
                <Button leftSection={<IconMerge size={16} />} rightSection={<IconArrowRight size={14} />} onClick={() => void doMerge()} loading={merge.isPending} fullWidth mt="xs" data-testid="merge-confirm">
                  {t('dup.mergeNow')}
                </Button>
              </Stack>
            )}
          </Paper>
        </Grid.Col>
      </Grid>
    </Box>
  );
}
