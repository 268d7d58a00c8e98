/**
 * Form fields for the inspector and registries. Every change is a pure operation applied to the
 * store; typing in one field is one undo step (coalesced by the field's key until it loses focus).
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JourneyMap } from '../../shared/model';
import { useAppStore } from '../store';

type Op = (doc: JourneyMap) => JourneyMap;

interface TextFieldProps {
  label: string;
  value: string;
  /** Undo coalescing key: the element and field, e.g. `step:ab12:title`. */
  coalesce: string;
  onChange(value: string): Op;
  multiline?: boolean;
  focusKey?: string;
  maxLength?: number;
  /** The value may not be empty: while the field is cleared, the document keeps the last text. */
  required?: boolean;
  type?: 'text' | 'url' | 'date';
}

export function TextField({ label, value, coalesce, onChange, multiline, focusKey, maxLength = 300, required, type = 'text' }: TextFieldProps) {
  const apply = useAppStore((s) => s.apply);
  const endCoalescing = useAppStore((s) => s.endCoalescing);
  const [cleared, setCleared] = useState(false);
  const props = {
    value: cleared ? '' : value,
    maxLength,
    'data-focus': focusKey,
    'aria-invalid': cleared || undefined,
    onChange: (e: { target: { value: string } }) => {
      const next = e.target.value;
      setCleared(!!required && next.trim() === '');
      if (!required || next.trim() !== '') apply(onChange(next), coalesce);
    },
    onBlur: () => {
      setCleared(false);
      endCoalescing();
    },
    onKeyDown: (e: React.KeyboardEvent) => {
      if (e.key === 'Enter' && !multiline) (e.target as HTMLElement).blur();
    },
  };
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {multiline ? <textarea rows={4} {...props} /> : <input type={type} {...props} />}
    </label>
  );
}

/** Parses "1 500,5" or "1500.5" (spaces and a decimal comma, as Russian users type them). */
export function parseNumber(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
  if (cleaned === '' || !/^\d*\.?\d+$|^\d+\.$/.test(cleaned)) return null;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : null;
}

const formatNumber = (value: number | undefined) => (value === undefined ? '' : String(value).replace('.', ','));

/** A non-negative number, or empty for "not known". Invalid text is shown, flagged and not applied. */
export function NumberField({ label, value, coalesce, onChange }: { label: string; value: number | undefined; coalesce: string; onChange(value: number | undefined): Op }) {
  const { t } = useTranslation();
  const apply = useAppStore((s) => s.apply);
  const endCoalescing = useAppStore((s) => s.endCoalescing);
  const [draft, setDraft] = useState<string | null>(null);
  const invalid = draft !== null && draft.trim() !== '' && parseNumber(draft) === null;
  return (
    <label className="field field-number">
      <span className="field-label">{label}</span>
      <input
        type="text"
        inputMode="decimal"
        value={draft ?? formatNumber(value)}
        aria-invalid={invalid || undefined}
        title={invalid ? t('props.invalidNumber') : undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          if (e.target.value.trim() === '') apply(onChange(undefined), coalesce);
          else {
            const parsed = parseNumber(e.target.value);
            if (parsed !== null) apply(onChange(parsed), coalesce);
          }
        }}
        onBlur={() => {
          setDraft(null);
          endCoalescing();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') (e.target as HTMLElement).blur();
        }}
      />
    </label>
  );
}

export function SelectField<T extends string>({
  label,
  value,
  options,
  onChange,
  emptyLabel,
}: {
  label: string;
  value: T | undefined;
  options: readonly { value: T; label: string }[];
  onChange(value: T | undefined): void;
  /** When given, an empty choice with this label ("not set"). */
  emptyLabel?: string;
}) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? undefined : (e.target.value as T))}>
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function CheckboxField({ label, checked, onChange }: { label: string; checked: boolean; onChange(checked: boolean): void }) {
  return (
    <label className="field field-checkbox">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
    </label>
  );
}

/** A row of buttons for a small integer scale (emotion −2..+2, severity 1..5, effort 1..3). */
export function ScaleField({
  label,
  value,
  options,
  onChange,
  clearLabel,
}: {
  label: string;
  value: number | undefined;
  options: readonly { value: number; label: string; title?: string; className?: string }[];
  onChange(value: number | undefined): void;
  clearLabel?: string;
}) {
  const id = useId();
  return (
    <div className="field" role="group" aria-labelledby={id}>
      <span className="field-label" id={id}>
        {label}
      </span>
      <div className="scale">
        {options.map((o) => (
          <button
            type="button"
            key={o.value}
            className={`scale-option ${o.className ?? ''} ${value === o.value ? 'active' : ''}`}
            aria-pressed={value === o.value}
            title={o.title}
            onClick={() => onChange(o.value)}
          >
            {o.label}
          </button>
        ))}
        {clearLabel !== undefined && (
          <button type="button" className={`scale-option scale-clear ${value === undefined ? 'active' : ''}`} aria-pressed={value === undefined} onClick={() => onChange(undefined)}>
            {clearLabel}
          </button>
        )}
      </div>
    </div>
  );
}

export interface RefOption {
  id: string;
  label: string;
  color?: string;
}

/**
 * A set of references (agencies of a step, its documents...): chips with a remove button, and a
 * box to add one by name — choosing from the list, or creating a new entry when `onCreate` is
 * given and the name is new.
 */
export function RefsField({
  label,
  selected,
  options,
  onChange,
  onCreate,
}: {
  label: string;
  selected: readonly string[];
  options: readonly RefOption[];
  onChange(ids: string[]): void;
  onCreate?(name: string): void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const listId = useId();
  const byId = new Map(options.map((o) => [o.id, o]));
  const available = options.filter((o) => !selected.includes(o.id));
  const commit = () => {
    const name = text.trim();
    if (!name) return;
    const match = options.find((o) => o.label.toLowerCase() === name.toLowerCase());
    if (match) {
      if (!selected.includes(match.id)) onChange([...selected, match.id]);
    } else if (onCreate) onCreate(name);
    else return;
    setText('');
  };
  return (
    <div className="field refs-field">
      <span className="field-label">{label}</span>
      <div className="chips">
        {selected.map((id) => {
          const option = byId.get(id);
          const name = option?.label ?? id;
          return (
            <span className="chip" key={id} style={option?.color ? { borderLeftColor: option.color } : undefined}>
              <span className="chip-label">{name}</span>
              <button type="button" className="chip-remove" aria-label={t('props.remove', { name })} onClick={() => onChange(selected.filter((x) => x !== id))}>
                ×
              </button>
            </span>
          );
        })}
      </div>
      <input
        type="text"
        list={listId}
        value={text}
        placeholder={t('props.add')}
        aria-label={`${label}: ${t('props.add')}`}
        onChange={(e) => {
          const value = e.target.value;
          // Picking an entry from the list fills the whole name: take it at once.
          const match = available.find((o) => o.label === value);
          if (match) {
            onChange([...selected, match.id]);
            setText('');
          } else setText(value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          }
        }}
      />
      <datalist id={listId}>
        {available.map((o) => (
          <option key={o.id} value={o.label} />
        ))}
      </datalist>
    </div>
  );
}
