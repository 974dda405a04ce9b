import {
  Alert as Notice,
  App,
  Button,
  Collapse,
  Divider,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Switch,
  Tabs,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useT } from '../../../shared/i18n/i18n-context';
import { DevicePicker } from '../../iot/components/DevicePicker';
import { RegionPicker } from '../../iot/components/RegionPicker';
import { useIotCatalog } from '../../iot/hooks/use-iot-catalog';
import { createRule, updateRule, type Rule, type Severity } from '../api/alerts-api';
import { conflictOf } from '../lib/alert-lifecycle';
import { SEVERITIES } from '../lib/alert-filters';
import {
  fromDraft,
  isCondition,
  newDraft,
  parseConditionJson,
  toDraft,
  type ConditionDraft,
  type DraftError,
  type DraftResult,
} from '../lib/condition-draft';
import { checkAgainstModel, keyTypesOf, valueTypeFor } from '../lib/condition-model';
import { emptyRuleForm, formToBody, ruleToForm, type RuleFormValues } from '../lib/rule-form';
import { ConditionEditor, type KeyOption } from './ConditionEditor';

interface RuleEditorDrawerProps {
  /** null: a new rule. */
  rule: Rule | null;
  open: boolean;
  onClose: () => void;
  /** After a save, or after a conflict (the list should reload either way). */
  onSaved: () => void;
}

function initialDraft(rule: Rule | null): ConditionDraft {
  if (rule && isCondition(rule.condition)) return toDraft(rule.condition);
  return newDraft('threshold');
}

/** Create or edit a rule: what it applies to, how severe, and when it fires. */
export function RuleEditorDrawer({ rule, open, onClose, onSaved }: RuleEditorDrawerProps) {
  const t = useT();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={880}
      destroyOnHidden
      title={rule ? t('rules.edit.title', { name: rule.name }) : t('rules.create.title')}
      data-testid="rule-editor"
    >
      {open && (
        <RuleEditor key={rule?.id ?? 'new'} rule={rule} onClose={onClose} onSaved={onSaved} />
      )}
    </Drawer>
  );
}

function RuleEditor({ rule, onClose, onSaved }: Omit<RuleEditorDrawerProps, 'open'>) {
  const t = useT();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const catalog = useIotCatalog();
  const [form] = Form.useForm<RuleFormValues>();
  const [draft, setDraft] = useState<ConditionDraft>(() => initialDraft(rule));
  const [tried, setTried] = useState(false);
  const [json, setJson] = useState<string | null>(null);
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [scopeError, setScopeError] = useState(false);
  const [saving, setSaving] = useState(false);
  const productId = Form.useWatch('productId', form);

  const chosenProducts = useMemo(() => {
    const products = catalog.products.status === 'success' ? catalog.products.data : [];
    return productId ? products.filter((p) => p.id === productId) : products;
  }, [catalog.products, productId]);
  // Until the catalogue is loaded nothing is known, so nothing is refused.
  const keyTypes = useMemo(
    () => (chosenProducts.length > 0 ? keyTypesOf(chosenProducts.map((p) => p.thingModel)) : null),
    [chosenProducts],
  );
  const check = (next: ConditionDraft): DraftResult => {
    const checked = fromDraft(next);
    const model = keyTypes ? checkAgainstModel(next, keyTypes) : [];
    if (model.length === 0) return checked;
    return { ok: false, errors: [...(checked.ok ? [] : checked.errors), ...model] };
  };

  const keyOptions = useMemo((): KeyOption[] => {
    const chosen = chosenProducts;
    const seen = new Map<string, string>();
    for (const product of chosen) {
      for (const property of product.thingModel.properties) {
        if (!seen.has(property.key)) {
          seen.set(
            property.key,
            `${property.key} · ${property.name}${property.unit ? ` (${property.unit})` : ''}`,
          );
        }
      }
    }
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [chosenProducts]);

  const changeDraft = setDraft;
  // Shown once the user tried to save, and kept current as the draft or the product changes.
  const checkedDraft = check(draft);
  const errors: DraftError[] = tried && !checkedDraft.ok ? checkedDraft.errors : [];

  const currentJson = () => {
    const checked = fromDraft(draft);
    return checked.ok ? JSON.stringify(checked.condition, null, 2) : null;
  };

  const save = async () => {
    setTried(true);
    const values = await form.validateFields().catch(() => null);
    const checked = checkedDraft;
    if (!values || !checked.ok) return;
    const body = formToBody(values, checked.condition);
    setScopeError(!body.ok);
    if (!body.ok) return;
    setSaving(true);
    try {
      if (rule) await updateRule(rule.id, rule.version, body.body);
      else await createRule(body.body);
      void message.success(t('rules.saved'));
      onSaved();
      onClose();
    } catch (error) {
      if (conflictOf(error)) {
        void message.warning({ content: t('rules.conflict'), duration: 8 });
        onSaved();
        onClose();
      } else {
        void message.error(describe(error));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Flex vertical gap={12}>
      <Form<RuleFormValues>
        form={form}
        layout="vertical"
        initialValues={rule ? ruleToForm(rule) : emptyRuleForm()}
        onValuesChange={(changed: Partial<RuleFormValues>) => {
          if (
            'productId' in changed ||
            'deviceId' in changed ||
            'tag' in changed ||
            'regionId' in changed
          ) {
            setScopeError(false);
          }
        }}
      >
        <Flex gap={12}>
          <Form.Item
            name="name"
            label={t('rules.field.name')}
            style={{ flex: 1 }}
            rules={[{ required: true, whitespace: true, message: t('rules.field.nameRequired') }]}
          >
            <Input data-testid="rule-name" maxLength={100} />
          </Form.Item>
          <Form.Item name="severity" label={t('alerts.field.severity')} style={{ width: 140 }}>
            <Select<Severity>
              data-testid="rule-severity"
              options={SEVERITIES.map((s) => ({ value: s, label: t(`alerts.severity.${s}`) }))}
            />
          </Form.Item>
          <Form.Item name="enabled" label={t('rules.field.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Flex>
        <Form.Item name="description" label={t('rules.field.description')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Divider titlePlacement="start" style={{ margin: '4px 0 12px' }}>
          {t('rules.scope.title')}
        </Divider>
        <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
          {t('rules.scope.hint')}
        </Typography.Paragraph>
        <Flex gap={12} wrap>
          <Form.Item name="productId" label={t('rules.scope.product')} style={{ width: 200 }}>
            <Select
              data-testid="rule-product"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={catalog.productOptions}
            />
          </Form.Item>
          <Form.Item name="deviceId" label={t('rules.scope.device')} style={{ width: 200 }}>
            <DevicePicker productId={productId} testId="rule-device" />
          </Form.Item>
          <Form.Item name="tag" label={t('rules.scope.tag')} style={{ width: 140 }}>
            <Input allowClear maxLength={64} />
          </Form.Item>
          <Form.Item name="regionId" label={t('rules.scope.region')} style={{ width: 200 }}>
            <RegionPicker testId="rule-region" />
          </Form.Item>
        </Flex>
        {scopeError && (
          <Notice
            type="error"
            showIcon
            title={t('rules.scope.required')}
            style={{ marginBottom: 12 }}
          />
        )}
        <Collapse
          size="small"
          items={[
            {
              key: 'storm',
              label: t('rules.storm.title'),
              children: (
                <Flex gap={12} wrap>
                  <Form.Item
                    name="stormThreshold"
                    label={t('rules.storm.threshold')}
                    rules={[{ required: true }]}
                  >
                    <InputNumber min={2} max={100_000} precision={0} />
                  </Form.Item>
                  <Form.Item
                    name="stormWindowSeconds"
                    label={t('rules.storm.window')}
                    rules={[{ required: true }]}
                  >
                    <InputNumber min={10} max={86_400} precision={0} suffix="s" />
                  </Form.Item>
                  <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>
                    {t('rules.storm.hint')}
                  </Typography.Text>
                </Flex>
              ),
            },
          ]}
        />
      </Form>
      <Divider titlePlacement="start" style={{ margin: '4px 0' }}>
        {t('rules.condition.title')}
      </Divider>
      <Tabs
        size="small"
        onChange={(tab) => {
          if (tab === 'json') {
            const text = currentJson();
            setJson(text ?? '');
            setJsonError(text === null ? t('rules.condition.jsonDraftInvalid') : null);
          }
        }}
        items={[
          {
            key: 'editor',
            label: t('rules.condition.editor'),
            children: (
              <ConditionEditor
                value={draft}
                onChange={changeDraft}
                errors={errors}
                keyOptions={keyOptions}
                valueTypeOf={(key) => (keyTypes ? valueTypeFor(key, keyTypes) : null)}
              />
            ),
          },
          {
            key: 'json',
            label: 'JSON',
            children: (
              <Flex vertical gap={8}>
                <Input.TextArea
                  data-testid="condition-json"
                  rows={10}
                  style={{ fontFamily: 'monospace' }}
                  value={json ?? ''}
                  onChange={(event) => setJson(event.target.value)}
                />
                {jsonError && <Notice type="error" showIcon title={jsonError} />}
                <Button
                  style={{ alignSelf: 'flex-start' }}
                  onClick={() => {
                    const parsed = parseConditionJson(json ?? '');
                    if (parsed.ok) {
                      changeDraft(parsed.draft);
                      setJsonError(null);
                      void message.success(t('rules.condition.jsonApplied'));
                    } else if (parsed.reason === 'syntax') {
                      setJsonError(t('rules.condition.jsonSyntax', { message: parsed.message }));
                    } else if (parsed.reason === 'shape') {
                      setJsonError(t('rules.condition.jsonShape'));
                    } else {
                      setJsonError(
                        parsed.errors
                          .map((e) => `${e.field}: ${t(`rules.error.${e.code}`, e.params)}`)
                          .join('; '),
                      );
                    }
                  }}
                >
                  {t('rules.condition.jsonApply')}
                </Button>
              </Flex>
            ),
          },
        ]}
      />
      <Flex gap={8} justify="flex-end">
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button type="primary" loading={saving} onClick={() => void save()} data-testid="rule-save">
          {t('common.save')}
        </Button>
      </Flex>
    </Flex>
  );
}
