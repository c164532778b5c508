import { DateInput } from '@mantine/dates';
import 'dayjs/locale/de';
import { useTranslation } from 'react-i18next';
import { parseDay } from './parse-day';

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
