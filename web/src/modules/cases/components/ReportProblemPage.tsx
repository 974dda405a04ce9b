import { Button, Card, Flex, Result, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../../shared/i18n/i18n-context';
import type { IntakeResult } from '../api/cases-api';
import { CaseReportForm } from './CaseReportForm';

/** 我要反映: a citizen reports a problem in the city from the portal (source "citizen"). */
export function ReportProblemPage() {
  const { t } = useI18n();
  const [result, setResult] = useState<IntakeResult | null>(null);

  if (result) {
    return (
      <Card data-testid="citizen-report-result">
        <Result
          status="success"
          title={t('cases.portal.sent')}
          subTitle={
            <Flex vertical gap={4} align="center">
              <span data-testid="report-number">{result.case.number}</span>
              <span>{t('cases.portal.sentIntro')}</span>
              {result.possibleDuplicates.length > 0 ? (
                <Typography.Text type="secondary">{t('cases.portal.sameNearby')}</Typography.Text>
              ) : null}
            </Flex>
          }
          extra={
            <Flex gap={8} justify="center" wrap>
              <Link to={`/portal/reports/${result.case.id}`}>
                <Button type="primary">{t('cases.portal.follow')}</Button>
              </Link>
              <Link to="/portal/reports">
                <Button>{t('cases.portal.mine')}</Button>
              </Link>
            </Flex>
          }
        />
      </Card>
    );
  }
  return (
    <Card title={t('cases.portal.report')} data-testid="citizen-report-page">
      <Typography.Paragraph type="secondary">{t('cases.portal.reportIntro')}</Typography.Paragraph>
      <CaseReportForm photoRequired={false} onSubmitted={setResult} />
    </Card>
  );
}
