import { Autocomplete } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { CompanyPage } from '../../api/types.ts';
import { IconBuilding } from '../../components/icons.tsx';

export interface CompanyChoice {
  /** Set when an existing company was picked. */
  id: string | null;
  name: string;
}

/** Picks an existing company by name, or names a new one (the server creates it). */
export function CompanyPicker({ value, onChange, label, error, autoFocus }: {
  value: CompanyChoice; onChange: (v: CompanyChoice) => void; label?: string; error?: string; autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const [debounced] = useDebouncedValue(value.name.trim(), 200);
  const [known, setKnown] = useState<Map<string, string>>(new Map());
  const q = useQuery({
    queryKey: ['companies', 'pick', debounced],
    queryFn: async ({ signal }) => {
      const page = await api.get<CompanyPage>('/api/companies', { q: debounced || undefined, limit: 8, sort: debounced ? undefined : 'name' }, signal);
      setKnown((m) => new Map([...m, ...page.items.map((c) => [c.name, c.id] as const)]));
      return page.items;
    },
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const names = [...new Set((q.data ?? []).map((c) => c.name))];
  return (
    <Autocomplete
      label={label ?? t('people.field.company')}
      placeholder={t('people.companyPlaceholder')}
      leftSection={<IconBuilding size={16} />}
      data={names}
      value={value.name}
      onChange={(name) => onChange({ name, id: known.get(name) ?? null })}
      error={error}
      autoFocus={autoFocus}
      description={value.name.trim() && !value.id ? t('people.companyWillBeCreated') : undefined}
      comboboxProps={{ withinPortal: true }}
      filter={({ options }) => options}
    />
  );
}
