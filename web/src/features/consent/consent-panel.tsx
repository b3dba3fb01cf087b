import { Alert, Badge, Button, Center, Group, Loader, Modal, Paper, ScrollArea, Select, Stack, Table, Text, Textarea, Tooltip } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSENT_LIMITS, ON_BEHALF_SOURCES } from '@parley/contracts/consent';
import { useConsentMutations, usePersonConsents, type ConsentRecord, type ConsentStatus, type OnBehalfSource, type PurposeConsent } from '../../api/consent.ts';
import { useSession } from '../../api/session.tsx';
import { confirmAction } from '../../components/confirm.tsx';
import { formatDate, formatDateTime } from '../../components/format.ts';
import { IconHistory, IconMail, IconShield } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { QueryError, errorMessage } from '../../components/query-error.tsx';

const ROW = { display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: 12, padding: '8px 0', borderTop: '1px solid var(--mantine-color-gray-1)' } as const;

export const STATUS_COLORS: Record<ConsentStatus, string> = { granted: 'teal', pending: 'yellow', withdrawn: 'red', none: 'gray' };

/** The UI language as a key of a {de, en} text. */
export function useLang(): 'de' | 'en' {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'de';
}

/** A person's consents: each purpose's status with its wording version, record and withdraw, and the full ledger. */
export function ConsentPanel({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const consents = usePersonConsents(contactId);
  const [granting, setGranting] = useState<PurposeConsent | null>(null);
  const [showHistory, setShowHistory] = useState(false);
  const { withdraw } = useConsentMutations(contactId);
  const lang = useLang();
  const mayWrite = can('consent:write');

  const onWithdraw = async (item: PurposeConsent) => {
    const title = item.purpose.title[lang];
    if (!(await confirmAction({ title: t('consent.withdrawTitle'), message: t('consent.withdrawText', { purpose: title }), confirmLabel: t('consent.withdraw'), danger: true }))) return;
    try {
      await withdraw.mutateAsync({ purposeKey: item.purpose.key });
      notify({ kind: 'success', message: t('consent.withdrawn', { purpose: title }) });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <Paper withBorder p="lg" data-testid="consent-panel">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Group gap={6}><IconShield size={16} /><Text fw={650} fz="md" component="h2">{t('consent.title')}</Text></Group>
        {consents.data && consents.data.history.length > 0 && (
          <Button size="compact-sm" variant="subtle" leftSection={<IconHistory size={14} />} onClick={() => setShowHistory(true)} data-testid="consent-history-open">
            {t('consent.history')}
          </Button>
        )}
      </Group>
      {consents.isPending ? <Center p="md"><Loader size="sm" /></Center> : consents.isError ? <QueryError error={consents.error} onRetry={() => void consents.refetch()} /> : (
        <Stack gap={0} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {consents.data.items.map((item) => (
            <li key={item.purpose.id} style={ROW} data-testid={`consent-${item.purpose.key}`} data-status={item.status}>
              <div style={{ minWidth: 0, flex: 1 }}>
                <Tooltip label={`${item.purpose.title[lang]}: ${item.purpose.wording[lang]}`} multiline w={320} openDelay={300}>
                  <Text fz="sm" fw={500} truncate>{item.purpose.title[lang]}</Text>
                </Tooltip>
                <Text fz="xs" c="dimmed">
                  {item.status === 'none'
                    ? t('consent.noRecord')
                    : t('consent.stateLine', { version: item.wordingVersion, date: formatDate(item.since), source: t(`consent.source.${item.source}`) })}
                </Text>
              </div>
              <Stack gap={4} align="flex-end">
                <Badge color={STATUS_COLORS[item.status]} variant="light" style={{ textTransform: 'none' }}>{t(`consent.status.${item.status}`)}</Badge>
                {mayWrite && (
                  <Group gap={4} wrap="nowrap">
                    {(item.status === 'none' || item.status === 'withdrawn') && !item.purpose.archivedAt && (
                      <Button size="compact-xs" variant="light" onClick={() => setGranting(item)}>{t('consent.record')}</Button>
                    )}
                    {item.status === 'pending' && (
                      <Button size="compact-xs" variant="subtle" onClick={() => setGranting(item)}>{t('consent.resend')}</Button>
                    )}
                    {(item.status === 'granted' || item.status === 'pending') && (
                      <Button size="compact-xs" variant="subtle" color="red" onClick={() => void onWithdraw(item)} loading={withdraw.isPending && withdraw.variables?.purposeKey === item.purpose.key}>
                        {t('consent.withdraw')}
                      </Button>
                    )}
                  </Group>
                )}
              </Stack>
            </li>
          ))}
        </Stack>
      )}
      {granting && consents.data && <GrantModal contactId={contactId} item={granting} email={consents.data.email} onClose={() => setGranting(null)} />}
      {showHistory && consents.data && (
        <Modal opened onClose={() => setShowHistory(false)} title={<Text fw={700} fz="lg">{t('consent.historyTitle')}</Text>} size="xl">
          <ConsentHistory records={consents.data.history} truncated={consents.data.historyTruncated} titles={new Map(consents.data.items.map((i) => [i.purpose.key, i.purpose.title[lang]]))} />
        </Modal>
      )}
    </Paper>
  );
}

function GrantModal({ contactId, item, email, onClose }: { contactId: string; item: PurposeConsent; email: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { grant } = useConsentMutations(contactId);
  const [source, setSource] = useState<OnBehalfSource>('agent');
  const [note, setNote] = useState('');
  const doubleOptIn = item.purpose.doubleOptIn;
  const blocked = doubleOptIn && !email;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (blocked) return;
    try {
      const res = await grant.mutateAsync({ purposeKey: item.purpose.key, source, ...(note.trim() ? { note: note.trim() } : {}) });
      const status = res.items.find((i) => i.purpose.key === item.purpose.key)?.status;
      notify({ kind: 'success', message: status === 'pending' ? t('consent.pendingSent', { email }) : t('consent.recorded', { purpose: item.purpose.title[lang] }) });
      onClose();
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };
  return (
    <Modal opened onClose={onClose} title={<Text fw={700} fz="lg">{t('consent.recordTitle', { purpose: item.purpose.title[lang] })}</Text>} size={560}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <Text fz="xs" c="dimmed">{t('consent.wordingVersion', { version: item.purpose.currentVersion })}</Text>
          <Text fz="sm" p="sm" style={{ whiteSpace: 'pre-wrap', background: 'var(--mantine-color-gray-0)', borderLeft: '3px solid var(--mantine-color-indigo-4)' }}>{item.purpose.wording[lang]}</Text>
          {doubleOptIn && (email
            ? <Alert color="indigo" variant="light" icon={<IconMail />}>{t('consent.doubleOptInHint', { email })}</Alert>
            : <Alert color="red" variant="light" role="alert">{t('consent.needsEmail')}</Alert>)}
          <Select
            label={t('consent.sourceLabel')} data-autofocus allowDeselect={false} value={source} onChange={(v) => v && setSource(v as OnBehalfSource)}
            data={ON_BEHALF_SOURCES.map((s) => ({ value: s, label: t(`consent.source.${s}`) }))}
          />
          <Textarea label={t('consent.note')} description={t('consent.noteHint')} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={CONSENT_LIMITS.note} autosize minRows={2} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={grant.isPending} disabled={blocked} data-testid="consent-grant-submit">
              {doubleOptIn ? t('consent.sendConfirmation') : t('consent.record')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The ledger, newest first: what happened, under which wording version, from where, by whom, with what proof. */
export function ConsentHistory({ records, truncated, titles }: { records: ConsentRecord[]; truncated: boolean; titles?: Map<string, string> }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <ScrollArea.Autosize mah="65vh">
        <Table verticalSpacing="xs" striped data-testid="consent-history">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('consent.when')}</Table.Th>
              <Table.Th>{t('consent.purpose')}</Table.Th>
              <Table.Th>{t('consent.action')}</Table.Th>
              <Table.Th>{t('consent.sourceLabel')}</Table.Th>
              <Table.Th>{t('consent.version')}</Table.Th>
              <Table.Th>{t('consent.by')}</Table.Th>
              <Table.Th>{t('consent.proof')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {records.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td><Text fz="sm" style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.at)}</Text></Table.Td>
                <Table.Td>{titles?.get(r.purpose.key) ? <Text fz="sm">{titles.get(r.purpose.key)}</Text> : <Text fz="sm" ff="monospace">{r.purpose.key}</Text>}</Table.Td>
                <Table.Td><Text fz="sm">{t(`consent.actionName.${r.action}`)}</Text></Table.Td>
                <Table.Td><Text fz="sm">{t(`consent.source.${r.source}`)}</Text><Text fz="xs" c="dimmed">{t(`consent.basis.${r.legalBasis}`)}</Text></Table.Td>
                <Table.Td><Text fz="sm">v{r.wordingVersion}</Text></Table.Td>
                <Table.Td><Text fz="sm">{r.actor?.name ?? t('consent.thePerson')}</Text></Table.Td>
                <Table.Td><ProofText record={r} /></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {truncated && <Text fz="xs" c="dimmed">{t('consent.truncated')}</Text>}
    </Stack>
  );
}

function ProofText({ record: r }: { record: ConsentRecord }) {
  const { t } = useTranslation();
  const p = r.proof;
  const lines = [
    p.confirmedAt && t('consent.proofConfirmed', { date: formatDateTime(p.confirmedAt) }),
    p.sentTo && t('consent.proofSentTo', { email: p.sentTo }),
    p.ipHash && t('consent.proofIp', { hash: `${p.ipHash.slice(0, 12)}…` }),
    p.userAgent,
    p.formId && t('consent.proofForm', { id: p.formId }),
    p.note,
  ].filter(Boolean) as string[];
  if (!lines.length) return <Text fz="sm" c="dimmed">—</Text>;
  return <Stack gap={0}>{lines.map((l, i) => <Text key={i} fz="xs" c={i === 0 ? undefined : 'dimmed'} lineClamp={2} title={l}>{l}</Text>)}</Stack>;
}
