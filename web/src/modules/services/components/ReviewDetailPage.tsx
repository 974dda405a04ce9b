import { FileSearchOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Input,
  Result,
  Select,
  Skeleton,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../shared/api/problem';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync } from '../../../shared/hooks/use-async';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { useRegionNames } from '../../iot/hooks/use-region-names';
import { formatDateTime } from '../../iot/lib/display';
import { getLicence, verifyLicence } from '../../licences/api/licences-api';
import {
  decideTask,
  downloadUpload,
  getApplication,
  getBundle,
  getItem,
  type Application,
  type Task,
  type TaskAction,
} from '../api/services-api';
import { fieldsOf } from '../lib/form-schema';
import { ACTIONS_NEEDING_REASON } from '../lib/labels';
import {
  ApplicationStatusTag,
  ApplicationTimeline,
  DeadlineTag,
  TaskStatusTag,
} from './ServiceTags';

type MaterialRow = Application['materials'][number];

/** 办件详情 for a reviewer: the form, the materials, each department's task, and the decision. */
export function ReviewDetailPage() {
  const { id = '' } = useParams();
  const describe = useErrorMessage();
  const load = useCallback(
    async (signal: AbortSignal) => {
      const application = await getApplication(id, signal);
      const target =
        application.targetKind === 'bundle'
          ? await getBundle(application.targetId, signal)
          : await getItem(application.targetId, signal);
      return { application, schema: target.form as unknown };
    },
    [id],
  );
  const data = useAsync(load);
  if (data.status === 'loading') return <Skeleton active paragraph={{ rows: 10 }} />;
  if (data.status === 'error') return <Result status="warning" subTitle={describe(data.error)} />;
  return (
    <ReviewDetail
      application={data.data.application}
      schema={data.data.schema}
      reload={data.reload}
    />
  );
}

function ReviewDetail({
  application: a,
  schema,
  reload,
}: {
  application: Application;
  schema: unknown;
  reload: () => void;
}) {
  const { t, locale } = useI18n();
  const regionName = useRegionNames();
  const fields = useMemo(() => fieldsOf(schema, locale), [schema, locale]);
  const mine = a.tasks.filter((task) => task.availableActions.length > 0);
  const show = (value: unknown) =>
    Array.isArray(value) ? value.join('、') : value === undefined ? '—' : String(value);

  return (
    <Flex vertical gap={16} data-testid="review-detail">
      <Card
        title={
          <Flex gap={8} align="center" wrap>
            <Link to="/workbench/applications">{t('services.queue.title')}</Link>
            <span>/</span>
            <span>{a.number}</span>
            <ApplicationStatusTag status={a.status} />
          </Flex>
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'target', label: t('services.field.target'), children: a.targetName },
            { key: 'applicant', label: t('services.field.applicant'), children: a.applicantName },
            {
              key: 'identifier',
              label: t('services.field.identifier'),
              children: a.applicantIdentifier ?? '—',
            },
            { key: 'phone', label: t('services.field.phone'), children: a.applicantPhone ?? '—' },
            {
              key: 'district',
              label: t('services.field.district'),
              children: regionName(a.districtId) || '—',
            },
            {
              key: 'submitted',
              label: t('services.field.submittedAt'),
              children: formatDateTime(a.submittedAt, locale, { seconds: false }) || '—',
            },
            {
              key: 'promised',
              label: t('services.field.promisedBy'),
              children: formatDateTime(a.promisedBy, locale, { seconds: false }) || '—',
            },
            {
              key: 'days',
              label: t('services.detail.days'),
              children: t('services.days', {
                promised: a.promisedDays,
                statutory: a.statutoryDays,
              }),
            },
          ]}
        />
      </Card>

      {mine.map((task) => (
        <DecisionPanel
          key={task.id}
          task={task}
          application={a}
          fields={fields.map((f) => ({ name: f.name, label: f.label }))}
          onDone={reload}
        />
      ))}

      <Card title={t('services.review.form')}>
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, lg: 2 }}
          items={fields.map((f) => ({
            key: f.name,
            label: f.label,
            children: show(a.form[f.name]),
          }))}
        />
      </Card>

      <Card title={t('services.detail.materials')}>
        <MaterialsTable materials={a.materials} />
      </Card>

      <Card title={t('services.progress.departments')}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={a.tasks}
          columns={[
            {
              title: t('services.field.task'),
              key: 'name',
              render: (_, task: Task) =>
                task.kind === 'acceptance' ? t('services.taskKind.acceptance') : task.name,
            },
            { title: t('services.detail.department'), dataIndex: 'departmentName' },
            {
              title: t('services.field.status'),
              key: 'status',
              render: (_, task: Task) => <TaskStatusTag status={task.status} />,
            },
            {
              title: t('services.field.deadline'),
              key: 'deadline',
              render: (_, task: Task) => <DeadlineTag task={task} />,
            },
            {
              title: t('services.review.reviewer'),
              dataIndex: 'reviewerName',
              render: (v: string | null) => v ?? '—',
            },
            {
              title: t('services.review.reason'),
              dataIndex: 'decisionReason',
              render: (v: string | null) => v ?? '—',
            },
          ]}
        />
      </Card>

      <Card title={t('services.progress.timeline')}>
        <ApplicationTimeline timeline={a.timeline} />
      </Card>
    </Flex>
  );
}

function MaterialsTable({ materials }: { materials: MaterialRow[] }) {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const [checks, setChecks] = useState<Record<string, { valid: boolean; reason: string | null }>>(
    {},
  );

  const open = (uploadId: string) => {
    // Open the tab at once (a later window.open would be blocked), then point it at the file.
    const tab = window.open('', '_blank');
    downloadUpload(uploadId).then(
      (blob) => {
        const url = URL.createObjectURL(blob);
        if (tab) tab.location.href = url;
        else window.location.assign(url);
      },
      (e: unknown) => {
        tab?.close();
        void message.error(describe(e));
      },
    );
  };
  const verify = (licenceId: string) => {
    getLicence(licenceId)
      .then((licence) => verifyLicence(licence.jws))
      .then(
        (result) =>
          setChecks((c) => ({ ...c, [licenceId]: { valid: result.valid, reason: result.reason } })),
        (e: unknown) => void message.error(describe(e)),
      );
  };

  const columns: TableColumnsType<MaterialRow> = [
    { title: t('services.review.material'), dataIndex: 'name' },
    {
      title: t('services.review.source'),
      key: 'source',
      render: (_, m) => <Tag>{t(`services.material.source.${m.source}`)}</Tag>,
    },
    {
      title: t('services.review.content'),
      key: 'content',
      render: (_, m) => {
        if (m.upload) {
          const upload = m.upload;
          return (
            <Button size="small" icon={<FileSearchOutlined />} onClick={() => open(upload.id)}>
              {upload.fileName ?? t('services.review.open')} ({Math.ceil(upload.size / 1024)} KB)
            </Button>
          );
        }
        if (m.licenceId) {
          const check = checks[m.licenceId];
          const licenceId = m.licenceId;
          return (
            <Flex gap={8} align="center" wrap>
              <SafetyCertificateOutlined style={{ color: '#52c41a' }} />
              <span>{m.licenceNumber}</span>
              <Typography.Text type="secondary">
                {m.consentedAt
                  ? t('services.review.consented', {
                      when: formatDateTime(m.consentedAt, locale, { seconds: false }),
                    })
                  : t('services.review.noConsent')}
              </Typography.Text>
              <Button size="small" onClick={() => verify(licenceId)}>
                {t('licences.verify.action')}
              </Button>
              {check ? (
                <Tag color={check.valid ? 'green' : 'red'}>
                  {check.valid
                    ? t('licences.verify.valid')
                    : t(`licences.reason.${(check.reason ?? 'malformed') as 'malformed'}`)}
                </Tag>
              ) : null}
            </Flex>
          );
        }
        return (
          <Typography.Text type="secondary">{t('services.apply.fromDataset')}</Typography.Text>
        );
      },
    },
  ];
  return (
    <Table rowKey="key" size="small" pagination={false} columns={columns} dataSource={materials} />
  );
}

function DecisionPanel({
  task,
  application,
  fields,
  onDone,
}: {
  task: Task;
  application: Application;
  fields: Array<{ name: string; label: string }>;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const [items, setItems] = useState<string[]>([]);
  const [busy, setBusy] = useState<TaskAction | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const act = (action: TaskAction) => {
    if (ACTIONS_NEEDING_REASON.has(action) && !reason.trim()) {
      setProblem(t('services.review.reasonRequired'));
      return;
    }
    setBusy(action);
    setProblem(null);
    decideTask(task.id, {
      action,
      version: task.version,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(action === 'request_supplement' && items.length ? { items } : {}),
    })
      .then(
        () => {
          void message.success(
            t('services.review.done', { action: t(`services.action.${action}`) }),
          );
          onDone();
        },
        (error: unknown) => {
          if (isApiError(error) && error.status === 409) {
            void message.warning(t('services.review.conflict'));
            onDone();
            return;
          }
          setProblem(describe(error));
        },
      )
      .finally(() => setBusy(null));
  };

  const supplementOptions = [
    ...fields.map((f) => ({ value: `/form/${f.name}`, label: f.label })),
    ...application.materials.map((m) => ({ value: `/materials/${m.key}`, label: m.name })),
  ];

  return (
    <Card
      data-testid="decision-panel"
      title={
        <Flex gap={8} align="center" wrap>
          {t('services.review.decide', {
            task: task.kind === 'acceptance' ? t('services.taskKind.acceptance') : task.name,
          })}
          <TaskStatusTag status={task.status} />
          <DeadlineTag task={task} />
        </Flex>
      }
    >
      <Flex vertical gap={12}>
        <Input.TextArea
          data-testid="decision-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('services.review.reasonPlaceholder')}
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={2000}
        />
        {task.availableActions.includes('request_supplement') ? (
          <Select
            mode="multiple"
            allowClear
            value={items}
            onChange={setItems}
            options={supplementOptions}
            placeholder={t('services.review.supplementItems')}
          />
        ) : null}
        {problem ? <Typography.Text type="danger">{problem}</Typography.Text> : null}
        <Flex gap={8} wrap>
          {task.availableActions.map((action) => (
            <Button
              key={action}
              data-testid={`action-${action}`}
              type={action === 'approve' || action === 'accept' ? 'primary' : 'default'}
              danger={action === 'reject' || action === 'refuse'}
              loading={busy === action}
              disabled={busy !== null}
              onClick={() => act(action)}
            >
              {t(`services.action.${action}`)}
            </Button>
          ))}
        </Flex>
      </Flex>
    </Card>
  );
}
