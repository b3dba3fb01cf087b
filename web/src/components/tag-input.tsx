import { TagsInput } from '@mantine/core';
import { LIMITS } from '@parley/contracts/limits';

/** Free-text tags (Enter or comma adds one). */
export function TagInput({ label, value, onChange, description, placeholder, error }: {
  label?: string; value: string[]; onChange: (tags: string[]) => void; description?: string; placeholder?: string; error?: string;
}) {
  return (
    <TagsInput
      label={label}
      description={description}
      placeholder={placeholder}
      value={value}
      onChange={(tags) => onChange(tags.map((t) => t.trim().slice(0, LIMITS.tag)).filter(Boolean))}
      maxTags={LIMITS.tagsPerRecord}
      splitChars={[',']}
      clearable
      error={error}
      comboboxProps={{ withinPortal: false }}
    />
  );
}
