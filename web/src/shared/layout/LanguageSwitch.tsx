import { Segmented } from 'antd';
import { useI18n } from '../i18n/i18n-context';
import type { Locale } from '../i18n/locale';

/** Each language is named in itself, so a reader of either can find their own. */
export function LanguageSwitch({ size = 'small' }: { size?: 'small' | 'middle' }) {
  const { locale, setLocale, t } = useI18n();
  return (
    <Segmented<Locale>
      size={size}
      aria-label={t('layout.language')}
      data-testid="language-switch"
      value={locale}
      onChange={setLocale}
      options={[
        { value: 'zh-CN', label: <span data-testid="locale-zh-CN">中文</span> },
        { value: 'en-US', label: <span data-testid="locale-en-US">EN</span> },
      ]}
    />
  );
}
