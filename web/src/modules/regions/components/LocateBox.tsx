import { AimOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, InputNumber, Steps, Typography } from 'antd';
import { useState } from 'react';
import type { LocateResult } from '../../../shared/api/types';
import { isApiError } from '../../../shared/api/problem';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useT } from '../../../shared/i18n/i18n-context';
import { locatePoint } from '../api/regions-api';

interface Coordinates {
  lat: number;
  lng: number;
}

type Outcome =
  | { status: 'idle' }
  | { status: 'busy' }
  | { status: 'found'; result: LocateResult }
  | { status: 'failed'; error: unknown };

/** People's Square: a point every demo city user recognises, so the first try finds something. */
const START: Coordinates = { lat: 31.2304, lng: 121.4737 };

/** Finds the grid, street and district a point belongs to — who looks after this place. */
export function LocateBox() {
  const t = useT();
  const describe = useErrorMessage();
  const [form] = Form.useForm<Coordinates>();
  const [outcome, setOutcome] = useState<Outcome>({ status: 'idle' });

  const locate = async ({ lat, lng }: Coordinates) => {
    setOutcome({ status: 'busy' });
    try {
      setOutcome({ status: 'found', result: await locatePoint(lat, lng) });
    } catch (error) {
      setOutcome({ status: 'failed', error });
    }
  };

  const locateDevice = () => {
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => {
        const here = { lat: coords.latitude, lng: coords.longitude };
        form.setFieldsValue(here);
        void locate(here);
      },
      () => setOutcome({ status: 'failed', error: new Error(t('locate.deviceFailed')) }),
      { timeout: 10_000 },
    );
  };

  return (
    <Flex vertical gap={16} data-testid="locate-box">
      <Form<Coordinates>
        form={form}
        layout="vertical"
        initialValues={START}
        onFinish={(values) => void locate(values)}
        requiredMark={false}
      >
        <Flex gap={12} wrap>
          <Form.Item
            name="lat"
            label={t('locate.lat')}
            rules={[{ required: true, type: 'number', min: -90, max: 90 }]}
            style={{ flex: 1, minWidth: 140, marginBottom: 12 }}
          >
            <InputNumber<number> step={0.0001} precision={6} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="lng"
            label={t('locate.lng')}
            rules={[{ required: true, type: 'number', min: -180, max: 180 }]}
            style={{ flex: 1, minWidth: 140, marginBottom: 12 }}
          >
            <InputNumber<number> step={0.0001} precision={6} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Flex gap={8} wrap>
          <Button
            type="primary"
            htmlType="submit"
            icon={<EnvironmentOutlined />}
            loading={outcome.status === 'busy'}
          >
            {t('locate.submit')}
          </Button>
          {'geolocation' in navigator && (
            <Button icon={<AimOutlined />} onClick={locateDevice}>
              {t('locate.useDevice')}
            </Button>
          )}
        </Flex>
      </Form>
      {outcome.status === 'failed' && (
        <Alert
          type="warning"
          showIcon
          title={
            // 404 is the expected answer for a point outside the city: say so in plain words.
            isApiError(outcome.error) && outcome.error.status === 404
              ? t('locate.outside')
              : describe(outcome.error)
          }
        />
      )}
      {outcome.status === 'found' && <LocateChain result={outcome.result} />}
    </Flex>
  );
}

/** Smallest first: the grid is who answers for this spot, the district is the last resort. */
function LocateChain({ result }: { result: LocateResult }) {
  const t = useT();
  const levels = [
    { key: 'grid', label: t('region.level.grid'), region: result.grid },
    { key: 'street', label: t('region.level.street'), region: result.street },
    { key: 'district', label: t('region.level.district'), region: result.district },
  ] as const;
  return (
    <Steps
      orientation="vertical"
      size="small"
      current={levels.length}
      data-testid="locate-result"
      items={levels.map(({ key, label, region }) => ({
        key,
        title: region ? region.name : t('locate.none'),
        content: (
          <Typography.Text type="secondary">
            {label}
            {region ? ` · ${region.id}` : ''}
          </Typography.Text>
        ),
        status: region ? 'finish' : 'wait',
      }))}
    />
  );
}
