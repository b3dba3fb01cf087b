import { ActionIcon, Button, Divider, Group, Modal, MultiSelect, NumberInput, SegmentedControl, Select, Stack, Switch, TagsInput, Text, TextInput, Textarea } from '@mantine/core';
import { ACTION_TYPES, CONDITION_TYPES, PRIORITIES } from '@parley/contracts/routing';
import { NETWORKS } from '@parley/contracts/identities';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, fieldErrors } from '../../api/client.ts';
import { useAgents, useRoutingRuleMutations, useTeamRouting, type RoutingAction, type RoutingCondition, type RoutingRule } from '../../api/routing.ts';
import { useSession } from '../../api/session.tsx';
import { IconPlus, IconX } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { errorMessage } from '../../components/query-error.tsx';

type ConditionType = RoutingCondition['type'];
type ActionType = RoutingAction['type'];

const INTENTS = ['service_request', 'sales_lead', 'complaint', 'praise', 'spam'];
const SENTIMENTS = ['positive', 'neutral', 'negative'];
const CONTACT_KEYS = ['lifecycleStage', 'tags', 'ownerId', 'language'];
const POLICY = 'policy';

/** A new condition of the type, with empty values the form fills in. */
function blankCondition(type: ConditionType): RoutingCondition {
  switch (type) {
    case 'followers': return { type, min: 1000 };
    case 'vip': return { type };
    case 'contact_field': return { type, key: 'lifecycleStage', value: '' };
    case 'business_hours': return { type, open: false };
    default: return { type, values: [] } as RoutingCondition;
  }
}

function blankAction(type: ActionType): RoutingAction {
  switch (type) {
    case 'set_team': return { type, teamId: '' };
    case 'set_priority': return { type, priority: 'high' };
    case 'add_label': return { type, label: '' };
    case 'auto_reply': return { type, text: { de: '', en: '' } };
    case 'assign': return { type, userId: null };
    default: { const never: never = type; throw new Error(String(never)); }
  }
}

/** The rule editor: name, all/any, condition rows, action rows, enabled and "stop after this rule". */
export function RuleEditor({ rule, onClose }: { rule?: RoutingRule; onClose: () => void }) {
  const { t } = useTranslation();
  const m = useRoutingRuleMutations();
  const [name, setName] = useState(rule?.name ?? '');
  const [match, setMatch] = useState<'all' | 'any'>(rule?.match ?? 'all');
  const [conditions, setConditions] = useState<RoutingCondition[]>(rule?.conditions ?? [blankCondition('keywords')]);
  const [actions, setActions] = useState<RoutingAction[]>(rule?.actions ?? [blankAction('set_team')]);
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [stop, setStop] = useState(rule?.stop ?? false);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { name: name.trim(), match, conditions, actions, enabled, stop };
    try {
      if (rule) await m.update.mutateAsync({ id: rule.id, patch: body });
      else await m.create.mutateAsync(body);
      notify({ kind: 'success', message: t('routing.rules.saved') });
      onClose();
    } catch (err) {
      const fe = fieldErrors(err);
      setErrors(fe);
      notify({ kind: 'error', message: Object.keys(fe).length ? t('routing.rules.invalid') : errorMessage(err, t) });
    }
  };

  return (
    <Modal opened onClose={onClose} size={760} title={<Text fw={700} fz="lg">{rule ? t('routing.rules.edit') : t('routing.rules.new')}</Text>}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label={t('routing.rules.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} required data-autofocus data-testid="rule-name" />
          <Divider label={t('routing.rules.conditions')} labelPosition="left" />
          <Group gap="xs">
            <Text fz="sm">{t('routing.rules.matchPrefix')}</Text>
            <SegmentedControl size="xs" value={match} onChange={(v) => setMatch(v as 'all' | 'any')}
              data={[{ value: 'all', label: t('routing.rules.matchAll') }, { value: 'any', label: t('routing.rules.matchAny') }]} />
          </Group>
          {conditions.length === 0 && <Text fz="sm" c="dimmed">{t('routing.rules.noConditions')}</Text>}
          {conditions.map((c, i) => (
            <Group key={i} align="flex-end" wrap="nowrap" gap="xs" data-testid="condition-row">
              <Select w={190} label={i === 0 ? t('routing.rules.field') : undefined} aria-label={t('routing.rules.field')} allowDeselect={false}
                data={CONDITION_TYPES.map((ct) => ({ value: ct, label: t(`routing.condition.${ct}`) }))}
                value={c.type} onChange={(v) => v && setConditions(conditions.map((x, j) => (j === i ? blankCondition(v as ConditionType) : x)))} />
              <div style={{ flex: 1 }}><ConditionValue condition={c} onChange={(nc) => setConditions(conditions.map((x, j) => (j === i ? nc : x)))} /></div>
              <ActionIcon variant="subtle" color="gray" mb={4} aria-label={t('routing.rules.removeCondition')} onClick={() => setConditions(conditions.filter((_, j) => j !== i))}><IconX size={16} /></ActionIcon>
            </Group>
          ))}
          <Group><Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setConditions([...conditions, blankCondition('keywords')])}>{t('routing.rules.addCondition')}</Button></Group>
          <Divider label={t('routing.rules.actions')} labelPosition="left" />
          {actions.map((a, i) => (
            <Group key={i} align="flex-start" wrap="nowrap" gap="xs" data-testid="action-row">
              <Select w={190} aria-label={t('routing.rules.action')} allowDeselect={false} data-testid="action-type"
                data={ACTION_TYPES.map((at) => ({ value: at, label: t(`routing.action.${at}`) }))}
                value={a.type} onChange={(v) => v && setActions(actions.map((x, j) => (j === i ? blankAction(v as ActionType) : x)))} />
              <div style={{ flex: 1 }}><ActionValue action={a} onChange={(na) => setActions(actions.map((x, j) => (j === i ? na : x)))} /></div>
              <ActionIcon variant="subtle" color="gray" mt={6} aria-label={t('routing.rules.removeAction')} onClick={() => setActions(actions.filter((_, j) => j !== i))} disabled={actions.length === 1}><IconX size={16} /></ActionIcon>
            </Group>
          ))}
          {errors.actions && <Text c="red" fz="sm">{errors.actions}</Text>}
          <Group><Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setActions([...actions, blankAction('add_label')])}>{t('routing.rules.addAction')}</Button></Group>
          <Divider />
          <Switch label={t('routing.rules.enabled')} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          <Switch label={t('routing.rules.stop')} description={t('routing.rules.stopHint')} checked={stop} onChange={(e) => setStop(e.currentTarget.checked)} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={m.create.isPending || m.update.isPending} data-testid="rule-save">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ConditionValue({ condition: c, onChange }: { condition: RoutingCondition; onChange: (c: RoutingCondition) => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const channels = useQuery({
    queryKey: ['channels', 'list', 'routing'], enabled: c.type === 'channel' && can('channels:manage'),
    queryFn: ({ signal }) => api.get<{ items: { id: string; name: string }[] }>('/api/channels', { limit: 100 }, signal).then((r) => r.items),
  });
  const label = t('routing.rules.value');
  switch (c.type) {
    case 'channel':
      return channels.data
        ? <MultiSelect aria-label={label} data={channels.data.map((ch) => ({ value: ch.id, label: ch.name }))} value={c.values} onChange={(values) => onChange({ ...c, values })} />
        : <TagsInput aria-label={label} placeholder={t('routing.rules.channelIds')} value={c.values} onChange={(values) => onChange({ ...c, values })} />;
    case 'network':
      return <MultiSelect aria-label={label} data={NETWORKS.map((n) => ({ value: n, label: n }))} value={c.values} onChange={(values) => onChange({ ...c, values: values as typeof c.values })} />;
    case 'kind':
      return <MultiSelect aria-label={label} data={[{ value: 'public', label: t('routing.kind.public') }, { value: 'private', label: t('routing.kind.private') }]} value={c.values} onChange={(values) => onChange({ ...c, values: values as typeof c.values })} />;
    case 'language':
      return <TagsInput aria-label={label} data={['de', 'en']} value={c.values} onChange={(values) => onChange({ ...c, values })} />;
    case 'keywords':
      return <TagsInput aria-label={label} placeholder={t('routing.rules.keywordsHint')} value={c.values} onChange={(values) => onChange({ ...c, values })} data-testid="condition-keywords" />;
    case 'intent':
      return <MultiSelect aria-label={label} data={INTENTS.map((v) => ({ value: v, label: t(`routing.intent.${v}`) }))} value={c.values} onChange={(values) => onChange({ ...c, values })} />;
    case 'sentiment':
      return <MultiSelect aria-label={label} data={SENTIMENTS.map((v) => ({ value: v, label: t(`routing.sentiment.${v}`) }))} value={c.values} onChange={(values) => onChange({ ...c, values })} />;
    case 'followers':
      return <NumberInput aria-label={label} min={0} step={100} leftSection="≥" value={c.min} onChange={(v) => onChange({ ...c, min: Number(v) || 0 })} />;
    case 'vip':
      return <Text fz="sm" c="dimmed" py={6}>{t('routing.rules.vipHint')}</Text>;
    case 'contact_field':
      return (
        <Group gap="xs" wrap="nowrap">
          <Select w={200} aria-label={t('routing.rules.contactField')} searchable allowDeselect={false}
            data={[...CONTACT_KEYS.map((k) => ({ value: k, label: t(`routing.contactField.${k}`) })), ...(c.key.startsWith('custom.') ? [{ value: c.key, label: c.key }] : [])]}
            value={c.key} onChange={(key) => key && onChange({ ...c, key })} />
          <TextInput style={{ flex: 1 }} aria-label={label} placeholder={t('routing.rules.equals')} value={c.value} onChange={(e) => onChange({ ...c, value: e.currentTarget.value })} />
        </Group>
      );
    case 'business_hours':
      return <SegmentedControl value={c.open ? 'open' : 'closed'} onChange={(v) => onChange({ ...c, open: v === 'open' })}
        data={[{ value: 'open', label: t('routing.rules.hoursOpen') }, { value: 'closed', label: t('routing.rules.hoursClosed') }]} />;
    default: { const never: never = c; return never; }
  }
}

function ActionValue({ action: a, onChange }: { action: RoutingAction; onChange: (a: RoutingAction) => void }) {
  const { t } = useTranslation();
  const teams = useTeamRouting(a.type === 'set_team');
  const agents = useAgents(a.type === 'assign');
  const label = t('routing.rules.value');
  switch (a.type) {
    case 'set_team':
      return <Select aria-label={label} placeholder={t('routing.rules.pickTeam')} data={(teams.data ?? []).map((tm) => ({ value: tm.teamId, label: tm.name }))} value={a.teamId || null} onChange={(teamId) => onChange({ ...a, teamId: teamId ?? '' })} data-testid="action-team" />;
    case 'set_priority':
      return <Select aria-label={label} allowDeselect={false} data={PRIORITIES.map((p) => ({ value: p, label: t(`routing.priority.${p}`) }))} value={a.priority} onChange={(p) => p && onChange({ ...a, priority: p as typeof a.priority })} />;
    case 'add_label':
      return <TextInput aria-label={label} placeholder={t('routing.rules.labelHint')} value={a.label} onChange={(e) => onChange({ ...a, label: e.currentTarget.value })} />;
    case 'auto_reply':
      return (
        <Stack gap={6}>
          <Textarea aria-label={t('routing.rules.replyDe')} placeholder={t('routing.rules.replyDe')} autosize minRows={2} value={a.text.de} onChange={(e) => onChange({ ...a, text: { ...a.text, de: e.currentTarget.value } })} />
          <Textarea aria-label={t('routing.rules.replyEn')} placeholder={t('routing.rules.replyEn')} autosize minRows={2} value={a.text.en} onChange={(e) => onChange({ ...a, text: { ...a.text, en: e.currentTarget.value } })} />
        </Stack>
      );
    case 'assign':
      return <Select aria-label={label} allowDeselect={false}
        data={[{ value: POLICY, label: t('routing.rules.byPolicy') }, ...(agents.data ?? []).map((u) => ({ value: u.userId, label: u.name }))]}
        value={a.userId ?? POLICY} data-testid="action-assign" onChange={(v) => onChange({ ...a, userId: v && v !== POLICY ? v : null })} />;
    default: { const never: never = a; return never; }
  }
}
