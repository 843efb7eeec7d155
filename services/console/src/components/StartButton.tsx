import { useId } from 'react';
import { missingCapabilityText } from '../capabilities';

/**
 * A start (or lifecycle) button that knows which capability it needs. Without it the button is
 * shown disabled with the reason, named by the registry's capability; the server still refuses
 * a forced request (FORBIDDEN).
 */
export function CapabilityButton(props: {
  label: string;
  capability: string;
  capabilities: readonly string[];
  busy?: boolean;
  disabled?: boolean;
  tone?: 'primary' | 'danger' | 'plain';
  type?: 'button' | 'submit';
  onClick?: () => void;
}) {
  const reasonId = useId();
  const allowed = props.capabilities.includes(props.capability);
  const tone = props.tone === 'danger' ? ' button-danger' : props.tone === 'plain' ? '' : ' button-primary';
  return (
    <span className="capability-control">
      <button
        type={props.type ?? 'button'}
        className={`button${tone}`}
        disabled={!allowed || props.busy || props.disabled}
        aria-describedby={allowed ? undefined : reasonId}
        onClick={props.onClick}
      >
        {props.label}
      </button>
      {allowed ? null : (
        <span id={reasonId} className="disabled-reason">
          {missingCapabilityText(props.capability)}
        </span>
      )}
    </span>
  );
}
