/**
 * The HTTP test harness is shared with the provider-connection suite (both action hosts run as
 * real servers over the same per-file database and queue; acceptance 2 needs both at once).
 */
export { errorOf, gql, jobTotal, runRow, START_RESULT, test } from '../../provider-connection/test/helpers';
