import { describe, expect, it } from 'vitest';
import { liveDemoOffReason } from './demo-live.ts';

const embedded = { demoSimulate: true, databaseUrl: null, mqttUrl: null };

describe('when the live demo runs', () => {
  it('runs on the embedded profile with the demo city loaded', () => {
    expect(liveDemoOffReason(embedded, true)).toBeNull();
  });

  it('is off when turned off, on PostgreSQL or an external broker, or without the demo city', () => {
    expect(liveDemoOffReason({ ...embedded, demoSimulate: false }, true)).toMatch(
      /ONECITY_DEMO_SIMULATE=false or --no-simulate/,
    );
    expect(liveDemoOffReason({ ...embedded, databaseUrl: 'postgres://db/onecity' }, true)).toMatch(
      /embedded profile/,
    );
    expect(liveDemoOffReason({ ...embedded, mqttUrl: 'mqtt://broker:1883' }, true)).toMatch(
      /embedded profile/,
    );
    expect(liveDemoOffReason(embedded, false)).toMatch(/demo city is not loaded/);
  });
});
