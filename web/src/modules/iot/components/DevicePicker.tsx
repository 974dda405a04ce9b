import { Select } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useAsync } from '../../../shared/hooks/use-async';
import { useT } from '../../../shared/i18n/i18n-context';
import { getDevice, listDevices } from '../api/iot-api';

interface DevicePickerProps {
  value?: string | undefined;
  onChange?: (deviceId: string | undefined) => void;
  /** Only devices of this product are offered. */
  productId?: string | undefined;
  testId?: string;
}

const SEARCH_DELAY_MS = 250;
const SUGGESTIONS = 20;

/** Finds a device by name on the server (the registry is far too large to list). */
export function DevicePicker({ value, onChange, productId, testId }: DevicePickerProps) {
  const t = useT();
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');

  useEffect(() => {
    const timer = setTimeout(() => setQuery(typed.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed]);

  const search = useCallback(
    (signal: AbortSignal) =>
      listDevices(
        {
          limit: SUGGESTIONS,
          offset: 0,
          ...(query ? { q: query } : {}),
          ...(productId ? { product: productId } : {}),
        },
        signal,
      ).then((page) => page.items),
    [query, productId],
  );
  const found = useAsync(search);

  // The chosen device may not be among the suggestions: its name is fetched on its own.
  const loadChosen = useCallback(
    (signal: AbortSignal) => (value ? getDevice(value, signal) : Promise.resolve(null)),
    [value],
  );
  const chosen = useAsync(loadChosen);

  const options = (found.status === 'success' ? found.data : []).map((d) => ({
    value: d.id,
    label: d.name,
  }));
  if (value && !options.some((o) => o.value === value)) {
    options.unshift({
      value,
      label: chosen.status === 'success' && chosen.data ? chosen.data.name : value,
    });
  }

  return (
    <Select
      data-testid={testId}
      allowClear
      showSearch={{ filterOption: false, onSearch: setTyped }}
      placeholder={t('iot.filter.device')}
      loading={found.status === 'loading'}
      value={value}
      options={options}
      onChange={(next?: string) => onChange?.(next)}
      notFoundContent={found.status === 'success' ? t('iot.devices.none') : undefined}
    />
  );
}
