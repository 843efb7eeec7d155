import { useId, useState } from 'react';
import { useConsole } from '../app/context';

/**
 * An API client's credentials as the API answers them once (`ApiClientSecret`, at creation and at
 * rotation): the client id and secret in read-only fields to copy, the warning that the secret is
 * not shown again, and how a partner tool uses them (OAuth 2.0 client credentials at the gateway's
 * `POST /oauth/token`, root README "API clients"). Kept in this component's state only: a reload,
 * or leaving the page, loses the secret for good (the API stores only its hash).
 */
export function ApiClientCredentials(props: {
  name: string;
  clientId: string;
  clientSecret: string;
  rotated?: boolean;
  onDismiss: () => void;
}) {
  const { config } = useConsole();
  const ids = { clientId: useId(), secret: useId(), note: useId() };
  const [copied, setCopied] = useState(false);
  // The token endpoint is the gateway's, beside the GraphQL endpoint the console itself uses.
  const tokenUrl = new URL('/oauth/token', config.graphqlUrl).toString();
  const copy = async () => {
    (document.getElementById(ids.secret) as HTMLInputElement | null)?.select();
    try {
      await navigator.clipboard.writeText(props.clientSecret);
      setCopied(true);
    } catch {
      // No clipboard permission: the text stays selected for the keyboard's copy.
      setCopied(false);
    }
  };
  return (
    <div className="secret-once api-client-secret" data-api-client-secret="">
      <label htmlFor={ids.clientId}>Client ID of {props.name}</label>
      <input
        id={ids.clientId}
        className="mono secret-value"
        readOnly
        value={props.clientId}
        onFocus={(e) => e.currentTarget.select()}
      />
      <label htmlFor={ids.secret}>
        {props.rotated ? 'New client secret' : 'Client secret'} of {props.name}
      </label>
      <input
        id={ids.secret}
        className="mono secret-value"
        readOnly
        value={props.clientSecret}
        aria-describedby={ids.note}
        onFocus={(e) => e.currentTarget.select()}
      />
      <div id={ids.note}>
        <p>
          <strong>Copy it now: it is not shown again.</strong> The API keeps only its hash
          {props.rotated ? '; the previous secret, and the tokens issued under it, no longer work.' : '.'}
        </p>
        <p>
          The tool gets an access token by OAuth 2.0 client credentials: <span className="mono">POST {tokenUrl}</span>{' '}
          with <span className="mono">grant_type=client_credentials</span> (form-encoded; the ID and secret as HTTP
          Basic, or as <span className="mono">client_id</span> and <span className="mono">client_secret</span> in the
          form), then sends <span className="mono">Authorization: Bearer &lt;access_token&gt;</span> to{' '}
          <span className="mono">{config.graphqlUrl}</span> until it expires (<span className="mono">expires_in</span>
          ).
        </p>
        <pre className="mono how-to">
          curl -s {tokenUrl} -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials
        </pre>
      </div>
      <div className="button-row">
        <button type="button" className="button" onClick={() => void copy()}>
          Copy secret
        </button>
        <button type="button" className="button" onClick={props.onDismiss}>
          I have stored it
        </button>
        <span className="muted" aria-live="polite">
          {copied ? 'Copied.' : ''}
        </span>
      </div>
    </div>
  );
}
