import './cases.css';
import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Flex,
  Image,
  Result,
  Skeleton,
  Steps,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useCallback, useMemo } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync } from '../../../shared/hooks/use-async';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { formatDateTime } from '../../iot/lib/display';
import { getCase } from '../api/cases-api';
import { usePhotoUrls } from '../hooks/use-photo-urls';
import {
  CITIZEN_STATUS_COLORS,
  CITIZEN_STEPS,
  citizenStatusOf,
  citizenStepIndex,
  replyOf,
  timelineLabelOf,
  classNameOf,
  districtOf,
} from '../lib/case-status';

/** One of my reports: where it stands in four plain steps, and the answer once there is one. */
export function ReportProgressPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const describe = useErrorMessage();
  const load = useCallback((signal: AbortSignal) => getCase(id, signal), [id]);
  const detail = useAsync(load);
  const photoIds = useMemo(
    () => (detail.status === 'success' ? detail.data.photos.map((p) => p.id) : []),
    [detail],
  );
  const urls = usePhotoUrls(photoIds);

  if (detail.status === 'loading') return <Skeleton active paragraph={{ rows: 8 }} />;
  if (detail.status === 'error') {
    return <Result status="warning" subTitle={describe(detail.error)} />;
  }
  const c = detail.data;
  const status = citizenStatusOf(c.stage);
  const step = citizenStepIndex(c.stage);
  const reply = replyOf(c);
  const labelOf = (action: string) => {
    const label = timelineLabelOf(action);
    if (label.type === 'action') return t(`cases.action.${label.action}`);
    if (label.type === 'event') return t(`cases.timeline.${label.event}`);
    return label.text;
  };
  return (
    <Card
      data-testid="report-progress"
      data-stage={c.stage}
      title={
        <Flex gap={8} align="center">
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            aria-label={t('cases.back')}
            onClick={() => void navigate('/portal/reports')}
          />
          {classNameOf(c, locale)}
        </Flex>
      }
      extra={<Tag color={CITIZEN_STATUS_COLORS[status]}>{t(`cases.citizen.${status}`)}</Tag>}
    >
      <Flex vertical gap={16}>
        {step >= 0 ? (
          <Steps
            size="small"
            direction="horizontal"
            responsive={false}
            current={step}
            items={CITIZEN_STEPS.map((s) => ({ title: t(`cases.citizen.${s}`) }))}
          />
        ) : null}
        {reply ? (
          <Alert
            type={reply.action === 'close' ? 'success' : 'warning'}
            showIcon
            data-testid="report-reply"
            title={t(
              reply.action === 'close' ? 'cases.citizen.reply' : 'cases.citizen.rejectReason',
            )}
            description={reply.note}
          />
        ) : null}
        <Typography.Paragraph style={{ margin: 0 }}>{c.description}</Typography.Paragraph>
        <Typography.Text type="secondary">
          {c.number} · {districtOf(c, locale)} {c.regionNames.street}
          {c.address ? ` · ${c.address}` : ''}
        </Typography.Text>
        {photoIds.length > 0 ? (
          <Image.PreviewGroup>
            <Flex gap={8} wrap>
              {photoIds.map((pid) =>
                urls.get(pid) ? (
                  <Image
                    key={pid}
                    width={80}
                    height={80}
                    style={{ objectFit: 'cover', borderRadius: 6 }}
                    src={urls.get(pid)}
                    alt={t('cases.photo.alt')}
                  />
                ) : null,
              )}
            </Flex>
          </Image.PreviewGroup>
        ) : null}
        <Timeline
          items={c.timeline
            .filter((e) => timelineLabelOf(e.action).type !== 'other')
            .map((e) => ({
              key: e.id,
              content: (
                <Flex gap={8} wrap>
                  <Typography.Text>{labelOf(e.action)}</Typography.Text>
                  <Typography.Text type="secondary">
                    {formatDateTime(e.at, locale, { seconds: false })}
                  </Typography.Text>
                </Flex>
              ),
            }))}
        />
      </Flex>
    </Card>
  );
}
