import type { ReactNode } from 'react';

export function ScreenPanel({
  title,
  testId,
  children,
  className,
  grow = 0,
}: {
  title: ReactNode;
  testId: string;
  children: ReactNode;
  className?: string;
  /** Share of the column's spare height this panel takes (0: just its content). */
  grow?: number;
}) {
  return (
    <section
      className={`onecity-screen-card ${className ?? ''}`}
      style={{ flex: grow ? `${grow} 1 0` : 'none' }}
      data-testid={testId}
      aria-label={typeof title === 'string' ? title : undefined}
    >
      <h2 className="onecity-screen-card-title">{title}</h2>
      <div className="onecity-screen-card-body">{children}</div>
    </section>
  );
}

/** A big number with its label; the test id lets browser tests read the live value. */
export function ScreenValue({
  name,
  label,
  value,
  tone,
}: {
  name: string;
  label: ReactNode;
  value: ReactNode;
  tone?: 'ok' | 'warn' | 'alert' | 'muted';
}) {
  return (
    <div className={`onecity-screen-value ${tone ? `tone-${tone}` : ''}`}>
      <span className="onecity-screen-value-number" data-testid={`screen-value-${name}`}>
        {value}
      </span>
      <span className="onecity-screen-value-label">{label}</span>
    </div>
  );
}
