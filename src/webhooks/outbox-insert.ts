/*
 * The event to queue (`outboxEvent`, for `stores.outbox.enqueue`) and, for modules not yet on
 * store ports (incidents, breach policy), the SQLite batch item that queues it in the same
 * batch as their change. Ported code never needs the latter: the port method queues the event.
 */
export { outboxEvent, type OutboxEventInput } from './outbox-event.js'
export { outboxInsert } from '../store/sqlite/sqlite-outbox-insert.js'
