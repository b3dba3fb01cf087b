import { Alert, Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { IconAlert } from './icons.tsx';

/** Shows why data could not be loaded, with a retry. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message = errorMessage(error, t);
  return (
    <Alert color="red" variant="light" icon={<IconAlert />} title={t('errors.loadFailed')} m="md" role="alert">
      <Group justify="space-between" wrap="nowrap">
        <span>{message}</span>
        {onRetry && <Button size="xs" variant="white" color="red" onClick={onRetry}>{t('common.retry')}</Button>}
      </Group>
    </Alert>
  );
}

/** The message to show for an error (the server's message, or a translated one for network and server failures). */
export function errorMessage(error: unknown, t: (k: string) => string): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('errors.network');
    if (error.status >= 500) return t('errors.server');
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
