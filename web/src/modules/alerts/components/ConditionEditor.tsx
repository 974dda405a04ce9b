import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Flex, Input, InputNumber, Select, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../../../shared/i18n/i18n-context';
import type { Translate } from '../../../shared/i18n/translate';
import {
  addChild,
  changeType,
  COMPARISON_OPS,
  errorsFor,
  isGroup,
  newDraft,
  removeNode,
  updateNode,
  type ComparisonOp,
  type ConditionDraft,
  type DraftError,
  type DraftType,
  type ThresholdValueType,
} from '../lib/condition-draft';

export interface KeyOption {
  value: string;
  label: string;
}

interface ConditionEditorProps {
  value: ConditionDraft;
  onChange: (next: ConditionDraft) => void;
  /** Shown once the user has tried to save, so a fresh form is not covered in red. */
  errors: readonly DraftError[];
  keyOptions: readonly KeyOption[];
  /** The value type a key's property compares with, when known: picking the key presets it. */
  valueTypeOf?: (key: string) => ThresholdValueType | null;
}

const TYPES: readonly DraftType[] = ['threshold', 'rate', 'noData', 'all', 'any'];

/** The structured editor for a rule's condition: leaves and nested AND / OR groups. */
export function ConditionEditor({
  value,
  onChange,
  errors,
  keyOptions,
  valueTypeOf = () => null,
}: ConditionEditorProps) {
  return (
    <div data-testid="condition-editor">
      <NodeEditor
        node={value}
        root={value}
        onRootChange={onChange}
        errors={errors}
        keyOptions={keyOptions}
        valueTypeOf={valueTypeOf}
        removable={false}
      />
    </div>
  );
}

interface NodeEditorProps {
  node: ConditionDraft;
  root: ConditionDraft;
  onRootChange: (next: ConditionDraft) => void;
  errors: readonly DraftError[];
  keyOptions: readonly KeyOption[];
  valueTypeOf: (key: string) => ThresholdValueType | null;
  removable: boolean;
}

function errorText(t: Translate, error: DraftError | undefined): string | undefined {
  if (!error) return undefined;
  return t(`rules.error.${error.code}`, error.params);
}

function Field({
  label,
  error,
  children,
}: {
  label: string;
  error: string | undefined;
  children: ReactNode;
}) {
  return (
    <Flex vertical gap={2}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      {children}
      {error && (
        <Typography.Text type="danger" style={{ fontSize: 12 }}>
          {error}
        </Typography.Text>
      )}
    </Flex>
  );
}

function NodeEditor({
  node,
  root,
  onRootChange,
  errors,
  keyOptions,
  valueTypeOf,
  removable,
}: NodeEditorProps) {
  const t = useT();
  const mine = errorsFor(errors, node.id);
  const errorOf = (field: DraftError['field']) =>
    errorText(
      t,
      mine.find((e) => e.field === field),
    );
  const set = (change: (current: ConditionDraft) => ConditionDraft) =>
    onRootChange(updateNode(root, node.id, change));
  const patch = <K extends string>(field: K, value: string) =>
    set((current) => ({ ...current, [field]: value }) as ConditionDraft);

  const typeSelect = (
    <Select<DraftType>
      data-testid="condition-type"
      style={{ width: isGroup(node) ? 150 : 120 }}
      value={node.type}
      onChange={(type) => set((current) => changeType(current, type))}
      options={TYPES.map((type) => ({ value: type, label: t(`rules.condition.type.${type}`) }))}
    />
  );
  const removeButton = removable && (
    <Button
      type="text"
      danger
      icon={<DeleteOutlined />}
      aria-label={t('rules.condition.remove')}
      title={t('rules.condition.remove')}
      onClick={() => onRootChange(removeNode(root, node.id))}
    />
  );

  if (isGroup(node)) {
    return (
      <div
        data-testid="condition-group"
        style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 8 }}
      >
        <Flex gap={8} align="center" style={{ marginBottom: 8 }}>
          {typeSelect}
          <Typography.Text type="secondary">
            {t(node.type === 'all' ? 'rules.condition.allHint' : 'rules.condition.anyHint')}
          </Typography.Text>
          <span style={{ flex: 1 }} />
          {removeButton}
        </Flex>
        <Flex vertical gap={8} style={{ paddingLeft: 16, borderLeft: '2px solid #d6e4ff' }}>
          {node.conditions.map((child) => (
            <NodeEditor
              key={child.id}
              node={child}
              root={root}
              onRootChange={onRootChange}
              errors={errors}
              keyOptions={keyOptions}
              valueTypeOf={valueTypeOf}
              removable
            />
          ))}
          {errorOf('conditions') && (
            <Typography.Text type="danger">{errorOf('conditions')}</Typography.Text>
          )}
          <Button
            size="small"
            icon={<PlusOutlined />}
            style={{ alignSelf: 'flex-start' }}
            data-testid="condition-add"
            onClick={() => onRootChange(addChild(root, node.id, newDraft('threshold')))}
          >
            {t('rules.condition.add')}
          </Button>
        </Flex>
      </div>
    );
  }

  const keyField = (optional: boolean) => (
    <Field label={t('rules.condition.key')} error={errorOf('key')}>
      <AutoComplete
        data-testid="condition-key"
        style={{ width: 140 }}
        value={node.key}
        options={keyOptions.map((o) => ({ value: o.value, label: o.label }))}
        onChange={(key: string) =>
          set((current) => {
            const fitting = current.type === 'threshold' ? valueTypeOf(key) : null;
            if (current.type !== 'threshold' || !fitting || fitting === current.valueType) {
              return { ...current, key } as ConditionDraft;
            }
            return {
              ...current,
              key,
              // Text and true/false compare only for (in)equality.
              op: fitting === 'number' || ['==', '!='].includes(current.op) ? current.op : '==',
              valueType: fitting,
              value: fitting === 'boolean' ? 'true' : '',
            };
          })
        }
        placeholder={optional ? t('rules.condition.anyKey') : t('rules.condition.keyPlaceholder')}
        status={errorOf('key') ? 'error' : undefined}
        showSearch={{
          filterOption: (input, option) =>
            `${option?.value ?? ''} ${String(option?.label ?? '')}`
              .toLowerCase()
              .includes(input.toLowerCase()),
        }}
      />
    </Field>
  );
  const opField = (op: ComparisonOp) => (
    <Field label={t('rules.condition.op')} error={undefined}>
      <Select<ComparisonOp>
        data-testid="condition-op"
        style={{ width: 80 }}
        value={op}
        onChange={(next) => patch('op', next)}
        options={COMPARISON_OPS.map((o) => ({ value: o, label: o }))}
      />
    </Field>
  );

  return (
    <Flex gap={8} align="flex-start" wrap data-testid="condition-leaf">
      <Field label={t('rules.condition.type')} error={undefined}>
        {typeSelect}
      </Field>
      {node.type === 'threshold' && (
        <>
          {keyField(false)}
          {opField(node.op)}
          <Field label={t('rules.condition.valueType')} error={undefined}>
            <Select<ThresholdValueType>
              style={{ width: 100 }}
              value={node.valueType}
              onChange={(valueType) =>
                set(
                  (current) =>
                    ({
                      ...current,
                      valueType,
                      value: valueType === 'boolean' ? 'true' : '',
                    }) as ConditionDraft,
                )
              }
              options={(['number', 'boolean', 'string'] as const).map((v) => ({
                value: v,
                label: t(`rules.condition.valueType.${v}`),
              }))}
            />
          </Field>
          <Field label={t('rules.condition.value')} error={errorOf('value')}>
            {node.valueType === 'boolean' ? (
              <Select
                style={{ width: 100 }}
                value={node.value}
                onChange={(value: string) => patch('value', value)}
                options={[
                  { value: 'true', label: 'true' },
                  { value: 'false', label: 'false' },
                ]}
              />
            ) : node.valueType === 'number' ? (
              <InputNumber<string>
                data-testid="condition-value"
                stringMode
                style={{ width: 110 }}
                value={node.value === '' ? null : node.value}
                onChange={(value) => patch('value', value ?? '')}
                status={errorOf('value') ? 'error' : undefined}
              />
            ) : (
              <Input
                style={{ width: 140 }}
                value={node.value}
                onChange={(event) => patch('value', event.target.value)}
                status={errorOf('value') ? 'error' : undefined}
              />
            )}
          </Field>
          <Field label={t('rules.condition.forSeconds')} error={errorOf('forSeconds')}>
            <InputNumber<string>
              data-testid="condition-for"
              stringMode
              min="1"
              precision={0}
              style={{ width: 120 }}
              placeholder={t('rules.condition.immediately')}
              suffix="s"
              value={node.forSeconds === '' ? null : node.forSeconds}
              onChange={(value) => patch('forSeconds', value ?? '')}
              status={errorOf('forSeconds') ? 'error' : undefined}
            />
          </Field>
        </>
      )}
      {node.type === 'rate' && (
        <>
          {keyField(false)}
          {opField(node.op)}
          <Field label={t('rules.condition.perMinute')} error={errorOf('perMinute')}>
            <InputNumber<string>
              stringMode
              style={{ width: 140 }}
              suffix="/min"
              value={node.perMinute === '' ? null : node.perMinute}
              onChange={(value) => patch('perMinute', value ?? '')}
              status={errorOf('perMinute') ? 'error' : undefined}
            />
          </Field>
        </>
      )}
      {node.type === 'noData' && (
        <>
          {keyField(true)}
          <Field label={t('rules.condition.seconds')} error={errorOf('seconds')}>
            <InputNumber<string>
              stringMode
              min="10"
              precision={0}
              style={{ width: 140 }}
              suffix="s"
              value={node.seconds === '' ? null : node.seconds}
              onChange={(value) => patch('seconds', value ?? '')}
              status={errorOf('seconds') ? 'error' : undefined}
            />
          </Field>
        </>
      )}
      <span style={{ flex: 1 }} />
      {removeButton}
    </Flex>
  );
}
