// One error type for the whole server: a stable code, an HTTP status, and a translated message for guests.
// A code is a type: `defineErrors` returns a capability's codes, `AppError` accepts only such a code (a string
// literal does not compile), and each capability hands its codes to the app on its `Capability` (`errors`), where
// `errorCatalog` checks them once (one meaning per code, a message in every language).

declare const errorCodeBrand: unique symbol;
/** A code defined by `defineErrors`; its status and message key travel with it. */
export type ErrorCode<K extends string = string> = K & { readonly [errorCodeBrand]: true };
export type ErrorSet<T extends Record<string, number> = Record<string, number>> = { readonly [K in keyof T & string]: ErrorCode<K> };

export interface ErrorSpec {
  code: string;
  status: number;
  /** i18n key of the guest-facing message, `<namespace>:errors.<CODE>` */
  key: string;
}

// What defineErrors defined (the definition itself, not a registry): a code's status and key for AppError.
const defined = new Map<string, ErrorSpec>();

/** A capability's error codes. Each code needs `errors.<CODE>` in the namespace in every language. */
export function defineErrors<const T extends Record<string, number>>(ns: string, codes: T): ErrorSet<T> {
  const out: Record<string, string> = {};
  for (const [code, status] of Object.entries(codes)) {
    const key = `${ns}:errors.${code}`;
    if (defined.has(code) && defined.get(code)!.key !== key) throw new Error(`error code ${code} defined twice`);
    defined.set(code, { code, status, key });
    out[code] = code;
  }
  return Object.freeze(out) as ErrorSet<T>;
}

/** The specs of the given error sets, checked: a code defined once, every message present (`has` is the i18n lookup). */
export function errorCatalog(sets: readonly (ErrorSet | undefined)[], has?: (key: string) => boolean): ErrorSpec[] {
  const out = new Map<string, ErrorSpec>();
  for (const set of sets)
    for (const code of Object.values(set ?? {})) {
      const spec = defined.get(code)!;
      if (out.has(code) && out.get(code)!.key !== spec.key) throw new Error(`error code ${code} defined twice`);
      if (has && !has(spec.key)) throw new Error(`error code ${code} has no message ${spec.key}`);
      out.set(code, spec);
    }
  return [...out.values()];
}

export interface AppErrorOptions {
  cause?: unknown;
  /** machine-readable facts for API clients, sent inside `error` (e.g. `{ detail: 'which field is wrong' }`) */
  details?: Record<string, unknown>;
  /** more top-level fields of a JSON answer (e.g. the outcome of a disconnect beside its error) */
  body?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly key: string;
  readonly details?: Record<string, unknown>;
  readonly body?: Record<string, unknown>;
  constructor(code: ErrorCode, message?: string, opts: AppErrorOptions = {}) {
    super(message ?? code, { cause: opts.cause });
    const spec = defined.get(code);
    if (!spec) throw new Error(`unknown error code ${code}`);
    this.name = 'AppError';
    this.code = code;
    this.status = spec.status;
    this.key = spec.key;
    this.details = opts.details;
    this.body = opts.body;
  }
}

export const PlatformErrors = defineErrors('common', {
  NOT_FOUND: 404,
  BAD_REQUEST: 400,
  CSRF_INVALID: 403,
  RATE_LIMITED: 429,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  INTERNAL: 500,
});

/** Where a configuration or data-file error is: each part optional, all named in the message. */
export interface ConfigErrorOptions {
  file?: string;
  line?: number;
  field?: string;
  cause?: unknown;
}

/** Configuration and data-file errors stop start-up; they name the file, line and field. */
export class ConfigError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly field?: string;
  constructor(message: string, opts: ConfigErrorOptions = {}) {
    super(ConfigError.format(message, opts.file, opts.line, opts.field), { cause: opts.cause });
    this.file = opts.file;
    this.line = opts.line;
    this.field = opts.field;
    this.name = 'ConfigError';
  }
  static format(message: string, file?: string, line?: number, field?: string): string {
    const where = [file, line !== undefined ? `line ${line}` : undefined].filter(Boolean).join(':').replace(':line ', ':');
    return `${where ? where + ': ' : ''}${field ? field + ': ' : ''}${message}`;
  }
}
