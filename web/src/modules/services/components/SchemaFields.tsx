import { Form, Input, InputNumber, Select, Switch } from 'antd';
import type { FieldSpec } from '../lib/form-schema';

/**
 * The fields of a service's form, drawn from its JSON Schema under `form.<name>`. No rules
 * run here: the server validates and its field errors are set on these fields.
 */
export function SchemaFields({ fields }: { fields: FieldSpec[] }) {
  return (
    <>
      {fields.map((field) => (
        <Form.Item
          key={field.name}
          name={['form', field.name]}
          label={field.label}
          required={field.required}
          extra={field.description}
          valuePropName={field.widget === 'switch' ? 'checked' : 'value'}
        >
          {control(field)}
        </Form.Item>
      ))}
    </>
  );
}

function control(field: FieldSpec) {
  const testId = `field-${field.name}`;
  const options = field.options.map((o) => ({ value: o, label: o }));
  switch (field.widget) {
    case 'textarea':
      return (
        <Input.TextArea
          data-testid={testId}
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={field.maxLength}
        />
      );
    case 'select':
      return <Select data-testid={testId} options={options} allowClear />;
    case 'multiselect':
      return <Select data-testid={testId} mode="multiple" options={options} allowClear />;
    case 'date':
      return <Input data-testid={testId} type="date" />;
    case 'integer':
      return (
        <InputNumber
          data-testid={testId}
          precision={0}
          min={field.min}
          max={field.max}
          style={{ width: '100%' }}
        />
      );
    case 'number':
      return (
        <InputNumber
          data-testid={testId}
          min={field.min}
          max={field.max}
          style={{ width: '100%' }}
        />
      );
    case 'switch':
      return <Switch data-testid={testId} />;
    default:
      return <Input data-testid={testId} maxLength={field.maxLength} />;
  }
}
