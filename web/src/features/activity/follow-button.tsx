import { Button, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFollowState, useSetFollow, type FollowableType } from '../../api/activity.ts';
import { IconCheck, IconPlus } from '../../components/icons.tsx';

/** Follow / Unfollow a record: its activities then appear in "My stream". */
export function FollowButton({ type, id }: { type: FollowableType; id: string }) {
  const { t } = useTranslation();
  const state = useFollowState(type, id);
  const set = useSetFollow(type, id);
  if (state.isError) return null;
  const following = !!state.data?.following;
  const label = following ? t('activity.follow.following') : t('activity.follow.follow');
  const tip = state.data ? t('activity.follow.followers', { count: state.data.followers }) : undefined;
  return (
    <Tooltip label={tip} disabled={!tip}>
      <Button size="xs" variant={following ? 'light' : 'default'} loading={state.isPending || set.isPending} aria-pressed={following}
        leftSection={following ? <IconCheck size={14} /> : <IconPlus size={14} />} onClick={() => set.mutate(!following)} data-testid="follow-button">
        {label}
      </Button>
    </Tooltip>
  );
}
