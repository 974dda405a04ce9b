import './cases.css';
import { AimOutlined, EnvironmentOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, Input, Radio, Select, Skeleton, Typography } from 'antd';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import type { LocateResult } from '../../../shared/api/types';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { locatePoint } from '../../regions/api/regions-api';
import {
  checkDuplicates,
  reportCase,
  type IntakeResult,
  type PossibleDuplicate,
} from '../api/cases-api';
import { useCaseReference } from '../hooks/use-case-reference';
import { bigClassesOf, smallClassesOf, smallNameOf } from '../lib/case-classes';
import {
  duplicateCheckKey,
  geolocationFailureOf,
  intakeBody,
  nextReportStep,
  reportProblems,
  type GeolocationFailure,
  type PickedPoint,
  roundCoordinate,
  type ReportProblem,
} from '../lib/case-report';
import { DuplicateSummary } from './DuplicateSummary';
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
  const { t, locale } = useI18n();
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
  // The duplicate check made before sending: the open cases nearby the reporter is shown.
  const [check, setCheck] = useState<{ key: string; duplicates: PossibleDuplicate[] } | null>(null);
  const [sameProblem, setSameProblem] = useState(false);

  const bigClasses = useMemo(() => bigClassesOf(classes, locale), [classes, locale]);
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

  /** notDuplicate: the reporter was shown the open cases nearby and said "不是同一件事". */
  const submit = async (notDuplicate = false) => {
    const draft = { classId, description, address, point, photoIds };
    const missing = reportProblems(draft, { photoRequired });
    setProblems(missing);
    setFailure(null);
    setSameProblem(false);
    if (missing.length > 0) return;
    setSending(true);
    try {
      const shown = check && { key: check.key, shownIds: check.duplicates.map((d) => d.id) };
      let step = nextReportStep(draft, shown, notDuplicate);
      if (step.kind === 'check' && draft.classId && draft.point) {
        const { possibleDuplicates } = await checkDuplicates({
          classId: draft.classId,
          lng: roundCoordinate(draft.point.lng),
          lat: roundCoordinate(draft.point.lat),
        });
        const key = duplicateCheckKey(draft) as string;
        setCheck({ key, duplicates: possibleDuplicates });
        step = nextReportStep(
          draft,
          { key, shownIds: possibleDuplicates.map((d) => d.id) },
          notDuplicate,
        );
      }
      if (step.kind === 'send')
        onSubmitted(await reportCase(intakeBody(draft, step.notDuplicateOf)));
    } catch (error) {
      setFailure(error);
    } finally {
      setSending(false);
    }
  };

  // The check answers for the class and point it was made for; changing either asks again.
  const currentKey = duplicateCheckKey({ classId, point });
  const asking =
    check && check.key === currentKey && check.duplicates.length > 0 ? check.duplicates : null;

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
                    {smallNameOf(c, locale)}
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
      {asking && !sameProblem ? (
        <Flex vertical gap={8} data-testid="report-duplicate-check" style={{ marginBottom: 12 }}>
          <Alert
            type="warning"
            showIcon
            title={t('cases.duplicates.title', { count: asking.length })}
            description={t('cases.duplicates.before')}
          />
          {asking.map((d) => (
            <DuplicateSummary key={d.id} duplicate={d} />
          ))}
          <Button
            type="primary"
            size="large"
            block
            loading={sending}
            data-testid="report-not-duplicate"
            onClick={() => void submit(true)}
          >
            {t('cases.duplicates.notSame')}
          </Button>
          <Button
            size="large"
            block
            data-testid="report-same-problem"
            onClick={() => setSameProblem(true)}
          >
            {t('cases.duplicates.same')}
          </Button>
        </Flex>
      ) : (
        <>
          {asking && sameProblem ? (
            <Alert
              type="info"
              showIcon
              data-testid="report-same-ack"
              style={{ marginBottom: 12 }}
              title={t('cases.duplicates.sameAck')}
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
        </>
      )}
    </Form>
  );
}
