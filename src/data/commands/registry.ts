/**
 * The one way to declare a data command (in the spirit of Actual Budget's
 * typed handlers): a name, the permission it needs, its input validation
 * and its check-then-write section. `defineCommand` is the only way to get a
 * callable command, and it always runs, in this order, inside the exclusive
 * section (one writer per database, across tabs: `exclusive` in ./context.ts):
 *   1. the permission check (the acting staff member, or the staff member
 *      who authorised this one action in place, must be active and allowed),
 *   2. the input validation (pure, no database),
 *   3. the command's own section (`run`).
 * A refusal at 1 or 2 returns the command's `forbidden` / validation error
 * and writes nothing. Every command is registered under its name, so a
 * test can walk them all with every role (test/data/permissions.test.ts).
 *
 * Adding a command: `export const doX = defineCommand({ name: 'doX',
 * permission: 'someAction', forbidden: ..., run: async (db, input, ctx, rules) => ... })`.
 * Do not call `exclusive` from a command file (a test scans for it).
 */
import { can, type Action, type Staff } from '../../domain/staff';
import { DEFAULT_RULES, type Rules } from '../../domain/rules';
import type { FrontDeskDatabase } from '../database';
import { exclusive, type CommandContext, type CommandResult } from './context';

export interface CommandSpec<I, T, E> {
  /** Unique across the data layer. */
  name: string;
  /** What the acting (or authorising) staff member must be allowed to do. */
  permission: Action;
  /** Further actions this input needs (e.g. a check-in that also enrols). */
  alsoNeeds?: (input: I) => readonly Action[];
  /** What the command answers when the permission check refuses. */
  forbidden: E;
  /** Pure checks of the input, before anything is read: an error, or null when fine. */
  validate?: (input: I) => E | null;
  /**
   * When true, the permission check is skipped. Only for setting up a
   * device that has no staff yet (the first staff member); declared here so
   * the exemption is visible and tested.
   */
  exemptWhen?: (db: FrontDeskDatabase) => Promise<boolean>;
  /** The check-then-write section. Runs only after the checks above passed. */
  run: (db: FrontDeskDatabase, input: I, ctx: CommandContext, rules: Rules) => Promise<CommandResult<T, E>>;
}

export interface Command<I, T, E> {
  (db: FrontDeskDatabase, input: I, ctx: CommandContext, rules?: Rules): Promise<CommandResult<T, E>>;
  readonly commandName: string;
  readonly permission: Action;
}

/** What the registry keeps of a command, for the permission walk. */
export interface RegisteredCommand {
  name: string;
  permission: Action;
  /** Every action this input needs (the permission and any `alsoNeeds`). */
  actionsFor(input: unknown): readonly Action[];
  /** The error the command answers when refused. */
  forbidden: unknown;
  invoke(db: FrontDeskDatabase, input: unknown, ctx: CommandContext): Promise<CommandResult<unknown, unknown>>;
}

const registry = new Map<string, RegisteredCommand>();

export function registeredCommands(): RegisteredCommand[] {
  return [...registry.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export interface Permitted {
  /** The staff member acting (signed in on the tablet). */
  staff: Staff;
  /** The staff member who authorised this one action in place, when the acting one could not. */
  authorisedBy: Staff | null;
}

async function activeStaff(db: FrontDeskDatabase, id: string | undefined): Promise<Staff | null> {
  if (!id) return null;
  const doc = await db.staff.findOne(id).exec();
  return doc && doc.active ? (doc.toJSON() as Staff) : null;
}

/**
 * The permission check every command runs: all `actions` must be allowed to
 * the acting staff member, or else to the authorising one (ctx.authorisedBy,
 * e.g. a manager's PIN entered in place). The acting staff member must exist
 * and be active either way: an authorisation vouches for one action of a
 * signed-in clerk, not for an anonymous tablet.
 */
export async function checkPermission(db: FrontDeskDatabase, ctx: CommandContext, actions: readonly Action[]): Promise<Permitted | null> {
  const staff = await activeStaff(db, ctx.staffId);
  if (!staff) return null;
  if (actions.every((a) => can(staff.role, a))) return { staff, authorisedBy: null };
  const authoriser = ctx.authorisedBy && ctx.authorisedBy !== staff.id ? await activeStaff(db, ctx.authorisedBy) : null;
  if (authoriser && actions.every((a) => can(authoriser.role, a))) return { staff, authorisedBy: authoriser };
  return null;
}

export function defineCommand<I, T, E>(spec: CommandSpec<I, T, E>): Command<I, T, E> {
  if (registry.has(spec.name)) throw new Error(`Command [${spec.name}] is declared twice.`);
  const actionsFor = (input: I): readonly Action[] => [spec.permission, ...(spec.alsoNeeds?.(input) ?? [])];
  const command = (db: FrontDeskDatabase, input: I, ctx: CommandContext, rules: Rules = DEFAULT_RULES): Promise<CommandResult<T, E>> =>
    exclusive(db, async () => {
      const exempt = spec.exemptWhen ? await spec.exemptWhen(db) : false;
      if (!exempt && !(await checkPermission(db, ctx, actionsFor(input)))) return { ok: false, error: spec.forbidden };
      const invalid = spec.validate?.(input) ?? null;
      if (invalid !== null) return { ok: false, error: invalid };
      return spec.run(db, input, ctx, rules);
    });
  registry.set(spec.name, {
    name: spec.name,
    permission: spec.permission,
    actionsFor: (input) => actionsFor(input as I),
    forbidden: spec.forbidden,
    invoke: (db, input, ctx) => command(db, input as I, ctx),
  });
  return Object.assign(command, { commandName: spec.name, permission: spec.permission });
}
