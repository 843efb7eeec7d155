import { type ReactNode, useEffect, useRef, useState } from 'react';

/**
 * An action that asks first: `label` opens "Confirm …" (`confirmLabel`, which takes the keyboard
 * focus) and "Keep …" (`keepLabel`, which closes it and gives the focus back to `label`).
 * `onConfirm` gets `close` to call once the answer is in (it returns the focus the same way); an
 * action whose item goes away leaves it open. `asking` / `onAskingChange` let the caller show the
 * consequence (a note) where its layout puts it; without them the state is the button's own.
 */
export function ConfirmButton(props: {
  label: ReactNode;
  confirmLabel: ReactNode;
  keepLabel: ReactNode;
  onConfirm: (close: () => void) => void;
  disabled?: boolean;
  /** The opening button in the danger style (default), or the plain one. */
  danger?: boolean;
  asking?: boolean;
  onAskingChange?: (asking: boolean) => void;
}) {
  const [ownAsking, setOwnAsking] = useState(false);
  const asking = props.asking ?? ownAsking;
  const setAsking = (v: boolean) => {
    setOwnAsking(v);
    props.onAskingChange?.(v);
  };
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  // Keyboard users land on the confirmation, and back on the opening button when they keep it.
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (asked.current) openRef.current?.focus();
  }, [asking]);
  if (asking) {
    return (
      <>
        <button
          ref={confirmRef}
          type="button"
          className="button button-danger"
          disabled={props.disabled}
          onClick={() => props.onConfirm(() => setAsking(false))}
        >
          {props.confirmLabel}
        </button>
        <button type="button" className="button" onClick={() => setAsking(false)}>
          {props.keepLabel}
        </button>
      </>
    );
  }
  return (
    <button
      ref={openRef}
      type="button"
      className={props.danger === false ? 'button' : 'button button-danger'}
      disabled={props.disabled}
      onClick={() => {
        asked.current = true;
        setAsking(true);
      }}
    >
      {props.label}
    </button>
  );
}
