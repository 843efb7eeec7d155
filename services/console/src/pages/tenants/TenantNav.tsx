import { NavLink } from 'react-router';

/** The tenant's pages: overview (starts and data), provider connections, restore runs, schedules, people. */
export function TenantNav(props: { tenantId: string; current?: string }) {
  const base = `/tenants/${encodeURIComponent(props.tenantId)}`;
  return (
    <nav aria-label="Tenant" className="tabs">
      <NavLink to={base} end>
        Overview
      </NavLink>
      <NavLink to={`${base}/provider-connections`}>Provider connections</NavLink>
      <NavLink to={`${base}/restore-runs`}>Restore runs</NavLink>
      <NavLink to={`${base}/schedules`}>Schedules</NavLink>
      <NavLink to={`${base}/people`}>People</NavLink>
    </nav>
  );
}
