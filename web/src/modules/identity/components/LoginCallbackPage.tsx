import { Button, Result } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAuth } from '../../../shared/auth/auth-context';
import { nextPathAfterLogin } from '../../../shared/auth/landing';
import { useT } from '../../../shared/i18n/i18n-context';
import { FullPageSpin } from '../../../shared/layout/FullPageSpin';

/** Where the provider sends the browser back: exchange the code, then on to the page wanted. */
export function LoginCallbackPage() {
  const t = useT();
  const describe = useErrorMessage();
  const { completeSignIn } = useAuth();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<unknown>(null);
  // The answer is used up on first read (state, code): a second run would only fail.
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    completeSignIn(new URL(window.location.href)).then(
      ({ account, next }) => void navigate(nextPathAfterLogin(next, account), { replace: true }),
      setFailure,
    );
  }, [completeSignIn, navigate]);

  if (failure === null) return <FullPageSpin />;
  return (
    <Result
      status="warning"
      title={t('login.callbackFailed')}
      subTitle={describe(failure)}
      data-testid="login-callback-error"
      extra={
        <Button type="primary" onClick={() => void navigate('/login', { replace: true })}>
          {t('login.again')}
        </Button>
      }
    />
  );
}
