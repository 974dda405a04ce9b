import {
  Alert,
  App,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Skeleton,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { isApiError } from '../../../shared/api/problem';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useI18n } from '../../../shared/i18n/i18n-context';
import {
  getCase,
  listCases,
  moveCase,
  type CaseAction,
  type CaseDetail,
  type CaseSummary,
} from '../api/cases-api';
import { useCaseReference } from '../hooks/use-case-reference';
import {
  draftProblems,
  isDanger,
  needsOf,
  transitionBody,
  type DraftProblem,
} from '../lib/case-actions';
import { dispatchTargets } from '../lib/case-departments';
import { classNameOf, departmentName } from '../lib/case-status';
import { duplicateList, formatDistance, suggestedMaster } from '../lib/case-duplicates';
import { PhotoUpload } from './PhotoUpload';
import { StageTag } from './CaseTags';

export type ActionTarget = Pick<
  CaseSummary,
  | 'id'
  | 'number'
  | 'version'
  | 'stage'
  | 'districtId'
  | 'className'
  | 'classNameEn'
  | 'extensionRequest'
>;

type Assign = 'suggested' | 'department' | 'grid';

interface ModalProps {
  target: ActionTarget;
  action: CaseAction;
  onClose: () => void;
  /** After the move (the moved case) or after a conflict (null: reload what is shown). */
  onSettled: (moved: CaseSummary | null) => void;
}

/** Dispatch and merge need what only the detail holds: the suggested department, the duplicates. */
const needsDetail = (action: CaseAction) => action === 'dispatch' || action === 'merge';

function CaseActionModal({ target, action, onClose, onSettled }: ModalProps) {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const { departments } = useCaseReference();
  const needs = needsOf(action);
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [detailError, setDetailError] = useState<unknown>(null);
  const [note, setNote] = useState('');
  const [photoIds, setPhotoIds] = useState<string[]>([]);
  const [assign, setAssign] = useState<Assign>('suggested');
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const [masterCaseId, setMasterCaseId] = useState<string | undefined>();
  const [masterNumber, setMasterNumber] = useState('');
  const [extensionHours, setExtensionHours] = useState<number | null>(8);
  const [problems, setProblems] = useState<DraftProblem[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    if (!needsDetail(action)) return;
    const controller = new AbortController();
    getCase(target.id, controller.signal).then(
      (loaded) => {
        setDetail(loaded);
        const master = suggestedMaster(loaded.possibleDuplicates, loaded.id);
        if (master) setMasterCaseId(master.id);
        if (loaded.suggestedAssignment?.kind === 'grid') setAssign('grid');
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setDetailError(error);
      },
    );
    return () => controller.abort();
  }, [action, target.id]);

  const targets = useMemo(
    () => dispatchTargets(departments.values(), target.districtId),
    [departments, target.districtId],
  );
  const suggestion = detail?.suggestedAssignment ?? null;
  const suggestedName =
    suggestion?.kind === 'grid'
      ? t('cases.dispatch.keepInGrid')
      : suggestion?.departmentId
        ? departmentName(departments, suggestion.departmentId, locale)
        : null;
  const duplicates = detail ? duplicateList(detail.possibleDuplicates, detail.id) : [];

  const submit = async () => {
    setFailure(null);
    let master = masterCaseId;
    if (needs.masterCase && masterNumber.trim()) {
      // A case number typed by hand wins over the duplicates offered.
      const found = await listCases({ q: masterNumber.trim(), limit: 5, offset: 0 }).catch(
        () => null,
      );
      const exact = found?.items.find((c) => c.number === masterNumber.trim());
      if (!exact) {
        setProblems(['masterCase']);
        return;
      }
      master = exact.id;
    }
    const draft = {
      note,
      photoIds,
      masterCaseId: master,
      extensionHours,
      keepInGrid: assign === 'grid',
      departmentId: assign === 'department' ? departmentId : undefined,
    };
    const missing = draftProblems(action, draft);
    if (assign === 'department' && needs.department && !departmentId) missing.push('department');
    setProblems(missing);
    if (missing.length > 0) return;
    setSending(true);
    try {
      const moved = await moveCase(target.id, transitionBody(action, target.version, draft));
      void message.success(
        t('cases.action.done', { action: t(`cases.action.${action}`), number: target.number }),
      );
      onSettled(moved);
      onClose();
    } catch (error) {
      if (isApiError(error) && error.code === 'version_conflict') {
        // Someone acted first: say so in the server's words and show the case as it is now.
        void message.warning({
          content: t('cases.conflict', { detail: error.message }),
          duration: 8,
        });
        onSettled(null);
        onClose();
      } else {
        setFailure(error);
      }
    } finally {
      setSending(false);
    }
  };

  const problemText = (problem: DraftProblem) => t(`cases.missing.${problem}`);

  return (
    <Modal
      open
      title={t('cases.action.title', {
        action: t(`cases.action.${action}`),
        number: target.number,
      })}
      okText={t(`cases.action.${action}`)}
      cancelText={t('common.cancel')}
      okButtonProps={{
        danger: isDanger(action),
        loading: sending,
        ...({ 'data-testid': 'case-action-ok' } as Record<string, string>),
      }}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Flex vertical gap={12} data-testid="case-action-modal" data-action={action}>
        <Flex gap={8} align="center" wrap>
          <StageTag stage={target.stage} />
          <Typography.Text>{classNameOf(target, locale)}</Typography.Text>
        </Flex>
        {needsDetail(action) && !detail && !detailError ? (
          <Skeleton active paragraph={{ rows: 2 }} />
        ) : null}
        {detailError ? <Alert type="warning" showIcon title={describe(detailError)} /> : null}

        {needs.department && detail ? (
          <Form.Item label={t('cases.dispatch.to')} style={{ marginBottom: 0 }}>
            <Radio.Group
              value={assign}
              onChange={(event) => setAssign(event.target.value as Assign)}
              data-testid="dispatch-assign"
            >
              <Flex vertical gap={8}>
                <Radio value="suggested" data-testid="dispatch-suggested">
                  {suggestedName
                    ? t('cases.dispatch.suggested', { name: suggestedName })
                    : t('cases.dispatch.byRules')}
                </Radio>
                <Radio value="department">{t('cases.dispatch.department')}</Radio>
                {assign === 'department' ? (
                  <Select
                    showSearch
                    optionFilterProp="label"
                    data-testid="dispatch-department"
                    placeholder={t('cases.dispatch.pickDepartment')}
                    value={departmentId}
                    onChange={setDepartmentId}
                    options={[
                      {
                        label: t('cases.dispatch.districtDepartments'),
                        options: targets.district.map((d) => ({
                          value: d.id,
                          label: departmentName(departments, d.id, locale),
                        })),
                      },
                      {
                        label: t('cases.dispatch.cityDepartments'),
                        options: targets.city.map((d) => ({
                          value: d.id,
                          label: departmentName(departments, d.id, locale),
                        })),
                      },
                    ]}
                  />
                ) : null}
                <Radio value="grid" data-testid="dispatch-grid">
                  {t('cases.dispatch.keepInGrid')}
                </Radio>
              </Flex>
            </Radio.Group>
          </Form.Item>
        ) : null}

        {needs.masterCase && detail ? (
          <Flex vertical gap={8}>
            <Typography.Text strong>{t('cases.merge.into')}</Typography.Text>
            {duplicates.length > 0 ? (
              <Radio.Group
                value={masterCaseId}
                onChange={(event) => setMasterCaseId(String(event.target.value))}
              >
                <Flex vertical gap={6}>
                  {duplicates.map((d) => (
                    <Radio key={d.id} value={d.id} data-testid={`merge-${d.number}`}>
                      {d.number} · {formatDistance(d.distanceMeters)} · {d.description}
                    </Radio>
                  ))}
                </Flex>
              </Radio.Group>
            ) : (
              <Typography.Text type="secondary">{t('cases.merge.noDuplicates')}</Typography.Text>
            )}
            <Input
              data-testid="merge-number"
              placeholder={t('cases.merge.byNumber')}
              value={masterNumber}
              onChange={(event) => setMasterNumber(event.target.value)}
              allowClear
            />
          </Flex>
        ) : null}

        {action === 'approve_extension' || action === 'deny_extension' ? (
          target.extensionRequest ? (
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('cases.extension.hours')}>
                {target.extensionRequest.hours}
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.extension.reason')}>
                {target.extensionRequest.reason ?? '—'}
              </Descriptions.Item>
            </Descriptions>
          ) : null
        ) : null}

        {needs.extensionHours ? (
          <Form.Item label={t('cases.extension.hours')} required style={{ marginBottom: 0 }}>
            <InputNumber
              min={0.5}
              max={2000}
              step={1}
              value={extensionHours}
              onChange={setExtensionHours}
              data-testid="extension-hours"
            />
          </Form.Item>
        ) : null}

        {needs.photo !== 'none' ? (
          <Form.Item
            label={t('cases.photo.label')}
            required={needs.photo === 'required'}
            style={{ marginBottom: 0 }}
          >
            <PhotoUpload value={photoIds} onChange={setPhotoIds} testId="action-photos" />
          </Form.Item>
        ) : null}

        <Form.Item
          label={t('cases.note.label')}
          required={needs.note === 'required'}
          style={{ marginBottom: 0 }}
        >
          <Input.TextArea
            rows={3}
            maxLength={2000}
            showCount
            data-testid="case-action-note"
            placeholder={t(action === 'close' ? 'cases.note.reply' : 'cases.note.placeholder')}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
        </Form.Item>

        {problems.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            data-testid="case-action-missing"
            title={problems.map(problemText).join(' ')}
          />
        ) : null}
        {failure ? (
          <Alert type="error" showIcon data-testid="case-action-error" title={describe(failure)} />
        ) : null}
      </Flex>
    </Modal>
  );
}

/**
 * One modal for every step of the loop: it asks for what the step needs (note, photo,
 * department, master case, hours), sends the version that was read, and on a conflict tells
 * the person what happened and reloads.
 */
export function useCaseAction(onSettled: (moved: CaseSummary | null) => void) {
  const [open, setOpen] = useState<{ target: ActionTarget; action: CaseAction } | null>(null);
  const start = useCallback(
    (target: ActionTarget, action: CaseAction) => setOpen({ target, action }),
    [],
  );
  const element = open ? (
    <CaseActionModal
      key={`${open.target.id}:${open.action}:${open.target.version}`}
      target={open.target}
      action={open.action}
      onClose={() => setOpen(null)}
      onSettled={onSettled}
    />
  ) : null;
  return { start, element };
}
