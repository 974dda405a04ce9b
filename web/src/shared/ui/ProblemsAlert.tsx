import { Alert, Flex } from 'antd';

/** A form's problems, one per line, in one error box; nothing when there are none. */
export function ProblemsAlert(props: { problems: string[]; testId?: string }) {
  if (props.problems.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      data-testid={props.testId}
      title={
        <Flex vertical>
          {props.problems.map((p) => (
            <span key={p}>{p}</span>
          ))}
        </Flex>
      }
    />
  );
}
