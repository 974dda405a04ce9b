import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { Face } from '../auth/landing';
import { useT } from '../i18n/i18n-context';
import { FaceSwitcher } from './FaceSwitcher';
import { LanguageSwitch } from './LanguageSwitch';
import { UserMenu } from './UserMenu';

interface FaceHeaderProps {
  face: Face;
  dark?: boolean;
  /** Replaces the face's default title, e.g. the city's name on the big screen. */
  title?: ReactNode;
  /** Extra content placed before the switches (a clock on the big screen). */
  extra?: ReactNode;
}

/** The strip every face shares: brand, face switcher, language switch, account. */
export function FaceHeader({ face, dark = false, title, extra }: FaceHeaderProps) {
  const t = useT();
  return (
    <Flex
      component="header"
      align="center"
      justify="space-between"
      gap={12}
      wrap
      className={dark ? 'onecity-header onecity-header-dark' : 'onecity-header'}
    >
      <Flex align="center" gap={10} className="onecity-brand">
        <img src="/favicon.svg" alt="" width={28} height={28} />
        <Typography.Text strong className="onecity-brand-name">
          OneCity
        </Typography.Text>
        <Typography.Text className="onecity-brand-title" type={dark ? undefined : 'secondary'}>
          {title ?? t(`face.${face}.title`)}
        </Typography.Text>
      </Flex>
      <Flex align="center" gap={12} wrap>
        {extra}
        <FaceSwitcher current={face} />
        <LanguageSwitch />
        <UserMenu dark={dark} />
      </Flex>
    </Flex>
  );
}
