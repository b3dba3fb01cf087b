import { Center, Loader, SegmentedControl, Switch, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNotificationPreferences, useSaveNotificationPreferences, type EmailMode, type NotificationPreference } from '../../api/notifications.ts';
import { notify } from '../../components/notifications.tsx';
import { errorMessage, QueryError } from '../../components/query-error.tsx';
import { SettingsSection } from '../settings/section.tsx';

/** Settings → Notifications: per kind, in the app or not, and by e-mail at once, as a daily digest, or not. */
export function NotificationSettings() {
  const { t } = useTranslation();
  const prefs = useNotificationPreferences();
  const save = useSaveNotificationPreferences();
  const change = async (p: NotificationPreference) => {
    try {
      await save.mutateAsync({ items: [p] });
      notify({ kind: 'success', message: t('notifications.settings.saved') });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };
  return (
    <SettingsSection title={t('notifications.settings.title')} description={t('notifications.settings.description')}>
      {prefs.isLoading ? <Center py="lg"><Loader size="sm" /></Center> : prefs.error ? <QueryError error={prefs.error} /> : (
        <Table verticalSpacing="sm" data-testid="notification-preferences">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('notifications.settings.kind')}</Table.Th>
              <Table.Th>{t('notifications.settings.inApp')}</Table.Th>
              <Table.Th>{t('notifications.settings.email')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {prefs.data!.items.map((p) => (
              <Table.Tr key={p.kind} data-kind={p.kind}>
                <Table.Td>
                  <Text fz="sm" fw={600}>{t(`notifications.kindName.${p.kind}`)}</Text>
                  <Text fz="xs" c="dimmed">{t(`notifications.kindHint.${p.kind}`)}</Text>
                </Table.Td>
                <Table.Td>
                  <Switch checked={p.inApp} onChange={(e) => void change({ ...p, inApp: e.currentTarget.checked })}
                    aria-label={`${t(`notifications.kindName.${p.kind}`)}: ${t('notifications.settings.inApp')}`} />
                </Table.Td>
                <Table.Td>
                  <SegmentedControl size="xs" value={p.email} onChange={(v) => void change({ ...p, email: v as EmailMode })}
                    aria-label={`${t(`notifications.kindName.${p.kind}`)}: ${t('notifications.settings.email')}`}
                    data={[
                      { value: 'immediate', label: t('notifications.settings.immediate') },
                      { value: 'daily_digest', label: t('notifications.settings.digest') },
                      { value: 'off', label: t('notifications.settings.off') },
                    ]} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </SettingsSection>
  );
}
