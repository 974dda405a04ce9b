import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Progress, Segmented, Skeleton, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { isApiError } from '../../../shared/api/problem';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useNow } from '../../../shared/hooks/use-now';
import { useT } from '../../../shared/i18n/i18n-context';
import { issueCode, type IssuedCode } from '../api/citycode-api';
import { percentLeft, refreshDelayMs, secondsLeft } from '../lib/countdown';

type Form = 'online' | 'offline';

type State =
  | { status: 'loading' }
  | { status: 'ready'; code: IssuedCode; images: Record<Form, string> }
  | { status: 'error'; error: unknown };

const qrImage = (text: string) =>
  QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 1, width: 280 });

/**
 * The citizen's city code as a QR image. It holds no personal data and lives a minute: a new
 * one is fetched a few seconds before the old one expires, with a countdown meanwhile.
 */
export function CityCodeQr({ onRefreshed }: { onRefreshed?: () => void }) {
  const t = useT();
  const describe = useErrorMessage();
  const now = useNow(1000);
  const [form, setForm] = useState<Form>('online');
  const [generation, setGeneration] = useState(0);
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    issueCode()
      .then(async (code) => {
        const [online, offline] = await Promise.all([
          qrImage(code.code),
          qrImage(code.offlineCode),
        ]);
        if (!live) return;
        setState({ status: 'ready', code, images: { online, offline } });
        onRefreshed?.();
        timer = setTimeout(
          () => setGeneration((g) => g + 1),
          refreshDelayMs(code.expiresAt, new Date()),
        );
      })
      .catch((error: unknown) => {
        if (live) setState({ status: 'error', error });
      });
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [generation, onRefreshed]);

  if (state.status === 'error') {
    const needsRealName = isApiError(state.error) && state.error.code === 'assurance_required';
    // Staff and enterprise accounts get no code whatever they do: no retry to offer.
    const notForThisAccount = isApiError(state.error) && state.error.code === 'citizens_only';
    const final = needsRealName || notForThisAccount;
    return (
      <Alert
        type={final ? 'info' : 'error'}
        showIcon
        data-testid="citycode-error"
        title={needsRealName ? t('citycode.needsRealName') : describe(state.error)}
        action={
          final ? undefined : (
            <Button size="small" onClick={() => setGeneration((g) => g + 1)}>
              {t('citycode.retry')}
            </Button>
          )
        }
      />
    );
  }
  if (state.status === 'loading')
    return <Skeleton.Image active style={{ width: 280, height: 280 }} />;

  const { code, images } = state;
  const seconds = secondsLeft(code.expiresAt, now);
  return (
    <Flex vertical align="center" gap={12} data-testid="citycode-qr">
      <Segmented<Form>
        value={form}
        onChange={setForm}
        options={[
          { value: 'online', label: t('citycode.form.online') },
          { value: 'offline', label: t('citycode.form.offline') },
        ]}
      />
      <img
        src={images[form]}
        width={280}
        height={280}
        alt={t('citycode.qrAlt')}
        style={{ imageRendering: 'pixelated', maxWidth: '100%', height: 'auto' }}
      />
      <Flex align="center" gap={12}>
        <Progress
          type="circle"
          size={36}
          percent={percentLeft(code.issuedAt, code.expiresAt, now)}
          showInfo={false}
        />
        <Typography.Text data-testid="citycode-countdown">
          {seconds > 0 ? t('citycode.refreshIn', { seconds }) : t('citycode.refreshing')}
        </Typography.Text>
        <Button
          icon={<ReloadOutlined />}
          onClick={() => setGeneration((g) => g + 1)}
          aria-label={t('citycode.refreshNow')}
        />
      </Flex>
      <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
        {form === 'online' ? t('citycode.hint.online') : t('citycode.hint.offline')}
      </Typography.Text>
    </Flex>
  );
}
