import { DesktopOutlined, FundProjectionScreenOutlined, MobileOutlined } from '@ant-design/icons';
import { Segmented } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useAccount } from '../auth/auth-context';
import { FACE_PATHS, facesFor, type Face } from '../auth/landing';
import { useT } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/messages-zh';

const FACE_LABELS: Readonly<Record<Face, { key: MessageKey; icon: ReactNode }>> = {
  portal: { key: 'face.portal', icon: <MobileOutlined /> },
  workbench: { key: 'face.workbench', icon: <DesktopOutlined /> },
  screen: { key: 'face.screen', icon: <FundProjectionScreenOutlined /> },
};

export function FaceSwitcher({ current }: { current: Face }) {
  const account = useAccount();
  const navigate = useNavigate();
  const t = useT();
  const faces = facesFor(account);
  // Someone with a single face has nothing to switch to.
  if (faces.length < 2) return null;
  return (
    <Segmented<Face>
      size="small"
      data-testid="face-switcher"
      value={current}
      onChange={(face) => void navigate(FACE_PATHS[face])}
      options={faces.map((face) => ({
        value: face,
        icon: FACE_LABELS[face].icon,
        label: <span className="onecity-face-label">{t(FACE_LABELS[face].key)}</span>,
        title: t(FACE_LABELS[face].key),
      }))}
    />
  );
}
