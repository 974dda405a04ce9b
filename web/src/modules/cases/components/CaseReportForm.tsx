import './cases.css';
import { AimOutlined, EnvironmentOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, Input, Radio, Select, Skeleton, Typography } from 'antd';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import type { LocateResult } from '../../../shared/api/types';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { locatePoint } from '../../regions/api/regions-api';
import { reportCase, type IntakeResult } from '../api/cases-api';
import { useCaseReference } from '../hooks/use-case-reference';
import { bigClassesOf, smallClassesOf } from '../lib/case-classes';
import {
  geolocationFailureOf,
  intakeBody,
  reportProblems,
  type GeolocationFailure,
  type PickedPoint,
  type ReportProblem,
} from '../lib/case-report';
import { PhotoUpload } from './PhotoUpload';

// The map engine loads only when the form shows: the portal's first screen stays light.
const CaseMap = lazy(() => import('./CaseMap').then((m) => ({ default: m.CaseMap })));

interface CaseReportFormProps {
  /** Grid workers must send a photo; citizens may. */
  photoRequired: boolean;
  onSubmitted: (result: IntakeResult) => void;
}

type Located = { status: 'idle' } | { status: 'done'; result: LocateResult } | { status: 'failed' };

/**
 * 信息采集 on a phone: photo from the rear camera, position from GPS (or a tap on the map),
 * big class → small class, a description, and send.
 */
export function CaseReportForm({ photoRequired, onSubmitted }: CaseReportFormProps) {
  const { t } = useI18n();
  const describe = useErrorMessage();
  const { classes, loaded } = useCaseReference();
  const [bigKey, setBigKey] = useState<string | undefined>();
  const [classId, setClassId] = useState<string | undefined>();
  const [description, setDescription] = useState('');
  const [address, setAddress] = useState('');
  const [photoIds, setPhotoIds] = useState<string[]>([]);
  const [point, setPoint] = useState<PickedPoint | null>(null);
  const [locating, setLocating] = useState(false);
  const [gpsFailure, setGpsFailure] = useState<GeolocationFailure | null>(null);
  const [located, setLocated] = useState<Located>({ status: 'idle' });
  const [problems, setProblems] = useState<ReportProblem[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [sending, setSending] = useState(false);

  const bigClasses = useMemo(() => bigClassesOf(classes), [classes]);
  const smallClasses = useMemo(() => smallClassesOf(classes, bigKey), [classes, bigKey]);

  // Which grid the point falls in, so the reporter sees where the report will go.
  useEffect(() => {
    if (!point) return;
    const controller = new AbortController();
    locatePoint(point.lat, point.lng, controller.signal).then(
      (result) => setLocated({ status: 'done', result }),
      () => {
        if (!controller.signal.aborted) setLocated({ status: 'failed' });
      },
    );
    return () => controller.abort();
  }, [point]);

  const locateByGps = () => {
    setGpsFailure(null);
    if (!('geolocation' in navigator)) {
      setGpsFailure(geolocationFailureOf(null));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        setPoint({
          lng: position.coords.longitude,
          lat: position.coords.latitude,
          via: 'gps',
          accuracy: Math.round(position.coords.accuracy),
        });
      },
      (error) => {
        setLocating(false);
        setGpsFailure(geolocationFailureOf(error.code));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 30_000 },
    );
  };

  const submit = async () => {
    const draft = { classId, description, address, point, photoIds };
    const missing = reportProblems(draft, { photoRequired });
    setProblems(missing);
    setFailure(null);
    if (missing.length > 0) return;
    setSending(true);
    try {
      onSubmitted(await reportCase(intakeBody(draft)));
    } catch (error) {
      setFailure(error);
    } finally {
      setSending(false);
    }
  };

  const place =
    located.status === 'done' && located.result.grid
      ? [located.result.grid.name, located.result.street?.name, located.result.district?.name]
          .filter(Boolean)
          .join(' · ')
      : null;

  return (
    <Form layout="vertical" className="onecity-case-report" data-testid="case-report-form">
      <Form.Item label={t('cases.report.photos')} required={photoRequired}>
        <PhotoUpload value={photoIds} onChange={setPhotoIds} testId="report-photos" />
      </Form.Item>

      <Form.Item label={t('cases.report.where')} required>
        <Flex vertical gap={8}>
          <Button
            size="large"
            icon={<AimOutlined />}
            loading={locating}
            onClick={locateByGps}
            data-testid="report-gps"
            block
          >
            {t('cases.report.useGps')}
          </Button>
          {gpsFailure ? (
            <Alert type="info" showIcon title={t(`cases.report.gps.${gpsFailure}`)} />
          ) : null}
          <Typography.Text type="secondary">{t('cases.report.pickHint')}</Typography.Text>
          <div className="onecity-case-report-map">
            <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 260 }} />}>
              <CaseMap
                testId="report-map"
                point={point}
                grid={
                  located.status === 'done' && located.result.grid && located.result.street
                    ? { gridId: located.result.grid.id, streetId: located.result.street.id }
                    : null
                }
                onPick={(picked) => setPoint({ ...picked, via: 'map' })}
              />
            </Suspense>
          </div>
          {point ? (
            <Flex vertical gap={2} data-testid="report-point" data-via={point.via}>
              <Typography.Text>
                <EnvironmentOutlined />{' '}
                {place ??
                  (located.status === 'failed'
                    ? t('cases.report.locateFailed')
                    : located.status === 'done'
                      ? t('cases.report.outsideCity')
                      : '…')}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(point.via === 'gps' ? 'cases.report.viaGps' : 'cases.report.viaMap', {
                  lng: point.lng.toFixed(6),
                  lat: point.lat.toFixed(6),
                  accuracy: point.accuracy ?? '—',
                })}
              </Typography.Text>
            </Flex>
          ) : null}
          <Input
            size="large"
            data-testid="report-address"
            placeholder={t('cases.report.address')}
            maxLength={200}
            value={address}
            onChange={(event) => setAddress(event.target.value)}
          />
        </Flex>
      </Form.Item>

      <Form.Item label={t('cases.report.class')} required>
        {loaded ? (
          <Flex vertical gap={8}>
            <Select
              size="large"
              data-testid="report-big-class"
              placeholder={t('cases.report.bigClass')}
              value={bigKey}
              onChange={(value) => {
                setBigKey(value);
                setClassId(undefined);
              }}
              options={(['event', 'component'] as const).map((kind) => ({
                label: t(`cases.kind.${kind}`),
                options: bigClasses
                  .filter((b) => b.kind === kind)
                  .map((b) => ({ value: b.key, label: b.name })),
              }))}
            />
            {bigKey ? (
              <Radio.Group
                value={classId}
                onChange={(event) => setClassId(String(event.target.value))}
                data-testid="report-small-class"
                className="onecity-case-small-classes"
              >
                {smallClasses.map((c) => (
                  <Radio.Button key={c.id} value={c.id} data-testid={`report-class-${c.id}`}>
                    {c.smallName}
                  </Radio.Button>
                ))}
              </Radio.Group>
            ) : null}
          </Flex>
        ) : (
          <Skeleton.Input active block />
        )}
      </Form.Item>

      <Form.Item label={t('cases.report.description')} required>
        <Input.TextArea
          rows={4}
          maxLength={2000}
          showCount
          data-testid="report-description"
          placeholder={t('cases.report.descriptionHint')}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
      </Form.Item>

      {problems.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          data-testid="report-missing"
          style={{ marginBottom: 12 }}
          title={problems.map((p) => t(`cases.report.missing.${p}`)).join(' ')}
        />
      ) : null}
      {failure ? (
        <Alert
          type="error"
          showIcon
          data-testid="report-error"
          style={{ marginBottom: 12 }}
          title={describe(failure)}
        />
      ) : null}
      <Button
        type="primary"
        size="large"
        block
        icon={<SendOutlined />}
        loading={sending}
        onClick={() => void submit()}
        data-testid="report-submit"
      >
        {t('cases.report.submit')}
      </Button>
    </Form>
  );
}
