import { ProblemError } from './problem.js'

/**
 * The problems a request body can cause, each built here only: the body meter, the upload
 * runner, the validation hook and the error handler all answer with these.
 */

/** 413: the body crossed its limit; a bulk upload adds the batches it `committed`. */
export const payloadTooLarge = (extensions?: Record<string, unknown>) =>
  new ProblemError({
    status: 413,
    code: 'payload_too_large',
    title: 'Payload too large',
    detail: 'The request body exceeds the size limit for this endpoint.',
    extensions,
  })

/** 400: the body is there but is not JSON. */
export const malformedJson = () =>
  new ProblemError({
    status: 400,
    code: 'invalid_json',
    title: 'Malformed JSON',
    detail: 'The request body is not valid JSON.',
  })

/** 400: a JSON route got no body at all; nothing was written. */
export const bodyRequired = () =>
  new ProblemError({
    status: 400,
    code: 'body_required',
    title: 'Body required',
    detail:
      'This endpoint needs a JSON body (Content-Type: application/json); nothing was changed.',
  })
