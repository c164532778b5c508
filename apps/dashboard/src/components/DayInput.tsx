import { DateInput } from '@mantine/dates';
import 'dayjs/locale/de';
import { useTranslation } from 'react-i18next';

/** "15.11.2026", "2026-11-15" or "15.11.26" as YYYY-MM-DD; anything else is no date (the field then keeps its value). */
export function parseDay(text: string): string | null {
  const iso = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(text);
  const german = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\s*$/.exec(text);
  const parts = iso ? [iso[1], iso[2], iso[3]] : german ? [german[3].length === 2 ? `20${german[3]}` : german[3], german[2], german[1]] : null;
  if (!parts) return null;
  const [year, month, day] = parts;
  const value = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) ? value : null;
}

interface Props {
  label: string;
  /** A calendar day, YYYY-MM-DD. */
  value: string | null | undefined;
  onChange: (day: string | undefined) => void;
  min?: string;
  max?: string;
  w?: number;
  /** false for a day that must always be set (a report's range). */
  clearable?: boolean;
}

/**
 * A day picker that speaks the dashboard's language, whatever the browser's: 15.11.2026 and a Monday-first
 * calendar in German, 2026-11-15 in English (unambiguous for readers on either side of the Atlantic). Typing works too.
 */
export function DayInput({ label, value, onChange, min, max, w, clearable = true }: Props) {
  const { t, i18n } = useTranslation();
  const de = i18n.language === 'de';
  return (
    <DateInput
      label={label}
      value={value || null}
      onChange={(day) => onChange(day ?? undefined)}
      minDate={min}
      maxDate={max}
      valueFormat={de ? 'DD.MM.YYYY' : 'YYYY-MM-DD'}
      placeholder={de ? 'TT.MM.JJJJ' : 'YYYY-MM-DD'}
      locale={de ? 'de' : 'en'}
      firstDayOfWeek={1}
      dateParser={parseDay}
      clearable={clearable}
      clearButtonProps={{ 'aria-label': t('common.clearDate', { label }) }}
      popoverProps={{ withinPortal: true }}
      w={w}
    />
  );
}
