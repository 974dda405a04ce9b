import { Flex, Image, Timeline, Typography } from 'antd';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { formatDateTime } from '../../iot/lib/display';
import type { TimelineEntry } from '../api/cases-api';
import { actorRoleOf, timelineColorOf, timelineLabelOf } from '../lib/case-status';

interface CaseTimelineProps {
  entries: readonly TimelineEntry[];
  photoUrls: ReadonlyMap<string, string>;
}

/** Who did what and when, oldest first, with the note and the photos of each step. */
export function CaseTimeline({ entries, photoUrls }: CaseTimelineProps) {
  const { t, locale } = useI18n();
  const labelOf = (action: string) => {
    const label = timelineLabelOf(action);
    if (label.type === 'action') return t(`cases.action.${label.action}`);
    if (label.type === 'event') return t(`cases.timeline.${label.event}`);
    return label.text;
  };
  return (
    <Timeline
      data-testid="case-timeline"
      items={entries.map((entry) => {
        const role = actorRoleOf(entry.actorRole);
        return {
          key: entry.id,
          color: timelineColorOf(entry.action),
          content: (
            <Flex vertical gap={2} data-testid="timeline-entry" data-action={entry.action}>
              <Flex gap={8} wrap align="baseline">
                <Typography.Text strong>{labelOf(entry.action)}</Typography.Text>
                <Typography.Text type="secondary">
                  {entry.actorName}
                  {role ? ` · ${t(`cases.role.${role}`)}` : ''}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(entry.at, locale, { seconds: false })}
                </Typography.Text>
              </Flex>
              {entry.note ? <Typography.Text>{entry.note}</Typography.Text> : null}
              {entry.photoIds.length > 0 ? (
                <Image.PreviewGroup>
                  <Flex gap={6} wrap>
                    {entry.photoIds.map((id) =>
                      photoUrls.get(id) ? (
                        <Image
                          key={id}
                          width={64}
                          height={64}
                          style={{ objectFit: 'cover', borderRadius: 4 }}
                          src={photoUrls.get(id)}
                          alt={t('cases.photo.alt')}
                        />
                      ) : null,
                    )}
                  </Flex>
                </Image.PreviewGroup>
              ) : null}
            </Flex>
          ),
        };
      })}
    />
  );
}
