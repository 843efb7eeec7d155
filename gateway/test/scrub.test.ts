/** What the gateway's log writer lets through: no credentials, whatever shape they come in. */
import { describe, expect, test } from 'vitest';
import { REDACTED, scrub } from '../src/scrub';

describe('scrub', () => {
  test('credential-like keys are replaced at any depth; other values kept', () => {
    const input = {
      subgraph: 'operations',
      connectionParams: { Authorization: 'Bearer abc.def.ghi', tenant: 't1' },
      request: { headers: { authorization: 'Bearer x', 'content-type': 'application/json', cookie: 'sid=1' } },
      list: [{ accessToken: 'tok' }, { clientSecret: 's3cret' }, 7],
      password: 'p',
      'x-api-key': 'k',
    };
    expect(scrub(input)).toEqual({
      subgraph: 'operations',
      connectionParams: { Authorization: REDACTED, tenant: 't1' },
      request: { headers: { authorization: REDACTED, 'content-type': 'application/json', cookie: REDACTED } },
      list: [{ accessToken: REDACTED }, { clientSecret: REDACTED }, 7],
      password: REDACTED,
      'x-api-key': REDACTED,
    });
  });

  test('bearer tokens inside strings are cut; the input object is not modified', () => {
    const input = { msg: 'forwarding Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig-_x to operations' };
    expect(scrub(input)).toEqual({ msg: `forwarding Bearer ${REDACTED} to operations` });
    expect(input.msg).toContain('eyJ');
    expect(scrub('bearer abc123==')).toBe(`bearer ${REDACTED}`);
  });

  test('HTTP Basic credentials and API client secrets inside strings are cut', () => {
    expect(scrub('authorization: Basic YWJjOm1zcGNzX3h5eg==')).toBe(`authorization: Basic ${REDACTED}`);
    expect(scrub({ msg: '{"clientSecret":"mspcs_Abc-12_x"} answered' })).toEqual({
      msg: `{"clientSecret":"mspcs_${REDACTED}"} answered`,
    });
  });

  test('class instances (sockets, requests, Headers) are logged as their class name; errors pass', () => {
    class Socket {
      secretHeaders = { authorization: 'Bearer leaked' };
    }
    const error = new Error('boom');
    expect(scrub({ socket: new Socket(), headers: new Headers({ authorization: 'Bearer x' }), error })).toEqual({
      socket: '[Socket]',
      headers: '[Headers]',
      error,
    });
  });

  test('a cycle or a very deep object ends in a marker instead of recursing forever', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    const out = JSON.stringify(scrub(a));
    expect(out).toContain('[…]');
  });
});
