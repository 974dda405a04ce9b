import { Checkbox, Flex, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { ProblemsAlert } from '../../../shared/ui/ProblemsAlert';
import { sceneName } from '../lib/scene-name';
import {
  createScene,
  updateScene,
  type Scene,
  type SceneBody,
  type SceneType,
} from '../api/citycode-admin-api';
import {
  draftFromScene,
  emptySceneDraft,
  sceneDraftProblems,
  sceneDraftToBody,
  type SceneDraft,
} from '../lib/scene-form';
import {
  assuranceLabel,
  assuranceLevels,
  attributeLabel,
  ruleAttributes,
  ruleKinds,
  type RuleAttribute,
} from '../lib/holder-labels';

/**
 * Creates a scene or edits one (`editing`: id and type are fixed). The rules and fields on
 * offer are those of the chosen type: a pool cannot ask for an insurance number.
 */
export function SceneFormModal(props: {
  open: boolean;
  editing: Scene | null;
  types: SceneType[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { editing, types } = props;
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const [form] = Form.useForm<SceneDraft>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const typeName = Form.useWatch('type', form) as string | undefined;
  const type = types.find((s) => s.type === (typeName ?? editing?.type));
  const initial = editing ? draftFromScene(editing) : emptySceneDraft();

  const submit = async () => {
    const draft = { ...initial, ...form.getFieldsValue(true) } as SceneDraft;
    const found = sceneDraftProblems(draft, !editing);
    if (found.length > 0 || !type) {
      setProblems(
        (found.length ? found : (['typeRequired'] as const)).map((p) =>
          t(`citycodeAdmin.sceneProblem.${p}` as 'citycodeAdmin.sceneProblem.nameRequired'),
        ),
      );
      return;
    }
    setProblems([]);
    setSaving(true);
    try {
      const body = sceneDraftToBody(draft, type);
      if (editing) await updateScene(editing, body);
      else {
        await createScene({
          ...body,
          id: draft.id.trim(),
          type: draft.type as SceneBody['type'],
        });
      }
      props.onSaved();
    } catch (error) {
      setProblems([describe(error)]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={props.open}
      title={
        editing
          ? t('citycodeAdmin.editScene', { name: sceneName(editing, locale) })
          : t('citycodeAdmin.newScene')
      }
      onCancel={props.onClose}
      onOk={() => void submit()}
      okButtonProps={{ loading: saving, 'data-testid': 'scene-save' } as { loading: boolean }}
      width={620}
      destroyOnHidden
    >
      <Form<SceneDraft> form={form} layout="vertical" initialValues={initial} disabled={saving}>
        <Flex gap={12}>
          <Form.Item
            name="type"
            label={t('citycodeAdmin.type')}
            style={{ flex: 1 }}
            extra={editing ? t('citycodeAdmin.fixedAfterCreate') : undefined}
          >
            <Select
              disabled={editing !== null}
              data-testid="scene-type"
              options={types.map((s) => ({
                value: s.type,
                label: `${locale === 'en-US' ? s.name.en : s.name.zh} (${s.type})`,
              }))}
              onChange={(value: string) => {
                // A new type: its own rules and fields, nothing carried over.
                form.setFieldsValue({ flags: {}, fields: [], type: value });
                if (!form.getFieldValue('id')) form.setFieldValue('id', `${value}-`);
              }}
            />
          </Form.Item>
          <Form.Item name="id" label="ID" style={{ flex: 1 }}>
            <Input disabled={editing !== null} maxLength={64} data-testid="scene-id" />
          </Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item name="name" label={t('citycodeAdmin.scene')} style={{ flex: 1 }}>
            <Input maxLength={100} data-testid="scene-name" />
          </Form.Item>
          <Form.Item name="nameEn" label={t('citycodeAdmin.nameEn')} style={{ flex: 1 }}>
            <Input maxLength={200} />
          </Form.Item>
        </Flex>
        {type && (
          <>
            <Form.Item label={t('citycodeAdmin.rules')} extra={t('citycodeAdmin.rulesHelp')}>
              <Flex vertical gap={8}>
                {ruleAttributes
                  .filter((a) => type.ruleAttributes.includes(a))
                  .map((attribute) => (
                    <RuleRow key={attribute} attribute={attribute} />
                  ))}
              </Flex>
            </Form.Item>
            <Form.Item
              name="fields"
              label={t('citycodeAdmin.fields')}
              extra={t('citycodeAdmin.fieldsHelp')}
            >
              <Checkbox.Group
                data-testid="scene-fields"
                options={type.allowedFields.map((f) => ({ value: f, label: attributeLabel(t, f) }))}
              />
            </Form.Item>
          </>
        )}
        <ProblemsAlert problems={problems} testId="scene-problems" />
      </Form>
    </Modal>
  );
}

/**
 * One rule of the form: the attribute in words and the input its kind needs (a yes/no flag,
 * an age range, a lowest assurance level). Its fields live in the surrounding form.
 */
function RuleRow({ attribute }: { attribute: RuleAttribute }) {
  const { t } = useI18n();
  const kind = ruleKinds[attribute];
  return (
    <Flex align="center" gap={8}>
      <span style={{ minWidth: 120 }}>{attributeLabel(t, attribute)}</span>
      {kind === 'flag' && (
        <Form.Item name={['flags', attribute]} noStyle initialValue="any">
          <Select
            style={{ width: 160 }}
            data-testid={`scene-flag-${attribute}`}
            options={(['any', 'yes', 'no'] as const).map((v) => ({
              value: v,
              label: t(`citycodeAdmin.flag.${v}`),
            }))}
          />
        </Form.Item>
      )}
      {kind === 'range' && (
        <>
          <Form.Item name="ageMin" noStyle>
            <InputNumber
              min={0}
              max={150}
              placeholder={t('citycodeAdmin.ageMin')}
              data-testid="scene-age-min"
            />
          </Form.Item>
          <span>–</span>
          <Form.Item name="ageMax" noStyle>
            <InputNumber min={0} max={150} placeholder={t('citycodeAdmin.ageMax')} />
          </Form.Item>
        </>
      )}
      {kind === 'level' && (
        <Form.Item name="atLeast" noStyle>
          <Select
            style={{ width: 160 }}
            data-testid="scene-at-least"
            options={[
              { value: 'any', label: t('citycodeAdmin.level.any') },
              ...assuranceLevels.map((v) => ({ value: v, label: assuranceLabel(t, v) })),
            ]}
          />
        </Form.Item>
      )}
    </Flex>
  );
}
