import { useState } from 'react';
import { useSearch } from '../hooks/useSearch.ts';
import { useT } from '../i18n/context.ts';

/** Props of {@link MemberPicker}. */
export interface MemberPickerProps {
  /** The chosen member's id, or null while none is chosen. */
  value: number | null;
  onChange: (memberId: number | null) => void;
}

/**
 * Picks a member by name (`GET /api/search`, scoped by the server): type part of a name, then
 * choose among the members found, each shown with their organisation.
 */
export function MemberPicker({ value, onChange }: MemberPickerProps) {
  const t = useT();
  const [text, setText] = useState('');
  const search = useSearch(text);
  const members = search.results.filter((r) => r.kind === 'member');
  return (
    <span className="member-picker">
      <input
        aria-label={t('devices.member.search')}
        placeholder={t('devices.member.search')}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onChange(null);
        }}
      />
      {members.length > 0 && (
        <select
          aria-label={t('devices.member.choose')}
          value={value ?? ''}
          onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
        >
          <option value="">{t('devices.member.choose')}</option>
          {members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.detail ? `${m.name}（${m.detail}）` : m.name}
            </option>
          ))}
        </select>
      )}
    </span>
  );
}
