/**
 * A minimal stand-in for `@pulumi/pulumi`'s types, enough for simple programs and config reads to
 * type-check. It is dropped as soon as the engine's real SDK declarations (`getEditorTypings`) are
 * registered; until then, or with an engine that cannot serve them, it keeps the editor from flagging
 * every component with "Cannot find module '@pulumi/pulumi'".
 */
export const PULUMI_AMBIENT_TYPES = `declare module '@pulumi/pulumi' {
  export type Input<T> = T | Promise<T> | Output<T>;
  export type Inputs = Record<string, Input<unknown>>;

  export interface Output<T> {
    apply<U>(func: (value: T) => Input<U>): Output<U>;
  }

  export function output<T>(value: Input<T>): Output<T>;
  export function secret<T>(value: Input<T>): Output<T>;
  export function interpolate(literals: TemplateStringsArray, ...placeholders: Input<unknown>[]): Output<string>;
  export function all<T extends readonly unknown[]>(values: T): Output<{ [K in keyof T]: T[K] extends Input<infer U> ? U : never }>;
  export function getStack(): string;
  export function getProject(): string;

  export class Config {
    constructor(name?: string);
    readonly name: string;
    get(key: string): string | undefined;
    require(key: string): string;
    getNumber(key: string): number | undefined;
    requireNumber(key: string): number;
    getBoolean(key: string): boolean | undefined;
    requireBoolean(key: string): boolean;
    getObject<T>(key: string): T | undefined;
    requireObject<T>(key: string): T;
    getSecret(key: string): Output<string> | undefined;
    requireSecret(key: string): Output<string>;
  }

  export interface ResourceOptions {
    parent?: Resource;
    dependsOn?: Input<Resource> | Input<Input<Resource>[]>;
    protect?: boolean;
  }

  export abstract class Resource {
    readonly urn: Output<string>;
  }

  export class ComponentResource<TData = unknown> extends Resource {
    constructor(type: string, name: string, args?: Inputs, opts?: ResourceOptions);
    protected registerOutputs(outputs?: Inputs | Promise<Inputs> | Output<Inputs>): void;
  }
}
`;
