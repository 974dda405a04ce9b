import { Select } from 'antd';
import type { useIotCatalog } from '../hooks/use-iot-catalog';

/** A list filter by owning department (devices, alerts), searchable, from the IoT catalogue. */
export function DepartmentFilter({
  catalog,
  value,
  onChange,
  placeholder,
  testId,
}: {
  catalog: ReturnType<typeof useIotCatalog>;
  value: string | undefined;
  onChange: (department?: string) => void;
  placeholder: string;
  testId: string;
}) {
  return (
    <Select
      data-testid={testId}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={placeholder}
      style={{ width: 220 }}
      popupMatchSelectWidth={false}
      loading={catalog.departments.status === 'loading'}
      value={value}
      options={catalog.departmentOptions}
      onChange={onChange}
    />
  );
}
