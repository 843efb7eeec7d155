/** The HTTP harness shared with the provider-connection suite: both action hosts as real servers. */
export { errorOf, gql, jobTotal, runRow, START_RESULT, test } from '@msp/tests/support/action-hosts';
