/** Tenant.verificationReport: what the latest PROVIDER_VERIFICATION run found. */
import { REASON_CODES, type ReasonCode } from '@msp/gate';
import { builder } from '../builder';
import type { VerificationReportModel } from '../model';
import { OperationRunRef, shared } from './shared';
import { TenantRef } from './tenant';

const VerificationStatus = builder.enumType('TenantVerificationStatus', {
  description: 'The verdict of a verification run.',
  values: {
    VERIFIED: {
      value: 'VERIFIED',
      description: 'Token and directory read worked; every needed permission is granted.',
    },
    PERMISSIONS_MISSING: {
      value: 'PERMISSIONS_MISSING',
      description: 'The connection works, but some operations lack a Graph permission.',
    },
    FAILED: { value: 'FAILED', description: 'The connection could not be used; `reasonCode` says why.' },
  } as const,
});

type Status = 'VERIFIED' | 'PERMISSIONS_MISSING' | 'FAILED';

const TenantVerificationReport = builder.objectRef<VerificationReportModel>('TenantVerificationReport').implement({
  description: 'What a provider verification found about the tenant and the connection it used.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The report id.' }),
    status: t.field({
      type: VerificationStatus,
      description: 'The verdict.',
      // Written by the worker as text; an unknown value is reported as FAILED, never passed on.
      resolve: (r) =>
        ['VERIFIED', 'PERMISSIONS_MISSING', 'FAILED'].includes(r.status) ? (r.status as Status) : 'FAILED',
    }),
    checkedAt: t.field({ type: 'DateTime', description: 'When the check ran.', resolve: (r) => r.checkedAt }),
    organizationName: t.string({
      nullable: true,
      description: 'The organisation name Graph reported (`GET /organization`), if it could be read.',
      resolve: (r) => (typeof r.organization?.displayName === 'string' ? r.organization.displayName : null),
    }),
    verifiedDomains: t.stringList({
      description: 'The verified domains Graph reported.',
      resolve: (r) => {
        const domains = r.organization?.verifiedDomains;
        return Array.isArray(domains)
          ? domains.map((d) => (d as { name?: unknown })?.name).filter((n): n is string => typeof n === 'string')
          : [];
      },
    }),
    grantedPermissions: t.exposeStringList('grantedPermissions', {
      description: 'Application permissions granted to the app.',
    }),
    missingPermissions: t.exposeStringList('missingPermissions', {
      description: 'Application permissions some operation needs that are not granted.',
    }),
    reasonCode: t.field({
      type: shared.ReasonCode,
      nullable: true,
      description: 'For a FAILED report: why.',
      resolve: (r) =>
        r.reasonCode === null
          ? null
          : (REASON_CODES as readonly string[]).includes(r.reasonCode)
            ? (r.reasonCode as ReasonCode)
            : 'INTERNAL_ERROR',
    }),
    providerConnectionId: t.exposeID('providerConnectionId', {
      nullable: true,
      description: 'The connection verified; null once that connection was deleted.',
    }),
    operationRun: t.field({
      type: OperationRunRef,
      description: 'The verification run.',
      resolve: (r) => ({ id: r.operationRunId }),
    }),
  }),
});

builder.objectFields(TenantRef, (t) => ({
  verificationReport: t.field({
    type: TenantVerificationReport,
    nullable: true,
    description: 'The latest verification report; null before the first verification.',
    resolve: (tenant, _args, ctx) => ctx.loaders.verificationReport.load(tenant.id),
  }),
}));
