import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { isApiError } from '../../../shared/api/problem';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAuth } from '../../../shared/auth/auth-context';
import { nextPathAfterLogin } from '../../../shared/auth/landing';
import { readPending } from '../../../shared/auth/oidc';
import { submitCredentials } from '../../../shared/auth/session-api';
import { tabStorage } from '../../../shared/auth/tab-storage';
import { FullPageSpin } from '../../../shared/layout/FullPageSpin';
import { useT } from '../../../shared/i18n/i18n-context';
import { LanguageSwitch } from '../../../shared/layout/LanguageSwitch';

interface Credentials {
  username: string;
  password: string;
}

/**
 * The login page, in two steps of one sign-in through OneCity's OpenID provider: without
 * `?interaction=` it leaves at once for the provider (code + PKCE); the provider, which wants
 * a password, sends the browser back here with `?interaction=<uid>` and this form posts the
 * credentials to that interaction. The provider then redirects to /login/callback.
 */
export function LoginPage() {
  const t = useT();
  const describe = useErrorMessage();
  const { state, signIn } = useAuth();
  const [params] = useSearchParams();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const interaction = params.get('interaction');
  const pending = interaction ? readPending(tabStorage) : null;
  const next = interaction ? (pending?.next ?? null) : params.get('next');
  const expired = interaction ? pending?.expired === true : params.get('expired') === '1';
  const leaving = useRef(false);
  const mustStart = state.status === 'anonymous' && !interaction;

  useEffect(() => {
    if (!mustStart || leaving.current) return;
    leaving.current = true;
    signIn({ next, expired }).catch((error: unknown) => {
      leaving.current = false;
      setFailure(error);
    });
  }, [mustStart, next, expired, signIn]);

  // Someone already signed in (a second tab, the back button) has nothing to do here.
  if (state.status === 'authenticated' && !submitting) {
    return <Navigate to={nextPathAfterLogin(next, state.account)} replace />;
  }
  if (state.status === 'loading' || (mustStart && failure === null)) return <FullPageSpin />;

  const submit = async ({ username, password }: Credentials) => {
    if (!interaction) return;
    setSubmitting(true);
    setFailure(null);
    try {
      // Success leaves the page (provider → /login/callback): the form stays disabled.
      window.location.assign(await submitCredentials(interaction, username.trim(), password));
    } catch (error) {
      if (isApiError(error) && error.code === 'interaction_expired') {
        // The provider forgot this sign-in (an hour idle, or a second tab): start a new one.
        await signIn({ next, expired });
        return;
      }
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
        {expired && failure === null && (
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
          disabled={submitting || !interaction}
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
