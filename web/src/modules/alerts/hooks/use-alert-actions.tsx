import { App, Input } from 'antd';
import { useCallback } from 'react';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useT } from '../../../shared/i18n/i18n-context';
import { moveAlert, type Alert, type AlertAction } from '../api/alerts-api';
import { conflictOf } from '../lib/alert-lifecycle';

/**
 * Acknowledge, clear or close, with an optional note. The version read goes along; when the
 * server answers 409 someone else got there first: the person is told so, and `onSettled`
 * reloads what is shown so the next try starts from the current state.
 */
export function useAlertActions(onSettled: (moved: Alert | null) => void) {
  const t = useT();
  const describe = useErrorMessage();
  const { modal, message } = App.useApp();

  return useCallback(
    (alert: Alert, action: AlertAction) => {
      let note = '';
      modal.confirm({
        title: t(`alerts.action.${action}.confirm`, { name: alert.ruleName }),
        content: (
          <Input.TextArea
            data-testid="alert-action-note"
            rows={3}
            maxLength={1000}
            placeholder={t('alerts.action.notePlaceholder')}
            onChange={(event) => {
              note = event.target.value;
            }}
          />
        ),
        okText: t(`alerts.action.${action}`),
        cancelText: t('common.cancel'),
        okButtonProps: { 'data-testid': 'alert-action-ok' } as Record<string, string>,
        onOk: async () => {
          try {
            const moved = await moveAlert(
              alert.id,
              action,
              alert.version,
              note.trim() || undefined,
            );
            void message.success(t(`alerts.action.${action}.done`));
            onSettled(moved);
          } catch (error) {
            const conflict = conflictOf(error);
            if (conflict) {
              // Our own words: the server's detail is written for integrators, in English.
              const now = conflict.currentStatus
                ? t('alerts.conflict.now', { status: t(`alerts.status.${conflict.currentStatus}`) })
                : '';
              void message.warning({
                content: `${t(`alerts.conflict.${conflict.kind}`)}${now}${t('alerts.conflict.reloaded')}`,
                duration: 8,
              });
              onSettled(null);
            } else {
              void message.error(describe(error));
            }
          }
        },
      });
    },
    [modal, message, t, describe, onSettled],
  );
}
