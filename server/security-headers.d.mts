/** Types for server/security-headers.mjs. */
export declare const CSP_DIRECTIVES: Readonly<Record<string, string>>;
export declare function contentSecurityPolicy(directives?: Readonly<Record<string, string>>): string;
export declare const SECURITY_HEADERS: Readonly<Record<string, string>>;
export declare const DEV_SECURITY_HEADERS: Readonly<Record<string, string>>;
