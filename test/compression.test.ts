// Issue 17 item 5: pages, JSON, CSS and JS compressed (brotli, else gzip); assets fingerprinted
// and served with a year's immutable cache.
import { readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEncoding } from '../src/platform/http/compression.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('compressed pages and fingerprinted assets', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
  });
  afterAll(async () => t.close());

  it('sends a page brotli-compressed to a browser that accepts it, and it reads back the same', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/sign-in' });
    const br = await t.app.inject({ method: 'GET', url: '/sign-in', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    const html = brotliDecompressSync(br.rawPayload).toString('utf8');
    // The same page (the CSRF token differs between two anonymous visits).
    expect(html.replace(/value="[^"]{20,}"/g, '')).toBe(plain.body.replace(/value="[^"]{20,}"/g, ''));
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
  });

  it('falls back to gzip, and sends it plain to a client that accepts neither', async () => {
    const gz = await t.app.inject({ method: 'GET', url: '/sign-in', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString('utf8')).toContain('Sign in');
    const none = await t.app.inject({ method: 'GET', url: '/sign-in', headers: { 'accept-encoding': 'identity' } });
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.body).toContain('Sign in');
  });

  it('compresses JSON from the API', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: { 'accept-encoding': 'br' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(response.rawPayload).toString('utf8'))).toHaveProperty('openapi');
  });

  it('links the fingerprinted stylesheet and scripts, served for a year, immutable, precompressed', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
    const css = /<link rel="stylesheet" href="(\/assets\/app\.[0-9a-f]{12}\.css)">/.exec(page.body)?.[1];
    const init = /<script type="module" src="(\/assets\/init\.[0-9a-f]{12}\.mjs)">/.exec(page.body)?.[1];
    expect(css).toBeDefined();
    expect(init).toBeDefined();
    const asset = await t.app.inject({ method: 'GET', url: css!, headers: { 'accept-encoding': 'br, gzip' } });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(asset.rawPayload).toString('utf8')).toBe(readFileSync(`public/build/${css!.slice('/assets/'.length)}`, 'utf8'));
    // The module script imports the frontends by their fingerprinted names too.
    const script = await t.app.inject({ method: 'GET', url: init! });
    expect(script.body).toMatch(/\/assets\/govuk-frontend\.[0-9a-f]{12}\.min\.js/);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('does not give a plain-named asset the long cache', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/assets/app.css' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['cache-control']).not.toContain('immutable');
  });

  it('chooses brotli, then gzip, honouring q=0', () => {
    expect(chooseEncoding('gzip, deflate, br')).toBe('br');
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('identity')).toBeUndefined();
    expect(chooseEncoding(undefined)).toBeUndefined();
  });
});
