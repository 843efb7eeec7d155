/**
 * National cloud endpoints. Each sovereign cloud has its own Entra authority and Graph host;
 * a token from one is worthless in another, so the cloud is part of every token cache key.
 * Source: https://learn.microsoft.com/graph/deployments
 */

export type GraphCloud = 'global' | 'usgov' | 'usgov-dod' | 'china';

export interface GraphEndpoints {
  /** Entra authority host, without a trailing slash, e.g. `https://login.microsoftonline.com`. */
  loginBaseUrl: string;
  /** Graph host, without a trailing slash and without the version segment. */
  graphBaseUrl: string;
  /**
   * OAuth scope requested for app-only tokens.
   * @defaultValue `${graphBaseUrl}/.default`
   */
  tokenScope?: string;
}

export const GRAPH_CLOUDS: Readonly<Record<GraphCloud, Readonly<GraphEndpoints>>> = {
  global: {
    loginBaseUrl: 'https://login.microsoftonline.com',
    graphBaseUrl: 'https://graph.microsoft.com',
  },
  usgov: {
    loginBaseUrl: 'https://login.microsoftonline.us',
    graphBaseUrl: 'https://graph.microsoft.us',
  },
  'usgov-dod': {
    loginBaseUrl: 'https://login.microsoftonline.us',
    graphBaseUrl: 'https://dod-graph.microsoft.us',
  },
  china: {
    loginBaseUrl: 'https://login.chinacloudapi.cn',
    graphBaseUrl: 'https://microsoftgraph.chinacloudapi.cn',
  },
};

export const GRAPH_CLOUD_NAMES = Object.keys(GRAPH_CLOUDS) as GraphCloud[];

/**
 * Where a Global Administrator of the customer's directory grants tenant-wide admin consent to
 * an app registration, in the cloud's real Entra authority (never an override such as the
 * simulator: consent is given by a person, in Microsoft's own page). Source:
 * https://learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent
 */
export function adminConsentUrl(cloud: GraphCloud, entraTenantId: string, clientId: string): string {
  const url = new URL(`${GRAPH_CLOUDS[cloud].loginBaseUrl}/${encodeURIComponent(entraTenantId)}/adminconsent`);
  url.searchParams.set('client_id', clientId);
  return url.toString();
}

/** Endpoints with trailing slashes removed and the token scope filled in. */
export interface ResolvedGraphEndpoints {
  loginBaseUrl: string;
  graphBaseUrl: string;
  tokenScope: string;
}

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

export function resolveEndpoints(endpoints: GraphEndpoints): ResolvedGraphEndpoints {
  const loginBaseUrl = trimSlash(endpoints.loginBaseUrl);
  const graphBaseUrl = trimSlash(endpoints.graphBaseUrl);
  // Fail at construction, not on the first request in a background job.
  new URL(loginBaseUrl);
  new URL(graphBaseUrl);
  return { loginBaseUrl, graphBaseUrl, tokenScope: endpoints.tokenScope ?? `${graphBaseUrl}/.default` };
}
