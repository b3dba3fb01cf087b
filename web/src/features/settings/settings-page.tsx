import { useTranslation } from 'react-i18next';
import { IconSettings } from '../../components/icons.tsx';
import { NotAvailable } from '../shell/not-available.tsx';

/** Workspace settings (waiting for the server's settings endpoints). */
export function SettingsPage() {
  const { t } = useTranslation();
  return <NotAvailable title={t('nav.settings')} icon={<IconSettings size={26} />} />;
}
