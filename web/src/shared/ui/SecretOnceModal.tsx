import { Alert, Flex, Modal, Typography } from 'antd';
import type { ReactNode } from 'react';

/**
 * Shows a credential that the server returns once (a client secret, an API key, a scanner
 * key): copyable, with a warning, closed only on purpose (no mask click), never shown again.
 */
export function SecretOnceModal(props: {
  /** null: closed. */
  secret: string | null;
  title: string;
  /** The "keep it now" warning. */
  hint: string;
  /** What the secret belongs to, above it (a name, a client id). */
  children?: ReactNode;
  onClose: () => void;
  testId: string;
}) {
  return (
    <Modal
      open={props.secret !== null}
      title={props.title}
      onOk={props.onClose}
      onCancel={props.onClose}
      cancelButtonProps={{ style: { display: 'none' } }}
      maskClosable={false}
      // A closed modal otherwise keeps its last content, hidden, in the page: the secret
      // would stay readable in the DOM after "shown once".
      destroyOnHidden
    >
      {props.secret !== null && (
        <Flex vertical gap={12}>
          {props.children}
          <Alert type="warning" showIcon title={props.hint} />
          <Typography.Paragraph code copyable data-testid={props.testId}>
            {props.secret}
          </Typography.Paragraph>
        </Flex>
      )}
    </Modal>
  );
}
