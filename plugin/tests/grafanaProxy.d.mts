export declare const AUTH_FAILED_TEXT: string;
export declare function proxiedResponse<T>(status: number, body: T): { status: number; body: T | string };
export declare function proxiedFailure(error: unknown): { status: number; body: string };
