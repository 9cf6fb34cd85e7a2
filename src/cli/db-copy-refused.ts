/** `pwguard db copy` will not start (or not finish): the message says why and what to do. */
export class DbCopyRefused extends Error {
  override name = 'DbCopyRefused'
}
