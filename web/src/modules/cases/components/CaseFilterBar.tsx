import { FilterOutlined } from '@ant-design/icons';
import { Badge, Button, Cascader, Checkbox, Flex, Grid, Input, Select } from 'antd';
import { useMemo, useState } from 'react';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { RegionPicker } from '../../iot/components/RegionPicker';
import type { CaseClass } from '../api/cases-api';
import { classOptions, classPath } from '../lib/case-classes';
import {
  CASE_SOURCES,
  CASE_STAGES,
  withCaseFilter,
  type CaseFilters,
  type CaseTab,
} from '../lib/case-filters';

interface CaseFilterBarProps {
  tab: CaseTab;
  filters: CaseFilters;
  classes: readonly CaseClass[];
  onChange: (next: CaseFilters) => void;
}

/** Class, source, region, overdue, supervised, (on "all") stage, and a text search. */
export function CaseFilterBar({ tab, filters, classes, onChange }: CaseFilterBarProps) {
  const { t, locale } = useI18n();
  const options = useMemo(
    () =>
      classOptions(
        classes,
        { event: t('cases.kind.event'), component: t('cases.kind.component') },
        locale,
      ),
    [classes, t, locale],
  );
  const change = (patch: Parameters<typeof withCaseFilter>[1]) =>
    onChange(withCaseFilter(filters, patch));
  // A phone shows the search box; the other filters open on demand.
  const compact = !Grid.useBreakpoint().md;
  const [open, setOpen] = useState(false);
  const anyFilter =
    filters.classId ??
    filters.source ??
    filters.region ??
    filters.stage ??
    filters.q ??
    (filters.overdue || filters.supervised ? 'on' : undefined);

  return (
    <Flex gap={8} wrap align="center" data-testid="case-filters">
      <Input.Search
        allowClear
        data-testid="case-filter-q"
        placeholder={t('cases.filter.q')}
        defaultValue={filters.q}
        key={filters.q ?? ''}
        onSearch={(value) => change({ q: value.trim() || undefined })}
        style={{ width: compact ? 'calc(100% - 56px)' : 220 }}
      />
      {compact ? (
        <Badge dot={anyFilter !== undefined && anyFilter !== filters.q}>
          <Button
            icon={<FilterOutlined />}
            aria-label={t('cases.filter.more')}
            type={open ? 'primary' : 'default'}
            onClick={() => setOpen((was) => !was)}
          />
        </Badge>
      ) : null}
      {compact && !open ? null : (
        <>
          <Cascader
            data-testid="case-filter-class"
            placeholder={t('cases.filter.class')}
            options={options}
            value={classPath(classes, filters.classId)}
            onChange={(path) =>
              change({
                classId: path ? String(path[path.length - 1] ?? '') || undefined : undefined,
              })
            }
            showSearch
            style={{ width: 220 }}
          />
          <Select
            allowClear
            data-testid="case-filter-source"
            placeholder={t('cases.filter.source')}
            value={filters.source}
            onChange={(source) => change({ source })}
            options={CASE_SOURCES.map((s) => ({ value: s, label: t(`cases.source.${s}`) }))}
            style={{ width: 140 }}
          />
          <RegionPicker
            value={filters.region}
            onChange={(region) => change({ region })}
            placeholder={t('cases.filter.region')}
            testId="case-filter-region"
          />
          {tab === 'all' ? (
            <Select
              allowClear
              data-testid="case-filter-stage"
              placeholder={t('cases.filter.stage')}
              value={filters.stage}
              onChange={(stage) => change({ stage })}
              options={CASE_STAGES.map((s) => ({ value: s, label: t(`cases.stage.${s}`) }))}
              style={{ width: 130 }}
            />
          ) : null}
          <Checkbox
            data-testid="case-filter-overdue"
            checked={filters.overdue ?? false}
            onChange={(event) => change({ overdue: event.target.checked })}
          >
            {t('cases.filter.overdue')}
          </Checkbox>
          <Checkbox
            checked={filters.supervised ?? false}
            onChange={(event) => change({ supervised: event.target.checked })}
          >
            {t('cases.filter.supervised')}
          </Checkbox>
          {anyFilter ? (
            <Button type="link" onClick={() => onChange({ page: 1, pageSize: filters.pageSize })}>
              {t('cases.filter.clear')}
            </Button>
          ) : null}
        </>
      )}
    </Flex>
  );
}
