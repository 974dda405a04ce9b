import { Checkbox, Flex, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { ProblemsAlert } from '../../../shared/ui/ProblemsAlert';
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
  type BooleanAttribute,
  type SceneDraft,
} from '../lib/scene-form';

const BOOLEANS: BooleanAttribute[] = [
  'insured',
  'healthCertificateValid',
  'hasTransitAccount',
  'hasVehicle',
];

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
      const drafted = sceneDraftToBody(draft, type);
      // The fields were offered from the type's allowed list, which the server defines.
      const body = { ...drafted, fields: drafted.fields as SceneBody['fields'] };
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

  const label = (key: string) => t(`citycodeAdmin.attr.${key}` as 'citycodeAdmin.attr.insured');
  return (
    <Modal
      open={props.open}
      title={
        editing ? t('citycodeAdmin.editScene', { name: editing.name }) : t('citycodeAdmin.newScene')
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
                {BOOLEANS.filter((a) => type.ruleAttributes.includes(a)).map((attribute) => (
                  <Flex key={attribute} align="center" gap={8}>
                    <span style={{ minWidth: 120 }}>{label(attribute)}</span>
                    <Form.Item name={['flags', attribute]} noStyle initialValue="any">
                      <Select
                        style={{ width: 160 }}
                        data-testid={`scene-flag-${attribute}`}
                        options={(['any', 'yes', 'no'] as const).map((v) => ({
                          value: v,
                          label: t(`citycodeAdmin.flag.${v}` as 'citycodeAdmin.flag.any'),
                        }))}
                      />
                    </Form.Item>
                  </Flex>
                ))}
                {type.ruleAttributes.includes('age') && (
                  <Flex align="center" gap={8}>
                    <span style={{ minWidth: 120 }}>{label('age')}</span>
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
                  </Flex>
                )}
                {type.ruleAttributes.includes('assuranceLevel') && (
                  <Flex align="center" gap={8}>
                    <span style={{ minWidth: 120 }}>{label('assuranceLevel')}</span>
                    <Form.Item name="atLeast" noStyle>
                      <Select
                        style={{ width: 160 }}
                        options={(['any', 'basic', 'real-name', 'real-person'] as const).map(
                          (v) => ({
                            value: v,
                            label: t(`citycodeAdmin.level.${v}` as 'citycodeAdmin.level.any'),
                          }),
                        )}
                      />
                    </Form.Item>
                  </Flex>
                )}
              </Flex>
            </Form.Item>
            <Form.Item
              name="fields"
              label={t('citycodeAdmin.fields')}
              extra={t('citycodeAdmin.fieldsHelp')}
            >
              <Checkbox.Group
                data-testid="scene-fields"
                options={type.allowedFields.map((f) => ({ value: f, label: f }))}
              />
            </Form.Item>
          </>
        )}
        <ProblemsAlert problems={problems} testId="scene-problems" />
      </Form>
    </Modal>
  );
}
