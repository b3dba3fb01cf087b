import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../api/session.tsx';
import type { Language } from '../../api/types.ts';
import { colorFor, initials } from '../../components/format.ts';
import { IconCheck, IconChevronDown, IconLanguage, IconLogout } from '../../components/icons.tsx';
import { Key } from '../../components/kbd.tsx';
import { notify } from '../../components/notifications.tsx';

/** The signed-in user's menu: language, keyboard shortcuts, sign out. */
export function UserMenu({ onShowShortcuts }: { onShowShortcuts: () => void }) {
  const { t } = useTranslation();
  const { session, logout, setLanguage } = useSession();
  const { user, workspace } = session;

  const choose = (lang: Language) => {
    setLanguage(lang).catch((err: Error) => notify({ kind: 'error', message: err.message }));
  };

  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t('user.menu')} data-testid="user-menu" style={{ borderRadius: 'var(--mantine-radius-md)', padding: '4px 6px' }}>
          <Group gap={8} wrap="nowrap">
            <Avatar size={32} radius="xl" color={colorFor(user.name)} variant="light">{initials(user.name)}</Avatar>
            <div style={{ lineHeight: 1.15 }} className="parley-user-label">
              <Text fz="sm" fw={600} truncate maw={140}>{user.name}</Text>
              <Text fz={11} c="dimmed" truncate maw={140}>{workspace.name}</Text>
            </div>
            <IconChevronDown size={14} color="var(--mantine-color-gray-5)" />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{user.email}</Menu.Label>
        <Menu.Divider />
        <Menu.Label>
          <Group gap={6}><IconLanguage size={14} />{t('user.language')}</Group>
        </Menu.Label>
        {(['de', 'en'] as const).map((l) => (
          <Menu.Item
            key={l}
            onClick={() => choose(l)}
            rightSection={user.language === l ? <IconCheck size={14} /> : null}
            data-testid={`language-${l}`}
            fw={user.language === l ? 600 : 400}
          >
            {l === 'de' ? 'Deutsch' : 'English'}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item onClick={onShowShortcuts} rightSection={<Key>?</Key>}>{t('shortcuts.title')}</Menu.Item>
        <Menu.Item color="red" leftSection={<IconLogout size={16} />} onClick={() => void logout()} data-testid="logout">
          {t('user.logout')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
