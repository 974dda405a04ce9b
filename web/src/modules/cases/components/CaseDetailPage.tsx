import './cases.css';
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Image,
  List,
  Result,
  Row,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import { useCallback, useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync } from '../../../shared/hooks/use-async';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { formatDateTime } from '../../iot/lib/display';
import { getCase, type CaseDetail } from '../api/cases-api';
import { useCaseReference } from '../hooks/use-case-reference';
import { usePhotoUrls } from '../hooks/use-photo-urls';
import { isDanger, orderActions } from '../lib/case-actions';
import { duplicateList, formatDistance } from '../lib/case-duplicates';
import { isCaseSource } from '../lib/case-filters';
import { assigneeOf, classNameOf, departmentName, placeOf } from '../lib/case-status';
import { useCaseAction } from './CaseActionModal';
import { CaseMap } from './CaseMap';
import { CaseTimeline } from './CaseTimeline';
import { CaseFlags, DeadlineTag, PriorityTag, StageTag } from './CaseTags';

/** 案件详情: what, where, who, the steps so far and the buttons for the next one. */
export function CaseDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const describe = useErrorMessage();
  const load = useCallback((signal: AbortSignal) => getCase(id, signal), [id]);
  const detail = useAsync(load);
  const { start, element } = useCaseAction(() => detail.reload());

  if (detail.status === 'error') {
    return (
      <Result
        status="warning"
        subTitle={describe(detail.error)}
        extra={<Button onClick={() => void navigate('/workbench/cases')}>{t('cases.back')}</Button>}
      />
    );
  }
  if (detail.status === 'loading') return <Skeleton active paragraph={{ rows: 12 }} />;
  const c = detail.data;
  return (
    <Flex vertical gap={16} data-testid="case-detail" data-stage={c.stage} data-version={c.version}>
      <Card
        title={
          <Flex gap={8} align="center" wrap>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              aria-label={t('cases.back')}
              onClick={() => void navigate(-1)}
            />
            <span data-testid="case-number">{c.number}</span>
            <StageTag stage={c.stage} />
            <PriorityTag priority={c.priority} />
            <DeadlineTag c={c} />
            <CaseFlags c={c} />
          </Flex>
        }
        extra={
          <Button
            icon={<ReloadOutlined />}
            onClick={detail.reload}
            aria-label={t('common.refresh')}
          />
        }
      >
        <Flex gap={8} wrap data-testid="case-actions">
          {orderActions(c.availableActions).map((action, index) => (
            <Button
              key={action}
              type={index === 0 && !isDanger(action) ? 'primary' : 'default'}
              danger={isDanger(action)}
              data-testid={`case-action-${action}`}
              onClick={() => start(c, action)}
            >
              {t(`cases.action.${action}`)}
            </Button>
          ))}
          {c.availableActions.length === 0 ? (
            <Typography.Text type="secondary">{t('cases.detail.noActions')}</Typography.Text>
          ) : null}
        </Flex>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={13}>
          <Flex vertical gap={16}>
            <CaseFacts c={c} />
            <Card title={t('cases.detail.timeline')} size="small">
              <TimelineWithPhotos c={c} />
            </Card>
          </Flex>
        </Col>
        <Col xs={24} xl={11}>
          <Flex vertical gap={16}>
            <Card title={t('cases.detail.map')} size="small" styles={{ body: { height: 320 } }}>
              <CaseMap
                point={{ lng: c.location[0] ?? 0, lat: c.location[1] ?? 0 }}
                grid={{ streetId: c.streetId, gridId: c.gridId }}
              />
            </Card>
            <PhotosCard c={c} />
            <SideLists c={c} />
          </Flex>
        </Col>
      </Row>
      {element}
    </Flex>
  );
}

function CaseFacts({ c }: { c: CaseDetail }) {
  const { t, locale } = useI18n();
  const { departments } = useCaseReference();
  const assignee = assigneeOf(c, departments, locale);
  const suggestion = c.suggestedAssignment;
  const when = (value: string | null) =>
    value ? formatDateTime(value, locale, { seconds: false }) : '—';
  return (
    <Card title={t('cases.detail.facts')} size="small">
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
        <Descriptions.Item label={t('cases.field.class')} span={2}>
          {classNameOf(c, locale)} <Typography.Text type="secondary">({c.classId})</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.field.description')} span={2}>
          <span data-testid="case-description">{c.description}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.field.place')} span={2}>
          {placeOf(c, locale)}
          {c.address ? ` · ${c.address}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.field.source')}>
          {t(`cases.source.${c.source}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.field.reporter')}>
          {[c.reporterName, c.reporterPhone].filter(Boolean).join(' ') || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.field.assignee')}>
          {assignee
            ? assignee.kind === 'grid'
              ? t('cases.dispatch.keepInGrid')
              : assignee.name
            : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.field.level')}>
          {t(`cases.level.${c.escalationLevel}`)}
        </Descriptions.Item>
        {suggestion ? (
          <Descriptions.Item label={t('cases.field.suggested')} span={2}>
            <span data-testid="case-suggested">
              {suggestion.kind === 'grid'
                ? t('cases.dispatch.keepInGrid')
                : departmentName(departments, suggestion.departmentId ?? '', locale)}
            </span>
          </Descriptions.Item>
        ) : null}
        {c.componentId ? (
          <Descriptions.Item label={t('cases.field.componentId')} span={2}>
            {c.componentId}
          </Descriptions.Item>
        ) : null}
        {c.extensionRequest ? (
          <Descriptions.Item label={t('cases.field.extension')} span={2}>
            {t('cases.flag.extension', { hours: c.extensionRequest.hours })}
            {c.extensionRequest.reason ? ` · ${c.extensionRequest.reason}` : ''}
          </Descriptions.Item>
        ) : null}
        {c.masterCaseId ? (
          <Descriptions.Item label={t('cases.field.master')} span={2}>
            <Link to={`/workbench/cases/${c.masterCaseId}`}>{t('cases.detail.openMaster')}</Link>
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('cases.field.reportedAt')}>
          {when(c.createdAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.field.registeredAt')}>
          {when(c.registeredAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.field.dispatchedAt')}>
          {when(c.dispatchedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.field.reportedBackAt')}>
          {when(c.reportedBackAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.field.verifiedAt')}>
          {when(c.verifiedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.field.closedAt')}>{when(c.closedAt)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function TimelineWithPhotos({ c }: { c: CaseDetail }) {
  const ids = useMemo(() => c.timeline.flatMap((e) => e.photoIds), [c.timeline]);
  const urls = usePhotoUrls(ids);
  return <CaseTimeline entries={c.timeline} photoUrls={urls} />;
}

function PhotosCard({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  const ids = useMemo(() => c.photos.map((p) => p.id), [c.photos]);
  const urls = usePhotoUrls(ids);
  return (
    <Card title={t('cases.detail.photos', { count: c.photos.length })} size="small">
      {c.photos.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.detail.noPhotos')} />
      ) : (
        <Image.PreviewGroup>
          <Flex gap={8} wrap data-testid="case-photos" data-loaded={urls.size}>
            {c.photos.map((p) =>
              urls.get(p.id) ? (
                <Image
                  key={p.id}
                  width={96}
                  height={96}
                  style={{ objectFit: 'cover', borderRadius: 6 }}
                  src={urls.get(p.id)}
                  alt={t('cases.photo.alt')}
                />
              ) : (
                <Skeleton.Image key={p.id} active style={{ width: 96, height: 96 }} />
              ),
            )}
          </Flex>
        </Image.PreviewGroup>
      )}
    </Card>
  );
}

function SideLists({ c }: { c: CaseDetail }) {
  const { t, locale } = useI18n();
  const duplicates = duplicateList(c.possibleDuplicates, c.id);
  return (
    <>
      {duplicates.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          data-testid="case-duplicates"
          title={t('cases.duplicates.title', { count: duplicates.length })}
          description={
            <Space direction="vertical" size={2}>
              {duplicates.map((d) => (
                <Link key={d.id} to={`/workbench/cases/${d.id}`}>
                  {d.number} · {formatDistance(d.distanceMeters)} · {d.description}
                </Link>
              ))}
            </Space>
          }
        />
      ) : null}
      {c.notDuplicateCases.length > 0 ? (
        <Alert
          type="info"
          showIcon
          data-testid="case-not-duplicate"
          title={t(
            c.source === 'citizen'
              ? 'cases.duplicates.declinedCitizen'
              : 'cases.duplicates.declinedReporter',
          )}
          description={
            <Space direction="vertical" size={2}>
              <span>{t('cases.duplicates.declinedExplain')}</span>
              {c.notDuplicateCases.map((d) => (
                <span key={d.id}>
                  <Link to={`/workbench/cases/${d.id}`}>{d.number}</Link>{' '}
                  <Typography.Text type="secondary" copyable={{ text: d.id }}>
                    {d.id}
                  </Typography.Text>
                </span>
              ))}
            </Space>
          }
        />
      ) : null}
      <Card title={t('cases.detail.reporters', { count: c.reporters.length })} size="small">
        <List
          size="small"
          data-testid="case-reporters"
          dataSource={c.reporters}
          locale={{ emptyText: t('cases.detail.noReporters') }}
          renderItem={(r) => (
            <List.Item>
              <Flex justify="space-between" style={{ width: '100%' }} gap={8} wrap>
                <span>{r.reporterName ?? t('cases.detail.anonymous')}</span>
                <Typography.Text type="secondary">
                  {isCaseSource(r.source) ? t(`cases.source.${r.source}`) : r.source} ·{' '}
                  {formatDateTime(r.reportedAt, locale, { seconds: false })}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
        {c.mergedCases.length > 0 ? (
          <Flex gap={8} wrap style={{ marginTop: 8 }}>
            <Typography.Text type="secondary">{t('cases.detail.merged')}</Typography.Text>
            {c.mergedCases.map((m) => (
              <Link key={m.id} to={`/workbench/cases/${m.id}`}>
                {m.number}
              </Link>
            ))}
          </Flex>
        ) : null}
      </Card>
    </>
  );
}
