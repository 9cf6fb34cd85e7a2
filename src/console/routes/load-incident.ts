import type { Context } from 'hono'
import { findIncident } from '../../store/sqlite/sqlite-incident-reads.js'
import type { Database } from '../../store/database.js'
import type { ConsoleEnv } from '../console-env.js'

/** The signed-in tenant's incident named in the path, or null (others' incidents: 404). */
export async function loadIncident(c: Context<ConsoleEnv>, db: Database) {
  const id = c.req.param('id') ?? ''
  if (!/^inc_[A-Za-z0-9_-]{1,64}$/.test(id)) return null
  return findIncident(db, c.get('actor').tenant.id, id)
}
