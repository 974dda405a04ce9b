import './cases.css';
import { CameraOutlined } from '@ant-design/icons';
import { Button, Card, Tabs } from 'antd';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useAccount } from '../../../shared/auth/auth-context';
import { useI18n } from '../../../shared/i18n/i18n-context';
import {
  readCaseFilters,
  readCaseTab,
  tabsForRoles,
  writeCaseFilters,
  type CaseFilters,
  type CaseTab,
} from '../lib/case-filters';
import { CaseQueueTable } from './CaseQueueTable';
import { DispatchBoard } from './DispatchBoard';

/** Roles that report problems from the street (信息采集). */
const REPORTING_ROLES: ReadonlySet<string> = new Set([
  'grid_worker',
  'acceptor',
  'dispatcher',
  'commander',
]);

/**
 * 案件: each role's queue as a tab — 受理, 派遣 (a board), 处置任务, 核查, 结案 — and every
 * case in scope. Tab and filters live in the URL.
 */
export function CasesPage() {
  const { t } = useI18n();
  const account = useAccount();
  const roles = useMemo(() => account.roles.map((r) => r.role), [account.roles]);
  const tabs = useMemo(() => tabsForRoles(roles), [roles]);
  const [params, setParams] = useSearchParams();
  const tab = readCaseTab(params, tabs[0] ?? 'all');
  const filters = useMemo(() => readCaseFilters(params), [params]);
  const setFilters = (next: CaseFilters, nextTab: CaseTab = tab) =>
    setParams(writeCaseFilters(nextTab, next));
  const canReport = roles.some((role) => REPORTING_ROLES.has(role));

  return (
    <Card
      data-testid="cases-page"
      title={t('cases.title')}
      extra={
        canReport ? (
          <Link to="/workbench/cases/report">
            <Button icon={<CameraOutlined />} data-testid="cases-report-link">
              {t('cases.report.title')}
            </Button>
          </Link>
        ) : null
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => setFilters({ page: 1, pageSize: filters.pageSize }, key as CaseTab)}
        items={(tabs.includes(tab) ? tabs : [...tabs, tab]).map((key) => ({
          key,
          label: <span data-testid={`cases-tab-${key}`}>{t(`cases.tab.${key}`)}</span>,
        }))}
      />
      {tab === 'dispatch' ? (
        <DispatchBoard filters={filters} onFilters={(next) => setFilters(next)} />
      ) : (
        <CaseQueueTable tab={tab} filters={filters} onFilters={(next) => setFilters(next)} />
      )}
    </Card>
  );
}
