import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import { useRefetchOnReconnect } from '../app/context';
import { formatDateTime } from '../format';
import { type FragmentType, graphql, useFragment } from '../gql';
import { inAppPath, runPath } from '../links';

export const NotificationItem_NotificationFragment = graphql(`
  fragment NotificationItem_NotificationFragment on Notification {
    id
    title
    body
    createdAt
    readAt
    run {
      id
      url
    }
  }
`);

const NotificationBellQuery = graphql(`
  query NotificationBell {
    myNotifications(first: 20) {
      id
      readAt
      ...NotificationItem_NotificationFragment
    }
  }
`);

const NotificationReceived = graphql(`
  subscription NotificationReceived {
    notificationReceived {
      id
      ...NotificationItem_NotificationFragment
    }
  }
`);

const MarkNotificationRead = graphql(`
  mutation MarkNotificationRead($id: ID!) {
    markNotificationRead(id: $id) {
      id
      readAt
    }
  }
`);

function NotificationItem(props: {
  notification: FragmentType<typeof NotificationItem_NotificationFragment>;
  onOpen: (id: string, read: boolean) => void;
}) {
  const n = useFragment(NotificationItem_NotificationFragment, props.notification);
  const to = inAppPath(n.run.url) ?? runPath(n.run.id);
  return (
    <li className={n.readAt ? 'notification' : 'notification notification-unread'}>
      <Link to={to} onClick={() => props.onOpen(n.id, Boolean(n.readAt))}>
        <span className="notification-title">
          {n.readAt ? null : <span className="visually-hidden">Unread: </span>}
          {n.title}
        </span>
        <span className="notification-body">{n.body}</span>
        <time dateTime={n.createdAt}>{formatDateTime(n.createdAt)}</time>
      </Link>
    </li>
  );
}

/**
 * The bell: unread count, live (`notificationReceived`), the latest notifications, each opening
 * its run and marking it read.
 */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const [{ data }, refetch] = useQuery({ query: NotificationBellQuery });
  useRefetchOnReconnect(() => refetch({ requestPolicy: 'network-only' }));
  const [received] = useSubscription({ query: NotificationReceived });
  const [, markRead] = useMutation(MarkNotificationRead);

  // A new notification: fetch the list again (it is short), so the count and order are the API's.
  const latest = received.data?.notificationReceived.id;
  useEffect(() => {
    if (latest) refetch({ requestPolicy: 'network-only' });
  }, [latest, refetch]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    const onClick = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  const notifications = data?.myNotifications ?? [];
  const unread = notifications.filter((n) => !n.readAt).length;
  return (
    <div className="bell" ref={root}>
      <button
        type="button"
        className="bell-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="currentColor">
          <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
        </svg>
        <span className="visually-hidden">Notifications</span>
        <span className={unread ? 'bell-count' : 'bell-count bell-count-zero'} data-testid="unread-count">
          {unread}
          <span className="visually-hidden"> unread</span>
        </span>
      </button>
      <div id={panelId} className="bell-panel" hidden={!open}>
        <h2 className="bell-heading">Notifications</h2>
        {notifications.length === 0 ? (
          <p className="muted">Nothing yet. You are notified when a run you started finishes.</p>
        ) : (
          <ul className="notifications" aria-label="Notifications">
            {notifications.map((n) => (
              <NotificationItem
                key={n.id}
                notification={n}
                onOpen={(id, read) => {
                  setOpen(false);
                  if (!read) void markRead({ id });
                }}
              />
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
