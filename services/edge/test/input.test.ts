import { describe, expect, test } from 'vitest';
import { redactMessage } from '../src/index';

describe('redactMessage', () => {
  test('a secret-named field keeps its name and loses its value', () => {
    expect(redactMessage('Variable "$input" got invalid value { clientSecret: "s3cr3t", name: "x" }')).toBe(
      'Variable "$input" got invalid value { clientSecret: "[redacted]", name: "x" }',
    );
  });

  test('a message quoting a 1 MB run of letters is cut before the patterns run, and still redacted', () => {
    const hostile = 'a'.repeat(1_000_000);
    const message = `Variable "$input" got invalid value { clientSecret: "${hostile}" }`;
    const redacted = redactMessage(message);
    expect(redacted.length).toBeLessThanOrEqual(2_001);
    expect(redacted).toContain('clientSecret: "[redacted]"');
    expect(redacted).not.toContain('aaaa');
    expect(redactMessage(`Expected type Int, found "${hostile}"`).length).toBeLessThanOrEqual(2_001);
  });
});
