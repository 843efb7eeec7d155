import { describe, expect, it } from 'vitest';
import {
  AADSTS_REASON_CODES,
  type GraphReasonCode,
  isRetryableReason,
  parseRetryAfter,
  reasonCodeForAadError,
  reasonCodeForGraphError,
} from '../src/index';

describe('reasonCodeForAadError', () => {
  const cases: Array<[number, string, number, GraphReasonCode]> = [
    [65001, 'invalid_grant', 400, 'PROVIDER_CONSENT_MISSING'],
    [65004, 'access_denied', 400, 'PROVIDER_CONSENT_MISSING'],
    [90094, 'invalid_grant', 400, 'PROVIDER_CONSENT_MISSING'],
    [90099, 'invalid_grant', 400, 'PROVIDER_CONSENT_MISSING'],
    [500011, 'invalid_resource', 400, 'PROVIDER_CONSENT_MISSING'],
    [7000229, 'invalid_client', 400, 'PROVIDER_CONSENT_MISSING'],
    [7000215, 'invalid_client', 401, 'PROVIDER_CREDENTIALS_INVALID'],
    [7000222, 'invalid_client', 401, 'PROVIDER_CREDENTIALS_EXPIRED'],
    [7000216, 'invalid_client', 401, 'PROVIDER_CREDENTIALS_MISSING'],
    [7000218, 'invalid_client', 401, 'PROVIDER_CREDENTIALS_MISSING'],
    [700016, 'unauthorized_client', 400, 'PROVIDER_CREDENTIALS_INVALID'],
    [90002, 'invalid_request', 400, 'TARGET_NOT_FOUND'],
    [900023, 'invalid_request', 400, 'TARGET_NOT_FOUND'],
    [53003, 'invalid_grant', 400, 'PROVIDER_PERMISSIONS_MISSING'],
    [7000112, 'unauthorized_client', 400, 'PROVIDER_CONNECTION_DISABLED'],
    [900144, 'invalid_request', 400, 'INTERNAL_ERROR'],
    [90014, 'invalid_request', 400, 'INTERNAL_ERROR'],
    [70011, 'invalid_scope', 400, 'INTERNAL_ERROR'],
    [1002012, 'invalid_scope', 400, 'INTERNAL_ERROR'],
  ];

  it.each(cases)('AADSTS%i (%s, HTTP %i) maps to %s', (code, error, status, expected) => {
    expect(reasonCodeForAadError({ status, error, errorCodes: [code] })).toBe(expected);
  });

  it('covers every code in the exported table', () => {
    const byNumber = (a: number, b: number) => a - b;
    expect(cases.map(([code]) => code).sort(byNumber)).toEqual(
      Object.keys(AADSTS_REASON_CODES).map(Number).sort(byNumber),
    );
  });

  it('decides on the code, not on the OAuth error, when both are present', () => {
    // 7000222 arrives as invalid_client, whose fallback would be CREDENTIALS_INVALID.
    expect(reasonCodeForAadError({ status: 401, error: 'invalid_client', errorCodes: [7000222] })).toBe(
      'PROVIDER_CREDENTIALS_EXPIRED',
    );
  });

  it('uses the first known code when several are given', () => {
    expect(reasonCodeForAadError({ status: 400, error: 'invalid_grant', errorCodes: [12345, 65001, 7000215] })).toBe(
      'PROVIDER_CONSENT_MISSING',
    );
  });

  it('falls back on the OAuth error, then the status', () => {
    expect(reasonCodeForAadError({ status: 401, error: 'invalid_client', errorCodes: [99999] })).toBe(
      'PROVIDER_CREDENTIALS_INVALID',
    );
    expect(reasonCodeForAadError({ status: 400, error: 'unauthorized_client' })).toBe('PROVIDER_CREDENTIALS_INVALID');
    expect(reasonCodeForAadError({ status: 503, error: 'temporarily_unavailable', errorCodes: [] })).toBe(
      'PROVIDER_UNAVAILABLE',
    );
    expect(reasonCodeForAadError({ status: 500 })).toBe('PROVIDER_UNAVAILABLE');
    expect(reasonCodeForAadError({ status: 429, error: 'temporarily_unavailable' })).toBe('PROVIDER_THROTTLED');
    expect(reasonCodeForAadError({ status: 400, error: 'invalid_grant', errorCodes: [50000] })).toBe('INTERNAL_ERROR');
  });

  it('ignores the description entirely', () => {
    // The input type has no description at all; a consent-sounding text cannot steer it.
    expect(reasonCodeForAadError({ status: 400, error: 'invalid_request', errorCodes: [] })).toBe('INTERNAL_ERROR');
  });
});

describe('reasonCodeForGraphError', () => {
  it.each([
    [401, 'InvalidAuthenticationToken', 'PROVIDER_CREDENTIALS_INVALID'],
    [403, 'Authorization_RequestDenied', 'PROVIDER_PERMISSIONS_MISSING'],
    [403, 'Forbidden', 'PROVIDER_PERMISSIONS_MISSING'],
    [404, 'NotFound', 'TARGET_NOT_FOUND'],
    [429, 'TooManyRequests', 'PROVIDER_THROTTLED'],
    [503, 'ServiceUnavailable', 'PROVIDER_UNAVAILABLE'],
    [504, 'GatewayTimeout', 'PROVIDER_UNAVAILABLE'],
    [400, 'BadRequest', 'INTERNAL_ERROR'],
  ] as const)('HTTP %i %s maps to %s', (status, code, expected) => {
    expect(reasonCodeForGraphError({ status, code })).toBe(expected);
  });

  it('marks only throttling and outages as retryable', () => {
    expect(isRetryableReason('PROVIDER_THROTTLED')).toBe(true);
    expect(isRetryableReason('PROVIDER_UNAVAILABLE')).toBe(true);
    expect(isRetryableReason('PROVIDER_CREDENTIALS_INVALID')).toBe(false);
    expect(isRetryableReason('PROVIDER_CONSENT_MISSING')).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Sun, 31 Dec 2023 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
