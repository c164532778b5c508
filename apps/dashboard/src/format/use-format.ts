import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSessionState } from '../auth/session-context';
import { formatDate, formatDateTime, formatListTime } from './dates';
import { formatDuration } from './duration';
import { formatMoney } from './money';
import { formatNumber, formatPercent } from './numbers';

/** Formatters bound to the chosen language and the tenant's timezone. */
export function useFormat() {
  const { i18n } = useTranslation();
  const { session } = useSessionState();
  const locale = i18n.language === 'de' ? 'de-DE' : 'en-US';
  const timeZone = session?.tenant.timezone || 'UTC';
  return useMemo(() => {
    const ctx = { locale, timeZone };
    return {
      locale,
      timeZone,
      money: (micros: number | string | null | undefined, currency?: string) => formatMoney(micros, locale, currency),
      duration: (ms: number | null | undefined) => formatDuration(ms, locale),
      dateTime: (v: string | number | Date | null | undefined) => formatDateTime(v, ctx),
      date: (v: string | number | Date | null | undefined) => formatDate(v, ctx),
      listTime: (v: string | number | Date | null | undefined) => formatListTime(v, ctx),
      number: (v: number | null | undefined, digits?: number) => formatNumber(v, locale, digits),
      percent: (v: number | null | undefined, digits?: number) => formatPercent(v, locale, digits),
    };
  }, [locale, timeZone]);
}
