/** What the problems page says about one code. */
export interface ProblemEntry {
  status: number
  title: string
  meaning: string
}

/**
 * Every problem `code` the service can answer with, its status and what it means. `ProblemCode`
 * is derived from the keys, so a code used anywhere without an entry here fails the typecheck,
 * and `GET /problems` (the target of every problem's `type`) documents each one.
 */
export const PROBLEM_CATALOG = {
  bad_request: {
    status: 400,
    title: 'Bad request',
    meaning: 'A request refused for a reason no more specific code covers; `detail` says which.',
  },
  invalid_json: { status: 400, title: 'Malformed JSON', meaning: 'The body is not valid JSON.' },
  invalid_body: {
    status: 400,
    title: 'Invalid request',
    meaning: 'The JSON body does not match the schema; `issues` lists paths and messages.',
  },
  invalid_query: {
    status: 400,
    title: 'Invalid request',
    meaning: 'The query string does not match the schema; `issues` lists the parameters.',
  },
  invalid_parameter: {
    status: 400,
    title: 'Invalid request',
    meaning: 'A path parameter does not match the schema; `issues` lists it.',
  },
  body_required: {
    status: 400,
    title: 'Body required',
    meaning:
      'A JSON route was called without a body; nothing was written. Send `{}` if all fields are optional.',
  },
  password_too_long: {
    status: 400,
    title: 'Password too long',
    meaning: 'A password field is over 1024 UTF-8 bytes; refused before any hashing.',
  },
  password_ill_formed: {
    status: 400,
    title: 'Password not well-formed',
    meaning: 'A password field holds a lone UTF-16 surrogate; refused unhashed.',
  },
  invalid_prefix: {
    status: 400,
    title: 'Bad request',
    meaning: '`/range`: the prefix is not 5 hexadecimal characters.',
  },
  invalid_mode: {
    status: 400,
    title: 'Bad request',
    meaning: '`/range`: `mode` is neither `sha1` nor `ntlm`.',
  },
  mode_unavailable: {
    status: 400,
    title: 'Bad request',
    meaning: '`/range?mode=ntlm` on a corpus built without NTLM hashes.',
  },
  invalid_cursor: {
    status: 400,
    title: 'Bad request',
    meaning: 'The `cursor` of a list request is not one a previous page handed out.',
  },
  unknown_data_class: {
    status: 400,
    title: 'Bad request',
    meaning: 'An incident names data classes outside the vocabulary; `allowed` lists it.',
  },
  invalid_csv_header: {
    status: 400,
    title: 'Bad request',
    meaning: 'A CSV exposure list whose header row names none of the known columns.',
  },
  unauthorized: {
    status: 401,
    title: 'Unauthorized',
    meaning: 'No key, or an unknown or revoked key (or a wrong metrics token).',
  },
  invalid_credentials: {
    status: 401,
    title: 'Invalid credentials',
    meaning:
      'Wrong current password (or unknown account), or an invalid, used or expired reset token.',
  },
  forbidden: { status: 403, title: 'Forbidden', meaning: "The key lacks the route's scope." },
  reset_required: {
    status: 403,
    title: 'Reset required',
    meaning: 'The account must reset: only a reset token can change its password.',
  },
  password_breached: {
    status: 403,
    title: 'Password breached',
    meaning: "Login with a right but breached password, under the tenant's `block` action.",
  },
  not_found: {
    status: 404,
    title: 'Not found',
    meaning: 'Unknown route, or an account, incident or event not in this tenant.',
  },
  method_not_allowed: {
    status: 405,
    title: 'Method not allowed',
    meaning: '`/range` with a method other than GET, HEAD or OPTIONS.',
  },
  account_exists: {
    status: 409,
    title: 'Account exists',
    meaning: 'The externalId or e-mail is already taken in this tenant.',
  },
  concurrent_change: {
    status: 409,
    title: 'Concurrent change',
    meaning: 'The password changed while this request ran; nothing was written. Retry.',
  },
  event_pending: {
    status: 409,
    title: 'Event pending',
    meaning: 'A webhook event still being retried cannot be redelivered yet.',
  },
  payload_too_large: {
    status: 413,
    title: 'Payload too large',
    meaning: 'The body is over the limit; a bulk upload names the batches it `committed`.',
  },
  unsupported_media_type: {
    status: 415,
    title: 'Unsupported media type',
    meaning: 'An upload that is not NDJSON/CSV, or a JSON route sent another content type.',
  },
  password_rejected: {
    status: 422,
    title: 'Password rejected',
    meaning: 'A new password fails the check; `violations` and `feedback` say why.',
  },
  unrecognized_hash: {
    status: 422,
    title: 'Unusable hash',
    meaning: 'The hash is in no format pwguard reads (give a `hint` for bare digests).',
  },
  malformed_hash: {
    status: 422,
    title: 'Unusable hash',
    meaning: 'The hash names a known format but does not follow it.',
  },
  cost_out_of_bounds: {
    status: 422,
    title: 'Unusable hash',
    meaning: 'The hash asks for a work factor outside the accepted bounds.',
  },
  invalid_hint: {
    status: 422,
    title: 'Unusable hash',
    meaning: 'The `hint` is unusable or does not fit the digest (algorithm, salt, encoding).',
  },
  throttled: {
    status: 429,
    title: 'Too many attempts',
    meaning: 'Too many failed logins or password changes; wait `Retry-After` seconds.',
  },
  verify_budget_exhausted: {
    status: 429,
    title: 'Hashing budget exhausted',
    meaning: "The key's `/v1/hashes/verify` hashing budget is spent; wait `Retry-After`.",
  },
  internal_error: {
    status: 500,
    title: 'Internal server error',
    meaning: 'A bug; logged with the request id, details never sent.',
  },
  overloaded: {
    status: 503,
    title: 'Overloaded',
    meaning: 'The hashing pool or the tenant queue is full; retry after `Retry-After`.',
  },
  hash_cost_unsupported: {
    status: 503,
    title: 'Hash cost unsupported here',
    meaning: 'The stored hash needs more memory than this runtime allows; use the Node deployment.',
  },
  legacy_verify_unavailable: {
    status: 503,
    title: 'Legacy verify unavailable',
    meaning: 'The legacy verify hook gave no answer at a first login; `reason`, `Retry-After`.',
  },
  unavailable: {
    status: 503,
    title: 'Service unavailable',
    meaning: 'The Worker could not start (bad configuration, unreachable database).',
  },
  storage_full: {
    status: 507,
    title: 'Insufficient storage',
    meaning: 'The database disk is full; nothing from the request was half-written.',
  },
} as const satisfies Record<string, ProblemEntry>

/**
 * Stable machine-readable error codes. Clients switch on `code`, never on `title` or `detail`,
 * so a code, once published, keeps its meaning.
 */
export type ProblemCode = keyof typeof PROBLEM_CATALOG

export const PROBLEM_CODES = Object.keys(PROBLEM_CATALOG) as ProblemCode[]
