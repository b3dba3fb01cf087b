import type { SVGProps } from 'react';

// Line icons in the style of Tabler Icons (MIT), drawn inline so no icon package is needed.
type IconProps = Omit<SVGProps<SVGSVGElement>, 'stroke'> & { size?: number; stroke?: number };

function make(paths: React.ReactNode, displayName: string) {
  const Icon = ({ size = 18, stroke = 1.8, ...rest }: IconProps) => (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={stroke}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...rest}
    >
      {paths}
    </svg>
  );
  Icon.displayName = displayName;
  return Icon;
}

export const IconUsers = make(<><circle cx="9" cy="7" r="4" /><path d="M3 21v-2a4 4 0 0 1 4-4h4a4 4 0 0 1 4 4v2" /><path d="M16 3.13a4 4 0 0 1 0 7.75" /><path d="M21 21v-2a4 4 0 0 0-3-3.85" /></>, 'IconUsers');
export const IconUser = make(<><circle cx="12" cy="7" r="4" /><path d="M6 21v-2a4 4 0 0 1 4-4h4a4 4 0 0 1 4 4v2" /></>, 'IconUser');
export const IconBuilding = make(<><path d="M3 21h18" /><path d="M5 21V7l8-4v18" /><path d="M19 21V11l-6-4" /><path d="M9 9v.01M9 12v.01M9 15v.01M9 18v.01" /></>, 'IconBuilding');
export const IconChecklist = make(<><path d="M9.6 19H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v5" /><path d="m14 19 2 2 4-4" /><path d="M7 8h8M7 12h5" /></>, 'IconChecklist');
export const IconMerge = make(<><circle cx="7" cy="18" r="2" /><circle cx="7" cy="6" r="2" /><circle cx="17" cy="12" r="2" /><path d="M7 8v8" /><path d="M7 8a4 4 0 0 0 4 4h4" /></>, 'IconMerge');
export const IconUpload = make(<><path d="M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2" /><path d="m7 9 5-5 5 5" /><path d="M12 4v12" /></>, 'IconUpload');
export const IconDownload = make(<><path d="M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2" /><path d="m7 11 5 5 5-5" /><path d="M12 4v12" /></>, 'IconDownload');
export const IconSettings = make(<><path d="M10.33 4.32c.43-1.76 2.92-1.76 3.35 0a1.72 1.72 0 0 0 2.57 1.07c1.54-.94 3.3.83 2.37 2.37a1.72 1.72 0 0 0 1.06 2.57c1.76.43 1.76 2.92 0 3.35a1.72 1.72 0 0 0-1.07 2.57c.94 1.54-.83 3.3-2.37 2.37a1.72 1.72 0 0 0-2.57 1.06c-.43 1.76-2.92 1.76-3.35 0a1.72 1.72 0 0 0-2.57-1.07c-1.54.94-3.3-.83-2.37-2.37a1.72 1.72 0 0 0-1.06-2.57c-1.76-.43-1.76-2.92 0-3.35a1.72 1.72 0 0 0 1.07-2.57c-.94-1.54.83-3.3 2.37-2.37 1 .61 2.3.07 2.57-1.06Z" /><circle cx="12" cy="12" r="3" /></>, 'IconSettings');
export const IconSearch = make(<><circle cx="10" cy="10" r="7" /><path d="m21 21-6-6" /></>, 'IconSearch');
export const IconPlus = make(<><path d="M12 5v14M5 12h14" /></>, 'IconPlus');
export const IconLogout = make(<><path d="M14 8V6a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h7a2 2 0 0 0 2-2v-2" /><path d="M9 12h12l-3-3M18 15l3-3" /></>, 'IconLogout');
export const IconLanguage = make(<><path d="M4 5h7M9 3v2c0 4.42-2.24 8-5 8" /><path d="M5 9c0 2.14 2.95 3.9 6.7 4" /><path d="m12 20 4-9 4 9M19.1 18h-6.2" /></>, 'IconLanguage');
export const IconChevronDown = make(<path d="m6 9 6 6 6-6" />, 'IconChevronDown');
export const IconChevronRight = make(<path d="m9 6 6 6-6 6" />, 'IconChevronRight');
export const IconChevronLeft = make(<path d="m15 6-6 6 6 6" />, 'IconChevronLeft');
export const IconFilter = make(<path d="M4 4h16v2.17a2 2 0 0 1-.59 1.42L15 12v7l-6 2v-8.5L4.52 7.57A2 2 0 0 1 4 6.23Z" />, 'IconFilter');
export const IconX = make(<path d="M18 6 6 18M6 6l12 12" />, 'IconX');
export const IconMail = make(<><rect x="3" y="5" width="18" height="14" rx="2" /><path d="m3 7 9 6 9-6" /></>, 'IconMail');
export const IconPhone = make(<path d="M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2" />, 'IconPhone');
export const IconMapPin = make(<><circle cx="12" cy="11" r="3" /><path d="M17.66 16.66 13.41 20.9a2 2 0 0 1-2.83 0l-4.24-4.24a8 8 0 1 1 11.32 0Z" /></>, 'IconMapPin');
export const IconCalendar = make(<><rect x="4" y="5" width="16" height="16" rx="2" /><path d="M16 3v4M8 3v4M4 11h16" /></>, 'IconCalendar');
export const IconPencil = make(<><path d="M4 20h4L18.5 9.5a2.83 2.83 0 0 0-4-4L4 16v4" /><path d="m13.5 6.5 4 4" /></>, 'IconPencil');
export const IconTrash = make(<><path d="M4 7h16M10 11v6M14 11v6" /><path d="m5 7 1 12a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2l1-12" /><path d="M9 7V4a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1v3" /></>, 'IconTrash');
export const IconNote = make(<><path d="M13 20 20 13V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h7" /><path d="M13 20v-5a2 2 0 0 1 2-2h5" /></>, 'IconNote');
export const IconClock = make(<><circle cx="12" cy="12" r="9" /><path d="M12 7v5l3 3" /></>, 'IconClock');
export const IconArrowRight = make(<path d="M5 12h14M13 18l6-6-6-6" />, 'IconArrowRight');
export const IconWorld = make(<><circle cx="12" cy="12" r="9" /><path d="M3.6 9h16.8M3.6 15h16.8" /><path d="M11.5 3a17 17 0 0 0 0 18M12.5 3a17 17 0 0 1 0 18" /></>, 'IconWorld');
export const IconTag = make(<><circle cx="7.5" cy="7.5" r="1.5" /><path d="M3 6v5.17a2 2 0 0 0 .59 1.42l7.71 7.71a2.41 2.41 0 0 0 3.41 0l5.59-5.59a2.41 2.41 0 0 0 0-3.41l-7.71-7.71A2 2 0 0 0 11.17 3H6a3 3 0 0 0-3 3" /></>, 'IconTag');
export const IconCheck = make(<path d="m5 12 5 5L20 7" />, 'IconCheck');
export const IconAlert = make(<><circle cx="12" cy="12" r="9" /><path d="M12 8v4M12 16h.01" /></>, 'IconAlert');
export const IconSortAsc = make(<><path d="M4 6h7M4 12h7M4 18h9" /><path d="m15 9 3-3 3 3M18 6v12" /></>, 'IconSortAsc');
export const IconSortDesc = make(<><path d="M4 6h9M4 12h7M4 18h7" /><path d="m15 15 3 3 3-3M18 6v12" /></>, 'IconSortDesc');
export const IconDots = make(<><circle cx="5" cy="12" r="1" /><circle cx="12" cy="12" r="1" /><circle cx="19" cy="12" r="1" /></>, 'IconDots');
export const IconHistory = make(<><path d="M12 8v4l2 2" /><path d="M3.05 11a9 9 0 1 1 .5 4m-.5 5v-5h5" /></>, 'IconHistory');
export const IconLink = make(<><path d="m9 15 6-6" /><path d="m11 6 .46-.54a5 5 0 0 1 7.07 7.07L18 13" /><path d="m13 18-.4.53a5.07 5.07 0 0 1-7.13 0 4.97 4.97 0 0 1 0-7.07L6 11" /></>, 'IconLink');
export const IconCake = make(<><path d="M3 20h18v-8a3 3 0 0 0-3-3H6a3 3 0 0 0-3 3z" /><path d="M3 14.8a2.8 2.8 0 0 0 2 .8c1.6 0 1.8-1.6 3.5-1.6s1.9 1.6 3.5 1.6 1.8-1.6 3.5-1.6 1.9 1.6 3.5 1.6a2.8 2.8 0 0 0 2-.8" /><path d="M12 4v5" /></>, 'IconCake');
export const IconBriefcase = make(<><rect x="3" y="7" width="18" height="13" rx="2" /><path d="M8 7V5a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2M12 12v.01M3 13a20 20 0 0 0 18 0" /></>, 'IconBriefcase');
export const IconInbox = make(<><rect x="4" y="4" width="16" height="16" rx="2" /><path d="M4 13h3l3 3h4l3-3h3" /></>, 'IconInbox');
export const IconKey = make(<><circle cx="8" cy="15" r="4" /><path d="m10.85 12.15 8.15-8.15M18 5l2 2M15 8l2 2" /></>, 'IconKey');
export const IconWebhook = make(<><path d="M4.88 16.5a3.5 3.5 0 1 0 5.6 2.12H17" /><path d="M8.08 7.05a3.5 3.5 0 1 1 6.52 1.28L18 14.5" /><path d="M17 22a3.5 3.5 0 1 0-2-6.33L11.6 9.5" /></>, 'IconWebhook');
export const IconShield = make(<path d="M12 3a12 12 0 0 0 8.5 3A12 12 0 0 1 12 21 12 12 0 0 1 3.5 6 12 12 0 0 0 12 3" />, 'IconShield');
export const IconForms = make(<><path d="M12 3a3 3 0 0 0-3 3v12a3 3 0 0 0 3 3M6 3a3 3 0 0 1 3 3v12a3 3 0 0 1-3 3" /><path d="M13 7h7a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1h-7M5 7H4a1 1 0 0 0-1 1v8a1 1 0 0 0 1 1h1" /></>, 'IconForms');
export const IconUndo = make(<><path d="M9 14 4 9l5-5" /><path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11" /></>, 'IconUndo');
export const IconFile = make(<><path d="M14 3v4a1 1 0 0 0 1 1h4" /><path d="M17 21H7a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h7l5 5v11a2 2 0 0 1-2 2" /></>, 'IconFile');
export const IconTeam = make(<><circle cx="12" cy="13" r="2" /><path d="M8 21v-1a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v1" /><circle cx="17" cy="5" r="2" /><path d="M15 10h2a2 2 0 0 1 2 2v1" /><circle cx="7" cy="5" r="2" /><path d="M5 13v-1a2 2 0 0 1 2-2h2" /></>, 'IconTeam');
