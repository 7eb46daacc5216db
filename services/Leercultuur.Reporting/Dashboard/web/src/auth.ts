// Signing in as a programme. The token stays in this tab's session storage and goes only to the APIs the
// host names; it is never put in the address. With an identity provider configured the dashboard signs in
// with OIDC (authorisation code with PKCE, a public client); on the standalone host a development token
// is pasted.

import { DashboardConfig } from "./api";

const tokenKey = "leercultuur.dashboard.token";
const pendingKey = "leercultuur.dashboard.oidc";

export interface Claims {
  subject: string | null;
  roles: string[];
  programme: string | null;
  expires: number | null;
}

export function currentToken(): string | null {
  const token = sessionStorage.getItem(tokenKey);
  if (!token) {
    return null;
  }

  const claims = readClaims(token);
  if (claims?.expires && claims.expires * 1000 < Date.now()) {
    sessionStorage.removeItem(tokenKey);
    return null;
  }

  return token;
}

export function keepToken(token: string): void {
  sessionStorage.setItem(tokenKey, token);
}

export function signOut(): void {
  sessionStorage.removeItem(tokenKey);
}

/** The claims a token says it carries (the APIs check its signature; the dashboard only shows them). */
export function readClaims(token: string, roleClaim = "roles", programmeClaim = "programme"): Claims | null {
  const parts = token.split(".");
  if (parts.length !== 3) {
    return null;
  }

  try {
    const json = atob(parts[1].replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(parts[1].length / 4) * 4, "="));
    const payload = JSON.parse(json) as Record<string, unknown>;
    const roles = payload[roleClaim];
    const programme = payload[programmeClaim];
    return {
      subject: typeof payload.sub === "string" ? payload.sub : null,
      roles: Array.isArray(roles) ? roles.map(String) : typeof roles === "string" ? [roles] : [],
      programme: typeof programme === "string" ? programme : null,
      expires: typeof payload.exp === "number" ? payload.exp : null,
    };
  } catch {
    return null;
  }
}

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
}

interface Pending {
  state: string;
  verifier: string;
  returnTo: string;
}

function randomText(bytes: number): string {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  return base64Url(values);
}

function base64Url(bytes: Uint8Array): string {
  let text = "";
  bytes.forEach((b) => (text += String.fromCharCode(b)));
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function discover(authority: string): Promise<Discovery> {
  const response = await fetch(`${authority.replace(/\/$/, "")}/.well-known/openid-configuration`, { credentials: "omit" });
  if (!response.ok) {
    throw new Error(`The identity provider's configuration could not be read (${response.status}).`);
  }

  const discovery = (await response.json()) as Discovery;
  // OIDC Discovery §4.3: the document must name the authority it was fetched from.
  if (discovery.issuer?.replace(/\/$/, "") !== authority.replace(/\/$/, "")) {
    throw new Error("The identity provider's configuration names another issuer.");
  }

  return discovery;
}

/** The dashboard's folder (…/dashboard/), whichever file of it the page was opened as: the registered redirect URI. */
function redirectUri(): string {
  return new URL("./", location.href).href;
}

/** Sends the browser to the identity provider; it comes back to this page with a code. */
export async function startOidc(config: DashboardConfig): Promise<void> {
  const sign = config.signIn;
  if (!sign.authority || !sign.clientId) {
    throw new Error("No identity provider is configured.");
  }

  const discovery = await discover(sign.authority);
  const pending: Pending = { state: randomText(16), verifier: randomText(32), returnTo: location.search };
  sessionStorage.setItem(pendingKey, JSON.stringify(pending));
  const challenge = base64Url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(pending.verifier))));
  const query = new URLSearchParams({
    response_type: "code",
    client_id: sign.clientId,
    redirect_uri: redirectUri(),
    scope: sign.scope ?? "openid",
    state: pending.state,
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  location.assign(`${discovery.authorization_endpoint}?${query}`);
}

/**
 * Finishes a sign-in when the identity provider sent the browser back with a code: exchanges it for a
 * token and gives the address the dashboard had before. Null when this page load is no such return.
 */
export async function finishOidc(config: DashboardConfig): Promise<string | null> {
  const query = new URLSearchParams(location.search);
  const code = query.get("code");
  const state = query.get("state");
  const error = query.get("error");
  const stored = sessionStorage.getItem(pendingKey);
  if ((!code && !error) || !state || !stored || !config.signIn.authority || !config.signIn.clientId) {
    return null;
  }

  sessionStorage.removeItem(pendingKey);
  const pending = JSON.parse(stored) as Pending;
  // Whatever happens next, the page goes back to the view it left (the code must not stay in the address).
  history.replaceState(null, "", pending.returnTo || "?");
  if (pending.state !== state) {
    throw new Error("The sign-in did not come back from the request this page made.");
  }

  if (error || !code) {
    // The provider's own words where it gives them (error_description is meant for people).
    throw new Error(query.get("error_description") ?? `The identity provider answered ${error}.`);
  }

  const discovery = await discover(config.signIn.authority);
  const response = await fetch(discovery.token_endpoint, {
    method: "POST",
    credentials: "omit",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri(),
      client_id: config.signIn.clientId,
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) {
    throw new Error(`The identity provider refused the sign-in (${response.status}).`);
  }

  const token = (await response.json()) as { access_token?: string };
  if (!token.access_token) {
    throw new Error("The identity provider sent no access token.");
  }

  keepToken(token.access_token);
  return pending.returnTo;
}
