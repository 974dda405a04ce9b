import { CheckCircleOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Result,
  Select,
  Skeleton,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { isApiError } from '../../../shared/api/problem';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync } from '../../../shared/hooks/use-async';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { listRegions } from '../../regions/api/regions-api';
import {
  createApplication,
  getApplication,
  getBundle,
  getItem,
  getPrefill,
  submitApplication,
  updateApplication,
  uploadMaterial,
  type Application,
  type HeldLicence,
  type Material,
  type MaterialsInput,
  type Prefill,
} from '../api/services-api';
import { fieldsOf, formPayload, placeServerErrors, problemErrors } from '../lib/form-schema';
import { MaterialLine } from './ServiceDetailPage';
import { SchemaFields } from './SchemaFields';

interface Loaded {
  kind: 'item' | 'bundle';
  id: string;
  name: string;
  nameEn: string;
  schema: unknown;
  materials: Material[];
  prefill: Prefill;
  districts: Array<{ id: string; name: string }>;
  application: Application | null;
}

/** The applicant's choice for one material: a file uploaded, or a held licence with consent. */
interface MaterialChoice {
  uploadId?: string;
  fileName?: string;
  licenceId?: string;
  consent?: boolean;
}

/**
 * 在线申请: the form generated from the service's JSON Schema, the materials (uploads, or
 * e-licences the applicant holds attached with consent), one submission. The server checks
 * everything and its field errors land on the fields. Also edits an application sent back
 * for 补正 (`/portal/applications/:id/edit`).
 */
export function ApplyPage() {
  const params = useParams();
  const describe = useErrorMessage();
  const load = useCallback(
    async (signal: AbortSignal): Promise<Loaded> => {
      const application = params.applicationId
        ? await getApplication(params.applicationId, signal)
        : null;
      const kind = (application?.targetKind ?? params.kind) === 'bundle' ? 'bundle' : 'item';
      const id = application?.targetId ?? params.id ?? '';
      const [target, prefill, districts] = await Promise.all([
        kind === 'item' ? getItem(id, signal) : getBundle(id, signal),
        getPrefill(kind, id, signal),
        listRegions({ level: 'district', limit: 100, offset: 0 }, signal),
      ]);
      return {
        kind,
        id,
        name: target.name,
        nameEn: target.nameEn,
        schema: target.form,
        materials: target.materials,
        prefill,
        districts: districts.items.map((d) => ({ id: d.id, name: d.name })),
        application,
      };
    },
    [params.applicationId, params.kind, params.id],
  );
  const loaded = useAsync(load);
  if (loaded.status === 'loading') return <Skeleton active />;
  if (loaded.status === 'error')
    return <Result status="warning" subTitle={describe(loaded.error)} />;
  return <ApplyForm loaded={loaded.data} />;
}

function initialChoices(loaded: Loaded): Record<string, MaterialChoice> {
  const choices: Record<string, MaterialChoice> = {};
  for (const m of loaded.application?.materials ?? []) {
    if (m.source === 'upload' && m.upload) {
      choices[m.key] = { uploadId: m.upload.id, fileName: m.upload.fileName ?? m.name };
    }
    if (m.source === 'licence' && m.licenceId) {
      choices[m.key] = { licenceId: m.licenceId, consent: m.consentedAt !== null };
    }
  }
  for (const held of loaded.prefill.materials) {
    const first = held.licences[0];
    // 两个免于提交: a licence the applicant holds is attached instead of an upload; the
    // applicant still has to consent to its use.
    if (first && !choices[held.key]) choices[held.key] = { licenceId: first.id, consent: false };
  }
  return choices;
}

function ApplyForm({ loaded }: { loaded: Loaded }) {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const fields = useMemo(() => fieldsOf(loaded.schema, locale), [loaded.schema, locale]);
  const [choices, setChoices] = useState<Record<string, MaterialChoice>>(() =>
    initialChoices(loaded),
  );
  const [materialErrors, setMaterialErrors] = useState<Record<string, string>>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [busy, setBusy] = useState<'submit' | 'draft' | null>(null);
  // One key per visit to this page: a double click, or a retry after a lost answer, returns
  // the application the first click made instead of making another.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const application = loaded.application;
  // After a change was saved, later tries send the version it made.
  const [version, setVersion] = useState(application?.version ?? 0);
  const held = new Map(loaded.prefill.materials.map((m) => [m.key, m.licences]));

  const choose = (key: string, choice: MaterialChoice | null) => {
    setChoices((current) => {
      const next = { ...current };
      if (choice) next[key] = choice;
      else delete next[key];
      return next;
    });
    setMaterialErrors((current) => {
      const next = { ...current };
      delete next[key];
      return next;
    });
  };

  const materialsPayload = (): MaterialsInput => {
    const out: MaterialsInput = {};
    for (const [key, choice] of Object.entries(choices)) {
      if (choice.licenceId)
        out[key] = { licenceId: choice.licenceId, consent: choice.consent === true };
      else if (choice.uploadId) out[key] = { uploadId: choice.uploadId };
    }
    return out;
  };

  const send = async (submit: boolean) => {
    setBusy(submit ? 'submit' : 'draft');
    setAlert(null);
    setMaterialErrors({});
    form.setFields(
      [['districtId'], ...fields.map((f) => ['form', f.name])].map((name) => ({
        name,
        errors: [],
      })),
    );
    const values = form.getFieldsValue(true) as {
      districtId?: string;
      form?: Record<string, unknown>;
    };
    const body = {
      ...(values.districtId ? { districtId: values.districtId } : {}),
      form: formPayload(values.form),
      materials: materialsPayload(),
    };
    try {
      let id: string;
      if (application) {
        const updated = await updateApplication(application.id, { version, ...body });
        setVersion(updated.version);
        id = updated.id;
        if (submit) await submitApplication(updated.id, updated.version);
      } else {
        const created = await createApplication(
          { target: { kind: loaded.kind, id: loaded.id }, ...body, submit },
          idempotencyKey,
        );
        id = created.id;
      }
      void navigate(submit ? `/portal/applications/${id}` : `/portal/applications/${id}/edit`, {
        replace: !submit,
      });
    } catch (error) {
      if (isApiError(error) && error.status === 422) {
        const placed = placeServerErrors(problemErrors(error.problem));
        form.setFields(placed.fields.map((f) => ({ name: f.name, errors: f.errors })));
        setMaterialErrors(placed.materials);
        setAlert([error.message, ...placed.other].join('；'));
        const first = placed.fields[0];
        if (first) form.scrollToField(first.name);
      } else {
        setAlert(describe(error));
      }
    } finally {
      setBusy(null);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      data-testid="apply-form"
      initialValues={{
        districtId: application?.districtId ?? undefined,
        form: application?.form ?? loaded.prefill.form,
      }}
    >
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {locale === 'en-US' ? loaded.nameEn : loaded.name}
        </Typography.Title>
        {application?.supplement ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('services.apply.supplement', { reason: application.supplement.reason })}
          />
        ) : null}
        <Form.Item name="districtId" label={t('services.apply.district')} required>
          <Select
            data-testid="field-districtId"
            options={loaded.districts.map((d) => ({ value: d.id, label: d.name }))}
            placeholder={t('services.apply.districtPlaceholder')}
          />
        </Form.Item>
        <SchemaFields fields={fields} />
      </Card>

      <Card title={t('services.detail.materials')}>
        <Flex vertical gap={16}>
          {loaded.materials.map((material) => (
            <MaterialInput
              key={material.key}
              material={material}
              held={held.get(material.key) ?? []}
              choice={choices[material.key]}
              error={materialErrors[material.key]}
              onChange={(choice) => choose(material.key, choice)}
            />
          ))}
        </Flex>
      </Card>

      <Card>
        {alert ? (
          <Alert
            type="error"
            showIcon
            title={alert}
            style={{ marginBottom: 12 }}
            data-testid="apply-error"
          />
        ) : null}
        <Flex gap={8} vertical>
          <Button
            type="primary"
            size="large"
            block
            data-testid="apply-submit"
            loading={busy === 'submit'}
            disabled={busy !== null}
            onClick={() => void send(true)}
          >
            {application?.status === 'supplement_requested'
              ? t('services.apply.resubmit')
              : t('services.apply.submit')}
          </Button>
          <Button
            block
            disabled={busy !== null}
            loading={busy === 'draft'}
            onClick={() => void send(false)}
          >
            {t('services.apply.saveDraft')}
          </Button>
        </Flex>
      </Card>
    </Form>
  );
}

function MaterialInput({
  material,
  held,
  choice,
  error,
  onChange,
}: {
  material: Material;
  held: HeldLicence[];
  choice: MaterialChoice | undefined;
  error: string | undefined;
  onChange: (choice: MaterialChoice | null) => void;
}) {
  const { t } = useI18n();
  const describe = useErrorMessage();
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const licence = choice?.licenceId ? held.find((l) => l.id === choice.licenceId) : undefined;

  const upload = (
    <span data-testid={`upload-${material.key}`}>
      <Upload
        showUploadList={false}
        accept="application/pdf,image/jpeg,image/png"
        customRequest={({ file }) => {
          setUploading(true);
          setUploadError(null);
          uploadMaterial(file as File)
            .then((saved) =>
              onChange({ uploadId: saved.id, fileName: saved.fileName ?? (file as File).name }),
            )
            .catch((e: unknown) => setUploadError(describe(e)))
            .finally(() => setUploading(false));
        }}
      >
        <Button icon={<UploadOutlined />} loading={uploading}>
          {choice?.uploadId ? t('services.apply.replaceFile') : t('services.apply.upload')}
        </Button>
      </Upload>
    </span>
  );

  return (
    <div data-testid={`material-${material.key}`}>
      <MaterialLine material={material} />
      <div style={{ marginTop: 6, paddingLeft: 22 }}>
        {material.source.kind === 'dataset' ? (
          <Typography.Text type="secondary">{t('services.apply.fromDataset')}</Typography.Text>
        ) : null}
        {material.source.kind === 'licence' && held.length > 0 ? (
          <Flex vertical gap={4}>
            {held.length > 1 ? (
              <Select
                value={choice?.licenceId}
                options={held.map((l) => ({ value: l.id, label: `${l.typeName} ${l.number}` }))}
                onChange={(licenceId: string) =>
                  onChange({ licenceId, consent: choice?.consent ?? false })
                }
              />
            ) : null}
            {licence ? (
              <>
                <Tag
                  color="green"
                  icon={<CheckCircleOutlined />}
                  data-testid={`attached-${material.key}`}
                >
                  {t('services.apply.attached', { name: licence.typeName, number: licence.number })}
                </Tag>
                <Checkbox
                  data-testid={`consent-${material.key}`}
                  checked={choice?.consent === true}
                  onChange={(e) => onChange({ licenceId: licence.id, consent: e.target.checked })}
                >
                  {t('services.apply.consent')}
                </Checkbox>
              </>
            ) : null}
          </Flex>
        ) : null}
        {material.source.kind === 'upload' ||
        (material.source.kind === 'licence' && held.length === 0) ? (
          <Flex gap={8} align="center" wrap>
            {upload}
            {choice?.fileName ? (
              <Typography.Text data-testid={`uploaded-${material.key}`}>
                {choice.fileName}
              </Typography.Text>
            ) : null}
          </Flex>
        ) : null}
        {error || uploadError ? (
          <Typography.Text type="danger" data-testid={`material-error-${material.key}`}>
            {error ?? uploadError}
          </Typography.Text>
        ) : null}
      </div>
    </div>
  );
}
