import { GlobalOutlined } from '@ant-design/icons';
import { Layout, Menu } from 'antd';
import { useState } from 'react';
import { Navigate, Route, Routes, useNavigate } from 'react-router';
import { useT } from '../../shared/i18n/i18n-context';
import { FaceHeader } from '../../shared/layout/FaceHeader';
import { WorkbenchHome } from './WorkbenchHome';

/** 工作台: the staff face — side menu, dense content. Modules add their pages here. */
export function WorkbenchFace() {
  const t = useT();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  return (
    <Layout className="onecity-workbench">
      <Layout.Header className="onecity-workbench-header">
        <FaceHeader face="workbench" />
      </Layout.Header>
      <Layout>
        <Layout.Sider
          theme="light"
          width={200}
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          className="onecity-workbench-sider"
        >
          <Menu
            mode="inline"
            selectedKeys={['regions']}
            onClick={({ key }) => {
              if (key === 'regions') void navigate('/workbench');
            }}
            items={[
              { key: 'regions', icon: <GlobalOutlined />, label: t('workbench.menu.regions') },
            ]}
          />
        </Layout.Sider>
        <Layout.Content className="onecity-workbench-content">
          <Routes>
            <Route index element={<WorkbenchHome />} />
            <Route path="*" element={<Navigate to="/workbench" replace />} />
          </Routes>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
