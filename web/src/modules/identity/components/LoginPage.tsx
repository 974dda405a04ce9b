import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAuth } from '../../../shared/auth/auth-context';
import { nextPathAfterLogin } from '../../../shared/auth/landing';
import { useT } from '../../../shared/i18n/i18n-context';
import { LanguageSwitch } from '../../../shared/layout/LanguageSwitch';

interface Credentials {
  username: string;
  password: string;
}

export function LoginPage() {
  const t = useT();
  const describe = useErrorMessage();
  const { state, login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const next = params.get('next');

  // Someone already signed in (a second tab, the back button) has nothing to do here.
  if (state.status === 'authenticated' && !submitting) {
    return <Navigate to={nextPathAfterLogin(next, state.account)} replace />;
  }

  const submit = async ({ username, password }: Credentials) => {
    setSubmitting(true);
    setFailure(null);
    try {
      const account = await login(username.trim(), password);
      void navigate(nextPathAfterLogin(next, account), { replace: true });
    } catch (error) {
      setFailure(error);
      setSubmitting(false);
    }
  };

  return (
    <Flex vertical align="center" justify="center" className="onecity-login">
      <div className="onecity-login-language">
        <LanguageSwitch />
      </div>
      <Card className="onecity-login-card">
        <Flex vertical align="center" gap={4} style={{ marginBottom: 24 }}>
          <img src="/favicon.svg" alt="" width={48} height={48} />
          <Typography.Title level={3} style={{ margin: '8px 0 0' }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
        </Flex>
        {params.get('expired') === '1' && failure === null && (
          <Alert type="info" showIcon title={t('login.expired')} style={{ marginBottom: 16 }} />
        )}
        {failure !== null && (
          <Alert
            type="error"
            showIcon
            title={describe(failure)}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        )}
        <Form<Credentials>
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => void submit(values)}
          disabled={submitting}
        >
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.username.required') }]}
          >
            <Input
              prefix={<UserOutlined />}
              autoComplete="username"
              autoFocus
              data-testid="login-username"
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.password.required') }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              data-testid="login-password"
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            size="large"
            loading={submitting}
            data-testid="login-submit"
          >
            {t('login.submit')}
          </Button>
        </Form>
        <Alert
          type="info"
          title={t('login.demoHint', { username: 'admin', password: 'OneCity@2026' })}
          style={{ marginTop: 16 }}
          data-testid="demo-hint"
        />
      </Card>
    </Flex>
  );
}
