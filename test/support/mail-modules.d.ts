/** The few parts of smtp-server and mailparser the tests use (neither ships types). */
declare module 'smtp-server' {
  export interface SMTPServerOptions {
    authOptional?: boolean;
    disabledCommands?: string[];
    logger?: boolean;
    onData?(stream: NodeJS.ReadableStream, session: unknown, callback: (error?: Error | null) => void): void;
  }
  export class SMTPServer {
    constructor(options: SMTPServerOptions);
    listen(port: number, host: string, callback?: () => void): void;
    close(callback?: () => void): void;
    server: { address(): { port: number } };
  }
}
declare module 'mailparser' {
  export interface ParsedMail {
    subject?: string;
    text?: string;
    html?: string | false;
    messageId?: string;
    to?: { text: string };
    from?: { text: string };
  }
  export function simpleParser(source: NodeJS.ReadableStream | Buffer | string): Promise<ParsedMail>;
}
