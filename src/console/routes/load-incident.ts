import type { Context } from 'hono'
import type { IncidentStore } from '../../store/ports/incident-store.js'
import type { ConsoleEnv } from '../console-env.js'

/** The signed-in tenant's incident named in the path, or null (others' incidents: 404). */
export async function loadIncident(c: Context<ConsoleEnv>, incidents: Pick<IncidentStore, 'find'>) {
  const id = c.req.param('id') ?? ''
  if (!/^inc_[A-Za-z0-9_-]{1,64}$/.test(id)) return null
  return incidents.find(c.get('actor').tenant.id, id)
}
