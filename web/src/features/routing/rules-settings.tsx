import { ActionIcon, Badge, Button, Group, Menu, Paper, Stack, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useRoutingRuleMutations, useRoutingRules, type RoutingRule } from '../../api/routing.ts';
import { confirmAction } from '../../components/confirm.tsx';
import { IconChevronDown, IconDots, IconPlus, IconArrowRight } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { QueryError, errorMessage } from '../../components/query-error.tsx';
import { SettingsSection } from '../settings/section.tsx';
import { RuleEditor } from './rule-editor.tsx';

/** Settings → Routing: the ordered rules, each with an on/off switch, moved up and down, edited in a dialog. */
export function RoutingRulesSettings() {
  const { t } = useTranslation();
  const rules = useRoutingRules();
  const m = useRoutingRuleMutations();
  const [editing, setEditing] = useState<RoutingRule | 'new' | null>(null);
  const list = rules.data ?? [];

  const move = async (index: number, by: -1 | 1) => {
    const ids = list.map((r) => r.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + by, 0, id!);
    try {
      await m.reorder.mutateAsync(ids);
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };
  const toggle = async (rule: RoutingRule, enabled: boolean) => {
    try {
      await m.update.mutateAsync({ id: rule.id, patch: { enabled } });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };
  const del = async (rule: RoutingRule) => {
    if (!(await confirmAction({ title: t('routing.rules.deleteTitle'), message: t('routing.rules.deleteText', { name: rule.name }), confirmLabel: t('common.delete'), danger: true }))) return;
    try {
      await m.remove.mutateAsync(rule.id);
      notify({ kind: 'success', message: t('routing.rules.deleted', { name: rule.name }) });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <SettingsSection
      title={t('routing.rules.title')}
      description={t('routing.rules.description')}
      actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="new-rule">{t('routing.rules.new')}</Button>}
    >
      {rules.isError ? <QueryError error={rules.error} /> : rules.isSuccess && list.length === 0 ? (
        <Stack align="center" py="xl" c="dimmed" gap={6}><IconArrowRight size={28} /><Text fz="sm" ta="center" maw={420}>{t('routing.rules.empty')}</Text></Stack>
      ) : (
        <Stack gap="xs" data-testid="rules-list">
          {list.map((rule, i) => (
            <Paper key={rule.id} withBorder p="sm" radius="md" data-testid="rule-row" opacity={rule.enabled ? 1 : 0.6}>
              <Group justify="space-between" wrap="nowrap" gap="sm">
                <Group gap={4} wrap="nowrap">
                  <Text fz="sm" c="dimmed" w={22} ta="right">{i + 1}.</Text>
                  <Stack gap={0}>
                    <ActionIcon size="sm" variant="subtle" color="gray" aria-label={t('routing.rules.moveUp', { name: rule.name })} disabled={i === 0 || m.reorder.isPending} onClick={() => void move(i, -1)}>
                      <IconChevronDown size={14} style={{ transform: 'rotate(180deg)' }} />
                    </ActionIcon>
                    <ActionIcon size="sm" variant="subtle" color="gray" aria-label={t('routing.rules.moveDown', { name: rule.name })} disabled={i === list.length - 1 || m.reorder.isPending} onClick={() => void move(i, 1)}>
                      <IconChevronDown size={14} />
                    </ActionIcon>
                  </Stack>
                </Group>
                <div style={{ flex: 1, minWidth: 0 }}>
                  <Group gap={6}>
                    <Text fw={600} truncate>{rule.name}</Text>
                    {rule.stop && <Badge size="xs" variant="light" color="grape">{t('routing.rules.stopBadge')}</Badge>}
                  </Group>
                  <Text fz="xs" c="dimmed" truncate>{summary(rule, t)}</Text>
                </div>
                <Switch checked={rule.enabled} onChange={(e) => void toggle(rule, e.currentTarget.checked)} aria-label={t('routing.rules.enabledFor', { name: rule.name })} />
                <Menu position="bottom-end">
                  <Menu.Target><ActionIcon variant="subtle" color="gray" aria-label={t('common.actions')}><IconDots size={16} /></ActionIcon></Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item onClick={() => setEditing(rule)}>{t('common.edit')}</Menu.Item>
                    <Menu.Item color="red" onClick={() => void del(rule)}>{t('common.delete')}</Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      {editing && <RuleEditor rule={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
    </SettingsSection>
  );
}

/** The icon of the routing settings section. */
export const RoutingIcon = IconArrowRight;

// One line of what the rule looks at and does ("Keywords, Network → Team, Priority").
function summary(rule: RoutingRule, t: TFunction): string {
  const when = rule.conditions.length === 0 ? t('routing.rules.always') : rule.conditions.map((c) => t(`routing.condition.${c.type}`)).join(rule.match === 'all' ? ' + ' : ' / ');
  return `${when} → ${rule.actions.map((a) => t(`routing.action.${a.type}`)).join(', ')}`;
}
