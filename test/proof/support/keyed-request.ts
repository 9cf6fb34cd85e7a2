import http from 'node:http'

export interface KeyedTarget {
  baseUrl: string
  key: string
  agent: http.Agent
  timeoutMs: number
}

export interface KeyedResponse {
  status: number
  text: string
  headers: http.IncomingHttpHeaders
}

/**
 * One request of the proof's load generators: the API key as bearer, the body (if any) with
 * its length, the whole answer read. Rejects with the socket's error, or `timeout`, so the
 * caller decides what a failure means (a lost request, an instance down).
 */
export function keyedRequest(
  target: KeyedTarget,
  request: {
    method: string
    path: string
    body?: string | undefined
    type?: string | undefined
    headers?: Record<string, string>
  },
): Promise<KeyedResponse> {
  const url = new URL(target.baseUrl)
  const { body, type = 'application/json' } = request
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.path,
        agent: target.agent,
        headers: {
          authorization: `Bearer ${target.key}`,
          ...(body ? { 'content-type': type, 'content-length': Buffer.byteLength(body) } : {}),
          ...request.headers,
        },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }))
      },
    )
    req.setTimeout(target.timeoutMs, () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end(body)
  })
}
