import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { formatDateTime, humanize } from '../format';
import { type FragmentType, graphql, useFragment } from '../gql';
import { errorText } from '../graphql/errors';
import { runPath } from '../links';
import { describeTiming } from '../pages/tenants/schedule-timing';
import { ConfirmButton } from './ConfirmButton';
import { OperatorMessage } from './OperatorMessage';

export const ScheduleItem_ScheduleFragment = graphql(`
  fragment ScheduleItem_ScheduleFragment on Schedule {
    id
    name
    operationType
    cron
    timeZone
    intervalSeconds
    status
    stopReason
    stopDetail
    lastTickAt
    nextFiringAt
    lastFiring {
      id
      tickAt
      outcome
      stopReason
      reason {
        code
      }
    }
    viewerCanManage
    createdAt
    providerConnection {
      id
      displayName
    }
    providerConnectionDeleted
    owner {
      id
      displayName
      email
    }
    problem {
      reasonCode
      firstBlockedRun {
        id
        message {
          ...OperatorMessage_OperatorMessageFragment
        }
      }
    }
  }
`);

const PauseSchedule = graphql(`
  mutation PauseSchedule($id: ID!) {
    pauseSchedule(id: $id) {
      id
      ...ScheduleItem_ScheduleFragment
    }
  }
`);

const ResumeSchedule = graphql(`
  mutation ResumeSchedule($id: ID!) {
    resumeSchedule(id: $id) {
      id
      ...ScheduleItem_ScheduleFragment
    }
  }
`);

const DeleteSchedule = graphql(`
  mutation DeleteSchedule($id: ID!) {
    deleteSchedule(id: $id)
  }
`);

/**
 * A schedule's firings, newest first: asked for when the operator opens them, so that the list
 * does not read every schedule's history (one query per schedule: the API does not batch it).
 */
const ScheduleFiringsQuery = graphql(`
  query ScheduleFirings($id: ID!) {
    schedule(id: $id) {
      id
      history(first: 10) {
        edges {
          node {
            id
            tickAt
            firedAt
            outcome
            stopReason
            notifiedOwner
            reason {
              code
              detail
            }
            run {
              id
            }
          }
        }
      }
    }
  }
`);

/** What the gate decided for a firing; "Refused" when it refused the owner before deciding. */
function FiringDecision(props: { outcome: string | null | undefined }) {
  return props.outcome ? (
    <span className={`badge badge-${props.outcome.toLowerCase()}`} data-outcome={props.outcome}>
      {humanize(props.outcome)}
    </span>
  ) : (
    <span className="badge badge-stopped">Refused</span>
  );
}

function ScheduleFirings(props: { scheduleId: string }) {
  const [{ data, error, fetching }] = useQuery({
    query: ScheduleFiringsQuery,
    variables: { id: props.scheduleId },
    requestPolicy: 'network-only',
  });
  if (fetching && !data) return <p className="muted">Loading the firings…</p>;
  if (error) {
    return (
      <p role="alert" className="error">
        {errorText(error)}
      </p>
    );
  }
  const firings = data?.schedule.history.edges.map((e) => e.node) ?? [];
  if (firings.length === 0) return <p className="muted">It has not fired yet.</p>;
  return (
    <table className="runs">
      <caption className="visually-hidden">The latest firings, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Due</th>
          <th scope="col">Decision</th>
          <th scope="col">Why</th>
          <th scope="col">Run</th>
        </tr>
      </thead>
      <tbody>
        {firings.map((f) => (
          <tr key={f.id}>
            <td>{formatDateTime(f.tickAt)}</td>
            <td>
              <FiringDecision outcome={f.outcome} />
            </td>
            <td>
              {f.reason ? humanize(f.reason.code) : f.stopReason ? humanize(f.stopReason) : '—'}
              {addsToReason(f.reason?.detail, f.reason?.code) ? (
                <span className="muted"> · {f.reason?.detail}</span>
              ) : null}
            </td>
            <td>{f.run ? <Link to={runPath(f.run.id)}>Open the run</Link> : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * One schedule: its operation, timing in words (and as the API has it), connection, owner,
 * status, next firing, last firing with its decision (`lastFiring`, batched by the API for the
 * whole page), and what blocks or stopped it (the first blocked attempt's message as
 * the API wrote it). Pause, resume and delete (confirmed) only where the API answers
 * `viewerCanManage`; the firings on demand.
 */

/** A detail worth showing beside its reason: not the reason's own words again ("Provider connection not found."). */
function addsToReason(detail: string | null | undefined, reason: string | null | undefined): detail is string {
  if (!detail) return false;
  const plain = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  return !reason || plain(detail) !== plain(humanize(reason));
}
export function ScheduleItem(props: {
  schedule: FragmentType<typeof ScheduleItem_ScheduleFragment>;
  onDeleted: () => void;
}) {
  const schedule = useFragment(ScheduleItem_ScheduleFragment, props.schedule);
  const [pausing, pause] = useMutation(PauseSchedule);
  const [resuming, resume] = useMutation(ResumeSchedule);
  const [deleting, remove] = useMutation(DeleteSchedule);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [showFirings, setShowFirings] = useState(false);
  const headingId = `schedule-${schedule.id}`;
  const firingsId = `schedule-firings-${schedule.id}`;
  const title = schedule.name || humanize(schedule.operationType);
  const busy = pausing.fetching || resuming.fetching || deleting.fetching;
  const error = [pausing, resuming, deleting].find((s) => s.error)?.error;
  const owner = schedule.owner.displayName ?? schedule.owner.email ?? schedule.owner.id;
  return (
    <li className="step" aria-labelledby={headingId} data-schedule-status={schedule.status}>
      <h2 id={headingId}>
        {title}{' '}
        <span className={`badge badge-${schedule.status.toLowerCase()}`} data-status={schedule.status}>
          {humanize(schedule.status)}
        </span>
      </h2>
      <dl className="facts">
        <dt>Operation</dt>
        <dd>{humanize(schedule.operationType)}</dd>
        <dt>Fires</dt>
        <dd>
          {describeTiming(schedule)}
          {schedule.cron ? (
            <>
              {' '}
              · <span className="mono">{schedule.cron}</span>
            </>
          ) : null}
        </dd>
        <dt>Connection</dt>
        <dd>
          {schedule.providerConnection?.displayName ??
            (schedule.providerConnectionDeleted
              ? 'A connection that no longer exists'
              : 'The tenant’s default at each firing')}
        </dd>
        <dt>Fires as</dt>
        <dd>{owner}</dd>
        <dt>Next firing</dt>
        <dd data-next-firing={schedule.nextFiringAt ?? ''}>
          {schedule.nextFiringAt
            ? formatDateTime(schedule.nextFiringAt)
            : schedule.status === 'ACTIVE'
              ? 'Not known'
              : `None while ${schedule.status === 'PAUSED' ? 'paused' : 'stopped'}`}
        </dd>
        <dt>Last firing</dt>
        <dd data-last-outcome={schedule.lastFiring ? (schedule.lastFiring.outcome ?? 'REFUSED') : ''}>
          {schedule.lastFiring ? (
            <>
              Due {formatDateTime(schedule.lastFiring.tickAt)} ·{' '}
              <FiringDecision outcome={schedule.lastFiring.outcome} />
              {schedule.lastFiring.reason ? (
                <span className="muted"> · {humanize(schedule.lastFiring.reason.code)}</span>
              ) : schedule.lastFiring.stopReason ? (
                <span className="muted"> · {humanize(schedule.lastFiring.stopReason)}</span>
              ) : null}
            </>
          ) : schedule.lastTickAt ? (
            `Due ${formatDateTime(schedule.lastTickAt)}`
          ) : (
            'Not yet'
          )}
        </dd>
        <dt>Created</dt>
        <dd>{formatDateTime(schedule.createdAt)}</dd>
        {schedule.status === 'STOPPED' ? (
          <>
            <dt>Stopped</dt>
            <dd data-stop-reason={schedule.stopReason ?? ''}>
              {schedule.stopReason ? humanize(schedule.stopReason) : 'Stopped'}
              {addsToReason(schedule.stopDetail, schedule.stopReason) ? (
                <span className="muted"> · {schedule.stopDetail}</span>
              ) : null}
              <br />
              It fires again once resumed, from then on as whoever resumes it (who needs this operation’s start
              capability).
            </dd>
          </>
        ) : null}
      </dl>
      {schedule.problem ? (
        <div className="schedule-problem" data-reason-code={schedule.problem.reasonCode}>
          <p>
            <span className="scan-label">Its firings are blocked: </span>
            {humanize(schedule.problem.reasonCode)}
          </p>
          {schedule.problem.firstBlockedRun ? (
            <>
              <OperatorMessage message={schedule.problem.firstBlockedRun.message} level={3} tone="problem" />
              <p>
                <Link to={runPath(schedule.problem.firstBlockedRun.id)}>The first blocked attempt</Link>
              </p>
            </>
          ) : null}
        </div>
      ) : null}
      <div className="button-row">
        {schedule.viewerCanManage && schedule.status === 'ACTIVE' ? (
          <button type="button" className="button" disabled={busy} onClick={() => void pause({ id: schedule.id })}>
            Pause
          </button>
        ) : null}
        {schedule.viewerCanManage && schedule.status !== 'ACTIVE' ? (
          <button
            type="button"
            className="button button-primary"
            disabled={busy}
            onClick={() => void resume({ id: schedule.id })}
          >
            Resume
          </button>
        ) : null}
        {schedule.viewerCanManage ? (
          <ConfirmButton
            label="Delete"
            confirmLabel="Confirm delete"
            keepLabel="Keep it"
            disabled={busy}
            asking={confirmDelete}
            onAskingChange={setConfirmDelete}
            onConfirm={() =>
              void remove({ id: schedule.id }).then((r) => {
                if (!r.error) props.onDeleted();
              })
            }
          />
        ) : null}
        <button
          type="button"
          className="button"
          aria-expanded={showFirings}
          aria-controls={firingsId}
          onClick={() => setShowFirings((v) => !v)}
        >
          {showFirings ? 'Hide firings' : 'Show firings'}
        </button>
      </div>
      {confirmDelete ? <p className="muted">Deleting it removes its history too; it fires no more.</p> : null}
      {error ? (
        <p role="alert" className="error">
          {errorText(error)}
        </p>
      ) : null}
      <div id={firingsId}>{showFirings ? <ScheduleFirings scheduleId={schedule.id} /> : null}</div>
    </li>
  );
}
