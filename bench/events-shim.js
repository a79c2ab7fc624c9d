/**
 * A minimal Node `events` EventEmitter for PouchDB 9 in the sync benchmark's
 * page (bench/pouch-page.ts): pouchdb-browser imports 'events', which the
 * browser build does not provide. Methods sit on the prototype as plain
 * (enumerable) functions, as in Node's, since PouchDB copies them by
 * Object.keys onto its constructor. Never part of the app.
 */
export default function EventEmitter() {
  this._events = new Map();
}
const P = EventEmitter.prototype;
const list = (ee, type) => {
  if (!ee._events) ee._events = new Map();
  let l = ee._events.get(type);
  if (!l) { l = []; ee._events.set(type, l); }
  return l;
};
P.on = function on(type, fn) {
  if (this._events?.has('newListener')) this.emit('newListener', type, fn);
  list(this, type).push(fn);
  return this;
};
P.addListener = P.on;
P.prependListener = function prependListener(type, fn) { list(this, type).unshift(fn); return this; };
P.once = function once(type, fn) {
  function wrapper(...args) { this.removeListener(type, wrapper); return fn.apply(this, args); }
  wrapper.listener = fn;
  return this.on(type, wrapper);
};
P.removeListener = function removeListener(type, fn) {
  const l = this._events?.get(type);
  if (!l) return this;
  const i = l.findIndex((f) => f === fn || f.listener === fn);
  if (i >= 0) l.splice(i, 1);
  if (l.length === 0) this._events.delete(type);
  if (this._events.has('removeListener')) this.emit('removeListener', type, fn);
  return this;
};
P.off = P.removeListener;
P.removeAllListeners = function removeAllListeners(type) {
  if (!this._events) return this;
  if (type === undefined) this._events.clear();
  else this._events.delete(type);
  return this;
};
P.emit = function emit(type, ...args) {
  const l = this._events?.get(type);
  if (!l || l.length === 0) {
    if (type === 'error') throw args[0] instanceof Error ? args[0] : new Error(`Unhandled error: ${String(args[0])}`);
    return false;
  }
  for (const fn of [...l]) fn.apply(this, args);
  return true;
};
P.listeners = function listeners(type) { return (this._events?.get(type) ?? []).map((f) => f.listener ?? f); };
P.listenerCount = function listenerCount(type) { return this._events?.get(type)?.length ?? 0; };
P.setMaxListeners = function setMaxListeners() { return this; };
P.getMaxListeners = function getMaxListeners() { return Infinity; };
P.eventNames = function eventNames() { return [...(this._events?.keys() ?? [])]; };
EventEmitter.listenerCount = (ee, type) => ee.listenerCount(type);
EventEmitter.EventEmitter = EventEmitter;
