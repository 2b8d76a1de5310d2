/** oidc-provider ships no types (the DefinitelyTyped ones lag its majors); the tests use a small part of it. */
declare module 'oidc-provider' {
  const Provider: new (issuer: string, configuration: unknown) => {
    use(middleware: (ctx: any, next: () => Promise<void>) => Promise<void>): void;
    callback(): (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void;
  };
  export default Provider;
}
