import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { DEMO_PASSWORD } from './test-app.js';

/**
 * A tiny browser for route tests: keeps cookies, reads the CSRF token from the last page it saw
 * and sends it with form posts, exactly as the real forms do.
 */
export class TestBrowser {
  private readonly cookies = new Map<string, string>();
  private csrf = '';

  constructor(private readonly app: FastifyInstance) {}

  /** The Cookie header this browser sends (a test may replay it after signing out). */
  cookieHeader(): string {
    return [...this.cookies.entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies) {
      if (cookie.value === '' || (cookie.expires && cookie.expires.getTime() < Date.now()) || cookie.maxAge === 0) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const match = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (match?.[1]) this.csrf = match[1];
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers } });
    this.remember(response);
    return response;
  }

  /** Posts a form as the browser would (URL-encoded, with the CSRF token unless told not to). */
  async post(url: string, form: Record<string, string | string[] | number | undefined> = {}, options: { csrf?: string | false } = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    const token = options.csrf === false ? undefined : (options.csrf ?? this.csrf);
    if (token) body.append('_csrf', token);
    for (const [key, value] of Object.entries(form)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) body.append(key, String(item));
    }
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    this.remember(response);
    return response;
  }

  /** Posts a raw body (e.g. a multipart file upload) with this browser's cookies. */
  async postRaw(url: string, payload: Buffer | string, contentType: string): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({ method: 'POST', url, headers: { cookie: this.cookieHeader(), 'content-type': contentType }, payload });
    this.remember(response);
    return response;
  }

  get csrfToken(): string {
    return this.csrf;
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }
}

export async function signedInBrowser(app: FastifyInstance, email: string, password = DEMO_PASSWORD): Promise<TestBrowser> {
  const browser = new TestBrowser(app);
  await browser.get('/sign-in');
  const response = await browser.post('/sign-in', { email, password });
  if (response.statusCode !== 303) throw new Error(`Sign-in as ${email} failed with ${response.statusCode}`);
  await browser.get('/');
  return browser;
}

/** A bearer token for API tests. */
export async function apiToken(app: FastifyInstance, email: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email, password } });
  if (response.statusCode !== 201) throw new Error(`Token for ${email} failed: ${response.statusCode} ${response.body}`);
  return (response.json() as { token: string }).token;
}

/** Decodes the visible text of HTML enough for assertions on what a user reads. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
}
