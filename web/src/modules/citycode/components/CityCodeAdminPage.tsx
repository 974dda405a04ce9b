import { EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Result,
  Segmented,
  Select,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync, type AsyncResult } from '../../../shared/hooks/use-async';
import { useNow } from '../../../shared/hooks/use-now';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { SecretOnceModal } from '../../../shared/ui/SecretOnceModal';
import { EChart } from '../../iot/components/EChart';
import { formatDateTime } from '../../iot/lib/display';
import {
  listScanners,
  listScenes,
  listSceneTypes,
  loadScanStats,
  registerScanner,
  setScannerStatus,
  setSceneStatus,
  type Scanner,
  type Scene,
  type SceneType,
} from '../api/citycode-admin-api';
import { attributeLabel, describeRule } from '../lib/holder-labels';
import { sceneName, sceneNamer } from '../lib/scene-name';
import { filterScanners } from '../lib/scanner-filter';
import {
  scannerLiveness,
  suggestScannerId,
  summarizeScenes,
  type SceneSummary,
} from '../lib/scan-stats';
import { SceneFormModal } from './SceneFormModal';

const livenessColor = { never: 'default', recent: 'green', today: 'blue', idle: 'orange' } as const;

function Failed({ result }: { result: AsyncResult<unknown> & { status: 'error' } }) {
  const { t } = useI18n();
  const describe = useErrorMessage();
  return (
    <Result
      status="error"
      subTitle={describe(result.error)}
      extra={<Button onClick={result.reload}>{t('common.retry')}</Button>}
    />
  );
}

/** 随申码: scene types, scenes, scanner devices and scan statistics (system admins). */
export function CityCodeAdminPage() {
  const { t } = useI18n();
  const scenes = useAsync(listScenes);
  return (
    <Card title={t('citycodeAdmin.title')}>
      <Tabs
        destroyOnHidden
        items={[
          {
            key: 'stats',
            label: t('citycodeAdmin.tab.stats'),
            children: <StatsTab scenes={scenes} />,
          },
          {
            key: 'scanners',
            label: t('citycodeAdmin.tab.scanners'),
            children: <ScannersTab scenes={scenes} />,
          },
          {
            key: 'scenes',
            label: t('citycodeAdmin.tab.scenes'),
            children: <ScenesTab scenes={scenes} />,
          },
          { key: 'types', label: t('citycodeAdmin.tab.types'), children: <SceneTypesTab /> },
        ]}
      />
    </Card>
  );
}

function StatsTab({ scenes }: { scenes: AsyncResult<Scene[]> }) {
  const { t, locale } = useI18n();
  const [minutes, setMinutes] = useState(60);
  const load = useCallback((signal: AbortSignal) => loadScanStats(minutes, signal), [minutes]);
  const stats = useAsync(load);
  // The statistics carry the Chinese name only; the scene list has the English one.
  const nameOf = useMemo(
    () => sceneNamer(scenes.status === 'success' ? scenes.data : [], locale),
    [scenes, locale],
  );
  const summary = useMemo(
    () =>
      stats.status === 'success'
        ? summarizeScenes(stats.data.scenes, minutes).map((s) => ({
            ...s,
            name: nameOf(s.sceneId, s.name),
          }))
        : [],
    [stats, minutes, nameOf],
  );
  const option = useMemo(() => {
    if (stats.status !== 'success') return null;
    const busiest = new Set(summary.slice(0, 6).map((s) => s.sceneId));
    const shown = stats.data.scenes.filter((s) => busiest.has(s.sceneId));
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 24 },
      xAxis: {
        type: 'category',
        data: (shown[0]?.perMinute ?? []).map((m) =>
          new Intl.DateTimeFormat(locale, {
            hour: '2-digit',
            minute: '2-digit',
            timeZone: 'Asia/Shanghai',
            hour12: false,
          }).format(new Date(m.minute)),
        ),
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: shown.map((s) => ({
        type: 'line',
        name: nameOf(s.sceneId, s.name),
        showSymbol: false,
        data: s.perMinute.map((m) => m.allowed + m.denied),
      })),
    };
  }, [stats, summary, locale, nameOf]);

  const columns: TableColumnsType<SceneSummary> = [
    { title: t('citycodeAdmin.scene'), dataIndex: 'name' },
    { title: t('citycodeAdmin.total'), dataIndex: 'total', align: 'right' },
    { title: t('citycodeAdmin.allowed'), dataIndex: 'allowed', align: 'right' },
    { title: t('citycodeAdmin.denied'), dataIndex: 'denied', align: 'right' },
    {
      title: t('citycodeAdmin.denyRate'),
      dataIndex: 'denyRate',
      align: 'right',
      render: (r: number) => `${(r * 100).toFixed(1)}%`,
    },
    {
      title: t('citycodeAdmin.perMinute'),
      dataIndex: 'perMinute',
      align: 'right',
      render: (r: number) => r.toFixed(1),
    },
    { title: t('citycodeAdmin.peak'), dataIndex: 'peak', align: 'right' },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex gap={8} align="center">
        <Segmented
          value={minutes}
          onChange={(v) => setMinutes(Number(v))}
          options={[15, 60, 360, 1440].map((m) => ({
            value: m,
            label: t('citycodeAdmin.window', { minutes: m }),
          }))}
        />
        <Button icon={<ReloadOutlined />} onClick={stats.reload}>
          {t('common.refresh')}
        </Button>
      </Flex>
      {stats.status === 'error' ? (
        <Failed result={stats} />
      ) : (
        <>
          {option && <EChart option={option} height={240} />}
          <Table<SceneSummary>
            rowKey="sceneId"
            size="small"
            loading={stats.status === 'loading'}
            dataSource={summary}
            columns={columns}
            pagination={false}
            data-testid="citycode-stats"
          />
        </>
      )}
    </Flex>
  );
}

function ScannersTab({ scenes }: { scenes: AsyncResult<Scene[]> }) {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const scanners = useAsync(listScanners);
  const [registering, setRegistering] = useState(false);
  const [issued, setIssued] = useState<{ id: string; key: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [sceneFilter, setSceneFilter] = useState<string | null>(null);
  const nameOf = sceneNamer(scenes.status === 'success' ? scenes.data : [], locale);
  const shown = useMemo(
    () =>
      scanners.status === 'success'
        ? filterScanners(scanners.data, { q, sceneId: sceneFilter })
        : [],
    [scanners, q, sceneFilter],
  );
  const now = useNow(30_000).getTime();

  const toggle = async (scanner: Scanner, active: boolean) => {
    setBusy(scanner.id);
    try {
      await setScannerStatus(scanner.id, active ? 'active' : 'disabled');
      scanners.reload();
    } catch (error) {
      void message.error(describe(error));
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<Scanner> = [
    {
      title: t('citycodeAdmin.scanner'),
      dataIndex: 'name',
      render: (name: string, s) => (
        <Flex vertical>
          <Typography.Text strong>{name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {s.id}
            {s.place ? ` · ${s.place}` : ''}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('citycodeAdmin.scene'),
      dataIndex: 'sceneId',
      render: (sceneId: string) => nameOf(sceneId),
    },
    {
      title: t('citycodeAdmin.rate'),
      dataIndex: 'ratePerSecond',
      render: (rate: number, s) => t('citycodeAdmin.rateValue', { rate, burst: s.burst }),
    },
    {
      title: t('citycodeAdmin.lastScan'),
      dataIndex: 'lastScanAt',
      render: (at: string | null | undefined) => {
        const liveness = scannerLiveness(at, now);
        return (
          <Flex vertical>
            <Tag color={livenessColor[liveness]} style={{ width: 'fit-content' }}>
              {t(`citycodeAdmin.liveness.${liveness}`)}
            </Tag>
            {at && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(at, locale)}
              </Typography.Text>
            )}
          </Flex>
        );
      },
    },
    {
      title: t('citycodeAdmin.scans'),
      dataIndex: 'scans',
      align: 'right',
      render: (scans: number | undefined, s) =>
        t('citycodeAdmin.scansValue', { scans: scans ?? 0, allowed: s.allowed ?? 0 }),
    },
    {
      title: t('citycodeAdmin.status'),
      dataIndex: 'status',
      render: (status: Scanner['status'], s) => (
        <StatusSwitch
          active={status === 'active'}
          busy={busy === s.id}
          onToggle={(active) => void toggle(s, active)}
          testId={`scanner-status-${s.id}`}
        />
      ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex gap={8}>
        <Button icon={<ReloadOutlined />} onClick={scanners.reload}>
          {t('common.refresh')}
        </Button>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setRegistering(true)}
          disabled={scenes.status !== 'success'}
          data-testid="scanner-register"
        >
          {t('citycodeAdmin.registerScanner')}
        </Button>
        <Input.Search
          allowClear
          placeholder={t('citycodeAdmin.scannerSearch')}
          onSearch={setQ}
          onChange={(e) => setQ(e.target.value)}
          style={{ width: 280 }}
          data-testid="scanner-search"
        />
        <Select
          allowClear
          placeholder={t('citycodeAdmin.allScenes')}
          value={sceneFilter}
          onChange={(v?: string | null) => setSceneFilter(v ?? null)}
          options={
            scenes.status === 'success'
              ? scenes.data.map((s) => ({ value: s.id, label: sceneName(s, locale) }))
              : []
          }
          style={{ minWidth: 220 }}
          data-testid="scanner-scene-filter"
        />
      </Flex>
      {scanners.status === 'error' ? (
        <Failed result={scanners} />
      ) : (
        <Table<Scanner>
          rowKey="id"
          size="small"
          loading={scanners.status === 'loading'}
          dataSource={shown}
          columns={columns}
          pagination={{
            pageSize: 20,
            hideOnSinglePage: true,
            showSizeChanger: false,
            showTotal: (total) => t('common.total', { count: total }),
          }}
          data-testid="citycode-scanners"
        />
      )}
      {scenes.status === 'success' && (
        <RegisterScannerModal
          open={registering}
          scenes={scenes.data}
          existing={scanners.status === 'success' ? scanners.data.map((s) => s.id) : []}
          onClose={() => setRegistering(false)}
          onRegistered={(id, key) => {
            setRegistering(false);
            setIssued({ id, key });
            scanners.reload();
          }}
        />
      )}
      <SecretOnceModal
        secret={issued?.key ?? null}
        title={t('citycodeAdmin.keyTitle')}
        hint={t('citycodeAdmin.keyHint')}
        onClose={() => setIssued(null)}
        testId="scanner-key"
      />
    </Flex>
  );
}

interface ScannerDraft {
  sceneId: string;
  id: string;
  name: string;
  place?: string;
  ratePerSecond?: number;
  burst?: number;
}

function RegisterScannerModal(props: {
  open: boolean;
  scenes: Scene[];
  existing: string[];
  onClose: () => void;
  onRegistered: (id: string, key: string) => void;
}) {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const [form] = Form.useForm<ScannerDraft>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async () => {
    let values: ScannerDraft;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setFailure(null);
    try {
      const { scanner, key } = await registerScanner({
        sceneId: values.sceneId,
        id: values.id.trim(),
        name: values.name.trim(),
        place: values.place?.trim() || null,
        ...(values.ratePerSecond ? { ratePerSecond: values.ratePerSecond } : {}),
        ...(values.burst ? { burst: values.burst } : {}),
      });
      form.resetFields();
      props.onRegistered(scanner.id, key ?? '');
    } catch (error) {
      setFailure(describe(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={props.open}
      title={t('citycodeAdmin.registerScanner')}
      onCancel={props.onClose}
      onOk={() => void submit()}
      okButtonProps={{ loading: saving }}
      destroyOnHidden
    >
      <Form<ScannerDraft>
        form={form}
        layout="vertical"
        onValuesChange={(changed: Partial<ScannerDraft>) => {
          if (changed.sceneId)
            form.setFieldValue('id', suggestScannerId(changed.sceneId, props.existing));
        }}
      >
        <Form.Item name="sceneId" label={t('citycodeAdmin.scene')} rules={[{ required: true }]}>
          <Select
            data-testid="scanner-scene"
            options={props.scenes.map((s) => ({
              value: s.id,
              label: `${sceneName(s, locale)} (${s.id})`,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="id"
          label={t('citycodeAdmin.scannerId')}
          rules={[
            {
              required: true,
              pattern: /^[a-z0-9][a-z0-9-]{2,63}$/,
              message: t('citycodeAdmin.scannerIdRule'),
            },
          ]}
        >
          <Input data-testid="scanner-id" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('citycodeAdmin.scanner')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={100} data-testid="scanner-name" />
        </Form.Item>
        <Form.Item name="place" label={t('citycodeAdmin.place')}>
          <Input maxLength={200} />
        </Form.Item>
        <Flex gap={16}>
          <Form.Item name="ratePerSecond" label={t('citycodeAdmin.ratePerSecond')}>
            <InputNumber min={0.1} max={100000} />
          </Form.Item>
          <Form.Item name="burst" label={t('citycodeAdmin.burst')}>
            <InputNumber min={1} max={100000} precision={0} />
          </Form.Item>
        </Flex>
        {failure && <Alert type="error" showIcon title={failure} />}
      </Form>
    </Modal>
  );
}

function ScenesTab({ scenes }: { scenes: AsyncResult<Scene[]> }) {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const types = useAsync(listSceneTypes);
  const typeName = (type: string) => {
    const found = types.status === 'success' ? types.data.find((s) => s.type === type) : null;
    return found ? (locale === 'en-US' ? found.name.en : found.name.zh) : type;
  };
  // null: closed; 'new': creating; a scene: editing it.
  const [form, setForm] = useState<Scene | 'new' | null>(null);
  const toggle = async (scene: Scene, active: boolean) => {
    setBusy(scene.id);
    try {
      await setSceneStatus(scene, active ? 'active' : 'disabled');
    } catch (error) {
      void message.error(describe(error));
    } finally {
      setBusy(null);
      scenes.reload();
    }
  };
  const columns: TableColumnsType<Scene> = [
    {
      title: t('citycodeAdmin.scene'),
      dataIndex: 'name',
      render: (_: string, s) => (
        <Flex vertical>
          <Typography.Text strong>{sceneName(s, locale)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {s.id}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('citycodeAdmin.type'),
      dataIndex: 'type',
      render: (type: string) => <Tag title={type}>{typeName(type)}</Tag>,
    },
    {
      title: t('citycodeAdmin.rules'),
      dataIndex: 'rules',
      render: (rules: Scene['rules']) => (
        <Tags
          color="blue"
          items={rules.map((r) => ({ key: r.attribute, label: describeRule(t, r) }))}
        />
      ),
    },
    {
      title: t('citycodeAdmin.fields'),
      dataIndex: 'fields',
      render: (fields: string[]) => <AttributeTags codes={fields} />,
    },
    {
      title: t('citycodeAdmin.status'),
      dataIndex: 'status',
      render: (status: Scene['status'], s) => (
        <StatusSwitch
          active={status === 'active'}
          busy={busy === s.id}
          onToggle={(active) => void toggle(s, active)}
        />
      ),
    },
    {
      key: 'edit',
      render: (_: unknown, s) => (
        <Button
          size="small"
          icon={<EditOutlined />}
          onClick={() => setForm(s)}
          data-testid={`scene-edit-${s.id}`}
        >
          {t('citycodeAdmin.edit')}
        </Button>
      ),
    },
  ];
  if (scenes.status === 'error') return <Failed result={scenes} />;
  return (
    <Flex vertical gap={12}>
      <Flex justify="end">
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setForm('new')}
          disabled={types.status !== 'success'}
          data-testid="scene-new"
        >
          {t('citycodeAdmin.newScene')}
        </Button>
      </Flex>
      <Table<Scene>
        rowKey="id"
        size="small"
        loading={scenes.status === 'loading'}
        dataSource={scenes.status === 'success' ? scenes.data : []}
        columns={columns}
        pagination={false}
        data-testid="citycode-scenes"
      />
      <SceneFormModal
        key={form === null ? 'closed' : form === 'new' ? 'new' : form.id}
        open={form !== null}
        editing={form === 'new' ? null : form}
        types={types.status === 'success' ? types.data : []}
        onClose={() => setForm(null)}
        onSaved={() => {
          setForm(null);
          void message.success(t('citycodeAdmin.sceneSaved'));
          scenes.reload();
        }}
      />
    </Flex>
  );
}

function SceneTypesTab() {
  const { t, locale } = useI18n();
  const types = useAsync(listSceneTypes);
  const columns: TableColumnsType<SceneType> = [
    {
      title: t('citycodeAdmin.type'),
      dataIndex: 'type',
      render: (type: string, s) => (
        <Flex vertical>
          <Typography.Text strong>{locale === 'en-US' ? s.name.en : s.name.zh}</Typography.Text>
          <Typography.Text type="secondary">{type}</Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('citycodeAdmin.allowedFields'),
      dataIndex: 'allowedFields',
      render: (fields: string[]) => <AttributeTags codes={fields} />,
    },
    {
      title: t('citycodeAdmin.ruleAttributes'),
      dataIndex: 'ruleAttributes',
      render: (attributes: string[]) => <AttributeTags codes={attributes} color="blue" />,
    },
  ];
  if (types.status === 'error') return <Failed result={types} />;
  return (
    <Flex vertical gap={8}>
      <Typography.Text type="secondary">{t('citycodeAdmin.typesHint')}</Typography.Text>
      <Table<SceneType>
        rowKey="type"
        size="small"
        loading={types.status === 'loading'}
        dataSource={types.status === 'success' ? types.data : []}
        columns={columns}
        pagination={false}
      />
    </Flex>
  );
}

/** Enable or disable a scanner or a scene, after a confirmation. */
function StatusSwitch(props: {
  active: boolean;
  busy: boolean;
  onToggle: (active: boolean) => void;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <Popconfirm
      title={props.active ? t('citycodeAdmin.disableConfirm') : t('citycodeAdmin.enableConfirm')}
      onConfirm={() => props.onToggle(!props.active)}
    >
      <Switch
        checked={props.active}
        loading={props.busy}
        checkedChildren={t('citycodeAdmin.active')}
        unCheckedChildren={t('citycodeAdmin.disabled')}
        data-testid={props.testId}
      />
    </Popconfirm>
  );
}

/** Short tags in a wrapping row: a scene's rules, its fields, what a type may see or test. */
function Tags({
  items,
  color,
}: {
  items: ReadonlyArray<{ key: string; label: string; title?: string }>;
  color?: string;
}) {
  return (
    <Flex wrap gap={4}>
      {items.map((item) => (
        <Tag key={item.key} color={color} title={item.title}>
          {item.label}
        </Tag>
      ))}
    </Flex>
  );
}

/** Fields or rule attributes in words; the code stays on hover for whoever reads the API. */
function AttributeTags({ codes, color }: { codes: readonly string[]; color?: string }) {
  const { t } = useI18n();
  return (
    <Tags
      color={color}
      items={codes.map((code) => ({ key: code, label: attributeLabel(t, code), title: code }))}
    />
  );
}
