import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown } from 'antd';
import { useAccount, useAuth } from '../auth/auth-context';
import { useT } from '../i18n/i18n-context';

export function UserMenu({ dark = false }: { dark?: boolean }) {
  const account = useAccount();
  const { logout } = useAuth();
  const t = useT();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'who', label: `${account.displayName} (${account.username})`, disabled: true },
          { type: 'divider' },
          { key: 'logout', icon: <LogoutOutlined />, label: t('layout.logout') },
        ],
        onClick: ({ key }) => {
          if (key !== 'logout') return;
          // Leaves for the provider's logout, which comes back to the login page.
          logout();
        },
      }}
    >
      <Button type="text" data-testid="user-menu" style={dark ? { color: '#d6e4ff' } : undefined}>
        <Avatar size="small" icon={<UserOutlined />} />
        <span className="onecity-user-name">{account.displayName}</span>
      </Button>
    </Dropdown>
  );
}
