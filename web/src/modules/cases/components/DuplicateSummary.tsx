import { Flex, Typography } from 'antd';
import { formatDistance } from '../lib/case-duplicates';
import { isCaseStage } from '../lib/case-filters';
import { StageTag } from './CaseTags';

/** One open case a report may repeat: its number, stage, distance and description. */
export function DuplicateSummary({
  duplicate: d,
}: {
  duplicate: { number: string; stage: string; distanceMeters: number; description: string };
}) {
  return (
    <Flex vertical gap={2}>
      <Flex gap={6} align="center" wrap>
        <Typography.Text strong>{d.number}</Typography.Text>
        {isCaseStage(d.stage) ? <StageTag stage={d.stage} /> : null}
        <Typography.Text type="secondary">{formatDistance(d.distanceMeters)}</Typography.Text>
      </Flex>
      <Typography.Text type="secondary">{d.description}</Typography.Text>
    </Flex>
  );
}
