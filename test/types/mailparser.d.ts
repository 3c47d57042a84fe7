// mailparser ships no types; the parts the tests read (https://nodemailer.com/extras/mailparser/).
declare module 'mailparser' {
  export interface AddressObject {
    text: string;
    value: { address?: string; name: string }[];
  }
  export interface Attachment {
    filename?: string;
    contentType: string;
    content: Buffer;
    size: number;
  }
  export interface ParsedMail {
    subject?: string;
    text?: string;
    html?: string | false;
    from?: AddressObject;
    to?: AddressObject | AddressObject[];
    replyTo?: AddressObject;
    messageId?: string;
    headers: Map<string, unknown>;
    attachments: Attachment[];
  }
  export function simpleParser(source: Buffer | string | NodeJS.ReadableStream): Promise<ParsedMail>;
}
