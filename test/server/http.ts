/** Raw HTTP against the test sync server: status and JSON, never throws on 4xx/5xx. */
import { basicAuth, type Credentials } from '../../server/provision';

export interface HttpResult {
  status: number;
  json: { error?: string; reason?: string; ok?: boolean; rev?: string; [key: string]: unknown } & Record<string, unknown>;
}

export function httpClient(baseUrl: string) {
  return async function http(method: string, path: string, options: { body?: unknown; auth?: Credentials } = {}): Promise<HttpResult> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.auth) headers.Authorization = basicAuth(options.auth);
    const init: RequestInit = { method, headers };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    const response = await fetch(new URL(path, baseUrl), init);
    const text = await response.text();
    let json: unknown = {};
    try { json = text ? JSON.parse(text) : {}; } catch { json = { raw: text }; }
    return { status: response.status, json: json as HttpResult['json'] };
  };
}
