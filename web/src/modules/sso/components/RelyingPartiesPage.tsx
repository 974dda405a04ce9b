import { EditOutlined, KeyOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Result,
  Select,
  Switch,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync } from '../../../shared/hooks/use-async';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { ProblemsAlert } from '../../../shared/ui/ProblemsAlert';
import { formatDateTime } from '../../iot/lib/display';
import {
  listRelyingParties,
  registerRelyingParty,
  rotateRelyingPartySecret,
  setRelyingPartyStatus,
  updateRelyingParty,
  type RelyingParty,
} from '../api/sso-api';
import {
  draftFromClient,
  draftProblems,
  draftToBody,
  draftToChange,
  emptyDraft,
  grantLabel,
  grantTypes,
  acrLabel,
  requiredAcrs,
  type ClientDraft,
} from '../lib/client-form';
import { filterClients } from '../lib/client-filter';

/** 统一身份认证 · 接入应用: relying parties of OneCity's single sign-on (system admins). */
export function RelyingPartiesPage() {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const clients = useAsync(listRelyingParties);
  const [registering, setRegistering] = useState(false);
  const [editing, setEditing] = useState<RelyingParty | null>(null);
  const [issued, setIssued] = useState<{
    clientId: string;
    secret: string | null;
    rotated?: boolean;
  } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [statusFilter, setStatusFilter] = useState<RelyingParty['status'] | null>(null);
  const shown = useMemo(
    () =>
      clients.status === 'success' ? filterClients(clients.data, { q, status: statusFilter }) : [],
    [clients, q, statusFilter],
  );

  const toggle = async (client: RelyingParty, active: boolean) => {
    setBusy(client.clientId);
    try {
      await setRelyingPartyStatus(client.clientId, active ? 'active' : 'disabled');
      clients.reload();
    } catch (error) {
      void message.error(describe(error));
    } finally {
      setBusy(null);
    }
  };

  const rotate = async (client: RelyingParty) => {
    setBusy(client.clientId);
    try {
      const { clientSecret } = await rotateRelyingPartySecret(client.clientId);
      setIssued({ clientId: client.clientId, secret: clientSecret, rotated: true });
    } catch (error) {
      void message.error(describe(error));
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<RelyingParty> = [
    {
      title: t('ssoAdmin.name'),
      dataIndex: 'name',
      render: (name: string, c) => (
        <Flex vertical>
          <Typography.Text strong>{name}</Typography.Text>
          <Typography.Text type="secondary" copyable style={{ fontSize: 12 }}>
            {c.clientId}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('ssoAdmin.redirectUris'),
      dataIndex: 'redirectUris',
      render: (uris: string[]) => (
        <Flex vertical>
          {uris.map((u) => (
            <Typography.Text key={u} style={{ fontSize: 12 }}>
              {u}
            </Typography.Text>
          ))}
        </Flex>
      ),
    },
    {
      title: t('ssoAdmin.grantTypes'),
      dataIndex: 'grantTypes',
      render: (grants: string[], c) => (
        <Flex wrap gap={4}>
          {grants.map((g) => (
            <Tag key={g}>{grantLabel(t, g)}</Tag>
          ))}
          {c.tokenEndpointAuthMethod === 'none' && <Tag color="blue">{t('ssoAdmin.public')}</Tag>}
          {c.subjectType === 'pairwise' && (
            <Tag color="purple" title={t('ssoAdmin.pairwise')}>
              {t('ssoAdmin.pairwiseTag')}
            </Tag>
          )}
        </Flex>
      ),
    },
    {
      title: t('ssoAdmin.requiredAcr'),
      dataIndex: 'requiredAcr',
      render: (acr: string | null) => acrLabel(t, acr),
    },
    {
      title: t('ssoAdmin.created'),
      dataIndex: 'createdAt',
      render: (at: string) => formatDateTime(at, locale, { seconds: false }),
    },
    {
      title: t('ssoAdmin.status'),
      dataIndex: 'status',
      render: (status: RelyingParty['status'], c) =>
        c.firstParty ? (
          <Tag color="gold">{t('ssoAdmin.firstParty')}</Tag>
        ) : (
          <Popconfirm
            title={status === 'active' ? t('ssoAdmin.disableConfirm') : t('ssoAdmin.enableConfirm')}
            onConfirm={() => void toggle(c, status !== 'active')}
          >
            <Switch
              checked={status === 'active'}
              loading={busy === c.clientId}
              checkedChildren={t('ssoAdmin.status.active')}
              unCheckedChildren={t('ssoAdmin.status.disabled')}
              data-testid={`sso-client-status-${c.clientId}`}
            />
          </Popconfirm>
        ),
    },
    {
      title: t('ssoAdmin.actions'),
      key: 'actions',
      render: (_: unknown, c) =>
        c.firstParty ? null : (
          <Flex gap={4}>
            <Button
              size="small"
              icon={<EditOutlined />}
              onClick={() => setEditing(c)}
              data-testid={`sso-client-edit-${c.clientId}`}
            >
              {t('ssoAdmin.edit')}
            </Button>
            {c.tokenEndpointAuthMethod !== 'none' && (
              <Popconfirm title={t('ssoAdmin.rotateConfirm')} onConfirm={() => void rotate(c)}>
                <Button
                  size="small"
                  icon={<KeyOutlined />}
                  loading={busy === c.clientId}
                  data-testid={`sso-client-rotate-${c.clientId}`}
                >
                  {t('ssoAdmin.rotate')}
                </Button>
              </Popconfirm>
            )}
          </Flex>
        ),
    },
  ];

  return (
    <Card
      title={t('ssoAdmin.title')}
      extra={
        <Flex gap={8}>
          <Button icon={<ReloadOutlined />} onClick={clients.reload}>
            {t('common.refresh')}
          </Button>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setRegistering(true)}
            data-testid="sso-client-register"
          >
            {t('ssoAdmin.register')}
          </Button>
        </Flex>
      }
    >
      {clients.status === 'error' ? (
        <Result
          status="error"
          subTitle={describe(clients.error)}
          extra={<Button onClick={clients.reload}>{t('common.retry')}</Button>}
        />
      ) : (
        <Flex vertical gap={12}>
          <Flex gap={8} wrap>
            <Input.Search
              allowClear
              placeholder={t('ssoAdmin.search')}
              onSearch={setQ}
              onChange={(e) => setQ(e.target.value)}
              style={{ width: 320 }}
              data-testid="sso-client-search"
            />
            <Select<RelyingParty['status']>
              allowClear
              placeholder={t('ssoAdmin.allStatuses')}
              value={statusFilter}
              onChange={(v?: RelyingParty['status'] | null) => setStatusFilter(v ?? null)}
              options={(['active', 'disabled'] as const).map((s) => ({
                value: s,
                label: t(`ssoAdmin.status.${s}`),
              }))}
              style={{ minWidth: 140 }}
            />
          </Flex>
          <Table<RelyingParty>
            rowKey="clientId"
            size="small"
            loading={clients.status === 'loading'}
            dataSource={shown}
            columns={columns}
            pagination={{
              pageSize: 20,
              hideOnSinglePage: true,
              showSizeChanger: false,
              showTotal: (total) => t('common.total', { count: total }),
            }}
            data-testid="sso-clients"
          />
        </Flex>
      )}
      <ClientModal
        open={registering}
        editing={null}
        onClose={() => setRegistering(false)}
        onSaved={(clientId, secret) => {
          setRegistering(false);
          setIssued({ clientId, secret });
          clients.reload();
        }}
      />
      <ClientModal
        key={editing?.clientId ?? 'none'}
        open={editing !== null}
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          void message.success(t('ssoAdmin.saved'));
          clients.reload();
        }}
      />
      <Modal
        open={issued !== null}
        title={issued?.rotated ? t('ssoAdmin.rotatedTitle') : t('ssoAdmin.secretTitle')}
        onOk={() => setIssued(null)}
        onCancel={() => setIssued(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
        maskClosable={false}
        // Not kept hidden in the page once closed: the secret is shown once.
        destroyOnHidden
      >
        {issued && (
          <Flex vertical gap={12} data-testid="sso-client-issued">
            <Typography.Text>
              {t('ssoAdmin.clientId')}:{' '}
              <Typography.Text code copyable>
                {issued.clientId}
              </Typography.Text>
            </Typography.Text>
            {issued.secret ? (
              <>
                <Alert type="warning" showIcon title={t('ssoAdmin.secretHint')} />
                <Typography.Paragraph code copyable data-testid="sso-client-secret">
                  {issued.secret}
                </Typography.Paragraph>
              </>
            ) : (
              <Alert type="info" showIcon title={t('ssoAdmin.noSecret')} />
            )}
          </Flex>
        )}
      </Modal>
    </Card>
  );
}

/** Registers a relying party, or edits one (`editing`): grants, public and pairwise are fixed. */
function ClientModal(props: {
  open: boolean;
  editing: RelyingParty | null;
  onClose: () => void;
  onSaved: (clientId: string, secret: string | null) => void;
}) {
  const { editing } = props;
  const { t } = useI18n();
  const describe = useErrorMessage();
  const [form] = Form.useForm<ClientDraft>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const submit = async () => {
    const draft = { ...emptyDraft, ...form.getFieldsValue(true) } as ClientDraft;
    const found = draftProblems(draft);
    if (found.length > 0) {
      setProblems(
        found.map((p) =>
          t(`ssoAdmin.problem.${p.field}.${p.problem}` as 'ssoAdmin.problem.name.required', {
            uri: 'uri' in p ? p.uri : '',
          }),
        ),
      );
      return;
    }
    setProblems([]);
    setSaving(true);
    try {
      if (editing) {
        await updateRelyingParty(editing.clientId, draftToChange(draft));
        props.onSaved(editing.clientId, null);
      } else {
        const { client, clientSecret } = await registerRelyingParty(draftToBody(draft));
        form.resetFields();
        props.onSaved(client.clientId, clientSecret);
      }
    } catch (error) {
      setProblems([describe(error)]);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={props.open}
      title={editing ? t('ssoAdmin.editTitle', { name: editing.name }) : t('ssoAdmin.register')}
      onCancel={props.onClose}
      onOk={() => void submit()}
      okButtonProps={{ loading: saving, 'data-testid': 'sso-client-save' } as { loading: boolean }}
      width={560}
      destroyOnHidden
    >
      <Form<ClientDraft>
        form={form}
        layout="vertical"
        initialValues={editing ? draftFromClient(editing) : emptyDraft}
        disabled={saving}
      >
        <Form.Item name="name" label={t('ssoAdmin.name')}>
          <Input maxLength={100} data-testid="sso-client-name" />
        </Form.Item>
        <Form.Item
          name="redirectUris"
          label={t('ssoAdmin.redirectUris')}
          extra={t('ssoAdmin.uris.help')}
        >
          <Input.TextArea rows={2} data-testid="sso-client-redirects" />
        </Form.Item>
        <Form.Item name="postLogoutRedirectUris" label={t('ssoAdmin.postLogoutRedirectUris')}>
          <Input.TextArea rows={1} />
        </Form.Item>
        <Form.Item
          name="backchannelLogoutUri"
          label={t('ssoAdmin.backchannelLogoutUri')}
          extra={t('ssoAdmin.backchannel.help')}
        >
          <Input maxLength={500} data-testid="sso-client-backchannel" />
        </Form.Item>
        <Form.Item
          name="grantTypes"
          label={t('ssoAdmin.grantTypes')}
          extra={editing ? t('ssoAdmin.fixedAfterRegister') : undefined}
        >
          <Checkbox.Group
            disabled={editing !== null}
            options={grantTypes.map((g) => ({ value: g, label: grantLabel(t, g) }))}
          />
        </Form.Item>
        <Form.Item name="requiredAcr" label={t('ssoAdmin.requiredAcr')}>
          <Radio.Group
            optionType="button"
            options={(['none', ...requiredAcrs] as const).map((a) => ({
              value: a,
              label: acrLabel(t, a === 'none' ? null : a),
            }))}
          />
        </Form.Item>
        <Flex gap={24}>
          <Form.Item name="pairwise" valuePropName="checked" label={t('ssoAdmin.pairwise')}>
            <Switch data-testid="sso-client-pairwise" disabled={editing !== null} />
          </Form.Item>
          <Form.Item name="public" valuePropName="checked" label={t('ssoAdmin.public')}>
            <Switch disabled={editing !== null} />
          </Form.Item>
        </Flex>
        <ProblemsAlert problems={problems} testId="sso-client-problems" />
      </Form>
    </Modal>
  );
}
