import { Badge, Button, Checkbox, Group, Modal, NumberInput, Paper, Stack, Switch, Table, TagsInput, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApprovalAgents, useApprovalRules, useDeleteRule, useSaveRule, useSetApprovalAgent, type ApprovalRule, type ApprovalRuleInput } from '../../api/replies.ts';
import { useUsers } from '../../api/users.ts';
import { IconPencil, IconPlus, IconTrash } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { errorMessage, QueryError } from '../../components/query-error.tsx';
import { SettingsSection } from '../settings/section.tsx';

type Conditions = ApprovalRuleInput['conditions'];

/** What a rule's conditions say, as short labels. */
export function useConditionLabels() {
  const { t } = useTranslation();
  return (c: Conditions): string[] => [
    ...(c.newAgent ? [c.newAgentDays ? t('replies.rules.cond.newAgentDays', { days: c.newAgentDays }) : t('replies.rules.cond.newAgent')] : []),
    ...(c.negativeSentiment ? [t('replies.rules.cond.negativeSentiment')] : []),
    ...(c.vip ? [t('replies.rules.cond.vip')] : []),
    ...(c.publicThread ? [t('replies.rules.cond.publicThread')] : []),
    ...(c.keywords?.length ? [t('replies.rules.cond.keywords', { words: c.keywords.join(', ') })] : []),
  ];
}

/** Settings → Approval rules: when agents' replies wait for a manager, and which agents always do. */
export function ApprovalSettings() {
  const { t } = useTranslation();
  const rules = useApprovalRules();
  const remove = useDeleteRule();
  const save = useSaveRule();
  const labels = useConditionLabels();
  const [editing, setEditing] = useState<ApprovalRule | 'new' | null>(null);
  return (
    <Stack gap="lg">
      <SettingsSection title={t('replies.rules.title')} description={t('replies.rules.description')}
        actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="rule-new">{t('replies.rules.new')}</Button>}>
        {rules.isError ? <QueryError error={rules.error} onRetry={() => void rules.refetch()} /> : rules.data && rules.data.length === 0 ? (
          <Paper withBorder p="lg" bg="var(--parley-bg)"><Text c="dimmed" fz="sm">{t('replies.rules.empty')}</Text></Paper>
        ) : (
          <Table verticalSpacing="xs">
            <Table.Tbody>
              {(rules.data ?? []).map((r) => (
                <Table.Tr key={r.id} data-testid="rule-row">
                  <Table.Td w={60}>
                    <Switch size="sm" checked={r.enabled} aria-label={t('replies.rules.enabled')}
                      onChange={(e) => save.mutate({ id: r.id, name: r.name, conditions: r.conditions, enabled: e.currentTarget.checked })} />
                  </Table.Td>
                  <Table.Td><Text fz="sm" fw={500}>{r.name}</Text></Table.Td>
                  <Table.Td><Group gap={4}>{labels(r.conditions).map((l) => <Badge key={l} size="sm" variant="light" style={{ textTransform: 'none' }}>{l}</Badge>)}</Group></Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Button size="compact-sm" variant="subtle" leftSection={<IconPencil size={14} />} onClick={() => setEditing(r)}>{t('common.edit')}</Button>
                      <Button size="compact-sm" variant="subtle" color="red" aria-label={t('common.delete')} onClick={() => remove.mutate(r.id)}><IconTrash size={14} /></Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {editing && <RuleEditor rule={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      </SettingsSection>
      <ApprovalAgentsSection />
    </Stack>
  );
}

function RuleEditor({ rule, onClose }: { rule: ApprovalRule | null; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaveRule();
  const [name, setName] = useState(rule?.name ?? '');
  const [c, setC] = useState<Conditions>(rule?.conditions ?? {});
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const flag = (k: 'newAgent' | 'negativeSentiment' | 'vip' | 'publicThread') => (
    <Checkbox label={t(`replies.rules.cond.${k}`)} checked={!!c[k]} onChange={(e) => setC({ ...c, [k]: e.currentTarget.checked || undefined })} data-testid={`rule-${k}`} />
  );
  const any = c.newAgent || c.negativeSentiment || c.vip || c.publicThread || (c.keywords?.length ?? 0) > 0;
  const submit = async () => {
    try {
      await save.mutateAsync({ ...(rule ? { id: rule.id } : {}), name, conditions: c, enabled });
      onClose();
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };
  return (
    <Modal opened onClose={onClose} title={t(rule ? 'replies.rules.edit' : 'replies.rules.new')}>
      <Stack gap="sm">
        <TextInput label={t('replies.rules.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required data-autofocus data-testid="rule-name" />
        <Text fz="sm" fw={500}>{t('replies.rules.when')}</Text>
        {flag('newAgent')}
        {c.newAgent && (
          <NumberInput ml="lg" size="xs" min={1} max={365} label={t('replies.rules.newAgentDays')} value={c.newAgentDays ?? ''}
            onChange={(v) => setC({ ...c, newAgentDays: typeof v === 'number' ? v : undefined })} />
        )}
        {flag('negativeSentiment')}
        {flag('vip')}
        {flag('publicThread')}
        <TagsInput label={t('replies.rules.keywords')} description={t('replies.rules.keywordsHint')} value={c.keywords ?? []} onChange={(v) => setC({ ...c, keywords: v.length ? v : undefined })} />
        <Switch label={t('replies.rules.enabled')} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={() => void submit()} loading={save.isPending} disabled={!name.trim() || !any} data-testid="rule-save">{t('common.save')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ApprovalAgentsSection() {
  const { t } = useTranslation();
  const { users } = useUsers();
  const agents = useApprovalAgents();
  const set = useSetApprovalAgent();
  const flagged = new Set(agents.data ?? []);
  const candidates = users.filter((u) => !u.role || u.role === 'agent' || u.role === 'expert');
  return (
    <SettingsSection title={t('replies.agents.title')} description={t('replies.agents.description')}>
      {candidates.length === 0 ? <Text c="dimmed" fz="sm">{t('replies.agents.empty')}</Text> : (
        <Stack gap={6}>
          {candidates.map((u) => (
            <Checkbox key={u.id} label={u.name} description={u.email} checked={flagged.has(u.id)} data-testid="approval-agent"
              onChange={(e) => set.mutate({ userId: u.id, needsApproval: e.currentTarget.checked }, { onError: (err) => notify({ kind: 'error', message: errorMessage(err, t) }) })} />
          ))}
        </Stack>
      )}
    </SettingsSection>
  );
}
