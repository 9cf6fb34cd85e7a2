import type { Tenant } from './tenant-store.js'

/** The contact point an Art. 33(3)(b) report names (usually the DPO). */
export interface TenantContact {
  name: string
  email: string
  phone?: string
}

/** The stored form of a contact point (`stores.tenantSettings.update(id, {contact})`). */
export const contactColumn = (contact: TenantContact) => ({ contact: JSON.stringify(contact) })

/** The stored contact, or null when none was set (or it is unreadable). */
export function tenantContact(tenant: Pick<Tenant, 'contact'>): TenantContact | null {
  if (!tenant.contact) return null
  try {
    const parsed = JSON.parse(tenant.contact) as Partial<TenantContact>
    if (typeof parsed.name !== 'string' || typeof parsed.email !== 'string') return null
    return {
      name: parsed.name,
      email: parsed.email,
      ...(typeof parsed.phone === 'string' && { phone: parsed.phone }),
    }
  } catch {
    return null
  }
}
