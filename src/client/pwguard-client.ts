import createClient from 'openapi-fetch'
import type { components, paths } from './generated/pwguard-api.js'

type Schemas = components['schemas']
export type PasswordCheckRequest = Schemas['PasswordCheckRequest']
export type PasswordCheckResult = Schemas['PasswordCheckResult']
export type CreateAccountRequest = Schemas['CreateAccountRequest']
export type Account = Schemas['Account']
export type LoginRequest = Schemas['LoginRequest']
export type LoginOk = Schemas['LoginOk']
export type ChangePasswordRequest = Schemas['ChangePasswordRequest']
export type VerifyHashRequest = Schemas['VerifyHashRequest']
export type VerifyHashResult = Schemas['VerifyHashResult']
export type Problem = Schemas['Problem']

/** A refusal the caller is expected to handle (a weak password, a taken id): a value, not a throw. */
export interface Refusal {
  ok: false
  status: number
  problem: Problem
}

/** A failure the caller cannot fix by asking the user again (bad key, 5xx, network). */
export class PwguardApiError extends Error {
  override name = 'PwguardApiError'
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem ? `${status} ${problem.code}: ${problem.detail}` : `pwguard answered ${status}`)
  }
}

export interface PwguardClientOptions {
  /** e.g. `https://pwguard.internal:8787` */
  baseUrl: string
  /** A key with the scopes the calls need (`check`, `login`). Server side only: never ship it. */
  apiKey: string
  fetch?: typeof fetch
}

/**
 * A typed client for a site's server: signup check, accounts, login, password change and
 * stateless hash verification. Types come from pwguard's OpenAPI document (openapi-typescript);
 * `raw` is the underlying openapi-fetch client for every other route.
 */
export function createPwguardClient({ baseUrl, apiKey, fetch }: PwguardClientOptions) {
  const raw = createClient<paths>({
    baseUrl,
    headers: { authorization: `Bearer ${apiKey}` },
    ...(fetch ? { fetch } : {}),
  })
  return {
    raw,
    async checkPassword(body: PasswordCheckRequest): Promise<PasswordCheckResult> {
      const { data, error, response } = await raw.POST('/v1/passwords/check', { body })
      if (data) return data
      throw new PwguardApiError(response.status, asProblem(error))
    },
    /** 201 → the account; 422 (password refused, `problem.violations`) and 409 → a Refusal. */
    async createAccount(
      body: CreateAccountRequest,
    ): Promise<{ ok: true; account: Account } | Refusal> {
      const { data, error, response } = await raw.POST('/v1/accounts', { body })
      if (data) return { ok: true, account: data }
      return refusalOrThrow(response.status, error, [409, 422])
    },
    /** 200 → LoginOk; 401 → `{ ok: false }` (unknown account and wrong password alike); 429 → Refusal. */
    async login(body: LoginRequest): Promise<LoginOk | { ok: false } | Refusal> {
      const { data, error, response } = await raw.POST('/v1/login', { body })
      if (data) return data
      if (response.status === 401) return { ok: false }
      return refusalOrThrow(response.status, error, [429])
    },
    /** 204 → `{ ok: true }`; 401 (wrong current password or token) and 422 → a Refusal. */
    async changePassword(
      externalId: string,
      body: ChangePasswordRequest,
    ): Promise<{ ok: true } | Refusal> {
      const { error, response } = await raw.POST('/v1/accounts/{externalId}/password', {
        params: { path: { externalId } },
        body,
      })
      if (response.status === 204) return { ok: true }
      return refusalOrThrow(response.status, error, [401, 422])
    },
    /** `{valid, scheme, needsRehash, newHash?}`; 422 (unrecognised hash) → a Refusal. */
    async verifyHash(body: VerifyHashRequest): Promise<VerifyHashResult | Refusal> {
      const { data, error, response } = await raw.POST('/v1/hashes/verify', { body })
      if (data) return data
      return refusalOrThrow(response.status, error, [422])
    },
  }
}

export type PwguardClient = ReturnType<typeof createPwguardClient>

function refusalOrThrow(status: number, error: unknown, expected: number[]): Refusal {
  const problem = asProblem(error)
  if (expected.includes(status) && problem) return { ok: false, status, problem }
  throw new PwguardApiError(status, problem)
}

function asProblem(error: unknown): Problem | null {
  return typeof error === 'object' && error !== null && 'code' in error ? (error as Problem) : null
}
