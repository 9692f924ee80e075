import * as client from 'openid-client';

/**
 * Single sign-on with an OpenID Connect provider (Microsoft Entra ID in councils and trusts),
 * through `openid-client`: the authorisation code flow with PKCE, state and nonce, the ID token
 * checked by the library (issuer, audience, signature, expiry, nonce). We take only the e-mail
 * address from it and match it to a person already in AMHP Hub: SSO never creates people.
 */
export interface OidcSettings {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/** What the browser carries between leaving for the provider and coming back (a short cookie). */
export interface OidcTransaction {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

export class OidcSignInError extends Error {}

/** An address the provider vouches for: `email`, or Entra's `preferred_username`/`upn` when it is one. */
export function emailFromClaims(claims: Record<string, unknown>): string | undefined {
  for (const key of ['email', 'preferred_username', 'upn']) {
    const value = claims[key];
    if (typeof value === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return value.trim().toLowerCase();
  }
  return undefined;
}

function isLocal(url: URL): boolean {
  return url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
}

export class OidcClient {
  private configuration: Promise<client.Configuration> | undefined;

  constructor(private readonly settings: OidcSettings) {}

  /** Discovery once, on first use; a failed discovery is tried again next time. */
  private config(): Promise<client.Configuration> {
    if (!this.configuration) {
      const issuer = new URL(this.settings.issuerUrl);
      // Plain HTTP only for a provider on this machine (the test suite's); anything else is HTTPS.
      const options = isLocal(issuer) ? { execute: [client.allowInsecureRequests] } : undefined;
      this.configuration = client.discovery(issuer, this.settings.clientId, this.settings.clientSecret, undefined, options).catch((error: unknown) => {
        this.configuration = undefined;
        throw new OidcSignInError(`The identity provider could not be reached (${error instanceof Error ? error.message : 'unknown error'})`);
      });
    }
    return this.configuration;
  }

  async begin(returnTo: string): Promise<{ url: URL; transaction: OidcTransaction }> {
    const config = await this.config();
    const transaction: OidcTransaction = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), returnTo };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: 'openid email profile',
      state: transaction.state,
      nonce: transaction.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(transaction.verifier),
      code_challenge_method: 'S256',
    });
    return { url, transaction };
  }

  /**
   * The e-mail address of whoever the provider signed in, from the callback URL it sent back,
   * and the ID token (kept for single sign-out: the provider's `id_token_hint`).
   */
  async finish(callbackUrl: URL, transaction: OidcTransaction): Promise<{ email: string; idToken: string | undefined }> {
    const config = await this.config();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: transaction.verifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw new OidcSignInError(`The identity provider's answer was refused (${error instanceof Error ? error.message : 'unknown error'})`);
    }
    const claims = tokens.claims();
    if (!claims) throw new OidcSignInError('The identity provider sent no ID token');
    const idToken = tokens.id_token;
    const fromToken = emailFromClaims(claims);
    if (fromToken) return { email: fromToken, idToken };
    const userInfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    const fromUserInfo = emailFromClaims(userInfo);
    if (!fromUserInfo) throw new OidcSignInError('The identity provider did not say which e-mail address signed in');
    return { email: fromUserInfo, idToken };
  }

  /**
   * Single sign-out (OpenID Connect RP-initiated logout): the provider's end-session URL with the
   * ID token as `id_token_hint` and where to come back to, or undefined when the provider
   * advertises no `end_session_endpoint` — or one on another origin than the issuer, which the
   * pages' `form-action` policy would not let the sign-out form reach.
   */
  async endSessionUrl(idToken: string, postLogoutRedirectUri: string): Promise<URL | undefined> {
    const config = await this.config();
    const endpoint = config.serverMetadata().end_session_endpoint;
    if (!endpoint || new URL(endpoint).origin !== new URL(this.settings.issuerUrl).origin) return undefined;
    return client.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: postLogoutRedirectUri });
  }
}
