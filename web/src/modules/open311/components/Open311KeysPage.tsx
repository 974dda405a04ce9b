import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Result,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync } from '../../../shared/hooks/use-async';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { ProblemsAlert } from '../../../shared/ui/ProblemsAlert';
import { SecretOnceModal } from '../../../shared/ui/SecretOnceModal';
import { formatDateTime } from '../../iot/lib/display';
import {
  issueOpen311Key,
  listOpen311Keys,
  revokeOpen311Key,
  type Open311Key,
} from '../api/open311-api';
import {
  emptyKeyDraft,
  keyDraftProblems,
  keyDraftToBody,
  keyLiveness,
  type KeyDraft,
} from '../lib/key-form';

const livenessColor = { never: 'default', hour: 'green', day: 'blue', idle: 'orange' } as const;

/** Open311 · 第三方接入密钥: API keys of third parties reporting through GeoReport v2. */
export function Open311KeysPage() {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const keys = useAsync(listOpen311Keys);
  const [issuing, setIssuing] = useState(false);
  const [issued, setIssued] = useState<{ name: string; apiKey: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const revoke = async (key: Open311Key) => {
    setBusy(key.id);
    try {
      await revokeOpen311Key(key.id);
      keys.reload();
    } catch (error) {
      void message.error(describe(error));
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<Open311Key> = [
    {
      title: t('open311Admin.name'),
      dataIndex: 'name',
      render: (name: string, k) => (
        <Flex vertical>
          <Typography.Text strong>{name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {k.contact}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('open311Admin.prefix'),
      dataIndex: 'keyPrefix',
      render: (prefix: string) => <Typography.Text code>{`${prefix}…`}</Typography.Text>,
    },
    {
      title: t('open311Admin.rate'),
      dataIndex: 'ratePerMinute',
      render: (rate: number) => t('open311Admin.rateValue', { rate }),
    },
    {
      title: t('open311Admin.lastUsed'),
      dataIndex: 'lastUsedAt',
      render: (at: string | null) => {
        const liveness = keyLiveness(at);
        return (
          <Flex vertical>
            <Tag color={livenessColor[liveness]} style={{ width: 'fit-content' }}>
              {t(`open311Admin.liveness.${liveness}` as 'open311Admin.liveness.never')}
            </Tag>
            {at && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(at, locale, { seconds: false })}
              </Typography.Text>
            )}
          </Flex>
        );
      },
    },
    {
      title: t('open311Admin.created'),
      dataIndex: 'createdAt',
      render: (at: string) => formatDateTime(at, locale, { seconds: false }),
    },
    {
      title: t('open311Admin.status'),
      dataIndex: 'status',
      render: (status: Open311Key['status'], k) =>
        status === 'revoked' ? (
          <Tag>{t('open311Admin.revoked')}</Tag>
        ) : (
          <Flex gap={8} align="center">
            <Tag color="green">{t('open311Admin.active')}</Tag>
            <Popconfirm title={t('open311Admin.revokeConfirm')} onConfirm={() => void revoke(k)}>
              <Button
                size="small"
                danger
                loading={busy === k.id}
                data-testid={`open311-revoke-${k.id}`}
              >
                {t('open311Admin.revoke')}
              </Button>
            </Popconfirm>
          </Flex>
        ),
    },
  ];

  return (
    <Card
      title={t('open311Admin.title')}
      extra={
        <Flex gap={8}>
          <Button icon={<ReloadOutlined />} onClick={keys.reload}>
            {t('common.refresh')}
          </Button>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setIssuing(true)}
            data-testid="open311-issue"
          >
            {t('open311Admin.issue')}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('open311Admin.intro')}</Typography.Paragraph>
      {keys.status === 'error' ? (
        <Result
          status="error"
          subTitle={describe(keys.error)}
          extra={<Button onClick={keys.reload}>{t('common.retry')}</Button>}
        />
      ) : (
        <Table<Open311Key>
          rowKey="id"
          size="small"
          loading={keys.status === 'loading'}
          dataSource={keys.status === 'success' ? keys.data : []}
          columns={columns}
          pagination={false}
          data-testid="open311-keys"
        />
      )}
      <IssueModal
        open={issuing}
        onClose={() => setIssuing(false)}
        onIssued={(name, apiKey) => {
          setIssuing(false);
          setIssued({ name, apiKey });
          keys.reload();
        }}
      />
      <SecretOnceModal
        secret={issued?.apiKey ?? null}
        title={t('open311Admin.issuedTitle')}
        hint={t('open311Admin.issuedHint')}
        onClose={() => setIssued(null)}
        testId="open311-issued-key"
      >
        <Typography.Text strong>{issued?.name}</Typography.Text>
      </SecretOnceModal>
    </Card>
  );
}

function IssueModal(props: {
  open: boolean;
  onClose: () => void;
  onIssued: (name: string, apiKey: string) => void;
}) {
  const { t } = useI18n();
  const describe = useErrorMessage();
  const [form] = Form.useForm<KeyDraft>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const submit = async () => {
    const draft = { ...emptyKeyDraft, ...form.getFieldsValue(true) } as KeyDraft;
    const found = keyDraftProblems(draft);
    if (found.length > 0) {
      setProblems(
        found.map((p) => t(`open311Admin.problem.${p}` as 'open311Admin.problem.name.required')),
      );
      return;
    }
    setProblems([]);
    setSaving(true);
    try {
      const { key, apiKey } = await issueOpen311Key(keyDraftToBody(draft));
      form.resetFields();
      props.onIssued(key.name, apiKey);
    } catch (error) {
      setProblems([describe(error)]);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={props.open}
      title={t('open311Admin.issue')}
      onCancel={props.onClose}
      onOk={() => void submit()}
      okButtonProps={{ loading: saving, 'data-testid': 'open311-save' } as { loading: boolean }}
      destroyOnHidden
    >
      <Form<KeyDraft> form={form} layout="vertical" initialValues={emptyKeyDraft}>
        <Form.Item name="name" label={t('open311Admin.name')}>
          <Input maxLength={100} data-testid="open311-name" />
        </Form.Item>
        <Form.Item name="contact" label={t('open311Admin.contact')}>
          <Input maxLength={200} data-testid="open311-contact" />
        </Form.Item>
        <Form.Item
          name="ratePerMinute"
          label={t('open311Admin.rate')}
          extra={t('open311Admin.rateHelp')}
        >
          <Input inputMode="numeric" maxLength={6} />
        </Form.Item>
        <ProblemsAlert problems={problems} />
      </Form>
    </Modal>
  );
}
