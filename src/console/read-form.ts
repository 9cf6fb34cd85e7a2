import type { HonoRequest } from 'hono'
import type { BodyData, ParseBodyOptions } from 'hono/utils/body'
import { ProblemError } from '../http/problem.js'

/**
 * The console's one way to read a posted form. A body that claims `multipart/form-data` but
 * is not (no boundary, a cut-off part) makes the platform's FormData parser throw; that is the
 * sender's fault, so it answers 400 `bad_request` instead of reaching the error handler as a
 * 500. A body over its limit still answers 413: the error handler checks the meter first.
 */
export async function readForm<Options extends Partial<ParseBodyOptions> = Record<never, never>>(
  req: HonoRequest,
  options?: Options,
): Promise<BodyData<Options>> {
  try {
    return await req.parseBody<Options, BodyData<Options>>(options)
  } catch (error) {
    if (error instanceof ProblemError) throw error
    throw new ProblemError({
      status: 400,
      code: 'bad_request',
      title: 'Bad request',
      detail: 'The form body could not be read.',
    })
  }
}
