// One error type for the whole server: a stable code, an HTTP status, and a translated message for guests.
export interface ErrorSpec {
  status: number;
  /** i18n key of the guest-facing message, `<namespace>:errors.<CODE>` */
  key: string;
}

const catalog = new Map<string, ErrorSpec>();

/** Registers a capability's error codes. Each code must have `errors.<CODE>` in the namespace in every language. */
export function defineErrors<const T extends Record<string, number>>(ns: string, codes: T): { [K in keyof T]: K } {
  const out = {} as { [K in keyof T]: K };
  for (const [code, status] of Object.entries(codes)) {
    if (catalog.has(code) && catalog.get(code)!.key !== `${ns}:errors.${code}`) throw new Error(`error code ${code} defined twice`);
    catalog.set(code, { status, key: `${ns}:errors.${code}` });
    (out as Record<string, string>)[code] = code;
  }
  return out;
}

export function errorCatalog(): ReadonlyMap<string, ErrorSpec> {
  return catalog;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: Record<string, unknown>;
  constructor(code: string, message?: string, opts: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message ?? code, { cause: opts.cause });
    const spec = catalog.get(code);
    if (!spec) throw new Error(`unknown error code ${code}`);
    this.name = 'AppError';
    this.code = code;
    this.status = spec.status;
    this.details = opts.details;
  }
  get key(): string {
    return catalog.get(this.code)!.key;
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

/** Configuration and data-file errors stop start-up; they name the file, line and field. */
export class ConfigError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly field?: string;
  constructor(message: string, file?: string, line?: number, field?: string, opts: { cause?: unknown } = {}) {
    super(ConfigError.format(message, file, line, field), opts);
    this.file = file;
    this.line = line;
    this.field = field;
    this.name = 'ConfigError';
  }
  static format(message: string, file?: string, line?: number, field?: string): string {
    const where = [file, line !== undefined ? `line ${line}` : undefined].filter(Boolean).join(':').replace(':line ', ':');
    return `${where ? where + ': ' : ''}${field ? field + ': ' : ''}${message}`;
  }
}
