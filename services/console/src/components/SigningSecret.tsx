import { useId, useState } from 'react';
import { formatDateTime } from '../format';

/**
 * A webhook endpoint's signing secret, as the API answers it once (at creation and at rotation):
 * shown in a read-only field to copy, with the warning that it is not shown again. The console
 * keeps it in this component's state only: a reload, or leaving the page, loses it for good.
 */
export function SigningSecret(props: {
  secret: string;
  url: string;
  /** After a rotation: until when deliveries also carry a signature with the previous secret. */
  previousUntil?: string | null;
  rotated?: boolean;
  onDismiss: () => void;
}) {
  const id = useId();
  const noteId = useId();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    const input = document.getElementById(id) as HTMLInputElement | null;
    input?.select();
    try {
      await navigator.clipboard.writeText(props.secret);
      setCopied(true);
    } catch {
      // No clipboard permission: the text stays selected for the keyboard's copy.
      setCopied(false);
    }
  };
  return (
    <div className="secret-once" data-signing-secret="">
      <label htmlFor={id}>
        {props.rotated ? 'New signing secret' : 'Signing secret'} of {props.url}
      </label>
      <input
        id={id}
        className="mono secret-value"
        readOnly
        value={props.secret}
        aria-describedby={noteId}
        onFocus={(e) => e.currentTarget.select()}
      />
      <p id={noteId}>
        <strong>Copy it now: it is not shown again.</strong> Receivers verify each delivery’s{' '}
        <span className="mono">webhook-signature</span> with it.
        {props.rotated && props.previousUntil
          ? ` Until ${formatDateTime(props.previousUntil)} deliveries also carry a signature with the previous secret.`
          : ''}
      </p>
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
