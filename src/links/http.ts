// The checker's HTTP capability. The core never imports undici or node:*; a runtime hands it an
// HttpClient (src/runtime/node/http-client.ts on Node, fetch in the Worker).

/** Why a request got no HTTP answer. Each code is also the `reason` a broken/skipped link reports. */
export type NetworkFailureCode =
  | 'dns'
  | 'refused'
  | 'reset'
  | 'tls'
  | 'timeout'
  | 'private-address'
  | 'invalid-url'
  | 'aborted'
  | 'network';

export interface HttpRequestOptions {
  method: 'GET' | 'HEAD';
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** Aborts the request (the whole-check timeout, or shutdown). */
  signal?: AbortSignal;
  /** Bytes of the (decompressed) body to keep; the rest is dropped and `truncated` is set. */
  maxBodyBytes: number;
}

export interface HttpResponse {
  kind: 'response';
  status: number;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** At most `maxBodyBytes` of the decompressed body. */
  body: Uint8Array;
  truncated: boolean;
  /** The peer's IP address, when known. */
  remoteAddress: string | null;
}

export interface HttpFailure {
  kind: 'failure';
  code: NetworkFailureCode;
  message: string;
}

export interface HttpClient {
  /** Never follows redirects; never throws for network trouble (returns an HttpFailure). */
  request(url: string, options: HttpRequestOptions): Promise<HttpResponse | HttpFailure>;
  close?(): Promise<void>;
}

export function failure(code: NetworkFailureCode, message: string): HttpFailure {
  return { kind: 'failure', code, message };
}
