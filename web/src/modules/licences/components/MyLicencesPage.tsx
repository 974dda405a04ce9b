import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, Flex, Result, Skeleton, Tag, Typography } from 'antd';
import QRCode from 'qrcode';
import { useCallback, useEffect, useState } from 'react';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync } from '../../../shared/hooks/use-async';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { formatDateTime } from '../../iot/lib/display';
import {
  listMyLicences,
  verifyLicence,
  type Licence,
  type Verification,
} from '../api/licences-api';
import { LICENCE_STATUS_COLORS } from '../lib/licence-display';

/** 我的证照: the holder's e-licences, each with the QR code any verifier can check. */
export function MyLicencesPage() {
  const { t } = useI18n();
  const describe = useErrorMessage();
  const load = useCallback((signal: AbortSignal) => listMyLicences(signal), []);
  const licences = useAsync(load);
  if (licences.status === 'loading') return <Skeleton active />;
  if (licences.status === 'error')
    return <Result status="warning" subTitle={describe(licences.error)} />;
  return (
    <>
      <Card data-testid="my-licences">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          <SafetyCertificateOutlined /> {t('licences.mine.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('licences.mine.intro')}
        </Typography.Paragraph>
      </Card>
      {licences.data.items.map((licence) => (
        <LicenceCard key={licence.id} licence={licence} />
      ))}
      {licences.data.items.length === 0 ? (
        <Card>
          <Empty description={t('licences.mine.none')} />
        </Card>
      ) : null}
    </>
  );
}

function LicenceCard({ licence }: { licence: Licence }) {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const [qr, setQr] = useState<string | null>(null);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [checking, setChecking] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    // A licence is long (a signed JWS): low error correction keeps the code scannable.
    QRCode.toDataURL(licence.qrPayload, { errorCorrectionLevel: 'L', margin: 1, width: 320 }).then(
      (url) => {
        if (live) setQr(url);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [licence.qrPayload]);

  const verify = () => {
    setChecking(true);
    setFailure(null);
    verifyLicence(licence.qrPayload)
      .then(setVerification, (e: unknown) => setFailure(describe(e)))
      .finally(() => setChecking(false));
  };

  return (
    <Card
      data-testid={`licence-${licence.type}`}
      title={licence.typeName}
      extra={
        <Tag color={LICENCE_STATUS_COLORS[licence.status]} data-testid="licence-status">
          {t(`licences.status.${licence.status}`)}
        </Tag>
      }
    >
      <Flex gap={16} wrap>
        <div style={{ flex: '1 1 240px' }}>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'number', label: t('licences.field.number'), children: licence.number },
              { key: 'holder', label: t('licences.field.holder'), children: licence.holderName },
              ...licence.fields.map((f) => ({
                key: f.key,
                label: locale === 'en-US' ? f.nameEn : f.name,
                children: Array.isArray(f.value) ? f.value.join('、') : String(f.value ?? ''),
              })),
              {
                key: 'issuer',
                label: t('licences.field.issuer'),
                children: licence.departmentName,
              },
              {
                key: 'valid',
                label: t('licences.field.validity'),
                children: `${formatDateTime(licence.validFrom, locale, { seconds: false })} — ${
                  licence.validUntil
                    ? formatDateTime(licence.validUntil, locale, { seconds: false })
                    : t('licences.field.longTerm')
                }`,
              },
            ]}
          />
        </div>
        <Flex vertical align="center" gap={8} style={{ flex: '0 0 auto' }}>
          {qr ? (
            <img
              src={qr}
              alt={t('licences.qr.alt')}
              width={200}
              height={200}
              data-testid="licence-qr"
            />
          ) : (
            <Skeleton.Image active />
          )}
          <Button size="small" onClick={verify} loading={checking} data-testid="licence-verify">
            {t('licences.verify.action')}
          </Button>
          {verification ? (
            <Tag color={verification.valid ? 'green' : 'red'} data-testid="licence-verification">
              {verification.valid
                ? t('licences.verify.valid')
                : t(`licences.reason.${verification.reason ?? 'malformed'}`)}
            </Tag>
          ) : null}
          {failure ? <Typography.Text type="danger">{failure}</Typography.Text> : null}
        </Flex>
      </Flex>
    </Card>
  );
}
