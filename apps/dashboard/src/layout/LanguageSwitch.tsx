import { SegmentedControl, VisuallyHidden } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '../i18n';

/** Both language names always visible, each in its own language, so anyone can find theirs. */
export function LanguageSwitch({ size = 'xs' }: { size?: 'xs' | 'sm' }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div role="group" aria-labelledby={id}>
      <VisuallyHidden id={id}>{t('language.label')}</VisuallyHidden>
      <SegmentedControl
        size={size}
        value={i18n.language === 'de' ? 'de' : 'en'}
        onChange={(v) => setLanguage(v as Language)}
        data={[
          { value: 'de', label: <span lang="de">Deutsch</span> },
          { value: 'en', label: <span lang="en">English</span> },
        ]}
      />
    </div>
  );
}
