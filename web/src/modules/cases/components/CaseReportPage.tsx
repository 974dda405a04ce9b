import './cases.css';
import { ArrowLeftOutlined, CheckCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, List, Result } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useI18n } from '../../../shared/i18n/i18n-context';
import type { IntakeResult } from '../api/cases-api';
import { duplicateList } from '../lib/case-duplicates';
import { classNameOf } from '../lib/case-status';
import { CaseReportForm } from './CaseReportForm';
import { DuplicateSummary } from './DuplicateSummary';

/**
 * 网格员上报: the grid worker's page, laid out for a phone held in one hand. After sending,
 * open cases of the same class nearby are shown; the worker confirms the report stands
 * (the acceptor decides whether to merge) or opens the older case to compare.
 */
export function CaseReportPage() {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const [result, setResult] = useState<IntakeResult | null>(null);
  const [round, setRound] = useState(0);
  const [confirmed, setConfirmed] = useState(false);

  const again = () => {
    setResult(null);
    setConfirmed(false);
    setRound((n) => n + 1);
  };

  if (result) {
    const duplicates = duplicateList(result.possibleDuplicates, result.case.id);
    const pending = duplicates.length > 0 && !confirmed;
    return (
      <div className="onecity-case-mobile" data-testid="report-result">
        <Card>
          <Result
            status={pending ? 'warning' : 'success'}
            icon={pending ? undefined : <CheckCircleOutlined />}
            title={t('cases.report.sent', { number: result.case.number })}
            subTitle={
              <Flex vertical gap={4} align="center">
                <span data-testid="report-number">{result.case.number}</span>
                <span>
                  {classNameOf(result.case, locale)} · {result.case.regionNames.grid}
                </span>
              </Flex>
            }
          />
          {duplicates.length > 0 ? (
            <Flex vertical gap={8} data-testid="report-duplicates">
              <Alert
                type="warning"
                showIcon
                title={t('cases.duplicates.title', { count: duplicates.length })}
                description={t('cases.duplicates.explain')}
              />
              <List
                size="small"
                bordered
                dataSource={duplicates}
                renderItem={(d) => (
                  <List.Item
                    actions={[
                      <Link key="open" to={`/workbench/cases/${d.id}`}>
                        {t('cases.duplicates.open')}
                      </Link>,
                    ]}
                  >
                    <DuplicateSummary duplicate={d} />
                  </List.Item>
                )}
              />
              {pending ? (
                <Button
                  type="primary"
                  size="large"
                  block
                  data-testid="report-confirm"
                  onClick={() => setConfirmed(true)}
                >
                  {t('cases.duplicates.confirm')}
                </Button>
              ) : (
                <Alert type="success" showIcon title={t('cases.duplicates.confirmed')} />
              )}
            </Flex>
          ) : null}
          <Flex gap={8} vertical style={{ marginTop: 16 }}>
            <Button
              size="large"
              block
              icon={<PlusOutlined />}
              onClick={again}
              data-testid="report-again"
            >
              {t('cases.report.again')}
            </Button>
            <Button
              size="large"
              block
              onClick={() => void navigate(`/workbench/cases/${result.case.id}`)}
              data-testid="report-open"
            >
              {t('cases.report.open')}
            </Button>
          </Flex>
        </Card>
      </div>
    );
  }

  return (
    <div className="onecity-case-mobile" data-testid="case-report-page">
      <Card
        title={
          <Flex gap={8} align="center">
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              aria-label={t('cases.back')}
              onClick={() => void navigate('/workbench/cases')}
            />
            {t('cases.report.title')}
          </Flex>
        }
      >
        <CaseReportForm key={round} photoRequired onSubmitted={setResult} />
      </Card>
    </div>
  );
}
