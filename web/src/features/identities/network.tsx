import { ThemeIcon, Tooltip } from '@mantine/core';
import type { Network } from '@parley/contracts/identities';
import type { ReactNode, SVGProps } from 'react';
import { useTranslation } from 'react-i18next';

// Network marks drawn inline in the style of Tabler Icons (MIT), like components/icons.tsx: no icon package.
function Svg({ size, children, ...rest }: { size: number; children: ReactNode } & SVGProps<SVGSVGElement>) {
  return (
    <svg xmlns="http://www.w3.org/2000/svg" width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8}
      strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false" {...rest}>
      {children}
    </svg>
  );
}

const MARKS: Record<Network, ReactNode> = {
  facebook: <path d="M7 10v4h3v7h4v-7h3l1-4h-4V8a1 1 0 0 1 1-1h3V3h-3a5 5 0 0 0-5 5v2H7" />,
  instagram: <><rect x="4" y="4" width="16" height="16" rx="4" /><circle cx="12" cy="12" r="3" /><path d="M16.5 7.5v.01" /></>,
  x: <><path d="m4 4 11.733 16H20L8.267 4z" /><path d="m4 20 6.768-6.768m2.46-2.46L20 4" /></>,
  linkedin: <><rect x="4" y="4" width="16" height="16" rx="2" /><path d="M8 11v5M8 8v.01M12 16v-5M16 16v-3a2 2 0 1 0-4 0" /></>,
  xing: <><path d="m16 21-4-7 6.5-11" /><path d="m7 7 2 3.5L6 15" /></>,
  mastodon: <><path d="M18.648 15.254c-1.816 1.763-6.648 1.626-6.648 1.626a18 18 0 0 1-3.288-.256c1.127 1.985 4.12 2.81 8.982 2.475-1.945 2.013-13.598 5.257-13.668-7.636L4 10.309c0-3.036.023-4.115 1.352-5.633C7.023 2.766 12 3.01 12 3.01s4.977-.243 6.648 1.667C19.977 6.195 20 7.274 20 10.31s-.456 4.074-1.352 4.944" /><path d="M12 11.204V8.278C12 7.02 11.105 6 10 6s-2 1.02-2 2.278V13m4-4.722C12 7.02 12.895 6 14 6s2 1.02 2 2.278V13" /></>,
  bluesky: <path d="M6.335 5.144C4.681 3.945 2 3.017 2 5.97c0 .59.35 4.953.556 5.661.713 2.463 3.13 2.75 5.444 2.369-4.045.665-4.889 3.208-2.667 5.41C6.363 20.428 7.246 21 8 21c2 0 3.134-2.769 3.5-3.5.333-.667.5-1.167.5-1.5 0 .333.167.833.5 1.5.366.731 1.5 3.5 3.5 3.5.754 0 1.637-.571 2.667-1.59 2.222-2.203 1.378-4.746-2.667-5.41 2.314.38 4.73.094 5.444-2.369.206-.708.556-5.072.556-5.661 0-2.953-2.68-2.025-4.335-.826C15.372 6.806 12.905 10.192 12 12c-.905-1.808-3.372-5.194-5.665-6.856" />,
  email: <><rect x="3" y="5" width="18" height="14" rx="2" /><path d="m3 7 9 6 9-6" /></>,
  community: <><circle cx="9" cy="7" r="4" /><path d="M3 21v-2a4 4 0 0 1 4-4h4a4 4 0 0 1 4 4v2" /><path d="M16 3.13a4 4 0 0 1 0 7.75M21 21v-2a4 4 0 0 0-3-3.85" /></>,
  google: <path d="M20.945 11a9 9 0 1 1-3.284-5.997l-2.655 2.392A5.5 5.5 0 1 0 17.125 14H13v-3z" />,
  apple: <><path d="M8.286 7.008C5.07 7.008 4 10.238 4 12.928 4 16.157 6.143 21 8.286 21c1.165-.05 1.799-.538 3.214-.538 1.406 0 1.607.538 3.214.538S19 17.771 19 15.619c-.03-.011-2.649-.434-2.679-3.23-.02-2.335 2.589-3.179 2.679-3.228-1.096-1.606-3.162-2.113-3.75-2.153-1.535-.12-3.032 1.077-3.75 1.077-.729 0-2.036-1.077-3.214-1.077" /><path d="M12 4a2 2 0 0 0 2-2 2 2 0 0 0-2 2" /></>,
  microsoft: <><rect x="4" y="4" width="7" height="7" /><rect x="13" y="4" width="7" height="7" /><rect x="4" y="13" width="7" height="7" /><rect x="13" y="13" width="7" height="7" /></>,
  oidc: <><circle cx="8" cy="15" r="4" /><path d="m10.85 12.15 8.15-8.15M18 5l2 2M15 8l2 2" /></>,
  api: <path d="m7 8-4 4 4 4M17 8l4 4-4 4M14 4l-4 16" />,
};

const COLORS: Record<Network, string> = {
  facebook: 'blue', instagram: 'grape', x: 'dark', linkedin: 'indigo', xing: 'teal', mastodon: 'violet', bluesky: 'cyan',
  email: 'gray', community: 'orange', google: 'red', apple: 'dark', microsoft: 'cyan', oidc: 'yellow', api: 'gray',
};

/** The name of a network as the user reads it. */
export function useNetworkLabel(): (network: string) => string {
  const { t } = useTranslation();
  return (network) => t(`identities.network.${network}`, { defaultValue: network });
}

/** A network's mark in its colour, with its name as tooltip and accessible label. */
export function NetworkIcon({ network, size = 30 }: { network: string; size?: number }) {
  const label = useNetworkLabel()(network);
  const mark = MARKS[network as Network];
  return (
    <Tooltip label={label} withArrow>
      <ThemeIcon size={size} radius="md" variant="light" color={COLORS[network as Network] ?? 'gray'} role="img" aria-label={label} data-network={network}>
        {mark ? <Svg size={Math.round(size * 0.6)}>{mark}</Svg> : <span style={{ fontSize: size * 0.4, fontWeight: 700 }}>{network.slice(0, 2).toUpperCase()}</span>}
      </ThemeIcon>
    </Tooltip>
  );
}
